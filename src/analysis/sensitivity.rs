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
//! [`model_output`] turns a point of the cube into a scenario (each parameter
//! scaled into its range) and runs it on common random numbers.

use std::sync::atomic::AtomicBool;

use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::levers::{Lever, apply};
use super::paired::run_strategy;
use crate::config::Scenario;
use crate::experiment::accumulator::percent_change;
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

/// Morris results for one factor (effects per unit of the factor's range).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MorrisEffect {
    /// Mean elementary effect.
    pub mu: f64,
    /// Mean absolute elementary effect (the importance measure).
    pub mu_star: f64,
    /// Standard deviation of the elementary effects.
    pub sigma: f64,
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

/// Elementary-effect statistics from the values at the design's points.
pub fn morris_effects(d: &MorrisDesign, values: &[f64]) -> Vec<MorrisEffect> {
    let mut effects: Vec<Vec<f64>> = vec![Vec::new(); d.k];
    let traj = d.points.len() / (d.k + 1);
    for t in 0..traj {
        for step in 0..d.k {
            let a = t * (d.k + 1) + step;
            let i = d.changed[t * d.k + step];
            let dx = d.points[a + 1][i] - d.points[a][i];
            effects[i].push((values[a + 1] - values[a]) / dx);
        }
    }
    effects
        .iter()
        .map(|e| {
            let n = e.len().max(1) as f64;
            let mu = e.iter().sum::<f64>() / n;
            let mu_star = e.iter().map(|v| v.abs()).sum::<f64>() / n;
            let var = if e.len() > 1 { e.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / (n - 1.0) } else { 0.0 };
            MorrisEffect { mu, mu_star, sigma: var.sqrt() }
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
    /// Total order ST_i: share due to the factor and all its interactions.
    pub total: f64,
}

/// Sobol indices from the values at the points of [`saltelli_design`].
pub fn sobol_indices(k: usize, n: usize, values: &[f64]) -> Vec<SobolIndex> {
    let fa = &values[..n];
    let fb = &values[n..2 * n];
    let all = &values[..2 * n];
    let mean = all.iter().sum::<f64>() / (2 * n) as f64;
    let var = all.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (2 * n - 1).max(1) as f64;
    (0..k)
        .map(|i| {
            let fab = &values[(2 + i) * n..(3 + i) * n];
            if var <= 0.0 {
                return SobolIndex { first: 0.0, total: 0.0 };
            }
            let first = (0..n).map(|j| fb[j] * (fab[j] - fa[j])).sum::<f64>() / n as f64 / var;
            let total = (0..n).map(|j| (fa[j] - fab[j]).powi(2)).sum::<f64>() / (2 * n) as f64 / var;
            SobolIndex { first, total }
        })
        .collect()
}

/// What to measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// Profit lift of the strategy against the baseline, %.
    Lift,
    /// Attrition of the strategy, %/yr.
    Attrition,
    /// Profit of the strategy minus that of another, USD per slot per year.
    Gap(String),
}

impl Output {
    /// Description with its unit.
    pub fn describe(&self, strategy: &str, baseline: &str) -> String {
        match self {
            Output::Lift => format!("profit lift of {strategy} against {baseline}, %"),
            Output::Attrition => format!("attrition of {strategy}, %/yr"),
            Output::Gap(o) => format!("profit of {strategy} minus profit of {o}, USD per slot per year"),
        }
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
/// random numbers. `None` if cancelled.
#[allow(clippy::too_many_arguments)]
pub fn model_output(
    scenario: &Scenario,
    factors: &[Factor],
    u: &[f64],
    strategy: usize,
    output: &Output,
    seed: u64,
    replications: u64,
    cancel: &AtomicBool,
) -> Result<Option<f64>, String> {
    let settings: Vec<(&Lever, f64)> =
        factors.iter().zip(u).map(|(f, t)| (&f.lever, f.lo + t.clamp(0.0, 1.0) * (f.hi - f.lo))).collect();
    let mut s = apply(scenario, strategy, &settings).map_err(|e| e.to_string())?;
    // A parameter being scanned is fixed at its scanned value, not drawn.
    s.uncertain.retain(|u| !factors.iter().any(|f| f.lever.key == format!("{}.{}", u.section.prefix(), u.key)));
    let Some(runs) = run_strategy(&s, strategy, seed, 0..replications, cancel) else { return Ok(None) };
    let mean = |v: &mut dyn Iterator<Item = f64>| {
        let (sum, n) = v.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
        sum / n.max(1) as f64
    };
    let value = match output {
        Output::Attrition => mean(&mut runs.runs.iter().map(|m| m.attrition_pct)),
        Output::Lift => {
            let Some(base) = run_strategy(&s, s.baseline, seed, 0..replications, cancel) else { return Ok(None) };
            mean(&mut runs.runs.iter().zip(&base.runs).map(|(m, b)| percent_change(m.profit, b.profit)))
        }
        Output::Gap(other) => {
            let o = s
                .strategies
                .iter()
                .position(|x| &x.name == other)
                .ok_or_else(|| format!("no strategy named \"{other}\""))?;
            let Some(base) = run_strategy(&s, o, seed, 0..replications, cancel) else { return Ok(None) };
            mean(&mut runs.runs.iter().zip(&base.runs).map(|(m, b)| m.profit - b.profit))
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
