//! Pipeline, relationships and stochastic sales.
//!
//! A rep's effort is split in fixed shares between prospecting and closing.
//! Prospecting opens opportunities that enter a pipeline; each week `1/cycle`
//! of the pipeline matures and closes at a rate that rises with the closing
//! time each maturing deal gets (relative to a steady pipeline fed at the
//! same effort, where it is normal whatever the effort) and with
//! customer-relationship quality. Sustained effort therefore sells more only
//! through the opportunities it opens; a burst of effort also closes more of
//! the deals maturing now (`docs/model.md` 3.9). Deal counts are Poisson, drawn by inversion from
//! a single uniform (so that common random numbers couple strategies tightly);
//! deal sizes are log-normal.

use rand::Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};

/// Relationship quality a rep starts with and that careful selling maintains.
pub const RELATIONSHIP_NORMAL: f64 = 0.7;

/// Above this mean, deal counts are drawn with rand_distr's sampler instead of
/// inversion.
const INVERSION_LIMIT: f64 = 30.0;

/// Counts below this are found by [`poisson_head`] in a fixed number of
/// steps (lane-wise in the weekly loop); larger ones by the same inversion
/// continued one rep at a time.
pub const POISSON_TERMS: u32 = 8;

/// Poisson count with mean `lambda` from the uniform `u` by inversion of the CDF,
/// monotone in `u`: a higher mean never gives fewer deals for the same luck.
/// Above a mean of 30 the count comes from rand_distr's sampler on `rng`.
#[inline]
pub fn poisson_from_uniform<R: Rng + ?Sized>(lambda: f64, u: f64, rng: &mut R) -> u32 {
    poisson_given_zero(lambda, super::fastmath::exp(-lambda), u, rng)
}

/// [`poisson_from_uniform`] with the chance of no deal, `p_zero = exp(-lambda)`
/// (as [`super::fastmath::exp`] gives it), already computed: the weekly loop
/// computes it lane-wise for every rep at once.
#[inline(always)]
pub fn poisson_given_zero<R: Rng + ?Sized>(lambda: f64, p_zero: f64, u: f64, rng: &mut R) -> u32 {
    if lambda <= 0.0 {
        return 0;
    }
    if lambda > INVERSION_LIMIT {
        return Poisson::new(lambda).map(|p| p.sample(rng) as u32).unwrap_or(0);
    }
    let mut p = p_zero;
    let mut cdf = p;
    let mut k = 0u32;
    while u > cdf && k < 1000 {
        k += 1;
        p *= lambda * (1.0 / f64::from(k));
        cdf += p;
    }
    k
}

/// The inversion of [`poisson_given_zero`] over its first [`POISSON_TERMS`]
/// values, in a fixed number of steps with no branch (so that the weekly
/// loop runs it lane-wise): the count when it is below `POISSON_TERMS`,
/// otherwise `POISSON_TERMS`, which means "continue with
/// [`poisson_given_zero`]" (as does a mean above the inversion limit).
#[inline(always)]
pub fn poisson_head(lambda: f64, p_zero: f64, u: f64) -> f64 {
    let mut p = p_zero;
    let mut cdf = p;
    let mut k = if u > cdf { 1.0 } else { 0.0 };
    for j in 1..POISSON_TERMS {
        p *= lambda * (1.0 / f64::from(j));
        cdf += p;
        k += if u > cdf { 1.0 } else { 0.0 };
    }
    let k = if lambda <= 0.0 { 0.0 } else { k };
    if lambda > INVERSION_LIMIT { f64::from(POISSON_TERMS) } else { k }
}

/// Conversion multiplier of relationship quality (1 at the normal level).
#[inline]
pub fn conversion(relationship: f64, weight: f64) -> f64 {
    (1.0 - weight + weight * relationship / RELATIONSHIP_NORMAL).max(0.0)
}

/// Multiplier of closing intensity ([`closing_intensity`]) on this week's
/// maturing deals (1 at the normal intensity 1).
#[inline]
pub fn closing_push(intensity: f64) -> f64 {
    0.6 + 0.4 * intensity
}

/// Closing intensity above which more closing time per deal wins no more:
/// the win rate is at most `closing_push(2)` = 1.4 times normal.
/// Assumption (`docs/model.md` 3.9).
pub const MAX_CLOSING_INTENSITY: f64 = 2.0;

/// Closing time each deal maturing this week gets, relative to normal: the
/// closing share of `effort` over the `worked` deals maturing (those held
/// back for the next period included: keeping them warm takes the rep's
/// time, so holding deals back concentrates no effort on the rest), where `opened` (the opportunities a week of normal effort opens) is
/// what a steady pipeline brings to maturity per unit of effort. In a
/// steady pipeline fed at a constant effort it is 1 whatever the effort: a
/// rep who works harder for good has more deals to close, not more time per
/// deal. At most [`MAX_CLOSING_INTENSITY`]; 1 when nothing is worked.
#[inline(always)]
pub fn closing_intensity(effort: f64, opened: f64, worked: f64) -> f64 {
    if worked > 0.0 { (effort * opened / worked).min(MAX_CLOSING_INTENSITY) } else { 1.0 }
}

/// Relationship quality drifts back toward normal and is eroded by pushy selling
/// under pressure beyond tolerance.
#[inline]
pub fn update_relationship(current: f64, excess_pressure: f64) -> f64 {
    let target = RELATIONSHIP_NORMAL - 0.25 * excess_pressure.clamp(0.0, 1.0);
    (current + 0.03 * (target - current)).clamp(0.0, 1.0)
}

/// One log-normal deal size with the given mean and log-sd.
#[inline]
pub fn deal_size<R: Rng + ?Sized>(mean: f64, log_sd: f64, rng: &mut R) -> f64 {
    let z: f64 = StandardNormal.sample(rng);
    mean * super::fastmath::exp(log_sd * z - 0.5 * log_sd * log_sd)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::streams::{Purpose, StreamKey, uniform};
    use statrs::distribution::{DiscreteCDF, Poisson as SPoisson};

    #[test]
    fn poisson_by_inversion_matches_the_poisson_cdf() {
        let lambda = 0.7;
        let mut rng = StreamKey::new(3, 0, None).rng(Purpose::World, 0, 0, 0);
        let n = 50_000;
        let mut counts = [0usize; 8];
        for _ in 0..n {
            let u = uniform(&mut rng);
            let k = poisson_from_uniform(lambda, u, &mut rng) as usize;
            counts[k.min(7)] += 1;
        }
        let dist = SPoisson::new(lambda).unwrap();
        // chi-square over 0..=3 and a tail bin
        let mut chi2 = 0.0;
        for k in 0..4u64 {
            let e = n as f64 * (dist.cdf(k) - if k == 0 { 0.0 } else { dist.cdf(k - 1) });
            chi2 += (counts[k as usize] as f64 - e).powi(2) / e;
        }
        let tail_e = n as f64 * (1.0 - dist.cdf(3));
        let tail_o: usize = counts[4..].iter().sum();
        chi2 += (tail_o as f64 - tail_e).powi(2) / tail_e;
        assert!(chi2 < 18.5, "chi2 = {chi2}"); // 4 dof, p = 0.001
    }

    #[test]
    fn the_fixed_step_head_agrees_with_the_inversion_loop() {
        let mut rng = StreamKey::new(6, 0, None).rng(Purpose::World, 0, 0, 0);
        for lambda in [0.0, 1e-6, 0.05, 0.55, 1.0, 2.5, 6.0, 12.0, 29.9, 30.5, 80.0] {
            let p_zero = crate::model::fastmath::exp(-lambda);
            for _ in 0..20_000 {
                let u = uniform(&mut rng);
                let head = poisson_head(lambda, p_zero, u) as u32;
                if lambda > INVERSION_LIMIT {
                    assert_eq!(head, POISSON_TERMS, "lambda {lambda}");
                    continue;
                }
                let full = poisson_given_zero(lambda, p_zero, u, &mut rng);
                // Below `POISSON_TERMS` the head is the count; at it, the
                // count is at least that and comes from the loop.
                assert_eq!(head, full.min(POISSON_TERMS), "lambda {lambda}, u {u}");
            }
        }
    }

    #[test]
    fn higher_mean_never_gives_fewer_deals_for_the_same_luck() {
        let mut rng = StreamKey::new(3, 0, None).rng(Purpose::World, 0, 0, 1);
        for i in 1..100 {
            let u = f64::from(i) / 100.0;
            assert!(poisson_from_uniform(1.2, u, &mut rng) >= poisson_from_uniform(0.8, u, &mut rng));
        }
    }

    #[test]
    fn deal_sizes_have_the_requested_mean() {
        let mut rng = StreamKey::new(4, 0, None).rng(Purpose::World, 0, 0, 0);
        let n = 200_000;
        let mean = (0..n).map(|_| deal_size(20_000.0, 0.6, &mut rng)).sum::<f64>() / f64::from(n);
        assert!((mean / 20_000.0 - 1.0).abs() < 0.01, "{mean}");
    }

    #[test]
    fn deal_sizes_follow_the_log_normal_cdf() {
        // One-sample Kolmogorov-Smirnov test against statrs' log-normal with
        // mu = ln(mean) - sd^2 / 2; critical value 1.95 / sqrt(n) (alpha 0.001).
        use statrs::distribution::{ContinuousCDF, LogNormal};
        let (mean, sd) = (20_000.0, 0.6);
        let dist = LogNormal::new(f64::ln(mean) - 0.5 * sd * sd, sd).unwrap();
        let mut rng = StreamKey::new(5, 0, None).rng(Purpose::World, 0, 0, 0);
        let n = 20_000;
        let mut x: Vec<f64> = (0..n).map(|_| deal_size(mean, sd, &mut rng)).collect();
        x.sort_by(f64::total_cmp);
        let d = x
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let f = dist.cdf(*v);
                (f - i as f64 / n as f64).abs().max((f - (i + 1) as f64 / n as f64).abs())
            })
            .fold(0.0, f64::max);
        assert!(d < 1.95 / (n as f64).sqrt(), "KS distance {d}");
        // The test has power: a log-sd 10 % off is rejected.
        let wrong = LogNormal::new(f64::ln(mean) - 0.5 * 0.66 * 0.66, 0.66).unwrap();
        let d_wrong =
            x.iter().enumerate().map(|(i, v)| (wrong.cdf(*v) - (i + 1) as f64 / n as f64).abs()).fold(0.0, f64::max);
        assert!(d_wrong > 1.95 / (n as f64).sqrt(), "KS distance to the wrong law {d_wrong}");
    }

    #[test]
    fn pushy_selling_erodes_relationships_and_better_relationships_convert_more() {
        assert!(update_relationship(0.7, 1.0) < 0.7);
        assert!(conversion(0.8, 0.5) > conversion(0.6, 0.5));
        assert_eq!(conversion(0.3, 0.0), 1.0);
        assert!(closing_push(1.5) > closing_push(1.0));
        // A burst of effort on a steady pipeline works each deal harder; the
        // same effort sustained fills the pipeline and does not.
        assert_eq!(closing_intensity(1.5, 0.5, 0.5), 1.5);
        assert_eq!(closing_intensity(1.5, 0.5, 0.75), 1.0);
        assert_eq!(closing_intensity(1.5, 0.5, 0.1), MAX_CLOSING_INTENSITY);
        assert_eq!(closing_intensity(1.0, 0.5, 0.0), 1.0);
    }
}
