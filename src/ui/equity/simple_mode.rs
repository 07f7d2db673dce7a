//! Simple mode: the retention formula, for users without transaction data.

use crate::clv::equity::book::EquityBook;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{Label, SettingInput};
use crate::ui::AppState;
use leptos::prelude::*;

/// The retention formula, for users without transaction data.
#[component]
pub(super) fn SimpleModeCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let t = move || state.t();
    let field = move |label: Label,
                      get: fn(&EquityBook) -> String,
                      set: fn(&mut EquityBook, Option<f64>),
                      testid: &'static str| {
        let value = Signal::derive(move || state.settings.with(|s| get(&s.equity)));
        let on_change = Callback::new(move |v| state.settings.update(|s| set(&mut s.equity, v)));
        view! { <SettingInput label=label testid=testid value=value on_change=on_change /> }
    };
    let result = move || {
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        state.settings.with(|s| match s.equity.simple_equity() {
            Ok(simple) => fill(
                t.equity_simple_result,
                &[
                    ("clv", &format::money(simple.clv, &currency, lang)),
                    ("customers", &format::number(simple.customers, 0, lang)),
                    ("equity", &format::money(simple.equity, &currency, lang)),
                ],
            ),
            Err(e) => fill(t.equity_simple_error, &[("reason", &e.to_string())]),
        })
    };
    view! {
        <details class="card settings-card" data-testid="equity-simple">
            <summary>
                <h2>{move || t().equity_simple}</h2>
            </summary>
            <p class="help">{move || t().equity_simple_intro}</p>
            <div class="form-grid">
                {field(
                    |t| t.equity_simple_margin,
                    |b| b.simple.margin.to_string(),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.margin = v;
                        }
                    },
                    "simple-margin",
                )}
                {field(
                    |t| t.equity_simple_retention,
                    |b| format!("{}", b.simple.retention * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.retention = v / 100.0;
                        }
                    },
                    "simple-retention",
                )}
                {field(
                    |t| t.equity_simple_discount,
                    |b| format!("{}", b.simple.discount * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.discount = v / 100.0;
                        }
                    },
                    "simple-discount",
                )}
                {field(
                    |t| t.equity_simple_growth,
                    |b| format!("{}", b.simple.growth * 100.0),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple.growth = v / 100.0;
                        }
                    },
                    "simple-growth",
                )}
                {field(
                    |t| t.equity_simple_years,
                    |b| b.simple.periods.map(|p| p.to_string()).unwrap_or_default(),
                    |b, v| b.simple.periods = v.filter(|v| *v >= 1.0).map(|v| v.round() as u32),
                    "simple-years",
                )}
                {field(
                    |t| t.equity_simple_customers,
                    |b| b.simple_customers.to_string(),
                    |b, v| {
                        if let Some(v) = v {
                            b.simple_customers = v.max(0.0);
                        }
                    },
                    "simple-customers",
                )}
            </div>
            <p class="simple-result" data-testid="simple-result" role="status">
                {result}
            </p>
        </details>
    }
}
