//! The chart kit: the pieces every chart is drawn with, so that the charts
//! look alike and no chart imports another.
//!
//! - [`palette`]: the colours.

pub mod palette;
