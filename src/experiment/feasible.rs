//! The robustness count behind `--max-attrition`: per replication, the most
//! profitable strategy among those whose attrition stays within the limit in
//! that replication. A [`Collector`] that `salesim run` plugs into the
//! executor next to the totals; its counts are stored in the totals
//! ([`StrategyAccumulator::best_feasible_count`]) so that shards carry them.
//!
//! [`StrategyAccumulator::best_feasible_count`]: super::accumulator::StrategyAccumulator::best_feasible_count

use super::accumulator::ExperimentTotals;
use super::executor::{ArmRun, Collector};
use super::runner::sole_best;
use crate::sim::NoObserver;

/// Per strategy, the replications in which it was the strictly most profitable
/// strategy with attrition at most `max_attrition` (% per year).
#[derive(Debug, Clone, PartialEq)]
pub struct BestWithinLimit {
    /// The attrition limit, % per year.
    pub max_attrition: f64,
    /// Replications won, per strategy (in the order of the runs).
    pub counts: Vec<u64>,
}

impl BestWithinLimit {
    /// No replications yet, for `n_strategies` strategies.
    pub fn new(max_attrition: f64, n_strategies: usize) -> Self {
        BestWithinLimit { max_attrition, counts: vec![0; n_strategies] }
    }

    /// Stores the limit and the counts in `totals` (for the summary and shards).
    pub fn record(&self, totals: &mut ExperimentTotals) {
        totals.max_attrition = Some(self.max_attrition);
        for (acc, &count) in totals.strategies.iter_mut().zip(&self.counts) {
            acc.best_feasible_count = count;
        }
    }
}

impl Collector for BestWithinLimit {
    fn replication(&mut self, _r: u64, runs: &[ArmRun], _observers: &[NoObserver]) {
        let within = runs.iter().enumerate().filter(|(_, run)| run.metrics.attrition_pct <= self.max_attrition);
        if let Some(s) = sole_best(within.map(|(s, run)| (s, run.metrics.profit))) {
            self.counts[s] += 1;
        }
    }

    fn merge(&mut self, other: Self) {
        self.counts.iter_mut().zip(other.counts).for_each(|(a, b)| *a += b);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::ReplicationMetrics;

    fn runs(profit_attrition: &[(f64, f64)]) -> Vec<ArmRun> {
        profit_attrition
            .iter()
            .map(|&(profit, attrition_pct)| ArmRun {
                metrics: ReplicationMetrics { profit, attrition_pct, ..Default::default() },
                weekly: Vec::new(),
                world: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn counts_the_sole_most_profitable_strategy_within_the_limit() {
        let mut best = BestWithinLimit::new(20.0, 3);
        // The richest strategy is over the limit: the next one within it wins.
        best.replication(0, &runs(&[(5.0, 10.0), (9.0, 30.0), (7.0, 20.0)]), &[]);
        // A tie within the limit credits nobody.
        best.replication(1, &runs(&[(7.0, 10.0), (9.0, 30.0), (7.0, 20.0)]), &[]);
        // Nobody within the limit.
        best.replication(2, &runs(&[(7.0, 21.0), (9.0, 30.0), (7.0, 25.0)]), &[]);
        let mut other = BestWithinLimit::new(20.0, 3);
        other.replication(3, &runs(&[(8.0, 0.0), (1.0, 0.0), (f64::NAN, 0.0)]), &[]);
        best.merge(other);
        assert_eq!(best.counts, vec![1, 0, 1]);
        let mut totals = ExperimentTotals::new(3, 1);
        best.record(&mut totals);
        assert_eq!(totals.max_attrition, Some(20.0));
        assert_eq!(totals.strategies.iter().map(|s| s.best_feasible_count).collect::<Vec<_>>(), vec![1, 0, 1]);
    }
}
