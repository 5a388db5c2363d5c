//! One row per replication: the rows, read back from the CSV, reproduce the
//! summary's means exactly; running in batches gives the same totals as one
//! run; uncertain parameters carry the values drawn for each world; memory is
//! bounded by the batch, not by the replications.

use salesim::config::Scenario;
use salesim::experiment::moments::Moments;
use salesim::experiment::per_replication::{BATCH, Row, run_in_batches};
use salesim::experiment::stats::estimate;
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
            let col = header.iter().position(|h| h == metric.info().column).unwrap();
            let mut m = Moments::default();
            for r in &mine {
                m.push(r[col].parse::<f64>().unwrap());
            }
            assert_eq!(estimate(&m), st[metric], "{} / {}", st.name, metric.key());
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
