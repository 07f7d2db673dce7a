//! Customer lifetime value from a purchase model and a spend model.
//!
//! The discounted expected number of purchases over a horizon is summed over
//! steps (a month by default): step `k` contributes the expected purchases in
//! `((k−1)Δ, kΔ]`, discounted at an annual rate to the end of the step,
//! `(1 + d)^(−kΔ / year)`. This is the discrete form of Fader, Hardie & Lee
//! (2005), "RFM and CLV: using iso-value curves for customer base analysis"
//! (JMR 42(4)), eq. 2, and what the `lifetimes` package computes for monthly
//! steps. Lifetime value is then `margin × expected spend per purchase ×
//! discounted purchases`: profit, not revenue, when the margin is below 1.

use super::super::data::summary::{CustomerSummary, TimeUnit};
use super::super::estimation::uncertainty::Interval;
use super::super::models::gamma_gamma::GammaGamma;
use super::super::models::PurchaseModel;
use serde::{Deserialize, Serialize};

/// Days in an average month, 365.25 / 12.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;
/// Days in an average year.
pub const DAYS_PER_YEAR: f64 = 365.25;

/// How lifetime value is computed: horizon, discounting and margin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClvSettings {
    /// The unit of the model's times (that of the summary it was fitted on).
    pub unit: TimeUnit,
    /// Horizon in months.
    pub horizon_months: f64,
    /// Annual discount rate, e.g. 0.1 for 10% a year.
    pub annual_discount: f64,
    /// Share of revenue that is profit (1 for revenue).
    pub margin: f64,
    /// Length of one discounting step in the model's time unit (default: one month).
    pub step: f64,
}

impl ClvSettings {
    /// Monthly steps over `horizon_months`, in `unit`.
    pub fn monthly(unit: TimeUnit, horizon_months: f64, annual_discount: f64, margin: f64) -> Self {
        ClvSettings {
            unit,
            horizon_months,
            annual_discount,
            margin,
            step: DAYS_PER_MONTH / unit.days(),
        }
    }

    /// The horizon in the model's time unit.
    pub fn horizon(&self) -> f64 {
        self.horizon_months * DAYS_PER_MONTH / self.unit.days()
    }

    /// The discount factor for a time `t` (model units) from now.
    pub fn discount(&self, t: f64) -> f64 {
        let years = t * self.unit.days() / DAYS_PER_YEAR;
        (1.0 + self.annual_discount).powf(-years)
    }

    /// Step end points `(kΔ)` up to the horizon (the last step may be shorter).
    fn step_ends(&self) -> impl Iterator<Item = f64> + '_ {
        let horizon = self.horizon();
        let steps = (horizon / self.step - 1e-9).ceil().max(0.0) as usize;
        (1..=steps).map(move |k| (k as f64 * self.step).min(horizon))
    }
}

/// Discounted expected purchases in `(T, T + horizon]` of a customer with history (x, t_x, T).
pub fn discounted_purchases<M: PurchaseModel + ?Sized>(
    model: &M,
    x: f64,
    t_x: f64,
    t: f64,
    s: &ClvSettings,
) -> f64 {
    discounted_and_expected_purchases(model, x, t_x, t, s).0
}

/// The discounted expected purchases over the horizon and the (undiscounted)
/// expected purchases up to its end, from the same model evaluations.
fn discounted_and_expected_purchases<M: PurchaseModel + ?Sized>(
    model: &M,
    x: f64,
    t_x: f64,
    t: f64,
    s: &ClvSettings,
) -> (f64, f64) {
    let mut previous = 0.0;
    let mut total = 0.0;
    for end in s.step_ends() {
        let cumulative = model.expected_purchases(x, t_x, t, end);
        total += (cumulative - previous).max(0.0) * s.discount(end);
        previous = cumulative;
    }
    (total, previous)
}

/// Discounted expected repeat purchases of a new customer over the horizon from their first purchase.
pub fn discounted_purchases_new<M: PurchaseModel + ?Sized>(model: &M, s: &ClvSettings) -> f64 {
    let mut previous = 0.0;
    let mut total = 0.0;
    for end in s.step_ends() {
        let cumulative = model.expected_purchases_new(end);
        total += (cumulative - previous).max(0.0) * s.discount(end);
        previous = cumulative;
    }
    total
}

/// Lifetime value of an existing customer over the horizon:
/// `margin × spend per purchase × discounted expected purchases`.
pub fn customer_value<M: PurchaseModel + ?Sized>(
    model: &M,
    x: f64,
    t_x: f64,
    t: f64,
    spend_per_purchase: f64,
    s: &ClvSettings,
) -> f64 {
    s.margin * spend_per_purchase * discounted_purchases(model, x, t_x, t, s)
}

/// Value of a brand-new customer at acquisition: the first purchase (now,
/// undiscounted) plus the discounted repeat purchases over the horizon, at the
/// population's mean spend, times the margin.
pub fn new_customer_value<M: PurchaseModel + ?Sized>(
    model: &M,
    mean_spend: f64,
    s: &ClvSettings,
) -> f64 {
    s.margin * mean_spend * (1.0 + discounted_purchases_new(model, s))
}

/// Per-customer predictions, aligned with the summary's customers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CustomerScore {
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected spend per purchase.
    pub spend_per_purchase: f64,
    /// Expected revenue over the horizon (undiscounted).
    pub expected_spend: f64,
    /// Discounted value over the horizon (times the margin), with its interval.
    pub clv: Interval,
}

/// One customer's input to [`score_customers`]: history and expected spend per purchase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreInput {
    pub x: f64,
    pub t_x: f64,
    pub t: f64,
    pub spend_per_purchase: f64,
}

/// A summarised customer's expected spend per purchase: the spend model's
/// conditional expectation given the customer's repeat purchases, or without
/// a spend model the customer's own average order value (0 if negative).
pub fn spend_per_purchase(spend: Option<&GammaGamma>, c: &CustomerSummary) -> f64 {
    match spend {
        Some(gg) => gg.conditional_expected_average(c.frequency as f64, c.monetary_value),
        None => c.average_order_value.max(0.0),
    }
}

impl ScoreInput {
    /// A summarised customer's history with the given spend per purchase.
    pub fn of(c: &CustomerSummary, spend_per_purchase: f64) -> Self {
        ScoreInput {
            x: c.frequency as f64,
            t_x: c.recency,
            t: c.age,
            spend_per_purchase,
        }
    }

    /// The inputs of summarised customers, in their order, each with its
    /// [`spend_per_purchase`] under `spend`.
    pub fn of_customers(customers: &[CustomerSummary], spend: Option<&GammaGamma>) -> Vec<Self> {
        customers
            .iter()
            .map(|c| ScoreInput::of(c, spend_per_purchase(spend, c)))
            .collect()
    }
}

/// Point predictions for many customers. The purchase model is evaluated once
/// per distinct history (x, t_x, T), which in real data repeats a lot (most
/// customers bought once); intervals are left at the point estimate.
pub fn score_customers<M: PurchaseModel + ?Sized>(
    model: &M,
    inputs: &[ScoreInput],
    s: &ClvSettings,
) -> Vec<CustomerScore> {
    let mut cache: std::collections::HashMap<(u64, u64, u64), (f64, f64, f64)> =
        std::collections::HashMap::new();
    inputs
        .iter()
        .map(|c| {
            let (p_alive, expected_purchases, discounted) = *cache
                .entry((c.x.to_bits(), c.t_x.to_bits(), c.t.to_bits()))
                .or_insert_with(|| {
                    let (discounted, expected) =
                        discounted_and_expected_purchases(model, c.x, c.t_x, c.t, s);
                    (model.p_alive(c.x, c.t_x, c.t), expected, discounted)
                });
            let clv = s.margin * c.spend_per_purchase * discounted;
            CustomerScore {
                p_alive,
                expected_purchases,
                spend_per_purchase: c.spend_per_purchase,
                expected_spend: expected_purchases * c.spend_per_purchase,
                clv: Interval {
                    estimate: clv,
                    low: clv,
                    high: clv,
                },
            }
        })
        .collect()
}

/// The discounted expected purchases of each input (the CLV before spend and
/// margin), once per distinct history; for interval draws.
pub fn discounted_purchases_batch<M: PurchaseModel + ?Sized>(
    model: &M,
    inputs: &[ScoreInput],
    s: &ClvSettings,
) -> Vec<f64> {
    let mut cache: std::collections::HashMap<(u64, u64, u64), f64> =
        std::collections::HashMap::new();
    inputs
        .iter()
        .map(|c| {
            *cache
                .entry((c.x.to_bits(), c.t_x.to_bits(), c.t.to_bits()))
                .or_insert_with(|| discounted_purchases(model, c.x, c.t_x, c.t, s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::clv::models::ConstantRate as Steady;

    #[test]
    fn the_spend_per_purchase_is_the_spend_models_or_the_customers_own_average() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        // Three orders worth 90 net (30 each), two of them repeat purchases of 35 on average.
        let repeat = CustomerSummary {
            monetary_value: 35.0,
            ..CustomerSummary::with_orders(day, day, 3, 90.0)
        };
        // One order, more than refunded: a negative average order value.
        let refunded = CustomerSummary::with_orders(day, day, 1, -20.0);
        let gg = GammaGamma {
            p: 6.25,
            q: 3.74,
            gamma: 15.44,
        };
        assert_eq!(
            spend_per_purchase(Some(&gg), &repeat),
            gg.conditional_expected_average(2.0, 35.0)
        );
        assert_eq!(spend_per_purchase(None, &repeat), 30.0);
        assert_eq!(spend_per_purchase(None, &refunded), 0.0);
        let inputs = ScoreInput::of_customers(&[repeat.clone(), refunded.clone()], None);
        assert_eq!(
            inputs,
            [
                ScoreInput::of(&repeat, 30.0),
                ScoreInput::of(&refunded, 0.0)
            ]
        );
    }

    #[test]
    fn steady_buyer_by_hand() {
        // One purchase a month, 12 months, 12.68% a year = 1% a month, margin 30%, 50 per purchase.
        let s = ClvSettings::monthly(TimeUnit::Day, 12.0, 1.01f64.powi(12) - 1.0, 0.3);
        let model = Steady {
            rate: 1.0 / DAYS_PER_MONTH,
        };
        let expected: f64 = (1..=12).map(|k| 1.01f64.powi(-k)).sum();
        let got = discounted_purchases(&model, 3.0, 10.0, 20.0, &s);
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
        let value = customer_value(&model, 3.0, 10.0, 20.0, 50.0, &s);
        assert!((value - 0.3 * 50.0 * expected).abs() < 1e-10);
        let new = new_customer_value(&model, 50.0, &s);
        assert!((new - 0.3 * 50.0 * (1.0 + expected)).abs() < 1e-10);
    }

    #[test]
    fn weeks_and_days_give_the_same_value() {
        let rate_per_day = 0.02;
        let days = ClvSettings::monthly(TimeUnit::Day, 24.0, 0.1, 1.0);
        let weeks = ClvSettings::monthly(TimeUnit::Week, 24.0, 0.1, 1.0);
        let a = discounted_purchases(&Steady { rate: rate_per_day }, 0.0, 0.0, 1.0, &days);
        let b = discounted_purchases(
            &Steady {
                rate: rate_per_day * 7.0,
            },
            0.0,
            0.0,
            1.0,
            &weeks,
        );
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }

    #[test]
    fn no_discount_sums_all_purchases_and_a_partial_last_step_counts() {
        let mut s = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.0, 1.0);
        s.step = 5.0; // 52.18 weeks: ten full steps and a short one
        let total = discounted_purchases(&Steady { rate: 2.0 }, 1.0, 1.0, 2.0, &s);
        assert!((total - 2.0 * s.horizon()).abs() < 1e-9);
        assert_eq!(s.step_ends().count(), 11);
    }

    #[test]
    fn batch_scores_equal_one_by_one() {
        /// Rate depends on the history, so the cache must key on all of it.
        struct ByHistory;
        impl PurchaseModel for ByHistory {
            fn name(&self) -> &'static str {
                "by history"
            }
            fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64 {
                1.0 / (1.0 + x + t - t_x)
            }
            fn p_alive_after(&self, _: f64, _: f64, _: f64, _: f64) -> f64 {
                1.0
            }
            fn expected_purchases(&self, x: f64, t_x: f64, t: f64, h: f64) -> f64 {
                (1.0 + x) * h / (1.0 + t - t_x)
            }
            fn expected_purchases_new(&self, t: f64) -> f64 {
                t
            }
            fn prob_purchases_new(&self, _: u32, _: f64) -> f64 {
                0.0
            }
        }
        let s = ClvSettings::monthly(TimeUnit::Week, 12.0, 0.1, 0.4);
        let inputs = [
            ScoreInput {
                x: 0.0,
                t_x: 0.0,
                t: 10.0,
                spend_per_purchase: 20.0,
            },
            ScoreInput {
                x: 2.0,
                t_x: 5.0,
                t: 10.0,
                spend_per_purchase: 30.0,
            },
            ScoreInput {
                x: 0.0,
                t_x: 0.0,
                t: 10.0,
                spend_per_purchase: 50.0,
            },
            ScoreInput {
                x: 2.0,
                t_x: 6.0,
                t: 10.0,
                spend_per_purchase: 30.0,
            },
        ];
        let scores = score_customers(&ByHistory, &inputs, &s);
        let discounted = discounted_purchases_batch(&ByHistory, &inputs, &s);
        for (i, c) in inputs.iter().enumerate() {
            let clv = customer_value(&ByHistory, c.x, c.t_x, c.t, c.spend_per_purchase, &s);
            assert!((scores[i].clv.estimate - clv).abs() < 1e-12, "{i}");
            assert_eq!(scores[i].p_alive, ByHistory.p_alive(c.x, c.t_x, c.t));
            let e = ByHistory.expected_purchases(c.x, c.t_x, c.t, s.horizon());
            assert_eq!(scores[i].expected_purchases, e);
            assert!((scores[i].expected_spend - e * c.spend_per_purchase).abs() < 1e-12);
            assert!((discounted[i] * 0.4 * c.spend_per_purchase - clv).abs() < 1e-12);
        }
        assert_ne!(
            scores[1].clv.estimate, scores[3].clv.estimate,
            "different t_x, different value"
        );
    }

    /// `lifetimes`' `customer_lifetime_value` (tests/data/lifetimes_reference.json,
    /// `cdnow.clv_at_mle`): 12 monthly buckets of 4.345 weeks, each discounted by
    /// 1.01^(−i) at its end, spend from Gamma-Gamma, no margin.
    #[test]
    fn reproduces_lifetimes_clv_on_cdnow() {
        use crate::clv::models::bg_nbd::BgNbd;
        use crate::clv::models::gamma_gamma::GammaGamma;
        use crate::clv::models::mbg_nbd::MbgNbd;
        let reference: serde_json::Value =
            serde_json::from_str(include_str!("../../../tests/data/lifetimes_reference.json"))
                .unwrap();
        let cdnow = &reference["cdnow"];
        let param = |model: &str, name: &str| cdnow[model]["mle_params"][name].as_f64().unwrap();
        let gg = GammaGamma {
            p: param("gammagamma", "p"),
            q: param("gammagamma", "q"),
            gamma: param("gammagamma", "v"),
        };
        let bg = BgNbd {
            r: param("bgnbd", "r"),
            alpha: param("bgnbd", "alpha"),
            a: param("bgnbd", "a"),
            b: param("bgnbd", "b"),
        };
        let mbg = MbgNbd {
            r: param("mbgnbd", "r"),
            alpha: param("mbgnbd", "alpha"),
            a: param("mbgnbd", "a"),
            b: param("mbgnbd", "b"),
        };
        let month_weeks = 4.345;
        let mut s = ClvSettings::monthly(
            TimeUnit::Week,
            12.0 * month_weeks * 7.0 / DAYS_PER_MONTH,
            0.0,
            1.0,
        );
        s.step = month_weeks;
        // (1 + d)^(4.345 · 7 / 365.25) = 1.01: one percent a "month"
        s.annual_discount = 1.01f64.powf(DAYS_PER_YEAR / (month_weeks * 7.0)) - 1.0;
        let models: [(&str, &dyn PurchaseModel); 2] = [("bgnbd", &bg), ("mbgnbd", &mbg)];
        for (name, model) in models {
            let cases = cdnow["clv_at_mle"][name].as_array().unwrap();
            assert!(cases.len() >= 7);
            for case in cases {
                let f = |k: &str| case[k].as_f64().unwrap();
                let spend = gg.conditional_expected_average(f("x"), f("m"));
                let got = customer_value(model, f("x"), f("t_x"), f("T"), spend, &s);
                let want = f("clv");
                assert!(
                    (got / want - 1.0).abs() < 1e-9,
                    "{name} {case}: {got} vs {want}"
                );
            }
        }
    }

    #[test]
    fn zero_horizon_is_worth_nothing_but_the_first_purchase() {
        let s = ClvSettings::monthly(TimeUnit::Week, 0.0, 0.1, 0.5);
        assert_eq!(
            discounted_purchases(&Steady { rate: 1.0 }, 1.0, 1.0, 2.0, &s),
            0.0
        );
        assert_eq!(new_customer_value(&Steady { rate: 1.0 }, 40.0, &s), 20.0);
    }
}
