//! Running a sweep: the baseline once, then every point of the plan in its
//! coarse-to-fine order, each paired with the baseline on common random
//! numbers. Finished points are handed to a callback as they finish (the CLI
//! appends them to a checkpoint file), and points already finished are skipped,
//! which is how `--resume` works. Exports: a tidy CSV (one row per point) and
//! a JSON document with the trade-off analysis.

use serde::{Deserialize, Serialize};

use super::design::{Design, Plan};
use super::levers::apply;
use super::paired::{Runs, baseline_accumulator, run_strategy, run_variant, summary_of};
use super::pareto::{Candidate, Limits, TradeOffs, analyse};
use crate::config::Scenario;
use crate::experiment::executor::Executor;
use crate::experiment::provenance::Provenance;
use crate::experiment::stats::CI_METHOD;
use crate::experiment::summary::StrategySummary;
use crate::report::csv::{Column, columns};

/// Version of the sweep JSON and checkpoint layouts.
pub const SWEEP_SCHEMA_VERSION: u32 = 1;

/// Default replications per sweep point (a sweep runs many variants; see `docs/analysis.md`).
pub const DEFAULT_SWEEP_REPLICATIONS: u64 = 50;

/// What identifies a sweep: a resumed sweep must match it exactly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepHeader {
    /// Layout version.
    pub schema_version: u32,
    /// Scenario name.
    pub scenario: String,
    /// Fingerprint of the scenario (everything but `[experiment]`).
    pub scenario_hash: String,
    /// Strategy whose levers vary.
    pub strategy: String,
    /// Baseline strategy.
    pub baseline: String,
    /// Master seed.
    pub seed: u64,
    /// Replications per point.
    pub replications: u64,
    /// Grid or Latin hypercube.
    pub design: Design,
    /// Levers as `KEY=LO:HI[:STEPS]`.
    pub levers: Vec<String>,
    /// Number of points.
    pub points: usize,
}

impl SweepHeader {
    /// The header of `plan` run on `scenario`.
    pub fn new(scenario: &Scenario, plan: &Plan, seed: u64, replications: u64) -> Self {
        SweepHeader {
            schema_version: SWEEP_SCHEMA_VERSION,
            scenario: scenario.meta.name.clone(),
            scenario_hash: format!("{:016x}", scenario.fingerprint()),
            strategy: plan.strategy.clone(),
            baseline: scenario.baseline_name().to_string(),
            seed,
            replications,
            design: plan.design,
            levers: plan.levers.iter().map(|v| v.text()).collect(),
            points: plan.points.len(),
        }
    }
}

/// One finished point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PointResult {
    /// Point id (natural order of the design).
    pub id: usize,
    /// Lever values, in the plan's lever order.
    pub values: Vec<f64>,
    /// Its metrics against the baseline.
    pub result: StrategySummary,
}

/// How a sweep ended.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepOutcome {
    /// The baseline's own results.
    pub baseline: StrategySummary,
    /// Points run in this call, in run order.
    pub new_points: usize,
    /// Whether it stopped before every point was done (cancel or `max_points`).
    pub stopped: bool,
}

/// Runs the points of `plan` not in `done` on `executor` (its seed, threads and
/// cancellation flag), at most `max_points` of them, calling `on_point` after
/// each. Stops early when the executor is cancelled; a point cut short is
/// discarded.
pub fn run_sweep(
    scenario: &Scenario,
    plan: &Plan,
    executor: &Executor,
    replications: u64,
    done: &[PointResult],
    max_points: Option<usize>,
    mut on_point: impl FnMut(&PointResult),
) -> Result<SweepOutcome, String> {
    let strategy = scenario
        .strategies
        .iter()
        .position(|s| s.name == plan.strategy)
        .ok_or_else(|| format!("no strategy named \"{}\" in the scenario", plan.strategy))?;
    let range = 0..replications;
    let baseline_runs: Runs = run_strategy(executor, scenario, scenario.baseline, range.clone())
        .ok_or("stopped before the baseline finished")?;
    let base_name = scenario.baseline_name();
    let baseline = summary_of(base_name, "baseline", &baseline_accumulator(scenario, &baseline_runs));
    let is_done = |id: usize| done.iter().any(|p| p.id == id);
    let mut new_points = 0;
    let mut stopped = false;
    for &id in &plan.order {
        if is_done(id) {
            continue;
        }
        if executor.cancelled() || max_points.is_some_and(|m| new_points >= m) {
            stopped = true;
            break;
        }
        let point = &plan.points[id];
        let settings: Vec<_> = plan.levers.iter().map(|v| &v.lever).zip(point.values.iter().copied()).collect();
        let variant = apply(scenario, strategy, &settings).map_err(|e| format!("point {id}: {e}"))?;
        let Some(acc) = run_variant(executor, &variant, strategy, range.clone(), &baseline_runs) else {
            stopped = true;
            break;
        };
        let result = summary_of(&plan.strategy, &format!("point {id}"), &acc);
        on_point(&PointResult { id, values: point.values.clone(), result });
        new_points += 1;
    }
    Ok(SweepOutcome { baseline, new_points, stopped })
}

/// A label for a point: `point 40 (performance.quota_difficulty = 1.2, ...)`.
pub fn label(keys: &[String], p: &PointResult) -> String {
    let parts: Vec<String> = keys.iter().zip(&p.values).map(|(k, v)| format!("{k} = {}", fmt_value(*v))).collect();
    format!("point {} ({})", p.id, parts.join(", "))
}

/// A lever value without trailing noise (at most 6 significant decimals).
pub fn fmt_value(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// Candidates for the trade-off analysis, one per point (sorted by id).
pub fn candidates(keys: &[String], points: &[PointResult]) -> Vec<Candidate> {
    points.iter().map(|p| Candidate { label: label(keys, p), summary: p.result.clone() }).collect()
}

fn num(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map(|v| format!("{v:.6}")).unwrap_or_default()
}

/// The tidy CSV: one row per point (sorted by id), one column per lever, per
/// metric and per interval bound, then the Pareto and limit flags.
pub fn sweep_csv(keys: &[String], points: &[PointResult], t: Option<&TradeOffs>) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["point".to_string()];
    header.extend(keys.iter().cloned());
    for stem in columns().map(Column::stem) {
        header.extend([stem.to_string(), format!("{stem}_ci_low"), format!("{stem}_ci_high")]);
    }
    header.extend(["attrition_diff_pp", "attrition_diff_pp_ci_low", "attrition_diff_pp_ci_high"].map(String::from));
    header.extend(["pareto_profit_attrition", "pareto_revenue_burnout", "meets_limits"].map(String::from));
    let _ = w.write_record(&header);
    for (i, p) in points.iter().enumerate() {
        let mut row = vec![p.id.to_string()];
        row.extend(p.values.iter().map(|v| fmt_value(*v)));
        let s = &p.result;
        for column in columns() {
            let e = column.of(s);
            row.extend([num(Some(e.mean)), num(e.ci95[0]), num(e.ci95[1])]);
        }
        let d = s.attrition_diff_pp;
        row.extend([num(Some(d.mean)), num(d.ci95[0]), num(d.ci95[1])]);
        let flag = |b: bool| b.to_string();
        match t {
            Some(t) => row.extend([
                flag(t.profit_attrition_front.contains(&i)),
                flag(t.revenue_burnout_front.contains(&i)),
                flag(t.feasible[i]),
            ]),
            None => row.extend([String::new(), String::new(), String::new()]),
        }
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// The JSON document of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepDocument {
    /// What made it (version, scenario file hash, seed, replications per
    /// point); set by the command line, which read the scenario file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// What was run.
    #[serde(flatten)]
    pub header: SweepHeader,
    /// `"sweep"`.
    pub kind: String,
    /// Interval method.
    pub ci_method: String,
    /// Whether every point is done.
    pub complete: bool,
    /// The baseline's own results.
    pub baseline_result: StrategySummary,
    /// Finished points, sorted by id.
    pub results: Vec<PointResult>,
    /// Pareto fronts, limits and the best feasible point (indices into `results`).
    pub trade_offs: TradeOffs,
    /// The recommendation in words.
    pub recommendation: String,
    /// Warnings: the scenario's plausibility warnings and, for each lever whose
    /// best value lies on the edge of its searched range, a call to widen it
    /// (left out when there are none, so a sweep without warnings reads as
    /// before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl SweepDocument {
    /// Assembles the document; `points` must be sorted by id.
    pub fn new(header: SweepHeader, baseline: StrategySummary, points: Vec<PointResult>, limits: Limits) -> Self {
        let keys: Vec<String> = header.levers.iter().map(|l| l.split('=').next().unwrap_or(l).to_string()).collect();
        let cands = candidates(&keys, &points);
        let trade_offs = analyse(&cands, limits);
        let recommendation = super::pareto::recommendation(&cands, &trade_offs, &header.baseline);
        SweepDocument {
            provenance: None,
            complete: points.len() == header.points,
            kind: "sweep".into(),
            ci_method: CI_METHOD.to_string(),
            header,
            baseline_result: baseline,
            results: points,
            trade_offs,
            recommendation,
            warnings: Vec::new(),
        }
    }

    /// The lever values of the best point within the limits (the most
    /// profitable one when none meets them), if any point finished.
    pub fn best_values(&self) -> Option<&[f64]> {
        let best = self.trade_offs.best.or(self.trade_offs.best_unconstrained)?;
        self.results.get(best).map(|p| p.values.as_slice())
    }

    /// Lever keys.
    pub fn keys(&self) -> Vec<String> {
        self.header.levers.iter().map(|l| l.split('=').next().unwrap_or(l).to_string()).collect()
    }
}

/// Reads checkpoint lines (`points.jsonl`); a torn last line (from a hard stop)
/// is ignored, as is any point id outside the plan or seen twice.
pub fn read_checkpoint(text: &str, n_points: usize) -> Vec<PointResult> {
    let mut out: Vec<PointResult> = Vec::new();
    for line in text.lines() {
        if let Ok(p) = serde_json::from_str::<PointResult>(line)
            && p.id < n_points
            && !out.iter().any(|q| q.id == p.id)
        {
            out.push(p);
        }
    }
    out.sort_by_key(|p| p.id);
    out
}
