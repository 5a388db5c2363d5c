//! No lost, mixed or silently wrong results, through the real binary:
//!
//! - Slurm: without `--shard` the array variables are ignored (every
//!   replication runs); `--shard slurm` maps stepped arrays onto shards; a shard
//!   is labelled as a shard, never as interrupted.
//! - Output sets: a second run into the same `--out` is refused while the first
//!   runs; `*.partial.*` files fall under the overwrite rule and are replaced
//!   with the set; stale temporaries of dead runs are cleaned; an interrupted
//!   report marks its charts partial and names its replications.
//! - Stopping: SIGTERM writes finished replications like Ctrl-C; Ctrl-C acts
//!   within seconds even inside one long replication; a second signal exits at
//!   once (130/143) without writing.
//! - Output problems: a closed stdout neither fails the run nor loses `--out`
//!   files; an unwritable `--out` and a shard file name too long for the file
//!   system are refused before computing.
//!
//! Each guarantee and its test are listed in docs/reliability.md.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::child::output_within;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");
const SLURM: [&str; 5] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX",
    "SLURM_ARRAY_TASK_STEP",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn bench() -> PathBuf {
    root().join("scenarios/bench.toml")
}

/// A `salesim` command with no Slurm variables inherited, plus `env`.
fn salesim(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    for var in SLURM {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied());
    cmd
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let out = salesim(args, env).output().expect("salesim starts");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", text(&o.stdout), text(&o.stderr));
}

/// Every name in `dir`, hidden ones included, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Sends `signal` to `child`.
fn signal(child: &Child, signal: i32) {
    // SAFETY: kill(2) on the pid of a child we have not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
}

/// A scenario whose single replication takes tens of seconds: 100,000 reps
/// for 1,040 weeks, one strategy.
fn huge_scenario(dir: &Path) -> PathBuf {
    let path = dir.join("huge.toml");
    std::fs::write(
        &path,
        "[scenario]\nname = \"huge\"\nweeks = 1040\n[team]\nsize = 100000\nteam_size = 10\n[[strategy]]\nname = \"a\"\n",
    )
    .unwrap();
    path
}

/// Starts a long `run` of the bench scenario into `out` (one thread).
fn spawn_long_run(out: &Path, extra: &[&str]) -> Child {
    let b = bench();
    let mut args = vec!["run", b.to_str().unwrap(), "-r", "100000", "-t", "1", "-q", "--format", "json", "--out"];
    args.push(out.to_str().unwrap());
    args.extend(extra);
    salesim(&args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

/// Waits until a file whose name starts with `prefix` appears in `dir`
/// (killing `child` if it never does).
fn wait_for_entry(child: &mut Child, dir: &Path, prefix: &str) {
    let started = Instant::now();
    while !entries(dir).iter().any(|n| n.starts_with(prefix)) {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no {prefix}* in {}: {:?}", dir.display(), entries(dir));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

// ---------------------------------------------------------------- item 1: Slurm

#[test]
fn slurm_variables_without_shard_are_ignored_and_every_replication_runs() {
    let env = [("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_COUNT", "7")];
    let o = run(&["run", "mature_scaled_team", "-r", "14", "--format", "json", "-q"], &env);
    assert_exit(&o, 0);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["replications"], 14);
    assert_eq!(v["partial"], false);
    assert!(text(&o.stderr).contains("--shard slurm"), "the note says how to shard: {}", text(&o.stderr));

    // With --out it writes the results, not a shard file.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&["run", "mature_scaled_team", "-r", "4", "-q", "--out", out.to_str().unwrap()], &env);
    assert_exit(&o, 0);
    assert_eq!(
        entries(&out),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
}

#[test]
fn shard_slurm_maps_a_stepped_array_onto_shards() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("shards");
    // --array=0-12:4 has tasks 0, 4, 8 and 12: task 8 is shard 3 of 4.
    let array = |id: &'static str| {
        [
            ("SLURM_ARRAY_TASK_ID", id),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "12"),
            ("SLURM_ARRAY_TASK_STEP", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]
    };
    let args = ["run", "mature_scaled_team", "-r", "8", "-q", "--shard", "slurm", "--out", out.to_str().unwrap()];
    assert_exit(&run(&args, &array("8")), 0);
    let file = out.join("mature_scaled_team-shard-3-of-4.json");
    let v: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!((v["shard"].as_u64(), v["shards"].as_u64()), (Some(3), Some(4)));
    assert_eq!((v["start"].as_u64(), v["end"].as_u64()), (Some(4), Some(6)));
    assert_eq!(v["complete"], true);

    // Task 5 is not a task of that array; a listed array (--array=1,5,9 with
    // step 1) does not map onto shard numbers; no Slurm at all is an error too.
    let bad = run(&args, &array("5"));
    assert_exit(&bad, 2);
    assert!(text(&bad.stderr).contains("task 5"), "{}", text(&bad.stderr));
    let listed = [
        ("SLURM_ARRAY_TASK_ID", "5"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_MAX", "9"),
        ("SLURM_ARRAY_TASK_STEP", "1"),
        ("SLURM_ARRAY_TASK_COUNT", "3"),
    ];
    let bad = run(&args, &listed);
    assert_exit(&bad, 2);
    assert!(text(&bad.stderr).contains("evenly stepped"), "{}", text(&bad.stderr));
    let bad = run(&args, &[]);
    assert_exit(&bad, 2);
    assert!(text(&bad.stderr).contains("SLURM_ARRAY_TASK_ID is not set"), "{}", text(&bad.stderr));
}

#[test]
fn a_shard_run_is_labelled_as_a_shard_never_as_interrupted() {
    let table = run(&["run", "mature_scaled_team", "-r", "8", "-q", "--shard", "2/4"], &[]);
    assert_exit(&table, 0);
    let shown = text(&table.stdout);
    assert!(shown.contains("shard 2 of 4 (replications 2..4 of 8)"), "{shown}");
    assert!(!shown.contains("interrupted"), "{shown}");
    let json = run(&["run", "mature_scaled_team", "-r", "8", "-q", "--shard", "2/4", "--format", "json"], &[]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["partial"], true);
    assert_eq!(v["coverage"]["shard"], serde_json::json!([2, 4]));
    assert_eq!(v["coverage"]["ranges"], serde_json::json!([[2, 4]]));
    assert_eq!(v["coverage"]["interrupted"], false);
}

// ---------------------------------------------------------------- item 2: output sets

#[test]
fn a_second_run_into_the_same_out_is_refused_while_the_first_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut first = spawn_long_run(&out, &[]);
    wait_for_entry(&mut first, &out, ".salesim-results");
    let second = run(&["run", "mature_scaled_team", "-r", "2", "-q", "--force", "--out", out.to_str().unwrap()], &[]);
    assert_exit(&second, 2);
    assert!(text(&second.stderr).contains("being written by another salesim run"), "{}", text(&second.stderr));
    std::thread::sleep(Duration::from_millis(1000));
    signal(&first, libc::SIGINT);
    let first = output_within(first, Duration::from_secs(30));
    assert_exit(&first, 1);
    // Only the first run's (partial) set is there, and nothing else (nothing
    // at all on a machine so loaded that no replication finished).
    let expected: &[&str] = if text(&first.stderr).contains("before any replication finished") {
        &[]
    } else {
        &[
            "results.partial.json",
            "summary.partial.csv",
            "summary.partial.csv.meta.json",
            "weekly.partial.csv",
            "weekly.partial.csv.meta.json",
        ]
    };
    assert_eq!(entries(&out), expected);
}

#[test]
fn partial_files_fall_under_the_overwrite_rule_and_the_set_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    for name in ["results.partial.json", "summary.partial.csv", "weekly.partial.csv"] {
        std::fs::write(out.join(name), "from an interrupted run").unwrap();
    }
    // A temporary file an older salesim left when it was killed.
    std::fs::write(out.join(".summary.csv.tmp-4194000"), "half").unwrap();
    let o = run(&["run", "mature_scaled_team", "-r", "3", "-q", "--out", out.to_str().unwrap()], &[]);
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("results.partial.json") && text(&o.stderr).contains("--force"));
    let o = run(&["run", "mature_scaled_team", "-r", "3", "-q", "--force", "--out", out.to_str().unwrap()], &[]);
    assert_exit(&o, 0);
    assert_eq!(
        entries(&out),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
}

#[test]
fn an_interrupted_report_marks_its_charts_partial_and_names_its_replications() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let report = dir.path().join("report");
    let child = spawn_long_run(&out, &["--report", report.to_str().unwrap()]);
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, libc::SIGINT);
    let o = output_within(child, Duration::from_secs(60));
    assert_exit(&o, 1);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let done = v["replications"].as_u64().unwrap();
    let ranges = v["coverage"]["ranges"].as_array().unwrap();
    let held: u64 = ranges.iter().map(|r| r[1].as_u64().unwrap() - r[0].as_u64().unwrap()).sum();
    assert_eq!(held, done);
    assert_eq!(v["coverage"]["of"], 100_000);
    let html = std::fs::read_to_string(report.join("report.html")).unwrap();
    assert!(html.contains("PARTIAL RESULT: run interrupted"), "warning missing");
    assert!(html.contains("no command reproduces exactly this subset"), "reproduce line claims too much");
    assert!(!html.contains("Reproduce with"), "reproduce line claims too much");
    let first = format!("{}..{}", ranges[0][0], ranges[0][1]);
    assert!(html.contains(&first), "the replications held ({first}) are not named");
    for name in entries(&report).iter().filter(|n| n.ends_with(".svg")) {
        let svg = std::fs::read_to_string(report.join(name)).unwrap();
        assert!(svg.contains("PARTIAL"), "{name} is not marked partial");
    }
}

// ---------------------------------------------------------------- item 5: stopping

#[test]
fn sigterm_writes_the_finished_replications_as_a_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let child = spawn_long_run(&out, &[]);
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, libc::SIGTERM);
    let o = output_within(child, Duration::from_secs(30));
    assert_exit(&o, 1);
    assert!(text(&o.stderr).contains("SIGTERM") && text(&o.stderr).contains("PARTIAL"), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["partial"], true);
    assert_eq!(v["coverage"]["interrupted"], true);
    assert_eq!(
        entries(&out),
        [
            "results.partial.json",
            "summary.partial.csv",
            "summary.partial.csv.meta.json",
            "weekly.partial.csv",
            "weekly.partial.csv.meta.json",
        ]
    );
    let saved: Value = serde_json::from_slice(&std::fs::read(out.join("results.partial.json")).unwrap()).unwrap();
    assert_eq!(saved["replications"], v["replications"]);
}

#[test]
fn ctrl_c_stops_a_long_replication_within_seconds_and_keeps_no_cut_short_replication() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = huge_scenario(dir.path());
    let out = dir.path().join("out");
    let args = ["run", scenario.to_str().unwrap(), "-r", "1", "-t", "1", "-q", "--out", out.to_str().unwrap()];
    let child = salesim(&args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    signal(&child, libc::SIGINT);
    let signalled = Instant::now();
    // One replication takes over 20 s; a check once a week stops it at once.
    let o = output_within(child, Duration::from_secs(10));
    assert!(signalled.elapsed() < Duration::from_secs(5), "took {:?} to stop", signalled.elapsed());
    assert_exit(&o, 1);
    assert!(text(&o.stderr).contains("before any replication finished"), "{}", text(&o.stderr));
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}

#[test]
fn a_second_signal_exits_at_once_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = huge_scenario(dir.path());
    let out = dir.path().join("out");
    let args = ["run", scenario.to_str().unwrap(), "-r", "1", "-t", "1", "-q", "--out", out.to_str().unwrap()];
    let child = salesim(&args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    // Both signals arrive together when the process continues: whichever is
    // handled second ends it at once.
    signal(&child, libc::SIGSTOP);
    signal(&child, libc::SIGTERM);
    signal(&child, libc::SIGINT);
    signal(&child, libc::SIGCONT);
    let o = output_within(child, Duration::from_secs(10));
    assert!(matches!(o.status.code(), Some(130 | 143)), "exit {:?}: {}", o.status, text(&o.stderr));
    assert!(!entries(&out).iter().any(|n| !n.starts_with('.')), "wrote {:?}", entries(&out));
    // What it left behind (its lock and staging directory) is cleaned by the
    // next run into the same place.
    let o = run(&["run", "mature_scaled_team", "-r", "2", "-q", "--out", out.to_str().unwrap()], &[]);
    assert_exit(&o, 0);
    assert_eq!(
        entries(&out),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
}

// ---------------------------------------------------------------- item 6: output problems

#[test]
fn a_closed_stdout_does_not_fail_the_run_or_lose_out_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let args = ["run", "mature_scaled_team", "-r", "20", "-q", "--format", "json", "--out", out.to_str().unwrap()];
    let mut child = salesim(&args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // The reader goes away before anything is printed (`| head -c 0`).
    drop(child.stdout.take());
    let o = output_within(child, Duration::from_secs(60));
    assert_exit(&o, 0);
    assert_eq!(
        entries(&out),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
    let v: Value = serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(v["replications"], 20);
}

#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_out_is_refused_before_computing() {
    // /proc exists and is a directory, but nothing can be created in it (not
    // even by root). A hundred million replications would run for hours.
    // --allow-large: past the cost guard, the claim must refuse /proc.
    let child =
        salesim(&["run", "mature_scaled_team", "-r", "100000000", "-q", "--allow-large", "--out", "/proc"], &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
    let o = output_within(child, Duration::from_secs(10));
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("cannot write /proc"), "{}", text(&o.stderr));
}

#[test]
fn a_shard_file_name_too_long_for_the_file_system_is_refused_before_computing() {
    // Names are at most 80 characters, so no shard file name can reach the
    // file system's limit: a name that would is refused when the scenario is
    // read, before computing and before anything is written.
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("long.toml");
    let name = "n".repeat(240);
    std::fs::write(&scenario, format!("[scenario]\nname = \"{name}\"\n[[strategy]]\nname = \"a\"\n")).unwrap();
    let out = dir.path().join("out");
    let args =
        ["run", scenario.to_str().unwrap(), "-r", "100000000", "-q", "--shard", "1/2", "--out", out.to_str().unwrap()];
    let child = salesim(&args, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let o = output_within(child, Duration::from_secs(10));
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("at most 80 are allowed"), "{}", text(&o.stderr));
    assert!(entries(&out).is_empty(), "{:?}", entries(&out));
}
