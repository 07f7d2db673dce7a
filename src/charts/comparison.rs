//! Actual vs model: grouped bars (per repeat-purchase count) and two lines
//! (over time or by group), the classic model diagnostics.

use super::kit::axes::{self, Frame, Grid};
use super::kit::document;
use super::kit::legend;
use super::kit::palette;
use super::kit::text::{self, LEGEND_FONT, NOTE_FONT};
use super::kit::ticks::category_label;
use super::ChartError;
use crate::clv::valuation::validation::Comparison;
use plotters::prelude::*;

pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 300;
/// Room for the axis labels and their descriptions.
const FRAME: Frame = Frame::new(axes::MARGIN, 40, 56);

/// Texts a comparison chart shows.
#[derive(Debug, Clone)]
pub struct ComparisonLabels<'a> {
    pub actual: &'a str,
    pub model: &'a str,
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    /// Label of each group's x position (bars) or `None` for numeric axes (lines).
    pub groups: Option<Vec<String>>,
}

fn y_top(rows: &[Comparison]) -> f64 {
    let top = rows
        .iter()
        .map(|c| c.actual.max(c.predicted))
        .fold(0.0, f64::max);
    if top > 0.0 {
        top * 1.2
    } else {
        1.0
    }
}

/// Actual (brand colour) and model (accent) side by side for each group.
pub fn comparison_bars_svg(
    rows: &[Comparison],
    labels: &ComparisonLabels,
) -> Result<String, ChartError> {
    document::svg((WIDTH, HEIGHT), |root| {
        // Group i sits at x = i; its two bars fill [i − 0.4, i] and [i, i + 0.4].
        let n = rows.len().max(1);
        let mut chart = axes::plot(root, FRAME, -0.5..(n as f64 - 0.5), 0.0..y_top(rows))?;
        let group_label = |i: usize| -> String {
            labels
                .groups
                .as_ref()
                .and_then(|g| g.get(i).cloned())
                .unwrap_or_else(|| i.to_string())
        };
        axes::mesh(&mut chart, Grid::Horizontal)
            .x_labels(n + 1)
            .x_label_formatter(&|v| category_label(*v, group_label))
            .x_desc(labels.x_axis)
            .y_desc(labels.y_axis)
            .y_label_formatter(&|v| format_axis(*v))
            .draw()?;
        let bar = |i: usize, value: f64, left: bool, color: RGBColor| {
            let x = i as f64;
            let (from, to) = if left { (x - 0.4, x) } else { (x, x + 0.4) };
            Rectangle::new([(from, 0.0), (to, value)], color.filled())
        };
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, c)| bar(i, c.actual, true, palette::BRAND)),
            )?
            .label(labels.actual)
            .legend(legend::bar_sample(palette::BRAND));
        chart
            .draw_series(
                rows.iter()
                    .enumerate()
                    .map(|(i, c)| bar(i, c.predicted, false, palette::ACCENT)),
            )?
            .label(labels.model)
            .legend(legend::bar_sample(palette::ACCENT));
        legend::draw_boxed(&mut chart, SeriesLabelPosition::UpperRight, LEGEND_FONT)
    })
}

/// Actual (solid, brand colour) and model (dashed look via the accent colour)
/// over a numeric x axis, with an optional vertical marker (e.g. the end of calibration).
pub fn comparison_lines_svg(
    rows: &[Comparison],
    labels: &ComparisonLabels,
    marker: Option<(f64, &str)>,
) -> Result<String, ChartError> {
    document::svg((WIDTH, HEIGHT), |root| {
        let x_min = rows.first().map_or(0.0, |c| c.at.min(0.0));
        let x_max = rows.last().map_or(1.0, |c| c.at.max(x_min + 1.0));
        let y_max = y_top(rows);
        let mut chart = axes::plot(root, FRAME, x_min..x_max, 0.0..y_max)?;
        axes::mesh(&mut chart, Grid::Both)
            .x_desc(labels.x_axis)
            .y_desc(labels.y_axis)
            .x_label_formatter(&|v| format_axis(*v))
            .y_label_formatter(&|v| format_axis(*v))
            .draw()?;
        if let Some((at, text)) = marker {
            chart.draw_series(std::iter::once(PathElement::new(
                [(at, 0.0), (at, y_max)],
                palette::MUTED.stroke_width(1),
            )))?;
            chart.draw_series(std::iter::once(Text::new(
                format!(" {text}"),
                (at, y_max * 0.97),
                text::style(NOTE_FONT, palette::MUTED),
            )))?;
        }
        chart
            .draw_series(LineSeries::new(
                rows.iter().map(|c| (c.at, c.actual)),
                palette::BRAND.stroke_width(3),
            ))?
            .label(labels.actual)
            .legend(legend::line_sample(palette::BRAND));
        // The model dashed, so the two lines differ by more than colour.
        chart
            .draw_series(DashedLineSeries::new(
                rows.iter().map(|c| (c.at, c.predicted)),
                8,
                5,
                palette::ACCENT.stroke_width(3),
            ))?
            .label(labels.model)
            .legend(legend::line_sample(palette::ACCENT));
        legend::draw_boxed(&mut chart, SeriesLabelPosition::UpperLeft, LEGEND_FONT)
    })
}

/// Axis numbers: whole numbers plainly, small ones with up to two decimals.
fn format_axis(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Comparison> {
        (0..8)
            .map(|i| Comparison {
                at: i as f64,
                actual: 100.0 / (i + 1) as f64,
                predicted: 95.0 / (i + 1) as f64,
            })
            .collect()
    }

    fn labels(groups: Option<Vec<String>>) -> ComparisonLabels<'static> {
        ComparisonLabels {
            actual: "Actual",
            model: "BG/NBD",
            x_axis: "Repeat purchases",
            y_axis: "Customers",
            groups,
        }
    }

    #[test]
    fn two_bars_per_group() {
        let groups: Vec<String> = (0..8)
            .map(|i| {
                if i == 7 {
                    "7+".to_owned()
                } else {
                    i.to_string()
                }
            })
            .collect();
        let svg = comparison_bars_svg(&rows(), &labels(Some(groups)))
            .unwrap()
            .replace('\n', "");
        assert_eq!(
            svg.matches(r##"fill="#0F4C5C""##).count(),
            8 + 1,
            "eight actual bars and the legend swatch"
        );
        assert_eq!(
            svg.matches(r##"fill="#D98E04""##).count(),
            8 + 1,
            "eight model bars and the legend swatch"
        );
        assert!(
            svg.contains(">7+</text>")
                && svg.contains(">Repeat purchases</text>")
                && svg.contains(">BG/NBD</text>")
        );
        assert!(!svg.contains("width=\"-"), "no negative widths");
    }

    #[test]
    fn two_lines_and_a_marker() {
        let svg = comparison_lines_svg(&rows(), &labels(None), Some((3.5, "calibration end")))
            .unwrap()
            .replace('\n', "");
        assert_eq!(
            svg.matches(r##"stroke="#0F4C5C" stroke-width="3""##)
                .count(),
            2,
            "actual line and legend"
        );
        let dashes = svg
            .matches(r##"stroke="#D98E04" stroke-width="3""##)
            .count();
        assert!(
            dashes > 10,
            "a dashed model line (many segments) and its legend: {dashes}"
        );
        assert!(svg.contains("calibration end</text>"));
    }

    #[test]
    fn empty_rows_draw_empty_charts() {
        assert!(comparison_bars_svg(&[], &labels(None))
            .unwrap()
            .contains("</svg>"));
        assert!(comparison_lines_svg(&[], &labels(None), None)
            .unwrap()
            .contains("</svg>"));
    }

    #[test]
    fn axis_numbers() {
        assert_eq!(format_axis(1200.0), "1200");
        assert_eq!(format_axis(0.25), "0.25");
        assert_eq!(format_axis(1.5), "1.5");
        assert_eq!(format_axis(3.0), "3");
    }
}
