//! Charts, the HTML report and the classroom demos: the report parses, holds
//! every chart with its labels and no external URL; rendered charts are not
//! blank and use the palette; demos show the facts they teach; CSV files open
//! as tables with unit-bearing column names.

use salesim::sim::Metric;
use std::path::Path;
use std::process::{Command, Output};

use salesim::config::Scenario;
use salesim::demo::{Demo, DemoOptions};
use salesim::experiment::summary::{ExperimentSummary, WeeklySeries, weekly_series};
use salesim::experiment::{ExperimentTotals, RunOptions, run, summarize};
use salesim::report::charts::{AnyChart, Figure, OKABE_ITO, SIZE, to_png, to_svg};
use salesim::report::figures::{RUN_CHARTS, RunData, run_charts};
use salesim::report::html::{answer, report_html, why};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");
const MATURE: &str = include_str!("../scenarios/mature_scaled_team.toml");
const STRATEGIES: [&str; 5] = ["status_quo", "pressure_led", "incentive_led", "balanced", "commission_heavy"];

fn small_run() -> (ExperimentSummary, WeeklySeries, ExperimentTotals) {
    let (_, summary, weekly, totals) = run_of(MATURE, 8, 7);
    (summary, weekly, totals)
}

/// Runs scenario text with `replications` at `seed`.
fn run_of(text: &str, replications: u64, seed: u64) -> (Scenario, ExperimentSummary, WeeklySeries, ExperimentTotals) {
    let scenario = Scenario::from_toml_str(text).unwrap();
    let totals = run(&scenario, &RunOptions::new(seed, replications)).unwrap();
    let summary = summarize(&scenario, &totals, seed, true, false);
    let weekly = weekly_series(&totals, scenario.meta.weeks as usize);
    (scenario, summary, weekly, totals)
}

fn salesim(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

/// Every text node of the document, joined.
fn all_text(doc: &roxmltree::Document) -> String {
    doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect::<Vec<_>>().join(" ")
}

/// Asserts that an HTML report is self-contained and complete.
fn assert_complete_report(html: &str) {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    let doc = roxmltree::Document::parse_with_options(html, options).expect("the report is well-formed (X)HTML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    for bad in ["http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url(", "src="] {
        assert!(!html.contains(bad), "report contains {bad:?}: not self-contained");
    }
    for id in RUN_CHARTS {
        let svg = doc
            .descendants()
            .find(|n| n.tag_name().name() == "svg" && n.attribute("id") == Some(&format!("chart-{id}")))
            .unwrap_or_else(|| panic!("chart {id} is missing"));
        let title = svg.children().find(|n| n.tag_name().name() == "title").expect("chart has a title");
        assert!(!title.text().unwrap_or("").is_empty());
        let drawn = svg
            .descendants()
            .filter(|n| matches!(n.tag_name().name(), "rect" | "polyline" | "path" | "circle" | "polygon"))
            .count();
        assert!(drawn > 20, "chart {id} draws only {drawn} shapes");
        let labels: String = svg
            .descendants()
            .filter(|n| n.tag_name().name() == "text")
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("|");
        assert!(labels.contains("status_quo"), "chart {id} names the strategies: {labels}");
    }
    let text = all_text(&doc);
    for needle in [
        "The answer",
        "The trade-off",
        "Per-strategy results",
        "Why: the levers that differ and what they moved",
        "The strategies",
        "student-t 95% interval",
        "seed 7",
        env!("CARGO_PKG_VERSION"),
        "profit lift vs status_quo, %",
        "attrition, % of headcount per year (all exits)",
        "thousand USD per week",
        "% of slots filled",
        "quota attainment per rep-quarter",
        "performance.quota_difficulty = 1.1",
        "one team:",
    ] {
        assert!(text.contains(needle), "report text lacks {needle:?}");
    }
    let rows = doc.descendants().filter(|n| n.tag_name().name() == "tr").count();
    assert_eq!(rows, STRATEGIES.len() + 1, "one table row per strategy plus the header");
    // Order: answer, then trade-off, then table, then the weekly series.
    let pos = |s: &str| html.find(s).unwrap_or_else(|| panic!("{s} missing"));
    assert!(pos("id=\"answer\"") < pos("id=\"chart-tradeoff\""));
    assert!(pos("id=\"chart-tradeoff\"") < pos("<table"));
    assert!(pos("<table") < pos("id=\"chart-weekly\""));
}

#[test]
fn report_is_self_contained_html_with_every_chart_labelled() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 8, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let html = report_html(&data).unwrap();
    assert_complete_report(&html);
}

#[test]
fn answer_names_the_best_strategy_with_its_interval_and_attrition() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 8, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let best = summary
        .strategies
        .iter()
        .filter(|s| s.name != summary.baseline)
        .max_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean))
        .unwrap();
    let text = answer(&data);
    assert!(text.contains(&format!("\"{}\"", best.name)), "{text}");
    assert!(text.contains(&format!("{:+.1} %", best.profit_lift_pct.mean)), "{text}");
    assert!(text.contains("95 % interval"), "{text}");
    assert!(text.contains(&format!("attrition of {:.1} % a year", best[Metric::AttritionPct].mean)), "{text}");
    let [Some(lo), Some(hi)] = best.profit_lift_range90 else { panic!("8 replications give a range") };
    assert!(text.contains(&format!("between {lo:+.1} % and {hi:+.1} %")), "{text}");
}

/// One team's range is a prediction range: it holds the interval of the mean
/// and is wider by about sqrt(N) times the ratio of the t factors.
#[test]
fn one_teams_range_is_wider_than_the_interval_of_the_mean_and_quoted_in_the_reading() {
    let (summary, ..) = small_run();
    for s in summary.strategies.iter().filter(|s| s.name != summary.baseline) {
        for (e, range) in [(s.lift_pct, s.lift_range90), (s.profit_lift_pct, s.profit_lift_range90)] {
            let ([Some(lo), Some(hi)], [Some(clo), Some(chi)]) = (range, e.ci95) else { panic!("{}: bounds", s.name) };
            assert!(lo < clo && chi < hi, "{}: range [{lo}, {hi}] must hold the interval [{clo}, {chi}]", s.name);
            // With 8 replications: sqrt(1 + 8) * t(0.95, 7) / t(0.975, 7) = 3 * 1.895 / 2.365 = 2.40.
            let ratio = (hi - lo) / (chi - clo);
            assert!((ratio - 2.404).abs() < 0.01, "{}: width ratio {ratio}", s.name);
        }
    }
    let reading = salesim::report::table::reading(&summary);
    assert!(reading.contains("For one team, 90% of simulated futures give a profit lift between"), "{reading}");
}

#[test]
fn why_section_names_each_strategys_levers_and_its_clear_outcome_differences() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 8, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let paragraphs = why(&data);
    assert_eq!(paragraphs.len(), STRATEGIES.len(), "a lead sentence and one paragraph per alternative");
    let pressure = paragraphs.iter().find(|p| p.starts_with("\"pressure_led\"")).unwrap();
    // Its own levers, read from the scenario, with both values.
    for lever in
        ["forced ranking 0 % → 5 %", "leaderboard off → on", "quota period quarter → month", "monitoring 0.4 → 0.8"]
    {
        assert!(pressure.contains(lever), "{lever} missing: {pressure}");
    }
    // The pressure-led mix raises pressure, credited to levers it changes.
    assert!(pressure.contains("pressure higher by"), "{pressure}");
    // Levers it does not use are never named.
    for absent in ["contest", "wellbeing", "recognition", "career path", "commission rate"] {
        assert!(!pressure.contains(absent), "{absent} credited to pressure_led: {pressure}");
    }
    let commission = paragraphs.iter().find(|p| p.starts_with("\"commission_heavy\"")).unwrap();
    assert!(commission.contains("commission rate 0.065 → 0.13"), "{commission}");
    assert!(commission.contains("compensation higher by"), "{commission}");
    for p in &paragraphs[1..] {
        assert!(p.contains(" vs "), "numbers for both sides: {p}");
    }
}

/// A scenario with a baseline, a contest-only strategy (no description), a
/// strategy a hair away from the baseline and an extreme outlier.
const CONTEST: &str = r#"
[scenario]
name = "contest_check"
weeks = 52
baseline = "base"

[experiment]
replications = 8
seed = 5

[team]
size = 120

[[strategy]]
name = "base"
description = "Today's plan"

[[strategy]]
name = "contest"
[strategy.incentives]
contest = { period_weeks = 4, prize = 6000, winners = 3 }

[[strategy]]
name = "slightly_easier"
description = "A touch easier quota"
[strategy.performance]
quota_difficulty = 0.98

[[strategy]]
name = "brutal"
description = "Far too hard"
[strategy.performance]
quota_difficulty = 2.5
miss_penalty = 0.8
forced_ranking_pct = 30
monitoring = 1.0
review_cadence_weeks = 1
"#;

#[test]
fn a_contest_only_strategys_why_names_the_contest_and_its_prizes_and_never_well_being() {
    let (scenario, summary, weekly, totals) = run_of(CONTEST, 8, 5);
    let data = RunData::new(&summary, &weekly, &totals, Some(CONTEST)).with_scenario(&scenario, "c.toml");
    let paragraphs = why(&data);
    let contest = paragraphs.iter().find(|p| p.starts_with("\"contest\"")).unwrap();
    assert!(contest.contains("1 lever differs: adds an individual sales contest"), "{contest}");
    // 6,000 per 4-week round: 78,000 a year for 120 slots, 650 per slot.
    assert!(contest.contains("$78.0k a year in prizes") && contest.contains("$650 per slot"), "{contest}");
    for word in ["well-being", "wellbeing", "recovery", "recognition", "career"] {
        assert!(!contest.to_lowercase().contains(word), "{word} in the contest's why: {contest}");
    }
    // Differences inside the 95 % interval are not reported as changes.
    let (clear, still) = contest.split_once("No clear difference in").unwrap_or((contest, ""));
    let i = summary.strategies.iter().position(|s| s.name == "contest").unwrap();
    for m in salesim::report::why::OUTCOMES {
        let e = data.diff(i, m).unwrap();
        let name = salesim::report::why::outcome_name(m);
        let inside = !(e.clearly_positive() || e.clearly_negative());
        if inside {
            assert!(still.contains(&name), "{name} lies inside its interval but is not listed as unclear: {contest}");
            assert!(
                !clear.contains(&format!("{name} higher")) && !clear.contains(&format!("{name} lower")),
                "{contest}"
            );
        } else {
            assert!(!still.split([',', '.']).any(|w| w.trim() == name), "{name} is clear: {contest}");
        }
    }
}

#[test]
fn an_empty_description_reads_gracefully() {
    let text = CONTEST
        .replace("description = \"A touch easier quota\"", "")
        .replace("quota_difficulty = 0.98", "quota_difficulty = 0.9");
    let (scenario, summary, weekly, totals) = run_of(&text, 4, 5);
    let data = RunData::new(&summary, &weekly, &totals, Some(&text)).with_scenario(&scenario, "c.toml");
    let html = report_html(&data).unwrap();
    assert!(!html.contains("()") && !html.contains("(),"), "an empty description leaves empty parentheses");
    assert!(!html.contains("</strong>: </dt>"), "an empty description leaves a dangling colon");
    let md = salesim::report::markdown::report_markdown(&data);
    assert!(!md.contains("()"), "{md}");
}

#[test]
fn the_answer_gives_whole_team_figures_beside_per_slot_ones_and_respects_limits() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 8, 7);
    let limits = salesim::analysis::pareto::Limits { max_attrition: Some(25.0), max_burnout: Some(5.0) };
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE))
        .with_scenario(&scenario, "mature_scaled_team")
        .with_limits(limits);
    let text = answer(&data);
    let within: Vec<_> = summary.strategies.iter().filter(|s| s.name != summary.baseline && limits.meets(s)).collect();
    let best = within.iter().max_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean)).unwrap();
    assert!(text.contains(&format!("the best alternative, \"{}\"", best.name)), "{text}");
    let team = salesim::report::why::usd(best[Metric::Profit].mean * 120.0);
    assert!(text.contains(&format!("whole team of 120 rep slots that is {team} profit a year")), "{text}");
    assert!(text.contains(&format!("per rep slot, {} profit", salesim::report::why::usd(best[Metric::Profit].mean))));
    assert!(text.contains("attrition at most 25 %/yr and burnout at most 5 % of rep-weeks"), "{text}");
    for s in summary.strategies.iter().filter(|s| s.name != summary.baseline && !limits.meets(s)) {
        assert!(
            text.contains(&format!("\"{}\" (", s.name)) && text.contains("excluded:"),
            "{} not excluded: {text}",
            s.name
        );
    }
    // The table carries the whole team's money too, and marks the excluded.
    let html = report_html(&data).unwrap().replace("<wbr/>", "");
    assert!(html.contains("profit/team/yr (120 slots)") && html.contains("revenue/team/yr (120 slots)"));
    assert!(html.contains("over your limits"));
}

/// Text boxes of an SVG's `<text>` elements: (x, y centre, width, height) for
/// those whose content starts with one of `names`.
fn label_boxes(svg: &str, names: &[&str]) -> Vec<(String, f64, f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| {
            let t = n.text()?.trim().to_string();
            names.iter().any(|m| t.starts_with(m)).then(|| {
                let f = |a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
                let size = f("font-size");
                (t.clone(), f("x"), f("y"), 0.6 * size * t.chars().count() as f64, size)
            })
        })
        .collect()
}

#[test]
fn trade_off_labels_do_not_overlap_when_strategies_have_close_values() {
    let mut text = String::from("[scenario]\nname = \"close\"\nweeks = 26\nbaseline = \"s0\"\n[team]\nsize = 16\n");
    let names = ["s0", "s1", "s2", "s3", "s4", "s5"];
    for (k, n) in names.iter().enumerate() {
        text.push_str(&format!(
            "[[strategy]]\nname = \"{n}\"\n[strategy.performance]\nquota_difficulty = {}\n",
            1.0 + 0.001 * k as f64
        ));
    }
    let (scenario, summary, weekly, totals) = run_of(&text, 4, 3);
    let data = RunData::new(&summary, &weekly, &totals, Some(&text)).with_scenario(&scenario, "close.toml");
    let charts = run_charts(&data);
    let svg = to_svg(charts.iter().find(|c| c.name() == "tradeoff").unwrap(), SIZE).unwrap();
    let boxes = label_boxes(&svg, &names);
    assert_eq!(boxes.len(), names.len(), "{boxes:?}");
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[..i] {
            let x_overlap = a.1 < b.1 + b.3 && b.1 < a.1 + a.3;
            let y_overlap = (a.2 - b.2).abs() < 0.9 * a.4.max(b.4);
            assert!(!(x_overlap && y_overlap), "labels {} and {} overlap: {a:?} {b:?}", a.0, b.0);
        }
    }
}

#[test]
fn bars_start_at_zero_and_lift_labels_keep_one_decimal() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 4, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let AnyChart::Bars(bars) = &run_charts(&data)[1] else { panic!("lift and attrition bars") };
    let attrition = &bars.panels[2];
    assert_eq!(attrition.axis().0, 0.0, "attrition bars start at zero");
    let lift = &bars.panels[1];
    assert_eq!(lift.label(0.3, 40.0), "+0.3", "a small lift keeps its decimal on a wide axis");
    assert_eq!(lift.label(-0.04, 40.0), "0.0");
    assert_eq!(lift.label(17.66, 40.0), "+17.7");
    let svg = to_svg(&AnyChart::Bars(bars.clone()), SIZE).unwrap();
    for st in summary.strategies.iter().filter(|s| s.name != summary.baseline) {
        assert!(svg.contains(&format!("{:+.1}", st.profit_lift_pct.mean)), "{} profit lift label", st.name);
    }
}

#[test]
fn an_outlier_strategy_is_clipped_with_a_mark_instead_of_squeezing_the_others() {
    let (scenario, summary, weekly, totals) = run_of(CONTEST, 6, 5);
    let data = RunData::new(&summary, &weekly, &totals, Some(CONTEST)).with_scenario(&scenario, "c.toml");
    let charts = run_charts(&data);
    let AnyChart::Bars(bars) = &charts[1] else { panic!("bars") };
    let brutal = summary.strategies.iter().position(|s| s.name == "brutal").unwrap();
    let (lo, hi, clipped) = bars.panels[1].axis();
    assert_eq!(clipped, Some(brutal), "the brutal plan is clipped on the profit-lift axis");
    assert!(summary.strategies[brutal].profit_lift_pct.mean < lo, "it lies off the axis [{lo}, {hi}]");
    // The others fill the axis: the widest of them spans at least a fifth of it.
    let others = summary.strategies.iter().enumerate().filter(|(i, _)| *i != brutal);
    let widest = others.map(|(_, s)| s.profit_lift_pct.mean.abs()).fold(0.0, f64::max);
    assert!(widest > 0.2 * (hi - lo), "others squeezed: {widest} on [{lo}, {hi}]");
    let bars_svg = to_svg(&charts[1], SIZE).unwrap();
    assert!(bars_svg.contains("Profit lift (axis cut"), "the clipped panel says so");
    let tradeoff = to_svg(&charts[0], SIZE).unwrap();
    assert!(tradeoff.contains("axis cut") && tradeoff.contains("brutal (off scale: attrition"), "trade-off note");
}

#[test]
fn weekly_panels_say_when_their_axis_does_not_start_at_zero() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 4, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let charts = run_charts(&data);
    let AnyChart::Series(series) = &charts[2] else { panic!("weekly") };
    let svg = to_svg(&charts[2], SIZE).unwrap();
    let notes = svg.matches(", not 0").count();
    let zoomed = series.panels.iter().filter(|p| !p.axis_from_zero()).count();
    assert!(zoomed >= 1, "headcount sits near 100 % of slots");
    assert_eq!(notes, zoomed, "one note per panel whose axis does not start at zero");
    let html = report_html(&data).unwrap();
    assert!(html.contains("do not start at zero"), "the report text says so too");
}

#[test]
fn the_report_reads_on_a_laptop_and_on_paper() {
    let (scenario, summary, weekly, totals) = run_of(MATURE, 4, 7);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE)).with_scenario(&scenario, "mature_scaled_team");
    let html = report_html(&data).unwrap();
    assert!(html.contains("<div class=\"table-wrap\">"), "the table scrolls inside its own box");
    assert!(html.contains(".table-wrap{overflow-x:auto"));
    assert!(html.contains("@media (max-width:1200px)"), "narrow screens get a tighter table");
    assert!(html.contains("@media print{") && html.contains("break-inside:avoid"), "a print stylesheet");
}

fn pixels(png: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png).expect("valid PNG").to_rgb8()
}

#[test]
fn png_charts_are_slide_sized_not_blank_and_use_the_okabe_ito_palette() {
    let (summary, weekly, totals) = small_run();
    let data = RunData::new(&summary, &weekly, &totals, None);
    for chart in run_charts(&data) {
        let started = std::time::Instant::now();
        let img = pixels(&to_png(&chart, SIZE).unwrap());
        assert!(started.elapsed().as_secs_f64() < 5.0, "{} renders slowly", chart.name());
        assert_eq!(img.dimensions(), SIZE);
        let inked = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        let share = inked as f64 / (SIZE.0 * SIZE.1) as f64;
        assert!(share > 0.03, "{} is nearly blank ({share:.3} inked)", chart.name());
        // Dark text pixels: titles and labels were rasterised with the bundled font.
        let dark = img.pixels().filter(|p| p.0.iter().all(|&c| c < 60)).count();
        assert!(dark > 2000, "{} has little text ({dark} dark pixels)", chart.name());
    }
    let weekly_chart = run_charts(&data).into_iter().find(|c| c.name() == "weekly").unwrap();
    let img = pixels(&to_png(&weekly_chart, SIZE).unwrap());
    for color in [OKABE_ITO[1], OKABE_ITO[5], OKABE_ITO[3]] {
        let hits = img.pixels().filter(|p| p.0 == [color.0, color.1, color.2]).count();
        assert!(hits > 100, "palette colour {color:?} drawn only {hits} times");
    }
}

#[test]
fn svg_charts_have_titles_axis_units_and_a_legend() {
    let (summary, weekly, totals) = small_run();
    let data = RunData::new(&summary, &weekly, &totals, None);
    let charts = run_charts(&data);
    let svg = |name: &str| to_svg(charts.iter().find(|c| c.name() == name).unwrap(), SIZE).unwrap();
    let weekly_svg = svg("weekly");
    roxmltree::Document::parse(&weekly_svg).expect("SVG is well-formed");
    for s in STRATEGIES {
        assert!(weekly_svg.contains(s), "legend lacks {s}");
    }
    for label in [
        "Revenue per rep slot",
        "Intrinsic motivation",
        "Extrinsic drive",
        "Perceived pressure",
        "Fatigue",
        "Headcount",
        "week",
    ] {
        assert!(weekly_svg.contains(label), "weekly chart lacks {label}");
    }
    let bars = svg("lift_attrition");
    for label in [
        "Revenue lift",
        "Profit lift",
        "Attrition",
        "% vs baseline (paired)",
        "% of headcount per year",
        "status_quo (baseline)",
    ] {
        assert!(bars.contains(label), "bar chart lacks {label}");
    }
    assert!(svg("attainment").contains("% of rep-quarters"));
}

fn demo(d: Demo, replications: u64) -> salesim::demo::DemoOutput {
    salesim::demo::run(d, &DemoOptions { replications, seed: 11, settings: Vec::new() }).unwrap()
}

#[test]
fn pressure_demo_shows_an_inverted_u_with_rising_burnout_and_quits() {
    let out = demo(Demo::Pressure, 30);
    let AnyChart::Sweep(chart) = &out.chart else { panic!("pressure demo draws a sweep") };
    let revenue: Vec<f64> = chart.panels[0].values.iter().map(|e| e.mean).collect();
    let peak = revenue.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
    assert!(peak > 0 && peak + 1 < revenue.len(), "revenue peaks inside the range: {revenue:?}");
    let last = |k: usize| chart.panels[k].values.last().unwrap().mean;
    let first = |k: usize| chart.panels[k].values[0].mean;
    assert!(last(1) > first(1) + 5.0, "burnout climbs");
    assert!(last(2) > first(2) + 10.0, "quits climb");
    assert!(out.explanation.contains("LePine"));
    let svg = to_svg(&out.chart, SIZE).unwrap();
    assert!(svg.contains("Revenue per rep slot") && svg.contains("Burnout") && svg.contains("Voluntary quits"));
}

#[test]
fn fatigue_demo_shows_the_bonus_effect_decaying_and_rotation_keeping_more() {
    let out = demo(Demo::Fatigue, 60);
    let AnyChart::Series(chart) = &out.chart else { panic!("fatigue demo draws series") };
    let effort = &chart.panels[0].lines;
    let mean = |line: &Vec<salesim::experiment::stats::Estimate>, a: usize, b: usize| {
        line[a..b].iter().map(|e| e.mean).sum::<f64>() / (b - a) as f64
    };
    assert!(mean(&effort[0], 0, 4) > 1.5 * mean(&effort[0], 39, 52), "the constant bonus's pull decays");
    assert!(mean(&effort[1], 39, 52) > mean(&effort[0], 39, 52), "rotation keeps more");
    assert!(out.explanation.contains("Frederick & Loewenstein"));
}

#[test]
fn every_demo_runs_quickly_and_renders_a_chart() {
    for d in Demo::ALL {
        let started = std::time::Instant::now();
        let out = demo(d, 20);
        let img = pixels(&to_png(&out.chart, SIZE).unwrap());
        let inked = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(inked > 20_000, "{} chart is nearly blank", d.name());
        assert!(started.elapsed().as_secs_f64() < 10.0, "{} is too slow for class", d.name());
        assert!(out.explanation.contains("What you see") && out.explanation.contains("Research"));
        assert!(!out.series.frames(4).is_empty());
    }
}

#[test]
fn report_command_writes_an_offline_html_file_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["report", "mature_scaled_team", "-r", "6", "--out", "rep"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap();
    assert_complete_report(&html.replace("seed 2026", "seed 7"));
    let md = std::fs::read_to_string(dir.path().join("rep/report.md")).unwrap();
    assert!(
        md.contains("## The answer") && md.contains("## Top reasons") && md.contains("Reproduce with `salesim report")
    );
    for s in STRATEGIES {
        assert!(md.contains(&format!("| {} ", s.replace('_', "\\_"))), "report.md lacks a row for {s}:\n{md}");
    }
    for c in RUN_CHARTS {
        let png = std::fs::read(dir.path().join(format!("rep/{c}.png"))).unwrap();
        assert_eq!(pixels(&png).dimensions(), SIZE);
        assert!(std::fs::read_to_string(dir.path().join(format!("rep/{c}.svg"))).unwrap().contains("<svg"));
    }
    // A second report into the same directory needs --force.
    let again = salesim(dir.path(), &["report", "mature_scaled_team", "-r", "2", "--out", "rep"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}

#[test]
fn run_with_report_flag_writes_the_report_beside_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["run", "mature_scaled_team", "-r", "4", "-q", "--report", "rep"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Reading:"));
    let html = std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap();
    assert!(html.contains("id=\"chart-tradeoff\"") && html.contains("id=\"chart-weekly\""));
}

#[test]
fn demo_command_explains_and_writes_chart_and_animation() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["demo", "contest", "-r", "10", "--animate", "--out", "d"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Casas-Arce") && text.contains("contenders"), "{text}");
    let png = pixels(&std::fs::read(dir.path().join("d/demo-contest.png")).unwrap());
    assert_eq!(png.dimensions(), SIZE);
    let gif = std::fs::read(dir.path().join("d/demo-contest.gif")).unwrap();
    assert!(gif.starts_with(b"GIF89a"), "animated GIF header");
    // Several frames: each image descriptor is preceded by a graphic control extension.
    let frames = gif.windows(3).filter(|w| w == &[0x21, 0xF9, 0x04]).count();
    assert!(frames >= 10, "only {frames} frames");
    let svg = std::fs::read_to_string(dir.path().join("d/demo-contest.svg")).unwrap();
    assert!(svg.contains("far behind (bottom half)") && svg.contains("contenders (ranks 2-4)"));
}

#[test]
fn csv_outputs_have_one_header_row_and_unit_bearing_numeric_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["run", "mature_scaled_team", "-r", "3", "-q", "--out", "o"]);
    assert!(out.status.success());
    for (file, rows) in [("summary.csv", STRATEGIES.len()), ("weekly.csv", STRATEGIES.len() * 104)] {
        let mut reader = csv::Reader::from_path(dir.path().join("o").join(file)).unwrap();
        let header = reader.headers().unwrap().clone();
        for h in &header {
            assert!(
                h.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{file}: odd column {h:?}"
            );
        }
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(records.len(), rows, "{file}");
        for r in &records {
            assert_eq!(r.len(), header.len());
            for (h, v) in header.iter().zip(r.iter()).skip(2) {
                if h != "is_baseline" && !v.is_empty() {
                    assert!(v.parse::<f64>().is_ok(), "{file}: {h} = {v:?} is not a number");
                }
            }
        }
    }
}

/// Without common random numbers a replication's lift compares two different
/// worlds, so no one-team range is given and the reading does not quote one.
#[test]
fn independent_streams_give_no_one_team_range() {
    let scenario = Scenario::from_toml_str(MATURE).unwrap();
    let mut opts = RunOptions::new(7, 8);
    opts.crn = false;
    let totals = run(&scenario, &opts).unwrap();
    let summary = summarize(&scenario, &totals, 7, false, false);
    for s in &summary.strategies {
        assert_eq!((s.lift_range90, s.profit_lift_range90), ([None, None], [None, None]), "{}", s.name);
        assert!(s.lift_pct.ci95[0].is_some(), "{}: the interval stays", s.name);
    }
    assert!(!salesim::report::table::reading(&summary).contains("one team"));
    let weekly = weekly_series(&totals, scenario.meta.weeks as usize);
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE));
    assert!(!answer(&data).contains("one team"));
}

/// The reproduce line of a report (the text of its `<code id="reproduce">`).
fn reproduce_line(html: &str) -> String {
    let start = html.find("<code id=\"reproduce\">").expect("a reproduce line") + "<code id=\"reproduce\">".len();
    let end = start + html[start..].find("</code>").unwrap();
    html[start..end].replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

#[test]
fn the_reproduce_line_names_the_file_given_with_its_hash_and_reruns_to_the_same_numbers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("my scenarios")).unwrap();
    let file = dir.path().join("my scenarios/team.toml");
    std::fs::write(&file, CONTEST).unwrap();
    let out =
        salesim(dir.path(), &["report", "my scenarios/team.toml", "-r", "3", "--max-attrition", "60", "--out", "a"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let html = std::fs::read_to_string(dir.path().join("a/report.html")).unwrap();
    let line = reproduce_line(&html);
    assert_eq!(line, "salesim report 'my scenarios/team.toml' --seed 5 --replications 3 --max-attrition 60");
    let hash = salesim::config::scenario_hash(CONTEST.as_bytes());
    assert!(html.contains(&format!("scenario file hash {hash}")), "the hash of the file's bytes");
    // Run the line as a user would paste it, with salesim on the PATH.
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let again = Command::new("sh")
        .arg("-c")
        .arg(format!("{line} --out b"))
        .current_dir(dir.path())
        .env("PATH", path)
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&out.stdout), "the same answer");
    let md = |d: &str| std::fs::read_to_string(dir.path().join(d).join("report.md")).unwrap();
    assert_eq!(md("a"), md("b"), "the same numbers in the summary");
    // A bundled scenario is named as given.
    let bundled = salesim(dir.path(), &["report", "mature_scaled_team", "-r", "2", "--out", "c"]);
    assert!(bundled.status.success());
    let html = std::fs::read_to_string(dir.path().join("c/report.html")).unwrap();
    assert_eq!(reproduce_line(&html), "salesim report mature_scaled_team --seed 2026 --replications 2");
}

#[test]
fn report_limits_exclude_strategies_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["report", "mature_scaled_team", "-r", "3", "--max-attrition", "25", "--out", "r"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Only strategies within your limits (attrition at most 25 %/yr) were considered; excluded: \"pressure_led\" (attrition"), "{text}");
    let bad = salesim(dir.path(), &["report", "mature_scaled_team", "-r", "2", "--max-burnout", "-1", "--out", "s"]);
    assert_eq!(bad.status.code(), Some(2), "a negative limit is refused");
}

/// A box: left, top, right, bottom.
type BoxXy = (f64, f64, f64, f64);

fn overlaps(a: BoxXy, b: BoxXy) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// The legend entries of a chart (a swatch and the text after it that starts
/// with an item's name: their joint box) and the boxes of everything else
/// drawn (lines, bands, bars, mesh), from its SVG.
fn legend_and_plot_boxes(svg: &str, names: &[String]) -> (Vec<BoxXy>, Vec<BoxXy>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let nodes: Vec<roxmltree::Node> = doc.descendants().filter(|n| n.is_element()).collect();
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let points = |n: &roxmltree::Node| -> BoxXy {
        let xy: Vec<(f64, f64)> = n
            .attribute("points")
            .unwrap_or("")
            .split_whitespace()
            .filter_map(|p| p.split_once(',').and_then(|(x, y)| Some((x.parse().ok()?, y.parse().ok()?))))
            .collect();
        let f = |g: fn(f64, f64) -> f64, init: f64, pick: fn(&(f64, f64)) -> f64| xy.iter().map(pick).fold(init, g);
        (
            f(f64::min, f64::MAX, |p| p.0),
            f(f64::min, f64::MAX, |p| p.1),
            f(f64::max, f64::MIN, |p| p.0),
            f(f64::max, f64::MIN, |p| p.1),
        )
    };
    let (mut legend, mut plot, mut swatches) = (Vec::new(), Vec::new(), Vec::new());
    for (i, n) in nodes.iter().enumerate() {
        match n.tag_name().name() {
            "rect" if num(n, "width") < 1000.0 => {
                let r = (num(n, "x"), num(n, "y"), num(n, "x") + num(n, "width"), num(n, "y") + num(n, "height"));
                let label = nodes.get(i + 1).filter(|t| t.tag_name().name() == "text");
                let text = label.and_then(|t| t.text()).map(str::trim).unwrap_or("");
                match label.filter(|_| names.iter().any(|m| text.starts_with(m.as_str()))) {
                    Some(t) => {
                        let size = num(t, "font-size");
                        let (x, y) = (num(t, "x"), num(t, "y"));
                        let width = 0.6 * size * text.chars().count() as f64;
                        legend.push((r.0.min(x), r.1.min(y), x + width, r.3.max(y + size)));
                        swatches.push(i);
                    }
                    None => plot.push(r),
                }
            }
            "line" => {
                let (x1, y1, x2, y2) = (num(n, "x1"), num(n, "y1"), num(n, "x2"), num(n, "y2"));
                plot.push((x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2)));
            }
            "polyline" | "polygon" => plot.push(points(n)),
            _ => {}
        }
    }
    assert!(!swatches.is_empty(), "no legend found");
    (legend, plot)
}

#[test]
fn legends_of_the_weekly_and_attainment_charts_cover_no_plot_and_no_other_entry() {
    let long = MATURE
        .replace("\"pressure_led\"", "\"pressure_led_with_monthly_reviews\"")
        .replace("\"incentive_led\"", "\"incentive_led_with_accelerators_x\"")
        .replace("\"commission_heavy\"", "\"commission_heavy_and_uncapped_plan\"");
    for text in [MATURE.to_string(), long] {
        let (_, summary, weekly, totals) = run_of(&text, 4, 7);
        let names: Vec<String> = summary.strategies.iter().map(|s| s.name.chars().take(20).collect()).collect();
        let data = RunData::new(&summary, &weekly, &totals, None);
        let charts = run_charts(&data);
        for name in ["weekly", "attainment"] {
            let svg = to_svg(charts.iter().find(|c| c.name() == name).unwrap(), SIZE).unwrap();
            let (legend, plot) = legend_and_plot_boxes(&svg, &names);
            assert_eq!(legend.len(), names.len(), "{name}: one legend entry per strategy");
            for (i, entry) in legend.iter().enumerate() {
                assert!(entry.2 <= f64::from(SIZE.0), "{name}: legend entry {i} runs off the chart: {entry:?}");
                if let Some(hit) = plot.iter().find(|p| overlaps(*entry, **p)) {
                    panic!("{name}: legend entry {i} {entry:?} covers a plot element {hit:?}");
                }
                for (j, other) in legend.iter().enumerate().skip(i + 1) {
                    assert!(!overlaps(*entry, *other), "{name}: legend entries {i} and {j} overlap");
                }
            }
        }
    }
}
