//! Confidence intervals: Student-t intervals on per-replication values (for lifts,
//! on the paired per-replication differences). See `docs/statistics.md`.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::moments::Moments;

/// How intervals are computed, as stated in every JSON output.
pub const CI_METHOD: &str = "student-t 95% interval over replications; lifts use paired per-replication differences \
on common random numbers; means of bounded metrics (shares, 0-1 scales) use the same interval on the logit scale \
of their position between the bounds, so it stays within them";

/// Fewest replications whose Student-t intervals are worth reading: with two
/// or three, the critical value (12.7 or 4.3) makes intervals wide enough to
/// run far past a metric's bounds (attrition below 0 %, shares above 100 %).
pub const MIN_RELIABLE_REPLICATIONS: u64 = 4;

/// The warning for a summary of `replications` (two or three) whose intervals
/// are unreliable; `None` otherwise (one replication has no interval at all).
pub fn few_replications_warning(replications: u64) -> Option<String> {
    (2..MIN_RELIABLE_REPLICATIONS).contains(&replications).then(|| {
        format!(
            "with only {replications} replications the 95% intervals are unreliable and can run past a metric's \
             bounds (below 0 % or above 100 %); use at least {MIN_RELIABLE_REPLICATIONS}, better 30 or more"
        )
    })
}

/// A mean with its 95 % interval (`None` bounds when fewer than two replications).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// Mean over replications (NaN, written as null, when undefined).
    #[serde(deserialize_with = "null_as_nan")]
    pub mean: f64,
    /// Lower and upper 95 % bounds.
    pub ci95: [Option<f64>; 2],
}

/// Reads a number, or null as NaN (JSON has no NaN; serde_json writes it as null).
fn null_as_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

impl Estimate {
    /// Half-width of the interval (0 when there is none).
    pub fn half_width(&self) -> f64 {
        match self.ci95 {
            [Some(lo), Some(hi)] => 0.5 * (hi - lo),
            _ => 0.0,
        }
    }

    /// Whether the interval lies entirely above zero.
    pub fn clearly_positive(&self) -> bool {
        matches!(self.ci95[0], Some(lo) if lo > 0.0)
    }

    /// Whether the interval lies entirely below zero.
    pub fn clearly_negative(&self) -> bool {
        matches!(self.ci95[1], Some(hi) if hi < 0.0)
    }
}

/// Two-sided critical value of Student's t with `dof` degrees of freedom.
pub fn t_critical(level: f64, dof: u64) -> f64 {
    let dist = StudentsT::new(0.0, 1.0, dof as f64).expect("dof >= 1");
    dist.inverse_cdf(0.5 + 0.5 * level)
}

thread_local! {
    /// The last 95 % critical value computed on this thread, by degrees of
    /// freedom: summaries ask for the same one thousands of times (one per weekly
    /// value), and each costs an incomplete-beta inversion.
    static LAST_T95: std::cell::Cell<(u64, f64)> = const { std::cell::Cell::new((0, f64::NAN)) };
}

/// Two-sided 95 % critical value of Student's t, remembered per thread.
fn t95(dof: u64) -> f64 {
    LAST_T95.with(|last| {
        let (d, t) = last.get();
        if d == dof {
            return t;
        }
        let t = t_critical(0.95, dof);
        last.set((dof, t));
        t
    })
}

/// The 95 % Student-t interval of the mean of the values behind `m` (no
/// interval, and a NaN mean, for sums that are not exact).
pub fn estimate(m: &Moments) -> Estimate {
    let mean = m.mean();
    if m.n < 2 || !m.is_exact() {
        return Estimate { mean, ci95: [None, None] };
    }
    let half = t95(m.n - 1) * m.sd() / (m.n as f64).sqrt();
    Estimate { mean, ci95: [Some(mean - half), Some(mean + half)] }
}

/// The 95 % interval of the mean of values that lie within `bounds` (shares
/// and 0-1 scales, `sim::Unit::bounds`): the Student-t interval of
/// [`estimate`] taken on the logit scale of the mean's position between the
/// bounds (delta method: standard error `se / (p (1 - p))` at position `p`)
/// and mapped back, so that it never leaves them and is asymmetric near a
/// bound. Without bounds, or when every value is the same, the same as
/// [`estimate`] (a zero-width interval at the mean).
pub fn estimate_within(m: &Moments, bounds: Option<(f64, f64)>) -> Estimate {
    let plain = estimate(m);
    let (Some((lo, hi)), [Some(_), Some(_)]) = (bounds, plain.ci95) else {
        return plain;
    };
    let width = hi - lo;
    let se = m.sd() / (m.n as f64).sqrt() / width;
    let p = ((plain.mean - lo) / width).clamp(0.0, 1.0);
    if se <= 0.0 || p <= 0.0 || p >= 1.0 {
        return Estimate { mean: plain.mean, ci95: [Some(plain.mean), Some(plain.mean)] };
    }
    let centre = (p / (1.0 - p)).ln();
    let half = t95(m.n - 1) * se / (p * (1.0 - p));
    let back = |x: f64| lo + width / (1.0 + (-x).exp());
    Estimate { mean: plain.mean, ci95: [Some(back(centre - half)), Some(back(centre + half))] }
}

/// Where one more replication's value is expected to fall: the 90 % Student-t
/// prediction interval `mean ± t(0.90, n-1) · sd · sqrt(1 + 1/n)` (values taken as
/// roughly normal). For a lift it is the range one team's outcome may take (the
/// spread between teams, markets and runs of luck), not the uncertainty of the mean.
pub fn range90(m: &Moments) -> [Option<f64>; 2] {
    if m.n < 2 || !m.is_exact() {
        return [None, None];
    }
    let n = m.n as f64;
    let half = t_critical(0.90, m.n - 1) * m.sd() * (1.0 + 1.0 / n).sqrt();
    let mean = m.mean();
    [Some(mean - half), Some(mean + half)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::streams::{Purpose, StreamKey};
    use rand_distr::{Distribution, Normal};

    /// `n` values from `normal` on the keyed stream of sample `rep`, as totals,
    /// and the stream to draw more from.
    fn normal_sample(normal: &Normal<f64>, seed: u64, rep: u64, n: usize) -> (Moments, crate::sim::streams::StreamRng) {
        let mut rng = StreamKey::new(seed, rep, None).rng(Purpose::World, 0, 0, 0);
        let mut m = Moments::default();
        for _ in 0..n {
            m.push(normal.sample(&mut rng));
        }
        (m, rng)
    }

    #[test]
    fn intervals_of_bounded_means_stay_within_their_bounds() {
        // Burnout-like shares: mostly 0, a few replications slightly above.
        let mut m = Moments::default();
        for v in [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.4] {
            m.push(v);
        }
        let plain = estimate(&m);
        assert!(plain.ci95[0].unwrap() < 0.0, "the plain interval crosses 0: {plain:?}");
        let within = estimate_within(&m, Some((0.0, 100.0)));
        let [lo, hi] = within.ci95.map(Option::unwrap);
        assert!(lo > 0.0 && lo < within.mean && hi > within.mean && hi < 100.0, "{within:?}");
        assert_eq!(within.mean, plain.mean);
        // All at a bound: a zero-width interval there.
        let mut zeros = Moments::default();
        (0..5).for_each(|_| zeros.push(0.0));
        assert_eq!(estimate_within(&zeros, Some((0.0, 1.0))).ci95, [Some(0.0), Some(0.0)]);
        // Without bounds, the plain interval; away from the bounds about the same width.
        assert_eq!(estimate_within(&m, None), plain);
        let mut mid = Moments::default();
        for v in [48.0, 52.0, 50.0, 49.0, 51.0, 50.5, 49.5, 50.0] {
            mid.push(v);
        }
        let (a, b) = (estimate(&mid), estimate_within(&mid, Some((0.0, 100.0))));
        assert!((a.half_width() - b.half_width()).abs() < 0.01 * a.half_width());
    }

    #[test]
    fn t_critical_matches_tables() {
        assert!((t_critical(0.95, 9) - 2.262).abs() < 1e-3);
        assert!((t_critical(0.95, 1000) - 1.962).abs() < 1e-3);
    }

    #[test]
    fn intervals_cover_the_true_mean_about_95_percent_of_the_time() {
        let truth = 3.0;
        let normal = Normal::new(truth, 2.0).unwrap();
        let repeats = 400;
        let mut covered = 0;
        for rep in 0..repeats {
            let (m, _) = normal_sample(&normal, 99, rep, 20);
            let e = estimate(&m);
            if e.ci95[0].unwrap() <= truth && truth <= e.ci95[1].unwrap() {
                covered += 1;
            }
        }
        let share = f64::from(covered) / repeats as f64;
        assert!((0.92..=0.98).contains(&share), "coverage {share}");
    }

    #[test]
    fn one_replication_has_no_interval() {
        let mut m = Moments::default();
        m.push(1.0);
        assert_eq!(estimate(&m).ci95, [None, None]);
        assert_eq!(range90(&m), [None, None]);
    }

    #[test]
    fn the_range_holds_the_next_value_about_90_percent_of_the_time() {
        let normal = Normal::new(-1.0, 3.0).unwrap();
        let repeats = 1000;
        let mut held = 0;
        for rep in 0..repeats {
            let (m, mut rng) = normal_sample(&normal, 7, rep, 30);
            let next = normal.sample(&mut rng);
            let [Some(lo), Some(hi)] = range90(&m) else { panic!("30 values give a range") };
            assert!(lo < m.mean() && m.mean() < hi);
            if lo <= next && next <= hi {
                held += 1;
            }
        }
        let share = f64::from(held) / repeats as f64;
        // Binomial(1000, 0.9): standard deviation 0.0095; the band is about 3 of them.
        assert!((0.87..=0.93).contains(&share), "share held {share}");
    }
}
