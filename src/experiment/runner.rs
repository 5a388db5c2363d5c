//! `salesim run`'s experiment: every strategy of one scenario on a range of
//! replications, on the [`Executor`], summed per strategy into
//! [`ExperimentTotals`] with paired differences against the baseline. Keyed
//! streams make results independent of the thread count, and exact fixed-point
//! sums make them independent of the completion order.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64};

use super::accumulator::{ExperimentTotals, InexactError};
pub use super::executor::PoolError;
use super::executor::{Arm, ArmRun, Collector, Executor};
use crate::config::Scenario;

/// Most replications of one experiment (`--replications`, shards and
/// `merge` are held to it): far more than any interval needs, and small enough
/// that every count and exact sum stays far from its bound.
pub const MAX_REPLICATIONS: u64 = 1_000_000_000;

/// How to run an experiment.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Master seed.
    pub seed: u64,
    /// Replications to run: `start..end` of the full set.
    pub range: std::ops::Range<u64>,
    /// Worker threads (`None`: all cores).
    pub threads: Option<usize>,
    /// Common random numbers across strategies.
    pub crn: bool,
    /// Set to stop early; finished replications are kept.
    pub cancel: Arc<AtomicBool>,
    /// Incremented after each replication (for progress bars).
    pub done: Arc<AtomicU64>,
}

impl RunOptions {
    /// Options for replications `0..replications` with default settings.
    pub fn new(seed: u64, replications: u64) -> Self {
        RunOptions {
            seed,
            range: 0..replications,
            threads: None,
            crn: true,
            cancel: Arc::new(AtomicBool::new(false)),
            done: Arc::new(AtomicU64::new(0)),
        }
    }

    /// The executor these options describe.
    pub fn executor(&self) -> Result<Executor, PoolError> {
        Ok(Executor::new(self.seed)
            .threads(self.threads)?
            .crn(self.crn)
            .cancel_on(self.cancel.clone())
            .progress(self.done.clone()))
    }
}

/// Why an experiment gave no totals.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The worker pool could not start.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// A sum reached its bound: the results would not be true.
    #[error(transparent)]
    Inexact(#[from] InexactError),
}

/// Runs all strategies of `scenario` for the replications in `opts.range`.
pub fn run(scenario: &Scenario, opts: &RunOptions) -> Result<ExperimentTotals, RunError> {
    run_with(scenario, opts, || ()).map(|(totals, ())| totals)
}

/// [`run`], feeding the same replications to the collectors made by `extra`
/// as well (for statistics beyond the totals, such as
/// [`super::feasible::BestWithinLimit`]). Fails when a sum is no longer exact
/// ([`ExperimentTotals::check_exact`]) rather than return totals whose
/// intervals would not be true.
pub fn run_with<C, F>(scenario: &Scenario, opts: &RunOptions, extra: F) -> Result<(ExperimentTotals, C), RunError>
where
    C: Collector,
    F: Fn() -> C + Sync + Send,
{
    let executor = opts.executor()?;
    let (n, weeks) = (scenario.strategies.len(), scenario.meta.weeks as usize);
    let new = || (Totals { totals: ExperimentTotals::new(n, weeks), baseline: scenario.baseline }, extra());
    let done = executor.run(&Arm::every_strategy(scenario), opts.range.clone(), new);
    let (totals, extra) = done.collected;
    totals.totals.check_exact()?;
    Ok((totals.totals, extra))
}

/// The collector of [`run`]: each strategy's totals, paired with the baseline.
struct Totals {
    totals: ExperimentTotals,
    baseline: usize,
}

impl Collector for Totals {
    fn replication(&mut self, _r: u64, runs: &[ArmRun], _observers: &[crate::sim::NoObserver]) {
        // The strictly most profitable strategy of this replication; a tie credits none.
        let best = sole_best(runs.iter().enumerate().map(|(s, run)| (s, run.metrics.profit)));
        let base = &runs[self.baseline].metrics;
        for (s, (acc, run)) in self.totals.strategies.iter_mut().zip(runs).enumerate() {
            acc.push(&run.metrics, base, &run.weekly);
            if best == Some(s) {
                acc.best_count += 1;
            }
        }
    }

    fn merge(&mut self, other: Self) {
        self.totals.merge(&other.totals);
    }
}

/// The index with the strictly highest profit among `(index, profit)` pairs;
/// `None` on a tie or when there are none (NaN profits never lead).
pub(crate) fn sole_best(profits: impl Iterator<Item = (usize, f64)> + Clone) -> Option<usize> {
    let top = profits.clone().map(|(_, p)| p).fold(f64::NEG_INFINITY, f64::max);
    let mut leaders = profits.filter(|&(_, p)| p == top).map(|(i, _)| i);
    match (leaders.next(), leaders.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}
