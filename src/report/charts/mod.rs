//! Charts of an experiment, drawn with plotters into SVG (for the HTML report)
//! and PNG or animated GIF (for slides). One module per chart family:
//! [`bars`] (horizontal bars with interval whiskers), [`series`] (weekly time
//! series with interval bands), [`attainment`] (quota-attainment histograms),
//! [`tradeoff`] (profit lift against attrition), [`sweep`] (outcomes against
//! a stepped lever), and for the analyses [`heatmap`] (a metric over a
//! two-lever grid) and [`pareto`] (the Pareto scatter with its front and the
//! attrition limit); the sensitivity ranking uses [`bars`].
//!
//! Rendering needs nothing but this crate: text is measured and rasterised with
//! the bundled DejaVu Sans font (`assets/fonts/`, Bitstream Vera licence) through
//! plotters' `ab_glyph` support, so no system font or graphics library is used.
//! Colours come from the Okabe-Ito palette, which stays distinguishable for the
//! common forms of colour blindness (Okabe & Ito 2008).

pub mod attainment;
pub mod bars;
pub mod heatmap;
pub mod pareto;
pub mod series;
pub mod sweep;
pub mod tradeoff;

use std::cell::Cell;
use std::path::Path;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// The bundled font (DejaVu Sans).
static FONT: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");

/// Okabe-Ito palette: black, orange, sky blue, bluish green, yellow, blue,
/// vermillion, reddish purple.
pub const OKABE_ITO: [RGBColor; 8] = [
    RGBColor(0, 0, 0),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 158, 115),
    RGBColor(240, 228, 66),
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(204, 121, 167),
];

/// Colours given to non-baseline strategies, in order (yellow last: it is the
/// hardest to see on white).
const ORDER: [usize; 7] = [1, 5, 3, 6, 2, 7, 4];

/// Grey for grids, reference lines and secondary text.
pub const GREY: RGBColor = RGBColor(110, 110, 110);

/// Colour of item `i` when item `baseline` (if any) is the reference: the
/// reference is black, the others take the Okabe-Ito colours in turn.
pub fn color_of(i: usize, baseline: Option<usize>) -> RGBColor {
    if Some(i) == baseline {
        return OKABE_ITO[0];
    }
    let k = match baseline {
        Some(b) if i > b => i - 1,
        _ => i,
    };
    OKABE_ITO[ORDER[k % ORDER.len()]]
}

/// Font sizes in pixels, chosen so that a 1600 x 900 chart stays readable on a
/// slide and when scaled to a page width.
pub mod font {
    /// Chart title.
    pub const TITLE: u32 = 40;
    /// Panel captions.
    pub const CAPTION: u32 = 30;
    /// Axis descriptions.
    pub const LABEL: u32 = 26;
    /// Tick labels and legend entries.
    pub const TICK: u32 = 23;
}

/// Default chart size in pixels (16:9).
pub const SIZE: (u32, u32) = (1600, 900);

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    /// plotters reported a drawing problem.
    #[error("cannot draw chart \"{0}\": {1}")]
    Draw(String, String),
    /// The PNG or GIF encoder failed.
    #[error("cannot encode chart \"{0}\": {1}")]
    Encode(String, String),
}

/// Something that can be drawn on any plotters backend.
pub trait Figure {
    /// File stem and identifier (e.g. `tradeoff`).
    fn name(&self) -> &str;
    /// Human-readable title, also used as the SVG's accessible name.
    fn title(&self) -> &str;
    /// Draws the figure on `root`.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String>;
}

/// Maps a plotters error to text.
pub(crate) fn err<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> String {
    e.to_string()
}

/// Registers the bundled font as plotters' `sans-serif` (once per process).
pub fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The bytes are a valid TrueType file compiled into the binary; a
        // failure here would be a packaging bug caught by the chart tests.
        let _ = plotters::style::register_font("sans-serif", FontStyle::Normal, FONT);
    });
}

thread_local! {
    /// Text scale of the chart being drawn on this thread: canvas width / 1600.
    static SCALE: Cell<f64> = const { Cell::new(1.0) };
}

/// Runs `f` with text scaled to a canvas of `size` (fonts are designed for
/// [`SIZE`]; a smaller GIF gets proportionally smaller text).
fn scaled<T>(size: (u32, u32), f: impl FnOnce() -> T) -> T {
    SCALE.with(|s| s.set(f64::from(size.0) / f64::from(SIZE.0)));
    let out = f();
    SCALE.with(|s| s.set(1.0));
    out
}

/// A font size in pixels at the current canvas scale.
pub fn px(size: u32) -> u32 {
    SCALE.with(|s| (f64::from(size) * s.get()).round().max(8.0) as u32)
}

/// The text style of `size` pixels (at [`SIZE`]) in the bundled font.
pub fn text(size: u32) -> TextStyle<'static> {
    ("sans-serif", px(size)).into_font().color(&BLACK)
}

/// Renders a figure as an SVG document.
pub fn to_svg<F: Figure>(fig: &F, size: (u32, u32)) -> Result<String, ChartError> {
    register_font();
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        scaled(size, || fig.draw(&root)).map_err(|e| ChartError::Draw(fig.name().into(), e))?;
        root.present().map_err(|e| ChartError::Draw(fig.name().into(), e.to_string()))?;
    }
    Ok(buf)
}

/// Renders a figure as a PNG image.
pub fn to_png<F: Figure>(fig: &F, size: (u32, u32)) -> Result<Vec<u8>, ChartError> {
    register_font();
    let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, size).into_drawing_area();
        scaled(size, || fig.draw(&root)).map_err(|e| ChartError::Draw(fig.name().into(), e))?;
        root.present().map_err(|e| ChartError::Draw(fig.name().into(), e.to_string()))?;
    }
    let img = image::RgbImage::from_raw(size.0, size.1, rgb)
        .ok_or_else(|| ChartError::Encode(fig.name().into(), "buffer size mismatch".into()))?;
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageOutputFormat::Png)
        .map_err(|e| ChartError::Encode(fig.name().into(), e.to_string()))?;
    Ok(out.into_inner())
}

/// Renders frames as an animated GIF at `path` (`delay_ms` per frame; the last
/// frame is held three times as long).
pub fn to_gif<F: Figure>(frames: &[F], size: (u32, u32), delay_ms: u32, path: &Path) -> Result<(), ChartError> {
    register_font();
    let name = frames.first().map_or("animation", |f| f.name()).to_string();
    let root = BitMapBackend::gif(path, size, delay_ms).map_err(|e| ChartError::Encode(name.clone(), e.to_string()))?;
    let root = root.into_drawing_area();
    let hold = 3;
    for (i, fig) in frames.iter().enumerate() {
        let repeats = if i + 1 == frames.len() { hold } else { 1 };
        for _ in 0..repeats {
            scaled(size, || fig.draw(&root)).map_err(|e| ChartError::Draw(name.clone(), e))?;
            root.present().map_err(|e| ChartError::Draw(name.clone(), e.to_string()))?;
        }
    }
    Ok(())
}

/// Makes plotters' SVG fit for inlining in HTML: no XML namespace URL (HTML
/// parsers place `<svg>` in the SVG namespace by themselves), responsive width,
/// an accessible name and an `id`.
pub fn inline_svg(svg: &str, id: &str, title: &str) -> String {
    let body = svg.trim();
    let Some(end) = body.find('>') else { return String::new() };
    let open = &body[..end];
    let view_box = open.split("viewBox=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("0 0 1600 900");
    format!(
        "<svg id=\"{id}\" class=\"chart\" viewBox=\"{view_box}\" role=\"img\" aria-labelledby=\"{id}-title\">\n<title id=\"{id}-title\">{}</title>{}",
        escape(title),
        &body[end + 1..]
    )
}

/// Escapes text for HTML and XML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Draws a title at the top of `root` and returns the area below it.
/// Most characters of a name drawn as a label (legend entry, bar row, point
/// label): a longer one is cut with `…`, so a long name can neither crowd the
/// plot out nor slow the text layout down.
pub const LABEL_CHARS: usize = 32;

/// Most characters of a title or subtitle.
pub const TITLE_CHARS: usize = 140;

/// A name as drawn: escaped and cut to [`LABEL_CHARS`].
pub(crate) fn short(name: &str) -> String {
    crate::config::text::clip(name, LABEL_CHARS)
}

pub(crate) fn titled<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: Option<&str>,
) -> Result<DrawingArea<DB, Shift>, String> {
    root.fill(&WHITE).map_err(err)?;
    let (m, gap) = (px(30) as i32, px(18) as i32);
    let title = crate::config::text::clip(title, TITLE_CHARS);
    root.draw(&Text::new(title, (m, gap), text(font::TITLE))).map_err(err)?;
    let mut top = gap + px(font::TITLE) as i32 + px(8) as i32;
    if let Some(sub) = subtitle {
        let sub = crate::config::text::clip(sub, TITLE_CHARS);
        root.draw(&Text::new(sub, (m, top), text(font::TICK).color(&GREY))).map_err(err)?;
        top += px(font::TICK) as i32 + px(10) as i32;
    }
    Ok(root.split_vertically(top as u32).1)
}

/// Height of one row of a legend.
pub(crate) fn legend_row_height() -> u32 {
    px(font::TICK + 14)
}

/// Where each legend entry goes, left to right and wrapping to a new row
/// before `max_x`: `(x, row)` per entry, and the number of rows.
pub(crate) fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor)],
    x0: i32,
    max_x: i32,
) -> (Vec<(i32, i32)>, i32) {
    let style = text(font::TICK);
    let (sw, gap) = (px(34) as i32, px(8) as i32);
    let (mut x, mut row, mut at) = (x0, 0, Vec::with_capacity(entries.len()));
    for (name, _) in entries {
        let name = crate::config::text::clip(name, 2 * LABEL_CHARS);
        let width = area.estimate_text_size(&name, &style).map(|s| s.0 as i32).unwrap_or(10 * name.len() as i32);
        let entry = sw + gap + width;
        if x > x0 && x + entry > max_x {
            (x, row) = (x0, row + 1);
        }
        at.push((x, row));
        x += entry + px(36) as i32;
    }
    (at, row + 1)
}

/// Draws a legend (coloured swatch and name per entry) in `area` from
/// `(x0, y0)`, wrapping into rows before `max_x`: the caller reserves
/// `rows` x [`legend_row_height`] for it outside every plot
/// ([`legend_layout`] gives the rows).
pub(crate) fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(String, RGBColor)],
    x0: i32,
    y0: i32,
    max_x: i32,
) -> Result<(), String> {
    let style = text(font::TICK);
    let (sw, gap) = (px(34) as i32, px(8) as i32);
    let (at, _) = legend_layout(area, entries, x0, max_x);
    for ((name, color), (x, row)) in entries.iter().zip(at) {
        let name = &crate::config::text::clip(name, 2 * LABEL_CHARS);
        let y = y0 + row * legend_row_height() as i32;
        area.draw(&Rectangle::new([(x, y + px(4) as i32), (x + sw, y + px(16) as i32)], color.filled()))
            .map_err(err)?;
        area.draw(&Text::new(name.clone(), (x + sw + gap, y), style.clone())).map_err(err)?;
    }
    Ok(())
}

/// Lower and upper bounds of an estimate, the mean where there is no interval.
pub fn bounds(e: &crate::experiment::stats::Estimate) -> (f64, f64) {
    match e.ci95 {
        [Some(lo), Some(hi)] => (lo, hi),
        _ => (e.mean, e.mean),
    }
}

/// A padded axis range covering `values` (and `include`, e.g. zero).
pub fn padded_range(values: impl IntoIterator<Item = f64>, include: Option<f64>, pad: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.into_iter().chain(include).filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if (hi - lo).abs() < 1e-12 {
        let d = if hi.abs() > 0.0 { hi.abs() * 0.1 } else { 1.0 };
        return (lo - d, hi + d);
    }
    let d = (hi - lo) * pad;
    (lo - d, hi + d)
}

/// How much wider than the others' range one item's range must make an axis
/// before that item is clipped (see [`outlier_range`]).
pub const OUTLIER_FACTOR: f64 = 3.0;

/// An axis range over items' `(low, high)` extents (and `include`, e.g. zero)
/// that one outlier cannot squeeze the rest into a corner: when leaving out one
/// item (of three or more) shrinks the span to less than 1 / [`OUTLIER_FACTOR`],
/// the axis covers the others, extended by a third on the outlier's side, and
/// that item's index is returned so that the chart can draw it clipped at the
/// edge with an arrow and say so. Padding `pad` is added on each side.
pub fn outlier_range(items: &[(f64, f64)], include: Option<f64>, pad: f64) -> (f64, f64, Option<usize>) {
    let span = |skip: Option<usize>| {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        for (k, &(l, h)) in items.iter().enumerate() {
            if Some(k) == skip || !l.is_finite() || !h.is_finite() {
                continue;
            }
            lo = lo.min(l);
            hi = hi.max(h);
        }
        if let Some(z) = include {
            lo = lo.min(z);
            hi = hi.max(z);
        }
        (lo, hi)
    };
    let (lo, hi) = span(None);
    let all = || {
        let (l, h) = padded_range(items.iter().flat_map(|&(l, h)| [l, h]), include, pad);
        (l, h, None)
    };
    if items.len() < 3 || !lo.is_finite() {
        return all();
    }
    let best = (0..items.len())
        .map(|k| (k, span(Some(k))))
        .filter(|(_, (l, h))| l.is_finite() && h > l)
        .min_by(|a, b| (a.1.1 - a.1.0).total_cmp(&(b.1.1 - b.1.0)));
    let Some((k, (l, h))) = best else { return all() };
    if hi - lo <= OUTLIER_FACTOR * (h - l) {
        return all();
    }
    let (ol, oh) = items[k];
    let extra = (h - l) / 3.0;
    let (l, h) = (if ol < l { l - extra } else { l }, if oh > h { h + extra } else { h });
    let d = (h - l) * pad;
    (l - d, h + d, Some(k))
}

/// Where to draw labels of height `height` and the given widths, each wanted
/// at `(x, y)` (left edge, vertical centre, in pixels), so that no two overlap:
/// labels are taken top-down and a label that would touch one already placed
/// moves down (or up, when that is nearer) by whole label heights, staying
/// within `top..bottom`. Returns the vertical centre of each label.
pub fn place_labels(wanted: &[(i32, i32, i32)], height: i32, top: i32, bottom: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| (wanted[i].1, wanted[i].0));
    let mut placed: Vec<(i32, i32, i32)> = Vec::new(); // x, y centre, width
    let mut out = vec![0; wanted.len()];
    let gap = height / 8 + 1;
    for i in order {
        let (x, y, w) = wanted[i];
        let clashes =
            |yc: i32| placed.iter().any(|&(px, py, pw)| x < px + pw && px < x + w && (yc - py).abs() < height + gap);
        let lo = top + height / 2;
        let hi = (bottom - height / 2).max(lo);
        let mut chosen = y.clamp(lo, hi);
        if clashes(chosen) {
            // Nearest free position, trying below first, then above.
            for step in 1..=4 * wanted.len() as i32 + 4 {
                let down = (y + step * (height + gap) / 2).clamp(lo, hi);
                let up = (y - step * (height + gap) / 2).clamp(lo, hi);
                if !clashes(down) {
                    chosen = down;
                    break;
                }
                if !clashes(up) {
                    chosen = up;
                    break;
                }
            }
        }
        placed.push((x, chosen, w));
        out[i] = chosen;
    }
    out
}

/// Grid, axis descriptions and tick labels of a scatter of `y` against `x`
/// over `xs` x `ys`, and a grey line at y = 0 (no change against the baseline).
pub(crate) fn scatter_axes<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    x_label: &str,
    y_label: &str,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> Result<(), String> {
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(text(font::LABEL))
        .label_style(text(font::TICK))
        .x_label_formatter(&|v| tick(*v, x1 - x0))
        .y_label_formatter(&|v| tick(*v, y1 - y0))
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(218, 218, 218))
        .draw()
        .map_err(err)?;
    chart
        .draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], GREY.stroke_width(2))))
        .map_err(err)?;
    Ok(())
}

/// Number formatting for ticks: no more decimals than the span needs.
pub fn tick(v: f64, span: f64) -> String {
    let decimals = if span >= 20.0 {
        0
    } else if span >= 2.0 {
        1
    } else if span >= 0.2 {
        2
    } else {
        3
    };
    let s = format!("{v:.decimals$}");
    // No "-0" or "-0.00" for values that round to zero.
    if s.starts_with('-') && s.chars().all(|c| matches!(c, '-' | '0' | '.')) { s[1..].to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn baseline_is_black_and_others_take_distinct_palette_colours() {
        let colors: Vec<RGBColor> = (0..6).map(|i| color_of(i, Some(2))).collect();
        assert_eq!(colors[2], OKABE_ITO[0]);
        for i in 0..6 {
            for j in 0..i {
                assert_ne!(colors[i], colors[j]);
            }
        }
    }

    #[test]
    fn inline_svg_drops_the_namespace_url_and_adds_a_title() {
        let svg =
            "<svg width=\"10\" height=\"5\" viewBox=\"0 0 10 5\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/></svg>";
        let html = inline_svg(svg, "c", "A & B");
        assert!(!html.contains("http"));
        assert!(html.contains("<title id=\"c-title\">A &amp; B</title>"));
        assert!(html.contains("viewBox=\"0 0 10 5\""));
    }

    #[test]
    fn ticks_never_show_negative_zero() {
        assert_eq!(tick(-0.0001, 10.0), "0.0");
        assert_eq!(tick(-2.5, 10.0), "-2.5");
        assert_eq!(tick(1234.0, 500.0), "1234");
    }

    #[test]
    fn an_outlier_is_clipped_and_the_others_fill_the_axis() {
        let items = [(1.0, 2.0), (2.0, 3.0), (1.5, 2.5), (80.0, 90.0)];
        let (lo, hi, clipped) = outlier_range(&items, Some(0.0), 0.05);
        assert_eq!(clipped, Some(3));
        assert!(lo < 0.0 && hi > 3.0 && hi < 6.0, "[{lo}, {hi}]");
        let close = [(1.0, 2.0), (2.0, 3.0), (1.5, 4.5)];
        assert_eq!(outlier_range(&close, Some(0.0), 0.05).2, None);
    }

    #[test]
    fn placed_labels_never_overlap() {
        let wanted = [(100, 300, 200), (110, 302, 180), (105, 299, 150), (400, 300, 100)];
        let ys = place_labels(&wanted, 26, 0, 900);
        for i in 0..wanted.len() {
            for j in 0..i {
                let xs = wanted[i].0 < wanted[j].0 + wanted[j].2 && wanted[j].0 < wanted[i].0 + wanted[i].2;
                assert!(!xs || (ys[i] - ys[j]).abs() >= 26, "{i} and {j} overlap: {ys:?}");
            }
        }
        assert_eq!(ys[3], 300, "a label with room stays where it is wanted");
    }

    #[test]
    fn padded_range_includes_the_reference_value() {
        let (lo, hi) = padded_range([2.0, 3.0], Some(0.0), 0.05);
        assert!(lo < 0.0 && hi > 3.0);
    }
}

/// Any chart of this module, for lists of mixed charts.
#[derive(Debug, Clone)]
pub enum AnyChart {
    /// Bars with whiskers.
    Bars(bars::BarChart),
    /// Weekly series.
    Series(series::SeriesChart),
    /// Attainment histograms.
    Attainment(attainment::AttainmentChart),
    /// Profit lift against attrition.
    Tradeoff(tradeoff::TradeoffChart),
    /// Outcomes against a lever.
    Sweep(sweep::SweepChart),
    /// A metric over a two-lever grid.
    Heatmap(heatmap::HeatmapChart),
    /// The Pareto scatter of an analysis.
    Pareto(pareto::ParetoChart),
}

impl Figure for AnyChart {
    fn name(&self) -> &str {
        match self {
            AnyChart::Bars(c) => c.name(),
            AnyChart::Series(c) => c.name(),
            AnyChart::Attainment(c) => c.name(),
            AnyChart::Tradeoff(c) => c.name(),
            AnyChart::Sweep(c) => c.name(),
            AnyChart::Heatmap(c) => c.name(),
            AnyChart::Pareto(c) => c.name(),
        }
    }

    fn title(&self) -> &str {
        match self {
            AnyChart::Bars(c) => c.title(),
            AnyChart::Series(c) => c.title(),
            AnyChart::Attainment(c) => c.title(),
            AnyChart::Tradeoff(c) => c.title(),
            AnyChart::Sweep(c) => c.title(),
            AnyChart::Heatmap(c) => c.title(),
            AnyChart::Pareto(c) => c.title(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        match self {
            AnyChart::Bars(c) => c.draw(root),
            AnyChart::Series(c) => c.draw(root),
            AnyChart::Attainment(c) => c.draw(root),
            AnyChart::Tradeoff(c) => c.draw(root),
            AnyChart::Sweep(c) => c.draw(root),
            AnyChart::Heatmap(c) => c.draw(root),
            AnyChart::Pareto(c) => c.draw(root),
        }
    }
}
