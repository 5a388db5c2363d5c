//! Standard errors of moments computed from one team's records, by the
//! bootstrap over reps: draw as many reps as the records hold, with
//! replacement, keep all rows of each drawn rep (so a rep's periods stay
//! together), and recompute the moment with the same code
//! ([`super::moments`]). The generator is fixed, so the same records always
//! give the same standard errors.

use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::moments::Moment;
use super::records::{Records, RepPeriod};
use crate::sim::streams::{mix64, uniform};

/// Resamples of [`bootstrap`] by default.
pub const RESAMPLES: usize = 200;

/// Seed of the resampling generator.
pub const SEED: u64 = 0x0c0f_fee5_2026;

/// A moment measured on records, with its bootstrap standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measured {
    /// The moment.
    pub moment: Moment,
    /// Its value on the records.
    pub value: f64,
    /// Standard deviation of the value across resamples of reps.
    pub se: f64,
    /// Resamples in which the moment was defined.
    pub resamples: usize,
}

/// `moments` measured on `records` with bootstrap standard errors over
/// `resamples` resamples of reps; a moment the records cannot support is
/// left out.
pub fn bootstrap(records: &Records, moments: &[Moment], resamples: usize) -> Vec<Measured> {
    let mut by_rep: std::collections::BTreeMap<u64, Vec<&RepPeriod>> = Default::default();
    for r in &records.rows {
        by_rep.entry(r.rep).or_default().push(r);
    }
    let reps: Vec<Vec<&RepPeriod>> = by_rep.into_values().collect();
    let s = mix64(SEED);
    let mut rng = Pcg64Mcg::new((u128::from(s) << 64) | u128::from(mix64(s)) | 1);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(resamples); moments.len()];
    for _ in 0..resamples {
        let mut rows = Vec::with_capacity(records.rows.len());
        for k in 0..reps.len() {
            let pick = ((uniform(&mut rng) * reps.len() as f64) as usize).min(reps.len() - 1);
            rows.extend(reps[pick].iter().map(|r| RepPeriod { rep: k as u64 + 1, ..(*r).clone() }));
        }
        let resample = Records { weeks: records.weeks, rows, weekly_bookings: None };
        for (m, d) in moments.iter().zip(&mut draws) {
            if let Some(v) = m.compute(&resample).filter(|v| v.is_finite()) {
                d.push(v);
            }
        }
    }
    moments
        .iter()
        .zip(draws)
        .filter_map(|(&moment, d)| {
            let value = moment.compute(records).filter(|v| v.is_finite())?;
            let n = d.len();
            if n < 2 {
                return None;
            }
            let mean = d.iter().sum::<f64>() / n as f64;
            let se = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
            Some(Measured { moment, value, se, resamples: n })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(rep: u64, bookings: f64) -> RepPeriod {
        RepPeriod {
            rep,
            start: 0,
            weeks: 13,
            quota: 10.0,
            bookings,
            deals_won: None,
            pay: None,
            hire_week: -100,
            exit_week: None,
            voluntary: None,
        }
    }

    #[test]
    fn the_bootstrap_error_of_a_share_is_near_the_binomial_one_and_repeats() {
        // 100 reps, 30 at quota: se of the share about sqrt(.3 .7 / 100) = 4.6 points.
        let rows: Vec<RepPeriod> = (0..100).map(|i| row(i, if i < 30 { 11.0 } else { 9.0 })).collect();
        let records = Records { weeks: 13, rows, weekly_bookings: None };
        let m = bootstrap(&records, &[Moment::QuotaAttainmentPct, Moment::LastTwoWeeksSharePct], 400);
        assert_eq!(m.len(), 1, "no weekly bookings: the last-two-weeks share is left out");
        assert_eq!(m[0].value, 30.0);
        assert!((m[0].se - 4.58).abs() < 0.6, "{}", m[0].se);
        assert_eq!(bootstrap(&records, &[Moment::QuotaAttainmentPct], 400), m);
    }
}
