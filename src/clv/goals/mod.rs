//! Customer value goals (Kundenwertziele): KPIs measured from the data as of
//! any date, goals on them, and how a goal is tracking.
//!
//! - [`kpi`]: the KPIs, their units, directions and definitions, and the
//!   engine that measures them over a series of dates in one sweep;
//! - [`goal`]: a goal (KPI, scope, baseline, target, dates, lever, owner,
//!   cost, milestones, check-ins, revisions) and its validation;
//! - [`tracking`]: plan line, progress, status, forecast, review flag and ROI;
//! - [`board`]: a workspace's goals, tracked together in one sweep, and
//!   templates for the common goals, and the dashboard's filter;
//! - [`draft`]: a goal being written: a new goal measured on today's data and
//!   the form's live preview;
//! - [`figures`]: a goal card's figures and the detail's ROI outcome;
//! - [`review`]: a check-in and a revision from the detail's form fields;
//! - [`survey_entry`]: a new survey and a survey value from the form's fields.
//!
//! "Today" is always an argument.

pub mod board;
pub mod draft;
pub mod figures;
pub mod goal;
pub mod kpi;
pub mod review;
pub mod survey_entry;
#[cfg(test)]
pub(crate) mod test_support;
pub mod tracking;

pub use board::{
    goal_views, measure_baseline, series_dates, GoalBook, GoalFilter, GoalTemplate, GoalView,
};
pub use draft::{default_target, GoalPreview, NewGoal};
pub use figures::{valued_on_revenue, DaysLeft, GoalCardFigures, RoiOutcome};
pub use goal::{CheckIn, Goal, GoalError, Lever, Milestone, Revision};
pub use kpi::{
    check, month_ends, Direction, Kpi, KpiContext, KpiEngine, KpiError, KpiSettings, KpiUnit,
    Projection, Scope, SegmentRef, Survey, SurveyValue, ValueModel,
};
pub use review::{parse_number, CheckInEntry, RevisionEntry};
pub use survey_entry::{new_survey, NewSurveyValue, SurveyError};
pub use tracking::{
    plan_at, progress, roi, time_share, track, value_basis, with_projection, Forecast,
    ForecastMethod, ForecastPoint, GoalStatus, GoalTracking, Roi, StatusThresholds, Trend,
};
