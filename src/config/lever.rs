//! Levers: numeric scenario keys addressed by their dotted path
//! (`performance.quota_difficulty`, `incentives.contest.prize`,
//! `behavior.adaptation_rate`, `market.deal_size`), their allowed ranges from the
//! key catalogue ([`super::schema`]) and how to read them from a scenario.
//! Sweeps, the optimiser and sensitivity analysis vary levers
//! (`analysis::levers` sets them); validation checks the levers of `[[sweep]]`
//! tables with them.

use super::Scenario;
use super::error::closest;
use super::schema::{CONTEST_KEYS, KEYS, KeySpec, RECOGNITION_KEYS, Section, spec};

/// A numeric key that an analysis may change.
#[derive(Debug, Clone)]
pub struct Lever {
    /// Dotted key as written in a scenario file, e.g. `performance.monitoring`.
    pub key: String,
    /// Its catalogue entry (range, unit, meaning).
    pub spec: &'static KeySpec,
}

/// Sections whose keys can be levers.
const SECTIONS: [(&str, Section); 6] = [
    ("performance", Section::Performance),
    ("incentives", Section::Incentives),
    ("behavior", Section::Behavior),
    ("market", Section::Market),
    ("team", Section::Team),
    ("costs", Section::Costs),
];

/// Every key that [`Lever::parse`] accepts.
pub fn all_keys() -> Vec<String> {
    KEYS.iter()
        .chain(CONTEST_KEYS)
        .chain(RECOGNITION_KEYS)
        .filter(|s| SECTIONS.iter().any(|(_, sec)| *sec == s.section))
        .map(|s| format!("{}.{}", s.section.prefix(), s.key))
        .collect()
}

/// The numeric keys of `[behavior]` and `[market]` (the assumptions, as opposed to the levers of a strategy).
pub fn assumption_keys() -> Vec<String> {
    KEYS.iter()
        .filter(|s| matches!(s.section, Section::Behavior | Section::Market))
        .map(|s| format!("{}.{}", s.section.prefix(), s.key))
        .collect()
}

impl PartialEq for Lever {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Lever {
    /// Looks up a dotted key; the error names the key and suggests the closest one.
    pub fn parse(key: &str) -> Result<Lever, String> {
        let key = key.trim();
        let found = key.split_once('.').and_then(|(section, rest)| {
            let (_, sec) = SECTIONS.iter().find(|(name, _)| *name == section)?;
            spec(*sec, rest)
        });
        match found {
            Some(spec) => Ok(Lever { key: key.to_string(), spec }),
            None => {
                let keys = all_keys();
                let hint = closest(key, keys.iter().map(String::as_str))
                    .map(|k| format!("; did you mean `{k}`?"))
                    .unwrap_or_else(|| {
                        "; levers are numeric keys written as they appear in a scenario file, such as \
                         `performance.quota_difficulty`, `incentives.commission_rate`, `behavior.adaptation_rate`"
                            .to_string()
                    });
                Err(format!("unknown lever `{key}`{hint}"))
            }
        }
    }

    /// Whether the lever belongs to a strategy (as opposed to behaviour, market or team).
    pub fn is_strategy_lever(&self) -> bool {
        matches!(self.spec.section, Section::Performance | Section::Incentives)
    }

    /// Clamps to the allowed range and rounds whole-number keys.
    pub fn clean(&self, value: f64) -> f64 {
        let v = value.clamp(self.spec.min, self.spec.max);
        if self.spec.integer { v.round() } else { v }
    }

    /// The lever's current value in `scenario` (strategy levers read from `strategy`).
    pub fn get(&self, scenario: &Scenario, strategy: usize) -> Option<f64> {
        let value = match self.spec.section {
            Section::Performance => toml::Value::try_from(&scenario.strategies[strategy].performance).ok()?,
            Section::Incentives => toml::Value::try_from(&scenario.strategies[strategy].incentives).ok()?,
            Section::Behavior => toml::Value::try_from(&scenario.behavior).ok()?,
            Section::Market => toml::Value::try_from(&scenario.market).ok()?,
            Section::Team => toml::Value::try_from(&scenario.team).ok()?,
            Section::Costs => toml::Value::try_from(&scenario.costs).ok()?,
            _ => return None,
        };
        let mut v = &value;
        for part in self.spec.key.split('.') {
            v = v.get(part)?;
        }
        match v {
            toml::Value::Float(f) => Some(*f),
            toml::Value::Integer(i) => Some(*i as f64),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_lever_suggests_the_closest_key() {
        let err = Lever::parse("performance.quota_dificulty").unwrap_err();
        assert!(err.contains("performance.quota_difficulty"), "{err}");
    }
}
