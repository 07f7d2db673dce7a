//! The Equity page's figures in a share link: customer equity and its parts
//! today (no levers), under the levers as last set and under each saved
//! scenario; for the levers also each lever's contribution (the waterfall)
//! and today's customers' value by RFM segment; and the report's relative
//! interval. The equity model itself (every customer's history) is not
//! carried, so a shared view cannot move a lever: it shows what was set.
//! The month-by-month build-up and the acquisition chart are left out to
//! keep a link short (36 and 60 figures more).

use super::round::{amount, figure};
use crate::clv::equity::book::EquityBook;
use crate::clv::equity::customer_equity::{waterfall, Equity, EquityLever};
use crate::clv::equity::prepared::{EquityFigures, EquityView, RelativeInterval};
use serde::{Deserialize, Serialize};

/// The Equity page's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedEquity {
    /// Today's customers' value interval over its estimate: (low, high).
    pub interval: (f64, f64),
    /// Customer equity as the Goals page measures it today, if measured.
    pub kpi_today: Option<f64>,
    /// No lever moved.
    pub today: EquityParts,
    /// Under the levers as last set.
    pub levers: EquityParts,
    /// Under each scenario of the shared settings, in their order.
    pub scenarios: Vec<EquityParts>,
    /// The levers' equity: today's customers' value per RFM segment.
    pub by_segment: Vec<f64>,
    /// Each lever's contribution from today to the levers, in
    /// [`EquityLever::ALL`] order (the waterfall).
    pub waterfall: Vec<f64>,
}

/// The headline figures of one equity: total, today's customers, future
/// customers (net), a new customer's value and new customers per month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EquityParts(pub f64, pub f64, pub f64, pub f64, pub f64);

impl SharedEquity {
    /// The figures of `view` under `book`'s levers and scenarios.
    pub fn of(view: &EquityView, book: &EquityBook) -> SharedEquity {
        let today = view.base();
        let levers = view.model.evaluate(&book.levers);
        let interval = view.interval;
        let parts = |e: &Equity| EquityParts::of(e, &today, interval);
        let (_, steps, _) = waterfall(&view.model, &book.levers);
        SharedEquity {
            interval: (figure(interval.low), figure(interval.high)),
            kpi_today: view.kpi_today.map(figure),
            today: parts(&today),
            levers: parts(&levers),
            scenarios: book
                .scenarios
                .iter()
                .map(|s| parts(&view.model.evaluate(&s.levers)))
                .collect(),
            by_segment: levers.by_segment.iter().copied().map(figure).collect(),
            waterfall: steps.iter().map(|s| figure(s.change)).collect(),
        }
    }

    /// The report's relative interval.
    pub fn relative_interval(&self) -> RelativeInterval {
        RelativeInterval {
            low: self.interval.0,
            high: self.interval.1,
        }
    }

    /// The waterfall's steps: each lever with its contribution.
    pub fn waterfall_steps(&self) -> Vec<(EquityLever, f64)> {
        EquityLever::ALL
            .into_iter()
            .zip(self.waterfall.iter().copied())
            .collect()
    }
}

impl EquityParts {
    fn of(equity: &Equity, today: &Equity, interval: RelativeInterval) -> EquityParts {
        EquityParts(
            amount(equity.total),
            amount(equity.current),
            amount(equity.future),
            figure(equity.new_customer_value),
            figure(EquityFigures::new(equity, today, interval).new_per_month),
        )
    }

    pub fn total(&self) -> f64 {
        self.0
    }

    /// Today's customers.
    pub fn current(&self) -> f64 {
        self.1
    }

    /// The customers still to be won, net of acquisition cost.
    pub fn future(&self) -> f64 {
        self.2
    }

    /// A new customer's value at acquisition.
    pub fn new_customer_value(&self) -> f64 {
        self.3
    }

    /// Mean new customers per horizon month.
    pub fn new_per_month(&self) -> f64 {
        self.4
    }
}

#[cfg(test)]
mod tests {
    use crate::clv::equity::prepared::EquityView;
    use crate::share::test_support::{close, demo_view, shared_demo};

    #[test]
    fn the_shared_parts_are_the_equity_pages_under_each_scenario() {
        let d = shared_demo();
        let s = &d.workspace.settings;
        let view = EquityView::prepare(
            &d.report,
            &d.customers,
            Some(s.kpi_context(&d.log)),
            s.equity.acquisition,
            s.equity_settings(),
            d.today,
        );
        let shared = demo_view().equity.as_ref().unwrap();
        assert_eq!(shared.scenarios.len(), 2);
        for (scenario, parts) in s.equity.scenarios.iter().zip(&shared.scenarios) {
            let e = view.model.evaluate(&scenario.levers);
            assert!(close(e.total, parts.total()) && close(e.current, parts.current()));
            assert!(close(e.future, parts.future()));
        }
        let base = view.base();
        assert!(close(base.total, shared.today.total()));
        assert!(
            shared.scenarios[0].total() > shared.today.total(),
            "retention +10 % adds value"
        );
        assert_eq!(shared.waterfall_steps().len(), 6);
        assert_eq!(shared.by_segment.len(), 11);
    }
}
