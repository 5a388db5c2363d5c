//! Latin hypercube designs on the unit cube, and a maximin run order so that
//! the points run first are spread over the whole space.

use rand_pcg::Pcg64Mcg;

use crate::sim::streams::{mix64, uniform};

/// `n` points in `[0, 1]^dims`: each dimension is cut into `n` equal strata and
/// every stratum holds exactly one point (at a random place within it).
pub fn latin_hypercube(n: usize, dims: usize, seed: u64) -> Vec<Vec<f64>> {
    let s = mix64(seed ^ 0x1a7e_c0de_0000_0001);
    let mut rng = Pcg64Mcg::new((u128::from(s) << 64) | u128::from(mix64(s)) | 1);
    let mut pts = vec![vec![0.0; dims]; n];
    for d in 0..dims {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = ((uniform(&mut rng) * (i + 1) as f64) as usize).min(i);
            perm.swap(i, j);
        }
        for (i, p) in pts.iter_mut().enumerate() {
            let u = uniform(&mut rng);
            p[d] = (perm[i] as f64 + u) / n as f64;
        }
    }
    pts
}

/// Greedy farthest-point order: start with the point nearest the centre, then
/// always take the point farthest from those already taken.
pub fn maximin_order(pts: &[Vec<f64>]) -> Vec<usize> {
    let n = pts.len();
    if n == 0 {
        return Vec::new();
    }
    let dist = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>();
    let centre = vec![0.5; pts[0].len()];
    let first = (0..n).min_by(|&a, &b| dist(&pts[a], &centre).total_cmp(&dist(&pts[b], &centre))).unwrap_or(0);
    let mut order = vec![first];
    let mut near: Vec<f64> = pts.iter().map(|p| dist(p, &pts[first])).collect();
    let mut taken = vec![false; n];
    taken[first] = true;
    while order.len() < n {
        let next =
            (0..n).filter(|&i| !taken[i]).max_by(|&a, &b| near[a].total_cmp(&near[b]).then(b.cmp(&a))).unwrap_or(0);
        taken[next] = true;
        order.push(next);
        for i in 0..n {
            near[i] = near[i].min(dist(&pts[i], &pts[next]));
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stratum_of_every_dimension_holds_one_point() {
        let pts = latin_hypercube(20, 3, 7);
        for d in 0..3 {
            let mut strata: Vec<usize> = pts.iter().map(|p| (p[d] * 20.0).floor() as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..20).collect::<Vec<_>>());
        }
    }

    #[test]
    fn maximin_order_visits_each_point_once() {
        let pts = latin_hypercube(30, 2, 1);
        let mut o = maximin_order(&pts);
        o.sort();
        assert_eq!(o, (0..30).collect::<Vec<_>>());
    }
}
