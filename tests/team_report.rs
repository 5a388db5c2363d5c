//! A calibrated team's scenario in later runs (issue 20): the report of a
//! scenario written by `salesim calibrate` opens with the fit table, `run`
//! heads its table with the verdict and says "plausible versions of your
//! team"; an edited team gets a note instead of the fit; every fitted
//! parameter with a standard error, `[team]` keys included, is carried into
//! the scenario as an uncertain assumption and drawn per replication.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use salesim::config::Scenario;
use salesim::config::uncertain::Distribution;
use salesim::experiment::world::draw_world;
use salesim::sim::streams::StreamKey;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim_in(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts");
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains("panicked"), "salesim {args:?} panicked:\n{all}");
    assert_eq!(out.status.code(), Some(0), "salesim {args:?}:\n{all}");
    out
}

/// Calibrates the bundled example (figures and CRM export) quickly into
/// `dir/fitted`; returns that folder.
fn calibrate_example(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let team = root.join("examples/team/team.toml");
    let crm = root.join("examples/team/synthetic_crm_export.csv");
    let out = dir.join("fitted");
    salesim_in(
        dir,
        &[
            "calibrate",
            team.to_str().unwrap(),
            "--crm",
            crm.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
            "--budget",
            "40",
            "--starts",
            "2",
            "-r",
            "8",
        ],
    );
    out
}

fn calibration(fitted: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(fitted.join("calibration.json")).unwrap()).unwrap()
}

/// The report's HTML for `scenario` (4 replications), checked well-formed.
fn report(dir: &Path, scenario: &Path, out: &str) -> String {
    salesim_in(dir, &["report", scenario.to_str().unwrap(), "--out", out, "-r", "4", "--force"]);
    let html = std::fs::read_to_string(dir.join(out).join("report.html")).unwrap();
    well_formed(&html);
    html
}

/// Parses the report strictly (it is well-formed XML as well as HTML).
fn well_formed(html: &str) {
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..Default::default() };
    roxmltree::Document::parse_with_options(html, options).expect("the report is well-formed (X)HTML");
}

/// The HTML from its first `<section` on.
fn from_first_section(html: &str) -> &str {
    &html[html.find("<section").expect("a section")..]
}

#[test]
fn the_report_of_a_calibrated_scenario_opens_with_the_fit_and_run_heads_its_table_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let fitted = calibrate_example(dir);
    let cal = calibration(&fitted);
    let verdict = cal["verdict"].as_str().unwrap();
    let scenario = fitted.join("scenario.toml");

    let html = report(dir, &scenario, "rep");
    let body = from_first_section(&html);
    assert!(body.starts_with("<section id=\"calibration\">"), "{}", &body[..200.min(body.len())]);
    let section = &body[..body.find("</section>").unwrap()];
    assert!(section.contains(&format!("Verdict: {}.", verdict.replace('\'', "&#39;"))), "{section}");
    for row in cal["fit"]["table"].as_array().unwrap() {
        let id = row["moment"].as_str().unwrap();
        let name = cal["figure_names"][id].as_str().unwrap();
        assert!(section.contains(&format!("<td>{name}<br/><span class=\"ci\"><code>{id}</code>")), "{row}");
    }
    for p in cal["fit"]["parameters"].as_array().unwrap() {
        assert!(section.contains(&format!("<code>{}</code>", p["key"].as_str().unwrap())), "{p}");
    }
    for d in cal["not_fitted"].as_array().unwrap() {
        let (key, reason) = (d["key"].as_str().unwrap(), d["reason"].as_str().unwrap());
        assert!(section.contains("Left at the calibrated defaults") && section.contains(key), "{section}");
        assert!(section.contains(&reason.replace('\'', "&#39;")), "{section}");
    }
    assert!(section.contains("observed") && section.contains("simulated") && section.contains(" to "), "{section}");
    assert!(!section.contains("class=\"warn\""), "{section}");
    let md = std::fs::read_to_string(dir.join("rep/report.md")).unwrap();
    assert!(md.find("## Is this your team?").unwrap() < md.find("## The answer").unwrap(), "{md}");

    let run = salesim_in(dir, &["run", scenario.to_str().unwrap(), "-r", "4"]);
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(text.starts_with("Your team as calibrated ("), "{text}");
    assert!(text.lines().next().unwrap().ends_with(&format!("{verdict}.")), "{text}");
    assert!(text.contains("of plausible versions of your team"), "{text}");
    assert!(text.contains("drew its own version of your team from team.skill_sd ~ normal("), "{text}");
    // JSON output stays the interface of MODEL.md section 7: no header.
    let json = salesim_in(dir, &["run", scenario.to_str().unwrap(), "-r", "2", "--format", "json"]);
    serde_json::from_slice::<serde_json::Value>(&json.stdout).expect("run --format json is JSON alone");
}

#[test]
fn added_strategies_keep_the_fit_an_edited_team_gets_a_note_instead_and_other_files_get_neither() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let fitted = calibrate_example(dir);
    let scenario = fitted.join("scenario.toml");
    let written = std::fs::read_to_string(&scenario).unwrap();

    // Strategies added (the three-command path): the fit still applies.
    let added = format!(
        "{written}\n[[strategy]]\nname = \"more_variable\"\n[strategy.incentives]\nbase_salary_share = 0.5\n\
         commission_rate = 0.08\n"
    );
    std::fs::write(&scenario, &added).unwrap();
    let html = report(dir, &scenario, "added");
    let body = from_first_section(&html);
    assert!(body.starts_with("<section id=\"calibration\">"), "{body}");
    assert!(body.contains("The file was edited since (strategies"), "{body}");
    assert!(body.contains("<th>figure</th>"), "{body}");

    // The team edited: the fit does not describe the file; a note, no table.
    std::fs::write(&scenario, added.replace("\nhire_cost = 30000.0\n", "\nhire_cost = 45000.0\n")).unwrap();
    assert_ne!(std::fs::read_to_string(&scenario).unwrap(), added, "the edit took");
    let html = report(dir, &scenario, "edited");
    let body = from_first_section(&html);
    let section = &body[..body.find("</section>").unwrap()];
    assert!(body.starts_with("<section id=\"calibration\">"), "{body}");
    assert!(section.contains("Edited since calibration") && section.contains("does not describe it"), "{section}");
    assert!(!section.contains("<table"), "{section}");
    let run = salesim_in(dir, &["run", scenario.to_str().unwrap(), "-r", "2"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(stderr.contains("note: ") && stderr.contains("has been edited since"), "{stderr}");
    assert!(!stdout.contains("Your team as calibrated") && !stdout.contains("your team"), "{stdout}");

    // The same file elsewhere, without calibration.json: a plain report.
    let other = dir.join("elsewhere");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("scenario.toml"), &added).unwrap();
    let html = report(dir, &other.join("scenario.toml"), "plain");
    assert!(from_first_section(&html).starts_with("<section id=\"answer\">"));
    // Beside the calibration, but another scenario (another name, another team): no fit either.
    std::fs::write(fitted.join("mine.toml"), "[[strategy]]\nname = \"a\"\n").unwrap();
    let html = report(dir, &fitted.join("mine.toml"), "mine");
    assert!(from_first_section(&html).starts_with("<section id=\"answer\">"));
}

#[test]
fn every_fitted_parameter_with_a_standard_error_is_an_uncertain_assumption_of_the_scenario() {
    let tmp = tempfile::tempdir().unwrap();
    let fitted = calibrate_example(tmp.path());
    let cal = calibration(&fitted);
    let scenario = Scenario::from_file(&fitted.join("scenario.toml")).unwrap();
    let params = cal["fit"]["parameters"].as_array().unwrap();
    assert!(params.iter().any(|p| p["key"].as_str().unwrap().starts_with("team.")), "{params:?}");
    for p in params {
        let key = p["key"].as_str().unwrap();
        let (value, se) = (p["value"].as_f64().unwrap(), p["se"].as_f64().expect("a standard error"));
        let u = scenario
            .uncertain
            .iter()
            .find(|u| format!("{}.{}", u.section.prefix(), u.key) == key)
            .unwrap_or_else(|| panic!("{key} is not uncertain in the scenario: {:?}", scenario.uncertain));
        let Distribution::Normal { mean, sd } = u.distribution else { panic!("{key}: {:?}", u.distribution) };
        assert!((mean - value).abs() <= 1e-5 * value.abs() && (sd - se).abs() <= 1e-5 * se, "{key}: {mean} {sd}");
    }
    assert_eq!(scenario.uncertain.len(), params.len(), "{:?}", scenario.uncertain);
    let text = std::fs::read_to_string(fitted.join("scenario.toml")).unwrap();
    assert!(!text.contains("Fitted at one value"), "{text}");
}

#[test]
fn the_report_counts_a_figure_as_reproduced_as_the_verdict_does() {
    assert_eq!(salesim::report::calibration::Z_WITHIN, salesim::calibrate::verdict::Z_WITHIN);
}

#[test]
fn a_team_key_as_a_distribution_is_drawn_per_replication_and_a_whole_number_key_is_refused() {
    let s = Scenario::from_toml_str(
        "[team]\nskill_sd = { normal = [0.4, 0.1] }\n[market]\ndeals_per_week = { uniform = [0.4, 0.6] }\n\
         [[strategy]]\nname = \"a\"\n",
    )
    .unwrap();
    assert_eq!(s.team.skill_sd, 0.4);
    let draws: Vec<(f64, f64)> = (0..20)
        .map(|r| {
            let w = draw_world(&s, &StreamKey::new(1, r, None));
            (w.team.skill_sd, w.market.deals_per_week)
        })
        .collect();
    assert!(draws.iter().all(|&(t, m)| (0.0..=2.0).contains(&t) && (0.4..=0.6).contains(&m)), "{draws:?}");
    let spread = |f: fn(&(f64, f64)) -> f64| {
        let v: Vec<f64> = draws.iter().map(f).collect();
        v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
    };
    assert!(spread(|d| d.0) > 0.1 && spread(|d| d.1) > 0.05, "{draws:?}");
    let err = Scenario::from_toml_str("[team]\nsize = { uniform = [10, 20] }\n[[strategy]]\nname = \"a\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("team.size") && err.contains("whole number") && err.contains("line 2"), "{err}");
}
