//! Distribution of quarterly quota attainment per strategy: one histogram row
//! per strategy on a shared axis (10 % bins; the last bar holds 300 % and
//! more), with the quota marked, and above each row, in a band of its own,
//! its legend: the strategy and its share at quota. Shows whether a plan moves the whole team or
//! only its stars, and how many reps end a quarter far from quota.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, err, font, px, text, titled};

/// Attainment histograms, one row per item.
#[derive(Debug, Clone)]
pub struct AttainmentChart {
    /// File stem.
    pub name: String,
    /// Title.
    pub title: String,
    /// Grey line under the title.
    pub subtitle: Option<String>,
    /// Name and colour of each item.
    pub items: Vec<(String, RGBColor)>,
    /// Rep-quarters per 10 % bin (31 bins: 0-10 %, ..., 290-300 %, 300 %+).
    pub histograms: Vec<Vec<u64>>,
}

/// Share of each bin, in % of the item's rep-quarters.
pub fn shares(h: &[u64]) -> Vec<f64> {
    let total: u64 = h.iter().sum();
    h.iter().map(|&c| if total > 0 { 100.0 * c as f64 / total as f64 } else { 0.0 }).collect()
}

/// Share of rep-quarters at or above quota (bins from 100 % on), %.
pub fn at_quota_pct(h: &[u64]) -> f64 {
    shares(h).iter().skip(10).sum()
}

impl Figure for AttainmentChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let n = self.items.len().max(1);
        let all: Vec<Vec<f64>> = self.histograms.iter().map(|h| shares(h)).collect();
        let top = all.iter().flatten().copied().fold(1.0, f64::max) * 1.15;
        let (rows_area, axis_area) = {
            let (_, h) = body.dim_in_pixel();
            body.split_vertically(h.saturating_sub(70))
        };
        let areas = rows_area.split_evenly((n, 1));
        let bins = all.first().map_or(31, Vec::len);
        let x_max = bins as f64 * 10.0;
        for (i, ((name, color), row)) in self.items.iter().zip(&areas).enumerate() {
            let last = i + 1 == n;
            // Each row's legend (swatch, name, share at quota) has a band of
            // its own above the row's plot: it never covers a bar.
            let (band, area) = row.split_vertically(px(font::LABEL + 12));
            let at = self.histograms.get(i).map_or(0.0, |h| at_quota_pct(h));
            let x0 = 20 + 90;
            band.draw(&Rectangle::new([(x0, px(8) as i32), (x0 + px(34) as i32, px(20) as i32)], color.filled()))
                .map_err(err)?;
            band.draw(&Text::new(
                format!("{}: {at:.0} % of rep-quarters at or above quota", super::short(name)),
                (x0 + px(42) as i32, px(4) as i32),
                text(font::LABEL).pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
            let mut chart = ChartBuilder::on(&area)
                .margin_left(20)
                .margin_right(40)
                .margin_top(6)
                .x_label_area_size(if last { 40 } else { 8 })
                .y_label_area_size(90)
                .build_cartesian_2d(0.0..x_max, 0.0..top)
                .map_err(err)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(if last { 11 } else { 0 })
                .y_labels(3)
                .label_style(text(font::TICK))
                .x_label_formatter(&|v| if *v >= 300.0 { "300+".into() } else { format!("{v:.0}") })
                .y_label_formatter(&|v| format!("{v:.0}"))
                .bold_line_style(RGBColor(225, 225, 225))
                .light_line_style(RGBColor(245, 245, 245))
                .draw()
                .map_err(err)?;
            let share = all.get(i).cloned().unwrap_or_default();
            chart
                .draw_series(share.iter().enumerate().map(|(b, s)| {
                    let x0 = b as f64 * 10.0;
                    Rectangle::new([(x0 + 0.8, 0.0), (x0 + 9.2, *s)], color.mix(0.85).filled())
                }))
                .map_err(err)?;
            let quota = (0..30).map(|j| {
                let y0 = top * j as f64 / 30.0;
                PathElement::new(vec![(100.0, y0), (100.0, y0 + 0.5 * top / 30.0)], BLACK.stroke_width(2))
            });
            chart.draw_series(quota).map_err(err)?;
        }
        let (w, _) = axis_area.dim_in_pixel();
        axis_area
            .draw(&Text::new(
                "quota attainment per rep-quarter (% of quota, 10 % bins; dashed line = quota)".to_string(),
                (w as i32 / 2, 20),
                text(font::LABEL).pos(Pos::new(HPos::Center, VPos::Top)),
            ))
            .map_err(err)?;
        let (_, h) = rows_area.dim_in_pixel();
        root.draw(&Text::new(
            "% of rep-quarters".to_string(),
            (22, rows_area.get_base_pixel().1 + h as i32 / 2),
            text(font::LABEL).color(&GREY).transform(FontTransform::Rotate270).pos(Pos::new(HPos::Center, VPos::Top)),
        ))
        .map_err(err)?;
        Ok(())
    }
}
