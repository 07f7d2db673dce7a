//! The table of every user-facing text in English and German.
//!
//! [`texts!`] generates the [`Texts`] struct with one field per text and the two
//! tables [`EN`] and [`DE`], so a text missing in one language does not compile.

use crate::lang::Lang;

impl Lang {
    /// Twelve short month names, January first.
    pub fn month_names(self) -> [&'static str; 12] {
        let mut names = [""; 12];
        for (slot, name) in names
            .iter_mut()
            .zip(self.texts().chart_month_names.split(' '))
        {
            *slot = name;
        }
        names
    }

    /// All texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::De => &DE,
        }
    }
}

macro_rules! texts {
    ($($key:ident: $en:expr, $de:expr;)*) => {
        /// All user-facing texts of one language.
        #[derive(Debug)]
        pub struct Texts {
            $(pub $key: &'static str,)*
        }
        /// English texts.
        pub static EN: Texts = Texts { $($key: $en,)* };
        /// German texts.
        pub static DE: Texts = Texts { $($key: $de,)* };
        /// (key, English, German) for every text, for checks.
        pub const ALL_TEXTS: &[(&str, &str, &str)] = &[$((stringify!($key), $en, $de),)*];
    };
}

texts! {
    app_tagline: "Customer value workbench", "Werkbank für Kundenwert";
    privacy_note: "Your data stays in this browser: nothing is uploaded.", "Ihre Daten bleiben in diesem Browser: nichts wird hochgeladen.";
    nav_label: "Main navigation", "Hauptnavigation";
    nav_data: "Data", "Daten";
    nav_customers: "Customers", "Kunden";
    nav_models: "Models & CLV", "Modelle & CLV";
    nav_segments: "Segments", "Segmente";
    language: "Language", "Sprache";
    skip_to_content: "Skip to content", "Zum Inhalt springen";

    data_title: "Your data", "Ihre Daten";
    source_demo: "Demo data: {customers} customers of a fictional online shop over two years, generated in your browser. Import your own orders to replace it.", "Demodaten: {customers} Kunden eines fiktiven Onlineshops über zwei Jahre, in Ihrem Browser erzeugt. Importieren Sie Ihre eigenen Bestellungen, um sie zu ersetzen.";
    source_imported: "Imported from {file}.", "Importiert aus {file}.";
    stat_customers: "Customers", "Kunden";
    stat_transactions: "Transactions", "Transaktionen";
    stat_orders_refunds: "{orders} orders, {refunds} refunds", "{orders} Bestellungen, {refunds} Erstattungen";
    stat_date_range: "Date range", "Zeitraum";
    stat_net_revenue: "Net revenue", "Nettoumsatz";
    stat_gross_refunds: "{gross} gross, {refunds} refunded", "{gross} brutto, {refunds} erstattet";
    stat_rejected: "Rejected rows", "Abgelehnte Zeilen";
    stat_rejected_detail: "of {rows} rows in the file", "von {rows} Zeilen der Datei";
    stat_rejected_none: "none", "keine";
    chart_monthly_title: "Orders and new customers per month", "Bestellungen und Neukunden pro Monat";
    chart_orders: "Orders", "Bestellungen";
    chart_new_customers: "New customers", "Neukunden";
    chart_month_names: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", "Jan Feb Mär Apr Mai Jun Jul Aug Sep Okt Nov Dez";
    chart_show_table: "Show the numbers as a table", "Zahlen als Tabelle zeigen";
    chart_save_svg: "Save as SVG", "Als SVG speichern";
    col_month: "Month", "Monat";
    chart_alt: "Bar chart of orders per month with a line of new customers per month, {first} to {last}.", "Balkendiagramm der Bestellungen pro Monat mit einer Linie der Neukunden pro Monat, {first} bis {last}.";

    settings_title: "Observation", "Beobachtung";
    observation_end: "Observation end", "Beobachtungsende";
    observation_end_help: "Purchases after this date are ignored. By default the last transaction date.", "Käufe nach diesem Datum werden ignoriert. Standard: das Datum der letzten Transaktion.";
    observation_end_reset: "Use last transaction date", "Datum der letzten Transaktion verwenden";
    time_unit: "Time unit", "Zeiteinheit";
    unit_days: "Days", "Tage";
    unit_weeks: "Weeks", "Wochen";

    import_title: "Import data", "Daten importieren";
    import_hint: "Drop your order export here or choose it: a CSV or text file, an Excel workbook (.xlsx, .xls) or an OpenDocument sheet (.ods), from Shopify, WooCommerce, a spreadsheet or our own format (customer_id, date, amount), or a per-customer summary (customer_id, frequency, recency, T). You check how it is read before anything changes.", "Legen Sie Ihren Bestellexport hier ab oder wählen Sie ihn aus: eine CSV- oder Textdatei, eine Excel-Mappe (.xlsx, .xls) oder eine OpenDocument-Tabelle (.ods), aus Shopify, WooCommerce, einer Tabellenkalkulation oder unserem Format (customer_id, date, amount), oder eine Zusammenfassung pro Kunde (customer_id, frequency, recency, T). Sie prüfen, wie sie gelesen wird, bevor sich etwas ändert.";
    mapping_title: "How {file} is read", "So wird {file} gelesen";
    mapping_intro: "Check what each column holds; the preview below follows every change. Nothing is imported until you confirm.", "Prüfen Sie, was jede Spalte enthält; die Vorschau folgt jeder Änderung. Importiert wird erst, wenn Sie bestätigen.";
    mapping_layout: "Recognised as: {layout}.", "Erkannt als: {layout}.";
    mapping_remembered: "Using the choices you confirmed for these columns last time.", "Es gelten die Einstellungen, die Sie für diese Spalten zuletzt bestätigt haben.";
    mapping_format_text: "Text file in {encoding}, separated by {delimiter}.", "Textdatei in {encoding}, getrennt durch {delimiter}.";
    mapping_format_workbook: "Workbook; sheet read: {sheet}.", "Arbeitsmappe; gelesenes Blatt: {sheet}.";
    mapping_first_sheet: "the first with data", "das erste mit Daten";
    mapping_encoding: "Encoding", "Zeichenkodierung";
    mapping_delimiter: "Separator", "Trennzeichen";
    mapping_sheet: "Sheet", "Blatt";
    mapping_role_of: "Role of column {column}", "Rolle der Spalte {column}";
    mapping_decimal: "Decimal mark of the amounts", "Dezimalzeichen der Beträge";
    mapping_date_order: "Order of the dates", "Reihenfolge der Datumsangaben";
    mapping_decided: "decided from the column", "aus der Spalte ermittelt";
    mapping_choose: "please choose", "bitte wählen";
    mapping_statuses: "Order statuses", "Bestellstatus";
    mapping_status_orders: "{status} ({orders} orders)", "{status} ({orders} Bestellungen)";
    mapping_currency: "Currency kept", "Übernommene Währung";
    mapping_currency_orders: "{currency} ({orders} orders)", "{currency} ({orders} Bestellungen)";
    mapping_preview_title: "Preview", "Vorschau";
    mapping_preview: "{customers} customers, {orders} orders, net revenue {revenue}, from {first} to {last}.", "{customers} Kunden, {orders} Bestellungen, Nettoumsatz {revenue}, vom {first} bis {last}.";
    mapping_preview_details: "Line items folded into their order: {items}. Refunded orders left out: {refunded}. Orders not counted for their status: {excluded}. Orders in other currencies left out: {other}. Rows that cannot be read: {rejected}.", "In ihre Bestellung zusammengefasste Positionen: {items}. Ausgelassene erstattete Bestellungen: {refunded}. Wegen ihres Status nicht gezählte Bestellungen: {excluded}. Ausgelassene Bestellungen in anderen Währungen: {other}. Nicht lesbare Zeilen: {rejected}.";
    mapping_confirm: "Import {orders} orders", "{orders} Bestellungen importieren";
    mapping_taking: "Importing …", "Wird importiert …";
    mapping_updating: "Reading the whole file with these choices …", "Die ganze Datei wird mit dieser Auswahl gelesen …";
    mapping_missing: "Choose a column for: {roles}.", "Wählen Sie eine Spalte für: {roles}.";
    mapping_ambiguous_decimal: "The amounts can be read with either decimal mark: please choose one.", "Die Beträge lassen sich mit beiden Dezimalzeichen lesen: bitte wählen Sie eines.";
    mapping_ambiguous_dates: "The dates can be read day first or month first: please choose the order.", "Die Datumsangaben lassen sich mit Tag oder Monat zuerst lesen: bitte wählen Sie die Reihenfolge.";
    mapping_not_numbers: "The amount column holds no numbers: choose another column.", "Die Betragsspalte enthält keine Zahlen: wählen Sie eine andere Spalte.";
    mapping_not_dates: "The date column holds no dates: choose another column.", "Die Datumsspalte enthält keine Datumsangaben: wählen Sie eine andere Spalte.";
    role_customer: "Customer (id, e-mail or name)", "Kunde (Nummer, E-Mail oder Name)";
    role_date: "Order date", "Bestelldatum";
    role_amount: "Order amount", "Bestellbetrag";
    role_order: "Order number", "Bestellnummer";
    role_status: "Order status", "Bestellstatus";
    role_refunded: "Refunded amount", "Erstatteter Betrag";
    role_currency: "Currency", "Währung";
    role_ignore: "Ignore", "Ignorieren";
    layout_kundenwert: "Kundenwert format", "Kundenwert-Format";
    layout_shopify: "Shopify orders export", "Shopify-Bestellexport";
    layout_woo_analytics: "WooCommerce Analytics orders", "WooCommerce-Analytics-Bestellungen";
    layout_woo_orders: "WooCommerce order export", "WooCommerce-Bestellexport";
    layout_german: "German spreadsheet", "Deutsche Tabelle";
    layout_guessed: "no known layout; columns guessed from their names and values", "kein bekanntes Format; Spalten nach Namen und Werten zugeordnet";
    decimal_point: "1,234.56 (point)", "1,234.56 (Punkt)";
    decimal_comma: "1.234,56 (comma)", "1.234,56 (Komma)";
    date_order_dmy: "day.month.year (31.12.2024)", "Tag.Monat.Jahr (31.12.2024)";
    date_order_mdy: "month/day/year (12/31/2024)", "Monat/Tag/Jahr (12/31/2024)";
    date_order_ymd: "year-month-day (2024-12-31)", "Jahr-Monat-Tag (2024-12-31)";
    effect_counts: "counts", "zählt";
    effect_partially_refunded: "counts net of the refund", "zählt abzüglich Erstattung";
    effect_refunded: "refunded: left out", "erstattet: ausgelassen";
    effect_excluded: "not a sale: left out", "kein Verkauf: ausgelassen";
    delimiter_comma: "comma", "Komma";
    delimiter_semicolon: "semicolon", "Semikolon";
    delimiter_tab: "tab", "Tabulator";
    delimiter_pipe: "vertical bar", "senkrechten Strich";
    file_error_empty: "the file is empty", "die Datei ist leer";
    file_error_binary: "this is not a text file or a workbook", "das ist weder eine Textdatei noch eine Arbeitsmappe";
    file_error_no_rows: "the file has a header but no data rows", "die Datei hat eine Kopfzeile, aber keine Datenzeilen";
    file_error_workbook: "the workbook cannot be read ({reason})", "die Arbeitsmappe kann nicht gelesen werden ({reason})";
    import_choose: "Choose a file", "Datei auswählen";
    import_drop_here: "Drop the file to import it", "Datei ablegen, um sie zu importieren";
    import_reading: "Reading {file} …", "{file} wird gelesen …";
    import_progress: "{read} of {total} MB read, {rows} rows", "{read} von {total} MB gelesen, {rows} Zeilen";
    import_progress_label: "Reading progress", "Fortschritt beim Lesen";
    import_cancel_reading: "Cancel import", "Import abbrechen";
    import_failed: "{file} was not imported: {reason}. Your saved data is unchanged.", "{file} wurde nicht importiert: {reason}. Ihre gespeicherten Daten sind unverändert.";
    import_rejected_title: "{bad} of {rows} rows in {file} could not be read", "{bad} von {rows} Zeilen in {file} konnten nicht gelesen werden";
    import_rejected_question: "Import the other rows, or cancel and fix the file? Nothing has changed yet.", "Die übrigen Zeilen importieren oder abbrechen und die Datei korrigieren? Noch hat sich nichts geändert.";
    import_rest: "Import {good} readable rows", "{good} lesbare Zeilen importieren";
    import_cancel: "Cancel", "Abbrechen";
    import_rejected_download: "Download the rejected rows (CSV)", "Abgelehnte Zeilen herunterladen (CSV)";
    import_done: "Imported {file}: {customers} customers, {transactions} transactions.", "{file} importiert: {customers} Kunden, {transactions} Transaktionen.";
    import_worker_failed: "the file worker stopped; drop the file again", "der Datei-Worker hat angehalten; legen Sie die Datei erneut ab";
    import_more_rejected: "… and {n} more", "… und {n} weitere";
    summary_step_title: "Per-customer summary", "Zusammenfassung pro Kunde";
    summary_step_intro: "{file} holds {customers} customers summarised elsewhere (frequency, recency and T per customer, as DuckDB, Spark or lifetimes write them).", "{file} enthält {customers} anderswo zusammengefasste Kunden (Häufigkeit, Recency und T je Kunde, wie DuckDB, Spark oder lifetimes sie schreiben).";
    summary_step_no_monetary: "The file has no monetary_value column: purchases can be predicted, but no value.", "Die Datei hat keine Spalte monetary_value: Käufe lassen sich vorhersagen, Werte nicht.";
    summary_unit: "Time unit of recency and T", "Zeiteinheit von Recency und T";
    summary_as_of: "Summary taken on", "Zusammenfassung erstellt am";
    summary_as_of_help: "The observation end: T is counted back from this date.", "Das Beobachtungsende: T wird von diesem Datum an zurückgerechnet.";
    summary_holdout_end: "Holdout period ends on", "Holdout-Zeitraum endet am";
    summary_holdout_help: "The file has holdout_purchases and holdout_spend: the models are validated on the purchases after the summary date up to this date.", "Die Datei hat holdout_purchases und holdout_spend: Die Modelle werden an den Käufen nach dem Stichtag bis zu diesem Datum geprüft.";
    summary_import: "Import {customers} customers", "{customers} Kunden importieren";
    summary_failed: "{file} cannot be read as a summary: {reason}. Your saved data is unchanged.", "{file} kann nicht als Zusammenfassung gelesen werden: {reason}. Ihre gespeicherten Daten sind unverändert.";
    summary_done: "Imported {file}: {customers} customer summaries as of {date}.", "{file} importiert: {customers} Kundenzusammenfassungen zum {date}.";
    source_summaries: "Per-customer summaries from {file}, taken on {date}, recency and T in {unit}. Models, scores, segments and equity work on them; activity per month, value migration and goals need individual transactions.", "Zusammenfassungen pro Kunde aus {file}, erstellt am {date}, Recency und T in {unit}. Modelle, Scores, Segmente und Kundenwert arbeiten damit; Aktivität pro Monat, Wertwanderung und Ziele brauchen einzelne Transaktionen.";
    stat_summary_orders: "first and repeat purchases (x + 1 per customer)", "Erst- und Wiederholungskäufe (x + 1 je Kunde)";
    stat_repeat_revenue: "repeat purchases only: a summary has no first-purchase values", "nur Wiederholungskäufe: eine Zusammenfassung kennt die Erstkäufe nicht";
    observation_end_of_summary: "Summaries are valued at the date they were taken; import transactions to choose another date.", "Zusammenfassungen werden zu ihrem Stichtag bewertet; für ein anderes Datum Transaktionen importieren.";
    needs_transactions_monthly: "Activity per month needs individual transactions; this workspace holds per-customer summaries.", "Die Aktivität pro Monat braucht einzelne Transaktionen; dieser Arbeitsbereich enthält Zusammenfassungen pro Kunde.";
    needs_transactions_migration: "Value migration compares customers at two dates and needs individual transactions; this workspace holds per-customer summaries.", "Die Wertwanderung vergleicht Kunden an zwei Daten und braucht einzelne Transaktionen; dieser Arbeitsbereich enthält Zusammenfassungen pro Kunde.";
    needs_transactions_goals: "Goals track KPIs over time and need individual transactions; this workspace holds per-customer summaries. Import an order export to set and track goals.", "Ziele verfolgen Kennzahlen über die Zeit und brauchen einzelne Transaktionen; dieser Arbeitsbereich enthält Zusammenfassungen pro Kunde. Importieren Sie einen Bestellexport, um Ziele zu setzen und zu verfolgen.";
    summary_problem_empty: "the file is empty; a summary starts with the header customer_id,frequency,recency,T", "die Datei ist leer; eine Zusammenfassung beginnt mit der Kopfzeile customer_id,frequency,recency,T";
    summary_problem_unreadable: "it is not CSV text ({reason})", "sie ist kein CSV-Text ({reason})";
    summary_problem_missing: "the columns {missing} are missing (found: {found})", "die Spalten {missing} fehlen (gefunden: {found})";
    summary_problem_field_count: "expected {expected} fields, found {found}", "{expected} Felder erwartet, {found} gefunden";
    summary_problem_empty_id: "the customer id is empty", "die Kunden-ID ist leer";
    summary_problem_duplicate: "the customer id {id} appears twice", "die Kunden-ID {id} kommt zweimal vor";
    summary_problem_number: "\"{value}\" is not a number ≥ 0", "„{value}“ ist keine Zahl ≥ 0";
    summary_problem_whole: "{value} is not a whole number", "{value} ist keine ganze Zahl";
    summary_problem_recency_age: "recency {recency} is larger than T {t}", "Recency {recency} ist größer als T {t}";
    summary_problem_recency_repeat: "recency {recency} without a repeat purchase (frequency 0 has recency 0)", "Recency {recency} ohne Wiederholungskauf (Häufigkeit 0 hat Recency 0)";
    summary_problem_holdout_half: "holdout_purchases and holdout_spend belong together; only {column} is there", "holdout_purchases und holdout_spend gehören zusammen; nur {column} ist vorhanden";
    summary_table_no_customers: "the file has no customers", "die Datei enthält keine Kunden";
    summary_table_holdout_end: "give the date the holdout period ends", "geben Sie das Ende des Holdout-Zeitraums an";
    summary_table_holdout_early: "the holdout period must end after {date}", "der Holdout-Zeitraum muss nach dem {date} enden";
    summary_table_too_old: "T of customer {id} reaches back before the year 1", "T von Kunde {id} reicht vor das Jahr 1 zurück";
    load_demo: "Back to demo data", "Zurück zu den Demodaten";
    dismiss: "Dismiss", "Schließen";
    col_line: "Line", "Zeile";
    col_column: "Column", "Spalte";
    col_problem: "Problem", "Problem";

    customers_title: "Customers", "Kunden";
    customers_intro: "One row per customer with at least one order up to {end}. Recency and age T in {unit}.", "Eine Zeile pro Kunde mit mindestens einer Bestellung bis {end}. Recency und Alter T in {unit}.";
    search_label: "Search customer id", "Kunden-ID suchen";
    export_csv: "Export CSV", "CSV exportieren";
    col_customer: "Customer", "Kunde";
    col_first_purchase: "First purchase", "Erster Kauf";
    col_last_purchase: "Last purchase", "Letzter Kauf";
    col_frequency: "Repeat purchases", "Wiederholungskäufe";
    col_recency: "Recency", "Recency";
    col_age: "Age T", "Alter T";
    col_orders: "Orders", "Bestellungen";
    col_total: "Net revenue", "Nettoumsatz";
    col_aov: "Avg. order value", "Ø Bestellwert";
    sort_by: "Sort by {column}", "Nach {column} sortieren";
    page_range: "{from}–{to} of {n}", "{from}–{to} von {n}";
    page_prev: "Previous", "Zurück";
    page_next: "Next", "Weiter";
    pager_label: "Pages", "Seiten";
    no_match: "No customer id contains “{query}”.", "Keine Kunden-ID enthält „{query}“.";
    no_customers: "No customer has ordered up to the observation end.", "Bis zum Beobachtungsende hat kein Kunde bestellt.";
    unit_days_lower: "days", "Tagen";
    unit_weeks_lower: "weeks", "Wochen";

    models_title: "Models and customer lifetime value", "Modelle und Kundenwert (CLV)";
    models_intro: "Probabilistic models of when customers buy, when they silently leave and how much they spend, fitted to your data up to {end}, predict each customer's purchases and discounted lifetime value.", "Probabilistische Modelle dafür, wann Kunden kaufen, wann sie unbemerkt abwandern und wie viel sie ausgeben, geschätzt auf Ihren Daten bis {end}, sagen für jeden Kunden Käufe und abgezinsten Kundenwert voraus.";
    model_settings: "Settings", "Einstellungen";
    model_purchase: "Purchase model", "Kaufmodell";
    model_spend: "Spend per purchase", "Betrag pro Kauf";
    spend_gamma_gamma: "Gamma-Gamma model", "Gamma-Gamma-Modell";
    spend_observed: "Customer's own average", "Eigener Durchschnitt des Kunden";
    horizon_months: "Horizon (months)", "Horizont (Monate)";
    discount_annual: "Discount rate per year (%)", "Diskontsatz pro Jahr (%)";
    margin_percent: "Margin (% of revenue)", "Marge (% vom Umsatz)";
    margin_help: "100% values revenue; your profit margin values profit.", "100 % bewertet den Umsatz; Ihre Gewinnmarge bewertet den Gewinn.";
    holdout_months: "Months held out for validation", "Zurückgehaltene Monate zur Validierung";
    fit_button: "Fit models", "Modelle schätzen";
    fitting: "Fitting the models …", "Die Modelle werden geschätzt …";
    fit_failed: "The models could not be fitted: {reason}", "Die Modelle konnten nicht geschätzt werden: {reason}";
    fit_stale: "Data or settings changed since this fit. Fit again to update.", "Daten oder Einstellungen haben sich seit dieser Schätzung geändert. Erneut schätzen, um zu aktualisieren.";
    fit_took: "Fitted in {ms} ms", "Geschätzt in {ms} ms";
    error_too_few: "too few customers ({found}; at least {needed} needed)", "zu wenige Kunden ({found}; mindestens {needed} nötig)";
    error_no_repeat: "no customer has bought more than once", "kein Kunde hat mehr als einmal gekauft";
    error_invalid_input: "row {row} has an invalid {field} ({value})", "Zeile {row} hat einen ungültigen Wert für {field} ({value})";
    error_no_convergence: "the estimation did not converge", "die Schätzung ist nicht konvergiert";
    total_clv: "Lifetime value of all customers", "Kundenwert aller Kunden";
    average_clv: "Average per customer", "Durchschnitt pro Kunde";
    new_customer_value: "Value of a new customer", "Wert eines Neukunden";
    new_customer_help: "First purchase plus discounted repeat purchases over the horizon", "Erster Kauf plus abgezinste Folgekäufe über den Horizont";
    expected_purchases_total: "Expected purchases", "Erwartete Käufe";
    over_horizon: "over the next {months} months", "in den nächsten {months} Monaten";
    interval_95: "95% interval {low} – {high}", "95-%-Intervall {low} – {high}";
    params_title: "Parameters", "Parameter";
    col_parameter: "Parameter", "Parameter";
    col_estimate: "Estimate", "Schätzwert";
    col_std_error: "Std. error", "Std.-Fehler";
    col_interval: "95% interval", "95-%-Intervall";
    log_likelihood: "Log-likelihood", "Log-Likelihood";
    comparison_title: "Model comparison", "Modellvergleich";
    comparison_help: "Lower AIC fits better for its number of parameters; holdout errors show how well each model, fitted without the last {months} months, predicted them.", "Niedrigeres AIC passt besser für die Zahl der Parameter; die Holdout-Fehler zeigen, wie gut jedes Modell, ohne die letzten {months} Monate geschätzt, diese vorhergesagt hat.";
    col_model: "Model", "Modell";
    col_mae: "Holdout MAE", "Holdout-MAE";
    col_rmse: "Holdout RMSE", "Holdout-RMSE";
    col_holdout_totals: "Holdout purchases actual / predicted", "Holdout-Käufe tatsächlich / vorhergesagt";
    chosen: "in use", "verwendet";
    diagnostics_title: "Does the model fit?", "Passt das Modell?";
    chart_histogram_title: "Customers by repeat purchases in the calibration period", "Kunden nach Wiederholungskäufen im Kalibrierungszeitraum";
    chart_conditional_title: "Mean holdout purchases by calibration repeat purchases", "Mittlere Holdout-Käufe nach Wiederholungskäufen in der Kalibrierung";
    chart_tracking_title: "Cumulative repeat purchases over time", "Kumulierte Wiederholungskäufe über die Zeit";
    axis_repeat_purchases: "Repeat purchases in calibration", "Wiederholungskäufe in der Kalibrierung";
    axis_customers: "Customers", "Kunden";
    axis_holdout_purchases: "Mean purchases in holdout", "Mittlere Käufe im Holdout";
    axis_cumulative: "Repeat purchases", "Wiederholungskäufe";
    axis_time: "Time since first purchase date ({unit})", "Zeit seit dem ersten Kaufdatum ({unit})";
    legend_actual: "Actual", "Tatsächlich";
    marker_calibration_end: "end of calibration", "Ende der Kalibrierung";
    comparison_help_summary: "Lower AIC fits better for its number of parameters; holdout errors show how well each model, fitted on the summary, predicted the purchases in its holdout columns up to {date}.", "Niedrigeres AIC passt besser für die Zahl der Parameter; die Holdout-Fehler zeigen, wie gut jedes Modell, auf der Zusammenfassung geschätzt, die Käufe in ihren Holdout-Spalten bis {date} vorhergesagt hat.";
    no_holdout_summary: "This summary has no holdout columns. Write it with holdout_purchases and holdout_spend (kundenwert summarize --holdout-start, or the README's holdout query) to see holdout errors.", "Diese Zusammenfassung hat keine Holdout-Spalten. Schreiben Sie sie mit holdout_purchases und holdout_spend (kundenwert summarize --holdout-start oder die Holdout-Abfrage im README), um Holdout-Fehler zu sehen.";
    needs_transactions_tracking: "The cumulative tracking chart needs individual transactions; a summary has the holdout purchases per customer only.", "Das kumulierte Verlaufsdiagramm braucht einzelne Transaktionen; eine Zusammenfassung kennt die Holdout-Käufe nur je Kunde.";
    no_holdout: "Set months held out for validation above zero to see holdout errors and charts.", "Setzen Sie die zurückgehaltenen Monate über null, um Holdout-Fehler und -Diagramme zu sehen.";
    spend_fit_failed: "The Gamma-Gamma spend model could not be fitted ({reason}); each customer's own average is used.", "Das Gamma-Gamma-Ausgabenmodell konnte nicht geschätzt werden ({reason}); der eigene Durchschnitt jedes Kunden wird verwendet.";
    spend_warning_mean_undefined: "Gamma-Gamma: q ≤ 1, so the mean spend is undefined; each customer's own average is used.", "Gamma-Gamma: q ≤ 1, daher ist der mittlere Betrag nicht definiert; der eigene Durchschnitt jedes Kunden wird verwendet.";
    col_p_alive: "P(alive)", "P(aktiv)";
    col_expected_purchases: "Exp. purchases", "Erw. Käufe";
    col_expected_spend: "Exp. revenue", "Erw. Umsatz";
    col_clv: "CLV", "CLV";
    col_clv_interval: "CLV 95% interval", "CLV 95-%-Intervall";
    scores_hint: "Fit the models on the Models & CLV page to add P(alive), expected purchases and CLV.", "Schätzen Sie die Modelle auf der Seite Modelle & CLV, um P(aktiv), erwartete Käufe und CLV hinzuzufügen.";
    segments_title: "Segments", "Segmente";
    segments_intro: "Who carries the value, as of {end}: RFM segments from recency and frequency, CLV tiers and churn-risk bands from the fitted model, and segments you define.", "Wer den Wert trägt, Stand {end}: RFM-Segmente aus Recency und Frequenz, CLV-Stufen und Abwanderungsrisiko aus dem geschätzten Modell und Segmente, die Sie selbst festlegen.";
    segments_need_model: "CLV tiers, risk bands and value shares need the fitted model; it is being fitted.", "CLV-Stufen, Risikobänder und Wertanteile brauchen das geschätzte Modell; es wird geschätzt.";
    seg_rfm: "RFM segments", "RFM-Segmente";
    seg_tiers: "CLV tiers", "CLV-Stufen";
    seg_risk: "Churn risk (from P(alive))", "Abwanderungsrisiko (aus P(aktiv))";
    seg_custom: "Your segments", "Eigene Segmente";
    col_segment: "Segment", "Segment";
    col_customer_share: "Share of customers", "Anteil Kunden";
    col_revenue_share: "Share of revenue", "Anteil Umsatz";
    col_clv_sum: "Summed CLV", "CLV gesamt";
    col_clv_mean: "Average CLV", "Ø CLV";
    col_equity_share: "Share of value", "Anteil am Wert";
    col_p_alive_mean: "Avg. P(alive)", "Ø P(aktiv)";
    show_customers: "Show customers", "Kunden zeigen";
    chart_shares_title: "Where the value concentrates", "Wo sich der Wert konzentriert";
    legend_customer_share: "Share of customers", "Anteil Kunden";
    legend_value_share: "Share of lifetime value", "Anteil Kundenwert";
    lorenz_title: "Concentration of customer lifetime value", "Konzentration des Kundenwerts";
    lorenz_summary: "The top 20% of customers hold {share} of the lifetime value.", "Die besten 20 % der Kunden halten {share} des Kundenwerts.";
    lorenz_marker: "top 20%: {share}", "Top 20 %: {share}";
    axis_share_customers: "Customers, highest value first", "Kunden, höchster Wert zuerst";
    axis_share_value: "Share of lifetime value", "Anteil am Kundenwert";
    grid_title: "Recency × frequency (RFM grid)", "Recency × Frequenz (RFM-Raster)";
    grid_help: "Each cell shows its segment, its customers and their average CLV. Choose a cell to list its customers.", "Jede Zelle zeigt ihr Segment, ihre Kunden und deren Ø CLV. Wählen Sie eine Zelle, um ihre Kunden zu sehen.";
    grid_cell_label: "R {r}, F {f}: {segment}, {n} customers", "R {r}, F {f}: {segment}, {n} Kunden";
    axis_r_score: "R score (5 = most recent)", "R-Wert (5 = zuletzt gekauft)";
    axis_f_score: "F score (5 = most orders)", "F-Wert (5 = meiste Bestellungen)";
    histogram_title: "Distribution of customer lifetime value", "Verteilung des Kundenwerts";
    axis_clv: "CLV", "CLV";
    palive_title: "P(alive) by repeat purchases and recency", "P(aktiv) nach Wiederholungskäufen und Recency";
    palive_help: "Average P(alive) of the customers in each cell: buying often but not lately is a warning sign.", "Ø P(aktiv) der Kunden jeder Zelle: oft, aber lange nicht mehr gekauft ist ein Warnsignal.";
    axis_recency_weeks: "Weeks since the last purchase", "Wochen seit dem letzten Kauf";
    migration_title: "Movement between RFM segments", "Wanderung zwischen RFM-Segmenten";
    migration_help: "Customers by their segment on the first date (rows) and on the second (columns); the value is their lifetime value now.", "Kunden nach ihrem Segment am ersten Datum (Zeilen) und am zweiten (Spalten); der Wert ist ihr heutiger Kundenwert.";
    migration_from_date: "From", "Von";
    migration_to_date: "To", "Bis";
    migration_new: "not a customer yet", "noch kein Kunde";
    migration_stayed: "{n} customers stayed in their segment, {moved} moved.", "{n} Kunden blieben in ihrem Segment, {moved} wechselten.";
    builder_title: "Define a segment", "Segment festlegen";
    builder_name: "Name", "Name";
    builder_match: "Customers matching", "Kunden, auf die zutrifft";
    builder_all: "all conditions (AND)", "alle Bedingungen (UND)";
    builder_any: "any condition (OR)", "irgendeine Bedingung (ODER)";
    builder_add: "Add condition", "Bedingung hinzufügen";
    builder_remove: "Remove", "Entfernen";
    builder_save: "Save segment", "Segment speichern";
    builder_delete: "Delete", "Löschen";
    builder_count: "{n} customers match", "{n} Kunden passen";
    builder_saved_list: "Saved segments", "Gespeicherte Segmente";
    builder_none_saved: "No segments of your own yet.", "Noch keine eigenen Segmente.";
    builder_name_taken: "A segment of that name exists; saving replaces it.", "Ein Segment dieses Namens gibt es schon; Speichern ersetzt es.";
    segment_error_needs_model: "this condition needs the fitted model", "diese Bedingung braucht das geschätzte Modell";
    segment_error: "The segment cannot be evaluated: {reason}", "Das Segment kann nicht ausgewertet werden: {reason}";
    filter_showing: "Showing {segment}: {n} customers.", "Angezeigt: {segment}, {n} Kunden.";
    filter_clear: "Show all customers", "Alle Kunden zeigen";
    measure_recency_days: "Days since last purchase", "Tage seit letztem Kauf";
    measure_frequency: "Repeat purchases", "Wiederholungskäufe";
    measure_orders: "Orders", "Bestellungen";
    measure_revenue: "Net revenue", "Nettoumsatz";
    measure_aov: "Avg. order value", "Ø Bestellwert";
    measure_p_alive: "P(alive)", "P(aktiv)";
    measure_expected_purchases: "Expected purchases", "Erwartete Käufe";
    measure_clv: "CLV", "CLV";
    measure_first_purchase: "First purchase (date)", "Erster Kauf (Datum)";
    measure_r: "R score", "R-Wert";
    measure_f: "F score", "F-Wert";
    measure_m: "M score", "M-Wert";
    measure_in_rfm: "is in RFM segment", "ist im RFM-Segment";
    measure_in_segment: "is in segment", "ist im Segment";
    measure_not_in_segment: "is not in segment", "ist nicht im Segment";
    seg_champions: "Champions", "Champions";
    seg_loyal: "Loyal Customers", "Treue Kunden";
    seg_potential: "Potential Loyalists", "Potenziell Treue";
    seg_new: "New Customers", "Neukunden";
    seg_promising: "Promising", "Vielversprechend";
    seg_need_attention: "Need Attention", "Brauchen Aufmerksamkeit";
    seg_about_to_sleep: "About To Sleep", "Kurz vor dem Einschlafen";
    seg_at_risk: "At Risk", "Gefährdet";
    seg_cant_lose: "Can't Lose Them", "Nicht verlieren";
    seg_hibernating: "Hibernating", "Im Winterschlaf";
    seg_lost: "Lost", "Verloren";
    tier_top1: "Top 1%", "Top 1 %";
    tier_next9: "Next 9%", "Nächste 9 %";
    tier_next40: "Next 40%", "Nächste 40 %";
    tier_bottom50: "Bottom 50%", "Untere 50 %";
    risk_high: "High risk", "Hohes Risiko";
    risk_medium: "Medium risk", "Mittleres Risiko";
    risk_low: "Low risk", "Geringes Risiko";
    saved: "Saved in this browser", "In diesem Browser gespeichert";
    save_too_large: "Too large for browser storage ({size}): this change is not saved. The previously saved state is kept.", "Zu groß für den Browserspeicher ({size}): diese Änderung wird nicht gespeichert. Der zuvor gespeicherte Stand bleibt erhalten.";
    save_failed: "Not saved: {reason}", "Nicht gespeichert: {reason}";
    save_conflict: "Not saved: changed in another tab", "Nicht gespeichert: in einem anderen Tab geändert";
    source_empty: "This workspace has no data yet: import a file of orders or customer summaries below.", "Dieser Arbeitsbereich hat noch keine Daten: Importieren Sie unten eine Datei mit Bestellungen oder Kundenzusammenfassungen.";
    nav_workspaces: "Workspaces", "Arbeitsbereiche";
    workspaces_title: "Workspaces", "Arbeitsbereiche";
    workspaces_intro: "Each workspace keeps its own data, settings, segments, goals and scenarios in this browser. Nothing leaves your device.", "Jeder Arbeitsbereich hat eigene Daten, Einstellungen, Segmente, Ziele und Szenarien – gespeichert in diesem Browser. Nichts verlässt Ihr Gerät.";
    workspace_header_label: "Workspace", "Arbeitsbereich";
    workspace_current: "In use", "In Bearbeitung";
    workspace_open: "Open", "Öffnen";
    workspace_rename: "Rename", "Umbenennen";
    workspace_duplicate: "Duplicate", "Duplizieren";
    workspace_delete: "Delete", "Löschen";
    workspace_delete_confirm: "Delete “{name}” with its data, goals and scenarios?", "„{name}“ mit allen Daten, Zielen und Szenarien löschen?";
    workspace_cancel: "Cancel", "Abbrechen";
    workspace_save_name: "Save name", "Namen speichern";
    workspace_name_label: "Name of the workspace", "Name des Arbeitsbereichs";
    workspace_new_title: "New workspace", "Neuer Arbeitsbereich";
    workspace_new_demo: "With demo data", "Mit Demodaten";
    workspace_new_file: "From a file…", "Aus einer Datei …";
    workspace_new_empty: "Empty", "Leer";
    workspace_new_name: "New workspace", "Neuer Arbeitsbereich";
    workspace_copy_of: "{name} (copy)", "{name} (Kopie)";
    workspace_mine: "my version", "meine Version";
    workspace_col_name: "Name", "Name";
    workspace_col_data: "Data", "Daten";
    workspace_col_size: "Size", "Größe";
    workspace_col_saved: "Last saved", "Zuletzt gespeichert";
    workspace_col_actions: "Actions", "Aktionen";
    workspace_data_demo: "Demo data · {customers} customers", "Demodaten · {customers} Kunden";
    workspace_data_empty: "No data yet", "Noch keine Daten";
    workspace_data_file: "{file} · {customers} customers", "{file} · {customers} Kunden";
    workspace_unreadable: "“{name}” cannot be read: {reason} The other workspaces are not affected.", "„{name}“ kann nicht gelesen werden: {reason} Die anderen Arbeitsbereiche sind nicht betroffen.";
    storage_title: "Storage in this browser", "Speicher in diesem Browser";
    storage_workspaces: "Your workspaces take {size}.", "Ihre Arbeitsbereiche belegen {size}.";
    storage_use: "This site uses {used} of the {quota} the browser allows.", "Diese Seite belegt {used} von {quota}, die der Browser zulässt.";
    storage_persistent: "Kept: the browser will not clear it when space runs low.", "Dauerhaft: Der Browser löscht nichts, wenn der Platz knapp wird.";
    storage_best_effort: "The browser may clear it when space runs low: export a workspace file to keep a copy.", "Der Browser darf bei Platzmangel löschen: Exportieren Sie eine Arbeitsbereich-Datei als Sicherung.";
    notice_migrated: "Your saved workspace was moved into the browser's database; nothing was lost.", "Ihr gespeicherter Arbeitsbereich wurde in die Datenbank des Browsers übernommen; nichts ging verloren.";
    notice_updated: "Updated with the changes saved in another tab.", "Mit den Änderungen aus einem anderen Tab aktualisiert.";
    notice_conflict: "This workspace was changed in another tab while you had unsaved changes here. Your changes are not saved yet.", "Dieser Arbeitsbereich wurde in einem anderen Tab geändert, während hier noch ungespeicherte Änderungen waren. Ihre Änderungen sind noch nicht gespeichert.";
    notice_conflict_deleted: "This workspace was deleted in another tab. Your changes here are not saved yet.", "Dieser Arbeitsbereich wurde in einem anderen Tab gelöscht. Ihre Änderungen hier sind noch nicht gespeichert.";
    notice_take_theirs: "Show the other tab's version", "Version des anderen Tabs anzeigen";
    notice_keep_mine: "Keep mine as a new workspace", "Meine als neuen Arbeitsbereich behalten";
    notice_deleted: "“{name}” was deleted.", "„{name}“ wurde gelöscht.";
    notice_undo: "Undo", "Rückgängig";
    notice_dismiss: "Dismiss", "Schließen";
    load_unreadable_title: "The saved workspace could not be read", "Der gespeicherte Arbeitsbereich konnte nicht gelesen werden";
    load_unreadable_body: "{reason} You are seeing the demo data; the saved text stays untouched until you reset it.", "{reason} Sie sehen die Demodaten; der gespeicherte Text bleibt unverändert, bis Sie ihn zurücksetzen.";
    load_version: "It was saved in format version {found}; this version of Kundenwert reads versions up to {expected}.", "Er wurde im Format Version {found} gespeichert; diese Version von Kundenwert liest Versionen bis {expected}.";
    load_not_json: "It is not valid JSON ({detail}).", "Es ist kein gültiges JSON ({detail}).";
    load_invalid: "Its content does not fit ({detail}).", "Sein Inhalt passt nicht ({detail}).";
    load_reset: "Reset saved workspace", "Gespeicherten Arbeitsbereich zurücksetzen";
    load_download: "Download the saved text", "Gespeicherten Text herunterladen";
    wsfile_foreign: "This is not a Kundenwert workspace file (.kundenwert).", "Dies ist keine Kundenwert-Arbeitsbereichsdatei (.kundenwert).";
    wsfile_truncated: "The workspace file is incomplete: it ends too early. Export it again or copy it once more.", "Die Arbeitsbereichsdatei ist unvollständig: sie endet zu früh. Exportieren Sie sie erneut oder kopieren Sie sie noch einmal.";
    wsfile_newer: "The workspace file has format version {found}; this version of Kundenwert opens files up to version {supported}. Please update Kundenwert.", "Die Arbeitsbereichsdatei hat das Format Version {found}; diese Version von Kundenwert öffnet Dateien bis Version {supported}. Bitte aktualisieren Sie Kundenwert.";
    wsfile_checksum: "The workspace file is damaged: its checksum does not match its content.", "Die Arbeitsbereichsdatei ist beschädigt: ihre Prüfsumme passt nicht zum Inhalt.";
    wsfile_inflate: "The workspace file is damaged: its compressed content cannot be unpacked.", "Die Arbeitsbereichsdatei ist beschädigt: ihr komprimierter Inhalt lässt sich nicht entpacken.";
    wsfile_layout: "The workspace file is damaged: its parts do not fit together.", "Die Arbeitsbereichsdatei ist beschädigt: ihre Teile passen nicht zusammen.";
    wsfile_too_large: "The workspace file is damaged: it claims a content of {size}, more than it can hold.", "Die Arbeitsbereichsdatei ist beschädigt: sie gibt einen Inhalt von {size} an, mehr als sie enthalten kann.";
    wsfile_record: "The workspace in the file cannot be loaded. {reason}", "Der Arbeitsbereich in der Datei lässt sich nicht laden. {reason}";
    share_not_link: "This is not a Kundenwert share link.", "Dies ist kein Kundenwert-Freigabelink.";
    share_tampered: "The share link is incomplete or was changed. Ask for the link again and copy it in full.", "Der Freigabelink ist unvollständig oder wurde verändert. Lassen Sie sich den Link erneut schicken und kopieren Sie ihn vollständig.";
    share_newer: "The share link has format version {found}; this version of Kundenwert opens links up to version {supported}. Please update Kundenwert.", "Der Freigabelink hat das Format Version {found}; diese Version von Kundenwert öffnet Links bis Version {supported}. Bitte aktualisieren Sie Kundenwert.";
    share_invalid: "The share link's content does not fit ({detail}).", "Der Inhalt des Freigabelinks passt nicht ({detail}).";
    storage_unavailable: "Browser storage is not available ({reason}): nothing is saved.", "Browserspeicher nicht verfügbar ({reason}): nichts wird gespeichert.";

    problem_field_count: "expected {expected} fields, found {found}", "{expected} Felder erwartet, {found} gefunden";
    problem_empty_customer: "the customer id is empty", "die Kunden-ID ist leer";
    problem_bad_date: "expected a date like 2024-12-31, found “{value}”", "Datum wie 2024-12-31 erwartet, gefunden: „{value}“";
    problem_bad_amount: "expected an amount like 1234.56, found “{value}”", "Betrag wie 1234.56 erwartet, gefunden: „{value}“";
    problem_not_utf8: "the row is not valid UTF-8 text", "die Zeile ist kein gültiger UTF-8-Text";
    location_line: "line {line}", "Zeile {line}";
    location_line_column: "line {line}, column {column} ({name})", "Zeile {line}, Spalte {column} ({name})";
    error_empty: "the file is empty", "die Datei ist leer";
    error_missing_columns: "line 1: expected the columns {missing}, found {found}", "Zeile 1: Spalten {missing} erwartet, gefunden: {found}";
    error_none: "none", "keine";
    error_no_rows: "the file has a header but no data rows", "die Datei hat eine Kopfzeile, aber keine Datenzeilen";
    error_no_good_rows: "none of its {rows} rows could be read (first: {first})", "keine ihrer {rows} Zeilen konnte gelesen werden (erste: {first})";
    error_unreadable: "line {line}: {message}", "Zeile {line}: {message}";
    error_not_text: "this is not a text file (a CSV file is expected)", "dies ist keine Textdatei (erwartet wird eine CSV-Datei)";
    error_utf16: "the file is UTF-16 text; save it as “CSV UTF-8”", "die Datei ist UTF-16-Text; speichern Sie sie als „CSV UTF-8“";
    error_archive: "this is an Excel workbook or another zip archive, not a CSV file; save it as CSV", "dies ist eine Excel-Arbeitsmappe oder ein anderes Zip-Archiv, keine CSV-Datei; speichern Sie sie als CSV";
    error_not_utf8: "the file is not UTF-8 text; save it as “CSV UTF-8”", "die Datei ist kein UTF-8-Text; speichern Sie sie als „CSV UTF-8“";
    error_file_not_read: "the file could not be read ({message})", "die Datei konnte nicht gelesen werden ({message})";

    nav_goals: "Goals", "Ziele";
    goals_title: "Customer value goals", "Kundenwertziele";
    goals_intro: "Goals on customer value, measured from your data and tracked as of the observation end, {end}.", "Ziele für den Kundenwert, aus Ihren Daten gemessen und verfolgt zum Beobachtungsende, {end}.";
    goals_need_model: "Goals on CLV, customer equity, P(alive) or value segments need the fitted model; it is being fitted.", "Ziele auf CLV, Kundenstammwert, P(aktiv) oder Wertsegmente brauchen das geschätzte Modell; es wird geschätzt.";
    goals_empty: "No goals yet. Start from a template or set your own.", "Noch keine Ziele. Beginnen Sie mit einer Vorlage oder legen Sie ein eigenes an.";
    goals_new: "New goal", "Neues Ziel";
    goals_templates: "Templates", "Vorlagen";
    goals_template_raise_clv: "Raise average CLV of Champions by 10% this year", "Durchschnittlichen CLV der Champions in diesem Jahr um 10 % steigern";
    goals_template_cut_churn: "Cut churn of new customers to 30%", "Abwanderung der Neukunden auf 30 % senken";
    goals_template_win_new: "Win 500 new customers per quarter", "500 Neukunden pro Quartal gewinnen";
    goals_export: "Export goals (CSV)", "Ziele exportieren (CSV)";
    goals_filter_status: "Status", "Status";
    goals_filter_lever: "Lever", "Hebel";
    goals_filter_segment: "Segment", "Segment";
    goals_filter_all: "All", "Alle";
    goals_shown: "{shown} of {total} goals", "{shown} von {total} Zielen";
    goal_current: "Current", "Aktuell";
    goal_target: "Target", "Ziel";
    goal_stretch: "Stretch target", "Ambitioniertes Ziel";
    goal_baseline: "Baseline", "Ausgangswert";
    goal_progress: "Progress", "Fortschritt";
    goal_progress_of_plan: "{progress} of the way; {planned} planned by now", "{progress} des Wegs; {planned} bis jetzt geplant";
    goal_days_left: "{days} days left", "noch {days} Tage";
    goal_days_over: "ended {days} days ago", "vor {days} Tagen beendet";
    goal_forecast: "Forecast at the deadline", "Prognose zum Stichtag";
    goal_forecast_value: "{value} ({low} to {high})", "{value} ({low} bis {high})";
    goal_forecast_reaches: "reaches the target", "erreicht das Ziel";
    goal_forecast_misses: "falls short of the target", "verfehlt das Ziel";
    goal_forecast_none: "not enough data for a forecast", "zu wenige Daten für eine Prognose";
    goal_forecast_help: "Straight-line trend of the monthly values since the start (the last six if fewer), extended to the deadline, with its 95% prediction interval.", "Geradliniger Trend der Monatswerte seit dem Start (der letzten sechs, wenn es weniger sind), bis zum Stichtag verlängert, mit 95-%-Prognoseintervall.";
    goal_forecast_help_model: "The models' projection: today's customers valued at the deadline by their expected purchases, plus the customers still to be won at the rate of the last three months; 95% interval from the parameter uncertainty.", "Die Projektion der Modelle: die heutigen Kunden zum Stichtag nach ihren erwarteten Käufen bewertet, dazu die noch zu gewinnenden Kunden im Tempo der letzten drei Monate; 95-%-Intervall aus der Parameterunsicherheit.";
    goal_review_due: "Review due", "Überprüfung fällig";
    goal_review_due_help: "No check-in for more than {days} days.", "Seit mehr als {days} Tagen kein Check-in.";
    goal_details: "Details", "Details";
    goal_close: "Close", "Schließen";
    goal_edit: "Edit", "Bearbeiten";
    goal_delete: "Delete", "Löschen";
    goal_delete_confirm: "Delete the goal “{name}” with its check-ins and revisions?", "Das Ziel „{name}“ mit seinen Check-ins und Revisionen löschen?";
    goal_error_kpi: "This goal cannot be measured now: {reason}", "Dieses Ziel lässt sich gerade nicht messen: {reason}";
    goal_deadline_label: "Deadline", "Stichtag";
    goal_start_label: "Start", "Start";
    goal_owner: "Owner", "Verantwortlich";
    goal_cost: "Initiative cost", "Kosten der Initiative";
    goal_notes: "Notes", "Notizen";
    goal_lever: "Lever", "Hebel";
    goal_kpi: "KPI", "Kennzahl";
    goal_scope: "Customers", "Kunden";
    goal_name: "Name", "Name";
    goal_milestones: "Milestones", "Meilensteine";
    goal_milestone_add: "Add milestone", "Meilenstein hinzufügen";
    goal_remove: "Remove", "Entfernen";
    goal_date: "Date", "Datum";
    goal_value: "Value", "Wert";
    goal_form_new: "New goal", "Neues Ziel";
    goal_form_edit: "Edit goal", "Ziel bearbeiten";
    goal_form_save: "Save goal", "Ziel speichern";
    goal_form_cancel: "Cancel", "Abbrechen";
    goal_form_measured: "Measured at the start: {value}", "Zum Start gemessen: {value}";
    goal_form_measured_future: "The start lies after the observation end; measured at the observation end: {value}", "Der Start liegt nach dem Beobachtungsende; gemessen zum Beobachtungsende: {value}";
    goal_form_use_measured: "Use as baseline", "Als Ausgangswert übernehmen";
    goal_form_not_measurable: "Cannot be measured: {reason}", "Nicht messbar: {reason}";
    goal_form_preview: "Preview", "Vorschau";
    goal_form_percent_hint: "Shares in percent, e.g. 30 for 30%.", "Anteile in Prozent, z. B. 30 für 30 %.";
    goal_form_stretch_hint: "Optional", "Optional";
    goal_form_scope_date: "Since / before", "Seit / vor";
    goal_invalid: "Not saved: {reason}", "Nicht gespeichert: {reason}";
    goal_err_name: "the goal needs a name", "das Ziel braucht einen Namen";
    goal_err_deadline: "the deadline must be after the start", "der Stichtag muss nach dem Start liegen";
    goal_err_not_finite: "{field} must be a number", "{field} muss eine Zahl sein";
    goal_err_target_up: "the target must be above the baseline: higher is better for this KPI", "das Ziel muss über dem Ausgangswert liegen: bei dieser Kennzahl ist höher besser";
    goal_err_target_down: "the target must be below the baseline: lower is better for this KPI", "das Ziel muss unter dem Ausgangswert liegen: bei dieser Kennzahl ist niedriger besser";
    goal_err_stretch: "the stretch target must go beyond the target", "das ambitionierte Ziel muss über das Ziel hinausgehen";
    goal_err_milestone: "a milestone on {date} lies outside the goal's time", "ein Meilenstein am {date} liegt außerhalb der Laufzeit";
    goal_err_cost: "the cost cannot be negative", "die Kosten können nicht negativ sein";
    goal_err_confidence: "a confidence must be between 0 and 100%", "eine Zuversicht muss zwischen 0 und 100 % liegen";
    kpi_err_needs_model: "it needs the fitted model (see Models & CLV)", "es braucht das geschätzte Modell (siehe Modelle & CLV)";
    kpi_err_unknown_survey: "there is no survey named “{name}”", "es gibt keine Umfrage namens „{name}“";
    kpi_err_unknown_segment: "there is no segment named “{name}”", "es gibt kein Segment namens „{name}“";
    goal_chart_title: "Goal chart", "Zielverlauf";
    goal_chart_alt: "Line chart of {kpi}: actual values from {first} to {last}, the plan from the baseline to the target, and the forecast to the deadline.", "Liniendiagramm von {kpi}: Istwerte von {first} bis {last}, der Plan vom Ausgangswert zum Ziel und die Prognose bis zum Stichtag.";
    goal_chart_actual: "Actual", "Ist";
    goal_chart_plan: "Plan", "Plan";
    goal_chart_forecast: "Forecast", "Prognose";
    goal_chart_today: "Today", "Heute";
    goal_chart_milestone: "Milestone", "Meilenstein";
    goal_chart_check_in: "Check-in", "Check-in";
    goal_col_forecast_low: "Forecast low", "Prognose min.";
    goal_col_forecast_high: "Forecast high", "Prognose max.";
    goal_check_ins: "Check-ins", "Check-ins";
    goal_check_ins_none: "No check-ins yet.", "Noch keine Check-ins.";
    goal_check_in_note: "Note", "Notiz";
    goal_check_in_confidence: "Confidence (%)", "Zuversicht (%)";
    goal_check_in_add: "Add check-in", "Check-in hinzufügen";
    goal_revisions: "Revisions", "Revisionen";
    goal_revisions_none: "Not revised.", "Nicht revidiert.";
    goal_revision_entry: "{date}: target {old_target} → {target}, deadline {old_deadline} → {deadline}", "{date}: Ziel {old_target} → {target}, Stichtag {old_deadline} → {deadline}";
    goal_revise: "Revise target or deadline", "Ziel oder Stichtag revidieren";
    goal_revise_reason: "Reason", "Grund";
    goal_revise_save: "Save revision", "Revision speichern";
    goal_roi: "Return on the initiative", "Rendite der Initiative";
    goal_roi_value: "{gain} gained for {cost}: ROI {roi}", "{gain} gewonnen für {cost}: ROI {roi}";
    goal_roi_none: "Enter the initiative's cost to see its return.", "Tragen Sie die Kosten der Initiative ein, um ihre Rendite zu sehen.";
    goal_roi_needs_model: "The return is measured in customer equity, which needs the fitted model.", "Die Rendite wird im Kundenstammwert gemessen; dafür braucht es das geschätzte Modell.";
    goal_roi_help_equity: "Value gained: the change in the customer equity of the goal's customers from the start to now.", "Gewonnener Wert: die Veränderung des Kundenstammwerts der Kunden des Ziels vom Start bis heute.";
    goal_roi_help_revenue: "Value gained: the change in the trailing-year net revenue of the goal's customers from the start to now, times the margin.", "Gewonnener Wert: die Veränderung des Nettoumsatzes der letzten 12 Monate der Kunden des Ziels vom Start bis heute, mal die Marge.";
    goal_settings: "Goal settings", "Einstellungen der Ziele";
    goal_settings_on_track: "On track from (% of planned progress)", "Im Plan ab (% des geplanten Fortschritts)";
    goal_settings_at_risk: "At risk from (% of planned progress)", "Gefährdet ab (% des geplanten Fortschritts)";
    goal_settings_review_days: "Review after (days without check-in)", "Überprüfen nach (Tagen ohne Check-in)";
    goal_settings_active_p: "Active customer: P(alive) at least (%)", "Aktiver Kunde: P(aktiv) mindestens (%)";
    goal_settings_active_days: "Active customer: ordered within (days)", "Aktiver Kunde: bestellt innerhalb von (Tagen)";
    goal_settings_churn_days: "Churn window (days)", "Abwanderungsfenster (Tage)";
    status_not_started: "Not started", "Nicht begonnen";
    status_no_data: "No data", "Keine Daten";
    status_on_track: "On track", "Im Plan";
    status_at_risk: "At risk", "Gefährdet";
    status_off_track: "Off track", "Nicht im Plan";
    status_achieved: "Achieved", "Erreicht";
    status_missed: "Missed", "Verfehlt";
    status_help: "On track: at least {on}% of the planned progress; at risk: at least {risk}%; below that off track.", "Im Plan: mindestens {on} % des geplanten Fortschritts; gefährdet: mindestens {risk} %; darunter nicht im Plan.";
    lever_acquisition: "Acquisition", "Akquisition";
    lever_retention: "Retention", "Bindung";
    lever_development: "Development (up- and cross-selling)", "Entwicklung (Up- und Cross-Selling)";
    lever_other: "Other", "Sonstiges";
    scope_all: "All customers", "Alle Kunden";
    scope_new_since: "New customers since {date}", "Neukunden seit {date}";
    scope_existing_before: "Existing customers before {date}", "Bestandskunden vor {date}";
    scope_new_since_option: "New customers since a date", "Neukunden seit einem Datum";
    scope_existing_option: "Existing customers before a date", "Bestandskunden vor einem Datum";
    scope_segment_rfm: "RFM segment", "RFM-Segment";
    scope_segment_tier: "CLV tier", "CLV-Stufe";
    scope_segment_risk: "Churn risk", "Abwanderungsrisiko";
    scope_segment_custom: "Your segments", "Ihre Segmente";
    kpi_customer_equity: "Customer equity", "Kundenstammwert";
    kpi_customer_equity_def: "Sum of the customers' CLV over the model horizon (current customers only).", "Summe des CLV der Kunden über den Modellhorizont (nur heutige Kunden).";
    kpi_average_clv: "Average CLV", "Durchschnittlicher CLV";
    kpi_average_clv_def: "Customer equity divided by the number of customers.", "Kundenstammwert geteilt durch die Zahl der Kunden.";
    kpi_active_customers: "Active customers (model)", "Aktive Kunden (Modell)";
    kpi_active_customers_def: "Customers whose P(alive) is at least the cut-off ({p}).", "Kunden, deren P(aktiv) mindestens die Schwelle ({p}) erreicht.";
    kpi_recently_active: "Active customers (recency)", "Aktive Kunden (Aktualität)";
    kpi_recently_active_def: "Customers with an order in the last {days} days.", "Kunden mit einer Bestellung in den letzten {days} Tagen.";
    kpi_repeat_rate: "Repeat-purchase rate", "Wiederkaufrate";
    kpi_repeat_rate_def: "Share of customers who bought again after their first purchase day.", "Anteil der Kunden, die nach ihrem ersten Kauftag erneut gekauft haben.";
    kpi_churn_rate: "Churn rate", "Abwanderungsrate";
    kpi_churn_rate_def: "Of the customers who ordered in the {days} days before the last {days}, the share without an order in the last {days} days. Lower is better.", "Von den Kunden mit Bestellung in den {days} Tagen vor den letzten {days}, der Anteil ohne Bestellung in den letzten {days} Tagen. Niedriger ist besser.";
    kpi_purchase_frequency: "Purchase frequency", "Kaufhäufigkeit";
    kpi_purchase_frequency_def: "Orders in the last 12 months per customer who ordered in them.", "Bestellungen der letzten 12 Monate je Kunde, der in ihnen bestellt hat.";
    kpi_aov: "Average order value", "Durchschnittlicher Bestellwert";
    kpi_aov_def: "Net revenue of the last 12 months per order.", "Nettoumsatz der letzten 12 Monate je Bestellung.";
    kpi_revenue_per_customer: "Revenue per customer", "Umsatz je Kunde";
    kpi_revenue_per_customer_def: "Net revenue of the last 12 months per customer who ordered in them.", "Nettoumsatz der letzten 12 Monate je Kunde, der in ihnen bestellt hat.";
    kpi_revenue: "Revenue (12 months)", "Umsatz (12 Monate)";
    kpi_revenue_def: "Net revenue (orders less refunds) of the last 12 months.", "Nettoumsatz (Bestellungen abzüglich Erstattungen) der letzten 12 Monate.";
    kpi_new_customers: "New customers per month", "Neukunden pro Monat";
    kpi_new_customers_def: "Customers whose first order falls in the month up to the date.", "Kunden, deren erste Bestellung in den Monat bis zum Datum fällt.";
    kpi_new_customers_quarter: "New customers per quarter", "Neukunden pro Quartal";
    kpi_new_customers_quarter_def: "Customers whose first order falls in the three months up to the date.", "Kunden, deren erste Bestellung in die drei Monate bis zum Datum fällt.";
    kpi_customers: "Customers", "Kunden";
    kpi_customers_def: "Customers with at least one order by the date (in a segment: its members at that date).", "Kunden mit mindestens einer Bestellung bis zum Datum (in einem Segment: seine Mitglieder zu diesem Datum).";
    kpi_value_share: "Share of customer equity", "Anteil am Kundenstammwert";
    kpi_value_share_def: "The customers' share of the customer equity of all customers.", "Anteil dieser Kunden am Kundenstammwert aller Kunden.";
    kpi_model_note: "Measured with the fitted model (Models & CLV): its parameters value each date's purchase histories.", "Mit dem geschätzten Modell gemessen (Modelle & CLV): seine Parameter bewerten die Kaufhistorien jedes Datums.";
    kpi_survey_def: "Entered by hand: the latest value on or before the date.", "Von Hand eingetragen: der letzte Wert am oder vor dem Datum.";
    kpi_group_measured: "From your data", "Aus Ihren Daten";
    kpi_group_surveys: "Surveys (entered by hand)", "Umfragen (von Hand eingetragen)";
    surveys_title: "Survey KPIs", "Umfrage-Kennzahlen";
    surveys_intro: "Satisfaction, NPS or any other measure you collect outside the shop: name it, then enter values with their date.", "Zufriedenheit, NPS oder jede andere Kennzahl, die Sie außerhalb des Shops erheben: benennen, dann Werte mit Datum eintragen.";
    surveys_none: "No surveys yet.", "Noch keine Umfragen.";
    survey_name: "Survey name", "Name der Umfrage";
    survey_higher_better: "Higher is better", "Höher ist besser";
    survey_unit: "Unit", "Einheit";
    survey_unit_number: "Number (e.g. a score)", "Zahl (z. B. ein Punktwert)";
    survey_unit_percent: "Percent", "Prozent";
    survey_direction: "Direction", "Richtung";
    survey_lower_better: "Lower is better", "Niedriger ist besser";
    survey_add: "Add survey", "Umfrage hinzufügen";
    survey_add_value: "Add value", "Wert eintragen";
    survey_values: "{count} values, latest {value} on {date}", "{count} Werte, zuletzt {value} am {date}";
    survey_err_name: "Give the survey a new, unique name.", "Geben Sie der Umfrage einen neuen, eindeutigen Namen.";
    survey_err_value: "Enter a date and a number.", "Geben Sie ein Datum und eine Zahl ein.";
    goals_col_kpi: "KPI", "Kennzahl";

    nav_equity: "Equity", "Kundenstamm";
    equity_title: "Customer equity", "Kundenstammwert";
    equity_intro: "What your customer base is worth: the discounted value of what today's customers will still buy plus the customers you will still win, less what winning them costs. As of {end}.", "Was Ihr Kundenstamm wert ist: der abgezinste Wert dessen, was die heutigen Kunden noch kaufen werden, plus die Kunden, die Sie noch gewinnen, abzüglich der Kosten, sie zu gewinnen. Stand {end}.";
    equity_need_model: "Customer equity needs the fitted purchase and spend models; they are being fitted.", "Der Kundenstammwert braucht die geschätzten Kauf- und Ausgabenmodelle; sie werden geschätzt.";
    equity_total: "Customer equity", "Kundenstammwert";
    equity_total_help: "Today's customers plus future customers (net of acquisition cost), over the horizon, discounted to today at the annual discount rate, as profit (margin applied). The interval covers the models' parameter uncertainty for today's customers.", "Heutige Kunden plus künftige Kunden (abzüglich Akquisitionskosten) über den Horizont, auf heute abgezinst mit dem Jahreszins, als Gewinn (Marge angewandt). Das Intervall deckt die Parameterunsicherheit der Modelle für die heutigen Kunden ab.";
    equity_interval: "95% interval {low} to {high}", "95-%-Intervall {low} bis {high}";
    equity_current: "Today's customers", "Heutige Kunden";
    equity_current_help: "Sum of the lifetime value of the customers you have today over the horizon, from the purchase and spend models.", "Summe des Kundenwerts der heutigen Kunden über den Horizont, aus den Kauf- und Ausgabenmodellen.";
    equity_future: "Future customers", "Künftige Kunden";
    equity_future_help: "The customers expected to be won each month of the horizon, each worth a new customer's value less the acquisition cost, discounted from their arrival month.", "Die in jedem Monat des Horizonts erwarteten Neukunden, jeder mit dem Wert eines Neukunden abzüglich der Akquisitionskosten, abgezinst ab ihrem Ankunftsmonat.";
    equity_new_value: "Value of a new customer", "Wert eines Neukunden";
    equity_new_value_help: "Expected profit from one brand-new customer over the horizon: the first purchase plus the discounted repeat purchases at the average spend.", "Erwarteter Gewinn aus einem neuen Kunden über den Horizont: der Erstkauf plus die abgezinsten Wiederkäufe zum durchschnittlichen Bestellwert.";
    equity_new_per_month: "New customers per month", "Neukunden pro Monat";
    equity_new_per_month_help: "Average of the projected new customers per month over the horizon (after the acquisition-volume lever).", "Durchschnitt der projizierten Neukunden pro Monat über den Horizont (nach dem Hebel Akquisitionsvolumen).";
    equity_settings: "Horizon and acquisition", "Horizont und Akquisition";
    equity_horizon: "Horizon (months)", "Horizont (Monate)";
    equity_cac: "Acquisition cost per new customer", "Akquisitionskosten je Neukunde";
    equity_method: "Projection of new customers", "Projektion der Neukunden";
    equity_method_recent: "Average of the last 6 months", "Durchschnitt der letzten 6 Monate";
    equity_method_trend: "Linear trend", "Linearer Trend";
    equity_method_logistic: "Logistic curve (Gupta, Lehmann & Stuart 2004)", "Logistische Kurve (Gupta, Lehmann & Stuart 2004)";
    equity_method_manual: "Entered by hand", "Von Hand eingetragen";
    equity_manual_per_month: "New customers per month", "Neukunden pro Monat";
    equity_method_preview: "Next month: {next} new customers expected; the last six months averaged {recent}.", "Nächster Monat: {next} Neukunden erwartet; die letzten sechs Monate lagen im Schnitt bei {recent}.";
    equity_discount_margin: "Annual discount rate {discount} and margin {margin}, as on the Models & CLV page.", "Jahreszins {discount} und Marge {margin}, wie auf der Seite Modelle & CLV.";
    equity_acquisition_error: "New customers cannot be projected this way: {reason}", "Neukunden lassen sich so nicht projizieren: {reason}";
    equity_levers: "What if…", "Was wäre, wenn …";
    equity_levers_intro: "Move a lever and equity is recomputed at once. Each lever is a change from today.", "Bewegen Sie einen Hebel, und der Kundenstammwert wird sofort neu berechnet. Jeder Hebel ist eine Änderung gegenüber heute.";
    equity_levers_reset: "Reset levers", "Hebel zurücksetzen";
    equity_change: "{change} ({percent}) against today", "{change} ({percent}) gegenüber heute";
    lever_name_retention: "Retention", "Kundenbindung";
    lever_help_retention: "Customers drop out less (or more) often: the models' average dropout rate changes by this share, and every customer's history is read again.", "Kunden wandern seltener (oder häufiger) ab: die durchschnittliche Abwanderungsrate der Modelle ändert sich um diesen Anteil, und jede Kundenhistorie wird neu gelesen.";
    lever_value_retention: "{value} less dropout", "{value} weniger Abwanderung";
    lever_name_frequency: "Purchase frequency", "Kaufhäufigkeit";
    lever_help_frequency: "Active customers buy this much more often from now on (lifetimes unchanged).", "Aktive Kunden kaufen ab jetzt um diesen Anteil häufiger (Lebensdauer unverändert).";
    lever_name_order_value: "Order value (up- and cross-selling)", "Bestellwert (Up- und Cross-Selling)";
    lever_help_order_value: "Spend per purchase changes by this share, for today's and new customers.", "Der Betrag je Kauf ändert sich um diesen Anteil, für heutige und neue Kunden.";
    lever_name_margin: "Margin", "Marge";
    lever_help_margin: "The margin on revenue changes by this share (e.g. 30% → 33% is +10%).", "Die Marge auf den Umsatz ändert sich um diesen Anteil (z. B. 30 % → 33 % sind +10 %).";
    lever_name_volume: "Acquisition volume", "Akquisitionsvolumen";
    lever_help_volume: "This many more (or fewer) new customers each month than projected.", "So viel mehr (oder weniger) Neukunden pro Monat als projiziert.";
    lever_name_cost: "Acquisition cost", "Akquisitionskosten";
    lever_help_cost: "The cost of winning one new customer changes by this share.", "Die Kosten, einen Neukunden zu gewinnen, ändern sich um diesen Anteil.";
    equity_chart_stack: "Equity building up over the horizon", "Aufbau des Kundenstammwerts über den Horizont";
    equity_chart_stack_alt: "Stacked area chart of cumulative customer equity by month over {months} months: today's customers and future customers.", "Gestapeltes Flächendiagramm des kumulierten Kundenstammwerts je Monat über {months} Monate: heutige und künftige Kunden.";
    equity_chart_total: "Total", "Gesamt";
    equity_chart_waterfall: "What each lever contributes", "Was jeder Hebel beiträgt";
    equity_chart_waterfall_alt: "Waterfall chart from today's equity through each lever's contribution to the equity with all levers.", "Wasserfalldiagramm vom heutigen Kundenstammwert über den Beitrag jedes Hebels zum Kundenstammwert mit allen Hebeln.";
    equity_waterfall_today: "Today", "Heute";
    equity_waterfall_scenario: "With levers", "Mit Hebeln";
    equity_waterfall_help: "Levers are applied one after the other in this order; each bar includes its interplay with the levers before it.", "Die Hebel werden nacheinander in dieser Reihenfolge angewandt; jeder Balken enthält das Zusammenspiel mit den Hebeln davor.";
    equity_chart_acquisition: "New customers per month and projection", "Neukunden pro Monat und Projektion";
    equity_chart_acquisition_alt: "Bar chart of new customers per month with the projection for the next {months} months.", "Balkendiagramm der Neukunden pro Monat mit der Projektion für die nächsten {months} Monate.";
    equity_history: "New customers", "Neukunden";
    equity_fitted: "Method", "Methode";
    equity_projection: "Projection", "Projektion";
    equity_col_current: "Today's customers (cumulative)", "Heutige Kunden (kumuliert)";
    equity_col_future: "Future customers (cumulative)", "Künftige Kunden (kumuliert)";
    equity_col_change: "Change", "Änderung";
    equity_col_cohort_customers: "Cohort: new customers", "Kohorte: Neukunden";
    equity_col_cohort_value: "Cohort: value today", "Kohorte: Wert heute";
    equity_by_segment: "Today's customers by segment", "Heutige Kunden nach Segment";
    equity_col_segment: "Segment", "Segment";
    equity_col_value: "Value", "Wert";
    equity_col_share: "Share", "Anteil";
    equity_scenarios: "Scenarios", "Szenarien";
    equity_scenarios_intro: "Save the levers as a named scenario to compare it with others.", "Speichern Sie die Hebel als benanntes Szenario, um es mit anderen zu vergleichen.";
    equity_scenario_name: "Scenario name", "Name des Szenarios";
    equity_scenario_save: "Save scenario", "Szenario speichern";
    equity_scenario_none: "No scenarios yet.", "Noch keine Szenarien.";
    equity_scenario_apply: "Apply", "Anwenden";
    equity_scenario_goal: "Make a goal", "Als Ziel anlegen";
    equity_scenario_goal_done: "Goal “{name}” created on the Goals page.", "Ziel „{name}“ auf der Seite Ziele angelegt.";
    equity_scenario_delete: "Delete", "Löschen";
    equity_scenario_err_name: "Give the scenario a new, unique name.", "Geben Sie dem Szenario einen neuen, eindeutigen Namen.";
    equity_col_scenario: "Scenario", "Szenario";
    equity_col_levers: "Levers", "Hebel";
    equity_today_row: "Today (no levers)", "Heute (keine Hebel)";
    equity_goal_seek: "Goal-seek", "Zielwertsuche";
    equity_goal_seek_intro: "Which change in one lever reaches a target equity (the other levers as set)?", "Welche Änderung eines Hebels erreicht einen Ziel-Kundenstammwert (die anderen Hebel wie eingestellt)?";
    equity_goal_seek_target: "Target equity", "Ziel-Kundenstammwert";
    equity_goal_seek_lever: "Lever", "Hebel";
    equity_goal_seek_run: "Find", "Suchen";
    equity_goal_seek_from_goal: "…or a target from a goal", "… oder das Ziel eines Ziels";
    equity_goal_seek_reached: "{lever} at {value} reaches {equity}.", "{lever} bei {value} erreicht {equity}.";
    equity_goal_seek_apply: "Apply this lever", "Diesen Hebel anwenden";
    equity_goal_seek_reached_current: "{lever} at {value} brings today's customers to {equity}, the goal's change.", "{lever} bei {value} bringt die heutigen Kunden auf {equity}, die Änderung des Ziels.";
    equity_goal_seek_goal_help: "A customer-equity goal measures today's customers: the search aims at the same relative change of their value.", "Ein Ziel auf den Kundenstammwert misst die heutigen Kunden: die Suche zielt auf dieselbe relative Änderung ihres Werts.";
    equity_goal_seek_unreachable: "Not reachable with this lever within its range: it moves equity between {lowest} and {highest}.", "Mit diesem Hebel in seinem Bereich nicht erreichbar: er bewegt den Kundenstammwert zwischen {lowest} und {highest}.";
    equity_goal_seek_invalid: "Enter a target equity.", "Geben Sie einen Ziel-Kundenstammwert ein.";
    equity_simple: "Simple mode: value from retention", "Einfacher Modus: Wert aus der Kundenbindung";
    equity_simple_intro: "Without transaction data: the lifetime value of a customer from the margin per year, the retention rate and the discount rate, CLV = m·r / (1 + i − r) (Gupta & Lehmann 2003), and the equity of your customers.", "Ohne Transaktionsdaten: der Kundenwert aus Marge pro Jahr, Bindungsrate und Zinssatz, CLV = m·r / (1 + i − r) (Gupta & Lehmann 2003), und der Wert Ihres Kundenstamms.";
    equity_simple_margin: "Margin per customer and year", "Marge je Kunde und Jahr";
    equity_simple_retention: "Retention rate per year (%)", "Bindungsrate pro Jahr (%)";
    equity_simple_discount: "Discount rate per year (%)", "Zinssatz pro Jahr (%)";
    equity_simple_growth: "Margin growth per year (%)", "Wachstum der Marge pro Jahr (%)";
    equity_simple_years: "Years (empty: no limit)", "Jahre (leer: unbegrenzt)";
    equity_simple_customers: "Customers", "Kunden";
    equity_simple_result: "CLV {clv} per customer; {customers} customers are worth {equity}.", "CLV {clv} je Kunde; {customers} Kunden sind {equity} wert.";
    equity_simple_error: "Cannot compute: {reason}", "Nicht berechenbar: {reason}";
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut out: Vec<String> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn both_languages_have_every_text_with_the_same_placeholders() {
        assert!(ALL_TEXTS.len() > 50);
        for (key, en, de) in ALL_TEXTS {
            assert!(
                !en.trim().is_empty() && !de.trim().is_empty(),
                "{key} is empty"
            );
            assert_eq!(
                placeholders(en),
                placeholders(de),
                "placeholders differ in {key}"
            );
        }
    }

    #[test]
    fn twelve_month_names_each() {
        for lang in Lang::ALL {
            let names = lang.month_names();
            assert!(names.iter().all(|n| !n.is_empty()), "{names:?}");
            assert_eq!(lang.texts().chart_month_names.split(' ').count(), 12);
        }
        assert_eq!(Lang::De.month_names()[2], "Mär");
    }
}
