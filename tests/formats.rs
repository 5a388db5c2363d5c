//! `--format`: every command that offers csv writes CSV on stdout (parsed
//! here), and a command whose output is a document, not rows, does not offer
//! it: asking for it is refused with exit status 2 before anything runs.
//! Run in release mode: `cargo test --release --test formats`.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim(args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(BIN).args(args).current_dir(dir.path()).output().expect("salesim runs")
}

/// Every interval column is named `<quantity>_ci_low` or `<quantity>_ci_high`
/// (one scheme across commands and files).
fn assert_interval_names(header: &[String]) {
    for h in header.iter().filter(|h| h.contains("ci")) {
        assert!(h.ends_with("ci_low") || h.ends_with("ci_high"), "interval column {h:?} in {header:?}");
    }
}

/// The header and rows of CSV on stdout, after checking the command succeeded.
fn csv_of(args: &[&str]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let out = salesim(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().expect("a CSV header").iter().map(String::from).collect();
    assert_interval_names(&header);
    let rows = reader.records().map(|r| r.expect("a CSV row")).collect();
    (header, rows)
}

#[test]
fn run_sweep_sensitivity_and_validate_write_csv_on_stdout() {
    let (header, rows) = csv_of(&["run", "mature_scaled_team", "-r", "4", "-q", "--format", "csv"]);
    assert_eq!(rows.len(), 5, "one row per strategy");
    assert!(header.iter().any(|h| h == "profit_lift_pct"), "{header:?}");

    let sweep = ["sweep", "mature_scaled_team", "--strategy", "balanced", "-r", "4", "-q", "--format", "csv"];
    let (header, rows) = csv_of(&[&sweep[..], &["--vary", "performance.monitoring=0.2:1:3"]].concat());
    assert_eq!(rows.len(), 3, "one row per point");
    assert!(header.iter().any(|h| h == "performance.monitoring"), "{header:?}");

    let sens = ["sensitivity", "mature_scaled_team", "--strategy", "balanced", "-r", "2", "--trajectories", "2"];
    let (header, rows) = csv_of(&[&sens[..], &["-q", "--format", "csv"]].concat());
    assert!(rows.len() > 10, "one row per parameter: {}", rows.len());
    assert!(header.iter().any(|h| h == "parameter"), "{header:?}");

    // validate exits 1 when a fact fails (at 20 replications some may): its
    // CSV is written either way.
    let out = salesim(&["validate", "-r", "20", "--perturb", "0", "-q", "--format", "csv"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let mut reader = csv::Reader::from_reader(&out.stdout[..]);
    let header: Vec<String> = reader.headers().expect("a CSV header").iter().map(String::from).collect();
    assert_interval_names(&header);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a CSV row")).collect();
    let rows = rows.len();
    assert!(rows > 20, "one row per check: {rows}");
}

#[test]
fn commands_without_rows_refuse_csv_with_exit_2() {
    for args in [
        &["pareto", "mature_scaled_team", "--max-attrition", "20", "--format", "csv"][..],
        &["calibrate", "--targets", "docs/calibration/example.toml", "--format", "csv"][..],
    ] {
        let out = salesim(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("csv") && err.contains("table") && err.contains("json"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
