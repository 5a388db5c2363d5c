//! `salesim sweep`: a grid or Latin hypercube over levers of one strategy,
//! streamed to `--out` point by point and resumable.

use std::fs::OpenOptions;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Instant;

use salesim::analysis::design::{Design, Plan, Vary};
use salesim::analysis::levers::{LeverKind, edge_warnings};
use salesim::analysis::plots::{SWEEP_PLOTS, plot_files, sweep_plots};
use salesim::analysis::sweep::{
    DEFAULT_SWEEP_REPLICATIONS, PointResult, SweepDocument, SweepHeader, read_checkpoint, run_sweep, sweep_csv,
};
use salesim::config::Scenario;
use salesim::experiment::Executor;
use salesim::experiment::provenance::{Provenance, SALESIM_VERSION};
use salesim::report::csv::{Names, header_of, sidecar};
use salesim::report::output::OutputSet;

use super::args::{DesignArg, FormatArg, SweepArgs};
use super::{CliError, limits_of, load_scenario};

/// Data files a sweep writes to its directory; the charts (each as SVG and
/// PNG) are listed in [`SWEEP_PLOTS`].
/// `sweep.csv.meta.json` is the sidecar of `sweep.csv` (provenance, units).
pub const SWEEP_FILES: [&str; 5] =
    ["sweep.csv", "sweep.json", "points.jsonl", "sweep_header.json", "sweep.csv.meta.json"];

pub fn sweep(a: SweepArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let plausibility = super::plausibility_gate(&scenario, &a.scenario)?;
    let limits = limits_of(&a.limits)?;
    let threads = super::threads_of(a.threads)?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let (plan, def_reps) = plan_of(&a, &scenario, seed)?;
    let replications = super::replications_of(a.replications.or(def_reps).unwrap_or(DEFAULT_SWEEP_REPLICATIONS), 2)?;
    for warning in plan.levers.iter().filter_map(|v| v.duplicate_levels()) {
        errln!("warning: {}", salesim::config::text::escape(&warning));
    }
    let header = SweepHeader::new(&scenario, &plan, seed, replications);
    let dir = a.out.clone().unwrap_or_else(|| {
        Path::new(&format!("sweep-{}-{}", safe(&scenario.meta.name), safe(&plan.strategy))).to_path_buf()
    });
    let (set, done, mut journal) = open_dir(&dir, &header, a.resume, a.force)?;
    let provenance = Provenance::new(&scenario.meta.name, text.as_bytes(), seed, replications);
    let stamped = JournalHeader {
        salesim_version: Some(SALESIM_VERSION.to_string()),
        provenance: Some(provenance.clone()),
        header: header.clone(),
    };
    let header_bytes = serde_json::to_vec_pretty(&stamped).map_err(|e| CliError::Failure(e.to_string()))?;
    set.replace_now(SWEEP_FILES[3], &header_bytes).map_err(|e| CliError::Failure(e.to_string()))?;
    let keys = plan.keys();

    let cancel = super::signals::cancel_flag();
    let executor =
        Executor::new(seed).threads(threads).map_err(|e| CliError::Failure(e.to_string()))?.cancel_on(cancel.clone());
    let stop = cancel.clone();
    let total = plan.points.len();
    if !done.is_empty() {
        errln!("resuming: {} of {total} points already done in {}", done.len(), dir.display());
    }
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(total as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template(&super::terminal::progress_template(
                "{bar} {pos}/{len} points  ETA {eta}",
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_position(done.len() as u64);
        bar
    });
    let mut all = done.clone();
    let mut io_error: Option<String> = None;
    let started = Instant::now();
    let outcome = run_sweep(&scenario, &plan, &executor, replications, &done, a.max_points, |p: &PointResult| {
        let mut line = serde_json::to_string(p).unwrap_or_default();
        line.push('\n');
        if let Err(e) = journal.write_all(line.as_bytes()).and_then(|_| journal.sync_data()) {
            io_error.get_or_insert(e.to_string());
        }
        all.push(p.clone());
        all.sort_by_key(|q| q.id);
        if let Err(e) = set.replace_now(SWEEP_FILES[0], &sweep_csv(&keys, &all, None)) {
            io_error.get_or_insert(e.to_string());
        }
        if io_error.is_some() {
            // A full disk or a lost directory: stop now rather than compute
            // points that cannot be kept.
            stop.store(true, Ordering::SeqCst);
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
    })
    .map_err(CliError::Input)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    if let Some(e) = io_error {
        return Err(CliError::Failure(format!(
            "cannot stream results to {}: {e}; stopped after {} of {total} points (the finished ones are in {}; \
             free space and continue with --resume)",
            dir.display(),
            all.len(),
            SWEEP_FILES[2]
        )));
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut doc = SweepDocument::new(header, outcome.baseline, all, limits);
    doc.provenance = Some(provenance.clone());
    // A grid's best sits exactly on an edge level; a Latin hypercube's in its
    // outermost stratum.
    let tolerance = plan.design.lhs_points().map_or(0.0, |n| 1.0 / n.max(1) as f64);
    let edges = doc.best_values().map(|b| edge_warnings(&plan.levers, b, tolerance)).unwrap_or_default();
    for w in &edges {
        errln!("warning: {w}");
    }
    doc.warnings = plausibility.into_iter().chain(edges).collect();
    let json = serde_json::to_vec_pretty(&doc).map_err(|e| CliError::Failure(e.to_string()))?;
    let csv = sweep_csv(&keys, &doc.results, Some(&doc.trade_offs));
    // While the sweep runs, sweep_header.json holds its provenance; the
    // sidecar of sweep.csv comes with the final files.
    let csv_meta = sidecar(SWEEP_FILES[0], &provenance, &header_of(&csv), Names::Metrics);
    let charts = plot_files(&sweep_plots(&doc)).map_err(|e| CliError::Failure(e.to_string()))?;
    let mut files: Vec<(&str, Vec<u8>)> =
        vec![(SWEEP_FILES[0], csv), (SWEEP_FILES[4], csv_meta), (SWEEP_FILES[1], json.clone())];
    let n_charts = charts.len() / 2;
    let names: Vec<String> = charts.iter().map(|(n, _)| n.clone()).collect();
    files.extend(names.iter().map(String::as_str).zip(charts.into_iter().map(|(_, bytes)| bytes)));
    set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
    match a.format {
        FormatArg::Json => {
            let _ = std::io::stdout().lock().write_all(&json);
            outln!();
        }
        FormatArg::Csv => {
            let _ = std::io::stdout().lock().write_all(&files[0].1);
        }
        FormatArg::Table => print_table(&doc, &scenario),
    }
    let n_done = doc.results.len();
    errln!(
        "{n_done} of {total} points ({} new, {replications} replications each, {elapsed:.1} s); wrote {}, {} and {} charts (SVG and PNG)",
        outcome.new_points,
        dir.join(SWEEP_FILES[0]).display(),
        dir.join(SWEEP_FILES[1]).display(),
        n_charts
    );
    if n_done < total {
        errln!(
            "The sweep is PARTIAL: {n_done} of {total} points. Continue it with the same command and --resume --out {}.",
            dir.display()
        );
    }
    Ok(if cancel.load(Ordering::SeqCst) { 1 } else { 0 })
}

/// The plan from `--vary` or from a `[[sweep]]` table, and the table's replications.
fn plan_of(a: &SweepArgs, scenario: &Scenario, seed: u64) -> Result<(Plan, Option<u64>), CliError> {
    let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
    if a.vary.is_empty() {
        if scenario.sweeps.is_empty() {
            return Err(CliError::Input(
                "nothing to vary: give --strategy NAME and --vary KEY=LO:HI:STEPS, or add a [[sweep]] table to the scenario"
                    .into(),
            ));
        }
        let name_of = |i: usize| scenario.sweeps[i].name.clone().unwrap_or_else(|| format!("sweep{}", i + 1));
        let index = match &a.name {
            None => 0,
            Some(n) => (0..scenario.sweeps.len()).find(|&i| &name_of(i) == n).ok_or_else(|| {
                let all: Vec<String> = (0..scenario.sweeps.len()).map(name_of).collect();
                CliError::Input(format!("--name {n}: no such [[sweep]]; the scenario defines {}", all.join(", ")))
            })?,
        };
        let def = &scenario.sweeps[index];
        let plan = Plan::from_def(def, seed).map_err(CliError::Input)?;
        return Ok((plan, def.replications.map(u64::from)));
    }
    if a.name.is_some() {
        return Err(CliError::Input("--name picks a [[sweep]] of the scenario; leave out --vary to use it".into()));
    }
    let strategy = a.strategy.clone().ok_or_else(|| {
        CliError::Input(format!("--strategy NAME is required with --vary; strategies: {}", names.join(", ")))
    })?;
    if !names.contains(&strategy.as_str()) {
        let hint = salesim::config::error::closest(&strategy, names.iter().copied())
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        return Err(CliError::Input(format!(
            "--strategy {strategy}: no such strategy; {hint}(strategies: {})",
            names.join(", ")
        )));
    }
    let levers: Vec<Vary> =
        super::levers_of(&a.vary, &[], "--vary", LeverKind::Strategy)?.into_iter().map(|l| l.vary).collect();
    let design = match a.design {
        DesignArg::Grid => Design::Grid,
        DesignArg::Lhs => Design::Lhs { points: a.points },
    };
    Ok((Plan::new(&strategy, levers, design, seed).map_err(CliError::Input)?, None))
}

/// `sweep_header.json`: what identifies the sweep, and the salesim that
/// computed its points (a resume by another version would mix two models).
#[derive(serde::Serialize, serde::Deserialize)]
struct JournalHeader {
    /// salesim version (absent in sweeps written before salesim recorded it).
    #[serde(default)]
    salesim_version: Option<String>,
    /// What made the sweep (absent in sweeps written before salesim recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    provenance: Option<Provenance>,
    /// The sweep.
    #[serde(flatten)]
    header: SweepHeader,
}

/// Opens the journal (`points.jsonl`) of `dir` for reading and appending. The
/// output set's claim (held for the whole sweep) already keeps a second sweep
/// from writing to the same place.
fn open_journal(dir: &Path) -> Result<std::fs::File, CliError> {
    let path = dir.join(SWEEP_FILES[2]);
    OpenOptions::new()
        .create(true)
        .read(true)
        .append(true)
        .open(&path)
        .map_err(|e| CliError::Failure(format!("cannot write {}: {e}", path.display())))
}

/// The output set of a sweep: its data files and every chart it may draw.
fn sweep_set() -> Vec<String> {
    let mut names: Vec<String> = SWEEP_FILES.iter().map(|n| n.to_string()).collect();
    for stem in SWEEP_PLOTS {
        names.extend([format!("{stem}.svg"), format!("{stem}.png")]);
    }
    names
}

/// Claims `dir` for the sweep (held until it ends): a fresh sweep needs an
/// empty place (or --force); --resume needs the same sweep there and returns
/// its finished points. Either way the journal is returned open, ending with
/// a complete line.
fn open_dir(
    dir: &Path,
    header: &SweepHeader,
    resume: bool,
    force: bool,
) -> Result<(OutputSet, Vec<PointResult>, std::fs::File), CliError> {
    let names = sweep_set();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    // The journal and the header stay when the final files are committed.
    let set = super::run::claim(dir, &refs, force || resume)?.persistent(&[SWEEP_FILES[2], SWEEP_FILES[3]]);
    if resume {
        let path = dir.join(SWEEP_FILES[3]);
        if !path.is_file() {
            return Err(CliError::Input(format!(
                "--resume: {} holds no sweep to resume (no {})",
                dir.display(),
                SWEEP_FILES[3]
            )));
        }
        let bytes = super::read_capped(&path, super::MAX_JSON_BYTES)?;
        let old: JournalHeader = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Input(format!("--resume: cannot read {}: {e}", path.display())))?;
        if old.salesim_version.as_deref() != Some(SALESIM_VERSION) {
            return Err(CliError::Input(format!(
                "--resume: the sweep in {} was computed by salesim {}, but this is salesim {SALESIM_VERSION}; \
                 its points may come from another model, so they are not mixed with new ones: start afresh with --force",
                dir.display(),
                old.salesim_version.as_deref().map_or("of unknown version".into(), salesim::config::text::escape)
            )));
        }
        let old = old.header;
        if &old != header {
            return Err(CliError::Input(format!(
                "--resume: the sweep in {} differs from this one ({}); run it with the same scenario, strategy, levers, seed and replications, or start afresh with --force",
                dir.display(),
                differences(&old, header)
            )));
        }
        let mut journal = open_journal(dir)?;
        let text = read_journal(&mut journal)
            .map_err(|e| CliError::Failure(format!("cannot read {}: {e}", dir.join(SWEEP_FILES[2]).display())))?;
        return Ok((set, read_checkpoint(&text, header.points), journal));
    }
    let journal = open_journal(dir)?;
    journal.set_len(0).map_err(|e| CliError::Failure(format!("cannot reset {}: {e}", SWEEP_FILES[2])))?;
    // Charts of an earlier sweep there (say heatmaps of a two-lever grid) would
    // not be replaced by this one's.
    for name in &names[SWEEP_FILES.len()..] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    Ok((set, Vec::new(), journal))
}

/// Reads the journal and cuts a torn last line (from a hard stop) off the
/// file, so that the next point starts on a line of its own instead of being
/// glued to the fragment and lost.
fn read_journal(journal: &mut std::fs::File) -> std::io::Result<String> {
    use std::io::{Read, Seek};
    journal.seek(std::io::SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    journal.read_to_end(&mut bytes)?;
    let complete = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    if complete < bytes.len() {
        journal.set_len(complete as u64)?;
        bytes.truncate(complete);
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn differences(old: &SweepHeader, new: &SweepHeader) -> String {
    let mut d = Vec::new();
    if old.scenario_hash != new.scenario_hash {
        d.push("scenario".to_string());
    }
    if old.strategy != new.strategy {
        d.push(format!("strategy {} vs {}", old.strategy, new.strategy));
    }
    if old.levers != new.levers || old.design != new.design || old.points != new.points {
        d.push(format!("levers {} vs {}", old.levers.join(" "), new.levers.join(" ")));
    }
    if old.seed != new.seed {
        d.push(format!("seed {} vs {}", old.seed, new.seed));
    }
    if old.replications != new.replications {
        d.push(format!("replications {} vs {}", old.replications, new.replications));
    }
    if d.is_empty() { "format version".into() } else { d.join("; ") }
}

fn print_table(doc: &SweepDocument, scenario: &Scenario) {
    let h = &doc.header;
    outln!(
        "{}: sweep of \"{}\" against baseline \"{}\": {} of {} points x {} replications, seed {}",
        scenario.meta.name,
        h.strategy,
        h.baseline,
        doc.results.len(),
        h.points,
        h.replications,
        h.seed
    );
    outln!("Levers: {}", h.levers.join(", "));
    outln!("Means with 95% intervals; lifts are paired differences against the baseline on common random numbers.");
    outln!();
    outln!("{}", doc.recommendation.trim_end());
}

/// A name made safe as part of a directory name.
fn safe(name: &str) -> String {
    let s: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') { c } else { '_' }).collect();
    if s.is_empty() { "x".into() } else { s }
}
