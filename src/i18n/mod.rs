//! Every user-facing text, in English and German, and the words for the app's values.
//!
//! - `texts.rs`: the table of every text. Its `texts!` macro generates [`Texts`] with
//!   one field per text and the two tables [`EN`] and [`DE`], so a text missing in one
//!   language does not compile. Templates use `{name}` placeholders filled by
//!   [`fill`] (or [`fill_display`] for numbers); a test checks that both languages use
//!   the same placeholders.
//! - `labels.rs`: the name of every enum value the pages show (KPIs, goal statuses,
//!   levers, templates and scopes, time units, RFM segments, CLV tiers, risk bands,
//!   segment measures, equity levers), as methods on [`Lang`]: `lang.rfm_name(segment)`.
//! - `errors.rs`: why something failed, in words (import rows and files, model fits,
//!   goals, KPIs, custom segments, stored workspaces, workspace files, share
//!   links), also methods on [`Lang`]: `lang.fit_error(&e)`.
//!
//! It builds on [`crate::lang`] and uses [`crate::format`] for numbers and dates inside
//! texts; neither of those depends on it.

mod errors;
mod labels;
mod texts;

pub use crate::lang::Lang;
pub use texts::{Texts, ALL_TEXTS, DE, EN};

use std::fmt::Display;

/// Replaces each `{name}` in `template` by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    fill_placeholders(template, values)
}

/// Replaces each `{name}` in `template` by its value written out, for counts, line
/// numbers and other values that are not text yet: `&[("found", &3), ("file", name)]`.
pub fn fill_display(template: &str, values: &[(&str, &dyn Display)]) -> String {
    fill_placeholders(template, values)
}

/// The one implementation behind [`fill`] and [`fill_display`].
fn fill_placeholders<V: Display>(template: &str, values: &[(&str, V)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder() {
        assert_eq!(
            fill("{a} of {b}, {a}", &[("a", "1"), ("b", "2")]),
            "1 of 2, 1"
        );
    }

    #[test]
    fn fill_display_writes_out_numbers_next_to_text() {
        assert_eq!(
            fill_display("{n} rows in {file}", &[("n", &12), ("file", &"a.csv")]),
            "12 rows in a.csv"
        );
    }
}
