//! Command-line syntax (clap). Nothing here leaks past the CLI module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// salesim: compare sales-management strategies (performance management vs
/// incentives) by simulating how reps respond, week by week, with honest
/// uncertainty.
#[derive(Debug, Parser)]
#[command(name = "salesim", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  salesim run scenarios/mature_scaled_team.toml\n  salesim run mature_scaled_team --replications 500 --format json\n  salesim report mature_scaled_team --out report\n  salesim demo pressure\n  salesim init mature_scaled_team my_team.toml\n  salesim check my_team.toml\n  salesim calibrate --targets docs/calibration/example.toml\n  salesim list\n\nExit status: 0 success, 2 bad input or usage, 1 other failure."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run every strategy of a scenario and compare them with the baseline.
    Run(RunArgs),
    /// Validate a scenario and summarise it without running it.
    Check(CheckArgs),
    /// List the bundled scenarios.
    List,
    /// Combine shard files written by `run --shard K/N --out DIR` into one result.
    Merge(MergeArgs),
    /// Run the stylized-fact battery: does the model behave as research says people do?
    Validate(ValidateArgs),
    /// Run a scenario and write a self-contained HTML report with charts (SVG and PNG).
    Report(ReportArgs),
    /// Classroom demo: a small built-in experiment, a chart and an explanation.
    Demo(DemoArgs),
    /// Sweep levers of one strategy over a grid or a Latin hypercube, against the baseline.
    Sweep(SweepArgs),
    /// Pareto fronts and the best choice under attrition/burnout limits, for a
    /// scenario's strategies or a finished sweep (its sweep.json).
    Pareto(ParetoArgs),
    /// Search levers of one strategy for the most profitable mix within limits.
    Optimize(OptimizeArgs),
    /// Rank behavioural and market assumptions by how much they move an output
    /// (Morris elementary effects or Sobol indices).
    Sensitivity(SensitivityArgs),
    /// Fit behavioural, market or team parameters to target statistics (attrition,
    /// quota attainment, ramp...) by simulated moments, with standard errors,
    /// a fit table, an over-identification test and an identifiability check.
    Calibrate(CalibrateArgs),
    /// Write an editable copy of a bundled scenario, to start a scenario of your own.
    Init(InitArgs),
    /// List every scenario key with its type, range, default and meaning, or
    /// print the scenario file's JSON Schema (--schema) for editors.
    Keys(KeysArgs),
    /// Print the shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print the manual page, or write one page per command with --out.
    Man(ManArgs),
}

/// `salesim init`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  salesim init mature_scaled_team\n  salesim init startup_innovation my_startup.toml"
)]
pub struct InitArgs {
    /// The bundled scenario to copy (`salesim list` shows them).
    pub scenario: String,
    /// File to write [default: NAME.toml in the current directory].
    pub file: Option<PathBuf>,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// `salesim keys`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  salesim keys\n  salesim keys --format json\n  salesim keys --schema > scenario.schema.json\n\n\
The schema lets an editor complete keys and flag out-of-range values while you type: start a scenario \
file with `#:schema ./scenario.schema.json` (taplo, Even Better TOML); see docs/scenarios.md."
)]
pub struct KeysArgs {
    /// Output format of the key list.
    #[arg(long, value_enum, default_value_t = DocFormatArg::Table)]
    pub format: DocFormatArg,
    /// Print the JSON Schema of a scenario file instead (the same as docs/scenario.schema.json).
    #[arg(long, conflicts_with = "format")]
    pub schema: bool,
}

/// `salesim completions`.
#[derive(Debug, Args)]
#[command(after_help = "Examples (then source the file, or copy it where your shell loads completions, e.g. \
~/.local/share/bash-completion/completions/salesim or a directory on zsh's fpath as _salesim):\n  \
salesim completions bash > salesim.bash\n  salesim completions zsh > _salesim")]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// `salesim man`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples (read a page with `man -l salesim.1`):\n  salesim man > salesim.1\n  salesim man --out man/"
)]
pub struct ManArgs {
    /// Write `salesim.1` and one `salesim-COMMAND.1` per command into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Sensitivity method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    /// Morris elementary effects (mu*, sigma): cheap screening of many parameters.
    Morris,
    /// Sobol first- and total-order indices with Saltelli sampling: variance shares, costlier.
    Sobol,
}

/// `salesim sensitivity`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  salesim sensitivity mature_scaled_team --strategy balanced\n  salesim sensitivity mature_scaled_team --strategy balanced \\\n      --objective profit --vs pressure_led --method sobol --samples 32 \\\n      --vary behavior.adaptation_rate,behavior.crowding_out --vary behavior.quit_rate=0.05:0.3\n\n\
Levers and outcomes are named as in sweep and optimize: --vary KEY or KEY=LO:HI (docs/analysis.md, \
\"Naming levers and outcomes\")."
)]
pub struct SensitivityArgs {
    /// Scenario file, or the name of a bundled scenario.
    pub scenario: String,
    /// Strategy whose output is measured.
    #[arg(long, value_name = "NAME")]
    pub strategy: String,
    /// What to measure, by the metric catalogue's name: profit_lift_pct (default),
    /// lift_pct (revenue), or a metric such as attrition_pct, burnout_pct or profit.
    #[arg(long, value_name = "OUTCOME", conflicts_with = "output")]
    pub objective: Option<String>,
    /// Deprecated spelling of --objective (lift, attrition, gap).
    #[arg(long, hide = true, value_name = "NAME")]
    pub output: Option<String>,
    /// Compare with this strategy instead: a lift is taken against it rather than
    /// the baseline, a metric becomes the difference (strategy minus NAME).
    #[arg(long, value_name = "NAME")]
    pub vs: Option<String>,
    /// Estimator.
    #[arg(long, value_enum, default_value_t = MethodArg::Morris)]
    pub method: MethodArg,
    /// An assumption to vary: KEY (scanned over its scenario value x (1 +- --spread),
    /// or its [[uncertain]] range) or KEY=LO:HI; repeat, or separate by commas
    /// [default: every numeric [behavior] and [market] key].
    #[arg(long, value_name = "KEY[=LO:HI]")]
    pub vary: Vec<String>,
    /// Deprecated spelling of --vary.
    #[arg(long, hide = true, value_name = "KEY,KEY,...")]
    pub params: Vec<String>,
    /// A bare KEY is scanned over its scenario value x (1 +- SPREAD), within its allowed range.
    #[arg(long, value_name = "SPREAD", default_value_t = 0.2)]
    pub spread: f64,
    /// Morris trajectories.
    #[arg(long, value_name = "R", default_value_t = 8)]
    pub trajectories: usize,
    /// Morris grid levels (even).
    #[arg(long, value_name = "P", default_value_t = 4)]
    pub levels: usize,
    /// Sobol base samples N (cost N x (parameters + 2) evaluations).
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub samples: usize,
    /// Replications per model evaluation (common random numbers across evaluations).
    #[arg(long, short = 'r', value_name = "N", default_value_t = 8)]
    pub replications: u64,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Also write sensitivity.csv, sensitivity.json and the bar chart (sensitivity.svg, sensitivity.png) here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite results already in --out.
    #[arg(long)]
    pub force: bool,
    /// Output on stdout: table, json or csv (one row per parameter, as sensitivity.csv).
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `salesim optimize`.
#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  salesim optimize mature_scaled_team --strategy balanced \\\n      --vary performance.quota_difficulty=0.8:1.6 --vary performance.monitoring \\\n      --vary incentives.wellbeing \\\n      --objective profit_lift_pct --max-attrition 20 --budget 3000 --out opt\n\n\
Levers and outcomes are named as in sweep and sensitivity (docs/analysis.md, \"Naming levers and outcomes\")."
)]
pub struct OptimizeArgs {
    /// Scenario file, or the name of a bundled scenario.
    pub scenario: String,
    /// Strategy whose levers are searched (its other levers stay as written).
    #[arg(long, value_name = "NAME")]
    pub strategy: String,
    /// A lever to search: KEY (its whole allowed range) or KEY=LO:HI (a STEPS
    /// part is ignored: the search is not a grid); repeat, or separate by commas.
    #[arg(long, value_name = "KEY[=LO:HI]", required_unless_present = "levers")]
    pub vary: Vec<String>,
    /// Deprecated spelling of --vary.
    #[arg(long, hide = true, value_name = "KEY,KEY,...")]
    pub levers: Vec<String>,
    /// What to maximise, by the metric catalogue's name: profit_lift_pct or lift_pct (revenue).
    #[arg(long, value_name = "OUTCOME", default_value = "profit_lift_pct")]
    pub objective: String,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Strategy runs to spend in all (candidates, baseline and comparison runs).
    #[arg(long, value_name = "RUNS", default_value_t = 3000)]
    pub budget: u64,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Also write best_strategy.toml, trace.csv and optimize.json here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite results already in --out.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Limits on attrition and burnout.
#[derive(Debug, Args)]
pub struct LimitArgs {
    /// Highest acceptable attrition: all exits per year, % of mean headcount
    /// (attrition_pct); a strategy or point meets it when its mean over the
    /// replications is at most PCT.
    #[arg(long, value_name = "PCT")]
    pub max_attrition: Option<f64>,
    /// Highest acceptable burnout, % of rep-weeks (burnout_pct; mean over replications).
    #[arg(long, value_name = "PCT")]
    pub max_burnout: Option<f64>,
}

/// Sweep design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DesignArg {
    /// Every combination of levels of one to three levers.
    Grid,
    /// Latin hypercube over any number of levers (--points N).
    Lhs,
}

/// `salesim sweep`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  salesim sweep mature_scaled_team --strategy balanced \\\n      --vary performance.quota_difficulty=0.8:1.6:9 --vary performance.monitoring=0.2:1.0:9\n  salesim sweep mature_scaled_team --strategy balanced --design lhs --points 60 \\\n      --vary performance.quota_difficulty --vary incentives.commission_rate=0.03:0.12 \\\n      --vary incentives.wellbeing --out lhs\n  salesim sweep mature_scaled_team --strategy balanced \\\n      --vary performance.monitoring=0.2:1.0:9 --max-points 4 --out grid\n  salesim sweep mature_scaled_team --strategy balanced \\\n      --vary performance.monitoring=0.2:1.0:9 --resume --out grid"
)]
pub struct SweepArgs {
    /// Scenario file, or the name of a bundled scenario.
    pub scenario: String,
    /// Strategy whose levers vary (as named in the scenario).
    #[arg(long, value_name = "NAME")]
    pub strategy: Option<String>,
    /// A lever and its range: KEY=LO:HI:STEPS for a grid, KEY=LO:HI or KEY (its
    /// whole allowed range) for a Latin hypercube. Repeat, or separate by commas;
    /// optimize and sensitivity take the same --vary.
    #[arg(long, value_name = "KEY=LO:HI:STEPS")]
    pub vary: Vec<String>,
    /// Grid (one to three levers) or Latin hypercube.
    #[arg(long, value_enum, default_value_t = DesignArg::Grid)]
    pub design: DesignArg,
    /// Points of a Latin hypercube.
    #[arg(long, value_name = "N", default_value_t = 50)]
    pub points: usize,
    /// Run the `[[sweep]]` of the scenario file with this name (default: its only or first one, when no --vary is given).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Replications per point [default: the [[sweep]]'s, else 50].
    #[arg(long, short = 'r', value_name = "N")]
    pub replications: Option<u64>,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Output directory [default: sweep-SCENARIO-STRATEGY].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite a sweep already in --out.
    #[arg(long)]
    pub force: bool,
    /// Continue the sweep in --out, skipping finished points.
    #[arg(long, conflicts_with = "force")]
    pub resume: bool,
    /// Run at most N new points now, then stop (resume later with --resume).
    #[arg(long, value_name = "N")]
    pub max_points: Option<usize>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Output on stdout: table (the recommendation), json (the whole document) or csv (one row per point, as sweep.csv).
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `salesim pareto`.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  salesim pareto mature_scaled_team --max-attrition 20 --out pareto-mature\n  salesim pareto sweep-mature_scaled_team-balanced/sweep.json --max-attrition 18 --max-burnout 0.5"
)]
pub struct ParetoArgs {
    /// Scenario file or bundled name (its strategies are run), or a sweep.json written by `salesim sweep`.
    pub input: String,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Replications per strategy when running a scenario [default: the scenario's, else 200].
    #[arg(long, short = 'r', value_name = "N")]
    pub replications: Option<u64>,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// table (the recommendation) or json.
    #[arg(long, value_enum, default_value_t = DocFormatArg::Table)]
    pub format: DocFormatArg,
    /// Also write pareto.json and the Pareto scatter (pareto.svg, pareto.png) here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite results already in --out.
    #[arg(long)]
    pub force: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Aligned table with a one-line reading.
    Table,
    /// One JSON object (schema in docs/outputs.md).
    Json,
    /// One CSV row per strategy.
    Csv,
}

/// Output format of a command that has no CSV form (a document, not rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormatArg {
    /// Aligned text with a one-line reading.
    Table,
    /// One JSON object (schema in docs/outputs.md).
    Json,
}

/// Options shared by commands that print results.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Also write results.json, summary.csv and weekly.csv to this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite results already in --out.
    #[arg(long)]
    pub force: bool,
}

/// `salesim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file, or the name of a bundled scenario (see `salesim list`).
    pub scenario: String,
    /// Replications per strategy [default: the scenario's, else 200].
    #[arg(long, short = 'r', value_name = "N")]
    pub replications: Option<u64>,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Run only shard K of N (1-based) of the replications; with --out, writes a
    /// shard file for `salesim merge`. `--shard slurm` takes this Slurm array
    /// task's shard from SLURM_ARRAY_TASK_ID/MIN/MAX/STEP/COUNT; without
    /// --shard the Slurm variables are ignored.
    #[arg(long, value_name = "K/N|slurm")]
    pub shard: Option<String>,
    /// Give each strategy independent random streams (no common random numbers).
    #[arg(long)]
    pub no_crn: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print throughput (rep-weeks per second), wall time and the instruction
    /// set of the lane-wise kernels to stderr (SALESIM_ISA=baseline|avx2|avx512
    /// picks a narrower one; results are the same with each).
    #[arg(long)]
    pub stats: bool,
    /// Also write the HTML report and its charts to this directory.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
    /// Run even when the experiment is beyond the documented limits on
    /// rep-weeks or memory (`salesim check` shows the estimate).
    #[arg(long)]
    pub allow_large: bool,
    /// Highest acceptable attrition: all exits per year, % of mean headcount
    /// (attrition_pct). As everywhere, names the most profitable strategy whose
    /// mean over the replications meets it; run also counts, per replication
    /// (sampled world), the most profitable strategy among those within it there.
    #[arg(long, value_name = "PCT")]
    pub max_attrition: Option<f64>,
    /// With --out, also write `replications.csv`: one row per replication and
    /// strategy with every metric, the paired lifts and the values drawn for
    /// the uncertain parameters (streamed, so memory stays flat).
    #[arg(long, requires = "out")]
    pub per_replication: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `salesim report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Scenario file, or the name of a bundled scenario (see `salesim list`).
    pub scenario: String,
    /// Directory for report.html and the charts.
    #[arg(long, value_name = "DIR", default_value = "report")]
    pub out: PathBuf,
    /// Overwrite a report already in --out.
    #[arg(long)]
    pub force: bool,
    /// Replications per strategy [default: the scenario's, else 200].
    #[arg(long, short = 'r', value_name = "N")]
    pub replications: Option<u64>,
    /// Master seed [default: the scenario's, else 42].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Run even when the experiment is beyond the documented limits on
    /// rep-weeks or memory (`salesim check` shows the estimate).
    #[arg(long)]
    pub allow_large: bool,
    /// Limits the best strategy must meet (as in `pareto` and `sweep`).
    #[command(flatten)]
    pub limits: LimitArgs,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Classroom demos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoName {
    /// The same bonus, repeated, loses its pull; rotating incentives keep more.
    Fatigue,
    /// Revenue rises then falls as pressure grows; burnout and quits climb.
    Pressure,
    /// Contingent pay under monitoring versus recognition and growth.
    Crowding,
    /// Leaders, contenders and those far behind in a winner-take-all contest.
    Contest,
    /// Quits, vacancies and ramp-up eat revenue.
    Turnover,
}

/// `salesim demo`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  salesim demo pressure\n  \
salesim demo pressure -r 30 --set incentives.quota_bonus=0.3 --out demo-bonus\n\n\
Run again, a demo replaces its own earlier output in --out; files it did not write (or that were changed \
since) are kept unless --force.")]
pub struct DemoArgs {
    /// Which demo.
    #[arg(value_enum)]
    pub name: DemoName,
    /// Directory for the chart (PNG and SVG; GIF with --animate).
    #[arg(long, value_name = "DIR", default_value = "demo")]
    pub out: PathBuf,
    /// Also write an animated GIF of the time series building week by week.
    #[arg(long)]
    pub animate: bool,
    /// Overwrite files in --out that this demo did not write (its own
    /// earlier output is replaced without it).
    #[arg(long)]
    pub force: bool,
    /// Set a lever wherever the demo leaves it open, e.g.
    /// incentives.quota_bonus=0.1 (repeatable; keys as in `salesim keys`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub settings: Vec<String>,
    /// Replications [default: the demo's own, sized to run in seconds].
    #[arg(long, short = 'r', value_name = "N")]
    pub replications: Option<u64>,
    /// Master seed.
    #[arg(long, short = 's', value_name = "S", default_value_t = 2026)]
    pub seed: u64,
}

/// `salesim check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario file, or the name of a bundled scenario.
    pub scenario: String,
}

/// `salesim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard files (from `run --shard K/N --out DIR`).
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `salesim calibrate`.
#[derive(Debug, Args)]
#[command(after_help = "The targets file names a base scenario and today's plan, the targets (a moment, its value, \
standard error and source) and the free parameters with bounds; docs/calibration.md describes it and the \
method (simulated moments on fixed common random numbers, Nelder-Mead from several starts, sandwich standard \
errors, J test, identifiability).\n\nExamples:\n  salesim calibrate examples/team/team.toml --out my_team\n  \
salesim calibrate examples/team/team.toml \\\n      --crm examples/team/synthetic_crm_export.csv --out my_team_crm\n  \
salesim calibrate --targets docs/calibration/example.toml\n  \
salesim calibrate --targets docs/calibration/example.toml \\\n      --budget 100 --replications 30 --out fitted\n\n\
Moments: voluntary_attrition_pct, involuntary_attrition_pct, quota_attainment_pct, revenue_per_rep_year, \
revenue_cv, last_two_weeks_share_pct, ramp_months, cost_of_sales_pct.\n\n\
Exit status: 0 fitted, 1 interrupted (the best point so far is reported) or failed, 2 bad input.")]
pub struct CalibrateArgs {
    /// Team figures file (TOML): the figures you know about your team and today's plan
    /// (docs/calibration.md, "Your own team").
    #[arg(value_name = "TEAMFILE", conflicts_with = "targets", required_unless_present = "targets")]
    pub team: Option<PathBuf>,
    /// A CRM export (CSV, one row per rep per period) whose moments replace the figures
    /// it measures.
    #[arg(long, value_name = "FILE.csv", requires = "team")]
    pub crm: Option<PathBuf>,
    /// Target file (TOML): [base], [[target]] and [[parameter]] tables.
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// Simulated evaluations to spend in all (search from every start, and 2 per
    /// parameter for the standard errors).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub budget: usize,
    /// Starts of the simplex search (the base scenario's values, then a Halton design).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub starts: usize,
    /// Replications per evaluation, the same ones every time [default: the file's, else 40].
    #[arg(long, short = 'r', value_name = "R")]
    pub replications: Option<u64>,
    /// Master seed of the fixed common random numbers [default: the file's, else the scenario's].
    #[arg(long, short = 's', value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Also write calibration.json and fitted_behavior.toml (--targets) or scenario.toml
    /// (TEAMFILE) to this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite results already in --out.
    #[arg(long)]
    pub force: bool,
    /// Output format on stdout: table or json.
    #[arg(long, value_enum, default_value_t = DocFormatArg::Table)]
    pub format: DocFormatArg,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// `salesim validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// A TOML file with a `[behavior]` table to check instead of the default calibration.
    #[arg(long, value_name = "FILE")]
    pub behavior: Option<PathBuf>,
    /// Replications per experiment.
    #[arg(long, short = 'r', value_name = "N", default_value_t = 200)]
    pub replications: u64,
    /// Master seed.
    #[arg(long, short = 's', value_name = "S", default_value_t = 20_260_101)]
    pub seed: u64,
    /// Worker threads [default: all cores].
    #[arg(long, short = 't', value_name = "T")]
    pub threads: Option<usize>,
    /// Output format: table, json or csv (one row per check).
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Perturbed worlds (behavioural parameters not set by a calibration
    /// target each scaled by U(0.7, 1.3)); 0 skips them.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub perturb: usize,
    /// Replications per experiment in each perturbed world [default: a fifth of --replications, at least 2].
    #[arg(long, value_name = "N")]
    pub perturb_replications: Option<u64>,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}
