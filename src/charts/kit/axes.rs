//! Axes and grid the house way: muted axes, grid lines in the grid colour at
//! the labelled values only, labels in the axis font. [`plot`] places a plot
//! in its area and [`mesh`] draws its axes and grid; [`value_plot`] does both
//! for a y axis of values ([`ValueAxis`]) with x labels the chart draws
//! itself, such as month ticks ([`draw_x_ticks`]); [`draw_zero_line`] marks 0
//! when the values go below it.

use super::document::Root;
use super::palette;
use super::text::{self, text_width, AXIS_FONT};
use super::ticks::y_label_count;
use crate::charts::ChartError;
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::{AsRangedCoord, Ranged, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::ops::Range;

/// The house margin around a plot (px).
pub const MARGIN: u32 = 12;

/// A chart on an SVG document with the coordinates `X` and `Y`.
pub type Chart<'b, 'a, X, Y> = ChartContext<'b, SVGBackend<'a>, Cartesian2d<X, Y>>;
/// A chart with numbers on both axes.
pub type ValueChart<'b, 'a> = Chart<'b, 'a, RangedCoordf64, RangedCoordf64>;

/// Where a plot sits in its area (px): the margins, and the room for the
/// labels under it (`x_labels`) and left of it (`y_labels`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub margin: u32,
    /// The top margin (instead of `margin`).
    pub top: u32,
    /// The right margin (instead of `margin`).
    pub right: u32,
    pub x_labels: u32,
    pub y_labels: u32,
}

impl Frame {
    /// `margin` all round, `x_labels` px under the plot and `y_labels` px left of it.
    pub const fn new(margin: u32, x_labels: u32, y_labels: u32) -> Frame {
        Frame {
            margin,
            top: margin,
            right: margin,
            x_labels,
            y_labels,
        }
    }

    /// Under a legend (only a little room on top), with month ticks below
    /// and `y_labels` px for the values.
    pub const fn under_legend(y_labels: u32) -> Frame {
        Frame {
            top: 6,
            ..Frame::new(MARGIN, 28, y_labels)
        }
    }
}

/// Which grid lines a plot shows, at the labelled values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grid {
    /// Horizontal lines at the y labels (bars standing on the x axis, values over time).
    Horizontal,
    /// Vertical lines at the x labels (horizontal bars).
    Vertical,
    /// Both (a curve over two numeric axes).
    Both,
}

/// A plot from `x` to `y` placed in `area` as `frame` says.
pub fn plot<'a, 'b, X: AsRangedCoord, Y: AsRangedCoord>(
    area: &'b Root<'a>,
    frame: Frame,
    x: X,
    y: Y,
) -> Result<Chart<'b, 'a, X::CoordDescType, Y::CoordDescType>, ChartError> {
    Ok(ChartBuilder::on(area)
        .margin(frame.margin)
        .margin_top(frame.top)
        .margin_right(frame.right)
        .x_label_area_size(frame.x_labels)
        .y_label_area_size(frame.y_labels)
        .build_cartesian_2d(x, y)?)
}

/// The plot's axes and `grid` styled the house way, for the chart to add
/// its labels (count, formatter, descriptions) and `draw()`.
pub fn mesh<'a, 'b, X, Y, XT, YT, DB>(
    chart: &'b mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    grid: Grid,
) -> MeshStyle<'a, 'b, X, Y, DB>
where
    X: Ranged<ValueType = XT> + ValueFormatter<XT>,
    Y: Ranged<ValueType = YT> + ValueFormatter<YT>,
    DB: DrawingBackend,
{
    let mut mesh = chart.configure_mesh();
    match grid {
        Grid::Horizontal => mesh.disable_x_mesh(),
        Grid::Vertical => mesh.disable_y_mesh(),
        Grid::Both => &mut mesh,
    }
    .light_line_style(TRANSPARENT)
    .bold_line_style(palette::GRID)
    .axis_style(palette::MUTED)
    .label_style(text::style(AXIS_FONT, palette::MUTED))
    .axis_desc_style(text::style(AXIS_FONT, palette::MUTED));
    mesh
}

/// A y axis of values (money, counts) from `lo` to `hi`: as many labels as
/// its format keeps apart (six at most), and a label area as wide as the
/// widest of them needs.
#[derive(Clone, Copy)]
pub struct ValueAxis<'f> {
    pub lo: f64,
    pub hi: f64,
    /// How many labels plotters is asked for.
    pub labels: usize,
    /// Width of the label area (px).
    pub width: u32,
    pub format: &'f dyn Fn(f64) -> String,
}

impl<'f> ValueAxis<'f> {
    /// The axis from `lo` to `hi` with labels written by `format`.
    pub fn new(lo: f64, hi: f64, format: &'f dyn Fn(f64) -> String) -> Self {
        let labels = y_label_count(lo, hi, format);
        ValueAxis {
            lo,
            hi,
            labels,
            width: label_area_width(lo, hi, labels, format),
            format,
        }
    }
}

/// Width of a y label area: the widest of the `count` labels from `lo` to
/// `hi` (counted as 32 to 120 px) and 14 px to the axis.
pub fn label_area_width(lo: f64, hi: f64, count: usize, format: &dyn Fn(f64) -> String) -> u32 {
    let widest = RangedCoordf64::from(lo..hi)
        .key_points(count)
        .into_iter()
        .map(|v| text_width(&format(v), AXIS_FONT))
        .max()
        .unwrap_or(0);
    (widest.clamp(32, 120) + 14) as u32
}

/// A plot over `x` with the value axis `y`, placed as `frame` says:
/// horizontal grid lines at the y labels and no x labels (the chart draws
/// its own, e.g. month ticks with [`draw_x_ticks`], or categories).
pub fn value_plot<'a, 'b>(
    area: &'b Root<'a>,
    frame: Frame,
    x: Range<f64>,
    y: &ValueAxis,
) -> Result<ValueChart<'b, 'a>, ChartError> {
    let mut chart = plot(area, frame, x, y.lo..y.hi)?;
    mesh(&mut chart, Grid::Horizontal)
        .x_labels(0)
        .y_labels(y.labels)
        .y_label_formatter(&|v| (y.format)(*v))
        .draw()?;
    Ok(chart)
}

/// The plot's box in `root`'s pixels: its first and last column and row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlotBox {
    pub left: i32,
    pub right: i32,
    pub top: i32,
    pub bottom: i32,
}

impl PlotBox {
    /// The box of `chart`'s plotting area.
    pub fn of<DB: DrawingBackend, CT: CoordTranslate>(chart: &ChartContext<'_, DB, CT>) -> Self {
        let (x, y) = chart.plotting_area().get_pixel_range();
        PlotBox {
            left: x.start,
            right: x.end - 1,
            top: y.start,
            bottom: y.end - 1,
        }
    }
}

/// A tick and a label under the plot at each (x value, text), as the goal
/// and equity charts mark month starts.
pub fn draw_x_ticks(
    root: &Root,
    chart: &ValueChart,
    ticks: impl IntoIterator<Item = (f64, String)>,
) -> Result<(), ChartError> {
    let bottom = PlotBox::of(chart).bottom;
    let y = chart.y_range().start;
    for (x, label) in ticks {
        let x = chart.backend_coord(&(x, y)).0;
        root.draw(&PathElement::new(
            vec![(x, bottom + 1), (x, bottom + 6)],
            palette::MUTED.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            label,
            (x, bottom + 9),
            text::style(AXIS_FONT, palette::MUTED).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}

/// A thin muted line across the plot at 0, when its y axis goes below 0.
pub fn draw_zero_line(root: &Root, chart: &ValueChart) -> Result<(), ChartError> {
    if chart.y_range().start < 0.0 {
        let plot = PlotBox::of(chart);
        let y = chart.backend_coord(&(chart.x_range().start, 0.0)).1;
        root.draw(&PathElement::new(
            vec![(plot.left, y), (plot.right, y)],
            palette::MUTED.stroke_width(1),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::kit::document;
    use crate::charts::kit::test_support::money;

    #[test]
    fn label_area_fits_the_widest_label() {
        // "1000 €": 6 × 14 / 1.24 × 0.55 = 37.3, so 38 px and 14 to the axis.
        assert_eq!(label_area_width(0.0, 1000.0, 6, &money), 52);
        // Short labels still get 32 px, long ones no more than 120.
        assert_eq!(label_area_width(0.0, 1.0, 2, &|v| format!("{v:.0}")), 46);
        assert_eq!(label_area_width(0.0, 1e21, 3, &money), 134);
        let axis = ValueAxis::new(0.0, 1000.0, &money);
        assert_eq!((axis.labels, axis.width), (6, 52));
        assert_eq!((axis.format)(250.0), "250 €");
    }

    #[test]
    fn frames() {
        assert_eq!(
            Frame::new(MARGIN, 40, 56),
            Frame {
                margin: 12,
                top: 12,
                right: 12,
                x_labels: 40,
                y_labels: 56
            }
        );
        assert_eq!(
            Frame::under_legend(52),
            Frame {
                margin: 12,
                top: 6,
                right: 12,
                x_labels: 28,
                y_labels: 52
            }
        );
    }

    #[test]
    fn plot_box_inside_margins_and_label_areas() {
        let mut plot = None;
        document::svg((200, 100), |root| {
            let chart = plot_of(root)?;
            plot = Some(PlotBox::of(&chart));
            Ok(())
        })
        .unwrap();
        // Left: margin 10 and 30 px of y labels; bottom: 100 − 10 − 20, less one.
        assert_eq!(
            plot,
            Some(PlotBox {
                left: 40,
                right: 189,
                top: 10,
                bottom: 69
            })
        );
    }

    fn plot_of<'a, 'b>(root: &'b Root<'a>) -> Result<ValueChart<'b, 'a>, ChartError> {
        plot(root, Frame::new(10, 20, 30), 0.0..1.0, -1.0..1.0)
    }

    #[test]
    fn ticks_and_the_zero_line() {
        let svg = document::svg((200, 100), |root| {
            let chart = plot_of(root)?;
            draw_x_ticks(
                root,
                &chart,
                [(0.0, "Jan 25".to_owned()), (1.0, "Feb 25".to_owned())],
            )?;
            draw_zero_line(root, &chart)
        })
        .unwrap()
        .replace('\n', "");
        // A tick from just under the plot (bottom 69) down 5 px, its label under it.
        assert!(svg.contains(r#"points="40,70 40,75 ""#), "{svg}");
        assert!(svg.contains(r#"<text x="189" y="78""#), "{svg}");
        assert!(svg.contains(">Jan 25</text>") && svg.contains(">Feb 25</text>"));
        // 0 halfway between −1 and 1.
        let zero = r##"stroke="#5B6B73" stroke-width="1" points="40,40 189,40 ""##;
        assert!(svg.contains(zero), "{svg}");
        let positive = document::svg((200, 100), |root| {
            let chart = plot(root, Frame::new(10, 20, 30), 0.0..1.0, 0.0..1.0)?;
            draw_zero_line(root, &chart)
        })
        .unwrap();
        assert!(!positive.contains("<polyline"), "no zero line above 0");
    }
}
