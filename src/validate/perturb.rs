//! Perturbed worlds: is a fact a knife edge? Each world scales every
//! behavioural parameter that is not set by a calibration target by its own
//! factor drawn from U(`low`, `high`) (default 0.7 to 1.3), clamped to the
//! key's documented range, and the battery is run again in it at fewer
//! replications. The draws are keyed by the master seed, the world and the
//! key, so a world is the same on any machine and thread count. Kept fixed
//! ([`FIXED`]): the keys fitted by the calibration of the defaults
//! (`docs/calibration/defaults.toml`), and `initial_adaptation`, which is an
//! experiment's setting (the incentive-fatigue fact sets it to 0), not a
//! behavioural response. See `docs/validation.md`.

use crate::config::schema::{KEYS, Section};
use crate::config::types::Behavior;
use crate::sim::streams::{GOLDEN_GAMMA, mix64};

/// Behavioural keys held fixed in the perturbed worlds, with the reason.
pub const FIXED: &[(&str, &str)] = &[
    ("quit_rate", "fitted to the status quo's voluntary attrition (docs/calibration/defaults.toml)"),
    ("crowding_out", "fitted to Deci, Koestner & Ryan's d for contingent rewards (calibration target crowding_out)"),
    ("crowding_in", "fitted to Deci, Koestner & Ryan's d for positive feedback (calibration target crowding_out)"),
    ("pull_forward", "fitted to Larkin's cost of timing games (calibration target timing_games)"),
    ("recognition_sensitivity", "fitted to the lift of symbolic awards (calibration target symbolic_awards)"),
    ("initial_adaptation", "an experiment setting (the incentive-fatigue fact sets it to 0), not a response"),
];

/// The perturbation of a validation run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Perturbation {
    /// Number of perturbed worlds (0: none).
    pub worlds: usize,
    /// Replications per experiment in each world.
    pub replications: u64,
    /// Smallest scale factor.
    pub low: f64,
    /// Largest scale factor.
    pub high: f64,
}

impl Default for Perturbation {
    fn default() -> Self {
        Perturbation { worlds: DEFAULT_WORLDS, replications: 40, low: 0.7, high: 1.3 }
    }
}

/// Default number of perturbed worlds.
pub const DEFAULT_WORLDS: usize = 20;

/// Replications per experiment in a perturbed world when not given: a fifth
/// of the main run's, at least 2.
pub fn default_replications(main: u64) -> u64 {
    (main / 5).max(2)
}

/// The behavioural keys a world jitters, in the catalogue's order.
pub fn jittered_keys() -> Vec<&'static str> {
    KEYS.iter()
        .filter(|k| k.section == Section::Behavior && !FIXED.iter().any(|(f, _)| *f == k.key))
        .map(|k| k.key)
        .collect()
}

impl Perturbation {
    /// Scale factor of key number `key` in world `world` under `seed`.
    pub fn factor(&self, seed: u64, world: usize, key: usize) -> f64 {
        let z = mix64(mix64(seed ^ 0x7e57_0000_0000_0007) ^ (world as u64 + 1).wrapping_mul(GOLDEN_GAMMA));
        let z = mix64(z ^ (key as u64 + 1));
        let u = (z >> 11) as f64 / (1u64 << 53) as f64;
        self.low + (self.high - self.low) * u
    }

    /// The `[behavior]` table of world `world`: every jittered key, from the
    /// user's value where `user` has one and the default otherwise, scaled by
    /// its factor and clamped to its range; the user's other keys as given.
    /// `burnout_exit` is kept below `burnout_threshold` (at most 95 % of it).
    pub fn behavior(&self, user: Option<&toml::Table>, seed: u64, world: usize) -> toml::Table {
        let defaults = toml::Table::try_from(Behavior::default()).unwrap_or_default();
        let mut table = user.cloned().unwrap_or_default();
        let value = |key: &str| -> f64 {
            let v = user.and_then(|u| u.get(key)).or_else(|| defaults.get(key));
            match v {
                Some(toml::Value::Float(x)) => *x,
                Some(toml::Value::Integer(i)) => *i as f64,
                _ => 0.0,
            }
        };
        for (i, key) in jittered_keys().into_iter().enumerate() {
            let spec = KEYS.iter().find(|k| k.section == Section::Behavior && k.key == key).expect("catalogued");
            let x = (value(key) * self.factor(seed, world, i)).clamp(spec.min, spec.max);
            table.insert(key.to_string(), toml::Value::Float(x));
        }
        let threshold = match table.get("burnout_threshold") {
            Some(toml::Value::Float(t)) => *t,
            _ => value("burnout_threshold"),
        };
        if let Some(toml::Value::Float(exit)) = table.get_mut("burnout_exit") {
            *exit = exit.min(0.95 * threshold);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_are_deterministic_and_within_range() {
        let p = Perturbation::default();
        for world in 0..5 {
            for key in 0..40 {
                let f = p.factor(7, world, key);
                assert!((0.7..=1.3).contains(&f));
                assert_eq!(f, p.factor(7, world, key));
            }
        }
        assert_ne!(p.factor(7, 0, 0), p.factor(7, 1, 0));
    }

    #[test]
    fn worlds_build_valid_scenarios_and_keep_calibrated_keys_fixed() {
        let p = Perturbation::default();
        for world in 0..20 {
            let b = p.behavior(None, 20_260_101, world);
            assert!(!b.contains_key("quit_rate") && !b.contains_key("initial_adaptation"));
            let text = format!(
                "[scenario]\nname = \"w\"\n[behavior]\n{}\n[[strategy]]\nname = \"s\"\n",
                toml::to_string(&b).unwrap()
            );
            crate::config::Scenario::from_toml_str(&text).expect("a perturbed world is a valid scenario");
        }
    }
}
