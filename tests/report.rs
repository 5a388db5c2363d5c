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
    let scenario = Scenario::from_toml_str(MATURE).unwrap();
    let totals = run(&scenario, &RunOptions::new(7, 8)).unwrap();
    let summary = summarize(&scenario, &totals, 7, true, false);
    let weekly = weekly_series(&totals, scenario.meta.weeks as usize);
    (summary, weekly, totals)
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
        "Why: the mechanisms that moved most",
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
    let (summary, weekly, totals) = small_run();
    let data = RunData::new(&summary, &weekly, &totals, Some(MATURE));
    let html = report_html(&data).unwrap();
    assert_complete_report(&html);
}

#[test]
fn answer_names_the_best_strategy_with_its_interval_and_attrition() {
    let (summary, ..) = small_run();
    let best = summary
        .strategies
        .iter()
        .filter(|s| s.name != summary.baseline)
        .max_by(|a, b| a.profit_lift_pct.mean.total_cmp(&b.profit_lift_pct.mean))
        .unwrap();
    let text = answer(&summary);
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
fn why_section_describes_the_largest_mechanism_differences_in_words() {
    let (summary, ..) = small_run();
    let paragraphs = why(&summary);
    assert_eq!(paragraphs.len(), STRATEGIES.len(), "a lead sentence and one paragraph per alternative");
    let pressure = paragraphs.iter().find(|p| p.starts_with("\"pressure_led\"")).unwrap();
    // The pressure-led mix raises pressure, fatigue and burnout against the status quo.
    assert!(["perceived pressure is", "fatigue is", "burnout is"].iter().any(|m| pressure.contains(m)), "{pressure}");
    assert!(pressure.contains("higher"), "{pressure}");
    for p in &paragraphs[1..] {
        assert!(p.contains(" higher") || p.contains(" lower"), "{p}");
        assert!(p.contains(" vs "), "numbers for both sides: {p}");
    }
    // The incentive-led plan lowers pressure and lifts intrinsic motivation.
    let incentive = paragraphs.iter().find(|p| p.starts_with("\"incentive_led\"")).unwrap();
    assert!(incentive.contains("lower") && incentive.contains("higher"), "{incentive}");
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
    salesim::demo::run(d, &DemoOptions { replications, seed: 11 }).unwrap()
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
    let summary = summarize(&scenario, &run(&scenario, &opts).unwrap(), 7, false, false);
    for s in &summary.strategies {
        assert_eq!((s.lift_range90, s.profit_lift_range90), ([None, None], [None, None]), "{}", s.name);
        assert!(s.lift_pct.ci95[0].is_some(), "{}: the interval stays", s.name);
    }
    assert!(!salesim::report::table::reading(&summary).contains("one team"));
    assert!(!answer(&summary).contains("one team"));
}
