//! Turning results into bytes: the terminal table, JSON and CSV exporters,
//! charts (SVG, PNG, GIF), the HTML report with its Markdown summary and its
//! "why" (levers against outcomes), the fit of a calibrated scenario, and
//! safe writing of output directories (temporary name, then rename).

pub mod calibration;
pub mod charts;
pub mod csv;
pub mod figures;
pub mod html;
pub mod json;
pub mod markdown;
pub mod output;
pub mod table;
pub mod why;

use crate::experiment::summary::{ExperimentSummary, WeeklySeries};

/// Output formats of `run` and `merge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable table.
    Table,
    /// The JSON object of MODEL.md section 7.
    Json,
    /// One CSV row per strategy.
    Csv,
}

/// Something that turns a summary into bytes.
pub trait Exporter {
    /// Serialises the summary (and, where the format has room, the weekly series).
    fn serialize(&self, summary: &ExperimentSummary, weekly: Option<&WeeklySeries>) -> Vec<u8>;
}

/// The exporter of a format.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter::default()),
        Format::Json => Box::new(json::JsonExporter),
        Format::Csv => Box::new(csv::SummaryCsv),
    }
}
