//! The invariant checker shared by the invariant and property tests: no NaN or
//! infinity in any state, every state inside its documented range, weekly shares
//! between 0 and 1, and headline metrics that add up.
#![allow(dead_code)]

pub mod child;

use salesim::config::Scenario;
use salesim::experiment::executor::{Arm, ArmRun, Collector, Executor};
use salesim::model::policy::Policy;
use salesim::model::rep::Rep;
use salesim::sim::start::ReplacementCost;
use salesim::sim::{Metric, N_SERIES, Observer, ReplicationMetrics, Series};

/// Checks every rep in post, every week, and remembers the first violation.
#[derive(Default)]
pub struct StateChecker {
    /// Largest effort allowed (the scenario's `max_effort`).
    pub max_effort: f64,
    /// First violation found, if any.
    pub violation: Option<String>,
    /// Rep-weeks checked.
    pub checked: u64,
    /// Voluntary and involuntary exits reported by the engine.
    pub exits: (f64, f64),
    /// Rep-quarters counted for the attainment metric, and those at quota,
    /// recomputed from the reps' recorded quarter sales and quotas.
    pub quarters: (f64, f64),
    /// Length of the attainment quarter and the horizon, in weeks.
    pub horizon: u32,
}

impl Observer for StateChecker {
    fn exits(&mut self, _week: u32, voluntary: usize, involuntary: usize) {
        self.exits.0 += voluntary as f64;
        self.exits.1 += involuntary as f64;
    }

    fn week(&mut self, week: u32, reps: &mut dyn Iterator<Item = (usize, &Rep)>) {
        let quarter_len = self.horizon.min(13);
        let quarter_end = (week + 1).is_multiple_of(13) || (week + 1 == self.horizon && self.horizon < 13);
        for (slot, r) in reps {
            self.checked += 1;
            if quarter_end && r.tenure >= quarter_len && r.quarter_quota > 0.0 {
                self.quarters.0 += 1.0;
                if r.quarter_sales >= r.quarter_quota {
                    self.quarters.1 += 1.0;
                }
            }
            if self.violation.is_some() {
                continue;
            }
            if let Err(v) = salesim::sim::invariants::check_rep(r, self.max_effort) {
                self.violation = Some(format!("week {week}, slot {slot}: {v}"));
            }
        }
    }
}

/// Runs `replications` of every strategy of `s` on the executor with a checker
/// per run, returning the rep-weeks checked or a description of the first
/// broken invariant (in replication, then strategy order).
pub fn check_scenario(s: &Scenario, replications: u64, seed: u64) -> Result<u64, String> {
    // The checks below use the scenario's own market and team: no sampled worlds.
    assert!(s.uncertain.is_empty(), "check_scenario takes scenarios without uncertain assumptions");
    let arms = Arm::every_strategy(s);
    let new = || Checks { scenario: s, checked: 0, first: None };
    let checker =
        |_arm| StateChecker { max_effort: s.behavior.max_effort, horizon: s.meta.weeks, ..Default::default() };
    let done = Executor::new(seed).run_observed(&arms, 0..replications, new, checker);
    match done.collected.first {
        Some((_, _, e)) => Err(e),
        None => Ok(done.collected.checked),
    }
}

/// Collects the checks of every run: rep-weeks checked and the first violation.
struct Checks<'a> {
    scenario: &'a Scenario,
    checked: u64,
    /// Replication, strategy and description of the first violation.
    first: Option<(u64, usize, String)>,
}

impl Collector<StateChecker> for Checks<'_> {
    fn replication(&mut self, r: u64, runs: &[ArmRun], checkers: &[StateChecker]) {
        let s = self.scenario;
        for (strategy, (run, checker)) in runs.iter().zip(checkers).enumerate() {
            let context = format!("{} / {} / replication {r}", s.meta.name, s.strategies[strategy].name);
            let result = match &checker.violation {
                Some(v) => Err(v.clone()),
                None => check_weeks(&run.weekly)
                    .and_then(|()| check_metrics(s, &Policy::new(s, &s.strategies[strategy]), &run.metrics))
                    .and_then(|()| check_records(s, &run.metrics, checker)),
            };
            match result {
                Ok(()) => self.checked += checker.checked,
                Err(e) => self.keep_first((r, strategy, format!("{context}: {e}"))),
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.checked += other.checked;
        if let Some(e) = other.first {
            self.keep_first(e);
        }
    }
}

impl Checks<'_> {
    fn keep_first(&mut self, e: (u64, usize, String)) {
        if self.first.as_ref().is_none_or(|f| (e.0, e.1) < (f.0, f.1)) {
            self.first = Some(e);
        }
    }
}

fn check_weeks(weekly: &[[f64; N_SERIES]]) -> Result<(), String> {
    for (w, row) in weekly.iter().enumerate() {
        if let Some(k) = row.iter().position(|v| !v.is_finite()) {
            return Err(format!("week {w}: weekly series {k} is {}", row[k]));
        }
        // Every bounded series (shares, 0-1 scales) stays within its bounds.
        for series in Series::ALL {
            if let Some((lo, hi)) = series.info().unit.bounds()
                && !(lo..=hi).contains(&row[series])
            {
                return Err(format!("week {w}: {} = {} outside {lo}-{hi}", series.key(), row[series]));
            }
        }
        if row[Series::Revenue] < 0.0 {
            return Err(format!("week {w}: negative revenue {}", row[Series::Revenue]));
        }
    }
    Ok(())
}

fn check_metrics(s: &Scenario, policy: &Policy, m: &ReplicationMetrics) -> Result<(), String> {
    for metric in Metric::ALL {
        let (name, v) = (metric.key(), metric.of(m));
        let undefined_cost_of_sales = metric == Metric::CostOfSalesPct && m.revenue == 0.0 && v.is_nan();
        if !v.is_finite() && !undefined_cost_of_sales {
            return Err(format!("{name} = {v}"));
        }
    }
    let pct = [
        ("burnout_pct", m.burnout_pct),
        ("quota_attainment_pct", m.quota_attainment_pct),
        ("gaming_pct", m.gaming_pct),
        ("headcount_pct", m.headcount_pct),
    ];
    if let Some((name, v)) = pct.iter().find(|(_, v)| !(0.0..=100.0 + 1e-9).contains(v)) {
        return Err(format!("{name} = {v} outside 0-100"));
    }
    if m.voluntary_attrition_pct < 0.0 || m.involuntary_attrition_pct < 0.0 {
        return Err("negative attrition".into());
    }
    let sum = m.voluntary_attrition_pct + m.involuntary_attrition_pct;
    if (m.attrition_pct - sum).abs() > 1e-9 * sum.max(1.0) {
        return Err(format!("attrition {} != voluntary + involuntary {sum}", m.attrition_pct));
    }
    let profit = s.market.gross_margin * m.revenue - m.comp - m.turnover_cost - m.programme_cost;
    if (m.profit - profit).abs() > 1e-6 * profit.abs().max(1.0) {
        return Err(format!("profit {} does not add up to {profit}", m.profit));
    }
    if m.revenue > 0.0 {
        let cost_of_sales = 100.0 * m.comp / m.revenue;
        if (m.cost_of_sales_pct - cost_of_sales).abs() > 1e-6 * cost_of_sales.abs().max(1.0) {
            return Err(format!("cost of sales {} != comp / revenue {cost_of_sales}", m.cost_of_sales_pct));
        }
    }
    // Turnover cost: hires and dismissals (never negative), plus for each
    // exit the expected loss after the horizon, minus at week 0 each slot's
    // expected loss still to come from exits before it (revenue bears those
    // inside the horizon). Both are tail sums of one exit's weekly losses,
    // which can be negative where a rep costs more than its margin, so the
    // total is never below exits x the lowest tail minus one highest tail
    // per slot.
    let replacement = ReplacementCost::new(s, policy);
    let tails = (0..2_000).map(|j| replacement.after(j));
    let (lowest, highest) = tails.fold((0.0, 0.0), |(lo, hi): (f64, f64), t| (lo.min(t), hi.max(t)));
    let years = f64::from(s.meta.weeks) / 52.0;
    let exits_per_slot_year = m.attrition_pct / 100.0 * m.headcount_pct / 100.0;
    let floor = exits_per_slot_year * lowest - highest / years;
    if m.turnover_cost < floor - 1e-6 * floor.abs().max(1.0) {
        return Err(format!("turnover cost {} below its lowest possible value {floor}", m.turnover_cost));
    }
    Ok(())
}

/// Attrition and quota attainment agree with what the engine recorded week by
/// week: exits reported to the observer, and quarter sales against quarter quotas.
fn check_records(s: &Scenario, m: &ReplicationMetrics, c: &StateChecker) -> Result<(), String> {
    let years = f64::from(s.meta.weeks) / 52.0;
    let mean_headcount = m.headcount_pct / 100.0 * f64::from(s.team.size);
    let per_year = |exits: f64| if mean_headcount > 0.0 { 100.0 * exits / (mean_headcount * years) } else { 0.0 };
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b.abs().max(1.0);
    if !close(per_year(c.exits.0), m.voluntary_attrition_pct) {
        return Err(format!("{} voluntary exits recorded but attrition says {}", c.exits.0, m.voluntary_attrition_pct));
    }
    if !close(per_year(c.exits.1), m.involuntary_attrition_pct) {
        return Err(format!(
            "{} involuntary exits recorded but attrition says {}",
            c.exits.1, m.involuntary_attrition_pct
        ));
    }
    let attainment = if c.quarters.0 > 0.0 { 100.0 * c.quarters.1 / c.quarters.0 } else { 0.0 };
    if !close(attainment, m.quota_attainment_pct) {
        return Err(format!(
            "recorded quarter sales give {attainment} % at quota, metric says {}",
            m.quota_attainment_pct
        ));
    }
    Ok(())
}
