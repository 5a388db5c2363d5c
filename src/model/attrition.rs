//! Voluntary quits. The weekly hazard is a proportional-hazards form: a base rate
//! (from the yearly quit rate of a neutral rep) times exp(dissatisfaction),
//! times a burnout multiplier, times turnover contagion from teammates who
//! quit recently (Felps et al. 2009), lowered by a visible career path.
//! Involuntary exits (improvement plans, forced ranking) live in the runner.
//!
//! One path per cause (`docs/model.md` 3.16): fatigue and pay against the
//! outside offer reach the hazard only through satisfaction (which they
//! move, `model::satisfaction`); burnout is a distinct state with its own
//! multiplier; teammates' quits act only here, directly, as Felps et al.
//! (2009) found them to predict quitting over and above a person's own
//! attitudes.

use crate::config::Behavior;

/// What drives one rep's quit hazard this week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuitInputs {
    /// Satisfaction (0-1).
    pub satisfaction: f64,
    /// Burnt out.
    pub burnt_out: bool,
    /// Recent quits in the team as the rep feels them (a decaying share of
    /// the team, [`felt_peer_quits`]).
    pub peer_quits: f64,
    /// Career path offered.
    pub career_path: bool,
}

/// Weekly base hazard from a yearly probability.
#[inline]
pub fn weekly_base_hazard(yearly: f64) -> f64 {
    1.0 - (1.0 - yearly.min(0.999_999)).powf(1.0 / f64::from(super::WEEKS_PER_YEAR))
}

/// Probability that the rep quits this week, given the weekly base hazard
/// (`weekly_base_hazard(b.quit_rate)`, computed once per replication).
#[inline]
pub fn quit_probability(b: &Behavior, base_hazard: f64, x: &QuitInputs) -> f64 {
    hazard(b, base_hazard, super::fastmath::exp(log_mult_of(b, x).min(20.0)), x)
}

fn log_mult_of(b: &Behavior, x: &QuitInputs) -> f64 {
    b.quit_dissatisfaction * (0.5 - x.satisfaction)
}

/// The hazard given `mult` = exp(log multiplier); monotone non-decreasing in
/// `mult` when the other factors are non-negative.
#[inline]
fn hazard(b: &Behavior, base_hazard: f64, mult: f64, x: &QuitInputs) -> f64 {
    let mut h = base_hazard * mult;
    if x.burnt_out {
        h *= b.burnout_quit_multiplier;
    }
    h *= 1.0 + b.contagion * x.peer_quits;
    if x.career_path {
        h *= 0.8;
    }
    h.clamp(0.0, 1.0)
}

/// Decay of the team's memory of recent quits, per week.
pub const PEER_QUIT_MEMORY: f64 = 0.85;

/// Share of turnover contagion that full team pay (`team_share` = 1) takes
/// away: people tied by a team bonus feel their peers' quits less.
/// Assumption (`docs/model.md` 3.16).
pub const TEAM_PAY_SHIELD: f64 = 0.5;

/// Recent quits in the team as a rep with `team_share` of pay tied to the
/// team feels them.
#[inline(always)]
pub fn felt_peer_quits(peer_quits: f64, team_share: f64) -> f64 {
    peer_quits * (1.0 - TEAM_PAY_SHIELD * team_share)
}

/// Attainment below which a period counts as a clear miss for improvement
/// plans (one period at or above it clears a plan). Assumption
/// (`docs/model.md` 3.17).
pub const PIP_MISS_LEVEL: f64 = 0.8;

/// Tenure (weeks) a rep needs at a year end to be ranked for forced
/// ranking: half a year in the job. Assumption (`docs/model.md` 3.17).
pub const FORCED_RANKING_MIN_TENURE: u32 = 26;

#[cfg(test)]
mod tests {
    use super::*;

    fn neutral() -> QuitInputs {
        QuitInputs { satisfaction: 0.5, burnt_out: false, peer_quits: 0.0, career_path: false }
    }

    #[test]
    fn neutral_rep_quits_at_the_base_rate() {
        let b = Behavior::default();
        let base = weekly_base_hazard(b.quit_rate);
        let p = quit_probability(&b, base, &neutral());
        let yearly = 1.0 - (1.0 - p).powi(52);
        assert!((yearly - b.quit_rate).abs() < 1e-9);
    }

    #[test]
    fn dissatisfaction_burnout_and_peer_quits_raise_the_hazard() {
        let b = Behavior::default();
        let base = weekly_base_hazard(b.quit_rate);
        let p = quit_probability(&b, base, &neutral());
        for x in [
            QuitInputs { satisfaction: 0.2, ..neutral() },
            QuitInputs { burnt_out: true, ..neutral() },
            QuitInputs { peer_quits: 0.2, ..neutral() },
        ] {
            assert!(quit_probability(&b, base, &x) > p);
        }
        assert!(quit_probability(&b, base, &QuitInputs { career_path: true, ..neutral() }) < p);
    }
}
