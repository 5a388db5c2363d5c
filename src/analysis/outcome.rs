//! Outcomes an analysis measures or maximises (`--objective` of `optimize`
//! and `sensitivity`), named as the metric catalogue names them
//! ([`crate::sim::catalogue`]): a paired lift by its key (`profit_lift_pct`,
//! `lift_pct` for revenue) or a metric by its key
//! (`attrition_pct`, `burnout_pct`, `profit`, ...).

use crate::config::error::closest;
use crate::experiment::accumulator::percent_change;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::StrategySummary;
use crate::sim::catalogue::METRICS;
use crate::sim::{Metric, ReplicationMetrics};

/// One outcome of a strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The paired percent change of a metric against a comparison strategy
    /// (the baseline unless told otherwise); only metrics whose catalogue
    /// entry has a lift.
    Lift(Metric),
    /// The metric itself (or, against a comparison strategy, the difference).
    Level(Metric),
}

impl Outcome {
    /// Profit lift against the baseline, % (the default objective).
    pub const PROFIT_LIFT: Outcome = Outcome::Lift(Metric::Profit);

    /// Parses a catalogue name: a lift's key (`profit_lift_pct`, `lift_pct`)
    /// or a metric's key (`attrition_pct`); JSON and CSV use the same names.
    /// Unknown names get the closest known one as a suggestion.
    pub fn parse(name: &str) -> Result<Outcome, String> {
        let name = name.trim();
        for info in &METRICS {
            if let Some(p) = info.lift
                && name == p.key
            {
                return Ok(Outcome::Lift(info.metric));
            }
            if name == info.key {
                return Ok(Outcome::Level(info.metric));
            }
        }
        let names = Outcome::names();
        let hint = closest(name, names.iter().copied())
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_else(|| format!("; outcomes are the metric catalogue's names: {}", names.join(", ")));
        Err(format!("unknown outcome `{name}`{hint}"))
    }

    /// Every outcome's name: the lifts, then each metric in catalogue order.
    pub fn names() -> Vec<&'static str> {
        let lifts = METRICS.iter().filter_map(|i| i.lift.map(|p| p.key));
        lifts.chain(METRICS.iter().map(|i| i.key)).collect()
    }

    /// The name as the command line and JSON write it.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Lift(m) => m.info().lift.map_or(m.key(), |p| p.key),
            Outcome::Level(m) => m.key(),
        }
    }

    /// The outcome in words with its unit, for `strategy` compared with `other`
    /// (the baseline for a lift; `None` for a level on its own).
    pub fn describe(self, strategy: &str, other: Option<&str>) -> String {
        let words = |m: Metric| m.key().trim_end_matches("_pct").replace('_', " ");
        match (self, other) {
            (Outcome::Lift(m), Some(o)) => format!("{} lift of {strategy} against {o}, %", words(m)),
            (Outcome::Lift(m), None) => format!("{} lift of {strategy}, %", words(m)),
            (Outcome::Level(m), None) => format!("{} of {strategy}, {}", words(m), m.info().unit.words()),
            (Outcome::Level(m), Some(o)) => {
                format!("{} of {strategy} minus {} of {o}, {}", words(m), words(m), m.info().unit.words())
            }
        }
    }

    /// Its estimate in a summary against the baseline (a level: the mean of the metric).
    pub fn of(self, s: &StrategySummary) -> Estimate {
        match self {
            Outcome::Lift(m) => s.lift(m).map_or(s[m], |(e, _)| e),
            Outcome::Level(m) => s[m],
        }
    }

    /// Its value in one replication of the strategy (`m`), compared with the
    /// same replication of the comparison strategy (`other`): the percent
    /// change for a lift, the difference for a level (the level itself
    /// without a comparison).
    pub fn value(self, m: &ReplicationMetrics, other: Option<&ReplicationMetrics>) -> f64 {
        match (self, other) {
            (Outcome::Lift(k), Some(o)) => percent_change((k.info().value)(m), (k.info().value)(o)),
            (Outcome::Lift(k) | Outcome::Level(k), None) => (k.info().value)(m),
            (Outcome::Level(k), Some(o)) => (k.info().value)(m) - (k.info().value)(o),
        }
    }

    /// Whether computing it needs a comparison strategy's runs.
    pub fn needs_comparison(self) -> bool {
        matches!(self, Outcome::Lift(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_catalogue_and_read_back() {
        for name in Outcome::names() {
            assert_eq!(Outcome::parse(name).unwrap().name(), name);
        }
        assert_eq!(Outcome::parse("lift_pct").unwrap(), Outcome::Lift(Metric::Revenue));
        assert_eq!(Outcome::parse("attrition_pct").unwrap(), Outcome::Level(Metric::AttritionPct));
        assert!(Outcome::parse("revenue_lift_pct").is_err(), "one name per quantity: the revenue lift is lift_pct");
    }

    #[test]
    fn a_misspelt_outcome_gets_a_suggestion() {
        let e = Outcome::parse("profit_lift_pc").unwrap_err();
        assert!(e.contains("did you mean `profit_lift_pct`?"), "{e}");
    }
}
