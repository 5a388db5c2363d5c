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
mod check;
mod demo;
mod init;
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
mod validate;

use std::fmt;
use std::path::Path;

use clap::Parser;
use salesim::config::{ConfigError, Scenario, ScenarioError};
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
    let cli = match Cli::try_parse() {
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
        Command::Init(a) => init::init(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            errln!("Error: {e}");
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
    let text = std::fs::read(path)
        .map_err(|e| ScenarioError { file: spec.to_string(), error: ConfigError::Io(e.to_string()) })?;
    let scenario = Scenario::from_file(path)?;
    Ok((scenario, String::from_utf8_lossy(&text).into_owned()))
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
