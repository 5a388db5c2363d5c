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

/// Share of closable deals a rep over quota holds back for the next period under a
/// ratchet (deferring sales protects next period's quota).
#[inline]
pub fn holdback_share(attainment: f64, ratchet: f64, holdback: f64, share_of_period_left: f64) -> f64 {
    if attainment < 1.0 || ratchet <= 0.0 || share_of_period_left > 0.5 {
        return 0.0;
    }
    (holdback * ratchet * (attainment - 1.0 + 0.5).min(1.0)).clamp(0.0, 0.9)
}

/// Share of closable deals a rep holds back when the period's bonus is out of
/// reach late in the period: a deal closed now earns nothing extra, while the same
/// deal next period counts toward the next bonus (timing games, Oyer 1998; Larkin
/// 2014).
#[inline]
pub fn deferral_share(
    bonus_at_stake: bool,
    pace: f64,
    out_of_reach_pace: f64,
    holdback: f64,
    share_of_period_left: f64,
) -> f64 {
    if !bonus_at_stake || share_of_period_left > 0.25 || pace < out_of_reach_pace {
        return 0.0;
    }
    (0.5 * holdback).clamp(0.0, 0.9)
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
    fn reps_with_an_unreachable_bonus_push_deals_into_the_next_period() {
        assert!(deferral_share(true, 2.5, 2.5, 0.5, 0.1) > 0.0);
        assert_eq!(deferral_share(false, 2.5, 2.5, 0.5, 0.1), 0.0);
        assert_eq!(deferral_share(true, 1.2, 2.5, 0.5, 0.1), 0.0);
        assert_eq!(deferral_share(true, 2.5, 2.5, 0.5, 0.6), 0.0);
    }

    #[test]
    fn reps_over_quota_hold_back_only_under_a_ratchet_late_in_the_period() {
        assert!(holdback_share(1.2, 0.8, 0.5, 0.2) > 0.0);
        assert_eq!(holdback_share(1.2, 0.0, 0.5, 0.2), 0.0);
        assert_eq!(holdback_share(0.9, 0.8, 0.5, 0.2), 0.0);
        assert_eq!(holdback_share(1.2, 0.8, 0.5, 0.9), 0.0);
    }
}
