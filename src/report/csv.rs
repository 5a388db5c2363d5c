//! CSV exports: one row per strategy (every metric with its interval bounds) and
//! a tidy weekly file (one row per strategy and week). Column names are the
//! catalogue's names, the same as the JSON keys (`lift_pct` in both); units
//! and meanings are in each file's sidecar ([`sidecar`], `docs/outputs.md`).
//! A strategy name that a spreadsheet would read as a formula (starting with
//! `=`, `+`, `-` or `@`) is written with a leading `'`.

use super::Exporter;
use crate::config::Scenario;
use crate::config::text::csv_text;
use crate::experiment::per_replication::{self, Row};
use crate::experiment::provenance::Provenance;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::{ExperimentSummary, StrategySummary, WeeklySeries};
use crate::sim::catalogue::{METRICS, SERIES};
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
    /// Column stem: the catalogue's name, as in JSON.
    pub fn stem(self) -> &'static str {
        match self {
            Column::Metric(m) => m.key(),
            Column::Lift(m) => m.info().lift.map_or(m.key(), |l| l.key),
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
            header.extend([format!("{}_low", lift.range_key), format!("{}_high", lift.range_key)]);
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

/// What one column of a CSV file holds: its name and, where the catalogue
/// knows it, its unit and meaning.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ColumnDoc {
    /// The column's name, as in the header row.
    pub name: String,
    /// Its unit in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// What it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
}

/// Which names a file's columns use: the per-strategy metrics (`summary.csv`,
/// `replications.csv`, `sweep.csv`, `trace.csv`) or the weekly series
/// (`weekly.csv`), where a series may share a metric's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Names {
    /// Per-strategy metrics.
    Metrics,
    /// Weekly series.
    Weekly,
}

/// Unit and meaning of a column named `name`, from the catalogue.
fn known(name: &str, names: Names) -> Option<(String, String)> {
    let fixed = |unit: &str, meaning: &str| Some((unit.to_string(), meaning.to_string()));
    for (suffix, bound) in [("_ci_low", "lower"), ("_ci_high", "upper")] {
        if let Some(stem) = name.strip_suffix(suffix)
            && let Some((unit, _)) = known(stem, names)
        {
            return Some((unit, format!("{bound} bound of the 95 % interval of `{stem}`")));
        }
    }
    if names == Names::Weekly
        && let Some(info) = SERIES.iter().find(|i| i.key == name)
    {
        return Some((info.unit.words().to_string(), info.meaning.to_string()));
    }
    for info in &METRICS {
        if info.key == name {
            return Some((info.unit.words().to_string(), info.meaning.to_string()));
        }
        let Some(lift) = info.lift else { continue };
        if lift.key == name {
            return Some((
                format!("% of the baseline's {}", info.key),
                format!("paired change of `{}` against the baseline in the same replications", info.key),
            ));
        }
        for (suffix, bound) in [("_low", "low"), ("_high", "high")] {
            if name.strip_suffix(suffix) == Some(lift.range_key) {
                return Some((
                    format!("% of the baseline's {}", info.key),
                    format!(
                        "{bound} end of one team's 90 % range of `{}` (a prediction range over replications)",
                        lift.key
                    ),
                ));
            }
        }
    }
    match name {
        "strategy" => fixed("text", "strategy name"),
        "is_baseline" => fixed("true/false", "whether this is the baseline every lift is measured against"),
        "week" => fixed("week, 1-based", "the simulated week"),
        "replication" => {
            fixed("number, 0-based", "the replication (world); the same number is the same world for every strategy")
        }
        "best_share_pct" => {
            fixed("% of replications", "replications in which this strategy alone had the highest profit")
        }
        "ramp_months_to_90pct" => {
            fixed("months", "months until new hires sell 90 % of what reps with a year or more sell")
        }
        "attrition_diff_pp" => {
            fixed("percentage points per year", "paired difference of attrition_pct to the baseline")
        }
        "point" => fixed("number, 0-based", "the point of the sweep's design"),
        "pareto_profit_attrition" => fixed("true/false", "on the front of profit against attrition"),
        "pareto_revenue_burnout" => fixed("true/false", "on the front of revenue against burnout"),
        "meets_limits" => fixed("true/false", "within --max-attrition and --max-burnout"),
        "replications" => fixed("number", "replications this row was measured on"),
        _ if name.contains('.') => Some(("the key's unit".into(), format!("value of the scenario key `{name}`"))),
        _ => None,
    }
}

/// The sidecar document of a CSV file.
#[derive(serde::Serialize)]
struct Sidecar<'a> {
    file: &'a str,
    provenance: &'a Provenance,
    columns: Vec<ColumnDoc>,
}

/// The sidecar of CSV file `file` with header row `header`: its provenance
/// and, per column, the unit and meaning the catalogue gives (pretty JSON).
pub fn sidecar(file: &str, provenance: &Provenance, header: &[String], names: Names) -> Vec<u8> {
    let columns: Vec<ColumnDoc> = header
        .iter()
        .map(|name| {
            let (unit, meaning) = known(name, names).unzip();
            ColumnDoc { name: name.clone(), unit, meaning }
        })
        .collect();
    let doc = Sidecar { file, provenance, columns };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The header row of CSV bytes (empty when there is none).
pub fn header_of(bytes: &[u8]) -> Vec<String> {
    let mut r = ::csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    r.records().next().and_then(Result::ok).map(|rec| rec.iter().map(String::from).collect()).unwrap_or_default()
}
