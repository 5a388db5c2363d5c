//! `salesim merge`: combine shard files into the result of a single run.

use salesim::config::Scenario;
use salesim::experiment::shard::{SHARD_FORMAT, ShardFile, merge as merge_shards};
use salesim::experiment::summarize;
use salesim::report::output::prepare_dir;

use super::CliError;
use super::args::MergeArgs;
use super::run::{RESULT_FILES, emit};

pub fn merge(a: MergeArgs) -> Result<i32, CliError> {
    let mut files = Vec::new();
    for path in &a.shards {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| CliError::Input(format!("{name}: cannot read: {e}")))?;
        let shard: ShardFile = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Input(format!("{name}: not a salesim shard file ({e})")))?;
        if shard.format != SHARD_FORMAT {
            return Err(CliError::Input(format!(
                "{name}: shard format {} (salesim {}), but this salesim {} reads format {SHARD_FORMAT}; \
                 re-run the shard with this version",
                shard.format,
                shard.salesim_version,
                env!("CARGO_PKG_VERSION")
            )));
        }
        files.push((name, shard));
    }
    let (first, totals) = merge_shards(&files).map_err(|e| CliError::Input(e.to_string()))?;
    let scenario = Scenario::from_toml_str(&first.scenario_text)
        .map_err(|e| CliError::Input(format!("{}: embedded scenario is invalid: {e}", files[0].0)))?;
    if let Some(dir) = &a.output.out {
        prepare_dir(dir, &RESULT_FILES, a.output.force).map_err(|e| CliError::Input(e.to_string()))?;
    }
    let summary = summarize(&scenario, &totals, first.seed, first.crn, false);
    emit(&summary, &totals, &scenario, &a.output)?;
    Ok(0)
}
