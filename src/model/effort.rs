//! Effort: what the rep wants to give, from intrinsic motivation, extrinsic drive,
//! recognition and the challenge side of pressure, scaled by engagement, and what
//! the rep can give, capped by fatigue and cut by burnout.

use crate::config::Behavior;

/// The drives behind effort in one week.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drives {
    /// Intrinsic motivation (0-1).
    pub intrinsic: f64,
    /// Extrinsic drive (marginal reward value after adaptation).
    pub extrinsic: f64,
    /// Pull of recognition.
    pub recognition: f64,
    /// Challenge effect of pressure (inverted U, peak 1).
    pub challenge: f64,
    /// Satisfaction / engagement (0-1).
    pub engagement: f64,
    /// Share of effort lost to discouragement (trailing far behind in a contest).
    pub discouragement: f64,
}

/// Effort the rep would choose with no fatigue.
#[inline]
pub fn desired_effort(b: &Behavior, d: &Drives) -> f64 {
    let drive = b.effort_floor
        + b.weight_intrinsic * d.intrinsic
        + b.weight_extrinsic * d.extrinsic
        + b.weight_extrinsic * d.recognition
        + b.weight_pressure * d.challenge;
    drive * (0.95 + 0.1 * d.engagement) * (1.0 - d.discouragement)
}

/// Most effort a rep with this fatigue can give.
#[inline]
pub fn effort_cap(max_effort: f64, fatigue: f64) -> f64 {
    max_effort * (1.0 - fatigue)
}

/// Effort actually given: desired effort within the fatigue cap; burnout cuts it.
#[inline]
pub fn effort(desired: f64, cap: f64, burnt_out: bool, burnout_productivity: f64) -> f64 {
    let e = desired.min(cap).max(0.0);
    if burnt_out { e * burnout_productivity } else { e }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drives() -> Drives {
        Drives {
            intrinsic: 0.6,
            extrinsic: 0.3,
            recognition: 0.0,
            challenge: 0.9,
            engagement: 0.5,
            discouragement: 0.0,
        }
    }

    #[test]
    fn more_fatigue_lowers_effort() {
        let b = Behavior::default();
        let want = 1.6;
        let fresh = effort(want, effort_cap(b.max_effort, 0.1), false, 0.6);
        let tired = effort(want, effort_cap(b.max_effort, 0.5), false, 0.6);
        assert!(tired < fresh);
    }

    #[test]
    fn every_drive_raises_desired_effort() {
        let b = Behavior::default();
        let base = desired_effort(&b, &drives());
        for bump in [
            Drives { intrinsic: 0.8, ..drives() },
            Drives { extrinsic: 0.5, ..drives() },
            Drives { recognition: 0.2, ..drives() },
            Drives { challenge: 1.0, ..drives() },
            Drives { engagement: 0.8, ..drives() },
        ] {
            assert!(desired_effort(&b, &bump) > base);
        }
        assert!(desired_effort(&b, &Drives { discouragement: 0.1, ..drives() }) < base);
    }

    #[test]
    fn burnout_cuts_effort() {
        assert!(effort(1.0, 2.0, true, 0.6) < effort(1.0, 2.0, false, 0.6));
    }
}
