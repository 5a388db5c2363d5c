//! Charts of the analyses as SVG (plotters, SVG backend only): heatmaps of 2-D
//! sweeps, the Pareto scatter with its front highlighted, and the sensitivity
//! bar chart. Each function returns the SVG text; writing is the caller's.

use plotters::prelude::*;

/// One cell of a heatmap.
#[derive(Debug, Clone, Copy)]
pub struct Cell {
    /// Value of the first lever (x axis).
    pub x: f64,
    /// Value of the second lever (y axis).
    pub y: f64,
    /// The metric.
    pub value: f64,
}

/// Blue (low) to white to red (high); `reverse` for metrics where low is good.
fn colour(t: f64, reverse: bool) -> RGBColor {
    let t = if reverse { 1.0 - t } else { t }.clamp(0.0, 1.0);
    let lerp = |a: f64, b: f64, s: f64| (a + (b - a) * s).round() as u8;
    if t < 0.5 {
        let s = t / 0.5;
        RGBColor(lerp(178.0, 247.0, s), lerp(24.0, 247.0, s), lerp(43.0, 247.0, s))
    } else {
        let s = (t - 0.5) / 0.5;
        RGBColor(lerp(247.0, 33.0, s), lerp(247.0, 102.0, s), lerp(247.0, 172.0, s))
    }
}

fn levels(v: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut l: Vec<f64> = v.collect();
    l.sort_by(f64::total_cmp);
    l.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    l
}

fn step(l: &[f64]) -> f64 {
    if l.len() > 1 { (l[l.len() - 1] - l[0]) / (l.len() - 1) as f64 } else { 1.0 }
}

/// A heatmap of a metric over a 2-D grid; good values are blue (high when
/// `higher_is_better`, else low), each cell labelled with its value.
pub fn heatmap(title: &str, x_key: &str, y_key: &str, metric: &str, cells: &[Cell], higher_is_better: bool) -> String {
    let mut svg = String::new();
    {
        crate::report::charts::register_font();
        let root = SVGBackend::with_string(&mut svg, (760, 620)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let xs = levels(cells.iter().map(|c| c.x));
        let ys = levels(cells.iter().map(|c| c.y));
        let (dx, dy) = (step(&xs), step(&ys));
        let (vmin, vmax) =
            cells.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), c| (a.min(c.value), b.max(c.value)));
        let span = (vmax - vmin).max(1e-12);
        let x0 = xs.first().copied().unwrap_or(0.0) - dx / 2.0;
        let x1 = xs.last().copied().unwrap_or(1.0) + dx / 2.0;
        let y0 = ys.first().copied().unwrap_or(0.0) - dy / 2.0;
        let y1 = ys.last().copied().unwrap_or(1.0) + dy / 2.0;
        let caption = format!("{title}\n");
        let Ok(mut chart) = ChartBuilder::on(&root)
            .caption(caption.trim_end(), ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(64)
            .build_cartesian_2d(x0..x1, y0..y1)
        else {
            return svg_placeholder();
        };
        let _ =
            chart.configure_mesh().disable_mesh().x_desc(x_key).y_desc(y_key).label_style(("sans-serif", 13)).draw();
        let _ = chart.draw_series(cells.iter().map(|c| {
            let t = (c.value - vmin) / span;
            Rectangle::new(
                [(c.x - dx / 2.0, c.y - dy / 2.0), (c.x + dx / 2.0, c.y + dy / 2.0)],
                colour(t, higher_is_better).filled(),
            )
        }));
        let _ = chart.draw_series(
            cells.iter().map(|c| Text::new(format!("{:.1}", c.value), (c.x - dx * 0.3, c.y), ("sans-serif", 11))),
        );
        let _ = root.draw(&Text::new(
            format!("{metric}: {vmin:.1} to {vmax:.1} (blue = better)"),
            (80, 600),
            ("sans-serif", 13),
        ));
        let _ = root.present();
    }
    svg
}

/// A point of the Pareto scatter.
#[derive(Debug, Clone)]
pub struct ScatterPoint {
    /// Attrition, %/yr.
    pub attrition: f64,
    /// Profit lift, %.
    pub profit_lift: f64,
    /// On the front.
    pub front: bool,
    /// Label shown next to front points (empty for none).
    pub label: String,
}

/// Profit lift against attrition; the front is drawn in red and joined, the
/// attrition limit (if any) as a dashed vertical line.
pub fn pareto_scatter(title: &str, points: &[ScatterPoint], max_attrition: Option<f64>) -> String {
    let mut svg = String::new();
    {
        crate::report::charts::register_font();
        let root = SVGBackend::with_string(&mut svg, (760, 560)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let (mut ax, mut bx, mut ay, mut by) = (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, f64::NEG_INFINITY);
        for p in points {
            ax = ax.min(p.attrition);
            bx = bx.max(p.attrition);
            ay = ay.min(p.profit_lift);
            by = by.max(p.profit_lift);
        }
        if let Some(m) = max_attrition {
            ax = ax.min(m);
            bx = bx.max(m);
        }
        let px = ((bx - ax) * 0.08).max(0.5);
        let py = ((by - ay) * 0.08).max(0.5);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d((ax - px)..(bx + px), (ay - py)..(by + py))
        else {
            return svg_placeholder();
        };
        let _ = chart
            .configure_mesh()
            .x_desc("attrition, % per year (lower is better)")
            .y_desc("profit lift vs baseline, %")
            .label_style(("sans-serif", 13))
            .draw();
        let grey = RGBColor(150, 150, 150);
        let _ = chart.draw_series(
            points.iter().filter(|p| !p.front).map(|p| Circle::new((p.attrition, p.profit_lift), 3, grey.filled())),
        );
        let mut front: Vec<&ScatterPoint> = points.iter().filter(|p| p.front).collect();
        front.sort_by(|a, b| a.attrition.total_cmp(&b.attrition));
        let line: Vec<(f64, f64)> = front.iter().map(|p| (p.attrition, p.profit_lift)).collect();
        let _ = chart.draw_series(std::iter::once(PathElement::new(line, RED.stroke_width(2))));
        let _ = chart.draw_series(front.iter().map(|p| Circle::new((p.attrition, p.profit_lift), 5, RED.filled())));
        let _ = chart.draw_series(
            front
                .iter()
                .filter(|p| !p.label.is_empty())
                .map(|p| Text::new(p.label.clone(), (p.attrition, p.profit_lift), ("sans-serif", 12))),
        );
        if let Some(m) = max_attrition {
            let (lo, hi) = (ay - py, by + py);
            let dash = (hi - lo) / 40.0;
            let _ = chart.draw_series((0..20).map(|i| {
                let a = lo + 2.0 * i as f64 * dash;
                PathElement::new(vec![(m, a), (m, a + dash)], BLUE.stroke_width(1))
            }));
            let _ = chart.draw_series(std::iter::once(Text::new(
                format!("limit {m} %/yr"),
                (m, hi - dash),
                ("sans-serif", 12),
            )));
        }
        let _ = root.present();
    }
    svg
}

/// Horizontal bars, largest first (sensitivity rankings).
pub fn bar_chart(title: &str, measure: &str, bars: &[(String, f64)]) -> String {
    let mut svg = String::new();
    {
        let n = bars.len().max(1);
        let height = (90 + 22 * n) as u32;
        crate::report::charts::register_font();
        let root = SVGBackend::with_string(&mut svg, (860, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let vmax = bars.iter().map(|b| b.1).fold(0.0f64, f64::max).max(1e-12);
        let vmin = bars.iter().map(|b| b.1).fold(0.0f64, f64::min);
        let Ok(mut chart) = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(36)
            .y_label_area_size(260)
            .build_cartesian_2d(vmin..vmax * 1.05, 0.0..n as f64)
        else {
            return svg_placeholder();
        };
        let names: Vec<String> = bars.iter().map(|b| b.0.clone()).collect();
        let _ = chart
            .configure_mesh()
            .disable_y_mesh()
            .x_desc(measure)
            .y_labels(n)
            .y_label_formatter(&|y: &f64| {
                let i = (n as f64 - y - 0.5).round();
                if i >= 0.0 && (i as usize) < names.len() && (y.fract() - 0.5).abs() < 0.01 {
                    names[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .label_style(("sans-serif", 12))
            .draw();
        let blue = RGBColor(33, 102, 172);
        let _ = chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
            let top = n as f64 - i as f64 - 0.1;
            Rectangle::new([(0.0, top - 0.8), (*v, top)], blue.filled())
        }));
        let _ = root.present();
    }
    svg
}

fn svg_placeholder() -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".into()
}
