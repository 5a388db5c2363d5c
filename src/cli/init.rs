//! `salesim init BUNDLED [FILE]`: writes an editable copy of a bundled
//! scenario, the usual first step towards a scenario of one's own.

use std::path::PathBuf;

use super::CliError;
use super::args::InitArgs;

/// Writes the bundled scenario's text to `FILE` (default `NAME.toml`).
pub fn init(a: InitArgs) -> Result<i32, CliError> {
    let Some(b) = salesim::bundled::find(&a.scenario) else {
        let names: Vec<&str> = salesim::bundled::BUNDLED.iter().map(|b| b.name).collect();
        let hint = salesim::config::error::closest(&a.scenario, names.iter().copied())
            .map(|n| format!("did you mean `{n}`?"))
            .unwrap_or_else(|| format!("bundled scenarios: {}", names.join(", ")));
        return Err(CliError::Input(format!("`{}` is not a bundled scenario; {hint}", a.scenario)));
    };
    let file = a.file.unwrap_or_else(|| PathBuf::from(format!("{}.toml", b.name)));
    if file.exists() && !a.force {
        return Err(CliError::Input(format!(
            "{} exists; give another file name or --force to replace it",
            file.display()
        )));
    }
    std::fs::write(&file, b.text).map_err(|e| CliError::Input(format!("{}: cannot write: {e}", file.display())))?;
    errln!(
        "wrote {} (a copy of the bundled `{}`); edit its [[strategy]] tables, then `salesim check {}` and `salesim run {}`",
        file.display(),
        b.name,
        file.display(),
        file.display()
    );
    Ok(0)
}
