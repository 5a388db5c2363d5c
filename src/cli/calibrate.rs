//! `salesim calibrate`: fit free parameters to target statistics by
//! simulated moments (`salesim::calibrate`, `docs/calibration.md`).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::time::Instant;

use salesim::calibrate::export::fitted_toml;
use salesim::calibrate::fit::{CalibrateError, Fit, FitSettings, Progress, fit};
use salesim::calibrate::targets::DEFAULT_REPLICATIONS;
use salesim::calibrate::{Problem, TargetFile};
use salesim::experiment::Executor;
use salesim::experiment::provenance::Provenance;
use serde_json::json;

use super::CliError;
use super::args::{CalibrateArgs, DocFormatArg};

/// Files `calibrate` writes to `--out`.
pub const CALIBRATE_FILES: [&str; 2] = ["calibration.json", "fitted_behavior.toml"];

/// Fits `problem` with a progress bar (unless `quiet`); `None` when Ctrl-C
/// came before the first evaluation finished (said on stderr). A budget or
/// scenario error is bad input about `file`.
pub(super) fn fit_with_progress(
    problem: &Problem,
    executor: &Executor,
    settings: &FitSettings,
    quiet: bool,
    file: &str,
) -> Result<Option<Fit>, CliError> {
    let mut reporter = Reporter::new(quiet, settings.budget);
    let result = fit(problem, executor, settings, &mut |p: &Progress| reporter.report(p));
    reporter.finish();
    match result {
        Ok(f) => Ok(Some(f)),
        Err(CalibrateError::Interrupted) => {
            errln!("Interrupted before the first evaluation finished; nothing was written.");
            Ok(None)
        }
        Err(e @ (CalibrateError::Budget { .. } | CalibrateError::Scenario(_))) => {
            Err(CliError::Input(format!("{file}: {e}")))
        }
        Err(e) => Err(CliError::Failure(format!("{file}: {e}"))),
    }
}

pub fn calibrate(a: CalibrateArgs) -> Result<i32, CliError> {
    if a.team.is_some() {
        return super::calibrate_team::calibrate_team(a);
    }
    let Some(targets) = a.targets.clone() else {
        return Err(CliError::Input("give a team file (salesim calibrate TEAMFILE) or --targets FILE".into()));
    };
    let file = salesim::config::text::escape(&targets.display().to_string()).into_owned();
    if !targets.exists() {
        return Err(CliError::Input(format!("{file}: no such file")));
    }
    let spec = TargetFile::from_file(&targets, &file)?;
    super::plausibility_gate(&spec.scenario, &file)?;
    let replications = super::replications_of(a.replications.or(spec.replications).unwrap_or(DEFAULT_REPLICATIONS), 2)?;
    if a.starts == 0 {
        return Err(CliError::Input("--starts must be at least 1".into()));
    }
    let threads = super::threads_of(a.threads)?;
    let set = a.out.as_deref().map(|dir| super::run::claim(dir, &CALIBRATE_FILES, a.force)).transpose()?;
    let seed = a.seed.or(spec.seed).unwrap_or(spec.scenario.experiment.seed);
    let strategy_name = spec.scenario.strategies[spec.strategy].name.clone();
    let problem = Problem {
        scenario: spec.scenario.clone(),
        strategy: spec.strategy,
        targets: spec.targets.clone(),
        parameters: spec.parameters.clone(),
        replications,
    };
    let executor = Executor::new(seed)
        .threads(threads)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .cancel_on(super::signals::cancel_flag());
    let settings = FitSettings { budget: a.budget, starts: a.starts, start: None };
    let started = Instant::now();
    let Some(fit) = fit_with_progress(&problem, &executor, &settings, a.quiet, &file)? else {
        return Ok(1);
    };
    let elapsed = started.elapsed().as_secs_f64();
    let doc = json!({
        "schema_version": 1,
        "kind": "calibration",
        "provenance": Provenance::new(
            &spec.scenario_name,
            &std::fs::read(&targets).unwrap_or_default(),
            seed,
            replications
        ),
        "targets_file": file,
        "scenario": spec.scenario_name,
        "strategy": strategy_name,
        "weeks": spec.scenario.meta.weeks,
        "team_size": spec.scenario.team.size,
        "starts": a.starts,
        "elapsed_s": elapsed,
        "fit": fit,
    });
    match a.format {
        DocFormatArg::Json => outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default()),
        DocFormatArg::Table => {
            let s = &spec.scenario;
            let heading = format!(
                "Calibration of {} (today's plan \"{strategy_name}\", {} reps, {} weeks)",
                spec.scenario_name, s.team.size, s.meta.weeks
            );
            out!("{}", table(&fit, &heading, a.starts, elapsed))
        }
    }
    if fit.interrupted {
        errln!(
            "Interrupted by {}: the best point after {} evaluations is shown, without standard errors.",
            super::signals::received().unwrap_or("a stop request"),
            fit.evaluations
        );
    }
    if let Some(set) = set {
        let dir = set.dir().to_path_buf();
        let files = [
            (CALIBRATE_FILES[0], serde_json::to_vec_pretty(&doc).unwrap_or_default()),
            (CALIBRATE_FILES[1], fitted_toml(&fit, &file, &strategy_name).into_bytes()),
        ];
        set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!(
            "wrote {}",
            CALIBRATE_FILES.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(if fit.interrupted { 1 } else { 0 })
}

/// A number with about four significant digits.
fn num(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".into();
    }
    let a = v.abs();
    if a >= 1000.0 {
        format!("{v:.0}")
    } else if a >= 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

/// Progress of a calibration on stderr: a bar on a terminal, otherwise a
/// line at every tenth of the budget; nothing with `--quiet`.
pub struct Reporter {
    bar: Option<indicatif::ProgressBar>,
    lines: bool,
    budget: usize,
    next: usize,
    started: Instant,
}

impl Reporter {
    /// A reporter for `budget` evaluations.
    pub fn new(quiet: bool, budget: usize) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        let bar = (!quiet && terminal).then(|| {
            let bar = indicatif::ProgressBar::new(budget as u64);
            bar.set_style(
                indicatif::ProgressStyle::with_template(&super::terminal::progress_template(
                    "{bar} {pos}/{len} evaluations  best distance {msg}  ETA {eta}",
                ))
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        });
        Reporter { bar, lines: !quiet && !terminal, budget, next: budget.div_ceil(10).max(1), started: Instant::now() }
    }

    /// Hears one evaluation.
    pub fn report(&mut self, p: &Progress) {
        if let Some(b) = &self.bar {
            b.set_position(p.evaluations as u64);
            b.set_message(format!("{:.3}", p.best));
        } else if self.lines && p.evaluations >= self.next {
            errln!(
                "calibrate: {}/{} evaluations, best distance {:.3}, {:.0} s",
                p.evaluations,
                self.budget,
                p.best,
                self.started.elapsed().as_secs_f64()
            );
            self.next += self.budget.div_ceil(10).max(1);
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// The fit table under `heading` (which names the team, plan, size and weeks).
pub fn table(fit: &Fit, heading: &str, starts: usize, elapsed: f64) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{heading} to {} targets with {} free parameters", fit.table.len(), fit.parameters.len());
    let _ = writeln!(
        out,
        "Method: simulated moments on fixed common random numbers ({} replications, seed {}), Nelder-Mead from {} \
         starts; {} evaluations of {}, {elapsed:.1} s{}.\n",
        fit.replications,
        fit.seed,
        starts,
        fit.evaluations,
        fit.budget,
        if fit.interrupted { "; INTERRUPTED" } else { "" }
    );
    let kw = fit.parameters.iter().map(|p| p.key.len()).max().unwrap_or(9).max(9);
    let _ = writeln!(
        out,
        "  {:<kw$}  {:>12}  {:>10}  {:>25}  bounds",
        "parameter", "fitted", "std. error", "95 % interval"
    );
    for p in &fit.parameters {
        let (se, ci) = match (p.se, p.ci95) {
            (Some(se), Some([lo, hi])) => (num(se), format!("[{}, {}]", num(lo), num(hi))),
            _ => ("n/a".to_string(), "n/a".to_string()),
        };
        let _ = writeln!(
            out,
            "  {:<kw$}  {:>12}  {:>10}  {:>25}  [{}, {}]",
            p.key,
            num(p.value),
            se,
            ci,
            num(p.lower),
            num(p.upper)
        );
    }
    let mw = fit.table.iter().map(|r| r.moment.len()).max().unwrap_or(6).max(6);
    let _ = writeln!(
        out,
        "\n  {:<mw$}  {:>22}  {:>32}  {:>6}  unit",
        "target", "target (se)", "simulated [95 % sim. interval]", "z"
    );
    for r in &fit.table {
        let _ = writeln!(
            out,
            "  {:<mw$}  {:>22}  {:>32}  {:>6.2}  {}",
            r.moment,
            format!("{} ({})", num(r.target), num(r.se)),
            format!("{} [{}, {}]", num(r.simulated), num(r.simulated_ci95[0]), num(r.simulated_ci95[1])),
            r.z,
            r.unit
        );
    }
    let _ = writeln!(out, "\nDistance at the fit: {:.3} (sum of squared z).", fit.distance);
    match &fit.j_test {
        Some(j) => {
            let verdict = if j.p_value >= 0.05 {
                "the targets are jointly consistent with the model at the fit"
            } else {
                "the model cannot match all targets at once (p < 0.05): look at the largest |z|"
            };
            let _ = writeln!(
                out,
                "Over-identification: J = {:.3} on {} degree{} of freedom, p = {:.3}: {verdict}.",
                j.statistic,
                j.df,
                if j.df == 1 { "" } else { "s" },
                j.p_value
            );
        }
        None => {
            let _ = writeln!(out, "Over-identification: no test (as many parameters as targets, or more).");
        }
    }
    match &fit.identifiability {
        Some(id) => {
            let sv: Vec<String> = id.singular_values.iter().map(|v| format!("{v:.3}")).collect();
            let _ = writeln!(
                out,
                "Identifiability: singular values of W^1/2 G D (parameters scaled to their bounds) {}; condition number {}.",
                sv.join(", "),
                if id.condition_number.is_finite() { format!("{:.1}", id.condition_number) } else { "infinite".into() }
            );
            if id.not_identified.is_empty() && id.correlated.is_empty() {
                let _ = writeln!(out, "  Every parameter is identified by these targets.");
            }
            for k in &id.not_identified {
                let _ = writeln!(
                    out,
                    "  {k}: not identified by these targets (standard error above half its bound width, or a flat direction)."
                );
            }
            for (x, y, r) in &id.correlated {
                let _ = writeln!(
                    out,
                    "  {x} and {y}: estimates correlate at {r:.2}; the targets pin down a combination, not each."
                );
            }
        }
        None => {
            let _ = writeln!(out, "Identifiability: not computed (interrupted before the Jacobian).");
        }
    }
    out
}
