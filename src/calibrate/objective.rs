//! The objective: the simulated moments at a parameter vector, on FIXED
//! common random numbers (the same seed and replications at every
//! evaluation, so the distance moves smoothly with the parameters instead of
//! jumping with fresh noise), and their distance to the targets
//!
//! `D(θ) = Σ_i (m_i(θ) − t_i)² / (se_i² + s_i²(θ) / R)`,
//!
//! where `s_i²` is the variance of moment `i` across the `R` replications:
//! the simulation's own noise is added to each target's variance. Each
//! replication's moments come from its records ([`super::observe`]) and are
//! summed exactly ([`crate::experiment::moments::Moments`]), so an
//! evaluation gives the same bits on any thread count.

use super::inference::Z95;
use super::moments::Moment;
use super::observe::RecordsObserver;
use super::statistic::Effect;
use super::targets::{Parameter, Target};
use crate::analysis::levers::{Lever, apply};
use crate::config::{ConfigError, Scenario};
use crate::experiment::executor::{Arm, ArmRun, Collector, Executor};
use crate::experiment::moments::Moments;
use crate::validate::ValidationOptions;

/// Distance given to a parameter vector at which a targeted moment cannot be
/// computed in any replication.
pub const UNDEFINED_DISTANCE: f64 = 1.0e12;

/// What the simulation says about each targeted moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SimulatedMoments {
    /// Mean over replications (NaN when no replication defines it).
    pub mean: Vec<f64>,
    /// Variance across replications (0 with fewer than two).
    pub variance: Vec<f64>,
    /// Replications in which the moment was defined.
    pub n: Vec<u64>,
}

impl SimulatedMoments {
    /// The variance of the mean of moment `i` (`s_i² / n_i`).
    pub fn variance_of_mean(&self, i: usize) -> f64 {
        if self.n[i] == 0 { f64::INFINITY } else { self.variance[i] / self.n[i] as f64 }
    }
}

/// The calibration problem: a base scenario and today's plan, the targets,
/// the free parameters and the replications of each evaluation.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The base scenario (today's plan is its baseline).
    pub scenario: Scenario,
    /// Index of today's plan.
    pub strategy: usize,
    /// The targets.
    pub targets: Vec<Target>,
    /// The free parameters.
    pub parameters: Vec<Parameter>,
    /// Replications per evaluation (at least 2).
    pub replications: u64,
}

/// Sums of each targeted moment over replications.
struct MomentSums {
    moments: Vec<Moment>,
    sums: Vec<Moments>,
}

impl Collector<RecordsObserver> for MomentSums {
    fn replication(&mut self, _r: u64, _runs: &[ArmRun], observers: &[RecordsObserver]) {
        let records = observers[0].records();
        for (m, sum) in self.moments.iter().zip(&mut self.sums) {
            if let Some(v) = m.compute(&records).filter(|v| v.is_finite()) {
                sum.push(v);
            }
        }
    }

    fn merge(&mut self, other: Self) {
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.merge(b);
        }
    }
}

impl Problem {
    /// The base scenario with the free parameters set to `theta` (in file
    /// order, natural units).
    pub fn scenario_at(&self, theta: &[f64]) -> Result<Scenario, ConfigError> {
        let settings: Vec<(&Lever, f64)> =
            self.parameters.iter().map(|p| &p.lever).zip(theta.iter().copied()).collect();
        let mut s = apply(&self.scenario, self.strategy, &settings)?;
        s.baseline = self.strategy;
        Ok(s)
    }

    /// The free parameters' first starts: the file's `start`, else the value
    /// in the base scenario, clamped to their bounds.
    pub fn base_values(&self) -> Vec<f64> {
        self.parameters
            .iter()
            .map(|p| {
                p.start
                    .or_else(|| p.lever.get(&self.scenario, self.strategy))
                    .unwrap_or(p.lower)
                    .clamp(p.lower, p.upper)
            })
            .collect()
    }

    /// The targets' statistics simulated at `theta` on the executor's fixed
    /// common random numbers, in target order; `Ok(None)` when the run was
    /// cancelled.
    pub fn simulate(&self, theta: &[f64], executor: &Executor) -> Result<Option<SimulatedMoments>, ConfigError> {
        let scenario = self.scenario_at(theta)?;
        let k = self.targets.len();
        let mut sim = SimulatedMoments { mean: vec![f64::NAN; k], variance: vec![0.0; k], n: vec![0; k] };
        let moments: Vec<(usize, Moment)> =
            self.targets.iter().enumerate().filter_map(|(i, t)| t.statistic.moment().map(|m| (i, m))).collect();
        if !moments.is_empty() {
            let ms: Vec<Moment> = moments.iter().map(|x| x.1).collect();
            let Some(part) = simulate_moments(&scenario, self.strategy, &ms, self.replications, executor) else {
                return Ok(None);
            };
            for (j, (i, _)) in moments.iter().enumerate() {
                sim.mean[*i] = part.mean[j];
                sim.variance[*i] = part.variance[j];
                sim.n[*i] = part.n[j];
            }
        }
        let Some(()) = self.simulate_effects(&scenario, executor, &mut sim)? else { return Ok(None) };
        Ok(Some(sim))
    }

    /// The effect targets' checks at `scenario`'s `[behavior]`: each fact
    /// run once in the validation lab on `executor`'s common random numbers;
    /// the variance of a check's mean is read from its 95 % interval.
    fn simulate_effects(
        &self,
        scenario: &Scenario,
        executor: &Executor,
        sim: &mut SimulatedMoments,
    ) -> Result<Option<()>, ConfigError> {
        let effects: Vec<(usize, Effect)> =
            self.targets.iter().enumerate().filter_map(|(i, t)| t.statistic.effect().map(|e| (i, e))).collect();
        if effects.is_empty() {
            return Ok(Some(()));
        }
        let behavior = toml::Table::try_from(&scenario.behavior)
            .map_err(|e| ConfigError::Io(format!("the [behavior] table could not be written: {e}")))?;
        let opts =
            ValidationOptions { replications: self.replications, executor: executor.clone(), behavior: Some(behavior) };
        let mut done: Vec<(&str, crate::validate::FactResult)> = Vec::new();
        for (i, e) in effects {
            let k = match done.iter().position(|(id, _)| *id == e.fact) {
                Some(k) => k,
                None => {
                    let result = (e.run)(&opts)?;
                    if executor.cancelled() {
                        return Ok(None);
                    }
                    done.push((e.fact, result));
                    done.len() - 1
                }
            };
            let Some(check) = done[k].1.checks.get(e.check) else {
                return Err(ConfigError::Inconsistent {
                    key_path: format!("target[{i}].check"),
                    message: format!("fact `{}` has no check {}", e.fact, e.check),
                });
            };
            let se = check.measured.half_width() / Z95;
            let n = self.replications;
            sim.mean[i] = check.measured.mean;
            sim.variance[i] = se * se * n as f64;
            sim.n[i] = if check.measured.mean.is_finite() { n } else { 0 };
        }
        Ok(Some(()))
    }

    /// The targeted moments of the records, in target order (effect targets
    /// left out).
    pub fn moments(&self) -> Vec<Moment> {
        self.targets.iter().filter_map(|t| t.statistic.moment()).collect()
    }

    /// The variance of target `i`'s gap: `se_i² + s_i² / n_i`.
    pub fn gap_variance(&self, sim: &SimulatedMoments, i: usize) -> f64 {
        self.targets[i].se.powi(2) + sim.variance_of_mean(i)
    }

    /// The distance `D` of the module documentation.
    pub fn distance(&self, sim: &SimulatedMoments) -> f64 {
        let mut d = 0.0;
        for (i, t) in self.targets.iter().enumerate() {
            if sim.n[i] == 0 || !sim.mean[i].is_finite() {
                return UNDEFINED_DISTANCE;
            }
            d += (sim.mean[i] - t.value).powi(2) / self.gap_variance(sim, i);
        }
        d
    }
}

/// Moments `moments` of strategy `strategy` of `scenario` over replications
/// `0..replications` of `executor`, each replication's computed from its
/// records; `None` when the run was cancelled.
pub fn simulate_moments(
    scenario: &Scenario,
    strategy: usize,
    moments: &[Moment],
    replications: u64,
    executor: &Executor,
) -> Option<SimulatedMoments> {
    let arms = [Arm { scenario, strategy }];
    let (weeks, slots) = (scenario.meta.weeks, scenario.team.size as usize);
    let done = executor.run_observed(
        &arms,
        0..replications,
        || MomentSums { moments: moments.to_vec(), sums: vec![Moments::default(); moments.len()] },
        |_| RecordsObserver::new(weeks, slots),
    );
    if done.replications < replications || executor.cancelled() {
        return None;
    }
    let sums = done.collected.sums;
    Some(SimulatedMoments {
        mean: sums.iter().map(|s| if s.n == 0 { f64::NAN } else { s.mean() }).collect(),
        variance: sums.iter().map(|s| if s.n < 2 { 0.0 } else { s.variance() }).collect(),
        n: sums.iter().map(|s| s.n).collect(),
    })
}
