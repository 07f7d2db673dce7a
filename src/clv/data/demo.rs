//! Deterministic demo and synthetic data.
//!
//! Customers are simulated from the two models the app later fits, so the demo
//! data has a known truth:
//!
//! - **Purchases: BG/NBD** (Fader, Hardie & Lee 2005, "Counting your customers
//!   the easy way: an alternative to the Pareto/NBD model", *Marketing Science*
//!   24(2)). While active, a customer buys at the times of a Poisson process with
//!   rate `λ ~ Gamma(shape r, rate α)` per week. After every repeat purchase
//!   (not the first, which starts the relationship) the customer becomes
//!   inactive for good with probability `p ~ Beta(a, b)`. (Dropping out right
//!   after the first purchase too would be the MBG/NBD process of Batislam et al.)
//! - **Spend: Gamma-Gamma** (Colombo & Jiang 1999, "A stochastic RFM model",
//!   *Journal of Interactive Marketing* 13(3); Fader, Hardie & Lee 2005, "RFM and
//!   CLV: using iso-value curves for customer base analysis", *Journal of
//!   Marketing Research* 42(4)). Each order value is `z ~ Gamma(shape p, rate ν)`
//!   with a per-customer `ν ~ Gamma(shape q, rate γ)`, independent of the
//!   purchase process; the mean order value over customers is `p·γ/(q−1)`.
//!
//! On top of the models: customers arrive over the period with an intensity
//! that grows linearly (a growing shop) and make their first purchase on
//! arrival; a small share of orders is refunded, fully or in part, 1–30 days
//! later. Nothing after the period's end is recorded.
//!
//! The generator is a pure function of its [`DemoConfig`]: one ChaCha8 stream
//! seeded from `seed`, no hash-map iteration, and `f64` arithmetic that is the
//! same on every platform (basic operations, `sqrt`, `floor` and `round` are
//! exact in IEEE 754, and `rand_distr` is built without `std`, so its
//! logarithms and exponentials come from the portable `libm`). The browser and
//! a native build therefore produce the same transactions.

use super::transactions::{TransactionLog, TransactionLogBuilder};
use chrono::{Days, NaiveDate};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution, Exp1, Gamma};
use serde::{Deserialize, Serialize};

/// Everything that determines a generated data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DemoConfig {
    /// Number of customers (each makes at least one purchase).
    pub customers: usize,
    /// Seed of the random stream; the same configuration gives the same data.
    pub seed: u64,
    /// First day of the period.
    pub start: NaiveDate,
    /// Last day of the period (inclusive); later transactions are not recorded.
    pub end: NaiveDate,
    /// Arrival intensity at `end` relative to `start`; 1 is uniform, above 1 a
    /// growing customer base.
    pub arrival_growth: f64,
    pub purchase: BgNbdParams,
    pub spend: GammaGammaParams,
    /// Probability that an order is (fully or partly) refunded.
    pub refund_share: f64,
}

/// BG/NBD parameters; rates are per week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Rate (inverse scale, in weeks) of the purchase-rate distribution.
    pub alpha: f64,
    /// First Beta parameter of the dropout probability.
    pub a: f64,
    /// Second Beta parameter of the dropout probability.
    pub b: f64,
}

impl BgNbdParams {
    /// Mean purchase rate per week while active, `r/α`.
    pub fn mean_rate(&self) -> f64 {
        self.r / self.alpha
    }

    /// Mean dropout probability after a purchase, `a/(a+b)`.
    pub fn mean_dropout(&self) -> f64 {
        self.a / (self.a + self.b)
    }
}

/// Gamma-Gamma spend parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of each order value given the customer.
    pub p: f64,
    /// Shape of the customers' rate parameter `ν`.
    pub q: f64,
    /// Rate of the customers' rate parameter `ν`.
    pub gamma: f64,
}

impl GammaGammaParams {
    /// Mean order value over customers, `p·γ/(q−1)`; infinite unless `q > 1`.
    pub fn mean_order_value(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.gamma / (self.q - 1.0))
    }
}

/// A configuration that cannot be simulated.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DemoConfigError {
    #[error("the period must end after it starts")]
    EmptyPeriod,
    #[error("{name} must be a positive number, found {value}")]
    NotPositive { name: &'static str, value: f64 },
    #[error("the refund share must be between 0 and 1, found {0}")]
    RefundShare(f64),
}

impl DemoConfig {
    /// The app's demo: 3,000 customers of an online shop over 2023 and 2024.
    pub fn demo() -> Self {
        Self::synthetic(3_000, 20_241_231)
    }

    /// The demo's parameters with another number of customers and seed.
    pub fn synthetic(customers: usize, seed: u64) -> Self {
        DemoConfig {
            customers,
            seed,
            start: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(),
            end: NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default(),
            arrival_growth: 1.5,
            purchase: BgNbdParams {
                r: 0.25,
                alpha: 4.0,
                a: 0.8,
                b: 2.5,
            },
            spend: GammaGammaParams {
                p: 6.0,
                q: 4.0,
                gamma: 25.0,
            },
            refund_share: 0.04,
        }
    }

    /// Checks that every parameter can be simulated.
    pub fn validate(&self) -> Result<(), DemoConfigError> {
        if self.end <= self.start {
            return Err(DemoConfigError::EmptyPeriod);
        }
        let positive = [
            ("arrival_growth", self.arrival_growth),
            ("r", self.purchase.r),
            ("alpha", self.purchase.alpha),
            ("a", self.purchase.a),
            ("b", self.purchase.b),
            ("p", self.spend.p),
            ("q", self.spend.q),
            ("gamma", self.spend.gamma),
        ];
        for (name, value) in positive {
            if !(value > 0.0 && value.is_finite()) {
                return Err(DemoConfigError::NotPositive { name, value });
            }
        }
        if !(0.0..=1.0).contains(&self.refund_share) {
            return Err(DemoConfigError::RefundShare(self.refund_share));
        }
        Ok(())
    }
}

/// The drawn, normally unobservable, characteristics of one customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerLatent {
    /// Purchase rate per week while active.
    pub lambda: f64,
    /// Probability of becoming inactive after each purchase.
    pub dropout_p: f64,
    /// Rate parameter of the order values (mean order value `p/ν`).
    pub nu: f64,
    /// Day of arrival and first purchase.
    pub arrival: NaiveDate,
}

/// A generated log with the truth behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoData {
    pub log: TransactionLog,
    /// One entry per customer, indexed like [`TransactionLog::customer_ids`].
    pub latents: Vec<CustomerLatent>,
}

/// Share of refunds that return the whole order; the others return a uniform
/// 10–90 % of it (in cents, at most the order).
const FULL_REFUND_SHARE: f64 = 0.7;
/// A refund follows its order by 1 to this many days.
const MAX_REFUND_DELAY_DAYS: u32 = 30;

/// Simulates the customers of `cfg` (see the module docs).
///
/// Customers are numbered `K-00001`, `K-00002`, … in order of arrival.
///
/// # Panics
///
/// If [`DemoConfig::validate`] fails.
pub fn generate(cfg: &DemoConfig) -> DemoData {
    if let Err(e) = cfg.validate() {
        panic!("invalid demo configuration: {e}");
    }
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed);
    let last_day = (cfg.end - cfg.start).num_days();
    // Arrivals fall in [start, end): continuous days in [0, last_day).
    let arrival_span = last_day as f64;
    // A purchase at continuous time t (days) is recorded if floor(t) <= last_day.
    let recorded_before = arrival_span + 1.0;

    let mut arrivals: Vec<f64> = (0..cfg.customers)
        .map(|_| arrival_fraction(rng.random::<f64>(), cfg.arrival_growth) * arrival_span)
        .collect();
    arrivals.sort_by(f64::total_cmp);

    // `validate` guarantees finite positive parameters, which these accept.
    let BgNbdParams { r, alpha, a, b } = cfg.purchase;
    let GammaGammaParams { p, q, gamma } = cfg.spend;
    let rate_dist = Gamma::new(r, 1.0 / alpha).expect("validated r and alpha");
    let dropout_dist = Beta::new(a, b).expect("validated a and b");
    let nu_dist = Gamma::new(q, 1.0 / gamma).expect("validated q and gamma");
    let unit_order_dist = Gamma::new(p, 1.0).expect("validated p");

    let mut builder = TransactionLogBuilder::new();
    let mut latents = Vec::with_capacity(cfg.customers);
    let day = |d: i64| cfg.start + Days::new(d.clamp(0, last_day) as u64);
    for (i, &arrival) in arrivals.iter().enumerate() {
        let id = format!("K-{:05}", i + 1);
        let lambda: f64 = rate_dist.sample(&mut rng);
        let dropout_p: f64 = dropout_dist.sample(&mut rng);
        let nu: f64 = nu_dist.sample(&mut rng);
        let arrival_day = (arrival.floor() as i64).min(last_day - 1);
        latents.push(CustomerLatent {
            lambda,
            dropout_p,
            nu,
            arrival: day(arrival_day),
        });

        let mut t = arrival;
        let mut order_day = arrival_day;
        let mut first_purchase = true;
        loop {
            // z ~ Gamma(p, rate ν) is Gamma(p, 1) scaled by 1/ν.
            let unit_order: f64 = unit_order_dist.sample(&mut rng);
            let amount = to_cents(unit_order / nu);
            builder.push(&id, day(order_day), amount);
            if rng.random::<f64>() < cfg.refund_share {
                let refund_day = order_day + i64::from(rng.random_range(1..=MAX_REFUND_DELAY_DAYS));
                let refund = if rng.random::<f64>() < FULL_REFUND_SHARE {
                    amount
                } else {
                    to_cents(amount * (0.1 + 0.8 * rng.random::<f64>())).min(amount)
                };
                if refund_day <= last_day {
                    builder.push(&id, day(refund_day), -refund);
                }
            }
            if !first_purchase && rng.random::<f64>() < dropout_p {
                break;
            }
            first_purchase = false;
            let wait_weeks: f64 = Exp1.sample(&mut rng);
            t += 7.0 * wait_weeks / lambda;
            // t is infinite for lambda = 0, and NaN if the wait is 0 too.
            if t.is_nan() || t >= recorded_before {
                break;
            }
            order_day = t.floor() as i64;
        }
    }
    DemoData {
        log: builder.finish(),
        latents,
    }
}

/// Counts and cent totals that identify a log exactly: (transactions, orders,
/// refunds, gross revenue in cents, refunded cents). The demo data's is checked
/// natively and in the browser, so both produce the same data.
pub fn fingerprint(log: &TransactionLog) -> (usize, usize, usize, i64, i64) {
    let stats = super::summary::DatasetStats::of(log);
    (
        stats.transactions,
        stats.orders,
        stats.refund_count,
        (stats.gross_revenue * 100.0).round() as i64,
        (stats.refunds * 100.0).round() as i64,
    )
}

/// The app's demo log: `generate(&DemoConfig::demo()).log`.
pub fn demo_log() -> TransactionLog {
    generate(&DemoConfig::demo()).log
}

/// Inverse CDF of arrival times on [0, 1) for an intensity rising linearly from
/// 1 to `growth`, at the uniform draw `u`.
///
/// The CDF is `F(s) = (s + (g−1)s²/2) / ((1+g)/2)`; solving `F(s) = u` and
/// rationalising (stable for `g` near 1, exact for `g = 1`) gives
/// `s = u(1+g) / (1 + sqrt(1 + (g²−1)u))`.
fn arrival_fraction(u: f64, growth: f64) -> f64 {
    let g = growth;
    u * (1.0 + g) / (1.0 + (1.0 + (g * g - 1.0) * u).sqrt())
}

/// Rounds to cents, at least one cent (and at most a trillion, should a
/// parameter choice overflow).
fn to_cents(value: f64) -> f64 {
    if value.is_nan() {
        return 0.01;
    }
    ((value * 100.0).round() / 100.0).clamp(0.01, 1e12)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::summary::{summarize, DatasetStats, TimeUnit};
    use std::sync::OnceLock;

    /// The large sample the statistical tests share (generated once).
    fn large() -> (&'static DemoConfig, &'static DemoData) {
        static DATA: OnceLock<(DemoConfig, DemoData)> = OnceLock::new();
        let (cfg, data) = DATA.get_or_init(|| {
            let cfg = DemoConfig::synthetic(20_000, 7);
            let data = generate(&cfg);
            (cfg, data)
        });
        (cfg, data)
    }

    fn mean(values: impl Iterator<Item = f64>) -> f64 {
        let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        sum / n as f64
    }

    /// Asserts `|observed − expected| <= 4 standard errors`.
    fn assert_within_4_se(what: &str, observed: f64, expected: f64, se: f64) {
        eprintln!(
            "{what}: observed {observed:.6}, expected {expected:.6}, SE {se:.6} ({:.2} % of expected), z = {:.2}",
            100.0 * se / expected,
            (observed - expected) / se
        );
        assert!(
            (observed - expected).abs() <= 4.0 * se,
            "{what}: {observed} vs {expected} ± 4 × {se}"
        );
    }

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let cfg = DemoConfig::synthetic(500, 3);
        let data = generate(&cfg);
        assert_eq!(generate(&cfg), data);
        let other = generate(&DemoConfig::synthetic(500, 4));
        assert_ne!(other.log, data.log);
        assert_ne!(other.latents, data.latents);
    }

    #[test]
    fn demo_has_3000_customers_within_the_period() {
        let cfg = DemoConfig::demo();
        assert_eq!(cfg.start, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap());
        assert_eq!(cfg.end, NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        let data = generate(&cfg);
        assert_eq!(demo_log(), data.log);
        let ids = data.log.customer_ids();
        assert_eq!((ids.len(), data.latents.len()), (3_000, 3_000));
        assert_eq!(
            (ids[0].as_str(), ids[2_999].as_str()),
            ("K-00001", "K-03000")
        );
        let (first, last) = data.log.date_range().unwrap();
        assert!(first >= cfg.start && last <= cfg.end, "{first}..{last}");
        // Ids follow arrival order, and each customer's first transaction is an
        // order on the arrival day.
        assert!(data
            .latents
            .windows(2)
            .all(|w| w[0].arrival <= w[1].arrival));
        let mut first_seen = vec![None; ids.len()];
        for t in data.log.transactions() {
            first_seen[t.customer as usize].get_or_insert(*t);
        }
        for (t, latent) in first_seen.iter().zip(&data.latents) {
            let t = t.unwrap();
            assert!(latent.arrival < cfg.end);
            assert_eq!(t.date, latent.arrival);
            assert!(t.amount >= 0.01);
        }
    }

    /// Pins the demo's random stream: a change here changes the demo every user
    /// sees, or means that a dependency now draws differently.
    #[test]
    fn demo_fingerprint() {
        // Also asserted in the browser (tests/browser.rs): the same data on both.
        assert_eq!(
            fingerprint(&demo_log()),
            (7_440, 7_183, 257, 35_682_896, 1_062_506)
        );
        assert_eq!(DatasetStats::of(&demo_log()).customers, 3_000);
    }

    #[test]
    fn amounts_are_whole_cents() {
        for t in demo_log().transactions() {
            let cents = t.amount * 100.0;
            assert!(
                (cents - cents.round()).abs() < 1e-6 && t.amount != 0.0,
                "{}",
                t.amount
            );
        }
    }

    #[test]
    fn invalid_configurations_are_named() {
        let mut cfg = DemoConfig::demo();
        assert_eq!(cfg.validate(), Ok(()));
        cfg.end = cfg.start;
        assert_eq!(cfg.validate(), Err(DemoConfigError::EmptyPeriod));
        let mut cfg = DemoConfig::demo();
        cfg.purchase.alpha = 0.0;
        assert_eq!(
            cfg.validate(),
            Err(DemoConfigError::NotPositive {
                name: "alpha",
                value: 0.0
            })
        );
        let mut cfg = DemoConfig::demo();
        cfg.refund_share = f64::NAN;
        assert!(matches!(
            cfg.validate(),
            Err(DemoConfigError::RefundShare(_))
        ));
    }

    #[test]
    fn zero_customers_give_an_empty_log() {
        let data = generate(&DemoConfig::synthetic(0, 1));
        assert!(data.log.is_empty() && data.latents.is_empty());
    }

    #[test]
    fn arrival_fraction_inverts_the_linear_intensity() {
        // F(s) = (s + (g−1)s²/2) / ((1+g)/2); check F(arrival_fraction(u)) = u.
        for g in [0.5, 1.0, 1.5, 4.0] {
            for u in [0.0, 0.1, 0.5, 0.9, 0.999_999] {
                let s = arrival_fraction(u, g);
                let cdf = (s + (g - 1.0) * s * s / 2.0) / ((1.0 + g) / 2.0);
                assert!(
                    (cdf - u).abs() < 1e-12 && (0.0..1.0).contains(&s),
                    "g {g}, u {u}: s {s}"
                );
            }
        }
    }

    #[test]
    fn latent_means_match_the_priors() {
        let (cfg, data) = large();
        let n = data.latents.len() as f64;
        let BgNbdParams { r, alpha, a, b } = cfg.purchase;
        let GammaGammaParams { q, gamma, .. } = cfg.spend;
        // λ ~ Gamma(r, rate α): mean r/α = 0.0625, sd √r/α = 0.125,
        // SE = 0.125/√20000 = 0.00088 (1.4 % of the mean; 4 SE = 5.7 %).
        let lambda = mean(data.latents.iter().map(|l| l.lambda));
        assert_within_4_se(
            "mean lambda",
            lambda,
            cfg.purchase.mean_rate(),
            r.sqrt() / alpha / n.sqrt(),
        );
        // p ~ Beta(a, b): mean a/(a+b) = 0.2424, var ab/((a+b)²(a+b+1)) = 0.0427,
        // SE = 0.2067/√20000 = 0.0015 (0.6 %).
        let sd_p = (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt();
        let dropout = mean(data.latents.iter().map(|l| l.dropout_p));
        assert_within_4_se(
            "mean dropout p",
            dropout,
            cfg.purchase.mean_dropout(),
            sd_p / n.sqrt(),
        );
        // ν ~ Gamma(q, rate γ): mean q/γ = 0.16, sd √q/γ = 0.08, SE 0.00057 (0.35 %).
        let nu = mean(data.latents.iter().map(|l| l.nu));
        assert_within_4_se("mean nu", nu, q / gamma, q.sqrt() / gamma / n.sqrt());
    }

    #[test]
    fn mean_order_value_matches_gamma_gamma() {
        let (cfg, data) = large();
        // Per customer: order count n_i and order sum S_i.
        let mut count = vec![0.0; data.latents.len()];
        let mut sum = vec![0.0; data.latents.len()];
        for t in data.log.transactions().iter().filter(|t| !t.is_refund()) {
            count[t.customer as usize] += 1.0;
            sum[t.customer as usize] += t.amount;
        }
        let orders: f64 = count.iter().sum();
        let observed = sum.iter().sum::<f64>() / orders;
        // Order counts do not depend on ν, so the order-weighted mean estimates
        // E[p/ν] = pγ/(q−1) = 50. Orders of one customer share ν, so the SE is the
        // customer-clustered one of a ratio estimator:
        // SE² = Σ_i (S_i − m·n_i)² / (Σ_i n_i)².
        let se = count
            .iter()
            .zip(&sum)
            .map(|(n, s)| (s - observed * n).powi(2))
            .sum::<f64>()
            .sqrt()
            / orders;
        let expected = cfg.spend.mean_order_value().unwrap();
        assert_within_4_se("mean order value", observed, expected, se);
        assert!((observed / expected - 1.0).abs() < 0.05);
    }

    #[test]
    fn refund_share_matches_allowing_for_refunds_after_the_end() {
        let (cfg, data) = large();
        let last_day = (cfg.end - cfg.start).num_days();
        // An order d days before the end (d < 30) keeps its refund only if the
        // delay, uniform on 1..=30, is at most d: probability share·min(d, 30)/30.
        let mut expected = 0.0;
        let mut variance = 0.0;
        let mut orders = 0usize;
        let mut refunds = 0usize;
        for t in data.log.transactions() {
            if t.is_refund() {
                refunds += 1;
                continue;
            }
            orders += 1;
            let days_left = last_day - (t.date - cfg.start).num_days();
            let pi = cfg.refund_share * days_left.min(30) as f64 / 30.0;
            expected += pi;
            variance += pi * (1.0 - pi);
        }
        // Binomial-type SE: √(Σ π(1−π)) ≈ √(0.04·0.96·orders), about 3 % of the count here.
        assert_within_4_se("refund count", refunds as f64, expected, variance.sqrt());
        let share = refunds as f64 / orders as f64;
        assert!((0.035..0.045).contains(&share), "refunds per order {share}");
    }

    #[test]
    fn arrivals_grow_as_configured() {
        let (cfg, data) = large();
        // Intensity 1 + (g−1)s on s ∈ [0, 1): total mass (1+g)/2, mass of
        // [1/2, 1) = 1/2 + 3(g−1)/8, so the share of the second half is
        // (1+3g)/(4+4g) = 0.55 for g = 1.5. 2024-01-01 is day 365 of 730, s = 1/2.
        let g = cfg.arrival_growth;
        let expected = (1.0 + 3.0 * g) / (4.0 + 4.0 * g);
        let second_year = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let n = data.latents.len() as f64;
        let share = data
            .latents
            .iter()
            .filter(|l| l.arrival >= second_year)
            .count() as f64
            / n;
        assert_within_4_se(
            "second-year arrivals",
            share,
            expected,
            (expected * (1.0 - expected) / n).sqrt(),
        );
    }

    #[test]
    fn no_refund_exceeds_the_customers_orders() {
        let (_, data) = large();
        let mut ordered = vec![0.0; data.latents.len()];
        let mut refunded = vec![0.0; data.latents.len()];
        for t in data.log.transactions() {
            if t.is_refund() {
                refunded[t.customer as usize] -= t.amount;
            } else {
                ordered[t.customer as usize] += t.amount;
            }
        }
        for (i, (o, r)) in ordered.iter().zip(&refunded).enumerate() {
            assert!(r <= &(o + 1e-9), "customer {i}: refunds {r} > orders {o}");
        }
    }

    #[test]
    fn summaries_show_many_one_time_buyers() {
        let (cfg, data) = large();
        let summaries = summarize(&data.log, cfg.end, TimeUnit::Week);
        assert_eq!(summaries.len(), 20_000, "everyone has an order");
        let BgNbdParams { r, alpha, .. } = cfg.purchase;
        // BG/NBD (eq. 8 with x = 0): P(no repeat within T weeks) = (α/(α+T))^r,
        // as nobody drops out before a repeat purchase.
        // T runs from the (continuous) first purchase to the end of the last day,
        // on average half a day more than the summary's whole-day age.
        let predicted = mean(summaries.iter().map(|s| {
            let t = s.age + 0.5 / 7.0;
            (alpha / (alpha + t)).powf(r)
        }));
        let n = summaries.len() as f64;
        let one_time = summaries.iter().filter(|s| s.frequency == 0).count() as f64 / n;
        // Binomial SE, plus 0.005 for repeat orders on the first purchase day,
        // which the summary does not count as repeat purchases.
        let se = (predicted * (1.0 - predicted) / n).sqrt();
        eprintln!("one-time buyers {one_time:.4}, predicted {predicted:.4}, SE {se:.4}");
        assert!((one_time - predicted).abs() <= 4.0 * se + 0.005);
        assert!((0.5..0.9).contains(&one_time), "{one_time}");
        let loyal = summaries.iter().filter(|s| s.frequency >= 5).count();
        assert!(loyal > 200, "some customers buy often: {loyal}");
        let stats = DatasetStats::of(&data.log);
        eprintln!("{stats:?}");
    }
}
