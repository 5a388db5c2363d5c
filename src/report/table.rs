//! The terminal table: one row per strategy, every headline number with its 95 %
//! interval, and a one-line plain-language reading. The table is laid out by
//! comfy-table: at its natural width for files and pipes (stable whatever the
//! terminal), fitted to the width of a terminal that is too narrow for it.

use std::fmt::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, Table, TableStyle, Width};

use super::Exporter;
use crate::config::text::{MAX_NAME_CHARS, clip, escape};
use crate::experiment::stats::{Estimate, few_replications_warning};
use crate::experiment::summary::{ExperimentSummary, StrategySummary, WeeklySeries};
use crate::sim::{Metric, Unit};

/// Renders the summary as an aligned text table.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableExporter {
    /// The terminal's width in characters: `None` (files, pipes) keeps the
    /// full table whatever the width. With a width, a table wider than it
    /// shows means only with wrapped headers, and a terminal too narrow even
    /// for that gets one block of lines per strategy.
    pub width: Option<u16>,
}

/// A mean with its interval (`with_interval`), or the mean alone.
fn pm(e: &Estimate, decimals: usize, with_interval: bool) -> String {
    if !e.mean.is_finite() {
        return "n/a".into();
    }
    match e.ci95 {
        [Some(lo), Some(hi)] if with_interval => format!("{:.d$} [{:.d$}, {:.d$}]", e.mean, lo, hi, d = decimals),
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

    fn cell(self, st: &StrategySummary, baseline: bool, layout: Layout) -> String {
        let full = layout == Layout::Full;
        match self {
            TableColumn::Metric(m) if m.info().unit == Unit::UsdPerSlotYear => {
                let e = &st[m];
                match e.ci95 {
                    [Some(lo), Some(hi)] if full => format!("{} [{}, {}]", money(e.mean), money(lo), money(hi)),
                    _ => money(e.mean),
                }
            }
            TableColumn::Metric(m) => pm(&st[m], m.info().decimals, full),
            TableColumn::Lift(_) if baseline => "-".into(),
            TableColumn::Lift(m) => st.lift(m).map_or_else(|| "-".into(), |(lift, _)| pm(&lift, 1, full)),
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
        let (layout, lines) = fitted(s, self.width);
        let _ = writeln!(out, "{}\n", layout.preamble());
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        if let Some(warning) = few_replications_warning(s.replications) {
            let _ = writeln!(out, "\nWarning: {warning}.");
        }
        let _ = writeln!(out, "\n{}", reading(s));
        out.into_bytes()
    }
}

/// How the strategies are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// One row per strategy, means with their 95 % intervals.
    Full,
    /// One row per strategy, means only, headers wrapped: for a terminal
    /// too narrow for the full table.
    Compact,
    /// One block per strategy, a line per column, means with intervals: for
    /// a terminal too narrow for even the compact table.
    Blocks,
}

impl Layout {
    /// The sentence above the table.
    fn preamble(self) -> &'static str {
        match self {
            Layout::Full | Layout::Blocks => {
                "Means with 95% intervals; lifts are paired differences against the baseline."
            }
            Layout::Compact => {
                "Means; a wider window or --format json shows their 95% intervals.\n\
                 Lifts are paired differences against the baseline."
            }
        }
    }
}

/// The first layout that fits `width` (the full table when there is no
/// width: files and pipes) and its lines, trailing blanks trimmed.
fn fitted(s: &ExperimentSummary, width: Option<u16>) -> (Layout, Vec<String>) {
    let lines = |t: Table| t.lines().map(|l| l.trim_end().to_string()).collect::<Vec<_>>();
    let fits = |lines: &[String]| width.is_none_or(|w| lines.iter().all(|l| l.chars().count() <= usize::from(w)));
    let full = lines(rows(s, Layout::Full, None));
    if fits(&full) {
        return (Layout::Full, full);
    }
    let compact = lines(rows(s, Layout::Compact, width));
    if fits(&compact) {
        return (Layout::Compact, compact);
    }
    (Layout::Blocks, blocks(s, width))
}

/// Borderless: a dashed line under the header, columns two spaces apart.
const STYLE: TableStyle = TableStyle::new()
    .header_lines(ContentLineStyle::none().junction(' '))
    .header_separator(LineStyle::none().fill('-').junction(' '))
    .content_lines(ContentLineStyle::none().junction(' '));

/// The strategy's name as the table shows it.
fn strategy_label(s: &ExperimentSummary, st: &StrategySummary) -> String {
    let name = clip(&st.name, MAX_NAME_CHARS);
    if st.name == s.baseline { format!("{name} (baseline)") } else { name }
}

/// One row per strategy. Without a width every column takes its content's
/// width (the stable layout of files and pipes); with one, headers wrap to
/// fit while no number and no word of a name is broken.
fn rows(s: &ExperimentSummary, layout: Layout, width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(STYLE);
    t.set_header(std::iter::once("strategy").chain(COLUMNS.iter().map(|c| c.header())));
    let cells: Vec<Vec<String>> = s
        .strategies
        .iter()
        .map(|st| {
            let baseline = st.name == s.baseline;
            std::iter::once(strategy_label(s, st)).chain(COLUMNS.iter().map(|c| c.cell(st, baseline, layout))).collect()
        })
        .collect();
    for row in &cells {
        t.add_row(row.clone());
    }
    for (i, column) in t.column_iter_mut().enumerate() {
        column.set_padding((0, 1));
        let widest_word = cells.iter().flat_map(|row| row[i].split(' ').map(|w| w.chars().count())).max().unwrap_or(1);
        let widest = cells.iter().map(|row| row[i].chars().count()).max().unwrap_or(1);
        // Names may wrap between words; numbers never wrap. (The bound
        // counts the column's padding.)
        let min = if i == 0 { widest_word } else { widest };
        column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(min as u16 + 1)));
    }
    match width {
        Some(w) => t.set_content_arrangement(ContentArrangement::Dynamic).set_width(w),
        None => t.set_content_arrangement(ContentArrangement::Disabled),
    };
    t
}

/// One block per strategy: its name, then a line per column; a value too
/// wide for `width` beside its label wraps at a space within its cell.
fn blocks(s: &ExperimentSummary, width: Option<u16>) -> Vec<String> {
    let mut lines = Vec::new();
    for st in &s.strategies {
        let baseline = st.name == s.baseline;
        let mut t = Table::new();
        t.load_style(TableStyle::new().content_lines(ContentLineStyle::none().junction(' ')));
        for c in COLUMNS {
            t.add_row([format!("  {}", c.header()), c.cell(st, baseline, Layout::Full)]);
        }
        for column in t.column_iter_mut() {
            column.set_padding((0, 1));
        }
        if let Some(w) = width {
            t.set_content_arrangement(ContentArrangement::Dynamic).set_width(w);
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(strategy_label(s, st));
        lines.extend(t.lines().map(|l| l.trim_end().to_string()));
    }
    lines
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
