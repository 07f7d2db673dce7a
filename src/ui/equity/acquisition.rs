//! New customers per month: the history, the method's fit and the
//! projection (with the acquisition volume lever).

use super::PreparedMemo;
use crate::charts::{acquisition_svg, AcquisitionChartData, AcquisitionChartLabels};
use crate::clv::equity::prepared::AcquisitionSeries;
use crate::format;
use crate::i18n::fill;
use crate::ui::widgets::{ChartCard, ChartTable};
use crate::ui::AppState;
use chrono::NaiveDate;
use leptos::prelude::*;

/// New customers per month with the projection.
#[component]
pub(super) fn AcquisitionChart(
    /// The prepared view (history and projection).
    prepared: PreparedMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let chart = Memo::new(move |_| {
        let lang = state.lang();
        let t = state.t();
        let volume = state.levers.with(|l| l.acquisition_volume);
        prepared.with(|p| {
            let Some(p) = p else {
                return (String::new(), ChartTable::default());
            };
            let AcquisitionSeries {
                history,
                fitted,
                projection,
            } = p.0.acquisition_series(volume);
            let data = AcquisitionChartData {
                history: history.clone(),
                fitted: fitted.clone(),
                projection: projection.clone(),
            };
            let labels = AcquisitionChartLabels {
                history: t.equity_history,
                fitted: t.equity_fitted,
                projection: t.equity_projection,
                month_names: lang.month_names(),
            };
            let svg = acquisition_svg(&data, &labels).unwrap_or_default();
            let month = |d: NaiveDate| {
                format!(
                    "{} {}",
                    lang.month_names()[chrono::Datelike::month0(&d) as usize],
                    chrono::Datelike::year(&d)
                )
            };
            let mut rows: Vec<Vec<String>> = history
                .iter()
                .enumerate()
                .map(|(i, (d, n))| {
                    vec![
                        month(*d),
                        format::number(*n, 0, lang),
                        fitted
                            .get(i)
                            .map(|v| format::number(*v, 1, lang))
                            .unwrap_or_default(),
                        String::new(),
                    ]
                })
                .collect();
            rows.extend(projection.iter().map(|(d, n)| {
                vec![
                    month(*d),
                    String::new(),
                    String::new(),
                    format::number(*n, 1, lang),
                ]
            }));
            (
                svg,
                ChartTable {
                    headers: vec![
                        t.col_month.into(),
                        t.equity_history.into(),
                        t.equity_fitted.into(),
                        t.equity_projection.into(),
                    ],
                    rows,
                },
            )
        })
    });
    view! {
        <ChartCard
            title=Signal::derive(move || state.t().equity_chart_acquisition.to_owned())
            svg=Signal::derive(move || chart.with(|c| c.0.clone()))
            alt=Signal::derive(move || {
                let months = state.settings.with(|s| s.equity.horizon_months);
                fill(state.t().equity_chart_acquisition_alt, &[("months", &months.to_string())])
            })
            table=Signal::derive(move || chart.with(|c| c.1.clone()))
            file_name="kundenwert-acquisition.svg"
            testid="equity-acquisition"
        />
    }
}
