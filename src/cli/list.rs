//! `salesim list`: the bundled scenarios, one line each.

use salesim::bundled::{BUNDLED, description};

use super::CliError;

pub fn list() -> Result<i32, CliError> {
    let width = BUNDLED.iter().map(|b| b.name.len()).max().unwrap_or(0);
    for b in BUNDLED {
        outln!("{:<width$}  {}", b.name, description(b));
    }
    outln!("\nRun one with `salesim run NAME` or `salesim run scenarios/NAME.toml`.");
    Ok(0)
}
