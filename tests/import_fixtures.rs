//! The shop import end to end on a file of every layout it knows
//! (tests/fixtures/import/): read, plan with the defaults, take the orders.
//!
//! The expected figures are not Rust's own: tests/fixtures/import/expected.py
//! computes them with pandas, parsing each file itself and applying the rules
//! of `orders.rs` written again; its printed numbers are copied here.

use chrono::NaiveDate;
use kundenwert::clv::data::delimited::Delimiter;
use kundenwert::clv::data::mapping::Layout;
use kundenwert::clv::data::orders::OrderImport;
use kundenwert::clv::data::shop_import::{
    read_file, FileFormat, ImportChoices, ImportPlan, ReadFile, ReadOptions,
};
use kundenwert::clv::data::text::TextEncoding;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// What pandas found in a fixture.
struct Expected {
    customers: usize,
    orders: usize,
    net_revenue: f64,
    first: &'static str,
    last: &'static str,
}

/// Reads `name` with the default options, proposes a plan with the default
/// choices, checks it recognised `layout` and has nothing to ask, and takes
/// the orders.
fn import(name: &str, layout: Layout) -> (ReadFile, OrderImport) {
    let file = read_file(&fixture(name), &ReadOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let plan = ImportPlan::propose(&file.table, &ImportChoices::default());
    assert_eq!(plan.layout, layout, "{name}");
    assert!(plan.problems.is_empty(), "{name}: {:?}", plan.problems);
    let import = plan.assemble(&file.table).expect("nothing left to answer");
    assert!(import.rejected.is_empty(), "{name}: {:?}", import.rejected);
    (file, import)
}

fn assert_figures(name: &str, import: &OrderImport, expected: &Expected) {
    assert_eq!(
        import.log.customer_ids().len(),
        expected.customers,
        "{name}: customers"
    );
    assert_eq!(import.orders, expected.orders, "{name}: orders");
    let net = import.net_revenue();
    assert!(
        (net - expected.net_revenue).abs() < 0.005,
        "{name}: net revenue {net}, pandas {}",
        expected.net_revenue
    );
    assert_eq!(
        import.log.date_range(),
        Some((d(expected.first), d(expected.last))),
        "{name}: dates"
    );
}

fn counts(pairs: &[(&str, usize)]) -> Vec<(String, usize)> {
    pairs.iter().map(|&(v, n)| (v.to_owned(), n)).collect()
}

#[test]
fn a_shopify_orders_export_counts_each_order_once_by_its_financial_status() {
    let name = "shopify_orders.csv";
    let (file, import) = import(name, Layout::ShopifyOrders);
    assert_eq!(
        file.format,
        FileFormat::Text {
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Comma
        }
    );
    assert_eq!(file.table.headers.len(), 79);
    assert_eq!(import.rows, 40);
    assert_figures(
        name,
        &import,
        &Expected {
            customers: 10,
            orders: 14,
            net_revenue: 1967.02,
            first: "2024-03-05",
            last: "2024-06-28",
        },
    );
    assert_eq!(import.line_items, 21);
    assert_eq!(import.refunded, 1);
    assert_eq!(
        import.excluded,
        counts(&[("authorized", 1), ("pending", 1), ("voided", 1)])
    );
    assert_eq!(import.currency.as_deref(), Some("EUR"));
    assert_eq!(import.other_currencies, counts(&[("USD", 1)]));
}

#[test]
fn a_shopify_customer_is_one_whatever_the_case_of_her_email() {
    let (_, import) = import("shopify_orders.csv", Layout::ShopifyOrders);
    let ids = import.log.customer_ids();
    assert!(ids.iter().any(|c| c == "anna.schmidt@example.de"));
    assert!(ids.iter().all(|c| *c == c.to_lowercase()), "{ids:?}");
}

#[test]
fn a_shopify_order_is_dated_by_the_shops_calendar_not_utc() {
    // #1013 was placed 2024-05-01 00:30:05 +0200: 30 April in UTC.
    let (_, import) = import("shopify_orders.csv", Layout::ShopifyOrders);
    let ivan = import
        .log
        .customer_ids()
        .iter()
        .position(|c| c == "ivan.petrow@example.de")
        .unwrap() as u32;
    let dates: Vec<NaiveDate> = import
        .log
        .transactions()
        .iter()
        .filter(|t| t.customer == ivan)
        .map(|t| t.date)
        .collect();
    assert_eq!(dates, [d("2024-05-01")]);
}

#[test]
fn a_woocommerce_analytics_download_counts_completed_and_processing_orders() {
    let name = "woocommerce_analytics_orders.csv";
    let (_, import) = import(name, Layout::WooCommerceAnalytics);
    assert_figures(
        name,
        &import,
        &Expected {
            customers: 9,
            orders: 13,
            net_revenue: 1744.41,
            first: "2024-02-01",
            last: "2024-04-05",
        },
    );
    assert_eq!(import.line_items, 0);
    assert_eq!(import.refunded, 2);
    assert_eq!(
        import.excluded,
        counts(&[
            ("On hold", 2),
            ("Cancelled", 1),
            ("Failed", 1),
            ("Pending payment", 1)
        ])
    );
    assert!(import.other_currencies.is_empty());
}

#[test]
fn a_woocommerce_order_export_with_a_row_per_item_counts_each_order_once_net_of_refunds() {
    let name = "woocommerce_order_export.csv";
    let (_, import) = import(name, Layout::WooCommerceOrders);
    assert_figures(
        name,
        &import,
        &Expected {
            customers: 6,
            orders: 9,
            net_revenue: 1627.90,
            first: "2024-01-08",
            last: "2024-03-13",
        },
    );
    assert_eq!(import.line_items, 6);
    assert_eq!(import.refunded, 1);
    assert_eq!(
        import.excluded,
        counts(&[
            ("wc-cancelled", 1),
            ("wc-failed", 1),
            ("wc-on-hold", 1),
            ("wc-pending", 1)
        ])
    );
    assert_eq!(import.currency.as_deref(), Some("EUR"));
    assert!(import.other_currencies.is_empty());
}

/// What pandas found in both German files (the same sheet).
const GERMAN: Expected = Expected {
    customers: 9,
    orders: 20,
    net_revenue: 9103.90,
    first: "2024-01-03",
    last: "2024-12-31",
};

#[test]
fn a_german_excel_csv_in_utf8_with_a_byte_order_mark_reads_comma_decimals_and_day_first_dates() {
    let name = "german_utf8.csv";
    let (file, import) = import(name, Layout::GermanSpreadsheet);
    assert_eq!(
        file.format,
        FileFormat::Text {
            encoding: TextEncoding::Utf8,
            delimiter: Delimiter::Semicolon
        }
    );
    assert_eq!(file.table.headers[0], "Kundennummer");
    assert_figures(name, &import, &GERMAN);
}

#[test]
fn a_german_excel_csv_in_windows_1252_reads_the_same_as_in_utf8() {
    let (utf8, utf8_import) = import("german_utf8.csv", Layout::GermanSpreadsheet);
    let name = "german_windows1252.csv";
    let (file, import) = import(name, Layout::GermanSpreadsheet);
    assert_eq!(
        file.format,
        FileFormat::Text {
            encoding: TextEncoding::Windows1252,
            delimiter: Delimiter::Semicolon
        }
    );
    assert_figures(name, &import, &GERMAN);
    assert_eq!(file.table, utf8.table, "same cells, umlauts and € included");
    assert_eq!(import.log, utf8_import.log);
}

#[test]
fn german_refunds_written_with_a_leading_or_trailing_minus_are_negative() {
    let (_, import) = import("german_utf8.csv", Layout::GermanSpreadsheet);
    let refunds: Vec<(NaiveDate, f64)> = import
        .log
        .transactions()
        .iter()
        .filter(|t| t.is_refund())
        .map(|t| (t.date, t.amount))
        .collect();
    assert_eq!(
        refunds,
        [
            (d("2024-01-29"), -12.0),
            (d("2024-03-07"), -12.0),
            (d("2024-06-21"), -49.0)
        ]
    );
    // A customer number with a leading zero stays text.
    assert!(import.log.customer_ids().iter().any(|c| c == "00815"));
}

/// What pandas found in the workbooks made by make_workbooks.py (the same
/// sheet in each).
const WORKBOOK: Expected = Expected {
    customers: 4,
    orders: 5,
    net_revenue: 1339.26,
    first: "2023-12-31",
    last: "2024-02-04",
};

#[test]
fn an_xlsx_workbook_reads_its_first_sheet_with_data() {
    let (file, import) = import("orders.xlsx", Layout::GermanSpreadsheet);
    assert!(matches!(file.format, FileFormat::Workbook { .. }));
    assert_figures("orders.xlsx", &import, &WORKBOOK);
}

#[test]
fn an_xls_workbook_reads_like_the_xlsx() {
    let (_, import) = import("orders.xls", Layout::GermanSpreadsheet);
    assert_figures("orders.xls", &import, &WORKBOOK);
}

#[test]
fn an_ods_workbook_reads_like_the_xlsx() {
    let (_, import) = import("orders.ods", Layout::GermanSpreadsheet);
    assert_figures("orders.ods", &import, &WORKBOOK);
}
