//! The HTML report of a run: one self-contained file (inline CSS, charts as
//! inline SVG, no scripts, no network requests) that reads top-down: for a
//! scenario written by `salesim calibrate`, the fit first
//! ([`super::calibration`]); the answer in one paragraph, the trade-off chart, the per-strategy table, the weekly
//! series and a plain-language "why", then the details (strategies, method,
//! seed and version). The document is well-formed XML as well as HTML, so that
//! tests can parse it strictly.

use std::fmt::Write;

use super::charts::{AnyChart, ChartError, Figure, SIZE, escape, inline_svg, to_svg};
use super::figures::{RunData, run_charts};
pub use super::why::why;
use super::why::{outcome_name, usd};
use crate::config::scenario_hash;
use crate::experiment::limits::Limits;
use crate::experiment::stats::Estimate;
use crate::experiment::summary::StrategySummary;
use crate::sim::{Metric, Unit};

const CSS: &str = "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;margin:0;background:#fafafa;color:#111;line-height:1.5}
main{max-width:1100px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:1.9em;margin:.4em 0 .1em}h2{font-size:1.35em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.meta{color:#555;font-size:.9em}.answer{font-size:1.15em;background:#f2f7fb;border-left:5px solid #0072B2;padding:12px 16px}
svg.chart{width:100%;height:auto;display:block;margin:12px 0;border:1px solid #eee}
table{border-collapse:collapse;font-size:.86em;width:100%}th,td{padding:5px 7px;border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}tr.baseline td{font-style:italic}
.ci{color:#666;font-size:.85em;white-space:nowrap}pre{background:#f6f6f6;padding:10px;overflow-x:auto;font-size:.85em}
.swatch{display:inline-block;width:.9em;height:.9em;margin-right:.4em;vertical-align:-.1em;border:1px solid #333}
.warn{background:#fff3cd;padding:8px 12px;border-left:5px solid #E69F00}
tr.excluded td{color:#777}
.table-wrap{overflow-x:auto;max-width:100%}
@media (max-width:1200px){main{padding:16px 14px 48px}table{font-size:.74em}th,td{padding:4px 3px}.ci{white-space:normal}}
@media print{@page{size:A4;margin:12mm}body{background:#fff;font-size:10pt;line-height:1.35}main{max-width:none;padding:0}
.table-wrap{overflow:visible}table{font-size:6.5pt;width:100%}th,td{padding:2px 2px}.ci{white-space:normal;font-size:.9em}
tr{break-inside:avoid;page-break-inside:avoid}h2{break-after:avoid;page-break-after:avoid}
svg.chart{break-inside:avoid;page-break-inside:avoid;border:none;max-height:120mm}details{display:none}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

fn ci(e: &Estimate, d: usize) -> String {
    match e.ci95 {
        [Some(lo), Some(hi)] if e.mean.is_finite() => format!("{lo:.d$} to {hi:.d$}"),
        _ => "no interval".into(),
    }
}

fn cell(e: &Estimate, d: usize) -> String {
    if !e.mean.is_finite() {
        return "n/a".into();
    }
    format!("{:.d$}<br/><span class=\"ci\">{}</span>", e.mean, ci(e, d))
}

/// A lift cell: mean, 95 % interval, and the 90 % range one team's lift falls in.
fn lift_cell(e: &Estimate, range: [Option<f64>; 2], d: usize) -> String {
    let mut text = cell(e, d);
    if let [Some(lo), Some(hi)] = range {
        let _ =
            write!(text, "<br/><span class=\"ci\">one team:</span><br/><span class=\"ci\">{lo:.d$} to {hi:.d$}</span>");
    }
    text
}

fn money_cell(e: &Estimate) -> String {
    let k = |v: f64| format!("{:.0}k", v / 1000.0);
    match e.ci95 {
        [Some(lo), Some(hi)] => format!("{}<br/><span class=\"ci\">{} to {}</span>", k(e.mean), k(lo), k(hi)),
        _ => k(e.mean),
    }
}

/// `"name" (description)`, or just `"name"` when the description is empty.
fn named(st: &StrategySummary) -> String {
    let d = st.description.trim().trim_end_matches('.');
    if d.is_empty() { format!("\"{}\"", st.name) } else { format!("\"{}\" ({d})", st.name) }
}

/// Why a strategy is outside the limits, e.g. "attrition 27.3 %/yr over 20",
/// empty when it is within them.
pub fn over_limits(limits: &Limits, st: &StrategySummary) -> Vec<String> {
    let mut out = Vec::new();
    for (limit, m) in [(limits.max_attrition, Metric::AttritionPct), (limits.max_burnout, Metric::BurnoutPct)] {
        if let Some(max) = limit
            && st[m].mean > max
        {
            let info = m.info();
            out.push(format!(
                "{} {:.d$} {} over {max}",
                outcome_name(m),
                st[m].mean,
                info.unit.words(),
                d = info.decimals.max(1)
            ));
        }
    }
    out
}

/// The excluded strategies in words: `"a" (attrition 27.3 % of headcount per year over 20)`.
fn excluded_words(limits: &Limits, excluded: &[&StrategySummary]) -> String {
    excluded
        .iter()
        .map(|x| format!("\"{}\" ({})", x.name, over_limits(limits, x).join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The one-paragraph answer at the top of the report: the best alternative
/// within the limits, its lifts with intervals, attrition, the whole team's
/// profit and revenue a year beside the per-slot figures, one team's range,
/// the weakest alternative and what the limits excluded.
pub fn answer(d: &RunData) -> String {
    let s = d.summary;
    let limits = &d.limits;
    let base = s.strategies.iter().find(|x| x.name == s.baseline);
    let alternatives: Vec<(usize, &StrategySummary)> =
        s.strategies.iter().enumerate().filter(|(_, x)| x.name != s.baseline).collect();
    if alternatives.is_empty() {
        return format!("Only the baseline \"{}\" was simulated; there is nothing to compare.", s.baseline);
    }
    let (eligible, excluded): (Vec<_>, Vec<_>) = alternatives.iter().partition(|(_, x)| limits.meets(x));
    let excluded: Vec<&StrategySummary> = excluded.iter().map(|(_, x)| *x).collect();
    let limit_note = |text: &mut String| {
        if limits.any() {
            let _ = write!(text, " Only strategies within your limits ({}) were considered", limits.describe());
            if excluded.is_empty() {
                text.push_str("; every alternative is within them.");
            } else {
                let _ = write!(text, "; excluded: {}.", excluded_words(limits, &excluded));
            }
            if let Some(b) = base
                && !limits.meets(b)
            {
                let _ = write!(text, " The baseline itself is over them ({}).", over_limits(limits, b).join(", "));
            }
        }
    };
    let Some(&(bi, best)) =
        eligible.iter().max_by(|a, b| a.1.profit_lift_pct.mean.total_cmp(&b.1.profit_lift_pct.mean))
    else {
        let mut text = format!(
            "No alternative to the baseline \"{}\" is within your limits ({}): {}.",
            s.baseline,
            limits.describe(),
            excluded_words(limits, &excluded)
        );
        if let Some(b) = base
            && !limits.meets(b)
        {
            let _ = write!(text, " The baseline itself is over them ({}).", over_limits(limits, b).join(", "));
        }
        return text;
    };
    let e = &best.profit_lift_pct;
    let verb = if e.clearly_positive() {
        "raises profit by"
    } else if e.clearly_negative() {
        "yet still lowers profit, by"
    } else {
        "changes profit by an amount we cannot tell from zero,"
    };
    let mut text = format!(
        "Against the baseline \"{}\", the best alternative, {}, {verb} {:+.1} % (95 % interval {}) and revenue by {:+.1} % ({}), with attrition of {:.1} % a year",
        s.baseline,
        named(best),
        e.mean,
        ci(e, 1),
        best.lift_pct.mean,
        ci(&best.lift_pct, 1),
        best[Metric::AttritionPct].mean,
    );
    if let Some(b) = base {
        let _ = write!(text, " against {:.1} % for the baseline", b[Metric::AttritionPct].mean);
    }
    text.push('.');
    if let (Some(slots), Some(b)) = (d.team_slots(), base) {
        let (p, r) = (best[Metric::Profit].mean, best[Metric::Revenue].mean);
        let _ = write!(
            text,
            " For the whole team of {slots:.0} rep slots that is {} profit a year against {} for the baseline",
            usd(p * slots),
            usd(b[Metric::Profit].mean * slots)
        );
        if let Some(diff) = d.diff(bi, Metric::Profit) {
            let sign = if diff.mean >= 0.0 { "+" } else { "" };
            let _ = write!(text, " ({sign}{} a year", usd(diff.mean * slots));
            if let [Some(lo), Some(hi)] = diff.ci95 {
                let _ = write!(text, ", 95 % interval {} to {}", usd(lo * slots), usd(hi * slots));
            }
            text.push(')');
        }
        let _ = write!(
            text,
            ", and {} revenue a year against {}; per rep slot, {} profit and {} revenue a year.",
            usd(r * slots),
            usd(b[Metric::Revenue].mean * slots),
            usd(p),
            usd(r)
        );
    }
    let _ = write!(
        text,
        " It was the single most profitable strategy in {:.0} % of the {} simulated futures.",
        best.best_share_pct, s.replications
    );
    if let [Some(lo), Some(hi)] = best.profit_lift_range90 {
        let _ =
            write!(text, " For one team, 90 % of those futures give a profit lift between {lo:+.1} % and {hi:+.1} %.");
    }
    if let Some(&(_, worst)) = eligible
        .iter()
        .filter(|(_, x)| x.name != best.name)
        .min_by(|a, b| a.1.profit_lift_pct.mean.total_cmp(&b.1.profit_lift_pct.mean))
    {
        let _ = write!(
            text,
            " The weakest, \"{}\", changes profit by {:+.1} % ({}) with attrition of {:.1} % a year.",
            worst.name,
            worst.profit_lift_pct.mean,
            ci(&worst.profit_lift_pct, 1),
            worst[Metric::AttritionPct].mean
        );
    }
    limit_note(&mut text);
    text
}

/// The strategies as the scenario spells them out (levers set in the file).
fn strategies_html(d: &RunData) -> String {
    let mut out = String::new();
    let table: Option<toml::Table> = d.scenario_text.and_then(|t| toml::from_str(t).ok());
    let defs = table.as_ref().and_then(|t| t.get("strategy")).and_then(|v| v.as_array()).cloned().unwrap_or_default();
    let items = d.items();
    out.push_str("<dl>\n");
    for (i, st) in d.summary.strategies.iter().enumerate() {
        let (label, color) = &items[i];
        let _ = write!(
            out,
            "<dt><span class=\"swatch\" style=\"background:rgb({},{},{})\"></span><strong>{}</strong>{}</dt>\n<dd>",
            color.0,
            color.1,
            color.2,
            escape(label),
            if st.description.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", escape(st.description.trim()))
            }
        );
        let def = defs.iter().find(|v| v.get("name").and_then(|n| n.as_str()) == Some(st.name.as_str()));
        let mut levers = Vec::new();
        for part in ["performance", "incentives"] {
            if let Some(t) = def.and_then(|v| v.get(part)).and_then(|v| v.as_table()) {
                for (k, v) in t {
                    levers.push(format!("{part}.{k} = {v}"));
                }
            }
        }
        if levers.is_empty() {
            out.push_str("Every lever at the scenario's defaults.");
        } else {
            let _ = write!(
                out,
                "Levers set: <code>{}</code>; every other lever at its default.",
                levers.iter().map(|l| escape(l)).collect::<Vec<_>>().join("</code>, <code>")
            );
        }
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    if let Some(text) = d.scenario_text {
        let _ = writeln!(out, "<details><summary>The scenario file</summary><pre>{}</pre></details>", escape(text));
    }
    out
}

/// A column of the results table.
#[derive(Debug, Clone, Copy)]
enum Column {
    /// A metric with its interval at the catalogue's precision (money in thousands).
    Metric(Metric),
    /// A per-slot money metric for the whole team (x slots), in millions or thousands.
    Team(Metric),
    /// The paired lift of a metric against the baseline, with one team's range.
    Lift(Metric),
    /// Share of replications in which the strategy alone was most profitable.
    BestShare,
}

/// The results table's columns after the strategy name.
const COLUMNS: [Column; 13] = [
    Column::Metric(Metric::Revenue),
    Column::Team(Metric::Revenue),
    Column::Lift(Metric::Revenue),
    Column::Metric(Metric::Profit),
    Column::Team(Metric::Profit),
    Column::Lift(Metric::Profit),
    Column::Metric(Metric::AttritionPct),
    Column::Metric(Metric::BurnoutPct),
    Column::Metric(Metric::QuotaAttainmentPct),
    Column::Metric(Metric::CostOfSalesPct),
    Column::Metric(Metric::IntrinsicMotivation),
    Column::Metric(Metric::Fatigue),
    Column::BestShare,
];

impl Column {
    fn header(self, slots: Option<f64>) -> String {
        match self {
            Column::Metric(m) => m.info().label.to_string(),
            Column::Team(m) => match slots {
                Some(n) => format!("{} ({n:.0} slots)", m.info().label.replace("/slot/", "/team/")),
                None => m.info().label.replace("/slot/", "/team/"),
            },
            Column::Lift(m) => m.info().lift.map_or(m.info().label, |l| l.label).to_string(),
            Column::BestShare => "most profitable, % of runs".into(),
        }
    }

    fn cell(self, st: &StrategySummary, baseline: bool, slots: Option<f64>) -> String {
        match self {
            Column::Metric(m) if matches!(m.info().unit, Unit::UsdPerSlotYear) => money_cell(&st[m]),
            Column::Metric(m) => cell(&st[m], m.info().decimals),
            Column::Team(m) => match slots {
                Some(n) => {
                    let e = &st[m];
                    match e.ci95 {
                        [Some(lo), Some(hi)] => format!(
                            "{}<br/><span class=\"ci\">{} to {}</span>",
                            usd(e.mean * n),
                            usd(lo * n),
                            usd(hi * n)
                        ),
                        _ => usd(e.mean * n),
                    }
                }
                None => "n/a".into(),
            },
            Column::Lift(_) if baseline => "-".into(),
            Column::Lift(m) => st.lift(m).map_or_else(|| "-".into(), |(e, range)| lift_cell(&e, range, 1)),
            Column::BestShare => format!("{:.0}", st.best_share_pct),
        }
    }
}

fn table_html(d: &RunData) -> String {
    let s = d.summary;
    let slots = d.team_slots();
    let mut out = String::from("<div class=\"table-wrap\">\n<table>\n<thead><tr><th>strategy</th>");
    for c in COLUMNS {
        // Headers may break after a slash on a narrow screen or page.
        let _ = write!(out, "<th>{}</th>", escape(&c.header(slots)).replace('/', "/<wbr/>"));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (st, (label, color)) in s.strategies.iter().zip(d.items()) {
        let base = st.name == s.baseline;
        let over = !base && !d.limits.meets(st);
        let class = match (base, over) {
            (true, _) => " class=\"baseline\"",
            (false, true) => " class=\"excluded\"",
            _ => "",
        };
        let _ = write!(
            out,
            "<tr{class}><td><span class=\"swatch\" style=\"background:rgb({},{},{})\"></span>{}{}</td>",
            color.0,
            color.1,
            color.2,
            escape(&label),
            if over { "<br/><span class=\"ci\">over your limits</span>" } else { "" }
        );
        for c in COLUMNS {
            let _ = write!(out, "<td>{}</td>", c.cell(st, base, slots));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n<p class=\"meta\">Each cell: mean over replications, then its 95 % interval. Money per rep slot (filled or vacant) per year in thousands of USD; the whole team's figures are the per-slot ones times the slots. Lifts are paired differences against the baseline on common random numbers; below that, \"one team\" is the range in which one team's lift falls in 90 % of the simulated futures.</p>\n");
    out
}

fn chart_html(c: &AnyChart) -> Result<String, ChartError> {
    Ok(inline_svg(&to_svg(c, SIZE)?, &format!("chart-{}", c.name()), c.title()))
}

/// A word for a POSIX shell: as it is when it holds only safe characters,
/// otherwise in single quotes.
fn shell_word(w: &str) -> String {
    if !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || "_./-+:=@%,".contains(c)) {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', "'\\''"))
    }
}

/// The command that reruns a report: the scenario as the user named it, the
/// seed, the replications and any limits.
pub fn reproduce_command(d: &RunData, replications: u64) -> String {
    let s = d.summary;
    let spec = d.source.as_deref().unwrap_or(&s.scenario);
    let mut cmd = format!("salesim report {} --seed {} --replications {replications}", shell_word(spec), s.seed);
    if let Some(m) = d.limits.max_attrition {
        let _ = write!(cmd, " --max-attrition {m}");
    }
    if let Some(m) = d.limits.max_burnout {
        let _ = write!(cmd, " --max-burnout {m}");
    }
    cmd
}

/// The scenario file's hash in words, when the report knows the file's text.
fn hash_words(d: &RunData) -> String {
    d.scenario_text
        .map(|t| format!("; scenario file hash {} (FNV-1a 64 of its bytes)", scenario_hash(t.as_bytes())))
        .unwrap_or_default()
}

/// The report's "reproduce" line. A partial result names the replications it
/// holds: no command reruns an arbitrary subset of them, so it points to the
/// whole experiment instead of claiming to reproduce these numbers.
fn reproduce(d: &RunData) -> String {
    let s = d.summary;
    let version = env!("CARGO_PKG_VERSION");
    let tail = "Definitions of every number: docs/outputs.md; the model: docs/model.md.";
    match &s.coverage {
        Some(c) => format!(
            "This partial report holds replications {} of {} ({}); no command reproduces exactly this subset. <code>{}</code> (salesim {version}{}) runs the whole experiment. {tail}",
            escape(&c.ranges_text()),
            c.of,
            if c.interrupted { "the run was interrupted" } else { "one shard" },
            escape(&reproduce_command(d, c.of)),
            escape(&hash_words(d))
        ),
        None => format!(
            "Reproduce with <code id=\"reproduce\">{}</code> (salesim {version}{}). {tail}",
            escape(&reproduce_command(d, s.replications)),
            escape(&hash_words(d))
        ),
    }
}

/// Renders the report of a run as one HTML document.
pub fn report_html(d: &RunData) -> Result<String, ChartError> {
    let s = d.summary;
    let charts = run_charts(d);
    let svg: Vec<String> = charts.iter().map(chart_html).collect::<Result<_, _>>()?;
    let version = env!("CARGO_PKG_VERSION");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"salesim {version}\"/>\n<title>salesim report: {}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n<main>\n",
        escape(&s.scenario)
    );
    let _ = write!(
        h,
        "<h1>Which sales-management strategy pays off? {}</h1>\n<p class=\"meta\">salesim {version} &#183; scenario <code>{}</code> &#183; {} replications x {} weeks &#183; seed {} &#183; baseline <code>{}</code>{}</p>\n",
        escape(&s.scenario),
        escape(&s.scenario),
        s.replications,
        s.weeks,
        s.seed,
        escape(&s.baseline),
        if s.crn { "" } else { " &#183; independent streams (no common random numbers)" }
    );
    if let Some(note) = s.partial_note() {
        let _ = writeln!(h, "<p class=\"warn\">PARTIAL RESULT: {}.</p>", escape(&note));
    }
    if let Some(c) = d.calibration {
        h.push_str(&c.html());
    }
    if !d.warnings.is_empty() {
        h.push_str("<section id=\"plausibility\" class=\"warn\">\n<p><strong>Check these inputs:</strong> the scenario has values outside what sales teams usually show (docs/scenarios.md, plausibility warnings).</p>\n<ul>\n");
        for w in &d.warnings {
            let _ = writeln!(h, "<li>{}</li>", escape(w));
        }
        h.push_str("</ul>\n</section>\n");
    }
    let _ = write!(
        h,
        "<section id=\"answer\">\n<h2>The answer</h2>\n<p class=\"answer\">{}</p>\n</section>\n",
        escape(&answer(d))
    );
    let _ = write!(
        h,
        "<section id=\"tradeoff\">\n<h2>The trade-off</h2>\n<p>Each point is a strategy: up means more profit than the baseline, left means fewer people leaving. Whiskers are 95 % intervals.</p>\n{}\n</section>\n",
        svg[0]
    );
    let _ = write!(
        h,
        "<section id=\"results\">\n<h2>Per-strategy results</h2>\n{}\n{}\n</section>\n",
        table_html(d),
        svg[1]
    );
    h.push_str("<section id=\"why\">\n<h2>Why: the levers that differ and what they moved</h2>\n");
    let paragraphs = why(d);
    if let Some((lead, rest)) = paragraphs.split_first() {
        let _ = writeln!(h, "<p>{}</p>\n<ul>", escape(lead));
        for p in rest {
            let _ = writeln!(h, "<li>{}</li>", escape(p));
        }
        h.push_str("</ul>\n");
    }
    let zoomed: Vec<String> = match &charts[2] {
        AnyChart::Series(c) => c.panels.iter().filter(|p| !p.axis_from_zero()).map(|p| p.caption.clone()).collect(),
        _ => Vec::new(),
    };
    let zoom_note = if zoomed.is_empty() {
        String::new()
    } else {
        format!(
            " The y axes of {} do not start at zero (each panel says so under its caption): they zoom in on the range the strategies span, so small gaps look large.",
            zoomed.join(", ")
        )
    };
    let _ = write!(
        h,
        "<p>The weekly series show when these gaps open: lines are means over replications, bands their 95 % intervals.{}</p>\n{}\n</section>\n",
        escape(&zoom_note),
        svg[2]
    );
    let _ = write!(
        h,
        "<section id=\"attainment\">\n<h2>Who reaches quota</h2>\n<p>Share of rep-quarters by attainment (10 % bins). A plan that lifts the middle of the team moves the whole shape right; one that only rewards stars stretches the right tail.</p>\n{}\n</section>\n",
        svg[3]
    );
    let _ = write!(h, "<section id=\"strategies\">\n<h2>The strategies</h2>\n{}</section>\n", strategies_html(d));
    let _ = write!(
        h,
        "<section id=\"method\">\n<h2>Method</h2>\n<p>Agent-based Monte Carlo simulation: every rep is simulated week by week (effort, sales, pay, pressure, fatigue, motivation, quits and hires); each strategy is run on {} independent futures ({}). Intervals: {}.</p>\n<p>{}</p>\n</section>\n",
        s.replications,
        if s.crn {
            "all strategies share the same random numbers, so differences come from the strategies, not from luck"
        } else {
            "independent random numbers per strategy"
        },
        escape(&s.ci_method),
        reproduce(d)
    );
    h.push_str("</main>\n</body>\n</html>\n");
    Ok(h)
}
