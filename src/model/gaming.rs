//! Gaming: pulling deals forward from the pipeline or inflating them to make a
//! number. It happens late in a period, to reps behind quota under pressure
//! beyond their tolerance, and less where monitoring can catch it (Larkin 2014;
//! Oyer 1998). Gamed sales count toward quota now and cost later: the pulled deals
//! are missing from future weeks, the inflated part is reversed (with its
//! commission clawed back) at period end, and customer relationships suffer. When
//! monitoring detects an episode, the commission on everything the rep booked
//! that week beyond real closes (pulled, inflated and pulled-in deals) is clawed
//! back at once and pressure rises.

use super::logistic;

/// Share of the rest of the pipeline a gaming rep pulls into this week.
pub const PULL_SHARE: f64 = 0.3;
/// Share of a gamed booking that is inflated (reversed at period end).
pub const INFLATED_SHARE: f64 = 0.2;
/// Relationship damage of one gaming episode.
pub const RELATIONSHIP_DAMAGE: f64 = 0.05;

/// Price concession on deals pulled into the period.
pub const PULL_IN_DISCOUNT: f64 = 0.1;

/// Pressure added when monitoring catches a gaming episode (a talking-to).
/// Assumption (`docs/model.md` 3.11).
pub const CAUGHT_PRESSURE: f64 = 0.3;

/// Whether a rep with `remaining` still to sell this period is behind:
/// more than one normal week (`capacity`) short of quota.
#[inline(always)]
pub fn behind(remaining: f64, capacity: f64) -> bool {
    remaining > capacity && remaining > 0.0
}

/// The rep's own part of the period's step bonus, in weeks of on-target pay:
/// the stake that makes pulling deals in worth it.
#[inline(always)]
pub fn bonus_stake(bonus_per_period: f64, team_share: f64, weekly_ote: f64) -> f64 {
    bonus_per_period * (1.0 - team_share) / weekly_ote
}

/// Whether anyone can game this week ([`gaming_probability`] is 0 for every
/// rep otherwise): late in the period, with a propensity to game.
#[inline(always)]
pub fn window_open(share_of_period_left: f64, propensity: f64) -> bool {
    share_of_period_left <= GAMING_WINDOW && propensity > 0.0
}

/// Share of the open pipeline a rep pulls into this week (with a price
/// concession) to reach a step bonus that is within reach but not yet made:
/// late in the period (last quarter of it) and at a required pace up to twice
/// normal. The effort scales with the stake: full for a bonus worth four weeks of
/// on-target pay or more. Monitoring that would catch the discounts deters it as
/// it deters other gaming. Deals pulled in are missing later: sales bunch before
/// the deadline and dip after it (Oyer 1998; Larkin 2014).
#[inline]
pub fn pull_in_share(
    stake_in_weeks_of_pay: f64,
    pace: f64,
    share_of_period_left: f64,
    pull_forward: f64,
    monitoring: f64,
    detection: f64,
) -> f64 {
    if stake_in_weeks_of_pay <= 0.0 || share_of_period_left > 0.25 || pace <= 0.0 || pace > 2.0 {
        return 0.0;
    }
    pull_forward.clamp(0.0, 1.0) * (stake_in_weeks_of_pay / 4.0).min(1.0) * (1.0 - detection * monitoring.min(1.0))
}

/// Share of the quota period left below which reps behind quota may game.
pub const GAMING_WINDOW: f64 = 0.3;

/// Probability that a rep games this week.
#[inline]
pub fn gaming_probability(
    propensity: f64,
    pressure: f64,
    tolerance: f64,
    behind: bool,
    share_of_period_left: f64,
    monitoring: f64,
    detection: f64,
) -> f64 {
    if !behind || share_of_period_left > GAMING_WINDOW || propensity <= 0.0 {
        return 0.0;
    }
    let stress = pressure / tolerance - 1.0;
    (propensity * 0.25 * logistic(3.0 * stress - 1.0) * (1.0 - detection * monitoring.min(1.0))).clamp(0.0, 1.0)
}

/// Chance that a gaming episode is detected.
#[inline]
pub fn detection_probability(monitoring: f64, detection: f64) -> f64 {
    (monitoring * detection).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn more_pressure_means_more_gaming_and_monitoring_deters_it() {
        let low = gaming_probability(1.0, 0.8, 1.0, true, 0.1, 0.2, 0.6);
        let high = gaming_probability(1.0, 2.5, 1.0, true, 0.1, 0.2, 0.6);
        let watched = gaming_probability(1.0, 2.5, 1.0, true, 0.1, 1.0, 0.6);
        assert!(high > low && watched < high);
    }

    #[test]
    fn reps_pull_deals_in_only_for_a_reachable_bonus_late_in_the_period() {
        let pull = |stake, pace, left| pull_in_share(stake, pace, left, 0.25, 0.4, 0.6);
        assert!(pull(4.0, 1.5, 0.2) > 0.0);
        assert!(pull(1.0, 1.5, 0.2) < pull(4.0, 1.5, 0.2));
        assert_eq!(pull(0.0, 1.5, 0.2), 0.0);
        assert_eq!(pull(4.0, 1.5, 0.6), 0.0);
        assert_eq!(pull(4.0, 0.0, 0.2), 0.0);
        assert_eq!(pull(4.0, 2.4, 0.2), 0.0);
        assert!(pull_in_share(4.0, 1.5, 0.2, 0.25, 1.0, 0.6) < pull(4.0, 1.5, 0.2));
    }

    #[test]
    fn no_gaming_early_in_the_period_or_when_ahead() {
        assert_eq!(gaming_probability(1.0, 3.0, 1.0, true, 0.8, 0.0, 0.6), 0.0);
        assert_eq!(gaming_probability(1.0, 3.0, 1.0, false, 0.1, 0.0, 0.6), 0.0);
    }
}
