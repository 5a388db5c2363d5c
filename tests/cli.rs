//! Behaviour of the `salesim` command line: help, list, check, run in every
//! format, misuse (exit 2 with a clear message and no partial files), `--out`
//! safety, `merge` refusals, and edge inputs that must simply work.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");
const BUNDLED: &str = "mature_scaled_team";
const STRATEGIES: [&str; 5] = ["status_quo", "pressure_led", "incentive_led", "balanced", "commission_heavy"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .output()
        .expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

fn salesim(args: &[&str]) -> Output {
    salesim_in(root(), args)
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

/// The names of the files in `dir`, sorted (empty when `dir` does not exist).
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Writes a small two-strategy scenario with `extra` TOML spliced in before the
/// strategies, and returns its path.
fn small_scenario(dir: &Path, name: &str, weeks: u32, team: &str, extra: &str) -> PathBuf {
    let text = format!(
        "[scenario]\nname = \"{name}\"\nweeks = {weeks}\n\n[team]\n{team}\n\n{extra}\n\n\
         [[strategy]]\nname = \"plain\"\n\n\
         [[strategy]]\nname = \"rich\"\n[strategy.performance]\nquota_period = \"month\"\nmonitoring = 0.8\n\
         [strategy.incentives]\ncommission_rate = 0.1\ncontest = {{ period_weeks = 1 }}\n\
         recognition = {{ cadence_weeks = 1, breadth = \"top\" }}\n"
    );
    let path = dir.join(format!("{name}.toml"));
    std::fs::write(&path, text).unwrap();
    path
}

fn run_json(dir: &Path, scenario: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["run", scenario.to_str().unwrap(), "-q", "--format", "json"];
    args.extend_from_slice(extra);
    let o = salesim_in(dir, &args);
    assert_exit(&o, 0);
    json(&o)
}

// ---------------------------------------------------------------- help, list, check

#[test]
fn help_of_every_subcommand_exits_zero() {
    for args in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["check", "--help"],
        vec!["list", "--help"],
        vec!["merge", "--help"],
        vec!["help", "run"],
        vec!["--version"],
    ] {
        let o = salesim(&args);
        assert_exit(&o, 0);
        assert!(!stdout(&o).is_empty(), "salesim {args:?} printed nothing");
    }
}

#[test]
fn no_subcommand_is_a_usage_error() {
    let o = salesim(&[]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("Usage"), "{}", stderr(&o));
}

#[test]
fn list_shows_the_bundled_mature_scaled_team() {
    let o = salesim(&["list"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains(BUNDLED), "{}", stdout(&o));
}

#[test]
fn check_accepts_the_bundled_scenario_file_and_lists_every_strategy() {
    let o = salesim(&["check", "scenarios/mature_scaled_team.toml"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(text.contains("OK"), "{text}");
    for s in STRATEGIES {
        assert!(text.contains(s), "check does not list {s}:\n{text}");
    }
    assert!(text.contains("status_quo [baseline]"), "{text}");
}

#[test]
fn check_accepts_a_bundled_scenario_name_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = salesim_in(dir.path(), &["check", BUNDLED]);
    assert_exit(&o, 0);
}

// ---------------------------------------------------------------- run outputs

#[test]
fn run_json_has_schema_version_ci_method_and_the_contract_keys() {
    let o = salesim(&["run", "scenarios/mature_scaled_team.toml", "-r", "3", "-t", "2", "-q", "--format", "json"]);
    assert_exit(&o, 0);
    let v = json(&o);
    for key in ["schema_version", "ci_method", "scenario", "seed", "replications", "weeks", "baseline", "strategies"] {
        assert!(v.get(key).is_some(), "top-level key `{key}` missing");
    }
    assert_eq!(v["scenario"], BUNDLED);
    assert_eq!(v["replications"], 3);
    assert_eq!(v["weeks"], 104);
    assert_eq!(v["baseline"], "status_quo");
    assert!(v["ci_method"].as_str().is_some_and(|s| !s.is_empty()));
    let strategies = v["strategies"].as_array().expect("strategies is an array");
    let names: Vec<&str> = strategies.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, STRATEGIES);
    for s in strategies {
        for metric in [
            "revenue",
            "lift_pct",
            "profit_lift_pct",
            "attrition_pct",
            "voluntary_attrition_pct",
            "involuntary_attrition_pct",
            "burnout_pct",
            "quota_attainment_pct",
            "cost_of_sales_pct",
            "gaming_pct",
            "intrinsic_motivation",
            "fatigue",
        ] {
            let m = &s[metric];
            assert!(m["mean"].is_number(), "{}.{metric}.mean is {}", s["name"], m["mean"]);
            let ci = m["ci95"].as_array().unwrap_or_else(|| panic!("{}.{metric}.ci95 is not an array", s["name"]));
            assert_eq!(ci.len(), 2);
            assert!(ci.iter().all(Value::is_number), "{}.{metric}.ci95 = {:?}", s["name"], ci);
            assert!(ci[0].as_f64() <= ci[1].as_f64(), "{}.{metric}.ci95 reversed", s["name"]);
        }
    }
}

#[test]
fn run_csv_has_a_header_row_and_one_row_per_strategy() {
    let o = salesim(&["run", BUNDLED, "-r", "2", "-t", "2", "-q", "--format", "csv"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + STRATEGIES.len(), "{text}");
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(header[0], "strategy");
    for (line, name) in lines[1..].iter().zip(STRATEGIES) {
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[0], name);
        assert_eq!(cells.len(), header.len(), "row of {name} has {} cells, header {}", cells.len(), header.len());
    }
}

#[test]
fn run_table_is_the_default_format_and_names_the_baseline() {
    let o = salesim(&["run", BUNDLED, "-r", "2", "-t", "2", "-q"]);
    assert_exit(&o, 0);
    assert!(stdout(&o).contains("status_quo (baseline)"), "{}", stdout(&o));
}

#[test]
fn run_accepts_a_bundled_scenario_name_from_any_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-t", "2", "-q", "--format", "json"]);
    assert_exit(&o, 0);
    assert_eq!(json(&o)["scenario"], BUNDLED);
    assert!(files_in(dir.path()).is_empty(), "run without --out wrote files");
}

#[test]
fn the_seed_flag_makes_runs_reproducible_and_independent_of_threads() {
    let a = salesim(&["run", BUNDLED, "-r", "3", "-s", "11", "-t", "1", "-q", "--format", "json"]);
    let b = salesim(&["run", BUNDLED, "-r", "3", "-s", "11", "-t", "2", "-q", "--format", "json"]);
    assert_exit(&a, 0);
    assert_exit(&b, 0);
    assert_eq!(json(&a), json(&b));
    assert_eq!(json(&a)["seed"], 11);
}

// ---------------------------------------------------------------- misuse

#[test]
fn a_missing_file_exits_2_names_the_file_and_suggests_the_closest_bundled_scenario() {
    for spec in ["mature_scaled_tem", "scenarios/mature_scaled_tem.toml"] {
        for cmd in ["run", "check"] {
            let o = salesim(&[cmd, spec]);
            assert_exit(&o, 2);
            let err = stderr(&o);
            assert!(err.contains(spec), "{err}");
            assert!(err.contains("no such file"), "{err}");
            assert!(err.contains("did you mean the bundled scenario `mature_scaled_team`"), "{cmd} {spec}: {err}");
        }
    }
}

#[test]
fn a_missing_file_far_from_any_bundled_name_lists_the_bundled_scenarios() {
    let o = salesim(&["check", "zzz_nothing_like_it.toml"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("bundled scenarios: mature_scaled_team"), "{}", stderr(&o));
}

#[test]
fn a_directory_given_as_the_scenario_is_bad_input() {
    let o = salesim(&["check", "scenarios"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("scenarios"), "{}", stderr(&o));
}

#[test]
fn zero_replications_is_refused() {
    let o = salesim(&["run", BUNDLED, "--replications", "0", "-q"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--replications"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn zero_threads_is_refused() {
    let o = salesim(&["run", BUNDLED, "-r", "2", "--threads", "0", "-q"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--threads"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn negative_or_non_numeric_counts_are_usage_errors() {
    for args in [["-r", "-3"], ["-r", "many"], ["-t", "x"], ["-s", "-1"]] {
        let o = salesim(&["run", BUNDLED, args[0], args[1], "-q"]);
        assert_exit(&o, 2);
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn bad_shard_values_are_refused() {
    for shard in ["0/2", "3/2", "abc", "1/0", "1/", "/2", "x/2", "-1/2"] {
        let arg = format!("--shard={shard}");
        let o = salesim(&["run", BUNDLED, "-r", "2", "-q", &arg]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains("--shard"), "--shard {shard}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "--shard {shard} printed results");
    }
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let o = salesim(&["run", BUNDLED, "--replicatons", "2"]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("--replicatons"), "{err}");
    assert!(err.contains("--replications"), "no suggestion: {err}");
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let o = salesim(&["run", BUNDLED, "-r", "2", "--format", "xml"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("xml"), "{}", stderr(&o));
}

#[test]
fn an_out_path_under_a_regular_file_is_refused_without_partial_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plain"), b"keep me").unwrap();
    for out in ["plain/results", "plain"] {
        let o = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-q", "--out", out]);
        let code = o.status.code();
        assert!(code == Some(2) || code == Some(1), "--out {out}: exit {code:?}");
        let err = stderr(&o);
        assert!(err.contains("plain"), "--out {out}: message does not name the path: {err}");
        assert!(o.stdout.is_empty(), "--out {out}: results printed although they cannot be saved");
        assert_eq!(files_in(dir.path()), ["plain"], "--out {out} left files behind");
        assert_eq!(std::fs::read(dir.path().join("plain")).unwrap(), b"keep me");
    }
}

#[test]
fn out_twice_into_one_directory_without_force_is_refused_and_keeps_the_first_results() {
    let dir = tempfile::tempdir().unwrap();
    let first = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-s", "1", "-q", "--out", "res"]);
    assert_exit(&first, 0);
    let res = dir.path().join("res");
    assert_eq!(
        files_in(&res),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
    let before: Vec<Vec<u8>> = files_in(&res).iter().map(|f| std::fs::read(res.join(f)).unwrap()).collect();

    let second = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-s", "2", "-q", "--out", "res"]);
    assert_exit(&second, 2);
    assert!(stderr(&second).contains("--force"), "{}", stderr(&second));
    assert!(second.stdout.is_empty(), "a refused run printed results");
    let after: Vec<Vec<u8>> = files_in(&res).iter().map(|f| std::fs::read(res.join(f)).unwrap()).collect();
    assert_eq!(
        files_in(&res),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"]
    );
    assert!(before == after, "the first results changed");
}

#[test]
fn out_with_force_overwrites_the_previous_results() {
    let dir = tempfile::tempdir().unwrap();
    let res = dir.path().join("res");
    assert_exit(&salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-s", "1", "-q", "--out", "res"]), 0);
    let o = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-s", "2", "-q", "--out", "res", "--force"]);
    assert_exit(&o, 0);
    let saved: Value = serde_json::from_slice(&std::fs::read(res.join("results.json")).unwrap()).unwrap();
    assert_eq!(saved["seed"], 2);
    assert_eq!(
        files_in(&res),
        ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"],
        "temporary files left behind"
    );
}

#[test]
fn results_json_in_out_matches_the_json_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let o = salesim_in(dir.path(), &["run", BUNDLED, "-r", "2", "-q", "--format", "json", "--out", "res"]);
    assert_exit(&o, 0);
    let saved: Value = serde_json::from_slice(&std::fs::read(dir.path().join("res/results.json")).unwrap()).unwrap();
    assert_eq!(saved["strategies"], json(&o)["strategies"]);
}

// ---------------------------------------------------------------- merge

/// Writes shards `ks` of `n` of a 4-replication run with `seed` into `dir/sub`.
fn write_shards(dir: &Path, sub: &str, seed: &str, n: u32, ks: &[u32]) -> Vec<String> {
    ks.iter()
        .map(|k| {
            let shard = format!("{k}/{n}");
            let o = salesim_in(dir, &["run", BUNDLED, "-r", "4", "-s", seed, "-q", "--shard", &shard, "--out", sub]);
            assert_exit(&o, 0);
            format!("{sub}/{BUNDLED}-shard-{k}-of-{n}.json")
        })
        .collect()
}

#[test]
fn merge_of_every_shard_gives_the_single_run_result() {
    let dir = tempfile::tempdir().unwrap();
    let shards = write_shards(dir.path(), "sh", "5", 3, &[1, 2, 3]);
    let mut args = vec!["merge", "--format", "json"];
    args.extend(shards.iter().map(String::as_str));
    let merged = salesim_in(dir.path(), &args);
    assert_exit(&merged, 0);
    let single = salesim_in(dir.path(), &["run", BUNDLED, "-r", "4", "-s", "5", "-q", "--format", "json"]);
    assert_exit(&single, 0);
    assert_eq!(json(&merged), json(&single));
}

#[test]
fn merge_with_a_missing_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shards = write_shards(dir.path(), "sh", "5", 3, &[1, 3]);
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    let o = salesim_in(dir.path(), &args);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("missing"), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
}

#[test]
fn merge_of_shards_from_different_seeds_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = write_shards(dir.path(), "a", "5", 2, &[1]);
    let b = write_shards(dir.path(), "b", "6", 2, &[2]);
    let o = salesim_in(dir.path(), &["merge", &a[0], &b[0]]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("seed"), "{err}");
    assert!(err.contains(&b[0]), "the message does not name the odd shard: {err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn merge_of_a_repeated_shard_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let s = write_shards(dir.path(), "sh", "5", 2, &[1, 2]);
    let o = salesim_in(dir.path(), &["merge", &s[0], &s[0], &s[1]]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("repeats"), "{}", stderr(&o));
}

#[test]
fn merge_of_a_missing_or_foreign_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("junk.json"), b"{\"hello\": 1}").unwrap();
    std::fs::write(dir.path().join("binary.json"), [0xff, 0xfe, 0x00, 0x01]).unwrap();
    for file in ["nope.json", "junk.json", "binary.json"] {
        let o = salesim_in(dir.path(), &["merge", file]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(file), "{}", stderr(&o));
    }
    let o = salesim_in(dir.path(), &["merge"]);
    assert_exit(&o, 2);
}

// ---------------------------------------------------------------- edge inputs that must run

#[test]
fn a_team_of_one_runs() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(dir.path(), "solo", 26, "size = 1\nteam_size = 1", "");
    let v = run_json(dir.path(), &p, &["-r", "3"]);
    assert_eq!(v["strategies"].as_array().unwrap().len(), 2);
}

#[test]
fn a_team_size_larger_than_the_whole_team_runs() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(
        dir.path(),
        "wide",
        26,
        "size = 5\nteam_size = 50",
        "[behavior]\nburnout_threshold = 0.3\nburnout_exit = 0.1",
    );
    let v = run_json(dir.path(), &p, &["-r", "3"]);
    assert!(v["strategies"][1]["revenue"]["mean"].is_number());
}

#[test]
fn a_horizon_of_one_week_runs() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(dir.path(), "blink", 1, "size = 4", "");
    let v = run_json(dir.path(), &p, &["-r", "2"]);
    assert_eq!(v["weeks"], 1);
    for format in ["table", "csv"] {
        let o = salesim_in(dir.path(), &["run", p.to_str().unwrap(), "-r", "2", "-q", "--format", format]);
        assert_exit(&o, 0);
    }
}

#[test]
fn a_single_replication_has_no_intervals_and_json_bounds_are_null() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(dir.path(), "once", 13, "size = 6", "");
    let v = run_json(dir.path(), &p, &["-r", "1"]);
    assert_eq!(v["replications"], 1);
    for s in v["strategies"].as_array().unwrap() {
        assert!(s["revenue"]["mean"].is_number());
        assert_eq!(s["revenue"]["ci95"], serde_json::json!([null, null]), "{}", s["name"]);
        assert_eq!(s["lift_pct"]["ci95"], serde_json::json!([null, null]), "{}", s["name"]);
    }
    for format in ["table", "csv"] {
        let o = salesim_in(dir.path(), &["run", p.to_str().unwrap(), "-r", "1", "-q", "--format", format]);
        assert_exit(&o, 0);
    }
}

#[test]
fn zero_deals_per_week_runs_and_earns_zero_revenue() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(dir.path(), "drought", 13, "size = 4", "[market]\ndeals_per_week = 0");
    let v = run_json(dir.path(), &p, &["-r", "2"]);
    for s in v["strategies"].as_array().unwrap() {
        assert_eq!(s["revenue"]["mean"].as_f64(), Some(0.0), "{}", s["name"]);
        assert!(s["lift_pct"]["mean"].is_number(), "{}: lift is {}", s["name"], s["lift_pct"]["mean"]);
    }
    for format in ["table", "csv"] {
        let o = salesim_in(dir.path(), &["run", p.to_str().unwrap(), "-r", "2", "-q", "--format", format]);
        assert_exit(&o, 0);
    }
}

#[test]
fn a_file_with_only_a_strategy_runs_on_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("minimal.toml");
    std::fs::write(&p, "[team]\nsize = 4\n[scenario]\nweeks = 4\n[[strategy]]\nname = \"only\"\n").unwrap();
    let v = run_json(dir.path(), &p, &["-r", "2"]);
    assert_eq!(v["baseline"], "only");
}

#[test]
fn more_shards_than_replications_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = small_scenario(dir.path(), "thin", 4, "size = 3", "");
    let path = p.to_str().unwrap();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let o = salesim_in(dir.path(), &["run", path, "-r", "2", "-q", "--shard", &shard, "--out", "sh"]);
        assert_exit(&o, 0);
    }
    let mut shards: Vec<String> = files_in(&dir.path().join("sh")).iter().map(|f| format!("sh/{f}")).collect();
    shards.sort();
    assert_eq!(shards.len(), 3);
    let mut args = vec!["merge", "--format", "json"];
    args.extend(shards.iter().map(String::as_str));
    let o = salesim_in(dir.path(), &args);
    assert_exit(&o, 0);
    assert_eq!(json(&o)["replications"], 2);
}

#[test]
fn a_scenario_name_with_slashes_cannot_send_a_shard_file_outside_out() {
    let dir = tempfile::tempdir().unwrap();
    for (i, name) in ["../../escape", "a/b", "..."].iter().enumerate() {
        let p = dir.path().join(format!("odd{i}.toml"));
        let text = format!("[scenario]\nname = \"{name}\"\nweeks = 4\n[team]\nsize = 3\n[[strategy]]\nname = \"a\"\n");
        std::fs::write(&p, text).unwrap();
        let out = format!("out{i}/deeper");
        let o = salesim_in(dir.path(), &["run", p.to_str().unwrap(), "-r", "2", "-q", "--shard", "1/1", "--out", &out]);
        assert_exit(&o, 0);
        let written = files_in(&dir.path().join(&out));
        assert_eq!(written.len(), 1, "name {name:?}: {written:?}");
        assert!(written[0].contains("shard") && written[0].ends_with("-shard-1-of-1.json"), "{written:?}");
        assert!(!written[0].starts_with('.'), "hidden shard file {written:?}");
    }
    let mut everything = files_in(dir.path());
    everything.retain(|f| !f.starts_with("odd") && !f.starts_with("out"));
    assert!(everything.is_empty(), "files escaped --out: {everything:?}");
}

#[test]
fn every_instruction_set_gives_byte_identical_json() {
    // The lane-wise kernels run with the widest instruction set the processor
    // has unless SALESIM_ISA names another; names the processor lacks fall
    // back to the widest, so every name is safe to try on any machine.
    let run = |isa: &str| {
        let out = Command::new(BIN)
            .args(["run", "wolf_pack_contests", "-r", "6", "--format", "json", "-q"])
            .current_dir(root())
            .env("SALESIM_ISA", isa)
            .output()
            .expect("salesim starts");
        assert_exit(&out, 0);
        out
    };
    let reference = run("baseline").stdout;
    assert!(reference.len() > 1000, "{}", String::from_utf8_lossy(&reference));
    for isa in ["avx2", "avx512"] {
        assert!(run(isa).stdout == reference, "SALESIM_ISA={isa} changes the JSON");
    }
    // A name that is not an instruction set is reported, not silently taken.
    let out = run("sse9");
    assert!(out.stdout == reference);
    assert!(stderr(&out).contains("SALESIM_ISA=sse9 ignored"), "{}", stderr(&out));
}
