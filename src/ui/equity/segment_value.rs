//! Today's customers' value by RFM segment, with each segment's share.

use super::EquityMemo;
use crate::clv::equity::prepared::segment_values;
use crate::format;
use crate::ui::widgets::TableHead;
use crate::ui::AppState;
use leptos::prelude::*;

/// Today's customers' value by RFM segment.
#[component]
pub(super) fn SegmentValueCard(
    /// Equity with the levers and without.
    equity: EquityMemo,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let (e, _) = equity.get()?;
        let lang = state.lang();
        let t = state.t();
        let currency = state.currency();
        Some(view! {
            <section class="card">
                <h2>{t.equity_by_segment}</h2>
                <div class="table-wrap">
                    <table data-testid="equity-segments">
                        <TableHead columns=&[
                            |t| t.equity_col_segment,
                            |t| t.equity_col_value,
                            |t| t.equity_col_share,
                        ] />
                        <tbody>
                            {segment_values(&e)
                                .into_iter()
                                .map(|v| {
                                    view! {
                                        <tr>
                                            <th scope="row">{lang.rfm_name(v.segment)}</th>
                                            <td class="num">
                                                {format::money(v.value, &currency, lang)}
                                            </td>
                                            <td class="num">{format::percent(v.share, 1, lang)}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })
    }
}
