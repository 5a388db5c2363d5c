//! The trade-off picture: profit lift against attrition, one point per strategy
//! with both 95 % intervals as whiskers. Up is more profit than the baseline,
//! left is fewer people leaving; the best plans sit top-left.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, bounds, err, font, outlier_range, place_labels, px, scatter_axes, text, titled};
use crate::experiment::stats::Estimate;

/// One strategy on the trade-off chart.
#[derive(Debug, Clone)]
pub struct TradeoffPoint {
    /// Label drawn next to the point.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Horizontal: attrition, %/yr.
    pub x: Estimate,
    /// Vertical: profit lift, %.
    pub y: Estimate,
}

/// Profit lift against attrition.
#[derive(Debug, Clone)]
pub struct TradeoffChart {
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
    /// The strategies.
    pub points: Vec<TradeoffPoint>,
    /// Attrition of the baseline (vertical reference line).
    pub baseline_x: Option<f64>,
}

/// Text to place without overlaps: text, x, wanted y centre, width, and the
/// point it names (pixels).
type Placed = (String, i32, i32, i32, Option<(i32, i32)>);

impl Figure for TradeoffChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let (x0, x1, x_out) = outlier_range(&self.points.iter().map(|p| bounds(&p.x)).collect::<Vec<_>>(), None, 0.12);
        let (y0, y1, y_out) =
            outlier_range(&self.points.iter().map(|p| bounds(&p.y)).collect::<Vec<_>>(), Some(0.0), 0.12);
        // Room on the right for labels; points stay inside the data range.
        let xd1 = x1;
        let x1 = x1 + 0.25 * (x1 - x0);
        let mut chart = ChartBuilder::on(&body)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        // A cut axis says so in its description; the strategy off the scale is a
        // triangle at the edge whose label gives its values.
        let x_label = if x_out.is_some() || y_out.is_some() {
            format!("{}   (axis cut: \u{25B6} = off the scale)", self.x_label)
        } else {
            self.x_label.clone()
        };
        scatter_axes(&mut chart, &x_label, &self.y_label, (x0, x1), (y0, y1))?;
        if let Some(bx) = self.baseline_x.filter(|bx| (x0..=x1).contains(bx)) {
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(bx, y0), (bx, y1)], GREY.stroke_width(2))))
                .map_err(err)?;
        }
        let (tx, ty) = chart.backend_coord(&(x0, y1));
        let cx = |v: f64| v.clamp(x0, xd1);
        let cy = |v: f64| v.clamp(y0, y1);
        let label_style = text(font::LABEL);
        let mut wanted: Vec<Placed> = Vec::new();
        let tick_style = text(font::TICK).color(&GREY);
        let hints = vec!["\u{2196} more profit, fewer leavers".to_string()];
        for (k, hint) in hints.into_iter().enumerate() {
            let w = body.estimate_text_size(&hint, &tick_style).map(|s| s.0 as i32).unwrap_or(12 * hint.len() as i32);
            let y = ty + 10 + px(font::TICK) as i32 / 2 + k as i32 * (px(font::TICK) as i32 + 6);
            wanted.push((hint, tx + 14, y, w, None));
        }
        let hint_count = wanted.len();
        for (k, p) in self.points.iter().enumerate() {
            let (xl, xh) = bounds(&p.x);
            let (yl, yh) = bounds(&p.y);
            let (x, y) = (cx(p.x.mean), cy(p.y.mean));
            let off = (Some(k) == x_out && (p.x.mean < x0 || p.x.mean > xd1))
                || (Some(k) == y_out && (p.y.mean < y0 || p.y.mean > y1));
            let style = p.color.stroke_width(3);
            let cap_x = 0.008 * (x1 - x0);
            let cap_y = 0.012 * (y1 - y0);
            chart
                .draw_series([
                    PathElement::new(vec![(cx(xl), y), (cx(xh), y)], style),
                    PathElement::new(vec![(cx(xl), y - cap_y), (cx(xl), y + cap_y)], style),
                    PathElement::new(vec![(cx(xh), y - cap_y), (cx(xh), y + cap_y)], style),
                    PathElement::new(vec![(x, cy(yl)), (x, cy(yh))], style),
                    PathElement::new(vec![(x - cap_x, cy(yl)), (x + cap_x, cy(yl))], style),
                    PathElement::new(vec![(x - cap_x, cy(yh)), (x + cap_x, cy(yh))], style),
                ])
                .map_err(err)?;
            let (qx, qy) = chart.backend_coord(&(x, y));
            if off {
                // A triangle at the edge pointing the way the point lies.
                let (dx, dy) = (
                    if p.x.mean > xd1 {
                        1
                    } else if p.x.mean < x0 {
                        -1
                    } else {
                        0
                    },
                    if p.y.mean > y1 {
                        -1
                    } else if p.y.mean < y0 {
                        1
                    } else {
                        0
                    },
                );
                let s = 16;
                let (ux, uy) = if dx != 0 { (dx, 0) } else { (0, dy) };
                let tip = (qx + ux * s, qy + uy * s);
                let side = |m: i32| (qx - ux * s / 2 + uy * s * m, qy - uy * s / 2 + ux * s * m);
                root.draw(&Polygon::new(vec![tip, side(1), side(-1)], p.color.filled())).map_err(err)?;
                root.draw(&PathElement::new(vec![tip, side(1), side(-1), tip], BLACK.stroke_width(2))).map_err(err)?;
            } else {
                chart.draw_series(std::iter::once(Circle::new((x, y), 11, p.color.filled()))).map_err(err)?;
                chart.draw_series(std::iter::once(Circle::new((x, y), 11, BLACK.stroke_width(2)))).map_err(err)?;
            }
            let label = if off {
                format!(
                    "{} (off scale: attrition {:.1}, lift {:+.1})",
                    crate::config::text::clip(&p.label, super::LABEL_CHARS),
                    p.x.mean,
                    p.y.mean
                )
            } else {
                crate::config::text::clip(&p.label, super::LABEL_CHARS)
            };
            let w =
                body.estimate_text_size(&label, &label_style).map(|s| s.0 as i32).unwrap_or(14 * label.len() as i32);
            let (hx, _) = chart.backend_coord(&(cx(xh.max(p.x.mean)), y));
            let (lx, _) = chart.backend_coord(&(cx(xl.min(p.x.mean)), y));
            let (right, _) = chart.backend_coord(&(x1, y0));
            // Right of the point's whisker, or left of it where the text would run off.
            let x = if hx + 14 + w <= right || lx - 14 - w < 0 { hx + 14 } else { lx - 14 - w };
            wanted.push((label, x, qy - px(font::LABEL) as i32 / 2 - 4, w, Some((qx, qy))));
        }
        let (top, bottom) = {
            let (_, ty) = chart.backend_coord(&(x0, y1));
            let (_, by) = chart.backend_coord(&(x0, y0));
            (ty, by)
        };
        let h = px(font::LABEL) as i32 + 4;
        let ys = place_labels(&wanted.iter().map(|w| (w.1, w.2, w.3)).collect::<Vec<_>>(), h, top, bottom);
        for (k, ((label, x, y, _, point), placed)) in wanted.into_iter().zip(ys).enumerate() {
            let style = if k < hint_count { tick_style.clone() } else { label_style.clone() };
            if let Some((qx, qy)) = point
                && (placed - y).abs() > h / 2
            {
                // A thin leader from the point to a label that had to move.
                root.draw(&PathElement::new(vec![(qx, qy), (x - 4, placed)], GREY.stroke_width(1))).map_err(err)?;
            }
            root.draw(&Text::new(label, (x, placed), style.pos(Pos::new(HPos::Left, VPos::Center)))).map_err(err)?;
        }
        Ok(())
    }
}
