//! Sweeps, Pareto choice under limits and the optimiser: results match `run`,
//! stopping and resuming changes nothing, limits are respected, the optimiser
//! does at least as well as the scenario's own strategies, and every analysis
//! command writes its charts as SVG and PNG.

use salesim::sim::Metric;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use salesim::analysis::design::{Design, Plan, Vary};
use salesim::analysis::optimize::{Objective, OptimizeSettings, optimize};
use salesim::analysis::pareto::Limits;
use salesim::analysis::sweep::{PointResult, run_sweep};
use salesim::config::Scenario;
use salesim::experiment::{Executor, RunOptions, run, summarize};
use salesim::report::charts::SIZE;
use salesim::report::charts::pareto::FRONT;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

fn mature() -> Scenario {
    Scenario::from_toml_str(salesim::bundled::find("mature_scaled_team").unwrap().text).unwrap()
}

/// A small, fast scenario: 24 slots, one year, two strategies.
fn small(dir: &Path, extra: &str) -> PathBuf {
    let text = format!(
        "[scenario]\nname = \"small\"\nweeks = 52\n\n[team]\nsize = 24\n\n\
         [[strategy]]\nname = \"plain\"\n\n\
         [[strategy]]\nname = \"pushy\"\n[strategy.performance]\nquota_difficulty = 1.3\nmonitoring = 0.8\n\
         forced_ranking_pct = 5\n\n{extra}"
    );
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    path
}

const GRID: [&str; 4] =
    ["--vary", "performance.quota_difficulty=0.8:1.6:5", "--vary", "performance.monitoring=0.2:1.0:3"];

fn sweep_args<'a>(scenario: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["sweep", scenario, "--strategy", "pushy", "-r", "4", "-q", "--out", out];
    a.extend_from_slice(&GRID);
    a.extend_from_slice(extra);
    a
}

#[test]
fn a_sweep_point_at_a_strategys_own_levers_reproduces_run() {
    let s = mature();
    let levers = vec![
        Vary::parse("performance.quota_difficulty=1.1:1.1:1").unwrap(),
        Vary::parse("performance.monitoring=0.6:0.6:1").unwrap(),
    ];
    let plan = Plan::new("balanced", levers, Design::Grid, 0).unwrap();
    let mut got: Vec<PointResult> = Vec::new();
    run_sweep(&s, &plan, &Executor::new(9), 6, &[], None, |p| got.push(p.clone())).unwrap();
    let totals = run(&s, &RunOptions::new(9, 6)).unwrap();
    let summary = summarize(&s, &totals, 9, true, false);
    let balanced = summary.strategies.iter().find(|x| x.name == "balanced").unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].result.profit_lift_pct, balanced.profit_lift_pct);
    assert_eq!(got[0].result[Metric::AttritionPct], balanced[Metric::AttritionPct]);
    assert_eq!(got[0].result[Metric::Revenue], balanced[Metric::Revenue]);
}

#[test]
fn a_stopped_and_resumed_sweep_writes_the_same_csv_as_an_uninterrupted_one() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let scen = scen.to_str().unwrap();
    assert_exit(&salesim(dir.path(), &sweep_args(scen, "whole", &[])), 0);
    let first = salesim(dir.path(), &sweep_args(scen, "parts", &["--max-points", "6"]));
    assert_exit(&first, 0);
    assert!(String::from_utf8_lossy(&first.stderr).contains("PARTIAL: 6 of 15"));
    let journal = std::fs::read_to_string(dir.path().join("parts/points.jsonl")).unwrap();
    assert_eq!(journal.lines().count(), 6);
    let second = salesim(dir.path(), &sweep_args(scen, "parts", &["--resume"]));
    assert_exit(&second, 0);
    assert!(String::from_utf8_lossy(&second.stderr).contains("6 of 15 points already done"));
    let whole = std::fs::read(dir.path().join("whole/sweep.csv")).unwrap();
    let parts = std::fs::read(dir.path().join("parts/sweep.csv")).unwrap();
    assert_eq!(String::from_utf8(parts).unwrap(), String::from_utf8(whole).unwrap());
}

#[test]
fn a_stopped_grid_has_covered_the_corners_and_the_centre_first() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let o = salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "o", &["--max-points", "6"]));
    assert_exit(&o, 0);
    let mut rdr = csv::Reader::from_path(dir.path().join("o/sweep.csv")).unwrap();
    let mut seen: Vec<(String, String)> =
        rdr.records().map(|r| r.unwrap()).map(|r| (r[1].to_string(), r[2].to_string())).collect();
    seen.sort();
    let expect: Vec<(String, String)> = ["0.8", "1.6"]
        .iter()
        .flat_map(|q| ["0.2", "1"].map(|m| (q.to_string(), m.to_string())))
        .chain([("0.8".to_string(), "0.6".to_string()), ("1.2".to_string(), "0.2".to_string())])
        .collect();
    let mut expect = expect;
    expect.sort();
    assert_eq!(seen, expect);
}

#[test]
fn the_sweep_csv_has_a_column_per_lever_and_per_metric_with_interval_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    assert_exit(&salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "o", &[])), 0);
    let mut rdr = csv::Reader::from_path(dir.path().join("o/sweep.csv")).unwrap();
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..3], ["point", "performance.quota_difficulty", "performance.monitoring"]);
    for col in ["profit_lift_pct", "profit_lift_pct_ci_low", "profit_lift_pct_ci_high", "attrition_pct_ci_high"] {
        assert!(header.iter().any(|h| h == col), "missing {col} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 15);
    let ids: Vec<usize> = rows.iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, (0..15).collect::<Vec<_>>());
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.path().join("o/sweep.json")).unwrap()).unwrap();
    assert_eq!(doc["results"].as_array().unwrap().len(), 15);
    assert_eq!(doc["complete"], true);
}

/// The text of every `<text>` element of an SVG file, trimmed; panics unless
/// the file is a well-formed SVG document.
fn svg_texts(path: &Path) -> Vec<String> {
    let svg = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{} is not well-formed: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{}", path.display());
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

/// Decodes a PNG file, checks its signature and that it is not blank, and
/// returns its size.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{} has no PNG signature", path.display());
    let img = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap_or_else(|e| panic!("{} does not decode: {e}", path.display()))
        .to_rgb8();
    let inked = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    assert!(inked > 20_000, "{} is nearly blank ({inked} inked pixels)", path.display());
    img.dimensions()
}

/// Circles filled with the Pareto front's colour.
fn front_markers(path: &Path) -> usize {
    let svg = std::fs::read_to_string(path).unwrap();
    let colour = format!("fill=\"#{:02X}{:02X}{:02X}\"", FRONT.0, FRONT.1, FRONT.2);
    svg.split("<circle").skip(1).filter(|c| c.split('>').next().unwrap_or("").contains(&colour)).count()
}

#[test]
fn a_two_lever_grid_sweep_writes_heatmaps_and_the_pareto_scatter_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let o = salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "o", &["--max-attrition", "30"]));
    assert_exit(&o, 0);
    let out = dir.path().join("o");
    let doc: Value = serde_json::from_slice(&std::fs::read(out.join("sweep.json")).unwrap()).unwrap();
    let results = doc["results"].as_array().unwrap();
    for chart in ["heatmap_profit_lift", "heatmap_revenue_lift", "heatmap_attrition", "pareto"] {
        assert_eq!(png_size(&out.join(format!("{chart}.png"))), SIZE, "{chart}");
        let texts = svg_texts(&out.join(format!("{chart}.svg"))).join("|");
        for lever in ["performance.quota_difficulty", "performance.monitoring"] {
            assert!(texts.contains(lever), "{chart} does not name {lever}: {texts}");
        }
    }
    // Heatmap: lever levels on the axes, every cell labelled with its value, and
    // the colour scale described.
    let texts = svg_texts(&out.join("heatmap_profit_lift.svg"));
    for level in ["0.8", "1.2", "1.6", "0.2", "0.6"] {
        assert!(texts.iter().any(|t| t == level), "no level {level} on the axes");
    }
    for p in results {
        let v = format!("{:+.1}", p["result"]["profit_lift_pct"]["mean"].as_f64().unwrap());
        assert!(texts.contains(&v), "cell {} ({v}) is not labelled", p["id"]);
    }
    assert!(texts.iter().any(|t| t == "profit lift vs plain, %"), "no colour-scale legend: {texts:?}");
    let texts = svg_texts(&out.join("heatmap_attrition.svg"));
    for p in results {
        let v = format!("{:.1}", p["result"]["attrition_pct"]["mean"].as_f64().unwrap());
        assert!(texts.contains(&v), "attrition cell {} ({v}) is not labelled", p["id"]);
    }
    // Pareto scatter: one highlighted marker per front point, the limit and the axes.
    let front = doc["trade_offs"]["profit_attrition_front"].as_array().unwrap().len();
    assert!(front >= 1);
    assert_eq!(front_markers(&out.join("pareto.svg")), front);
    let texts = svg_texts(&out.join("pareto.svg"));
    for needle in
        ["Pareto front", "attrition limit 30 %/yr (shaded: over it)", "attrition, % per year (lower is better)"]
    {
        assert!(texts.iter().any(|t| t == needle), "pareto.svg lacks {needle:?}: {texts:?}");
    }
    // A stopped sweep marks the cells it has not run.
    assert_exit(&salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "part", &["--max-points", "6"])), 0);
    let texts = svg_texts(&dir.path().join("part/heatmap_attrition.svg"));
    assert_eq!(texts.iter().filter(|t| *t == "not run").count(), 15 - 6);
}

#[test]
fn a_one_lever_sweep_writes_its_outcomes_chart_not_heatmaps_and_a_fresh_sweep_removes_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let scen = scen.to_str().unwrap();
    assert_exit(&salesim(dir.path(), &sweep_args(scen, "o", &["--max-points", "4"])), 0);
    assert!(dir.path().join("o/heatmap_profit_lift.png").exists());
    assert!(!dir.path().join("o/sweep_outcomes.png").exists(), "outcomes chart for a two-lever sweep");
    let one = ["sweep", scen, "--strategy", "pushy", "-r", "3", "-q", "--out", "o", "--force", "--vary"];
    let mut args = one.to_vec();
    args.push("performance.quota_difficulty=0.8:1.6:3");
    assert_exit(&salesim(dir.path(), &args), 0);
    assert_eq!(png_size(&dir.path().join("o/pareto.png")), SIZE);
    for ext in ["svg", "png"] {
        assert!(!dir.path().join(format!("o/heatmap_profit_lift.{ext}")).exists(), "stale heatmap left behind");
    }
    // The outcomes against the lever: one panel per outcome, the three levels
    // on the axis, the lever named.
    assert_eq!(png_size(&dir.path().join("o/sweep_outcomes.png")), SIZE);
    let texts = svg_texts(&dir.path().join("o/sweep_outcomes.svg"));
    let has = |t: &str| texts.iter().any(|x| x.contains(t));
    for label in
        ["performance.quota_difficulty", "profit lift vs", "revenue lift vs", "attrition, % per year", "burnout"]
    {
        assert!(has(label), "no {label:?} in the outcomes chart: {texts:?}");
    }
    for level in ["0.8", "1.2", "1.6"] {
        assert!(texts.iter().any(|x| x.trim() == level), "no level {level} on the axis: {texts:?}");
    }
    // Back to two levers: the outcomes chart of the one-lever sweep goes.
    assert_exit(&salesim(dir.path(), &sweep_args(scen, "o", &["--max-points", "4", "--force"])), 0);
    assert!(!dir.path().join("o/sweep_outcomes.svg").exists(), "stale outcomes chart left behind");
}

#[test]
fn max_attrition_picks_the_most_profitable_point_that_meets_it() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    // Find a limit that binds: the median attrition of the grid.
    assert_exit(&salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "free", &[])), 0);
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.path().join("free/sweep.json")).unwrap()).unwrap();
    let mut attr: Vec<f64> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["result"]["attrition_pct"]["mean"].as_f64().unwrap())
        .collect();
    attr.sort_by(f64::total_cmp);
    let limit = format!("{:.3}", attr[attr.len() / 2]);
    let o = salesim(dir.path(), &sweep_args(scen.to_str().unwrap(), "lim", &["--max-attrition", &limit]));
    assert_exit(&o, 0);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        text.contains(&format!("Recommendation (attrition at most {} %/yr)", limit.parse::<f64>().unwrap())),
        "{text}"
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.path().join("lim/sweep.json")).unwrap()).unwrap();
    let results = doc["results"].as_array().unwrap();
    let best = doc["trade_offs"]["best"].as_u64().unwrap() as usize;
    let lim: f64 = limit.parse().unwrap();
    let attr = |i: usize| results[i]["result"]["attrition_pct"]["mean"].as_f64().unwrap();
    let profit = |i: usize| results[i]["result"]["profit_lift_pct"]["mean"].as_f64().unwrap();
    assert!(attr(best) <= lim);
    for i in 0..results.len() {
        if attr(i) <= lim {
            assert!(profit(i) <= profit(best), "point {i} is feasible and more profitable than the pick");
        }
    }
}

#[test]
fn a_sweep_table_in_the_scenario_file_runs_without_flags() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(
        dir.path(),
        "[[sweep]]\nname = \"quota\"\nstrategy = \"pushy\"\nvary = [\"performance.quota_difficulty=0.9:1.5:4\"]\nreplications = 3\n",
    );
    let o = salesim(dir.path(), &["sweep", scen.to_str().unwrap(), "-q", "--out", "o", "--name", "quota"]);
    assert_exit(&o, 0);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(text.contains("4 of 4 points x 3 replications"), "{text}");
}

#[test]
fn a_sweep_table_with_an_unknown_lever_is_refused_with_its_key_path() {
    let dir = tempfile::tempdir().unwrap();
    let scen =
        small(dir.path(), "[[sweep]]\nstrategy = \"pushy\"\nvary = [\"performance.quota_dificulty=0.9:1.5:4\"]\n");
    let o = salesim(dir.path(), &["check", scen.to_str().unwrap()]);
    assert_exit(&o, 2);
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(err.contains("sweep[0].vary[0]") && err.contains("did you mean `performance.quota_difficulty`"), "{err}");
}

#[test]
fn resuming_a_different_sweep_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let scen = scen.to_str().unwrap();
    assert_exit(&salesim(dir.path(), &sweep_args(scen, "o", &["--max-points", "2"])), 0);
    let o = salesim(
        dir.path(),
        &[
            "sweep",
            scen,
            "--strategy",
            "pushy",
            "-r",
            "5",
            "-q",
            "--out",
            "o",
            "--resume",
            "--vary",
            "performance.quota_difficulty=0.8:1.6:5",
        ],
    );
    assert_exit(&o, 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("replications 4 vs 5"));
}

#[test]
fn a_latin_hypercube_sweep_runs_the_requested_number_of_points() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let o = salesim(
        dir.path(),
        &[
            "sweep",
            scen.to_str().unwrap(),
            "--strategy",
            "pushy",
            "-r",
            "3",
            "-q",
            "--out",
            "o",
            "--design",
            "lhs",
            "--points",
            "7",
            "--vary",
            "performance.quota_difficulty=0.8:1.6",
            "--vary",
            "incentives.wellbeing",
            "--vary",
            "incentives.commission_rate=0.03:0.1",
        ],
    );
    assert_exit(&o, 0);
    let mut rdr = csv::Reader::from_path(dir.path().join("o/sweep.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 7);
    for r in &rows {
        let w: f64 = r[2].parse().unwrap();
        assert!((0.0..=1.0).contains(&w));
    }
}

#[test]
fn pareto_on_a_scenario_recommends_a_strategy_within_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let o =
        salesim(dir.path(), &["pareto", "mature_scaled_team", "-r", "8", "--max-attrition", "20", "--format", "json"]);
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let best = doc["trade_offs"]["best"].as_u64().unwrap() as usize;
    let c = &doc["candidates"][best];
    assert!(c["summary"]["attrition_pct"]["mean"].as_f64().unwrap() <= 20.0);
    assert!(doc["recommendation"].as_str().unwrap().starts_with("Recommendation (attrition at most 20 %/yr): "));
    // Under an attrition limit alone, the best feasible choice is never dominated.
    let front: Vec<u64> =
        doc["trade_offs"]["profit_attrition_front"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert!(front.contains(&(best as u64)), "{front:?}");
}

#[test]
fn pareto_with_out_writes_the_scatter_as_svg_and_png_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["pareto", "mature_scaled_team", "-r", "4", "--max-attrition", "20", "--out", "p"];
    let o = salesim(dir.path(), &args);
    assert_exit(&o, 0);
    let out = dir.path().join("p");
    let doc: Value = serde_json::from_slice(&std::fs::read(out.join("pareto.json")).unwrap()).unwrap();
    assert_eq!(doc["kind"], "pareto");
    assert_eq!(png_size(&out.join("pareto.png")), SIZE);
    let texts = svg_texts(&out.join("pareto.svg"));
    let best = doc["trade_offs"]["best"].as_u64().expect("a strategy meets 20 %/yr") as usize;
    let chosen = format!("chosen: {}", doc["candidates"][best]["label"].as_str().unwrap());
    for needle in [
        "Pareto front",
        chosen.as_str(),
        "attrition limit 20 %/yr (shaded: over it)",
        "profit lift vs status_quo, % (higher is better)",
        "attrition, % per year (lower is better)",
    ] {
        assert!(texts.iter().any(|t| t == needle), "pareto.svg lacks {needle:?}: {texts:?}");
    }
    for c in doc["candidates"].as_array().unwrap() {
        let name = c["label"].as_str().unwrap();
        assert!(texts.iter().any(|t| t == name), "{name} is not labelled");
    }
    let front = doc["trade_offs"]["profit_attrition_front"].as_array().unwrap().len();
    assert_eq!(front_markers(&out.join("pareto.svg")), front);
    // Like the other commands, a second run into the same place needs --force.
    let again = salesim(dir.path(), &args);
    assert_exit(&again, 2);
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    let mut forced = args.to_vec();
    forced.push("--force");
    assert_exit(&salesim(dir.path(), &forced), 0);
}

#[test]
fn the_optimiser_beats_or_matches_the_best_bundled_strategy_under_the_same_limit() {
    let s = mature();
    let settings = OptimizeSettings {
        strategy: "balanced".into(),
        levers: ["performance.quota_difficulty=0.7:1.6", "performance.monitoring", "incentives.wellbeing"]
            .iter()
            .map(|v| Vary::parse(v).unwrap())
            .collect(),
        objective: Objective::ProfitLift,
        limits: Limits { max_attrition: Some(20.0), max_burnout: None },
        budget: 1600,
    };
    let r = optimize(&s, &settings, &Executor::new(5)).unwrap().unwrap();
    assert!(r.runs <= 1600, "spent {} runs", r.runs);
    assert!(r.best_feasible);
    assert!(r.best_summary[Metric::AttritionPct].mean <= 20.0);
    let best_bundled = r
        .bundled
        .iter()
        .filter(|b| b[Metric::AttritionPct].mean <= 20.0)
        .map(|b| b.profit_lift_pct.mean)
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        r.best_summary.profit_lift_pct.mean >= best_bundled,
        "{} < {best_bundled}",
        r.best_summary.profit_lift_pct.mean
    );
    let block = salesim::analysis::optimize::strategy_block(&r.best);
    let pasted = format!("{}\n[[strategy]]\nname = \"base\"\n", block);
    let back = Scenario::from_toml_str(&pasted).expect("the block is a valid strategy");
    assert_eq!(back.strategies[0].performance.monitoring, r.best.performance.monitoring);
}

#[test]
fn optimize_with_out_writes_the_block_the_trace_and_the_search_chart_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let args = [
        "optimize",
        scen.to_str().unwrap(),
        "--strategy",
        "pushy",
        "--levers",
        "performance.quota_difficulty=0.8:1.4,performance.monitoring",
        "--max-attrition",
        "30",
        "--budget",
        "700",
        "--out",
        "opt",
    ];
    let o = salesim(dir.path(), &args);
    assert_exit(&o, 0);
    let out = dir.path().join("opt");
    for f in ["best_strategy.toml", "trace.csv", "optimize.json", "search.svg", "search.png"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    Scenario::from_toml_str(&format!(
        "{}\n[[strategy]]\nname = \"base\"\n",
        std::fs::read_to_string(out.join("best_strategy.toml")).unwrap()
    ))
    .expect("best_strategy.toml is a valid strategy block");
    assert_eq!(png_size(&out.join("search.png")), SIZE);
    let texts = svg_texts(&out.join("search.svg"));
    for t in ["best", "plain", "pushy", "chosen: best", "attrition, % per year (lower is better)"] {
        assert!(texts.iter().any(|x| x == t), "no {t:?} in the search chart: {texts:?}");
    }
    assert!(texts.iter().any(|x| x.starts_with("profit lift vs plain")), "{texts:?}");
    // One row of the trace per evaluation; the chart draws every candidate.
    let trace = std::fs::read_to_string(out.join("trace.csv")).unwrap();
    assert!(trace.lines().count() > 3, "{trace}");
    let again = salesim(dir.path(), &args);
    assert_exit(&again, 2);
}

#[test]
fn morris_recovers_the_coefficients_of_a_linear_function_exactly() {
    use salesim::analysis::sensitivity::{morris_design, morris_effects};
    let a = [4.0, -2.0, 0.5, 0.0];
    let d = morris_design(4, 10, 4, 3);
    let values: Vec<f64> = d.points.iter().map(|x| x.iter().zip(&a).map(|(x, a)| x * a).sum()).collect();
    let e = morris_effects(&d, &values);
    for (i, e) in e.iter().enumerate() {
        assert!((e.mu - a[i]).abs() < 1e-9, "mu[{i}] = {}", e.mu);
        assert!((e.mu_star - a[i].abs()).abs() < 1e-9);
        assert!(e.sigma < 1e-9);
        // Every trajectory gives the same effect, so every resample does too.
        assert!((e.mu_star_ci95[0] - a[i].abs()).abs() < 1e-9 && (e.mu_star_ci95[1] - a[i].abs()).abs() < 1e-9);
    }
}

/// The Ishigami function (a = 7, b = 0.1) on [-pi, pi]^3, from the unit cube.
fn ishigami(u: &[f64]) -> f64 {
    use std::f64::consts::PI;
    let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
    x[0].sin() + 7.0 * x[1].sin().powi(2) + 0.1 * x[2].powi(4) * x[0].sin()
}

#[test]
fn sobol_indices_of_the_ishigami_function_match_their_analytic_values() {
    use salesim::analysis::sensitivity::{saltelli_design, sobol_indices};
    // Ishigami (a = 7, b = 0.1) on [-pi, pi]^3: Ishigami & Homma (1990); values
    // from Sobol' & Levitan (1999): S = (0.3139, 0.4424, 0), ST = (0.5576, 0.4424, 0.2437).
    let f = ishigami;
    let n = 50_000;
    let pts = saltelli_design(3, n, 11);
    let values: Vec<f64> = pts.iter().map(|p| f(p)).collect();
    let s = sobol_indices(3, n, &values);
    let first = [0.3139, 0.4424, 0.0];
    let total = [0.5576, 0.4424, 0.2437];
    for i in 0..3 {
        assert!((s[i].first - first[i]).abs() < 0.03, "S{} = {} (expected {})", i + 1, s[i].first, first[i]);
        assert!((s[i].total - total[i]).abs() < 0.03, "ST{} = {} (expected {})", i + 1, s[i].total, total[i]);
    }
    // The bootstrap intervals narrow with the sample like 1 / sqrt(N): 25 times
    // fewer samples, about 5 times wider.
    let small_pts = saltelli_design(3, n / 25, 12);
    let small = sobol_indices(3, n / 25, &small_pts.iter().map(|p| f(p)).collect::<Vec<_>>());
    let width = |c: [f64; 2]| c[1] - c[0];
    for i in 0..3 {
        for (big, small) in [(s[i].first_ci95, small[i].first_ci95), (s[i].total_ci95, small[i].total_ci95)] {
            let ratio = width(small) / width(big);
            assert!((3.0..8.0).contains(&ratio), "interval width ratio {ratio} for factor {}", i + 1);
        }
    }
}

#[test]
fn sobol_bootstrap_intervals_cover_the_analytic_ishigami_indices_about_95_percent_of_the_time() {
    use salesim::analysis::sensitivity::{saltelli_design, sobol_indices};
    use std::f64::consts::PI;
    let f = ishigami;
    // Exact indices from the variance decomposition (a = 7, b = 0.1).
    let (a, b) = (7.0, 0.1);
    let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let v = v1 + v2 + v13;
    let truth = [(v1 / v, (v1 + v13) / v), (v2 / v, v2 / v), (0.0, v13 / v)];
    let (mut inside, mut total) = (0, 0);
    for seed in 0..40 {
        let pts = saltelli_design(3, 2000, 100 + seed);
        let s = sobol_indices(3, 2000, &pts.iter().map(|p| f(p)).collect::<Vec<_>>());
        for i in 0..3 {
            for (ci, t) in [(s[i].first_ci95, truth[i].0), (s[i].total_ci95, truth[i].1)] {
                total += 1;
                inside += usize::from(ci[0] <= t && t <= ci[1]);
            }
        }
    }
    let coverage = inside as f64 / total as f64;
    assert!((0.88..=0.99).contains(&coverage), "coverage {coverage} ({inside} of {total})");
}

#[test]
fn sensitivity_states_its_method_and_sample_and_ranks_by_importance() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let o = salesim(
        dir.path(),
        &[
            "sensitivity",
            scen.to_str().unwrap(),
            "--strategy",
            "pushy",
            "--params",
            "behavior.pressure_tolerance,behavior.holdback,market.deal_size",
            "--trajectories",
            "4",
            "-r",
            "3",
            "--format",
            "json",
        ],
    );
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["method"].as_str().unwrap().starts_with("Morris elementary effects: 4 trajectories"));
    assert_eq!(
        doc["sample"].as_str().unwrap(),
        "16 model evaluations x 3 replications (common random numbers), 96 strategy runs"
    );
    let mu: Vec<f64> = doc["parameters"].as_array().unwrap().iter().map(|p| p["mu_star"].as_f64().unwrap()).collect();
    assert_eq!(mu.len(), 3);
    assert!(mu.windows(2).all(|w| w[0] >= w[1]), "{mu:?}");
    assert_eq!(doc["ci_method"], "bootstrap percentile, 1000 resamples of the trajectories");
    for p in doc["parameters"].as_array().unwrap() {
        let (m, ci) = (p["mu_star"].as_f64().unwrap(), &p["mu_star_ci95"]);
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        assert!(0.0 <= lo && lo <= m && m <= hi, "{p}");
    }
}

#[test]
fn sensitivity_writes_its_ranking_chart_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path(), "");
    let params = ["behavior.pressure_tolerance", "behavior.holdback", "market.deal_size"];
    let joined = params.join(",");
    let o = salesim(
        dir.path(),
        &[
            "sensitivity",
            scen.to_str().unwrap(),
            "--strategy",
            "pushy",
            "--params",
            &joined,
            "--trajectories",
            "4",
            "-r",
            "3",
            "--out",
            "s",
        ],
    );
    assert_exit(&o, 0);
    let out = dir.path().join("s");
    for f in ["sensitivity.csv", "sensitivity.json", "sensitivity.svg", "sensitivity.png"] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let (w, h) = png_size(&out.join("sensitivity.png"));
    assert_eq!(w, SIZE.0);
    assert!(h >= SIZE.1);
    let texts = svg_texts(&out.join("sensitivity.svg"));
    for needle in params.iter().copied().chain(["mu* (importance)", "sigma (non-linearity, interactions)"]) {
        // A panel whose axis is cut for an outlier says so after its caption.
        let found = texts.iter().any(|t| t == needle || *t == format!("{needle} (axis cut ▶)"));
        assert!(found, "sensitivity.svg lacks {needle:?}: {texts:?}");
    }
    // Rows follow the ranking in sensitivity.csv (most important on top).
    let mut rdr = csv::Reader::from_path(out.join("sensitivity.csv")).unwrap();
    let ranked: Vec<String> = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    let drawn: Vec<&String> = texts.iter().filter(|t| params.contains(&t.as_str())).collect();
    assert_eq!(drawn, ranked.iter().collect::<Vec<_>>());
}

fn uncertain_text(behavior: &str) -> String {
    let base = salesim::bundled::find("mature_scaled_team").unwrap().text;
    base.replace("[market]", &format!("[behavior]\n{behavior}\n\n[market]"))
}

#[test]
fn uncertain_assumptions_give_the_share_of_worlds_in_which_each_strategy_is_best() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unc.toml");
    std::fs::write(
        &path,
        uncertain_text(
            "adaptation_rate = { uniform = [0.02, 0.10] }\ncrowding_out = { triangular = [0.05, 0.2, 0.5] }\npressure_tolerance = { normal = [1.3, 0.2] }",
        ),
    )
    .unwrap();
    let o = salesim(dir.path(), &["run", path.to_str().unwrap(), "-r", "12", "-q", "--max-attrition", "30"]);
    assert_exit(&o, 0);
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        text.contains(
            "each of the 12 replications drew its own world from behavior.adaptation_rate ~ uniform(0.02, 0.1)"
        ),
        "{text}"
    );
    let line = text.lines().find(|l| l.contains("% of plausible worlds")).expect("a best-in-worlds line");
    assert!(line.starts_with('"') && line.contains("is the best strategy in"), "{line}");
    assert!(line.contains("attrition at most 30 %/yr"), "{line}");
    let o = salesim(
        dir.path(),
        &["run", path.to_str().unwrap(), "-r", "12", "-q", "--format", "json", "--max-attrition", "30"],
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total: f64 =
        doc["strategies"].as_array().unwrap().iter().map(|s| s["best_within_limit_share_pct"].as_f64().unwrap()).sum();
    assert!(total <= 100.0 + 1e-9 && total > 50.0, "{total}");
}

#[test]
fn a_distribution_collapsed_to_its_value_gives_the_plain_scenarios_results_exactly() {
    let plain = mature();
    let point = Scenario::from_toml_str(&uncertain_text("adaptation_rate = { uniform = [0.04, 0.04] }")).unwrap();
    assert_eq!(point.uncertain.len(), 1);
    let a = summarize(&plain, &run(&plain, &RunOptions::new(3, 4)).unwrap(), 3, true, false);
    let b = summarize(&point, &run(&point, &RunOptions::new(3, 4)).unwrap(), 3, true, false);
    assert_eq!(a.strategies, b.strategies);
}

#[test]
fn sampled_worlds_differ_between_replications_and_move_the_results() {
    let wide = Scenario::from_toml_str(&uncertain_text("adaptation_rate = { uniform = [0.0, 0.3] }")).unwrap();
    let key = |r| salesim::sim::streams::StreamKey::new(1, r, None);
    let draws: Vec<f64> =
        (0..5).map(|r| salesim::experiment::world::draw_world(&wide, &key(r)).behavior.adaptation_rate).collect();
    assert!(draws.iter().all(|d| (0.0..=0.3).contains(d)));
    assert!(draws.windows(2).all(|w| w[0] != w[1]), "{draws:?}");
    let plain = mature();
    let a = summarize(&plain, &run(&plain, &RunOptions::new(3, 4)).unwrap(), 3, true, false);
    let b = summarize(&wide, &run(&wide, &RunOptions::new(3, 4)).unwrap(), 3, true, false);
    assert_ne!(a.strategies[3][Metric::Revenue], b.strategies[3][Metric::Revenue]);
}

#[test]
fn a_malformed_distribution_is_refused_with_its_key_path_and_line() {
    let err = Scenario::from_toml_str(&uncertain_text("adaptation_rate = { uniform = [0.1, 0.02] }")).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("behavior.adaptation_rate")
            && msg.contains("lo (0.1) is above hi (0.02)")
            && msg.contains("line 30"),
        "{msg}"
    );
    let err = Scenario::from_toml_str(&uncertain_text("adaptation_rate = { beta = [1, 2] }")).unwrap_err();
    assert!(err.to_string().contains("unknown distribution `beta`"), "{err}");
    let err = Scenario::from_toml_str(&uncertain_text("adaptation_rate = { uniform = [0.5, 1.5] }")).unwrap_err();
    assert!(err.to_string().contains("allowed 0 to 1"), "{err}");
}
