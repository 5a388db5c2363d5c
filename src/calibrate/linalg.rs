//! The little linear algebra calibration needs: the eigen-decomposition of a
//! small symmetric matrix by cyclic Jacobi rotations (exact enough for the
//! handful of free parameters a calibration has), from which the singular
//! values of `W^½ G` and the pseudo-inverse of `G' W G` follow.

/// A square matrix, row by row.
pub type Matrix = Vec<Vec<f64>>;

/// Eigenvalues (descending) and unit eigenvectors (`vectors[k]` belongs to
/// `values[k]`) of the symmetric matrix `a`.
pub fn symmetric_eigen(a: &Matrix) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut m = a.clone();
    let mut v: Matrix = (0..n).map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i][j].powi(2))
            .sum();
        let scale: f64 = (0..n).map(|i| m[i][i].powi(2)).sum::<f64>().max(f64::MIN_POSITIVE);
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if m[p][q] == 0.0 {
                    continue;
                }
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let sign = if theta >= 0.0 { 1.0 } else { -1.0 };
                let t = sign / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in m.iter_mut() {
                    let (mkp, mkq) = (row[p], row[q]);
                    row[p] = c * mkp - s * mkq;
                    row[q] = s * mkp + c * mkq;
                }
                let (row_p, row_q) = (m[p].clone(), m[q].clone());
                for k in 0..n {
                    m[p][k] = c * row_p[k] - s * row_q[k];
                    m[q][k] = s * row_p[k] + c * row_q[k];
                }
                for row in v.iter_mut() {
                    let (vp, vq) = (row[p], row[q]);
                    row[p] = c * vp - s * vq;
                    row[q] = s * vp + c * vq;
                }
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| m[y][y].total_cmp(&m[x][x]));
    let values = order.iter().map(|&k| m[k][k]).collect();
    let vectors = order.iter().map(|&k| (0..n).map(|i| v[i][k]).collect()).collect();
    (values, vectors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn eigenvalues_of_a_known_symmetric_matrix() {
        let a = vec![vec![2.0, 1.0, 0.0], vec![1.0, 2.0, 0.0], vec![0.0, 0.0, 5.0]];
        let (values, vectors) = symmetric_eigen(&a);
        assert_relative_eq!(values[0], 5.0, epsilon = 1e-12);
        assert_relative_eq!(values[1], 3.0, epsilon = 1e-12);
        assert_relative_eq!(values[2], 1.0, epsilon = 1e-12);
        // A v = λ v for each pair.
        for (l, v) in values.iter().zip(&vectors) {
            for i in 0..3 {
                let av: f64 = (0..3).map(|j| a[i][j] * v[j]).sum();
                assert_relative_eq!(av, l * v[i], epsilon = 1e-10);
            }
        }
    }
}
