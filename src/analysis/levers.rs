//! Setting levers ([`Lever`], defined with the key catalogue in
//! [`crate::config::lever`]) on a scenario for an analysis. Every changed
//! scenario goes through validation again, so the engine never sees an
//! out-of-range value.

pub use crate::config::lever::{Lever, all_keys, assumption_keys};
use crate::config::schema::Section;
use crate::config::{ConfigError, Scenario, validate};

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
