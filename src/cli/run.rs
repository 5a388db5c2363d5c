//! `salesim run`: the main job.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use salesim::analysis::uncertainty::{Worlds, robustness_lines};
use salesim::config::Scenario;
use salesim::experiment::executor::Finished;
use salesim::experiment::feasible::BestWithinLimit;
use salesim::experiment::per_replication::run_in_batches;
use salesim::experiment::provenance::Provenance;
use salesim::experiment::shard::{SHARD_FORMAT, ShardFile, ShardSpec};
use salesim::experiment::summary::{Coverage, ExperimentSummary, WeeklySeries, weekly_series};
use salesim::experiment::{ExperimentTotals, RunOptions, run_with, summarize};
use salesim::report::csv::{Names, header_of, replications_header, replications_rows, sidecar};
use salesim::report::output::{OutputError, OutputSet};
use salesim::report::{Exporter, csv::SummaryCsv, csv::weekly_csv, exporter, json::JsonExporter, table::TableExporter};

use super::args::{FormatArg, OutputArgs, RunArgs};
use super::{CliError, format_of, load_scenario};

/// Files a complete `run` or `merge` writes to `--out`: the JSON, then each
/// CSV file followed by its sidecar (`NAME.csv.meta.json`: provenance, units).
pub const COMPLETE_FILES: [&str; 5] =
    ["results.json", "summary.csv", "summary.csv.meta.json", "weekly.csv", "weekly.csv.meta.json"];

/// Files an interrupted run writes to `--out` instead.
pub const PARTIAL_FILES: [&str; 5] = [
    "results.partial.json",
    "summary.partial.csv",
    "summary.partial.csv.meta.json",
    "weekly.partial.csv",
    "weekly.partial.csv.meta.json",
];

/// The per-replication file `run --per-replication` adds to `--out`, complete
/// and partial.
pub const REPLICATION_FILES: [&str; 2] = ["replications.csv", "replications.partial.csv"];

/// The sidecars of [`REPLICATION_FILES`].
pub const REPLICATION_SIDECARS: [&str; 2] = ["replications.csv.meta.json", "replications.partial.csv.meta.json"];

/// The output set of `run` and `merge` in `--out`: complete and partial files
/// together, per-replication files included, so that a run refuses to
/// overwrite any of them without `--force` and replaces the whole set (a
/// complete result removes an earlier partial one, a run without
/// `--per-replication` an earlier run's `replications.csv`).
pub const RESULT_FILES: [&str; 14] = [
    COMPLETE_FILES[0],
    COMPLETE_FILES[1],
    COMPLETE_FILES[2],
    COMPLETE_FILES[3],
    COMPLETE_FILES[4],
    PARTIAL_FILES[0],
    PARTIAL_FILES[1],
    PARTIAL_FILES[2],
    PARTIAL_FILES[3],
    PARTIAL_FILES[4],
    REPLICATION_FILES[0],
    REPLICATION_FILES[1],
    REPLICATION_SIDECARS[0],
    REPLICATION_SIDECARS[1],
];

/// Claims an output set before any computing; a refusal is the user's to fix
/// (exit status 2).
pub fn claim(dir: &Path, names: &[&str], force: bool) -> Result<OutputSet, CliError> {
    let set = OutputSet::claim(dir, names, force).map_err(|e| CliError::Input(e.to_string()))?;
    for note in set.notes() {
        errln!("note: {note}");
    }
    Ok(set)
}

/// A failure writing a claimed set (exit status 1).
fn write_failure(e: OutputError) -> CliError {
    CliError::Failure(e.to_string())
}

pub fn run(a: RunArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let plausibility = super::plausibility_gate(&scenario, &a.scenario)?;
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
    if let Some(m) = a.max_attrition
        && !(m.is_finite() && m >= 0.0)
    {
        return Err(CliError::Input(format!("--max-attrition {m}: give a percentage of 0 or more")));
    }
    if a.per_replication && shard.is_some() {
        return Err(CliError::Input(
            "--per-replication writes one file for the whole run; run it without --shard (each shard's rows are the rows of its replications, so run shards as separate runs with --replications and --seed if you need them split)".into(),
        ));
    }
    if a.report.is_some() && shard.is_some() {
        return Err(CliError::Input(
            "--report needs every replication; run the shards, `salesim merge` them, then `salesim report`".into(),
        ));
    }
    // Every output place is claimed (locked, checked, probed) before computing.
    let mut out_set = match (&a.output.out, &shard_name) {
        (Some(dir), Some(name)) => Some(claim(dir, &[name.as_str()], a.output.force)?),
        (Some(dir), None) => Some(claim(dir, &RESULT_FILES, a.output.force)?),
        (None, _) => None,
    };
    let report_set = a.report.as_deref().map(|dir| super::report::prepare(dir, a.output.force)).transpose()?;

    let mut opts = RunOptions::new(seed, replications);
    opts.range = range.clone();
    opts.threads = threads;
    opts.crn = !a.no_crn;
    opts.cancel = super::signals::cancel_flag();

    let work = range.end - range.start;
    let progress =
        (!a.quiet && std::io::stderr().is_terminal()).then(|| spawn_progress(opts.done.clone(), work, "replications"));
    let started = Instant::now();
    let n = scenario.strategies.len();
    // The finished replications are recorded for a partial result to name them.
    let collectors = || (Finished::default(), a.max_attrition.map(|limit| BestWithinLimit::new(limit, n)));
    let (mut totals, (finished, best)) = match out_set.as_mut().filter(|_| a.per_replication) {
        Some(set) => per_replication_rows(&scenario, &opts, set, collectors)?,
        None => run_with(&scenario, &opts, collectors).map_err(|e| CliError::Failure(e.to_string()))?,
    };
    if let Some(best) = best {
        best.record(&mut totals);
    }
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
        let by = super::signals::received().unwrap_or("a signal");
        if done == 0 {
            errln!("Interrupted by {by} before any replication finished; nothing was written.");
            return Ok(1);
        }
        errln!("Interrupted by {by}: {done} of {work} replications finished; the result below is PARTIAL.");
    }
    let coverage = (interrupted || shard.is_some()).then(|| Coverage {
        of: replications,
        ranges: finished.ranges().into_iter().map(|r| [r.start, r.end]).collect(),
        shard: shard.map(|s| [s.index, s.count]),
        interrupted,
    });

    if let (Some(spec), Some(name)) = (shard, &shard_name)
        && let Some(set) = out_set
    {
        let file = ShardFile {
            format: SHARD_FORMAT,
            salesim_version: salesim::experiment::provenance::SALESIM_VERSION.to_string(),
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
        let path = set.commit(&[(name.as_str(), bytes)]).map_err(write_failure)?;
        let path = path.first().map(|p| p.display().to_string()).unwrap_or_default();
        errln!(
            "wrote {path} (shard {} of {}: replications {}..{} of {replications})",
            spec.index,
            spec.count,
            range.start,
            range.end
        );
        return Ok(if interrupted { 1 } else { 0 });
    }

    let mut summary = summarize(&scenario, &totals, seed, opts.crn, interrupted || shard.is_some());
    summary.coverage = coverage;
    summary.provenance = Some(Provenance::new(&scenario.meta.name, text.as_bytes(), seed, replications));
    if a.per_replication
        && let Some(set) = out_set.as_mut()
        && summary.partial
    {
        // The rows went to the complete name while running; an interrupted
        // run's file says so in its name, like the others.
        rename_staged(set, REPLICATION_FILES[0], REPLICATION_FILES[1])?;
    }
    if let Some(note) = summary.partial_note().filter(|_| shard.is_some() && !interrupted) {
        errln!("note: this is {note}; for the result, run every shard with --out and `salesim merge` the files");
    }
    if let Some(warning) = salesim::experiment::stats::few_replications_warning(summary.replications) {
        errln!("warning: {warning}");
    }
    // Files first, then stdout: a closed stdout cannot cost the files.
    let weekly = weekly_series(&totals, scenario.meta.weeks as usize);
    if let Some(set) = out_set {
        let replications_header = a.per_replication.then(|| header_of(&replications_header(&scenario)));
        write_results(set, &summary, &weekly, replications_header)?;
    }
    if let Some(set) = report_set {
        let source =
            super::report::Source { spec: &a.scenario, scenario: &scenario, text: &text, warnings: &plausibility };
        super::report::write_report(set, &summary, &totals, &source, Default::default())?;
    }
    // A scenario written by `salesim calibrate`: its fit heads the table.
    let calibration = salesim::report::calibration::beside(&a.scenario, &text, &scenario);
    let table = a.output.format == FormatArg::Table;
    if let Some(c) = calibration.as_ref().filter(|c| !c.applies()) {
        errln!("note: {}", c.edited_note());
    }
    if let Some(c) = calibration.as_ref().filter(|c| table && c.applies()) {
        for line in c.header_lines() {
            outln!("{line}");
        }
        outln!();
    }
    print_summary(&summary, &weekly, a.output.format)?;
    if table {
        let worlds = match calibration.as_ref().filter(|c| c.applies()) {
            Some(_) => Worlds::YourTeam,
            None => Worlds::Plausible,
        };
        for line in robustness_lines(&summary, worlds) {
            outln!("{line}");
        }
    }
    Ok(if interrupted { 1 } else { 0 })
}

/// Runs the experiment of `opts` in batches, streaming one row per
/// replication and strategy into `replications.csv` staged in `set` (the
/// set's commit installs it with the other files). Memory stays flat: a batch
/// of rows at a time.
fn per_replication_rows<C, F>(
    scenario: &Scenario,
    opts: &RunOptions,
    set: &mut OutputSet,
    collectors: F,
) -> Result<(ExperimentTotals, C), CliError>
where
    C: salesim::experiment::executor::Collector,
    F: Fn() -> C + Sync + Send,
{
    let path = set.staged(REPLICATION_FILES[0]);
    let io = |e: std::io::Error| CliError::Failure(format!("cannot write {}: {e}", path.display()));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).map_err(io)?);
    file.write_all(&replications_header(scenario)).map_err(io)?;
    let result = run_in_batches(scenario, opts, collectors, |rows| file.write_all(&replications_rows(scenario, &rows)))
        .map_err(|e| CliError::Failure(e.to_string()))?
        .map_err(io)?;
    file.into_inner().map_err(|e| io(e.into_error()))?.sync_all().map_err(io)?;
    Ok(result)
}

/// Renames a file written under a staged path of `set` to another member's
/// name.
fn rename_staged(set: &mut OutputSet, from: &str, to: &str) -> Result<(), CliError> {
    let from_path = set.unstage(from);
    let to_path = set.staged(to);
    std::fs::rename(&from_path, &to_path)
        .map_err(|e| CliError::Failure(format!("cannot rename {} to {}: {e}", from_path.display(), to_path.display())))
}

/// Writes `--out` files (claiming the set now) and then prints the summary
/// in the chosen format: for `merge`, whose work is reading files.
pub fn emit(
    summary: &ExperimentSummary,
    totals: &ExperimentTotals,
    scenario: &Scenario,
    out: &OutputArgs,
) -> Result<(), CliError> {
    let weekly: WeeklySeries = weekly_series(totals, scenario.meta.weeks as usize);
    if let Some(dir) = &out.out {
        write_results(claim(dir, &RESULT_FILES, out.force)?, summary, &weekly, None)?;
    }
    print_summary(summary, &weekly, out.format)
}

/// Replaces the result set in a claimed `--out` with this summary's files:
/// the JSON, each CSV file with its sidecar, and the sidecar of the
/// per-replication file when the run streamed one (its header given).
fn write_results(
    set: OutputSet,
    summary: &ExperimentSummary,
    weekly: &WeeklySeries,
    replications_header: Option<Vec<String>>,
) -> Result<(), CliError> {
    // An interrupted run never poses as a finished one: its files say so in
    // their names as well as in the JSON's "partial" key.
    let names = if summary.partial { PARTIAL_FILES } else { COMPLETE_FILES };
    let provenance =
        summary.provenance.clone().ok_or_else(|| CliError::Failure("internal: a result without provenance".into()))?;
    let summary_csv = SummaryCsv.serialize(summary, None);
    let weekly_csv = weekly_csv(summary, weekly);
    let summary_meta = sidecar(names[1], &provenance, &header_of(&summary_csv), Names::Metrics);
    let weekly_meta = sidecar(names[3], &provenance, &header_of(&weekly_csv), Names::Weekly);
    let mut files: Vec<(&str, Vec<u8>)> = vec![
        (names[0], JsonExporter.serialize(summary, None)),
        (names[1], summary_csv),
        (names[2], summary_meta),
        (names[3], weekly_csv),
        (names[4], weekly_meta),
    ];
    if let Some(header) = replications_header {
        let k = usize::from(summary.partial);
        files.push((REPLICATION_SIDECARS[k], sidecar(REPLICATION_FILES[k], &provenance, &header, Names::Metrics)));
    }
    let written = set.commit(&files).map_err(write_failure)?;
    errln!("wrote {}", written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    Ok(())
}

/// Prints the summary on stdout. A closed stdout (`| head`) ends the printing
/// quietly: it is where the reader stopped, not a failure of the run.
/// The table fits a terminal's width; in a file or a pipe it keeps its
/// stable layout.
fn print_summary(summary: &ExperimentSummary, weekly: &WeeklySeries, format: FormatArg) -> Result<(), CliError> {
    let bytes = match format {
        FormatArg::Table => TableExporter { width: super::terminal::stdout_width() }.serialize(summary, Some(weekly)),
        _ => exporter(format_of(format)).serialize(summary, Some(weekly)),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&bytes).and_then(|_| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::Failure(format!("cannot write to stdout: {e}")))
        }
        _ => Ok(()),
    }
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

/// `--shard K/N`, or `--shard slurm` for this Slurm array task's shard.
/// Without `--shard` the Slurm environment is ignored (with a note when it is
/// there): a run never silently computes a fraction of its replications.
fn shard_spec(flag: Option<&str>) -> Result<Option<ShardSpec>, CliError> {
    let var = |k: &str| std::env::var(k).ok();
    match flag {
        Some(text) if text.trim().eq_ignore_ascii_case("slurm") => slurm_shard(var).map(Some).map_err(CliError::Input),
        Some(text) => ShardSpec::parse(text).map(Some).map_err(CliError::Input),
        None => {
            if let Some(id) = var("SLURM_ARRAY_TASK_ID") {
                errln!(
                    "note: SLURM_ARRAY_TASK_ID={} is set but --shard is not: running every replication (give --shard slurm to run this array task's shard)",
                    id.trim()
                );
            }
            Ok(None)
        }
    }
}

/// The shard of this Slurm array task, from `SLURM_ARRAY_TASK_ID`, `_MIN`,
/// `_MAX`, `_STEP` and `_COUNT` (read through `var`): task ids `MIN, MIN +
/// STEP, ..., MAX` are shards `1..N`, so `--array=0-15:4` gives tasks 0, 4, 8
/// and 12 shards 1 to 4 of 4. A list that is not evenly stepped (`1,2,7`) is
/// refused rather than mapped onto the wrong shares.
pub fn slurm_shard(var: impl Fn(&str) -> Option<String>) -> Result<ShardSpec, String> {
    let get = |k: &str| -> Result<Option<u64>, String> {
        match var(k) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<u64>()
                .map(Some)
                .map_err(|_| format!("--shard slurm: {k}=`{}` is not a whole number", v.trim())),
        }
    };
    let id = get("SLURM_ARRAY_TASK_ID")?.ok_or(
        "--shard slurm: SLURM_ARRAY_TASK_ID is not set; run inside a Slurm job array (sbatch --array=1-16) or give --shard K/N",
    )?;
    let step = get("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1);
    if step == 0 {
        return Err("--shard slurm: SLURM_ARRAY_TASK_STEP is 0".into());
    }
    let count = get("SLURM_ARRAY_TASK_COUNT")?.filter(|&n| n > 0);
    let (min, max) = (get("SLURM_ARRAY_TASK_MIN")?, get("SLURM_ARRAY_TASK_MAX")?);
    let min = match (min, max, count) {
        (Some(min), _, _) => min,
        (None, Some(max), Some(n)) => (n - 1).checked_mul(step).and_then(|span| max.checked_sub(span)).unwrap_or(0),
        // Slurm sets MIN; without it, ids count from 0 (--array=0-N).
        _ => 0,
    };
    // MAX may be the last task id or the range's end (0-15:4 has tasks 0, 4, 8, 12).
    let n = match (max, count) {
        (Some(max), _) if max < min => {
            return Err(format!("--shard slurm: SLURM_ARRAY_TASK_MAX={max} is below SLURM_ARRAY_TASK_MIN={min}"));
        }
        (Some(max), Some(n)) if (max - min) / step + 1 != n => {
            return Err(format!(
                "--shard slurm: the array {min}-{max}:{step} does not have {n} tasks (SLURM_ARRAY_TASK_COUNT); declare the array as an evenly stepped range (--array=1-16 or --array=0-60:4), or give --shard K/N"
            ));
        }
        (Some(max), _) => (max - min) / step + 1,
        (None, Some(n)) => n,
        (None, None) => {
            return Err("--shard slurm: neither SLURM_ARRAY_TASK_MAX nor SLURM_ARRAY_TASK_COUNT is set".into());
        }
    };
    if id < min || (id - min) % step != 0 || (id - min) / step >= n {
        return Err(format!(
            "--shard slurm: task {id} is not one of the array's {n} tasks {min}, {}, ... (step {step})",
            min.saturating_add(step)
        ));
    }
    Ok(ShardSpec { index: (id - min) / step + 1, count: n })
}

/// A progress bar on stderr that follows the count `done` of `total` `unit`
/// (finish it with `finish_and_clear`, then join the handle). Every long
/// command shows one unless `-q` or stderr is not a terminal.
pub fn spawn_progress(
    done: Arc<std::sync::atomic::AtomicU64>,
    total: u64,
    unit: &str,
) -> (indicatif::ProgressBar, std::thread::JoinHandle<()>) {
    let bar = indicatif::ProgressBar::new(total);
    bar.set_style(
        indicatif::ProgressStyle::with_template(&super::terminal::progress_template(&format!(
            "{{bar}} {{pos}}/{{len}} {unit}  {{rate}}  ETA {{eta}}"
        )))
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
            b.set_position(done.load(Ordering::Relaxed).min(total));
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
