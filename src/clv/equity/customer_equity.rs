//! Customer equity: the discounted value of today's customers plus that of
//! the customers still to be won, net of what winning them costs, and how
//! levers a manager can pull move it.
//!
//! Following Gupta, Lehmann & Stuart (2004), "Valuing Customers", JMR 41(1),
//! customer equity is the sum over cohorts of `n_k (v_new − c) / (1 + i)^k`
//! for the cohorts still to come plus the value of the current customer base;
//! here the current customers are valued individually by the purchase and
//! spend models (as on the Models page) and each future cohort at the expected
//! value of a brand-new customer from the same models. Everything is in the
//! horizon's months: today's customers over the horizon, cohorts arriving in
//! months `1..=H`, each cohort valued over the CLV horizon from its arrival
//! and discounted to today from its arrival month.
//!
//! # Levers
//!
//! Each lever is a relative change from today (0 = no change):
//!
//! - **retention**: customers drop out `x` less often. The dropout process's
//!   population mean is lowered by `x` with the same heterogeneity: BG/NBD and
//!   MBG/NBD `E[p] = a/(a+b)` becomes `(1−x) E[p]` with `a + b` kept; Pareto/NBD
//!   `E[μ] = s/β` becomes `(1−x) E[μ]` (`β / (1−x)`). Customers' histories are
//!   then read under the new prior (P(alive) and expected purchases change).
//! - **purchase frequency**: active customers buy `x` more often from now on;
//!   expected future purchases scale by `1 + x` (lifetimes unchanged).
//! - **order value** (development: up- and cross-selling): spend per purchase
//!   scales by `1 + x`.
//! - **margin**: the margin share scales by `1 + x`.
//! - **acquisition volume**: new customers per month scale by `1 + x`.
//! - **acquisition cost**: the cost per new customer scales by `1 + x`.
//!
//! The breakdown ([`waterfall`]) applies the levers one after the other in
//! [`EquityLever::ALL`] order, so each step's contribution includes its interaction
//! with the levers before it and the steps sum exactly to the total change.

use super::acquisition::AcquisitionForecast;
use crate::clv::data::summary::{CustomerSummary, TimeUnit};
use crate::clv::models::gamma_gamma::GammaGamma;
use crate::clv::models::{PurchaseModel, PurchaseModelKind};
use crate::clv::valuation::report::ModelReport;
use crate::clv::valuation::value::{spend_per_purchase, ClvSettings, DAYS_PER_MONTH};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Grid step of the retention lever's exact evaluations.
pub const RETENTION_STEP: f64 = 0.05;

/// What a manager can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EquityLever {
    Retention,
    Frequency,
    OrderValue,
    Margin,
    AcquisitionVolume,
    AcquisitionCost,
}

impl EquityLever {
    pub const ALL: [EquityLever; 6] = [
        EquityLever::Retention,
        EquityLever::Frequency,
        EquityLever::OrderValue,
        EquityLever::Margin,
        EquityLever::AcquisitionVolume,
        EquityLever::AcquisitionCost,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EquityLever::Retention => "retention",
            EquityLever::Frequency => "frequency",
            EquityLever::OrderValue => "order-value",
            EquityLever::Margin => "margin",
            EquityLever::AcquisitionVolume => "acquisition-volume",
            EquityLever::AcquisitionCost => "acquisition-cost",
        }
    }

    /// The range a lever may take (relative changes).
    pub fn bounds(self) -> (f64, f64) {
        match self {
            EquityLever::Retention => (-0.5, 0.5),
            EquityLever::Frequency | EquityLever::OrderValue | EquityLever::Margin => (-0.5, 1.0),
            EquityLever::AcquisitionVolume | EquityLever::AcquisitionCost => (-1.0, 2.0),
        }
    }
}

/// Relative changes of every lever (all 0: today).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Levers {
    pub retention: f64,
    pub frequency: f64,
    pub order_value: f64,
    pub margin: f64,
    pub acquisition_volume: f64,
    pub acquisition_cost: f64,
}

impl Levers {
    pub fn get(&self, lever: EquityLever) -> f64 {
        match lever {
            EquityLever::Retention => self.retention,
            EquityLever::Frequency => self.frequency,
            EquityLever::OrderValue => self.order_value,
            EquityLever::Margin => self.margin,
            EquityLever::AcquisitionVolume => self.acquisition_volume,
            EquityLever::AcquisitionCost => self.acquisition_cost,
        }
    }

    pub fn set(&mut self, lever: EquityLever, value: f64) {
        let (lo, hi) = lever.bounds();
        let value = if value.is_finite() {
            value.clamp(lo, hi)
        } else {
            0.0
        };
        match lever {
            EquityLever::Retention => self.retention = value,
            EquityLever::Frequency => self.frequency = value,
            EquityLever::OrderValue => self.order_value = value,
            EquityLever::Margin => self.margin = value,
            EquityLever::AcquisitionVolume => self.acquisition_volume = value,
            EquityLever::AcquisitionCost => self.acquisition_cost = value,
        }
    }

    /// These levers with one changed.
    pub fn with(mut self, lever: EquityLever, value: f64) -> Levers {
        self.set(lever, value);
        self
    }

    /// The levers moved away from today (non-zero), in [`EquityLever::ALL`] order.
    pub fn changed(&self) -> impl Iterator<Item = (EquityLever, f64)> + '_ {
        EquityLever::ALL
            .into_iter()
            .map(|l| (l, self.get(l)))
            .filter(|(_, v)| *v != 0.0)
    }
}

/// How equity is computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EquitySettings {
    /// Months over which today's customers are valued and new cohorts arrive.
    pub horizon_months: u32,
    /// Annual discount rate.
    pub annual_discount: f64,
    /// Share of revenue that is profit.
    pub margin: f64,
    /// What winning one new customer costs, in the shop's currency.
    pub acquisition_cost: f64,
}

impl Default for EquitySettings {
    fn default() -> Self {
        EquitySettings {
            horizon_months: 36,
            annual_discount: 0.1,
            margin: 0.3,
            acquisition_cost: 0.0,
        }
    }
}

/// One future cohort.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Cohort {
    /// Months from now (1 = next month).
    pub month: u32,
    pub customers: f64,
    /// Net value of the cohort at its arrival (value of its customers less their acquisition cost).
    pub value_at_arrival: f64,
    /// The same discounted to today.
    pub value_today: f64,
}

/// Customer equity under some levers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Equity {
    pub levers: Levers,
    pub total: f64,
    /// Today's customers.
    pub current: f64,
    /// The customers still to be won, net of acquisition cost.
    pub future: f64,
    /// Value of one new customer at acquisition (first purchase included), before its cost.
    pub new_customer_value: f64,
    pub cohorts: Vec<Cohort>,
    /// Today's customers' value by segment (indices as given to [`EquityModel::new`]).
    pub by_segment: Vec<f64>,
    /// Cumulative value of today's customers by the end of each horizon month.
    pub current_by_month: Vec<f64>,
    /// Cumulative net value of the cohorts arrived by the end of each horizon month.
    pub future_by_month: Vec<f64>,
}

/// Today's customers grouped by identical history, spend summed.
#[derive(Debug, Clone)]
struct Row {
    x: u32,
    tx_days: i64,
    t_days: i64,
    spend_sum: f64,
    segment: usize,
}

/// The customers and models behind the Equity page, prepared so that moving
/// a lever is cheap: only the retention lever re-reads histories, and its
/// results are cached per value.
pub struct EquityModel {
    kind: PurchaseModelKind,
    params: Vec<f64>,
    unit: TimeUnit,
    settings: EquitySettings,
    rows: Vec<Row>,
    segments: usize,
    /// Population mean spend per purchase (new customers).
    mean_spend: f64,
    /// Expected new customers in each horizon month (index 0: next month).
    arrivals: Vec<f64>,
    /// Retention lever value (bits) → (current value before margin and the
    /// multiplicative levers, by month; by segment; discounted repeat purchases of a new customer).
    cache: std::sync::Mutex<HashMap<u64, RetentionPart>>,
}

#[derive(Debug, Clone)]
struct RetentionPart {
    by_month: Vec<f64>,
    by_segment: Vec<f64>,
    new_repeat: f64,
}

/// What an [`EquityModel`] is made of.
pub struct EquityInputs<'a> {
    /// Today's customers.
    pub customers: &'a [CustomerSummary],
    /// A segment index per customer (e.g. the RFM segment), or `None` (one segment).
    pub segment_of: Option<&'a [usize]>,
    /// Number of segments (`segment_of` values are below it).
    pub segments: usize,
    pub model: PurchaseModelKind,
    pub params: &'a [f64],
    /// Spend per purchase from Gamma-Gamma, else each customer's average order value.
    pub spend: Option<GammaGamma>,
    /// The unit the model was fitted in.
    pub unit: TimeUnit,
    pub settings: EquitySettings,
    pub acquisitions: &'a AcquisitionForecast,
}

impl<'a> EquityInputs<'a> {
    /// Today's `customers` (as the report was fitted on) valued with the
    /// report's purchase and spend models in its time unit, all in one
    /// segment; add segments with [`EquityInputs::with_segments`].
    pub fn from_report(
        report: &'a ModelReport,
        customers: &'a [CustomerSummary],
        settings: EquitySettings,
        acquisitions: &'a AcquisitionForecast,
    ) -> Self {
        EquityInputs {
            customers,
            segment_of: None,
            segments: 1,
            model: report.request.model,
            params: &report.purchase.params,
            spend: report.spend_model(),
            unit: report.request.unit,
            settings,
            acquisitions,
        }
    }

    /// With a segment index below `segments` for each customer.
    pub fn with_segments(self, segment_of: &'a [usize], segments: usize) -> Self {
        EquityInputs {
            segment_of: Some(segment_of),
            segments,
            ..self
        }
    }
}

impl EquityModel {
    pub fn new(inputs: EquityInputs) -> EquityModel {
        let mut groups: HashMap<(u32, i64, i64, usize), f64> = HashMap::new();
        let unit_days = inputs.unit.days();
        for (i, c) in inputs.customers.iter().enumerate() {
            let spend = spend_per_purchase(inputs.spend.as_ref(), c);
            let segment = inputs.segment_of.map_or(0, |s| s[i]);
            let key = (
                c.frequency,
                (c.recency * unit_days).round() as i64,
                (c.age * unit_days).round() as i64,
                segment,
            );
            *groups.entry(key).or_default() += spend;
        }
        let mut rows: Vec<Row> = groups
            .into_iter()
            .map(|((x, tx_days, t_days, segment), spend_sum)| Row {
                x,
                tx_days,
                t_days,
                spend_sum,
                segment,
            })
            .collect();
        rows.sort_by_key(|r| (r.x, r.t_days, r.tx_days, r.segment));
        let mean_spend = match inputs.spend.as_ref().and_then(GammaGamma::population_mean) {
            Some(m) => m,
            None => {
                let orders: f64 = inputs.customers.iter().map(|c| c.orders as f64).sum();
                inputs.customers.iter().map(|c| c.total).sum::<f64>() / orders.max(1.0)
            }
        };
        let horizon = inputs.settings.horizon_months as usize;
        let arrivals = (0..horizon)
            .map(|k| {
                inputs
                    .acquisitions
                    .per_month
                    .get(k)
                    .copied()
                    .unwrap_or(0.0)
                    .max(0.0)
            })
            .collect();
        EquityModel {
            kind: inputs.model,
            params: inputs.params.to_vec(),
            unit: inputs.unit,
            settings: inputs.settings,
            rows,
            segments: inputs.segments.max(1),
            mean_spend,
            arrivals,
            cache: std::sync::Mutex::new(HashMap::new()),
        }
    }

    pub fn settings(&self) -> &EquitySettings {
        &self.settings
    }

    /// The purchase model with the retention lever applied (see the module documentation).
    pub fn model_with_retention(&self, retention: f64) -> Box<dyn PurchaseModel> {
        let p = &self.params;
        let keep = (1.0 - retention).max(1e-6);
        let changed = match self.kind {
            PurchaseModelKind::BgNbd | PurchaseModelKind::MbgNbd => {
                let (a, b) = (p[2], p[3]);
                let concentration = a + b;
                let mean = (a / concentration * keep).clamp(1e-9, 1.0 - 1e-9);
                vec![
                    p[0],
                    p[1],
                    mean * concentration,
                    (1.0 - mean) * concentration,
                ]
            }
            PurchaseModelKind::ParetoNbd => vec![p[0], p[1], p[2], p[3] / keep],
        };
        self.kind.with_params(&changed)
    }

    /// Monthly CLV settings over the horizon with discounting (margin 1: applied later).
    fn clv_settings(&self) -> ClvSettings {
        ClvSettings::monthly(
            self.unit,
            self.settings.horizon_months as f64,
            self.settings.annual_discount,
            1.0,
        )
    }

    /// The retention-dependent part at any lever value: exact on the grid of
    /// [`RETENTION_STEP`] (every 5%), between grid points the cubic
    /// (Catmull-Rom) interpolation of the four nearest grid points, which
    /// stays within 10⁻⁴ of the exact value (a test checks it). Re-reading
    /// every history under a changed model takes ~80 ms for 100,000
    /// customers; the grid points are computed once each and cached, so
    /// moving the slider costs microseconds once its neighbours are known.
    fn retention_part_at(&self, retention: f64) -> RetentionPart {
        let (lo, hi) = EquityLever::Retention.bounds();
        let position = (retention.clamp(lo, hi) - lo) / RETENTION_STEP;
        let j = position.floor() as i64;
        let u = position - j as f64;
        // One grid point beyond each bound keeps the ends cubic (the models
        // are defined there too).
        let grid = |k: i64| lo + k as f64 * RETENTION_STEP;
        if u.abs() < 1e-9 {
            return self.retention_part(grid(j));
        }
        let points = [j - 1, j, j + 1, j + 2].map(|k| self.retention_part(grid(k)));
        // Catmull-Rom weights.
        let w = [
            0.5 * (-u + 2.0 * u * u - u * u * u),
            0.5 * (2.0 - 5.0 * u * u + 3.0 * u * u * u),
            0.5 * (u + 4.0 * u * u - 3.0 * u * u * u),
            0.5 * (-u * u + u * u * u),
        ];
        let mix = |f: &dyn Fn(&RetentionPart) -> f64| -> f64 {
            points.iter().zip(w).map(|(p, w)| w * f(p)).sum()
        };
        RetentionPart {
            by_month: (0..points[0].by_month.len())
                .map(|m| mix(&|p| p.by_month[m]))
                .collect(),
            by_segment: (0..points[0].by_segment.len())
                .map(|k| mix(&|p| p.by_segment[k]))
                .collect(),
            new_repeat: mix(&|p| p.new_repeat),
        }
    }

    /// The part of today's customers' value that depends on the retention
    /// lever, computed exactly (and cached per value).
    fn retention_part(&self, retention: f64) -> RetentionPart {
        let cached = self
            .cache
            .lock()
            .ok()
            .and_then(|c| c.get(&retention.to_bits()).cloned());
        if let Some(part) = cached {
            return part;
        }
        let model = self.model_with_retention(retention);
        let s = self.clv_settings();
        let months = self.settings.horizon_months as usize;
        let unit_days = self.unit.days();
        // Discounted expected purchases by month of a customer alive at T with x repeat purchases.
        let mut per_history: HashMap<(u32, i64), Vec<f64>> = HashMap::new();
        let mut by_month = vec![0.0; months];
        let mut by_segment = vec![0.0; self.segments];
        for row in &self.rows {
            let x = row.x as f64;
            let t = row.t_days as f64 / unit_days;
            let monthly = per_history.entry((row.x, row.t_days)).or_insert_with(|| {
                let mut previous = 0.0;
                (1..=months)
                    .map(|k| {
                        let end = k as f64 * s.step;
                        let cumulative = model.expected_purchases_if_alive(x, t, end);
                        let step = (cumulative - previous).max(0.0) * s.discount(end);
                        previous = cumulative;
                        step
                    })
                    .collect()
            });
            let weight = row.spend_sum * model.p_alive(x, row.tx_days as f64 / unit_days, t);
            for (m, step) in monthly.iter().enumerate() {
                by_month[m] += weight * step;
            }
            by_segment[row.segment] += weight * monthly.iter().sum::<f64>();
        }
        // Cumulative by month.
        let mut running = 0.0;
        for v in by_month.iter_mut() {
            running += *v;
            *v = running;
        }
        let new_repeat = crate::clv::valuation::value::discounted_purchases_new(model.as_ref(), &s);
        let part = RetentionPart {
            by_month,
            by_segment,
            new_repeat,
        };
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(retention.to_bits(), part.clone());
        }
        part
    }

    /// Customer equity under `levers`.
    pub fn evaluate(&self, levers: &Levers) -> Equity {
        let part = self.retention_part_at(levers.retention);
        let margin = self.settings.margin * (1.0 + levers.margin);
        let spend = 1.0 + levers.order_value;
        let frequency = 1.0 + levers.frequency;
        let factor = margin * spend * frequency;
        let current_by_month: Vec<f64> = part.by_month.iter().map(|v| v * factor).collect();
        let current = current_by_month.last().copied().unwrap_or(0.0);
        let by_segment = part.by_segment.iter().map(|v| v * factor).collect();
        let new_customer_value =
            margin * self.mean_spend * spend * (1.0 + frequency * part.new_repeat);
        let cost = self.settings.acquisition_cost * (1.0 + levers.acquisition_cost);
        let volume = 1.0 + levers.acquisition_volume;
        let mut running = 0.0;
        let mut cohorts = Vec::with_capacity(self.arrivals.len());
        let mut future_by_month = Vec::with_capacity(self.arrivals.len());
        for (k, &n) in self.arrivals.iter().enumerate() {
            let month = k as u32 + 1;
            let customers = n * volume;
            let value_at_arrival = customers * (new_customer_value - cost);
            let value_today = value_at_arrival * self.month_discount(month);
            running += value_today;
            cohorts.push(Cohort {
                month,
                customers,
                value_at_arrival,
                value_today,
            });
            future_by_month.push(running);
        }
        Equity {
            levers: *levers,
            total: current + running,
            current,
            future: running,
            new_customer_value,
            cohorts,
            by_segment,
            current_by_month,
            future_by_month,
        }
    }

    /// The discount factor of `month` months from now.
    pub fn month_discount(&self, month: u32) -> f64 {
        (1.0 + self.settings.annual_discount).powf(-(month as f64) * DAYS_PER_MONTH / 365.25)
    }
}

/// One step of the breakdown of a change in equity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LeverContribution {
    pub lever: EquityLever,
    pub change: f64,
}

/// How much each lever contributed to the change from no levers to `levers`:
/// levers applied one after the other in [`EquityLever::ALL`] order (zero levers
/// contribute exactly 0). The contributions sum to the total change.
pub fn waterfall(model: &EquityModel, levers: &Levers) -> (f64, Vec<LeverContribution>, f64) {
    let mut applied = Levers::default();
    let start = model.evaluate(&applied).total;
    let mut previous = start;
    let mut steps = Vec::new();
    for lever in EquityLever::ALL {
        let value = levers.get(lever);
        if value == 0.0 {
            steps.push(LeverContribution { lever, change: 0.0 });
            continue;
        }
        applied.set(lever, value);
        let now = model.evaluate(&applied).total;
        steps.push(LeverContribution {
            lever,
            change: now - previous,
        });
        previous = now;
    }
    (start, steps, previous)
}

/// The result of a goal-seek.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum GoalSeek {
    /// The lever value that reaches the target (the other levers as given).
    Reached { value: f64, equity: f64 },
    /// The target lies outside what the lever can reach within its bounds.
    NotReachable { lowest: f64, highest: f64 },
}

/// Which part of equity a goal-seek aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EquityPart {
    /// Today's and future customers.
    Total,
    /// Today's customers only (what the Goals page's customer equity measures).
    Current,
}

/// The value of `lever` (others as in `base`) at which `part` of equity
/// equals `target`, by bisection within the lever's bounds; equity is
/// monotone in each lever. A lever that does not move the part (acquisition
/// for today's customers) reaches only the value it has.
pub fn goal_seek(
    model: &EquityModel,
    base: &Levers,
    lever: EquityLever,
    target: f64,
    part: EquityPart,
) -> GoalSeek {
    let (mut lo, mut hi) = lever.bounds();
    let at = |v: f64| {
        let e = model.evaluate(&base.with(lever, v));
        match part {
            EquityPart::Total => e.total,
            EquityPart::Current => e.current,
        }
    };
    let (f_lo, f_hi) = (at(lo), at(hi));
    let (lowest, highest) = (f_lo.min(f_hi), f_lo.max(f_hi));
    if !target.is_finite() || target < lowest || target > highest {
        return GoalSeek::NotReachable { lowest, highest };
    }
    let increasing = f_hi >= f_lo;
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        let below = at(mid) < target;
        if below == increasing {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-7 {
            break;
        }
    }
    let value = 0.5 * (lo + hi);
    GoalSeek::Reached {
        value,
        equity: at(value),
    }
}

/// A named set of levers, saved with the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    pub levers: Levers,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::demo::demo_log;
    use crate::clv::data::summary::summarize;
    use crate::clv::equity::acquisition::{AcquisitionForecast, AcquisitionMethod};
    use crate::clv::models::bg_nbd::BgNbd;
    use crate::clv::valuation::value::{score_customers, ScoreInput};

    const PARAMS: [f64; 4] = [0.6, 9.0, 0.7, 3.1];
    const SPEND: GammaGamma = GammaGamma {
        p: 6.25,
        q: 3.74,
        gamma: 15.44,
    };

    fn forecast(per_month: f64, months: usize) -> AcquisitionForecast {
        AcquisitionForecast {
            method: AcquisitionMethod::Manual { per_month },
            per_month: vec![per_month; months],
            fitted: Vec::new(),
            logistic: None,
        }
    }

    fn model(
        customers: &[CustomerSummary],
        settings: EquitySettings,
        arrivals: &AcquisitionForecast,
    ) -> EquityModel {
        EquityModel::new(EquityInputs {
            customers,
            segment_of: None,
            segments: 1,
            model: PurchaseModelKind::BgNbd,
            params: &PARAMS,
            spend: Some(SPEND),
            unit: TimeUnit::Week,
            settings,
            acquisitions: arrivals,
        })
    }

    fn demo_customers() -> Vec<CustomerSummary> {
        let log = demo_log();
        summarize(&log, log.date_range().unwrap().1, TimeUnit::Week)
    }

    fn settings() -> EquitySettings {
        EquitySettings {
            horizon_months: 12,
            annual_discount: 0.1,
            margin: 0.3,
            acquisition_cost: 20.0,
        }
    }

    #[test]
    fn an_equity_lever_serialises_as_its_key() {
        // The stored and message form did not change with the type's name.
        for lever in EquityLever::ALL {
            let text = serde_json::to_string(&lever).unwrap();
            assert_eq!(text, format!("\"{}\"", lever.key()));
            assert_eq!(serde_json::from_str::<EquityLever>(&text).unwrap(), lever);
        }
        assert_eq!(
            serde_json::to_string(&EquityLever::AcquisitionVolume).unwrap(),
            "\"acquisition-volume\""
        );
    }

    #[test]
    fn todays_customers_are_worth_what_the_models_page_says() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let equity = model(&customers, settings(), &arrivals).evaluate(&Levers::default());
        let bg = BgNbd::from_params(&PARAMS);
        let inputs = ScoreInput::of_customers(&customers, Some(&SPEND));
        let clv = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 0.3);
        let total: f64 = score_customers(&bg, &inputs, &clv)
            .iter()
            .map(|s| s.clv.estimate)
            .sum();
        assert!(
            (equity.current - total).abs() < 1e-9 * total,
            "{} vs {total}",
            equity.current
        );
        assert_eq!(equity.current_by_month.len(), 12);
        assert_eq!(*equity.current_by_month.last().unwrap(), equity.current);
        assert!(equity.current_by_month.windows(2).all(|w| w[0] <= w[1]));
        assert!((equity.by_segment[0] - equity.current).abs() < 1e-9 * total);
    }

    #[test]
    fn a_new_customer_is_worth_the_direct_sum_of_the_models_expected_purchases() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let equity = model(&customers, settings(), &arrivals).evaluate(&Levers::default());
        let bg = BgNbd::from_params(&PARAMS);
        let step = DAYS_PER_MONTH / 7.0;
        let repeat: f64 = (1..=12)
            .map(|k| {
                let (from, to) = ((k - 1) as f64 * step, k as f64 * step);
                (bg.expected_purchases_new(to) - bg.expected_purchases_new(from))
                    * 1.1f64.powf(-to * 7.0 / 365.25)
            })
            .sum();
        let mean = SPEND.population_mean().unwrap();
        let direct = 0.3 * mean * (1.0 + repeat);
        assert!((equity.new_customer_value - direct).abs() < 1e-9 * direct);
    }

    #[test]
    fn a_cohort_arriving_in_month_k_is_discounted_exactly_k_months() {
        let customers = demo_customers();
        let arrivals = forecast(50.0, 24);
        let s = EquitySettings {
            horizon_months: 24,
            ..settings()
        };
        let m = model(&customers, s, &arrivals);
        let equity = m.evaluate(&Levers::default());
        let each = 50.0 * (equity.new_customer_value - 20.0);
        for c in &equity.cohorts {
            assert!((c.value_at_arrival - each).abs() < 1e-9 * each.abs());
            let discount = 1.1f64.powf(-(c.month as f64) / 12.0);
            assert!(
                (c.value_today - each * discount).abs() < 1e-9 * each.abs(),
                "month {}",
                c.month
            );
        }
        let sum: f64 = equity.cohorts.iter().map(|c| c.value_today).sum();
        assert!((equity.future - sum).abs() < 1e-9 * sum.abs());
        assert!((equity.total - equity.current - equity.future).abs() < 1e-9 * equity.total);
    }

    #[test]
    fn every_lever_moves_equity_the_right_way_and_zero_changes_nothing() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let m = model(&customers, settings(), &arrivals);
        let base = m.evaluate(&Levers::default());
        assert!(
            base.new_customer_value > 20.0,
            "new customers are worth their cost here"
        );
        for lever in EquityLever::ALL {
            let up = m.evaluate(&Levers::default().with(lever, 0.1)).total;
            let down = m.evaluate(&Levers::default().with(lever, -0.1)).total;
            let back = m.evaluate(&Levers::default().with(lever, 0.0));
            assert_eq!(back, base, "{lever:?} at zero");
            if lever == EquityLever::AcquisitionCost {
                assert!(up < base.total && down > base.total, "{lever:?}");
            } else {
                assert!(
                    up > base.total && down < base.total,
                    "{lever:?}: {down} {} {up}",
                    base.total
                );
            }
        }
        // Retention reaches today's customers and the value of new ones.
        let kept = m.evaluate(&Levers::default().with(EquityLever::Retention, 0.2));
        assert!(kept.current > base.current && kept.new_customer_value > base.new_customer_value);
    }

    #[test]
    fn the_waterfall_adds_up() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let m = model(&customers, settings(), &arrivals);
        let levers = Levers {
            retention: 0.1,
            frequency: 0.05,
            order_value: -0.02,
            margin: 0.0,
            acquisition_volume: 0.3,
            acquisition_cost: 0.5,
        };
        let (start, steps, end) = waterfall(&m, &levers);
        assert_eq!(start, m.evaluate(&Levers::default()).total);
        assert_eq!(end, m.evaluate(&levers).total);
        let sum: f64 = steps.iter().map(|s| s.change).sum();
        assert!((start + sum - end).abs() < 1e-9 * end);
        assert_eq!(
            steps[3],
            LeverContribution {
                lever: EquityLever::Margin,
                change: 0.0
            }
        );
        assert!(steps[0].change > 0.0 && steps[2].change < 0.0 && steps[5].change < 0.0);
    }

    #[test]
    fn goal_seek_recovers_the_lever_that_made_the_target() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let m = model(&customers, settings(), &arrivals);
        let base = Levers {
            frequency: 0.05,
            ..Levers::default()
        };
        for (lever, value) in [
            (EquityLever::Retention, 0.137),
            (EquityLever::Frequency, 0.21),
            (EquityLever::OrderValue, -0.08),
            (EquityLever::Margin, 0.33),
            (EquityLever::AcquisitionVolume, 0.9),
            (EquityLever::AcquisitionCost, 1.4),
        ] {
            let target = m.evaluate(&base.with(lever, value)).total;
            match goal_seek(&m, &base, lever, target, EquityPart::Total) {
                GoalSeek::Reached {
                    value: found,
                    equity,
                } => {
                    assert!(
                        (found - value).abs() < 1e-5,
                        "{lever:?}: {found} vs {value}"
                    );
                    assert!((equity - target).abs() < 1e-6 * target);
                }
                other => panic!("{lever:?}: {other:?}"),
            }
        }
        // Far beyond what the margin can do.
        let out = goal_seek(&m, &base, EquityLever::Margin, 1e12, EquityPart::Total);
        assert!(matches!(out, GoalSeek::NotReachable { highest, .. } if highest < 1e12));
        // Today's customers: retention reaches 10% more of their value;
        // acquisition does not move it.
        let now = m.evaluate(&base).current;
        match goal_seek(
            &m,
            &base,
            EquityLever::Retention,
            now * 1.1,
            EquityPart::Current,
        ) {
            GoalSeek::Reached { value, equity } => {
                assert!(value > 0.0 && (equity - now * 1.1).abs() < 1e-6 * now);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            goal_seek(
                &m,
                &base,
                EquityLever::AcquisitionVolume,
                now * 1.1,
                EquityPart::Current
            ),
            GoalSeek::NotReachable { .. }
        ));
    }

    #[test]
    fn changed_levers_are_the_moved_ones_in_lever_order() {
        let levers = Levers::default()
            .with(EquityLever::AcquisitionCost, -0.2)
            .with(EquityLever::Retention, 0.1);
        let changed: Vec<(EquityLever, f64)> = levers.changed().collect();
        assert_eq!(
            changed,
            [
                (EquityLever::Retention, 0.1),
                (EquityLever::AcquisitionCost, -0.2)
            ]
        );
        assert_eq!(Levers::default().changed().count(), 0);
    }

    #[test]
    fn levers_stay_within_their_bounds() {
        let mut l = Levers::default();
        l.set(EquityLever::Retention, 3.0);
        assert_eq!(l.retention, 0.5);
        l.set(EquityLever::AcquisitionVolume, f64::NAN);
        assert_eq!(l.acquisition_volume, 0.0);
        assert_eq!(
            Levers::default().with(EquityLever::Margin, -2.0).margin,
            -0.5
        );
    }

    #[test]
    fn retention_between_grid_points_is_interpolated_within_one_in_ten_thousand() {
        let customers = demo_customers();
        let arrivals = forecast(100.0, 12);
        let m = model(&customers, settings(), &arrivals);
        for r in [0.137, -0.23, 0.01, 0.49, -0.499] {
            let interpolated = m.retention_part_at(r);
            let exact = m.retention_part(r);
            let rel = |a: f64, b: f64| (a - b).abs() / b.abs().max(1e-12);
            assert!(
                rel(
                    *interpolated.by_month.last().unwrap(),
                    *exact.by_month.last().unwrap()
                ) < 1e-4,
                "{r}"
            );
            assert!(rel(interpolated.new_repeat, exact.new_repeat) < 1e-4, "{r}");
        }
        // On the grid it is the exact value.
        assert_eq!(
            m.retention_part_at(0.15).by_month,
            m.retention_part(0.15).by_month
        );
    }
}
