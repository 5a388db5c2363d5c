//! Fuzzing (proptest) of the two surfaces that take input from anywhere:
//! `merge` over mutated shard files (in-process: read, check, merge,
//! summarise and export must never panic, whatever the bytes), and the whole
//! command line over arbitrary argument vectors (the real binary: exit status
//! 0, 1 or 2, never a panic or a signal). CI runs a few seconds of each on a
//! fixed seed; `PROPTEST_CASES=N` runs more (docs/reliability.md records a
//! larger run) and `PROPTEST_RNG_SEED=N` explores other cases.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use salesim::config::Scenario;
use salesim::experiment::shard::{SALESIM_VERSION, SHARD_FORMAT, ShardFile, ShardSpec, checksum, merge, read_shard};
use salesim::experiment::summary::weekly_series;
use salesim::experiment::{RunOptions, run, summarize};
use salesim::report::{Exporter, csv::SummaryCsv, csv::weekly_csv, json::JsonExporter, table::TableExporter};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

const SCENARIO: &str = "[scenario]\nname = \"fz\"\nweeks = 3\n[team]\nsize = 4\n\
                        [[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"b\"\n[strategy.performance]\nmonitoring = 0.9\n";

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn config(default_cases: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    let rng_seed =
        if std::env::var_os("PROPTEST_RNG_SEED").is_some() { default.rng_seed } else { RngSeed::Fixed(2121) };
    ProptestConfig { rng_seed, cases: cases(default_cases), failure_persistence: None, ..default }
}

/// Two valid shard files (1/2 and 2/2 of 6 replications), as JSON values.
fn shards() -> &'static [Value; 2] {
    static SHARDS: OnceLock<[Value; 2]> = OnceLock::new();
    SHARDS.get_or_init(|| {
        let s = Scenario::from_toml_str(SCENARIO).unwrap();
        let make = |index: u64| {
            let spec = ShardSpec { index, count: 2 };
            let range = spec.range(6);
            let mut opts = RunOptions::new(7, 6);
            opts.range = range.clone();
            opts.threads = Some(1);
            let totals = run(&s, &opts).unwrap();
            let file = ShardFile {
                format: SHARD_FORMAT,
                salesim_version: SALESIM_VERSION.to_string(),
                scenario: s.meta.name.clone(),
                scenario_hash: format!("{:016x}", s.fingerprint()),
                scenario_text: SCENARIO.to_string(),
                seed: 7,
                replications_total: 6,
                crn: true,
                shard: index,
                shards: 2,
                start: range.start,
                end: range.end,
                complete: true,
                checksum: checksum(&totals),
                totals,
            };
            serde_json::to_value(&file).unwrap()
        };
        [make(1), make(2)]
    })
}

/// Every leaf of a JSON value, as a path of keys and indices.
fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(m) => {
            out.push(path.clone());
            for (k, x) in m {
                path.push(Value::String(k.clone()));
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            out.push(path.clone());
            for (i, x) in a.iter().enumerate() {
                path.push(Value::from(i));
                leaves(x, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::String(s) => &mut v[s.as_str()],
        k => &mut v[k.as_u64().unwrap() as usize],
    })
}

/// A replacement value: numbers at and beyond every bound, text, nothing.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(Value::from(0)),
        Just(Value::from(-1)),
        Just(Value::from(u64::MAX)),
        Just(Value::from(i64::MIN)),
        Just(Value::from(1e308)),
        Just(Value::from("")),
        Just(Value::from("340282366920938463463374607431768211455")),
        Just(Value::from("-170141183460469231731687303715884105728")),
        Just(Value::from("not exact")),
        Just(Value::Array(vec![])),
        Just(serde_json::json!({})),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[0-9]{1,60}".prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ]
}

/// One edit of a shard: a byte-level change or a structural one.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the leaf at position `at` (scaled to the leaves) with a value.
    Replace(f64, Value),
    /// Remove the key or element at position `at`.
    Remove(f64),
    /// Change one byte of the serialised file.
    Byte(f64, u8),
    /// Cut the serialised file at a position.
    Truncate(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (0.0..1.0f64, odd_value()).prop_map(|(a, v)| Edit::Replace(a, v)),
        2 => (0.0..1.0f64).prop_map(Edit::Remove),
        2 => (0.0..1.0f64, any::<u8>()).prop_map(|(a, b)| Edit::Byte(a, b)),
        1 => (0.0..1.0f64).prop_map(Edit::Truncate),
    ]
}

/// Applies edits to a shard and serialises it; `reseal` recomputes the
/// checksum when the totals still parse, so the checks behind it are reached.
fn mutate(shard: &Value, edits: &[Edit], reseal: bool) -> Vec<u8> {
    let mut v = shard.clone();
    let mut bytes_edits = Vec::new();
    for e in edits {
        let mut all = Vec::new();
        leaves(&v, &mut Vec::new(), &mut all);
        let pick = |a: f64| all[((a * all.len() as f64) as usize).min(all.len() - 1)].clone();
        match e {
            Edit::Replace(a, x) => *at(&mut v, &pick(*a)) = x.clone(),
            Edit::Remove(a) => {
                let path = pick(*a);
                if let Some((last, parent)) = path.split_last() {
                    match (at(&mut v, parent), last) {
                        (Value::Object(m), Value::String(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(items), k) => {
                            let i = k.as_u64().unwrap() as usize;
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                        _ => {}
                    }
                }
            }
            other => bytes_edits.push(other.clone()),
        }
    }
    if reseal && let Ok(totals) = serde_json::from_value(v["totals"].clone()) {
        v["checksum"] = Value::String(checksum(&totals));
    }
    let mut bytes = serde_json::to_vec(&v).unwrap();
    for e in bytes_edits {
        match e {
            Edit::Byte(a, b) if !bytes.is_empty() => {
                let i = ((a * bytes.len() as f64) as usize).min(bytes.len() - 1);
                bytes[i] = b;
            }
            Edit::Truncate(a) => bytes.truncate((a * bytes.len() as f64) as usize),
            _ => {}
        }
    }
    bytes
}

/// What `salesim merge` does with the files, in-process: every step must
/// return, never panic.
fn merge_bytes(files: &[Vec<u8>]) -> Result<(), String> {
    let mut read = Vec::new();
    let mut scenario = None;
    for (i, bytes) in files.iter().enumerate() {
        let (shard, s) = read_shard(&format!("shard{i}"), bytes).map_err(|e| e.to_string())?;
        scenario.get_or_insert(s);
        read.push((format!("shard{i}"), shard));
    }
    let (first, totals) = merge(&read).map_err(|e| e.to_string())?;
    let s = scenario.unwrap();
    let summary = summarize(&s, &totals, first.seed, first.crn, false);
    let weekly = weekly_series(&totals, s.meta.weeks as usize);
    for exporter in [&TableExporter::default() as &dyn Exporter, &JsonExporter, &SummaryCsv] {
        exporter.serialize(&summary, Some(&weekly));
    }
    weekly_csv(&summary, &weekly);
    Ok(())
}

#[test]
fn the_unmutated_shards_merge() {
    let files: Vec<Vec<u8>> = shards().iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
    merge_bytes(&files).unwrap();
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn merge_never_panics_on_mutated_shards(
        which in 0..2usize,
        edits in prop::collection::vec(edit(), 1..4),
        reseal in any::<bool>(),
        order in any::<bool>(),
    ) {
        let mut files: Vec<Vec<u8>> = shards().iter().map(|v| serde_json::to_vec(v).unwrap()).collect();
        files[which] = mutate(&shards()[which], &edits, reseal);
        if order {
            files.swap(0, 1);
        }
        // Ok or a refusal are both fine; a panic fails the test.
        let _ = merge_bytes(&files);
    }
}

// ------------------------------------------------------------ the command line

/// A working directory with a tiny scenario, a valid shard and a sweep.json.
fn workdir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("salesim-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("s.toml"), SCENARIO).unwrap();
        std::fs::write(dir.join("shard.json"), serde_json::to_vec(&shards()[0]).unwrap()).unwrap();
        std::fs::write(dir.join("shard2.json"), serde_json::to_vec(&shards()[1]).unwrap()).unwrap();
        dir
    })
}

fn token() -> impl Strategy<Value = String> {
    const WORDS: &[&str] = &[
        "run",
        "check",
        "list",
        "merge",
        "report",
        "sweep",
        "pareto",
        "optimize",
        "sensitivity",
        "demo",
        "validate",
        "s.toml",
        "shard.json",
        "shard2.json",
        "missing.toml",
        "/dev/zero",
        ".",
        "mature_scaled_tem",
        "-r",
        "-s",
        "-t",
        "-q",
        "--format",
        "json",
        "csv",
        "table",
        "--out",
        "o",
        "o/x",
        "--force",
        "--shard",
        "1/2",
        "2/2",
        "0/0",
        "3/2",
        "99999999999/99999999999",
        "--no-crn",
        "--stats",
        "--max-attrition",
        "--max-burnout",
        "--strategy",
        "a",
        "b",
        "--vary",
        "performance.monitoring=0:1:3",
        "performance.review_cadence_weeks=1:2:5",
        "incentives.cap",
        "--design",
        "lhs",
        "grid",
        "--points",
        "--resume",
        "--max-points",
        "--name",
        "--budget",
        "--levers",
        "--objective",
        "profit_lift",
        "--output",
        "gap",
        "--vs",
        "--method",
        "morris",
        "sobol",
        "--samples",
        "--trajectories",
        "--levels",
        "--params",
        "behavior.quit_rate",
        "--spread",
        "pressure",
        "fatigue",
        "--animate",
        "--behavior",
        "--allow-large",
        "--report",
        "--help",
        "-h",
        "--version",
        "0",
        "1",
        "2",
        "3",
        "-1",
        "1e9",
        "nan",
        "inf",
        "-0",
        "18446744073709551616",
        "4294967296",
        "",
        "=",
        "\u{1b}[2J",
        "\u{202e}x",
        "--",
        "-",
    ];
    prop_oneof![
        8 => prop::sample::select(WORDS).prop_map(String::from),
        1 => "[^\u{0}]{0,20}".prop_map(String::from),
        1 => (0u64..5).prop_map(|n| n.to_string()),
    ]
}

/// Commands that may compute for long with unlucky arguments get small
/// budgets so a CI run stays within seconds (and each process has a deadline).
fn tame(mut args: Vec<String>) -> Vec<String> {
    match args.first().map(String::as_str) {
        Some("validate" | "demo" | "sensitivity" | "pareto" | "report" | "sweep" | "run") => {
            args.extend(["-r".into(), "2".into()]);
        }
        Some("optimize") => args.extend(["--budget".into(), "20".into()]),
        _ => {}
    }
    if args.first().map(String::as_str) == Some("sensitivity") {
        args.extend(["--samples".into(), "2".into(), "--trajectories".into(), "2".into()]);
    }
    args
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn the_command_line_never_panics(args in prop::collection::vec(token(), 0..7)) {
        let args = tame(args);
        let mut child = Command::new(BIN)
            .args(&args)
            .current_dir(workdir())
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("SLURM_ARRAY_TASK_COUNT")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Drain the pipes on threads so a chatty command cannot block.
        let mut out = child.stdout.take().unwrap();
        let mut err = child.stderr.take().unwrap();
        let o = std::thread::spawn(move || { let mut b = Vec::new(); let _ = std::io::Read::read_to_end(&mut out, &mut b); b });
        let e = std::thread::spawn(move || { let mut b = Vec::new(); let _ = std::io::Read::read_to_end(&mut err, &mut b); b });
        let started = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let text = format!("{}{}", String::from_utf8_lossy(&o.join().unwrap()), String::from_utf8_lossy(&e.join().unwrap()));
        prop_assert!(!text.contains("panicked"), "salesim {:?} panicked:\n{}", args, text);
        if let Some(status) = status {
            prop_assert!(matches!(status.code(), Some(0..=2)), "salesim {:?} ended with {:?}:\n{}", args, status, text);
        }
    }
}
