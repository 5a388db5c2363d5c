//! The bundled scenarios and their reference page: every bundled file parses,
//! validates and runs, and `docs/scenarios.md` documents every key with the
//! range that validation enforces.

use salesim::sim::Metric;
use std::path::Path;

use salesim::bundled::BUNDLED;
use salesim::config::Scenario;
use salesim::config::schema::{CONTEST_KEYS, KEYS, KeySpec, RECOGNITION_KEYS};
use salesim::experiment::{RunOptions, StrategySummary, run, summarize};

fn parse(name: &str, text: &str) -> Scenario {
    Scenario::from_toml_str(text).unwrap_or_else(|e| panic!("bundled scenario {name} does not validate: {e}"))
}

fn docs() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join("scenarios.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A bound as the reference page writes it: plain below 100,000, `1e6` style above.
fn bound(x: f64) -> String {
    if x.abs() >= 1e5 { format!("{x:e}") } else { format!("{x}") }
}

fn every_key() -> impl Iterator<Item = &'static KeySpec> {
    KEYS.iter().chain(CONTEST_KEYS).chain(RECOGNITION_KEYS)
}

#[test]
fn every_bundled_scenario_parses_validates_and_has_four_to_six_strategies_and_a_baseline() {
    assert!(BUNDLED.len() >= 7, "expected at least seven bundled scenarios, found {}", BUNDLED.len());
    for b in BUNDLED {
        let s = parse(b.name, b.text);
        let n = s.strategies.len();
        assert!((4..=6).contains(&n), "{}: {n} strategies, expected 4 to 6", b.name);
        let baseline = s.meta.baseline.as_deref().unwrap_or_else(|| panic!("{}: no scenario.baseline", b.name));
        assert_eq!(s.baseline_name(), baseline, "{}: baseline does not resolve", b.name);
        assert_eq!(s.meta.name, b.name, "{}: scenario.name differs from the file stem", b.name);
        assert!(!s.meta.description.trim().is_empty(), "{}: empty description", b.name);
        for strategy in &s.strategies {
            assert!(
                !strategy.description.trim().is_empty(),
                "{}: strategy {} has no description",
                b.name,
                strategy.name
            );
        }
    }
}

#[test]
fn every_file_in_the_scenarios_folder_is_bundled_and_the_list_starts_and_ends_as_documented() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    for entry in std::fs::read_dir(&dir).expect("scenarios folder") {
        let path = entry.expect("directory entry").path();
        if path.extension().and_then(|e| e.to_str()) == Some("toml") {
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("file stem").to_string();
            assert!(BUNDLED.iter().any(|b| b.name == stem), "scenarios/{stem}.toml is not in bundled!(...)");
        }
    }
    assert_eq!(BUNDLED.first().map(|b| b.name), Some("mature_scaled_team"));
    assert_eq!(BUNDLED.last().map(|b| b.name), Some("bench"));
}

#[test]
fn the_bench_workload_keeps_its_size() {
    let b = BUNDLED.iter().find(|b| b.name == "bench").expect("bench is bundled");
    let s = parse(b.name, b.text);
    assert_eq!(s.team.size, 100);
    assert_eq!(s.meta.weeks, 156);
    assert_eq!(s.strategies.len(), 6);
    assert_eq!(s.experiment.replications, 1000);
}

fn means(s: &StrategySummary) -> Vec<(&'static str, f64)> {
    let mut means: Vec<(&'static str, f64)> = s.metrics.iter().map(|(m, e)| (m.key(), e.mean)).collect();
    means.extend([
        ("lift_pct", s.lift_pct.mean),
        ("profit_lift_pct", s.profit_lift_pct.mean),
        ("attrition_diff_pp", s.attrition_diff_pp.mean),
        ("best_share_pct", s.best_share_pct),
    ]);
    means
}

#[test]
fn every_bundled_scenario_runs_two_small_replications_with_finite_results() {
    for b in BUNDLED {
        let mut s = parse(b.name, b.text);
        // Keep the test quick: at most a year and 40 rep slots. Contest and
        // recognition rounds of the bundled files all fit in a year.
        s.meta.weeks = s.meta.weeks.min(52);
        s.team.size = s.team.size.min(40);
        let opts = RunOptions::new(s.experiment.seed, 2);
        let totals = run(&s, &opts).unwrap_or_else(|e| panic!("{}: {e}", b.name));
        let summary = summarize(&s, &totals, opts.seed, opts.crn, false);
        assert_eq!(summary.replications, 2, "{}", b.name);
        assert_eq!(summary.strategies.len(), s.strategies.len(), "{}", b.name);
        for strategy in &summary.strategies {
            for (metric, mean) in means(strategy) {
                assert!(mean.is_finite(), "{}: {} has a non-finite {metric} mean ({mean})", b.name, strategy.name);
            }
            assert!(strategy[Metric::Revenue].mean > 0.0, "{}: {} sells nothing", b.name, strategy.name);
        }
    }
}

#[test]
fn the_scenario_reference_documents_every_key_with_the_range_that_validation_enforces() {
    let text = docs();
    let mut missing = Vec::new();
    for spec in every_key() {
        let name = format!("`{}`", spec.key);
        let range = format!("{} to {}", bound(spec.min), bound(spec.max));
        let documented = text.lines().any(|line| line.starts_with(&format!("| {name} |")) && line.contains(&range));
        if !text.contains(&name) {
            missing.push(format!("{}.{} is not mentioned", spec.section.prefix(), spec.key));
        } else if !documented {
            missing.push(format!("{}.{} has no table row with the range {range}", spec.section.prefix(), spec.key));
        }
    }
    assert!(missing.is_empty(), "docs/scenarios.md is out of date:\n{}", missing.join("\n"));
}

#[test]
fn the_scenario_reference_lists_every_bundled_scenario() {
    let text = docs();
    for b in BUNDLED {
        assert!(text.contains(&format!("`{}`", b.name)), "docs/scenarios.md does not list {}", b.name);
    }
}
