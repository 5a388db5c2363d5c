//! `salesim demo NAME`: classroom demos.

use super::CliError;
use super::args::DemoArgs;

pub fn demo(_a: DemoArgs) -> Result<i32, CliError> {
    Err(CliError::Failure("not yet".into()))
}
