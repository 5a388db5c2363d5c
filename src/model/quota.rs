//! Quotas: decomposition of the team target into per-rep, per-period quotas,
//! ramp-adjusted for new hires, and the ratchet that ties the next quota to the
//! last actual (Weitzman 1980; Misra & Nair 2011).

use super::rep::Rep;

/// Quota of a rep for the coming period.
///
/// `base` is the quota of a fully ramped average rep; `ratchet` in [0, 1] blends
/// in `last_actual` (only when the rep was present for all of the last period);
/// `ramp_share` is the rep's mean ramp factor over the coming period.
#[inline]
pub fn next_quota(base: f64, ratchet: f64, last_actual: Option<f64>, ramp_share: f64) -> f64 {
    let target = match last_actual {
        Some(actual) if ratchet > 0.0 => (1.0 - ratchet) * base + ratchet * actual.max(0.25 * base),
        _ => base,
    };
    target * ramp_share
}

/// Quota accrued in one week of a period of `period_weeks` weeks with quota
/// `quota` (builds the quarter, year and recognition-round quotas).
#[inline(always)]
pub fn weekly_accrual(quota: f64, period_weeks: f64) -> f64 {
    quota / period_weeks
}

/// Mean ramp factor of a rep with `tenure` over the next `weeks` weeks.
#[inline]
pub fn mean_ramp(tenure: u32, weeks: u32, ramp_weeks: u32, start: f64) -> f64 {
    let weeks = weeks.max(1);
    if ramp_weeks == 0 || tenure >= ramp_weeks {
        // Every week at full productivity: the mean of `weeks` ones, exactly 1.
        return 1.0;
    }
    (0..weeks).map(|w| Rep::ramp(tenure + w, ramp_weeks, start)).sum::<f64>() / f64::from(weeks)
}

/// Weeks before a period's end (this one included) within which reps over
/// quota hold deals back (under a ratchet, or past a cap): v1's half
/// quarter, now the same number of weeks whatever the period's length.
/// Assumption (`docs/model.md` 3.10).
pub const HOLDBACK_WINDOW_WEEKS: f64 = 6.0;

/// Most of the maturing deals a rep can hold back in a week (customers do
/// not all wait). Assumption.
pub const MAX_HOLDBACK: f64 = 0.9;

/// Share of closable deals a rep over quota holds back for the next period
/// late in the period: under a ratchet (deferring sales protects next
/// period's quota; Weitzman 1980), growing with how far over quota it is;
/// and past a `cap` (x quota), where a deal closed now pays nothing and the
/// same deal next period pays commission, the whole `holdback` propensity
/// (Chung, Steenburgh & Sudhir 2014: reps defer sales past a cap).
#[inline]
pub fn holdback_share(attainment: f64, ratchet: f64, cap: f64, holdback: f64, weeks_left: f64) -> f64 {
    if attainment < 1.0 || weeks_left > HOLDBACK_WINDOW_WEEKS {
        return 0.0;
    }
    let ratcheted = if ratchet > 0.0 { holdback * ratchet * (attainment - 1.0 + 0.5).min(1.0) } else { 0.0 };
    let capped = if attainment >= cap { holdback } else { 0.0 };
    ratcheted.max(capped).clamp(0.0, MAX_HOLDBACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratchet_raises_quota_after_a_strong_period() {
        let flat = next_quota(100.0, 0.0, Some(150.0), 1.0);
        let ratcheted = next_quota(100.0, 0.5, Some(150.0), 1.0);
        assert_eq!(flat, 100.0);
        assert_eq!(ratcheted, 125.0);
    }

    #[test]
    fn new_hires_get_ramp_adjusted_quotas() {
        assert!(next_quota(100.0, 0.0, None, mean_ramp(0, 13, 20, 0.2)) < 100.0);
        assert_eq!(mean_ramp(40, 13, 20, 0.2), 1.0);
    }

    #[test]
    fn reps_over_quota_hold_back_under_a_ratchet_or_past_a_cap_late_in_the_period() {
        let none = f64::INFINITY;
        assert!(holdback_share(1.2, 0.8, none, 0.5, 2.0) > 0.0);
        assert_eq!(holdback_share(1.2, 0.0, none, 0.5, 2.0), 0.0);
        assert_eq!(holdback_share(0.9, 0.8, none, 0.5, 2.0), 0.0);
        assert_eq!(holdback_share(1.2, 0.8, none, 0.5, 12.0), 0.0);
        assert_eq!(holdback_share(1.3, 0.0, 1.25, 0.5, 2.0), 0.5);
        assert_eq!(holdback_share(1.2, 0.0, 1.25, 0.5, 2.0), 0.0);
        assert_eq!(holdback_share(1.3, 0.0, 1.25, 0.5, 12.0), 0.0);
    }
}
