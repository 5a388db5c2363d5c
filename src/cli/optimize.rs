//! `salesim optimize`: search levers of one strategy for the best mix within limits.

use salesim::sim::Metric;
use std::time::Instant;

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use salesim::analysis::levers::{LeverKind, Vary, edge_warnings};
use salesim::analysis::optimize::{
    FINAL_REPLICATIONS, Objective, OptimizeSettings, optimize as search, strategy_block, trace_csv,
};
use salesim::analysis::pareto::{plain, signed};
use salesim::analysis::plots::optimize_plot;
use salesim::analysis::sweep::fmt_value;
use salesim::experiment::Executor;
use salesim::experiment::provenance::Provenance;
use salesim::report::csv::{Names, header_of, sidecar};
use serde_json::json;

use super::args::OptimizeArgs;
use super::{CliError, limits_of, load_scenario};

/// Files `optimize` writes to `--out`.
/// `trace.csv.meta.json` is the sidecar of `trace.csv` (provenance, units).
pub const OPTIMIZE_FILES: [&str; 6] =
    ["best_strategy.toml", "trace.csv", "optimize.json", "search.svg", "search.png", "trace.csv.meta.json"];

pub fn optimize(a: OptimizeArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let limits = limits_of(&a.limits)?;
    let plausibility = super::plausibility_gate(&scenario, &a.scenario)?;
    let objective = objective_of(&a.objective)?;
    if !scenario.strategies.iter().any(|s| s.name == a.strategy) {
        let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
        let hint = salesim::config::error::closest(&a.strategy, names.iter().copied())
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        return Err(CliError::Input(format!(
            "--strategy {}: no such strategy; {hint}(strategies: {})",
            a.strategy,
            names.join(", ")
        )));
    }
    let named = super::levers_of(&a.vary, &a.levers, "--levers", LeverKind::Strategy)?;
    if named.is_empty() {
        return Err(CliError::Input("nothing to search: give --vary KEY[=LO:HI] (repeatable)".into()));
    }
    if named.iter().any(|l| l.vary.steps.is_some()) {
        errln!("note: STEPS in --vary KEY=LO:HI:STEPS sets the levels of a grid sweep; optimize ignores it");
    }
    let levers: Vec<Vary> = named.into_iter().map(|l| Vary { steps: None, ..l.vary }).collect();
    let threads = super::threads_of(a.threads)?;
    let set = a.out.as_deref().map(|dir| super::run::claim(dir, &OPTIMIZE_FILES, a.force)).transpose()?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let keys: Vec<String> = levers.iter().map(|v| v.lever.key.clone()).collect();
    let settings = OptimizeSettings { strategy: a.strategy.clone(), levers, objective, limits, budget: a.budget };
    let done = Arc::new(AtomicU64::new(0));
    let executor = Executor::new(seed)
        .threads(threads)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .cancel_on(super::signals::cancel_flag())
        .progress(done.clone());
    let progress = (!a.quiet && std::io::stderr().is_terminal())
        .then(|| super::run::spawn_progress(done, a.budget, "strategy runs (budget)"));
    let started = Instant::now();
    let result = search(&scenario, &settings, &executor);
    if let Some((bar, handle)) = progress {
        bar.finish_and_clear();
        let _ = handle.join();
    }
    let Some(r) = result.map_err(CliError::Input)? else {
        let by = super::signals::received().unwrap_or("a signal");
        errln!("Interrupted by {by}: the search was stopped before its final comparison; nothing was written.");
        return Ok(1);
    };
    let edges = edge_warnings(&settings.levers, &r.best_values, EDGE_TOLERANCE);
    for w in &edges {
        errln!("warning: {w}");
    }
    let warnings: Vec<String> = plausibility.into_iter().chain(edges).collect();
    let elapsed = started.elapsed().as_secs_f64();
    let base = scenario.baseline_name();
    let block = strategy_block(&r.best);
    outln!(
        "{}: search over {} levers of \"{}\" for the highest {}{}",
        scenario.meta.name,
        keys.len(),
        a.strategy,
        objective.name(),
        if limits.any() { format!(" with {}", limits.describe()) } else { String::new() }
    );
    outln!(
        "Method: successive halving on common random numbers (explore: strategy as written + Latin hypercube; refine: perturbations of the winner); {} strategy runs, {elapsed:.1} s.",
        r.runs
    );
    outln!();
    let vals: Vec<String> = keys.iter().zip(&r.best_values).map(|(k, v)| format!("{k} = {}", fmt_value(*v))).collect();
    outln!(
        "Best mix found{}: {}",
        if r.best_feasible { "" } else { " (NO mix met the limits; closest shown)" },
        vals.join(", ")
    );
    let s = &r.best_summary;
    outln!(
        "  {} {}, revenue {}, attrition {}, burnout {}  ({FINAL_REPLICATIONS} replications, vs {base})",
        objective.name(),
        signed(&objective.of(s)),
        signed(&s.lift_pct),
        plain(&s[Metric::AttritionPct], "%/yr"),
        plain(&s[Metric::BurnoutPct], "% of rep-weeks"),
    );
    outln!();
    outln!("The scenario's strategies on the same {FINAL_REPLICATIONS} replications:");
    let short = |name: &str| salesim::config::text::clip(name, salesim::config::text::MAX_NAME_CHARS);
    let width = r.bundled.iter().map(|b| short(&b.name).chars().count()).max().unwrap_or(8).max(8);
    for b in &r.bundled {
        outln!(
            "  {:<width$}  {} {:+6.1} %  attrition {:5.1} %/yr  burnout {:5.2} %{}",
            short(&b.name),
            objective.name(),
            objective.of(b).mean,
            b[Metric::AttritionPct].mean,
            b[Metric::BurnoutPct].mean,
            if limits.meets(b) { "" } else { "  (over the limits)" }
        );
    }
    let best_bundled = r
        .bundled
        .iter()
        .filter(|b| limits.meets(b))
        .max_by(|x, y| objective.of(x).mean.total_cmp(&objective.of(y).mean));
    if let Some(b) = best_bundled {
        outln!(
            "Best bundled strategy within the limits: {} ({:+.1} %); the optimised mix gains {:+.1} points.",
            b.name,
            objective.of(b).mean,
            objective.of(s).mean - objective.of(b).mean
        );
    }
    outln!();
    outln!("Ready to paste into the scenario file:");
    outln!();
    outln!("{}", block.trim_end());
    if let Some(set) = set {
        let dir = set.dir().to_path_buf();
        // Candidates climb rungs of replications; the best is measured on the last.
        let provenance = Provenance::new(&scenario.meta.name, text.as_bytes(), seed, FINAL_REPLICATIONS);
        let doc = json!({
            "schema_version": 1,
            "kind": "optimize",
            "provenance": provenance,
            "scenario": scenario.meta.name,
            "strategy": a.strategy,
            "objective": objective.name(),
            "limits": limits,
            "budget": a.budget,
            "runs": r.runs,
            "seed": seed,
            "levers": settings.levers.iter().map(|v| v.text()).collect::<Vec<_>>(),
            "best_values": r.best_values,
            "best": r.best_summary,
            "best_feasible": r.best_feasible,
            "bundled": r.bundled,
            "warnings": warnings,
            "trace": r.trace,
        });
        let plot = optimize_plot(
            &format!("{}: search over {} levers of {}", scenario.meta.name, keys.len(), a.strategy),
            Some(format!(
                "{} candidates, each at the last rung it reached (10 to {FINAL_REPLICATIONS} replications); best and the scenario's strategies on {FINAL_REPLICATIONS}; seed {seed}",
                r.trace.iter().filter(|t| t.rung == 0).count()
            )),
            &r,
            objective,
            limits.max_attrition,
            base,
        );
        let [(_, svg), (_, png)] = plot.files().map_err(|e| CliError::Failure(e.to_string()))?;
        let trace = trace_csv(&keys, &r.trace);
        let meta = sidecar(OPTIMIZE_FILES[1], &provenance, &header_of(&trace), Names::Metrics);
        let files = [
            (OPTIMIZE_FILES[0], block.into_bytes()),
            (OPTIMIZE_FILES[1], trace),
            (OPTIMIZE_FILES[5], meta),
            (OPTIMIZE_FILES[2], serde_json::to_vec_pretty(&doc).unwrap_or_default()),
            (OPTIMIZE_FILES[3], svg),
            (OPTIMIZE_FILES[4], png),
        ];
        set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!(
            "wrote {}",
            OPTIMIZE_FILES.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(0)
}

/// How close to an edge of its searched range (share of the range) the best
/// value of a lever must be for the edge warning: the search clamps
/// perturbations to the range, so a best pushed against an edge lands on it.
const EDGE_TOLERANCE: f64 = 0.02;

/// The objective of `--objective`: a catalogue name, or one of the names
/// optimize took before (with a note).
fn objective_of(name: &str) -> Result<Objective, CliError> {
    let new = match name {
        "profit_lift" => Some("profit_lift_pct"),
        "revenue_lift" | "revenue_lift_pct" => Some("lift_pct"),
        _ => None,
    };
    if let Some(new) = new {
        super::deprecated(&format!("--objective {name}"), &format!("--objective {new}"));
    }
    Objective::parse(new.unwrap_or(name)).map_err(|m| CliError::Input(format!("--objective: {m}")))
}
