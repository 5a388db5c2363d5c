//! Levers of an analysis: the one command-line grammar that names them and
//! their ranges in `sweep`, `optimize` and `sensitivity` ([`parse_levers`]),
//! and setting them ([`Lever`], defined with the key catalogue in
//! [`crate::config::lever`]) on a scenario. Every changed scenario goes
//! through validation again, so the engine never sees an out-of-range value.
//!
//! The grammar: `--vary SPEC`, repeatable, where SPEC is one or more of
//! `KEY`, `KEY=LO:HI` or `KEY=LO:HI:STEPS` separated by commas. KEY is a
//! scenario key as written in a scenario file; LO:HI the range searched
//! (bare KEY: the command's default range, see [`LeverSpec::ranged`]); STEPS
//! the levels of a grid sweep (other designs ignore it).

use crate::config::error::closest;
pub use crate::config::lever::{Lever, all_keys, assumption_keys};
use crate::config::schema::Section;
pub use crate::config::sweep::Vary;
use crate::config::{ConfigError, Scenario, validate};

/// Which levers a command varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeverKind {
    /// A strategy's levers (`performance.*`, `incentives.*`): sweep and optimize.
    Strategy,
    /// Assumptions (`behavior.*`, `market.*`, `team.*`, `costs.*`): sensitivity.
    Assumption,
}

impl LeverKind {
    /// Whether `lever` is of this kind.
    pub fn admits(self, lever: &Lever) -> bool {
        lever.is_strategy_lever() == (self == LeverKind::Strategy)
    }

    /// Every key of this kind.
    pub fn keys(self) -> Vec<String> {
        all_keys().into_iter().filter(|k| Lever::parse(k).is_ok_and(|l| self.admits(&l))).collect()
    }

    fn words(self) -> &'static str {
        match self {
            LeverKind::Strategy => "a strategy lever (performance.* or incentives.*)",
            LeverKind::Assumption => "an assumption (behavior.*, market.*, team.* or costs.*)",
        }
    }
}

/// One lever named on the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct LeverSpec {
    /// The lever with its range (the key's whole allowed range when none was
    /// given) and grid steps.
    pub vary: Vary,
    /// Whether LO:HI was given. Without it, sweep and optimize search the
    /// key's whole allowed range and sensitivity the scenario's value
    /// +-`--spread` (or the range of its `[[uncertain]]` distribution).
    pub ranged: bool,
}

/// Parses the levers named by `specs` (each one or more comma-separated
/// `KEY`, `KEY=LO:HI` or `KEY=LO:HI:STEPS`): every key must be a lever of
/// `kind` (an unknown or misspelt key gets the closest key of that kind as a
/// suggestion, as scenario keys do) and none may be named twice.
pub fn parse_levers(specs: &[String], kind: LeverKind) -> Result<Vec<LeverSpec>, String> {
    let mut out: Vec<LeverSpec> = Vec::new();
    for text in specs.iter().flat_map(|s| s.split(',')).map(str::trim).filter(|t| !t.is_empty()) {
        let key = text.split_once('=').map_or(text, |(k, _)| k).trim();
        match Lever::parse(key) {
            Ok(lever) if !kind.admits(&lever) => {
                return Err(format!("`{key}` is not {}", kind.words()));
            }
            Ok(_) => {}
            Err(_) => {
                let keys = kind.keys();
                let hint = closest(key, keys.iter().map(String::as_str))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("; give {} as written in a scenario file", kind.words()));
                return Err(format!("unknown lever `{key}`{hint}"));
            }
        }
        let vary = Vary::parse(text)?;
        if out.iter().any(|o| o.vary.lever.key == vary.lever.key) {
            return Err(format!("lever `{}` is named twice", vary.lever.key));
        }
        out.push(LeverSpec { vary, ranged: text.contains('=') });
    }
    Ok(out)
}

/// Warnings for the levers whose best value lies on the edge of the searched
/// range (within `tolerance`, a share of the range's width), where a better
/// point may lie just outside: "best `KEY` 0.1 is at the top of the searched
/// range 0.02..0.1: widen the range". An edge that is also the key's allowed
/// bound is not reported (there is nothing beyond it to search).
pub fn edge_warnings(levers: &[Vary], best: &[f64], tolerance: f64) -> Vec<String> {
    use super::sweep::fmt_value;
    levers
        .iter()
        .zip(best)
        .filter(|(v, _)| v.hi > v.lo)
        .filter_map(|(v, &x)| {
            let slack = tolerance.max(1e-9) * (v.hi - v.lo);
            let (side, bound) = if x <= v.lo + slack {
                ("bottom", v.lever.spec.min)
            } else if x >= v.hi - slack {
                ("top", v.lever.spec.max)
            } else {
                return None;
            };
            let edge = if side == "top" { v.hi } else { v.lo };
            (edge != bound).then(|| {
                format!(
                    "best `{}` {} is at the {side} of the searched range {}..{}: widen the range",
                    v.lever.key,
                    fmt_value(x),
                    fmt_value(v.lo),
                    fmt_value(v.hi)
                )
            })
        })
        .collect()
}

/// A copy of `scenario` with each lever set to its value: strategy levers on
/// strategy `strategy`, the others on the scenario's own tables. The result is
/// validated again; integer keys are rounded.
pub fn apply(scenario: &Scenario, strategy: usize, settings: &[(&Lever, f64)]) -> Result<Scenario, ConfigError> {
    let mut raw = scenario.to_raw();
    for (lever, value) in settings {
        let value =
            if lever.spec.integer { toml::Value::Integer(value.round() as i64) } else { toml::Value::Float(*value) };
        let key = lever.spec.key;
        let s = &mut raw.strategy[strategy];
        match lever.spec.section {
            Section::Performance => s.performance = set(&s.performance, key, value)?,
            Section::Incentives => s.incentives = set(&s.incentives, key, value)?,
            Section::Behavior => raw.behavior = set(&raw.behavior, key, value)?,
            Section::Market => raw.market = set(&raw.market, key, value)?,
            Section::Team => raw.team = set(&raw.team, key, value)?,
            Section::Costs => raw.costs = set(&raw.costs, key, value)?,
            _ => {
                return Err(ConfigError::Inconsistent {
                    key_path: lever.key.clone(),
                    message: "cannot be varied".into(),
                });
            }
        }
    }
    validate::validate(raw)
}

/// Parses a `KEY=VALUE` setting (`incentives.quota_bonus=0.1`): the key as
/// [`Lever::parse`] reads it (unknown keys get a did-you-mean), the value a
/// number within the key's allowed range (whole for whole-number keys).
pub fn parse_setting(text: &str) -> Result<(Lever, f64), String> {
    let Some((key, value)) = text.split_once('=') else {
        return Err(format!("`{text}`: write a setting as KEY=VALUE, for example incentives.quota_bonus=0.1"));
    };
    let lever = Lever::parse(key)?;
    let spec = lever.spec;
    let value = value.trim();
    let number = value
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| format!("`{text}`: `{value}` is not a number"))?;
    if number < spec.min || number > spec.max {
        return Err(format!(
            "`{text}`: {number} is outside the allowed range of {}: {} to {} ({})",
            lever.key, spec.min, spec.max, spec.unit
        ));
    }
    if spec.integer && number.fract() != 0.0 {
        return Err(format!("`{text}`: {} takes whole numbers", lever.key));
    }
    Ok((lever, number))
}

/// Sets `key` (possibly `table.key`) in the TOML form of `table` and reads it back.
fn set<T: serde::Serialize + serde::de::DeserializeOwned>(
    table: &T,
    key: &str,
    value: toml::Value,
) -> Result<T, ConfigError> {
    let wrong = |m: String| ConfigError::WrongType { key_path: key.to_string(), message: m, line: None, column: None };
    let mut v = toml::Value::try_from(table).map_err(|e| wrong(e.to_string()))?;
    let mut cursor = &mut v;
    let parts: Vec<&str> = key.split('.').collect();
    for part in &parts[..parts.len() - 1] {
        let toml::Value::Table(t) = cursor else { return Err(wrong("not a table".into())) };
        cursor = t.entry(part.to_string()).or_insert_with(|| toml::Value::Table(toml::Table::new()));
    }
    let toml::Value::Table(t) = cursor else { return Err(wrong("not a table".into())) };
    t.insert(parts[parts.len() - 1].to_string(), value);
    v.try_into().map_err(|e: toml::de::Error| wrong(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_levers_create_their_table() {
        let s = Scenario::from_toml_str("[[strategy]]\nname = \"a\"\n").unwrap();
        let prize = Lever::parse("incentives.contest.prize").unwrap();
        let out = apply(&s, 0, &[(&prize, 9000.0)]).unwrap();
        assert_eq!(out.strategies[0].incentives.contest.as_ref().map(|c| c.prize), Some(9000.0));
        assert_eq!(prize.get(&out, 0), Some(9000.0));
    }

    #[test]
    fn one_grammar_for_every_command() {
        let specs = vec!["performance.monitoring=0.2:1:3,incentives.wellbeing".to_string()];
        let l = parse_levers(&specs, LeverKind::Strategy).unwrap();
        assert_eq!((l[0].vary.lo, l[0].vary.hi, l[0].vary.steps, l[0].ranged), (0.2, 1.0, Some(3), true));
        assert!(!l[1].ranged);
        let e = parse_levers(&["behavior.quit_rate".into()], LeverKind::Strategy).unwrap_err();
        assert!(e.contains("is not a strategy lever"), "{e}");
        let e = parse_levers(&["performance.monitorin=0:1".into()], LeverKind::Strategy).unwrap_err();
        assert!(e.contains("did you mean `performance.monitoring`?"), "{e}");
        let e = parse_levers(&["behavior.quit_rat".into()], LeverKind::Assumption).unwrap_err();
        assert!(e.contains("did you mean `behavior.quit_rate`?"), "{e}");
        let e = parse_levers(
            &["performance.monitoring".into(), "performance.monitoring=0.2:0.5".into()],
            LeverKind::Strategy,
        );
        let e = e.unwrap_err();
        assert!(e.contains("named twice"), "{e}");
    }

    #[test]
    fn a_best_on_the_edge_of_the_searched_range_is_flagged_unless_it_is_the_keys_bound() {
        let v = |t: &str| Vary::parse(t).unwrap();
        let levers = [v("incentives.commission_rate=0.02:0.1:5"), v("performance.monitoring=0:0.8:5")];
        let w = edge_warnings(&levers, &[0.1, 0.4], 0.0);
        assert_eq!(
            w,
            ["best `incentives.commission_rate` 0.1 is at the top of the searched range 0.02..0.1: widen the range"]
        );
        // monitoring's 0 is its allowed minimum: nothing lies below it.
        assert!(edge_warnings(&levers, &[0.06, 0.0], 0.0).is_empty());
        assert_eq!(edge_warnings(&levers, &[0.06, 0.8], 0.0).len(), 1);
    }

    #[test]
    fn settings_name_the_key_suggest_a_spelling_and_check_the_range() {
        let (lever, value) = parse_setting("incentives.quota_bonus=0.1").unwrap();
        assert_eq!((lever.key.as_str(), value), ("incentives.quota_bonus", 0.1));
        assert!(
            parse_setting("incentives.quota_bonuss=0.1").unwrap_err().contains("did you mean `incentives.quota_bonus`")
        );
        assert!(parse_setting("incentives.quota_bonus=9").unwrap_err().contains("0 to 5"));
        assert!(parse_setting("incentives.quota_bonus").unwrap_err().contains("KEY=VALUE"));
        assert!(parse_setting("performance.review_cadence_weeks=2.5").unwrap_err().contains("whole"));
    }

    #[test]
    fn integer_levers_are_rounded() {
        let s = Scenario::from_toml_str("[[strategy]]\nname = \"a\"\n").unwrap();
        let cadence = Lever::parse("performance.review_cadence_weeks").unwrap();
        let out = apply(&s, 0, &[(&cadence, 2.6)]).unwrap();
        assert_eq!(out.strategies[0].performance.review_cadence_weeks, 3);
    }
}
