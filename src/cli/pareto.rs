//! `salesim pareto`: trade-offs and the best choice under limits, for the
//! strategies of a scenario or the points of a finished sweep, with the Pareto
//! scatter written to `--out`.

use std::io::Write;

use salesim::analysis::pareto::{Candidate, analyse, recommendation};
use salesim::analysis::plots::pareto_plot;
use salesim::analysis::sweep::SweepDocument;
use salesim::experiment::provenance::Provenance;
use salesim::experiment::summarize;
use serde_json::json;

use super::args::{DocFormatArg, ParetoArgs};
use super::{CliError, limits_of, load_scenario};

/// Files `pareto` writes to `--out`: the document of `--format json` and the
/// Pareto scatter as SVG and PNG.
pub const PARETO_FILES: [&str; 3] = ["pareto.json", "pareto.svg", "pareto.png"];

/// `salesim pareto`. Ctrl-C (or SIGTERM) while a scenario runs stops it as
/// it stops `run`: the finished replications (two at least) give a result
/// marked PARTIAL (`"partial": true` in the JSON), exit 1.
pub fn pareto(a: ParetoArgs) -> Result<i32, CliError> {
    let limits = limits_of(&a.limits)?;
    let mut interrupted: Option<(u64, u64)> = None;
    // The output set is claimed before computing, after the cost guards.
    let claim = || a.out.as_deref().map(|dir| super::run::claim(dir, &PARETO_FILES, a.force)).transpose();
    let (set, title, subtitle, cands, labels, baseline, provenance) = if a.input.ends_with(".json")
        && std::path::Path::new(&a.input).exists()
    {
        let set = claim()?;
        let bytes = super::read_capped(std::path::Path::new(&a.input), super::MAX_JSON_BYTES)?;
        let doc: SweepDocument = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Input(format!("{}: not a sweep.json written by salesim sweep ({e})", a.input)))?;
        let keys = doc.keys();
        let cands = salesim::analysis::sweep::candidates(&keys, &doc.results);
        // A sweep.json may come from anywhere: its names are cut and escaped.
        let name = |n: &str| salesim::config::text::clip(n, salesim::config::text::MAX_NAME_CHARS);
        let title = format!(
            "{}: {} points of the sweep of \"{}\" ({} replications each)",
            name(&doc.header.scenario),
            doc.results.len(),
            name(&doc.header.strategy),
            doc.header.replications
        );
        let subtitle = format!("labels are point ids; levers {}", name(&keys.join(", ")));
        let labels: Vec<String> = doc.results.iter().map(|p| p.id.to_string()).collect();
        // The sweep's provenance, written again by this salesim; a sweep.json
        // from before provenance was recorded gives what its header holds.
        let provenance = doc.provenance.as_ref().map_or_else(
            || Provenance {
                salesim_version: salesim::experiment::provenance::SALESIM_VERSION.to_string(),
                scenario: Some(doc.header.scenario.clone()),
                scenario_file_hash: None,
                seed: doc.header.seed,
                replications: doc.header.replications,
            },
            Provenance::restamped,
        );
        (set, title, subtitle, cands, labels, name(&doc.header.baseline), provenance)
    } else {
        let (scenario, text) = load_scenario(&a.input)?;
        super::plausibility_gate(&scenario, &a.input)?;
        let replications =
            super::replications_of(a.replications.unwrap_or(u64::from(scenario.experiment.replications)), 2)?;
        let threads = super::threads_of(a.threads)?;
        super::cost_guard(&scenario, replications, threads, false)?;
        let set = claim()?;
        let seed = a.seed.unwrap_or(scenario.experiment.seed);
        let (totals, _, stopped) = super::report::run_with_progress(&scenario, seed, replications, threads, a.quiet)?;
        let done = totals.replications();
        if stopped {
            let by = super::signals::received().unwrap_or("a signal");
            if done < 2 {
                errln!(
                    "Interrupted by {by} before two replications finished (intervals need two); nothing was written."
                );
                return Ok(1);
            }
            errln!("Interrupted by {by}: {done} of {replications} replications finished; the result is PARTIAL.");
            interrupted = Some((done, replications));
        }
        let summary = summarize(&scenario, &totals, seed, true, stopped);
        let provenance = Provenance::new(&scenario.meta.name, text.as_bytes(), seed, replications);
        let cands: Vec<Candidate> =
            summary.strategies.iter().map(|s| Candidate { label: s.name.clone(), summary: s.clone() }).collect();
        let title = format!("{}: {} strategies x {done} replications, seed {seed}", scenario.meta.name, cands.len());
        let labels: Vec<String> = cands.iter().map(|c| c.label.clone()).collect();
        let subtitle = "means with 95 % intervals on the front".to_string();
        (set, title, subtitle, cands, labels, summary.baseline.clone(), provenance)
    };
    let t = analyse(&cands, limits);
    let text = recommendation(&cands, &t, &baseline);
    let doc = json!({
        "schema_version": 1,
        "kind": "pareto",
        "provenance": provenance,
        "baseline": baseline,
        "candidates": cands,
        "trade_offs": t,
        "recommendation": text,
        "partial": interrupted.is_some(),
    });
    let bytes = serde_json::to_vec_pretty(&doc).map_err(|e| CliError::Failure(e.to_string()))?;
    // Files first, then stdout.
    if let Some(set) = set {
        let dir = set.dir().to_path_buf();
        let plot = pareto_plot(&title, Some(subtitle), &cands, &labels, &t, &baseline);
        let [(svg_name, svg), (png_name, png)] = plot.files().map_err(|e| CliError::Failure(e.to_string()))?;
        let files = [(PARETO_FILES[0], bytes.clone()), (svg_name.as_str(), svg), (png_name.as_str(), png)];
        set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!(
            "wrote {}",
            PARETO_FILES.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    match a.format {
        DocFormatArg::Json => {
            let _ = std::io::stdout().lock().write_all(&bytes);
            outln!();
        }
        DocFormatArg::Table => {
            outln!("{title}");
            if let Some((done, of)) = interrupted {
                outln!("PARTIAL: interrupted after {done} of {of} replications.");
            }
            outln!("Means with 95% intervals; lifts are paired differences against \"{baseline}\".");
            outln!();
            outln!("{}", text.trim_end());
        }
    }
    Ok(if interrupted.is_some() { 1 } else { 0 })
}
