//! The metric catalogue is the one list of outputs: every metric and series
//! appears in every export under its catalogue name, and `docs/outputs.md`
//! documents each of them.

use std::process::Command;

use salesim::sim::catalogue::{METRICS, SERIES};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn outputs_md() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/outputs.md")).unwrap()
}

#[test]
fn every_catalogue_entry_is_documented_in_outputs_md() {
    let doc = outputs_md();
    for info in &METRICS {
        assert!(doc.contains(&format!("`{}`", info.key)), "docs/outputs.md lacks the name {}", info.key);
        if let Some(lift) = info.lift {
            assert!(doc.contains(&format!("`{}`", lift.key)), "docs/outputs.md lacks {}", lift.key);
            assert!(doc.contains(&format!("`{}`", lift.range_key)), "docs/outputs.md lacks {}", lift.range_key);
        }
    }
    for info in &SERIES {
        assert!(doc.contains(&format!("`{}`", info.key)), "docs/outputs.md lacks the weekly column {}", info.key);
    }
}

#[test]
fn every_export_carries_every_catalogue_entry() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["run", "mature_scaled_team", "-r", "3", "-q", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("results.json")).unwrap()).unwrap();
    for strategy in json["strategies"].as_array().unwrap() {
        for info in &METRICS {
            let e = &strategy[info.key];
            assert!(e["mean"].is_number(), "{}: {} has no mean", strategy["name"], info.key);
            assert!(
                e["ci95"].as_array().is_some_and(|b| b.len() == 2),
                "{}: {} has no interval",
                strategy["name"],
                info.key
            );
            if let Some(lift) = info.lift {
                assert!(strategy[lift.key]["mean"].is_number(), "{}", lift.key);
                assert!(strategy[lift.range_key].is_array(), "{}", lift.range_key);
            }
        }
    }

    let mut summary = csv::Reader::from_path(dir.path().join("summary.csv")).unwrap();
    let header: Vec<String> = summary.headers().unwrap().iter().map(String::from).collect();
    for info in &METRICS {
        for suffix in ["", "_ci_low", "_ci_high"] {
            let column = format!("{}{suffix}", info.key);
            assert!(header.contains(&column), "summary.csv lacks {column}");
        }
    }
    assert_eq!(summary.records().count(), json["strategies"].as_array().unwrap().len());

    let mut weekly = csv::Reader::from_path(dir.path().join("weekly.csv")).unwrap();
    let header: Vec<String> = weekly.headers().unwrap().iter().map(String::from).collect();
    for info in &SERIES {
        assert!(header.contains(&info.key.to_string()), "weekly.csv lacks {}", info.key);
    }
}

#[test]
fn the_derived_programme_cost_per_rep_is_the_per_slot_cost_over_the_filled_share() {
    // Per replication the ratio holds exactly; the means over replications
    // agree to the spread of the filled share (a few percent at most here).
    let out = Command::new(BIN).args(["run", "mature_scaled_team", "-r", "4", "--format", "json"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for s in json["strategies"].as_array().unwrap() {
        let per_slot = s["programme_cost"]["mean"].as_f64().unwrap();
        let filled = s["headcount_pct"]["mean"].as_f64().unwrap() / 100.0;
        let per_rep = s["programme_cost_per_rep"]["mean"].as_f64().unwrap();
        assert!(per_rep >= per_slot, "{}: per rep {per_rep} < per slot {per_slot}", s["name"]);
        assert!(
            (per_rep - per_slot / filled).abs() <= 0.02 * per_rep.max(1.0),
            "{}: {per_rep} vs {}",
            s["name"],
            per_slot / filled
        );
    }
}
