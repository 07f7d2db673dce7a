//! The headline figures: total with its interval and change, today's and
//! future customers, a new customer's value and new customers per month.

use super::{EquityMemo, PreparedMemo};
use crate::clv::equity::prepared::{EquityFigures, RelativeInterval};
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::Info;
use crate::ui::AppState;
use leptos::prelude::*;

/// The stat tiles above the levers.
#[component]
pub(super) fn EquityStats(
    /// The prepared view (for the report's interval).
    prepared: PreparedMemo,
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let currency = move || state.currency();
    let money = move |x: f64| format::money(x, &currency(), state.lang());
    move || {
        equity.get().map(|(e, base)| {
            let t = state.t();
            let lang = state.lang();
            let interval = prepared.with(|p| {
                p.as_ref().map_or(
                    RelativeInterval {
                        low: 1.0,
                        high: 1.0,
                    },
                    |p| p.0.interval,
                )
            });
            let f = EquityFigures::new(&e, &base, interval);
            view! {
                <div class="stats equity-stats">
                    <div class="stat stat-main">
                        <span class="stat-label">
                            {t.equity_total}" "<Info text=t.equity_total_help />
                        </span>
                        <span class="stat-value" data-testid="equity-total">
                            {money(e.total)}
                        </span>
                        <span class="stat-detail" data-testid="equity-interval">
                            {fill(
                                t.equity_interval,
                                &[("low", &money(f.low)), ("high", &money(f.high))],
                            )}
                        </span>
                        <span class="stat-detail" data-testid="equity-change">
                            {fill(
                                t.equity_change,
                                &[
                                    ("change", &format::signed_money(f.change, &currency(), lang)),
                                    ("percent", &format::signed_percent(f.percent, lang)),
                                ],
                            )}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">
                            {t.equity_current}" "<Info text=t.equity_current_help />
                        </span>
                        <span class="stat-value" data-testid="equity-current">
                            {money(e.current)}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">
                            {t.equity_future}" "<Info text=t.equity_future_help />
                        </span>
                        <span class="stat-value" data-testid="equity-future">
                            {money(e.future)}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">
                            {t.equity_new_value}" "<Info text=t.equity_new_value_help />
                        </span>
                        <span class="stat-value" data-testid="equity-new-value">
                            {money(e.new_customer_value)}
                        </span>
                    </div>
                    <div class="stat">
                        <span class="stat-label">
                            {t.equity_new_per_month}" "<Info text=t.equity_new_per_month_help />
                        </span>
                        <span class="stat-value" data-testid="equity-per-month">
                            {format::number(f.new_per_month, 1, lang)}
                        </span>
                    </div>
                </div>
            }
        })
    }
}
