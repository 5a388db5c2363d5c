//! One row per replication: the rows, read back from the CSV, reproduce the
//! summary's means exactly; running in batches gives the same totals as one
//! run; uncertain parameters carry the values drawn for each world; memory is
//! bounded by the batch, not by the replications.

use salesim::config::Scenario;
use salesim::experiment::moments::Moments;
use salesim::experiment::per_replication::{BATCH, Row, run_in_batches};
use salesim::experiment::stats::{estimate, estimate_within};
use salesim::experiment::{RunOptions, run, summarize};
use salesim::report::csv::{replications_header, replications_rows};
use salesim::sim::Metric;

fn small(uncertain: bool) -> Scenario {
    let behavior = if uncertain { "[behavior]\nadaptation_rate = { uniform = [0.02, 0.10] }\n" } else { "" };
    Scenario::from_toml_str(&format!(
        "[scenario]\nname = \"rows\"\nweeks = 20\n[team]\nsize = 10\nteam_size = 5\n{behavior}\
         [[strategy]]\nname = \"base\"\n[[strategy]]\nname = \"tough\"\n[strategy.performance]\nquota_difficulty = 1.3\nmonitoring = 0.9\n"
    ))
    .unwrap()
}

#[test]
fn batched_rows_reproduce_the_summary_means_exactly() {
    let s = small(false);
    let replications = BATCH * 2 + 37; // three batches, the last one short
    let opts = RunOptions::new(5, replications);
    let mut csv = replications_header(&s);
    let mut batches = 0;
    let (totals, ()) = run_in_batches(
        &s,
        &opts,
        || (),
        |rows: Vec<Row>| {
            assert!(rows.len() as u64 <= BATCH * 2, "a batch holds at most BATCH replications");
            assert!(rows.windows(2).all(|w| (w[0].replication, w[0].strategy) < (w[1].replication, w[1].strategy)));
            csv.extend(replications_rows(&s, &rows));
            batches += 1;
            Ok::<(), ()>(())
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(batches, 3);
    // The same totals as one run, to the bit.
    assert_eq!(totals, run(&s, &opts).unwrap());
    let summary = summarize(&s, &totals, 5, true, false);

    let mut reader = csv::Reader::from_reader(&csv[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len() as u64, replications * 2);
    for (k, st) in summary.strategies.iter().enumerate() {
        let mine: Vec<&csv::StringRecord> = records.iter().filter(|r| r[0] == *st.name).collect();
        assert_eq!(mine.len() as u64, replications);
        for metric in Metric::ALL {
            let col = header.iter().position(|h| h == metric.key()).unwrap();
            let mut m = Moments::default();
            for r in &mine {
                m.push(r[col].parse::<f64>().unwrap());
            }
            assert_eq!(estimate_within(&m, metric.info().unit.bounds()), st[metric], "{} / {}", st.name, metric.key());
        }
        let col = header.iter().position(|h| h == "profit_lift_pct").unwrap();
        let mut m = Moments::default();
        mine.iter().for_each(|r| m.push(r[col].parse::<f64>().unwrap()));
        assert_eq!(estimate(&m), st.profit_lift_pct, "strategy {k}");
    }
}

#[test]
fn rows_carry_the_values_drawn_for_each_world() {
    let s = small(true);
    let opts = RunOptions::new(9, 6);
    let mut all = Vec::new();
    run_in_batches(
        &s,
        &opts,
        || (),
        |rows: Vec<Row>| {
            all.extend(rows);
            Ok::<(), ()>(())
        },
    )
    .unwrap()
    .unwrap();
    let header = String::from_utf8(replications_header(&s)).unwrap();
    assert!(header.trim_end().ends_with("behavior.adaptation_rate"), "{header}");
    for r in 0..6u64 {
        let world = salesim::experiment::world::draw_world(&s, &salesim::sim::streams::StreamKey::new(9, r, None));
        let rows: Vec<&Row> = all.iter().filter(|row| row.replication == r).collect();
        assert_eq!(rows.len(), 2);
        for row in rows {
            assert_eq!(row.world, vec![world.behavior.adaptation_rate], "replication {r}");
        }
    }
    // Different worlds draw different values.
    assert!(all.iter().any(|row| row.world != all[0].world));
}

/// `salesim run --per-replication --out DIR` streams the rows into
/// `replications.csv` beside the other files; its rows reproduce the means of
/// `results.json`; a later run without the flag replaces the whole set (no
/// stale rows of another run stay beside new results); the flag needs
/// `--out` and refuses `--shard` (exit status 2).
#[test]
fn run_writes_the_rows_into_the_output_set() {
    let bin = env!("CARGO_BIN_EXE_salesim");
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("rows.toml");
    std::fs::write(
        &scenario,
        "[scenario]\nname = \"rows\"\nweeks = 20\n[team]\nsize = 10\nteam_size = 5\n\
         [[strategy]]\nname = \"base\"\n[[strategy]]\nname = \"tough\"\n[strategy.performance]\nquota_difficulty = 1.3\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = |extra: &[&str]| {
        let mut args = vec!["run", scenario.to_str().unwrap(), "-r", "300", "-q", "--format", "json"];
        args.extend_from_slice(extra);
        std::process::Command::new(bin).args(&args).output().unwrap()
    };
    let o = run(&["--out", out.to_str().unwrap(), "--per-replication"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let results: serde_json::Value = serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    let mut reader = csv::Reader::from_path(out.join("replications.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 600);
    for st in results["strategies"].as_array().unwrap() {
        let name = st["name"].as_str().unwrap();
        for metric in Metric::ALL {
            let col = header.iter().position(|h| h == metric.key()).unwrap();
            let mut m = Moments::default();
            records.iter().filter(|r| &r[0] == name).for_each(|r| m.push(r[col].parse::<f64>().unwrap()));
            let mean = estimate(&m).mean;
            let json = st[metric.key()]["mean"].as_f64().unwrap();
            assert_eq!(mean, json, "{name} / {}", metric.key());
        }
    }
    let o = run(&["--out", out.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(!out.join("replications.csv").exists(), "a run without --per-replication leaves no stale rows");
    assert_eq!(run(&["--per-replication"]).status.code(), Some(2));
    let o = run(&["--out", out.to_str().unwrap(), "--force", "--per-replication", "--shard", "1/2"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--per-replication"));
}
