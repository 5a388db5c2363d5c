//! Weekly time series with 95 % interval bands: one line per strategy (or arm)
//! in each panel, panels on a grid, one legend for all. The same chart drawn
//! with `upto = Some(w)` shows only the first `w` weeks on fixed axes, which is
//! how the animated GIFs build up week by week.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{
    Figure, GREY, bounds, err, font, legend, legend_layout, legend_row_height, padded_range, px, text, tick, titled,
};
use crate::experiment::stats::Estimate;

/// One panel: a quantity over weeks for every item.
#[derive(Debug, Clone)]
pub struct SeriesPanel {
    /// Caption above the panel.
    pub caption: String,
    /// Y-axis description with units.
    pub y_label: String,
    /// `lines[item][week]`.
    pub lines: Vec<Vec<Estimate>>,
    /// Draw a grey line at zero.
    pub zero_line: bool,
}

impl SeriesPanel {
    /// The panel's y range: every line's interval, padded, with zero when
    /// `zero_line` asks for it.
    pub fn y_range(&self) -> (f64, f64) {
        padded_range(
            self.lines.iter().flatten().flat_map(|e| {
                let (l, h) = bounds(e);
                [l, h]
            }),
            if self.zero_line { Some(0.0) } else { None },
            0.06,
        )
    }

    /// Whether the y axis includes zero; a panel whose axis does not says so
    /// under its caption, since small gaps then look large.
    pub fn axis_from_zero(&self) -> bool {
        let (lo, hi) = self.y_range();
        lo <= 0.0 && hi >= 0.0
    }
}

/// Weekly series on a grid of panels.
#[derive(Debug, Clone)]
pub struct SeriesChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// Legend entries: name and colour of each item.
    pub items: Vec<(String, RGBColor)>,
    /// Panels, row by row.
    pub panels: Vec<SeriesPanel>,
    /// Panels per row.
    pub columns: usize,
    /// Show only the first `upto` weeks (axes stay fixed).
    pub upto: Option<usize>,
}

impl SeriesChart {
    /// Weeks in the longest line.
    pub fn weeks(&self) -> usize {
        self.panels.iter().flat_map(|p| p.lines.iter().map(Vec::len)).max().unwrap_or(0)
    }

    /// Frames for an animation: the chart up to week `step`, `2 step`, ... and the end.
    pub fn frames(&self, step: usize) -> Vec<SeriesChart> {
        let weeks = self.weeks();
        let step = step.max(1);
        let mut ends: Vec<usize> = (1..=weeks / step).map(|k| k * step).collect();
        if ends.last() != Some(&weeks) {
            ends.push(weeks);
        }
        ends.into_iter().map(|w| SeriesChart { upto: Some(w), ..self.clone() }).collect()
    }
}

impl Figure for SeriesChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        // The legend has a band of its own above the panels, wrapped into
        // rows that stop short of the week counter of an animation frame.
        let (bw, _) = body.dim_in_pixel();
        let max_x = bw as i32 - px(if self.upto.is_some() { 260 } else { 30 }) as i32;
        let (_, rows) = legend_layout(&body, &self.items, px(30) as i32, max_x);
        let (legend_area, grid) = body.split_vertically(rows as u32 * legend_row_height() + px(10));
        legend(&legend_area, &self.items, px(30) as i32, px(4) as i32, max_x)?;
        let weeks = self.weeks();
        let shown = self.upto.unwrap_or(weeks).min(weeks);
        let columns = self.columns.max(1);
        let rows = self.panels.len().div_ceil(columns).max(1);
        let areas = grid.split_evenly((rows, columns));
        if let Some(w) = self.upto {
            let (lw, _) = legend_area.dim_in_pixel();
            legend_area
                .draw(&Text::new(
                    format!("week {w} of {weeks}"),
                    (lw as i32 - px(30) as i32, px(2) as i32),
                    text(font::CAPTION).color(&GREY).pos(plotters::style::text_anchor::Pos::new(
                        plotters::style::text_anchor::HPos::Right,
                        plotters::style::text_anchor::VPos::Top,
                    )),
                ))
                .map_err(err)?;
        }
        for (p, area) in self.panels.iter().zip(&areas) {
            let (lo, hi) = p.y_range();
            // Caption, then a grey line saying when the axis does not start at zero.
            let head = px(font::CAPTION + 10) + px(font::TICK + 6);
            let (head_area, plot_area) = area.split_vertically(head);
            let (hw, _) = head_area.dim_in_pixel();
            head_area
                .draw(&Text::new(
                    p.caption.clone(),
                    (hw as i32 / 2, px(4) as i32),
                    text(font::CAPTION).pos(Pos::new(HPos::Center, VPos::Top)),
                ))
                .map_err(err)?;
            if !p.axis_from_zero() {
                head_area
                    .draw(&Text::new(
                        format!("y axis from {}, not 0", tick(lo, hi - lo)),
                        (hw as i32 / 2, px(font::CAPTION + 10) as i32),
                        text(font::TICK).color(&GREY).pos(Pos::new(HPos::Center, VPos::Top)),
                    ))
                    .map_err(err)?;
            }
            let mut chart = ChartBuilder::on(&plot_area)
                .margin(12)
                .margin_top(4)
                .margin_right(28)
                .x_label_area_size(px(58))
                .y_label_area_size(px(96))
                .build_cartesian_2d(1.0..weeks.max(2) as f64, lo..hi)
                .map_err(err)?;
            chart
                .configure_mesh()
                .x_labels(9)
                .y_labels(6)
                .x_desc("week")
                .y_desc(&p.y_label)
                .axis_desc_style(text(font::LABEL))
                .label_style(text(font::TICK))
                .x_label_formatter(&|v| format!("{v:.0}"))
                .y_label_formatter(&|v| tick(*v, hi - lo))
                .light_line_style(RGBColor(238, 238, 238))
                .bold_line_style(RGBColor(218, 218, 218))
                .draw()
                .map_err(err)?;
            if p.zero_line {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(1.0, 0.0), (weeks as f64, 0.0)],
                        GREY.stroke_width(2),
                    )))
                    .map_err(err)?;
            }
            for (line, (_, color)) in p.lines.iter().zip(&self.items) {
                let pts: Vec<(f64, &Estimate)> =
                    line.iter().take(shown).enumerate().map(|(w, e)| ((w + 1) as f64, e)).collect();
                if pts.iter().any(|(_, e)| e.ci95[0].is_some()) {
                    let mut band: Vec<(f64, f64)> = pts.iter().map(|(x, e)| (*x, bounds(e).1)).collect();
                    band.extend(pts.iter().rev().map(|(x, e)| (*x, bounds(e).0)));
                    chart.draw_series(std::iter::once(Polygon::new(band, color.mix(0.2).filled()))).map_err(err)?;
                }
                chart
                    .draw_series(LineSeries::new(pts.iter().map(|(x, e)| (*x, e.mean)), color.stroke_width(3)))
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}
