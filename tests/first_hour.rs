//! The first hour: `init` writes an editable copy of a bundled scenario (and
//! refuses to overwrite one), shell completions and manual pages come from
//! the command-line definitions themselves.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_salesim");

fn salesim(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(dir).output().expect("salesim starts")
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
