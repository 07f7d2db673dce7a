//! The user interface languages: which ones there are, how the browser's
//! preferences pick one, and how each is named and coded.
//!
//! [`format`](crate::format) and [`i18n`](crate::i18n) both build on [`Lang`];
//! this module depends on neither. The texts of a language ([`Lang::texts`])
//! live in `i18n`, which adds them to `Lang` there.

use serde::{Deserialize, Serialize};

/// A user interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    /// Every language, in the order of the language switch.
    pub const ALL: [Lang; 2] = [Lang::De, Lang::En];

    /// The language for a browser language tag such as `de-AT` or `en-US`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.trim().to_ascii_lowercase().starts_with("de") {
            Lang::De
        } else {
            Lang::En
        }
    }

    /// The first supported language among the browser's preferences (English if none).
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Lang {
        for tag in tags {
            let t = tag.trim().to_ascii_lowercase();
            if t.starts_with("de") {
                return Lang::De;
            }
            if t.starts_with("en") {
                return Lang::En;
            }
        }
        Lang::En
    }

    /// The language's name in itself, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// BCP 47 code, for the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_language_picks_the_default() {
        assert_eq!(Lang::from_tag("de-AT"), Lang::De);
        assert_eq!(Lang::from_tag("DE"), Lang::De);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("fr-FR"), Lang::En);
        assert_eq!(Lang::from_preferences(["fr-FR", "de-CH", "en"]), Lang::De);
        assert_eq!(Lang::from_preferences(["it", "en-GB", "de"]), Lang::En);
        assert_eq!(Lang::from_preferences([]), Lang::En);
    }
}
