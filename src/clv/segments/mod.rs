//! Customer segmentation: RFM scores and segments, CLV tiers and churn-risk
//! bands, user-defined segments, segment migration over time and segment
//! statistics.
//!
//! - [`rfm`]: recency, frequency and monetary scores 1–5 by quintiles of
//!   ordinal rank, and the 11 named segments of the R × F grid;
//! - [`tiers`]: the customer pyramid by CLV (top 1%, next 9%, next 40%,
//!   bottom 50% by default) and risk bands by P(alive);
//! - [`rules`]: segments the user defines by conditions on customer measures,
//!   RFM segments and other segments, combined with AND or OR;
//! - [`draft`]: a custom segment as the builder edits it (values as typed);
//! - [`mod@migration`]: how customers moved between RFM segments from one date to
//!   another, with a value (CLV, revenue) per cell;
//! - [`overview`]: everything the Segments page shows, in one call;
//! - [`stats`]: size, revenue, customer equity and P(alive) of a segment, and
//!   how concentrated a value is (concentration curve, top share).
//!
//! Everything is computed from the summaries and scores passed in; nothing
//! here depends on the current date or on a web crate. Scoring 100,000
//! customers (RFM, segments, tiers, bands) is a few sorts of plain integer
//! keys, milliseconds in a release build.

pub mod draft;
pub mod migration;
pub mod overview;
pub mod rfm;
pub mod rules;
pub mod stats;
pub mod tiers;

pub use migration::{
    migration, migration_by_current_value, rfm_segments_as_of, Migration, MigrationError,
};
pub use rfm::{recency_days, rfm_scores, rfm_segment, RfmScore, RfmSegment};
pub use rules::{
    members, Combine, Condition, CustomSegment, Measure, Op, SegmentContext, SegmentError,
};
pub use stats::{lorenz_curve, segment_stats, top_share, SegmentStats};
pub use tiers::{clv_tiers, risk_band, ClvTier, CutsError, RiskBand, RiskCuts, TierCuts};
