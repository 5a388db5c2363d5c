//! Sharded runs through the real binary: three `salesim run --shard K/3`
//! processes merged with `salesim merge` give exactly the bytes of one
//! `salesim run` (with `--max-attrition` too); Slurm job-array variables pick
//! the shard with `--shard slurm`; and `merge` refuses shards that do not
//! cover every replication.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");
const REPLICATIONS: &str = "13";
const SEED: &str = "99";

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/mature_scaled_team.toml")
}

/// A `salesim` command with no Slurm variables inherited from the environment.
fn salesim(args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for var in [
        "SLURM_ARRAY_TASK_ID",
        "SLURM_ARRAY_TASK_COUNT",
        "SLURM_ARRAY_TASK_MIN",
        "SLURM_ARRAY_TASK_MAX",
        "SLURM_ARRAY_TASK_STEP",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn single_run_json() -> Vec<u8> {
    single_run_json_with(&[])
}

fn single_run_json_with(extra: &[&str]) -> Vec<u8> {
    let s = scenario();
    let mut args = vec!["run", s.to_str().unwrap(), "-r", REPLICATIONS, "-s", SEED, "--format", "json", "-q"];
    args.extend(extra);
    ok(salesim(&args).output().unwrap()).stdout
}

fn run_shard(dir: &Path, shard: Option<&str>, env: &[(&str, &str)], threads: &str) -> Output {
    run_shard_with(dir, shard, env, threads, &[])
}

fn run_shard_with(dir: &Path, shard: Option<&str>, env: &[(&str, &str)], threads: &str, extra: &[&str]) -> Output {
    let s = scenario();
    let mut args = vec!["run", s.to_str().unwrap(), "-r", REPLICATIONS, "-s", SEED, "-t", threads, "-q"];
    args.extend(extra);
    args.extend(["--out", dir.to_str().unwrap()]);
    if let Some(k) = shard {
        args.extend(["--shard", k]);
    }
    let mut cmd = salesim(&args);
    cmd.envs(env.iter().copied());
    cmd.output().unwrap()
}

fn shard_file(dir: &Path, k: u64) -> PathBuf {
    dir.join(format!("mature_scaled_team-shard-{k}-of-3.json"))
}

fn merge(files: &[PathBuf]) -> Output {
    let mut args = vec!["merge".to_string()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["--format".into(), "json".into()]);
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    salesim(&refs).output().unwrap()
}

#[test]
fn three_shard_processes_merge_into_the_bytes_of_one_run() {
    let dir = tempfile::tempdir().unwrap();
    for (k, threads) in [("1/3", "1"), ("2/3", "2"), ("3/3", "1")] {
        ok(run_shard(dir.path(), Some(k), &[], threads));
    }
    let files: Vec<PathBuf> = [3, 1, 2].into_iter().map(|k| shard_file(dir.path(), k)).collect();
    let merged = ok(merge(&files)).stdout;
    assert_eq!(String::from_utf8(merged).unwrap(), String::from_utf8(single_run_json()).unwrap());
}

#[test]
fn shards_carry_the_count_of_best_within_an_attrition_limit() {
    let limit = ["--max-attrition", "30"];
    let dir = tempfile::tempdir().unwrap();
    for (k, threads) in [("1/3", "2"), ("2/3", "1"), ("3/3", "3")] {
        ok(run_shard_with(dir.path(), Some(k), &[], threads, &limit));
    }
    let files: Vec<PathBuf> = [2, 3, 1].into_iter().map(|k| shard_file(dir.path(), k)).collect();
    let merged = String::from_utf8(ok(merge(&files)).stdout).unwrap();
    assert!(merged.contains("\"max_attrition\": 30.0"), "{merged}");
    assert!(merged.contains("best_within_limit_share_pct"), "{merged}");
    assert_eq!(merged, String::from_utf8(single_run_json_with(&limit)).unwrap());
}

#[test]
fn shard_slurm_takes_the_shard_from_the_array_variables() {
    let dir = tempfile::tempdir().unwrap();
    // An array declared as --array=4-6: task ids 4, 5, 6 become shards 1, 2, 3.
    for id in ["4", "5", "6"] {
        let env = [
            ("SLURM_ARRAY_TASK_ID", id),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "4"),
            ("SLURM_ARRAY_TASK_MAX", "6"),
            ("SLURM_ARRAY_TASK_STEP", "1"),
        ];
        ok(run_shard(dir.path(), Some("slurm"), &env, "1"));
    }
    let files: Vec<PathBuf> = (1..=3).map(|k| shard_file(dir.path(), k)).collect();
    let ranges: Vec<(u64, u64, u64)> = files
        .iter()
        .map(|f| {
            let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap();
            (v["shard"].as_u64().unwrap(), v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(ranges, vec![(1, 0, 4), (2, 4, 8), (3, 8, 13)]);
    assert_eq!(ok(merge(&files)).stdout, single_run_json());

    // Without SLURM_ARRAY_TASK_MIN the ids count from 0 (--array=0-2).
    let zero = tempfile::tempdir().unwrap();
    ok(run_shard(zero.path(), Some("slurm"), &[("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3")], "1"));
    assert!(shard_file(zero.path(), 1).exists());

    // An explicit --shard K/N wins over the environment.
    let flag = tempfile::tempdir().unwrap();
    ok(run_shard(flag.path(), Some("3/3"), &[("SLURM_ARRAY_TASK_ID", "0"), ("SLURM_ARRAY_TASK_COUNT", "3")], "1"));
    assert!(shard_file(flag.path(), 3).exists() && !shard_file(flag.path(), 1).exists());
}

#[test]
fn merge_refuses_missing_or_repeated_replications() {
    let dir = tempfile::tempdir().unwrap();
    for k in ["1/3", "2/3", "3/3"] {
        ok(run_shard(dir.path(), Some(k), &[], "1"));
    }
    let gap = merge(&[shard_file(dir.path(), 1), shard_file(dir.path(), 3)]);
    assert_eq!(gap.status.code(), Some(2));
    let err = String::from_utf8_lossy(&gap.stderr);
    assert!(err.contains("replications 4..8 are missing"), "{err}");
    assert!(gap.stdout.is_empty());

    let tail = merge(&[shard_file(dir.path(), 1), shard_file(dir.path(), 2)]);
    assert_eq!(tail.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&tail.stderr).contains("replications 8..13 are missing"));

    let twice = merge(&[
        shard_file(dir.path(), 1),
        shard_file(dir.path(), 2),
        shard_file(dir.path(), 2),
        shard_file(dir.path(), 3),
    ]);
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("repeats"));

    // A shard of another seed does not belong to the same experiment.
    let other = tempfile::tempdir().unwrap();
    let s = scenario();
    let args = ["run", s.to_str().unwrap(), "-r", REPLICATIONS, "-s", "100", "-q", "--shard", "2/3", "--out"];
    let mut full: Vec<&str> = args.to_vec();
    full.push(other.path().to_str().unwrap());
    ok(salesim(&full).output().unwrap());
    let mixed = merge(&[shard_file(dir.path(), 1), shard_file(other.path(), 2), shard_file(dir.path(), 3)]);
    assert_eq!(mixed.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&mixed.stderr).contains("seed differs"));
}
