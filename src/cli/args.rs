//! Command-line syntax (clap). Nothing here leaks past the CLI module.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// salesim: compare sales-management strategies (performance management vs
/// incentives) by simulating how reps respond, week by week, with honest
/// uncertainty.
#[derive(Debug, Parser)]
#[command(name = "salesim", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  salesim run scenarios/mature_scaled_team.toml\n  salesim run mature_scaled_team --replications 500 --format json\n  salesim report mature_scaled_team --out report\n  salesim demo pressure\n  salesim check my_team.toml\n  salesim list\n\nExit status: 0 success, 2 bad input or usage, 1 other failure."
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
    /// shard file for `salesim merge`. Defaults to SLURM_ARRAY_TASK_ID/COUNT when set.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Give each strategy independent random streams (no common random numbers).
    #[arg(long)]
    pub no_crn: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print throughput (rep-weeks per second) and wall time to stderr.
    #[arg(long)]
    pub stats: bool,
    /// Also write the HTML report and its charts to this directory.
    #[arg(long, value_name = "DIR")]
    pub report: Option<PathBuf>,
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
    /// Overwrite files already in --out.
    #[arg(long)]
    pub force: bool,
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
    /// Output format: table or json.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
}
