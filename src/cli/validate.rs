//! `salesim validate`: the stylized-fact battery as a table or JSON.

use salesim::config::{ConfigError, ScenarioError};
use salesim::experiment::executor::Executor;
use salesim::validate::{FactResult, ValidationOptions, run_battery};

use super::CliError;
use super::args::{FormatArg, ValidateArgs};

pub fn validate(a: ValidateArgs) -> Result<i32, CliError> {
    super::replications_of(a.replications, 2)?;
    let behavior = match &a.behavior {
        None => None,
        Some(path) => Some(read_behavior(path)?),
    };
    let executor =
        Executor::new(a.seed).threads(super::threads_of(a.threads)?).map_err(|e| CliError::Failure(e.to_string()))?;
    let opts = ValidationOptions { replications: a.replications, executor, behavior };
    let file = a.behavior.as_ref().map_or("<built-in>".to_string(), |p| p.display().to_string());
    let facts = run_battery(&opts).map_err(|error| CliError::Input(ScenarioError { file, error }.to_string()))?;
    let all_pass = facts.iter().all(FactResult::pass);
    match a.format {
        FormatArg::Json => {
            let doc = serde_json::json!({
                "schema_version": 1,
                "replications": a.replications,
                "seed": a.seed,
                "all_pass": all_pass,
                "facts": facts.iter().map(|f| serde_json::json!({
                    "id": f.id, "fact": f.fact, "source": f.source, "pass": f.pass(), "checks": f.checks,
                })).collect::<Vec<_>>(),
            });
            outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        }
        _ => out!("{}", table(&facts, &opts)),
    }
    Ok(if all_pass { 0 } else { 1 })
}

/// Reads `[behavior]` from a TOML file (the whole file may also be just the keys).
fn read_behavior(path: &std::path::Path) -> Result<toml::Table, CliError> {
    let file = path.display().to_string();
    let err = |error: ConfigError| CliError::Input(ScenarioError { file: file.clone(), error }.to_string());
    let bytes = salesim::config::load::read_capped(path, salesim::config::load::MAX_FILE_BYTES).map_err(err)?;
    let text = String::from_utf8(bytes).map_err(|_| err(ConfigError::Io("the file is not UTF-8 text".into())))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| salesim::config::load::line_column(&text, s.start)).unwrap_or((1, 1));
        err(ConfigError::Syntax { line, column, message: e.message().to_string() })
    })?;
    match table.get("behavior") {
        Some(toml::Value::Table(b)) => Ok(b.clone()),
        Some(_) => Err(err(ConfigError::WrongType {
            key_path: "behavior".into(),
            message: "expected a table".into(),
            line: None,
            column: None,
        })),
        None => Ok(table),
    }
}

fn table(facts: &[FactResult], opts: &ValidationOptions) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Validation battery: {} replications per experiment, seed {}{}\n",
        opts.replications,
        opts.executor.seed(),
        if opts.behavior.is_some() { ", custom [behavior]" } else { ", default calibration" }
    );
    for f in facts {
        let _ = writeln!(out, "[{}] {}  ({})", if f.pass() { "PASS" } else { "FAIL" }, f.fact, f.id);
        let _ = writeln!(out, "       source: {}", f.source);
        for c in &f.checks {
            let ci = match c.measured.ci95 {
                [Some(lo), Some(hi)] => format!("{:.3} [{:.3}, {:.3}]", c.measured.mean, lo, hi),
                _ => format!("{:.3}", c.measured.mean),
            };
            let _ = writeln!(
                out,
                "       {} {:<70} expected {:<14} measured {}",
                if c.pass { "ok  " } else { "FAIL" },
                c.claim,
                c.expected,
                ci
            );
        }
        out.push('\n');
    }
    let passed = facts.iter().filter(|f| f.pass()).count();
    let _ = writeln!(out, "{passed} of {} facts pass.", facts.len());
    out
}
