//! The fit: minimise the objective ([`super::objective`]) with argmin's
//! Nelder–Mead simplex on the free parameters mapped to the unit box (a
//! reflection keeps every vertex inside the bounds without flat regions),
//! from several deterministic starts (the base scenario's values, then a
//! Halton design), keeping the best point. Then a finite-difference
//! Jacobian of the moments at the best point gives the standard errors,
//! the J test and the identifiability report ([`super::inference`]).
//!
//! The budget counts simulated evaluations (each runs every replication);
//! the Jacobian's `2p` are reserved out of it. A progress callback hears
//! every evaluation; the executor's cancellation flag stops the search,
//! which then reports the best point so far as interrupted (no standard
//! errors: they need evaluations that were not run).

use std::cell::{Cell, RefCell};

use argmin::core::{CostFunction, Error as ArgminError, Executor as Argmin};
use argmin::solver::neldermead::NelderMead;
use serde::Serialize;

use super::inference::{Identifiability, JTest, Z95, infer, j_test};
use super::objective::{Problem, SimulatedMoments, UNDEFINED_DISTANCE};
use crate::config::ConfigError;
use crate::experiment::executor::Executor;

/// Size of each starting simplex's edge, in the unit box.
pub const SIMPLEX_EDGE: f64 = 0.15;

/// Finite-difference step of the Jacobian, in the unit box (a share of
/// each parameter's bound width).
pub const JACOBIAN_STEP: f64 = 0.05;

/// Nelder–Mead stops once the spread of the simplex's distances is below this.
pub const SD_TOLERANCE: f64 = 1e-3;

/// How the search runs.
#[derive(Debug, Clone, PartialEq)]
pub struct FitSettings {
    /// Evaluations in all (search and Jacobian).
    pub budget: usize,
    /// Starts of the simplex search.
    pub starts: usize,
    /// The first start, natural units [default: the base scenario's values].
    pub start: Option<Vec<f64>>,
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings { budget: 200, starts: 3, start: None }
    }
}

/// Where the search stands, after each evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Evaluations run.
    pub evaluations: usize,
    /// The budget.
    pub budget: usize,
    /// The smallest distance so far.
    pub best: f64,
}

/// Why a calibration could not run.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// The budget cannot pay for the starts and the Jacobian.
    #[error(
        "--budget {budget} is too small: {starts} starts of {per_start} evaluations and {jacobian} for the standard errors need at least {need}"
    )]
    Budget {
        /// The budget given.
        budget: usize,
        /// Starts.
        starts: usize,
        /// Least evaluations per start.
        per_start: usize,
        /// Evaluations of the Jacobian.
        jacobian: usize,
        /// The least budget.
        need: usize,
    },
    /// A parameter vector gave an invalid scenario.
    #[error("the scenario at the start values is invalid: {0}")]
    Scenario(#[from] ConfigError),
    /// Stopped before any evaluation finished.
    #[error("stopped before the first evaluation finished; nothing to report")]
    Interrupted,
    /// No evaluation gave a defined distance.
    #[error("no evaluation could compute every targeted moment (are the records long enough for them?)")]
    Undefined,
}

/// A fitted parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedParameter {
    /// The scenario key.
    pub key: String,
    /// The fitted value.
    pub value: f64,
    /// Its standard error (`None` when not computed or on a flat direction).
    pub se: Option<f64>,
    /// The 95 % interval, clipped to the bounds.
    pub ci95: Option<[f64; 2]>,
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
}

/// One line of the fit table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitRow {
    /// The statistic's id (a moment, or `fact[check]`).
    pub moment: String,
    /// Its unit.
    pub unit: &'static str,
    /// Target value.
    pub target: f64,
    /// Target standard error.
    pub se: f64,
    /// Where the target comes from.
    pub source: String,
    /// Simulated value at the fit (mean over replications).
    pub simulated: f64,
    /// 95 % interval of the simulated mean (simulation noise only).
    pub simulated_ci95: [f64; 2],
    /// `(simulated − target) / √(se² + s²/R)`.
    pub z: f64,
}

/// One start of the search and where it ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StartResult {
    /// Starting values.
    pub start: Vec<f64>,
    /// Best values found from it.
    pub end: Vec<f64>,
    /// Distance there.
    pub distance: f64,
    /// Evaluations it used.
    pub evaluations: usize,
}

/// The result of a calibration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fit {
    /// Fitted parameters, in file order.
    pub parameters: Vec<FittedParameter>,
    /// The fit table, in target order.
    pub table: Vec<FitRow>,
    /// The objective at the fit.
    pub distance: f64,
    /// The over-identification test (more targets than parameters only).
    pub j_test: Option<JTest>,
    /// Identifiability (`None` when interrupted before the Jacobian).
    pub identifiability: Option<Identifiability>,
    /// The Jacobian of the moments in the parameters (natural units).
    pub jacobian: Option<Vec<Vec<f64>>>,
    /// Each start of the search.
    pub starts: Vec<StartResult>,
    /// Evaluations run.
    pub evaluations: usize,
    /// The budget.
    pub budget: usize,
    /// Replications per evaluation.
    pub replications: u64,
    /// The master seed of the common random numbers.
    pub seed: u64,
    /// Whether the search was stopped before it finished.
    pub interrupted: bool,
}

/// Reflects `x` into [0, 1] (a triangle wave: continuous, no flat region).
fn reflect(x: f64) -> f64 {
    let r = x.rem_euclid(2.0);
    if r > 1.0 { 2.0 - r } else { r }
}

/// The `i`-th point of the Halton sequence in base `base`.
fn halton(mut i: usize, base: usize) -> f64 {
    let (mut f, mut r) = (1.0, 0.0);
    while i > 0 {
        f /= base as f64;
        r += f * (i % base) as f64;
        i /= base;
    }
    r
}

const PRIMES: [usize; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

/// The best point so far.
#[derive(Debug, Clone)]
struct Best {
    u: Vec<f64>,
    distance: f64,
    sim: SimulatedMoments,
}

/// Evaluations by unit-box point (the bits of each coordinate): distance
/// and moments, `None` for an invalid scenario.
type Cache = Vec<(Vec<u64>, Option<(f64, SimulatedMoments)>)>;

/// The objective as argmin sees it, with the budget, cache and progress.
struct Search<'a, 'p> {
    problem: &'a Problem,
    executor: &'a Executor,
    budget: usize,
    evaluations: Cell<usize>,
    /// Evaluations allowed until the current start gives up.
    limit: Cell<usize>,
    cache: RefCell<Cache>,
    best: RefCell<Option<Best>>,
    stopped: Cell<bool>,
    progress: RefCell<&'p mut dyn FnMut(&Progress)>,
}

impl Search<'_, '_> {
    fn theta(&self, u: &[f64]) -> Vec<f64> {
        self.problem.parameters.iter().zip(u).map(|(p, &u)| p.lower + u * p.width()).collect()
    }

    /// Distance and moments at unit-box point `u`; `None` when stopped. An
    /// invalid scenario counts as an undefined distance.
    fn evaluate(&self, u: &[f64]) -> Option<(f64, Option<SimulatedMoments>)> {
        let key: Vec<u64> = u.iter().map(|x| x.to_bits()).collect();
        if let Some((_, hit)) = self.cache.borrow().iter().find(|(k, _)| *k == key) {
            return Some(match hit {
                Some((d, sim)) => (*d, Some(sim.clone())),
                None => (UNDEFINED_DISTANCE, None),
            });
        }
        if self.stopped.get() || self.executor.cancelled() {
            self.stopped.set(true);
            return None;
        }
        let out = match self.problem.simulate(&self.theta(u), self.executor) {
            Ok(None) => {
                self.stopped.set(true);
                return None;
            }
            Ok(Some(sim)) => Some((self.problem.distance(&sim), sim)),
            Err(_) => None,
        };
        self.evaluations.set(self.evaluations.get() + 1);
        if let Some((d, sim)) = &out {
            let mut best = self.best.borrow_mut();
            if best.as_ref().is_none_or(|b| *d < b.distance) {
                *best = Some(Best { u: u.to_vec(), distance: *d, sim: sim.clone() });
            }
        }
        self.cache.borrow_mut().push((key, out.clone()));
        let best = self.best.borrow().as_ref().map_or(f64::INFINITY, |b| b.distance);
        (self.progress.borrow_mut())(&Progress { evaluations: self.evaluations.get(), budget: self.budget, best });
        Some(match out {
            Some((d, sim)) => (d, Some(sim)),
            None => (UNDEFINED_DISTANCE, None),
        })
    }
}

/// argmin's view: unconstrained `x`, reflected into the unit box.
struct Cost<'s, 'a, 'p>(&'s Search<'a, 'p>);

impl CostFunction for Cost<'_, '_, '_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, x: &Vec<f64>) -> Result<f64, ArgminError> {
        let s = self.0;
        if s.evaluations.get() >= s.limit.get() {
            return Err(ArgminError::msg("evaluation budget of this start spent"));
        }
        let u: Vec<f64> = x.iter().map(|&x| reflect(x)).collect();
        match s.evaluate(&u) {
            Some((d, _)) => Ok(d),
            None => Err(ArgminError::msg("stopped")),
        }
    }
}

/// Calibrates `problem` on `executor`'s fixed common random numbers (see the
/// module documentation); `progress` hears every evaluation.
pub fn fit(
    problem: &Problem,
    executor: &Executor,
    settings: &FitSettings,
    progress: &mut dyn FnMut(&Progress),
) -> Result<Fit, CalibrateError> {
    let p = problem.parameters.len();
    let starts = settings.starts.max(1);
    let jacobian = 2 * p;
    let per_start = 2 * (p + 1);
    let need = starts * per_start + jacobian;
    if settings.budget < need {
        return Err(CalibrateError::Budget { budget: settings.budget, starts, per_start, jacobian, need });
    }
    let first = settings.start.clone().unwrap_or_else(|| problem.base_values());
    problem.scenario_at(&first)?;
    let to_unit = |theta: &[f64]| -> Vec<f64> {
        problem.parameters.iter().zip(theta).map(|(q, &t)| ((t - q.lower) / q.width()).clamp(0.0, 1.0)).collect()
    };
    let mut points = vec![to_unit(&first)];
    points.extend((1..starts).map(|i| (0..p).map(|j| halton(i, PRIMES[j % PRIMES.len()])).collect()));
    let search = Search {
        problem,
        executor,
        budget: settings.budget,
        evaluations: Cell::new(0),
        limit: Cell::new(0),
        cache: RefCell::new(Vec::new()),
        best: RefCell::new(None),
        stopped: Cell::new(false),
        progress: RefCell::new(progress),
    };
    let mut results = Vec::new();
    for (i, u0) in points.iter().enumerate() {
        if search.stopped.get() {
            break;
        }
        let used = search.evaluations.get();
        let left = settings.budget - jacobian - used;
        search.limit.set(used + left / (starts - i));
        let before = search.best.borrow().clone();
        *search.best.borrow_mut() = None;
        let simplex: Vec<Vec<f64>> = std::iter::once(u0.clone())
            .chain((0..p).map(|j| {
                let mut v = u0.clone();
                v[j] += if v[j] + SIMPLEX_EDGE <= 1.0 { SIMPLEX_EDGE } else { -SIMPLEX_EDGE };
                v
            }))
            .collect();
        // The tolerance is a valid positive number, so this cannot fail.
        if let Ok(solver) = NelderMead::new(simplex).with_sd_tolerance(SD_TOLERANCE) {
            // Ends by convergence, the start's budget or a stop; the best
            // point is kept by `search` whichever it is.
            let _ = Argmin::new(Cost(&search), solver).configure(|s| s.max_iters(100_000)).run();
        }
        let here = search.best.borrow().clone();
        if let Some(h) = &here {
            results.push(StartResult {
                start: search.theta(u0),
                end: search.theta(&h.u),
                distance: h.distance,
                evaluations: search.evaluations.get() - used,
            });
        }
        *search.best.borrow_mut() = match (before, here) {
            (Some(b), Some(h)) => Some(if h.distance < b.distance { h } else { b }),
            (b, h) => h.or(b),
        };
    }
    let best = search.best.borrow().clone();
    let Some(best) = best else {
        return Err(if search.stopped.get() { CalibrateError::Interrupted } else { CalibrateError::Undefined });
    };
    if best.distance >= UNDEFINED_DISTANCE {
        return Err(CalibrateError::Undefined);
    }
    search.limit.set(settings.budget);
    let interrupted = search.stopped.get();
    let g = if interrupted { None } else { jacobian_at(&search, &best) };
    let interrupted = interrupted || search.stopped.get();
    Ok(assemble(problem, executor, settings, &search, &best, g, results, interrupted))
}

/// The Jacobian of the moments at the best point by central differences
/// (one-sided at a bound), natural units; `None` when stopped.
fn jacobian_at(search: &Search, best: &Best) -> Option<Vec<Vec<f64>>> {
    let problem = search.problem;
    let (k, p) = (problem.targets.len(), problem.parameters.len());
    let mut g = vec![vec![0.0; p]; k];
    for j in 0..p {
        let (mut up, mut down) = (best.u.clone(), best.u.clone());
        up[j] = (best.u[j] + JACOBIAN_STEP).min(1.0);
        down[j] = (best.u[j] - JACOBIAN_STEP).max(0.0);
        let (_, hi) = search.evaluate(&up)?;
        let (_, lo) = search.evaluate(&down)?;
        let (Some(hi), Some(lo)) = (hi, lo) else {
            // An invalid neighbour: this column stays 0 (a flat direction).
            continue;
        };
        let dtheta = (up[j] - down[j]) * problem.parameters[j].width();
        for (i, row) in g.iter_mut().enumerate() {
            let d = (hi.mean[i] - lo.mean[i]) / dtheta;
            row[j] = if d.is_finite() { d } else { 0.0 };
        }
    }
    Some(g)
}

#[allow(clippy::too_many_arguments)]
fn assemble(
    problem: &Problem,
    executor: &Executor,
    settings: &FitSettings,
    search: &Search,
    best: &Best,
    g: Option<Vec<Vec<f64>>>,
    starts: Vec<StartResult>,
    interrupted: bool,
) -> Fit {
    let theta = search.theta(&best.u);
    let sim = &best.sim;
    let gap: Vec<f64> = (0..problem.targets.len()).map(|i| problem.gap_variance(sim, i)).collect();
    let names: Vec<String> = problem.parameters.iter().map(|p| p.key().to_string()).collect();
    let widths: Vec<f64> = problem.parameters.iter().map(|p| p.width()).collect();
    let inference = g.as_ref().map(|g| infer(g, &gap, &names, &widths));
    let parameters = problem
        .parameters
        .iter()
        .enumerate()
        .map(|(j, p)| {
            let se = inference.as_ref().and_then(|inf| inf.se[j]);
            FittedParameter {
                key: p.key().to_string(),
                value: theta[j],
                se,
                ci95: se.map(|s| [(theta[j] - Z95 * s).max(p.lower), (theta[j] + Z95 * s).min(p.upper)]),
                lower: p.lower,
                upper: p.upper,
            }
        })
        .collect();
    let table = problem
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let half = Z95 * sim.variance_of_mean(i).sqrt();
            FitRow {
                moment: t.statistic.id(),
                unit: t.statistic.unit(),
                target: t.value,
                se: t.se,
                source: t.source.clone(),
                simulated: sim.mean[i],
                simulated_ci95: [sim.mean[i] - half, sim.mean[i] + half],
                z: (sim.mean[i] - t.value) / gap[i].sqrt(),
            }
        })
        .collect();
    Fit {
        parameters,
        table,
        distance: best.distance,
        j_test: j_test(best.distance, problem.targets.len(), problem.parameters.len()),
        identifiability: inference.map(|i| i.identifiability),
        jacobian: g,
        starts,
        evaluations: search.evaluations.get(),
        budget: settings.budget,
        replications: problem.replications,
        seed: executor.seed(),
        interrupted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflection_keeps_points_in_the_unit_box_continuously() {
        for (x, u) in [(0.3, 0.3), (1.2, 0.8), (-0.25, 0.25), (2.1, 0.1), (-1.5, 0.5)] {
            assert!((reflect(x) - u).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn halton_points_fill_the_box() {
        assert_eq!(halton(1, 2), 0.5);
        assert_eq!(halton(2, 2), 0.25);
        assert!((halton(1, 3) - 1.0 / 3.0).abs() < 1e-12);
    }
}
