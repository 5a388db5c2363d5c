//! What a target measures: a moment of the team's records ([`Moment`]), or
//! one check of a published experiment of the validation battery (an
//! [`Effect`]: a treatment against a control on common random numbers in the
//! validation lab, such as the Cohen's d of intrinsic motivation under
//! contingent pay). Record moments describe a team as it is; effects describe
//! how people respond to a lever, which records of one plan cannot show, so
//! the published defaults are fitted to both (`docs/calibration/defaults.toml`).

use super::moments::Moment;
use crate::validate::facts::{self, FactFn};

/// One check of a fact of the validation battery.
#[derive(Debug, Clone, Copy)]
pub struct Effect {
    /// The fact's identifier (`crowding_out`, `timing_games`, ...).
    pub fact: &'static str,
    /// The check's position among the fact's checks (0-based).
    pub check: usize,
    /// The fact's experiment.
    pub run: FactFn,
}

impl PartialEq for Effect {
    fn eq(&self, other: &Self) -> bool {
        self.fact == other.fact && self.check == other.check
    }
}

impl Effect {
    /// The effect named by a fact identifier and a check position; `None`
    /// when no fact has that identifier.
    pub fn new(fact: &str, check: usize) -> Option<Effect> {
        let (id, run) = facts::ALL.iter().find(|(id, _)| *id == fact)?;
        Some(Effect { fact: id, check, run: *run })
    }
}

/// A target's statistic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Statistic {
    /// A moment of the records of today's plan in the base scenario.
    Moment(Moment),
    /// A check of a validation-battery experiment.
    Effect(Effect),
}

impl Statistic {
    /// The identifier in outputs: the moment's id, or `fact[check]`.
    pub fn id(&self) -> String {
        match self {
            Statistic::Moment(m) => m.info().id.to_string(),
            Statistic::Effect(e) => format!("{}[{}]", e.fact, e.check),
        }
    }

    /// The unit: the moment's, or `effect` (the check's claim names its unit).
    pub fn unit(&self) -> &'static str {
        match self {
            Statistic::Moment(m) => m.info().unit,
            Statistic::Effect(_) => "effect",
        }
    }

    /// The effect, when the statistic is one.
    pub fn effect(&self) -> Option<Effect> {
        match self {
            Statistic::Effect(e) => Some(*e),
            Statistic::Moment(_) => None,
        }
    }

    /// The moment, when the statistic is one.
    pub fn moment(&self) -> Option<Moment> {
        match self {
            Statistic::Moment(m) => Some(*m),
            Statistic::Effect(_) => None,
        }
    }
}
