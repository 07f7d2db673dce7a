//! The chart kit: the pieces every chart is drawn with, so that the charts
//! look alike and no chart imports another. A chart file reads as: its
//! data, then kit calls for the document, the plot and its axes, the
//! legend, then its own series.
//!
//! - [`document`]: the SVG document a chart draws on;
//! - [`axes`]: a plot in its area, axes and grid the house way, the value
//!   axis of the goal and equity charts, month ticks under a plot, the zero line;
//! - [`ticks`]: value ranges, how many y labels, month ticks and labels,
//!   category and percent labels;
//! - [`legend`]: the legend above a plot (generic over each chart's own
//!   kind of sample) and plotters' boxed legend with its samples;
//! - [`text`]: the font and its sizes, text widths, wrapping labels;
//! - [`palette`]: the colours.

pub mod axes;
pub mod document;
pub mod legend;
pub mod palette;
#[cfg(test)]
pub mod test_support;
pub mod text;
pub mod ticks;
