//! The terminal table: one row per strategy, every headline number with its 95 %
//! interval, and a one-line plain-language reading.

use std::fmt::Write;

use super::Exporter;
use crate::config::text::{MAX_NAME_CHARS, clip, escape};
use crate::experiment::stats::{Estimate, few_replications_warning};
use crate::experiment::summary::{ExperimentSummary, StrategySummary, WeeklySeries};
use crate::sim::{Metric, Unit};

/// Renders the summary as an aligned text table.
pub struct TableExporter;

fn pm(e: &Estimate, decimals: usize) -> String {
    if !e.mean.is_finite() {
        return "n/a".into();
    }
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("{:.d$} [{:.d$}, {:.d$}]", e.mean, lo, hi, d = decimals),
        _ => format!("{:.d$}", e.mean, d = decimals),
    }
}

fn money(x: f64) -> String {
    let k = x / 1000.0;
    format!("{k:.0}k")
}

/// A column of the terminal table.
#[derive(Debug, Clone, Copy)]
enum TableColumn {
    /// A metric with its interval, at the catalogue's precision (money in thousands).
    Metric(Metric),
    /// The paired lift of a metric against the baseline ("-" for the baseline).
    Lift(Metric),
    /// Voluntary and involuntary attrition side by side, means only.
    VoluntaryInvoluntary,
}

/// The table's columns after the strategy name.
const COLUMNS: [TableColumn; 10] = [
    TableColumn::Metric(Metric::Revenue),
    TableColumn::Lift(Metric::Revenue),
    TableColumn::Lift(Metric::Profit),
    TableColumn::Metric(Metric::AttritionPct),
    TableColumn::VoluntaryInvoluntary,
    TableColumn::Metric(Metric::BurnoutPct),
    TableColumn::Metric(Metric::QuotaAttainmentPct),
    TableColumn::Metric(Metric::CostOfSalesPct),
    TableColumn::Metric(Metric::GamingPct),
    TableColumn::Metric(Metric::ProgrammeCost),
];

impl TableColumn {
    fn header(self) -> &'static str {
        match self {
            TableColumn::Metric(m) => m.info().label,
            TableColumn::Lift(m) => m.info().lift.map_or(m.info().label, |l| l.label),
            TableColumn::VoluntaryInvoluntary => "vol/invol %",
        }
    }

    fn cell(self, st: &StrategySummary, baseline: bool) -> String {
        match self {
            TableColumn::Metric(m) if m.info().unit == Unit::UsdPerSlotYear => {
                let e = &st[m];
                match e.ci95 {
                    [Some(lo), Some(hi)] => format!("{} [{}, {}]", money(e.mean), money(lo), money(hi)),
                    _ => money(e.mean),
                }
            }
            TableColumn::Metric(m) => pm(&st[m], m.info().decimals),
            TableColumn::Lift(_) if baseline => "-".into(),
            TableColumn::Lift(m) => st.lift(m).map_or_else(|| "-".into(), |(lift, _)| pm(&lift, 1)),
            TableColumn::VoluntaryInvoluntary => {
                format!("{:.1}/{:.1}", st[Metric::VoluntaryAttritionPct].mean, st[Metric::InvoluntaryAttritionPct].mean)
            }
        }
    }
}

impl Exporter for TableExporter {
    fn serialize(&self, s: &ExperimentSummary, _weekly: Option<&WeeklySeries>) -> Vec<u8> {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: {} replications x {} weeks, seed {}, baseline \"{}\"{}{}",
            clip(&s.scenario, MAX_NAME_CHARS),
            s.replications,
            s.weeks,
            s.seed,
            clip(&s.baseline, MAX_NAME_CHARS),
            if s.crn { "" } else { ", independent streams (--no-crn)" },
            s.partial_note().map(|note| format!("  ** PARTIAL RESULT: {note} **")).unwrap_or_default()
        );
        let _ = writeln!(out, "Means with 95% intervals; lifts are paired differences against the baseline.\n");
        let headers: Vec<&str> = std::iter::once("strategy").chain(COLUMNS.iter().map(|c| c.header())).collect();
        let rows: Vec<Vec<String>> = s
            .strategies
            .iter()
            .map(|st| {
                let baseline = st.name == s.baseline;
                let name = clip(&st.name, MAX_NAME_CHARS);
                let name = if baseline { format!("{name} (baseline)") } else { name };
                std::iter::once(name).chain(COLUMNS.iter().map(|c| c.cell(st, baseline))).collect()
            })
            .collect();
        let widths: Vec<usize> = (0..headers.len())
            .map(|c| rows.iter().map(|r| r[c].chars().count()).chain([headers[c].len()]).max().unwrap_or(0))
            .collect();
        let line = |cells: Vec<String>| -> String {
            cells
                .iter()
                .enumerate()
                .map(|(c, v)| format!("{:<w$}", v, w = widths[c]))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        };
        let _ = writeln!(out, "{}", line(headers.iter().map(|h| h.to_string()).collect()));
        let _ = writeln!(out, "{}", widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
        for r in rows {
            let _ = writeln!(out, "{}", line(r));
        }
        if let Some(warning) = few_replications_warning(s.replications) {
            let _ = writeln!(out, "\nWarning: {warning}.");
        }
        let _ = writeln!(out, "\n{}", reading(s));
        out.into_bytes()
    }
}

/// One or two plain sentences: which strategy leads on profit and how sure we are.
pub fn reading(s: &ExperimentSummary) -> String {
    let Some(best) = s
        .strategies
        .iter()
        .filter(|st| st.name != s.baseline)
        .max_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean))
    else {
        return "Only the baseline was simulated.".into();
    };
    let base = s.strategies.iter().find(|st| st.name == s.baseline);
    let verdict = if best.profit_lift_pct.clearly_positive() {
        "beats the baseline on profit"
    } else if best.profit_lift_pct.clearly_negative() {
        "is the least bad alternative, yet still trails the baseline on profit"
    } else {
        "is not distinguishable from the baseline on profit"
    };
    let mut text = format!(
        "Reading: \"{}\" {verdict}: profit {:+.1}% ({}), revenue {:+.1}%, attrition {:.1}%/yr",
        escape(&best.name),
        best.profit_lift_pct.mean,
        interval(&best.profit_lift_pct),
        best.lift_pct.mean,
        best[Metric::AttritionPct].mean
    );
    if let Some(b) = base {
        let _ = write!(text, " vs {:.1}% for the baseline", b[Metric::AttritionPct].mean);
    }
    text.push('.');
    if let [Some(lo), Some(hi)] = best.profit_lift_range90 {
        let _ = write!(
            text,
            "\nFor one team, 90% of simulated futures give a profit lift between {lo:+.1}% and {hi:+.1}%."
        );
    }
    text
}

fn interval(e: &Estimate) -> String {
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("95% CI {lo:+.1} to {hi:+.1}"),
        _ => "no interval with one replication".into(),
    }
}
