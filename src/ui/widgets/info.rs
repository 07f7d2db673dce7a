//! The info tip: a small "i" that explains a number.

use leptos::prelude::*;

/// A short explanation shown on hover, and on tap (focus) on touch screens.
#[component]
pub fn Info(
    /// The explanation.
    #[prop(into)]
    text: Signal<String>,
) -> impl IntoView {
    view! {
        <span class="info" tabindex="0" role="note" aria-label=move || text.get()>
            <span class="info-mark" aria-hidden="true">
                "i"
            </span>
            <span class="info-text" aria-hidden="true">
                {move || text.get()}
            </span>
        </span>
    }
}
