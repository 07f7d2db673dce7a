//! Why something failed, in the user's language: rejected import rows and files,
//! model fits, goals, KPIs, custom segments, stored workspaces, workspace files
//! and share links.

use super::{fill, fill_display};
use crate::clv::data::import::{ImportError, NotCsv, RejectedRow, RowProblem};
use crate::clv::data::shop_import::{FileError, PlanProblem};
use crate::clv::data::summary_csv::{SummaryCsvError, SummaryProblem};
use crate::clv::data::summary_table::SummaryTableError;
use crate::clv::estimation::fit::FitError;
use crate::clv::goals::{Direction, GoalError, KpiError};
use crate::clv::segments::rules::SegmentError;
use crate::format;
use crate::lang::Lang;
use crate::share::ShareLinkError;
use crate::workspace::file::{Corruption, WorkspaceFileError};
use crate::workspace::{DecodeError, FORMAT_VERSION};

impl Lang {
    /// A rejected row's problem in this language.
    pub fn row_problem(self, p: &RowProblem) -> String {
        let t = self.texts();
        match p {
            RowProblem::FieldCount { expected, found } => fill_display(
                t.problem_field_count,
                &[("expected", expected), ("found", found)],
            ),
            RowProblem::EmptyCustomerId => t.problem_empty_customer.to_owned(),
            RowProblem::BadDate { value } => fill(t.problem_bad_date, &[("value", value)]),
            RowProblem::BadAmount { value } => fill(t.problem_bad_amount, &[("value", value)]),
            RowProblem::NotUtf8 => t.problem_not_utf8.to_owned(),
        }
    }

    /// Where a rejected row is: "line 3, column 2 (date)".
    pub fn row_location(self, r: &RejectedRow) -> String {
        let t = self.texts();
        match &r.column {
            Some((i, name)) => fill_display(
                t.location_line_column,
                &[("line", &r.line), ("column", i), ("name", name)],
            ),
            None => fill_display(t.location_line, &[("line", &r.line)]),
        }
    }

    /// A whole rejected row: location and problem.
    pub fn rejected_row(self, r: &RejectedRow) -> String {
        format!("{}: {}", self.row_location(r), self.row_problem(&r.problem))
    }

    /// Why a file could not be imported, in this language.
    pub fn import_error(self, e: &ImportError) -> String {
        let t = self.texts();
        match e {
            ImportError::Empty => t.error_empty.to_owned(),
            ImportError::MissingColumns { missing, found } => {
                let missing: Vec<_> = missing.iter().map(|c| c.name()).collect();
                let found = if found.is_empty() {
                    t.error_none.to_owned()
                } else {
                    found.join(", ")
                };
                fill(
                    t.error_missing_columns,
                    &[("missing", &missing.join(", ")), ("found", &found)],
                )
            }
            ImportError::NoRows => t.error_no_rows.to_owned(),
            ImportError::NoGoodRows { rows, first } => fill_display(
                t.error_no_good_rows,
                &[("rows", rows), ("first", &self.rejected_row(first))],
            ),
            ImportError::Unreadable { line, reason } => {
                let message = match reason {
                    NotCsv::Binary => t.error_not_text.to_owned(),
                    NotCsv::Utf16 => t.error_utf16.to_owned(),
                    NotCsv::Archive => t.error_archive.to_owned(),
                    NotCsv::NotUtf8 => t.error_not_utf8.to_owned(),
                    NotCsv::Csv(detail) => detail.clone(),
                };
                fill_display(t.error_unreadable, &[("line", line), ("message", &message)])
            }
            ImportError::FileNotRead { message } => {
                fill(t.error_file_not_read, &[("message", message)])
            }
        }
    }

    /// Why a model could not be fitted, in this language.
    pub fn fit_error(self, e: &FitError) -> String {
        let t = self.texts();
        match e {
            FitError::TooFewCustomers { found, needed } => {
                fill_display(t.error_too_few, &[("found", found), ("needed", needed)])
            }
            FitError::NoRepeatBuyers => t.error_no_repeat.to_owned(),
            FitError::InvalidInput { row, field, value } => fill_display(
                t.error_invalid_input,
                &[("row", &(row + 1)), ("field", field), ("value", value)],
            ),
            FitError::NoConvergence => t.error_no_convergence.to_owned(),
        }
    }

    /// Why a goal cannot be saved.
    pub fn goal_error(self, e: &GoalError) -> String {
        let t = self.texts();
        match e {
            GoalError::EmptyName => t.goal_err_name.to_owned(),
            GoalError::DeadlineNotAfterStart { .. } => t.goal_err_deadline.to_owned(),
            GoalError::NotFinite { field } => {
                let field = match *field {
                    "baseline" => t.goal_baseline,
                    "target" => t.goal_target,
                    "stretch" => t.goal_stretch,
                    "cost" => t.goal_cost,
                    _ => t.goal_milestones,
                };
                fill(t.goal_err_not_finite, &[("field", field)])
            }
            GoalError::TargetWrongSide { direction, .. } => match direction {
                Direction::HigherIsBetter => t.goal_err_target_up.to_owned(),
                Direction::LowerIsBetter => t.goal_err_target_down.to_owned(),
            },
            GoalError::StretchNotBeyond { .. } => t.goal_err_stretch.to_owned(),
            GoalError::MilestoneOutside { date, .. } => fill(
                t.goal_err_milestone,
                &[("date", &format::date(*date, self))],
            ),
            GoalError::NegativeCost(_) => t.goal_err_cost.to_owned(),
            GoalError::Confidence(_) => t.goal_err_confidence.to_owned(),
        }
    }

    /// Why a KPI cannot be measured.
    pub fn kpi_error(self, e: &KpiError) -> String {
        let t = self.texts();
        match e {
            KpiError::NeedsModel => t.kpi_err_needs_model.to_owned(),
            KpiError::UnknownSurvey(name) => fill(t.kpi_err_unknown_survey, &[("name", name)]),
            KpiError::UnknownSegment(name) => fill(t.kpi_err_unknown_segment, &[("name", name)]),
            KpiError::Segment(e) => e.to_string(),
        }
    }

    /// Why a custom segment cannot be evaluated.
    pub fn segment_error(self, e: &SegmentError) -> String {
        let t = self.texts();
        let reason = match e {
            SegmentError::NeedsModel { .. } => t.segment_error_needs_model.to_owned(),
            other => other.to_string(),
        };
        fill(t.segment_error, &[("reason", &reason)])
    }

    /// Why a stored workspace could not be read, in this language.
    pub fn decode_error(self, e: &DecodeError) -> String {
        let t = self.texts();
        match e {
            DecodeError::NotJson(d) => fill(t.load_not_json, &[("detail", d)]),
            DecodeError::VersionMismatch { found } => {
                let found = found.map_or_else(|| "?".to_owned(), |v| v.to_string());
                fill_display(
                    t.load_version,
                    &[("found", &found), ("expected", &FORMAT_VERSION)],
                )
            }
            DecodeError::Invalid(d) => fill(t.load_invalid, &[("detail", d)]),
        }
    }

    /// Why a workspace file cannot be opened, in this language.
    pub fn workspace_file_error(self, e: &WorkspaceFileError) -> String {
        let t = self.texts();
        match e {
            WorkspaceFileError::Foreign => t.wsfile_foreign.to_owned(),
            WorkspaceFileError::Truncated => t.wsfile_truncated.to_owned(),
            WorkspaceFileError::NewerVersion { found, supported } => fill_display(
                t.wsfile_newer,
                &[("found", found), ("supported", supported)],
            ),
            WorkspaceFileError::Corrupt(Corruption::Checksum) => t.wsfile_checksum.to_owned(),
            WorkspaceFileError::Corrupt(Corruption::Inflate) => t.wsfile_inflate.to_owned(),
            WorkspaceFileError::Corrupt(Corruption::Layout) => t.wsfile_layout.to_owned(),
            WorkspaceFileError::Corrupt(Corruption::TooLarge { declared }) => {
                let size = format::bytes(*declared, self);
                fill(t.wsfile_too_large, &[("size", &size)])
            }
            WorkspaceFileError::Record(d) => {
                fill(t.wsfile_record, &[("reason", &self.decode_error(d))])
            }
        }
    }

    /// Why a share link cannot be opened, in this language.
    pub fn share_link_error(self, e: &ShareLinkError) -> String {
        let t = self.texts();
        match e {
            ShareLinkError::NotShareLink => t.share_not_link.to_owned(),
            ShareLinkError::Tampered => t.share_tampered.to_owned(),
            ShareLinkError::NewerVersion { found, supported } => {
                fill_display(t.share_newer, &[("found", found), ("supported", supported)])
            }
            ShareLinkError::Invalid(detail) => fill(t.share_invalid, &[("detail", detail)]),
        }
    }
}

impl Lang {
    /// Why a dropped file gives no table.
    pub fn file_error(self, e: &FileError) -> String {
        let t = self.texts();
        match e {
            FileError::Empty => t.file_error_empty.to_owned(),
            FileError::Binary => t.file_error_binary.to_owned(),
            FileError::NoRows => t.file_error_no_rows.to_owned(),
            FileError::Workbook(w) => fill(t.file_error_workbook, &[("reason", &w.to_string())]),
        }
    }

    /// Why a summary file cannot be read, located: "line 3, column 2 (frequency): …".
    pub fn summary_csv_error(self, e: &SummaryCsvError) -> String {
        let t = self.texts();
        let problem = match &e.problem {
            SummaryProblem::Empty => t.summary_problem_empty.to_owned(),
            SummaryProblem::Unreadable(reason) => {
                fill(t.summary_problem_unreadable, &[("reason", reason)])
            }
            SummaryProblem::MissingColumns { missing, found } => fill(
                t.summary_problem_missing,
                &[
                    ("missing", &missing.join(", ")),
                    ("found", &found.join(", ")),
                ],
            ),
            SummaryProblem::FieldCount { expected, found } => fill_display(
                t.summary_problem_field_count,
                &[("expected", expected), ("found", found)],
            ),
            SummaryProblem::EmptyId => t.summary_problem_empty_id.to_owned(),
            SummaryProblem::DuplicateId(id) => fill(t.summary_problem_duplicate, &[("id", id)]),
            SummaryProblem::NotANumber { text, .. } => {
                fill(t.summary_problem_number, &[("value", text)])
            }
            SummaryProblem::NotWhole(v) => fill(
                t.summary_problem_whole,
                &[("value", &format::plain_number(*v, self))],
            ),
            SummaryProblem::RecencyAboveAge { recency, t: age } => fill(
                t.summary_problem_recency_age,
                &[
                    ("recency", &format::plain_number(*recency, self)),
                    ("t", &format::plain_number(*age, self)),
                ],
            ),
            SummaryProblem::RecencyWithoutRepeat(recency) => fill(
                t.summary_problem_recency_repeat,
                &[("recency", &format::plain_number(*recency, self))],
            ),
            SummaryProblem::HoldoutHalf(column) => {
                fill(t.summary_problem_holdout_half, &[("column", column)])
            }
        };
        let location = match &e.column {
            Some((i, name)) => fill_display(
                t.location_line_column,
                &[("line", &e.line), ("column", i), ("name", name)],
            ),
            None => fill_display(t.location_line, &[("line", &e.line)]),
        };
        format!("{location}: {problem}")
    }

    /// Why summary rows and the chosen dates do not make a data set.
    pub fn summary_table_error(self, e: &SummaryTableError) -> String {
        let t = self.texts();
        match e {
            SummaryTableError::NoCustomers => t.summary_table_no_customers.to_owned(),
            SummaryTableError::HoldoutEndMissing => t.summary_table_holdout_end.to_owned(),
            SummaryTableError::HoldoutEndTooEarly { as_of, .. } => fill(
                t.summary_table_holdout_early,
                &[("date", &format::date(*as_of, self))],
            ),
            SummaryTableError::TooOld { customer_id } => {
                fill(t.summary_table_too_old, &[("id", customer_id)])
            }
        }
    }

    /// What the user must answer before the import can be taken.
    pub fn plan_problem(self, p: &PlanProblem) -> String {
        let t = self.texts();
        match p {
            PlanProblem::MissingRoles(roles) => {
                let names: Vec<&str> = roles.iter().map(|r| self.column_role_name(*r)).collect();
                fill(t.mapping_missing, &[("roles", &names.join(", "))])
            }
            PlanProblem::AmbiguousDecimal => t.mapping_ambiguous_decimal.to_owned(),
            PlanProblem::AmbiguousDates => t.mapping_ambiguous_dates.to_owned(),
            PlanProblem::AmountsNotNumbers => t.mapping_not_numbers.to_owned(),
            PlanProblem::DatesNotDates => t.mapping_not_dates.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::import::Column;

    /// Asserts a message's English and German wording.
    #[track_caller]
    fn assert_wording(message: impl Fn(Lang) -> String, en: &str, de: &str) {
        assert_eq!(message(Lang::En), en);
        assert_eq!(message(Lang::De), de);
    }

    #[test]
    fn fit_errors_in_both_languages() {
        let e = FitError::TooFewCustomers {
            found: 3,
            needed: 10,
        };
        assert_wording(
            |lang| lang.fit_error(&e),
            "too few customers (3; at least 10 needed)",
            "zu wenige Kunden (3; mindestens 10 nötig)",
        );
        assert_eq!(
            Lang::De.fit_error(&FitError::NoRepeatBuyers),
            "kein Kunde hat mehr als einmal gekauft"
        );
    }

    #[test]
    fn located_errors_in_both_languages() {
        let row = RejectedRow {
            line: 7,
            column: Some((2, "Datum".into())),
            problem: RowProblem::BadDate {
                value: "31/12/2024".into(),
            },
        };
        assert_wording(
            |lang| lang.rejected_row(&row),
            "line 7, column 2 (Datum): expected a date like 2024-12-31, found “31/12/2024”",
            "Zeile 7, Spalte 2 (Datum): Datum wie 2024-12-31 erwartet, gefunden: „31/12/2024“",
        );
        let e = ImportError::MissingColumns {
            missing: vec![Column::Date, Column::Amount],
            found: vec!["id".into()],
        };
        assert_wording(
            |lang| lang.import_error(&e),
            "line 1: expected the columns date, amount, found id",
            "Zeile 1: Spalten date, amount erwartet, gefunden: id",
        );
        let e = ImportError::Unreadable {
            line: 1,
            reason: NotCsv::Archive,
        };
        assert_eq!(
            Lang::De.import_error(&e),
            "Zeile 1: dies ist eine Excel-Arbeitsmappe oder ein anderes Zip-Archiv, keine CSV-Datei; speichern Sie sie als CSV"
        );
    }

    #[test]
    fn decode_errors_are_explained_in_both_languages() {
        let e = DecodeError::VersionMismatch { found: Some(0) };
        assert_eq!(
            Lang::En.decode_error(&e),
            "It was saved in format version 0; this version of Kundenwert reads versions up to 2."
        );
        assert!(Lang::De.decode_error(&e).contains("Version 0"));
    }

    #[test]
    fn workspace_file_errors_are_worded_in_both_languages() {
        assert_wording(
            |lang| lang.workspace_file_error(&WorkspaceFileError::Foreign),
            "This is not a Kundenwert workspace file (.kundenwert).",
            "Dies ist keine Kundenwert-Arbeitsbereichsdatei (.kundenwert).",
        );
        let newer = WorkspaceFileError::NewerVersion {
            found: 2,
            supported: 1,
        };
        assert_wording(
            |lang| lang.workspace_file_error(&newer),
            "The workspace file has format version 2; this version of Kundenwert opens files up to version 1. Please update Kundenwert.",
            "Die Arbeitsbereichsdatei hat das Format Version 2; diese Version von Kundenwert öffnet Dateien bis Version 1. Bitte aktualisieren Sie Kundenwert.",
        );
        let large = WorkspaceFileError::Corrupt(Corruption::TooLarge {
            declared: 4_200_000,
        });
        assert!(Lang::De
            .workspace_file_error(&large)
            .contains("von 4,2\u{a0}MB an"));
        let record = WorkspaceFileError::Record(DecodeError::VersionMismatch { found: Some(9) });
        assert_eq!(
            Lang::En.workspace_file_error(&record),
            "The workspace in the file cannot be loaded. It was saved in format version 9; this version of Kundenwert reads versions up to 2."
        );
        // Every variant has its own wording in each language.
        let all = [
            WorkspaceFileError::Foreign,
            WorkspaceFileError::Truncated,
            newer,
            WorkspaceFileError::Corrupt(Corruption::Checksum),
            WorkspaceFileError::Corrupt(Corruption::Inflate),
            WorkspaceFileError::Corrupt(Corruption::Layout),
            large,
            record,
        ];
        for lang in Lang::ALL {
            let mut texts: Vec<String> = all.iter().map(|e| lang.workspace_file_error(e)).collect();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), all.len(), "{lang:?}");
        }
    }

    #[test]
    fn share_link_errors_are_worded_in_both_languages() {
        assert_wording(
            |lang| lang.share_link_error(&ShareLinkError::NotShareLink),
            "This is not a Kundenwert share link.",
            "Dies ist kein Kundenwert-Freigabelink.",
        );
        let newer = ShareLinkError::NewerVersion {
            found: 2,
            supported: 1,
        };
        assert_wording(
            |lang| lang.share_link_error(&newer),
            "The share link has format version 2; this version of Kundenwert opens links up to version 1. Please update Kundenwert.",
            "Der Freigabelink hat das Format Version 2; diese Version von Kundenwert öffnet Links bis Version 1. Bitte aktualisieren Sie Kundenwert.",
        );
        assert!(Lang::De
            .share_link_error(&ShareLinkError::Tampered)
            .starts_with("Der Freigabelink ist unvollständig"));
        assert_eq!(
            Lang::De.share_link_error(&ShareLinkError::Invalid("missing field `as_of`".into())),
            "Der Inhalt des Freigabelinks passt nicht (missing field `as_of`)."
        );
    }

    #[test]
    fn summary_file_errors_are_located_and_worded_in_both_languages() {
        use crate::clv::data::summary_csv::read_summary_csv;
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,1,2,3\nc2,1,2.5,1.5\n")
            .unwrap_err();
        assert_eq!(
            Lang::En.summary_csv_error(&e),
            "line 3, column 3 (recency): recency 2.5 is larger than T 1.5"
        );
        assert_eq!(
            Lang::De.summary_csv_error(&e),
            "Zeile 3, Spalte 3 (recency): Recency 2,5 ist größer als T 1,5"
        );
        let e = read_summary_csv(b"customer_id,frequency,recency,T\nc1,x,0,3\n").unwrap_err();
        assert_eq!(
            Lang::De.summary_csv_error(&e),
            "Zeile 2, Spalte 2 (frequency): „x“ ist keine Zahl ≥ 0"
        );
        let e = read_summary_csv(b"id,frequency\n").unwrap_err();
        assert_eq!(
            Lang::En.summary_csv_error(&e),
            "line 1: the columns customer_id, recency, T are missing (found: id, frequency)"
        );
        assert_eq!(
            Lang::De.summary_table_error(&SummaryTableError::HoldoutEndTooEarly {
                as_of: "2024-06-30".parse().unwrap(),
                holdout_end: "2024-06-01".parse().unwrap(),
            }),
            "der Holdout-Zeitraum muss nach dem 30.06.2024 enden"
        );
    }
}
