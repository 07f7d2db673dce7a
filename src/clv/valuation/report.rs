//! The model report behind the Models page: fit the purchase models (on a
//! calibration period for validation, on all data for scoring), the spend
//! model, and score every customer with intervals.

use super::super::data::dataset::CustomerData;
use super::super::data::summary::{
    holdout_activity, summarize, CustomerSummary, HoldoutActivity, TimeUnit,
};
use super::super::data::summary_table::SummaryTable;
use super::super::data::transactions::TransactionLog;
use super::super::estimation::fit::{Estimate, FitError, FitSettings};
use super::super::estimation::uncertainty::{draw_parameters, Interval};
use super::super::goals::ValueModel;
use super::super::models::gamma_gamma::{GammaGamma, SpendData, SpendWarning};
use super::super::models::rfm_data::RfmData;
use super::super::models::{PurchaseModel, PurchaseModelKind};
use super::validation::{
    cumulative_tracking, frequency_histogram, holdout_check, Comparison, HoldoutErrors,
};
use super::value::{
    discounted_purchases_batch, new_customer_value, score_customers, ClvSettings, CustomerScore,
    ScoreInput,
};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the Models page asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRequest {
    pub model: PurchaseModelKind,
    /// Spend per purchase from the Gamma-Gamma model (else: each customer's observed average).
    pub gamma_gamma: bool,
    pub end: NaiveDate,
    pub unit: TimeUnit,
    /// Months at the end of the data held out to validate the models (0: no validation).
    pub holdout_months: u32,
    pub horizon_months: f64,
    pub annual_discount: f64,
    pub margin: f64,
    /// Parameter draws for the intervals (0: none).
    pub draws: usize,
}

#[cfg(test)]
impl ModelRequest {
    /// Test support: BG/NBD with Gamma-Gamma spend on weekly summaries as of
    /// `end`, validated on the last 6 months, valued over 12 months at 10 % a
    /// year on revenue (margin 1), with 20 parameter draws for the intervals.
    pub(crate) fn weekly_bg_nbd(end: NaiveDate) -> ModelRequest {
        ModelRequest {
            model: PurchaseModelKind::BgNbd,
            gamma_gamma: true,
            end,
            unit: TimeUnit::Week,
            holdout_months: 6,
            horizon_months: 12.0,
            annual_discount: 0.1,
            margin: 1.0,
            draws: 20,
        }
    }
}

/// One purchase model in the comparison table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelComparison {
    pub model: PurchaseModelKind,
    /// The fit on all data up to the end, or why it failed.
    pub fit: Result<Estimate, FitError>,
    /// Holdout errors of the fit on the calibration period.
    pub holdout: Option<HoldoutErrors>,
}

/// The diagnostic charts' data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// The calibration/holdout boundary, if validated.
    pub calibration_end: Option<NaiveDate>,
    /// The same boundary on the tracking chart's time axis (model units since the first purchase date).
    pub calibration_at: Option<f64>,
    pub frequency_histogram: Vec<Comparison>,
    pub conditional_expectations: Vec<Comparison>,
    pub tracking: Vec<Comparison>,
}

/// Everything the Models page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    pub request: ModelRequest,
    pub comparison: Vec<ModelComparison>,
    pub purchase: Estimate,
    pub spend: Option<Estimate>,
    pub spend_warnings: Vec<SpendWarning>,
    /// Why the Gamma-Gamma model could not be fitted (customers' own averages are used instead).
    pub spend_error: Option<FitError>,
    pub diagnostics: Diagnostics,
    pub scores: Vec<CustomerScore>,
    pub total_clv: Interval,
    /// Value of a brand-new customer at acquisition (first purchase included).
    pub new_customer_value: f64,
}

impl ModelReport {
    /// The fitted purchase model.
    pub fn purchase_model(&self) -> Box<dyn PurchaseModel> {
        self.request.model.with_params(&self.purchase.params)
    }

    /// The fitted spend model, if Gamma-Gamma was asked for and could be fitted.
    pub fn spend_model(&self) -> Option<GammaGamma> {
        self.spend.as_ref().map(|e| GammaGamma {
            p: e.params[0],
            q: e.params[1],
            gamma: e.params[2],
        })
    }

    /// Horizon, discounting and margin the scores were computed with.
    pub fn clv_settings(&self) -> ClvSettings {
        let r = &self.request;
        ClvSettings::monthly(r.unit, r.horizon_months, r.annual_discount, r.margin)
    }

    /// The report's models, owned, for the goals' value KPIs: the purchase model,
    /// `draws` parameter sets drawn from its estimate (seeded, for the interval
    /// of a projection; none where the estimate has no covariance), the spend
    /// model and the CLV settings.
    pub fn fitted_models(&self, draws: usize, seed: u64) -> FittedModels {
        let kind = self.request.model;
        let purchase_draws = draw_parameters(&self.purchase, draws, seed)
            .map(|sets| sets.iter().map(|p| kind.with_params(p)).collect())
            .unwrap_or_default();
        FittedModels {
            purchase: self.purchase_model(),
            purchase_draws,
            spend: self.spend_model(),
            clv: self.clv_settings(),
        }
    }
}

/// A report's fitted models, owned (see [`ModelReport::fitted_models`]);
/// [`FittedModels::value_model`] lends them to a [`KpiContext`](super::super::goals::KpiContext).
pub struct FittedModels {
    pub purchase: Box<dyn PurchaseModel>,
    pub purchase_draws: Vec<Box<dyn PurchaseModel>>,
    pub spend: Option<GammaGamma>,
    pub clv: ClvSettings,
}

impl FittedModels {
    /// The models as the goals' KPIs read them.
    pub fn value_model(&self) -> ValueModel<'_> {
        ValueModel {
            purchase: self.purchase.as_ref(),
            purchase_draws: &self.purchase_draws,
            spend: self.spend,
            clv: self.clv.clone(),
        }
    }
}

/// Model evaluations the intervals may take: a draw costs one evaluation per
/// distinct history and discounting step (12 for a year).
const INTERVAL_BUDGET: usize = 2_400_000;
/// Fewer draws than this make the 2.5% and 97.5% quantiles too rough.
const MIN_DRAWS: usize = 20;

/// The draws to use: as requested, but fewer for large data (never below
/// [`MIN_DRAWS`]), so that the intervals stay within [`INTERVAL_BUDGET`].
pub fn interval_draws(requested: usize, distinct_histories: usize) -> usize {
    let affordable = INTERVAL_BUDGET / (12 * distinct_histories.max(1));
    requested.min(affordable.max(MIN_DRAWS))
}

/// The calibration/holdout split the models are validated on.
pub struct Validation<'a> {
    /// The calibration period's end, where it is a date of the data.
    pub calibration_end: Option<NaiveDate>,
    /// The same boundary on the tracking chart's time axis.
    pub calibration_at: Option<f64>,
    /// The customers as of the calibration end, and what each bought in the holdout period.
    pub customers: Vec<CustomerSummary>,
    pub holdout: Vec<HoldoutActivity>,
    /// The holdout period's length in the request's unit.
    pub length: f64,
    /// The log the cumulative tracking chart is drawn from (none for summaries).
    pub log: Option<(&'a TransactionLog, NaiveDate)>,
}

impl<'a> Validation<'a> {
    /// The last `req.holdout_months` of `log` held out (`None` without data
    /// before the calibration end or with no months asked for).
    pub fn of_log(log: &'a TransactionLog, req: &ModelRequest) -> Option<Validation<'a>> {
        let (first, _) = log.date_range()?;
        let c = (req.holdout_months > 0)
            .then(|| req.end.checked_sub_months(Months::new(req.holdout_months)))
            .flatten()
            .filter(|c| *c > first)?;
        Some(Validation {
            calibration_end: Some(c),
            calibration_at: Some(req.unit.from_days((c - first).num_days())),
            customers: summarize(log, c, req.unit),
            holdout: holdout_activity(log, c, req.end),
            length: req.unit.from_days((req.end - c).num_days()),
            log: Some((log, c)),
        })
    }

    /// A summary file's own holdout columns (`None` where it has none):
    /// `customers` are its rows, the calibration period ends on its date.
    pub fn of_summaries(table: &SummaryTable, unit: TimeUnit) -> Option<Validation<'a>> {
        let holdout = table.holdout(unit)?;
        Some(Validation {
            calibration_end: Some(table.as_of()),
            calibration_at: None,
            customers: table.customers(unit),
            holdout: holdout.activity,
            length: holdout.length,
            log: None,
        })
    }
}

/// Fits, validates and scores; `customers` is `summarize(log, req.end,
/// req.unit)`, validated on the log's last `req.holdout_months`.
pub fn model_report(
    log: &TransactionLog,
    customers: &[CustomerSummary],
    req: &ModelRequest,
) -> Result<ModelReport, FitError> {
    validated_report(customers, Validation::of_log(log, req), req)
}

/// [`model_report`] on either kind of data; `customers` is
/// `data.customers(req.end, req.unit)`. A summary file is validated on its
/// holdout columns.
pub fn data_report(
    data: &CustomerData,
    customers: &[CustomerSummary],
    req: &ModelRequest,
) -> Result<ModelReport, FitError> {
    match data {
        CustomerData::Transactions(log) => model_report(log, customers, req),
        CustomerData::Summaries(table) => {
            validated_report(customers, Validation::of_summaries(table, req.unit), req)
        }
    }
}

/// [`model_report`] with the validation given.
pub fn validated_report(
    customers: &[CustomerSummary],
    validation: Option<Validation>,
    req: &ModelRequest,
) -> Result<ModelReport, FitError> {
    let settings = FitSettings::default();
    let data = RfmData::from_summaries(customers)?;
    let mut diagnostics = Diagnostics {
        calibration_end: validation.as_ref().and_then(|v| v.calibration_end),
        calibration_at: validation.as_ref().and_then(|v| v.calibration_at),
        frequency_histogram: Vec::new(),
        conditional_expectations: Vec::new(),
        tracking: Vec::new(),
    };
    let mut comparison = Vec::new();
    let mut chosen = None;
    for kind in PurchaseModelKind::ALL {
        let fit = kind.fit(&data, &settings);
        let mut holdout_errors = None;
        if let Some(v) = &validation {
            if let Ok((cal_model, _)) =
                RfmData::from_summaries(&v.customers).and_then(|d| kind.fit(&d, &settings))
            {
                let check = holdout_check(cal_model.as_ref(), &v.customers, &v.holdout, v.length);
                holdout_errors = Some(check.errors);
                if kind == req.model {
                    diagnostics.conditional_expectations = check.by_frequency;
                    diagnostics.frequency_histogram =
                        frequency_histogram(cal_model.as_ref(), &v.customers);
                    if let Some((log, c)) = v.log {
                        let step = 7.0 / req.unit.days();
                        diagnostics.tracking = cumulative_tracking(
                            cal_model.as_ref(),
                            log,
                            c,
                            req.end,
                            req.unit,
                            step,
                        );
                    }
                }
            }
        }
        let estimate = fit.as_ref().map(|f| f.1.clone()).map_err(Clone::clone);
        if kind == req.model {
            chosen = Some(fit);
        }
        comparison.push(ModelComparison {
            model: kind,
            fit: estimate,
            holdout: holdout_errors,
        });
    }
    let (model, purchase) = chosen.expect("the chosen model is one of ALL")?;
    if diagnostics.frequency_histogram.is_empty() {
        diagnostics.frequency_histogram = frequency_histogram(model.as_ref(), customers);
    }

    // Spend per purchase.
    // Spend per purchase: Gamma-Gamma where asked and possible; otherwise (and
    // if it cannot be fitted, e.g. too few repeat buyers) each customer's average.
    let mut spend_error = None;
    let (spend_model, spend, spend_warnings) = if req.gamma_gamma {
        let fitted = SpendData::from_rows(
            customers
                .iter()
                .map(|c| (c.frequency as f64, c.monetary_value)),
        )
        .and_then(|(spend_data, _)| GammaGamma::fit(&spend_data, &settings));
        match fitted {
            Ok(f) => (Some(f.model), Some(f.estimate), f.warnings),
            Err(e) => {
                spend_error = Some(e);
                (None, None, Vec::new())
            }
        }
    } else {
        (None, None, Vec::new())
    };
    let clv_settings = ClvSettings::monthly(
        req.unit,
        req.horizon_months,
        req.annual_discount,
        req.margin,
    );
    let inputs = |gg: Option<&GammaGamma>| ScoreInput::of_customers(customers, gg);
    let point_inputs = inputs(spend_model.as_ref());
    let mut scores = score_customers(model.as_ref(), &point_inputs, &clv_settings);
    let total: f64 = scores.iter().map(|s| s.clv.estimate).sum();

    // Intervals: recompute every customer's value under parameter draws of the
    // purchase model (and of the spend model, if used).
    let purchase_draws =
        draw_parameters(&purchase, interval_draws(req.draws, data.len()), 1).unwrap_or_default();
    let spend_draws = spend
        .as_ref()
        .and_then(|s| draw_parameters(s, purchase_draws.len(), 2));
    let mut per_customer: Vec<Vec<f64>> =
        vec![Vec::with_capacity(purchase_draws.len()); customers.len()];
    let mut total_draws = Vec::with_capacity(purchase_draws.len());
    for (i, p) in purchase_draws.iter().enumerate() {
        let drawn = req.model.with_params(p);
        let gg = spend_draws
            .as_ref()
            .map(|d| GammaGamma {
                p: d[i][0],
                q: d[i][1],
                gamma: d[i][2],
            })
            .or(spend_model);
        let drawn_inputs = inputs(gg.as_ref());
        let discounted = discounted_purchases_batch(drawn.as_ref(), &drawn_inputs, &clv_settings);
        let mut sum = 0.0;
        for ((values, d), input) in per_customer.iter_mut().zip(&discounted).zip(&drawn_inputs) {
            let v = req.margin * input.spend_per_purchase * d;
            values.push(v);
            sum += v;
        }
        total_draws.push(sum);
    }
    for (score, values) in scores.iter_mut().zip(per_customer.iter_mut()) {
        score.clv = Interval::from_draws(score.clv.estimate, values);
    }
    let mean_spend = match spend_model.as_ref().and_then(GammaGamma::population_mean) {
        Some(m) => m,
        None => {
            let orders: f64 = customers.iter().map(|c| c.orders as f64).sum();
            customers.iter().map(|c| c.total).sum::<f64>() / orders.max(1.0)
        }
    };
    Ok(ModelReport {
        request: req.clone(),
        comparison,
        purchase,
        spend,
        spend_warnings,
        spend_error,
        diagnostics,
        scores,
        total_clv: Interval::from_draws(total, &mut total_draws),
        new_customer_value: new_customer_value(model.as_ref(), mean_spend, &clv_settings),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::demo::demo_log;

    #[test]
    fn interval_draws_shrink_with_the_data_but_not_below_the_minimum() {
        assert_eq!(interval_draws(100, 1_500), 100);
        assert_eq!(interval_draws(100, 4_000), 50);
        assert_eq!(interval_draws(100, 60_000), MIN_DRAWS);
        assert_eq!(interval_draws(0, 10), 0, "no intervals asked, none drawn");
    }

    #[test]
    fn a_spend_model_that_cannot_be_fitted_falls_back_to_observed_averages() {
        use crate::clv::data::transactions::TransactionLogBuilder;
        let mut b = TransactionLogBuilder::new();
        let day =
            |d: u32| NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d as u64);
        for c in 0..12u32 {
            b.push(&format!("c{c}"), day(c * 3), 20.0 + c as f64);
        }
        // Two repeat buyers only: too few for Gamma-Gamma, enough for BG/NBD.
        b.push("c0", day(40), 30.0);
        b.push("c1", day(50), 50.0);
        let log = b.finish();
        let end = day(90);
        let customers = summarize(&log, end, TimeUnit::Week);
        let req = ModelRequest {
            holdout_months: 0,
            draws: 0,
            ..ModelRequest::weekly_bg_nbd(end)
        };
        let r = model_report(&log, &customers, &req).unwrap();
        assert!(
            matches!(r.spend_error, Some(FitError::TooFewCustomers { .. })),
            "{:?}",
            r.spend_error
        );
        assert!(r.spend.is_none());
        // Each customer's own average order value is the spend per purchase.
        for (c, s) in customers.iter().zip(&r.scores) {
            assert_eq!(s.spend_per_purchase, c.average_order_value);
        }
    }

    #[test]
    fn demo_report_is_complete_and_consistent() {
        let log = demo_log();
        let end = log.date_range().unwrap().1;
        let customers = summarize(&log, end, TimeUnit::Week);
        let req = ModelRequest {
            margin: 0.5,
            draws: 40,
            ..ModelRequest::weekly_bg_nbd(end)
        };
        let r = model_report(&log, &customers, &req).unwrap();
        assert_eq!(r.scores.len(), customers.len());
        assert_eq!(r.comparison.len(), 3);
        assert!(r
            .comparison
            .iter()
            .all(|c| c.fit.is_ok() && c.holdout.is_some()));
        let total: f64 = r.scores.iter().map(|s| s.clv.estimate).sum();
        assert!((total - r.total_clv.estimate).abs() < 1e-6 * total);

        // The goals' customer equity, from the report's own models, is the report's total.
        let models = r.fitted_models(0, 7);
        let ctx = crate::clv::goals::KpiContext::new(&log, TimeUnit::Week)
            .with_model(models.value_model());
        let equity = crate::clv::goals::KpiEngine::new(&ctx)
            .value(
                &crate::clv::goals::Kpi::CustomerEquity,
                &crate::clv::goals::Scope::All,
                end,
            )
            .unwrap()
            .unwrap();
        assert!((equity - total).abs() < 1e-9 * total, "{equity} vs {total}");
        assert!(
            r.total_clv.low < total && total < r.total_clv.high,
            "{:?}",
            r.total_clv
        );
        for s in &r.scores {
            assert!(
                (0.0..=1.0).contains(&s.p_alive)
                    && s.clv.low <= s.clv.estimate + 1e-9
                    && s.clv.estimate <= s.clv.high + 1e-9
            );
        }
        // Every calibration customer is in the histogram, model and actual alike.
        let actual: f64 = r
            .diagnostics
            .frequency_histogram
            .iter()
            .map(|c| c.actual)
            .sum();
        let predicted: f64 = r
            .diagnostics
            .frequency_histogram
            .iter()
            .map(|c| c.predicted)
            .sum();
        assert!(
            (actual - predicted).abs() < 1e-6 * actual,
            "{actual} vs {predicted}"
        );
        assert!(r.diagnostics.calibration_at.is_some() && !r.diagnostics.tracking.is_empty());
        // Half the margin, half the value.
        let full = model_report(
            &log,
            &customers,
            &ModelRequest {
                margin: 1.0,
                draws: 0,
                ..req
            },
        )
        .unwrap();
        assert!((full.total_clv.estimate - 2.0 * total).abs() < 1e-6 * total);
    }

    #[test]
    fn a_summary_file_with_holdout_columns_validates_and_fits_as_its_log_would() {
        use crate::clv::data::dataset::CustomerData;
        use crate::clv::data::summary_csv::{read_summary_csv, write_holdout_summary_csv};
        let log = demo_log();
        let end = log.date_range().unwrap().1;
        let req = ModelRequest {
            draws: 0,
            ..ModelRequest::weekly_bg_nbd(end)
        };
        let from_log = model_report(&log, &summarize(&log, end, req.unit), &req).unwrap();
        // The same split as a file: calibration summaries in days with holdout columns.
        let calibration_end = from_log.diagnostics.calibration_end.unwrap();
        let file = write_holdout_summary_csv(
            &summarize(&log, calibration_end, TimeUnit::Day),
            &holdout_activity(&log, calibration_end, end),
        );
        let table = SummaryTable::new(
            read_summary_csv(file.as_bytes()).unwrap(),
            TimeUnit::Day,
            calibration_end,
            Some(end),
        )
        .unwrap();
        let data = CustomerData::Summaries(table);
        let customers = data.customers(end, req.unit);
        let from_file = data_report(&data, &customers, &req).unwrap();
        assert_eq!(from_file.diagnostics.calibration_end, Some(calibration_end));
        for (f, l) in from_file.comparison.iter().zip(&from_log.comparison) {
            let (f, l) = (f.holdout.as_ref().unwrap(), l.holdout.as_ref().unwrap());
            assert!(
                (f.mean_absolute_error - l.mean_absolute_error).abs() < 1e-9
                    && f.actual_total == l.actual_total
                    && f.customers == l.customers,
                "{f:?} vs {l:?}"
            );
        }
        assert_eq!(
            from_file.diagnostics.conditional_expectations.len(),
            from_log.diagnostics.conditional_expectations.len()
        );
        // No log, no tracking chart; the scores are as of the calibration end.
        assert!(from_file.diagnostics.tracking.is_empty());
        let at_calibration = model_report(
            &log,
            &summarize(&log, calibration_end, req.unit),
            &ModelRequest {
                end: calibration_end,
                holdout_months: 0,
                ..req.clone()
            },
        )
        .unwrap();
        for (f, l) in from_file
            .purchase
            .params
            .iter()
            .zip(&at_calibration.purchase.params)
        {
            assert!((f - l).abs() < 1e-6 * l.abs(), "{f} vs {l}");
        }
        assert_eq!(from_file.scores.len(), at_calibration.scores.len());
    }
}
