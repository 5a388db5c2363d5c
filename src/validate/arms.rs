//! Paired experiments for the validation battery: several arms (a scenario and
//! one of its strategies each) run on the same replications with common random
//! numbers, reduced to per-replication statistics and summed exactly.

use rayon::prelude::*;

use super::ValidationOptions;
use crate::config::{ConfigError, Scenario};
use crate::experiment::moments::Moments;
use crate::model::policy::Policy;
use crate::sim::market::market_path;
use crate::sim::streams::StreamKey;
use crate::sim::{Observer, ReplicationMetrics, WeekRow, run_observed};

/// One arm: a scenario and the index of the strategy to run.
#[derive(Debug, Clone)]
pub struct Arm {
    /// The scenario (each arm may have its own, e.g. another behaviour).
    pub scenario: Scenario,
    /// Strategy index within the scenario.
    pub strategy: usize,
}

/// What one arm produced in one replication.
#[derive(Debug, Clone)]
pub struct ArmRun {
    /// Headline metrics.
    pub metrics: ReplicationMetrics,
    /// Weekly means.
    pub weekly: Vec<WeekRow>,
}

/// Builds a scenario from built-in text, with the user's `[behavior]` keys (if
/// any) laid over the scenario's own.
pub fn scenario(text: &str, opts: &ValidationOptions) -> Result<Scenario, ConfigError> {
    let Some(user) = &opts.behavior else { return Scenario::from_toml_str(text) };
    let mut table: toml::Table = toml::from_str(text).map_err(|e| ConfigError::Syntax {
        line: 1,
        column: 1,
        message: format!("built-in scenario: {e}"),
    })?;
    let behavior = table.entry("behavior").or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(b) = behavior {
        for (k, v) in user {
            b.insert(k.clone(), v.clone());
        }
    }
    Scenario::from_toml_str(&toml::to_string(&table).unwrap_or_default())
}

/// Every strategy of a scenario as arms.
pub fn all_strategies(s: &Scenario) -> Vec<Arm> {
    (0..s.strategies.len()).map(|strategy| Arm { scenario: s.clone(), strategy }).collect()
}

/// Runs every arm on each replication with common random numbers and returns the
/// sums of the statistics `measure` computes from one replication's runs and
/// observers.
pub fn paired<O, F>(arms: &[Arm], opts: &ValidationOptions, n_stats: usize, measure: F) -> Vec<Moments>
where
    O: Observer + Default + Send,
    F: Fn(&[ArmRun], &[O]) -> Vec<f64> + Sync,
{
    let policies: Vec<Policy> =
        arms.iter().map(|a| Policy::new(&a.scenario, &a.scenario.strategies[a.strategy])).collect();
    let work = || {
        (0..opts.replications)
            .into_par_iter()
            .fold(
                || vec![Moments::default(); n_stats],
                |mut acc, r| {
                    let key = StreamKey::new(opts.seed, r, None);
                    let mut observers: Vec<O> = arms.iter().map(|_| O::default()).collect();
                    let runs: Vec<ArmRun> = arms
                        .iter()
                        .zip(&policies)
                        .zip(observers.iter_mut())
                        .map(|((arm, policy), obs)| {
                            let s = &arm.scenario;
                            let market = market_path(&s.market, s.meta.weeks, &key);
                            let mut weekly = vec![[0.0; crate::sim::N_SERIES]; s.meta.weeks as usize];
                            let metrics = run_observed(s, policy, &key, &market, &mut weekly, obs);
                            ArmRun { metrics, weekly }
                        })
                        .collect();
                    for (m, v) in acc.iter_mut().zip(measure(&runs, &observers)) {
                        m.push(v);
                    }
                    acc
                },
            )
            .reduce(
                || vec![Moments::default(); n_stats],
                |mut a, b| {
                    a.iter_mut().zip(&b).for_each(|(x, y)| x.merge(y));
                    a
                },
            )
    };
    match opts.threads.and_then(|t| rayon::ThreadPoolBuilder::new().num_threads(t).build().ok()) {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Mean of weekly series `k` over weeks `from..to` (0-based, clamped).
pub fn window_mean(weekly: &[WeekRow], k: usize, from: usize, to: usize) -> f64 {
    let to = to.min(weekly.len());
    if from >= to {
        return 0.0;
    }
    weekly[from..to].iter().map(|r| r[k]).sum::<f64>() / (to - from) as f64
}
