//! The goals' figures in a share link: each goal's KPI series and what the
//! series alone cannot give back (the model's projection, the value gained
//! for the ROI, why a KPI cannot be computed).
//!
//! The series' dates are not carried: they are [`series_dates`] of the goal
//! as of the view's date, so [`goal_views`] rebuilds each goal's
//! [`GoalView`] from the goal (in the shared settings) and its values, with
//! the tracking ([`track`]) and the model forecast ([`with_projection`])
//! computed as the Goals page computes them.

use super::round::{figure, finite_figure};
use crate::clv::goals::{
    roi, series_dates, track, with_projection, ForecastMethod, GoalBook, GoalView, Kpi, KpiError,
    Projection,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One goal's figures as of the view's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedGoal {
    /// The goal's id in the shared settings.
    pub id: u32,
    /// The KPI at [`series_dates`] (rounded; `None` where it is undefined).
    pub values: Vec<Option<f64>>,
    /// The model's projection to the deadline (customer equity and average
    /// CLV goals with a fitted model).
    pub projection: Option<SharedProjection>,
    /// The value gained for the ROI (the cost is the goal's).
    pub roi_gain: Option<f64>,
    pub error: Option<KpiError>,
}

/// A model projection's value and 95% interval at the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SharedProjection {
    pub value: f64,
    pub low: f64,
    pub high: f64,
}

impl SharedGoal {
    /// The shared form of a goal's view: values and figures rounded.
    pub fn of(view: &GoalView) -> SharedGoal {
        let projection = view
            .tracking
            .as_ref()
            .and_then(|t| t.forecast)
            .filter(|f| f.method == ForecastMethod::Model)
            .map(|f| SharedProjection {
                value: figure(f.value),
                low: figure(f.low),
                high: figure(f.high),
            });
        SharedGoal {
            id: view.id,
            values: view
                .series
                .iter()
                .map(|(_, v)| v.and_then(finite_figure))
                .collect(),
            projection,
            roi_gain: view.roi.map(|r| figure(r.gain)),
            error: view.error.clone(),
        }
    }
}

/// The Goals page's views of `book`'s goals as of `as_of`, from their shared
/// figures (a goal without figures is left out).
pub fn goal_views(book: &GoalBook, shared: &[SharedGoal], as_of: NaiveDate) -> Vec<GoalView> {
    book.goals
        .iter()
        .filter_map(|goal| {
            let figures = shared.iter().find(|s| s.id == goal.id)?;
            let needs_review = goal.needs_review(as_of, book.review_days);
            if let Some(error) = &figures.error {
                return Some(GoalView {
                    id: goal.id,
                    series: Vec::new(),
                    tracking: None,
                    roi: None,
                    needs_review,
                    error: Some(error.clone()),
                });
            }
            let series: Vec<(NaiveDate, Option<f64>)> = series_dates(goal, as_of)
                .into_iter()
                .zip(figures.values.iter().copied())
                .collect();
            let mut tracking = track(goal, &series, as_of, &book.thresholds);
            if let Some(p) = figures.projection {
                if tracking.evaluated_at < goal.deadline {
                    let projection = Projection {
                        value: p.value,
                        low: p.low,
                        high: p.high,
                        // Not drawn: the goal chart shows value and interval only.
                        customers: 0.0,
                    };
                    with_projection(&mut tracking, goal, &projection);
                }
            }
            Some(GoalView {
                id: goal.id,
                series,
                tracking: Some(tracking),
                // The gain is already in money: a basis that starts at 0 and
                // ends at the gain, not scaled by a margin.
                roi: figures
                    .roi_gain
                    .map(|gain| roi(&Kpi::CustomerEquity, 0.0, gain, 1.0, goal.cost)),
                needs_review,
                error: None,
            })
        })
        .collect()
}
