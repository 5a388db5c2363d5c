//! Commands, one grammar: `--vary` names levers and ranges the same way in
//! `sweep`, `optimize` and `sensitivity` (misspelt keys get a did-you-mean
//! and exit 2; the old flags still work with a note), outcomes take the
//! metric catalogue's names, the best point on the edge of a searched range
//! is flagged, plausibility warnings reach sweep and report, and `report` and
//! `pareto` stop on Ctrl-C as `run` does. Runs are kept tiny (26 weeks, 16
//! slots, a few replications). Run in release mode:
//! `cargo test --release --test grammar`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

mod common;
use common::child::output_within;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// A two-strategy scenario that runs in milliseconds; `extra` goes into the
/// second strategy's `[strategy.performance]`.
fn tiny(dir: &Path, extra: &str) -> PathBuf {
    let text = format!(
        "[scenario]\nname = \"tiny\"\nweeks = 26\n\n[team]\nsize = 16\n\n[[strategy]]\nname = \"plain\"\n\n\
         [[strategy]]\nname = \"pushy\"\n[strategy.performance]\nquota_difficulty = 1.3\nmonitoring = 0.8\n{extra}\n"
    );
    let path = dir.join("tiny.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn salesim(dir: &Path, args: &[&str]) -> Output {
    let o = Command::new(BIN).current_dir(dir).args(args).output().expect("salesim starts");
    assert!(!text(&o.stderr).contains("panicked"), "{}", text(&o.stderr));
    o
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "stdout:\n{}\nstderr:\n{}", text(&o.stdout), text(&o.stderr));
}

/// The three commands with a lever spec of the right kind for each (strategy
/// levers for sweep and optimize, an assumption for sensitivity), tiny sizes.
fn command(cmd: &str, scenario: &str, spec: &str) -> Vec<String> {
    let mut a: Vec<String> = [cmd, scenario, "--strategy", "pushy", "--vary", spec].map(String::from).to_vec();
    let tail: &[&str] = match cmd {
        "sweep" => &["-r", "2", "-q", "--format", "json", "--out", "sw", "--force"],
        "optimize" => &["--budget", "700", "-q"],
        _ => &["-r", "2", "--trajectories", "2", "-q", "--format", "json"],
    };
    a.extend(tail.iter().map(|s| s.to_string()));
    a
}

fn spec_for(cmd: &str, range: &str) -> String {
    let key = if cmd == "sensitivity" { "behavior.quit_rate" } else { "incentives.commission_rate" };
    format!("{key}{range}")
}

#[test]
fn the_same_lever_grammar_is_accepted_by_sweep_optimize_and_sensitivity() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let scen = scen.to_str().unwrap();
    for cmd in ["sweep", "optimize", "sensitivity"] {
        // LO:HI:STEPS (a grid's levels; the others take the range and say
        // they ignore the steps), and two levers separated by a comma.
        let spec = spec_for(cmd, "=0.05:0.2:3");
        let o = salesim(dir.path(), &command(cmd, scen, &spec).iter().map(String::as_str).collect::<Vec<_>>());
        assert_exit(&o, 0);
        if cmd != "sweep" {
            assert!(text(&o.stderr).contains("ignores it"), "{cmd}: {}", text(&o.stderr));
        }
        let pair = if cmd == "sensitivity" {
            "behavior.quit_rate=0.05:0.2,market.deal_size".to_string()
        } else {
            "incentives.commission_rate=0.05:0.2:2,performance.monitoring=0.2:0.9:2".to_string()
        };
        let o = salesim(dir.path(), &command(cmd, scen, &pair).iter().map(String::as_str).collect::<Vec<_>>());
        assert_exit(&o, 0);
    }
    // The sensitivity ranking scans exactly the range given.
    let o = salesim(
        dir.path(),
        &command("sensitivity", scen, "behavior.quit_rate=0.05:0.2,market.deal_size")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let quit = doc["parameters"].as_array().unwrap().iter().find(|p| p["parameter"] == "behavior.quit_rate").unwrap();
    assert_eq!((quit["low"].as_f64(), quit["high"].as_f64()), (Some(0.05), Some(0.2)));
    assert_eq!(doc["objective"], "profit_lift_pct");
}

#[test]
fn a_misspelt_lever_is_refused_with_a_suggestion_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let scen = scen.to_str().unwrap();
    for cmd in ["sweep", "optimize", "sensitivity"] {
        let (bad, good) = if cmd == "sensitivity" {
            ("behavior.quit_rat=0.1:0.2", "behavior.quit_rate")
        } else {
            ("incentives.comission_rate=0.05:0.2:3", "incentives.commission_rate")
        };
        let o = salesim(dir.path(), &command(cmd, scen, bad).iter().map(String::as_str).collect::<Vec<_>>());
        assert_exit(&o, 2);
        let err = text(&o.stderr);
        assert!(err.contains(&format!("did you mean `{good}`?")), "{cmd}: {err}");
    }
    // A lever of the wrong kind names the kind the command varies.
    let o = salesim(
        dir.path(),
        &command("sweep", scen, "behavior.quit_rate=0.1:0.2:3").iter().map(String::as_str).collect::<Vec<_>>(),
    );
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("is not a strategy lever"), "{}", text(&o.stderr));
}

#[test]
fn the_old_flags_still_work_with_a_one_line_deprecation_note() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let scen = scen.to_str().unwrap();
    let o = salesim(
        dir.path(),
        &[
            "optimize",
            scen,
            "--strategy",
            "pushy",
            "--levers",
            "incentives.commission_rate=0.05:0.2,performance.monitoring",
        ]
        .into_iter()
        .chain(["--objective", "profit_lift", "--budget", "700", "-q"])
        .collect::<Vec<_>>(),
    );
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    let notes: Vec<&str> = err.lines().filter(|l| l.contains("deprecated")).collect();
    assert_eq!(notes.len(), 2, "{err}");
    assert!(notes.iter().any(|l| l.contains("--levers") && l.contains("--vary")), "{err}");
    assert!(notes.iter().any(|l| l.contains("--objective profit_lift_pct")), "{err}");
    assert!(text(&o.stdout).contains("for the highest profit_lift_pct"), "{}", text(&o.stdout));

    let old = [
        "sensitivity",
        scen,
        "--strategy",
        "pushy",
        "--params",
        "behavior.quit_rate,market.deal_size",
        "--output",
        "gap",
        "--vs",
        "plain",
        "-r",
        "2",
        "--trajectories",
        "2",
        "--format",
        "json",
    ];
    let o = salesim(dir.path(), &old);
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["objective"], "profit");
    assert_eq!(doc["vs"], "plain");
    assert_eq!(doc["output"], "profit of pushy minus profit of plain, USD per rep slot per year");
    // The new spelling gives the same numbers.
    let new = [
        "sensitivity",
        scen,
        "--strategy",
        "pushy",
        "--vary",
        "behavior.quit_rate",
        "--vary",
        "market.deal_size",
        "--objective",
        "profit",
        "--vs",
        "plain",
        "-r",
        "2",
        "--trajectories",
        "2",
        "--format",
        "json",
    ];
    let o2 = salesim(dir.path(), &new);
    assert_exit(&o2, 0);
    assert!(!text(&o2.stderr).contains("deprecated"));
    assert_eq!(serde_json::from_slice::<Value>(&o2.stdout).unwrap()["parameters"], doc["parameters"]);
}

#[test]
fn outcomes_take_the_catalogue_names_with_a_suggestion_for_a_misspelt_one() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let scen = scen.to_str().unwrap();
    let o = salesim(
        dir.path(),
        &["sensitivity", scen, "--strategy", "pushy", "--vary", "behavior.quit_rate", "--objective", "atrition_pct"],
    );
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("did you mean `attrition_pct`?"), "{}", text(&o.stderr));
    let o = salesim(
        dir.path(),
        &["optimize", scen, "--strategy", "pushy", "--vary", "performance.monitoring", "--objective", "burnout_pct"],
    );
    assert_exit(&o, 2);
    assert!(text(&o.stderr).contains("profit_lift_pct or lift_pct"), "{}", text(&o.stderr));
    let o = salesim(
        dir.path(),
        &[
            "sensitivity",
            scen,
            "--strategy",
            "pushy",
            "--vary",
            "behavior.quit_rate",
            "--objective",
            "attrition_pct",
            "-r",
            "2",
            "--trajectories",
            "2",
            "--format",
            "json",
        ],
    );
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["objective"], "attrition_pct");
    assert!(doc["sample"].as_str().unwrap().ends_with(", 8 strategy runs"), "attrition needs no baseline: {doc}");
}

/// The best point's lever values and the searched range, from sweep.json.
fn best_and_range(doc: &Value) -> (f64, f64, f64) {
    let best = doc["trade_offs"]["best"].as_u64().or(doc["trade_offs"]["best_unconstrained"].as_u64()).unwrap();
    let v = doc["results"][best as usize]["values"][0].as_f64().unwrap();
    let spec = doc["levers"][0].as_str().unwrap();
    let range: Vec<f64> = spec.split('=').nth(1).unwrap().split(':').map(|x| x.parse().unwrap()).collect();
    (v, range[0], range[1])
}

#[test]
fn a_sweep_whose_best_is_on_the_edge_of_its_range_says_to_widen_it() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let scen = scen.to_str().unwrap();
    // Two levels: the best is on an edge whatever the model says.
    let args = command("sweep", scen, "incentives.commission_rate=0.04:0.12:2");
    let o = salesim(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (best, lo, hi) = best_and_range(&doc);
    let side = if best == hi { "top" } else { "bottom" };
    assert!(best == lo || best == hi);
    let want = format!(
        "best `incentives.commission_rate` {best} is at the {side} of the searched range {lo}..{hi}: widen the range"
    );
    assert!(text(&o.stderr).contains(&format!("warning: {want}")), "{}", text(&o.stderr));
    assert_eq!(doc["warnings"], serde_json::json!([want]));
    let saved: Value = serde_json::from_slice(&std::fs::read(dir.path().join("sw/sweep.json")).unwrap()).unwrap();
    assert_eq!(saved["warnings"], doc["warnings"]);

    // Five levels: a warning exactly when the best is on the first or last.
    let args = command("sweep", scen, "incentives.commission_rate=0.04:0.12:5");
    let o = salesim(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (best, lo, hi) = best_and_range(&doc);
    let warned = doc["warnings"].as_array().is_some_and(|w| !w.is_empty());
    assert_eq!(warned, best == lo || best == hi, "{doc}");

    // An edge that is the key's own bound (monitoring cannot go below 0) is not flagged.
    let args = command("sweep", scen, "performance.monitoring=0:0.0001:2");
    let o = salesim(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (best, _, _) = best_and_range(&doc);
    let warned = doc["warnings"].as_array().is_some_and(|w| !w.is_empty());
    assert_eq!(warned, best != 0.0, "{doc}");
}

#[test]
fn optimize_lists_its_warnings_in_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let scen = tiny(dir.path(), "");
    let o = salesim(
        dir.path(),
        &[
            "optimize",
            scen.to_str().unwrap(),
            "--strategy",
            "pushy",
            "--vary",
            "incentives.commission_rate=0.04:0.06",
            "--budget",
            "700",
            "-q",
            "--out",
            "opt",
        ],
    );
    assert_exit(&o, 0);
    let doc: Value = serde_json::from_slice(&std::fs::read(dir.path().join("opt/optimize.json")).unwrap()).unwrap();
    let warnings = doc["warnings"].as_array().expect("a warnings list");
    let best = doc["best_values"][0].as_f64().unwrap();
    let near_edge = (best - 0.04).abs() <= 0.02 * 0.02 + 1e-12 || (0.06 - best).abs() <= 0.02 * 0.02 + 1e-12;
    assert_eq!(!warnings.is_empty(), near_edge, "{doc}");
    for w in warnings {
        assert!(text(&o.stderr).contains(w.as_str().unwrap()), "{w} not on stderr");
    }
    assert_eq!(doc["objective"], "profit_lift_pct");
}

#[test]
fn plausibility_warnings_reach_sweep_and_the_top_of_the_report() {
    let dir = tempfile::tempdir().unwrap();
    // 0.5 % forced ranking: a share written where a percentage belongs.
    let scen = tiny(dir.path(), "forced_ranking_pct = 0.5");
    let scen = scen.to_str().unwrap();
    let args = command("sweep", scen, "performance.monitoring=0.3:0.7:2");
    let o = salesim(dir.path(), &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_exit(&o, 0);
    let err = text(&o.stderr);
    assert!(err.lines().any(|l| l.starts_with("warning:") && l.contains("forced_ranking_pct")), "{err}");
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let warnings = doc["warnings"].as_array().expect("a warnings list");
    assert!(warnings.iter().any(|w| w.as_str().unwrap().contains("forced_ranking_pct")), "{doc}");

    let o = salesim(dir.path(), &["report", scen, "-r", "2", "-q", "--out", "rep"]);
    assert_exit(&o, 0);
    assert!(text(&o.stderr).contains("forced_ranking_pct"), "{}", text(&o.stderr));
    let html = std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap();
    let box_at = html.find("id=\"plausibility\"").expect("a plausibility box");
    let answer_at = html.find("id=\"answer\"").unwrap();
    assert!(box_at < answer_at, "the warnings come before the answer");
    assert!(html[box_at..answer_at].contains("forced_ranking_pct"));
    let md = std::fs::read_to_string(dir.path().join("rep/report.md")).unwrap();
    let top = md.split("## The answer").next().unwrap();
    assert!(top.contains("Check these inputs") && top.contains(r"forced\_ranking\_pct"), "{md}");

    // A plausible scenario gets no box.
    let plain = tiny(dir.path(), "");
    let o = salesim(dir.path(), &["report", plain.to_str().unwrap(), "-r", "2", "-q", "--out", "rep", "--force"]);
    assert_exit(&o, 0);
    assert!(!std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap().contains("id=\"plausibility\""));
}

// ------------------------------------------------------------------ Ctrl-C

fn spawn(dir: &Path, args: &[&str]) -> Child {
    Command::new(BIN).current_dir(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
}

fn sigint(child: &Child) {
    // SAFETY: kill(2) on the pid of a child we have not yet waited for.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) }, 0);
}

fn bench() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bench.toml").to_string_lossy().into_owned()
}

#[test]
fn ctrl_c_stops_a_report_with_a_message_and_a_partial_report() {
    let dir = tempfile::tempdir().unwrap();
    let b = bench();
    let child = spawn(dir.path(), &["report", &b, "-r", "100000", "-t", "1", "-q", "--out", "rep"]);
    std::thread::sleep(Duration::from_millis(1500));
    sigint(&child);
    let o = output_within(child, Duration::from_secs(60));
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(err.contains("Interrupted by Ctrl-C (SIGINT)") && err.contains("the report is PARTIAL"), "{err}");
    let html = std::fs::read_to_string(dir.path().join("rep/report.html")).unwrap();
    assert!(html.contains("PARTIAL RESULT"), "the report is not marked partial");
}

#[test]
fn ctrl_c_stops_pareto_with_a_message_and_a_partial_result() {
    let dir = tempfile::tempdir().unwrap();
    let b = bench();
    let child = spawn(dir.path(), &["pareto", &b, "-r", "100000", "-t", "1", "-q", "--format", "json", "--out", "par"]);
    std::thread::sleep(Duration::from_millis(1500));
    sigint(&child);
    let o = output_within(child, Duration::from_secs(60));
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(err.contains("Interrupted by Ctrl-C (SIGINT)") && err.contains("the result is PARTIAL"), "{err}");
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["partial"], true);
    let saved: Value = serde_json::from_slice(&std::fs::read(dir.path().join("par/pareto.json")).unwrap()).unwrap();
    assert_eq!(saved["partial"], true);
    // A pareto that runs to the end says so too.
    let scen = tiny(dir.path(), "");
    let o = salesim(dir.path(), &["pareto", scen.to_str().unwrap(), "-r", "2", "-q", "--format", "json"]);
    assert_exit(&o, 0);
    assert_eq!(serde_json::from_slice::<Value>(&o.stdout).unwrap()["partial"], false);
}

#[test]
fn ctrl_c_stops_validate_with_a_message_and_prints_no_half_battery() {
    let dir = tempfile::tempdir().unwrap();
    let child = spawn(dir.path(), &["validate", "-r", "100000", "-t", "1", "-q", "--perturb", "0"]);
    std::thread::sleep(Duration::from_millis(1500));
    sigint(&child);
    let o = output_within(child, Duration::from_secs(60));
    assert_exit(&o, 1);
    let err = text(&o.stderr);
    assert!(err.contains("Interrupted by Ctrl-C (SIGINT)") && err.contains("nothing was printed"), "{err}");
    assert!(o.stdout.is_empty(), "{}", text(&o.stdout));
}
