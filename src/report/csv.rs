//! CSV exports: one row per strategy (every metric with its interval bounds) and
//! a tidy weekly file (one row per strategy and week). Column names carry units,
//! see `docs/outputs.md`.

use super::Exporter;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::{ExperimentSummary, StrategySummary, WeeklySeries, series_names};

/// The metrics of the per-strategy CSV: column stem and accessor.
pub type Column = (&'static str, fn(&StrategySummary) -> Estimate);

/// Columns of the per-strategy CSV, with units in their names.
pub const COLUMNS: &[Column] = &[
    ("revenue_per_slot_usd_per_year", |s| s.revenue),
    ("revenue_lift_pct", |s| s.lift_pct),
    ("profit_per_slot_usd_per_year", |s| s.profit),
    ("profit_lift_pct", |s| s.profit_lift_pct),
    ("attrition_pct_per_year", |s| s.attrition_pct),
    ("voluntary_attrition_pct_per_year", |s| s.voluntary_attrition_pct),
    ("involuntary_attrition_pct_per_year", |s| s.involuntary_attrition_pct),
    ("burnout_pct_of_rep_weeks", |s| s.burnout_pct),
    ("quota_attainment_pct_of_rep_quarters", |s| s.quota_attainment_pct),
    ("cost_of_sales_pct", |s| s.cost_of_sales_pct),
    ("gaming_pct_of_bookings", |s| s.gaming_pct),
    ("comp_per_slot_usd_per_year", |s| s.comp),
    ("turnover_cost_per_slot_usd_per_year", |s| s.turnover_cost),
    ("programme_cost_per_slot_usd_per_year", |s| s.programme_cost),
    ("intrinsic_motivation_end_0_1", |s| s.intrinsic_motivation),
    ("extrinsic_drive_end", |s| s.extrinsic_drive),
    ("pressure_end", |s| s.pressure),
    ("fatigue_end_0_1", |s| s.fatigue),
    ("satisfaction_end_0_1", |s| s.satisfaction),
    ("effort_mean", |s| s.effort),
    ("headcount_pct_of_slots", |s| s.headcount_pct),
];

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
        for (stem, _) in COLUMNS {
            header.extend([stem.to_string(), format!("{stem}_ci_low"), format!("{stem}_ci_high")]);
        }
        header.extend(["best_share_pct".to_string(), "ramp_months_to_90pct".to_string()]);
        for stem in ["revenue_lift_pct", "profit_lift_pct"] {
            header.extend([format!("{stem}_range90_low"), format!("{stem}_range90_high")]);
        }
        let _ = w.write_record(&header);
        for s in &summary.strategies {
            let mut row = vec![s.name.clone(), (s.name == summary.baseline).to_string()];
            for (_, get) in COLUMNS {
                let e = get(s);
                row.extend([bound(Some(e.mean)), bound(e.ci95[0]), bound(e.ci95[1])]);
            }
            row.extend([
                format!("{:.3}", s.best_share_pct),
                s.ramp_months_to_90pct.map(|m| m.to_string()).unwrap_or_default(),
            ]);
            for [lo, hi] in [s.lift_range90, s.profit_lift_range90] {
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
    for name in series_names() {
        header.extend([name.to_string(), format!("{name}_ci_low"), format!("{name}_ci_high")]);
    }
    let _ = w.write_record(&header);
    for (s, series) in summary.strategies.iter().zip(weekly) {
        for (week, row) in series.iter().enumerate() {
            let mut rec = vec![s.name.clone(), (week + 1).to_string()];
            for e in row {
                rec.extend([bound(Some(e.mean)), bound(e.ci95[0]), bound(e.ci95[1])]);
            }
            let _ = w.write_record(&rec);
        }
    }
    w.into_inner().unwrap_or_default()
}
