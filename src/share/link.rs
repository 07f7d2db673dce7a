//! The share link's fragment: a [`SharedView`] as `share=v1.` followed by
//! base64url text (RFC 4648 §5, no padding) of
//!
//! ```text
//! offset  size  field
//!      0     4  CRC-32 (IEEE) of the JSON below, u32 little endian
//!      4     …  the view as JSON (serde), compressed with raw DEFLATE (RFC 1951)
//!               at level 9 with the preset dictionary DICTIONARY
//! ```
//!
//! The version is in the text (`v1.`), so that a later build can tell its own
//! links from older ones before decoding anything. JSON carries the figures
//! as the view holds them, already rounded ([`super::round`]), so a view
//! built by [`SharedView::of`] decodes to itself exactly; rows of figures
//! are tuple structs, JSON arrays without keys. The preset dictionary (the
//! keys, the default settings and the enum names, 4.6 kB, fixed for version
//! 1 and pinned by a test) makes the first occurrence of every key and
//! every default setting a back-reference: the demo's view (five goals, two
//! scenarios) is 7.1 kB of JSON, 2.2 kB deflated without the dictionary and
//! 1.4 kB with it, a fragment of about 1,900 characters. A plain binary
//! form (numbers as `f32`, keys kept) deflates to 2.5 kB: a rounded figure
//! of four digits deflates to fewer bytes as text than an `f32`, whose
//! bytes do not compress.
//!
//! Reading: text without `share=v` and a version is not a share link; a
//! version above [`LINK_VERSION`] is newer; text that is not base64url, a
//! stream that does not inflate completely, inflates beyond [`MAX_JSON`] or
//! does not match the checksum was cut or changed; JSON that is not a view
//! does not decode.

use super::view::SharedView;
use super::ShareLinkError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// What a share fragment starts with (after the `#`).
pub const FRAGMENT_KEY: &str = "share=";
/// The link format this build writes and the latest it reads.
pub const LINK_VERSION: u32 = 1;
/// The most JSON a fragment may inflate to (a view is a few kB).
pub const MAX_JSON: u64 = 1 << 20;
/// The preset dictionary of version 1's DEFLATE stream: the view's keys in
/// their order, the default settings and the names of enum values (no
/// figure or name of any data). Part of the format: never edit it, a new
/// dictionary is a new [`LINK_VERSION`].
pub const DICTIONARY: &[u8] = include_bytes!("dictionary_v1.txt");

/// The fragment (without `#`) of a link to `view`.
pub fn encode_share_fragment(view: &SharedView) -> String {
    let json = serde_json::to_vec(view).expect("a shared view always serialises");
    let mut bytes = crc32fast::hash(&json).to_le_bytes().to_vec();
    deflate_into(&json, &mut bytes);
    format!(
        "{FRAGMENT_KEY}v{LINK_VERSION}.{}",
        URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The view of a link's fragment (with or without its `#`).
pub fn decode_share_fragment(fragment: &str) -> Result<SharedView, ShareLinkError> {
    let body = versioned_body(fragment)?;
    let bytes = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ShareLinkError::Tampered)?;
    let (crc, compressed) = bytes
        .split_first_chunk::<4>()
        .ok_or(ShareLinkError::Tampered)?;
    let json = inflate(compressed)?;
    if crc32fast::hash(&json) != u32::from_le_bytes(*crc) {
        return Err(ShareLinkError::Tampered);
    }
    serde_json::from_slice(&json).map_err(|e| ShareLinkError::Invalid(e.to_string()))
}

/// The base64 text after `share=v1.`, the version checked.
fn versioned_body(fragment: &str) -> Result<&str, ShareLinkError> {
    let rest = fragment
        .strip_prefix('#')
        .unwrap_or(fragment)
        .strip_prefix(FRAGMENT_KEY)
        .and_then(|r| r.strip_prefix('v'))
        .ok_or(ShareLinkError::NotShareLink)?;
    let (version, body) = rest.split_once('.').ok_or(ShareLinkError::NotShareLink)?;
    let version: u32 = version.parse().map_err(|_| ShareLinkError::NotShareLink)?;
    match version {
        LINK_VERSION => Ok(body),
        0 => Err(ShareLinkError::NotShareLink),
        found if found > LINK_VERSION => Err(ShareLinkError::NewerVersion {
            found,
            supported: LINK_VERSION,
        }),
        _ => Err(ShareLinkError::NotShareLink),
    }
}

/// Appends `input` compressed as tightly as raw DEFLATE goes, with the
/// preset [`DICTIONARY`], to `out`.
fn deflate_into(input: &[u8], out: &mut Vec<u8>) {
    let mut deflater = Compress::new(Compression::best(), false);
    deflater
        .set_dictionary(DICTIONARY)
        .expect("a new raw deflater takes a dictionary");
    loop {
        out.reserve(input.len() / 2 + 256);
        let consumed = deflater.total_in() as usize;
        let status = deflater
            .compress_vec(&input[consumed..], out, FlushCompress::Finish)
            .expect("compressing bytes in memory cannot fail");
        if status == Status::StreamEnd {
            return;
        }
    }
}

/// One complete DEFLATE stream (with the preset [`DICTIONARY`]) filling
/// `compressed`, of at most [`MAX_JSON`] bytes.
fn inflate(compressed: &[u8]) -> Result<Vec<u8>, ShareLinkError> {
    let mut inflater = Decompress::new(false);
    inflater
        .set_dictionary(DICTIONARY)
        .map_err(|_| ShareLinkError::Tampered)?;
    let mut out = Vec::with_capacity(compressed.len() * 4);
    loop {
        if out.len() == out.capacity() {
            let room = (MAX_JSON as usize).saturating_sub(out.len()).min(64 * 1024);
            if room == 0 {
                return Err(ShareLinkError::Tampered);
            }
            out.reserve_exact(room);
        }
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let status = inflater
            .decompress_vec(
                &compressed[read as usize..],
                &mut out,
                FlushDecompress::None,
            )
            .map_err(|_| ShareLinkError::Tampered)?;
        if status == Status::StreamEnd {
            break;
        }
        if inflater.total_in() == read && inflater.total_out() == written {
            // No progress with room to write: the stream is cut off.
            return Err(ShareLinkError::Tampered);
        }
    }
    if inflater.total_in() != compressed.len() as u64 {
        return Err(ShareLinkError::Tampered);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::test_support::{demo_view, shared_demo};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    /// The demo's view and fragment.
    fn demo() -> &'static (SharedView, String) {
        static VIEW: OnceLock<(SharedView, String)> = OnceLock::new();
        VIEW.get_or_init(|| {
            let view = demo_view().clone();
            let fragment = encode_share_fragment(&view);
            (view, fragment)
        })
    }

    #[test]
    fn the_demo_with_five_goals_and_two_scenarios_fits_in_2000_characters() {
        let (view, fragment) = demo();
        assert_eq!(view.goals.len(), 5);
        assert!(view
            .goals
            .iter()
            .all(|g| g.error.is_none() && g.values.len() >= 18));
        assert_eq!(view.equity.as_ref().unwrap().scenarios.len(), 2);
        assert!(fragment.starts_with("share=v1."));
        // A measurement for the README, and the budget: a hosted address adds about 50.
        eprintln!("demo share fragment: {} characters", fragment.len());
        assert!(fragment.len() < 1950, "{} characters", fragment.len());
        assert!(fragment[9..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }

    #[test]
    fn a_view_decodes_to_itself() {
        let (view, fragment) = demo();
        assert_eq!(&decode_share_fragment(fragment).unwrap(), view);
        assert_eq!(
            &decode_share_fragment(&format!("#{fragment}")).unwrap(),
            view
        );
    }

    #[test]
    fn the_demo_link_holds_no_customer_id_and_nothing_per_customer() {
        let (_, fragment) = demo();
        let decoded = decode_share_fragment(fragment).unwrap();
        let json = serde_json::to_string(&decoded).unwrap();
        let log = &shared_demo().log;
        for id in log.customer_ids() {
            assert!(!json.contains(&format!("\"{id}\"")), "{id} in the link");
        }
        /// The length of the longest array in `value`.
        fn longest_array(value: &serde_json::Value) -> usize {
            match value {
                serde_json::Value::Array(a) => {
                    a.iter().map(longest_array).max().unwrap_or(0).max(a.len())
                }
                serde_json::Value::Object(o) => o.values().map(longest_array).max().unwrap_or(0),
                _ => 0,
            }
        }
        let customers = log.customer_ids().len();
        assert_eq!(decoded.customers, customers);
        let longest = longest_array(&serde_json::to_value(&decoded).unwrap());
        assert!(
            longest < 100,
            "an array of {longest} in a view of {customers} customers"
        );
    }

    #[test]
    fn a_changed_or_cut_link_is_a_typed_error() {
        let (_, fragment) = demo();
        let body = FRAGMENT_KEY.len() + 3;
        for i in (body..fragment.len()).step_by(7) {
            let mut changed = fragment.clone().into_bytes();
            changed[i] = if changed[i] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(changed).unwrap();
            assert_eq!(
                decode_share_fragment(&changed),
                Err(ShareLinkError::Tampered),
                "character {i}"
            );
        }
        for len in (body..fragment.len()).step_by(5) {
            assert_eq!(
                decode_share_fragment(&fragment[..len]),
                Err(ShareLinkError::Tampered),
                "cut at {len}"
            );
        }
    }

    #[test]
    fn other_text_is_not_a_share_link_and_later_versions_are_named() {
        for text in [
            "",
            "#",
            "share=",
            "share=v",
            "share=vx.abc",
            "page=goals",
            "share=v0.AAAA",
        ] {
            assert_eq!(
                decode_share_fragment(text),
                Err(ShareLinkError::NotShareLink),
                "{text}"
            );
        }
        assert_eq!(
            decode_share_fragment("share=v2.AAAA"),
            Err(ShareLinkError::NewerVersion {
                found: 2,
                supported: 1
            })
        );
        // Intact, but not a view.
        let json = br#"{"as_of":"2024-12-31"}"#;
        let mut bytes = crc32fast::hash(json).to_le_bytes().to_vec();
        deflate_into(json, &mut bytes);
        let fragment = format!("share=v1.{}", URL_SAFE_NO_PAD.encode(bytes));
        assert!(matches!(
            decode_share_fragment(&fragment),
            Err(ShareLinkError::Invalid(_))
        ));
    }

    /// A plain binary form of a JSON value: a tag, then numbers as `f32`,
    /// texts and keys length-prefixed, arrays and objects with their counts.
    fn binary(value: &serde_json::Value, out: &mut Vec<u8>) {
        use serde_json::Value;
        let text = |s: &str, out: &mut Vec<u8>| {
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        };
        match value {
            Value::Null => out.push(0),
            Value::Bool(b) => out.push(1 + *b as u8),
            Value::Number(n) => {
                out.push(3);
                out.extend_from_slice(&(n.as_f64().unwrap() as f32).to_le_bytes());
            }
            Value::String(s) => {
                out.push(4);
                text(s, out);
            }
            Value::Array(a) => {
                out.extend_from_slice(&[5, a.len() as u8]);
                a.iter().for_each(|v| binary(v, out));
            }
            Value::Object(o) => {
                out.extend_from_slice(&[6, o.len() as u8]);
                for (k, v) in o {
                    text(k, out);
                    binary(v, out);
                }
            }
        }
    }

    /// `bytes` deflated at level 9 without a dictionary.
    fn plain_deflate(bytes: &[u8]) -> usize {
        use std::io::Write;
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::best());
        e.write_all(bytes).unwrap();
        e.finish().unwrap().len()
    }

    #[test]
    fn the_dictionary_saves_more_than_a_binary_form_would() {
        let (view, fragment) = demo();
        let json = serde_json::to_vec(view).unwrap();
        let mut with_dictionary = Vec::new();
        deflate_into(&json, &mut with_dictionary);
        let mut bin = Vec::new();
        binary(&serde_json::to_value(view).unwrap(), &mut bin);
        let (json_plain, bin_plain) = (plain_deflate(&json), plain_deflate(&bin));
        eprintln!(
            "demo view: JSON {} B, deflated {json_plain} B, with the dictionary {} B \
             ({} characters); binary {} B, deflated {bin_plain} B",
            json.len(),
            with_dictionary.len(),
            fragment.len(),
            bin.len(),
        );
        assert!(with_dictionary.len() * 3 < json_plain * 2);
        assert!(with_dictionary.len() < bin_plain);
        assert_eq!(
            fragment.len(),
            9 + (4 + with_dictionary.len()).div_ceil(3) * 4
                - (3 - (4 + with_dictionary.len()) % 3) % 3
        );
    }

    #[test]
    fn the_dictionary_of_version_1_never_changes() {
        assert_eq!(DICTIONARY.len(), 4_592);
        assert_eq!(crc32fast::hash(DICTIONARY), 4_111_430_618);
    }

    proptest! {
        #[test]
        fn random_text_never_panics(text in ".{0,300}") {
            let _ = decode_share_fragment(&text);
            let _ = decode_share_fragment(&format!("share=v1.{text}"));
        }

        #[test]
        fn random_bytes_in_a_link_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let fragment = format!("share=v1.{}", URL_SAFE_NO_PAD.encode(&bytes));
            prop_assert!(decode_share_fragment(&fragment).is_err());
        }
    }
}
