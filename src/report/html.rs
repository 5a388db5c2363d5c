//! The HTML report of a run: one self-contained file (inline CSS, charts as
//! inline SVG, no scripts, no network requests) that reads top-down: the answer
//! in one paragraph, the trade-off chart, the per-strategy table, the weekly
//! series and a plain-language "why", then the details (strategies, method,
//! seed and version). The document is well-formed XML as well as HTML, so that
//! tests can parse it strictly.

use std::fmt::Write;

use super::charts::{AnyChart, ChartError, Figure, SIZE, escape, inline_svg, to_svg};
use super::figures::{RunData, run_charts};
use crate::experiment::stats::Estimate;
use crate::experiment::summary::ExperimentSummary;
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
.warn{background:#fff3cd;padding:8px 12px;border-left:5px solid #E69F00}";

/// The mechanisms compared in the "why" section: the metric that shows each,
/// the words and unit the text uses, and what drives a rise and a fall.
struct Mechanism {
    metric: Metric,
    words: &'static str,
    unit: &'static str,
    up: &'static str,
    down: &'static str,
}

const MECHANISMS: [Mechanism; 7] = [
    Mechanism {
        metric: Metric::Fatigue,
        words: "fatigue",
        unit: "on a 0-1 scale",
        up: "sustained effort above the sustainable level and pressure build fatigue faster than slack lets reps recover; tired reps sell less and quit more",
        down: "more slack and recovery (well-being time, less relentless pressure) keep reps fresher",
    },
    Mechanism {
        metric: Metric::Pressure,
        words: "perceived pressure",
        unit: "index",
        up: "tighter targets, close tracking, frequent reviews and consequences widen the felt gap to target; past each rep's tolerance pressure hinders rather than challenges",
        down: "easier or better-paced targets and lighter tracking lower the felt gap to target",
    },
    Mechanism {
        metric: Metric::IntrinsicMotivation,
        words: "intrinsic motivation",
        unit: "on a 0-1 scale",
        up: "recognition, growth and autonomy feed enjoyment of the work (Deci, Koestner & Ryan 1999)",
        down: "controlling, contingent pay under close monitoring crowds out enjoyment of the work (Deci, Koestner & Ryan 1999)",
    },
    Mechanism {
        metric: Metric::ExtrinsicDrive,
        words: "extrinsic drive",
        unit: "index",
        up: "richer or refreshed rewards keep the marginal dollar worth chasing",
        down: "rewards that reps have grown used to lose their pull (hedonic adaptation)",
    },
    Mechanism {
        metric: Metric::Satisfaction,
        words: "satisfaction",
        unit: "on a 0-1 scale",
        up: "fair, transparent pay, recognition and belonging make reps content to stay",
        down: "pay below the outside option, unfairness, fatigue and leaving peers sour the job",
    },
    Mechanism {
        metric: Metric::AttritionPct,
        words: "attrition",
        unit: "% per year",
        up: "every extra leaver costs a vacancy, a hire and months of ramp-up",
        down: "fewer leavers mean fewer vacancies and fewer reps still ramping up",
    },
    Mechanism {
        metric: Metric::BurnoutPct,
        words: "burnout",
        unit: "% of rep-weeks",
        up: "burnt-out reps sell far less and are much more likely to quit",
        down: "fewer reps cross the burnout threshold",
    },
];

/// Relative change of `v` over `b` in %, with a floor on the denominator so that
/// small baselines do not inflate it.
fn relative(v: f64, b: f64, floor: f64) -> f64 {
    100.0 * (v - b) / b.abs().max(floor)
}

/// The smallest denominator of a relative change: 2 points for percentages,
/// 0.05 for states on a 0-1 scale or an index.
fn floor_of(metric: Metric) -> f64 {
    match metric.info().unit {
        Unit::PctPerYear | Unit::PctOfRepWeeks => 2.0,
        _ => 0.05,
    }
}

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

/// The one-paragraph answer at the top of the report.
pub fn answer(s: &ExperimentSummary) -> String {
    let base = s.strategies.iter().find(|x| x.name == s.baseline);
    let Some(best) = s
        .strategies
        .iter()
        .filter(|x| x.name != s.baseline)
        .max_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean))
    else {
        return format!("Only the baseline \"{}\" was simulated; there is nothing to compare.", s.baseline);
    };
    let e = &best.profit_lift_pct;
    let verb = if e.clearly_positive() {
        "raises profit"
    } else if e.clearly_negative() {
        "is the best alternative, yet still lowers profit"
    } else {
        "changes profit by an amount we cannot tell from zero"
    };
    let mut text = format!(
        "Against the baseline \"{}\", the best alternative, \"{}\" ({}), {verb} by {:+.1} % (95 % interval {}) and revenue by {:+.1} % ({}), with attrition of {:.1} % a year",
        s.baseline,
        best.name,
        best.description.trim_end_matches('.'),
        e.mean,
        ci(e, 1),
        best.lift_pct.mean,
        ci(&best.lift_pct, 1),
        best[Metric::AttritionPct].mean,
    );
    if let Some(b) = base {
        let _ = write!(text, " against {:.1} % for the baseline", b[Metric::AttritionPct].mean);
    }
    let _ = write!(
        text,
        ". It was the single most profitable strategy in {:.0} % of the {} simulated futures.",
        best.best_share_pct, s.replications
    );
    if let [Some(lo), Some(hi)] = best.profit_lift_range90 {
        let _ =
            write!(text, " For one team, 90 % of those futures give a profit lift between {lo:+.1} % and {hi:+.1} %.");
    }
    if let Some(worst) = s
        .strategies
        .iter()
        .filter(|x| x.name != s.baseline && x.name != best.name)
        .min_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean))
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
    text
}

/// One plain-language paragraph per strategy on the mechanisms that moved most
/// against the baseline, plus a lead sentence on what differs most overall.
pub fn why(s: &ExperimentSummary) -> Vec<String> {
    let Some(base) = s.strategies.iter().find(|x| x.name == s.baseline) else { return Vec::new() };
    let mut out = Vec::new();
    // What differs most across all strategies (range relative to the baseline).
    let mut spread: Vec<(f64, &Mechanism)> = MECHANISMS
        .iter()
        .map(|m| {
            let vals: Vec<f64> = s.strategies.iter().map(|x| x[m.metric].mean).collect();
            let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            (100.0 * (hi - lo) / base[m.metric].mean.abs().max(floor_of(m.metric)), m)
        })
        .collect();
    spread.sort_by(|a, b| b.0.total_cmp(&a.0));
    if spread.len() >= 2 && s.strategies.len() > 1 {
        out.push(format!(
            "Across the strategies, {} and {} differ most, relative to the baseline's level. Per strategy, against \"{}\", the three mechanisms that moved most:",
            spread[0].1.words, spread[1].1.words, s.baseline
        ));
    }
    for st in s.strategies.iter().filter(|x| x.name != s.baseline) {
        let mut moves: Vec<(f64, &Mechanism, f64, f64)> = MECHANISMS
            .iter()
            .map(|m| {
                let (v, b) = (st[m.metric].mean, base[m.metric].mean);
                (relative(v, b, floor_of(m.metric)), m, v, b)
            })
            .filter(|(r, ..)| r.is_finite() && r.abs() >= 3.0)
            .collect();
        moves.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
        if moves.is_empty() {
            out.push(format!(
                "\"{}\": no mechanism moves by more than 3 % against the baseline; the two plans work alike.",
                st.name
            ));
            continue;
        }
        let parts: Vec<String> = moves
            .iter()
            .take(3)
            .map(|(r, m, v, b)| {
                let dir = if *r > 0.0 { "higher" } else { "lower" };
                let why = if *r > 0.0 { m.up } else { m.down };
                if m.unit.starts_with('%') {
                    format!(
                        "{} is {:.1} percentage points {dir} ({v:.1} vs {b:.1} {}): {why}",
                        m.words,
                        (v - b).abs(),
                        m.unit
                    )
                } else {
                    format!("{} is {:.0} % {dir} at the end ({v:.2} vs {b:.2}, {}): {why}", m.words, r.abs(), m.unit)
                }
            })
            .collect();
        out.push(format!("\"{}\": {}.", st.name, parts.join("; ")));
    }
    out
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
            "<dt><span class=\"swatch\" style=\"background:rgb({},{},{})\"></span><strong>{}</strong>: {}</dt>\n<dd>",
            color.0,
            color.1,
            color.2,
            escape(label),
            escape(&st.description)
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

fn table_html(d: &RunData) -> String {
    let s = d.summary;
    let mut out = String::from(
        "<table>\n<thead><tr><th>strategy</th><th>revenue per slot, USD/yr</th><th>revenue lift, %</th><th>profit per slot, USD/yr</th><th>profit lift, %</th><th>attrition, %/yr</th><th>burnout, % of rep-weeks</th><th>at quota, % of rep-quarters</th><th>cost of sales, %</th><th>intrinsic motivation (end, 0-1)</th><th>fatigue (end, 0-1)</th><th>most profitable, % of runs</th></tr></thead>\n<tbody>\n",
    );
    for (st, (label, color)) in s.strategies.iter().zip(d.items()) {
        let base = st.name == s.baseline;
        let _ = writeln!(
            out,
            "<tr{}><td><span class=\"swatch\" style=\"background:rgb({},{},{})\"></span>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.0}</td></tr>",
            if base { " class=\"baseline\"" } else { "" },
            color.0,
            color.1,
            color.2,
            escape(&label),
            money_cell(&st[Metric::Revenue]),
            if base { "-".into() } else { lift_cell(&st.lift_pct, st.lift_range90, 1) },
            money_cell(&st[Metric::Profit]),
            if base { "-".into() } else { lift_cell(&st.profit_lift_pct, st.profit_lift_range90, 1) },
            cell(&st[Metric::AttritionPct], 1),
            cell(&st[Metric::BurnoutPct], 1),
            cell(&st[Metric::QuotaAttainmentPct], 0),
            cell(&st[Metric::CostOfSalesPct], 1),
            cell(&st[Metric::IntrinsicMotivation], 3),
            cell(&st[Metric::Fatigue], 3),
            st.best_share_pct
        );
    }
    out.push_str("</tbody>\n</table>\n<p class=\"meta\">Each cell: mean over replications, then its 95 % interval. Lifts are paired differences against the baseline on common random numbers; below that, \"one team\" is the range in which one team's lift falls in 90 % of the simulated futures.</p>\n");
    out
}

fn chart_html(c: &AnyChart) -> Result<String, ChartError> {
    Ok(inline_svg(&to_svg(c, SIZE)?, &format!("chart-{}", c.name()), c.title()))
}

/// The report's "reproduce" line. A partial result names the replications it
/// holds: no command reruns an arbitrary subset of them, so it points to the
/// whole experiment instead of claiming to reproduce these numbers.
fn reproduce(s: &ExperimentSummary) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let tail = "Definitions of every number: docs/outputs.md; the model: docs/model.md.";
    match &s.coverage {
        Some(c) => format!(
            "This partial report holds replications {} of {} ({}); no command reproduces exactly this subset. <code>salesim report {} --seed {} --replications {}</code> (salesim {version}) runs the whole experiment. {tail}",
            escape(&c.ranges_text()),
            c.of,
            if c.interrupted { "the run was interrupted" } else { "one shard" },
            escape(&s.scenario),
            s.seed,
            c.of
        ),
        None => format!(
            "Reproduce with <code>salesim report {} --seed {} --replications {}</code> (salesim {version}). {tail}",
            escape(&s.scenario),
            s.seed,
            s.replications
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
    let _ = write!(
        h,
        "<section id=\"answer\">\n<h2>The answer</h2>\n<p class=\"answer\">{}</p>\n</section>\n",
        escape(&answer(s))
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
    h.push_str("<section id=\"why\">\n<h2>Why: the mechanisms that moved most</h2>\n");
    let paragraphs = why(s);
    if let Some((lead, rest)) = paragraphs.split_first() {
        let _ = writeln!(h, "<p>{}</p>\n<ul>", escape(lead));
        for p in rest {
            let _ = writeln!(h, "<li>{}</li>", escape(p));
        }
        h.push_str("</ul>\n");
    }
    let _ = write!(
        h,
        "<p>The weekly series show when these gaps open: lines are means over replications, bands their 95 % intervals.</p>\n{}\n</section>\n",
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
        reproduce(s)
    );
    h.push_str("</main>\n</body>\n</html>\n");
    Ok(h)
}
