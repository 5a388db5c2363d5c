//! The command-line glue: parse arguments, call the library, map errors to exit
//! codes (0 success, 2 bad input or usage, 1 other failure).

/// `println!` that never panics: a closed pipe (`salesim list | head -1`) just
/// ends the output.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` counterpart of [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics when stderr is closed.
macro_rules! errln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod args;
mod calibrate;
mod calibrate_team;
mod check;
mod demo;
mod init;
mod keys;
mod list;
mod merge;
mod optimize;
mod pareto;
mod report;
mod run;
mod sensitivity;
mod shell;
mod signals;
mod sweep;
mod terminal;
mod validate;

use std::fmt;
use std::path::Path;

use clap::{CommandFactory, FromArgMatches};
use salesim::config::{Scenario, ScenarioError};
use salesim::report::Format;

use args::{Cli, Command, FormatArg};

/// A failure with its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad input or usage: exit 2.
    Input(String),
    /// Anything else: exit 1.
    Failure(String),
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            CliError::Failure(_) => 1,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Input(m) | CliError::Failure(m) => f.write_str(m),
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// Parses the command line, runs the command and returns the exit code.
pub fn main() -> i32 {
    terminal::apply_colour_choice();
    let parsed =
        Cli::command().color(terminal::clap_colour()).try_get_matches().and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    if let Some(warning) = salesim::sim::kernels::Isa::env_warning() {
        errln!("warning: {warning}");
    }
    let result = match cli.command {
        Command::Run(a) => run::run(a),
        Command::Check(a) => check::check(a),
        Command::List => list::list(),
        Command::Merge(a) => merge::merge(a),
        Command::Validate(a) => validate::validate(a),
        Command::Report(a) => report::report(a),
        Command::Demo(a) => demo::demo(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Pareto(a) => pareto::pareto(a),
        Command::Optimize(a) => optimize::optimize(a),
        Command::Sensitivity(a) => sensitivity::sensitivity(a),
        Command::Calibrate(a) => calibrate::calibrate(a),
        Command::Init(a) => init::init(a),
        Command::Keys(a) => keys::keys(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Messages quote names, keys and paths from files that may come
            // from someone else: no control character reaches the terminal raw.
            errln!("Error: {}", salesim::config::text::escape_with(&e.to_string(), true));
            e.code()
        }
    }
}

/// Loads a scenario from a path, or from the bundled set when no such file exists.
pub fn load_scenario(spec: &str) -> Result<(Scenario, String), CliError> {
    let path = Path::new(spec);
    if !path.exists()
        && let Some(b) = salesim::bundled::find(spec)
    {
        let s = Scenario::from_toml_str(b.text)
            .map_err(|error| ScenarioError { file: format!("<bundled {}>", b.name), error })?;
        return Ok((s, b.text.to_string()));
    }
    if !path.exists() {
        let names: Vec<&str> = salesim::bundled::BUNDLED.iter().map(|b| b.name).collect();
        // Compare the file stem too, so `scenarios/mature_scaled_tem.toml` finds
        // `mature_scaled_team` as well as `mature_scaled_tem` does.
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or(spec);
        let hint = salesim::config::error::closest(stem, names.iter().copied())
            .map(|n| format!("; did you mean the bundled scenario `{n}`?"))
            .unwrap_or_else(|| format!("; bundled scenarios: {}", names.join(", ")));
        return Err(CliError::Input(format!("{spec}: no such file{hint}")));
    }
    let file = salesim::config::text::escape(spec).into_owned();
    Ok(Scenario::from_file_named(path, file)?)
}

/// Prints the plausibility warnings of `scenario` (named `spec`) on stderr
/// and refuses it (exit 2) when a finding is an error
/// (`salesim::plausibility`); returns the warnings, for a command that also
/// writes them into its output.
pub fn plausibility_gate(scenario: &Scenario, spec: &str) -> Result<Vec<String>, CliError> {
    use salesim::plausibility::{Severity, check};
    let name = salesim::config::text::escape(spec);
    let findings = check(scenario);
    let warnings: Vec<String> =
        findings.iter().filter(|f| f.severity == Severity::Warning).map(|f| f.to_string()).collect();
    for w in &warnings {
        errln!("warning: {name}: {w}");
    }
    let errors: Vec<String> =
        findings.iter().filter(|f| f.severity == Severity::Error).map(|f| format!("{name}: {f}")).collect();
    if errors.is_empty() { Ok(warnings) } else { Err(CliError::Input(errors.join("\n"))) }
}

/// Prints the one-line note of a deprecated spelling on stderr (it still works).
pub fn deprecated(old: &str, new: &str) {
    errln!("note: {old} is deprecated and will be removed; write {new}");
}

/// The levers named by `--vary` (and the command's deprecated flag `old_flag`,
/// with its note), in the one grammar of `salesim::analysis::levers`.
pub fn levers_of(
    vary: &[String],
    old: &[String],
    old_flag: &str,
    kind: salesim::analysis::levers::LeverKind,
) -> Result<Vec<salesim::analysis::levers::LeverSpec>, CliError> {
    if !old.is_empty() {
        deprecated(old_flag, "--vary KEY[=LO:HI] (repeatable, or comma-separated)");
    }
    let flag = if vary.is_empty() { old_flag } else { "--vary" };
    let all: Vec<String> = vary.iter().chain(old).cloned().collect();
    salesim::analysis::levers::parse_levers(&all, kind).map_err(|m| CliError::Input(format!("{flag}: {m}")))
}

/// Largest shard file `merge` reads: 4 GiB (a shard of 3,000 strategies over
/// 1,040 weeks is about 1.5 GiB).
pub const MAX_SHARD_BYTES: u64 = 4 << 30;

/// Largest other JSON input (a sweep.json for `pareto`, a sweep's header).
pub const MAX_JSON_BYTES: u64 = 1 << 30;

/// Reads at most `max` bytes of a file given on the command line (exit 2 when
/// it cannot be read or is larger).
pub fn read_capped(path: &Path, max: u64) -> Result<Vec<u8>, CliError> {
    salesim::config::load::read_capped(path, max)
        .map_err(|e| CliError::Input(format!("{}: {e}", salesim::config::text::escape(&path.display().to_string()))))
}

/// Worker threads asked for on the command line: at least 1, and at most
/// [`MAX_THREADS_PER_CORE`](salesim::experiment::cost::MAX_THREADS_PER_CORE)
/// per core (more are cut back with a warning: they only add overhead, and
/// results do not depend on the thread count).
pub fn threads_of(threads: Option<usize>) -> Result<Option<usize>, CliError> {
    use salesim::experiment::cost::MAX_THREADS_PER_CORE;
    let Some(t) = threads else { return Ok(None) };
    if t == 0 {
        return Err(CliError::Input("--threads must be at least 1 (leave it out to use all cores)".into()));
    }
    let most = cores() * MAX_THREADS_PER_CORE;
    if t > most {
        errln!(
            "warning: --threads {t} is more than {MAX_THREADS_PER_CORE} per core on this machine ({} cores); using {most}",
            cores()
        );
        return Ok(Some(most));
    }
    Ok(Some(t))
}

/// The machine's cores (1 when unknown).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Checks a `--replications` value against `min` and
/// [`MAX_REPLICATIONS`](salesim::experiment::runner::MAX_REPLICATIONS).
pub fn replications_of(r: u64, min: u64) -> Result<u64, CliError> {
    use salesim::experiment::runner::MAX_REPLICATIONS;
    if !(min..=MAX_REPLICATIONS).contains(&r) {
        return Err(CliError::Input(format!(
            "--replications {r} is out of range: allowed {min} to {MAX_REPLICATIONS}{}",
            if min > 1 { " (intervals need two)" } else { "" }
        )));
    }
    Ok(r)
}

/// Refuses an experiment beyond the documented limits on rep-weeks and memory
/// unless `allow_large` (`--allow-large`); see `salesim::experiment::cost`.
pub fn cost_guard(
    scenario: &Scenario,
    replications: u64,
    threads: Option<usize>,
    allow_large: bool,
) -> Result<(), CliError> {
    use salesim::experiment::cost::{Cost, machine_memory, memory_limit};
    let cost = Cost::of(scenario, replications, threads.unwrap_or_else(cores), cores());
    if let Some(why) = cost.over_limits(memory_limit(machine_memory())) {
        if allow_large {
            errln!("warning: {why}; going ahead (--allow-large)");
            return Ok(());
        }
        return Err(CliError::Input(format!(
            "this experiment is too large to start unconfirmed: {why}. Estimate: {}. \
             Lower --replications, split it with --shard K/N, or confirm with --allow-large \
             (limits in docs/reliability.md)",
            cost.describe()
        )));
    }
    Ok(())
}

/// Library format of a CLI format.
pub fn format_of(f: FormatArg) -> Format {
    match f {
        FormatArg::Table => Format::Table,
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
    }
}

/// Checks limits given on the command line.
pub fn limits_of(a: &args::LimitArgs) -> Result<salesim::analysis::pareto::Limits, CliError> {
    for (flag, v) in [("--max-attrition", a.max_attrition), ("--max-burnout", a.max_burnout)] {
        if let Some(v) = v
            && !(v.is_finite() && v >= 0.0)
        {
            return Err(CliError::Input(format!("{flag} {v}: give a percentage of 0 or more")));
        }
    }
    Ok(salesim::analysis::pareto::Limits { max_attrition: a.max_attrition, max_burnout: a.max_burnout })
}
