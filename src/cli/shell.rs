//! `salesim completions SHELL` and `salesim man`: shell completion scripts
//! (clap_complete) and manual pages in roff (clap_mangen), generated from the
//! same clap definitions the command line parses with, so they never drift.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::CliError;
use super::args::{Cli, CompletionsArgs, ManArgs};

/// Prints the completion script for a shell.
pub fn completions(a: CompletionsArgs) -> Result<i32, CliError> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "salesim", &mut buf);
    write_stdout(&buf)?;
    Ok(0)
}

/// Prints the manual page of `salesim`, or writes one page per command to `--out`.
pub fn man(a: ManArgs) -> Result<i32, CliError> {
    let cmd = Cli::command();
    match &a.out {
        None => {
            let mut buf = Vec::new();
            render(&cmd, &mut buf)?;
            write_stdout(&buf)?;
        }
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| CliError::Input(format!("{}: cannot create: {e}", dir.display())))?;
            let mut written = vec![page(dir, "salesim", &cmd)?];
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let name = format!("salesim-{}", sub.get_name());
                let sub = sub.clone().name(name.clone());
                written.push(page(dir, &name, &sub)?);
            }
            errln!("wrote {} manual pages to {}", written.len(), dir.display());
        }
    }
    Ok(0)
}

fn render(cmd: &clap::Command, out: &mut Vec<u8>) -> Result<(), CliError> {
    clap_mangen::Man::new(cmd.clone()).render(out).map_err(|e| CliError::Failure(format!("man page: {e}")))
}

/// Writes `NAME.1` into `dir`.
fn page(dir: &Path, name: &str, cmd: &clap::Command) -> Result<String, CliError> {
    let mut buf = Vec::new();
    render(cmd, &mut buf)?;
    let file = format!("{name}.1");
    std::fs::write(dir.join(&file), buf)
        .map_err(|e| CliError::Failure(format!("{}: cannot write: {e}", dir.join(&file).display())))?;
    Ok(file)
}

/// Writes to stdout; a closed pipe (`| head`) ends the output quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Failure(format!("stdout: {e}"))),
        _ => Ok(()),
    }
}
