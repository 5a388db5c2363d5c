//! Provenance: what made an output. Every JSON document salesim writes
//! carries one `provenance` object, and every CSV file written to `--out` a
//! sidecar `NAME.csv.meta.json` holding it (`docs/outputs.md`), built here
//! and nowhere else.

use serde::{Deserialize, Serialize};

use crate::config::scenario_hash;

/// The salesim version that writes outputs.
pub const SALESIM_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What made an output: the program, the scenario and the random numbers.
/// `salesim run FILE --seed SEED --replications REPLICATIONS` with the file
/// whose hash is `scenario_file_hash` gives the same numbers again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// Version of the salesim that wrote the output.
    pub salesim_version: String,
    /// Scenario name (`[scenario] name`); `null` for `validate`, which runs
    /// its own worlds.
    pub scenario: Option<String>,
    /// FNV-1a 64 hash of the bytes of the file the scenario was read from
    /// ([`scenario_hash`]; for a bundled scenario, of its bundled text; for
    /// `calibrate`, of the targets or team file; for `validate`, of the
    /// `--behavior` file, `null` without one).
    pub scenario_file_hash: Option<String>,
    /// Master seed.
    pub seed: u64,
    /// Replications asked for: of the whole experiment (`run`, `merge`,
    /// `pareto`), per point (`sweep`), per evaluation (`sensitivity`,
    /// `calibrate`), per fact (`validate`); `optimize` raises each
    /// candidate's replications rung by rung and records the last rung's.
    pub replications: u64,
}

impl Provenance {
    /// The provenance of an output made from the scenario named `name`,
    /// read from a file with the bytes `text`.
    pub fn new(name: &str, text: &[u8], seed: u64, replications: u64) -> Self {
        Provenance {
            salesim_version: SALESIM_VERSION.to_string(),
            scenario: Some(name.to_string()),
            scenario_file_hash: Some(scenario_hash(text)),
            seed,
            replications,
        }
    }

    /// The provenance of an output made without a scenario file (`validate`),
    /// from the optional input file `input`.
    pub fn without_scenario(input: Option<&[u8]>, seed: u64, replications: u64) -> Self {
        Provenance {
            salesim_version: SALESIM_VERSION.to_string(),
            scenario: None,
            scenario_file_hash: input.map(scenario_hash),
            seed,
            replications,
        }
    }

    /// The same provenance, written by this salesim (for outputs derived from
    /// an earlier one, as `pareto` from a `sweep.json`).
    pub fn restamped(&self) -> Self {
        Provenance { salesim_version: SALESIM_VERSION.to_string(), ..self.clone() }
    }

    /// As a JSON value, for documents assembled with `serde_json::json!`.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or_default()
    }
}

/// The name of the sidecar of CSV file `file`: `summary.csv.meta.json`.
pub fn sidecar_name(file: &str) -> String {
    format!("{file}.meta.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provenance_names_version_scenario_hash_seed_and_replications() {
        let p = Provenance::new("team", b"", 7, 30);
        assert_eq!(p.salesim_version, env!("CARGO_PKG_VERSION"));
        assert_eq!(p.scenario.as_deref(), Some("team"));
        assert_eq!(p.scenario_file_hash.as_deref(), Some("cbf29ce484222325"));
        assert_eq!((p.seed, p.replications), (7, 30));
        let v = p.to_value();
        for key in ["salesim_version", "scenario", "scenario_file_hash", "seed", "replications"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        assert_eq!(Provenance::without_scenario(None, 1, 2).scenario_file_hash, None);
    }
}
