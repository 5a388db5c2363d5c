//! Sandwich standard errors for a fit whose targets are correlated: moments
//! measured on ONE team history (a CRM export) move together (a common
//! market shock lifts revenue per rep and the share at quota at once), so
//! weighing them as independent, as the diagonal weight of the objective
//! does, overstates how much they pin down. With `W` the objective's
//! diagonal weights, `G` the Jacobian at the fit and `Ω` the covariance of
//! the targets' gaps,
//!
//! `V = (G'WG)⁻¹ G'W Ω W G (G'WG)⁻¹`.
//!
//! `Ω` = the targets' own covariance (each target's variance `se²`; between
//! two targets measured on the same history, the correlation the model
//! shows across simulated histories at the fit) + the simulated means'
//! covariance (`C / R`). The correlations come from one extra evaluation at
//! the fit that keeps every replication's moments.

use super::fit::Fit;
use super::inference::Z95;
use super::linalg::{Matrix, symmetric_eigen};
use super::moments::Moment;
use super::objective::Problem;
use super::observe::RecordsObserver;
use crate::experiment::executor::{Arm, ArmRun, Collector, Executor};

/// Each replication's moments.
struct Rows {
    moments: Vec<Moment>,
    rows: Vec<(u64, Vec<f64>)>,
}

impl Collector<RecordsObserver> for Rows {
    fn replication(&mut self, r: u64, _runs: &[ArmRun], observers: &[RecordsObserver]) {
        let records = observers[0].records();
        let v =
            self.moments.iter().map(|m| m.compute(&records).filter(|v| v.is_finite()).unwrap_or(f64::NAN)).collect();
        self.rows.push((r, v));
    }

    fn merge(&mut self, other: Self) {
        self.rows.extend(other.rows);
    }
}

/// Covariance across replications of the targeted moments at `theta`
/// (pairs where both are defined); `None` when cancelled or invalid.
pub fn moment_covariance(problem: &Problem, theta: &[f64], executor: &Executor) -> Option<Matrix> {
    if problem.moments().len() != problem.targets.len() {
        return None; // effect targets are not measured on records
    }
    let scenario = problem.scenario_at(theta).ok()?;
    let arms = [Arm { scenario: &scenario, strategy: problem.strategy }];
    let (weeks, slots) = (scenario.meta.weeks, scenario.team.size as usize);
    let done = executor.run_observed(
        &arms,
        0..problem.replications,
        || Rows { moments: problem.moments(), rows: Vec::new() },
        |_| RecordsObserver::new(weeks, slots),
    );
    if executor.cancelled() {
        return None;
    }
    let mut rows = done.collected.rows;
    rows.sort_by_key(|r| r.0);
    let k = problem.targets.len();
    let mut c = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..k {
            let pairs: Vec<(f64, f64)> =
                rows.iter().map(|(_, v)| (v[i], v[j])).filter(|(a, b)| a.is_finite() && b.is_finite()).collect();
            let n = pairs.len() as f64;
            if n < 2.0 {
                continue;
            }
            let (ma, mb) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
            c[i][j] = pairs.iter().map(|(a, b)| (a - ma) * (b - mb)).sum::<f64>() / (n - 1.0);
        }
    }
    Some(c)
}

/// Replaces the standard errors and intervals of `fit` by the sandwich of
/// the module documentation; `same_history[i]` marks targets measured on
/// the one history (correlated with each other as the model's `cov`
/// says). Parameters without a standard error (flat directions) keep none.
pub fn apply(fit: &mut Fit, problem: &Problem, cov: &Matrix, same_history: &[bool]) {
    let Some(g) = fit.jacobian.clone() else { return };
    let (k, p) = (problem.targets.len(), problem.parameters.len());
    let sd: Vec<f64> = (0..k).map(|i| cov[i][i].max(0.0).sqrt()).collect();
    let gap: Vec<f64> = (0..k).map(|i| fit.table[i].se.powi(2) + cov[i][i] / problem.replications as f64).collect();
    let w: Vec<f64> = gap.iter().map(|v| 1.0 / v).collect();
    let mut omega = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..k {
            let sim = cov[i][j] / problem.replications as f64;
            let data = if i == j {
                fit.table[i].se.powi(2)
            } else if same_history.get(i) == Some(&true)
                && same_history.get(j) == Some(&true)
                && sd[i] > 0.0
                && sd[j] > 0.0
            {
                cov[i][j] / (sd[i] * sd[j]) * fit.table[i].se * fit.table[j].se
            } else {
                0.0
            };
            omega[i][j] = data + sim;
        }
    }
    // A = G'WG, B = G'W Ω W G.
    let wg: Matrix = (0..k).map(|i| (0..p).map(|j| w[i] * g[i][j]).collect()).collect();
    let a: Matrix = (0..p).map(|j| (0..p).map(|l| (0..k).map(|i| g[i][j] * wg[i][l]).sum()).collect()).collect();
    let b: Matrix = (0..p)
        .map(|j| {
            (0..p)
                .map(|l| (0..k).map(|i| (0..k).map(|m| wg[i][j] * omega[i][m] * wg[m][l]).sum::<f64>()).sum())
                .collect()
        })
        .collect();
    let (values, vectors) = symmetric_eigen(&a);
    let top = values.first().copied().unwrap_or(0.0).max(0.0);
    let mut inv = vec![vec![0.0; p]; p];
    for (l, v) in values.iter().zip(&vectors) {
        if *l > 1e-10 * top && *l > 0.0 {
            for j in 0..p {
                for m in 0..p {
                    inv[j][m] += v[j] * v[m] / l;
                }
            }
        }
    }
    for (j, fp) in fit.parameters.iter_mut().enumerate() {
        if fp.se.is_none() {
            continue;
        }
        let var: f64 = (0..p).map(|x| (0..p).map(|y| inv[j][x] * b[x][y] * inv[y][j]).sum::<f64>()).sum();
        let se = var.max(0.0).sqrt();
        fp.se = Some(se);
        fp.ci95 = Some([(fp.value - Z95 * se).max(fp.lower), (fp.value + Z95 * se).min(fp.upper)]);
    }
}
