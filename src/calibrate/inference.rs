//! What the fit says about the parameters: standard errors by the delta
//! (sandwich) method, the over-identification test and identifiability.
//!
//! With `G` the Jacobian of the simulated moments in the parameters (finite
//! differences on the same common random numbers) and `W` the diagonal of
//! inverse gap variances (`1 / (se² + s² / R)`, the weights of the
//! objective), the sandwich `(G'WG)⁻¹ G'W Ω W G (G'WG)⁻¹` with `Ω = W⁻¹`
//! (the weights are the inverse variances of the gaps) reduces to
//! `V = (G'WG)⁻¹`. Identifiability is read on the parameters scaled to
//! their bounds (`G D`, `D` the bound widths): the singular values of
//! `W^½ G D`, their condition number, parameters whose standard error
//! exceeds half their bound width (not identified by these targets) and
//! pairs whose estimates correlate beyond [`CORRELATION_FLAG`].

use serde::Serialize;
use statrs::distribution::{ChiSquared, ContinuousCDF};

use super::linalg::{Matrix, symmetric_eigen};

/// |correlation| beyond which a pair of estimates is flagged.
pub const CORRELATION_FLAG: f64 = 0.9;

/// Eigenvalues of `D G'WG D` below this share of the largest are flat
/// directions.
pub const FLAT_TOLERANCE: f64 = 1e-10;

/// Normal quantile of a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The over-identification test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JTest {
    /// `J`: the objective at the optimum.
    pub statistic: f64,
    /// Degrees of freedom, targets − parameters.
    pub df: usize,
    /// `P(χ²_df ≥ J)`.
    pub p_value: f64,
}

/// The J test of `distance` with `targets − parameters` degrees of freedom
/// (`None` when the parameters are as many as the targets or more).
pub fn j_test(distance: f64, targets: usize, parameters: usize) -> Option<JTest> {
    let df = targets.checked_sub(parameters).filter(|&d| d > 0)?;
    let chi = ChiSquared::new(df as f64).ok()?;
    Some(JTest { statistic: distance, df, p_value: 1.0 - chi.cdf(distance) })
}

/// Identifiability of the parameters by the targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Identifiability {
    /// Singular values of `W^½ G D`, descending.
    pub singular_values: Vec<f64>,
    /// Largest over smallest singular value (infinite when one is 0).
    pub condition_number: f64,
    /// Parameters the targets do not pin down (standard error above half the
    /// bound width, or on a flat direction).
    pub not_identified: Vec<String>,
    /// Pairs of parameters with |correlation| above [`CORRELATION_FLAG`].
    pub correlated: Vec<(String, String, f64)>,
    /// Correlation matrix of the estimates (NaN where undefined).
    pub correlation: Matrix,
}

/// Standard errors and identifiability at a fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Inference {
    /// Standard error of each parameter, natural units (`None` on a flat
    /// direction).
    pub se: Vec<Option<f64>>,
    /// The covariance `V`, natural units.
    pub covariance: Matrix,
    /// Identifiability.
    pub identifiability: Identifiability,
}

/// Standard errors and identifiability from the Jacobian `g` (`g[i][j]`:
/// moment `i` in parameter `j`, natural units), the gap variances and the
/// parameters' names and bound widths.
pub fn infer(g: &Matrix, gap_variance: &[f64], names: &[String], widths: &[f64]) -> Inference {
    let p = widths.len();
    // A = D G'WG D, scaled to the bounds.
    let mut a: Matrix = vec![vec![0.0; p]; p];
    for (row, var) in g.iter().zip(gap_variance) {
        let w = 1.0 / var;
        for j in 0..p {
            for l in 0..p {
                a[j][l] += row[j] * widths[j] * w * row[l] * widths[l];
            }
        }
    }
    let (values, vectors) = symmetric_eigen(&a);
    let top = values.first().copied().unwrap_or(0.0).max(0.0);
    let flat: Vec<bool> = values.iter().map(|&l| !(l > FLAT_TOLERANCE * top && l > 0.0)).collect();
    // Pseudo-inverse on the identified directions.
    let mut vs: Matrix = vec![vec![0.0; p]; p];
    for (k, (l, v)) in values.iter().zip(&vectors).enumerate() {
        if flat[k] {
            continue;
        }
        for j in 0..p {
            for m in 0..p {
                vs[j][m] += v[j] * v[m] / l;
            }
        }
    }
    let on_flat: Vec<bool> = (0..p)
        .map(|j| values.iter().zip(&vectors).enumerate().any(|(k, (_, v))| flat[k] && v[j].abs() > 1e-6))
        .collect();
    let se_scaled: Vec<Option<f64>> =
        (0..p).map(|j| if on_flat[j] { None } else { Some(vs[j][j].max(0.0).sqrt()) }).collect();
    let covariance: Matrix = (0..p).map(|j| (0..p).map(|m| vs[j][m] * widths[j] * widths[m]).collect()).collect();
    let se = se_scaled.iter().zip(widths).map(|(s, w)| s.map(|s| s * w)).collect();
    let correlation: Matrix = (0..p)
        .map(|j| {
            (0..p)
                .map(|m| match (se_scaled[j], se_scaled[m]) {
                    (Some(a), Some(b)) if a > 0.0 && b > 0.0 => vs[j][m] / (a * b),
                    _ => f64::NAN,
                })
                .collect()
        })
        .collect();
    let singular_values: Vec<f64> = values.iter().map(|l| l.max(0.0).sqrt()).collect();
    let condition_number = match (singular_values.first(), singular_values.last()) {
        (Some(&hi), Some(&lo)) if lo > 0.0 => hi / lo,
        _ => f64::INFINITY,
    };
    let not_identified = (0..p).filter(|&j| se_scaled[j].is_none_or(|s| s > 0.5)).map(|j| names[j].clone()).collect();
    let mut correlated = Vec::new();
    for j in 0..p {
        for m in j + 1..p {
            let r: f64 = correlation[j][m];
            if r.abs() > CORRELATION_FLAG {
                correlated.push((names[j].clone(), names[m].clone(), r));
            }
        }
    }
    Inference {
        se,
        covariance,
        identifiability: Identifiability { singular_values, condition_number, not_identified, correlated, correlation },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn one_moment_one_parameter_gives_the_delta_method_error() {
        // m = 2θ, gap sd 0.1: se(θ) = 0.1 / 2.
        let inf = infer(&vec![vec![2.0]], &[0.01], &["a".into()], &[1.0]);
        assert_relative_eq!(inf.se[0].unwrap(), 0.05, epsilon = 1e-12);
        assert!(inf.identifiability.not_identified.is_empty());
    }

    #[test]
    fn a_parameter_no_moment_moves_is_not_identified() {
        let g = vec![vec![1.0, 0.0], vec![2.0, 0.0]];
        let inf = infer(&g, &[1.0, 1.0], &["a".into(), "b".into()], &[1.0, 1.0]);
        assert_eq!(inf.identifiability.not_identified, vec!["b".to_string()]);
        assert!(inf.se[1].is_none() && inf.se[0].is_some());
        assert!(inf.identifiability.condition_number.is_infinite());
    }

    #[test]
    fn parameters_moving_moments_alike_are_flagged_as_correlated() {
        let g = vec![vec![1.0, 1.0], vec![1.0, 1.05]];
        let inf = infer(&g, &[0.01, 0.01], &["a".into(), "b".into()], &[1.0, 1.0]);
        assert_eq!(inf.identifiability.correlated.len(), 1);
        assert!(inf.identifiability.correlated[0].2 < -0.9);
    }

    #[test]
    fn the_j_test_uses_targets_minus_parameters_degrees_of_freedom() {
        let j = j_test(3.84, 3, 2).unwrap();
        assert_eq!(j.df, 1);
        assert_relative_eq!(j.p_value, 0.05, epsilon = 1e-3);
        assert!(j_test(1.0, 2, 2).is_none());
    }
}
