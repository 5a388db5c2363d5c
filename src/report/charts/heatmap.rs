//! Heatmaps of a metric over a two-lever grid: one cell per combination of
//! levels, coloured by its value and labelled with it, a colour-scale legend on
//! the right and the lever names on the axes. Lifts use a diverging scale
//! centred at zero (orange below, blue above); levels such as attrition use a
//! sequential scale (light to dark red as the value grows). Cells of a grid
//! that have not run yet (a stopped sweep) are grey and say so.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, err, font, px, text, tick, titled};

/// How values map to colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Centred at zero: orange below, white at zero, blue above (for lifts,
    /// where blue is a gain over the baseline).
    Diverging,
    /// Light to dark red from the lowest to the highest value (for attrition
    /// and other levels where more is worse).
    Sequential,
}

/// White-ish centre of the diverging scale.
const MID: RGBColor = RGBColor(247, 247, 247);
/// Negative end of the diverging scale (Okabe-Ito vermillion).
const NEG: RGBColor = RGBColor(213, 94, 0);
/// Positive end of the diverging scale (Okabe-Ito blue).
const POS: RGBColor = RGBColor(0, 114, 178);
/// Stops of the sequential scale (ColorBrewer OrRd).
const SEQ: [RGBColor; 3] = [RGBColor(255, 247, 236), RGBColor(252, 141, 89), RGBColor(179, 0, 0)];
/// Fill of cells that have no value.
const MISSING: RGBColor = RGBColor(225, 225, 225);

fn lerp(a: RGBColor, b: RGBColor, s: f64) -> RGBColor {
    let s = s.clamp(0.0, 1.0);
    let m = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * s).round() as u8;
    RGBColor(m(a.0, b.0), m(a.1, b.1), m(a.2, b.2))
}

impl Scale {
    /// The range the colours span for these values: symmetric about zero for
    /// [`Scale::Diverging`], lowest to highest for [`Scale::Sequential`].
    pub fn range(&self, values: impl IntoIterator<Item = f64>) -> (f64, f64) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for v in values.into_iter().filter(|v| v.is_finite()) {
            lo = lo.min(v);
            hi = hi.max(v);
        }
        if !lo.is_finite() {
            // Nothing to show yet (a sweep stopped before its first cell).
            return if *self == Scale::Diverging { (-1.0, 1.0) } else { (0.0, 1.0) };
        }
        match self {
            Scale::Diverging => {
                let m = lo.abs().max(hi.abs());
                if m > 0.0 { (-m, m) } else { (-1.0, 1.0) }
            }
            Scale::Sequential => {
                if hi - lo > 1e-12 {
                    (lo, hi)
                } else {
                    let d = if hi.abs() > 0.0 { hi.abs() * 0.1 } else { 1.0 };
                    (lo - d, hi + d)
                }
            }
        }
    }

    /// The colour of `v` on a scale spanning `lo..hi`.
    pub fn color(&self, v: f64, lo: f64, hi: f64) -> RGBColor {
        match self {
            Scale::Diverging => {
                let m = lo.abs().max(hi.abs()).max(1e-12);
                if v < 0.0 { lerp(MID, NEG, -v / m) } else { lerp(MID, POS, v / m) }
            }
            Scale::Sequential => {
                let t = ((v - lo) / (hi - lo).max(1e-12)).clamp(0.0, 1.0);
                if t < 0.5 { lerp(SEQ[0], SEQ[1], t / 0.5) } else { lerp(SEQ[1], SEQ[2], (t - 0.5) / 0.5) }
            }
        }
    }
}

/// Black or white, whichever reads better on `c`.
fn ink_on(c: RGBColor) -> RGBColor {
    let lum = 0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2);
    if lum < 140.0 { WHITE } else { BLACK }
}

/// A metric over a two-lever grid.
#[derive(Debug, Clone)]
pub struct HeatmapChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// X-axis description (the first lever's name).
    pub x_label: String,
    /// Y-axis description (the second lever's name).
    pub y_label: String,
    /// Level labels of the first lever, left to right.
    pub x_levels: Vec<String>,
    /// Level labels of the second lever, bottom to top.
    pub y_levels: Vec<String>,
    /// Values by row (second lever) and column (first lever); `None` where the
    /// cell has not run.
    pub values: Vec<Vec<Option<f64>>>,
    /// Legend description of the metric with its unit.
    pub metric: String,
    /// Colour scale.
    pub scale: Scale,
}

impl HeatmapChart {
    fn value(&self, col: usize, row: usize) -> Option<f64> {
        self.values.get(row).and_then(|r| r.get(col)).copied().flatten().filter(|v| v.is_finite())
    }

    fn label(&self, v: f64) -> String {
        match self.scale {
            Scale::Diverging => format!("{v:+.1}"),
            Scale::Sequential => format!("{v:.1}"),
        }
    }
}

impl Figure for HeatmapChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let (nx, ny) = (self.x_levels.len().max(1), self.y_levels.len().max(1));
        let (lo, hi) = self.scale.range((0..ny).flat_map(|r| (0..nx).filter_map(move |c| self.value(c, r))));
        let (w, _) = body.dim_in_pixel();
        let (main, side) = body.split_horizontally(w.saturating_sub(px(300)));

        let tick_style = text(font::TICK);
        let y_label_w = self
            .y_levels
            .iter()
            .map(|l| main.estimate_text_size(l, &tick_style).map(|s| s.0).unwrap_or(12 * l.len() as u32))
            .max()
            .unwrap_or(40);
        let mut chart = ChartBuilder::on(&main)
            .margin(px(20))
            .margin_right(px(10))
            .x_label_area_size(px(100))
            .y_label_area_size(y_label_w + px(80))
            .build_cartesian_2d(-0.5..(nx as f64 - 0.5), -0.5..(ny as f64 - 0.5))
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .axis_desc_style(text(font::LABEL))
            .draw()
            .map_err(err)?;

        // Cells, then their labels in a size that fits the cell.
        let (c0x, c0y) = chart.backend_coord(&(0.0, 0.0));
        let (c1x, c1y) = chart.backend_coord(&(1.0, 1.0));
        let (cell_w, cell_h) = (f64::from((c1x - c0x).abs()), f64::from((c1y - c0y).abs()));
        let label_px = (f64::from(px(font::TICK))).min(cell_h * 0.42).min(cell_w / 4.2).floor() as u32;
        for row in 0..ny {
            for col in 0..nx {
                let (x, y) = (col as f64, row as f64);
                let v = self.value(col, row);
                let fill = v.map_or(MISSING, |v| self.scale.color(v, lo, hi));
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                        fill.filled(),
                    )))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)],
                        WHITE.stroke_width(2),
                    )))
                    .map_err(err)?;
                if label_px >= 9 {
                    let (label, ink) = match v {
                        Some(v) => (self.label(v), ink_on(fill)),
                        None => ("not run".to_string(), GREY),
                    };
                    let (cx, cy) = chart.backend_coord(&(x, y));
                    root.draw(&Text::new(
                        label,
                        (cx, cy),
                        ("sans-serif", label_px).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center)),
                    ))
                    .map_err(err)?;
                }
            }
        }

        // Level labels, thinned out where they would overlap.
        let widest = self
            .x_levels
            .iter()
            .map(|l| main.estimate_text_size(l, &tick_style).map(|s| s.0).unwrap_or(12 * l.len() as u32))
            .max()
            .unwrap_or(40);
        let every_x = ((f64::from(widest) + f64::from(px(16))) / cell_w.max(1.0)).ceil().max(1.0) as usize;
        for (i, l) in self.x_levels.iter().enumerate().filter(|(i, _)| i % every_x == 0) {
            let (x, y) = chart.backend_coord(&(i as f64, -0.5));
            root.draw(&Text::new(l.clone(), (x, y + px(10) as i32), tick_style.pos(Pos::new(HPos::Center, VPos::Top))))
                .map_err(err)?;
        }
        let every_y = ((f64::from(px(font::TICK)) + f64::from(px(6))) / cell_h.max(1.0)).ceil().max(1.0) as usize;
        for (j, l) in self.y_levels.iter().enumerate().filter(|(j, _)| j % every_y == 0) {
            let (x, y) = chart.backend_coord(&(-0.5, j as f64));
            root.draw(&Text::new(
                l.clone(),
                (x - px(10) as i32, y),
                tick_style.pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(err)?;
        }

        // The colour scale: a bar with ticks and the metric's name.
        let mut bar = ChartBuilder::on(&side)
            .margin_top(px(30))
            .margin_bottom(px(100))
            .margin_left(px(30))
            .margin_right(px(20))
            .y_label_area_size(0)
            .right_y_label_area_size(px(130))
            .build_cartesian_2d(0.0..1.0, lo..hi)
            .map_err(err)?;
        bar.configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .x_labels(0)
            .y_labels(7)
            .y_desc(&self.metric)
            .axis_desc_style(text(font::TICK))
            .label_style(text(font::TICK))
            .y_label_formatter(&|v| tick(*v, hi - lo))
            .draw()
            .map_err(err)?;
        let steps = 120;
        bar.draw_series((0..steps).map(|k| {
            let a = lo + (hi - lo) * k as f64 / steps as f64;
            let b = lo + (hi - lo) * (k + 1) as f64 / steps as f64;
            Rectangle::new([(0.0, a), (1.0, b)], self.scale.color(0.5 * (a + b), lo, hi).filled())
        }))
        .map_err(err)?;
        bar.draw_series(std::iter::once(Rectangle::new([(0.0, lo), (1.0, hi)], BLACK.stroke_width(1)))).map_err(err)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diverging_scale_is_white_at_zero_and_symmetric() {
        let s = Scale::Diverging;
        let (lo, hi) = s.range([-2.0, 5.0]);
        assert_eq!((lo, hi), (-5.0, 5.0));
        assert_eq!(s.color(0.0, lo, hi), MID);
        assert_eq!(s.color(5.0, lo, hi), POS);
        assert_eq!(s.color(-5.0, lo, hi), NEG);
    }

    #[test]
    fn the_sequential_scale_darkens_as_values_grow() {
        let s = Scale::Sequential;
        let (lo, hi) = s.range([10.0, 30.0]);
        let lum = |c: RGBColor| u32::from(c.0) + u32::from(c.1) + u32::from(c.2);
        assert!(lum(s.color(10.0, lo, hi)) > lum(s.color(20.0, lo, hi)));
        assert!(lum(s.color(20.0, lo, hi)) > lum(s.color(30.0, lo, hi)));
    }
}
