//! The Pareto scatter of an analysis: profit lift against attrition for every
//! candidate (strategies of a scenario or points of a sweep), the front of
//! non-dominated candidates highlighted and joined with their 95 % intervals,
//! the attrition limit as a dashed line with the region beyond it shaded, and
//! the chosen candidate ringed.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, OKABE_ITO, bounds, err, font, legend, padded_range, px, scatter_axes, text, titled};
use crate::experiment::stats::Estimate;

/// Colour of the front (Okabe-Ito vermillion).
pub const FRONT: RGBColor = OKABE_ITO[6];
/// Colour of the attrition limit (Okabe-Ito blue).
pub const LIMIT: RGBColor = OKABE_ITO[5];
/// Colour of candidates off the front.
pub const OTHER: RGBColor = RGBColor(160, 160, 160);

/// One candidate on the scatter.
#[derive(Debug, Clone)]
pub struct ParetoPoint {
    /// Short label drawn next to the point (a strategy name or a point id).
    pub label: String,
    /// Horizontal: attrition, %/yr.
    pub x: Estimate,
    /// Vertical: profit lift, %.
    pub y: Estimate,
    /// Whether it is on the front.
    pub front: bool,
    /// Whether its label is drawn even off the front (a named reference, such
    /// as one of the scenario's own strategies).
    pub named: bool,
}

/// Profit lift against attrition with the front highlighted.
#[derive(Debug, Clone)]
pub struct ParetoChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// X-axis description with units.
    pub x_label: String,
    /// Y-axis description with units.
    pub y_label: String,
    /// The candidates.
    pub points: Vec<ParetoPoint>,
    /// The attrition limit, if any (vertical dashed line).
    pub max_x: Option<f64>,
    /// Index of the chosen candidate, if any.
    pub chosen: Option<usize>,
}

impl ParetoChart {
    /// Whether every point gets a label (few candidates) or only the front and
    /// the chosen one.
    fn label_all(&self) -> bool {
        self.points.len() <= 12
    }
}

impl Figure for ParetoChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let with_ci = |i: usize, p: &ParetoPoint| p.front || Some(i) == self.chosen;
        let (x0, x1) = padded_range(
            self.points.iter().enumerate().flat_map(|(i, p)| {
                let (l, h) = if with_ci(i, p) { bounds(&p.x) } else { (p.x.mean, p.x.mean) };
                [l, h]
            }),
            self.max_x,
            0.10,
        );
        let (y0, y1) = padded_range(
            self.points.iter().enumerate().flat_map(|(i, p)| {
                let (l, h) = if with_ci(i, p) { bounds(&p.y) } else { (p.y.mean, p.y.mean) };
                [l, h]
            }),
            Some(0.0),
            0.10,
        );
        // Room on the right for labels and at the top for the legend.
        let x1 = x1 + 0.15 * (x1 - x0);
        let y1 = y1 + 0.12 * (y1 - y0);
        let mut chart = ChartBuilder::on(&body)
            .margin(px(20))
            .margin_right(px(40))
            .x_label_area_size(px(80))
            .y_label_area_size(px(110))
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        scatter_axes(&mut chart, &self.x_label, &self.y_label, (x0, x1), (y0, y1))?;

        let mut entries = vec![("Pareto front".to_string(), FRONT), ("other candidates".to_string(), OTHER)];
        if let Some(m) = self.max_x {
            chart
                .draw_series(std::iter::once(Rectangle::new([(m, y0), (x1.max(m), y1)], BLACK.mix(0.06).filled())))
                .map_err(err)?;
            let n = 40;
            let dash = (y1 - y0) / f64::from(n);
            chart
                .draw_series((0..n).step_by(2).map(|k| {
                    let a = y0 + f64::from(k) * dash;
                    PathElement::new(vec![(m, a), (m, a + dash)], LIMIT.stroke_width(3))
                }))
                .map_err(err)?;
            entries.push((format!("attrition limit {m} %/yr (shaded: over it)"), LIMIT));
        }
        if let Some(c) = self.chosen.and_then(|c| self.points.get(c)) {
            entries.push((format!("chosen: {}", super::short(&c.label)), BLACK));
        }

        // Candidates off the front first, so that the front draws over them.
        chart
            .draw_series(
                self.points
                    .iter()
                    .filter(|p| !p.front && p.x.mean.is_finite() && p.y.mean.is_finite())
                    .map(|p| Circle::new((p.x.mean, p.y.mean), px(7), OTHER.filled())),
            )
            .map_err(err)?;
        let mut front: Vec<&ParetoPoint> =
            self.points.iter().filter(|p| p.front && p.x.mean.is_finite() && p.y.mean.is_finite()).collect();
        front.sort_by(|a, b| a.x.mean.total_cmp(&b.x.mean));
        chart
            .draw_series(std::iter::once(PathElement::new(
                front.iter().map(|p| (p.x.mean, p.y.mean)).collect::<Vec<_>>(),
                FRONT.stroke_width(4),
            )))
            .map_err(err)?;
        let (cap_x, cap_y) = (0.006 * (x1 - x0), 0.010 * (y1 - y0));
        for (i, p) in self.points.iter().enumerate() {
            if !with_ci(i, p) || !p.x.mean.is_finite() || !p.y.mean.is_finite() {
                continue;
            }
            let (xl, xh) = bounds(&p.x);
            let (yl, yh) = bounds(&p.y);
            let (x, y) = (p.x.mean, p.y.mean);
            let style = if p.front { FRONT.mix(0.7).stroke_width(2) } else { OTHER.stroke_width(2) };
            chart
                .draw_series([
                    PathElement::new(vec![(xl, y), (xh, y)], style),
                    PathElement::new(vec![(xl, y - cap_y), (xl, y + cap_y)], style),
                    PathElement::new(vec![(xh, y - cap_y), (xh, y + cap_y)], style),
                    PathElement::new(vec![(x, yl), (x, yh)], style),
                    PathElement::new(vec![(x - cap_x, yl), (x + cap_x, yl)], style),
                    PathElement::new(vec![(x - cap_x, yh), (x + cap_x, yh)], style),
                ])
                .map_err(err)?;
        }
        chart
            .draw_series(front.iter().map(|p| Circle::new((p.x.mean, p.y.mean), px(10), FRONT.filled())))
            .map_err(err)?;
        chart
            .draw_series(front.iter().map(|p| Circle::new((p.x.mean, p.y.mean), px(10), BLACK.stroke_width(2))))
            .map_err(err)?;
        if let Some(c) = self.chosen.and_then(|c| self.points.get(c)).filter(|c| c.x.mean.is_finite()) {
            chart
                .draw_series(std::iter::once(Circle::new((c.x.mean, c.y.mean), px(20), BLACK.stroke_width(4))))
                .map_err(err)?;
        }
        for (i, p) in self.points.iter().enumerate() {
            if !(self.label_all() || p.front || p.named || Some(i) == self.chosen) || !p.x.mean.is_finite() {
                continue;
            }
            let (qx, qy) = chart.backend_coord(&(p.x.mean, p.y.mean));
            let style =
                if p.front || Some(i) == self.chosen { text(font::TICK) } else { text(font::TICK).color(&GREY) };
            // Clear of the ring around the chosen candidate.
            let gap = if Some(i) == self.chosen { px(22) } else { px(12) } as i32;
            root.draw(&Text::new(
                super::short(&p.label),
                (qx + gap, qy - gap / 2),
                style.pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))
            .map_err(err)?;
        }
        // The legend sits on a white band across the top of the plot.
        let (_, plot_h) = chart.plotting_area().dim_in_pixel();
        let band = (y1 - y0) * f64::from(px(46)) / f64::from(plot_h.max(1));
        chart
            .draw_series(std::iter::once(Rectangle::new([(x0, y1 - band), (x1, y1)], WHITE.mix(0.9).filled())))
            .map_err(err)?;
        let (lx, ly) = chart.backend_coord(&(x0, y1));
        legend(root, &entries, lx + px(16) as i32, ly + px(12) as i32, i32::MAX)?;
        Ok(())
    }
}
