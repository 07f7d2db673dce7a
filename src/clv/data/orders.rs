//! From a mapped table to orders: line items folded into their order,
//! statuses deciding what counts, refunds netted, one currency kept.
//!
//! Rules, applied row by row in file order (see [`assemble_orders`]):
//! - **Orders.** With an order-id column, the first row of an order carries
//!   the order (Shopify writes the order's fields only there); later rows of
//!   the same order are its line items and add nothing, so a total is counted
//!   once. Without one, every row is an order.
//! - **Statuses** ([`StatusEffect`]): paid, completed and processing orders
//!   count; voided, cancelled, failed, pending, authorised and on-hold ones do
//!   not, nor do trashed ones; a refunded order nets to zero and is left
//!   out; a partially refunded one counts net of its refunded amount. [`default_status_effect`] knows
//!   the English (Shopify, WooCommerce) and German values; the user may set
//!   the effect of every value found ([`status_values`]). A value nobody
//!   knows counts.
//! - **Refunds.** A refunded-amount column is subtracted from the order's
//!   amount; a negative amount is a refund (a return booked as its own row).
//! - **Currencies** are never added up: the orders in the kept currency count,
//!   the others are reported ([`OrderImport::other_currencies`]).
//! - **Customers** given by e-mail address are matched case- and
//!   space-insensitively (`Anna@Example.com ` is `anna@example.com`).
//!
//! Amounts and dates are read with the column's conventions
//! ([`DecimalMark`], [`DateOrder`]), decided once for the whole column
//! ([`decide_conventions`]); a row that cannot be read is a
//! [`RejectedOrderRow`] with its line, column and value.

use super::dates::{decide_date_order, parse_date, DateOrder, OrderDecision};
use super::mapping::{ColumnMapping, ColumnRole};
use super::number::{decide_decimal_mark, parse_amount, DecimalMark, MarkDecision};
use super::sheet::{RawRow, RawTable};
use super::transactions::{TransactionLog, TransactionLogBuilder};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// What an order's status does to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusEffect {
    /// The order counts with its amount (less any refunded amount).
    Counts,
    /// The order counts net of its refunded amount.
    PartiallyRefunded,
    /// Refunded in full: nets to zero, left out.
    Refunded,
    /// Not a sale (cancelled, failed, not paid): left out.
    Excluded,
}

impl StatusEffect {
    pub const ALL: [StatusEffect; 4] = [
        StatusEffect::Counts,
        StatusEffect::PartiallyRefunded,
        StatusEffect::Refunded,
        StatusEffect::Excluded,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StatusEffect::Counts => "counts",
            StatusEffect::PartiallyRefunded => "partially-refunded",
            StatusEffect::Refunded => "refunded",
            StatusEffect::Excluded => "excluded",
        }
    }
}

/// A status value as compared: lower case, `_` and `-` as spaces, trimmed.
fn normalise_status(value: &str) -> String {
    value
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The effect of a status value in Shopify's, WooCommerce's or German
/// spreadsheets' words; a value not known here counts.
pub fn default_status_effect(value: &str) -> StatusEffect {
    let v = normalise_status(value);
    let v = v.strip_prefix("wc ").unwrap_or(&v);
    match v {
        "partially refunded" | "teilweise erstattet" | "teilerstattet" => {
            StatusEffect::PartiallyRefunded
        }
        "refunded" | "erstattet" | "zurückerstattet" | "rückerstattet" => StatusEffect::Refunded,
        "voided" | "void" | "cancelled" | "canceled" | "failed" | "pending" | "pending payment"
        | "authorized" | "authorised" | "on hold" | "draft" | "checkout draft" | "expired"
        | "storniert" | "abgebrochen" | "fehlgeschlagen" | "offen" | "ausstehend"
        | "zahlung ausstehend" | "in wartestellung" | "entwurf" | "trash" | "deleted"
        | "papierkorb" | "gelöscht" => StatusEffect::Excluded,
        _ => StatusEffect::Counts,
    }
}

/// The user's choice for one status value found in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusRule {
    /// As written in the file (trimmed).
    pub value: String,
    pub effect: StatusEffect,
}

/// Everything [`assemble_orders`] needs besides the table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderOptions {
    pub mapping: ColumnMapping,
    pub decimal: DecimalMark,
    pub date_order: DateOrder,
    /// Effects chosen by the user; other values take [`default_status_effect`].
    pub statuses: Vec<StatusRule>,
    /// The currency kept (upper case); `None`: the one most orders are in.
    pub currency: Option<String>,
}

impl OrderOptions {
    pub fn effect(&self, status: &str) -> StatusEffect {
        self.statuses
            .iter()
            .find(|r| r.value == status)
            .map_or_else(|| default_status_effect(status), |r| r.effect)
    }
}

/// The conventions of the mapped columns, decided from all their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conventions {
    /// Of the amount (and refunded-amount) column.
    pub decimal: MarkDecision,
    /// Of the date column.
    pub date_order: OrderDecision,
}

/// Decides the decimal mark of the amount columns and the date order of the
/// date column from every value in them (a later `13.04.2024` decides what an
/// earlier `03.04.2024` meant).
pub fn decide_conventions(table: &RawTable, mapping: &ColumnMapping) -> Conventions {
    let values = |role| {
        mapping
            .column(role)
            .map(|c| table.column_values(c, usize::MAX))
            .unwrap_or_default()
    };
    let mut amounts = values(ColumnRole::Amount);
    amounts.extend(values(ColumnRole::Refunded));
    Conventions {
        decimal: decide_decimal_mark(amounts),
        date_order: decide_date_order(values(ColumnRole::OrderDate)),
    }
}

/// The status values of the file (as written, trimmed) with how many orders
/// carry each, most frequent first (ties by value); empty without a status column.
pub fn status_values(table: &RawTable, mapping: &ColumnMapping) -> Vec<(String, usize)> {
    let Some(column) = mapping.column(ColumnRole::OrderStatus) else {
        return Vec::new();
    };
    count_order_values(table, mapping, column)
}

/// The currencies of the file (upper case) with their order counts, most frequent first.
pub fn currencies(table: &RawTable, mapping: &ColumnMapping) -> Vec<(String, usize)> {
    let Some(column) = mapping.column(ColumnRole::Currency) else {
        return Vec::new();
    };
    let mut counts = count_order_values(table, mapping, column);
    for (c, _) in &mut counts {
        *c = c.to_uppercase();
    }
    // Values differing only in case are one currency.
    let mut merged: Vec<(String, usize)> = Vec::new();
    for (c, n) in counts {
        match merged.iter_mut().find(|(m, _)| *m == c) {
            Some((_, m)) => *m += n,
            None => merged.push((c, n)),
        }
    }
    sort_counts(&mut merged);
    merged
}

fn sort_counts(counts: &mut [(String, usize)]) {
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
}

/// The non-empty values of `column` on the rows that carry an order.
fn count_order_values(
    table: &RawTable,
    mapping: &ColumnMapping,
    column: usize,
) -> Vec<(String, usize)> {
    let mut orders = OrderRows::new(mapping);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for row in table.rows.iter().filter(|r| orders.starts_order(table, r)) {
        let v = table.cell(row, column);
        if !v.is_empty() {
            *counts.entry(v).or_default() += 1;
        }
    }
    let mut counts: Vec<(String, usize)> =
        counts.into_iter().map(|(v, n)| (v.to_owned(), n)).collect();
    sort_counts(&mut counts);
    counts
}

/// Tells the first row of an order from its further line items.
struct OrderRows {
    column: Option<usize>,
    seen: HashSet<String>,
}

impl OrderRows {
    fn new(mapping: &ColumnMapping) -> Self {
        OrderRows {
            column: mapping.column(ColumnRole::OrderId),
            seen: HashSet::new(),
        }
    }

    fn starts_order(&mut self, table: &RawTable, row: &RawRow) -> bool {
        match self.column.map(|c| table.cell(row, c)) {
            Some(id) if !id.is_empty() => self.seen.insert(id.to_owned()),
            _ => true,
        }
    }
}

/// Why a row was not taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum OrderProblem {
    #[error("the customer is empty")]
    EmptyCustomer,
    #[error("not a date: {value:?}")]
    BadDate { value: String },
    #[error("not an amount: {value:?}")]
    BadAmount { value: String },
}

/// A row that could not be read: its line, the column (index and header as
/// the user sees it) and what was wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RejectedOrderRow {
    pub line: u64,
    pub column: usize,
    pub header: String,
    pub problem: OrderProblem,
}

/// The orders read from a table, with an account of every row.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderImport {
    pub log: TransactionLog,
    /// Data rows in the table.
    pub rows: usize,
    /// Orders and refund rows taken into the log.
    pub orders: usize,
    /// Further rows of an order already read (line items).
    pub line_items: usize,
    /// Orders left out for their status, by status value (most first).
    pub excluded: Vec<(String, usize)>,
    /// Orders refunded in full, left out.
    pub refunded: usize,
    /// The currency kept, if the file names one.
    pub currency: Option<String>,
    /// Orders in other currencies, left out, by currency.
    pub other_currencies: Vec<(String, usize)>,
    pub rejected: Vec<RejectedOrderRow>,
}

impl OrderImport {
    /// The sum of the amounts taken, refunds subtracted.
    pub fn net_revenue(&self) -> f64 {
        self.log.transactions().iter().map(|t| t.amount).sum()
    }
}

/// The customer key of a cell: e-mail addresses lower case without spaces.
fn customer_key(cell: &str) -> String {
    if cell.contains('@') {
        cell.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase()
    } else {
        cell.to_owned()
    }
}

/// Reads the orders of `table` as `options` say (see the module docs).
/// Rows are rejected only when they carry an order: a line item's empty
/// fields are not a problem.
pub fn assemble_orders(table: &RawTable, options: &OrderOptions) -> OrderImport {
    let mapping = &options.mapping;
    let column = |role| mapping.column(role);
    let kept_currency = options
        .currency
        .clone()
        .or_else(|| currencies(table, mapping).first().map(|(c, _)| c.clone()));
    let mut out = OrderImport {
        log: TransactionLog::default(),
        rows: table.rows.len(),
        orders: 0,
        line_items: 0,
        excluded: Vec::new(),
        refunded: 0,
        currency: kept_currency.clone(),
        other_currencies: Vec::new(),
        rejected: Vec::new(),
    };
    let (Some(customer_col), Some(date_col), Some(amount_col)) = (
        column(ColumnRole::Customer),
        column(ColumnRole::OrderDate),
        column(ColumnRole::Amount),
    ) else {
        return out;
    };
    let mut builder = TransactionLogBuilder::new();
    let mut orders = OrderRows::new(mapping);
    let mut excluded: HashMap<String, usize> = HashMap::new();
    let mut other: HashMap<String, usize> = HashMap::new();
    let header = |c: usize| table.headers.get(c).cloned().unwrap_or_default();
    for row in &table.rows {
        if !orders.starts_order(table, row) {
            out.line_items += 1;
            continue;
        }
        let reject = |column: usize, problem: OrderProblem| RejectedOrderRow {
            line: row.line,
            column,
            header: header(column),
            problem,
        };
        let customer = table.cell(row, customer_col);
        if customer.is_empty() {
            out.rejected
                .push(reject(customer_col, OrderProblem::EmptyCustomer));
            continue;
        }
        let date_text = table.cell(row, date_col);
        let Some(date) = parse_date(date_text, options.date_order) else {
            let value = date_text.to_owned();
            out.rejected
                .push(reject(date_col, OrderProblem::BadDate { value }));
            continue;
        };
        let amount_text = table.cell(row, amount_col);
        let Some(amount) = parse_amount(amount_text, options.decimal) else {
            let value = amount_text.to_owned();
            out.rejected
                .push(reject(amount_col, OrderProblem::BadAmount { value }));
            continue;
        };
        let refunded = match column(ColumnRole::Refunded).map(|c| (c, table.cell(row, c))) {
            Some((_, "")) | None => 0.0,
            Some((c, text)) => match parse_amount(text, options.decimal) {
                Some(r) => r.abs(),
                None => {
                    let value = text.to_owned();
                    out.rejected
                        .push(reject(c, OrderProblem::BadAmount { value }));
                    continue;
                }
            },
        };
        if let (Some(c), Some(kept)) = (column(ColumnRole::Currency), &kept_currency) {
            let currency = table.cell(row, c).to_uppercase();
            if !currency.is_empty() && currency != *kept {
                *other.entry(currency).or_default() += 1;
                continue;
            }
        }
        let status = column(ColumnRole::OrderStatus).map_or("", |c| table.cell(row, c));
        match options.effect(status) {
            StatusEffect::Excluded => {
                *excluded.entry(status.to_owned()).or_default() += 1;
                continue;
            }
            StatusEffect::Refunded => {
                out.refunded += 1;
                continue;
            }
            StatusEffect::Counts | StatusEffect::PartiallyRefunded => {}
        }
        // A refund row (negative amount) stays negative; an order is net of its refunds.
        let net = if amount < 0.0 {
            amount
        } else {
            amount - refunded
        };
        builder.push(&customer_key(customer), date, net + 0.0);
        out.orders += 1;
    }
    out.log = builder.finish();
    out.excluded = excluded.into_iter().collect();
    sort_counts(&mut out.excluded);
    out.other_currencies = other.into_iter().collect();
    sort_counts(&mut out.other_currencies);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clv::data::mapping::guess_mapping;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// A Shopify orders export: #1001 has two line items; one order per status.
    fn shopify() -> RawTable {
        let h = [
            "Name",
            "Email",
            "Financial Status",
            "Currency",
            "Total",
            "Refunded Amount",
            "Created at",
            "Lineitem name",
        ];
        RawTable::new(
            &h,
            &[
                &[
                    "#1001",
                    "Anna@Example.com",
                    "paid",
                    "EUR",
                    "100.00",
                    "0.00",
                    "2024-03-05 14:22:10 +0100",
                    "Tea",
                ],
                &["#1001", "", "", "", "", "", "", "Cup"],
                &[
                    "#1002",
                    "ben@example.com",
                    "partially_refunded",
                    "EUR",
                    "80.00",
                    "30.00",
                    "2024-03-06 09:00:00 +0100",
                    "Pot",
                ],
                &[
                    "#1003",
                    "anna@example.com ",
                    "refunded",
                    "EUR",
                    "50.00",
                    "50.00",
                    "2024-03-07 10:00:00 +0100",
                    "Tea",
                ],
                &[
                    "#1004",
                    "cleo@example.com",
                    "voided",
                    "EUR",
                    "20.00",
                    "0.00",
                    "2024-03-08 10:00:00 +0100",
                    "Tea",
                ],
                &[
                    "#1005",
                    "cleo@example.com",
                    "pending",
                    "EUR",
                    "25.00",
                    "0.00",
                    "2024-03-08 11:00:00 +0100",
                    "Tea",
                ],
                &[
                    "#1006",
                    "dan@example.com",
                    "authorized",
                    "EUR",
                    "30.00",
                    "0.00",
                    "2024-03-09 10:00:00 +0100",
                    "Tea",
                ],
                &[
                    "#1007",
                    "ben@example.com",
                    "partially_paid",
                    "EUR",
                    "40.00",
                    "0.00",
                    "2024-03-10 23:30:00 +0100",
                    "Tea",
                ],
                &[
                    "#1008",
                    "eve@example.com",
                    "paid",
                    "USD",
                    "99.00",
                    "0.00",
                    "2024-03-11 10:00:00 -0500",
                    "Tea",
                ],
            ],
        )
    }

    fn options(t: &RawTable) -> OrderOptions {
        OrderOptions {
            mapping: guess_mapping(t).mapping,
            decimal: DecimalMark::Point,
            date_order: DateOrder::Ymd,
            statuses: Vec::new(),
            currency: None,
        }
    }

    fn rows(log: &TransactionLog) -> Vec<(String, NaiveDate, f64)> {
        log.transactions()
            .iter()
            .map(|t| {
                (
                    log.customer_ids()[t.customer as usize].clone(),
                    t.date,
                    t.amount,
                )
            })
            .collect()
    }

    #[test]
    fn a_shopify_export_counts_each_order_once_by_its_status_net_of_refunds() {
        let t = shopify();
        let import = assemble_orders(&t, &options(&t));
        // #1001 paid 100 (its second line item adds nothing), #1002 80 − 30,
        // #1007 partially paid 40; #1003 refunded, #1004/#1005/#1006 not sales;
        // #1008 is in USD.
        assert_eq!(
            rows(&import.log),
            [
                ("anna@example.com".to_string(), d("2024-03-05"), 100.0),
                ("ben@example.com".to_string(), d("2024-03-06"), 50.0),
                ("ben@example.com".to_string(), d("2024-03-10"), 40.0),
            ]
        );
        assert_eq!((import.rows, import.orders, import.line_items), (9, 3, 1));
        assert_eq!(import.refunded, 1);
        assert_eq!(
            import.excluded,
            [
                ("authorized".to_string(), 1),
                ("pending".to_string(), 1),
                ("voided".to_string(), 1)
            ]
        );
        assert_eq!(import.currency.as_deref(), Some("EUR"));
        assert_eq!(import.other_currencies, [("USD".to_string(), 1)]);
        assert_eq!(import.net_revenue(), 190.0);
        assert!(import.rejected.is_empty());
    }

    #[test]
    fn the_user_decides_what_a_status_does_and_which_currency_is_kept() {
        let t = shopify();
        let mut o = options(&t);
        o.statuses.push(StatusRule {
            value: "pending".into(),
            effect: StatusEffect::Counts,
        });
        o.currency = Some("USD".into());
        let import = assemble_orders(&t, &o);
        assert_eq!(
            rows(&import.log),
            [("eve@example.com".to_string(), d("2024-03-11"), 99.0)]
        );
        assert_eq!(import.other_currencies, [("EUR".to_string(), 7)]);
    }

    #[test]
    fn the_file_tells_its_status_values_and_currencies_per_order() {
        let t = shopify();
        let m = guess_mapping(&t).mapping;
        let statuses = status_values(&t, &m);
        assert_eq!(statuses.len(), 7);
        assert_eq!(statuses[0], ("paid".to_string(), 2));
        assert_eq!(
            currencies(&t, &m),
            [("EUR".to_string(), 7), ("USD".to_string(), 1)]
        );
    }

    #[test]
    fn every_common_status_has_its_effect() {
        use StatusEffect::*;
        for (value, effect) in [
            ("paid", Counts),
            ("partially_paid", Counts),
            ("Completed", Counts),
            ("Processing", Counts),
            ("wc-completed", Counts),
            ("bezahlt", Counts),
            ("partially_refunded", PartiallyRefunded),
            ("refunded", Refunded),
            ("Refunded", Refunded),
            ("erstattet", Refunded),
            ("voided", Excluded),
            ("pending", Excluded),
            ("authorized", Excluded),
            ("Pending payment", Excluded),
            ("On hold", Excluded),
            ("Cancelled", Excluded),
            ("Failed", Excluded),
            ("storniert", Excluded),
            ("wc-trash", Excluded),
            ("Papierkorb", Excluded),
            ("", Counts),
            ("shipped to the moon", Counts),
        ] {
            assert_eq!(default_status_effect(value), effect, "{value:?}");
        }
    }

    #[test]
    fn a_german_sheet_reads_comma_decimals_day_first_dates_and_negative_refunds() {
        let t = RawTable::new(
            &["Kundennummer", "Bestelldatum", "Betrag (EUR)", "Bemerkung"],
            &[
                &["K1", "03.04.2024", "1.234,56", "erste"],
                &["K2", "13.04.2024", "12,00-", ""],
                &["", "14.04.2024", "5,00", "ohne Kunde"],
                &["K3", "31.02.2024", "5,00", "kein Datum"],
                &["K3", "15.04.2024", "fünf", "kein Betrag"],
            ],
        );
        let mapping = guess_mapping(&t).mapping;
        let conventions = decide_conventions(&t, &mapping);
        assert_eq!(
            conventions.decimal,
            MarkDecision::Decided(DecimalMark::Comma)
        );
        assert_eq!(
            conventions.date_order,
            OrderDecision::Decided(DateOrder::Dmy)
        );
        let import = assemble_orders(
            &t,
            &OrderOptions {
                mapping,
                decimal: DecimalMark::Comma,
                date_order: DateOrder::Dmy,
                statuses: Vec::new(),
                currency: None,
            },
        );
        assert_eq!(
            rows(&import.log),
            [
                ("K1".to_string(), d("2024-04-03"), 1234.56),
                ("K2".to_string(), d("2024-04-13"), -12.0),
            ]
        );
        let rejected: Vec<(u64, &str)> = import
            .rejected
            .iter()
            .map(|r| (r.line, r.header.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                (4, "Kundennummer"),
                (5, "Bestelldatum"),
                (6, "Betrag (EUR)")
            ]
        );
        assert_eq!(
            import.rejected[2].problem,
            OrderProblem::BadAmount {
                value: "fünf".into()
            }
        );
    }

    #[test]
    fn without_an_order_column_every_row_is_an_order() {
        let t = RawTable::new(
            &["customer_id", "date", "amount"],
            &[&["A", "2024-01-01", "10"], &["A", "2024-01-01", "10"]],
        );
        let import = assemble_orders(&t, &options(&t));
        assert_eq!((import.orders, import.line_items), (2, 0));
        assert_eq!(import.net_revenue(), 20.0);
    }

    #[test]
    fn without_the_required_columns_nothing_is_read() {
        let t = RawTable::new(&["a", "b"], &[&["1", "2"]]);
        let mut o = options(&t);
        o.mapping = ColumnMapping::ignoring(2);
        let import = assemble_orders(&t, &o);
        assert!(import.log.is_empty());
        assert_eq!(import.orders, 0);
    }
}
