//! `salesim calibrate TEAMFILE [--crm FILE.csv] [--out DIR]`: fit a team's
//! own figures (or its CRM export), print the fit table and a plain
//! verdict, and write the fitted team as a scenario (`docs/calibration.md`,
//! "Your own team").

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use salesim::calibrate::bootstrap::{RESAMPLES, bootstrap};
use salesim::calibrate::choose::{Dropped, candidates, identifiable, single_history_se};
use salesim::calibrate::crm::read_csv;
use salesim::calibrate::fit::FitSettings;
use salesim::calibrate::fitted::scenario_toml;
use salesim::calibrate::targets::{DEFAULT_REPLICATIONS, Target};
use salesim::calibrate::team::TeamFile;
use salesim::calibrate::verdict::verdict;
use salesim::calibrate::{Moment, Problem, Statistic};
use salesim::config::text::escape;
use salesim::experiment::Executor;
use salesim::experiment::provenance::Provenance;
use salesim::report::calibration::team_fingerprint;
use serde_json::json;

use super::CliError;
use super::args::{CalibrateArgs, DocFormatArg};
use super::calibrate::{fit_with_progress, table};

/// Files written to `--out`.
pub const TEAM_FILES: [&str; 2] = ["scenario.toml", "calibration.json"];

/// Fewest weeks simulated for a CRM export (a year: attrition and ramp need it).
const MIN_CRM_WEEKS: u32 = 52;

fn name_of(p: &Path) -> String {
    escape(&p.display().to_string()).into_owned()
}

/// The targets from a CRM export: every moment it supports, with bootstrap
/// standard errors; the figures fill in the rest. Returns the targets and
/// the export's window in weeks.
/// Targets, whether each was measured on the export (one history), and the
/// export's window in weeks.
type CrmTargets = (Vec<Target>, Vec<bool>, u32);

fn crm_targets(path: &Path, figures: Vec<Target>, team: &mut TeamFile) -> Result<CrmTargets, CliError> {
    let file = name_of(path);
    if !path.exists() {
        return Err(CliError::Input(format!("{file}: no such file")));
    }
    let export = read_csv(path).map_err(|e| CliError::Input(format!("{file}: {e}")))?;
    for issue in &export.issues {
        errln!("warning: {file}: {issue}");
    }
    errln!(
        "{file}: {} rows of {} reps over {} weeks from {} used{}",
        export.rows_used,
        export.reps,
        export.records.weeks,
        salesim::calibrate::dates::iso(export.origin),
        if export.issues.is_empty() { String::new() } else { format!("; {} warnings above", export.issues.len()) }
    );
    let measured = bootstrap(&export.records, &Moment::ALL, RESAMPLES);
    let mut targets = Vec::new();
    let mut from_history = Vec::new();
    for m in Moment::ALL {
        if let Some(x) = measured.iter().find(|x| x.moment == m && x.se > 0.0) {
            if figures.iter().any(|f| f.statistic.moment() == Some(m)) {
                errln!("note: {} is measured from {file}; the team file's figure is not used", m.info().id);
            }
            targets.push(Target {
                statistic: Statistic::Moment(m),
                value: x.value,
                se: x.se,
                source: format!("{file} ({} reps; bootstrap se over reps, {} resamples)", export.reps, x.resamples),
            });
            from_history.push(true);
        } else if let Some(f) = figures.iter().find(|f| f.statistic.moment() == Some(m)) {
            targets.push(f.clone());
            from_history.push(false);
        }
    }
    if team.headcount.is_none() && export.records.weeks > 0 {
        let mean = (export.records.rep_weeks() / f64::from(export.records.weeks)).round().max(1.0) as u32;
        let mut raw = team.scenario.to_raw();
        raw.team.size = mean.max(raw.team.team_size);
        team.scenario = salesim::config::validate::validate(raw).map_err(|e| CliError::Input(e.to_string()))?;
    }
    let weeks = export.records.weeks.div_ceil(13) * 13;
    Ok((targets, from_history, weeks.max(MIN_CRM_WEEKS)))
}

/// Runs `salesim calibrate TEAMFILE` (see the module documentation).
pub fn calibrate_team(a: CalibrateArgs) -> Result<i32, CliError> {
    let Some(path) = a.team.clone() else { return Err(CliError::Input("no team file".into())) };
    let file = name_of(&path);
    if !path.exists() {
        return Err(CliError::Input(format!("{file}: no such file")));
    }
    let mut team = TeamFile::from_file(&path, &file).map_err(|e| CliError::Input(e.to_string()))?;
    for w in &team.warnings {
        errln!("warning: {file}: {w}");
    }
    let figures = team.targets(&file);
    let (targets, from_history, weeks) = match &a.crm {
        Some(csv) => {
            let (t, h, w) = crm_targets(csv, figures, &mut team)?;
            (t, h, Some(w))
        }
        None => (figures, Vec::new(), None),
    };
    if let Some(w) = weeks {
        let mut raw = team.scenario.to_raw();
        raw.scenario.weeks = w;
        team.scenario = salesim::config::validate::validate(raw).map_err(|e| CliError::Input(e.to_string()))?;
    }
    if targets.is_empty() {
        return Err(CliError::Input(format!(
            "{file}: no figure to fit: add outcome figures under [figures] (voluntary_attrition_pct, pct_at_quota, \
             revenue_per_rep, ...) or give --crm FILE.csv"
        )));
    }
    let replications = super::replications_of(a.replications.or(team.replications).unwrap_or(DEFAULT_REPLICATIONS), 2)?;
    if a.starts == 0 {
        return Err(CliError::Input("--starts must be at least 1".into()));
    }
    let threads = super::threads_of(a.threads)?;
    let set = a.out.as_deref().map(|dir| super::run::claim(dir, &TEAM_FILES, a.force)).transpose()?;
    let seed = a.seed.or(team.seed).unwrap_or(team.scenario.experiment.seed);
    let moments: Vec<Moment> = targets.iter().filter_map(|t| t.statistic.moment()).collect();
    let (parameters, mut dropped) = candidates(&team.scenario, 0, &moments);
    let mut problem = Problem { scenario: team.scenario.clone(), strategy: 0, targets, parameters, replications };
    let executor = Executor::new(seed)
        .threads(threads)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .cancel_on(super::signals::cancel_flag());
    let started = Instant::now();
    if !a.quiet {
        errln!("calibrate: checking which of {} parameters the figures identify ...", problem.parameters.len());
    }
    if from_history.contains(&true) && single_history_se(&mut problem, &from_history, &executor).is_none() {
        errln!("Interrupted before the fit started; nothing was written.");
        return Ok(1);
    }
    let Some(unidentified) = identifiable(&mut problem, &executor) else {
        errln!("Interrupted before the fit started; nothing was written.");
        return Ok(1);
    };
    dropped.extend(unidentified);
    if problem.parameters.is_empty() {
        return Err(CliError::Input(format!(
            "{file}: none of the default free parameters can be identified by these figures:\n{}",
            dropped_lines(&dropped)
        )));
    }
    let settings = FitSettings { budget: a.budget, starts: a.starts, start: None };
    // Fit; when the check at the fit flags parameters, leave them at their
    // defaults and fit the rest again.
    let fit = loop {
        let Some(fit) = fit_with_progress(&problem, &executor, &settings, a.quiet, &file)? else {
            return Ok(1);
        };
        let flagged: Vec<String> = fit.identifiability.as_ref().map_or(Vec::new(), |i| i.not_identified.clone());
        if fit.interrupted || flagged.is_empty() || flagged.len() == problem.parameters.len() {
            break fit;
        }
        let base = problem.base_values();
        for key in &flagged {
            let Some(j) = problem.parameters.iter().position(|p| p.key() == key) else { continue };
            let fp = &fit.parameters[j];
            let reason = match fp.se {
                Some(se) => format!(
                    "not identified at the fit: its standard error ({se:.3}) is more than half its bound width ({:.3})",
                    fp.upper - fp.lower
                ),
                None => "not identified at the fit: a flat direction of the targets".into(),
            };
            dropped.push(Dropped { key: key.clone(), value: base[j], reason });
            problem.parameters.remove(j);
        }
        if !a.quiet {
            errln!("calibrate: {} not identified at the fit; fitting the others again", flagged.join(", "));
        }
    };
    let mut fit = fit;
    if from_history.contains(&true) && !fit.interrupted {
        // Targets from one history are correlated: sandwich standard errors.
        let theta: Vec<f64> = fit.parameters.iter().map(|p| p.value).collect();
        if let Some(cov) = salesim::calibrate::sandwich::moment_covariance(&problem, &theta, &executor) {
            salesim::calibrate::sandwich::apply(&mut fit, &problem, &cov, &from_history);
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let plan = team.scenario.strategies[0].name.clone();
    let verdict = verdict(&fit);
    let mut doc = json!({
        "schema_version": 1,
        "kind": "team_calibration",
        "provenance": Provenance::new(&team.name, &std::fs::read(&path).unwrap_or_default(), seed, replications),
        "team_file": file,
        "crm": a.crm.as_deref().map(name_of),
        "team": team.name,
        "strategy": plan,
        "weeks": team.scenario.meta.weeks,
        "team_size": team.scenario.team.size,
        "starts": a.starts,
        "elapsed_s": elapsed,
        "verdict": verdict,
        "not_fitted": dropped,
        "figure_names": fit
            .table
            .iter()
            .filter_map(|r| Some((r.moment.as_str(), salesim::calibrate::verdict::plain_name(Moment::from_id(&r.moment)?))))
            .collect::<std::collections::BTreeMap<_, _>>(),
        "fit": fit,
    });
    let s = &team.scenario;
    let heading = format!(
        "Calibration of {} (today's plan \"{plan}\", {} reps, {} weeks)",
        escape(&team.name),
        s.team.size,
        s.meta.weeks
    );
    match a.format {
        DocFormatArg::Json => outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default()),
        DocFormatArg::Table => {
            out!("{}", table(&fit, &heading, a.starts, elapsed));
            if !dropped.is_empty() {
                outln!("Left at the calibrated defaults (not fitted):\n{}", dropped_lines(&dropped));
            }
            outln!("\nVerdict: {verdict}.");
        }
    }
    if fit.interrupted {
        errln!("Interrupted: the best point after {} evaluations is shown, without standard errors.", fit.evaluations);
    }
    if let Some(set) = set {
        let theta: Vec<f64> = fit.parameters.iter().map(|p| p.value).collect();
        let mut fitted = problem.scenario_at(&theta).map_err(|e| CliError::Failure(e.to_string()))?;
        fitted.meta.description = format!("{} calibrated by salesim from {file}: {verdict}.", team.name);
        let mut header = vec![
            format!(
                "{}: calibrated by `salesim calibrate {file}{}`.",
                team.name,
                match &a.crm {
                    Some(c) => format!(" --crm {}", name_of(c)),
                    None => String::new(),
                }
            ),
            format!("Verdict: {verdict}."),
            format!(
                "{} evaluations x {} replications, seed {}{}. Fit table and standard errors: calibration.json.",
                fit.evaluations,
                fit.replications,
                fit.seed,
                if fit.interrupted { "; INTERRUPTED: the best point before the stop" } else { "" }
            ),
            "Fitted keys with a standard error are uncertain assumptions (normal: fitted value, standard error):"
                .into(),
            "`salesim run` draws one plausible version of your team per replication.".into(),
        ];
        for d in &dropped {
            header.push(format!("Not fitted: {} = {} ({}).", d.key, d.value, d.reason));
        }
        let text = scenario_toml(&fitted, &fit, &header).map_err(CliError::Failure)?;
        // What a report of the written scenario checks before it shows the fit
        // (`report::calibration`): the file's hash and the fitted team's fingerprint.
        let written = salesim::config::Scenario::from_toml_str(&text)
            .map_err(|e| CliError::Failure(format!("the written scenario does not load: {e}")))?;
        doc["scenario_file"] = json!(TEAM_FILES[0]);
        doc["scenario_hash"] = json!(salesim::config::scenario_hash(text.as_bytes()));
        doc["team_fingerprint"] = json!(team_fingerprint(&written, &plan));
        let dir = set.dir().to_path_buf();
        let files =
            [(TEAM_FILES[0], text.into_bytes()), (TEAM_FILES[1], serde_json::to_vec_pretty(&doc).unwrap_or_default())];
        set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!(
            "wrote {}; next: add your own [[strategy]] tables to {} and `salesim run` it",
            TEAM_FILES.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", "),
            dir.join(TEAM_FILES[0]).display()
        );
    }
    Ok(if fit.interrupted { 1 } else { 0 })
}

fn dropped_lines(dropped: &[Dropped]) -> String {
    let mut out = String::new();
    for d in dropped {
        let _ = writeln!(out, "  {} = {}: {}", d.key, d.value, d.reason);
    }
    out.trim_end().to_string()
}
