//! Robustness to uncertain assumptions. When `[behavior]`, `[market]` or
//! `[team]` keys are distributions (see [`crate::config::uncertain`]), every
//! replication is one sampled world; the share of worlds in which a strategy
//! is the most profitable (optionally among those within an attrition limit) says how
//! robust a recommendation is to what we do not know.

use super::pareto::{Candidate, Limits, analyse};
use crate::experiment::summary::ExperimentSummary;

/// What a sampled world stands for, in the lines' words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Worlds {
    /// Any scenario: "plausible worlds".
    Plausible,
    /// A scenario of a calibrated team whose uncertain parameters are the
    /// fit's: "plausible versions of your team".
    YourTeam,
}

/// The plain-language lines: "balanced is best in 71 % of plausible worlds
/// ..." (or "of plausible versions of your team" for a calibrated team).
/// Empty for a scenario without distributions and without a limit.
pub fn robustness_lines(s: &ExperimentSummary, words: Worlds) -> Vec<String> {
    if s.uncertain_parameters.is_empty() && s.max_attrition.is_none() {
        return Vec::new();
    }
    let worlds = !s.uncertain_parameters.is_empty();
    let (share, rule): (Vec<(String, f64)>, String) = match s.max_attrition {
        Some(m) => (
            s.strategies.iter().map(|x| (x.name.clone(), x.best_within_limit_share_pct.unwrap_or(0.0))).collect(),
            format!("highest profit among the strategies with attrition at most {m} %/yr in that world"),
        ),
        None => (s.strategies.iter().map(|x| (x.name.clone(), x.best_share_pct)).collect(), "highest profit".into()),
    };
    let mut ranked = share.clone();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut lines = vec![String::new()];
    let (unit, world) = match (worlds, words) {
        (false, _) => ("replications", ""),
        (true, Worlds::Plausible) => ("plausible worlds", "its own world"),
        (true, Worlds::YourTeam) => ("plausible versions of your team", "its own version of your team"),
    };
    if worlds {
        lines.push(format!(
            "Uncertain assumptions: each of the {} replications drew {world} from {}.",
            s.replications,
            s.uncertain_parameters.join(", ")
        ));
    }
    if let Some((name, pct)) = ranked.first() {
        lines.push(format!("\"{name}\" is the best strategy in {pct:.0} % of {unit} (best = {rule})."));
    }
    let rest: Vec<String> = ranked[1..].iter().map(|(n, p)| format!("{n} {p:.0} %")).collect();
    let none = 100.0 - ranked.iter().map(|r| r.1).sum::<f64>();
    let mut tail = rest.join(", ");
    if none > 0.05 {
        tail.push_str(&format!("; no single best (a tie, or none within the limit) {none:.0} %"));
    }
    if !tail.is_empty() {
        lines.push(format!("Others: {tail}."));
    }
    if let Some(m) = s.max_attrition {
        lines.push(within_limit_on_means(s, m));
    }
    lines
}

/// The choice `report`, `pareto`, `sweep` and `optimize` make with
/// `--max-attrition`: the most profitable strategy whose mean attrition over
/// the replications is at most `max_attrition` %/yr.
fn within_limit_on_means(s: &ExperimentSummary, max_attrition: f64) -> String {
    let cands: Vec<Candidate> =
        s.strategies.iter().map(|x| Candidate { label: x.name.clone(), summary: x.clone() }).collect();
    let t = analyse(&cands, Limits { max_attrition: Some(max_attrition), max_burnout: None });
    match t.best {
        Some(i) => format!(
            "On the means over all replications (as report, pareto, sweep and optimize choose), the most profitable strategy with attrition at most {max_attrition} %/yr is \"{}\".",
            cands[i].label
        ),
        None => format!("On the means over all replications, no strategy has attrition at most {max_attrition} %/yr."),
    }
}
