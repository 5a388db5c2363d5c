//! Every JSON document and every CSV file a command writes says what made it:
//! one `provenance` object (salesim version, scenario name, scenario file
//! hash, seed, replications) in the JSON, and a sidecar `NAME.csv.meta.json`
//! beside each CSV file in `--out` (`docs/outputs.md`). And a quantity has one
//! name: the JSON key of `run` is the CSV column of `run`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use salesim::config::scenario_hash;
use salesim::sim::catalogue::METRICS;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// A small two-strategy scenario (fast to run), written to `dir`.
fn small(dir: &Path) -> PathBuf {
    let text = "[scenario]\nname = \"small\"\nweeks = 52\n\n[team]\nsize = 24\n\n\
         [[strategy]]\nname = \"plain\"\n\n\
         [[strategy]]\nname = \"pushy\"\n[strategy.performance]\nquota_difficulty = 1.3\nmonitoring = 0.8\n";
    let path = dir.join("small.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The hash the provenance must give for the file at `path`.
fn hash_of(path: &Path) -> String {
    scenario_hash(&std::fs::read(path).unwrap())
}

fn salesim(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    assert!(
        out.status.success(),
        "salesim {args:?} failed ({:?}):\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json_file(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

/// What a provenance object must say.
struct Expected<'a> {
    scenario: Option<&'a str>,
    hash: Option<String>,
    seed: u64,
    replications: u64,
}

#[track_caller]
fn assert_provenance(doc: &Value, want: &Expected, what: &str) {
    let p = &doc["provenance"];
    assert!(p.is_object(), "{what}: no provenance object in {doc:.300}");
    assert_eq!(p["salesim_version"], env!("CARGO_PKG_VERSION"), "{what}: version");
    assert_eq!(p["scenario"].as_str(), want.scenario, "{what}: scenario");
    assert_eq!(p["scenario_file_hash"].as_str(), want.hash.as_deref(), "{what}: scenario file hash");
    assert_eq!(p["seed"].as_u64(), Some(want.seed), "{what}: seed");
    assert_eq!(p["replications"].as_u64(), Some(want.replications), "{what}: replications");
}

/// The header row of a CSV file.
fn header(path: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.headers().unwrap().iter().map(String::from).collect()
}

/// The sidecar of `csv` exists, carries the provenance, names the file and
/// lists exactly its columns in order.
#[track_caller]
fn assert_sidecar(csv: &Path, want: &Expected) {
    let name = csv.file_name().unwrap().to_str().unwrap();
    let meta = json_file(&csv.with_file_name(format!("{name}.meta.json")));
    assert_eq!(meta["file"], name);
    assert_provenance(&meta, want, &format!("{name}.meta.json"));
    let columns: Vec<&str> = meta["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(columns, header(csv), "{name}: the sidecar's columns are the file's");
}

#[test]
fn run_json_stdout_and_every_file_in_out_carry_the_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    let s = scen.to_str().unwrap();
    let want = Expected { scenario: Some("small"), hash: Some(hash_of(&scen)), seed: 17, replications: 3 };
    let args = ["run", s, "-r", "3", "--seed", "17", "-q", "--per-replication", "--out", "o", "--format", "json"];
    let out = salesim(dir.path(), &args);
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "run --format json");
    let o = dir.path().join("o");
    assert_provenance(&json_file(&o.join("results.json")), &want, "results.json");
    for csv in ["summary.csv", "weekly.csv", "replications.csv"] {
        assert_sidecar(&o.join(csv), &want);
    }
    // The sidecar gives units: the catalogue's, for the catalogue's names.
    let meta = json_file(&o.join("summary.csv.meta.json"));
    let revenue = meta["columns"].as_array().unwrap().iter().find(|c| c["name"] == "revenue").unwrap();
    assert_eq!(revenue["unit"], "USD per rep slot per year");
}

#[test]
fn a_bundled_scenario_is_hashed_as_its_bundled_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["run", "mature_scaled_team", "-r", "2", "--seed", "4", "--format", "json"]);
    let text = salesim::bundled::find("mature_scaled_team").unwrap().text;
    let want = Expected {
        scenario: Some("mature_scaled_team"),
        hash: Some(scenario_hash(text.as_bytes())),
        seed: 4,
        replications: 2,
    };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "run of a bundled scenario");
}

#[test]
fn the_same_quantity_has_the_same_name_in_runs_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    salesim(dir.path(), &["run", scen.to_str().unwrap(), "-r", "3", "-q", "--out", "o"]);
    let o = dir.path().join("o");
    let json = json_file(&o.join("results.json"));
    let strategy = &json["strategies"][1];
    let columns = header(&o.join("summary.csv"));
    let has = |c: &str| columns.iter().any(|h| h == c);
    for info in &METRICS {
        let mut names = vec![info.key];
        if let Some(lift) = info.lift {
            names.push(lift.key);
            // The 90 % range: `[low, high]` in JSON, `_low` and `_high` in CSV.
            assert!(strategy[lift.range_key].is_array(), "JSON lacks {}", lift.range_key);
            for end in ["low", "high"] {
                assert!(has(&format!("{}_{end}", lift.range_key)), "CSV lacks {}_{end}", lift.range_key);
            }
        }
        for name in names {
            assert!(strategy[name]["mean"].is_number(), "JSON lacks {name}");
            for suffix in ["", "_ci_low", "_ci_high"] {
                assert!(has(&format!("{name}{suffix}")), "CSV lacks {name}{suffix}: {columns:?}");
            }
        }
    }
    // The contract's name for the revenue lift, in both.
    assert!(has("lift_pct") && !has("revenue_lift_pct"), "{columns:?}");
    // Every other CSV column is a JSON key of the strategy (or names the row).
    for c in &columns {
        let stem = c.trim_end_matches("_ci_low").trim_end_matches("_ci_high");
        let stem = stem.strip_suffix("_low").or(stem.strip_suffix("_high")).unwrap_or(stem);
        let row_name = matches!(c.as_str(), "strategy" | "is_baseline");
        assert!(row_name || strategy.get(stem).is_some(), "CSV column {c} is no JSON key");
    }
    // The per-replication file uses the same names.
    salesim(
        dir.path(),
        &["run", scen.to_str().unwrap(), "-r", "2", "-q", "--per-replication", "--force", "--out", "o"],
    );
    let rows = header(&o.join("replications.csv"));
    for name in METRICS.iter().map(|i| i.key).chain(["lift_pct", "profit_lift_pct"]) {
        assert!(rows.iter().any(|h| h == name), "replications.csv lacks {name}: {rows:?}");
    }
}

#[test]
fn merge_gives_the_provenance_of_the_single_run() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    let s = scen.to_str().unwrap();
    for k in ["1/2", "2/2"] {
        salesim(dir.path(), &["run", s, "-r", "4", "--seed", "9", "-q", "--shard", k, "--out", "shards"]);
    }
    let mut shards: Vec<String> = std::fs::read_dir(dir.path().join("shards"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.contains("shard") && p.ends_with(".json"))
        .collect();
    shards.sort();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    args.extend(["--format", "json", "--out", "m"]);
    let merged: Value = serde_json::from_slice(&salesim(dir.path(), &args).stdout).unwrap();
    let want = Expected { scenario: Some("small"), hash: Some(hash_of(&scen)), seed: 9, replications: 4 };
    assert_provenance(&merged, &want, "merge --format json");
    assert_provenance(&json_file(&dir.path().join("m/results.json")), &want, "merged results.json");
    assert_sidecar(&dir.path().join("m/summary.csv"), &want);
    let single = salesim(dir.path(), &["run", s, "-r", "4", "--seed", "9", "--format", "json"]);
    assert_eq!(merged, serde_json::from_slice::<Value>(&single.stdout).unwrap());
}

#[test]
fn sweep_and_pareto_of_its_json_carry_the_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    let args = [
        "sweep",
        scen.to_str().unwrap(),
        "--strategy",
        "pushy",
        "--vary",
        "performance.monitoring=0.2:1:2",
        "-r",
        "2",
        "--seed",
        "5",
        "-q",
        "--out",
        "sw",
        "--format",
        "json",
    ];
    let out = salesim(dir.path(), &args);
    let want = Expected { scenario: Some("small"), hash: Some(hash_of(&scen)), seed: 5, replications: 2 };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "sweep --format json");
    let sw = dir.path().join("sw");
    assert_provenance(&json_file(&sw.join("sweep.json")), &want, "sweep.json");
    assert_provenance(&json_file(&sw.join("sweep_header.json")), &want, "sweep_header.json");
    assert_sidecar(&sw.join("sweep.csv"), &want);

    let out = salesim(dir.path(), &["pareto", "sw/sweep.json", "--format", "json", "--out", "p"]);
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "pareto of a sweep.json");
    assert_provenance(&json_file(&dir.path().join("p/pareto.json")), &want, "pareto.json");
}

#[test]
fn pareto_of_a_scenario_carries_seed_replications_and_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    let out = salesim(dir.path(), &["pareto", scen.to_str().unwrap(), "-r", "3", "--seed", "8", "--format", "json"]);
    let want = Expected { scenario: Some("small"), hash: Some(hash_of(&scen)), seed: 8, replications: 3 };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "pareto --format json");
}

#[test]
fn sensitivity_and_optimize_carry_the_provenance_in_json_and_beside_their_csv() {
    let dir = tempfile::tempdir().unwrap();
    let scen = small(dir.path());
    let s = scen.to_str().unwrap();
    let args = [
        "sensitivity",
        s,
        "--strategy",
        "pushy",
        "--params",
        "behavior.pressure_tolerance,market.deal_size",
        "--trajectories",
        "2",
        "-r",
        "2",
        "--seed",
        "6",
        "--format",
        "json",
        "--out",
        "sens",
    ];
    let out = salesim(dir.path(), &args);
    let want = Expected { scenario: Some("small"), hash: Some(hash_of(&scen)), seed: 6, replications: 2 };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "sensitivity --format json");
    assert_provenance(&json_file(&dir.path().join("sens/sensitivity.json")), &want, "sensitivity.json");
    assert_sidecar(&dir.path().join("sens/sensitivity.csv"), &want);

    let args = [
        "optimize",
        s,
        "--strategy",
        "pushy",
        "--levers",
        "performance.monitoring",
        "--budget",
        "700",
        "--seed",
        "6",
        "--out",
        "opt",
    ];
    salesim(dir.path(), &args);
    let final_replications = salesim::analysis::optimize::FINAL_REPLICATIONS;
    let want = Expected { replications: final_replications, ..want };
    assert_provenance(&json_file(&dir.path().join("opt/optimize.json")), &want, "optimize.json");
    assert_sidecar(&dir.path().join("opt/trace.csv"), &want);
    let trace = header(&dir.path().join("opt/trace.csv"));
    assert!(trace.iter().any(|c| c == "attrition_pct") && trace.iter().any(|c| c == "burnout_pct"), "{trace:?}");
}

#[test]
fn validate_and_calibrate_json_carry_the_provenance() {
    let dir = tempfile::tempdir().unwrap();
    // validate runs its own worlds: no scenario, and no input file to hash.
    let out = Command::new(BIN)
        .args(["validate", "-r", "2", "--seed", "3", "-q", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let want = Expected { scenario: None, hash: None, seed: 3, replications: 2 };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "validate --format json");

    let targets = "[base]\nscenario = \"mature_scaled_team\"\nweeks = 52\nreplications = 2\n[base.set]\n\"team.size\" = 16\n\
        [[target]]\nmoment = \"voluntary_attrition_pct\"\nvalue = 28.0\nse = 4.0\nsource = \"test\"\n\
        [[parameter]]\nkey = \"behavior.quit_rate\"\nlower = 0.05\nupper = 0.5\n";
    let path = dir.path().join("targets.toml");
    std::fs::write(&path, targets).unwrap();
    let args = [
        "calibrate",
        "--targets",
        "targets.toml",
        "--budget",
        "12",
        "--starts",
        "1",
        "--seed",
        "2",
        "-q",
        "--format",
        "json",
    ];
    let out = salesim(dir.path(), &args);
    let want = Expected { scenario: Some("mature_scaled_team"), hash: Some(hash_of(&path)), seed: 2, replications: 2 };
    assert_provenance(&serde_json::from_slice(&out.stdout).unwrap(), &want, "calibrate --format json");
}
