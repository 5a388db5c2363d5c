//! Satisfaction / engagement: pay against the outside option and against the
//! rep's own reference (a cut is a loss), fairness and transparency,
//! recognition, belonging (team bonus), career prospects and meaning, minus
//! fatigue, excess pressure, a low public rank and an improvement plan.
//! Morale then drifts toward the team mean, a bad mood faster than a good
//! one, so that a team's low spirits pull its mean down. (Teammates' quits
//! act on quitting directly, `model::attrition`, not here.)

/// What satisfaction responds to in one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SatisfactionInputs {
    /// Recent pay relative to the rep's outside option (1 = at par).
    pub pay_ratio: f64,
    /// Contingent pay below the reference the rep is used to, as a share of
    /// weekly OTE (`reward::felt_loss`; 0 without a cut).
    pub pay_loss: f64,
    /// Transparency and fairness of the rules (0-1).
    pub transparency: f64,
    /// Afterglow of recent recognition (0-1).
    pub recognition_glow: f64,
    /// Share of pay tied to the team (cohesion).
    pub team_share: f64,
    /// Career path offered.
    pub career_path: bool,
    /// Intrinsic motivation (0-1).
    pub intrinsic: f64,
    /// Fatigue (0-1).
    pub fatigue: f64,
    /// Pressure beyond tolerance, relative to tolerance.
    pub excess_pressure: f64,
    /// Low place on a public leaderboard (0 top - 1 bottom), 0 without one.
    pub leaderboard_shame: f64,
    /// On an improvement plan.
    pub on_pip: bool,
}

/// Weight of a pay cut felt as a loss against the reference (per unit of
/// weekly OTE): the extra weight loss aversion puts on losses, `(lambda - 1)`
/// with `lambda` about 2 (Kahneman & Tversky 1979; Tversky & Kahneman 1992:
/// 2.25), times the slope of the pay-ratio term at par (0.35 x 2 = 0.7).
/// The pay ratio answers the level of pay against the outside option; this
/// term the change against the rep's own past, and fades as the reference
/// comes down (`docs/model.md` 3.12).
pub const PAY_LOSS_WEIGHT: f64 = 0.7;

/// Level satisfaction tends to, in [0, 1].
#[inline]
pub fn satisfaction_target(x: &SatisfactionInputs) -> f64 {
    (0.5 + 0.35 * super::fastmath::tanh(2.0 * (x.pay_ratio - 1.0)) - PAY_LOSS_WEIGHT * x.pay_loss.min(1.0)
        + 0.2 * (x.transparency - 0.5)
        + 0.25 * x.recognition_glow
        + 0.1 * x.team_share
        + if x.career_path { 0.08 } else { 0.0 }
        + 0.2 * (x.intrinsic - 0.6)
        - 0.45 * x.fatigue
        - 0.1 * x.excess_pressure.min(2.0)
        - 0.1 * x.leaderboard_shame
        - if x.on_pip { 0.15 } else { 0.0 })
    .clamp(0.0, 1.0)
}

/// One week of satisfaction moving toward its target.
#[inline]
pub fn update_satisfaction(current: f64, target: f64) -> f64 {
    (current + 0.15 * (target - current)).clamp(0.0, 1.0)
}

/// Weekly pull of the team's mean mood on a rep: `morale_drift`, stronger
/// with team pay (cohesion), by `1 + team_share`.
#[inline(always)]
pub fn team_drift(morale_drift: f64, team_share: f64) -> f64 {
    morale_drift * (1.0 + team_share)
}

/// How much faster a rep's mood follows a team mean below it than one
/// above it: bad moods spread faster than good ones (Baumeister et al.
/// 2001, "bad is stronger than good"; Felps, Mitchell & Byington 2006, one
/// negative member drags a group down). Assumption on the size
/// (`docs/model.md` 3.15).
pub const BAD_MOOD_WEIGHT: f64 = 2.0;

/// Morale drifts toward the team mean (social contagion of mood): at rate
/// `drift` toward a better mean, `BAD_MOOD_WEIGHT · drift` (at most 1)
/// toward a worse one, so that drift lowers the team's mean rather than
/// only averaging it.
#[inline]
pub fn drift_toward(current: f64, team_mean: f64, drift: f64) -> f64 {
    let rate = if team_mean < current { (BAD_MOOD_WEIGHT * drift).min(1.0) } else { drift };
    (current + rate * (team_mean - current)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> SatisfactionInputs {
        SatisfactionInputs {
            pay_ratio: 1.0,
            pay_loss: 0.0,
            transparency: 0.5,
            recognition_glow: 0.0,
            team_share: 0.0,
            career_path: false,
            intrinsic: 0.6,
            fatigue: 0.1,
            excess_pressure: 0.0,
            leaderboard_shame: 0.0,
            on_pip: false,
        }
    }

    #[test]
    fn underpay_and_fatigue_lower_satisfaction() {
        let s = satisfaction_target(&base());
        assert!(satisfaction_target(&SatisfactionInputs { pay_ratio: 0.8, ..base() }) < s);
        assert!(satisfaction_target(&SatisfactionInputs { fatigue: 0.6, ..base() }) < s);
        assert!(satisfaction_target(&SatisfactionInputs { pay_loss: 0.1, ..base() }) < s);
    }

    #[test]
    fn recognition_fairness_and_belonging_raise_satisfaction() {
        let s = satisfaction_target(&base());
        assert!(satisfaction_target(&SatisfactionInputs { recognition_glow: 0.8, ..base() }) > s);
        assert!(satisfaction_target(&SatisfactionInputs { transparency: 0.9, ..base() }) > s);
        assert!(satisfaction_target(&SatisfactionInputs { team_share: 0.3, ..base() }) > s);
    }

    #[test]
    fn morale_moves_toward_the_team_mean_and_a_bad_mood_spreads_faster() {
        assert!(drift_toward(0.2, 0.6, 0.1) > 0.2);
        assert!(drift_toward(0.9, 0.6, 0.1) < 0.9);
        // Two reps 0.2 apart: the happier one loses more than the other gains.
        let (up, down) = (drift_toward(0.4, 0.5, 0.1) - 0.4, 0.6 - drift_toward(0.6, 0.5, 0.1));
        assert!(down > up && (down - BAD_MOOD_WEIGHT * up).abs() < 1e-12);
    }
}
