//! Pages that show model values (Segments, Goals, Equity) fit the models when
//! they open without a current fit, and say so while they wait, or why the
//! fit failed.

use crate::i18n::{fill, Texts};
use crate::ui::AppState;
use leptos::prelude::*;

/// Fits the models once when the calling page opens, unless a current fit
/// exists or one is running.
pub fn use_fitted_models(state: AppState) {
    Effect::new(move |_| {
        if !state.has_current_scores_untracked() && !state.fitting.get_untracked() {
            state.fit_models();
        }
    });
}

/// The notice shown while a page waits for the models: what it waits for, or
/// the reason the last fit failed.
#[component]
pub fn ModelStatus(
    /// Whether the page needs the model and lacks it now.
    #[prop(into)]
    waiting: Signal<bool>,
    /// What the page says while the model is missing or being fitted.
    need: fn(&Texts) -> &'static str,
    /// `data-testid` of the notice.
    testid: &'static str,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        waiting.get().then(|| {
            let failed = state
                .report
                .with(|r| r.as_ref().and_then(|r| r.result.as_ref().err().cloned()));
            let text = match failed {
                Some(e) if !state.fitting.get() => fill(
                    state.t().fit_failed,
                    &[("reason", &state.lang().fit_error(&e))],
                ),
                _ => need(state.t()).to_owned(),
            };
            view! {
                <div class="notice" role="status" data-testid=testid>
                    <p>{text}</p>
                </div>
            }
        })
    }
}
