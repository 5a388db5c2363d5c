//! The charts of one run, built from its summary, weekly series and attainment
//! histograms: the trade-off picture, lift and attrition bars, the weekly series
//! that explain them, and the distribution of quota attainment.

use super::calibration::Calibrated;
use super::charts::attainment::AttainmentChart;
use super::charts::bars::{BarChart, BarPanel};
use super::charts::series::{SeriesChart, SeriesPanel};
use super::charts::tradeoff::{TradeoffChart, TradeoffPoint};
use super::charts::{AnyChart, color_of};
use crate::config::Scenario;
use crate::experiment::ExperimentTotals;
use crate::experiment::limits::Limits;
use crate::experiment::stats::{Estimate, estimate};
use crate::experiment::summary::{ExperimentSummary, WeeklySeries};
use crate::sim::{Metric, PerMetric, Series};

/// Everything the charts and the HTML report of a run are made from.
#[derive(Debug, Clone)]
pub struct RunData<'a> {
    /// The summary.
    pub summary: &'a ExperimentSummary,
    /// Weekly means with intervals.
    pub weekly: &'a WeeklySeries,
    /// Rep-quarters per attainment bin, per strategy.
    pub attainment: Vec<Vec<u64>>,
    /// The scenario's TOML text, shown in the report.
    pub scenario_text: Option<&'a str>,
    /// Paired differences to the baseline of every metric, per strategy
    /// (strategy minus baseline in the same replication, with 95 % intervals).
    pub diffs: Vec<PerMetric<Estimate>>,
    /// The parsed scenario: its strategies' levers and the team size.
    pub scenario: Option<&'a Scenario>,
    /// The scenario as the user named it (file path or bundled name).
    pub source: Option<String>,
    /// Attrition and burnout limits the best strategy must meet.
    pub limits: Limits,
    /// Plausibility warnings about the scenario, shown near the top.
    pub warnings: Vec<String>,
    /// The calibration beside a scenario written by `salesim calibrate`.
    pub calibration: Option<&'a Calibrated>,
}

impl<'a> RunData<'a> {
    /// Gathers the inputs of a report.
    pub fn new(
        summary: &'a ExperimentSummary,
        weekly: &'a WeeklySeries,
        totals: &ExperimentTotals,
        scenario_text: Option<&'a str>,
    ) -> Self {
        let attainment = totals.strategies.iter().map(|s| s.attainment_histogram.clone()).collect();
        let diffs = totals.strategies.iter().map(|s| PerMetric::from_fn(|m| estimate(&s.diffs[m as usize]))).collect();
        RunData {
            summary,
            weekly,
            attainment,
            scenario_text,
            diffs,
            scenario: None,
            source: None,
            limits: Limits::default(),
            warnings: Vec::new(),
            calibration: None,
        }
    }

    /// Adds the parsed scenario and the name the user gave it (a file path or
    /// a bundled name), for the levers, the team size and the reproduce line.
    pub fn with_scenario(mut self, scenario: &'a Scenario, source: &str) -> Self {
        self.scenario = Some(scenario);
        self.source = Some(source.to_string());
        self
    }

    /// Adds limits on attrition and burnout (`report --max-attrition/--max-burnout`).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Adds the scenario's plausibility warnings.
    pub fn with_warnings(mut self, warnings: &[String]) -> Self {
        self.warnings = warnings.to_vec();
        self
    }

    /// Adds the calibration of a scenario written by `salesim calibrate`:
    /// the report then opens with its fit.
    pub fn with_calibration(mut self, calibration: Option<&'a Calibrated>) -> Self {
        self.calibration = calibration;
        self
    }

    /// Rep slots of the whole team, when the scenario is known.
    pub fn team_slots(&self) -> Option<f64> {
        self.scenario.map(|s| f64::from(s.team.size))
    }

    /// The paired difference to the baseline of metric `m` for strategy `i`.
    pub fn diff(&self, i: usize, m: Metric) -> Option<&Estimate> {
        self.diffs.get(i).map(|d| &d[m])
    }

    /// Index of the baseline strategy.
    pub fn baseline(&self) -> Option<usize> {
        self.summary.strategies.iter().position(|s| s.name == self.summary.baseline)
    }

    /// Legend entries: strategy names and colours.
    pub fn items(&self) -> Vec<(String, plotters::style::RGBColor)> {
        let b = self.baseline();
        self.summary
            .strategies
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let name = if Some(i) == b { format!("{} (baseline)", s.name) } else { s.name.clone() };
                (name, color_of(i, b))
            })
            .collect()
    }

    fn subtitle(&self) -> String {
        let s = self.summary;
        format!(
            "{}{}: {} replications x {} weeks, seed {}; means with 95 % intervals",
            self.partial_mark(),
            s.scenario,
            s.replications,
            s.weeks,
            s.seed
        )
    }

    /// `PARTIAL (...): ` before a partial result's chart subtitles, so that a
    /// chart seen on its own says so too.
    fn partial_mark(&self) -> String {
        self.summary.partial_note().map(|note| format!("PARTIAL ({note}); ")).unwrap_or_default()
    }
}

/// Chart identifiers of a run, in report order.
pub const RUN_CHARTS: [&str; 4] = ["tradeoff", "lift_attrition", "weekly", "attainment"];

/// Weekly panels of a run: the series, its axis label and the scale it is shown at.
pub const WEEKLY_PANELS: [(Series, &str, f64); 6] = [
    (Series::Revenue, "thousand USD per week", 0.001),
    (Series::IntrinsicMotivation, "mean, 0-1 scale", 1.0),
    (Series::ExtrinsicDrive, "mean, index", 1.0),
    (Series::Pressure, "mean, index", 1.0),
    (Series::Fatigue, "mean, 0-1 scale", 1.0),
    (Series::Headcount, "% of slots filled", 100.0),
];

fn scaled(e: &Estimate, k: f64) -> Estimate {
    Estimate { mean: e.mean * k, ci95: [e.ci95[0].map(|v| v * k), e.ci95[1].map(|v| v * k)] }
}

/// A weekly panel of `series` for every strategy, scaled by `k`, under the
/// series' caption from the catalogue.
pub fn weekly_panel(weekly: &WeeklySeries, series: Series, y_label: &str, k: f64) -> SeriesPanel {
    weekly_panel_captioned(weekly, series, series.info().caption, y_label, k)
}

/// A weekly panel of `series` for every strategy, scaled by `k`, under `caption`.
pub fn weekly_panel_captioned(
    weekly: &WeeklySeries,
    series: Series,
    caption: &str,
    y_label: &str,
    k: f64,
) -> SeriesPanel {
    let idx = series.index();
    SeriesPanel {
        caption: caption.to_string(),
        y_label: y_label.to_string(),
        lines: weekly.iter().map(|s| s.iter().map(|row| scaled(&row[idx], k)).collect()).collect(),
        zero_line: false,
    }
}

/// The four charts of a run, in report order (see [`RUN_CHARTS`]).
pub fn run_charts(d: &RunData) -> Vec<AnyChart> {
    let s = d.summary;
    let b = d.baseline();
    let items = d.items();
    let colors: Vec<_> = items.iter().map(|i| i.1).collect();
    let base_attrition = b.map(|i| s.strategies[i][Metric::AttritionPct].mean);
    let tradeoff = TradeoffChart {
        name: RUN_CHARTS[0].into(),
        title: "Trade-off: profit lift against attrition".into(),
        subtitle: Some(d.subtitle()),
        x_label: "attrition, % of headcount per year (all exits)".into(),
        y_label: format!("profit lift vs {}, %", s.baseline),
        points: s
            .strategies
            .iter()
            .zip(&items)
            .map(|(st, (label, color))| TradeoffPoint {
                label: label.clone(),
                color: *color,
                x: st[Metric::AttritionPct],
                y: st.profit_lift_pct,
            })
            .collect(),
        baseline_x: base_attrition,
    };
    let bars = BarChart {
        name: RUN_CHARTS[1].into(),
        title: format!("Lift against the baseline ({}) and attrition", s.baseline),
        subtitle: Some(d.subtitle()),
        rows: items.iter().map(|i| i.0.clone()).collect(),
        colors: colors.clone(),
        panels: vec![
            BarPanel {
                caption: "Revenue lift".into(),
                axis: "% vs baseline (paired)".into(),
                values: s.strategies.iter().map(|x| x.lift_pct).collect(),
                reference: None,
                decimals: Some(Metric::Revenue.info().decimals.max(1)),
                signed: true,
            },
            BarPanel {
                caption: "Profit lift".into(),
                axis: "% vs baseline (paired)".into(),
                values: s.strategies.iter().map(|x| x.profit_lift_pct).collect(),
                reference: None,
                decimals: Some(Metric::Profit.info().decimals.max(1)),
                signed: true,
            },
            BarPanel {
                caption: "Attrition".into(),
                axis: "% of headcount per year".into(),
                values: s.strategies.iter().map(|x| x[Metric::AttritionPct]).collect(),
                reference: base_attrition,
                decimals: Some(Metric::AttritionPct.info().decimals),
                signed: false,
            },
        ],
    };
    let weekly = SeriesChart {
        name: RUN_CHARTS[2].into(),
        title: "Week by week: what moves under each strategy".into(),
        subtitle: Some(d.subtitle()),
        items: items.clone(),
        panels: WEEKLY_PANELS.iter().map(|&(series, y, f)| weekly_panel(d.weekly, series, y, f)).collect(),
        columns: 3,
        upto: None,
    };
    let attainment = AttainmentChart {
        name: RUN_CHARTS[3].into(),
        title: "Distribution of quarterly quota attainment".into(),
        subtitle: Some(format!(
            "{}{}: every rep-quarter of {} replications x {} weeks pooled, seed {}",
            d.partial_mark(),
            s.scenario,
            s.replications,
            s.weeks,
            s.seed
        )),
        items,
        histograms: d.attainment.clone(),
    };
    vec![AnyChart::Tradeoff(tradeoff), AnyChart::Bars(bars), AnyChart::Series(weekly), AnyChart::Attainment(attainment)]
}
