//! The first hour: `init` writes an editable copy of a bundled scenario (and
//! refuses to overwrite one), shell completions and manual pages come from
//! the command-line definitions themselves, the run table fits the terminal
//! and keeps one layout in files, `NO_COLOR` turns colour off, the scenario
//! keys and their JSON Schema come from the code, and demos rerun without
//! `--force` and take lever overrides.

use std::process::{Command, Output};

use salesim::config::Scenario;
use salesim::experiment::summary::ExperimentSummary;
use salesim::experiment::{RunOptions, run, summarize};
use salesim::report::Exporter;
use salesim::report::table::TableExporter;
use salesim::sim::Metric;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn init_writes_the_bundled_text_and_the_copy_runs() {
    let dir = tempfile::tempdir().unwrap();
    let out = salesim(dir.path(), &["init", "startup_innovation"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let written = std::fs::read_to_string(dir.path().join("startup_innovation.toml")).unwrap();
    assert_eq!(written, salesim::bundled::find("startup_innovation").unwrap().text);
    let check = salesim(dir.path(), &["check", "startup_innovation.toml"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
}

#[test]
fn init_refuses_to_overwrite_without_force_and_suggests_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mine.toml"), "# my own work\n").unwrap();
    let out = salesim(dir.path(), &["init", "mature_scaled_team", "mine.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(dir.path().join("mine.toml")).unwrap(), "# my own work\n");
    let forced = salesim(dir.path(), &["init", "mature_scaled_team", "mine.toml", "--force"]);
    assert!(forced.status.success());
    let typo = salesim(dir.path(), &["init", "mature_scaled_tem"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `mature_scaled_team`"));
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let bash = salesim(dir.path(), &["completions", "bash"]);
    assert!(bash.status.success());
    let script = String::from_utf8_lossy(&bash.stdout);
    for command in ["run", "check", "merge", "sweep", "init", "man"] {
        assert!(script.contains(command), "bash completion lacks {command}");
    }
    let man = salesim(dir.path(), &["man"]);
    assert!(man.status.success());
    assert!(String::from_utf8_lossy(&man.stdout).contains(".TH salesim 1"));
    let pages = salesim(dir.path(), &["man", "--out", "man"]);
    assert!(pages.status.success());
    for page in ["salesim.1", "salesim-run.1", "salesim-sweep.1", "salesim-init.1"] {
        let text = std::fs::read_to_string(dir.path().join("man").join(page)).unwrap();
        assert!(text.contains(".SH"), "{page} is not a manual page");
    }
}

/// A small run of the bundled mature team: 6 replications of 26 weeks.
fn small_summary() -> ExperimentSummary {
    let text = salesim::bundled::find("mature_scaled_team").unwrap().text.replace("weeks = 104", "weeks = 26");
    let scenario = Scenario::from_toml_str(&text).unwrap();
    let totals = run(&scenario, &RunOptions::new(5, 6)).unwrap();
    summarize(&scenario, &totals, 5, true, false)
}

/// Whether a line of the table output is prose (free to wrap in the terminal)
/// rather than part of the table.
fn is_prose(line: &str) -> bool {
    ["mature_scaled_team:", "Means", "Lifts", "Reading:", "For one team", "Warning:"]
        .iter()
        .any(|p| line.starts_with(p))
}

#[test]
fn the_run_table_fits_any_terminal_width_and_keeps_every_strategys_headline_numbers() {
    let s = small_summary();
    let stable = text(&TableExporter::default().serialize(&s, None));
    let widest = stable.lines().filter(|l| !is_prose(l)).map(|l| l.chars().count()).max().unwrap();
    for width in [300u16, widest as u16, 150, 100, 80, 60, 44] {
        let out = text(&TableExporter { width: Some(width) }.serialize(&s, None));
        for line in out.lines().filter(|l| !is_prose(l)) {
            assert!(line.chars().count() <= usize::from(width), "width {width}: `{line}` is too long\n{out}");
        }
        for st in &s.strategies {
            let revenue = format!("{:.0}k", st[Metric::Revenue].mean / 1000.0);
            let attrition = format!("{:.1}", st[Metric::AttritionPct].mean);
            for needle in [st.name.as_str(), &revenue, &attrition] {
                assert!(out.contains(needle), "width {width}: `{needle}` of {} is missing\n{out}", st.name);
            }
            if st.name != s.baseline {
                let lift = format!("{:.1}", st.profit_lift_pct.mean);
                assert!(out.contains(&lift), "width {width}: profit lift {lift} of {} is missing\n{out}", st.name);
            }
        }
        if usize::from(width) >= widest {
            assert_eq!(out, stable, "a terminal as wide as the table shows the stable layout");
        } else {
            assert_ne!(out, stable, "width {width}: the table was not fitted");
        }
    }
}

#[test]
fn piped_run_output_keeps_one_layout_whatever_the_terminal_width() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["run", "startup_innovation", "-r", "4", "-q"];
    let outputs: Vec<String> = ["30", "400"]
        .iter()
        .map(|cols| {
            let out = Command::new(BIN).args(args).env("COLUMNS", cols).current_dir(dir.path()).output().unwrap();
            assert!(out.status.success(), "{}", text(&out.stderr));
            text(&out.stdout)
        })
        .collect();
    assert_eq!(outputs[0], outputs[1]);
    let header = outputs[0].lines().find(|l| l.starts_with("strategy ")).expect("one header row");
    assert!(header.contains("revenue/slot/yr") && header.contains("programme cost/slot/yr"), "{header}");
    assert!(outputs[0].contains("k ["), "the stable layout carries intervals:\n{}", outputs[0]);
}

/// Runs `salesim ARGS` on a pseudo-terminal (util-linux `script`), with
/// `NO_COLOR` set to `no_color` or unset; `None` where `script` is missing.
fn on_a_terminal(args: &str, no_color: Option<&str>) -> Option<String> {
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &format!("stty rows 40 cols 200; {BIN} {args}"), "/dev/null"]).env("TERM", "xterm");
    match no_color {
        Some(v) => cmd.env("NO_COLOR", v),
        None => cmd.env_remove("NO_COLOR"),
    };
    let out = cmd.output().ok()?;
    out.status.success().then(|| text(&out.stdout))
}

#[test]
fn no_color_turns_colour_off_on_a_terminal_and_pipes_never_get_any() {
    let piped = salesim(std::path::Path::new("."), &["run", "--help"]);
    assert!(!text(&piped.stdout).contains('\u{1b}'), "colour in a pipe");
    let Some(coloured) = on_a_terminal("run --help", None) else {
        eprintln!("skipped the terminal half: util-linux `script` is not installed");
        return;
    };
    assert!(coloured.contains("\u{1b}["), "a terminal gets coloured help:\n{coloured}");
    let plain = on_a_terminal("run --help", Some("1")).unwrap();
    assert!(plain.contains("Usage:") && !plain.contains('\u{1b}'), "NO_COLOR=1 left colour:\n{plain}");
    let empty = on_a_terminal("run --help", Some("")).unwrap();
    assert!(empty.contains("\u{1b}["), "an empty NO_COLOR does not turn colour off (no-color.org)");
}

/// The schema of the value at a property: `$ref` followed, and for a key that
/// may be a number or a distribution, the branch that fits `value`.
fn resolve<'a>(
    schema: &'a serde_json::Value,
    node: &'a serde_json::Value,
    value: &toml::Value,
) -> &'a serde_json::Value {
    let by_ref = |r: &str| &schema["$defs"][r.rsplit('/').next().unwrap()];
    if let Some(r) = node["$ref"].as_str() {
        return resolve(schema, by_ref(r), value);
    }
    if let Some(branches) = node["anyOf"].as_array() {
        let table = value.is_table();
        for b in branches {
            let target = b["$ref"].as_str().map_or(b, by_ref);
            if (target["type"] == "object") == table && target["type"] != "null" {
                return target;
            }
        }
    }
    node
}

/// Checks every key of `value` against `node`: known, and numbers in range.
fn conforms(schema: &serde_json::Value, node: &serde_json::Value, value: &toml::Value, path: &str) -> Vec<String> {
    let node = resolve(schema, node, value);
    let mut errors = Vec::new();
    match value {
        toml::Value::Table(t) if node["type"] == "object" => {
            let fixed = node["additionalProperties"] == false;
            for (k, v) in t {
                match node["properties"].get(k) {
                    Some(p) => errors.extend(conforms(schema, p, v, &format!("{path}.{k}"))),
                    None if fixed => errors.push(format!("{path}.{k}: not in the schema")),
                    None => {}
                }
            }
        }
        toml::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                errors.extend(conforms(schema, &node["items"], v, &format!("{path}[{i}]")));
            }
        }
        toml::Value::Integer(_) | toml::Value::Float(_) => {
            let x = value.as_float().unwrap_or_else(|| value.as_integer().unwrap() as f64);
            let (lo, hi) = (node["minimum"].as_f64(), node["maximum"].as_f64());
            if lo.is_some_and(|lo| x < lo) || hi.is_some_and(|hi| x > hi) {
                errors.push(format!("{path} = {x} is outside {lo:?}..{hi:?}"));
            }
        }
        _ => {}
    }
    errors
}

fn shipped_schema() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_shipped_schema_is_what_the_command_prints() {
    let out = salesim(std::path::Path::new("."), &["keys", "--schema"]);
    assert!(out.status.success());
    let shipped = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/scenario.schema.json")).unwrap();
    assert_eq!(
        text(&out.stdout),
        shipped,
        "docs/scenario.schema.json is stale: salesim keys --schema > docs/scenario.schema.json"
    );
}

#[test]
fn every_bundled_scenario_conforms_to_the_schema_and_a_typo_or_a_range_error_does_not() {
    let schema = shipped_schema();
    let uncertain = include_str!("golden/uncertain_mature.toml");
    for (name, text) in salesim::bundled::BUNDLED.iter().map(|b| (b.name, b.text)).chain([("uncertain", uncertain)]) {
        let value: toml::Value = toml::from_str(text).unwrap();
        let errors = conforms(&schema, &schema, &value, name);
        assert!(errors.is_empty(), "{errors:?}");
    }
    let bad: toml::Value =
        toml::from_str("[team]\nsizee = 3\n[[strategy]]\nname = \"a\"\n[strategy.incentives]\ncommission_rate = 1.5\n")
            .unwrap();
    let errors = conforms(&schema, &schema, &bad, "bad");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("team.sizee: not in the schema")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("commission_rate = 1.5 is outside")), "{errors:?}");
}

#[test]
fn keys_lists_every_catalogue_key_with_its_range_default_and_meaning() {
    let out = salesim(std::path::Path::new("."), &["keys", "--format", "json"]);
    assert!(out.status.success());
    let keys: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let find = |key: &str| keys.iter().find(|k| k["key"] == key).unwrap_or_else(|| panic!("{key} is not listed"));
    for key in salesim::config::lever::all_keys() {
        let lever = salesim::config::lever::Lever::parse(&key).unwrap();
        let k = find(&key);
        assert_eq!(k["min"].as_f64(), Some(lever.spec.min), "{key}");
        assert_eq!(k["max"].as_f64(), Some(lever.spec.max), "{key}");
        assert_eq!(k["meaning"], lever.spec.help, "{key}");
    }
    assert_eq!(find("team.size")["default"], 60);
    assert_eq!(find("performance.quota_period")["kind"], "week | month | quarter | year");
    assert_eq!(find("incentives.contest.prize")["default"], 5000.0);
    assert!(find("incentives.cap")["default"].is_null(), "no cap unless written");
    let table = text(&salesim(std::path::Path::new("."), &["keys"]).stdout);
    let row = table.lines().find(|l| l.starts_with("performance.quota_difficulty ")).expect("a row per key");
    assert!(row.contains("0.1 to 5") && row.contains("1.0") && row.contains("x capacity"), "{row}");
}

#[test]
fn a_demo_reruns_without_force_over_its_own_output_but_never_over_a_changed_file() {
    let dir = tempfile::tempdir().unwrap();
    let demo = |extra: &[&str]| {
        let mut args = vec!["demo", "crowding", "-r", "4", "--out", "class"];
        args.extend_from_slice(extra);
        salesim(dir.path(), &args)
    };
    let first = demo(&[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let again = demo(&["--animate"]);
    assert!(again.status.success(), "a rerun needs no --force: {}", text(&again.stderr));
    assert!(dir.path().join("class/demo-crowding.gif").exists());
    let svg = dir.path().join("class/demo-crowding.svg");
    std::fs::write(&svg, "<svg>my annotated copy</svg>").unwrap();
    let refused = demo(&[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("demo-crowding.svg was changed"), "{}", text(&refused.stderr));
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), "<svg>my annotated copy</svg>");
    assert!(demo(&["--force"]).status.success());
    // A file of the set that the demo never wrote is not replaced either.
    let other = tempfile::tempdir().unwrap();
    std::fs::create_dir(other.path().join("class")).unwrap();
    std::fs::write(other.path().join("class/demo-crowding.png"), b"mine").unwrap();
    let out = salesim(other.path(), &["demo", "crowding", "-r", "4", "--out", "class"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(other.path().join("class/demo-crowding.png")).unwrap(), b"mine");
}

#[test]
fn demos_take_lever_settings_checked_like_scenario_keys() {
    let dir = tempfile::tempdir().unwrap();
    let args = |set: &'static str| ["demo", "crowding", "-r", "4", "--out", "d", "--force", "--set", set];
    let ok = salesim(dir.path(), &args("incentives.quota_bonus=0.3"));
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("incentives.quota_bonus = 0.3"), "{}", text(&ok.stdout));
    let svg = std::fs::read_to_string(dir.path().join("d/demo-crowding.svg")).unwrap();
    assert!(svg.contains("with incentives.quota_bonus = 0.3"), "the chart's subtitle names the setting");
    let typo = salesim(dir.path(), &args("incentives.quota_bonuss=0.3"));
    assert_eq!(typo.status.code(), Some(2));
    assert!(text(&typo.stderr).contains("did you mean `incentives.quota_bonus`"), "{}", text(&typo.stderr));
    let range = salesim(dir.path(), &args("incentives.quota_bonus=9"));
    assert_eq!(range.status.code(), Some(2));
    assert!(text(&range.stderr).contains("0 to 5"), "{}", text(&range.stderr));
    let turnover = salesim(dir.path(), &["demo", "turnover", "-r", "4", "--set", "behavior.quit_rate=0.3"]);
    assert_eq!(turnover.status.code(), Some(2), "the lever a demo varies stays the demo's");
}
