//! Ctrl-C during a long run: workers stop promptly, what finished is printed as a
//! result marked partial, and `--out` holds only complete files named as partial.
#![cfg(unix)]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn interrupting_a_long_run_leaves_only_complete_files_and_a_marked_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench.toml");
    let child = Command::new(env!("CARGO_BIN_EXE_salesim"))
        .args(["run", scenario, "--replications", "100000", "--format", "json", "-q", "--out"])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let sent = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(sent.success());
    let started = Instant::now();
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(20), "workers did not stop promptly");
    assert_eq!(output.status.code(), Some(1), "an interrupted run is not a success");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PARTIAL"), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["partial"], true);
    let done = json["replications"].as_u64().unwrap();
    assert!(done > 0 && done < 100_000, "{done} replications");
    let mut names: Vec<String> =
        std::fs::read_dir(&out).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "results.partial.json",
            "summary.partial.csv",
            "summary.partial.csv.meta.json",
            "weekly.partial.csv",
            "weekly.partial.csv.meta.json",
        ]
    );
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("results.partial.json")).unwrap()).unwrap();
    assert_eq!(saved["replications"].as_u64(), Some(done));
}
