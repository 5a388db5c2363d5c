//! The catalogue of broken scenario files in `tests/bad_inputs/`: every file must
//! be refused by `salesim check` and `salesim run` with exit status 2, a message
//! holding every fragment of its `.expect` sidecar, and no panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad_inputs")
}

/// Every `NAME.toml` in the catalogue with the fragments of its `NAME.expect`.
fn cases() -> Vec<(PathBuf, Vec<String>)> {
    let mut cases: Vec<(PathBuf, Vec<String>)> = std::fs::read_dir(catalogue())
        .expect("tests/bad_inputs exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let expect = p.with_extension("expect");
            let text = std::fs::read_to_string(&expect)
                .unwrap_or_else(|e| panic!("{} needs a sidecar {}: {e}", p.display(), expect.display()));
            let fragments: Vec<String> =
                text.lines().map(str::trim_end).filter(|l| !l.is_empty()).map(str::to_string).collect();
            assert!(!fragments.is_empty(), "{} lists no expected fragment", expect.display());
            (p, fragments)
        })
        .collect();
    cases.sort();
    cases
}

fn salesim(args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(catalogue()).output().expect("salesim starts")
}

/// Checks one refusal; returns a description of what is wrong, if anything.
fn judge(what: &str, out: &Output, fragments: &[String]) -> Option<String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut problems = Vec::new();
    if out.status.code() != Some(2) {
        problems.push(format!("exit status {:?}, expected 2", out.status.code()));
    }
    if stderr.contains("panicked") || stdout.contains("panicked") {
        problems.push("panicked".to_string());
    }
    for f in fragments {
        if !stderr.contains(f.as_str()) {
            problems.push(format!("stderr lacks `{f}`"));
        }
    }
    (!problems.is_empty()).then(|| format!("{what}: {}\n    stderr: {}", problems.join("; "), stderr.trim()))
}

#[test]
fn the_catalogue_holds_at_least_25_broken_files_each_with_a_sidecar() {
    let cases = cases();
    assert!(cases.len() >= 25, "only {} bad inputs", cases.len());
    for entry in std::fs::read_dir(catalogue()).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "expect") {
            assert!(p.with_extension("toml").exists(), "{} has no scenario file", p.display());
        }
    }
}

#[test]
fn check_refuses_every_bad_input_with_exit_2_and_the_expected_message() {
    let mut failures = Vec::new();
    for (path, fragments) in cases() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let out = salesim(&["check", &name]);
        if let Some(problem) = judge(&format!("check {name}"), &out, &fragments) {
            failures.push(problem);
        }
        if !out.stdout.is_empty() {
            failures.push(format!("check {name}: printed to stdout: {}", String::from_utf8_lossy(&out.stdout)));
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn run_refuses_every_bad_input_with_exit_2_and_the_expected_message() {
    let mut failures = Vec::new();
    for (path, fragments) in cases() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let out = salesim(&["run", &name, "-r", "2", "-q"]);
        if let Some(problem) = judge(&format!("run {name}"), &out, &fragments) {
            failures.push(problem);
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_message_names_the_file() {
    for (path, _) in cases() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let out = salesim(&["check", &name]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(&name), "check {name}: stderr does not name the file: {stderr}");
    }
}

#[test]
fn a_binary_file_written_on_the_fly_is_refused_as_not_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.toml");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1024).collect();
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(BIN).arg("check").arg(&path).output().unwrap();
    let fragments = vec!["noise.toml".to_string(), "not UTF-8".to_string()];
    if let Some(problem) = judge("check noise.toml", &out, &fragments) {
        panic!("{problem}");
    }
}

#[test]
fn out_of_range_messages_say_what_is_allowed() {
    for name in ["monitoring_above_one.toml", "huge_deal_size.toml", "nan_deal_size.toml", "negative_team_size.toml"] {
        let out = salesim(&["check", name]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("allowed"), "{name}: {stderr}");
    }
}
