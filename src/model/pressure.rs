//! Perceived pressure and its inverted-U effect on effort.
//!
//! Pressure = scale x (0.6 + 0.8 felt goal gap) x (0.6 + 0.6 monitoring) x
//! consequences, smoothed week to week; the felt goal gap is the chance of
//! falling short of the goal at normal effort (`goal::felt_gap`). Its effect on effort follows a challenge-hindrance curve
//! (LePine et al. 2005; Yerkes-Dodson): `((p/T) exp(1 - p/T))^1.5`, which rises to 1 at
//! the rep's tolerance `T` and falls beyond it.

/// Most required pace [`required_pace`] reports (a target beyond two and a
/// half times normal speed is simply out of reach).
pub const MAX_PACE: f64 = 2.5;

/// Goal part of the pressure target with nothing left to aim at (felt goal
/// gap 0). Assumption (v1's weight, `docs/model.md` 3.3).
pub const GOAL_PRESSURE_BASE: f64 = 0.6;

/// What a felt goal gap of 1 (sure to miss at normal effort, with the
/// period's end at hand) adds to the goal part of the pressure target.
/// Assumption, set so that a rep exactly on track (chance 0.5) feels on
/// average over a quarter what v1's rep on track (required pace 1) felt: the
/// felt gap is discounted by the weeks left (`goal::urgency`, 0.80 on
/// average over 13 weeks), so `0.6 + 1.0 x 0.5 x 0.80 = 1.0`; at the
/// quarter's start it feels 0.91, in its last week 1.1.
pub const GOAL_GAP_WEIGHT: f64 = 1.0;

/// Required pace: what is still needed this period relative to what the rep
/// would sell at normal effort in the weeks left (1 = on track at normal
/// effort). Deterministic (it ignores how lumpy sales are); read only by the
/// step-bonus pull-in (`gaming::pull_in_share`).
#[inline]
pub fn required_pace(remaining: f64, capacity_per_week: f64, weeks_left: f64) -> f64 {
    if remaining <= 0.0 {
        return 0.0;
    }
    let expected = capacity_per_week * weeks_left.max(1.0);
    if expected <= 0.0 { MAX_PACE } else { (remaining / expected).min(MAX_PACE) }
}

/// Multiplier from consequences: miss penalties, an improvement plan in sight,
/// forced ranking and a low place on a public leaderboard.
#[inline]
pub fn consequences(miss_penalty: f64, pip_threat: bool, forced_ranking: f64, leaderboard_shame: f64) -> f64 {
    1.0 + 0.4 * miss_penalty + if pip_threat { 0.25 } else { 0.0 } + forced_ranking + 0.2 * leaderboard_shame
}

/// The pressure a rep would feel this week if nothing smoothed it, at felt
/// goal gap `gap` (0-1, `goal::felt_gap`).
#[inline]
pub fn target_pressure(scale: f64, gap: f64, monitoring: f64, consequences: f64) -> f64 {
    scale * (GOAL_PRESSURE_BASE + GOAL_GAP_WEIGHT * gap) * (0.6 + 0.6 * monitoring) * consequences
}

/// Weekly smoothing of perceived pressure toward its target.
#[inline]
pub fn update_pressure(current: f64, target: f64) -> f64 {
    (current + 0.5 * (target - current)).max(0.0)
}

/// Pressure beyond the rep's tolerance, relative to the tolerance (0 at or
/// below it): the hindrance side of pressure, which erodes customer
/// relationships and lowers satisfaction.
#[inline(always)]
pub fn excess(pressure: f64, tolerance: f64) -> f64 {
    ((pressure - tolerance) / tolerance).max(0.0)
}

/// Challenge-hindrance curve: effect of pressure `p` on effort for a rep with
/// tolerance `t`; peaks at 1 where `p = t`.
#[inline]
pub fn challenge(p: f64, t: f64) -> f64 {
    let x = p / t;
    let c = x * super::fastmath::exp(1.0 - x);
    c * c.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_is_an_inverted_u_peaking_at_tolerance() {
        let t = 1.2;
        assert!(challenge(0.3, t) < challenge(0.8, t));
        assert!((challenge(t, t) - 1.0).abs() < 1e-12);
        assert!(challenge(2.5, t) < challenge(t, t));
        assert!(challenge(4.0, t) < challenge(2.5, t));
    }

    #[test]
    fn falling_behind_raises_required_pace_and_a_larger_gap_raises_pressure() {
        let on_track = required_pace(50.0, 10.0, 5.0);
        let behind = required_pace(80.0, 10.0, 5.0);
        assert!(behind > on_track);
        let c = consequences(0.0, false, 0.0, 0.0);
        assert!(target_pressure(1.0, 0.9, 0.5, c) > target_pressure(1.0, 0.5, 0.5, c));
        assert!((target_pressure(1.0, 0.0, 0.0, c) - GOAL_PRESSURE_BASE * 0.6).abs() < 1e-12);
    }

    #[test]
    fn monitoring_and_consequences_raise_pressure() {
        let low = target_pressure(1.0, 1.0, 0.1, consequences(0.0, false, 0.0, 0.0));
        let high = target_pressure(1.0, 1.0, 0.9, consequences(0.5, true, 0.1, 1.0));
        assert!(high > 2.0 * low);
    }

    #[test]
    fn quota_met_means_no_pace_pressure() {
        assert_eq!(required_pace(-5.0, 10.0, 3.0), 0.0);
    }
}
