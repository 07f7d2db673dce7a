//! Charts as SVG text, drawn with `plotters`' SVG backend.
//!
//! Pure functions from data to an SVG string: the UI puts the string into the
//! page, tests count its elements natively, and the same string is what "save as
//! SVG" will offer.
//!
//! One file per family of charts; each draws with the shared pieces in
//! `kit` (document, axes, ticks, legend, text, palette) and none imports
//! another chart.

mod comparison;
mod equity;
mod goals;
mod kit;
mod monthly;
mod segments;

pub use comparison::{comparison_bars_svg, comparison_lines_svg, ComparisonLabels};
pub use equity::{
    acquisition_svg, equity_stack_svg, waterfall_svg, AcquisitionChartData, AcquisitionChartLabels,
    EquityStackData, EquityStackLabels, WaterfallData, WaterfallLabels, WaterfallStep,
};
pub use goals::{goal_chart_svg, sparkline_svg, GoalChartData, GoalChartLabels};
pub use monthly::{monthly_activity_svg, MonthlyActivityLabels};
pub use segments::{
    grid_svg, histogram_svg, lorenz_svg, segment_shares_svg, GridCell, SegmentShare,
};

pub use kit::palette;

/// A chart that could not be drawn (a plotters error, as text).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the chart could not be drawn: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}
