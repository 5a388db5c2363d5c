//! The shipped `[behavior]` defaults are the output of the calibration of
//! `docs/calibration/defaults.toml` (docs/calibration.md, "The shipped
//! defaults"), recorded in `docs/calibration/defaults-fit/` by the command in
//! that file's header. These tests check that the code's defaults are the
//! recorded fit, that one evaluation at the defaults reproduces the recorded
//! fit table on the same common random numbers, that the perturbed worlds of
//! `salesim validate` hold the fitted keys fixed, and that fact targets are
//! checked like every other input. The full re-run of the fit is `#[ignore]`d
//! (about 4 minutes): `cargo test --release --test calibrate_defaults -- --ignored`.

use std::path::Path;

use salesim::calibrate::fit::{FitSettings, fit};
use salesim::calibrate::{Problem, TargetFile};
use salesim::config::types::Behavior;
use salesim::experiment::Executor;
use salesim::validate::perturb::FIXED;

const TARGETS: &str = "docs/calibration/defaults.toml";
const FITTED: &str = "docs/calibration/defaults-fit/fitted_behavior.toml";
const RECORD: &str = "docs/calibration/defaults-fit/calibration.json";

fn spec() -> TargetFile {
    TargetFile::from_file(Path::new(TARGETS), TARGETS).expect("the defaults' target file loads")
}

fn problem(spec: &TargetFile) -> Problem {
    Problem {
        scenario: spec.scenario.clone(),
        strategy: spec.strategy,
        targets: spec.targets.clone(),
        parameters: spec.parameters.clone(),
        replications: spec.replications.expect("the file sets its replications"),
    }
}

fn record() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(RECORD).expect("the recorded fit exists")).unwrap()
}

fn fitted() -> toml::Table {
    let text = std::fs::read_to_string(FITTED).expect("the recorded fitted values exist");
    let table: toml::Table = toml::from_str(&text).unwrap();
    table["behavior"].as_table().expect("a [behavior] table").clone()
}

#[test]
fn shipped_defaults_are_the_recorded_fit() {
    let defaults = toml::Table::try_from(Behavior::default()).unwrap();
    let fitted = fitted();
    let spec = spec();
    assert_eq!(fitted.len(), spec.parameters.len(), "one fitted value per free parameter");
    for p in &spec.parameters {
        let key = p.key().strip_prefix("behavior.").expect("a behavioural parameter");
        let want = fitted[key].as_float().expect("a number");
        let have = defaults[key].as_float().expect("a number");
        assert_eq!(have, want, "behavior.{key}: shipped default {have}, fitted {want} ({FITTED})");
    }
}

#[test]
fn the_defaults_reproduce_the_recorded_fit_table() {
    let spec = spec();
    let problem = problem(&spec);
    let defaults = toml::Table::try_from(Behavior::default()).unwrap();
    let theta: Vec<f64> = spec
        .parameters
        .iter()
        .map(|p| defaults[p.key().strip_prefix("behavior.").unwrap()].as_float().unwrap())
        .collect();
    let record = record();
    let seed = record["fit"]["seed"].as_u64().unwrap();
    let executor = Executor::new(seed);
    let sim = problem.simulate(&theta, &executor).unwrap().expect("not cancelled");
    let rows = record["fit"]["table"].as_array().unwrap();
    assert_eq!(rows.len(), problem.targets.len());
    for (i, row) in rows.iter().enumerate() {
        let want = row["simulated"].as_f64().unwrap();
        let tolerance = 1e-3 * want.abs().max(1.0);
        assert!(
            (sim.mean[i] - want).abs() <= tolerance,
            "{}: simulated {} at the shipped defaults, recorded {want}",
            row["moment"],
            sim.mean[i]
        );
        assert!(row["z"].as_f64().unwrap().abs() < 2.0, "{}: the recorded fit misses its target", row["moment"]);
    }
    let distance = problem.distance(&sim);
    let recorded = record["fit"]["distance"].as_f64().unwrap();
    assert!((distance - recorded).abs() <= 1e-3 * recorded.max(1.0), "distance {distance}, recorded {recorded}");
}

#[test]
fn perturbed_worlds_hold_the_fitted_keys_fixed() {
    for p in &spec().parameters {
        let key = p.key().strip_prefix("behavior.").unwrap();
        assert!(FIXED.iter().any(|(k, _)| *k == key), "{key} is fitted but jittered in the perturbed worlds");
    }
}

/// Runs `salesim calibrate` on a target file written into a temporary
/// folder and returns (exit status, stderr).
fn calibrate(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("targets.toml");
    std::fs::write(&path, text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_salesim"))
        .args(["calibrate", "--targets"])
        .arg(&path)
        .args(["--budget", "6", "--starts", "1", "-q"])
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

const BASE: &str = "[base]\nscenario = \"mature_scaled_team\"\nweeks = 26\nreplications = 2\n";

#[test]
fn fact_targets_are_checked_like_every_input() {
    let parameter = "[[parameter]]\nkey = \"behavior.crowding_out\"\nlower = 0.0\nupper = 1.0\n";
    let (code, err) =
        calibrate(&format!("{BASE}[[target]]\nfact = \"crowding_ot\"\nvalue = -0.28\nse = 0.07\n{parameter}"));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("target[0].fact") && err.contains("did you mean `crowding_out`"), "{err}");

    let (code, err) = calibrate(&format!(
        "{BASE}[[target]]\nfact = \"crowding_out\"\ncheck = 7\nvalue = -0.28\nse = 0.07\n{parameter}"
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("target[0].check") && err.contains("has no check 7"), "{err}");
    assert!(err.contains("line 7"), "the message points at the line: {err}");

    let (code, err) = calibrate(&format!(
        "{BASE}[[target]]\nfact = \"crowding_out\"\nvalue = -0.28\nse = 0.07\n\
         [[parameter]]\nkey = \"team.skill_sd\"\nlower = 0.1\nupper = 1.0\n"
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("team.skill_sd") && err.contains("behavior."), "{err}");

    let (code, err) = calibrate(&format!(
        "{BASE}[[target]]\nmoment = \"voluntary_attrition_pct\"\nfact = \"crowding_out\"\nvalue = 1\nse = 1\n{parameter}"
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not both"), "{err}");

    let (code, err) = calibrate(&format!(
        "{BASE}[[target]]\nmoment = \"voluntary_attrition_pct\"\nvalue = 28\nse = 4\n\
         [[parameter]]\nkey = \"behavior.quit_rate\"\nlower = 0.1\nupper = 0.3\nstart = 0.5\n"
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("parameter[0].start") && err.contains("0.1 to 0.3"), "{err}");
}

/// The documented command from scratch: the same fitted values as the
/// record (to the six significant digits written).
#[test]
#[ignore = "about 4 minutes: the full calibration of the defaults"]
fn the_documented_command_regenerates_the_record() {
    let spec = spec();
    let problem = problem(&spec);
    let record = record();
    let executor = Executor::new(record["fit"]["seed"].as_u64().unwrap());
    let settings = FitSettings {
        budget: record["fit"]["budget"].as_u64().unwrap() as usize,
        starts: record["starts"].as_u64().unwrap() as usize,
        start: None,
    };
    let fit = fit(&problem, &executor, &settings, &mut |_| {}).unwrap();
    let fitted = fitted();
    for p in &fit.parameters {
        let key = p.key.strip_prefix("behavior.").unwrap();
        let want = fitted[key].as_float().unwrap();
        assert!((p.value - want).abs() <= 1e-5 * want.abs().max(1e-3), "{key}: refit {}, recorded {want}", p.value);
    }
}
