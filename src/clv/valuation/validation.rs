//! Does the model fit? Holdout errors and the data of the classic diagnostic
//! charts of Fader, Hardie & Lee (2005), "Counting your customers the easy way",
//! figures 2–4: customers per repeat-purchase count in calibration (actual vs
//! model), mean holdout purchases by calibration frequency (conditional
//! expectations), and cumulative repeat purchases over time (tracking).

use super::super::data::summary::{CustomerSummary, HoldoutActivity, TimeUnit};
use super::super::data::transactions::TransactionLog;
use super::super::models::PurchaseModel;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Counts above this are pooled into one "this or more" group.
pub const POOLED_FROM: u32 = 7;

/// Actual vs predicted for one group (a repeat-purchase count, or a point in time).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// The group: a repeat-purchase count (the last one pools everything above)
    /// or a time in the model's unit.
    pub at: f64,
    pub actual: f64,
    pub predicted: f64,
}

/// Customers per number of repeat purchases in the calibration period: actual,
/// and expected under the model (`Σ_i P(X(T_i) = x)`).
pub fn frequency_histogram<M: PurchaseModel + ?Sized>(
    model: &M,
    customers: &[CustomerSummary],
) -> Vec<Comparison> {
    let groups = POOLED_FROM as usize + 1;
    let mut actual = vec![0.0; groups];
    // The model's part depends on T only: count the customers per distinct T
    // (at most one per day of history) and evaluate each T once.
    // (A BTreeMap: summing in a fixed order keeps the result reproducible to the last bit.)
    let mut per_age: std::collections::BTreeMap<u64, (f64, f64)> =
        std::collections::BTreeMap::new();
    for c in customers {
        actual[(c.frequency.min(POOLED_FROM)) as usize] += 1.0;
        per_age.entry(c.age.to_bits()).or_insert((c.age, 0.0)).1 += 1.0;
    }
    let mut predicted = vec![0.0; groups];
    for (age, count) in per_age.into_values() {
        let mut below = 0.0;
        for (n, p) in predicted.iter_mut().enumerate().take(groups - 1) {
            let prob = model.prob_purchases_new(n as u32, age);
            *p += count * prob;
            below += prob;
        }
        predicted[groups - 1] += count * (1.0 - below).max(0.0);
    }
    (0..groups)
        .map(|x| Comparison {
            at: x as f64,
            actual: actual[x],
            predicted: predicted[x],
        })
        .collect()
}

/// Errors of the predicted holdout purchases per customer.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HoldoutErrors {
    pub customers: usize,
    pub mean_absolute_error: f64,
    pub root_mean_squared_error: f64,
    pub actual_total: f64,
    pub predicted_total: f64,
}

/// Holdout evaluation: per-customer errors and the conditional-expectation
/// chart (mean holdout purchases by calibration repeat-purchase count).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HoldoutCheck {
    pub errors: HoldoutErrors,
    pub by_frequency: Vec<Comparison>,
}

/// Compares `E[Y(holdout) | x, t_x, T]` with what each customer bought in the holdout period.
/// `customers` and `holdout` are aligned (see [`super::super::data::summary::holdout_activity`]).
pub fn holdout_check<M: PurchaseModel + ?Sized>(
    model: &M,
    customers: &[CustomerSummary],
    holdout: &[HoldoutActivity],
    holdout_length: f64,
) -> HoldoutCheck {
    let groups = POOLED_FROM as usize + 1;
    let mut sums = vec![(0.0, 0.0, 0.0); groups];
    let (mut abs, mut sq, mut actual_total, mut predicted_total) = (0.0, 0.0, 0.0, 0.0);
    let mut cache: std::collections::HashMap<(u32, u64, u64), f64> =
        std::collections::HashMap::new();
    for (c, h) in customers.iter().zip(holdout) {
        let predicted = *cache
            .entry((c.frequency, c.recency.to_bits(), c.age.to_bits()))
            .or_insert_with(|| {
                model.expected_purchases(c.frequency as f64, c.recency, c.age, holdout_length)
            });
        let actual = h.purchases as f64;
        abs += (predicted - actual).abs();
        sq += (predicted - actual).powi(2);
        actual_total += actual;
        predicted_total += predicted;
        let g = &mut sums[c.frequency.min(POOLED_FROM) as usize];
        g.0 += 1.0;
        g.1 += actual;
        g.2 += predicted;
    }
    let n = customers.len().min(holdout.len());
    let by_frequency = sums
        .iter()
        .enumerate()
        .filter(|(_, g)| g.0 > 0.0)
        .map(|(x, g)| Comparison {
            at: x as f64,
            actual: g.1 / g.0,
            predicted: g.2 / g.0,
        })
        .collect();
    let nf = n.max(1) as f64;
    HoldoutCheck {
        errors: HoldoutErrors {
            customers: n,
            mean_absolute_error: abs / nf,
            root_mean_squared_error: (sq / nf).sqrt(),
            actual_total,
            predicted_total,
        },
        by_frequency,
    }
}

/// Cumulative repeat purchases (purchase days after each customer's first) of
/// the calibration customers, from the first purchase date to `end`, at every
/// `step` (model units): actual, and `Σ_i E[X(τ − first_i)]` under the model.
pub fn cumulative_tracking<M: PurchaseModel + ?Sized>(
    model: &M,
    log: &TransactionLog,
    calibration_end: NaiveDate,
    end: NaiveDate,
    unit: TimeUnit,
    step: f64,
) -> Vec<Comparison> {
    let Some((start, _)) = log.date_range() else {
        return Vec::new();
    };
    let n = log.customer_ids().len();
    let mut first: Vec<Option<NaiveDate>> = vec![None; n];
    let mut last_day: Vec<Option<NaiveDate>> = vec![None; n];
    // Repeat-purchase days per customer, for customers acquired by the calibration end.
    let mut repeat_days: Vec<f64> = Vec::new();
    for t in log.transactions().iter().take_while(|t| t.date <= end) {
        if t.is_refund() {
            continue;
        }
        let c = t.customer as usize;
        match first[c] {
            None if t.date <= calibration_end => {
                first[c] = Some(t.date);
                last_day[c] = Some(t.date);
            }
            None => {}
            Some(_) if last_day[c] != Some(t.date) => {
                last_day[c] = Some(t.date);
                repeat_days.push(unit.from_days((t.date - start).num_days()));
            }
            Some(_) => {}
        }
    }
    repeat_days.sort_by(f64::total_cmp);
    // First purchases fall on whole days and the points are whole multiples of
    // the step, so E[X(τ − first)] is needed only once per distance in days.
    // Customers per first-purchase day (at most one entry per day of history).
    let mut per_first_day: std::collections::BTreeMap<i64, f64> = std::collections::BTreeMap::new();
    for d in first.iter().flatten() {
        *per_first_day.entry((*d - start).num_days()).or_insert(0.0) += 1.0;
    }
    let step_days = step * unit.days();
    let horizon = unit.from_days((end - start).num_days());
    let points = (horizon / step).floor() as usize;
    let mut expected_at_distance: std::collections::HashMap<i64, f64> =
        std::collections::HashMap::new();
    let mut expected_new = |days: i64| -> f64 {
        *expected_at_distance
            .entry(days)
            .or_insert_with(|| model.expected_purchases_new(unit.from_days(days)))
    };
    (1..=points)
        .map(|k| {
            let tau = k as f64 * step;
            let tau_days = k as f64 * step_days;
            let actual = repeat_days.partition_point(|d| *d <= tau) as f64;
            let predicted = per_first_day
                .iter()
                .filter(|(f, _)| (**f as f64) < tau_days)
                .map(|(f, count)| {
                    let distance = tau_days - *f as f64;
                    count
                        * if distance.fract() == 0.0 {
                            expected_new(distance as i64)
                        } else {
                            model.expected_purchases_new(distance / unit.days())
                        }
                })
                .sum();
            Comparison {
                at: tau,
                actual,
                predicted,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::summary::{holdout_activity, summarize};
    use crate::clv::data::transactions::TransactionLogBuilder;

    use crate::clv::models::ConstantRate as Poisson;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn history() -> TransactionLog {
        let mut b = TransactionLogBuilder::new();
        // a: first Jan 1, repeats Jan 8 and (holdout) Jan 22, Jan 29
        for (date, amount) in [
            ("2024-01-01", 10.0),
            ("2024-01-08", 5.0),
            ("2024-01-22", 7.0),
            ("2024-01-29", 1.0),
        ] {
            b.push("a", d(date), amount);
        }
        // b: first Jan 3, nothing else
        b.push("b", d("2024-01-03"), 20.0);
        // c: first in the holdout period: not a calibration customer
        b.push("c", d("2024-01-20"), 3.0);
        b.finish()
    }

    #[test]
    fn histogram_counts_and_poisson_expectations() {
        let customers = summarize(&history(), d("2024-01-15"), TimeUnit::Week);
        let model = Poisson { rate: 0.5 };
        let h = frequency_histogram(&model, &customers);
        assert_eq!(h.len(), 8);
        assert_eq!(
            (h[0].actual, h[1].actual),
            (1.0, 1.0),
            "b never repeated, a once"
        );
        // a: T = 2 weeks, b: T = 12/7 weeks; P(X=0) = e^(−0.5 T)
        let expected0 = (-1.0f64).exp() + (-0.5 * 12.0 / 7.0f64).exp();
        assert!((h[0].predicted - expected0).abs() < 1e-12);
        let total: f64 = h.iter().map(|c| c.predicted).sum();
        assert!(
            (total - 2.0).abs() < 1e-12,
            "the groups hold every customer: {total}"
        );
    }

    #[test]
    fn holdout_errors_by_hand() {
        let log = history();
        let customers = summarize(&log, d("2024-01-15"), TimeUnit::Week);
        let holdout = holdout_activity(&log, d("2024-01-15"), d("2024-01-29"));
        let check = holdout_check(&Poisson { rate: 0.5 }, &customers, &holdout, 2.0);
        // predicted 1 each; actual a = 2, b = 0
        assert_eq!(check.errors.customers, 2);
        assert!((check.errors.mean_absolute_error - 1.0).abs() < 1e-12);
        assert!((check.errors.root_mean_squared_error - 1.0).abs() < 1e-12);
        assert_eq!(
            (check.errors.actual_total, check.errors.predicted_total),
            (2.0, 2.0)
        );
        assert_eq!(
            check.by_frequency,
            [
                Comparison {
                    at: 0.0,
                    actual: 0.0,
                    predicted: 1.0
                },
                Comparison {
                    at: 1.0,
                    actual: 2.0,
                    predicted: 1.0
                }
            ]
        );
    }

    #[test]
    fn tracking_counts_repeat_days_of_calibration_customers() {
        let log = history();
        let t = cumulative_tracking(
            &Poisson { rate: 1.0 },
            &log,
            d("2024-01-15"),
            d("2024-01-29"),
            TimeUnit::Week,
            1.0,
        );
        assert_eq!(t.len(), 4);
        let actual: Vec<f64> = t.iter().map(|c| c.actual).collect();
        assert_eq!(
            actual,
            [1.0, 1.0, 2.0, 3.0],
            "c (first seen in holdout) does not count"
        );
        // week 1: a has been a customer 1 week, b 5/7 week
        assert!((t[0].predicted - (1.0 + 5.0 / 7.0)).abs() < 1e-12);
    }
}
