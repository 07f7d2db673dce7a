//! Segment charts: share of customers next to share of value per segment,
//! the concentration (Lorenz) curve, a histogram, and a labelled grid (heat map).

use super::kit::axes::{self, Frame, Grid};
use super::kit::document;
use super::kit::legend;
use super::kit::palette;
use super::kit::text::{self, NOTE_FONT};
use super::kit::ticks::{category_label, percent_label};
use super::ChartError;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub const WIDTH: u32 = 560;

/// One segment's shares, for [`segment_shares_svg`].
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentShare {
    pub label: String,
    /// Share of customers, 0..1.
    pub customers: f64,
    /// Share of value, 0..1.
    pub value: f64,
}

/// Horizontal bars per segment: share of customers (brand colour) over share of value (accent).
pub fn segment_shares_svg(
    rows: &[SegmentShare],
    customers_label: &str,
    value_label: &str,
) -> Result<String, ChartError> {
    let height = 70 + 34 * rows.len().max(1) as u32;
    document::svg((WIDTH, height), |root| {
        let n = rows.len().max(1);
        let top = rows
            .iter()
            .map(|r| r.customers.max(r.value))
            .fold(0.0, f64::max)
            .max(0.05)
            * 1.1;
        let mut chart = axes::plot(
            root,
            Frame::new(axes::MARGIN, 28, 150),
            0.0..top,
            -0.5..(n as f64 - 0.5),
        )?;
        axes::mesh(&mut chart, Grid::Vertical)
            .y_labels(n + 1)
            .y_label_formatter(&|v| {
                category_label(*v, |i| {
                    rows.get(i).map(|r| r.label.clone()).unwrap_or_default()
                })
            })
            .x_label_formatter(&|v| percent_label(*v))
            .draw()?;
        let bar = |i: usize, v: f64, upper: bool, color: RGBColor| {
            let y = i as f64;
            let (a, b) = if upper { (y - 0.4, y) } else { (y, y + 0.4) };
            Rectangle::new([(0.0, a), (v, b)], color.filled())
        };
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, r)| bar(i, r.customers, true, palette::BRAND)),
            )?
            .label(customers_label)
            .legend(legend::bar_sample(palette::BRAND));
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, r)| bar(i, r.value, false, palette::ACCENT)),
            )?
            .label(value_label)
            .legend(legend::bar_sample(palette::ACCENT));
        // (A smaller font than the other legends'.)
        legend::draw_boxed(&mut chart, SeriesLabelPosition::LowerRight, 14)
    })
}

/// The concentration curve: cumulative share of value over cumulative share of
/// customers (largest first), with the diagonal of equal shares and a marker.
pub fn lorenz_svg(
    points: &[(f64, f64)],
    x_label: &str,
    y_label: &str,
    marker: Option<(f64, f64, &str)>,
) -> Result<String, ChartError> {
    document::svg((WIDTH, 320), |root| {
        let mut chart = axes::plot(root, Frame::new(14, 40, 56), 0.0..1.0, 0.0..1.0)?;
        axes::mesh(&mut chart, Grid::Both)
            .x_desc(x_label)
            .y_desc(y_label)
            .x_label_formatter(&|v| percent_label(*v))
            .y_label_formatter(&|v| percent_label(*v))
            .draw()?;
        chart.draw_series(DashedLineSeries::new(
            [(0.0, 0.0), (1.0, 1.0)],
            6,
            4,
            palette::MUTED.stroke_width(1),
        ))?;
        chart.draw_series(LineSeries::new(
            points.iter().copied(),
            palette::BRAND.stroke_width(3),
        ))?;
        if let Some((x, y, text)) = marker {
            chart.draw_series(std::iter::once(Circle::new(
                (x, y),
                5,
                palette::ACCENT.filled(),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                text.to_owned(),
                (x + 0.03, y - 0.06),
                text::style(14, palette::INK),
            )))?;
        }
        Ok(())
    })
}

/// A histogram of counts per bin (`edges` has one more entry than `counts`).
pub fn histogram_svg(
    edges: &[f64],
    counts: &[usize],
    x_label: &str,
    y_label: &str,
    format_edge: &dyn Fn(f64) -> String,
) -> Result<String, ChartError> {
    document::svg((WIDTH, 300), |root| {
        let lo = edges.first().copied().unwrap_or(0.0);
        let hi = edges
            .last()
            .copied()
            .filter(|h| *h > lo)
            .unwrap_or(lo + 1.0);
        let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64 * 1.15;
        let mut chart = axes::plot(root, Frame::new(axes::MARGIN, 40, 56), lo..hi, 0.0..top)?;
        axes::mesh(&mut chart, Grid::Horizontal)
            .x_desc(x_label)
            .y_desc(y_label)
            .x_label_formatter(&|v| format_edge(*v))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .draw()?;
        chart.draw_series(counts.iter().enumerate().filter_map(|(i, c)| {
            let (a, b) = (*edges.get(i)?, *edges.get(i + 1)?);
            let mut r = Rectangle::new(
                [(a, 0.0), (b, *c as f64)],
                palette::BRAND.mix(0.85).filled(),
            );
            r.set_margin(0, 0, 1, 1);
            Some(r)
        }))?;
        Ok(())
    })
}

/// One cell of a labelled grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridCell {
    /// 0..1: how strongly the cell is coloured.
    pub intensity: f64,
    /// Lines of text in the cell.
    pub lines: Vec<String>,
}

/// A grid of coloured, labelled cells (`rows` top to bottom), with row and
/// column headers: the heat maps' SVG form for export.
pub fn grid_svg(
    cells: &[Vec<GridCell>],
    row_labels: &[String],
    col_labels: &[String],
    title_rows: &str,
    title_cols: &str,
) -> Result<String, ChartError> {
    let rows = cells.len().max(1) as i32;
    let cols = cells.first().map_or(1, Vec::len).max(1) as i32;
    // Wide enough for a short name per column; the viewBox scales it to fit.
    let (left, top, cell_h) = (130, 40, 64);
    let cell_w = ((WIDTH as i32 - left - 10) / cols).max(100);
    let width = (left + cols * cell_w + 10).max(WIDTH as i32) as u32;
    let height = (top + rows * cell_h + 40) as u32;
    document::svg((width, height), |root| {
        let text = |s: &str, x: i32, y: i32, color: &RGBColor| {
            Text::new(
                s.to_owned(),
                (x, y),
                text::style(NOTE_FONT, *color).pos(Pos::new(HPos::Center, VPos::Center)),
            )
        };
        root.draw(&text(
            title_cols,
            left + cols * cell_w / 2,
            14,
            &palette::MUTED,
        ))?;
        root.draw(&text(title_rows, left / 2, 14, &palette::MUTED))?;
        for (c, label) in col_labels.iter().enumerate() {
            root.draw(&text(
                label,
                left + c as i32 * cell_w + cell_w / 2,
                top - 10,
                &palette::MUTED,
            ))?;
        }
        for (r, row) in cells.iter().enumerate() {
            let y = top + r as i32 * cell_h;
            if let Some(label) = row_labels.get(r) {
                root.draw(&text(label, left / 2, y + cell_h / 2, &palette::MUTED))?;
            }
            for (c, cell) in row.iter().enumerate() {
                let x = left + c as i32 * cell_w;
                let shade = palette::BRAND.mix(0.1 + 0.8 * cell.intensity.clamp(0.0, 1.0));
                root.draw(&Rectangle::new(
                    [(x + 1, y + 1), (x + cell_w - 1, y + cell_h - 1)],
                    shade.filled(),
                ))?;
                let ink = if cell.intensity > 0.45 {
                    WHITE
                } else {
                    palette::INK
                };
                let n = cell.lines.len() as i32;
                for (i, line) in cell.lines.iter().enumerate() {
                    let ly = y + cell_h / 2 + (2 * i as i32 - (n - 1)) * 8;
                    root.draw(&text(line, x + cell_w / 2, ly, &ink))?;
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_draw_two_bars_per_segment() {
        let rows: Vec<SegmentShare> = ["Champions", "Lost", "At Risk"]
            .iter()
            .enumerate()
            .map(|(i, l)| SegmentShare {
                label: l.to_string(),
                customers: 0.1 * (i + 1) as f64,
                value: 0.3 / (i + 1) as f64,
            })
            .collect();
        let svg = segment_shares_svg(&rows, "Customers", "Value")
            .unwrap()
            .replace('\n', "");
        assert_eq!(
            svg.matches(r##"fill="#0F4C5C""##).count(),
            3 + 1,
            "three bars and the legend swatch"
        );
        assert_eq!(svg.matches(r##"fill="#D98E04""##).count(), 3 + 1);
        assert!(svg.contains(">Champions</text>") && svg.contains(">At Risk</text>"));
    }

    #[test]
    fn lorenz_curve_with_its_marker() {
        let points = [(0.0, 0.0), (0.2, 0.6), (1.0, 1.0)];
        let svg = lorenz_svg(
            &points,
            "Customers",
            "Value",
            Some((0.2, 0.6, "top 20%: 60%")),
        )
        .unwrap()
        .replace('\n', "");
        assert!(svg.contains("top 20%: 60%</text>"));
        assert!(svg.contains("<circle"));
    }

    #[test]
    fn histogram_bars_per_bin() {
        let svg = histogram_svg(
            &[0.0, 10.0, 20.0, 30.0],
            &[5, 0, 2],
            "CLV",
            "Customers",
            &|v| format!("{v:.0}"),
        )
        .unwrap();
        assert_eq!(svg.matches(r##"opacity="0.85" fill="#0F4C5C""##).count(), 3);
        assert!(!svg.contains("width=\"-"));
    }

    #[test]
    fn grid_cells_carry_their_text() {
        let cells = vec![vec![
            GridCell {
                intensity: 1.0,
                lines: vec!["Champions".into(), "120".into()],
            },
            GridCell {
                intensity: 0.0,
                lines: vec!["Lost".into()],
            },
        ]];
        let svg = grid_svg(
            &cells,
            &["R 5".into()],
            &["F 1".into(), "F 2".into()],
            "Recency",
            "Frequency",
        )
        .unwrap()
        .replace('\n', "");
        for t in ["Champions", "120", "Lost", "R 5", "F 2", "Frequency"] {
            assert!(svg.contains(&format!(">{t}</text>")), "{t}");
        }
    }
}
