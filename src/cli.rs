//! The command line's logic (the `kundenwert` binary only parses nothing and
//! prints): commands over files, results written to a `Write`.

use crate::clv::data::dates::DateOrder;
use crate::clv::data::delimited::Delimiter;
use crate::clv::data::mapping::{normalise_header, ColumnRole, Layout};
use crate::clv::data::number::DecimalMark;
use crate::clv::data::orders::OrderImport;
use crate::clv::data::shop_import::{
    looks_like_workbook, read_file as read_table, FileError, FileFormat, ImportChoices, ImportPlan,
    PlanProblem, ReadFile, ReadOptions,
};
use crate::clv::data::summary::{holdout_activity, summarize, TimeUnit};
use crate::clv::data::summary_csv::{
    read_summary_csv, write_holdout_summary_csv, write_summary_csv, SummaryRow,
};
use crate::clv::data::text::TextEncoding;
use crate::clv::data::transactions::TransactionLog;
use crate::clv::data::workbook::{sheet_names, WorkbookError};
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

  --transactions FILE is read like the page reads a shop export: CSV or other
  delimited text, .xlsx, .xls or .ods; Shopify, WooCommerce, German spreadsheet
  layouts or customer_id,date,amount; line items folded into their order,
  cancelled and refunded orders left out (customer_id,date,amount keeps ISO
  dates and a decimal point). How it was read is printed on standard error.
  Where the file leaves something open, or to correct a guess:
      --map ROLE=HEADER,...   the column of a role, by its header; roles:
                              customer, date, amount, order, status, refunded,
                              currency, ignore (other roles stay as guessed)
      --decimal ,|.           the amounts' decimal mark
      --date-order dmy|mdy|ymd
                              the order of day, month and year in the dates
      --currency CODE         the currency kept when there are several
      --encoding utf-8|utf-16le|utf-16be|windows-1252
      --delimiter ','|';'|tab|'|'
      --sheet NAME            a workbook's sheet (default: the first with data)
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

/// The options of every command that reads a `--transactions` file.
const IMPORT_FLAGS: [&str; 7] = [
    "map",
    "decimal",
    "date-order",
    "currency",
    "encoding",
    "delimiter",
    "sheet",
];

/// How to read a transactions file: the answers the page's mapping step
/// takes, given on the command line. `None` keeps what the file suggests.
struct ImportArgs {
    read: ReadOptions,
    /// `--map`: roles set to columns named by their headers, in the order given.
    map: Vec<(ColumnRole, String)>,
    decimal: Option<DecimalMark>,
    date_order: Option<DateOrder>,
    currency: Option<String>,
}

impl ImportArgs {
    fn from_flags(flags: &Flags) -> Result<Self, CliError> {
        let choice = |name: &str, expected: &str, value: &str| {
            CliError::Usage(format!("--{name} expects {expected}, found {value:?}"))
        };
        let encoding = flags
            .optional("encoding")
            .map(|v| {
                encoding_of(v).ok_or_else(|| {
                    choice("encoding", "utf-8, utf-16le, utf-16be or windows-1252", v)
                })
            })
            .transpose()?;
        let delimiter = flags
            .optional("delimiter")
            .map(|v| delimiter_of(v).ok_or_else(|| choice("delimiter", "',', ';', tab or '|'", v)))
            .transpose()?;
        let decimal = flags
            .optional("decimal")
            .map(|v| match v {
                "," | "comma" => Ok(DecimalMark::Comma),
                "." | "point" => Ok(DecimalMark::Point),
                _ => Err(choice("decimal", "',' or '.'", v)),
            })
            .transpose()?;
        let date_order = flags
            .optional("date-order")
            .map(|v| match v.to_ascii_lowercase().as_str() {
                "dmy" => Ok(DateOrder::Dmy),
                "mdy" => Ok(DateOrder::Mdy),
                "ymd" => Ok(DateOrder::Ymd),
                _ => Err(choice("date-order", "dmy, mdy or ymd", v)),
            })
            .transpose()?;
        let currency = flags
            .optional("currency")
            .map(|v| {
                let code = v.trim().to_uppercase();
                if code.is_empty() {
                    Err(choice("currency", "a currency like EUR", v))
                } else {
                    Ok(code)
                }
            })
            .transpose()?;
        let map = flags.optional("map").map(parse_map).transpose()?;
        Ok(ImportArgs {
            read: ReadOptions {
                encoding,
                delimiter,
                sheet: flags.optional("sheet").map(str::to_owned),
            },
            map: map.unwrap_or_default(),
            decimal,
            date_order,
            currency,
        })
    }
}

fn encoding_of(name: &str) -> Option<TextEncoding> {
    let key: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    match key.as_str() {
        "utf8" => Some(TextEncoding::Utf8),
        "utf16le" => Some(TextEncoding::Utf16Le),
        "utf16be" => Some(TextEncoding::Utf16Be),
        "windows1252" | "cp1252" => Some(TextEncoding::Windows1252),
        _ => None,
    }
}

/// The name of an encoding as `--encoding` takes it.
fn encoding_key(encoding: TextEncoding) -> &'static str {
    match encoding {
        TextEncoding::Utf8 => "utf-8",
        TextEncoding::Utf16Le => "utf-16le",
        TextEncoding::Utf16Be => "utf-16be",
        TextEncoding::Windows1252 => "windows-1252",
    }
}

fn delimiter_of(name: &str) -> Option<Delimiter> {
    match name.to_ascii_lowercase().as_str() {
        "," | "comma" => Some(Delimiter::Comma),
        ";" | "semicolon" => Some(Delimiter::Semicolon),
        "\t" | "\\t" | "tab" => Some(Delimiter::Tab),
        "|" | "pipe" => Some(Delimiter::Pipe),
        _ => None,
    }
}

/// A delimiter as `--delimiter` takes it.
fn delimiter_key(delimiter: Delimiter) -> &'static str {
    match delimiter {
        Delimiter::Comma => "','",
        Delimiter::Semicolon => "';'",
        Delimiter::Tab => "tab",
        Delimiter::Pipe => "'|'",
    }
}

fn date_order_name(order: DateOrder) -> &'static str {
    match order {
        DateOrder::Dmy => "day-month-year",
        DateOrder::Mdy => "month-day-year",
        DateOrder::Ymd => "year-month-day",
    }
}

/// `--map customer=Kundennummer,amount=Betrag (EUR)`: a new pair starts at a
/// comma followed by `word=`, so a header may itself contain a comma.
fn parse_map(value: &str) -> Result<Vec<(ColumnRole, String)>, CliError> {
    let starts_pair = |piece: &str| {
        piece.split_once('=').is_some_and(|(key, _)| {
            let key = key.trim();
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
    };
    let mut pieces: Vec<String> = Vec::new();
    for piece in value.split(',') {
        match pieces.last_mut() {
            Some(last) if !starts_pair(piece) => {
                last.push(',');
                last.push_str(piece);
            }
            _ => pieces.push(piece.to_owned()),
        }
    }
    let roles = ColumnRole::ALL.map(|r| r.key()).join(", ");
    let mut pairs: Vec<(ColumnRole, String)> = Vec::new();
    for piece in pieces {
        let Some((key, header)) = piece.split_once('=') else {
            return Err(CliError::Usage(format!(
                "--map expects ROLE=HEADER pairs separated by commas, found {piece:?}"
            )));
        };
        let key = key.trim();
        let role = ColumnRole::from_key(&key.to_lowercase()).ok_or_else(|| {
            CliError::Usage(format!(
                "--map: unknown role {key:?}; the roles are {roles}"
            ))
        })?;
        let header = header.trim();
        if header.is_empty() {
            return Err(CliError::Usage(format!(
                "--map {key}= needs the header of a column"
            )));
        }
        if role != ColumnRole::Ignore && pairs.iter().any(|(r, _)| *r == role) {
            return Err(CliError::Usage(format!("--map gives the role {key} twice")));
        }
        pairs.push((role, header.to_owned()));
    }
    Ok(pairs)
}

/// The headers of a table, quoted, for a message.
fn quoted_headers(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The column of `headers` a `--map` header names: as written, else the one
/// column whose normalised header ([`normalise_header`]) is the same.
fn column_named(headers: &[String], given: &str) -> Result<usize, String> {
    if let Some(i) = headers.iter().position(|h| h.trim() == given) {
        return Ok(i);
    }
    let wanted = normalise_header(given);
    let matches: Vec<usize> = (0..headers.len())
        .filter(|&i| normalise_header(&headers[i]) == wanted)
        .collect();
    match matches[..] {
        [i] => Ok(i),
        [] => Err(format!(
            "--map: no column is headed {given:?}; the columns are {}",
            quoted_headers(headers)
        )),
        _ => Err(format!(
            "--map: {given:?} could be any of the columns {}; write the header exactly",
            quoted_headers(
                &matches
                    .iter()
                    .map(|&i| headers[i].clone())
                    .collect::<Vec<_>>()
            )
        )),
    }
}

/// Reads a file's table; a workbook's sheet is found here when none is
/// given (the first with data, as [`read_table`] takes it), so that the
/// report can name it.
fn read_orders_table(bytes: &[u8], options: &ReadOptions) -> Result<ReadFile, FileError> {
    if !looks_like_workbook(bytes) || options.sheet.is_some() {
        return read_table(bytes, options);
    }
    for name in sheet_names(bytes)? {
        let named = ReadOptions {
            sheet: Some(name),
            ..options.clone()
        };
        match read_table(bytes, &named) {
            Err(FileError::Workbook(WorkbookError::NoSheetWithData)) => continue,
            other => return other,
        }
    }
    Err(FileError::Workbook(WorkbookError::NoSheetWithData))
}

/// What needs answering before a plan can be taken, with the option that answers it.
fn plan_problem_message(problem: &PlanProblem, plan: &ImportPlan, headers: &[String]) -> String {
    let header_of = |role| {
        plan.mapping
            .column(role)
            .and_then(|c| headers.get(c))
            .map_or_else(String::new, |h| format!("{h:?}"))
    };
    match problem {
        PlanProblem::MissingRoles(roles) => format!(
            "{problem}: pass --map {} (the columns are {})",
            roles
                .iter()
                .map(|r| format!("{}=HEADER", r.key()))
                .collect::<Vec<_>>()
                .join(","),
            quoted_headers(headers)
        ),
        PlanProblem::AmbiguousDecimal => {
            format!("{problem}: pass --decimal ',' or --decimal '.'")
        }
        PlanProblem::AmbiguousDates => {
            format!("{problem}: pass --date-order dmy or --date-order mdy")
        }
        PlanProblem::AmountsNotNumbers => format!(
            "the amount column {} holds no numbers: pass --map amount=HEADER for the column that does",
            header_of(ColumnRole::Amount)
        ),
        PlanProblem::DatesNotDates => format!(
            "the date column {} holds no dates: pass --map date=HEADER for the column that does",
            header_of(ColumnRole::OrderDate)
        ),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts(values: &[(String, usize)]) -> String {
    values
        .iter()
        .map(|(v, n)| format!("{v} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The line printed on standard error: how the file was read and what it gave.
fn import_report(
    path: &str,
    format: &FileFormat,
    plan: &ImportPlan,
    headers: &[String],
    import: &OrderImport,
) -> String {
    let format = match format {
        FileFormat::Text {
            encoding,
            delimiter,
        } => format!(
            "text, {}, {}",
            encoding_key(*encoding),
            delimiter_key(*delimiter)
        ),
        FileFormat::Workbook { sheet, .. } => match sheet {
            Some(name) => format!("workbook, sheet {name:?}"),
            None => "workbook".to_owned(),
        },
    };
    let columns = ColumnRole::ALL
        .into_iter()
        .filter_map(|role| {
            let column = plan.mapping.column(role)?;
            Some(format!("{}={}", role.key(), headers.get(column)?))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut parts = vec![
        format!("read {path}: {format}"),
        format!("layout {}", plan.layout.key()),
        format!("columns: {columns}"),
    ];
    if let Some(mark) = plan.decimal {
        parts.push(format!("decimal '{}'", mark.as_char()));
    }
    if let Some(order) = plan.date_order {
        parts.push(format!("dates {}", date_order_name(order)));
    }
    if let Some(currency) = &import.currency {
        parts.push(format!("currency {currency}"));
    }
    let mut taken = vec![plural(import.orders, "order", "orders")];
    if import.line_items > 0 {
        taken.push(format!(
            "{} folded",
            plural(import.line_items, "line item", "line items")
        ));
    }
    if import.refunded > 0 {
        taken.push(format!("{} refunded", import.refunded));
    }
    if !import.excluded.is_empty() {
        taken.push(format!("excluded: {}", counts(&import.excluded)));
    }
    parts.push(taken.join(", "));
    if !import.other_currencies.is_empty() {
        parts.push(format!(
            "other currencies left out: {}",
            counts(&import.other_currencies)
        ));
    }
    if !import.rejected.is_empty() {
        parts.push(format!(
            "{} rejected",
            plural(import.rejected.len(), "row", "rows")
        ));
    }
    parts.join("; ")
}

/// A transactions file, read like the page reads a shop export (see
/// [`crate::clv::data::shop_import`]), strictly: a batch run stops at the
/// first row it cannot read. How the file was read goes to `messages`.
fn read_transactions(
    path: &str,
    args: &ImportArgs,
    messages: &mut dyn Write,
) -> Result<TransactionLog, CliError> {
    let file_error = |message: String| CliError::File {
        file: path.to_owned(),
        message,
    };
    let bytes = read_file(path)?;
    let file = read_orders_table(&bytes, &args.read).map_err(|e| file_error(e.to_string()))?;
    match &file.format {
        FileFormat::Text { .. } if args.read.sheet.is_some() => {
            return Err(file_error(
                "--sheet is for workbooks; this is a text file".into(),
            ))
        }
        FileFormat::Workbook { .. }
            if args.read.encoding.is_some() || args.read.delimiter.is_some() =>
        {
            return Err(file_error(
                "--encoding and --delimiter are for text files; this is a workbook".into(),
            ))
        }
        _ => {}
    }
    let table = &file.table;
    let mut choices = ImportChoices {
        mapping: None,
        decimal: args.decimal,
        date_order: args.date_order,
        statuses: Vec::new(),
        currency: args.currency.clone(),
    };
    let guess = ImportPlan::propose(table, &choices);
    if args.map.is_empty() {
        // Kundenwert's own format has fixed conventions: ISO dates, a decimal point.
        if guess.layout == Layout::Kundenwert {
            choices.decimal.get_or_insert(DecimalMark::Point);
            choices.date_order.get_or_insert(DateOrder::Ymd);
        }
    } else {
        let mut mapping = guess.mapping.clone();
        let mut set_by_map: Vec<usize> = Vec::new();
        for (role, header) in &args.map {
            let column = column_named(&table.headers, header).map_err(&file_error)?;
            if set_by_map.contains(&column) {
                return Err(file_error(format!(
                    "--map gives the column {:?} two roles",
                    table.headers[column]
                )));
            }
            set_by_map.push(column);
            mapping.set(column, *role);
        }
        choices.mapping = Some(mapping);
    }
    let plan = ImportPlan::propose(table, &choices);
    if let Some(currency) = &args.currency {
        if !plan.currencies.is_empty() && !plan.currencies.iter().any(|(c, _)| c == currency) {
            return Err(file_error(format!(
                "--currency {currency}: the orders are in {}",
                counts(&plan.currencies)
            )));
        }
    }
    let import = plan.assemble(table).map_err(|problems| {
        file_error(
            problems
                .iter()
                .map(|p| plan_problem_message(p, &plan, &table.headers))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    if let Some(first) = import.rejected.first() {
        return Err(file_error(format!(
            "line {}, column {} ({}): {} ({} could not be read)",
            first.line,
            first.column + 1,
            first.header,
            first.problem,
            plural(import.rejected.len(), "row", "rows")
        )));
    }
    // Standard error is for people; a closed one is no reason to stop.
    let _ = writeln!(
        messages,
        "{}",
        import_report(path, &file.format, &plan, &table.headers, &import)
    );
    Ok(import.log)
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

/// Runs one command line (without the program name): results to `out`, how
/// an input file was read to `messages` (standard error).
pub fn run(args: &[String], out: &mut dyn Write, messages: &mut dyn Write) -> Result<(), CliError> {
    let Some((command, rest)) = args.split_first() else {
        return Err(CliError::Usage("no command given".into()));
    };
    match command.as_str() {
        "summarize" => summarize_command(rest, out, messages),
        "fit" => fit_command(rest, out),
        "score" => score_command(rest, out),
        "segment" => segment_command(rest, out, messages),
        "help" | "--help" | "-h" => write(out, HELP),
        other => Err(CliError::Usage(format!(
            "unknown command {other:?}; expected summarize, fit, score or segment"
        ))),
    }
}

/// The flags of a command reading `--transactions`: its own and [`IMPORT_FLAGS`].
fn with_import_flags<'a>(own: &[&'a str]) -> Vec<&'a str> {
    own.iter().copied().chain(IMPORT_FLAGS).collect()
}

fn summarize_command(
    args: &[String],
    out: &mut dyn Write,
    messages: &mut dyn Write,
) -> Result<(), CliError> {
    let flags = Flags::parse(
        args,
        &with_import_flags(&["transactions", "end", "unit", "holdout-start"]),
    )?;
    let path = flags.required("transactions")?;
    let end = flags.required_date("end")?;
    let unit = flags.unit()?;
    let import = ImportArgs::from_flags(&flags)?;
    let log = read_transactions(path, &import, messages)?;
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

fn segment_command(
    args: &[String],
    out: &mut dyn Write,
    messages: &mut dyn Write,
) -> Result<(), CliError> {
    use crate::clv::models::gamma_gamma::{GammaGamma, SpendData};
    use crate::clv::segments::rfm::rfm_scores;
    use crate::clv::segments::tiers::{clv_tiers, risk_band, RiskCuts, TierCuts};
    use crate::clv::valuation::value::{score_customers, ClvSettings, ScoreInput};
    let flags = Flags::parse(args, &with_import_flags(&["transactions", "end", "unit"]))?;
    let path = flags.required("transactions")?;
    let end = flags.required_date("end")?;
    let unit = flags.unit()?;
    let import = ImportArgs::from_flags(&flags)?;
    let log = read_transactions(path, &import, messages)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_pairs_split_at_a_comma_before_a_role_so_headers_may_hold_commas() {
        assert_eq!(
            parse_map("customer=Kundennummer, amount=Betrag, netto,ignore=Notiz").unwrap(),
            [
                (ColumnRole::Customer, "Kundennummer".to_string()),
                (ColumnRole::Amount, "Betrag, netto".to_string()),
                (ColumnRole::Ignore, "Notiz".to_string()),
            ]
        );
        for bad in ["price=Preis", "amount", "amount=", "date=A,date=B"] {
            assert!(matches!(parse_map(bad), Err(CliError::Usage(_))), "{bad}");
        }
    }

    #[test]
    fn a_map_header_is_found_as_written_or_normalised_and_never_guessed() {
        let headers: Vec<String> = ["Betrag (EUR)", "Betrag (USD)", "Kunden-Nr."]
            .map(String::from)
            .to_vec();
        assert_eq!(column_named(&headers, "Betrag (USD)"), Ok(1));
        assert_eq!(column_named(&headers, "kunden nr"), Ok(2));
        assert!(column_named(&headers, "betrag")
            .unwrap_err()
            .contains("could be any"));
        assert!(column_named(&headers, "Preis")
            .unwrap_err()
            .contains("\"Preis\""));
    }
}
