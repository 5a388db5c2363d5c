//! Fatigue and burnout. Fatigue builds with effort above a sustainable level and
//! with pressure above tolerance (well-being programmes buffer the latter),
//! and drains in proportion to itself, faster with slack. Past a threshold the rep burns out and stays
//! burnt out until fatigue falls below a lower exit level (hysteresis), in line
//! with the exhaustion component of burnout (Maslach, Schaufeli & Leiter 2001).

use crate::config::Behavior;

/// Effort a rep can sustain: the population level scaled by the rep's stress
/// tolerance relative to the mean (less resilient reps tire sooner).
#[inline]
pub fn sustainable_effort(b: &Behavior, tolerance: f64) -> f64 {
    b.sustainable_effort * (tolerance / b.pressure_tolerance).sqrt()
}

/// Share of the strain of pressure beyond tolerance that well-being
/// programmes at full strength (`wellbeing` 1) take away. Assumption: stress
/// management and resilience programmes lower strain outcomes by about half
/// a standard deviation (Richardson & Rothstein 2008, d about 0.5), while
/// randomised workplace-wellness trials find no effect on performance or
/// turnover at ordinary workloads (Song & Baicker 2019; Jones, Molitor &
/// Reif 2019): below tolerance the programmes change nothing.
pub const WELLBEING_BUFFER: f64 = 0.5;

/// One week of fatigue dynamics for a rep with tolerance `tolerance`; the result
/// stays in [0, 1].
#[inline]
pub fn update_fatigue(b: &Behavior, fatigue: f64, effort: f64, pressure: f64, tolerance: f64, wellbeing: f64) -> f64 {
    update_fatigue_sustainable(b, fatigue, effort, pressure, tolerance, sustainable_effort(b, tolerance), wellbeing)
}

/// [`update_fatigue`] with the rep's `sustainable_effort(b, tolerance)` already
/// known (it is fixed per person, so the weekly loop computes it once per hire).
#[inline]
pub fn update_fatigue_sustainable(
    b: &Behavior,
    fatigue: f64,
    effort: f64,
    pressure: f64,
    tolerance: f64,
    sustainable: f64,
    wellbeing: f64,
) -> f64 {
    let load = b.fatigue_effort_rate * (effort - sustainable).max(0.0)
        + b.fatigue_pressure_rate * (1.0 - WELLBEING_BUFFER * wellbeing) * (pressure - tolerance).max(0.0);
    let slack = (sustainable - effort).max(0.0);
    let recovery = b.recovery_rate * (1.0 + 2.0 * slack) * fatigue;
    (fatigue + load - recovery).clamp(0.0, 1.0)
}

/// Burnout with hysteresis: enter above `burnout_threshold`, leave below `burnout_exit`.
#[inline]
pub fn update_burnout(b: &Behavior, burnt_out: bool, fatigue: f64) -> bool {
    if burnt_out { fatigue > b.burnout_exit } else { fatigue >= b.burnout_threshold }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_effort_and_over_pressure_build_fatigue() {
        let b = Behavior::default();
        let calm = update_fatigue(&b, 0.2, 1.0, 0.5, 1.0, 0.0);
        let pushed = update_fatigue(&b, 0.2, 1.6, 2.0, 1.0, 0.0);
        assert!(pushed > 0.2 && calm < 0.2);
    }

    #[test]
    fn less_resilient_reps_tire_sooner() {
        let b = Behavior::default();
        let fragile = update_fatigue(&b, 0.2, 1.2, 0.5, 0.7 * b.pressure_tolerance, 0.0);
        let sturdy = update_fatigue(&b, 0.2, 1.2, 0.5, 1.4 * b.pressure_tolerance, 0.0);
        assert!(fragile > sturdy);
    }

    #[test]
    fn wellbeing_buffers_strain_beyond_tolerance_only() {
        let b = Behavior::default();
        assert!(update_fatigue(&b, 0.5, 0.9, 2.0, 1.0, 1.0) < update_fatigue(&b, 0.5, 0.9, 2.0, 1.0, 0.0));
        assert_eq!(update_fatigue(&b, 0.5, 0.9, 0.5, 1.0, 1.0), update_fatigue(&b, 0.5, 0.9, 0.5, 1.0, 0.0));
    }

    #[test]
    fn burnout_has_hysteresis() {
        let b = Behavior::default();
        assert!(update_burnout(&b, false, b.burnout_threshold));
        let mid = 0.5 * (b.burnout_threshold + b.burnout_exit);
        assert!(update_burnout(&b, true, mid));
        assert!(!update_burnout(&b, false, mid));
        assert!(!update_burnout(&b, true, b.burnout_exit * 0.9));
    }
}
