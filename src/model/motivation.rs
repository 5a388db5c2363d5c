//! Intrinsic motivation: crowding-out and crowding-in.
//!
//! The intrinsic state moves each week toward a target: the rep's trait level,
//! lowered in proportion to how controlling the pay system is (the realised
//! contingent share of the rep's pay x monitoring, amplified by public ranking and penalties) and raised by
//! autonomy-supportive recognition, growth, career prospects and fair rules. The
//! signs follow Deci, Koestner & Ryan (1999): performance-contingent tangible
//! rewards lower free-choice intrinsic motivation (d about -0.28), positive
//! feedback raises it (d about +0.33).

/// How controlling the regime feels: 0 without contingent pay (the realised
/// contingent share of the rep's pay, `reward::contingent_share`), up to about 2.9
/// for fully contingent pay under maximal monitoring with a leaderboard and penalties.
#[inline]
pub fn controlling(contingent_share: f64, monitoring: f64, leaderboard: bool, miss_penalty: f64) -> f64 {
    contingent_share * (0.3 + monitoring) * (1.0 + if leaderboard { 0.4 } else { 0.0 } + 0.5 * miss_penalty)
}

/// How autonomy-supportive the regime is for this rep this week.
#[inline]
pub fn supportive(recognition_glow: f64, training_hours: f64, career_path: bool, transparency: f64) -> f64 {
    recognition_glow + (training_hours / 16.0).min(1.0) + if career_path { 0.3 } else { 0.0 } + 0.3 * transparency
}

/// Target level of intrinsic motivation.
#[inline]
pub fn intrinsic_target(
    trait_level: f64,
    crowding_out: f64,
    controlling: f64,
    crowding_in: f64,
    supportive: f64,
) -> f64 {
    (trait_level * (1.0 - crowding_out * controlling) + crowding_in * supportive * (1.0 - trait_level)).clamp(0.0, 1.0)
}

/// One week of intrinsic motivation moving toward its target.
#[inline]
pub fn update_intrinsic(current: f64, target: f64, rate: f64) -> f64 {
    (current + rate * (target - current)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controlling_pay_under_heavy_monitoring_lowers_intrinsic_motivation() {
        let soft = intrinsic_target(0.6, 0.3, controlling(0.2, 0.2, false, 0.0), 0.3, 0.2);
        let hard = intrinsic_target(0.6, 0.3, controlling(0.7, 1.0, true, 0.5), 0.3, 0.2);
        assert!(hard < soft);
        let mut m = 0.6;
        for _ in 0..52 {
            m = update_intrinsic(m, hard, 0.03);
        }
        assert!(m < 0.6 && m > hard);
    }

    #[test]
    fn recognition_and_growth_raise_intrinsic_motivation() {
        let plain = intrinsic_target(0.6, 0.3, 0.2, 0.3, supportive(0.0, 0.0, false, 0.5));
        let rich = intrinsic_target(0.6, 0.3, 0.2, 0.3, supportive(0.8, 8.0, true, 0.8));
        assert!(rich > plain);
    }
}
