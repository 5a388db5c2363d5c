//! The engine behind sweeps, the optimiser and sensitivity: one strategy variant
//! run on replications `range` with common random numbers, paired with the
//! baseline of the same replications. The baseline's runs can be computed once
//! and reused for every variant that shares its world (same `[behavior]`,
//! `[market]` and `[team]`), which halves the cost of a sweep.
//!
//! A variant that equals a strategy of the scenario gives exactly the numbers
//! `salesim run` gives for it: both run on the same
//! [`Executor`], keyed by (seed, replication).

use std::ops::Range;

use crate::config::Scenario;
use crate::experiment::accumulator::StrategyAccumulator;
use crate::experiment::executor::{Arm, ArmRun, Collector, Executor};
use crate::experiment::summary::{StrategySummary, strategy_summary};
use crate::sim::{NoObserver, ReplicationMetrics, WeekRow};

/// Metrics of one strategy on replications `start..start + runs.len()`.
#[derive(Debug, Clone, Default)]
pub struct Runs {
    /// First replication.
    pub start: u64,
    /// One entry per replication.
    pub runs: Vec<ReplicationMetrics>,
}

impl Runs {
    /// The runs of replication `r`.
    pub fn get(&self, r: u64) -> Option<&ReplicationMetrics> {
        r.checked_sub(self.start).and_then(|i| self.runs.get(i as usize))
    }

    /// Replications covered.
    pub fn range(&self) -> Range<u64> {
        self.start..self.start + self.runs.len() as u64
    }
}

/// Runs strategy `strategy` of `scenario` alone on each replication of `range`
/// (`None` if cancelled part-way).
pub fn run_strategy(executor: &Executor, scenario: &Scenario, strategy: usize, range: Range<u64>) -> Option<Runs> {
    let done = executor.run(&[Arm { scenario, strategy }], range.clone(), || Metrics(Vec::new()));
    if done.replications < range.end - range.start {
        return None;
    }
    let mut runs = done.collected.0;
    runs.sort_unstable_by_key(|(r, _)| *r);
    Some(Runs { start: range.start, runs: runs.into_iter().map(|(_, m)| m).collect() })
}

/// Collects one arm's metrics with their replication numbers.
struct Metrics(Vec<(u64, ReplicationMetrics)>);

impl Collector for Metrics {
    fn replication(&mut self, r: u64, runs: &[ArmRun], _observers: &[NoObserver]) {
        self.0.push((r, runs[0].metrics.clone()));
    }

    fn merge(&mut self, other: Self) {
        self.0.extend(other.0);
    }
}

/// Runs strategy `strategy` of `variant` on each replication of `range` and pairs
/// it with `baseline`'s runs of the same replication (which must cover `range`).
/// `None` if cancelled part-way.
pub fn run_variant(
    executor: &Executor,
    variant: &Scenario,
    strategy: usize,
    range: Range<u64>,
    baseline: &Runs,
) -> Option<StrategyAccumulator> {
    let weeks = variant.meta.weeks as usize;
    let new = || Paired { acc: StrategyAccumulator::new(weeks), baseline };
    let done = executor.run(&[Arm { scenario: variant, strategy }], range.clone(), new);
    (done.replications == range.end - range.start).then_some(done.collected.acc)
}

/// One arm's totals, paired with cached baseline runs.
struct Paired<'b> {
    acc: StrategyAccumulator,
    baseline: &'b Runs,
}

impl Collector for Paired<'_> {
    fn replication(&mut self, r: u64, runs: &[ArmRun], _observers: &[NoObserver]) {
        let base = self.baseline.get(r).expect("baseline covers the range");
        self.acc.push(&runs[0].metrics, base, &runs[0].weekly);
    }

    fn merge(&mut self, other: Self) {
        self.acc.merge(&other.acc);
    }
}

/// The baseline's own accumulator (paired with itself, so its lifts are zero).
pub fn baseline_accumulator(scenario: &Scenario, baseline: &Runs) -> StrategyAccumulator {
    let weeks = scenario.meta.weeks as usize;
    let mut acc = StrategyAccumulator::new(weeks);
    let empty: Vec<WeekRow> = Vec::new();
    for m in &baseline.runs {
        acc.push(m, m, &empty);
    }
    acc
}

/// Summary of an accumulator under a label.
pub fn summary_of(name: &str, description: &str, acc: &StrategyAccumulator) -> StrategySummary {
    strategy_summary(name, description, acc, acc.replications())
}
