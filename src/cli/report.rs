//! `salesim report` and `run --report`: run a scenario and write the HTML report
//! with its charts (SVG and PNG) to a directory.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Instant;

use salesim::analysis::pareto::Limits;
use salesim::config::Scenario;
use salesim::experiment::executor::Finished;
use salesim::experiment::summary::{Coverage, ExperimentSummary, weekly_series};
use salesim::experiment::{ExperimentTotals, RunOptions, run_with, summarize};
use salesim::report::calibration::beside;
use salesim::report::charts::{Figure, SIZE, to_png, to_svg};
use salesim::report::figures::{RUN_CHARTS, RunData, run_charts};
use salesim::report::html::{answer, report_html};
use salesim::report::markdown::report_markdown;
use salesim::report::output::OutputSet;

use super::args::ReportArgs;
use super::{CliError, load_scenario};

/// The report file's name inside the output directory.
pub const REPORT_FILE: &str = "report.html";

/// The Markdown summary's name inside the output directory.
pub const SUMMARY_FILE: &str = "report.md";

/// Every file a report writes: the HTML, its Markdown summary and each chart
/// as SVG and PNG.
pub fn report_files() -> Vec<String> {
    let mut names = vec![REPORT_FILE.to_string(), SUMMARY_FILE.to_string()];
    for c in RUN_CHARTS {
        names.extend([format!("{c}.svg"), format!("{c}.png")]);
    }
    names
}

/// Claims `dir` for a report (before any simulation runs).
pub fn prepare(dir: &Path, force: bool) -> Result<OutputSet, CliError> {
    let names = report_files();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    super::run::claim(dir, &refs, force)
}

/// The scenario of a report: as the user named it (a file path or a bundled
/// name), parsed, and its text.
pub struct Source<'a> {
    /// The scenario argument exactly as given.
    pub spec: &'a str,
    /// The parsed scenario.
    pub scenario: &'a Scenario,
    /// The file's text (or the bundled text).
    pub text: &'a str,
    /// Its plausibility warnings, shown near the top of the report.
    pub warnings: &'a [String],
}

/// Writes the report, its Markdown summary and its charts to the claimed set,
/// all or nothing; returns the answer paragraph.
pub fn write_report(
    set: OutputSet,
    summary: &ExperimentSummary,
    totals: &ExperimentTotals,
    source: &Source,
    limits: Limits,
) -> Result<String, CliError> {
    let started = Instant::now();
    let weekly = weekly_series(totals, source.scenario.meta.weeks as usize);
    let calibration = beside(source.spec, source.text, source.scenario);
    let data = RunData::new(summary, &weekly, totals, Some(source.text))
        .with_scenario(source.scenario, source.spec)
        .with_limits(limits)
        .with_warnings(source.warnings)
        .with_calibration(calibration.as_ref());
    let fail = |e: salesim::report::charts::ChartError| CliError::Failure(e.to_string());
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (REPORT_FILE.into(), report_html(&data).map_err(fail)?.into_bytes()),
        (SUMMARY_FILE.into(), report_markdown(&data).into_bytes()),
    ];
    for chart in run_charts(&data) {
        files.push((format!("{}.svg", chart.name()), to_svg(&chart, SIZE).map_err(fail)?.into_bytes()));
        files.push((format!("{}.png", chart.name()), to_png(&chart, SIZE).map_err(fail)?));
    }
    let names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    let refs: Vec<(&str, Vec<u8>)> = names.iter().map(String::as_str).zip(files.into_iter().map(|f| f.1)).collect();
    let dir = set.dir().to_path_buf();
    set.commit(&refs).map_err(|e| CliError::Failure(e.to_string()))?;
    errln!(
        "wrote {}, {} and {} charts (SVG and PNG) in {:.1} s",
        dir.join(REPORT_FILE).display(),
        SUMMARY_FILE,
        RUN_CHARTS.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(answer(&data))
}

/// `salesim report`: runs the scenario and writes the report. Ctrl-C (or
/// SIGTERM) stops it as it stops `run`: the finished replications make a
/// report marked PARTIAL, exit 1; none finished: nothing is written, exit 1.
pub fn report(a: ReportArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let warnings = super::plausibility_gate(&scenario, &a.scenario)?;
    let limits = super::limits_of(&a.limits)?;
    let replications =
        super::replications_of(a.replications.unwrap_or(u64::from(scenario.experiment.replications)), 1)?;
    let threads = super::threads_of(a.threads)?;
    super::cost_guard(&scenario, replications, threads, a.allow_large)?;
    let set = prepare(&a.out, a.force)?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let (totals, finished, interrupted) = run_with_progress(&scenario, seed, replications, threads, a.quiet)?;
    let done = totals.replications();
    if interrupted {
        let by = super::signals::received().unwrap_or("a signal");
        if done == 0 {
            errln!("Interrupted by {by} before any replication finished; nothing was written.");
            return Ok(1);
        }
        errln!("Interrupted by {by}: {done} of {replications} replications finished; the report is PARTIAL.");
    }
    let mut summary = summarize(&scenario, &totals, seed, true, interrupted);
    summary.coverage = interrupted.then(|| Coverage {
        of: replications,
        ranges: finished.ranges().into_iter().map(|r| [r.start, r.end]).collect(),
        shard: None,
        interrupted,
    });
    let source = Source { spec: &a.scenario, scenario: &scenario, text: &text, warnings: &warnings };
    let answer = write_report(set, &summary, &totals, &source, limits)?;
    outln!("{answer}");
    Ok(if interrupted { 1 } else { 0 })
}

/// Runs every strategy of `scenario` on common random numbers with the
/// process's cancellation flag and, unless `quiet` (or stderr is not a
/// terminal), a progress bar: the totals, the finished replications and
/// whether a signal stopped it. Shared by `report` and `pareto`.
pub fn run_with_progress(
    scenario: &Scenario,
    seed: u64,
    replications: u64,
    threads: Option<usize>,
    quiet: bool,
) -> Result<(ExperimentTotals, Finished, bool), CliError> {
    let mut opts = RunOptions::new(seed, replications);
    opts.threads = threads;
    opts.cancel = super::signals::cancel_flag();
    let progress = (!quiet && std::io::stderr().is_terminal())
        .then(|| super::run::spawn_progress(opts.done.clone(), replications, "replications"));
    let result = run_with(scenario, &opts, Finished::default);
    if let Some((bar, handle)) = progress {
        bar.finish_and_clear();
        let _ = handle.join();
    }
    let (totals, finished) = result.map_err(|e| CliError::Failure(e.to_string()))?;
    Ok((totals, finished, opts.cancel.load(Ordering::SeqCst)))
}
