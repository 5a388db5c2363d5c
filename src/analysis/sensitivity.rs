//! Global sensitivity analysis: which assumptions move an output most.
//!
//! Two estimators on the unit cube, each split into a design (the points to
//! evaluate) and an analysis of the values, so that the model runs can be done
//! in any order and in parallel:
//!
//! * Morris elementary effects (Morris 1991; Campolongo, Cariboni & Saltelli
//!   2007 for mu*): `r` one-at-a-time trajectories on a `p`-level grid with step
//!   `Δ = p / (2 (p - 1))`; per factor the mean effect mu, the mean absolute
//!   effect mu* (importance) and the spread sigma (non-linearity or
//!   interactions). Cost: `r (k + 1)` evaluations.
//! * Sobol indices with Saltelli sampling (Saltelli et al. 2010): matrices A
//!   and B of `n` random points and the `k` matrices AB_i (A with column i from
//!   B); first-order indices by Saltelli's 2010 estimator and total-order
//!   indices by Jansen's. Cost: `n (k + 2)` evaluations.
//!
//! Every index carries a 95 % bootstrap percentile interval
//! ([`BOOTSTRAP_RESAMPLES`] resamples, fixed seed): of the trajectories for
//! Morris, of the base rows j (with their AB_i rows) for Sobol. The interval
//! covers the sampling of the design and, since each evaluation is a Monte Carlo
//! mean, the part of the simulation noise that reaches the effects.
//!
//! [`model_output`] turns a point of the cube into a scenario (each parameter
//! scaled into its range) and runs it on common random numbers.

use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::levers::{Lever, apply};
use super::outcome::Outcome;
use super::paired::run_strategy;
use crate::config::Scenario;
use crate::experiment::executor::Executor;
use crate::sim::streams::{mix64, uniform};

fn rng(seed: u64) -> Pcg64Mcg {
    let s = mix64(seed ^ 0x5e45_1e17_0000_0003);
    Pcg64Mcg::new((u128::from(s) << 64) | u128::from(mix64(s)) | 1)
}

/// A Morris design: `trajectories` runs of `k + 1` points each.
#[derive(Debug, Clone, PartialEq)]
pub struct MorrisDesign {
    /// Factors.
    pub k: usize,
    /// Points, trajectory after trajectory.
    pub points: Vec<Vec<f64>>,
    /// For each step of each trajectory, the factor changed.
    pub changed: Vec<usize>,
}

/// Bootstrap resamples behind every sensitivity interval.
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// Morris results for one factor (effects per unit of the factor's range).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MorrisEffect {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect (the importance measure).
    pub mu_star: f64,
    /// 95 % bootstrap interval of `mu_star` (resampling trajectories).
    pub mu_star_ci95: [f64; 2],
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
}

/// 2.5 % and 97.5 % percentiles of `v` (sorted in place; nearest rank).
fn percentile_interval(v: &mut [f64]) -> [f64; 2] {
    if v.is_empty() {
        return [f64::NAN, f64::NAN];
    }
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((q * (v.len() - 1) as f64).round() as usize).min(v.len() - 1)];
    [at(0.025), at(0.975)]
}

/// The generator of the bootstrap resamples (fixed: an analysis of the same
/// values always gives the same intervals).
fn bootstrap_rng() -> Pcg64Mcg {
    rng(0xb007_57a9)
}

/// Index drawn uniformly from `0..n`.
fn draw_index(r: &mut Pcg64Mcg, n: usize) -> usize {
    ((uniform(r) * n as f64) as usize).min(n - 1)
}

/// `trajectories` Morris trajectories on a `levels`-level grid (levels even, at least 2).
pub fn morris_design(k: usize, trajectories: usize, levels: usize, seed: u64) -> MorrisDesign {
    let p = levels.max(2) as f64;
    let delta = p / (2.0 * (p - 1.0));
    let mut r = rng(seed);
    let mut points = Vec::with_capacity(trajectories * (k + 1));
    let mut changed = Vec::with_capacity(trajectories * k);
    // Base levels are those from which a step of +delta stays within [0, 1].
    let base_levels: Vec<f64> =
        (0..levels.max(2)).map(|l| l as f64 / (p - 1.0)).filter(|x| *x + delta <= 1.0 + 1e-12).collect();
    for _ in 0..trajectories {
        let mut x: Vec<f64> = (0..k)
            .map(|_| base_levels[((uniform(&mut r) * base_levels.len() as f64) as usize).min(base_levels.len() - 1)])
            .collect();
        // Random direction per factor: start high and step down, or low and step up.
        let up: Vec<bool> = (0..k).map(|_| uniform(&mut r) < 0.5).collect();
        for i in 0..k {
            if !up[i] {
                x[i] += delta;
            }
        }
        let mut order: Vec<usize> = (0..k).collect();
        for i in (1..k).rev() {
            let j = ((uniform(&mut r) * (i + 1) as f64) as usize).min(i);
            order.swap(i, j);
        }
        points.push(x.clone());
        for &i in &order {
            x[i] = if up[i] { x[i] + delta } else { x[i] - delta };
            points.push(x.clone());
            changed.push(i);
        }
    }
    MorrisDesign { k, points, changed }
}

/// Elementary-effect statistics from the values at the design's points, with
/// bootstrap intervals of mu* over trajectories.
pub fn morris_effects(d: &MorrisDesign, values: &[f64]) -> Vec<MorrisEffect> {
    let traj = d.points.len() / (d.k + 1);
    // effects[i][t]: the elementary effect of factor i in trajectory t (each
    // trajectory moves every factor exactly once).
    let mut effects: Vec<Vec<f64>> = vec![Vec::with_capacity(traj); d.k];
    for t in 0..traj {
        for step in 0..d.k {
            let a = t * (d.k + 1) + step;
            let i = d.changed[t * d.k + step];
            let dx = d.points[a + 1][i] - d.points[a][i];
            effects[i].push((values[a + 1] - values[a]) / dx);
        }
    }
    let mut r = bootstrap_rng();
    let mut boot = vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); d.k];
    for _ in 0..BOOTSTRAP_RESAMPLES {
        let picks: Vec<usize> = (0..traj).map(|_| draw_index(&mut r, traj)).collect();
        for (e, b) in effects.iter().zip(boot.iter_mut()) {
            b.push(picks.iter().map(|&t| e[t].abs()).sum::<f64>() / traj.max(1) as f64);
        }
    }
    effects
        .iter()
        .zip(boot.iter_mut())
        .map(|(e, b)| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let var = if e.len() > 1 { e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0) } else { 0.0 };
            MorrisEffect { mu, mu_star, mu_star_ci95: percentile_interval(b), sigma: var.sqrt() }
        })
        .collect()
}

/// Saltelli's design: rows of A, then B, then AB_1 ... AB_k (`n (k + 2)` points).
pub fn saltelli_design(k: usize, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut r = rng(seed ^ 0x50b0);
    let a: Vec<Vec<f64>> = (0..n).map(|_| (0..k).map(|_| uniform(&mut r)).collect()).collect();
    let b: Vec<Vec<f64>> = (0..n).map(|_| (0..k).map(|_| uniform(&mut r)).collect()).collect();
    let mut out = a.clone();
    out.extend(b.iter().cloned());
    for i in 0..k {
        for j in 0..n {
            let mut row = a[j].clone();
            row[i] = b[j][i];
            out.push(row);
        }
    }
    out
}

/// First- and total-order Sobol indices of one factor.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SobolIndex {
    /// First order S_i: share of variance due to the factor alone.
    pub first: f64,
    /// 95 % bootstrap interval of `first`.
    pub first_ci95: [f64; 2],
    /// Total order ST_i: share due to the factor and all its interactions.
    pub total: f64,
    /// 95 % bootstrap interval of `total`.
    pub total_ci95: [f64; 2],
}

/// First- and total-order estimates of every factor over the base rows `rows`
/// of the Saltelli design (`rows` may repeat rows: the bootstrap does).
fn sobol_estimates(k: usize, n: usize, values: &[f64], rows: &[usize]) -> Vec<(f64, f64)> {
    let (fa, fb) = (&values[..n], &values[n..2 * n]);
    let m = rows.len() as f64;
    let mean = rows.iter().map(|&j| fa[j] + fb[j]).sum::<f64>() / (2.0 * m);
    let var =
        rows.iter().map(|&j| (fa[j] - mean).powi(2) + (fb[j] - mean).powi(2)).sum::<f64>() / (2.0 * m - 1.0).max(1.0);
    (0..k)
        .map(|i| {
            if var <= 0.0 {
                return (0.0, 0.0);
            }
            let fab = &values[(2 + i) * n..(3 + i) * n];
            let first = rows.iter().map(|&j| fb[j] * (fab[j] - fa[j])).sum::<f64>() / m / var;
            let total = rows.iter().map(|&j| (fa[j] - fab[j]).powi(2)).sum::<f64>() / (2.0 * m) / var;
            (first, total)
        })
        .collect()
}

/// Sobol indices from the values at the points of [`saltelli_design`], with
/// bootstrap intervals over the base rows.
pub fn sobol_indices(k: usize, n: usize, values: &[f64]) -> Vec<SobolIndex> {
    let all: Vec<usize> = (0..n).collect();
    let point = sobol_estimates(k, n, values, &all);
    let mut r = bootstrap_rng();
    let (mut firsts, mut totals) =
        (vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k], vec![Vec::with_capacity(BOOTSTRAP_RESAMPLES); k]);
    let mut rows = vec![0; n];
    for _ in 0..BOOTSTRAP_RESAMPLES {
        rows.iter_mut().for_each(|j| *j = draw_index(&mut r, n));
        for (i, (f, t)) in sobol_estimates(k, n, values, &rows).into_iter().enumerate() {
            firsts[i].push(f);
            totals[i].push(t);
        }
    }
    point
        .into_iter()
        .enumerate()
        .map(|(i, (first, total))| SobolIndex {
            first,
            first_ci95: percentile_interval(&mut firsts[i]),
            total,
            total_ci95: percentile_interval(&mut totals[i]),
        })
        .collect()
}

/// What to measure: an outcome of the strategy, compared with `vs` (another
/// strategy of the scenario) when given, else a lift against the baseline and
/// a level on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The outcome.
    pub outcome: Outcome,
    /// The comparison strategy, by name.
    pub vs: Option<String>,
}

impl Output {
    /// Description with its unit.
    pub fn describe(&self, strategy: &str, baseline: &str) -> String {
        let other = self.vs.as_deref().or(self.outcome.needs_comparison().then_some(baseline));
        self.outcome.describe(strategy, other)
    }

    /// Strategy runs per replication of one evaluation.
    pub fn runs_per_replication(&self) -> u64 {
        if self.vs.is_some() || self.outcome.needs_comparison() { 2 } else { 1 }
    }
}

/// An uncertain parameter and the range it is scanned over.
#[derive(Debug, Clone)]
pub struct Factor {
    /// The parameter.
    pub lever: Lever,
    /// Lowest value.
    pub lo: f64,
    /// Highest value.
    pub hi: f64,
}

impl Factor {
    /// The factor at `nominal * (1 ± spread)`, clipped to the key's allowed range.
    pub fn around(lever: Lever, nominal: f64, spread: f64) -> Factor {
        let (a, b) = (nominal * (1.0 - spread), nominal * (1.0 + spread));
        let (lo, hi) = (a.min(b).max(lever.spec.min), a.max(b).min(lever.spec.max));
        Factor { lever, lo, hi }
    }
}

/// The output at one point of the unit cube: the scenario with every factor
/// set to `lo + u (hi - lo)`, run for replications `0..replications` on common
/// random numbers on `executor`. `None` if cancelled.
#[allow(clippy::too_many_arguments)]
pub fn model_output(
    scenario: &Scenario,
    factors: &[Factor],
    u: &[f64],
    strategy: usize,
    output: &Output,
    executor: &Executor,
    replications: u64,
) -> Result<Option<f64>, String> {
    let settings: Vec<(&Lever, f64)> =
        factors.iter().zip(u).map(|(f, t)| (&f.lever, f.lo + t.clamp(0.0, 1.0) * (f.hi - f.lo))).collect();
    let mut s = apply(scenario, strategy, &settings).map_err(|e| e.to_string())?;
    // A parameter being scanned is fixed at its scanned value, not drawn.
    s.uncertain.retain(|u| !factors.iter().any(|f| f.lever.key == format!("{}.{}", u.section.prefix(), u.key)));
    let Some(runs) = run_strategy(executor, &s, strategy, 0..replications) else { return Ok(None) };
    let mean = |v: &mut dyn Iterator<Item = f64>| {
        let (sum, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        sum / n.max(1) as f64
    };
    let other = match &output.vs {
        Some(name) => Some(
            s.strategies.iter().position(|x| &x.name == name).ok_or_else(|| format!("no strategy named \"{name}\""))?,
        ),
        None => output.outcome.needs_comparison().then_some(s.baseline),
    };
    let value = match other {
        None => mean(&mut runs.runs.iter().map(|m| output.outcome.value(m, None))),
        Some(o) => {
            let Some(base) = run_strategy(executor, &s, o, 0..replications) else { return Ok(None) };
            mean(&mut runs.runs.iter().zip(&base.runs).map(|(m, b)| output.outcome.value(m, Some(b))))
        }
    };
    Ok(Some(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn morris_steps_change_one_factor_by_delta() {
        let d = morris_design(3, 4, 4, 1);
        assert_eq!(d.points.len(), 16);
        for t in 0..4 {
            for s in 0..3 {
                let a = &d.points[t * 4 + s];
                let b = &d.points[t * 4 + s + 1];
                let diff: Vec<f64> = a.iter().zip(b).map(|(x, y)| (y - x).abs()).collect();
                assert_eq!(diff.iter().filter(|v| **v > 1e-12).count(), 1);
                assert!((diff.iter().sum::<f64>() - 2.0 / 3.0).abs() < 1e-12);
                assert!(b.iter().all(|v| (0.0..=1.0 + 1e-12).contains(v)));
            }
        }
    }
}
