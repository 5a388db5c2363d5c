//! The trade-off picture: profit lift against attrition, one point per strategy
//! with both 95 % intervals as whiskers. Up is more profit than the baseline,
//! left is fewer people leaving; the best plans sit top-left.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Figure, GREY, bounds, err, font, padded_range, scatter_axes, text, titled};
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

impl Figure for TradeoffChart {
    fn name(&self) -> &str {
        &self.name
    }

    fn title(&self) -> &str {
        &self.title
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let body = titled(root, &self.title, self.subtitle.as_deref())?;
        let (x0, x1) = padded_range(
            self.points.iter().flat_map(|p| {
                let (l, h) = bounds(&p.x);
                [l, h]
            }),
            None,
            0.12,
        );
        let (y0, y1) = padded_range(
            self.points.iter().flat_map(|p| {
                let (l, h) = bounds(&p.y);
                [l, h]
            }),
            Some(0.0),
            0.12,
        );
        // Room on the right for labels.
        let x1 = x1 + 0.25 * (x1 - x0);
        let mut chart = ChartBuilder::on(&body)
            .margin(20)
            .margin_right(40)
            .x_label_area_size(80)
            .y_label_area_size(110)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        scatter_axes(&mut chart, &self.x_label, &self.y_label, (x0, x1), (y0, y1))?;
        if let Some(bx) = self.baseline_x {
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(bx, y0), (bx, y1)], GREY.stroke_width(2))))
                .map_err(err)?;
        }
        let (px, py) = chart.backend_coord(&(x0, y1));
        root.draw(&Text::new(
            "\u{2196} more profit, fewer leavers".to_string(),
            (px + 14, py + 10),
            text(font::TICK).color(&GREY),
        ))
        .map_err(err)?;
        for p in &self.points {
            let (xl, xh) = bounds(&p.x);
            let (yl, yh) = bounds(&p.y);
            let (x, y) = (p.x.mean, p.y.mean);
            let style = p.color.stroke_width(3);
            let cap_x = 0.008 * (x1 - x0);
            let cap_y = 0.012 * (y1 - y0);
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
            chart.draw_series(std::iter::once(Circle::new((x, y), 11, p.color.filled()))).map_err(err)?;
            chart.draw_series(std::iter::once(Circle::new((x, y), 11, BLACK.stroke_width(2)))).map_err(err)?;
            let (qx, qy) = chart.backend_coord(&(xh.max(x), y));
            root.draw(&Text::new(
                p.label.clone(),
                (qx + 14, qy - 4),
                text(font::LABEL).pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))
            .map_err(err)?;
        }
        Ok(())
    }
}
