//! `salesim validate`: the validation battery as a table, JSON or CSV, grouped
//! into calibration targets, validation facts and model properties, with the
//! share of perturbed worlds in which each fact holds.

use salesim::config::{ConfigError, ScenarioError};
use salesim::experiment::executor::Executor;
use salesim::experiment::provenance::Provenance;
use salesim::validate::perturb::{self, Perturbation};
use salesim::validate::{FactResult, Group, ValidationOptions, Verdict, facts, run_validation, summary_line};
use std::io::IsTerminal;

use super::CliError;
use super::args::{FormatArg, ValidateArgs};

pub fn validate(a: ValidateArgs) -> Result<i32, CliError> {
    super::replications_of(a.replications, 2)?;
    let perturb_replications = a.perturb_replications.unwrap_or(perturb::default_replications(a.replications));
    if a.perturb > 0 {
        super::replications_of(perturb_replications, 2)
            .map_err(|e| CliError::Input(e.to_string().replace("--replications", "--perturb-replications")))?;
    }
    if a.perturb > MAX_WORLDS {
        return Err(CliError::Input(format!("--perturb {} is out of range: allowed 0 to {MAX_WORLDS}", a.perturb)));
    }
    let behavior = match &a.behavior {
        None => None,
        Some(path) => Some(read_behavior(path)?),
    };
    let executor = Executor::new(a.seed)
        .threads(super::threads_of(a.threads)?)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .cancel_on(super::signals::cancel_flag());
    let opts = ValidationOptions { replications: a.replications, executor, behavior };
    let perturbation =
        Perturbation { worlds: a.perturb, replications: perturb_replications, ..Perturbation::default() };
    let file = a.behavior.as_ref().map_or("<built-in>".to_string(), |p| p.display().to_string());
    let total = (facts::ALL.len() * (1 + a.perturb)) as u64;
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&super::terminal::progress_template(
                "{bar} {pos}/{len} fact runs  ETA {eta}",
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let results = run_validation(&opts, &perturbation, &tick);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let facts = results.map_err(|error| CliError::Input(ScenarioError { file, error }.to_string()))?;
    if opts.executor.cancelled() {
        // A fact cut short would be judged on fewer replications than asked:
        // nothing is printed rather than a battery that looks whole.
        errln!(
            "Interrupted by {}: the battery stopped before its last fact finished; nothing was printed.",
            super::signals::received().unwrap_or("a stop request")
        );
        return Ok(1);
    }
    let all_pass = facts.iter().all(FactResult::pass);
    match a.format {
        FormatArg::Json => outln!("{}", json(&facts, &a, &perturbation, all_pass)),
        FormatArg::Csv => out!("{}", csv_rows(&facts)),
        FormatArg::Table => out!("{}", table(&facts, &opts, &perturbation)),
    }
    Ok(if all_pass { 0 } else { 1 })
}

/// Most perturbed worlds a run may ask for.
const MAX_WORLDS: usize = 10_000;

fn json(facts: &[FactResult], a: &ValidateArgs, p: &Perturbation, all_pass: bool) -> String {
    let tally = |g: Group| serde_json::to_value(salesim::validate::tally(facts, g)).unwrap_or_default();
    let input = a.behavior.as_ref().and_then(|p| std::fs::read(p).ok());
    let doc = serde_json::json!({
        "schema_version": 2,
        "provenance": Provenance::without_scenario(input.as_deref(), a.seed, a.replications),
        "replications": a.replications,
        "seed": a.seed,
        "perturbation": {
            "worlds": p.worlds,
            "replications": if p.worlds > 0 { Some(p.replications) } else { None },
            "scale": [p.low, p.high],
            "jittered": perturb::jittered_keys(),
            "fixed": perturb::FIXED.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
        },
        "summary": {
            "calibration_targets": tally(Group::CalibrationTarget),
            "validation_facts": tally(Group::ValidationFact),
            "model_properties": tally(Group::ModelProperty),
            "line": summary_line(facts),
        },
        "all_pass": all_pass,
        "facts": facts.iter().map(|f| serde_json::json!({
            "id": f.id, "group": f.group, "fact": f.fact, "source": f.source, "figure": f.figure,
            "verdict": f.verdict(), "pass": f.pass(), "perturbed": f.perturbed, "checks": f.checks,
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn csv_rows(facts: &[FactResult]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "group",
        "fact",
        "fact_verdict",
        "check",
        "basis",
        "expected",
        "mean",
        "ci_low",
        "ci_high",
        "verdict",
        "worlds",
        "worlds_holding",
        "worlds_in_magnitude",
    ]);
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v}"));
    for f in facts {
        let (worlds, holds, magnitude) = f.perturbed.map_or((String::new(), String::new(), String::new()), |s| {
            (s.worlds.to_string(), s.holds.to_string(), s.in_magnitude.to_string())
        });
        for c in &f.checks {
            let _ = w.write_record([
                f.group.label(),
                f.id,
                f.verdict().describe(),
                &c.claim,
                c.basis,
                &c.expected,
                &num(Some(c.measured.mean)),
                &num(c.measured.ci95[0]),
                &num(c.measured.ci95[1]),
                c.verdict.describe(),
                &worlds,
                &holds,
                &magnitude,
            ]);
        }
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
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

fn table(facts: &[FactResult], opts: &ValidationOptions, p: &Perturbation) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Validation battery: {} replications per experiment, seed {}{}",
        opts.replications,
        opts.executor.seed(),
        if opts.behavior.is_some() { ", custom [behavior]" } else { ", default calibration" }
    );
    if p.worlds > 0 {
        let _ = writeln!(
            out,
            "Perturbed worlds: {}, {} replications each; {} behavioural parameters scaled by U({}, {}) ({} fixed)",
            p.worlds,
            p.replications,
            perturb::jittered_keys().len(),
            p.low,
            p.high,
            perturb::FIXED.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(" and ")
        );
    }
    for group in Group::ALL {
        let _ = writeln!(out, "\n== {} ==\n", group.heading());
        for f in facts.iter().filter(|f| f.group == group) {
            let tag = match (group, f.verdict()) {
                (_, Verdict::Fails) => "FAILS",
                (Group::CalibrationTarget, _) => "WITHIN BAND",
                (Group::ModelProperty, _) => "HOLDS",
                (_, Verdict::Magnitude) => "MAGNITUDE",
                (_, Verdict::Direction) => "DIRECTION",
            };
            let _ = writeln!(out, "[{tag}] {}  ({})", f.fact, f.id);
            let _ = writeln!(out, "       source: {}", f.source);
            let _ = writeln!(out, "       figure: {}", f.figure);
            if let Some(s) = f.perturbed {
                let holds = if group == Group::CalibrationTarget { "within band" } else { "holds" };
                let mag = if group == Group::ValidationFact && f.checks.iter().any(|c| c.basis == "magnitude") {
                    format!(", in magnitude in {} of {}", s.in_magnitude, s.worlds)
                } else {
                    String::new()
                };
                let _ = writeln!(out, "       perturbed worlds: {holds} in {} of {}{mag}", s.holds, s.worlds);
            }
            for c in &f.checks {
                let ci = match c.measured.ci95 {
                    [Some(lo), Some(hi)] => format!("{:.3} [{:.3}, {:.3}]", c.measured.mean, lo, hi),
                    _ => format!("{:.3}", c.measured.mean),
                };
                let mark = match c.verdict {
                    Verdict::Magnitude => "mag ",
                    Verdict::Direction => "dir ",
                    Verdict::Fails => "FAIL",
                };
                let _ = writeln!(out, "       {mark} {:<70} expected {:<14} measured {}", c.claim, c.expected, ci);
            }
            out.push('\n');
        }
    }
    let _ = writeln!(out, "{}", summary_line(facts));
    let _ = writeln!(
        out,
        "mag: in the published (or target) band; dir: sign holds on the 95 % interval (no band, or the band missed); FAIL: neither."
    );
    out
}
