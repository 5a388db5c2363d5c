//! Full grids and their coarse-to-fine run order.

use super::design::{Point, Vary};

/// Every combination of levels, first lever slowest; `id` is the row-major index.
pub fn points(levers: &[Vary], steps: &[usize]) -> Vec<Point> {
    let total: usize = steps.iter().product();
    (0..total)
        .map(|id| {
            let idx = unravel(id, steps);
            let values = levers.iter().zip(&idx).zip(steps).map(|((v, &i), &n)| v.at(position(i, n))).collect();
            Point { id, values }
        })
        .collect()
}

/// Position in [0, 1] of level `i` of `n`.
fn position(i: usize, n: usize) -> f64 {
    if n <= 1 { 0.0 } else { i as f64 / (n - 1) as f64 }
}

/// Level indices of row-major index `id`.
pub fn unravel(mut id: usize, steps: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; steps.len()];
    for d in (0..steps.len()).rev() {
        idx[d] = id % steps[d];
        id /= steps[d];
    }
    idx
}

/// Refinement depth of level `i` of `n`: 0 for the ends, 1 for the middle, 2 for
/// the quarters, and so on (levels that are on no dyadic subdivision come last).
pub fn depth(i: usize, n: usize) -> u32 {
    if n <= 2 {
        return 0;
    }
    let span = (n - 1) as f64;
    for d in 0..32u32 {
        let parts = (1u64 << d) as f64;
        let on_grid = (0..=(1u64 << d)).any(|k| ((k as f64) * span / parts).round() as usize == i);
        if on_grid {
            return d;
        }
        if parts >= span {
            break;
        }
    }
    32
}

/// Run order of a grid: all points of the 2x2 (corner) grid first, then those of
/// the 3x3 grid, then 5x5 and so on, so that a sweep stopped at any moment has
/// covered the whole space evenly at some resolution. Ties run in id order.
pub fn coarse_to_fine(steps: &[usize]) -> Vec<usize> {
    let total: usize = steps.iter().product();
    let mut keyed: Vec<(u32, usize)> = (0..total)
        .map(|id| {
            let idx = unravel(id, steps);
            let d = idx.iter().zip(steps).map(|(&i, &n)| depth(i, n)).max().unwrap_or(0);
            (d, id)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nine_levels_refine_ends_then_middle_then_quarters() {
        let d: Vec<u32> = (0..9).map(|i| depth(i, 9)).collect();
        assert_eq!(d, vec![0, 3, 2, 3, 1, 3, 2, 3, 0]);
    }

    #[test]
    fn the_first_nine_points_of_a_9x9_grid_form_a_3x3_grid() {
        let order = coarse_to_fine(&[9, 9]);
        let mut first: Vec<Vec<usize>> = order[..9].iter().map(|&id| unravel(id, &[9, 9])).collect();
        first.sort();
        let expect: Vec<Vec<usize>> = [0, 4, 8].iter().flat_map(|&a| [0, 4, 8].map(|b| vec![a, b])).collect();
        assert_eq!(first, expect);
        let mut all = order.clone();
        all.sort();
        assert_eq!(all, (0..81).collect::<Vec<_>>());
    }
}
