//! Outcomes against a stepped lever (e.g. pressure from very low to extreme):
//! one panel per outcome, stacked, each a line through the level means with 95 %
//! interval whiskers. This is where an inverted U shows.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, bounds, err, font, padded_range, text, tick, titled};
use crate::experiment::stats::Estimate;

/// One outcome across the levels.
#[derive(Debug, Clone)]
pub struct SweepPanel {
    /// Caption (left, inside the panel row).
    pub caption: String,
    /// Y-axis description with units.
    pub y_label: String,
    /// One value per level.
    pub values: Vec<Estimate>,
    /// Line colour.
    pub color: RGBColor,
}

/// Outcomes against levels of a lever.
#[derive(Debug, Clone)]
pub struct SweepChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// Level labels, left to right.
    pub levels: Vec<String>,
    /// X-axis description.
    pub x_label: String,
    /// Panels, top to bottom.
    pub panels: Vec<SweepPanel>,
}

impl Figure for SweepChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let (_, h) = body.dim_in_pixel();
        let (rows_area, axis_area) = body.split_vertically(h.saturating_sub(100));
        let n = self.levels.len().max(1);
        let areas = rows_area.split_evenly((self.panels.len().max(1), 1));
        let mut columns: Vec<(i32, i32)> = Vec::new();
        for (p, area) in self.panels.iter().zip(&areas) {
            let (lo, hi) = padded_range(
                p.values.iter().flat_map(|e| {
                    let (l, h) = bounds(e);
                    [l, h]
                }),
                None,
                0.15,
            );
            let mut chart = ChartBuilder::on(area)
                .margin_left(20)
                .margin_right(40)
                .margin_top(8)
                .x_label_area_size(6)
                .y_label_area_size(130)
                .build_cartesian_2d(-0.5..(n as f64 - 0.5), lo..hi)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(0)
                .y_labels(4)
                .y_desc(&p.y_label)
                .axis_desc_style(text(font::TICK))
                .label_style(text(font::TICK))
                .y_label_formatter(&|v| tick(*v, hi - lo))
                .bold_line_style(RGBColor(222, 222, 222))
                .light_line_style(RGBColor(245, 245, 245))
                .draw()
                .map_err(err)?;
            chart
                .draw_series(LineSeries::new(
                    p.values.iter().enumerate().map(|(i, e)| (i as f64, e.mean)),
                    p.color.stroke_width(4),
                ))
                .map_err(err)?;
            for (i, e) in p.values.iter().enumerate() {
                let (l, h) = bounds(e);
                let x = i as f64;
                let s = p.color.stroke_width(3);
                chart
                    .draw_series([
                        PathElement::new(vec![(x, l), (x, h)], s),
                        PathElement::new(vec![(x - 0.05, l), (x + 0.05, l)], s),
                        PathElement::new(vec![(x - 0.05, h), (x + 0.05, h)], s),
                    ])
                    .map_err(err)?;
                chart.draw_series(std::iter::once(Circle::new((x, e.mean), 9, p.color.filled()))).map_err(err)?;
            }
            let (cx, cy) = chart.backend_coord(&(-0.5, hi));
            root.draw(&Text::new(p.caption.clone(), (cx + 12, cy + 4), text(font::CAPTION))).map_err(err)?;
            columns = (0..n).map(|i| chart.backend_coord(&(i as f64, lo))).collect();
        }
        for (label, (x, y)) in self.levels.iter().zip(&columns) {
            for (k, line) in label.split('\n').enumerate() {
                root.draw(&Text::new(
                    line.to_string(),
                    (*x, y + 10 + k as i32 * (font::TICK as i32 + 4)),
                    text(font::TICK).pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(err)?;
            }
        }
        let (w, _) = axis_area.dim_in_pixel();
        axis_area
            .draw(&Text::new(
                self.x_label.clone(),
                (w as i32 / 2, 62),
                text(font::LABEL).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(err)?;
        Ok(())
    }
}
