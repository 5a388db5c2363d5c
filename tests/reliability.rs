//! The guarantees of issue 21 items 3, 4, 7, 8, 9 and 10, through the real
//! binary: intervals that never collapse silently, `merge` that trusts no
//! shard, long and hostile names, guards against runaway cost, and the smaller
//! gaps (seeds, sweeps, shards, few replications, the sweep journal). Each test
//! failed on the code before the fix. `docs/reliability.md` lists them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
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
