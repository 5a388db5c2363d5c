//! Limits on attrition and burnout (`--max-attrition`, `--max-burnout`) that
//! a recommended strategy must respect: one meaning for `pareto`, `sweep`,
//! `optimize` and `report` (means over replications; `surely_meets` asks the
//! upper interval bounds too).

use serde::{Deserialize, Serialize};

use super::stats::Estimate;
use super::summary::StrategySummary;
use crate::sim::Metric;

/// Limits a recommendation must respect (percent per year / percent of rep-weeks).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Highest acceptable attrition, % per year (mean).
    pub max_attrition: Option<f64>,
    /// Highest acceptable burnout, % of rep-weeks (mean).
    pub max_burnout: Option<f64>,
}

impl Limits {
    /// Whether a candidate's means are within every limit.
    pub fn meets(&self, s: &StrategySummary) -> bool {
        self.max_attrition.is_none_or(|m| s[Metric::AttritionPct].mean <= m)
            && self.max_burnout.is_none_or(|m| s[Metric::BurnoutPct].mean <= m)
    }

    /// Whether a candidate's upper interval bounds are within every limit too.
    pub fn surely_meets(&self, s: &StrategySummary) -> bool {
        let upper = |e: &Estimate| e.ci95[1].unwrap_or(e.mean);
        self.max_attrition.is_none_or(|m| upper(&s[Metric::AttritionPct]) <= m)
            && self.max_burnout.is_none_or(|m| upper(&s[Metric::BurnoutPct]) <= m)
    }

    /// Whether any limit is set.
    pub fn any(&self) -> bool {
        self.max_attrition.is_some() || self.max_burnout.is_some()
    }

    /// The limits in words, e.g. "attrition at most 30 %/yr".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.max_attrition {
            parts.push(format!("attrition at most {m} %/yr"));
        }
        if let Some(m) = self.max_burnout {
            parts.push(format!("burnout at most {m} % of rep-weeks"));
        }
        if parts.is_empty() { "no limits".into() } else { parts.join(" and ") }
    }
}
