//! Every example in every `--help` runs when pasted: the examples are read
//! from the help text itself (lines after "Example:" or "Examples:", with
//! backslash continuations joined), and each is run by `sh` in one scratch
//! directory that sees the project's `scenarios/`, `docs/` and `examples/`, in the order
//! of the commands below (so that a sweep exists before `pareto` reads it).
//! A help line that wraps without a backslash is an example that cannot be
//! pasted, and fails the test. Run in release mode:
//! `cargo test --release --test help_examples`.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

/// The subcommands, in the order their examples run; `""` is the top level.
const COMMANDS: [&str; 17] = [
    "",
    "run",
    "check",
    "list",
    "init",
    "keys",
    "sweep",
    "pareto",
    "optimize",
    "sensitivity",
    "calibrate",
    "report",
    "demo",
    "validate",
    "merge",
    "completions",
    "man",
];

fn help_of(command: &str) -> String {
    let mut c = Command::new(BIN);
    if !command.is_empty() {
        c.arg(command);
    }
    let out = c.arg("--help").output().expect("salesim runs");
    assert!(out.status.success(), "salesim {command} --help");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// The examples of a help text, continuations joined; an error names a line
/// that wraps without a backslash.
fn examples_in(help: &str) -> Result<Vec<String>, String> {
    let mut examples = Vec::new();
    let mut in_block = false;
    let mut current: Option<String> = None;
    for line in help.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("Example") && trimmed.contains(':') && !line.starts_with(' ') {
            in_block = true;
            continue;
        }
        if !in_block {
            continue;
        }
        if trimmed.is_empty() {
            in_block = false;
            examples.extend(current.take());
            continue;
        }
        match current.as_mut() {
            Some(c) if c.ends_with('\\') => {
                c.pop();
                c.push(' ');
                c.push_str(trimmed);
            }
            Some(_) if !trimmed.starts_with("salesim ") => {
                return Err(format!("a help line wraps without a backslash: {line:?}"));
            }
            _ => {
                examples.extend(current.take());
                if !trimmed.starts_with("salesim ") {
                    return Err(format!("an example does not start with `salesim`: {line:?}"));
                }
                current = Some(trimmed.to_string());
            }
        }
    }
    examples.extend(current);
    Ok(examples)
}

#[test]
fn every_help_example_runs_when_pasted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["scenarios", "docs", "examples"] {
        std::os::unix::fs::symlink(root.join(sub), dir.path().join(sub)).unwrap();
    }
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut ran = 0;
    for command in COMMANDS {
        let examples = examples_in(&help_of(command)).unwrap_or_else(|e| panic!("salesim {command} --help: {e}"));
        for example in examples {
            let out = Command::new("sh")
                .arg("-c")
                .arg(&example)
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("HOME", dir.path())
                .output()
                .expect("sh runs");
            assert!(
                out.status.success(),
                "`{example}` (from salesim {command} --help) exited {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
            ran += 1;
        }
    }
    assert!(ran >= 20, "only {ran} examples found");
}

#[test]
fn a_wrapped_example_without_a_backslash_is_caught() {
    let help = "Examples:\n  salesim sweep x --vary a \\\n      --vary b\n  salesim sweep x --vary a --vary\n      b\n";
    assert!(examples_in(help).unwrap_err().contains("without a backslash"));
    let ok = "Example:\n  salesim run a \\\n      --format json\n  salesim list\n\nExit status: 0";
    assert_eq!(examples_in(ok).unwrap(), ["salesim run a  --format json", "salesim list"]);
}

#[test]
fn every_command_of_the_top_level_help_is_covered() {
    let help = help_of("");
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|&c| c != "help")
        .collect();
    assert!(listed.len() >= 15, "{listed:?}");
    for c in listed {
        assert!(COMMANDS.contains(&c), "salesim {c} is not in COMMANDS: its examples would not run");
    }
}
