//! The engine behind sweeps, the optimiser and sensitivity: one strategy variant
//! run on replications `range` with common random numbers, paired with the
//! baseline of the same replications. The baseline's runs can be computed once
//! and reused for every variant that shares its world (same `[behavior]`,
//! `[market]` and `[team]`), which halves the cost of a sweep.
//!
//! A variant that equals a strategy of the scenario gives exactly the numbers
//! `salesim run` gives for it: the streams are keyed by (seed, replication) as in
//! [`crate::experiment::runner`].

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::config::Scenario;
use crate::config::uncertain::draw_world;
use crate::experiment::accumulator::StrategyAccumulator;
use crate::experiment::runner::PoolError;
use crate::experiment::summary::{StrategySummary, strategy_summary};
use crate::model::policy::Policy;
use crate::sim::market::market_path;
use crate::sim::streams::StreamKey;
use crate::sim::{N_SERIES, ReplicationMetrics, WeekRow, run_replication};

/// Runs `f` on a pool of `threads` workers (`None`: rayon's global pool, all cores).
pub fn in_pool<T: Send>(threads: Option<usize>, f: impl FnOnce() -> T + Send) -> Result<T, PoolError> {
    match threads {
        None => Ok(f()),
        Some(threads) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| PoolError { threads, message: e.to_string() })?;
            Ok(pool.install(f))
        }
    }
}

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
pub fn run_strategy(
    scenario: &Scenario,
    strategy: usize,
    seed: u64,
    range: Range<u64>,
    cancel: &AtomicBool,
) -> Option<Runs> {
    let policy = Policy::new(scenario, &scenario.strategies[strategy]);
    let weeks = scenario.meta.weeks as usize;
    let runs: Vec<Option<ReplicationMetrics>> = range
        .clone()
        .into_par_iter()
        .map_init(
            || vec![[0.0; N_SERIES]; weeks],
            |weekly, r| {
                if cancel.load(Ordering::Relaxed) {
                    return None;
                }
                Some(one(scenario, strategy, &policy, seed, r, weekly))
            },
        )
        .collect();
    let runs: Option<Vec<ReplicationMetrics>> = runs.into_iter().collect();
    runs.map(|runs| Runs { start: range.start, runs })
}

fn one(
    scenario: &Scenario,
    strategy: usize,
    policy: &Policy,
    seed: u64,
    r: u64,
    weekly: &mut [WeekRow],
) -> ReplicationMetrics {
    let key = StreamKey::new(seed, r, None);
    if scenario.uncertain.is_empty() {
        let market = market_path(&scenario.market, scenario.meta.weeks, &key);
        return run_replication(scenario, policy, &key, &market, weekly);
    }
    // One sampled world per replication, as in the experiment runner.
    let world = draw_world(scenario, &key);
    let policy = Policy::new(&world, &world.strategies[strategy]);
    let market = market_path(&world.market, world.meta.weeks, &key);
    run_replication(&world, &policy, &key, &market, weekly)
}

/// Runs strategy `strategy` of `variant` on each replication of `range` and pairs
/// it with `baseline`'s runs of the same replication (which must cover `range`).
/// `None` if cancelled part-way.
pub fn run_variant(
    variant: &Scenario,
    strategy: usize,
    seed: u64,
    range: Range<u64>,
    baseline: &Runs,
    cancel: &AtomicBool,
) -> Option<StrategyAccumulator> {
    let policy = Policy::new(variant, &variant.strategies[strategy]);
    let weeks = variant.meta.weeks as usize;
    let (acc, stopped) = range
        .into_par_iter()
        .fold(
            || (StrategyAccumulator::new(weeks), vec![[0.0; N_SERIES]; weeks], false),
            |(mut acc, mut weekly, mut stopped), r| {
                if cancel.load(Ordering::Relaxed) {
                    stopped = true;
                } else {
                    let m = one(variant, strategy, &policy, seed, r, &mut weekly);
                    let base = baseline.get(r).expect("baseline covers the range");
                    acc.push(&m, base, &weekly);
                }
                (acc, weekly, stopped)
            },
        )
        .map(|(acc, _, stopped)| (acc, stopped))
        .reduce(
            || (StrategyAccumulator::new(weeks), false),
            |(mut a, sa), (b, sb)| {
                a.merge(&b);
                (a, sa || sb)
            },
        );
    (!stopped).then_some(acc)
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
