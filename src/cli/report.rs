//! `salesim report` and `run --report`: run a scenario and write the HTML report
//! with its charts (SVG and PNG) to a directory.

use std::path::Path;
use std::time::Instant;

use salesim::config::Scenario;
use salesim::experiment::summary::{ExperimentSummary, weekly_series};
use salesim::experiment::{ExperimentTotals, RunOptions, run as run_experiment, summarize};
use salesim::report::charts::{Figure, SIZE, to_png, to_svg};
use salesim::report::figures::{RUN_CHARTS, RunData, run_charts};
use salesim::report::html::{answer, report_html};
use salesim::report::output::{prepare_dir, write_all_atomic};

use super::args::ReportArgs;
use super::{CliError, load_scenario};

/// The report file's name inside the output directory.
pub const REPORT_FILE: &str = "report.html";

/// Every file a report writes: the HTML and each chart as SVG and PNG.
pub fn report_files() -> Vec<String> {
    let mut names = vec![REPORT_FILE.to_string()];
    for c in RUN_CHARTS {
        names.extend([format!("{c}.svg"), format!("{c}.png")]);
    }
    names
}

/// Checks that `dir` may receive a report (before any simulation runs).
pub fn prepare(dir: &Path, force: bool) -> Result<(), CliError> {
    let names = report_files();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    prepare_dir(dir, &refs, force).map_err(|e| CliError::Input(e.to_string()))
}

/// Writes the report and its charts to `dir`, all or nothing.
pub fn write_report(
    dir: &Path,
    summary: &ExperimentSummary,
    totals: &ExperimentTotals,
    scenario: &Scenario,
    text: &str,
) -> Result<(), CliError> {
    let started = Instant::now();
    let weekly = weekly_series(totals, scenario.meta.weeks as usize);
    let data = RunData::new(summary, &weekly, totals, Some(text));
    let fail = |e: salesim::report::charts::ChartError| CliError::Failure(e.to_string());
    let mut files: Vec<(String, Vec<u8>)> = vec![(REPORT_FILE.into(), report_html(&data).map_err(fail)?.into_bytes())];
    for chart in run_charts(&data) {
        files.push((format!("{}.svg", chart.name()), to_svg(&chart, SIZE).map_err(fail)?.into_bytes()));
        files.push((format!("{}.png", chart.name()), to_png(&chart, SIZE).map_err(fail)?));
    }
    let names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    let refs: Vec<(&str, Vec<u8>)> = names.iter().map(String::as_str).zip(files.into_iter().map(|f| f.1)).collect();
    write_all_atomic(dir, &refs).map_err(|e| CliError::Failure(e.to_string()))?;
    errln!(
        "wrote {} and {} charts (SVG and PNG) in {:.1} s",
        dir.join(REPORT_FILE).display(),
        RUN_CHARTS.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn report(a: ReportArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let replications =
        super::replications_of(a.replications.unwrap_or(u64::from(scenario.experiment.replications)), 1)?;
    let threads = super::threads_of(a.threads)?;
    super::cost_guard(&scenario, replications, threads, a.allow_large)?;
    prepare(&a.out, a.force)?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let mut opts = RunOptions::new(seed, replications);
    opts.threads = threads;
    let totals = run_experiment(&scenario, &opts).map_err(|e| CliError::Failure(e.to_string()))?;
    let summary = summarize(&scenario, &totals, seed, opts.crn, false);
    write_report(&a.out, &summary, &totals, &scenario, &text)?;
    outln!("{}", answer(&summary));
    Ok(0)
}
