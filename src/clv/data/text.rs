//! A dropped text file's bytes as text: which encoding they are in, and the
//! text they decode to.
//!
//! Shop and spreadsheet exports come in the encodings Excel and the shop
//! systems write: UTF-8 (with or without a byte-order mark), UTF-16 (Excel's
//! "Unicode text", with a byte-order mark) and, from Excel on a German Windows,
//! Windows-1252. [`detect_encoding`] guesses, in this order:
//!
//! 1. a byte-order mark: `EF BB BF` UTF-8, `FF FE` UTF-16 LE, `FE FF` UTF-16 BE;
//! 2. UTF-16 without a mark: in the first KiB, many NUL bytes at the odd
//!    positions (LE: ASCII letters have a zero high byte after them) or at the
//!    even positions (BE), and few at the other;
//! 3. valid UTF-8 (plain ASCII included): UTF-8;
//! 4. anything else: Windows-1252, which gives every byte a character.
//!
//! [`decode`] decodes in the encoding it is told (the user can override the
//! guess): that encoding's byte-order mark is dropped and malformed sequences
//! become U+FFFD; it never fails and never panics.

use serde::{Deserialize, Serialize};

/// The text encodings a dropped file is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1252,
}

impl TextEncoding {
    /// Every encoding, in the order a choice offers them.
    pub const ALL: [TextEncoding; 4] = [
        TextEncoding::Utf8,
        TextEncoding::Utf16Le,
        TextEncoding::Utf16Be,
        TextEncoding::Windows1252,
    ];

    /// The name shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// How many leading bytes the UTF-16 heuristic looks at.
const SNIFF_LEN: usize = 1024;

/// The encoding `bytes` most likely are in; see the module rules.
pub fn detect_encoding(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        TextEncoding::Utf8
    } else if bytes.starts_with(b"\xFF\xFE") {
        TextEncoding::Utf16Le
    } else if bytes.starts_with(b"\xFE\xFF") {
        TextEncoding::Utf16Be
    } else if let Some(utf16) = utf16_without_bom(bytes) {
        utf16
    } else if std::str::from_utf8(bytes).is_ok() {
        TextEncoding::Utf8
    } else {
        TextEncoding::Windows1252
    }
}

/// UTF-16 recognised from its NUL bytes: at least 40% of the code units in the
/// first KiB have a zero byte on one side and fewer than 10% on the other.
fn utf16_without_bom(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut zero_even, mut zero_odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        zero_even += usize::from(pair[0] == 0);
        zero_odd += usize::from(pair[1] == 0);
    }
    let many = |n: usize| n * 10 >= units * 4;
    let few = |n: usize| n * 10 < units;
    if many(zero_odd) && few(zero_even) {
        Some(TextEncoding::Utf16Le)
    } else if many(zero_even) && few(zero_odd) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// `bytes` decoded as `encoding`: its byte-order mark (if any) dropped,
/// malformed sequences replaced by U+FFFD.
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    encoding
        .encoding()
        .decode_with_bom_removal(bytes)
        .0
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Kundennummer;Bemerkung\nK1;Größe für Müller";

    /// `TEXT` as Excel on a German Windows writes it: ö = F6, ß = DF, ü = FC.
    const WINDOWS_1252: &[u8] = b"Kundennummer;Bemerkung\nK1;Gr\xF6\xDFe f\xFCr M\xFCller";

    fn utf16(text: &str, little_endian: bool, bom: bool) -> Vec<u8> {
        let mut bytes = Vec::new();
        for unit in bom.then_some(0xFEFF).into_iter().chain(text.encode_utf16()) {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    fn utf8_with_bom() -> Vec<u8> {
        [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat()
    }

    #[test]
    fn windows_1252_umlauts_are_detected_and_decoded() {
        assert_eq!(detect_encoding(WINDOWS_1252), TextEncoding::Windows1252);
        assert_eq!(decode(WINDOWS_1252, TextEncoding::Windows1252), TEXT);
    }

    #[test]
    fn utf8_without_bom_is_detected_and_decoded() {
        assert_eq!(detect_encoding(TEXT.as_bytes()), TextEncoding::Utf8);
        assert_eq!(decode(TEXT.as_bytes(), TextEncoding::Utf8), TEXT);
    }

    #[test]
    fn utf8_with_bom_is_detected_and_the_bom_dropped() {
        let bytes = utf8_with_bom();
        assert_eq!(detect_encoding(&bytes), TextEncoding::Utf8);
        assert_eq!(decode(&bytes, TextEncoding::Utf8), TEXT);
    }

    #[test]
    fn utf16_le_with_bom_is_detected_and_decoded() {
        let bytes = utf16(TEXT, true, true);
        assert_eq!(&bytes[..2], b"\xFF\xFE");
        assert_eq!(detect_encoding(&bytes), TextEncoding::Utf16Le);
        assert_eq!(decode(&bytes, TextEncoding::Utf16Le), TEXT);
    }

    #[test]
    fn utf16_be_with_bom_is_detected_and_decoded() {
        let bytes = utf16(TEXT, false, true);
        assert_eq!(&bytes[..2], b"\xFE\xFF");
        assert_eq!(detect_encoding(&bytes), TextEncoding::Utf16Be);
        assert_eq!(decode(&bytes, TextEncoding::Utf16Be), TEXT);
    }

    #[test]
    fn utf16_without_bom_is_recognised_from_its_nul_bytes() {
        let le = utf16(TEXT, true, false);
        let be = utf16(TEXT, false, false);
        assert_eq!(detect_encoding(&le), TextEncoding::Utf16Le);
        assert_eq!(detect_encoding(&be), TextEncoding::Utf16Be);
        assert_eq!(decode(&le, TextEncoding::Utf16Le), TEXT);
        assert_eq!(decode(&be, TextEncoding::Utf16Be), TEXT);
    }

    #[test]
    fn plain_ascii_and_empty_input_are_utf8() {
        assert_eq!(detect_encoding(b"a,b\n1,2\n"), TextEncoding::Utf8);
        assert_eq!(detect_encoding(b""), TextEncoding::Utf8);
        assert_eq!(decode(b"", TextEncoding::Utf16Le), "");
    }

    #[test]
    fn a_binary_file_with_scattered_nuls_is_not_taken_for_utf16() {
        let zip_header = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xA1\xB2";
        assert_eq!(detect_encoding(zip_header), TextEncoding::Windows1252);
    }

    #[test]
    fn an_override_decodes_as_told() {
        // UTF-8 bytes read as Windows-1252: each umlaut becomes two characters.
        assert_eq!(
            decode("Müller".as_bytes(), TextEncoding::Windows1252),
            "MÃ¼ller"
        );
        // Windows-1252 bytes read as UTF-8: the umlauts are malformed.
        assert_eq!(decode(b"M\xFCller", TextEncoding::Utf8), "M\u{FFFD}ller");
        // Another encoding's byte-order mark is not dropped.
        assert!(decode(&utf8_with_bom(), TextEncoding::Windows1252).starts_with("ï»¿Kunden"));
    }

    #[test]
    fn malformed_input_is_replaced_not_rejected() {
        assert_eq!(decode(b"\xFF\xFEA", TextEncoding::Utf16Le), "\u{FFFD}");
        assert_eq!(decode(b"\xC3", TextEncoding::Utf8), "\u{FFFD}");
        assert_eq!(
            decode(b"\x00\xD8\x41\x00", TextEncoding::Utf16Le),
            "\u{FFFD}A"
        );
    }

    #[test]
    fn every_encoding_has_a_label_and_a_kebab_case_name() {
        let labels: Vec<_> = TextEncoding::ALL.iter().map(|e| e.label()).collect();
        assert_eq!(labels, ["UTF-8", "UTF-16 LE", "UTF-16 BE", "Windows-1252"]);
        assert_eq!(
            serde_json::to_string(&TextEncoding::Utf16Le).unwrap(),
            "\"utf16-le\""
        );
        assert_eq!(
            serde_json::from_str::<TextEncoding>("\"windows1252\"").unwrap(),
            TextEncoding::Windows1252
        );
    }
}
