//! What a page shows in place of a part that needs individual transactions
//! when the workspace holds per-customer summaries.

use crate::i18n::Texts;
use crate::ui::AppState;
use leptos::prelude::*;

/// `children` where the data has transactions, else a notice saying why the
/// part is not there.
#[component]
pub fn NeedsTransactions(
    /// What the notice says (which part needs the transactions).
    notice: fn(&Texts) -> &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let fallback = move || {
        view! {
            <div class="notice needs-transactions" role="status" data-testid="needs-transactions">
                <p>{move || notice(state.t())}</p>
            </div>
        }
    };
    view! {
        <Show when=move || state.has_transactions.get() fallback=fallback>
            {children()}
        </Show>
    }
}
