//! Which column of an export is what: the roles a column can play, the known
//! layouts recognised by their headers, and a guess for anything else.
//!
//! A [`ColumnMapping`] gives every column a [`ColumnRole`]; each role other
//! than [`ColumnRole::Ignore`] is held by at most one column. [`guess_mapping`]
//! proposes one in two steps:
//!
//! 1. **Known layouts** ([`Layout`]) are recognised by header names that only
//!    they use together, and mapped completely:
//!    - Shopify's orders export (`Name`, `Email`, `Financial Status`,
//!      `Created at`, `Total`, `Refunded Amount`, `Currency`): one row per line
//!      item, the order's fields only on its first row;
//!    - WooCommerce Analytics' "Orders" download (`Date`, `Order #`, `Status`,
//!      `Customer`, `Net Sales`);
//!    - the common WooCommerce order export (`Order ID`, `Order Date`,
//!      `Order Status`, `Billing Email`, `Order Total`);
//!    - German spreadsheets (`Kundennummer`/`Kunden-Nr.`,
//!      `Bestelldatum`/`Rechnungsdatum`, `Betrag`/`Umsatz`/`Rechnungsbetrag`
//!      with or without a currency in the header, `Status`);
//!    - Kundenwert's own `customer_id,date,amount`.
//! 2. **Otherwise** each header is matched against English and German names
//!    of the roles, after [`normalise_header`] (lower case, no punctuation, a
//!    currency in brackets dropped); a column no name explains is judged by
//!    its values (e-mail addresses make a customer column, dates a date
//!    column, numbers an amount column), in that order of preference.
//!
//! Headers are compared normalised, so `Order #`, `order-#` and ` ORDER # `
//! are the same. [`header_signature`] names a layout of headers, so that a
//! mapping the user confirmed can be found again for the next file.

use super::dates::{decide_date_order, OrderDecision};
use super::number::{decide_decimal_mark, MarkDecision};
use super::sheet::RawTable;
use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnRole {
    /// The customer: an id, an e-mail address or a name.
    Customer,
    OrderDate,
    /// The order's amount (its total, or net sales).
    Amount,
    /// The order a row belongs to (several line-item rows may share one).
    OrderId,
    OrderStatus,
    /// The amount refunded on the order.
    Refunded,
    Currency,
    Ignore,
}

impl ColumnRole {
    pub const ALL: [ColumnRole; 8] = [
        ColumnRole::Customer,
        ColumnRole::OrderDate,
        ColumnRole::Amount,
        ColumnRole::OrderId,
        ColumnRole::OrderStatus,
        ColumnRole::Refunded,
        ColumnRole::Currency,
        ColumnRole::Ignore,
    ];

    /// The roles an import cannot do without.
    pub const REQUIRED: [ColumnRole; 3] = [
        ColumnRole::Customer,
        ColumnRole::OrderDate,
        ColumnRole::Amount,
    ];

    /// A stable key (for `<select>` values and the command line's `--map`).
    pub fn key(self) -> &'static str {
        match self {
            ColumnRole::Customer => "customer",
            ColumnRole::OrderDate => "date",
            ColumnRole::Amount => "amount",
            ColumnRole::OrderId => "order",
            ColumnRole::OrderStatus => "status",
            ColumnRole::Refunded => "refunded",
            ColumnRole::Currency => "currency",
            ColumnRole::Ignore => "ignore",
        }
    }

    pub fn from_key(key: &str) -> Option<ColumnRole> {
        ColumnRole::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// The layouts recognised by their headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// Kundenwert's own `customer_id,date,amount`.
    Kundenwert,
    ShopifyOrders,
    WooCommerceAnalytics,
    WooCommerceOrders,
    GermanSpreadsheet,
    /// Mapped from header names and values.
    Guessed,
}

impl Layout {
    pub fn key(self) -> &'static str {
        match self {
            Layout::Kundenwert => "kundenwert",
            Layout::ShopifyOrders => "shopify-orders",
            Layout::WooCommerceAnalytics => "woocommerce-analytics",
            Layout::WooCommerceOrders => "woocommerce-orders",
            Layout::GermanSpreadsheet => "german-spreadsheet",
            Layout::Guessed => "guessed",
        }
    }
}

/// A role for every column of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    pub roles: Vec<ColumnRole>,
}

impl ColumnMapping {
    /// Every column ignored.
    pub fn ignoring(columns: usize) -> ColumnMapping {
        ColumnMapping {
            roles: vec![ColumnRole::Ignore; columns],
        }
    }

    /// The column holding `role` (never [`ColumnRole::Ignore`]).
    pub fn column(&self, role: ColumnRole) -> Option<usize> {
        (role != ColumnRole::Ignore)
            .then(|| self.roles.iter().position(|&r| r == role))
            .flatten()
    }

    /// Gives `column` the `role`; a column that held the role before is ignored from now on.
    pub fn set(&mut self, column: usize, role: ColumnRole) {
        if column >= self.roles.len() {
            return;
        }
        if role != ColumnRole::Ignore {
            for r in self.roles.iter_mut().filter(|r| **r == role) {
                *r = ColumnRole::Ignore;
            }
        }
        self.roles[column] = role;
    }

    /// The required roles no column holds.
    pub fn missing(&self) -> Vec<ColumnRole> {
        ColumnRole::REQUIRED
            .into_iter()
            .filter(|&r| self.column(r).is_none())
            .collect()
    }
}

/// A proposed mapping and the layout it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingGuess {
    pub layout: Layout,
    pub mapping: ColumnMapping,
}

/// A header reduced to what tells headers apart: lower case, letters and
/// digits only (umlauts kept, `ß` kept), words joined by one space, a currency
/// in brackets dropped: `Betrag (EUR)` → `betrag`, `Order #` → `order #`.
pub fn normalise_header(header: &str) -> String {
    let mut h = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    // "Betrag (EUR)", "Umsatz [€]", "Total (USD)": the currency is not the name.
    if let Some(open) = h.find(['(', '[']) {
        let inner = h[open + 1..].trim_end_matches([')', ']']).trim();
        if inner.len() <= 4 && !inner.is_empty() {
            h.truncate(open);
        }
    }
    let mut out = String::new();
    for word in h
        .split(|c: char| !(c.is_alphanumeric() || c == '#'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The normalised headers joined: the same for files of the same layout.
pub fn header_signature(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| normalise_header(h))
        .collect::<Vec<_>>()
        .join("|")
}

/// Proposes a mapping for `table` (see the module docs).
pub fn guess_mapping(table: &RawTable) -> MappingGuess {
    let headers: Vec<String> = table.headers.iter().map(|h| normalise_header(h)).collect();
    for layout in KNOWN_LAYOUTS {
        if let Some(mapping) = layout.recognise(&headers) {
            return MappingGuess {
                layout: layout.layout,
                mapping,
            };
        }
    }
    MappingGuess {
        layout: Layout::Guessed,
        mapping: guess_by_names_and_values(table, &headers),
    }
}

/// A known layout: headers that must all be there, and the role of each
/// header it names (first match wins for a role).
struct KnownLayout {
    layout: Layout,
    required: &'static [&'static str],
    roles: &'static [(&'static str, ColumnRole)],
}

impl KnownLayout {
    fn recognise(&self, headers: &[String]) -> Option<ColumnMapping> {
        let has = |name: &str| headers.iter().any(|h| h == name);
        if !self.required.iter().all(|r| has(r)) {
            return None;
        }
        let mut mapping = ColumnMapping::ignoring(headers.len());
        for &(name, role) in self.roles {
            if mapping.column(role).is_some() {
                continue;
            }
            if let Some(i) = headers.iter().position(|h| h == name) {
                if mapping.roles[i] == ColumnRole::Ignore {
                    mapping.roles[i] = role;
                }
            }
        }
        mapping.missing().is_empty().then_some(mapping)
    }
}

use ColumnRole::{Amount, Currency, Customer, OrderDate, OrderId, OrderStatus, Refunded};

const KNOWN_LAYOUTS: [KnownLayout; 5] = [
    KnownLayout {
        layout: Layout::Kundenwert,
        required: &["customer id", "date", "amount"],
        roles: &[
            ("customer id", Customer),
            ("date", OrderDate),
            ("amount", Amount),
        ],
    },
    KnownLayout {
        layout: Layout::ShopifyOrders,
        required: &["name", "financial status", "created at", "total"],
        roles: &[
            ("email", Customer),
            ("customer id", Customer),
            ("billing name", Customer),
            ("name", OrderId),
            ("created at", OrderDate),
            ("total", Amount),
            ("refunded amount", Refunded),
            ("financial status", OrderStatus),
            ("currency", Currency),
        ],
    },
    KnownLayout {
        layout: Layout::WooCommerceAnalytics,
        required: &["date", "order #", "status", "customer", "net sales"],
        roles: &[
            ("customer", Customer),
            ("date", OrderDate),
            ("net sales", Amount),
            ("order #", OrderId),
            ("status", OrderStatus),
        ],
    },
    KnownLayout {
        layout: Layout::WooCommerceOrders,
        required: &["order id", "order date", "order status", "order total"],
        roles: &[
            ("billing email", Customer),
            ("customer email", Customer),
            ("customer id", Customer),
            ("customer user", Customer),
            ("order date", OrderDate),
            ("order total", Amount),
            ("order id", OrderId),
            ("order status", OrderStatus),
            ("order refund amount", Refunded),
            ("refund amount", Refunded),
            ("order currency", Currency),
            ("currency", Currency),
        ],
    },
    KnownLayout {
        layout: Layout::GermanSpreadsheet,
        required: &[],
        roles: &[
            ("kundennummer", Customer),
            ("kunden nr", Customer),
            ("kundennr", Customer),
            ("bestelldatum", OrderDate),
            ("rechnungsdatum", OrderDate),
            ("betrag", Amount),
            ("umsatz", Amount),
            ("rechnungsbetrag", Amount),
            ("bestellnummer", OrderId),
            ("rechnungsnummer", OrderId),
            ("status", OrderStatus),
            ("währung", Currency),
        ],
    },
];

/// Header names of each role in English and German, normalised.
const ROLE_NAMES: [(ColumnRole, &[&str]); 7] = [
    (
        Customer,
        &[
            "customer id",
            "customer",
            "customer email",
            "email",
            "e mail",
            "client",
            "client id",
            "user id",
            "buyer",
            "kunde",
            "kunden id",
            "kundennummer",
            "kundennr",
            "kunden nr",
            "kunden e mail",
        ],
    ),
    (
        OrderDate,
        &[
            "date",
            "order date",
            "created at",
            "created",
            "purchase date",
            "invoice date",
            "datum",
            "bestelldatum",
            "rechnungsdatum",
            "kaufdatum",
        ],
    ),
    (
        Amount,
        &[
            "amount",
            "total",
            "order total",
            "revenue",
            "net sales",
            "value",
            "sales",
            "betrag",
            "umsatz",
            "rechnungsbetrag",
            "summe",
            "gesamt",
            "bruttobetrag",
            "nettobetrag",
        ],
    ),
    (
        OrderId,
        &[
            "order id",
            "order",
            "order #",
            "order number",
            "invoice",
            "invoice number",
            "bestellnummer",
            "bestellung",
            "rechnungsnummer",
            "auftragsnummer",
        ],
    ),
    (
        OrderStatus,
        &[
            "status",
            "order status",
            "financial status",
            "bestellstatus",
            "zahlungsstatus",
        ],
    ),
    (
        Refunded,
        &[
            "refunded",
            "refunded amount",
            "refund",
            "refund amount",
            "erstattet",
            "erstattung",
        ],
    ),
    (Currency, &["currency", "währung", "waehrung"]),
];

/// What a column's values look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Looks {
    Emails,
    Dates,
    Numbers,
    Text,
}

fn looks(values: &[&str]) -> Looks {
    if values.is_empty() {
        return Looks::Text;
    }
    let emails = values
        .iter()
        .filter(|v| v.contains('@') && !v.contains(' '))
        .count();
    if emails * 2 > values.len() {
        return Looks::Emails;
    }
    if !matches!(
        decide_date_order(values.iter().copied()),
        OrderDecision::NotDates
    ) {
        return Looks::Dates;
    }
    if !matches!(
        decide_decimal_mark(values.iter().copied()),
        MarkDecision::NotNumbers
    ) {
        return Looks::Numbers;
    }
    Looks::Text
}

fn guess_by_names_and_values(table: &RawTable, headers: &[String]) -> ColumnMapping {
    let mut mapping = ColumnMapping::ignoring(headers.len());
    // By name: a role's names in order of preference, each column once.
    for (role, names) in ROLE_NAMES {
        let found = names.iter().find_map(|name| {
            headers
                .iter()
                .enumerate()
                .position(|(i, h)| h == name && mapping.roles[i] == ColumnRole::Ignore)
        });
        if let Some(i) = found {
            mapping.roles[i] = role;
        }
    }
    // By values, for required roles still missing.
    let sample: Vec<Looks> = (0..headers.len())
        .map(|c| looks(&table.column_values(c, 200)))
        .collect();
    for (role, wanted) in [
        (Customer, Looks::Emails),
        (OrderDate, Looks::Dates),
        (Amount, Looks::Numbers),
    ] {
        if mapping.column(role).is_some() {
            continue;
        }
        if let Some(i) = (0..headers.len())
            .find(|&i| mapping.roles[i] == ColumnRole::Ignore && sample[i] == wanted)
        {
            mapping.roles[i] = role;
        }
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(guess: &MappingGuess) -> Vec<&'static str> {
        guess.mapping.roles.iter().map(|r| r.key()).collect()
    }

    #[test]
    fn headers_are_compared_without_case_punctuation_or_a_bracketed_currency() {
        assert_eq!(normalise_header(" Betrag (EUR) "), "betrag");
        assert_eq!(normalise_header("Umsatz [€]"), "umsatz");
        assert_eq!(normalise_header("Order #"), "order #");
        assert_eq!(normalise_header("Kunden-Nr."), "kunden nr");
        assert_eq!(normalise_header("\u{feff}customer_id"), "customer id");
        assert_eq!(normalise_header("Währung"), "währung");
        // A bracket that is not a currency stays part of the name.
        assert_eq!(normalise_header("Amount (net of tax)"), "amount net of tax");
    }

    #[test]
    fn a_shopify_orders_export_is_recognised_and_mapped_completely() {
        let t = RawTable::new(
            &[
                "Name",
                "Email",
                "Financial Status",
                "Paid at",
                "Fulfillment Status",
                "Currency",
                "Subtotal",
                "Total",
                "Refunded Amount",
                "Created at",
                "Lineitem name",
            ],
            &[],
        );
        let guess = guess_mapping(&t);
        assert_eq!(guess.layout, Layout::ShopifyOrders);
        assert_eq!(
            roles(&guess),
            [
                "order", "customer", "status", "ignore", "ignore", "currency", "ignore", "amount",
                "refunded", "date", "ignore"
            ]
        );
    }

    #[test]
    fn both_woocommerce_layouts_are_recognised() {
        let analytics = RawTable::new(
            &[
                "Date",
                "Order #",
                "Status",
                "Customer",
                "Customer type",
                "Product(s)",
                "Items sold",
                "Coupon(s)",
                "Net Sales",
            ],
            &[],
        );
        let guess = guess_mapping(&analytics);
        assert_eq!(guess.layout, Layout::WooCommerceAnalytics);
        assert_eq!(
            roles(&guess),
            [
                "date", "order", "status", "customer", "ignore", "ignore", "ignore", "ignore",
                "amount"
            ]
        );
        let orders = RawTable::new(
            &[
                "Order ID",
                "Order Date",
                "Order Status",
                "Billing First Name",
                "Billing Email",
                "Order Currency",
                "Order Total",
            ],
            &[],
        );
        let guess = guess_mapping(&orders);
        assert_eq!(guess.layout, Layout::WooCommerceOrders);
        assert_eq!(
            roles(&guess),
            ["order", "date", "status", "ignore", "customer", "currency", "amount"]
        );
    }

    #[test]
    fn a_german_spreadsheet_is_recognised_with_a_currency_in_the_header() {
        let t = RawTable::new(
            &["Kundennummer", "Bestelldatum", "Betrag (EUR)", "Bemerkung"],
            &[],
        );
        let guess = guess_mapping(&t);
        assert_eq!(guess.layout, Layout::GermanSpreadsheet);
        assert_eq!(roles(&guess), ["customer", "date", "amount", "ignore"]);
        let t = RawTable::new(
            &["Kunden-Nr.", "Rechnungsdatum", "Rechnungsbetrag", "Status"],
            &[],
        );
        assert_eq!(
            roles(&guess_mapping(&t)),
            ["customer", "date", "amount", "status"]
        );
    }

    #[test]
    fn our_own_format_is_recognised() {
        let t = RawTable::new(&["customer_id", "date", "amount"], &[]);
        let guess = guess_mapping(&t);
        assert_eq!(guess.layout, Layout::Kundenwert);
        assert_eq!(roles(&guess), ["customer", "date", "amount"]);
    }

    #[test]
    fn unknown_headers_are_mapped_by_their_values() {
        let t = RawTable::new(
            &["Kontakt", "Wann", "Wert", "Notiz"],
            &[
                &["anna@example.com", "13.04.2024", "12,50", "erste"],
                &["ben@example.com", "03.04.2024", "1.234,00", "zweite"],
            ],
        );
        let guess = guess_mapping(&t);
        assert_eq!(guess.layout, Layout::Guessed);
        assert_eq!(roles(&guess), ["customer", "date", "amount", "ignore"]);
        assert!(guess.mapping.missing().is_empty());
    }

    #[test]
    fn a_role_moved_to_another_column_leaves_the_first() {
        let mut m = ColumnMapping::ignoring(3);
        m.set(0, ColumnRole::Amount);
        m.set(2, ColumnRole::Amount);
        assert_eq!(m.column(ColumnRole::Amount), Some(2));
        assert_eq!(m.roles[0], ColumnRole::Ignore);
        assert_eq!(m.missing(), [ColumnRole::Customer, ColumnRole::OrderDate]);
        m.set(9, ColumnRole::Customer);
        assert_eq!(m.column(ColumnRole::Customer), None);
    }

    #[test]
    fn files_of_one_layout_share_a_signature() {
        let a = ["Order ID".to_string(), "Order Total".into()];
        let b = ["order_id".to_string(), " ORDER TOTAL ".into()];
        assert_eq!(header_signature(&a), header_signature(&b));
        assert_ne!(header_signature(&a), header_signature(&a[..1]));
    }

    #[test]
    fn every_role_survives_its_key() {
        for role in ColumnRole::ALL {
            assert_eq!(ColumnRole::from_key(role.key()), Some(role));
        }
        assert_eq!(ColumnRole::from_key("price"), None);
    }
}
