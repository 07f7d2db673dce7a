//! The chart kit: the pieces every chart is drawn with, so that the charts
//! look alike and no chart imports another.
//!
//! - [`palette`]: the colours;
//! - [`text`]: the font and its sizes, text widths, wrapping labels;
//! - [`ticks`]: value ranges, month ticks and category labels;
//! - [`legend`]: the legend above a plot (generic over each chart's sample) and plotters' boxed legend.

pub mod legend;
pub mod palette;
pub mod text;
pub mod ticks;
