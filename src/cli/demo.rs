//! `salesim demo NAME`: a classroom demo runs in seconds, writes its chart (PNG
//! and SVG; with `--animate` also an animated GIF) and explains in the terminal
//! what the class is seeing. Beside the chart it writes a small manifest
//! (`.salesim-demo-NAME.json`, each file with its hash): a rerun replaces the
//! files the manifest vouches for without `--force`, and refuses, as every
//! `--out` does, to overwrite a file the demo did not write or that was
//! changed since.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use salesim::analysis::levers::parse_setting;
use salesim::config::{ConfigError, fnv1a};
use salesim::demo::{Demo, DemoOptions, run};
use salesim::report::charts::{Figure, SIZE, to_gif, to_png, to_svg};

use super::CliError;
use super::args::{DemoArgs, DemoName};

/// GIF size: half the slide size keeps the file small and the encoding quick.
const GIF_SIZE: (u32, u32) = (960, 540);

fn demo_of(n: DemoName) -> Demo {
    match n {
        DemoName::Fatigue => Demo::Fatigue,
        DemoName::Pressure => Demo::Pressure,
        DemoName::Crowding => Demo::Crowding,
        DemoName::Contest => Demo::Contest,
        DemoName::Turnover => Demo::Turnover,
    }
}

/// What a demo's manifest records: who wrote the files and each file's hash.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Manifest {
    written_by: String,
    files: BTreeMap<String, String>,
}

fn hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(bytes))
}

/// Whether every member already in `dir` is this demo's own, unchanged
/// output (as its manifest records), so that a rerun may replace it; the
/// error names a file it may not replace.
fn own_output(dir: &Path, manifest: &str, members: &[&str]) -> Result<bool, CliError> {
    let Some(recorded) = std::fs::read(dir.join(manifest))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Manifest>(&bytes).ok())
        .filter(|m| m.written_by.starts_with("salesim demo"))
    else {
        return Ok(false);
    };
    for m in members.iter().filter(|m| **m != manifest) {
        if let Ok(bytes) = std::fs::read(dir.join(m))
            && recorded.files.get(*m).is_none_or(|h| *h != hash(&bytes))
        {
            return Err(CliError::Input(format!(
                "{} was changed since the demo wrote it (or was not written by it); \
                 choose another --out directory or pass --force to overwrite it",
                dir.join(m).display()
            )));
        }
    }
    Ok(true)
}

pub fn demo(a: DemoArgs) -> Result<i32, CliError> {
    let demo = demo_of(a.name);
    let started = Instant::now();
    let stem = format!("demo-{}", demo.name());
    let (png, svg, gif) = (format!("{stem}.png"), format!("{stem}.svg"), format!("{stem}.gif"));
    let manifest = format!(".salesim-{stem}.json");
    let settings = a.settings.iter().map(|s| parse_setting(s)).collect::<Result<Vec<_>, _>>();
    let settings = settings.map_err(|e| CliError::Input(format!("--set {e}")))?;
    // The GIF belongs to the set even without --animate: an old one is not
    // left beside new stills.
    let members = [png.as_str(), svg.as_str(), gif.as_str(), manifest.as_str()];
    let replications = a.replications.unwrap_or(demo.default_replications());
    super::replications_of(replications, 2)?;
    let force = a.force || own_output(&a.out, &manifest, &members)?;
    let mut set = super::run::claim(&a.out, &members, force)?;
    let opts = DemoOptions { replications, seed: a.seed, settings };
    let out = run(demo, &opts).map_err(|e| match e {
        ConfigError::Io(_) => CliError::Failure(e.to_string()),
        _ => CliError::Input(format!("--set: {e}")),
    })?;
    let simulated = started.elapsed();
    let fail = |e: salesim::report::charts::ChartError| CliError::Failure(e.to_string());
    let mut files = vec![
        (png.as_str(), to_png(&out.chart, SIZE).map_err(fail)?),
        (svg.as_str(), to_svg(&out.chart, SIZE).map_err(fail)?.into_bytes()),
    ];
    let mut hashes: BTreeMap<String, String> = files.iter().map(|(n, b)| (n.to_string(), hash(b))).collect();
    if a.animate {
        let mut series = out.series.clone();
        // A shorter subtitle fits the smaller GIF canvas.
        series.subtitle = Some(format!("salesim demo {}: {replications} replications, seed {}", demo.name(), a.seed));
        let frames = series.frames((series.weeks() / 26).max(1));
        let path = set.staged(&gif);
        to_gif(&frames, GIF_SIZE, 120, &path).map_err(fail)?;
        let bytes =
            std::fs::read(&path).map_err(|e| CliError::Failure(format!("cannot read {}: {e}", path.display())))?;
        hashes.insert(gif.clone(), hash(&bytes));
    }
    let record = Manifest { written_by: format!("salesim demo {}", demo.name()), files: hashes };
    files.push((manifest.as_str(), serde_json::to_vec_pretty(&record).unwrap_or_default()));
    let written = set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
    outln!("{}\n", out.chart.title());
    outln!("{}", out.explanation);
    errln!(
        "\nwrote {} ({:.1} s: simulation {:.1} s, {replications} replications)",
        written
            .iter()
            .filter(|p| !p.ends_with(&manifest))
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        started.elapsed().as_secs_f64(),
        simulated.as_secs_f64()
    );
    Ok(0)
}
