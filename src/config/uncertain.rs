//! Uncertain assumptions: a `[behavior]`, `[market]` or continuous `[team]`
//! key written as a distribution instead of a number, e.g.
//! `adaptation_rate = { uniform = [0.02, 0.10] }` (a calibrated team's
//! `skill_sd = { normal = [0.46, 0.05] }`). Loading replaces the table by
//! the distribution's central value (so every other part of the pipeline sees a
//! plain scenario) and keeps the distribution here; the experiment executor
//! draws one world per replication from it (`experiment::world`).

use serde::{Deserialize, Serialize};

use super::schema::Section;

/// A distribution for one parameter.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Distribution {
    /// Uniform on `[lo, hi]`.
    Uniform {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
    },
    /// Normal with mean and standard deviation, truncated to the key's allowed range.
    Normal {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
    },
    /// Triangular on `[lo, hi]` with its peak at `mode`.
    Triangular {
        /// Lower end.
        lo: f64,
        /// Most likely value.
        mode: f64,
        /// Upper end.
        hi: f64,
    },
}

impl Distribution {
    /// The central value used where one number is needed (mean, or mode for triangular).
    pub fn centre(&self) -> f64 {
        match *self {
            Distribution::Uniform { lo, hi } => 0.5 * (lo + hi),
            Distribution::Normal { mean, .. } => mean,
            Distribution::Triangular { mode, .. } => mode,
        }
    }

    /// The value at quantile `u` in (0, 1) (inverse CDF).
    pub fn quantile(&self, u: f64) -> f64 {
        match *self {
            Distribution::Uniform { lo, hi } => lo + u * (hi - lo),
            Distribution::Normal { mean, sd } => {
                use statrs::distribution::{ContinuousCDF, Normal};
                match Normal::new(mean, sd.max(1e-300)) {
                    Ok(n) if sd > 0.0 => n.inverse_cdf(u),
                    _ => mean,
                }
            }
            Distribution::Triangular { lo, mode, hi } => {
                if hi <= lo {
                    return lo;
                }
                let f = (mode - lo) / (hi - lo);
                if u < f {
                    lo + (u * (hi - lo) * (mode - lo)).sqrt()
                } else {
                    hi - ((1.0 - u) * (hi - lo) * (hi - mode)).sqrt()
                }
            }
        }
    }

    /// The distribution as written, e.g. `uniform(0.02, 0.1)`.
    pub fn describe(&self) -> String {
        match *self {
            Distribution::Uniform { lo, hi } => format!("uniform({lo}, {hi})"),
            Distribution::Normal { mean, sd } => format!("normal({mean}, {sd})"),
            Distribution::Triangular { lo, mode, hi } => format!("triangular({lo}, {mode}, {hi})"),
        }
    }

    /// Smallest and largest values the distribution can give (before truncation).
    pub fn support(&self) -> (f64, f64) {
        match *self {
            Distribution::Uniform { lo, hi } | Distribution::Triangular { lo, hi, .. } => (lo, hi),
            Distribution::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }
}

/// One uncertain parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UncertainParam {
    /// `behavior`, `market` or `team`.
    #[serde(skip, default = "default_section")]
    pub section: Section,
    /// Key inside the section.
    pub key: String,
    /// Its distribution.
    pub distribution: Distribution,
}

fn default_section() -> Section {
    Section::Behavior
}
