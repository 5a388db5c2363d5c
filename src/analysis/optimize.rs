//! The optimiser: a search over named levers of one strategy, within their
//! allowed ranges, for the mix with the best objective that meets the limits.
//!
//! Scheme: two rounds of successive halving on common random numbers.
//! Round one ("explore") starts from the strategy as written plus a Latin
//! hypercube over the levers; round two ("refine") starts from the winner plus
//! perturbations around it (a cross-entropy-style step with a tenth of each
//! range as spread). In each round every candidate first runs
//! [`FIRST_RUNG`] replications; the better half (feasible first, then by the
//! objective) runs twice as many, and so on until one survivor has run
//! [`FINAL_REPLICATIONS`]. All candidates share the same replications, and the
//! baseline runs once per replication, so comparisons are paired and cheap.
//! The budget counts every strategy run: candidates, the baseline, and the
//! scenario's own strategies run for comparison at the final size.

use crate::sim::Metric;
use serde::{Deserialize, Serialize};

use super::design::Vary;
use super::levers::apply;
use super::lhs::latin_hypercube;
use super::paired::{Runs, baseline_accumulator, run_strategy, run_variant, summary_of};
use super::pareto::Limits;
use crate::config::{Scenario, Strategy};
use crate::experiment::accumulator::StrategyAccumulator;
use crate::experiment::executor::Executor;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::StrategySummary;
use crate::sim::streams::{StreamKey, uniform};

/// Replications of every candidate at the first rung.
pub const FIRST_RUNG: u64 = 10;
/// Rungs of one round: 10, 20, 40, 80, 160 replications.
pub const RUNGS: u32 = 5;
/// Replications of the survivor of a round (and of the comparison runs).
pub const FINAL_REPLICATIONS: u64 = FIRST_RUNG << (RUNGS - 1);
/// Default budget, in strategy runs.
pub const DEFAULT_BUDGET: u64 = 3000;

/// What to maximise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// Profit lift against the baseline, %.
    ProfitLift,
    /// Revenue lift against the baseline, %.
    RevenueLift,
}

impl Objective {
    /// Parses an outcome name of the metric catalogue
    /// ([`Outcome`](super::outcome::Outcome)): `profit_lift_pct` or
    /// `lift_pct` (the revenue lift; their keys, and `profit` or `revenue`, whose
    /// maximum is the same mix, are taken too). Other outcomes are refused:
    /// the optimiser maximises a lift.
    pub fn parse(s: &str) -> Result<Objective, String> {
        use super::outcome::Outcome;
        match Outcome::parse(s)? {
            Outcome::Lift(Metric::Profit) | Outcome::Level(Metric::Profit) => Ok(Objective::ProfitLift),
            Outcome::Lift(Metric::Revenue) | Outcome::Level(Metric::Revenue) => Ok(Objective::RevenueLift),
            other => Err(format!(
                "`{}` cannot be maximised; the optimiser maximises profit_lift_pct or lift_pct (revenue) \
                 (limits on attrition and burnout: --max-attrition, --max-burnout)",
                other.name()
            )),
        }
    }

    /// Name as written on the command line (the catalogue's column name).
    pub fn name(self) -> &'static str {
        match self {
            Objective::ProfitLift => "profit_lift_pct",
            Objective::RevenueLift => "lift_pct",
        }
    }

    /// The objective's estimate in a summary.
    pub fn of(self, s: &StrategySummary) -> Estimate {
        match self {
            Objective::ProfitLift => s.profit_lift_pct,
            Objective::RevenueLift => s.lift_pct,
        }
    }
}

/// Settings of a search.
#[derive(Debug, Clone)]
pub struct OptimizeSettings {
    /// Strategy whose levers are searched.
    pub strategy: String,
    /// Levers and their search ranges.
    pub levers: Vec<Vary>,
    /// What to maximise.
    pub objective: Objective,
    /// Limits every acceptable mix must meet.
    pub limits: Limits,
    /// Strategy runs allowed in all.
    pub budget: u64,
}

/// One evaluation in the search trace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TraceRow {
    /// `explore` or `refine`.
    pub round: String,
    /// Rung (0-based) within the round.
    pub rung: u32,
    /// Candidate number within the round.
    pub candidate: usize,
    /// Replications it has run so far.
    pub replications: u64,
    /// Lever values.
    pub values: Vec<f64>,
    /// The objective.
    pub objective: Estimate,
    /// Attrition, %/yr.
    pub attrition_pct: Estimate,
    /// Burnout, % of rep-weeks.
    pub burnout_pct: Estimate,
    /// Whether it meets the limits (means).
    pub feasible: bool,
    /// Whether it went on to the next rung.
    pub promoted: bool,
}

/// The outcome of a search.
#[derive(Debug, Clone)]
pub struct OptimizeResult {
    /// The best mix found, as a strategy.
    pub best: Strategy,
    /// Its lever values.
    pub best_values: Vec<f64>,
    /// Its results on [`FINAL_REPLICATIONS`] replications.
    pub best_summary: StrategySummary,
    /// Whether it meets the limits.
    pub best_feasible: bool,
    /// The scenario's strategies on the same replications (the baseline first
    /// has zero lift).
    pub bundled: Vec<StrategySummary>,
    /// Every evaluation, in order.
    pub trace: Vec<TraceRow>,
    /// Strategy runs spent.
    pub runs: u64,
}

struct Cand {
    values: Vec<f64>,
    scenario: Option<Scenario>,
    acc: Option<StrategyAccumulator>,
}

impl Cand {
    fn reps(&self) -> u64 {
        self.acc.as_ref().map_or(0, StrategyAccumulator::replications)
    }
}

/// Cost in runs of one round that starts with `n` new candidates.
pub fn round_cost(n: usize) -> u64 {
    let mut cost = 0;
    let mut prev = 0;
    for k in 0..RUNGS {
        let alive = n.div_ceil(1 << k).max(1) as u64;
        let r = FIRST_RUNG << k;
        cost += alive * (r - prev);
        prev = r;
    }
    cost
}

/// Most candidates a round can afford with `budget` runs.
fn affordable(budget: u64) -> usize {
    let mut n = 1;
    while round_cost(n + 1) <= budget && n < 10_000 {
        n += 1;
    }
    n
}

/// Smallest budget that allows a search on `scenario`.
pub fn min_budget(scenario: &Scenario) -> u64 {
    FINAL_REPLICATIONS * scenario.strategies.len() as u64 + 2 * round_cost(2)
}

/// Runs the search on `executor` (its seed also places the candidates).
/// `None` if cancelled.
pub fn optimize(
    scenario: &Scenario,
    s: &OptimizeSettings,
    executor: &Executor,
) -> Result<Option<OptimizeResult>, String> {
    let strategy = scenario
        .strategies
        .iter()
        .position(|x| x.name == s.strategy)
        .ok_or_else(|| format!("no strategy named \"{}\" in the scenario", s.strategy))?;
    let need = min_budget(scenario);
    if s.budget < need {
        return Err(format!("--budget {} is too small for this scenario; give at least {need} runs", s.budget));
    }
    let Some(baseline) = run_strategy(executor, scenario, scenario.baseline, 0..FINAL_REPLICATIONS) else {
        return Ok(None);
    };
    let fixed = FINAL_REPLICATIONS * scenario.strategies.len() as u64;
    let search = s.budget - fixed;
    let explore_budget = search * 11 / 20;
    let mut runs = FINAL_REPLICATIONS;
    let mut trace = Vec::new();

    // Round one: the strategy as written, then a Latin hypercube.
    let n1 = affordable(explore_budget);
    let start: Vec<f64> =
        s.levers.iter().map(|v| v.lever.get(scenario, strategy).unwrap_or(v.lo).clamp(v.lo, v.hi)).collect();
    let mut pool = vec![start];
    for u in latin_hypercube(n1.saturating_sub(1), s.levers.len(), executor.seed() ^ 0x0971) {
        pool.push(s.levers.iter().zip(&u).map(|(v, t)| tidy(v, v.at(*t))).collect());
    }
    let Some((winner, spent)) = round(executor, scenario, strategy, s, &baseline, pool, "explore", &mut trace) else {
        return Ok(None);
    };
    runs += spent;

    // Round two: the winner and perturbations around it.
    let n2 = affordable(s.budget - fixed - (runs - FINAL_REPLICATIONS)).max(2);
    let mut rng = StreamKey::new(executor.seed(), u64::MAX, None).rng(crate::sim::streams::Purpose::World, 1, 2, 3);
    let mut pool = vec![winner.values.clone()];
    while pool.len() < n2 {
        let p = s
            .levers
            .iter()
            .zip(&winner.values)
            .map(|(v, x)| {
                let z = normal(&mut rng);
                tidy(v, (x + 0.1 * (v.hi - v.lo) * z).clamp(v.lo, v.hi))
            })
            .collect();
        pool.push(p);
    }
    let mut cands: Vec<Cand> = pool.into_iter().map(|values| Cand { values, scenario: None, acc: None }).collect();
    cands[0] = winner;
    let Some((best, spent)) = round_cands(executor, scenario, strategy, s, &baseline, cands, "refine", &mut trace)
    else {
        return Ok(None);
    };
    runs += spent;

    // The scenario's own strategies on the same replications, for comparison.
    let mut bundled = Vec::new();
    for (i, st) in scenario.strategies.iter().enumerate() {
        let acc = if i == scenario.baseline {
            baseline_accumulator(scenario, &baseline)
        } else {
            let Some(acc) = run_variant(executor, scenario, i, 0..FINAL_REPLICATIONS, &baseline) else {
                return Ok(None);
            };
            runs += FINAL_REPLICATIONS;
            acc
        };
        bundled.push(summary_of(&st.name, &st.description, &acc));
    }
    let acc = best.acc.as_ref().ok_or("no candidate could be evaluated")?;
    let variant = best.scenario.as_ref().ok_or("no candidate could be evaluated")?;
    let mut strategy_out = variant.strategies[strategy].clone();
    strategy_out.name = format!("{}_optimized", s.strategy);
    strategy_out.description = format!(
        "{} with {} tuned by salesim optimize ({} {}{})",
        s.strategy,
        s.levers.iter().map(|v| v.lever.key.as_str()).collect::<Vec<_>>().join(", "),
        s.objective.name(),
        "maximised",
        if s.limits.any() { format!(", {}", s.limits.describe()) } else { String::new() }
    );
    let best_summary = summary_of(&strategy_out.name, &strategy_out.description, acc);
    Ok(Some(OptimizeResult {
        best_feasible: s.limits.meets(&best_summary),
        best: strategy_out,
        best_values: best.values.clone(),
        best_summary,
        bundled,
        trace,
        runs,
    }))
}

/// Rounds a value to about four significant digits of the lever's range.
fn tidy(v: &Vary, x: f64) -> f64 {
    let span = (v.hi - v.lo).abs().max(1e-12);
    let k = 3 - span.log10().floor() as i32;
    let f = 10f64.powi(k);
    v.lever.clean(((x * f).round() / f).clamp(v.lo, v.hi))
}

fn normal<R: rand::Rng + ?Sized>(rng: &mut R) -> f64 {
    let (u1, u2) = (uniform(rng), uniform(rng));
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[allow(clippy::too_many_arguments)]
fn round(
    executor: &Executor,
    scenario: &Scenario,
    strategy: usize,
    s: &OptimizeSettings,
    baseline: &Runs,
    pool: Vec<Vec<f64>>,
    name: &str,
    trace: &mut Vec<TraceRow>,
) -> Option<(Cand, u64)> {
    let cands = pool.into_iter().map(|values| Cand { values, scenario: None, acc: None }).collect();
    round_cands(executor, scenario, strategy, s, baseline, cands, name, trace)
}

/// Successive halving over `cands`; returns the survivor and the runs spent.
#[allow(clippy::too_many_arguments)]
fn round_cands(
    executor: &Executor,
    scenario: &Scenario,
    strategy: usize,
    s: &OptimizeSettings,
    baseline: &Runs,
    mut cands: Vec<Cand>,
    name: &str,
    trace: &mut Vec<TraceRow>,
) -> Option<(Cand, u64)> {
    let mut spent = 0;
    let mut alive: Vec<usize> = (0..cands.len()).collect();
    for rung in 0..RUNGS {
        let target = FIRST_RUNG << rung;
        for &i in &alive {
            let c = &mut cands[i];
            if c.scenario.is_none() {
                let settings: Vec<_> = s.levers.iter().map(|v| &v.lever).zip(c.values.iter().copied()).collect();
                c.scenario = apply(scenario, strategy, &settings).ok();
            }
            let Some(variant) = &c.scenario else { continue };
            let have = c.reps();
            if have < target {
                let more = run_variant(executor, variant, strategy, have..target, baseline)?;
                spent += target - have;
                match &mut c.acc {
                    Some(acc) => acc.merge(&more),
                    None => c.acc = Some(more),
                }
            }
        }
        let summaries: Vec<Option<StrategySummary>> =
            cands.iter().map(|c| c.acc.as_ref().map(|a| summary_of("candidate", "", a))).collect();
        let score = |i: usize| -> (bool, f64) {
            match &summaries[i] {
                None => (false, f64::NEG_INFINITY),
                Some(sm) if s.limits.meets(sm) => (true, s.objective.of(sm).mean),
                Some(sm) => (false, -violation(&s.limits, sm)),
            }
        };
        let mut ranked = alive.clone();
        ranked.sort_by(|&a, &b| {
            let (fa, va) = score(a);
            let (fb, vb) = score(b);
            fb.cmp(&fa).then(vb.total_cmp(&va)).then(a.cmp(&b))
        });
        let keep = if rung + 1 == RUNGS { 1 } else { alive.len().div_ceil(2).max(1) };
        let promoted: Vec<usize> = ranked[..keep].to_vec();
        for &i in &alive {
            if let Some(sm) = &summaries[i] {
                trace.push(TraceRow {
                    round: name.to_string(),
                    rung,
                    candidate: i,
                    replications: cands[i].reps(),
                    values: cands[i].values.clone(),
                    objective: s.objective.of(sm),
                    attrition_pct: sm[Metric::AttritionPct],
                    burnout_pct: sm[Metric::BurnoutPct],
                    feasible: s.limits.meets(sm),
                    promoted: promoted.contains(&i),
                });
            }
        }
        alive = promoted;
    }
    let winner = alive[0];
    Some((cands.swap_remove(winner), spent))
}

/// How far a summary lies past the limits (sum of excesses in points).
fn violation(l: &Limits, s: &StrategySummary) -> f64 {
    l.max_attrition.map_or(0.0, |m| (s[Metric::AttritionPct].mean - m).max(0.0))
        + l.max_burnout.map_or(0.0, |m| (s[Metric::BurnoutPct].mean - m).max(0.0))
}

/// The search trace as CSV.
pub fn trace_csv(keys: &[String], trace: &[TraceRow]) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["round", "rung", "candidate", "replications"].map(String::from).to_vec();
    header.extend(keys.iter().cloned());
    let (attrition, burnout) = (Metric::AttritionPct.key(), Metric::BurnoutPct.key());
    header.extend(["objective", "objective_ci_low", "objective_ci_high"].map(String::from));
    header.extend([attrition.to_string(), format!("{attrition}_ci_low"), format!("{attrition}_ci_high")]);
    header.extend([burnout, "feasible", "promoted"].map(String::from));
    let _ = w.write_record(&header);
    let n = |x: Option<f64>| x.map(|v| format!("{v:.6}")).unwrap_or_default();
    for t in trace {
        let mut row = vec![t.round.clone(), t.rung.to_string(), t.candidate.to_string(), t.replications.to_string()];
        row.extend(t.values.iter().map(|v| super::sweep::fmt_value(*v)));
        row.extend([
            n(Some(t.objective.mean)),
            n(t.objective.ci95[0]),
            n(t.objective.ci95[1]),
            n(Some(t.attrition_pct.mean)),
            n(t.attrition_pct.ci95[0]),
            n(t.attrition_pct.ci95[1]),
            n(Some(t.burnout_pct.mean)),
            t.feasible.to_string(),
            t.promoted.to_string(),
        ]);
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// The best mix as a ready-to-paste `[[strategy]]` block.
pub fn strategy_block(s: &Strategy) -> String {
    #[derive(Serialize)]
    struct Wrapper<'a> {
        strategy: [&'a Strategy; 1],
    }
    toml::to_string(&Wrapper { strategy: [s] }).unwrap_or_default()
}
