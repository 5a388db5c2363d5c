//! The guarantees of issue 21 items 3, 4, 7, 8, 9 and 10, through the real
//! binary: intervals that never collapse silently, `merge` that trusts no
//! shard, long and hostile names, guards against runaway cost, and the smaller
//! gaps (seeds, sweeps, shards, few replications, the sweep journal). Each test
//! failed on the code before the fix. `docs/reliability.md` lists them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// The binary under test: this build's, or `SALESIM_TEST_BIN` (to show that
/// each test fails on an older salesim).
fn bin() -> String {
    std::env::var("SALESIM_TEST_BIN").unwrap_or_else(|_| BIN.to_string())
}

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("SLURM_ARRAY_TASK_MIN")
        .output()
        .expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", stdout(o), stderr(o));
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(o)))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A one-week scenario of three slots with `extra` spliced before the strategies.
fn tiny(dir: &Path, file: &str, extra: &str, strategies: &[&str]) -> PathBuf {
    let mut text = format!("[scenario]\nname = \"tiny\"\nweeks = 1\n[team]\nsize = 3\n{extra}\n");
    for s in strategies {
        text.push_str(&format!("[[strategy]]\nname = {s}\n"));
    }
    write(dir, file, &text)
}

// ------------------------------------------------------------ 3. intervals

#[test]
fn huge_money_values_give_a_true_interval_not_a_collapsed_one() {
    let dir = tempfile::tempdir().unwrap();
    let s =
        tiny(dir.path(), "big.toml", "[market]\ndeals_per_week = 100\ndeal_size = 1e8\ndeal_size_sd = 3\n", &["\"a\""]);
    let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-r", "100000", "-q", "--format", "json"]);
    assert_exit(&o, 0);
    let revenue = &json(&o)["strategies"][0]["revenue"];
    let mean = revenue["mean"].as_f64().unwrap();
    let (lo, hi) = (revenue["ci95"][0].as_f64().unwrap(), revenue["ci95"][1].as_f64().unwrap());
    assert!(lo < mean && mean < hi, "revenue {revenue}");
    // The spread of a log-normal with sd 3 is huge: the interval is wide.
    assert!(hi - lo > 1e-3 * mean, "revenue {revenue}");
}

// ------------------------------------------------------------ 4. merge trusts nothing

/// Two shard files of a small two-strategy experiment, as JSON values.
fn two_shards(dir: &Path) -> (PathBuf, Vec<Value>) {
    let s = dir.join("sh.toml");
    let text = "[scenario]\nname = \"sh\"\nweeks = 3\n[team]\nsize = 4\n\
                [[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"b\"\n[strategy.performance]\nmonitoring = 0.9\n";
    std::fs::write(&s, text).unwrap();
    let out = dir.join("shards");
    let mut values = Vec::new();
    for k in ["1/2", "2/2"] {
        let o = salesim_in(
            dir,
            &["run", s.to_str().unwrap(), "-r", "6", "--shard", k, "-q", "--out", out.to_str().unwrap()],
        );
        assert_exit(&o, 0);
    }
    let mut names: Vec<PathBuf> = std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for n in &names {
        values.push(serde_json::from_slice(&std::fs::read(n).unwrap()).unwrap());
    }
    (out, values)
}

/// Writes shard values to files and merges them; returns the output.
fn merge_values(dir: &Path, shards: &[Value]) -> Output {
    let mut args = vec!["merge".to_string(), "--format".into(), "json".into()];
    for (i, v) in shards.iter().enumerate() {
        let p = dir.join(format!("edited-{i}.json"));
        std::fs::write(&p, serde_json::to_vec(v).unwrap()).unwrap();
        args.push(p.display().to_string());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    salesim_in(dir, &refs)
}

/// Recomputes the content checksum after an edit of the totals (so that the
/// checks behind it are reached).
fn reseal(v: &mut Value) {
    let totals: salesim::experiment::ExperimentTotals = serde_json::from_value(v["totals"].clone()).unwrap();
    v["checksum"] = Value::String(salesim::experiment::shard::checksum(&totals));
}

#[test]
fn merge_refuses_shards_whose_contents_do_not_hold_together() {
    let dir = tempfile::tempdir().unwrap();
    let (_, shards) = two_shards(dir.path());
    let ok = merge_values(dir.path(), &shards);
    assert_exit(&ok, 0);
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit, bool, &str); 10] = [
        (
            "weekly shorter than the scenario",
            |v| v["totals"]["strategies"][1]["weekly"].as_array_mut().unwrap().truncate(3),
            true,
            "weekly has 3 entries",
        ),
        (
            "tenure buckets missing",
            |v| v["totals"]["strategies"][0]["sales_by_tenure"].as_array_mut().unwrap().clear(),
            true,
            "sales_by_tenure has 0 entries",
        ),
        (
            "a strategy dropped",
            |v| {
                v["totals"]["strategies"].as_array_mut().unwrap().pop();
            },
            true,
            "strategies",
        ),
        (
            "more replications claimed than held",
            |v| v["totals"]["strategies"][0]["lift_pct"]["n"] = Value::from(4_000_000u64),
            true,
            "replications",
        ),
        (
            "a count that wrapped",
            |v| v["totals"]["strategies"][0]["scalars"][0]["n"] = Value::from(u64::MAX),
            true,
            "values",
        ),
        (
            "best count beyond the replications",
            |v| v["totals"]["strategies"][1]["best_count"] = Value::from(99u64),
            true,
            "best_count",
        ),
        ("another salesim version", |v| v["salesim_version"] = Value::from("0.0.9"), false, "salesim 0.0.9"),
        ("another shard format", |v| v["format"] = Value::from(2), false, "shard format 2"),
        (
            "an altered scenario",
            |v| {
                let t = v["scenario_text"].as_str().unwrap().replace("0.9", "0.1");
                v["scenario_text"] = Value::from(t);
            },
            false,
            "fingerprint",
        ),
        ("a range that is not the shard's", |v| v["end"] = Value::from(5), false, "must hold replications"),
    ];
    for (what, edit, reseal_it, expect) in cases {
        let mut edited = shards.clone();
        edit(&mut edited[0]);
        if reseal_it {
            reseal(&mut edited[0]);
        }
        let o = merge_values(dir.path(), &edited);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(expect), "{what}: {}", stderr(&o));
    }
    // An edit without a new checksum is caught by the checksum.
    let mut edited = shards.clone();
    edited[1]["totals"]["strategies"][0]["best_count"] = Value::from(1u64);
    let o = merge_values(dir.path(), &edited);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("checksum"), "{}", stderr(&o));
}

// ------------------------------------------------------------ 7. long names

/// A scenario of one week with strategies of the given names.
fn named(dir: &Path, file: &str, names: &[String]) -> PathBuf {
    let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
    let refs: Vec<&str> = quoted.iter().map(String::as_str).collect();
    tiny(dir, file, "", &refs)
}

#[test]
fn a_very_long_name_is_refused_with_a_clear_message_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let s = named(dir.path(), "long.toml", &["x".repeat(65_525), "b".into()]);
    for cmd in
        [&["run", s.to_str().unwrap(), "-q"][..], &["check", s.to_str().unwrap()], &["report", s.to_str().unwrap()]]
    {
        let o = salesim_in(dir.path(), cmd);
        assert_exit(&o, 2);
        let e = stderr(&o);
        assert!(e.contains("strategy[0].name") && e.contains("65525 characters") && e.contains("at most 80"), "{e}");
        assert!(e.len() < 1000, "the message repeats the whole name: {} bytes", e.len());
    }
}

#[test]
fn long_labels_are_cut_in_tables_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{}_end", "n".repeat(76));
    let s = named(dir.path(), "l.toml", &["base".into(), long.clone()]);
    let out = dir.path().join("rep");
    let started = std::time::Instant::now();
    let o = salesim_in(dir.path(), &["report", s.to_str().unwrap(), "-r", "3", "--out", out.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(started.elapsed().as_secs() < 60, "report took {:?}", started.elapsed());
    // The bar chart's row labels are cut to 32 characters with an ellipsis.
    let svg = std::fs::read_to_string(out.join("lift_attrition.svg")).unwrap();
    assert!(!svg.contains("_end"), "the full 80-character label is drawn");
    assert!(svg.contains(&format!("{}…", "n".repeat(31))), "no cut label in the chart");
    // A sweep.json with labels of any length gives a readable pareto table.
    let sweep = dir.path().join("sw");
    let o = salesim_in(
        dir.path(),
        &[
            "sweep",
            s.to_str().unwrap(),
            "--strategy",
            &long,
            "--vary",
            "performance.monitoring=0:1:2",
            "-r",
            "2",
            "-q",
            "--out",
            sweep.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    let path = sweep.join("sweep.json");
    let mut doc: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let key = "k".repeat(70_000);
    doc["levers"][0] = Value::String(format!("{key}=0:1:2"));
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let o = salesim_in(dir.path(), &["pareto", path.to_str().unwrap()]);
    assert_exit(&o, 0);
    assert!(stdout(&o).lines().all(|l| l.chars().count() < 1000), "a line of the pareto table is not cut");
}

// ------------------------------------------------------------ 8. runaway cost

#[test]
fn check_estimates_the_cost_and_run_refuses_a_runaway_experiment_unless_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(
        dir.path(),
        "huge.toml",
        "[scenario]\nname = \"huge\"\nweeks = 1040\n[experiment]\nreplications = 1000000\n[team]\nsize = 100000\n\
         [[strategy]]\nname = \"a\"\n[[strategy]]\nname = \"b\"\n",
    );
    let o = salesim_in(dir.path(), &["check", s.to_str().unwrap()]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("rep-weeks") && text.contains("days") && text.contains("memory"), "{text}");
    assert!(text.contains("--allow-large"), "{text}");
    let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-q"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--allow-large") && stderr(&o).contains("rep-weeks"), "{}", stderr(&o));
    // The limit applies to the command line's replications too, and to each
    // shard's share of them.
    let small = tiny(dir.path(), "small.toml", "", &["\"a\""]);
    let o = salesim_in(dir.path(), &["run", small.to_str().unwrap(), "-r", "1000000001", "-q"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("allowed 1 to 1000000000"), "{}", stderr(&o));
    let o =
        salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-r", "1000000", "--shard", "1/2", "-q", "--out", "o"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("memory") || stderr(&o).contains("rep-weeks"), "{}", stderr(&o));
}

#[test]
fn thousands_of_strategies_over_twenty_years_are_refused_before_they_exhaust_memory() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = "[scenario]\nname = \"wide\"\nweeks = 1040\n[team]\nsize = 1\n".to_string();
    for i in 0..3000 {
        text.push_str(&format!("[[strategy]]\nname = \"s{i}\"\n"));
    }
    let s = write(dir.path(), "wide.toml", &text);
    let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-r", "2", "-q", "-t", "2"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("memory"), "{}", stderr(&o));
    // Confirmed, on a machine with less memory than it needs (an address-space
    // limit of 2 GB), the allocation failure is an exit status 1 with a
    // message, not an abort.
    let limited = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v 2000000; exec {} run {} -r 2 -q -t 2 --allow-large", bin(), s.display()))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_exit(&limited, 1);
    assert!(stderr(&limited).contains("out of memory"), "{}", stderr(&limited));
}

#[test]
fn threads_are_capped_at_a_small_multiple_of_the_cores() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "t.toml", "", &["\"a\""]);
    let started = std::time::Instant::now();
    let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-r", "4", "-q", "-t", "10000", "--format", "json"]);
    assert_exit(&o, 0);
    assert!(stderr(&o).contains("per core"), "{}", stderr(&o));
    assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
}

#[test]
fn a_file_that_never_ends_is_refused_at_its_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let o = salesim_in(dir.path(), &["check", "/dev/zero"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("larger than 8 MiB"), "{}", stderr(&o));
    let o = salesim_in(dir.path(), &["merge", "/dev/zero"]);
    assert_exit(&o, 2);
}

// ------------------------------------------------------------ 9. hostile names

#[test]
fn names_that_spreadsheets_would_evaluate_are_neutralised_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "f.toml", "", &["\"=HYPERLINK(\\\"http://x\\\")\"", "\"+1\"", "\"-2\"", "\"@SUM(A1)\""]);
    let out = dir.path().join("out");
    let o = salesim_in(
        dir.path(),
        &["run", s.to_str().unwrap(), "-r", "4", "-q", "--format", "csv", "--out", out.to_str().unwrap()],
    );
    assert_exit(&o, 0);
    for text in [
        stdout(&o),
        std::fs::read_to_string(out.join("summary.csv")).unwrap(),
        std::fs::read_to_string(out.join("weekly.csv")).unwrap(),
    ] {
        for line in text.lines().skip(1) {
            let first = line.trim_start_matches('"');
            assert!(!first.starts_with(['=', '+', '-', '@']), "a formula reaches the CSV: {line}");
        }
        assert!(text.contains("'=HYPERLINK") && text.contains("'@SUM(A1)"), "{text}");
    }
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    // In a strategy name: refused, and the message shows it escaped.
    let s = tiny(dir.path(), "c.toml", "", &["\"red\\u001b[31malert\""]);
    let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-q"]);
    assert_exit(&o, 2);
    assert!(!o.stderr.contains(&0x1b), "raw escape in {:?}", stderr(&o));
    assert!(stderr(&o).contains("\\u{001B}"), "{}", stderr(&o));
    // In a quoted key: the unknown-key message escapes it.
    let k = write(dir.path(), "k.toml", "[team]\n\"\\u001b[2Jwipe\" = 1\n[[strategy]]\nname = \"a\"\n");
    let o = salesim_in(dir.path(), &["check", k.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(!o.stderr.contains(&0x1b), "raw escape in {:?}", stderr(&o));
    // In a baseline that names no strategy.
    let b = write(dir.path(), "b.toml", "[scenario]\nbaseline = \"\\u009b31m\"\n[[strategy]]\nname = \"a\"\n");
    let o = salesim_in(dir.path(), &["check", b.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(!stderr(&o).contains('\u{9b}'), "raw CSI in {:?}", stderr(&o));
}

#[test]
fn names_that_only_look_different_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (i, pair) in [
        ["\"Balanced\"", "\"balanced\""],
        ["\"balanced\"", "\"balanced \""],
        ["\"balanced\"", "\"bal\\u200Banced\""],
        ["\"caf\\u00e9\"", "\"cafe\\u0301\""],
    ]
    .iter()
    .enumerate()
    {
        let s = tiny(dir.path(), &format!("l{i}.toml"), "", pair);
        let o = salesim_in(dir.path(), &["check", s.to_str().unwrap()]);
        assert_exit(&o, 2);
        let e = stderr(&o);
        assert!(e.contains("strategy[1].name") && (e.contains("look") || e.contains("invisible")), "{pair:?}: {e}");
    }
}

#[test]
fn two_non_ascii_scenarios_write_shards_under_different_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for (file, name) in [("a.toml", "Ventes Île"), ("b.toml", "Ventes Éle")] {
        let text = format!("[scenario]\nname = \"{name}\"\nweeks = 2\n[team]\nsize = 2\n[[strategy]]\nname = \"a\"\n");
        let s = write(dir.path(), file, &text);
        let o = salesim_in(
            dir.path(),
            &["run", s.to_str().unwrap(), "-r", "2", "--shard", "1/1", "-q", "--force", "--out", out.to_str().unwrap()],
        );
        assert_exit(&o, 0);
    }
    let mut files: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    files.retain(|f| f.ends_with(".json"));
    assert_eq!(files.len(), 2, "one shard overwrote the other: {files:?}");
}

// ------------------------------------------------------------ 10. smaller gaps

#[test]
fn a_seed_beyond_64_bits_names_its_key_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path(), "s.toml", "[experiment]\nseed = 18446744073709551615\n[[strategy]]\nname = \"a\"\n");
    let o = salesim_in(dir.path(), &["check", s.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("experiment.seed") && stderr(&o).contains("allowed 0 to"), "{}", stderr(&o));
}

#[test]
fn sweep_tables_with_no_replications_or_a_repeated_name_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = |name: &str, extra: &str| {
        format!("[[sweep]]\nname = \"{name}\"\nstrategy = \"a\"\nvary = [\"performance.monitoring=0:1:3\"]\n{extra}\n")
    };
    let zero = write(dir.path(), "z.toml", &format!("[[strategy]]\nname = \"a\"\n{}", sweep("s", "replications = 0")));
    let o = salesim_in(dir.path(), &["check", zero.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("sweep[0].replications") && stderr(&o).contains("allowed 2 to"), "{}", stderr(&o));
    let twice =
        write(dir.path(), "t.toml", &format!("[[strategy]]\nname = \"a\"\n{}{}", sweep("s", ""), sweep("s", "")));
    let o = salesim_in(dir.path(), &["check", twice.to_str().unwrap()]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("sweep[1].name") && stderr(&o).contains("duplicate"), "{}", stderr(&o));
}

#[test]
fn a_grid_with_more_levels_than_a_whole_number_lever_has_values_warns() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "g.toml", "", &["\"a\"", "\"b\""]);
    let out = dir.path().join("sw");
    let o = salesim_in(
        dir.path(),
        &[
            "sweep",
            s.to_str().unwrap(),
            "--strategy",
            "b",
            "--vary",
            "performance.review_cadence_weeks=1:3:9",
            "-r",
            "2",
            "-q",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_exit(&o, 0);
    assert!(stderr(&o).contains("warning") && stderr(&o).contains("only 3 values"), "{}", stderr(&o));
}

#[test]
fn huge_shard_numbers_are_refused_not_wrapped() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "h.toml", "", &["\"a\""]);
    let o = salesim_in(
        dir.path(),
        &["run", s.to_str().unwrap(), "-r", "1000000", "--shard", "4000000000000/8000000000000", "-q"],
    );
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("allowed 1 to"), "{}", stderr(&o));
    // The range arithmetic itself cannot overflow.
    let spec = salesim::experiment::shard::ShardSpec { index: u64::MAX - 1, count: u64::MAX };
    let r = spec.range(u64::MAX);
    assert_eq!((r.start, r.end), (u64::MAX - 2, u64::MAX - 1));
}

#[test]
fn two_or_three_replications_warn_that_intervals_are_unreliable() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "w.toml", "", &["\"a\""]);
    for (r, warned) in [("2", true), ("3", true), ("4", false)] {
        let o = salesim_in(dir.path(), &["run", s.to_str().unwrap(), "-r", r, "-q"]);
        assert_exit(&o, 0);
        assert_eq!(stderr(&o).contains("unreliable"), warned, "-r {r}: {}", stderr(&o));
        assert_eq!(stdout(&o).contains("unreliable"), warned, "-r {r}: {}", stdout(&o));
    }
}

/// A small sweep command into `out`.
fn sweep_cmd<'a>(s: &'a str, out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args =
        vec!["sweep", s, "--strategy", "b", "--vary", "performance.monitoring=0:1:5", "-r", "2", "-q", "--out", out];
    args.extend_from_slice(extra);
    args
}

fn journal_points(out: &Path) -> usize {
    let text = std::fs::read_to_string(out.join("points.jsonl")).unwrap();
    text.lines().filter(|l| serde_json::from_str::<Value>(l).is_ok()).count()
}

#[test]
fn the_sweep_journal_survives_a_torn_line_and_refuses_a_concurrent_writer() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "j.toml", "", &["\"a\"", "\"b\""]);
    let (s, out) = (s.to_str().unwrap(), dir.path().join("sw"));
    let o = salesim_in(dir.path(), &sweep_cmd(s, out.to_str().unwrap(), &["--max-points", "1"]));
    assert_exit(&o, 0);
    // A hard stop leaves half a line; the resumed point must not be glued to it.
    let journal = out.join("points.jsonl");
    let mut f = std::fs::OpenOptions::new().append(true).open(&journal).unwrap();
    std::io::Write::write_all(&mut f, b"{\"id\": 3, \"values\": [0.").unwrap();
    drop(f);
    let o = salesim_in(dir.path(), &sweep_cmd(s, out.to_str().unwrap(), &["--resume", "--max-points", "1"]));
    assert_exit(&o, 0);
    assert_eq!(journal_points(&out), 2, "a point was lost to the torn line");
    // While another process holds the sweep's output set (its lock is held
    // for the whole sweep), a resume is refused.
    let mut members: Vec<String> =
        ["sweep.csv", "sweep.json", "points.jsonl", "sweep_header.json", "sweep.csv.meta.json"]
            .iter()
            .map(|n| n.to_string())
            .collect();
    for stem in salesim::analysis::plots::SWEEP_PLOTS {
        members.extend([format!("{stem}.svg"), format!("{stem}.png")]);
    }
    let refs: Vec<&str> = members.iter().map(String::as_str).collect();
    let lock = out.join(format!(".salesim-{}.lock", salesim::report::output::set_id(&refs)));
    let held = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock).unwrap();
    held.lock().unwrap();
    let o = salesim_in(dir.path(), &sweep_cmd(s, out.to_str().unwrap(), &["--resume"]));
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("being written by another salesim run"), "{}", stderr(&o));
    drop(held);
    assert_eq!(journal_points(&out), 2);
}

#[test]
fn a_sweep_journal_without_this_salesim_version_is_not_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "v.toml", "", &["\"a\"", "\"b\""]);
    let (s, out) = (s.to_str().unwrap(), dir.path().join("sw"));
    assert_exit(&salesim_in(dir.path(), &sweep_cmd(s, out.to_str().unwrap(), &["--max-points", "1"])), 0);
    let header = out.join("sweep_header.json");
    let mut h: Value = serde_json::from_slice(&std::fs::read(&header).unwrap()).unwrap();
    assert_eq!(h["salesim_version"], env!("CARGO_PKG_VERSION"));
    h.as_object_mut().unwrap().remove("salesim_version");
    std::fs::write(&header, serde_json::to_vec(&h).unwrap()).unwrap();
    let o = salesim_in(dir.path(), &sweep_cmd(s, out.to_str().unwrap(), &["--resume"]));
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("unknown version"), "{}", stderr(&o));
}

#[test]
fn a_sweep_stops_at_once_when_its_results_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let s = tiny(dir.path(), "d.toml", "", &["\"a\"", "\"b\""]);
    let out = dir.path().join("sw");
    // A file-size limit of 4 kB stands in for a full disk (SIGXFSZ ignored,
    // so writes fail with EFBIG as they would with ENOSPC).
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 8; exec {} sweep {} --strategy b --vary performance.monitoring=0:1:9 -r 2 -q --out {}",
            bin(),
            s.display(),
            out.display()
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_exit(&o, 1);
    let e = stderr(&o);
    let stopped: usize = e
        .split("stopped after ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no stop reported: {e}"));
    assert!(stopped < 9, "it computed every point: {e}");
}
