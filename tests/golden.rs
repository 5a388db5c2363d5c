//! Golden value-stability tests (in the spirit of rand_distr's): the seeds of a
//! few keyed streams, the first draws of every sampler, and the complete JSON
//! output of several commands on bundled scenarios are pinned in
//! `tests/golden/`. A refactor must leave every byte of them alone; a
//! deliberate change of results regenerates them in the same commit, with the
//! reason in its message:
//!
//! ```text
//! SALESIM_BLESS=1 cargo test --release --test golden
//! ```
//!
//! Floats are written with Rust's shortest round-trip formatting and the JSON
//! with `float_roundtrip`, so an equal file means equal bits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use salesim::config::Scenario;
use salesim::experiment::world::draw_world;
use salesim::model::rep::Traits;
use salesim::model::sales;
use salesim::sim::market::market_path;
use salesim::sim::streams::{Purpose, StreamKey, draw_bits, uniform};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Pretty JSON without its top-level `provenance` object: the version in it
/// changes with every release, and `tests/provenance.rs` checks it.
fn without_provenance(json: &str) -> String {
    let mut lines: Vec<&str> = json.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| l.trim_end() == "  \"provenance\": {") else {
        return json.to_string();
    };
    let Some(len) = lines[start..].iter().position(|l| l.trim_end().starts_with("  }")) else {
        return json.to_string();
    };
    let last_key = lines[start + len].trim_end() == "  }";
    lines.drain(start..=start + len);
    let mut out: String = lines.concat();
    if last_key {
        // The key before it lost its follower: drop its comma.
        let before: String = lines[..start].concat();
        if let Some(comma) = before.rfind(',') {
            out = format!("{}{}", &before[..comma], &out[comma + 1..]);
        }
    }
    out
}

/// Compares `actual` (without its provenance) with the golden file `name`, or
/// rewrites the file when `SALESIM_BLESS` is set.
fn check_golden(name: &str, actual: &str) {
    let actual = without_provenance(actual);
    let actual = actual.as_str();
    let path = golden_dir().join(name);
    if std::env::var_os("SALESIM_BLESS").is_some() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; create it with SALESIM_BLESS=1", path.display()));
    if expected == actual {
        return;
    }
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    panic!(
        "{} changed at line {}:\n  golden: {}\n  now:    {}\n\
         If the change is deliberate, regenerate with `SALESIM_BLESS=1 cargo test --release --test golden` \
         and say why in the commit message.",
        path.display(),
        first + 1,
        expected.lines().nth(first).unwrap_or("<end of file>"),
        actual.lines().nth(first).unwrap_or("<end of file>"),
    );
}

/// Stdout of `salesim ARGS`, which must succeed.
fn salesim(args: &[&str]) -> String {
    salesim_exiting(args, &[0])
}

/// Stdout of `salesim ARGS`, which must exit with one of `codes`.
fn salesim_exiting(args: &[&str], codes: &[i32]) -> String {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("SLURM_ARRAY_TASK_COUNT")
        .env_remove("SALESIM_ISA")
        .output()
        .expect("salesim starts");
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "salesim {args:?} exited with {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn stream_seeds_are_pinned() {
    let mut s = String::new();
    let purposes = [Purpose::Person, Purpose::Market, Purpose::RepWeek, Purpose::World];
    for (seed, replication, strategy) in
        [(2026, 0, None), (2026, 1, None), (2026, 0, Some(3)), (0, 7, None), (u64::MAX, 0, None)]
    {
        let key = StreamKey::new(seed, replication, strategy);
        for purpose in purposes {
            for (slot, hire, week) in [(0, 0, 0), (5, 0, 0), (5, 2, 0), (5, 0, 51), (99, 1, 103)] {
                let stream = key.seed(purpose, slot, hire, week);
                writeln!(
                    s,
                    "seed {seed} replication {replication} strategy {strategy:?} {purpose:?} slot {slot} hire {hire} \
                     week {week}: {stream:#018x}, draws {:#018x} {:#018x}",
                    draw_bits(stream, 1),
                    draw_bits(stream, 2)
                )
                .unwrap();
            }
        }
    }
    check_golden("streams.txt", &s);
}

#[test]
fn first_draws_of_every_sampler_are_pinned() {
    let scenario = Scenario::from_toml_str(salesim::bundled::find("mature_scaled_team").unwrap().text).unwrap();
    let key = StreamKey::new(2026, 0, None);
    let mut s = String::new();

    let mut rng = key.rng(Purpose::RepWeek, 3, 0, 10);
    let uniforms: Vec<f64> = (0..6).map(|_| uniform(&mut rng)).collect();
    writeln!(s, "uniform: {uniforms:?}").unwrap();

    for slot in 0..3 {
        let mut rng = key.rng(Purpose::Person, slot, 0, 0);
        let traits = Traits::draw(&scenario.team, &scenario.behavior, &mut rng);
        writeln!(s, "traits of slot {slot}: {traits:?}").unwrap();
    }

    let mut rng = key.rng(Purpose::RepWeek, 4, 0, 20);
    let sizes: Vec<f64> = (0..6).map(|_| sales::deal_size(20_000.0, 0.8, &mut rng)).collect();
    writeln!(s, "deal sizes (mean 20000, log-sd 0.8): {sizes:?}").unwrap();

    for lambda in [0.0, 0.3, 2.5, 12.0, 45.0] {
        let mut rng = key.rng(Purpose::RepWeek, 6, 0, 30);
        let counts: Vec<u32> =
            (0..8).map(|_| sales::poisson_from_uniform(lambda, uniform(&mut rng), &mut rng)).collect();
        writeln!(s, "poisson({lambda}): {counts:?}").unwrap();
    }

    let path = market_path(&scenario.market, 12, &key);
    writeln!(s, "market path, first 12 weeks: {path:?}").unwrap();

    let uncertain =
        Scenario::from_toml_str(&std::fs::read_to_string(golden_dir().join("uncertain_mature.toml")).unwrap()).unwrap();
    for r in 0..3 {
        let world = draw_world(&uncertain, &StreamKey::new(2026, r, None));
        writeln!(
            s,
            "world {r}: adaptation_rate {:?}, crowding_out {:?}, pressure_tolerance {:?}, deal_size {:?}",
            world.behavior.adaptation_rate,
            world.behavior.crowding_out,
            world.behavior.pressure_tolerance,
            world.market.deal_size
        )
        .unwrap();
    }
    check_golden("samplers.txt", &s);
}

#[test]
fn run_json_of_the_mature_team_is_pinned() {
    check_golden(
        "run_mature_scaled_team.json",
        &salesim(&["run", "mature_scaled_team", "-r", "6", "--format", "json"]),
    );
}

#[test]
fn run_json_of_the_contest_scenario_is_pinned() {
    check_golden(
        "run_wolf_pack_contests.json",
        &salesim(&["run", "wolf_pack_contests", "-r", "4", "--format", "json"]),
    );
}

#[test]
fn run_json_of_the_transactional_scenario_is_pinned() {
    let out = salesim(&["run", "high_pressure_transactional", "-r", "4", "--seed", "11", "--format", "json"]);
    check_golden("run_high_pressure_transactional.json", &out);
}

#[test]
fn run_json_without_common_random_numbers_is_pinned() {
    check_golden(
        "run_relationship_b2b_no_crn.json",
        &salesim(&["run", "relationship_b2b", "-r", "4", "--no-crn", "--format", "json"]),
    );
}

#[test]
fn run_json_with_uncertain_assumptions_is_pinned() {
    let file = golden_dir().join("uncertain_mature.toml");
    let out = salesim(&["run", file.to_str().unwrap(), "-r", "6", "--max-attrition", "30", "--format", "json"]);
    check_golden("run_uncertain_mature.json", &out);
}

#[test]
fn validation_json_is_pinned() {
    // With three replications some facts fail (exit 1); the output is pinned all the same.
    check_golden("validate.json", &salesim_exiting(&["validate", "-r", "3", "--format", "json"], &[0, 1]));
}

#[test]
fn sweep_json_is_pinned() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    salesim(&[
        "sweep",
        "mature_scaled_team",
        "--strategy",
        "balanced",
        "--vary",
        "performance.monitoring=0:1:3",
        "-r",
        "3",
        "-q",
        "--out",
        out.to_str().unwrap(),
    ]);
    check_golden("sweep_mature_scaled_team.json", &std::fs::read_to_string(out.join("sweep.json")).unwrap());
}
