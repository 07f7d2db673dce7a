//! The workspace: the data set a user works on and their settings, and its
//! versioned stored form.
//!
//! The demo data is not stored (it is regenerated from its fixed seed); imported
//! transactions are stored in their compact column form, imported summaries
//! as their rows with unit and date. Version 2 added the summaries; version 1
//! texts (transactions only) are read as they are.

use crate::clv::data::dataset::CustomerData;
use crate::clv::data::demo;
use crate::clv::data::shop_import::ImportChoices;
use crate::clv::data::summary::TimeUnit;
use crate::clv::data::summary_table::SummaryTable;
use crate::clv::data::transactions::TransactionLog;
use crate::clv::equity::book::EquityBook;
use crate::clv::equity::customer_equity::EquitySettings;
use crate::clv::goals::{GoalBook, KpiContext};
use crate::clv::models::PurchaseModelKind;
use crate::clv::segments::CustomSegment;
use crate::lang::Lang;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub mod file;
pub mod record;

/// The version of the stored format this build writes.
pub const FORMAT_VERSION: u64 = 2;
/// The versions this build reads.
pub const READABLE_VERSIONS: [u64; 2] = [1, 2];

/// Where the workspace's data came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum DataOrigin {
    /// The built-in demo data set.
    Demo,
    /// No data yet (a new empty workspace, or one saved from a share link).
    Empty,
    /// A file the user imported.
    Imported {
        file_name: String,
        rows_read: usize,
        rejected_rows: usize,
    },
}

/// User settings that travel with the workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Overrides the observation end (default: the last transaction date).
    pub observation_end: Option<NaiveDate>,
    pub time_unit: TimeUnit,
    /// The chosen language; `None` follows the browser.
    pub lang: Option<Lang>,
    /// Currency symbol shown with amounts.
    pub currency: String,
    /// How the Models page fits and values.
    pub model: ModelSettings,
    /// Segments the user defined on the Segments page.
    pub segments: Vec<CustomSegment>,
    /// Customer value goals, surveys and their settings.
    pub goals: GoalBook,
    /// The Equity page's horizon, acquisition, levers and scenarios.
    pub equity: EquityBook,
    /// How files were read, by the signature of their headers: applied to
    /// the next file with the same columns.
    pub import_choices: Vec<RememberedImport>,
}

/// The choices the user confirmed for files with these headers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RememberedImport {
    /// [`crate::clv::data::mapping::header_signature`] of the headers.
    pub signature: String,
    pub choices: ImportChoices,
}

/// How many header layouts are remembered (the most recent first).
pub const REMEMBERED_IMPORTS: usize = 20;

impl Settings {
    /// The choices confirmed last for headers with this signature.
    pub fn remembered_import(&self, signature: &str) -> Option<&ImportChoices> {
        self.import_choices
            .iter()
            .find(|r| r.signature == signature)
            .map(|r| &r.choices)
    }

    /// Remembers `choices` for headers with this signature, first in the list.
    pub fn remember_import(&mut self, signature: String, choices: ImportChoices) {
        self.import_choices.retain(|r| r.signature != signature);
        self.import_choices
            .insert(0, RememberedImport { signature, choices });
        self.import_choices.truncate(REMEMBERED_IMPORTS);
    }
}

/// The Models page's choices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelSettings {
    pub purchase: PurchaseModelKind,
    /// Spend per purchase from the Gamma-Gamma model, else each customer's own average.
    pub gamma_gamma: bool,
    pub horizon_months: u32,
    /// Annual discount rate in percent.
    pub discount_percent: f64,
    /// Margin in percent of revenue.
    pub margin_percent: f64,
    /// Months at the end held out to validate the models.
    pub holdout_months: u32,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            purchase: PurchaseModelKind::BgNbd,
            gamma_gamma: true,
            horizon_months: 12,
            discount_percent: 10.0,
            margin_percent: 100.0,
            holdout_months: 6,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            observation_end: None,
            time_unit: TimeUnit::Week,
            lang: None,
            currency: "€".into(),
            model: ModelSettings::default(),
            segments: Vec::new(),
            goals: GoalBook::default(),
            equity: EquityBook::default(),
            import_choices: Vec::new(),
        }
    }
}

/// The data a user works on (transactions or summaries) and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkspaceData {
    pub origin: DataOrigin,
    pub data: CustomerData,
}

impl WorkspaceData {
    /// The built-in demo data set.
    pub fn demo() -> Self {
        WorkspaceData {
            origin: DataOrigin::Demo,
            data: CustomerData::Transactions(demo::demo_log()),
        }
    }

    /// No data yet: an empty transaction log.
    pub fn empty() -> Self {
        WorkspaceData {
            origin: DataOrigin::Empty,
            data: CustomerData::Transactions(TransactionLog::default()),
        }
    }

    /// Imported transactions.
    pub fn imported(origin: DataOrigin, log: TransactionLog) -> Self {
        WorkspaceData {
            origin,
            data: CustomerData::Transactions(log),
        }
    }

    /// The individual transactions, where the data has them (not for summaries).
    pub fn transactions(&self) -> Option<&TransactionLog> {
        self.data.transactions()
    }
}

impl Settings {
    /// The settings of the equity computation: the Equity page's horizon and
    /// acquisition cost with the Models page's discount rate and margin.
    pub fn equity_settings(&self) -> EquitySettings {
        self.equity.settings(
            self.model.discount_percent / 100.0,
            self.model.margin_percent / 100.0,
        )
    }

    /// The goals' KPIs on `log` with these settings: time unit, thresholds,
    /// custom segments and surveys (add the fitted models with
    /// [`KpiContext::with_model`]).
    pub fn kpi_context<'a>(&'a self, log: &'a TransactionLog) -> KpiContext<'a> {
        KpiContext::new(log, self.time_unit)
            .with_settings(self.goals.kpi)
            .with_segments(&self.segments)
            .with_surveys(&self.goals.surveys)
    }

    /// The date the customers are valued at: the chosen one, else the last
    /// transaction's date (`None` without data); a summary's own date.
    pub fn observation_end(&self, data: &CustomerData) -> Option<NaiveDate> {
        data.observation_end(self.observation_end)
    }
}

/// Everything a user works on: the data and the settings (kept apart so that the
/// app can hold them in separate signals).
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub data: WorkspaceData,
    pub settings: Settings,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::demo()
    }
}

impl Workspace {
    /// A workspace with the built-in demo data and default settings.
    pub fn demo() -> Self {
        Workspace {
            data: WorkspaceData::demo(),
            settings: Settings::default(),
        }
    }

    /// The date the customers are valued at (see [`Settings::observation_end`]).
    pub fn observation_end(&self) -> Option<NaiveDate> {
        self.settings.observation_end(&self.data.data)
    }

    /// Replaces the data (keeping language, currency and time unit; the observation
    /// end goes back to its default).
    pub fn replace_data(&mut self, data: WorkspaceData) {
        self.data = data;
        self.settings.observation_end = None;
    }

    /// The stored text (JSON) of this workspace.
    pub fn encode(&self) -> String {
        encode(&self.data, &self.settings)
    }

    /// Reads a stored text, checking its format version first.
    pub fn decode(text: &str) -> Result<Workspace, DecodeError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
        let version = value.get("version").and_then(|v| v.as_u64());
        if !version.is_some_and(|v| READABLE_VERSIONS.contains(&v)) {
            return Err(DecodeError::VersionMismatch { found: version });
        }
        let stored: StoredWorkspace =
            serde_json::from_value(value).map_err(|e| DecodeError::Invalid(e.to_string()))?;
        let data = match (&stored.origin, stored.transactions, stored.summaries) {
            (DataOrigin::Demo, _, _) => CustomerData::Transactions(demo::demo_log()),
            (DataOrigin::Empty, _, _) => CustomerData::Transactions(TransactionLog::default()),
            (DataOrigin::Imported { .. }, Some(log), None) => CustomerData::Transactions(log),
            (DataOrigin::Imported { .. }, None, Some(table)) => CustomerData::Summaries(table),
            (DataOrigin::Imported { .. }, None, None) => {
                return Err(DecodeError::Invalid(
                    "imported data without its data".into(),
                ))
            }
            (DataOrigin::Imported { .. }, Some(_), Some(_)) => {
                return Err(DecodeError::Invalid(
                    "imported data with both transactions and summaries".into(),
                ))
            }
        };
        Ok(Workspace {
            data: WorkspaceData {
                origin: stored.origin,
                data,
            },
            settings: stored.settings,
        })
    }
}

/// The stored text (JSON) of a workspace held in parts.
pub fn encode(data: &WorkspaceData, settings: &Settings) -> String {
    let stored = StoredWorkspaceRef {
        version: FORMAT_VERSION,
        origin: &data.origin,
        transactions: match data.origin {
            DataOrigin::Demo | DataOrigin::Empty => None,
            DataOrigin::Imported { .. } => data.data.transactions(),
        },
        summaries: data.data.summaries(),
        settings,
    };
    serde_json::to_string(&stored).expect("a workspace always serialises")
}

#[derive(Serialize)]
struct StoredWorkspaceRef<'a> {
    version: u64,
    origin: &'a DataOrigin,
    #[serde(skip_serializing_if = "Option::is_none")]
    transactions: Option<&'a TransactionLog>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summaries: Option<&'a SummaryTable>,
    settings: &'a Settings,
}

#[derive(Deserialize)]
struct StoredWorkspace {
    origin: DataOrigin,
    #[serde(default)]
    transactions: Option<TransactionLog>,
    #[serde(default)]
    summaries: Option<SummaryTable>,
    #[serde(default)]
    settings: Settings,
}

/// Why a stored workspace could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DecodeError {
    #[error("not valid JSON: {0}")]
    NotJson(String),
    /// `found` is `None` where the text has no version number at all.
    #[error("stored format version {found:?}, this build reads {READABLE_VERSIONS:?}")]
    VersionMismatch { found: Option<u64> },
    #[error("the stored workspace does not fit: {0}")]
    Invalid(String),
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn confirmed_import_choices_are_found_by_their_headers_and_the_newest_wins() {
        use crate::clv::data::number::DecimalMark;
        let mut settings = Settings::default();
        let comma = ImportChoices {
            decimal: Some(DecimalMark::Comma),
            ..ImportChoices::default()
        };
        settings.remember_import("kundennummer|betrag".into(), ImportChoices::default());
        settings.remember_import("order id|total".into(), ImportChoices::default());
        settings.remember_import("kundennummer|betrag".into(), comma.clone());
        assert_eq!(
            settings.remembered_import("kundennummer|betrag"),
            Some(&comma)
        );
        assert_eq!(settings.import_choices.len(), 2);
        assert_eq!(settings.import_choices[0].signature, "kundennummer|betrag");
        assert_eq!(settings.remembered_import("name|email"), None);
        for i in 0..30 {
            settings.remember_import(format!("s{i}"), ImportChoices::default());
        }
        assert_eq!(settings.import_choices.len(), REMEMBERED_IMPORTS);
    }
    use crate::clv::data::transactions::TransactionLogBuilder;

    pub(crate) fn imported() -> Workspace {
        let mut b = TransactionLogBuilder::new();
        b.push("A-1", "2024-01-02".parse().unwrap(), 19.99);
        b.push("B;2", "2024-01-03".parse().unwrap(), -5.0);
        let mut ws = Workspace::demo();
        ws.replace_data(WorkspaceData::imported(
            DataOrigin::Imported {
                file_name: "orders.csv".into(),
                rows_read: 3,
                rejected_rows: 1,
            },
            b.finish(),
        ));
        ws.settings.lang = Some(Lang::De);
        ws.settings.time_unit = TimeUnit::Day;
        ws.settings.observation_end = Some("2024-02-01".parse().unwrap());
        ws.settings
            .segments
            .push(crate::clv::segments::CustomSegment {
                name: "big spenders".into(),
                combine: crate::clv::segments::Combine::Any,
                conditions: vec![crate::clv::segments::Condition::Compare {
                    measure: crate::clv::segments::Measure::Revenue,
                    op: crate::clv::segments::Op::Ge,
                    value: 500.0,
                }],
            });
        // A goal with everything a goal can have, and a survey.
        use crate::clv::goals::{
            CheckIn, Direction, Goal, Kpi, KpiUnit, Lever, Milestone, Scope, SegmentRef, Survey,
            SurveyValue,
        };
        let date = |s: &str| s.parse().unwrap();
        ws.settings.goals.surveys.push(Survey {
            name: "NPS".into(),
            unit: KpiUnit::Number,
            direction: Direction::HigherIsBetter,
            values: vec![SurveyValue {
                date: date("2024-01-15"),
                value: 31.5,
            }],
        });
        let mut goal = Goal {
            id: 0,
            name: "Keep the big spenders".into(),
            kpi: Kpi::ChurnRate,
            scope: Scope::Segment(SegmentRef::Custom("big spenders".into())),
            baseline: 0.4,
            target: 0.3,
            stretch: Some(0.25),
            start: date("2024-01-01"),
            deadline: date("2024-12-31"),
            lever: Lever::Retention,
            owner: "CRM team".into(),
            cost: 2500.0,
            notes: "Win-back mailing".into(),
            milestones: vec![Milestone {
                date: date("2024-06-30"),
                value: 0.35,
            }],
            check_ins: vec![CheckIn {
                date: date("2024-02-01"),
                note: "Mailing sent".into(),
                confidence: Some(60),
            }],
            revisions: Vec::new(),
        };
        goal.revise(
            date("2024-02-02"),
            0.32,
            date("2025-03-31"),
            "Later start".into(),
            Direction::LowerIsBetter,
        )
        .unwrap();
        ws.settings.goals.add(goal).unwrap();
        // Equity levers and a scenario.
        use crate::clv::equity::customer_equity::{EquityLever, Levers};
        ws.settings.equity.levers = Levers::default().with(EquityLever::Retention, 0.1);
        ws.settings
            .equity
            .save_scenario(
                "Loyalty",
                Levers::default().with(EquityLever::OrderValue, 0.05),
            )
            .unwrap();
        ws
    }

    #[test]
    fn imported_workspace_round_trips() {
        let ws = imported();
        let text = ws.encode();
        assert!(text.starts_with(r#"{"version":2,"#), "{text}");
        assert_eq!(Workspace::decode(&text).unwrap(), ws);
    }

    #[test]
    fn demo_workspace_stores_no_transactions_and_regenerates_them() {
        let mut ws = Workspace::demo();
        ws.settings.currency = "CHF".into();
        let text = ws.encode();
        assert!(
            text.len() < 1_000,
            "demo data is regenerated, not stored: {}",
            text.len()
        );
        assert_eq!(Workspace::decode(&text).unwrap(), ws);
    }

    #[test]
    fn settings_saved_before_the_model_settings_existed_still_load() {
        let text = r#"{"version":1,"origin":{"kind":"demo"},"settings":{"time_unit":"day","currency":"€"}}"#;
        let ws = Workspace::decode(text).unwrap();
        assert_eq!(ws.settings.time_unit, TimeUnit::Day);
        assert_eq!(ws.settings.model, ModelSettings::default());
    }

    #[test]
    fn observation_end_defaults_to_the_last_transaction() {
        let mut ws = imported();
        assert_eq!(ws.observation_end(), Some("2024-02-01".parse().unwrap()));
        ws.settings.observation_end = None;
        assert_eq!(ws.observation_end(), Some("2024-01-03".parse().unwrap()));
    }

    #[test]
    fn decode_reports_what_is_wrong() {
        assert!(matches!(
            Workspace::decode("{not json"),
            Err(DecodeError::NotJson(_))
        ));
        assert_eq!(
            Workspace::decode(r#"{"version":0,"origin":{"kind":"demo"}}"#),
            Err(DecodeError::VersionMismatch { found: Some(0) })
        );
        assert_eq!(
            Workspace::decode("[1,2]"),
            Err(DecodeError::VersionMismatch { found: None })
        );
        assert!(matches!(
            Workspace::decode(
                r#"{"version":1,"origin":{"kind":"imported","file_name":"x","rows_read":1,"rejected_rows":0}}"#
            ),
            Err(DecodeError::Invalid(_))
        ));
        let mut text = imported().encode();
        text = text.replace("\"customer\":[", "\"customer\":[99,");
        assert!(matches!(
            Workspace::decode(&text),
            Err(DecodeError::Invalid(_))
        ));
    }

    #[test]
    fn equity_settings_take_the_models_discount_and_margin_as_shares() {
        let mut settings = Settings::default();
        settings.model.discount_percent = 8.0;
        settings.model.margin_percent = 40.0;
        settings.equity.horizon_months = 24;
        settings.equity.acquisition_cost = 12.5;
        assert_eq!(
            settings.equity_settings(),
            EquitySettings {
                horizon_months: 24,
                annual_discount: 0.08,
                margin: 0.4,
                acquisition_cost: 12.5,
            }
        );
        assert_eq!(
            settings.equity_settings(),
            settings.equity.settings(0.08, 0.4)
        );
    }

    #[test]
    fn the_kpi_context_of_the_settings_measures_their_custom_segments_and_surveys() {
        use crate::clv::goals::SurveyValue;
        use crate::clv::goals::{Direction, Kpi, KpiEngine, KpiUnit, Scope, SegmentRef, Survey};
        use crate::clv::segments::Combine;
        let ws = imported();
        let mut settings = ws.settings.clone();
        settings.segments.push(CustomSegment {
            name: "Everyone".into(),
            combine: Combine::All,
            conditions: Vec::new(),
        });
        settings.goals.surveys.push(Survey {
            name: "Delivery rating".into(),
            unit: KpiUnit::Number,
            direction: Direction::HigherIsBetter,
            values: vec![SurveyValue {
                date: "2024-01-03".parse().unwrap(),
                value: 41.0,
            }],
        });
        let ctx = settings.kpi_context(ws.data.transactions().unwrap());
        let end = "2024-01-03".parse().unwrap();
        let mut engine = KpiEngine::new(&ctx);
        let everyone = Scope::Segment(SegmentRef::Custom("Everyone".into()));
        // "Everyone" (no condition fails) holds all customers.
        let all = engine.value(&Kpi::Customers, &Scope::All, end);
        assert_eq!(all, Ok(Some(1.0)));
        assert_eq!(engine.value(&Kpi::Customers, &everyone, end), all);
        let rating = Kpi::Survey("Delivery rating".into());
        assert_eq!(engine.value(&rating, &Scope::All, end), Ok(Some(41.0)));
        // Without the settings' segments the same scope is unknown.
        let bare = KpiContext::new(ws.data.transactions().unwrap(), settings.time_unit);
        assert!(KpiEngine::new(&bare)
            .value(&Kpi::Customers, &everyone, end)
            .is_err());
    }

    /// A workspace of two imported summaries with holdout columns.
    pub(crate) fn summary_workspace() -> Workspace {
        use crate::clv::data::summary_csv::read_summary_csv;
        let rows = read_summary_csv(
            b"customer_id,frequency,recency,T,monetary_value,holdout_purchases,holdout_spend\n\
              a,2,3.5,10,12.25,1,9.5\nb,0,0,4,,0,0\n",
        )
        .unwrap();
        let table = SummaryTable::new(
            rows,
            TimeUnit::Week,
            "2024-06-30".parse().unwrap(),
            "2024-09-30".parse().ok(),
        )
        .unwrap();
        let mut ws = Workspace::demo();
        ws.replace_data(WorkspaceData {
            origin: DataOrigin::Imported {
                file_name: "summary.csv".into(),
                rows_read: 2,
                rejected_rows: 0,
            },
            data: CustomerData::Summaries(table),
        });
        ws
    }

    #[test]
    fn an_imported_summary_file_round_trips_with_its_unit_dates_and_holdout() {
        let ws = summary_workspace();
        let text = ws.encode();
        assert!(!text.contains("\"transactions\""), "{text}");
        let back = Workspace::decode(&text).unwrap();
        assert_eq!(back, ws);
        assert_eq!(back.observation_end(), "2024-06-30".parse().ok());
        assert!(back.data.transactions().is_none());
    }

    #[test]
    fn a_workspace_stored_in_version_1_still_loads_its_transactions() {
        // Version 1 as an earlier build wrote it: transactions only.
        let v2 = imported().encode();
        let v1 = v2.replacen(r#"{"version":2,"#, r#"{"version":1,"#, 1);
        assert_eq!(Workspace::decode(&v1).unwrap(), imported());
        assert_eq!(
            Workspace::decode(&v2.replacen(r#"{"version":2,"#, r#"{"version":3,"#, 1)),
            Err(DecodeError::VersionMismatch { found: Some(3) })
        );
    }
}
