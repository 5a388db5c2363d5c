//! CSV exports: one row per strategy (every metric with its interval bounds) and
//! a tidy weekly file (one row per strategy and week). Column names carry units,
//! see `docs/outputs.md`. A strategy name that a spreadsheet would read as a
//! formula (starting with `=`, `+`, `-` or `@`) is written with a leading `'`.

use super::Exporter;
use crate::config::Scenario;
use crate::config::text::csv_text;
use crate::experiment::per_replication::{self, Row};
use crate::experiment::stats::Estimate;
use crate::experiment::summary::{ExperimentSummary, StrategySummary, WeeklySeries};
use crate::sim::catalogue::METRICS;
use crate::sim::{Metric, Series};

/// One group of three columns (mean and interval bounds) of the per-strategy CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A metric of the catalogue.
    Metric(Metric),
    /// The paired lift against the baseline reported beside a metric.
    Lift(Metric),
}

impl Column {
    /// Column stem, with the unit in the name (from the catalogue).
    pub fn stem(self) -> &'static str {
        match self {
            Column::Metric(m) => m.info().column,
            Column::Lift(m) => m.info().lift.map_or(m.info().column, |l| l.column),
        }
    }

    /// The estimate this column group shows for one strategy.
    pub fn of(self, s: &StrategySummary) -> Estimate {
        match self {
            Column::Metric(m) => s[m],
            Column::Lift(m) => s.lift(m).map_or(s[m], |(lift, _)| lift),
        }
    }
}

/// The column groups of the per-strategy CSV: every metric of the catalogue,
/// each followed by its paired lift where it has one.
pub fn columns() -> impl Iterator<Item = Column> {
    METRICS.iter().flat_map(|info| {
        std::iter::once(Column::Metric(info.metric)).chain(info.lift.map(|_| Column::Lift(info.metric)))
    })
}

/// A number for CSV: six decimals, empty when missing or undefined.
fn bound(x: Option<f64>) -> String {
    x.filter(|v| v.is_finite()).map(|v| format!("{v:.6}")).unwrap_or_default()
}

/// One row per strategy.
pub struct SummaryCsv;

impl Exporter for SummaryCsv {
    fn serialize(&self, summary: &ExperimentSummary, _weekly: Option<&WeeklySeries>) -> Vec<u8> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let mut header = vec!["strategy".to_string(), "is_baseline".to_string()];
        for stem in columns().map(Column::stem) {
            header.extend([stem.to_string(), format!("{stem}_ci_low"), format!("{stem}_ci_high")]);
        }
        header.extend(["best_share_pct".to_string(), "ramp_months_to_90pct".to_string()]);
        let lifts = || METRICS.iter().filter_map(|info| Some((info.metric, info.lift?)));
        for (_, lift) in lifts() {
            header.extend([format!("{}_range90_low", lift.column), format!("{}_range90_high", lift.column)]);
        }
        let _ = w.write_record(&header);
        for s in &summary.strategies {
            let mut row = vec![csv_text(&s.name).into_owned(), (s.name == summary.baseline).to_string()];
            for column in columns() {
                let e = column.of(s);
                row.extend([bound(Some(e.mean)), bound(e.ci95[0]), bound(e.ci95[1])]);
            }
            row.extend([
                format!("{:.3}", s.best_share_pct),
                s.ramp_months_to_90pct.map(|m| m.to_string()).unwrap_or_default(),
            ]);
            for (metric, _) in lifts() {
                let [lo, hi] = s.lift(metric).map_or([None, None], |(_, range)| range);
                row.extend([bound(lo), bound(hi)]);
            }
            let _ = w.write_record(&row);
        }
        w.into_inner().unwrap_or_default()
    }
}

/// Weekly means with intervals: one row per strategy and week.
pub fn weekly_csv(summary: &ExperimentSummary, weekly: &WeeklySeries) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["strategy".to_string(), "week".to_string()];
    for name in Series::ALL.map(Series::key) {
        header.extend([name.to_string(), format!("{name}_ci_low"), format!("{name}_ci_high")]);
    }
    let _ = w.write_record(&header);
    for (s, series) in summary.strategies.iter().zip(weekly) {
        for (week, row) in series.iter().enumerate() {
            let mut rec = vec![csv_text(&s.name).into_owned(), (week + 1).to_string()];
            for e in row {
                rec.extend([bound(Some(e.mean)), bound(e.ci95[0]), bound(e.ci95[1])]);
            }
            let _ = w.write_record(&rec);
        }
    }
    w.into_inner().unwrap_or_default()
}

/// The header of the per-replication file (`replications.csv`): `strategy`,
/// `replication`, then [`per_replication::columns`].
pub fn replications_header(scenario: &Scenario) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["strategy".to_string(), "replication".to_string()];
    header.extend(per_replication::columns(scenario));
    let _ = w.write_record(&header);
    w.into_inner().unwrap_or_default()
}

/// Rows of the per-replication file. Numbers are written in Rust's shortest
/// round-trip form, so reading them back gives the simulated values exactly
/// (and their means the summary's means).
pub fn replications_rows(scenario: &Scenario, rows: &[Row]) -> Vec<u8> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let exact = |v: f64| if v.is_finite() { v.to_string() } else { String::new() };
    for row in rows {
        let mut rec = vec![csv_text(&scenario.strategies[row.strategy].name).into_owned(), row.replication.to_string()];
        rec.extend(row.metrics.iter().map(|(_, v)| exact(*v)));
        rec.extend([exact(row.lift_pct), exact(row.profit_lift_pct)]);
        rec.extend(row.world.iter().map(|v| exact(*v)));
        let _ = w.write_record(&rec);
    }
    w.into_inner().unwrap_or_default()
}
