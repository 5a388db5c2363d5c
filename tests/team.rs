//! Your own team (issue 20): a synthetic team's history written as a CRM
//! export, read back and calibrated, recovers the known parameters within
//! the reported intervals over several seeds; a team file contradicting
//! itself is refused; unit slips are warned with the value meant; bad CSV
//! rows are reported with line and column; the bundled example calibrates
//! and its written scenario runs.

use std::path::Path;
use std::process::{Command, Output};

use salesim::calibrate::bootstrap::{RESAMPLES, bootstrap};
use salesim::calibrate::choose::{candidates, identifiable};
use salesim::calibrate::crm::{parse_csv, write_csv};
use salesim::calibrate::dates::days_from_civil;
use salesim::calibrate::fit::{FitSettings, fit};
use salesim::calibrate::observe::simulate_records;
use salesim::calibrate::targets::Target;
use salesim::calibrate::{Moment, Problem, Statistic};
use salesim::config::Scenario;
use salesim::experiment::executor::Executor;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// The synthetic team's truth (as `examples/team/main.rs`).
const TRUTH: &str = "[scenario]\nname = \"truth\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 8\nskill_sd = 0.45\n\
[market]\ndeals_per_week = 0.45\ndeal_size = 20000\n[behavior]\nquit_rate = 0.2\n[[strategy]]\nname = \"today\"\n\
[strategy.incentives]\nbase_salary_share = 0.6\ncommission_rate = 0.065\nquota_bonus = 0.1\n";

/// The base a user would build: the truth with the fitted keys at other
/// values (the team file gives size, span, deal size and the plan).
const BASE: &str = "[scenario]\nname = \"base\"\nweeks = 104\n[team]\nsize = 60\nteam_size = 8\n\
[market]\ndeals_per_week = 0.6\ndeal_size = 20000\n[[strategy]]\nname = \"today\"\n\
[strategy.incentives]\nbase_salary_share = 0.6\ncommission_rate = 0.065\nquota_bonus = 0.1\n";

const TRUE_VALUES: [(&str, f64); 3] =
    [("behavior.quit_rate", 0.2), ("market.deals_per_week", 0.45), ("team.skill_sd", 0.45)];

/// One seed of the recovery: the truth's history on `seed` through CSV,
/// then the command's own steps (candidates, identifiability, fit).
/// Returns (key, truth, estimate, lo, hi) per fitted parameter.
fn recover(seed: u64) -> Vec<(String, f64, f64, f64, f64)> {
    let truth = Scenario::from_toml_str(TRUTH).unwrap();
    let records = simulate_records(&truth, 0, seed, 0);
    let csv = write_csv(&records, days_from_civil(2024, 1, 1));
    let export = parse_csv(&csv).unwrap();
    assert!(export.issues.is_empty(), "{:?}", export.issues);
    let targets: Vec<Target> = bootstrap(&export.records, &Moment::ALL, RESAMPLES)
        .into_iter()
        .filter(|m| m.se > 0.0)
        .map(|m| Target {
            statistic: Statistic::Moment(m.moment),
            value: m.value,
            se: m.se,
            source: "synthetic CSV".into(),
        })
        .collect();
    let base = Scenario::from_toml_str(BASE).unwrap();
    let moments: Vec<Moment> = targets.iter().filter_map(|t| t.statistic.moment()).collect();
    let (parameters, _) = candidates(&base, 0, &moments);
    let mut problem = Problem { scenario: base, strategy: 0, targets, parameters, replications: 40 };
    let executor = Executor::new(7).threads(Some(2)).unwrap();
    let from_history = vec![true; problem.targets.len()];
    salesim::calibrate::choose::single_history_se(&mut problem, &from_history, &executor).unwrap();
    let dropped = identifiable(&mut problem, &executor).unwrap();
    assert!(dropped.is_empty(), "seed {seed}: {dropped:?}");
    let mut f = fit(&problem, &executor, &FitSettings { budget: 150, starts: 2, start: None }, &mut |_| {}).unwrap();
    let theta: Vec<f64> = f.parameters.iter().map(|p| p.value).collect();
    let cov = salesim::calibrate::sandwich::moment_covariance(&problem, &theta, &executor).unwrap();
    salesim::calibrate::sandwich::apply(&mut f, &problem, &cov, &from_history);
    f.parameters
        .iter()
        .map(|p| {
            let t = TRUE_VALUES.iter().find(|(k, _)| *k == p.key).unwrap().1;
            let [lo, hi] = p.ci95.expect("a standard error");
            (p.key.clone(), t, p.value, lo, hi)
        })
        .collect()
}

/// Measured (seeds 11-16, 40 replications, budget 150, sandwich standard
/// errors): 16 of the 18 95 % intervals hold the truth
/// (market.deals_per_week misses on seed 11 by 0.002, team.skill_sd on
/// seed 12 by 0.015). The test holds that coverage (at least 15 of 18: at a
/// true 95 % the chance of fewer is about 1 %) and that no truth lies far
/// outside its interval; it does not widen the intervals.
#[test]
fn a_synthetic_teams_csv_export_recovers_its_parameters_within_the_reported_intervals() {
    let (mut inside, mut all, mut far) = (0, 0, Vec::new());
    for seed in [11u64, 12, 13, 14, 15, 16] {
        for (key, t, v, lo, hi) in recover(seed) {
            let hit = lo <= t && t <= hi;
            println!(
                "seed {seed}: {key} truth {t} estimate {v:.4} 95% [{lo:.4}, {hi:.4}] {}",
                if hit { "in" } else { "OUT" }
            );
            all += 1;
            inside += usize::from(hit);
            let half = (hi - lo) / 2.0;
            if (t - v).abs() > 1.5 * half {
                far.push(format!("seed {seed}: {key} = {t}, estimate {v} with 95 % interval [{lo}, {hi}]"));
            }
        }
    }
    println!("{inside} of {all} intervals hold the truth");
    assert!(inside >= 15, "only {inside} of {all} intervals hold the truth");
    assert!(far.is_empty(), "{far:?}");
}

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    out
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

const TEAM: &str = "name = \"t\"\n[team]\nheadcount = 24\nteam_size = 8\n[figures]\n\
voluntary_attrition_pct = { value = 25, se = 4 }\npct_at_quota = { value = 60, range = [50, 70] }\n\
revenue_per_rep = 480000\ndeal_size = 20000\ndeals_per_rep_per_quarter = 6\n\
[plan]\note = 100000\npay_mix = \"60/40\"\n[plan.incentives]\ncommission_rate = 0.065\n\
[simulation]\nweeks = 52\nreplications = 4\n";

#[test]
fn a_team_file_contradicting_itself_is_refused_naming_the_figures() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "team.toml", &TEAM.replace("deals_per_rep_per_quarter = 6", "deals_per_rep_per_quarter = 60"));
    let out = salesim_in(dir.path(), &["calibrate", "team.toml", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for f in
        ["team.toml", "figures.revenue_per_rep", "revenue_per_rep = 480000", "20000 x 60 x 4 = 4800000", "contradict"]
    {
        assert!(stderr.contains(f), "stderr lacks `{f}`: {stderr}");
    }
    write(dir.path(), "team.toml", &TEAM.replace("ote = 100000", "ote = 100000\nquota_per_rep = 2000000"));
    let out = salesim_in(dir.path(), &["calibrate", "team.toml", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pct_at_quota") && stderr.contains("cannot be true"), "{stderr}");
}

#[test]
fn an_ote_in_thousands_and_a_forced_ranking_share_are_warned_with_the_value_meant() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "s.toml",
        "[team]\note = 150\n[[strategy]]\nname = \"a\"\n[strategy.performance]\nforced_ranking_pct = 0.1\n",
    );
    for args in [&["check", "s.toml"][..], &["run", "s.toml", "-r", "2"][..]] {
        let out = salesim_in(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(stderr.contains("`team.ote`") && stderr.contains("did you mean 150000?"), "{args:?}: {stderr}");
        assert!(stderr.contains("forced_ranking_pct") && stderr.contains("did you mean 10?"), "{args:?}: {stderr}");
    }
}

#[test]
fn bad_csv_rows_are_reported_with_line_and_column_and_an_unusable_export_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "team.toml", TEAM);
    let head = "rep_id,period_start,quota,bookings,deals_won,hire_date,exit_date,exit_voluntary\n";
    let mut rows = String::from(head);
    for q in ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-01"] {
        for r in 0..12 {
            rows.push_str(&format!("r{r},{q},120000,{},6,2020-01-01,,\n", 100_000 + 5000 * r));
        }
    }
    rows.push_str("r1,2024-01-01,12O000,1,1,2020-01-01,,\n");
    rows.push_str("r99,31/03/2024,1,1,1,2020-01-01,,\n");
    write(dir.path(), "crm.csv", &rows);
    let out = salesim_in(
        dir.path(),
        &["calibrate", "team.toml", "--crm", "crm.csv", "-q", "--budget", "20", "--starts", "1"],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("crm.csv: line 50, column 3 (quota): `12O000` is not a number"), "{stderr}");
    assert!(
        stderr.contains("crm.csv: line 51, column 2 (period_start)") && stderr.contains("month/day/year"),
        "{stderr}"
    );
    write(dir.path(), "bad.csv", &format!("{head}x,2024-01-01,-5,1,1,2020-01-01,,\n"));
    let out = salesim_in(dir.path(), &["calibrate", "team.toml", "--crm", "bad.csv", "-q"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no usable row") && stderr.contains("line 2, column 3 (quota)"), "{stderr}");
}

#[test]
fn the_bundled_example_calibrates_and_its_scenario_runs_with_uncertain_parameters() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let team = root.join("examples/team/team.toml");
    let crm = root.join("examples/team/synthetic_crm_export.csv");
    let out_dir = dir.path().join("fitted");
    let out = salesim_in(
        dir.path(),
        &[
            "calibrate",
            team.to_str().unwrap(),
            "--crm",
            crm.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
            "-q",
            "--budget",
            "40",
            "--starts",
            "2",
            "-r",
            "8",
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Verdict: reproduced within the data's uncertainty on "), "{stdout}");
    let scenario = Scenario::from_file(&out_dir.join("scenario.toml")).unwrap();
    assert_eq!(scenario.strategies.len(), 1);
    assert_eq!(scenario.baseline_name(), "today");
    assert!(scenario.uncertain.iter().any(|u| u.key == "quit_rate"), "{:?}", scenario.uncertain);
    let run = salesim_in(dir.path(), &["run", out_dir.join("scenario.toml").to_str().unwrap(), "-r", "4"]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(text.contains("of plausible versions of your team"), "{text}");
}
