//! `salesim demo NAME`: a classroom demo runs in seconds, writes its chart (PNG
//! and SVG; with `--animate` also an animated GIF) and explains in the terminal
//! what the class is seeing.

use std::time::Instant;

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

pub fn demo(a: DemoArgs) -> Result<i32, CliError> {
    let demo = demo_of(a.name);
    let started = Instant::now();
    let stem = format!("demo-{}", demo.name());
    let (png, svg, gif) = (format!("{stem}.png"), format!("{stem}.svg"), format!("{stem}.gif"));
    // The GIF belongs to the set even without --animate: an old one is not
    // left beside new stills.
    let replications = a.replications.unwrap_or(demo.default_replications());
    super::replications_of(replications, 2)?;
    let mut set = super::run::claim(&a.out, &[png.as_str(), svg.as_str(), gif.as_str()], a.force)?;
    let opts = DemoOptions { replications, seed: a.seed };
    let out = run(demo, &opts).map_err(|e| CliError::Failure(e.to_string()))?;
    let simulated = started.elapsed();
    let fail = |e: salesim::report::charts::ChartError| CliError::Failure(e.to_string());
    let files = [
        (png.as_str(), to_png(&out.chart, SIZE).map_err(fail)?),
        (svg.as_str(), to_svg(&out.chart, SIZE).map_err(fail)?.into_bytes()),
    ];
    if a.animate {
        let mut series = out.series.clone();
        // A shorter subtitle fits the smaller GIF canvas.
        series.subtitle = Some(format!("salesim demo {}: {replications} replications, seed {}", demo.name(), a.seed));
        let frames = series.frames((series.weeks() / 26).max(1));
        to_gif(&frames, GIF_SIZE, 120, &set.staged(&gif)).map_err(fail)?;
    }
    let written = set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
    outln!("{}\n", out.chart.title());
    outln!("{}", out.explanation);
    errln!(
        "\nwrote {} ({:.1} s: simulation {:.1} s, {replications} replications)",
        written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
        started.elapsed().as_secs_f64(),
        simulated.as_secs_f64()
    );
    Ok(0)
}
