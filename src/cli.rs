//! The command line's logic (the `kundenwert` binary only parses nothing and
//! prints): commands over files, results written to a `Write`.

use crate::clv::data::import::parse_transactions;
use crate::clv::data::summary::{holdout_activity, summarize, TimeUnit};
use crate::clv::data::summary_csv::{
    read_summary_csv, write_holdout_summary_csv, write_summary_csv, SummaryRow,
};
use crate::clv::estimation::fit::{Estimate, FitError, FitSettings};
use crate::clv::models::rfm_data::RfmData;
use crate::clv::models::PurchaseModelKind;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::io::Write;

/// Why a command failed; printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0} (see kundenwert --help)")]
    Usage(String),
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{0}")]
    Fit(String),
    #[error("cannot write the output: {0}")]
    Output(String),
    /// The reader of the output went away (`kundenwert score ... | head`): not an error.
    #[error("the output was closed")]
    OutputClosed,
}

impl CliError {
    /// 2 for bad input (files, arguments, data a model cannot be fitted to), 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Output(_) => 1,
            CliError::OutputClosed => 0,
            _ => 2,
        }
    }
}

const HELP: &str = "\
kundenwert: customer lifetime value from the command line

  kundenwert summarize --transactions FILE --end YYYY-MM-DD [--unit day|week] [--holdout-start YYYY-MM-DD]
      per-customer summary CSV: customer_id,frequency,recency,T,monetary_value
      (with --holdout-start, the calibration period ends the day before and
      holdout_purchases,holdout_spend follow)
  kundenwert fit --model bg-nbd|mbg-nbd|pareto-nbd|gamma-gamma --summary FILE
      the fitted parameters as one JSON object
  kundenwert score --model bg-nbd|mbg-nbd|pareto-nbd --summary FILE --horizon N
                   [--unit day|week] [--discount-annual D] [--margin M]
      per-customer CSV: customer_id,p_alive,expected_purchases,expected_spend,clv
      (N in the summary's time unit; spend from a Gamma-Gamma fit on monetary_value)
  kundenwert segment --transactions FILE --end YYYY-MM-DD [--unit day|week]
      per-customer CSV: customer_id,r,f,m,rfm_segment,clv_tier,risk_band
      (tiers and bands from BG/NBD with Gamma-Gamma, 12 months, 10% a year)
";

/// `--flag value` pairs after the command.
struct Flags {
    values: HashMap<String, String>,
}

impl Flags {
    fn parse(args: &[String], allowed: &[&str]) -> Result<Self, CliError> {
        let mut values = HashMap::new();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let name = flag
                .strip_prefix("--")
                .filter(|n| allowed.contains(n))
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "unknown argument {flag:?}; expected one of --{}",
                        allowed.join(", --")
                    ))
                })?;
            let value = it
                .next()
                .ok_or_else(|| CliError::Usage(format!("--{name} needs a value")))?;
            if values.insert(name.to_owned(), value.clone()).is_some() {
                return Err(CliError::Usage(format!("--{name} is given twice")));
            }
        }
        Ok(Flags { values })
    }

    fn required(&self, name: &str) -> Result<&str, CliError> {
        self.values
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| CliError::Usage(format!("--{name} is required")))
    }

    fn optional(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    fn date(&self, name: &str) -> Result<Option<NaiveDate>, CliError> {
        self.optional(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                    CliError::Usage(format!(
                        "--{name} expects a date like 2024-12-31, found {v:?}"
                    ))
                })
            })
            .transpose()
    }

    fn required_date(&self, name: &str) -> Result<NaiveDate, CliError> {
        self.date(name)?
            .ok_or_else(|| CliError::Usage(format!("--{name} is required")))
    }

    fn number(
        &self,
        name: &str,
        default: f64,
        valid: impl Fn(f64) -> bool,
        what: &str,
    ) -> Result<f64, CliError> {
        match self.optional(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && valid(*x))
                .ok_or_else(|| CliError::Usage(format!("--{name} expects {what}, found {v:?}"))),
        }
    }

    fn unit(&self) -> Result<TimeUnit, CliError> {
        match self.optional("unit") {
            None | Some("week") => Ok(TimeUnit::Week),
            Some("day") => Ok(TimeUnit::Day),
            Some(v) => Err(CliError::Usage(format!(
                "--unit expects day or week, found {v:?}"
            ))),
        }
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::File {
        file: path.to_owned(),
        message: e.to_string(),
    })
}

/// A transactions file, strictly: a batch run stops at the first row it cannot read.
fn read_transactions(
    path: &str,
) -> Result<crate::clv::data::transactions::TransactionLog, CliError> {
    let file_error = |message: String| CliError::File {
        file: path.to_owned(),
        message,
    };
    let report = parse_transactions(&read_file(path)?).map_err(|e| file_error(e.to_string()))?;
    match report.rejected.first() {
        Some(first) => Err(file_error(format!(
            "{first} ({} rows could not be read)",
            report.rejected.len()
        ))),
        None => Ok(report.log),
    }
}

fn write(out: &mut dyn Write, text: &str) -> Result<(), CliError> {
    out.write_all(text.as_bytes()).map_err(output_error)
}

/// A write error; a closed pipe is not worth a message.
pub fn output_error(e: std::io::Error) -> CliError {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::OutputClosed
    } else {
        CliError::Output(e.to_string())
    }
}

/// Runs one command line (without the program name).
pub fn run(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    match command.as_str() {
        "summarize" => summarize_command(rest, out),
        "fit" => fit_command(rest, out),
        "score" => score_command(rest, out),
        "segment" => segment_command(rest, out),
        "help" | "--help" | "-h" => write(out, HELP),
        other => Err(CliError::Usage(format!(
            "unknown command {other:?}; expected summarize, fit, score or segment"
        ))),
    }
}

fn summarize_command(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    let flags = Flags::parse(args, &["transactions", "end", "unit", "holdout-start"])?;
    let path = flags.required("transactions")?;
    let end = flags.required_date("end")?;
    let unit = flags.unit()?;
    let log = read_transactions(path)?;
    match flags.date("holdout-start")? {
        None => write(out, &write_summary_csv(&summarize(&log, end, unit))),
        Some(start) => {
            if start > end {
                return Err(CliError::Usage(
                    "--holdout-start must not be after --end".into(),
                ));
            }
            let calibration_end = start.pred_opt().expect("a date after the minimum");
            let customers = summarize(&log, calibration_end, unit);
            let holdout = holdout_activity(&log, calibration_end, end);
            write(out, &write_holdout_summary_csv(&customers, &holdout))
        }
    }
}

fn read_summary(path: &str) -> Result<Vec<SummaryRow>, CliError> {
    read_summary_csv(&read_file(path)?).map_err(|e| CliError::File {
        file: path.to_owned(),
        message: e.to_string(),
    })
}

fn rfm(rows: &[SummaryRow]) -> Result<RfmData, CliError> {
    RfmData::from_rows(rows.iter().map(|r| (r.frequency, r.recency, r.t))).map_err(fit_error)
}

fn fit_error(e: FitError) -> CliError {
    CliError::Fit(e.to_string())
}

fn fit_command(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    let flags = Flags::parse(args, &["model", "summary"])?;
    let model = flags.required("model")?;
    let path = flags.required("summary")?;
    let rows = read_summary(path)?;
    let settings = FitSettings::default();
    let (name, estimate, customers) = match model {
        "gamma-gamma" => {
            let (data, _) = spend_data(&rows, path)?;
            let fit = crate::clv::models::gamma_gamma::GammaGamma::fit(&data, &settings)
                .map_err(fit_error)?;
            (model, fit.estimate, data.customers())
        }
        _ => {
            let data = rfm(&rows)?;
            let estimate = fit_purchase_model(model, &data, &settings)?.1;
            (model, estimate, data.customers())
        }
    };
    write(out, &format!("{}\n", fit_json(name, &estimate, customers)))
}

/// The JSON object `fit` prints.
pub fn fit_json(model: &str, e: &Estimate, customers: f64) -> String {
    let map = |values: &[f64]| -> serde_json::Map<String, serde_json::Value> {
        e.names
            .iter()
            .cloned()
            .zip(values.iter().map(|v| serde_json::json!(v)))
            .collect()
    };
    serde_json::json!({
        "model": model,
        "params": map(&e.params),
        "std_errors": e.std_errors.as_deref().map(map),
        "log_likelihood": e.log_likelihood,
        "customers": customers as u64,
        "converged": e.converged,
    })
    .to_string()
}

fn spend_data(
    rows: &[SummaryRow],
    path: &str,
) -> Result<
    (
        crate::clv::models::gamma_gamma::SpendData,
        crate::clv::models::gamma_gamma::SpendSkipped,
    ),
    CliError,
> {
    let mut pairs = Vec::with_capacity(rows.len());
    for r in rows {
        let m = r.monetary_value.ok_or_else(|| CliError::File {
            file: path.to_owned(),
            message: "expected a monetary_value column for the spend model".into(),
        })?;
        pairs.push((r.frequency, m));
    }
    crate::clv::models::gamma_gamma::SpendData::from_rows(pairs).map_err(fit_error)
}

/// Fits the named purchase model; returns it as a trait object with its estimate.
fn fit_purchase_model(
    model: &str,
    data: &RfmData,
    settings: &FitSettings,
) -> Result<(Box<dyn crate::clv::models::PurchaseModel>, Estimate), CliError> {
    let kind = PurchaseModelKind::from_cli_name(model).ok_or_else(|| {
        CliError::Usage(format!(
            "--model expects bg-nbd, mbg-nbd, pareto-nbd or gamma-gamma, found {model:?}"
        ))
    })?;
    kind.fit(data, settings).map_err(fit_error)
}

fn score_command(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    use crate::clv::valuation::value::{score_customers, ClvSettings, ScoreInput, DAYS_PER_MONTH};
    let flags = Flags::parse(
        args,
        &[
            "model",
            "summary",
            "horizon",
            "unit",
            "discount-annual",
            "margin",
        ],
    )?;
    let model_name = flags.required("model")?;
    if model_name == "gamma-gamma" {
        return Err(CliError::Usage(
            "score needs a purchase model: bg-nbd, mbg-nbd or pareto-nbd".into(),
        ));
    }
    let path = flags.required("summary")?;
    let horizon = flags
        .required("horizon")
        .and_then(|_| flags.number("horizon", 0.0, |h| h >= 0.0, "a horizon >= 0"))?;
    let unit = flags.unit()?;
    let discount = flags.number(
        "discount-annual",
        0.1,
        |d| d > -1.0,
        "an annual rate like 0.1",
    )?;
    let margin = flags.number("margin", 1.0, |m| m >= 0.0, "a margin share like 0.3")?;
    let rows = read_summary(path)?;
    let settings = FitSettings::default();
    let (model, _) = fit_purchase_model(model_name, &rfm(&rows)?, &settings)?;
    let (spend, _) = spend_data(&rows, path)?;
    let spend_model = crate::clv::models::gamma_gamma::GammaGamma::fit(&spend, &settings)
        .map_err(fit_error)?
        .model;
    let clv = ClvSettings::monthly(
        unit,
        horizon * unit.days() / DAYS_PER_MONTH,
        discount,
        margin,
    );
    let inputs: Vec<ScoreInput> = rows
        .iter()
        .map(|r| ScoreInput {
            x: r.frequency,
            t_x: r.recency,
            t: r.t,
            spend_per_purchase: spend_model
                .conditional_expected_average(r.frequency, r.monetary_value.unwrap_or(0.0)),
        })
        .collect();
    let scores = score_customers(model.as_ref(), &inputs, &clv);
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 48));
    w.write_record([
        "customer_id",
        "p_alive",
        "expected_purchases",
        "expected_spend",
        "clv",
    ])
    .expect("write to memory");
    for (r, s) in rows.iter().zip(&scores) {
        w.write_record([
            r.customer_id.clone(),
            format!("{:.6}", s.p_alive),
            format!("{:.6}", s.expected_purchases),
            format!("{:.4}", s.expected_spend),
            format!("{:.4}", s.clv.estimate),
        ])
        .expect("write to memory");
    }
    write(
        out,
        &String::from_utf8(w.into_inner().expect("flush")).expect("UTF-8"),
    )
}

fn segment_command(args: &[String], out: &mut dyn Write) -> Result<(), CliError> {
    use crate::clv::models::gamma_gamma::{GammaGamma, SpendData};
    use crate::clv::segments::rfm::rfm_scores;
    use crate::clv::segments::tiers::{clv_tiers, risk_band, RiskCuts, TierCuts};
    use crate::clv::valuation::value::{score_customers, ClvSettings, ScoreInput};
    let flags = Flags::parse(args, &["transactions", "end", "unit"])?;
    let path = flags.required("transactions")?;
    let end = flags.required_date("end")?;
    let unit = flags.unit()?;
    let log = read_transactions(path)?;
    let customers = summarize(&log, end, unit);
    let rfm = rfm_scores(&customers, end);
    // CLV tiers and risk bands from BG/NBD with Gamma-Gamma spend, 12 months, 10% a year.
    let settings = FitSettings::default();
    let data = RfmData::from_summaries(&customers).map_err(fit_error)?;
    let (model, _) = PurchaseModelKind::BgNbd
        .fit(&data, &settings)
        .map_err(fit_error)?;
    let (spend, _) = SpendData::from_rows(
        customers
            .iter()
            .map(|c| (c.frequency as f64, c.monetary_value)),
    )
    .map_err(fit_error)?;
    let gg = GammaGamma::fit(&spend, &settings).map_err(fit_error)?.model;
    let inputs = ScoreInput::of_customers(&customers, Some(&gg));
    let scores = score_customers(
        model.as_ref(),
        &inputs,
        &ClvSettings::monthly(unit, 12.0, 0.1, 1.0),
    );
    let clv: Vec<f64> = scores.iter().map(|s| s.clv.estimate).collect();
    let tiers = clv_tiers(&clv, &TierCuts::default());
    let cuts = RiskCuts::default();
    let mut w = csv::Writer::from_writer(Vec::with_capacity(customers.len() * 48));
    w.write_record([
        "customer_id",
        "r",
        "f",
        "m",
        "rfm_segment",
        "clv_tier",
        "risk_band",
    ])
    .expect("write to memory");
    for (i, c) in customers.iter().enumerate() {
        let s = rfm[i];
        w.write_record([
            c.customer_id.clone(),
            s.r.to_string(),
            s.f.to_string(),
            s.m.to_string(),
            s.segment().key().to_owned(),
            tiers[i].key().to_owned(),
            risk_band(scores[i].p_alive, &cuts).key().to_owned(),
        ])
        .expect("write to memory");
    }
    write(
        out,
        &String::from_utf8(w.into_inner().expect("flush")).expect("UTF-8"),
    )
}
