//! Decimal mark, date order and the currency kept.

use super::Draft;
use crate::clv::data::dates::DateOrder;
use crate::clv::data::number::DecimalMark;
use crate::format;
use crate::i18n::fill;
use crate::ui::AppState;
use leptos::prelude::*;

/// Decimal mark, date order and the currency kept, each decided from the file or chosen.
#[component]
pub(super) fn Conventions(draft: Draft) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (t, lang) = (state.t(), state.lang());
        let plan = draft.preview.with(|p| p.as_ref().map(|p| p.plan.clone()))?;
        let marks = [DecimalMark::Point, DecimalMark::Comma]
            .map(|m| (m, m.as_char().to_string(), lang.decimal_mark_name(m)));
        let orders = [DateOrder::Dmy, DateOrder::Mdy, DateOrder::Ymd]
            .map(|o| (o, format!("{o:?}"), lang.date_order_name(o)));
        let currency = (plan.currencies.len() > 1).then(|| {
            let kept = plan.currency.clone();
            let options = plan
                .currencies
                .iter()
                .map(|(c, n)| {
                    let text = fill(
                        t.mapping_currency_orders,
                        &[("currency", c), ("orders", &format::count(*n, lang))],
                    );
                    view! {
                        <option value=c.clone() selected=kept.as_deref() == Some(c.as_str())>
                            {text}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <label>
                    <span>{t.mapping_currency}</span>
                    <select
                        data-testid="mapping-currency"
                        on:change=move |ev| {
                            let c = event_target_value(&ev);
                            draft.choices.update(|ch| ch.currency = Some(c));
                        }
                    >
                        {options}
                    </select>
                </label>
            }
        });
        Some(view! {
            <div class="inline-form conventions">
                <ConventionSelect
                    label=t.mapping_decimal
                    decided=plan.decided_decimal.is_some() && plan.decimal == plan.decided_decimal
                    options=marks.to_vec()
                    current=plan.decimal
                    testid="mapping-decimal"
                    on_change=Callback::new(move |mark| draft.choices.update(|c| c.decimal = mark))
                />
                <ConventionSelect
                    label=t.mapping_date_order
                    decided=plan.decided_date_order.is_some()
                        && plan.date_order == plan.decided_date_order
                    options=orders.to_vec()
                    current=plan.date_order
                    testid="mapping-date-order"
                    on_change=Callback::new(move |order| {
                        draft.choices.update(|c| c.date_order = order)
                    })
                />
                {currency}
            </div>
        })
    }
}

/// A convention of the file (decimal mark, date order): decided from the
/// column, or "please choose" until the user does.
#[component]
fn ConventionSelect<T: Copy + PartialEq + Send + Sync + 'static>(
    label: &'static str,
    /// Whether the value in use is the one the column decides.
    decided: bool,
    /// Each value with its `<option>` value and its name.
    options: Vec<(T, String, &'static str)>,
    current: Option<T>,
    testid: &'static str,
    on_change: Callback<Option<T>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = state.t();
    let note = if decided {
        t.mapping_decided
    } else {
        t.mapping_choose
    };
    let keys: Vec<(T, String)> = options.iter().map(|(v, k, _)| (*v, k.clone())).collect();
    let items = options
        .into_iter()
        .map(|(v, key, name)| {
            view! {
                <option value=key selected=current == Some(v)>
                    {name}
                </option>
            }
        })
        .collect_view();
    view! {
        <label>
            <span>{label}" ("{note}")"</span>
            <select
                data-testid=testid
                on:change=move |ev| {
                    let key = event_target_value(&ev);
                    on_change.run(keys.iter().find(|(_, k)| *k == key).map(|(v, _)| *v));
                }
            >
                <option value="" selected=current.is_none()>
                    {t.mapping_choose}
                </option>
                {items}
            </select>
        </label>
    }
}
