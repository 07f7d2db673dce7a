//! A shop export from its bytes to orders, in the steps the page shows and
//! the command line runs: read the file ([`read_file`]), propose how to read
//! its columns ([`ImportPlan::propose`], which the user may adjust), then
//! take the orders ([`ImportPlan::assemble`]).
//!
//! - **Reading.** A file whose bytes start like a zip archive (`.xlsx`,
//!   `.ods`) or an OLE compound file (`.xls`) is a workbook; anything else is
//!   text, its encoding detected ([`detect_encoding`]) and its delimiter
//!   sniffed ([`detect_delimiter`]), both changeable through [`ReadOptions`].
//! - **The plan.** The mapping is guessed ([`guess_mapping`]) unless the user
//!   chose one; the decimal mark of the amounts and the order of the dates are
//!   decided from all values of their columns ([`decide_conventions`]) unless
//!   the user chose them. A convention nothing decides is not guessed: the
//!   plan reports it as a [`PlanProblem`] for the user to answer. The status
//!   values and currencies found are listed with their effect and counts.
//! - **Taking the orders** applies the plan with [`assemble_orders`].

use super::dates::{DateOrder, OrderDecision};
use super::delimited::{detect_delimiter, read_delimited, DelimitedError, Delimiter};
use super::mapping::{guess_mapping, ColumnMapping, ColumnRole, Layout};
use super::number::{DecimalMark, MarkDecision};
use super::orders::{
    assemble_orders, currencies, decide_conventions, status_values, Conventions, OrderImport,
    OrderOptions, StatusEffect, StatusRule,
};
use super::sheet::RawTable;
use super::text::{decode, detect_encoding, TextEncoding};
use super::workbook::{read_sheet, sheet_names, WorkbookError};
use serde::{Deserialize, Serialize};

/// What the user may change about how the file is read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<Delimiter>,
    /// A workbook's sheet; `None`: the first with data.
    pub sheet: Option<String>,
}

/// How a file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum FileFormat {
    Text {
        encoding: TextEncoding,
        delimiter: Delimiter,
    },
    Workbook {
        sheets: Vec<String>,
        sheet: Option<String>,
    },
}

/// A file that gives no table at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("this is not a text file or a workbook")]
    Binary,
    #[error("the file has a header but no data rows")]
    NoRows,
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
}

/// A file read into a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadFile {
    pub format: FileFormat,
    pub table: RawTable,
}

/// Whether the bytes start like a workbook: a zip archive (xlsx, ods) or an
/// OLE compound file (xls).
pub fn looks_like_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// Reads `bytes` into a table (see the module docs).
pub fn read_file(bytes: &[u8], options: &ReadOptions) -> Result<ReadFile, FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty);
    }
    let (format, table) = if looks_like_workbook(bytes) {
        let sheets = sheet_names(bytes)?;
        let table = read_sheet(bytes, options.sheet.as_deref())?;
        let sheet = options.sheet.clone();
        (FileFormat::Workbook { sheets, sheet }, table)
    } else {
        let encoding = options.encoding.unwrap_or_else(|| detect_encoding(bytes));
        let text = decode(bytes, encoding);
        let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(&text));
        let table = read_delimited(&text, delimiter).map_err(|e| match e {
            DelimitedError::Empty => FileError::Empty,
            DelimitedError::Binary => FileError::Binary,
        })?;
        (
            FileFormat::Text {
                encoding,
                delimiter,
            },
            table,
        )
    };
    if table.rows.is_empty() {
        return Err(FileError::NoRows);
    }
    Ok(ReadFile { format, table })
}

/// The user's answers on top of the proposal; `None` keeps the proposal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportChoices {
    pub mapping: Option<ColumnMapping>,
    pub decimal: Option<DecimalMark>,
    pub date_order: Option<DateOrder>,
    /// Effects set for single status values.
    pub statuses: Vec<StatusRule>,
    pub currency: Option<String>,
}

/// What keeps a plan from being taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum PlanProblem {
    #[error("no column is mapped to {}", .0.iter().map(|r| r.key()).collect::<Vec<_>>().join(", "))]
    MissingRoles(Vec<ColumnRole>),
    #[error("the amounts could be read with either decimal mark")]
    AmbiguousDecimal,
    #[error("the dates could be read day first or month first")]
    AmbiguousDates,
    #[error("the amount column holds no numbers")]
    AmountsNotNumbers,
    #[error("the date column holds no dates")]
    DatesNotDates,
}

/// A status value found in the file, how many orders carry it and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusFound {
    pub value: String,
    pub orders: usize,
    pub effect: StatusEffect,
}

/// How a table will be read: what the mapping step shows and the user adjusts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPlan {
    pub layout: Layout,
    pub mapping: ColumnMapping,
    /// Whether the user chose the mapping (or it was remembered), not guessed.
    pub mapping_chosen: bool,
    /// What the columns' values decide.
    pub decided_decimal: Option<DecimalMark>,
    pub decided_date_order: Option<DateOrder>,
    /// In use: chosen, else decided; `None` where the user must choose.
    pub decimal: Option<DecimalMark>,
    pub date_order: Option<DateOrder>,
    pub statuses: Vec<StatusFound>,
    /// The currencies found with their order counts, most first.
    pub currencies: Vec<(String, usize)>,
    /// The currency kept: chosen, else the most frequent.
    pub currency: Option<String>,
    pub problems: Vec<PlanProblem>,
    #[serde(skip)]
    choices: ImportChoices,
}

impl ImportPlan {
    /// The plan for `table` with the user's `choices` (see the module docs).
    pub fn propose(table: &RawTable, choices: &ImportChoices) -> ImportPlan {
        let guess = guess_mapping(table);
        let (layout, mapping, mapping_chosen) = match &choices.mapping {
            Some(m) if m.roles.len() == table.headers.len() => (guess.layout, m.clone(), true),
            _ => (guess.layout, guess.mapping, false),
        };
        let Conventions {
            decimal: mark,
            date_order: order,
        } = decide_conventions(table, &mapping);
        let decided_decimal = match mark {
            MarkDecision::Decided(m) => Some(m),
            _ => None,
        };
        let decided_date_order = match order {
            OrderDecision::Decided(o) => Some(o),
            _ => None,
        };
        let decimal = choices.decimal.or(decided_decimal);
        let date_order = choices.date_order.or(decided_date_order);
        let mut problems = Vec::new();
        let missing = mapping.missing();
        if !missing.is_empty() {
            problems.push(PlanProblem::MissingRoles(missing));
        }
        if mapping.column(ColumnRole::Amount).is_some() && choices.decimal.is_none() {
            match mark {
                MarkDecision::Ambiguous => problems.push(PlanProblem::AmbiguousDecimal),
                MarkDecision::NotNumbers => problems.push(PlanProblem::AmountsNotNumbers),
                MarkDecision::Decided(_) => {}
            }
        }
        if mapping.column(ColumnRole::OrderDate).is_some() && choices.date_order.is_none() {
            match order {
                OrderDecision::Ambiguous => problems.push(PlanProblem::AmbiguousDates),
                OrderDecision::NotDates => problems.push(PlanProblem::DatesNotDates),
                OrderDecision::Decided(_) => {}
            }
        }
        let rules = OrderOptions {
            mapping: mapping.clone(),
            decimal: decimal.unwrap_or(DecimalMark::Point),
            date_order: date_order.unwrap_or(DateOrder::Ymd),
            statuses: choices.statuses.clone(),
            currency: None,
        };
        let statuses = status_values(table, &mapping)
            .into_iter()
            .map(|(value, orders)| StatusFound {
                effect: rules.effect(&value),
                value,
                orders,
            })
            .collect();
        let currencies = currencies(table, &mapping);
        let currency = choices
            .currency
            .clone()
            .or_else(|| currencies.first().map(|(c, _)| c.clone()));
        ImportPlan {
            layout,
            mapping,
            mapping_chosen,
            decided_decimal,
            decided_date_order,
            decimal,
            date_order,
            statuses,
            currencies,
            currency,
            problems,
            choices: choices.clone(),
        }
    }

    /// The options the orders are read with, once nothing is left to answer.
    pub fn options(&self) -> Result<OrderOptions, &[PlanProblem]> {
        match (self.decimal, self.date_order) {
            (Some(decimal), Some(date_order)) if self.problems.is_empty() => Ok(OrderOptions {
                mapping: self.mapping.clone(),
                decimal,
                date_order,
                statuses: self.choices.statuses.clone(),
                currency: self.currency.clone(),
            }),
            _ => Err(&self.problems),
        }
    }

    /// The orders of `table` as planned.
    pub fn assemble(&self, table: &RawTable) -> Result<OrderImport, &[PlanProblem]> {
        self.options().map(|o| assemble_orders(table, &o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const GERMAN: &str = "Kundennummer;Bestelldatum;Betrag (EUR);Bemerkung\n\
        K1;03.04.2024;1.234,56;erste\n\
        K2;13.04.2024;12,50;zweite\n\
        K1;02.05.2024;7,00;dritte\n";

    #[test]
    fn a_german_windows_1252_csv_reads_with_its_umlauts_semicolons_and_conventions() {
        // "Größe" in Windows-1252: G r 0xF6 0xDF e.
        let mut bytes =
            b"Kundennummer;Bestelldatum;Betrag (EUR);Bemerkung\nK1;31.12.2024;1.234,56;Gr".to_vec();
        bytes.extend([0xF6, 0xDF, b'e', b'\n']);
        let file = read_file(&bytes, &ReadOptions::default()).unwrap();
        assert_eq!(
            file.format,
            FileFormat::Text {
                encoding: TextEncoding::Windows1252,
                delimiter: Delimiter::Semicolon
            }
        );
        assert_eq!(file.table.rows[0].cells[3], "Größe");
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        assert_eq!(plan.layout, Layout::GermanSpreadsheet);
        assert_eq!(plan.decimal, Some(DecimalMark::Comma));
        assert_eq!(plan.date_order, Some(DateOrder::Dmy));
        let import = plan.assemble(&file.table).unwrap();
        assert_eq!(import.net_revenue(), 1234.56);
        assert_eq!(
            import.log.date_range(),
            Some((d("2024-12-31"), d("2024-12-31")))
        );
    }

    #[test]
    fn a_plan_takes_the_orders_once_the_conventions_are_decided() {
        let file = read_file(GERMAN.as_bytes(), &ReadOptions::default()).unwrap();
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        assert!(plan.problems.is_empty(), "{:?}", plan.problems);
        let import = plan.assemble(&file.table).unwrap();
        assert_eq!(import.orders, 3);
        assert_eq!(import.log.customer_ids().len(), 2);
        assert!((import.net_revenue() - 1254.06).abs() < 1e-9);
        assert_eq!(
            import.log.date_range(),
            Some((d("2024-04-03"), d("2024-05-02")))
        );
    }

    #[test]
    fn an_ambiguous_column_is_asked_about_and_the_answer_is_taken() {
        let text = "Kundennummer;Bestelldatum;Betrag\nK1;03.04.2024;1.234\nK2;05.06.2024;2.500\n";
        let file = read_file(text.as_bytes(), &ReadOptions::default()).unwrap();
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        assert_eq!(
            plan.problems,
            [PlanProblem::AmbiguousDecimal, PlanProblem::AmbiguousDates]
        );
        assert!(plan.assemble(&file.table).is_err());
        let choices = ImportChoices {
            decimal: Some(DecimalMark::Comma),
            date_order: Some(DateOrder::Dmy),
            ..ImportChoices::default()
        };
        let plan = ImportPlan::propose(&file.table, &choices);
        assert!(plan.problems.is_empty());
        let import = plan.assemble(&file.table).unwrap();
        assert_eq!(import.net_revenue(), 3734.0);
        assert_eq!(
            import.log.date_range(),
            Some((d("2024-04-03"), d("2024-06-05")))
        );
    }

    #[test]
    fn a_chosen_mapping_replaces_the_guess_and_a_missing_role_is_reported() {
        let file = read_file(GERMAN.as_bytes(), &ReadOptions::default()).unwrap();
        let mut mapping = ImportPlan::propose(&file.table, &ImportChoices::default()).mapping;
        mapping.set(2, ColumnRole::Ignore);
        let choices = ImportChoices {
            mapping: Some(mapping),
            ..ImportChoices::default()
        };
        let plan = ImportPlan::propose(&file.table, &choices);
        assert!(plan.mapping_chosen);
        assert_eq!(
            plan.problems,
            [PlanProblem::MissingRoles(vec![ColumnRole::Amount])]
        );
    }

    #[test]
    fn the_plan_lists_status_values_with_their_effects_and_the_user_can_change_one() {
        let text = "Order ID,Order Date,Order Status,Billing Email,Order Total\n\
            1,2024-01-02,Completed,a@x.de,10.00\n\
            2,2024-01-03,Cancelled,b@x.de,20.00\n\
            3,2024-01-04,On hold,b@x.de,30.00\n";
        let file = read_file(text.as_bytes(), &ReadOptions::default()).unwrap();
        let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
        assert_eq!(plan.layout, Layout::WooCommerceOrders);
        let effects: Vec<(&str, StatusEffect)> = plan
            .statuses
            .iter()
            .map(|s| (s.value.as_str(), s.effect))
            .collect();
        assert_eq!(
            effects,
            [
                ("Cancelled", StatusEffect::Excluded),
                ("Completed", StatusEffect::Counts),
                ("On hold", StatusEffect::Excluded)
            ]
        );
        assert_eq!(plan.assemble(&file.table).unwrap().net_revenue(), 10.0);
        let choices = ImportChoices {
            statuses: vec![StatusRule {
                value: "On hold".into(),
                effect: StatusEffect::Counts,
            }],
            ..ImportChoices::default()
        };
        let plan = ImportPlan::propose(&file.table, &choices);
        assert_eq!(plan.statuses[2].effect, StatusEffect::Counts);
        assert_eq!(plan.assemble(&file.table).unwrap().net_revenue(), 40.0);
    }

    #[test]
    fn files_that_give_no_table_say_why() {
        assert_eq!(
            read_file(b"", &ReadOptions::default()),
            Err(FileError::Empty)
        );
        assert_eq!(
            read_file(b"customer_id,date,amount\n", &ReadOptions::default()),
            Err(FileError::NoRows)
        );
        assert!(matches!(
            read_file(b"PK\x03\x04 not really a zip", &ReadOptions::default()),
            Err(FileError::Workbook(_))
        ));
    }
}
