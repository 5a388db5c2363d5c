//! Horizontal bars with 95 % interval whiskers, one row per strategy (or group)
//! and one panel per metric: the lift and attrition chart of a run, the
//! contest demo's effort changes and the sensitivity ranking (one row per
//! parameter; values without an interval get no whisker). Rows read top-down in the given order; names
//! sit in a column of their own so that long strategy names stay readable.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, bounds, err, font, outlier_range, px, text, tick, titled};
use crate::experiment::stats::Estimate;

/// One metric: a panel of bars.
#[derive(Debug, Clone)]
pub struct BarPanel {
    /// Caption above the panel.
    pub caption: String,
    /// Axis description with units.
    pub axis: String,
    /// One value per row.
    pub values: Vec<Estimate>,
    /// A vertical reference line (value, e.g. the baseline's level).
    pub reference: Option<f64>,
    /// Decimals of the value labels (the metric's catalogue precision, at
    /// least one for lifts); `None` follows the axis span.
    pub decimals: Option<usize>,
    /// Whether value labels carry a sign (`+0.3`), as lifts do.
    pub signed: bool,
}

impl BarPanel {
    /// A bar's value label at this panel's precision; `-0.0` reads `0.0`.
    pub fn label(&self, v: f64, span: f64) -> String {
        let text = match self.decimals {
            Some(d) if self.signed => format!("{v:+.d$}"),
            Some(d) => format!("{v:.d$}"),
            None => tick(v, span),
        };
        let zero = text.trim_start_matches(['-', '+']).chars().all(|c| matches!(c, '0' | '.'));
        if zero { text.trim_start_matches(['-', '+']).to_string() } else { text }
    }

    /// The value axis: it starts at zero (bars are lengths from zero) and one
    /// outlier row is clipped rather than squeezing the others (see
    /// [`outlier_range`]); returns `(low, high, clipped row)`.
    pub fn axis(&self) -> (f64, f64, Option<usize>) {
        let items: Vec<(f64, f64)> = self
            .values
            .iter()
            .map(|e| {
                let (l, h) = bounds(e);
                (l.min(e.mean), h.max(e.mean))
            })
            .collect();
        let (mut lo, mut hi, clipped) = outlier_range(&items, Some(0.0), 0.08);
        if let Some(r) = self.reference.filter(|r| r.is_finite()) {
            lo = lo.min(r);
            hi = hi.max(r);
        }
        let finite: Vec<&(f64, f64)> = items.iter().filter(|(l, h)| l.is_finite() && h.is_finite()).collect();
        if finite.iter().all(|&&(l, _)| l >= 0.0) && self.reference.is_none_or(|r| r >= 0.0) {
            lo = 0.0;
        }
        if finite.iter().all(|&&(_, h)| h <= 0.0) && self.reference.is_none_or(|r| r <= 0.0) {
            hi = 0.0;
        }
        (lo, hi, clipped)
    }
}

/// Bars with whiskers, rows by panels.
#[derive(Debug, Clone)]
pub struct BarChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// Row labels (top to bottom).
    pub rows: Vec<String>,
    /// Row colours.
    pub colors: Vec<RGBColor>,
    /// Panels, left to right.
    pub panels: Vec<BarPanel>,
}

impl Figure for BarChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let row_style = text(font::LABEL);
        let rows: Vec<String> = self.rows.iter().map(|r| super::short(r)).collect();
        let label_w = rows
            .iter()
            .map(|r| body.estimate_text_size(r, &row_style).map(|s| s.0).unwrap_or(12 * r.len() as u32))
            .max()
            .unwrap_or(100)
            + 40;
        let (labels, panels_area) = body.split_horizontally(label_w);
        let n = self.rows.len();
        let areas = panels_area.split_evenly((1, self.panels.len().max(1)));
        for (k, (panel, area)) in self.panels.iter().zip(&areas).enumerate() {
            let (lo, hi, clipped) = panel.axis();
            let span = hi - lo;
            // Room on the right for the value labels.
            let (lo, hi) = (lo, hi + 0.22 * span.max(1e-9));
            // A clipped axis says so in the caption; the clipped bar ends in an arrow.
            let caption = if clipped.is_some() {
                format!("{} (axis cut \u{25B6})", panel.caption)
            } else {
                panel.caption.clone()
            };
            let mut chart = ChartBuilder::on(area)
                .caption(&caption, text(font::CAPTION))
                .margin_right(30)
                .margin_left(10)
                .margin_top(10)
                .x_label_area_size(80)
                .build_cartesian_2d(lo..hi, -0.5..(n as f64 - 0.5))
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_y_mesh()
                .disable_y_axis()
                .y_labels(0)
                .x_labels(6)
                .x_desc(&panel.axis)
                .axis_desc_style(text(font::LABEL))
                .label_style(text(font::TICK))
                .x_label_formatter(&|v| tick(*v, hi - lo))
                .light_line_style(RGBColor(235, 235, 235))
                .bold_line_style(RGBColor(215, 215, 215))
                .draw()
                .map_err(err)?;
            let y_of = |i: usize| (n - 1 - i) as f64;
            let zero = PathElement::new(vec![(0.0, -0.5), (0.0, n as f64 - 0.5)], GREY.stroke_width(2));
            chart.draw_series(std::iter::once(zero)).map_err(err)?;
            if let Some(r) = panel.reference {
                let dash = (0..40).map(|j| {
                    let y0 = -0.5 + j as f64 * n as f64 / 40.0;
                    PathElement::new(vec![(r, y0), (r, y0 + 0.5 * n as f64 / 40.0)], BLACK.stroke_width(2))
                });
                chart.draw_series(dash).map_err(err)?;
            }
            let edge_hi = hi - 0.22 * span.max(1e-9);
            for (i, e) in panel.values.iter().enumerate() {
                if !e.mean.is_finite() {
                    continue;
                }
                let y = y_of(i);
                let color = self.colors.get(i).copied().unwrap_or(BLACK);
                let off = Some(i) == clipped && (e.mean > edge_hi || e.mean < lo);
                let clamp = |v: f64| v.clamp(lo, edge_hi);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y - 0.32), (clamp(e.mean), y + 0.32)],
                        color.mix(0.85).filled(),
                    )))
                    .map_err(err)?;
                let (l, h) = bounds(e);
                // No whisker for a value without an interval (e.g. a Morris mu*).
                if matches!(e.ci95, [Some(_), Some(_)]) {
                    let whisker = BLACK.stroke_width(3);
                    let (l, h) = (clamp(l), clamp(h));
                    chart
                        .draw_series([
                            PathElement::new(vec![(l, y), (h, y)], whisker),
                            PathElement::new(vec![(l, y - 0.15), (l, y + 0.15)], whisker),
                            PathElement::new(vec![(h, y - 0.15), (h, y + 0.15)], whisker),
                        ])
                        .map_err(err)?;
                }
                if off {
                    // An arrow at the edge: the bar goes on past the axis.
                    let tip = if e.mean > edge_hi { edge_hi } else { lo };
                    let (tx, ty) = chart.backend_coord(&(tip, y));
                    let dir = if e.mean > edge_hi { 1 } else { -1 };
                    let s = px(16) as i32;
                    root.draw(&Polygon::new(
                        vec![(tx + dir * s, ty), (tx - dir * s / 2, ty - s), (tx - dir * s / 2, ty + s)],
                        BLACK.filled(),
                    ))
                    .map_err(err)?;
                }
                let right = clamp(h.max(e.mean).max(0.0));
                let (px_, py) = chart.backend_coord(&(right, y));
                let label = panel.label(e.mean, span);
                root.draw(&Text::new(
                    label,
                    (px_ + if off { 24 } else { 10 }, py),
                    text(font::TICK).pos(Pos::new(HPos::Left, VPos::Center)),
                ))
                .map_err(err)?;
            }
            if k == 0 {
                for (i, r) in rows.iter().enumerate() {
                    let (_, py) = chart.backend_coord(&(lo, y_of(i)));
                    let (lx, _) = labels.get_base_pixel();
                    root.draw(&Text::new(
                        r.clone(),
                        (lx + label_w as i32 - 16, py),
                        row_style.clone().pos(Pos::new(HPos::Right, VPos::Center)),
                    ))
                    .map_err(err)?;
                }
            }
        }
        Ok(())
    }
}
