//! Key performance indicators of customer value, computable as of any date.
//!
//! Every KPI is measured "as of" a date `d` from the transaction history up to
//! and including `d` (later transactions are ignored), for the customers in a
//! [`Scope`]. Those that need a model (customer equity, CLV, P(alive), value
//! share, and scopes by CLV tier or risk band) take a [`ValueModel`] that was
//! fitted beforehand: the same parameters value the customers at every date,
//! each with their history as of that date. A series of KPI values over many
//! dates is one sweep through the log ([`KpiEngine::series`]), not one summary
//! per date.
//!
//! Definitions (days are calendar days; "trailing year" is `(d − 365, d]`):
//!
//! | KPI | value as of `d` |
//! |---|---|
//! | customer equity | sum of the customers' CLV (model, current customers only) |
//! | average CLV | customer equity / customers |
//! | active customers (model) | customers with P(alive) ≥ the cut-off (default 0.5) |
//! | active customers (recency) | customers with an order in the last `active_days` (default 180) |
//! | repeat-purchase rate | share of customers with at least one repeat purchase |
//! | churn rate | of the customers with an order in `(d − 2w, d − w]`, the share without one in `(d − w, d]` (w = 90 days by default) |
//! | purchase frequency | orders in the trailing year per customer with an order in it |
//! | average order value | net revenue / orders, trailing year |
//! | revenue per customer | net revenue in the trailing year per customer with an order in it |
//! | revenue | net revenue in the trailing year |
//! | new customers | customers whose first order is in the month up to `d` (at a month end: that calendar month) |
//! | new customers per quarter | the same over the three months up to `d` |
//! | customers | customers with an order on or before `d` |
//! | value share | the scope's share of the customer equity of all customers |
//! | survey | the latest value entered on or before `d` |

use super::super::data::summary::{CustomerSummary, PurchaseTally, TimeUnit};
use super::super::data::transactions::TransactionLog;
use super::super::estimation::uncertainty::Interval;
use super::super::models::gamma_gamma::GammaGamma;
use super::super::models::PurchaseModel;
use super::super::segments::{
    clv_tiers, members, rfm_scores, risk_band, ClvTier, CustomSegment, RfmSegment, RiskBand,
    RiskCuts, SegmentContext, SegmentError, TierCuts,
};
use super::super::valuation::value::{
    spend_per_purchase, ClvSettings, CustomerScore, DAYS_PER_MONTH,
};
use crate::clv::fast_map::FastMap;
use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What a KPI is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KpiUnit {
    /// The shop's currency.
    Money,
    /// A number of customers.
    Customers,
    /// A share between 0 and 1, shown as a percentage.
    Share,
    /// A plain number (e.g. orders per customer, a survey score).
    Number,
}

/// Whether a higher or a lower value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl Direction {
    /// `+1` for higher-is-better, `−1` for lower-is-better.
    pub fn sign(self) -> f64 {
        match self {
            Direction::HigherIsBetter => 1.0,
            Direction::LowerIsBetter => -1.0,
        }
    }
}

/// A key performance indicator (see the module documentation for the definitions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kpi {
    CustomerEquity,
    AverageClv,
    ActiveCustomers,
    RecentlyActiveCustomers,
    RepeatPurchaseRate,
    ChurnRate,
    PurchaseFrequency,
    AverageOrderValue,
    RevenuePerCustomer,
    /// Net revenue (orders less refunds) in the trailing year.
    Revenue,
    NewCustomers,
    /// New customers in the three months up to the date.
    NewCustomersPerQuarter,
    Customers,
    ValueShare,
    /// Values entered by hand, by the survey's name (see [`Survey`]).
    Survey(String),
}

impl Kpi {
    /// The KPIs computed from the data (all but surveys).
    pub const MEASURED: [Kpi; 14] = [
        Kpi::CustomerEquity,
        Kpi::AverageClv,
        Kpi::ActiveCustomers,
        Kpi::RecentlyActiveCustomers,
        Kpi::RepeatPurchaseRate,
        Kpi::ChurnRate,
        Kpi::PurchaseFrequency,
        Kpi::AverageOrderValue,
        Kpi::RevenuePerCustomer,
        Kpi::Revenue,
        Kpi::NewCustomers,
        Kpi::NewCustomersPerQuarter,
        Kpi::Customers,
        Kpi::ValueShare,
    ];

    /// A stable key (for storage, CSV and test ids); surveys are `survey:NAME`.
    pub fn key(&self) -> String {
        match self {
            Kpi::CustomerEquity => "customer-equity".into(),
            Kpi::AverageClv => "average-clv".into(),
            Kpi::ActiveCustomers => "active-customers".into(),
            Kpi::RecentlyActiveCustomers => "recently-active-customers".into(),
            Kpi::RepeatPurchaseRate => "repeat-purchase-rate".into(),
            Kpi::ChurnRate => "churn-rate".into(),
            Kpi::PurchaseFrequency => "purchase-frequency".into(),
            Kpi::AverageOrderValue => "average-order-value".into(),
            Kpi::RevenuePerCustomer => "revenue-per-customer".into(),
            Kpi::Revenue => "revenue".into(),
            Kpi::NewCustomers => "new-customers".into(),
            Kpi::NewCustomersPerQuarter => "new-customers-per-quarter".into(),
            Kpi::Customers => "customers".into(),
            Kpi::ValueShare => "value-share".into(),
            Kpi::Survey(name) => format!("survey:{name}"),
        }
    }

    /// The KPI with this [`Kpi::key`].
    pub fn from_key(key: &str) -> Option<Kpi> {
        if let Some(name) = key.strip_prefix("survey:") {
            return Some(Kpi::Survey(name.to_owned()));
        }
        Kpi::MEASURED.into_iter().find(|k| k.key() == key)
    }

    /// Whether the KPI needs a fitted model.
    pub fn needs_model(&self) -> bool {
        matches!(
            self,
            Kpi::CustomerEquity | Kpi::AverageClv | Kpi::ActiveCustomers | Kpi::ValueShare
        )
    }

    /// Whether the KPI is an amount of money (its change is value gained).
    pub fn is_money(&self) -> bool {
        self.unit(&[]) == KpiUnit::Money
    }

    /// The unit; a survey's is its own (`Number` if the survey is unknown).
    pub fn unit(&self, surveys: &[Survey]) -> KpiUnit {
        match self {
            Kpi::CustomerEquity
            | Kpi::AverageClv
            | Kpi::AverageOrderValue
            | Kpi::RevenuePerCustomer
            | Kpi::Revenue => KpiUnit::Money,
            Kpi::ActiveCustomers
            | Kpi::RecentlyActiveCustomers
            | Kpi::NewCustomers
            | Kpi::NewCustomersPerQuarter
            | Kpi::Customers => KpiUnit::Customers,
            Kpi::RepeatPurchaseRate | Kpi::ChurnRate | Kpi::ValueShare => KpiUnit::Share,
            Kpi::PurchaseFrequency => KpiUnit::Number,
            Kpi::Survey(name) => find_survey(surveys, name).map_or(KpiUnit::Number, |s| s.unit),
        }
    }

    /// Which way is better; a survey's is its own.
    pub fn direction(&self, surveys: &[Survey]) -> Direction {
        match self {
            Kpi::ChurnRate => Direction::LowerIsBetter,
            Kpi::Survey(name) => {
                find_survey(surveys, name).map_or(Direction::HigherIsBetter, |s| s.direction)
            }
            _ => Direction::HigherIsBetter,
        }
    }
}

fn find_survey<'a>(surveys: &'a [Survey], name: &str) -> Option<&'a Survey> {
    surveys.iter().find(|s| s.name == name)
}

/// A KPI measured outside the data (satisfaction, NPS, ...): values entered by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    /// Unique among the workspace's surveys.
    pub name: String,
    pub unit: KpiUnit,
    pub direction: Direction,
    /// Measurements, in any order; on one date the last entered counts.
    pub values: Vec<SurveyValue>,
}

/// One measurement of a survey KPI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SurveyValue {
    pub date: NaiveDate,
    pub value: f64,
}

impl Survey {
    /// The latest value measured on or before `date`.
    pub fn value_as_of(&self, date: NaiveDate) -> Option<f64> {
        // The last entered wins among equal dates: `max_by_key` keeps the last maximum.
        self.values
            .iter()
            .filter(|v| v.date <= date && v.value.is_finite())
            .max_by_key(|v| v.date)
            .map(|v| v.value)
    }
}

/// A segment a goal can be scoped to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum SegmentRef {
    Rfm(RfmSegment),
    Tier(ClvTier),
    Risk(RiskBand),
    /// A custom segment, by name.
    Custom(String),
}

/// The customers a KPI is measured on. Segment membership is evaluated as of
/// each date (a customer can enter and leave a segment over time).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind", content = "value")]
pub enum Scope {
    All,
    Segment(SegmentRef),
    /// Customers whose first order is on or after the date.
    NewSince(NaiveDate),
    /// Customers whose first order is before the date.
    ExistingBefore(NaiveDate),
}

impl Scope {
    fn needs_model(&self, segments: &[CustomSegment]) -> bool {
        match self {
            Scope::Segment(SegmentRef::Tier(_) | SegmentRef::Risk(_)) => true,
            Scope::Segment(SegmentRef::Custom(name)) => custom_needs_model(name, segments, 0),
            _ => false,
        }
    }
}

/// Whether a custom segment (or one it refers to) uses a model measure.
fn custom_needs_model(name: &str, segments: &[CustomSegment], depth: usize) -> bool {
    use super::super::segments::Condition;
    let Some(segment) = segments.iter().find(|s| s.name == name) else {
        return false;
    };
    depth < segments.len()
        && segment.conditions.iter().any(|c| match c {
            Condition::Compare { measure, .. } => measure.needs_scores(),
            Condition::InSegment(name) | Condition::NotInSegment(name) => {
                custom_needs_model(name, segments, depth + 1)
            }
            Condition::InRfmSegment(_) => false,
        })
}

/// Windows and cut-offs of the KPI definitions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct KpiSettings {
    /// A customer with P(alive) at or above this is active (model).
    pub active_p_alive: f64,
    /// A customer with an order in this many days up to the date is active (recency).
    pub active_days: u32,
    /// The churn window `w` in days.
    pub churn_window_days: u32,
}

impl Default for KpiSettings {
    fn default() -> Self {
        KpiSettings {
            active_p_alive: 0.5,
            active_days: 180,
            churn_window_days: 90,
        }
    }
}

/// Days in the trailing window of frequency, order value and revenue per customer.
pub const TRAILING_DAYS: u64 = 365;

/// A fitted purchase model with the spend per purchase and the CLV settings:
/// what values a customer. Spend per purchase is the Gamma-Gamma expectation
/// when `spend` is given, else the customer's own average order value (as on
/// the Models page).
pub struct ValueModel<'a> {
    pub purchase: &'a dyn PurchaseModel,
    /// The purchase model under parameter sets drawn from its estimate, for
    /// the interval of a projection (may be empty).
    pub purchase_draws: &'a [Box<dyn PurchaseModel>],
    pub spend: Option<GammaGamma>,
    /// Its unit must be the one the purchase model was fitted in.
    pub clv: ClvSettings,
}

/// The model's own projection of a value KPI to a future date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    pub value: f64,
    /// 95% interval from the parameter draws (equal to `value` without draws).
    pub low: f64,
    pub high: f64,
    /// Expected customers in scope at the date: today's plus expected arrivals.
    pub customers: f64,
}

/// Months of acquisition history the arrival rate of a projection is taken from.
pub const ARRIVAL_MONTHS: u32 = 3;

/// Why a KPI cannot be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum KpiError {
    #[error("this KPI or scope needs a fitted model")]
    NeedsModel,
    #[error("there is no survey named “{0}”")]
    UnknownSurvey(String),
    #[error("there is no segment named “{0}”")]
    UnknownSegment(String),
    #[error(transparent)]
    Segment(#[from] SegmentError),
}

/// What a KPI is measured on.
pub struct KpiContext<'a> {
    pub log: &'a TransactionLog,
    /// The unit of the models' times (and of recency and age).
    pub unit: TimeUnit,
    pub settings: KpiSettings,
    pub model: Option<ValueModel<'a>>,
    pub segments: &'a [CustomSegment],
    pub tier_cuts: TierCuts,
    pub risk_cuts: RiskCuts,
    pub surveys: &'a [Survey],
}

impl<'a> KpiContext<'a> {
    /// KPIs on `log` with times in `unit`: default settings, no model, no
    /// custom segments or surveys, the standard tier and risk cuts.
    pub fn new(log: &'a TransactionLog, unit: TimeUnit) -> Self {
        Self {
            log,
            unit,
            settings: KpiSettings::default(),
            model: None,
            segments: &[],
            tier_cuts: TierCuts::default(),
            risk_cuts: RiskCuts::default(),
            surveys: &[],
        }
    }

    /// With these thresholds (active, churn window).
    pub fn with_settings(self, settings: KpiSettings) -> Self {
        Self { settings, ..self }
    }

    /// With the fitted models for the value KPIs (`None`: they report
    /// [`KpiError::NeedsModel`]).
    pub fn with_model(self, model: impl Into<Option<ValueModel<'a>>>) -> Self {
        Self {
            model: model.into(),
            ..self
        }
    }

    /// With the user's custom segments (for custom-segment scopes).
    pub fn with_segments(self, segments: &'a [CustomSegment]) -> Self {
        Self { segments, ..self }
    }

    /// With the survey KPIs and their entered values.
    pub fn with_surveys(self, surveys: &'a [Survey]) -> Self {
        Self { surveys, ..self }
    }
}

/// Checks that `kpi` on `scope` can be computed in `ctx`, before any data is looked at.
pub fn check(ctx: &KpiContext, kpi: &Kpi, scope: &Scope) -> Result<(), KpiError> {
    if let Kpi::Survey(name) = kpi {
        if find_survey(ctx.surveys, name).is_none() {
            return Err(KpiError::UnknownSurvey(name.clone()));
        }
        // A survey is entered for everyone: the scope does not apply.
        return Ok(());
    }
    if let Scope::Segment(SegmentRef::Custom(name)) = scope {
        if !ctx.segments.iter().any(|s| &s.name == name) {
            return Err(KpiError::UnknownSegment(name.clone()));
        }
    }
    if ctx.model.is_none() && (kpi.needs_model() || scope.needs_model(ctx.segments)) {
        return Err(KpiError::NeedsModel);
    }
    Ok(())
}

/// The customers as of one date.
struct Snapshot {
    date: NaiveDate,
    /// Summaries (ids left empty: nothing here displays them), ascending by log index.
    customers: Vec<CustomerSummary>,
    /// Log index of each customer in `customers`.
    index: Vec<u32>,
}

/// Computes KPI series for one context, reusing the model's horizon sums across dates.
pub struct KpiEngine<'a> {
    ctx: &'a KpiContext<'a>,
    /// `(x, T in days)` → (discounted, undiscounted) expected purchases over
    /// the horizon of a customer alive at T.
    if_alive: FastMap<(u32, i64), (f64, f64)>,
    /// `(x, t_x in days, T in days)` → P(alive).
    p_alive: FastMap<(u32, i64, i64), f64>,
}

/// Everything computed about the customers at one date, shared by the KPIs.
struct Measured {
    snapshot: Snapshot,
    scores: Option<Vec<CustomerScore>>,
    rfm: Option<Vec<super::super::segments::RfmScore>>,
}

impl<'a> KpiEngine<'a> {
    pub fn new(ctx: &'a KpiContext<'a>) -> Self {
        KpiEngine {
            ctx,
            if_alive: FastMap::default(),
            p_alive: FastMap::default(),
        }
    }

    /// The value of each `(kpi, scope)` as of each date (`None` where it is
    /// undefined: no customers in scope, no survey value yet, a churn base of
    /// nobody). `dates` must be ascending. Requests are checked with [`check`]
    /// first; one failing request fails the call.
    pub fn series(
        &mut self,
        requests: &[(Kpi, Scope)],
        dates: &[NaiveDate],
    ) -> Result<Vec<Vec<Option<f64>>>, KpiError> {
        for (kpi, scope) in requests {
            check(self.ctx, kpi, scope)?;
        }
        let needs_scores = requests
            .iter()
            .any(|(k, s)| k.needs_model() || s.needs_model(self.ctx.segments));
        let needs_rfm = requests.iter().any(|(k, s)| {
            !matches!(k, Kpi::Survey(_))
                && matches!(
                    s,
                    Scope::Segment(SegmentRef::Rfm(_) | SegmentRef::Custom(_))
                )
        });
        let needs_customers = requests.iter().any(|(k, _)| !matches!(k, Kpi::Survey(_)));
        let log = self.ctx.log;
        let mut tallies = vec![PurchaseTally::EMPTY; log.customer_ids().len()];
        let mut next = 0;
        let mut out = vec![Vec::with_capacity(dates.len()); requests.len()];
        for (i, &date) in dates.iter().enumerate() {
            assert!(
                i == 0 || dates[i - 1] <= date,
                "KPI dates must be ascending"
            );
            next = advance(log, &mut tallies, next, date);
            if !needs_customers {
                for (o, (kpi, _)) in out.iter_mut().zip(requests) {
                    o.push(self.survey_value(kpi, date));
                }
                continue;
            }
            let snapshot = snapshot(&tallies, date, self.ctx.unit);
            let scores = needs_scores.then(|| self.scores(&snapshot));
            let rfm = needs_rfm.then(|| rfm_scores(&snapshot.customers, date));
            let measured = Measured {
                snapshot,
                scores,
                rfm,
            };
            let mut scoped: HashMap<&Scope, InScope> = HashMap::new();
            for (o, (kpi, scope)) in out.iter_mut().zip(requests) {
                if let Kpi::Survey(_) = kpi {
                    o.push(self.survey_value(kpi, date));
                    continue;
                }
                if !scoped.contains_key(scope) {
                    let mask = self.mask(scope, &measured)?;
                    scoped.insert(
                        scope,
                        InScope {
                            mask,
                            windows: Vec::new(),
                        },
                    );
                }
                let in_scope = scoped.get_mut(scope).expect("inserted above");
                o.push(self.measure(kpi, in_scope, &measured));
            }
        }
        Ok(out)
    }

    /// One KPI as of one date.
    pub fn value(
        &mut self,
        kpi: &Kpi,
        scope: &Scope,
        date: NaiveDate,
    ) -> Result<Option<f64>, KpiError> {
        Ok(self
            .series(&[(kpi.clone(), scope.clone())], &[date])?
            .remove(0)
            .remove(0))
    }

    /// The model's projection of customer equity or average CLV on `scope`
    /// at `at` (after `today`), `None` for other KPIs or without a model.
    ///
    /// Today's customers in the scope are valued at `at` in expectation: by
    /// the tower property, a customer's expected CLV at `at` (the horizon
    /// starting there, discounted to there) is `margin × spend × Σ_k d_k ×
    /// (E[Y(h + kΔ)] − E[Y(h + (k−1)Δ)])` with the expectations taken today
    /// and `h = at − today` (spend per purchase kept at today's estimate).
    /// Customers still to be won arrive at the rate of the last
    /// [`ARRIVAL_MONTHS`] months, spread evenly over `(today, at]` in monthly
    /// steps, each valued as a new customer of its age at `at` (repeat
    /// purchases only, the first having happened), where the scope admits them
    /// by their first purchase date. Only scopes whose membership is fixed by
    /// the first purchase date are projected (all customers, new since,
    /// existing before): a segment at `at` is a different set of customers
    /// than today's members, which the model does not follow (`None`). The
    /// interval repeats the valuation under the parameter draws.
    pub fn project(
        &mut self,
        kpi: &Kpi,
        scope: &Scope,
        today: NaiveDate,
        at: NaiveDate,
    ) -> Result<Option<Projection>, KpiError> {
        if !matches!(kpi, Kpi::CustomerEquity | Kpi::AverageClv)
            || matches!(scope, Scope::Segment(_))
            || at <= today
        {
            return Ok(None);
        }
        check(self.ctx, kpi, scope)?;
        let Some(model) = self.ctx.model.as_ref() else {
            return Ok(None);
        };
        let log = self.ctx.log;
        let mut tallies = vec![PurchaseTally::EMPTY; log.customer_ids().len()];
        advance(log, &mut tallies, 0, today);
        let snapshot = snapshot(&tallies, today, self.ctx.unit);
        let measured = Measured {
            snapshot,
            scores: None,
            rfm: None,
        };
        let mask = self.mask(scope, &measured)?;
        let customers: Vec<&CustomerSummary> = measured
            .snapshot
            .customers
            .iter()
            .zip(&mask)
            .filter(|(_, &m)| m)
            .map(|(c, _)| c)
            .collect();

        // Arrivals: the rate of the last months, in monthly bins over (today, at].
        let since = today
            .checked_sub_months(Months::new(ARRIVAL_MONTHS))
            .unwrap_or(NaiveDate::MIN);
        let recent = measured
            .snapshot
            .customers
            .iter()
            .filter(|c| c.first_purchase > since)
            .count() as f64;
        let per_day = recent / (today - since).num_days().max(1) as f64;
        let admits = |date: NaiveDate| match scope {
            Scope::All => true,
            Scope::NewSince(d) => date >= *d,
            Scope::ExistingBefore(d) => date < *d,
            Scope::Segment(_) => unreachable!("segments are not projected"),
        };
        let unit_days = model.clv.unit.days();
        let total_days = (at - today).num_days() as f64;
        let bins = (total_days / DAYS_PER_MONTH).ceil().max(1.0) as usize;
        let bin_days = total_days / bins as f64;
        // (arrivals, age at `at` in model units) per bin.
        let arrivals: Vec<(f64, f64)> = (0..bins)
            .filter_map(|b| {
                let middle = (b as f64 + 0.5) * bin_days;
                let date = today + Days::new(middle.round() as u64);
                admits(date).then(|| (per_day * bin_days, (total_days - middle) / unit_days))
            })
            .collect();
        let arriving: f64 = arrivals.iter().map(|(n, _)| n).sum();
        let mean_spend = match model.spend.as_ref().and_then(GammaGamma::population_mean) {
            Some(m) => m,
            None => {
                let orders: f64 = customers.iter().map(|c| c.orders as f64).sum();
                customers.iter().map(|c| c.total).sum::<f64>() / orders.max(1.0)
            }
        };
        let h = total_days / unit_days;
        let equity = |purchase: &dyn PurchaseModel| -> f64 {
            let mut shifted: FastMap<(u32, i64), f64> = FastMap::default();
            let mut alive: FastMap<(u32, i64, i64), f64> = FastMap::default();
            let current: f64 = customers
                .iter()
                .map(|c| {
                    let t_days = (today - c.first_purchase).num_days();
                    let tx_days = (c.last_purchase - c.first_purchase).num_days();
                    let x = c.frequency as f64;
                    let t = t_days as f64 / unit_days;
                    let p = *alive
                        .entry((c.frequency, tx_days, t_days))
                        .or_insert_with(|| purchase.p_alive(x, tx_days as f64 / unit_days, t));
                    let sum = *shifted.entry((c.frequency, t_days)).or_insert_with(|| {
                        discounted_from(
                            |u| purchase.expected_purchases_if_alive(x, t, u),
                            h,
                            &model.clv,
                        )
                    });
                    let spend = spend_per_purchase(model.spend.as_ref(), c);
                    model.clv.margin * spend * p * sum
                })
                .sum();
            let won: f64 = arrivals
                .iter()
                .map(|&(n, age)| {
                    n * model.clv.margin
                        * mean_spend
                        * discounted_from(|u| purchase.expected_purchases_new(u), age, &model.clv)
                })
                .sum();
            current + won
        };
        let value = equity(model.purchase);
        let mut draws: Vec<f64> = model
            .purchase_draws
            .iter()
            .map(|m| equity(m.as_ref()))
            .collect();
        let interval = Interval::from_draws(value, &mut draws);
        let count = customers.len() as f64 + arriving;
        let per = |v: f64| {
            if *kpi == Kpi::AverageClv {
                v / count.max(f64::MIN_POSITIVE)
            } else {
                v
            }
        };
        if *kpi == Kpi::AverageClv && count <= 0.0 {
            return Ok(None);
        }
        Ok(Some(Projection {
            value: per(value),
            low: per(interval.low),
            high: per(interval.high),
            customers: count,
        }))
    }

    fn survey_value(&self, kpi: &Kpi, date: NaiveDate) -> Option<f64> {
        match kpi {
            Kpi::Survey(name) => find_survey(self.ctx.surveys, name)?.value_as_of(date),
            _ => None,
        }
    }

    /// Model scores of the snapshot's customers (point estimates).
    fn scores(&mut self, snapshot: &Snapshot) -> Vec<CustomerScore> {
        let model = self.ctx.model.as_ref().expect("checked: a model is given");
        let unit_days = model.clv.unit.days();
        let horizon = model.clv.horizon();
        snapshot
            .customers
            .iter()
            .map(|c| {
                let t_days = (snapshot.date - c.first_purchase).num_days();
                let tx_days = (c.last_purchase - c.first_purchase).num_days();
                let x = c.frequency as f64;
                let t = t_days as f64 / unit_days;
                let t_x = tx_days as f64 / unit_days;
                let p_alive = *self
                    .p_alive
                    .entry((c.frequency, tx_days, t_days))
                    .or_insert_with(|| model.purchase.p_alive(x, t_x, t));
                let (discounted, expected) = *self
                    .if_alive
                    .entry((c.frequency, t_days))
                    .or_insert_with(|| if_alive_sums(model.purchase, x, t, horizon, &model.clv));
                let spend = spend_per_purchase(model.spend.as_ref(), c);
                let clv = model.clv.margin * spend * p_alive * discounted;
                CustomerScore {
                    p_alive,
                    expected_purchases: p_alive * expected,
                    spend_per_purchase: spend,
                    expected_spend: p_alive * expected * spend,
                    clv: Interval {
                        estimate: clv,
                        low: clv,
                        high: clv,
                    },
                }
            })
            .collect()
    }

    /// Which of the snapshot's customers are in `scope`.
    fn mask(&self, scope: &Scope, m: &Measured) -> Result<Vec<bool>, KpiError> {
        let customers = &m.snapshot.customers;
        Ok(match scope {
            Scope::All => vec![true; customers.len()],
            Scope::NewSince(d) => customers.iter().map(|c| c.first_purchase >= *d).collect(),
            Scope::ExistingBefore(d) => customers.iter().map(|c| c.first_purchase < *d).collect(),
            Scope::Segment(SegmentRef::Rfm(seg)) => m
                .rfm
                .as_ref()
                .expect("RFM scores computed for RFM scopes")
                .iter()
                .map(|s| s.segment() == *seg)
                .collect(),
            Scope::Segment(SegmentRef::Tier(tier)) => {
                let scores = m.scores.as_ref().expect("scores computed for tier scopes");
                let clv: Vec<f64> = scores.iter().map(|s| s.clv.estimate).collect();
                clv_tiers(&clv, &self.ctx.tier_cuts)
                    .into_iter()
                    .map(|t| t == *tier)
                    .collect()
            }
            Scope::Segment(SegmentRef::Risk(band)) => m
                .scores
                .as_ref()
                .expect("scores computed for risk scopes")
                .iter()
                .map(|s| risk_band(s.p_alive, &self.ctx.risk_cuts) == *band)
                .collect(),
            Scope::Segment(SegmentRef::Custom(name)) => {
                let segment = self
                    .ctx
                    .segments
                    .iter()
                    .find(|s| &s.name == name)
                    .ok_or_else(|| KpiError::UnknownSegment(name.clone()))?;
                let ctx = SegmentContext {
                    customers,
                    rfm: m
                        .rfm
                        .as_ref()
                        .expect("RFM scores computed for custom scopes"),
                    scores: m.scores.as_deref(),
                    end: m.snapshot.date,
                };
                let mut mask = vec![false; customers.len()];
                for i in members(segment, self.ctx.segments, &ctx)? {
                    mask[i] = true;
                }
                mask
            }
        })
    }

    /// A data KPI over the customers in `mask`.
    fn measure(&self, kpi: &Kpi, scoped: &mut InScope, m: &Measured) -> Option<f64> {
        let mask = &scoped.mask;
        let date = m.snapshot.date;
        let customers = &m.snapshot.customers;
        let in_scope = || {
            customers
                .iter()
                .zip(mask)
                .filter(|(_, &b)| b)
                .map(|(c, _)| c)
        };
        let scored = || {
            let scores = m.scores.as_ref().expect("scores computed for model KPIs");
            scores.iter().zip(mask).filter(|(_, &b)| b).map(|(s, _)| s)
        };
        let count = mask.iter().filter(|&&b| b).count();
        let ratio = |num: f64, den: f64| (den > 0.0).then(|| num / den);
        match kpi {
            Kpi::CustomerEquity => Some(scored().map(|s| s.clv.estimate).sum()),
            Kpi::AverageClv => ratio(scored().map(|s| s.clv.estimate).sum(), count as f64),
            Kpi::ActiveCustomers => {
                let cut = self.ctx.settings.active_p_alive;
                Some(scored().filter(|s| s.p_alive >= cut).count() as f64)
            }
            Kpi::RecentlyActiveCustomers => {
                let since = days_before(date, self.ctx.settings.active_days as u64);
                Some(in_scope().filter(|c| c.last_purchase > since).count() as f64)
            }
            Kpi::RepeatPurchaseRate => ratio(
                in_scope().filter(|c| c.frequency > 0).count() as f64,
                count as f64,
            ),
            Kpi::ChurnRate => {
                let w = self.ctx.settings.churn_window_days as u64;
                let middle = days_before(date, w);
                let start = days_before(middle, w);
                let before = self.window(m, scoped, start, middle);
                let after = self.window(m, scoped, middle, date);
                let base = before.iter().filter(|a| a.orders > 0).count();
                let churned = before
                    .iter()
                    .zip(&after)
                    .filter(|(b, a)| b.orders > 0 && a.orders == 0)
                    .count();
                ratio(churned as f64, base as f64)
            }
            Kpi::PurchaseFrequency
            | Kpi::AverageOrderValue
            | Kpi::RevenuePerCustomer
            | Kpi::Revenue => {
                let year = self.window(m, scoped, days_before(date, TRAILING_DAYS), date);
                let orders: u32 = year.iter().map(|a| a.orders).sum();
                let buyers = year.iter().filter(|a| a.orders > 0).count() as f64;
                let revenue: f64 = year.iter().map(|a| a.net).sum();
                match kpi {
                    Kpi::PurchaseFrequency => ratio(orders as f64, buyers),
                    Kpi::AverageOrderValue => ratio(revenue, orders as f64),
                    Kpi::Revenue => Some(revenue),
                    _ => ratio(revenue, buyers),
                }
            }
            Kpi::NewCustomers | Kpi::NewCustomersPerQuarter => {
                let months = if *kpi == Kpi::NewCustomers { 1 } else { 3 };
                let since = months_window_start(date, months);
                Some(in_scope().filter(|c| c.first_purchase >= since).count() as f64)
            }
            Kpi::Customers => Some(count as f64),
            Kpi::ValueShare => {
                let scores = m.scores.as_ref().expect("scores computed for model KPIs");
                let all: f64 = scores.iter().map(|s| s.clv.estimate).sum();
                ratio(scored().map(|s| s.clv.estimate).sum(), all)
            }
            Kpi::Survey(_) => unreachable!("surveys are answered before"),
        }
    }

    /// Orders and net revenue in `(from, to]` of each customer in the
    /// snapshot (zero outside the mask), aligned with the snapshot.
    fn window(
        &self,
        m: &Measured,
        scoped: &mut InScope,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<WindowActivity> {
        if let Some((_, w)) = scoped.windows.iter().find(|(span, _)| *span == (from, to)) {
            return w.clone();
        }
        let w = self.compute_window(m, &scoped.mask, from, to);
        scoped.windows.push(((from, to), w.clone()));
        w
    }

    fn compute_window(
        &self,
        m: &Measured,
        mask: &[bool],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<WindowActivity> {
        let log = self.ctx.log;
        let mut position = vec![u32::MAX; log.customer_ids().len()];
        for (k, &i) in m.snapshot.index.iter().enumerate() {
            if mask[k] {
                position[i as usize] = k as u32;
            }
        }
        let mut out = vec![WindowActivity::default(); m.snapshot.customers.len()];
        let transactions = log.transactions();
        let begin = transactions.partition_point(|t| t.date <= from);
        for t in transactions[begin..].iter().take_while(|t| t.date <= to) {
            let k = position[t.customer as usize];
            if k == u32::MAX {
                continue;
            }
            let a = &mut out[k as usize];
            if !t.is_refund() {
                a.orders += 1;
            }
            a.net += t.amount;
        }
        out
    }
}

/// A scope's customers at one date, with the windows computed for them so far.
struct InScope {
    mask: Vec<bool>,
    windows: Vec<((NaiveDate, NaiveDate), Vec<WindowActivity>)>,
}

#[derive(Debug, Clone, Copy, Default)]
struct WindowActivity {
    orders: u32,
    net: f64,
}

/// Discounted and undiscounted expected purchases over the horizon of a
/// customer alive at `t` with `x` repeat purchases, stepping as
/// [`super::super::valuation::value::discounted_purchases`] does.
fn if_alive_sums(
    model: &dyn PurchaseModel,
    x: f64,
    t: f64,
    horizon: f64,
    s: &ClvSettings,
) -> (f64, f64) {
    (
        discounted_from(|u| model.expected_purchases_if_alive(x, t, u), 0.0, s),
        model.expected_purchases_if_alive(x, t, horizon),
    )
}

/// `Σ_k d(kΔ) (E(from + kΔ) − E(from + (k−1)Δ))` over the horizon: the
/// discounted expected purchases of the horizon starting `from` (model units)
/// after the time `E` is measured from, discounted to its start.
fn discounted_from(expected: impl Fn(f64) -> f64, from: f64, s: &ClvSettings) -> f64 {
    let horizon = s.horizon();
    let steps = (horizon / s.step - 1e-9).ceil().max(0.0) as usize;
    let mut previous = if from > 0.0 { expected(from) } else { 0.0 };
    let mut total = 0.0;
    for k in 1..=steps {
        let end = (k as f64 * s.step).min(horizon);
        let cumulative = expected(from + end);
        total += (cumulative - previous).max(0.0) * s.discount(end);
        previous = cumulative;
    }
    total
}

/// Moves the tallies forward over the transactions up to `date`.
fn advance(
    log: &TransactionLog,
    tallies: &mut [PurchaseTally],
    mut next: usize,
    date: NaiveDate,
) -> usize {
    let transactions = log.transactions();
    while next < transactions.len() && transactions[next].date <= date {
        let t = &transactions[next];
        tallies[t.customer as usize].add(t);
        next += 1;
    }
    next
}

/// The customers with an order by `date`, summarised as `summarize` does.
fn snapshot(tallies: &[PurchaseTally], date: NaiveDate, unit: TimeUnit) -> Snapshot {
    let mut customers = Vec::with_capacity(tallies.len());
    let mut index = Vec::with_capacity(tallies.len());
    for (i, tally) in tallies.iter().enumerate() {
        // Ids stay empty (no allocation): nothing here displays them.
        if let Some(summary) = tally.summary("", date, unit) {
            customers.push(summary);
            index.push(i as u32);
        }
    }
    Snapshot {
        date,
        customers,
        index,
    }
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days))
        .unwrap_or(NaiveDate::MIN)
}

/// First day of the `months` months up to `date`: whole calendar months at
/// a month end (March 31, 3 months: from January 1), else from the day after
/// the same day `months` months before.
pub fn months_window_start(date: NaiveDate, months: u32) -> NaiveDate {
    let is_month_end = date
        .succ_opt()
        .is_none_or(|next| next.month() != date.month());
    if is_month_end {
        date.with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(months - 1)))
            .unwrap_or(NaiveDate::MIN)
    } else {
        date.checked_sub_months(Months::new(months))
            .and_then(|d| d.succ_opt())
            .unwrap_or(NaiveDate::MIN)
    }
}

/// Month ends from the month of `from` to the month of `to`, with `to` itself
/// last if it is not a month end: the dates a monthly KPI series is measured at.
pub fn month_ends(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let Some(mut month) = from.with_day(1) else {
        return out;
    };
    while month <= to {
        let next = month.checked_add_months(Months::new(1)).expect("in range");
        let end = next.pred_opt().expect("in range");
        if end >= from {
            out.push(end.min(to));
        }
        month = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::demo::demo_log;
    use crate::clv::data::summary::summarize;
    use crate::clv::data::transactions::TransactionLogBuilder;
    use crate::clv::goals::test_support::d;
    use crate::clv::models::bg_nbd::BgNbd;
    use crate::clv::models::mbg_nbd::MbgNbd;
    use crate::clv::models::pareto_nbd::ParetoNbd;
    use crate::clv::segments::rfm_scores;
    use crate::clv::valuation::value::{score_customers, ScoreInput};

    /// A: 2026-01-05 100, 2026-02-10 50 + 30 (one day), 2026-04-01 70.
    /// B: 2026-01-20 200, refund 2026-01-25 −50, 2026-03-20 25.
    /// C: 2026-03-15 40. D: 2026-04-10 60.
    fn history(with_april: bool) -> TransactionLog {
        let mut b = TransactionLogBuilder::new();
        for (id, date, amount) in [
            ("A", "2026-01-05", 100.0),
            ("A", "2026-02-10", 50.0),
            ("A", "2026-02-10", 30.0),
            ("B", "2026-01-20", 200.0),
            ("B", "2026-01-25", -50.0),
            ("B", "2026-03-20", 25.0),
            ("C", "2026-03-15", 40.0),
            ("A", "2026-04-01", 70.0),
            ("D", "2026-04-10", 60.0),
        ] {
            if with_april || date < "2026-04" {
                b.push(id, d(date), amount);
            }
        }
        b.finish()
    }

    fn context(log: &TransactionLog) -> KpiContext<'_> {
        KpiContext::new(log, TimeUnit::Day).with_settings(KpiSettings {
            active_p_alive: 0.5,
            active_days: 30,
            churn_window_days: 45,
        })
    }

    fn values(log: &TransactionLog, scope: Scope, date: &str) -> Vec<Option<f64>> {
        let ctx = context(log);
        let mut engine = KpiEngine::new(&ctx);
        let requests: Vec<(Kpi, Scope)> = Kpi::MEASURED
            .into_iter()
            .filter(|k| !k.needs_model())
            .map(|k| (k, scope.clone()))
            .collect();
        engine
            .series(&requests, &[d(date)])
            .unwrap()
            .into_iter()
            .map(|s| s[0])
            .collect()
    }

    #[test]
    fn data_kpis_by_hand() {
        // Order: recently active, repeat rate, churn, frequency, AOV, revenue
        // per customer, revenue, new customers (month, quarter), customers.
        let got = values(&history(true), Scope::All, "2026-03-31");
        let expected = [
            Some(2.0),         // B (Mar 20) and C (Mar 15) bought after Mar 1
            Some(2.0 / 3.0),   // A and B bought again
            Some(0.5),         // base {A, B} in (Dec 31, Feb 14]; A did not buy in (Feb 14, Mar 31]
            Some(6.0 / 3.0),   // 6 orders by 3 buyers
            Some(395.0 / 6.0), // 100 + 80 + 200 − 50 + 25 + 40 over 6 orders
            Some(395.0 / 3.0),
            Some(395.0),
            Some(1.0), // C is new in March
            Some(3.0), // all three are new in the quarter
            Some(3.0),
        ];
        assert_eq!(got.len(), expected.len());
        for (i, (g, e)) in got.iter().zip(expected).enumerate() {
            let (g, e) = (g.unwrap(), e.unwrap());
            assert!((g - e).abs() < 1e-12, "KPI {i}: {g} vs {e}");
        }
    }

    #[test]
    fn later_transactions_change_nothing() {
        for date in ["2026-01-31", "2026-02-14", "2026-03-31"] {
            assert_eq!(
                values(&history(true), Scope::All, date),
                values(&history(false), Scope::All, date),
                "{date}"
            );
        }
        // ... and they do count once the date is past them.
        assert_ne!(
            values(&history(true), Scope::All, "2026-04-30"),
            values(&history(false), Scope::All, "2026-04-30")
        );
    }

    #[test]
    fn scopes_by_first_purchase() {
        let log = history(true);
        let new = values(&log, Scope::NewSince(d("2026-02-01")), "2026-03-31");
        // Only C: one customer, 40 of revenue, new in March, no repeat purchase.
        assert_eq!(new[9], Some(1.0));
        assert_eq!(new[6], Some(40.0));
        assert_eq!(new[7], Some(1.0));
        assert_eq!(new[1], Some(0.0));
        // Nobody in the churn base: undefined, not zero.
        assert_eq!(new[2], None);
        let existing = values(&log, Scope::ExistingBefore(d("2026-02-01")), "2026-03-31");
        assert_eq!(existing[9], Some(2.0));
        assert_eq!(existing[6], Some(355.0));
        assert_eq!(existing[1], Some(1.0));
        // Before anyone bought: no customers, averages undefined.
        let empty = values(&log, Scope::All, "2025-12-31");
        assert_eq!(empty[9], Some(0.0));
        assert_eq!(empty[4], None);
    }

    #[test]
    fn month_windows_and_month_ends() {
        assert_eq!(months_window_start(d("2026-03-31"), 1), d("2026-03-01"));
        assert_eq!(months_window_start(d("2026-02-28"), 1), d("2026-02-01"));
        assert_eq!(months_window_start(d("2026-03-15"), 1), d("2026-02-16"));
        assert_eq!(months_window_start(d("2026-03-31"), 3), d("2026-01-01"));
        assert_eq!(months_window_start(d("2026-03-15"), 3), d("2025-12-16"));
        assert_eq!(
            month_ends(d("2026-01-15"), d("2026-04-10")),
            [
                d("2026-01-31"),
                d("2026-02-28"),
                d("2026-03-31"),
                d("2026-04-10")
            ]
        );
        assert_eq!(
            month_ends(d("2026-01-31"), d("2026-02-28")),
            [d("2026-01-31"), d("2026-02-28")]
        );
    }

    #[test]
    fn conditional_expectation_factors_into_p_alive_times_alive_expectation() {
        let models: [Box<dyn PurchaseModel>; 3] = [
            Box::new(BgNbd {
                r: 0.243,
                alpha: 4.414,
                a: 0.793,
                b: 2.426,
            }),
            Box::new(MbgNbd {
                r: 0.525,
                alpha: 6.183,
                a: 0.891,
                b: 1.614,
            }),
            Box::new(ParetoNbd {
                r: 0.553,
                alpha: 10.578,
                s: 0.606,
                beta: 11.669,
            }),
        ];
        for m in &models {
            for (x, t_x, t) in [
                (0.0, 0.0, 38.86),
                (2.0, 30.43, 38.86),
                (7.0, 29.43, 35.0),
                (1.0, 2.0, 30.0),
            ] {
                for h in [4.0, 39.0, 52.0] {
                    let direct = m.expected_purchases(x, t_x, t, h);
                    let split = m.p_alive(x, t_x, t) * m.expected_purchases_if_alive(x, t, h);
                    assert!(
                        (direct - split).abs() <= 1e-10 * direct.abs().max(1e-3),
                        "{}: x={x} t_x={t_x} T={t} h={h}: {direct} vs {split}",
                        m.name()
                    );
                }
            }
        }
    }

    /// The engine values each customer exactly as the Models page does
    /// (`score_customers` on `summarize`), for every purchase model.
    #[test]
    fn model_kpis_match_the_scores_of_the_models_page() {
        let log = demo_log();
        let date = d("2024-06-30");
        let customers = summarize(&log, date, TimeUnit::Week);
        let models: [Box<dyn PurchaseModel>; 3] = [
            Box::new(BgNbd {
                r: 0.6,
                alpha: 9.0,
                a: 0.7,
                b: 3.1,
            }),
            Box::new(MbgNbd {
                r: 0.6,
                alpha: 9.0,
                a: 0.7,
                b: 3.1,
            }),
            Box::new(ParetoNbd {
                r: 0.6,
                alpha: 9.0,
                s: 0.5,
                beta: 11.0,
            }),
        ];
        let spend = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        for m in &models {
            let clv = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 0.3);
            let inputs = ScoreInput::of_customers(&customers, Some(&spend));
            let scores = score_customers(m.as_ref(), &inputs, &clv);
            let equity: f64 = scores.iter().map(|s| s.clv.estimate).sum();
            let active = scores.iter().filter(|s| s.p_alive >= 0.5).count() as f64;
            let ctx = KpiContext {
                unit: TimeUnit::Week,
                model: Some(ValueModel {
                    purchase: m.as_ref(),
                    purchase_draws: &[],
                    spend: Some(spend),
                    clv,
                }),
                ..context(&log)
            };
            let mut engine = KpiEngine::new(&ctx);
            let got = engine
                .series(
                    &[
                        (Kpi::CustomerEquity, Scope::All),
                        (Kpi::AverageClv, Scope::All),
                        (Kpi::ActiveCustomers, Scope::All),
                        (Kpi::ValueShare, Scope::All),
                    ],
                    &[date],
                )
                .unwrap();
            let rel = |a: f64, b: f64| (a - b).abs() / b.abs();
            assert!(
                rel(got[0][0].unwrap(), equity) < 1e-9,
                "{}: {:?} vs {equity}",
                m.name(),
                got[0]
            );
            assert!(rel(got[1][0].unwrap(), equity / customers.len() as f64) < 1e-9);
            assert_eq!(got[2][0], Some(active));
            assert_eq!(got[3][0], Some(1.0));
        }
    }

    #[test]
    fn a_series_is_the_values_at_each_date() {
        let log = demo_log();
        let ctx = context(&log);
        let dates = month_ends(d("2023-01-01"), d("2024-12-31"));
        let requests: Vec<(Kpi, Scope)> = [
            Kpi::Customers,
            Kpi::RepeatPurchaseRate,
            Kpi::ChurnRate,
            Kpi::Revenue,
        ]
        .into_iter()
        .flat_map(|k| {
            [
                (k.clone(), Scope::All),
                (k, Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions))),
            ]
        })
        .collect();
        let series = KpiEngine::new(&ctx).series(&requests, &dates).unwrap();
        for (i, &date) in dates.iter().enumerate() {
            let customers = summarize(&log, date, TimeUnit::Day);
            let champions: Vec<&CustomerSummary> = customers
                .iter()
                .zip(rfm_scores(&customers, date))
                .filter(|(_, s)| s.segment() == RfmSegment::Champions)
                .map(|(c, _)| c)
                .collect();
            assert_eq!(series[0][i], Some(customers.len() as f64), "{date}");
            assert_eq!(series[1][i], Some(champions.len() as f64), "{date}");
            let repeat = customers.iter().filter(|c| c.frequency > 0).count() as f64;
            assert_eq!(
                series[2][i],
                Some(repeat / customers.len() as f64),
                "{date}"
            );
            for (r, request) in requests.iter().enumerate() {
                let alone = KpiEngine::new(&ctx)
                    .value(&request.0, &request.1, date)
                    .unwrap();
                assert_eq!(series[r][i], alone, "{date} {request:?}");
            }
        }
    }

    #[test]
    fn what_cannot_be_computed_is_said_before_any_work() {
        let log = history(true);
        let ctx = context(&log);
        let mut engine = KpiEngine::new(&ctx);
        let date = d("2026-03-31");
        assert_eq!(
            engine.value(&Kpi::CustomerEquity, &Scope::All, date),
            Err(KpiError::NeedsModel)
        );
        assert_eq!(
            engine.value(
                &Kpi::Customers,
                &Scope::Segment(SegmentRef::Tier(ClvTier::Top1)),
                date
            ),
            Err(KpiError::NeedsModel)
        );
        assert_eq!(
            engine.value(
                &Kpi::Customers,
                &Scope::Segment(SegmentRef::Custom("VIP".into())),
                date
            ),
            Err(KpiError::UnknownSegment("VIP".into()))
        );
        assert_eq!(
            engine.value(&Kpi::Survey("NPS".into()), &Scope::All, date),
            Err(KpiError::UnknownSurvey("NPS".into()))
        );
    }

    #[test]
    fn surveys_take_the_latest_value_entered_by_the_date() {
        let log = history(true);
        let surveys = [Survey {
            name: "NPS".into(),
            unit: KpiUnit::Number,
            direction: Direction::HigherIsBetter,
            values: vec![
                SurveyValue {
                    date: d("2026-02-01"),
                    value: 31.0,
                },
                SurveyValue {
                    date: d("2026-01-01"),
                    value: 25.0,
                },
                SurveyValue {
                    date: d("2026-02-01"),
                    value: 33.0,
                },
            ],
        }];
        let ctx = KpiContext {
            surveys: &surveys,
            ..context(&log)
        };
        let nps = Kpi::Survey("NPS".into());
        let dates = [
            d("2025-12-31"),
            d("2026-01-15"),
            d("2026-02-01"),
            d("2026-03-31"),
        ];
        let got = KpiEngine::new(&ctx)
            .series(&[(nps.clone(), Scope::All)], &dates)
            .unwrap();
        assert_eq!(got[0], [None, Some(25.0), Some(33.0), Some(33.0)]);
        assert_eq!(nps.unit(&surveys), KpiUnit::Number);
        assert_eq!(Kpi::from_key(&nps.key()), Some(nps));
        for k in Kpi::MEASURED {
            assert_eq!(Kpi::from_key(&k.key()), Some(k));
        }
        assert_eq!(Kpi::ChurnRate.direction(&[]), Direction::LowerIsBetter);
    }

    #[test]
    fn the_projection_values_todays_customers_by_the_models_expectations() {
        let log = demo_log();
        let (today, at) = (d("2024-06-30"), d("2024-12-31"));
        let model = BgNbd {
            r: 0.6,
            alpha: 9.0,
            a: 0.7,
            b: 3.1,
        };
        let clv = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 0.5);
        let ctx = KpiContext {
            unit: TimeUnit::Week,
            model: Some(ValueModel {
                purchase: &model,
                purchase_draws: &[],
                spend: None,
                clv: clv.clone(),
            }),
            ..context(&log)
        };
        // Existing before July 1: today's customers, nobody still to come.
        let scope = Scope::ExistingBefore(d("2024-07-01"));
        let p = KpiEngine::new(&ctx)
            .project(&Kpi::CustomerEquity, &scope, today, at)
            .unwrap()
            .unwrap();
        let customers = summarize(&log, today, TimeUnit::Week);
        let h = (at - today).num_days() as f64 / 7.0;
        let direct: f64 = customers
            .iter()
            .map(|c| {
                let e = |u: f64| model.expected_purchases(c.frequency as f64, c.recency, c.age, u);
                let mut sum = 0.0;
                for k in 1..=12 {
                    let end = k as f64 * clv.step;
                    sum += (e(h + end) - e(h + end - clv.step)) * clv.discount(end);
                }
                0.5 * c.average_order_value.max(0.0) * sum
            })
            .sum();
        assert!(
            (p.value - direct).abs() < 1e-9 * direct,
            "{} vs {direct}",
            p.value
        );
        assert_eq!((p.low, p.high), (p.value, p.value), "no draws, no interval");
        assert_eq!(p.customers, customers.len() as f64);
        // Customers fade: the equity of today's customers falls from today's value.
        let now = KpiEngine::new(&ctx)
            .value(&Kpi::CustomerEquity, &scope, today)
            .unwrap()
            .unwrap();
        assert!(p.value < now, "{} < {now}", p.value);
        // Only value KPIs are projected, and only forward.
        let mut engine = KpiEngine::new(&ctx);
        assert_eq!(engine.project(&Kpi::Customers, &scope, today, at), Ok(None));
        assert_eq!(
            engine.project(&Kpi::CustomerEquity, &scope, today, today),
            Ok(None)
        );
        // Draws give an interval around the estimate.
        let draws: Vec<Box<dyn PurchaseModel>> = [0.9, 1.1]
            .iter()
            .map(|f| {
                Box::new(BgNbd {
                    r: 0.6 * f,
                    alpha: 9.0,
                    a: 0.7,
                    b: 3.1,
                }) as Box<dyn PurchaseModel>
            })
            .collect();
        let ctx = KpiContext {
            unit: TimeUnit::Week,
            model: Some(ValueModel {
                purchase: &model,
                purchase_draws: &draws,
                spend: None,
                clv,
            }),
            ..context(&log)
        };
        let q = KpiEngine::new(&ctx)
            .project(&Kpi::CustomerEquity, &scope, today, at)
            .unwrap()
            .unwrap();
        assert_eq!(q.value, p.value);
        assert!(q.low < q.value && q.value < q.high, "{q:?}");
    }

    #[test]
    fn projected_arrivals_come_at_the_recent_rate() {
        // One new customer a day for the 92 days up to today, each buying once for 100.
        let today = d("2026-03-31");
        let mut b = TransactionLogBuilder::new();
        for k in 0..92u64 {
            b.push(&format!("C{k}"), today - Days::new(k), 100.0);
        }
        let log = b.finish();
        // Nobody leaves and everyone buys at one rate: every customer, old or
        // new, is worth the same at any date.
        let model = crate::clv::models::ConstantRate { rate: 0.05 };
        let clv = ClvSettings::monthly(TimeUnit::Day, 12.0, 0.1, 0.3);
        let each = 0.3
            * 100.0
            * (1..=12)
                .map(|k| 0.05 * clv.step * clv.discount(k as f64 * clv.step))
                .sum::<f64>();
        let ctx = KpiContext {
            model: Some(ValueModel {
                purchase: &model,
                purchase_draws: &[],
                spend: None,
                clv,
            }),
            ..context(&log)
        };
        let at = d("2026-09-30"); // 183 days on; 90 days of arrivals in (Dec 31, Mar 31]
        let p = KpiEngine::new(&ctx)
            .project(&Kpi::CustomerEquity, &Scope::All, today, at)
            .unwrap()
            .unwrap();
        let arrivals = 90.0 / 90.0 * 183.0;
        assert!((p.customers - (92.0 + arrivals)).abs() < 1e-9, "{p:?}");
        assert!(
            (p.value - each * p.customers).abs() < 1e-9 * p.value,
            "{} vs {}",
            p.value,
            each * p.customers
        );
        let avg = KpiEngine::new(&ctx)
            .project(&Kpi::AverageClv, &Scope::All, today, at)
            .unwrap()
            .unwrap();
        assert!((avg.value - each).abs() < 1e-9 * each);
        // Existing customers before a date take only the arrivals before it;
        // segments, whose members change, are not projected.
        let until = KpiEngine::new(&ctx)
            .project(
                &Kpi::CustomerEquity,
                &Scope::ExistingBefore(today),
                today,
                at,
            )
            .unwrap()
            .unwrap();
        assert_eq!(until.customers, 91.0);
        let rfm = Scope::Segment(SegmentRef::Rfm(RfmSegment::Champions));
        assert_eq!(
            KpiEngine::new(&ctx).project(&Kpi::CustomerEquity, &rfm, today, at),
            Ok(None)
        );
    }
}
