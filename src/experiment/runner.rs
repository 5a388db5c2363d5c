//! Runs an experiment: every strategy for a range of replications, in parallel
//! over replications (rayon), with keyed streams so that results do not depend on
//! the thread count and exact fixed-point sums so that they do not depend on the
//! completion order.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use super::accumulator::ExperimentTotals;
use crate::config::Scenario;
use crate::config::uncertain::draw_world;
use crate::model::policy::Policy;
use crate::sim::market::market_path;
use crate::sim::streams::StreamKey;
use crate::sim::{ReplicationMetrics, WeekRow, run_replication};

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
    /// When set, also count per replication the most profitable strategy among
    /// those with attrition at most this (% per year) in that replication.
    pub max_attrition: Option<f64>,
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
            max_attrition: None,
        }
    }
}

/// Error starting the worker pool.
#[derive(Debug, thiserror::Error)]
#[error("cannot start {threads} worker threads: {message}")]
pub struct PoolError {
    /// Threads requested.
    pub threads: usize,
    /// What the system said.
    pub message: String,
}

/// Runs all strategies of `scenario` for the replications in `opts.range`.
pub fn run(scenario: &Scenario, opts: &RunOptions) -> Result<ExperimentTotals, PoolError> {
    let policies: Vec<Policy> = scenario.strategies.iter().map(|s| Policy::new(scenario, s)).collect();
    let weeks = scenario.meta.weeks as usize;
    let n_strategies = policies.len();
    let work = || {
        opts.range
            .clone()
            .into_par_iter()
            .fold(
                || (ExperimentTotals::new(n_strategies, weeks), Buffers::new(n_strategies, weeks)),
                |(mut totals, mut buf), r| {
                    if !opts.cancel.load(Ordering::Relaxed) {
                        run_one(scenario, &policies, opts, r, &mut buf);
                        add_replication(&mut totals, &buf, scenario.baseline, opts.max_attrition);
                        opts.done.fetch_add(1, Ordering::Relaxed);
                    }
                    (totals, buf)
                },
            )
            .map(|(t, _)| t)
            .reduce(
                || ExperimentTotals::new(n_strategies, weeks),
                |mut a, b| {
                    a.merge(&b);
                    a
                },
            )
    };
    let mut totals = match opts.threads {
        None => work(),
        Some(threads) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| PoolError { threads, message: e.to_string() })?;
            pool.install(work)
        }
    };
    totals.max_attrition = opts.max_attrition;
    Ok(totals)
}

/// Per-worker scratch space for one replication of every strategy.
struct Buffers {
    metrics: Vec<ReplicationMetrics>,
    weekly: Vec<Vec<WeekRow>>,
}

impl Buffers {
    fn new(n_strategies: usize, weeks: usize) -> Self {
        Buffers {
            metrics: vec![ReplicationMetrics::default(); n_strategies],
            weekly: vec![vec![[0.0; crate::sim::N_SERIES]; weeks]; n_strategies],
        }
    }
}

/// Runs replication `r` of every strategy into `buf`.
fn run_one(scenario: &Scenario, policies: &[Policy], opts: &RunOptions, r: u64, buf: &mut Buffers) {
    let shared_key = StreamKey::new(opts.seed, r, None);
    // With uncertain assumptions each replication draws its own world, shared by
    // every strategy of the replication; plain scenarios take the direct path.
    let world;
    let world_policies: Vec<Policy>;
    let (scenario, policies) = if scenario.uncertain.is_empty() {
        (scenario, policies)
    } else {
        world = draw_world(scenario, &shared_key);
        world_policies = world.strategies.iter().map(|s| Policy::new(&world, s)).collect();
        (&world, &world_policies[..])
    };
    let shared_market = market_path(&scenario.market, scenario.meta.weeks, &shared_key);
    for (s, policy) in policies.iter().enumerate() {
        let (key, market) = if opts.crn {
            (shared_key, None)
        } else {
            let key = StreamKey::new(opts.seed, r, Some(s as u64));
            (key, Some(market_path(&scenario.market, scenario.meta.weeks, &key)))
        };
        let market = market.as_deref().unwrap_or(&shared_market);
        buf.metrics[s] = run_replication(scenario, policy, &key, market, &mut buf.weekly[s]);
    }
}

fn add_replication(totals: &mut ExperimentTotals, buf: &Buffers, baseline: usize, max_attrition: Option<f64>) {
    // The strictly most profitable strategy of this replication; a tie credits none.
    let top = buf.metrics.iter().map(|m| m.profit).fold(f64::NEG_INFINITY, f64::max);
    let leaders: Vec<usize> = (0..buf.metrics.len()).filter(|&i| buf.metrics[i].profit == top).collect();
    let best = if leaders.len() == 1 { Some(leaders[0]) } else { None };
    for (s, acc) in totals.strategies.iter_mut().enumerate() {
        acc.push(&buf.metrics[s], &buf.metrics[baseline], &buf.weekly[s]);
        if best == Some(s) {
            acc.best_count += 1;
        }
    }
    if let Some(max) = max_attrition {
        let ok: Vec<usize> = (0..buf.metrics.len()).filter(|&i| buf.metrics[i].attrition_pct <= max).collect();
        let top = ok.iter().map(|&i| buf.metrics[i].profit).fold(f64::NEG_INFINITY, f64::max);
        let leaders: Vec<usize> = ok.into_iter().filter(|&i| buf.metrics[i].profit == top).collect();
        if let [only] = leaders[..] {
            totals.strategies[only].best_feasible_count += 1;
        }
    }
}
