//! Scenario files: the serde mirror of the TOML ([`types`]), the key catalogue
//! ([`schema`]), parsing ([`load`]) and range checks ([`validate`]), uncertain
//! assumptions ([`uncertain`]), levers ([`lever`]), `[[sweep]]` tables
//! ([`sweep`]) and the file's JSON Schema and key list ([`json_schema`]).
//! The bottom layer: it imports nothing else of the crate. The engine only
//! ever receives a [`Scenario`], which can only be built through validation.

pub mod error;
pub mod json_schema;
pub mod lever;
pub mod load;
pub mod schema;
pub mod sweep;
pub mod text;
pub mod types;
pub mod uncertain;
pub mod validate;

use std::path::Path;

pub use error::{ConfigError, ScenarioError};
pub use types::*;

/// A validated scenario: every value is in range and the baseline exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// `[scenario]`
    pub meta: ScenarioMeta,
    /// `[experiment]`
    pub experiment: Experiment,
    /// `[team]`
    pub team: Team,
    /// `[market]`
    pub market: Market,
    /// `[behavior]`
    pub behavior: Behavior,
    /// `[costs]`
    pub costs: Costs,
    /// The strategies, in file order.
    pub strategies: Vec<Strategy>,
    /// Index of the baseline strategy in `strategies`.
    pub baseline: usize,
    /// `[[sweep]]` definitions, in file order.
    pub sweeps: Vec<SweepDef>,
    /// Parameters given as distributions (empty for a plain scenario).
    pub uncertain: Vec<uncertain::UncertainParam>,
}

impl Scenario {
    pub(crate) fn from_validated(raw: RawScenario, baseline: usize) -> Self {
        Scenario {
            meta: raw.scenario,
            experiment: raw.experiment,
            team: raw.team,
            market: raw.market,
            behavior: raw.behavior,
            costs: raw.costs,
            strategies: raw.strategy,
            baseline,
            sweeps: raw.sweep,
            uncertain: raw.uncertain,
        }
    }

    /// Parses and validates scenario text.
    pub fn from_toml_str(text: &str) -> Result<Self, ConfigError> {
        validate::validate(load::parse_raw(text)?)
    }

    /// Reads, parses and validates a scenario file (at most
    /// [`load::MAX_FILE_BYTES`]).
    pub fn from_file(path: &Path) -> Result<Self, ScenarioError> {
        let file = text::escape(&path.display().to_string()).into_owned();
        Self::from_file_named(path, file).map(|(scenario, _)| scenario)
    }

    /// Reads, parses and validates a scenario file (at most
    /// [`load::MAX_FILE_BYTES`]), naming it `file` in errors (the path as the
    /// user gave it); returns the scenario and the file's text.
    pub fn from_file_named(path: &Path, file: String) -> Result<(Self, String), ScenarioError> {
        let bytes = load::read_capped(path, load::MAX_FILE_BYTES)
            .map_err(|error| ScenarioError { file: file.clone(), error })?;
        let text = String::from_utf8(bytes).map_err(|e| ScenarioError {
            file: file.clone(),
            error: ConfigError::Syntax {
                line: 1,
                column: 1,
                message: format!(
                    "the file is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            },
        })?;
        let scenario = Self::from_toml_str(&text).map_err(|error| ScenarioError { file, error })?;
        Ok((scenario, text))
    }

    /// The scenario back in its file form (with every default spelled out).
    pub fn to_raw(&self) -> RawScenario {
        RawScenario {
            scenario: ScenarioMeta { baseline: Some(self.baseline_name().to_string()), ..self.meta.clone() },
            experiment: self.experiment.clone(),
            team: self.team.clone(),
            market: self.market.clone(),
            behavior: self.behavior.clone(),
            costs: self.costs.clone(),
            strategy: self.strategies.clone(),
            sweep: self.sweeps.clone(),
            uncertain: self.uncertain.clone(),
        }
    }

    /// Name of the baseline strategy.
    pub fn baseline_name(&self) -> &str {
        &self.strategies[self.baseline].name
    }

    /// A stable 64-bit fingerprint of everything that shapes results except the
    /// `[experiment]` table (seed and replications are checked on their own).
    /// Shards of one run must agree on it.
    pub fn fingerprint(&self) -> u64 {
        let mut raw = self.to_raw();
        raw.experiment = Experiment::default();
        let mut text = serde_json::to_string(&raw).unwrap_or_default();
        if !self.uncertain.is_empty() {
            let keyed: Vec<(String, &uncertain::UncertainParam)> =
                self.uncertain.iter().map(|u| (format!("{}.{}", u.section.prefix(), u.key), u)).collect();
            text.push_str(&serde_json::to_string(&keyed).unwrap_or_default());
        }
        fnv1a(text.as_bytes())
    }

    /// Levers of a strategy that differ from their defaults, as `key = value` lines.
    pub fn changed_levers(strategy: &Strategy) -> Vec<String> {
        let mut out = Vec::new();
        diff_tables("performance", &strategy.performance, &Performance::default(), &mut out);
        diff_tables("incentives", &strategy.incentives, &Incentives::default(), &mut out);
        out
    }
}

fn diff_tables<T: serde::Serialize>(prefix: &str, value: &T, default: &T, out: &mut Vec<String>) {
    let (Ok(toml::Value::Table(v)), Ok(toml::Value::Table(d))) =
        (toml::Value::try_from(value), toml::Value::try_from(default))
    else {
        return;
    };
    for (key, val) in &v {
        if d.get(key) != Some(val) {
            out.push(format!("{prefix}.{key} = {val}"));
        }
    }
}

/// The content hash of a scenario file: FNV-1a 64 of its bytes (as read, or
/// the bundled text), as 16 lowercase hex digits. It names exactly which file
/// a report was made from; unlike [`Scenario::fingerprint`] it changes with
/// any edit, comments and the `[experiment]` table included.
///
/// # Example
/// ```
/// assert_eq!(salesim::config::scenario_hash(b""), "cbf29ce484222325");
/// ```
pub fn scenario_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

/// FNV-1a, 64 bit: a tiny stable hash (unlike `std`'s, which may change between releases).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}
