//! The charts the analyses write: for a one-lever grid sweep the outcomes
//! against the lever; for a two-lever grid sweep the heatmaps of profit lift,
//! revenue lift and attrition; for any sweep, and for `pareto` on
//! a scenario's strategies, the Pareto scatter of profit lift against
//! attrition; for `optimize` the candidates it evaluated; for `sensitivity`
//! the ranking of parameters. This module turns
//! analysis results into figures of the chart families in
//! [`crate::report::charts`] and renders each as `NAME.svg` and `NAME.png`.

use super::design::{Design, Vary};
use super::grid::unravel;
use super::optimize::{Objective, OptimizeResult, TraceRow};
use super::pareto::{Candidate, TradeOffs, front};
use super::sweep::{PointResult, SweepDocument, candidates, fmt_value};
use crate::experiment::stats::Estimate;
use crate::experiment::summary::StrategySummary;
use crate::report::charts::bars::{BarChart, BarPanel};
use crate::report::charts::heatmap::{HeatmapChart, Scale};
use crate::report::charts::pareto::{ParetoChart, ParetoPoint};
use crate::report::charts::sweep::{SweepChart, SweepPanel};
use crate::report::charts::{AnyChart, ChartError, Figure, OKABE_ITO, SIZE, to_png, to_svg};
use crate::sim::Metric;

/// A chart and the canvas it is drawn on, in pixels.
#[derive(Debug, Clone)]
pub struct Plot {
    /// The chart.
    pub chart: AnyChart,
    /// Canvas size (the slide size [`SIZE`], taller for long rankings).
    pub size: (u32, u32),
}

impl Plot {
    /// The two files of the chart: `NAME.svg` and `NAME.png`.
    pub fn files(&self) -> Result<[(String, Vec<u8>); 2], ChartError> {
        let name = self.chart.name();
        Ok([
            (format!("{name}.svg"), to_svg(&self.chart, self.size)?.into_bytes()),
            (format!("{name}.png"), to_png(&self.chart, self.size)?),
        ])
    }
}

/// Every file of `plots`, SVG then PNG per chart, in order.
pub fn plot_files(plots: &[Plot]) -> Result<Vec<(String, Vec<u8>)>, ChartError> {
    let mut out = Vec::with_capacity(2 * plots.len());
    for p in plots {
        out.extend(p.files()?);
    }
    Ok(out)
}

/// Name of the Pareto scatter (any sweep, and `pareto`).
pub const PARETO_PLOT: &str = "pareto";

/// The value a heatmap shows of a point's results.
pub type SummaryValue = fn(&StrategySummary) -> f64;

/// Heatmaps of a two-lever grid: file stem, what the cells show, scale and value.
pub const HEATMAPS: [(&str, &str, Scale, SummaryValue); 3] = [
    ("heatmap_profit_lift", "Profit lift", Scale::Diverging, |s| s.profit_lift_pct.mean),
    ("heatmap_revenue_lift", "Revenue lift", Scale::Diverging, |s| s.lift_pct.mean),
    ("heatmap_attrition", "Attrition", Scale::Sequential, |s| s[Metric::AttritionPct].mean),
];

/// Name of the chart of a one-lever grid sweep: outcomes against the lever.
pub const LEVER_PLOT: &str = "sweep_outcomes";

/// Every chart a sweep may write (file stems): the Pareto scatter, for a
/// one-lever grid the outcomes against the lever and, for a two-lever grid,
/// the heatmaps.
pub const SWEEP_PLOTS: [&str; 5] = [PARETO_PLOT, LEVER_PLOT, HEATMAPS[0].0, HEATMAPS[1].0, HEATMAPS[2].0];

/// The Pareto scatter of profit lift against attrition: `labels` are the short
/// names drawn next to the points (one per candidate), the front and the
/// attrition limit come from `t`, the chosen candidate is `t.best`.
pub fn pareto_plot(
    title: &str,
    subtitle: Option<String>,
    cands: &[Candidate],
    labels: &[String],
    t: &TradeOffs,
    baseline: &str,
) -> Plot {
    let points = cands
        .iter()
        .enumerate()
        .map(|(i, c)| ParetoPoint {
            label: labels.get(i).cloned().unwrap_or_else(|| c.label.clone()),
            x: c.summary[Metric::AttritionPct],
            y: c.summary.profit_lift_pct,
            front: t.profit_attrition_front.contains(&i),
            named: false,
        })
        .collect();
    let chart = ParetoChart {
        name: PARETO_PLOT.into(),
        title: title.into(),
        subtitle,
        x_label: "attrition, % per year (lower is better)".into(),
        y_label: format!("profit lift vs {baseline}, % (higher is better)"),
        points,
        max_x: t.limits.max_attrition,
        chosen: t.best,
    };
    Plot { chart: AnyChart::Pareto(chart), size: SIZE }
}

/// The charts of a sweep: its Pareto scatter (points labelled by id) and, for a
/// two-lever grid, the three heatmaps.
pub fn sweep_plots(doc: &SweepDocument) -> Vec<Plot> {
    let h = &doc.header;
    let keys = doc.keys();
    let cands = candidates(&keys, &doc.results);
    let labels: Vec<String> = doc.results.iter().map(|p| p.id.to_string()).collect();
    let title = format!("{}: sweep of {}, profit lift against attrition", h.scenario, h.strategy);
    let subtitle = format!(
        "{} of {} points x {} replications, seed {}; labels are point ids; levers {}",
        doc.results.len(),
        h.points,
        h.replications,
        h.seed,
        keys.join(", ")
    );
    let mut out = vec![pareto_plot(&title, Some(subtitle), &cands, &labels, &doc.trade_offs, &h.baseline)];
    out.extend(lever_plot(doc));
    out.extend(heatmaps(doc));
    out
}

/// The outcomes of a one-lever grid sweep against the lever's levels (none for
/// other sweeps): profit lift, revenue lift, attrition and burnout, each with
/// its 95 % interval. A stopped sweep shows the levels it has run.
pub fn lever_plot(doc: &SweepDocument) -> Option<Plot> {
    let h = &doc.header;
    let levers: Vec<Vary> = h.levers.iter().map(|l| Vary::parse(l).ok()).collect::<Option<_>>()?;
    let [lever] = &levers[..] else { return None };
    if !matches!(h.design, Design::Grid) {
        return None;
    }
    let mut done: Vec<&PointResult> = doc.results.iter().collect();
    done.sort_by_key(|p| p.id);
    let panel = |caption: &str, y_label: String, color: usize, get: fn(&StrategySummary) -> Estimate| SweepPanel {
        caption: caption.into(),
        y_label,
        values: done.iter().map(|p| get(&p.result)).collect(),
        color: OKABE_ITO[color],
    };
    let vs = format!("vs {}, %", h.baseline);
    let chart = SweepChart {
        name: LEVER_PLOT.into(),
        title: format!("{}: {} against {}", h.scenario, h.strategy, lever.lever.key),
        subtitle: Some(format!(
            "{} of {} levels x {} replications, seed {}; means with 95 % intervals, paired against {}",
            done.len(),
            h.points,
            h.replications,
            h.seed,
            h.baseline
        )),
        levels: done.iter().map(|p| fmt_value(p.values[0])).collect(),
        x_label: lever.lever.key.clone(),
        panels: vec![
            panel(&format!("profit lift {vs}"), "%".into(), 5, |s| s.profit_lift_pct),
            panel(&format!("revenue lift {vs}"), "%".into(), 3, |s| s.lift_pct),
            panel("attrition, % per year", "%/yr".into(), 6, |s| s[Metric::AttritionPct]),
            panel("burnout, % of rep-weeks", "%".into(), 7, |s| s[Metric::BurnoutPct]),
        ],
    };
    Some(Plot { chart: AnyChart::Sweep(chart), size: SIZE })
}

/// The heatmaps of a two-lever grid sweep (none for other sweeps); cells not
/// yet run are marked.
pub fn heatmaps(doc: &SweepDocument) -> Vec<Plot> {
    let h = &doc.header;
    let levers: Option<Vec<Vary>> = h.levers.iter().map(|l| Vary::parse(l).ok()).collect();
    let Some(levers) = levers.filter(|l| l.len() == 2 && matches!(h.design, Design::Grid)) else {
        return Vec::new();
    };
    let Some(steps) = levers.iter().map(|v| v.steps).collect::<Option<Vec<usize>>>() else { return Vec::new() };
    let levels = |v: &Vary, n: usize| -> Vec<String> {
        (0..n).map(|i| fmt_value(v.at(if n > 1 { i as f64 / (n - 1) as f64 } else { 0.0 }))).collect()
    };
    let subtitle = |scale: Scale| {
        format!(
            "{}: {} of {} cells x {} replications, seed {}; {}",
            h.scenario,
            doc.results.len(),
            h.points,
            h.replications,
            h.seed,
            match scale {
                Scale::Diverging => format!("means of differences paired against {}", h.baseline),
                Scale::Sequential => "means over replications".to_string(),
            }
        )
    };
    HEATMAPS
        .iter()
        .map(|&(name, what, scale, get)| {
            let mut values = vec![vec![None; steps[0]]; steps[1]];
            for p in &doc.results {
                let idx = unravel(p.id, &steps);
                if let Some(cell) = values.get_mut(idx[1]).and_then(|r| r.get_mut(idx[0])) {
                    *cell = Some(get(&p.result));
                }
            }
            let metric = match scale {
                Scale::Diverging => format!("{} vs {}, %", what.to_lowercase(), h.baseline),
                Scale::Sequential => format!("{}, % per year", what.to_lowercase()),
            };
            let chart = HeatmapChart {
                name: name.into(),
                title: format!("{what} of {} over {} x {} lever settings", h.strategy, steps[0], steps[1]),
                subtitle: Some(subtitle(scale)),
                x_label: levers[0].lever.key.clone(),
                y_label: levers[1].lever.key.clone(),
                x_levels: levels(&levers[0], steps[0]),
                y_levels: levels(&levers[1], steps[1]),
                values,
                metric,
                scale,
            };
            Plot { chart: AnyChart::Heatmap(chart), size: SIZE }
        })
        .collect()
}

/// Name of the chart of an `optimize` search.
pub const OPTIMIZE_PLOT: &str = "search";

/// The candidates of an `optimize` search, objective against attrition: each
/// candidate at the last rung it reached (so with 10 to 160 replications), the
/// scenario's own strategies (named) and the best mix (ringed, on its final
/// replications), with the front of the objective against attrition and the
/// attrition limit.
pub fn optimize_plot(
    title: &str,
    subtitle: Option<String>,
    result: &OptimizeResult,
    objective: Objective,
    max_attrition: Option<f64>,
    baseline: &str,
) -> Plot {
    // The last evaluation of every candidate (a later rung replaces an earlier one).
    let mut last: Vec<&TraceRow> = Vec::new();
    for row in &result.trace {
        match last.iter_mut().find(|r| r.round == row.round && r.candidate == row.candidate) {
            Some(r) => *r = row,
            None => last.push(row),
        }
    }
    let mut points: Vec<ParetoPoint> = last
        .iter()
        .filter(|r| r.values != result.best_values)
        .map(|r| ParetoPoint { label: String::new(), x: r.attrition_pct, y: r.objective, front: false, named: false })
        .collect();
    points.extend(result.bundled.iter().map(|b| ParetoPoint {
        label: b.name.clone(),
        x: b[Metric::AttritionPct],
        y: objective.of(b),
        front: false,
        named: true,
    }));
    points.push(ParetoPoint {
        label: "best".into(),
        x: result.best_summary[Metric::AttritionPct],
        y: objective.of(&result.best_summary),
        front: false,
        named: true,
    });
    let gain: Vec<f64> = points.iter().map(|p| p.y.mean).collect();
    let cost: Vec<f64> = points.iter().map(|p| p.x.mean).collect();
    for i in front(&gain, &cost) {
        points[i].front = true;
    }
    let chosen = Some(points.len() - 1);
    let chart = ParetoChart {
        name: OPTIMIZE_PLOT.into(),
        title: title.into(),
        subtitle,
        x_label: "attrition, % per year (lower is better)".into(),
        y_label: match objective {
            Objective::ProfitLift => format!("profit lift vs {baseline}, % (higher is better)"),
            Objective::RevenueLift => format!("revenue lift vs {baseline}, % (higher is better)"),
        },
        points,
        max_x: max_attrition,
        chosen,
    };
    Plot { chart: AnyChart::Pareto(chart), size: SIZE }
}

/// Name of the sensitivity chart.
pub const SENSITIVITY_PLOT: &str = "sensitivity";

/// One measure of a sensitivity ranking: caption, axis description and one
/// value per parameter (with its 95 % interval where the method gives one).
#[derive(Debug, Clone)]
pub struct Measure {
    /// Caption above the panel, e.g. `mu* (importance)`.
    pub caption: String,
    /// Axis description with units.
    pub axis: String,
    /// One value per parameter, in ranking order.
    pub values: Vec<Estimate>,
}

/// The sensitivity ranking: one row per parameter (most important on top), one
/// panel of bars per measure.
pub fn sensitivity_plot(title: &str, subtitle: Option<String>, params: &[String], measures: Vec<Measure>) -> Plot {
    let n = params.len();
    let chart = BarChart {
        name: SENSITIVITY_PLOT.into(),
        title: title.into(),
        subtitle,
        rows: params.to_vec(),
        colors: vec![OKABE_ITO[5]; n],
        panels: measures
            .into_iter()
            .map(|m| BarPanel {
                caption: m.caption,
                axis: m.axis,
                values: m.values,
                reference: None,
                decimals: None,
                signed: false,
            })
            .collect(),
    };
    // Rows stay readable however many parameters there are: 44 px each.
    let height = SIZE.1.max(260 + 44 * n as u32);
    Plot { chart: AnyChart::Bars(chart), size: (SIZE.0, height) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::pareto::{Limits, analyse};
    use crate::experiment::accumulator::StrategyAccumulator;

    fn est(mean: f64) -> Estimate {
        Estimate { mean, ci95: [Some(mean - 1.0), Some(mean + 1.0)] }
    }

    fn cand(label: &str, profit: f64, attrition: f64) -> Candidate {
        let mut summary = crate::analysis::paired::summary_of(label, "", &StrategyAccumulator::new(1));
        summary.profit_lift_pct = est(profit);
        summary.metrics[Metric::AttritionPct] = est(attrition);
        Candidate { label: label.into(), summary }
    }

    #[test]
    fn the_pareto_plot_marks_the_front_and_the_choice_within_the_limit() {
        let cands = vec![cand("a", 10.0, 10.0), cand("b", 20.0, 15.0), cand("c", 5.0, 20.0), cand("d", 30.0, 30.0)];
        let t = analyse(&cands, Limits { max_attrition: Some(18.0), max_burnout: None });
        let labels: Vec<String> = cands.iter().map(|c| c.label.clone()).collect();
        let plot = pareto_plot("t", None, &cands, &labels, &t, "base");
        let AnyChart::Pareto(chart) = &plot.chart else { panic!("a Pareto chart") };
        let front: Vec<&str> = chart.points.iter().filter(|p| p.front).map(|p| p.label.as_str()).collect();
        assert_eq!(front, ["a", "b", "d"]);
        assert_eq!(chart.chosen, Some(1));
        assert_eq!(chart.max_x, Some(18.0));
    }

    #[test]
    fn a_long_sensitivity_ranking_gets_a_taller_canvas() {
        let params: Vec<String> = (0..40).map(|i| format!("behavior.p{i}")).collect();
        let m = Measure { caption: "mu*".into(), axis: "%".into(), values: vec![est(1.0); 40] };
        let plot = sensitivity_plot("t", None, &params, vec![m]);
        assert_eq!(plot.size.0, SIZE.0);
        assert!(plot.size.1 >= 40 * 44);
    }
}
