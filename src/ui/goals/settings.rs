//! Status thresholds, review period and KPI windows.

use super::input_number;
use crate::clv::goals::GoalBook;
use crate::ui::widgets::{Label, SettingInput};
use crate::ui::AppState;
use leptos::prelude::*;

/// Status thresholds, review period and KPI windows.
#[component]
pub(super) fn GoalSettingsCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let field = move |label: Label,
                      get: fn(&GoalBook) -> f64,
                      set: fn(&mut GoalBook, f64),
                      testid: &'static str| {
        let value = Signal::derive(move || state.settings.with(|s| input_number(get(&s.goals))));
        let on_change = Callback::new(move |v: Option<f64>| {
            if let Some(v) = v.filter(|v| *v >= 0.0) {
                state.settings.update(|s| set(&mut s.goals, v));
            }
        });
        view! { <SettingInput label=label testid=testid value=value on_change=on_change /> }
    };
    view! {
        <details class="card settings-card">
            <summary>
                <h2>{move || t().goal_settings}</h2>
            </summary>
            <div class="form-grid">
                {field(
                    |t| t.goal_settings_on_track,
                    |b| b.thresholds.on_track * 100.0,
                    |b, v| b.thresholds.on_track = (v / 100.0).max(b.thresholds.at_risk),
                    "setting-on-track",
                )}
                {field(
                    |t| t.goal_settings_at_risk,
                    |b| b.thresholds.at_risk * 100.0,
                    |b, v| b.thresholds.at_risk = (v / 100.0).min(b.thresholds.on_track),
                    "setting-at-risk",
                )}
                {field(
                    |t| t.goal_settings_review_days,
                    |b| b.review_days as f64,
                    |b, v| b.review_days = v.round() as u32,
                    "setting-review-days",
                )}
                {field(
                    |t| t.goal_settings_active_p,
                    |b| b.kpi.active_p_alive * 100.0,
                    |b, v| b.kpi.active_p_alive = (v / 100.0).min(1.0),
                    "setting-active-p",
                )}
                {field(
                    |t| t.goal_settings_active_days,
                    |b| b.kpi.active_days as f64,
                    |b, v| b.kpi.active_days = (v.round() as u32).max(1),
                    "setting-active-days",
                )}
                {field(
                    |t| t.goal_settings_churn_days,
                    |b| b.kpi.churn_window_days as f64,
                    |b, v| b.kpi.churn_window_days = (v.round() as u32).max(1),
                    "setting-churn-days",
                )}
            </div>
        </details>
    }
}
