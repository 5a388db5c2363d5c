//! JSON export: the summary object, pretty-printed, with a trailing newline.

use super::Exporter;
use crate::experiment::summary::{ExperimentSummary, WeeklySeries};

/// Writes the JSON object of MODEL.md section 7 (plus documented extra keys).
pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn serialize(&self, summary: &ExperimentSummary, _weekly: Option<&WeeklySeries>) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(summary).unwrap_or_default();
        out.push(b'\n');
        out
    }
}
