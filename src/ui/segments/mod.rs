//! The Segments page: RFM segments, CLV tiers and churn-risk bands with their
//! value, the concentration of value, the R×F grid, the CLV distribution,
//! P(alive) by frequency and recency, user-defined segments and migration.
//!
//! The numbers come from [`segments_overview`] (one call for the page); each
//! file here draws one card: [`table`] (a segment table), [`value_charts`]
//! (shares, concentration, CLV histogram), [`rfm_grid`], [`p_alive`],
//! [`builder`] (custom segments) and [`migration`].

mod builder;
mod migration;
mod p_alive;
mod rfm_grid;
mod table;
mod value_charts;

use crate::clv::segments::overview::segments_overview;
use crate::i18n::fill;
use crate::ui::widgets::{use_fitted_models, ModelStatus};
use crate::ui::AppState;
use builder::SegmentBuilder;
use leptos::prelude::*;
use migration::MigrationCard;
use p_alive::PAliveMatrix;
use rfm_grid::RfmGrid;
use table::SegmentTable;
use value_charts::{ClvHistogram, LorenzChart, SharesChart};

/// Everything on the page, computed from the summary and the current scores.
#[component]
pub fn SegmentsPage() -> impl IntoView {
    let state = expect_context::<AppState>();
    // Tiers, bands and value need the model: fit it if there is no current fit.
    use_fitted_models(state);
    let overview = Memo::new(move |_| {
        let end = state.observation_end.get().unwrap_or_default();
        state.scores.with(|scores| {
            state
                .summary
                .with(|s| segments_overview(&s.customers, scores.as_deref(), end))
        })
    });
    let intro = move || {
        let end = state.observation_end_text();
        fill(state.t().segments_intro, &[("end", &end)])
    };
    view! {
        <h1>{move || state.t().segments_title}</h1>
        <p class="lead">{intro}</p>
        <ModelStatus
            waiting=Signal::derive(move || state.scores.with(Option::is_none))
            need=|t| t.segments_need_model
            testid="segments-model-status"
        />
        <SegmentTable
            title=Signal::derive(move || state.t().seg_rfm.to_owned())
            rows=Signal::derive(move || {
                overview
                    .with(|o| {
                        o.rfm
                            .iter()
                            .map(|(s, members, stats)| (
                                state.lang().rfm_name(*s).to_owned(),
                                members.clone(),
                                *stats,
                            ))
                            .collect()
                    })
            })
            testid="rfm-segments"
        />
        <div class="chart-grid">
            <SharesChart overview=overview />
            <LorenzChart overview=overview />
        </div>
        <RfmGrid overview=overview />
        <div class="two-col even">
            <SegmentTable
                title=Signal::derive(move || state.t().seg_tiers.to_owned())
                rows=Signal::derive(move || {
                    overview
                        .with(|o| {
                            o.tiers
                                .iter()
                                .map(|(s, m, st)| (
                                    state.lang().tier_name(*s).to_owned(),
                                    m.clone(),
                                    *st,
                                ))
                                .collect()
                        })
                })
                testid="clv-tiers"
            />
            <SegmentTable
                title=Signal::derive(move || state.t().seg_risk.to_owned())
                rows=Signal::derive(move || {
                    overview
                        .with(|o| {
                            o.bands
                                .iter()
                                .map(|(s, m, st)| (
                                    state.lang().band_name(*s).to_owned(),
                                    m.clone(),
                                    *st,
                                ))
                                .collect()
                        })
                })
                testid="risk-bands"
            />
        </div>
        <div class="chart-grid">
            <ClvHistogram overview=overview />
            <PAliveMatrix overview=overview />
        </div>
        <SegmentBuilder overview=overview />
        <MigrationCard />
    }
}
