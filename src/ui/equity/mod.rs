//! The Equity page: customer equity of today's and future customers with its
//! interval, how it builds up over the horizon, the acquisition history and
//! projection, lever sliders with instant recomputation, the waterfall of
//! lever contributions, scenarios, goal-seek and the simple retention mode.
//!
//! The core prepares everything ([`EquityView`]); the page keeps it in a memo
//! rebuilt when the data, the fit or the equity settings change, and one
//! evaluation per lever move. Each card or chart has its own file.

mod acquisition;
mod goal_seek;
mod levers;
mod scenarios;
mod segment_value;
mod settings;
mod simple_mode;
mod stack_chart;
mod stats;
mod waterfall;

use super::widgets::{use_fitted_models, ModelStatus};
use super::AppState;
use crate::clv::equity::customer_equity::Equity;
use crate::clv::equity::prepared::EquityView;
use crate::i18n::fill;
use leptos::prelude::*;
use std::sync::Arc;

/// The prepared view shared, compared by identity (a memo needs `PartialEq`).
#[derive(Clone)]
struct PreparedHandle(Arc<EquityView>);

impl PartialEq for PreparedHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The page's prepared view (`None` until a model is fitted).
type PreparedMemo = Memo<Option<PreparedHandle>>;
/// Equity with the levers and without.
type EquityMemo = Memo<Option<(Equity, Equity)>>;

/// Everything on the page.
#[component]
pub fn EquityPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    use_fitted_models(state);
    // The model behind the page, rebuilt when data, fit or settings change
    // (not when a lever moves).
    let settings_key = Memo::new(move |_| {
        state.settings.with(|s| {
            let b = &s.equity;
            let m = &s.model;
            (
                b.horizon_months,
                b.acquisition_cost.to_bits(),
                b.acquisition,
                m.discount_percent.to_bits(),
                m.margin_percent.to_bits(),
            )
        })
    });
    let prepared = Memo::new(move |_| {
        // Rebuilt when the data, the fit or these settings change; the other
        // settings are read untracked (the levers are a signal of their own).
        settings_key.track();
        state.summary.track();
        if !state.scores.with(Option::is_some) {
            return None;
        }
        let today = state.observation_end.get_untracked()?;
        state.settings.with_untracked(|ws| {
            state.data.with_untracked(|d| {
                state.report.with(|r| {
                    let report = r.as_ref()?.result.as_ref().ok()?;
                    state.summary.with(|summary| {
                        let view = EquityView::prepare(
                            report,
                            &summary.customers,
                            d.transactions().map(|log| ws.kpi_context(log)),
                            ws.equity.acquisition,
                            ws.equity_settings(),
                            today,
                        );
                        Some(PreparedHandle(Arc::new(view)))
                    })
                })
            })
        })
    });
    let levers = state.levers;
    let equity = Memo::new(move |_| {
        prepared.with(|p| {
            p.as_ref()
                .map(|p| (p.0.model.evaluate(&levers.get()), p.0.base()))
        })
    });
    let intro = move || {
        fill(
            state.t().equity_intro,
            &[("end", &state.observation_end_text())],
        )
    };

    view! {
        <h1>{move || state.t().equity_title}</h1>
        <p class="lead">{intro}</p>
        <ModelStatus
            waiting=Signal::derive(move || prepared.with(Option::is_none))
            need=|t| t.equity_need_model
            testid="equity-model-status"
        />
        <stats::EquityStats prepared=prepared equity=equity />
        <div class="two-col even">
            <levers::LeversCard />
            <settings::EquitySettingsCard prepared=prepared />
        </div>
        <stack_chart::StackChart equity=equity />
        <waterfall::WaterfallChart prepared=prepared />
        <acquisition::AcquisitionChart prepared=prepared />
        <scenarios::ScenariosCard prepared=prepared equity=equity />
        <goal_seek::GoalSeekCard prepared=prepared />
        <segment_value::SegmentValueCard equity=equity />
        <simple_mode::SimpleModeCard />
    }
}
