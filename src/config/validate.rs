//! Stage two of loading: range and consistency checks that turn a
//! [`RawScenario`] into a [`Scenario`] the engine can trust.

use std::collections::HashSet;

use serde::Serialize;

use super::Scenario;
use super::error::ConfigError;
use super::schema::{CONTEST_KEYS, KEYS, KeySpec, RECOGNITION_KEYS, Section};
use super::text::{MAX_NAME_CHARS, clip, escape, is_hidden, look_alike_key};
use super::types::RawScenario;

/// Checks every range and cross-key rule and resolves the baseline.
pub fn validate(raw: RawScenario) -> Result<Scenario, ConfigError> {
    check_section(&raw.scenario, Section::Scenario, "scenario")?;
    check_section(&raw.experiment, Section::Experiment, "experiment")?;
    check_section(&raw.team, Section::Team, "team")?;
    check_section(&raw.market, Section::Market, "market")?;
    check_section(&raw.behavior, Section::Behavior, "behavior")?;
    check_section(&raw.costs, Section::Costs, "costs")?;
    if raw.scenario.name.trim().is_empty() {
        return Err(ConfigError::Inconsistent {
            key_path: "scenario.name".into(),
            message: "is empty; give the scenario a name (it labels every output)".into(),
        });
    }
    check_name("scenario.name", &raw.scenario.name)?;
    if raw.strategy.is_empty() {
        return Err(ConfigError::NoStrategies);
    }
    let mut seen = HashSet::new();
    let mut looks: Vec<(String, usize)> = Vec::new();
    for (index, s) in raw.strategy.iter().enumerate() {
        if s.name.trim().is_empty() {
            return Err(ConfigError::EmptyName { index });
        }
        if !seen.insert(s.name.as_str()) {
            return Err(ConfigError::DuplicateStrategy { index, name: escape(&s.name).into_owned() });
        }
        check_name(&format!("strategy[{index}].name"), &s.name)?;
        let key = look_alike_key(&s.name);
        if let Some((_, first)) = looks.iter().find(|(k, _)| *k == key) {
            return Err(ConfigError::Inconsistent {
                key_path: format!("strategy[{index}].name"),
                message: format!(
                    "\"{}\" looks the same as strategy[{first}].name \"{}\" (they differ only by case, spacing, \
                     invisible characters or Unicode form); give strategies names that read differently",
                    escape(&s.name),
                    escape(&raw.strategy[*first].name)
                ),
            });
        }
        looks.push((key, index));
        let prefix = format!("strategy[{index}]");
        check_section(&s.performance, Section::Performance, &format!("{prefix}.performance"))?;
        check_section(&s.incentives, Section::Incentives, &format!("{prefix}.incentives"))?;
        let weeks = raw.scenario.weeks;
        if let Some(contest) = &s.incentives.contest {
            check_keys(contest, CONTEST_KEYS, &format!("{prefix}.incentives"))?;
            if contest.period_weeks > weeks {
                return Err(ConfigError::Inconsistent {
                    key_path: format!("{prefix}.incentives.contest.period_weeks"),
                    message: format!(
                        "a contest round of {} weeks is longer than the horizon ({weeks} weeks); shorten the round or raise scenario.weeks",
                        contest.period_weeks
                    ),
                });
            }
        }
        if let Some(rec) = &s.incentives.recognition {
            check_keys(rec, RECOGNITION_KEYS, &format!("{prefix}.incentives"))?;
            if rec.cadence_weeks > weeks {
                return Err(ConfigError::Inconsistent {
                    key_path: format!("{prefix}.incentives.recognition.cadence_weeks"),
                    message: format!(
                        "recognition every {} weeks never happens within the horizon ({weeks} weeks)",
                        rec.cadence_weeks
                    ),
                });
            }
        }
    }
    if raw.behavior.burnout_exit >= raw.behavior.burnout_threshold {
        return Err(ConfigError::Inconsistent {
            key_path: "behavior.burnout_exit".into(),
            message: format!(
                "must be below behavior.burnout_threshold ({}), or burnt-out reps could never recover",
                raw.behavior.burnout_threshold
            ),
        });
    }
    let names: Vec<String> = raw.strategy.iter().map(|s| s.name.clone()).collect();
    let baseline = match &raw.scenario.baseline {
        None => 0,
        Some(b) => names
            .iter()
            .position(|n| n == b)
            .ok_or_else(|| ConfigError::MissingBaseline { baseline: b.clone(), available: names.clone() })?,
    };
    let mut sweep_names: Vec<String> = Vec::new();
    for (index, def) in raw.sweep.iter().enumerate() {
        let name = def.name.clone().unwrap_or_else(|| format!("sweep{}", index + 1));
        let key_path = format!("sweep[{index}].name");
        check_name(&key_path, &name)?;
        if let Some(first) = sweep_names.iter().position(|n| *n == name) {
            return Err(ConfigError::Inconsistent {
                key_path,
                message: format!(
                    "duplicate sweep name \"{}\" (sweep[{first}] has it too); `salesim sweep --name` needs unique names",
                    escape(&name)
                ),
            });
        }
        sweep_names.push(name);
        if let Some(r) = def.replications
            && !(MIN_SWEEP_REPLICATIONS..=MAX_SWEEP_REPLICATIONS).contains(&r)
        {
            return Err(ConfigError::OutOfRange {
                key_path: format!("sweep[{index}].replications"),
                value: f64::from(r),
                min: f64::from(MIN_SWEEP_REPLICATIONS),
                max: f64::from(MAX_SWEEP_REPLICATIONS),
                unit: "count (intervals need two)".into(),
                integer: true,
            });
        }
        super::sweep::check_def(def, &names).map_err(|(key, message)| ConfigError::Inconsistent {
            key_path: format!("sweep[{index}].{key}"),
            message,
        })?;
    }
    Ok(Scenario::from_validated(raw, baseline))
}

/// Fewest replications of a `[[sweep]]` point (an interval needs two).
pub const MIN_SWEEP_REPLICATIONS: u32 = 2;
/// Most replications of a `[[sweep]]` point (as `experiment.replications`).
pub const MAX_SWEEP_REPLICATIONS: u32 = 1_000_000;

/// A name labels every output: at most [`MAX_NAME_CHARS`] characters and no
/// control or invisible characters (they would reach terminals raw, or make
/// two names look alike).
fn check_name(key_path: &str, name: &str) -> Result<(), ConfigError> {
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(ConfigError::Inconsistent {
            key_path: key_path.to_string(),
            message: format!(
                "\"{}\" is {chars} characters long; names label tables and charts, so at most {MAX_NAME_CHARS} are allowed \
                 (put the rest in `description`)",
                clip(name, 40)
            ),
        });
    }
    if let Some(c) = name.chars().find(|&c| is_hidden(c)) {
        return Err(ConfigError::Inconsistent {
            key_path: key_path.to_string(),
            message: format!(
                "\"{}\" contains the control or invisible character U+{:04X}; names may hold only visible characters and spaces",
                escape(name),
                u32::from(c)
            ),
        });
    }
    Ok(())
}

/// Checks the numeric keys of one section against the catalogue.
fn check_section<T: Serialize>(section: &T, which: Section, prefix: &str) -> Result<(), ConfigError> {
    let specs: Vec<KeySpec> = KEYS.iter().filter(|k| k.section == which).copied().collect();
    check_keys(section, &specs, prefix)
}

fn check_keys<T: Serialize>(value: &T, specs: &[KeySpec], prefix: &str) -> Result<(), ConfigError> {
    let table = toml::Value::try_from(value).map_err(|e| ConfigError::WrongType {
        key_path: prefix.to_string(),
        message: e.to_string(),
        line: None,
        column: None,
    })?;
    for spec in specs {
        // Nested specs such as `contest.period_weeks` are looked up in their sub-table.
        let key = spec.key.rsplit('.').next().unwrap_or(spec.key);
        let Some(v) = lookup(&table, key) else { continue };
        let ok = v.is_finite() && v >= spec.min && v <= spec.max && (!spec.integer || v.fract() == 0.0);
        if !ok {
            return Err(ConfigError::OutOfRange {
                key_path: format!("{prefix}.{}", spec.key),
                value: v,
                min: spec.min,
                max: spec.max,
                unit: spec.unit.to_string(),
                integer: spec.integer,
            });
        }
    }
    Ok(())
}

fn lookup(table: &toml::Value, key: &str) -> Option<f64> {
    match table.get(key)? {
        toml::Value::Float(f) => Some(*f),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::load::parse_raw;
    use super::*;

    fn check(text: &str) -> Result<Scenario, ConfigError> {
        validate(parse_raw(text).unwrap())
    }

    #[test]
    fn out_of_range_names_key_and_range() {
        let err = check("[[strategy]]\nname = \"a\"\n[strategy.performance]\nmonitoring = 1.5\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("strategy[0].performance.monitoring"), "{msg}");
        assert!(msg.contains("allowed 0 to 1"), "{msg}");
    }

    #[test]
    fn nan_is_rejected() {
        let err = check("[market]\ndeal_size = nan\n[[strategy]]\nname = \"a\"\n").unwrap_err();
        assert!(matches!(err, ConfigError::OutOfRange { .. }));
    }

    #[test]
    fn baseline_must_name_a_strategy() {
        let err = check("[scenario]\nbaseline = \"statusquo\"\n[[strategy]]\nname = \"status_quo\"\n").unwrap_err();
        assert!(err.to_string().contains("did you mean \"status_quo\""), "{err}");
    }

    #[test]
    fn duplicate_names_are_rejected() {
        let err = check("[[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"a\"\n").unwrap_err();
        assert!(matches!(err, ConfigError::DuplicateStrategy { index: 1, .. }));
    }

    #[test]
    fn defaults_are_valid() {
        let s = check("[[strategy]]\nname = \"a\"\n").unwrap();
        assert_eq!(s.baseline, 0);
    }
}
