//! `salesim merge`: combine shard files into the result of a single run.

use salesim::experiment::provenance::Provenance;
use salesim::experiment::shard::{merge as merge_shards, read_shard};
use salesim::experiment::summarize;
use salesim::report::output::prepare_dir;

use super::CliError;
use super::args::MergeArgs;
use super::run::{RESULT_FILES, emit};

pub fn merge(a: MergeArgs) -> Result<i32, CliError> {
    let mut files = Vec::new();
    let mut scenario = None;
    for path in &a.shards {
        let name = path.display().to_string();
        let bytes = super::read_capped(path, super::MAX_SHARD_BYTES)?;
        let (shard, embedded) = read_shard(&name, &bytes).map_err(|e| CliError::Input(e.to_string()))?;
        scenario.get_or_insert(embedded);
        files.push((name, shard));
    }
    let (first, totals) = merge_shards(&files).map_err(|e| CliError::Input(e.to_string()))?;
    let scenario = scenario.ok_or_else(|| CliError::Input("no shard files given".into()))?;
    if let Some(dir) = &a.output.out {
        prepare_dir(dir, &RESULT_FILES, a.output.force).map_err(|e| CliError::Input(e.to_string()))?;
    }
    let mut summary = summarize(&scenario, &totals, first.seed, first.crn, false);
    summary.provenance = Some(Provenance::new(
        &scenario.meta.name,
        first.scenario_text.as_bytes(),
        first.seed,
        first.replications_total,
    ));
    if let Some(warning) = salesim::experiment::stats::few_replications_warning(summary.replications) {
        errln!("warning: {warning}");
    }
    emit(&summary, &totals, &scenario, &a.output)?;
    Ok(0)
}
