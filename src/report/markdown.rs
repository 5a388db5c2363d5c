//! `report.md`: the report's Markdown summary for slides and email, written
//! beside `report.html`: a calibrated team's fit, the answer, the headline
//! table, the top reasons (the "why" of each strategy), the charts as images
//! beside it, and the line that reproduces the run. Every number is the one the HTML report shows.

use std::fmt::Write;

use super::figures::{RUN_CHARTS, RunData};
use super::html::{answer, reproduce_command};
use super::why::{usd, why};
use crate::config::scenario_hash;
use crate::experiment::stats::Estimate;
use crate::sim::Metric;

/// A table cell: the mean, then the 95 % interval in brackets.
fn md_cell(e: &Estimate, d: usize, signed: bool) -> String {
    if !e.mean.is_finite() {
        return "n/a".into();
    }
    let mean = if signed { format!("{:+.d$}", e.mean) } else { format!("{:.d$}", e.mean) };
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("{mean} [{lo:.d$}, {hi:.d$}]"),
        _ => mean,
    }
}

/// Escapes the characters that would break a Markdown table cell or emphasis.
fn md_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace('|', "\\|").replace('*', "\\*").replace('_', "\\_").replace('\n', " ")
}

/// The Markdown summary of a run's report.
pub fn report_markdown(d: &RunData) -> String {
    let s = d.summary;
    let slots = d.team_slots();
    let mut md = String::new();
    let _ = writeln!(md, "# Which sales-management strategy pays off? {}\n", md_text(&s.scenario));
    let _ = writeln!(
        md,
        "salesim {} · {} replications x {} weeks · seed {} · baseline `{}`{}\n",
        env!("CARGO_PKG_VERSION"),
        s.replications,
        s.weeks,
        s.seed,
        s.baseline,
        s.partial_note().map(|n| format!(" · **PARTIAL RESULT: {}**", md_text(&n))).unwrap_or_default()
    );
    if let Some(c) = d.calibration {
        md.push_str(&c.markdown());
    }
    if !d.warnings.is_empty() {
        let _ = writeln!(md, "**Check these inputs** (plausibility warnings):\n");
        for w in &d.warnings {
            let _ = writeln!(md, "- {}", md_text(w));
        }
        md.push('\n');
    }
    let _ = writeln!(md, "## The answer\n\n{}\n", md_text(&answer(d)));
    let money = |m: Metric| m.info().label;
    let team = |m: Metric| m.info().label.replace("/slot/", "/team/");
    let mut header = vec![
        "strategy".to_string(),
        money(Metric::Revenue).to_string(),
        Metric::Revenue.info().lift.map_or("", |l| l.label).to_string(),
        money(Metric::Profit).to_string(),
        Metric::Profit.info().lift.map_or("", |l| l.label).to_string(),
        Metric::AttritionPct.info().label.to_string(),
        Metric::BurnoutPct.info().label.to_string(),
    ];
    if slots.is_some() {
        header.insert(2, team(Metric::Revenue));
        header.insert(5, team(Metric::Profit));
    }
    let _ = writeln!(md, "## Results\n\nMeans with 95 % intervals in brackets; money per year.\n");
    let _ = writeln!(md, "| {} |", header.iter().map(|h| md_text(h)).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(md, "|{}", "---|".repeat(header.len()));
    for st in &s.strategies {
        let base = st.name == s.baseline;
        let name = if base { format!("{} (baseline)", st.name) } else { st.name.clone() };
        let name = if !base && !d.limits.meets(st) { format!("{name} (over your limits)") } else { name };
        let lift = |e: &Estimate| if base { "-".to_string() } else { md_cell(e, 1, true) };
        let mut row = vec![
            md_text(&name),
            usd(st[Metric::Revenue].mean),
            lift(&st.lift_pct),
            usd(st[Metric::Profit].mean),
            lift(&st.profit_lift_pct),
            md_cell(&st[Metric::AttritionPct], Metric::AttritionPct.info().decimals, false),
            md_cell(&st[Metric::BurnoutPct], Metric::BurnoutPct.info().decimals, false),
        ];
        if let Some(n) = slots {
            row.insert(2, usd(st[Metric::Revenue].mean * n));
            row.insert(5, usd(st[Metric::Profit].mean * n));
        }
        let _ = writeln!(md, "| {} |", row.join(" | "));
    }
    let _ = writeln!(md, "\n## Top reasons\n");
    for p in why(d) {
        let _ = writeln!(md, "- {}", md_text(&p));
    }
    let _ = writeln!(md, "\n## Charts\n");
    for c in RUN_CHARTS {
        let _ = writeln!(md, "![{c}]({c}.png)");
    }
    match &s.coverage {
        // A partial result: no command reruns exactly its subset of replications.
        Some(c) => {
            let _ = write!(
                md,
                "\nThis partial summary holds some of {} replications; run the whole experiment with `{}`",
                c.of,
                reproduce_command(d, c.of)
            );
        }
        None => {
            let _ = write!(md, "\nReproduce with `{}`", reproduce_command(d, s.replications));
        }
    }
    if let Some(t) = d.scenario_text {
        let _ = write!(md, " (scenario file hash {})", scenario_hash(t.as_bytes()));
    }
    md.push_str(". The full report, with every chart and the method, is report.html beside this file.\n");
    md
}
