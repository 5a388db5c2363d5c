//! `salesim run`: the main job.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use salesim::config::Scenario;
use salesim::experiment::feasible::BestWithinLimit;
use salesim::experiment::shard::{SHARD_FORMAT, ShardFile, ShardSpec};
use salesim::experiment::summary::{ExperimentSummary, WeeklySeries, weekly_series};
use salesim::experiment::{ExperimentTotals, RunOptions, run as run_experiment, run_with, summarize};
use salesim::report::output::{prepare_dir, write_all_atomic, write_atomic};
use salesim::report::{Exporter, csv::SummaryCsv, csv::weekly_csv, exporter, json::JsonExporter};

use super::args::{OutputArgs, RunArgs};
use super::{CliError, format_of, load_scenario};

/// Files `run` and `merge` write to `--out`.
pub const RESULT_FILES: [&str; 3] = ["results.json", "summary.csv", "weekly.csv"];

/// Files an interrupted run writes to `--out` instead.
pub const PARTIAL_FILES: [&str; 3] = ["results.partial.json", "summary.partial.csv", "weekly.partial.csv"];

pub fn run(a: RunArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let replications =
        super::replications_of(a.replications.unwrap_or(u64::from(scenario.experiment.replications)), 1)?;
    let threads = super::threads_of(a.threads)?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let shard = shard_spec(a.shard.as_deref())?;
    let range = shard.map_or(0..replications, |s| s.range(replications));
    super::cost_guard(&scenario, range.end - range.start, threads, a.allow_large)?;
    let shard_name = shard.map(|s| {
        format!("{}-shard-{}-of-{}.json", file_stem(&scenario.meta.name, scenario.fingerprint()), s.index, s.count)
    });
    if let Some(dir) = &a.output.out {
        let names: Vec<&str> = match &shard_name {
            Some(n) => vec![n.as_str()],
            None => RESULT_FILES.to_vec(),
        };
        prepare_dir(dir, &names, a.output.force).map_err(|e| CliError::Input(e.to_string()))?;
    }
    if let Some(dir) = &a.report {
        if shard.is_some() {
            return Err(CliError::Input(
                "--report needs every replication; run the shards, `salesim merge` them, then `salesim report`".into(),
            ));
        }
        super::report::prepare(dir, a.output.force)?;
    }

    let mut opts = RunOptions::new(seed, replications);
    opts.range = range.clone();
    opts.threads = threads;
    opts.crn = !a.no_crn;
    if let Some(m) = a.max_attrition
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(CliError::Input(format!("--max-attrition {m}: give a percentage of 0 or more")));
    }
    let cancel = opts.cancel.clone();
    let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::SeqCst));

    let work = range.end - range.start;
    let progress = (!a.quiet && std::io::stderr().is_terminal()).then(|| spawn_progress(opts.done.clone(), work));
    let started = Instant::now();
    let totals = match a.max_attrition {
        None => run_experiment(&scenario, &opts),
        // The robustness count: a collector fed the same replications.
        Some(limit) => run_with(&scenario, &opts, || BestWithinLimit::new(limit, scenario.strategies.len())).map(
            |(mut totals, best)| {
                best.record(&mut totals);
                totals
            },
        ),
    }
    .map_err(|e| CliError::Failure(e.to_string()))?;
    let elapsed = started.elapsed();
    if let Some((bar, handle)) = progress {
        bar.finish_and_clear();
        let _ = handle.join();
    }
    let interrupted = opts.cancel.load(Ordering::SeqCst);
    let done = totals.replications();
    if a.stats {
        print_stats(&scenario, done, elapsed);
    }
    if interrupted {
        errln!("Interrupted: {done} of {work} replications finished; the result below is PARTIAL.");
    }

    if let (Some(spec), Some(dir), Some(name)) = (shard, &a.output.out, &shard_name) {
        let file = ShardFile {
            format: SHARD_FORMAT,
            salesim_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario: scenario.meta.name.clone(),
            scenario_hash: format!("{:016x}", scenario.fingerprint()),
            scenario_text: text,
            seed,
            replications_total: replications,
            crn: opts.crn,
            shard: spec.index,
            shards: spec.count,
            start: range.start,
            end: range.end,
            complete: !interrupted && done == work,
            checksum: salesim::experiment::shard::checksum(&totals),
            totals,
        };
        let bytes = serde_json::to_vec(&file).map_err(|e| CliError::Failure(e.to_string()))?;
        let path = write_atomic(dir, name, &bytes).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!("wrote {} (replications {}..{} of {replications})", path.display(), range.start, range.end);
        return Ok(if interrupted { 1 } else { 0 });
    }

    let summary = summarize(&scenario, &totals, seed, opts.crn, interrupted || shard.is_some());
    if let Some(warning) = salesim::experiment::stats::few_replications_warning(summary.replications) {
        errln!("warning: {warning}");
    }
    emit(&summary, &totals, &scenario, &a.output)?;
    if let Some(dir) = &a.report {
        super::report::write_report(dir, &summary, &totals, &scenario, &text)?;
    }
    if a.output.format == super::args::FormatArg::Table {
        for line in salesim::analysis::uncertainty::robustness_lines(&summary) {
            outln!("{line}");
        }
    }
    Ok(if interrupted { 1 } else { 0 })
}

/// Prints the summary in the chosen format and writes `--out` files.
pub fn emit(
    summary: &ExperimentSummary,
    totals: &ExperimentTotals,
    scenario: &Scenario,
    out: &OutputArgs,
) -> Result<(), CliError> {
    let weekly: WeeklySeries = weekly_series(totals, scenario.meta.weeks as usize);
    let bytes = exporter(format_of(out.format)).serialize(summary, Some(&weekly));
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(&bytes)
        .and_then(|_| stdout.flush())
        .map_err(|e| CliError::Failure(format!("cannot write to stdout: {e}")))?;
    if let Some(dir) = &out.out {
        // An interrupted run never poses as a finished one: its files say so in
        // their names as well as in the JSON's "partial" key.
        let names = if summary.partial { PARTIAL_FILES } else { RESULT_FILES };
        let files: [(&str, Vec<u8>); 3] = [
            (names[0], JsonExporter.serialize(summary, None)),
            (names[1], SummaryCsv.serialize(summary, None)),
            (names[2], weekly_csv(summary, &weekly)),
        ];
        write_all_atomic(dir, &files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!("wrote {}", names.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", "));
    }
    Ok(())
}

/// The scenario name made safe as a file name: the name is free text, and a `/`
/// or `..` in it must not send the shard file outside `--out`. A name that had
/// to be changed (non-ASCII letters all become `_`) gets 8 hex digits of the
/// scenario's fingerprint, so two such scenarios never share a file name.
fn file_stem(name: &str, fingerprint: u64) -> String {
    let safe: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    let safe = safe.trim_start_matches('.');
    if safe == name {
        return safe.to_string();
    }
    format!("{}-{:08x}", if safe.is_empty() { "scenario" } else { safe }, fingerprint >> 32)
}

/// `--shard`, or the Slurm job-array position when running as an array task.
fn shard_spec(flag: Option<&str>) -> Result<Option<ShardSpec>, CliError> {
    if let Some(text) = flag {
        return ShardSpec::parse(text).map(Some).map_err(CliError::Input);
    }
    let var = |k: &str| std::env::var(k).ok().and_then(|v| v.trim().parse::<u64>().ok());
    match (var("SLURM_ARRAY_TASK_ID"), var("SLURM_ARRAY_TASK_COUNT")) {
        (Some(id), Some(count)) => {
            let min = var("SLURM_ARRAY_TASK_MIN").unwrap_or(0);
            let spec = format!("{}/{}", id.saturating_sub(min) + 1, count);
            ShardSpec::parse(&spec)
                .map(Some)
                .map_err(|e| CliError::Input(format!("from SLURM_ARRAY_TASK_ID/COUNT: {e}")))
        }
        _ => Ok(None),
    }
}

fn spawn_progress(
    done: Arc<std::sync::atomic::AtomicU64>,
    total: u64,
) -> (indicatif::ProgressBar, std::thread::JoinHandle<()>) {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} replications  {rate}  ETA {eta}")
            .map(|style| {
                style.with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.0}/s", state.per_sec());
                })
            })
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let b = bar.clone();
    let handle = std::thread::spawn(move || {
        while !b.is_finished() {
            b.set_position(done.load(Ordering::Relaxed));
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    (bar, handle)
}

fn print_stats(s: &Scenario, replications: u64, elapsed: Duration) {
    let rep_weeks = replications as f64 * s.strategies.len() as f64 * f64::from(s.meta.weeks) * f64::from(s.team.size);
    let secs = elapsed.as_secs_f64().max(1e-9);
    errln!(
        "stats: {:.0} rep-weeks in {:.3} s = {:.2} M rep-weeks/s ({} replications x {} strategies x {} weeks x {} slots; {} kernels)",
        rep_weeks,
        secs,
        rep_weeks / secs / 1e6,
        replications,
        s.strategies.len(),
        s.meta.weeks,
        s.team.size,
        salesim::sim::kernels::Isa::detect().name()
    );
}
