//! The calibration engine (`salesim::calibrate`, `docs/calibration.md`):
//! simulated records agree with the replication's own metrics, a fit gives
//! the same answer on any thread count, a synthetic team's known parameters
//! are recovered within the reported intervals, and broken target files are
//! refused by the command line with exit status 2 and a message naming the
//! file, the key and the line.

use std::path::Path;
use std::process::{Command, Output};

use salesim::calibrate::fit::{Fit, FitSettings, fit};
use salesim::calibrate::objective::simulate_moments;
use salesim::calibrate::targets::{Parameter, Target};
use salesim::calibrate::{Moment, Problem, RecordsObserver, Statistic};
use salesim::config::Scenario;
use salesim::config::lever::Lever;
use salesim::experiment::executor::{Arm, ArmRun, Collector, Executor};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// A lab team: 60 reps in teams of 8 over two years, quarterly quotas.
fn lab(team: &str, behavior: &str) -> Scenario {
    Scenario::from_toml_str(&format!(
        "[scenario]\nname = \"lab\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 8\nramp_weeks = 16\n\
         hiring_lag_weeks = 6\n{team}\n[market]\ndeals_per_week = 0.5\ndeal_size = 20000\nsales_cycle_weeks = 4\n\
         [behavior]\n{behavior}\n[[strategy]]\nname = \"status_quo\"\n"
    ))
    .unwrap()
}

/// Per replication: the catalogue's metrics and the moments of the records.
#[derive(Default)]
struct Both(Vec<(u64, f64, f64, f64, f64)>);

impl Collector<RecordsObserver> for Both {
    fn replication(&mut self, r: u64, runs: &[ArmRun], observers: &[RecordsObserver]) {
        let records = observers[0].records();
        let m = &runs[0].metrics;
        self.0.push((
            r,
            m.voluntary_attrition_pct,
            Moment::VoluntaryAttritionPct.compute(&records).unwrap(),
            m.quota_attainment_pct,
            Moment::QuotaAttainmentPct.compute(&records).unwrap(),
        ));
    }

    fn merge(&mut self, other: Self) {
        self.0.extend(other.0);
    }
}

#[test]
fn simulated_records_reproduce_the_replications_own_attrition_and_attainment() {
    let s = lab("", "quit_rate = 0.3");
    let arms = [Arm { scenario: &s, strategy: 0 }];
    let done = Executor::new(11).run_observed(&arms, 0..6, Both::default, |_| RecordsObserver::new(104, 60));
    assert_eq!(done.collected.0.len(), 6);
    for (r, vol, vol_records, att, att_records) in done.collected.0 {
        assert!((vol - vol_records).abs() < 1e-9, "replication {r}: voluntary {vol} vs records {vol_records}");
        assert!((att - att_records).abs() < 1e-9, "replication {r}: attainment {att} vs records {att_records}");
    }
}

#[test]
fn simulated_records_cover_every_week_in_post_and_book_the_replications_revenue() {
    let s = lab("", "");
    let mut observer = RecordsObserver::new(104, 60);
    let key = salesim::sim::streams::StreamKey::new(3, 0, None);
    let market = salesim::sim::market::market_path(&s.market, 104, &key);
    let mut weekly = vec![[0.0; salesim::sim::N_SERIES]; 104];
    let policy = salesim::model::policy::Policy::new(&s, &s.strategies[0]);
    let m = salesim::sim::run_observed(&s, &policy, &key, &market, &mut weekly, &mut observer);
    let records = observer.records();
    // Mean headcount from the rows equals the replication's.
    let headcount_pct = 100.0 * records.rep_weeks() / 104.0 / 60.0;
    assert!((headcount_pct - m.headcount_pct).abs() < 1e-9, "{headcount_pct} vs {}", m.headcount_pct);
    // No row spans two months of the 4-4-5 calendar, and none is empty.
    for row in &records.rows {
        assert!(row.weeks >= 1 && row.weeks <= 5, "{row:?}");
        assert_eq!(row.start.div_euclid(13), row.end().div_euclid(13), "{row:?}");
    }
    let weekly_total: f64 = records.weekly_bookings.as_ref().unwrap().iter().sum();
    let row_total: f64 = records.rows.iter().map(|r| r.bookings).sum();
    assert!((weekly_total - row_total).abs() < 1e-6 * row_total.abs().max(1.0));
}

fn parameter(key: &str, lower: f64, upper: f64) -> Parameter {
    Parameter { lever: Lever::parse(key).unwrap(), lower, upper, start: None }
}

/// The recovery problem: quit rate and skill spread of the lab team, fitted
/// to voluntary attrition, the spread of revenue across reps and quota
/// attainment measured on `data` (moments and standard errors).
fn recovery_problem(data: &[(Moment, f64, f64)], replications: u64) -> Problem {
    Problem {
        scenario: lab("", ""),
        strategy: 0,
        targets: data
            .iter()
            .map(|&(moment, value, se)| Target {
                statistic: Statistic::Moment(moment),
                value,
                se,
                source: "synthetic".into(),
            })
            .collect(),
        parameters: vec![parameter("behavior.quit_rate", 0.05, 0.6), parameter("team.skill_sd", 0.1, 0.8)],
        replications,
    }
}

/// Truth of the synthetic team.
const TRUE_QUIT_RATE: f64 = 0.26;
const TRUE_SKILL_SD: f64 = 0.45;
/// Team histories the synthetic "company" records (its data).
const DATA_HISTORIES: u64 = 30;
/// Replications per evaluation of the calibration.
const REPLICATIONS: u64 = 40;
/// First start of the search (quit rate, skill spread): v2's hand-set quit
/// rate and the scenario's skill spread, fixed so that a refit of the
/// shipped defaults does not move where this test's search begins.
const START: [f64; 2] = [0.19, 0.3];

/// The synthetic company's moments: the mean over its team histories and
/// the standard error of that mean, from records on seed `seed`.
fn synthetic_data(seed: u64) -> Vec<(Moment, f64, f64)> {
    let truth = lab(&format!("skill_sd = {TRUE_SKILL_SD}"), &format!("quit_rate = {TRUE_QUIT_RATE}"));
    let moments = [Moment::VoluntaryAttritionPct, Moment::RevenueCv, Moment::QuotaAttainmentPct];
    let sim = simulate_moments(&truth, 0, &moments, DATA_HISTORIES, &Executor::new(seed)).unwrap();
    moments.iter().enumerate().map(|(i, &m)| (m, sim.mean[i], (sim.variance[i] / sim.n[i] as f64).sqrt())).collect()
}

fn calibrate(problem: &Problem, seed: u64, threads: usize, budget: usize) -> Fit {
    let executor = Executor::new(seed).threads(Some(threads)).unwrap();
    // The first start is fixed, so a refit of the shipped defaults does not
    // move this test's search.
    let settings = FitSettings { budget, starts: 2, start: Some(START.to_vec()) };
    fit(problem, &executor, &settings, &mut |_| {}).unwrap()
}

#[test]
fn a_fit_is_the_same_on_one_and_two_threads() {
    let problem = recovery_problem(&synthetic_data(500), 12);
    let one = calibrate(&problem, 77, 1, 40);
    let two = calibrate(&problem, 77, 2, 40);
    assert_eq!(serde_json::to_string(&one).unwrap(), serde_json::to_string(&two).unwrap());
    assert_eq!(one.evaluations, 40);
}

/// Six 95 % intervals (two parameters, three seeds): under exact coverage
/// two or more misses happen 3.3 % of the time, so at most one is allowed;
/// each miss is printed. Measured: seed 1's skill spread misses by 0.0003
/// (0.4804 [0.4502, 0.5106] against 0.45); seeds 4 to 13 (the ignored study
/// below) scatter around the truth, 18 of their 20 intervals holding it.
#[test]
fn a_synthetic_teams_known_parameters_lie_within_the_reported_intervals() {
    let truth = [TRUE_QUIT_RATE, TRUE_SKILL_SD];
    let mut misses = Vec::new();
    for seed in [1u64, 2, 3] {
        let data = synthetic_data(1000 + seed);
        let problem = recovery_problem(&data, REPLICATIONS);
        let fit = calibrate(&problem, 2000 + seed, 2, 120);
        assert!(!fit.interrupted);
        for (p, t) in fit.parameters.iter().zip(truth) {
            let [lo, hi] = p.ci95.expect("a standard error");
            println!(
                "seed {seed}: {} truth {t} estimate {:.4} se {:.4} 95% [{lo:.4}, {hi:.4}] (J {:.2}, {} evaluations)",
                p.key,
                p.value,
                p.se.unwrap(),
                fit.distance,
                fit.evaluations
            );
            if !(lo <= t && t <= hi) {
                misses.push(format!("seed {seed}: {} = {t} outside [{lo}, {hi}]", p.key));
            }
        }
        let id = fit.identifiability.as_ref().unwrap();
        assert!(id.not_identified.is_empty(), "{id:?}");
    }
    println!("misses: {misses:?}");
    assert!(misses.len() <= 1, "{misses:?}");
}

/// The coverage study behind `docs/calibration.md` (about a minute on 2
/// cores): ten more seeds, printing each estimate and interval.
/// `cargo test --release --test calibrate -- --ignored --nocapture`
#[test]
#[ignore]
fn coverage_of_the_reported_intervals_over_ten_more_seeds() {
    let truth = [TRUE_QUIT_RATE, TRUE_SKILL_SD];
    let mut inside = 0;
    for seed in 4u64..14 {
        let problem = recovery_problem(&synthetic_data(1000 + seed), REPLICATIONS);
        let fit = calibrate(&problem, 2000 + seed, 2, 120);
        for (p, t) in fit.parameters.iter().zip(truth) {
            let [lo, hi] = p.ci95.unwrap();
            let hit = lo <= t && t <= hi;
            inside += usize::from(hit);
            println!(
                "seed {seed}: {} {t} estimate {:.4} [{lo:.4}, {hi:.4}] {}",
                p.key,
                p.value,
                if hit { "in" } else { "OUT" }
            );
        }
    }
    println!("{inside} of 20 intervals hold the truth");
}

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

const GOOD: &str = "[base]\nscenario = \"mature_scaled_team\"\nweeks = 52\nreplications = 4\n[base.set]\n\"team.size\" = 16\n\
[[target]]\nmoment = \"voluntary_attrition_pct\"\nvalue = 28.0\nse = 4.0\nsource = \"test\"\n\
[[parameter]]\nkey = \"behavior.quit_rate\"\nlower = 0.05\nupper = 0.5\n";

/// Writes `text` as `targets.toml` in a fresh folder and runs `calibrate` on it.
fn calibrate_cli(text: &str, extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("targets.toml"), text).unwrap();
    let mut args = vec!["calibrate", "--targets", "targets.toml", "-q", "--threads", "2"];
    args.extend_from_slice(extra);
    let out = salesim_in(dir.path(), &args);
    (dir, out)
}

#[track_caller]
fn refused(text: &str, fragments: &[&str]) {
    let (_dir, out) = calibrate_cli(text, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    for f in fragments {
        assert!(stderr.contains(f), "stderr lacks `{f}`: {stderr}");
    }
}

#[test]
fn an_unknown_moment_is_refused_with_its_line_and_the_closest_moment() {
    refused(
        &GOOD.replace("voluntary_attrition_pct", "voluntary_atrition_pct"),
        &[
            "targets.toml",
            "target[0].moment",
            "unknown moment `voluntary_atrition_pct`",
            "did you mean `voluntary_attrition_pct`",
            "line 8",
        ],
    );
}

#[test]
fn an_unknown_key_is_refused_with_a_did_you_mean() {
    refused(
        &GOOD.replace("lower =", "lowr ="),
        &["targets.toml", "unknown key `parameter[0].lowr`", "did you mean `parameter[0].lower`"],
    );
    refused(
        &GOOD.replace("behavior.quit_rate", "behavior.quit_rat"),
        &["parameter[0].key", "did you mean `behavior.quit_rate`"],
    );
}

#[test]
fn bad_bounds_and_standard_errors_are_refused() {
    refused(&GOOD.replace("upper = 0.5", "upper = 0.01"), &["parameter[0].upper", "not above lower", "line 15"]);
    refused(&GOOD.replace("upper = 0.5", "upper = 1.5"), &["parameter[0].upper", "allowed 0 to 1"]);
    refused(&GOOD.replace("se = 4.0", "se = 0"), &["target[0].se", "above 0"]);
    refused(
        &GOOD.replace("mature_scaled_team", "mature_scaled_tem"),
        &["base.scenario", "did you mean the bundled scenario `mature_scaled_team`"],
    );
    let (_dir, out) = calibrate_cli(GOOD, &["--budget", "3"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--budget 3 is too small"));
}

#[test]
fn a_small_calibration_prints_json_and_writes_its_output_set() {
    let (dir, out) = calibrate_cli(GOOD, &["--budget", "12", "--starts", "2", "--format", "json", "--out", "fitted"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["kind"], "calibration");
    assert_eq!(doc["fit"]["evaluations"], 12);
    assert_eq!(doc["fit"]["parameters"][0]["key"], "behavior.quit_rate");
    assert!(doc["fit"]["parameters"][0]["se"].is_number());
    let fitted = std::fs::read_to_string(dir.path().join("fitted/fitted_behavior.toml")).unwrap();
    let table: toml::Table = toml::from_str(&fitted).unwrap();
    let quit = table["behavior"]["quit_rate"].as_float().unwrap();
    assert!((0.05..=0.5).contains(&quit), "{fitted}");
    assert!(dir.path().join("fitted/calibration.json").exists());
    // The fitted tables paste into a scenario file as they are.
    let scenario = Scenario::from_toml_str(&format!("{fitted}\n[[strategy]]\nname = \"a\"\n")).unwrap();
    assert_eq!(scenario.behavior.quit_rate, quit);
}
