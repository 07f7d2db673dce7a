//! The Models page: choose and fit the models, see their parameters, how they
//! compare and whether they fit, and what the customer base is worth.
//!
//! [`settings`] holds the model choices and the fit button, [`report`] the
//! parameters and values of a fit, [`validation`] the holdout comparison and
//! the diagnostics.

mod report;
mod settings;
mod validation;

use crate::i18n::fill;
use crate::ui::state::ReportState;
use crate::ui::AppState;
use leptos::prelude::*;
use report::ReportView;
use settings::ModelSettingsCard;

/// Settings, the fit button, and the results of the last fit.
#[component]
pub fn ModelsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A first visit fits at once, so the page is never empty.
    Effect::new(move |_| {
        if state.report.with_untracked(Option::is_none) && !state.fitting.get_untracked() {
            state.fit_models();
        }
    });
    let intro = move || {
        let end = state.observation_end_text();
        fill(state.t().models_intro, &[("end", &end)])
    };
    view! {
        <h1>{move || state.t().models_title}</h1>
        <p class="lead">{intro}</p>
        <ModelSettingsCard />
        {move || match state.report.get() {
            None => ().into_any(),
            Some(ReportState { result: Err(e), .. }) => {
                view! {
                    <div class="notice notice-error" role="alert" data-testid="fit-error">
                        <p>
                            {fill(state.t().fit_failed, &[("reason", &state.lang().fit_error(&e))])}
                        </p>
                    </div>
                }
                    .into_any()
            }
            Some(ReportState { result: Ok(report), .. }) => {
                view! { <ReportView report=report /> }.into_any()
            }
        }}
    }
}
