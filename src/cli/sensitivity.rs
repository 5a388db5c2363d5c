//! `salesim sensitivity`: which assumptions move an output most.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use salesim::analysis::levers::{LeverKind, assumption_keys};
use salesim::analysis::outcome::Outcome;
use salesim::analysis::plots::{Measure, sensitivity_plot};
use salesim::analysis::sensitivity::{
    BOOTSTRAP_RESAMPLES, Factor, Output, model_output, morris_design, morris_effects, saltelli_design, sobol_indices,
};
use salesim::analysis::sweep::fmt_value;
use salesim::experiment::Executor;
use salesim::experiment::provenance::Provenance;
use salesim::experiment::stats::Estimate;
use salesim::report::csv::{Names, header_of, sidecar};
use serde_json::json;

use super::args::{FormatArg, MethodArg, SensitivityArgs};
use super::{CliError, load_scenario};

/// A ranked parameter: key, low, high and the method's measures, each with its
/// 95 % bootstrap interval where the method gives one.
type Row = (String, f64, f64, Vec<(f64, Option<[f64; 2]>)>);

/// Files `sensitivity` writes to `--out`: the ranking as CSV and JSON, and its
/// bar chart as SVG and PNG.
/// `sensitivity.csv.meta.json` is the sidecar of `sensitivity.csv` (provenance, units).
pub const SENSITIVITY_FILES: [&str; 5] =
    ["sensitivity.csv", "sensitivity.json", "sensitivity.svg", "sensitivity.png", "sensitivity.csv.meta.json"];

pub fn sensitivity(a: SensitivityArgs) -> Result<i32, CliError> {
    let (scenario, text) = load_scenario(&a.scenario)?;
    let names: Vec<&str> = scenario.strategies.iter().map(|s| s.name.as_str()).collect();
    let strategy = names.iter().position(|n| *n == a.strategy).ok_or_else(|| {
        CliError::Input(format!("--strategy {}: no such strategy (strategies: {})", a.strategy, names.join(", ")))
    })?;
    let output = output_of(&a, &names)?;
    if !(a.spread.is_finite() && a.spread > 0.0 && a.spread < 1.0) {
        return Err(CliError::Input(format!("--spread {}: give a share between 0 and 1, e.g. 0.2", a.spread)));
    }
    if a.replications == 0 || a.trajectories < 2 || a.samples < 2 || a.levels < 2 || a.levels % 2 == 1 {
        return Err(CliError::Input(
            "--replications must be at least 1, --trajectories and --samples at least 2, --levels even".into(),
        ));
    }
    super::replications_of(a.replications, 1)?;
    let threads = super::threads_of(a.threads)?;
    let named = super::levers_of(&a.vary, &a.params, "--params", LeverKind::Assumption)?;
    let named = if named.is_empty() {
        let keys = assumption_keys();
        super::levers_of(&keys, &[], "--vary", LeverKind::Assumption)?
    } else {
        named
    };
    if named.iter().any(|l| l.vary.steps.is_some()) {
        errln!("note: STEPS in --vary KEY=LO:HI:STEPS sets the levels of a grid sweep; sensitivity ignores it");
    }
    let mut factors = Vec::new();
    for spec in named {
        let lever = spec.vary.lever.clone();
        let key = lever.key.clone();
        if spec.ranged {
            if spec.vary.hi <= spec.vary.lo {
                return Err(CliError::Input(format!("--vary {}: LO equals HI, so there is nothing to vary", key)));
            }
            factors.push(Factor { lo: spec.vary.lo, hi: spec.vary.hi, lever });
            continue;
        }
        let nominal = lever.get(&scenario, strategy).unwrap_or(lever.spec.min);
        let f = match scenario.uncertain.iter().find(|u| format!("{}.{}", u.section.prefix(), u.key) == key) {
            Some(u) => {
                let (lo, hi) = u.distribution.support();
                let (lo, hi) = if lo.is_finite() {
                    (lo, hi)
                } else {
                    (u.distribution.quantile(0.025), u.distribution.quantile(0.975))
                };
                Factor { lo: lo.max(lever.spec.min), hi: hi.min(lever.spec.max), lever }
            }
            None => Factor::around(lever, nominal, a.spread),
        };
        if f.hi > f.lo {
            factors.push(f);
        }
    }
    if factors.is_empty() {
        return Err(CliError::Input("no parameter has a range to vary (all are zero or at a bound)".into()));
    }
    let set = a.out.as_deref().map(|dir| super::run::claim(dir, &SENSITIVITY_FILES, a.force)).transpose()?;
    let seed = a.seed.unwrap_or(scenario.experiment.seed);
    let k = factors.len();
    let (points, method_text) = match a.method {
        MethodArg::Morris => {
            let d = morris_design(k, a.trajectories, a.levels, seed);
            let text = format!(
                "Morris elementary effects: {} trajectories on a {}-level grid (step {} of each range), {} parameters",
                a.trajectories,
                a.levels,
                fmt_value(a.levels as f64 / (2.0 * (a.levels as f64 - 1.0))),
                k
            );
            (d.points.clone(), text)
        }
        MethodArg::Sobol => {
            let text = format!("Sobol indices, Saltelli sampling: N = {} base samples, {} parameters", a.samples, k);
            (saltelli_design(k, a.samples, seed), text)
        }
    };
    let runs_per_eval = output.runs_per_replication();
    let sample_text = format!(
        "{} model evaluations x {} replications (common random numbers), {} strategy runs",
        points.len(),
        a.replications,
        points.len() as u64 * a.replications * runs_per_eval
    );
    let executor = Executor::new(seed)
        .threads(threads)
        .map_err(|e| CliError::Failure(e.to_string()))?
        .cancel_on(super::signals::cancel_flag());
    let bar = (!a.quiet && std::io::stderr().is_terminal()).then(|| indicatif::ProgressBar::new(points.len() as u64));
    let started = Instant::now();
    // Points in order, each run in parallel over replications; stops at the
    // first interrupted point (`None`) or error.
    let values = points
        .iter()
        .map(|p| {
            let value = model_output(&scenario, &factors, p, strategy, &output, &executor, a.replications);
            if let (Ok(Some(_)), Some(b)) = (&value, &bar) {
                b.inc(1);
            }
            value
        })
        .collect::<Result<Option<Vec<f64>>, String>>()
        .map_err(CliError::Input)?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let Some(values) = values else {
        let by = super::signals::received().unwrap_or("a signal");
        errln!("Interrupted by {by}: a sensitivity ranking needs every evaluation; nothing was written.");
        return Ok(1);
    };
    let elapsed = started.elapsed().as_secs_f64();
    let what = output.describe(&a.strategy, scenario.baseline_name());
    // rows: key, lo, hi, measure columns
    let (columns, mut rows): (Vec<&str>, Vec<Row>) = match a.method {
        MethodArg::Morris => {
            let d = morris_design(k, a.trajectories, a.levels, seed);
            let e = morris_effects(&d, &values);
            (
                vec!["mu_star", "mu", "sigma"],
                factors
                    .iter()
                    .zip(e)
                    .map(|(f, e)| {
                        (
                            f.lever.key.clone(),
                            f.lo,
                            f.hi,
                            vec![(e.mu_star, Some(e.mu_star_ci95)), (e.mu, None), (e.sigma, None)],
                        )
                    })
                    .collect(),
            )
        }
        MethodArg::Sobol => {
            let s = sobol_indices(k, a.samples, &values);
            (
                vec!["total_order", "first_order"],
                factors
                    .iter()
                    .zip(s)
                    .map(|(f, s)| {
                        (
                            f.lever.key.clone(),
                            f.lo,
                            f.hi,
                            vec![(s.total, Some(s.total_ci95)), (s.first, Some(s.first_ci95))],
                        )
                    })
                    .collect(),
            )
        }
    };
    rows.sort_by(|x, y| y.3[0].0.total_cmp(&x.3[0].0).then(x.0.cmp(&y.0)));
    let has_ci: Vec<bool> = rows.first().map_or(vec![], |r| r.3.iter().map(|m| m.1.is_some()).collect());
    let mut csv = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = ["rank", "parameter", "low", "high"].map(String::from).to_vec();
    for (c, ci) in columns.iter().zip(&has_ci) {
        header.push(c.to_string());
        if *ci {
            header.extend([format!("{c}_ci_low"), format!("{c}_ci_high")]);
        }
    }
    let _ = csv.write_record(&header);
    for (i, (key, lo, hi, m)) in rows.iter().enumerate() {
        let mut rec = vec![(i + 1).to_string(), key.clone(), fmt_value(*lo), fmt_value(*hi)];
        for (v, ci) in m {
            rec.push(format!("{v:.6}"));
            if let Some([l, h]) = ci {
                rec.extend([format!("{l:.6}"), format!("{h:.6}")]);
            }
        }
        let _ = csv.write_record(&rec);
    }
    let csv = csv.into_inner().unwrap_or_default();
    let provenance = Provenance::new(&scenario.meta.name, text.as_bytes(), seed, a.replications);
    let doc = json!({
        "schema_version": 1,
        "kind": "sensitivity",
        "provenance": provenance,
        "scenario": scenario.meta.name,
        "strategy": a.strategy,
        "objective": output.outcome.name(),
        "vs": output.vs,
        "output": what,
        "method": method_text,
        "sample": sample_text,
        "seed": seed,
        "replications_per_evaluation": a.replications,
        "ci_method": format!("bootstrap percentile, {BOOTSTRAP_RESAMPLES} resamples of the {}", match a.method {
            MethodArg::Morris => "trajectories",
            MethodArg::Sobol => "base samples",
        }),
        "parameters": rows.iter().map(|(key, lo, hi, m)| {
            let mut o = json!({"parameter": key, "low": lo, "high": hi});
            for (c, (v, ci)) in columns.iter().zip(m) {
                o[*c] = json!(v);
                if let Some(ci) = ci { o[format!("{c}_ci95")] = json!(ci); }
            }
            o
        }).collect::<Vec<_>>(),
    });
    match a.format {
        FormatArg::Json => {
            let _ = std::io::stdout().lock().write_all(&serde_json::to_vec_pretty(&doc).unwrap_or_default());
            outln!();
        }
        FormatArg::Csv => {
            let _ = std::io::stdout().lock().write_all(&csv);
        }
        FormatArg::Table => {
            outln!("{}: sensitivity of the {what}", scenario.meta.name);
            outln!("Method: {method_text}.");
            outln!("Sample: {sample_text}; {elapsed:.1} s.");
            match a.method {
                MethodArg::Morris => outln!(
                    "mu* = mean absolute change of the output when the parameter moves across its whole range (importance); mu = signed mean; sigma = spread (non-linearity or interactions)."
                ),
                MethodArg::Sobol => outln!(
                    "total order = share of the output's variance due to the parameter with its interactions; first order = alone. With small N, values are rough (they may fall slightly outside 0-1)."
                ),
            }
            outln!("[lo, hi]: 95 % bootstrap interval ({BOOTSTRAP_RESAMPLES} resamples).");
            outln!();
            let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(10);
            out!("{:>4}  {:<width$}  {:>22}", "rank", "parameter", "range");
            for (c, ci) in columns.iter().zip(&has_ci) {
                if *ci {
                    out!("  {c:>11} {:>17}", "[lo, hi]");
                } else {
                    out!("  {c:>11}");
                }
            }
            outln!();
            for (i, (key, lo, hi, m)) in rows.iter().enumerate() {
                out!("{:>4}  {key:<width$}  {:>22}", i + 1, format!("{} to {}", fmt_value(*lo), fmt_value(*hi)));
                for (v, ci) in m {
                    out!("  {v:>11.3}");
                    if let Some([l, h]) = ci {
                        out!(" {:>17}", format!("[{l:.3}, {h:.3}]"));
                    }
                }
                outln!();
            }
        }
    }
    if let Some(set) = set {
        let dir = set.dir().to_path_buf();
        let params: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let unit = what.rsplit(", ").next().unwrap_or("");
        let measures: Vec<Measure> = match a.method {
            MethodArg::Morris => vec![
                ("mu* (importance)", format!("mean absolute effect over the range, {unit}"), 0),
                ("sigma (non-linearity, interactions)", format!("spread of the effects, {unit}"), 2),
            ],
            MethodArg::Sobol => vec![
                ("total order (with interactions)", "share of the output's variance".to_string(), 0),
                ("first order (alone)", "share of the output's variance".to_string(), 1),
            ],
        }
        .into_iter()
        .map(|(caption, axis, col)| Measure {
            caption: caption.into(),
            axis,
            values: rows
                .iter()
                .map(|r| {
                    let (mean, ci) = r.3[col];
                    Estimate { mean, ci95: ci.map_or([None, None], |[l, h]| [Some(l), Some(h)]) }
                })
                .collect(),
        })
        .collect();
        let output_name = what.rsplit_once(", ").map_or(what.as_str(), |(name, _)| name);
        let plot = sensitivity_plot(
            &format!("{}: what moves the {output_name}", scenario.meta.name),
            Some(format!("{method_text}; whiskers: 95 % bootstrap intervals")),
            &params,
            measures,
        );
        let [(svg_name, svg), (png_name, png)] = plot.files().map_err(|e| CliError::Failure(e.to_string()))?;
        let meta = sidecar(SENSITIVITY_FILES[0], &provenance, &header_of(&csv), Names::Metrics);
        let files = [
            (SENSITIVITY_FILES[0], csv),
            (SENSITIVITY_FILES[4], meta),
            (SENSITIVITY_FILES[1], serde_json::to_vec_pretty(&doc).unwrap_or_default()),
            (svg_name.as_str(), svg),
            (png_name.as_str(), png),
        ];
        set.commit(&files).map_err(|e| CliError::Failure(e.to_string()))?;
        errln!(
            "wrote {}",
            SENSITIVITY_FILES.iter().map(|f| dir.join(f).display().to_string()).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(0)
}

/// The outcome of `--objective` (or the deprecated `--output`) and `--vs`.
fn output_of(a: &SensitivityArgs, names: &[&str]) -> Result<Output, CliError> {
    let (flag, name) = match (&a.objective, &a.output) {
        (Some(o), _) => ("--objective", o.clone()),
        (None, Some(old)) => {
            // The old names, each meaning what it meant before.
            let new = match old.as_str() {
                "lift" => "profit_lift_pct",
                "attrition" => "attrition_pct",
                "gap" => "profit",
                other => other,
            };
            super::deprecated(&format!("--output {old}"), &format!("--objective {new}"));
            if old == "gap" && a.vs.is_none() {
                return Err(CliError::Input("--output gap needs --vs OTHER_STRATEGY".into()));
            }
            ("--output", new.to_string())
        }
        (None, None) => ("--objective", Outcome::PROFIT_LIFT.name().to_string()),
    };
    let outcome = Outcome::parse(&name).map_err(|m| CliError::Input(format!("{flag}: {m}")))?;
    if let Some(vs) = &a.vs
        && !names.contains(&vs.as_str())
    {
        let hint = salesim::config::error::closest(vs, names.iter().copied())
            .map(|n| format!("did you mean \"{n}\"? "))
            .unwrap_or_default();
        return Err(CliError::Input(format!("--vs {vs}: no such strategy; {hint}(strategies: {})", names.join(", "))));
    }
    Ok(Output { outcome, vs: a.vs.clone() })
}
