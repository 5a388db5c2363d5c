//! Extrinsic drive: the value of the marginal reward for one more unit of effort
//! this week, in units of weekly on-target pay, after discounting for payout delay
//! and after hedonic adaptation.
//!
//! The bonus term follows the dynamic logic of Chung, Steenburgh & Sudhir (2014):
//! the pull of a step bonus is its size times how much one more week of effort
//! raises the chance of reaching it. That chance moves most when the rep is near
//! the threshold with little time left (the end-of-period "hockey stick") and
//! hardly at all when the quota is out of reach or already made (giving up,
//! easing off).

use super::normal_pdf;

/// Week-to-week coefficient of variation of one rep's sales (compound Poisson:
/// about `sqrt(e^{s^2} / deals)`); used by reps to judge their odds.
#[inline]
pub fn sales_cv(deals_per_week: f64, deal_size_sd: f64) -> f64 {
    (super::fastmath::exp(deal_size_sd * deal_size_sd) / deals_per_week.max(1e-6)).sqrt().min(10.0)
}

/// How much one unit of effort this week raises the chance of selling `remaining`
/// more in `weeks_left` weeks, for a rep whose normal weekly output is
/// `capacity` with coefficient of variation `cv`.
#[inline]
pub fn threshold_gradient(remaining: f64, capacity: f64, weeks_left: f64, cv: f64) -> f64 {
    if remaining <= 0.0 || capacity <= 0.0 {
        return 0.0;
    }
    let weeks = weeks_left.max(1.0);
    let sigma = capacity * cv * weeks.sqrt();
    let z = (remaining - capacity * weeks) / sigma;
    normal_pdf(z) * capacity / sigma
}

/// Commission earned on sales from `before` to `after` (USD) under a quota `quota`,
/// a base `rate`, an `accelerator` above quota and a `cap` (x quota) beyond which
/// nothing is paid.
#[inline]
pub fn commission(before: f64, after: f64, quota: f64, rate: f64, accelerator: f64, cap: f64) -> f64 {
    if after <= before || rate <= 0.0 {
        return 0.0;
    }
    if quota <= 0.0 {
        return rate * (after - before);
    }
    let cap_sales = cap * quota;
    let piece = |lo: f64, hi: f64| (after.min(hi) - before.max(lo)).max(0.0);
    rate * (piece(f64::NEG_INFINITY, quota.min(cap_sales)) + accelerator * piece(quota, cap_sales))
}

/// Commission rate at the margin for a rep at `attainment`.
#[inline]
pub fn marginal_commission_rate(attainment: f64, rate: f64, accelerator: f64, cap: f64) -> f64 {
    if attainment >= cap {
        0.0
    } else if attainment >= 1.0 {
        rate * accelerator
    } else {
        rate
    }
}

/// The pull of a reward after adaptation: the share `depth` of it is lost once
/// the rep is fully used to it (`adaptation` = 1).
#[inline]
pub fn adapted(value: f64, adaptation: f64, depth: f64) -> f64 {
    value * (1.0 - depth * adaptation)
}

/// Hedonic adaptation: the reference level moves toward 1 while a reward keeps
/// coming (`active`), and back toward 0 when it stops.
#[inline]
pub fn adapt(adaptation: f64, active: bool, rate: f64) -> f64 {
    let target = if active { 1.0 } else { 0.0 };
    (adaptation + rate * (target - adaptation)).clamp(0.0, 1.0)
}

/// Rotating or renewing incentives undoes part of the adaptation (novelty).
#[inline]
pub fn rotate(adaptation: f64, reset: f64) -> f64 {
    adaptation * (1.0 - reset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reward_repeated_twenty_weeks_pulls_less_than_in_week_one() {
        let mut a = 0.0;
        let week_one = adapted(1.0, a, 0.6);
        for _ in 0..20 {
            a = adapt(a, true, 0.04);
        }
        assert!(adapted(1.0, a, 0.6) < 0.8 * week_one);
    }

    #[test]
    fn rotation_restores_part_of_the_pull() {
        let a = 0.8;
        assert!(adapted(1.0, rotate(a, 0.6), 0.6) > adapted(1.0, a, 0.6));
    }

    #[test]
    fn bonus_pull_peaks_near_the_threshold_late_in_the_period() {
        let (cap, cv) = (10_000.0, 1.5);
        let near_late = threshold_gradient(12_000.0, cap, 1.0, cv);
        let near_early = threshold_gradient(100_000.0, cap, 10.0, cv);
        let hopeless_late = threshold_gradient(80_000.0, cap, 1.0, cv);
        let made = threshold_gradient(0.0, cap, 1.0, cv);
        assert!(near_late > near_early, "{near_late} vs {near_early}");
        assert!(near_late > 10.0 * hopeless_late);
        assert_eq!(made, 0.0);
    }

    #[test]
    fn commission_applies_accelerator_above_quota_and_stops_at_cap() {
        let c = commission(0.0, 150.0, 100.0, 0.1, 2.0, 1.2);
        // 100 at 10 % + 20 at 20 % (capped at 120)
        assert!((c - (10.0 + 4.0)).abs() < 1e-9);
        assert_eq!(marginal_commission_rate(1.3, 0.1, 2.0, 1.2), 0.0);
        assert_eq!(marginal_commission_rate(1.1, 0.1, 2.0, 1.2), 0.2);
        assert_eq!(marginal_commission_rate(0.5, 0.1, 2.0, 1.2), 0.1);
    }
}
