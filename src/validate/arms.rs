//! Paired experiments for the validation battery: several arms (a scenario and
//! one of its strategies each) run on the executor on the same replications with
//! common random numbers, reduced to per-replication statistics and summed
//! exactly.

use super::ValidationOptions;
use crate::config::{ConfigError, Scenario};
pub use crate::experiment::executor::ArmRun;
use crate::experiment::executor::{self, Collector};
use crate::experiment::moments::Moments;
use crate::sim::{Observer, WeekRow};

/// One arm: a scenario and the index of the strategy to run.
#[derive(Debug, Clone)]
pub struct Arm {
    /// The scenario (each arm may have its own, e.g. another behaviour).
    pub scenario: Scenario,
    /// Strategy index within the scenario.
    pub strategy: usize,
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
    paired_observed(arms, opts, n_stats, |_| O::default(), measure)
}

/// [`paired`] with the observer of each arm made by `observer(arm)`, for
/// experiments whose arms differ only in what the observer does (forced
/// quits in one arm, none in the other).
pub fn paired_observed<O, G, F>(
    arms: &[Arm],
    opts: &ValidationOptions,
    n_stats: usize,
    observer: G,
    measure: F,
) -> Vec<Moments>
where
    O: Observer + Send,
    G: Fn(usize) -> O + Sync + Send,
    F: Fn(&[ArmRun], &[O]) -> Vec<f64> + Sync,
{
    let arms: Vec<executor::Arm> =
        arms.iter().map(|a| executor::Arm { scenario: &a.scenario, strategy: a.strategy }).collect();
    let new = || Measured { sums: vec![Moments::default(); n_stats], measure: &measure };
    opts.executor.run_observed(&arms, 0..opts.replications, new, observer).collected.sums
}

/// Sums of the statistics of each replication.
struct Measured<'f, F> {
    sums: Vec<Moments>,
    measure: &'f F,
}

impl<O, F> Collector<O> for Measured<'_, F>
where
    F: Fn(&[ArmRun], &[O]) -> Vec<f64> + Sync,
{
    fn replication(&mut self, _r: u64, runs: &[ArmRun], observers: &[O]) {
        for (m, v) in self.sums.iter_mut().zip((self.measure)(runs, observers)) {
            m.push(v);
        }
    }

    fn merge(&mut self, other: Self) {
        self.sums.iter_mut().zip(&other.sums).for_each(|(x, y)| x.merge(y));
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
