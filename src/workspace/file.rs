//! The workspace file (`.kundenwert`): a whole workspace (its name, data,
//! settings, segments, goals with check-ins, equity scenarios) in one file
//! that imports back as a new workspace, exactly.
//!
//! # Format, version 1
//!
//! All integers are little endian.
//!
//! ```text
//! offset  size  field
//!      0     8  magic: the ASCII bytes "KUNDENWS"
//!      8     2  format version, u16 (= 1)
//!     10     2  flags, u16: none is defined in version 1, all bits are 0
//!     12     8  payload length before compression, u64 (at most MAX_PAYLOAD)
//!     20     4  CRC-32 (IEEE 802.3, as in zip and PNG) of the uncompressed payload, u32
//!     24     …  the payload, compressed with raw DEFLATE (RFC 1951, no zlib or
//!               gzip wrapper), to the end of the file
//! ```
//!
//! The payload is the workspace's name and its [`WorkspaceRecord`], three
//! length-prefixed parts that fill it exactly:
//!
//! ```text
//! u32 n, n bytes  the workspace's name, UTF-8
//! u32 n, n bytes  the record's head, UTF-8 JSON (see super::record)
//! u32 n, n bytes  the record's data bytes (tag first, see super::record)
//! ```
//!
//! # Reading
//!
//! A reader checks, in this order: the magic ([`WorkspaceFileError::Foreign`]
//! otherwise; a file shorter than the magic that starts like it is
//! [`WorkspaceFileError::Truncated`]), the whole header (truncated), the
//! version (a later one is [`WorkspaceFileError::NewerVersion`]), the flags
//! and the declared length, then inflates, compares the length and the
//! checksum and splits the payload (any mismatch is
//! [`WorkspaceFileError::Corrupt`]). Only then is the record decoded into a
//! [`Workspace`](super::Workspace) ([`WorkspaceFileError::Record`]).
//!
//! # Decompression bombs
//!
//! The declared length bounds what is inflated: the inflater stops one byte
//! past it (more output is corrupt), and the declared length itself is at
//! most [`MAX_PAYLOAD`] (1 GiB: a million transactions take about 23 MB of
//! payload, and a 32-bit wasm memory of 4 GiB must hold the inflated bytes
//! and the workspace built from them) and at most [`MAX_DEFLATE_RATIO`]
//! times the compressed bytes (DEFLATE cannot pack tighter), so a small file
//! cannot make the reader allocate much before it fails.
//!
//! # Writing
//!
//! The writer compresses at [`COMPRESSION_LEVEL`] (zlib's level 1, the
//! fastest with Huffman and matches): 1.1 million transactions (440,000
//! customers) make 22.8 MB of payload and a file of 10.4 MB (45 %), written
//! in about 0.15 s and read back (with the log rebuilt) in about 0.35 s on
//! a laptop-class core.

use super::record::WorkspaceRecord;
use super::DecodeError;
use flate2::{Compress, Compression, FlushCompress};
use std::io::Read;

/// The first eight bytes of every workspace file.
pub const MAGIC: [u8; 8] = *b"KUNDENWS";
/// The version of the format this build writes and the latest it reads.
pub const FILE_VERSION: u16 = 1;
/// The file name extension, without its dot.
pub const EXTENSION: &str = "kundenwert";
/// Magic, version, flags, payload length and checksum.
pub const HEADER_LEN: usize = 24;
/// The largest payload a file may declare (1 GiB).
pub const MAX_PAYLOAD: u64 = 1 << 30;
/// DEFLATE's largest expansion: 258 bytes from two bits (plus block headers,
/// allowed for by [`RATIO_SLACK`]).
pub const MAX_DEFLATE_RATIO: u64 = 1032;
/// Bytes a tiny compressed stream may expand to beyond the ratio.
const RATIO_SLACK: u64 = 1024;
/// zlib's compression level the writer uses.
pub const COMPRESSION_LEVEL: u32 = 1;

/// Why bytes are not a workspace file this build can open.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkspaceFileError {
    /// The bytes do not start with [`MAGIC`].
    #[error("not a Kundenwert workspace file")]
    Foreign,
    /// The file ends inside its header or its compressed payload.
    #[error("the workspace file is cut off")]
    Truncated,
    #[error("workspace file version {found}; this build reads up to version {supported}")]
    NewerVersion { found: u16, supported: u16 },
    #[error("the workspace file is damaged: {0}")]
    Corrupt(Corruption),
    /// The file is intact but its workspace does not load.
    #[error("the workspace in the file does not load: {0}")]
    Record(#[from] DecodeError),
}

/// What is wrong with a damaged workspace file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Corruption {
    /// The payload's CRC-32 is not the one in the header.
    #[error("its checksum does not match")]
    Checksum,
    /// The compressed payload is not valid DEFLATE.
    #[error("its compressed data cannot be unpacked")]
    Inflate,
    /// Lengths, flags or texts that do not fit together (or version 0).
    #[error("its parts do not fit together")]
    Layout,
    /// The header declares more than [`MAX_PAYLOAD`] or more than the
    /// compressed bytes can hold.
    #[error("it declares {declared} bytes, more than it can hold")]
    TooLarge { declared: u64 },
}

impl From<Corruption> for WorkspaceFileError {
    fn from(c: Corruption) -> Self {
        WorkspaceFileError::Corrupt(c)
    }
}

/// The name a workspace's file gets: the workspace's name with what file
/// systems refuse (`/ \ : * ? " < > |`, control characters) as `_`, and the
/// [`EXTENSION`]; `workspace.kundenwert` for a name of nothing usable.
pub fn workspace_file_name(workspace_name: &str) -> String {
    let stem: String = workspace_name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let stem = stem.trim().trim_matches('.');
    let stem = if stem.is_empty() { "workspace" } else { stem };
    format!("{stem}.{EXTENSION}")
}

/// The file of the workspace `name` held as `record`.
pub fn encode_workspace_file(name: &str, record: &WorkspaceRecord) -> Vec<u8> {
    let payload = payload(name, record);
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len() / 2 + 64);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FILE_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    deflate_into(&payload, &mut out);
    out
}

/// The name and record of a workspace file (`record.decode()` gives the
/// workspace; it has been decoded once here, so that a record that does
/// not load is reported now).
pub fn decode_workspace_file(
    bytes: &[u8],
) -> Result<(String, WorkspaceRecord), WorkspaceFileError> {
    let header = Header::read(bytes)?;
    let payload = inflate(&bytes[HEADER_LEN..], header.payload_len)?;
    if crc32fast::hash(&payload) != header.crc {
        return Err(Corruption::Checksum.into());
    }
    let (name, record) = split_payload(&payload)?;
    record.decode()?;
    Ok((name, record))
}

/// The uncompressed payload: name, head and data, each length-prefixed.
fn payload(name: &str, record: &WorkspaceRecord) -> Vec<u8> {
    let parts = [name.as_bytes(), record.head.as_bytes(), &record.data];
    let mut out = Vec::with_capacity(parts.iter().map(|p| p.len() + 4).sum());
    for part in parts {
        let len = u32::try_from(part.len()).expect("a workspace part is below 4 GiB");
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(part);
    }
    out
}

/// Appends `input` compressed as raw DEFLATE to `out`.
fn deflate_into(input: &[u8], out: &mut Vec<u8>) {
    let mut deflater = Compress::new(Compression::new(COMPRESSION_LEVEL), false);
    loop {
        // DEFLATE stores incompressible data with 5 bytes per 64 KiB block.
        out.reserve(input.len() / 2 + 1024);
        let consumed = deflater.total_in() as usize;
        let status = deflater
            .compress_vec(&input[consumed..], out, FlushCompress::Finish)
            .expect("compressing bytes in memory cannot fail");
        if status == flate2::Status::StreamEnd {
            return;
        }
    }
}

/// The fixed-size start of a file, checked.
struct Header {
    payload_len: u64,
    crc: u32,
}

impl Header {
    fn read(bytes: &[u8]) -> Result<Header, WorkspaceFileError> {
        if bytes.len() < MAGIC.len() {
            let starts_like_magic = !bytes.is_empty() && MAGIC.starts_with(bytes);
            return Err(if starts_like_magic {
                WorkspaceFileError::Truncated
            } else {
                WorkspaceFileError::Foreign
            });
        }
        if bytes[..MAGIC.len()] != MAGIC {
            return Err(WorkspaceFileError::Foreign);
        }
        let Some(header) = bytes.get(..HEADER_LEN) else {
            return Err(WorkspaceFileError::Truncated);
        };
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let version = u16_at(8);
        if version > FILE_VERSION {
            return Err(WorkspaceFileError::NewerVersion {
                found: version,
                supported: FILE_VERSION,
            });
        }
        if version == 0 || u16_at(10) != 0 {
            return Err(Corruption::Layout.into());
        }
        let payload_len = u64::from_le_bytes(header[12..20].try_into().expect("8 bytes"));
        let crc = u32::from_le_bytes(header[20..24].try_into().expect("4 bytes"));
        let compressed = (bytes.len() - HEADER_LEN) as u64;
        let most = compressed
            .saturating_mul(MAX_DEFLATE_RATIO)
            .saturating_add(RATIO_SLACK)
            .min(MAX_PAYLOAD);
        if payload_len > most {
            return Err(Corruption::TooLarge {
                declared: payload_len,
            }
            .into());
        }
        Ok(Header { payload_len, crc })
    }
}

/// Inflates `compressed`, which must hold exactly one DEFLATE stream of
/// `declared` bytes: never more than one byte past it is inflated.
fn inflate(compressed: &[u8], declared: u64) -> Result<Vec<u8>, WorkspaceFileError> {
    let mut inflater = flate2::bufread::DeflateDecoder::new(compressed);
    // Room for the usual ratio; a larger payload grows the buffer as it comes.
    let capacity = declared.min(compressed.len() as u64 * 4) as usize;
    let mut out = Vec::with_capacity(capacity);
    (&mut inflater)
        .take(declared + 1)
        .read_to_end(&mut out)
        .map_err(|e| match e.kind() {
            // The inflater needed more input than the file has.
            std::io::ErrorKind::UnexpectedEof => WorkspaceFileError::Truncated,
            _ => Corruption::Inflate.into(),
        })?;
    let len = out.len() as u64;
    if len > declared {
        return Err(Corruption::Layout.into());
    }
    if len < declared {
        // The stream ended early: cut off, or a stream of less than declared.
        return Err(if inflater.total_in() < compressed.len() as u64 {
            Corruption::Layout.into()
        } else {
            WorkspaceFileError::Truncated
        });
    }
    if inflater.total_in() != compressed.len() as u64 {
        // Bytes after the stream's end.
        return Err(Corruption::Layout.into());
    }
    Ok(out)
}

/// The name and record in an inflated, checked payload.
fn split_payload(payload: &[u8]) -> Result<(String, WorkspaceRecord), WorkspaceFileError> {
    let mut rest = payload;
    let name = text(part(&mut rest)?)?;
    let head = text(part(&mut rest)?)?;
    let data = part(&mut rest)?.to_vec();
    if !rest.is_empty() {
        return Err(Corruption::Layout.into());
    }
    Ok((name, WorkspaceRecord { head, data }))
}

/// The next length-prefixed part of `rest`.
fn part<'a>(rest: &mut &'a [u8]) -> Result<&'a [u8], Corruption> {
    let (len, tail) = rest.split_first_chunk::<4>().ok_or(Corruption::Layout)?;
    let len = u32::from_le_bytes(*len) as usize;
    if len > tail.len() {
        return Err(Corruption::Layout);
    }
    let (part, tail) = tail.split_at(len);
    *rest = tail;
    Ok(part)
}

fn text(bytes: &[u8]) -> Result<String, Corruption> {
    String::from_utf8(bytes.to_vec()).map_err(|_| Corruption::Layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::tests::{imported, summary_workspace};
    use crate::workspace::Workspace;
    use proptest::prelude::*;

    fn file_of(name: &str, ws: &Workspace) -> Vec<u8> {
        encode_workspace_file(name, &WorkspaceRecord::of(&ws.data, &ws.settings))
    }

    /// The workspace and name a file opens as.
    fn open(bytes: &[u8]) -> Result<(String, Workspace), WorkspaceFileError> {
        let (name, record) = decode_workspace_file(bytes)?;
        Ok((name, record.decode()?))
    }

    /// A file with its header's field at `offset` replaced.
    fn with_header(mut file: Vec<u8>, offset: usize, bytes: &[u8]) -> Vec<u8> {
        file[offset..offset + bytes.len()].copy_from_slice(bytes);
        file
    }

    #[test]
    fn imported_demo_and_summary_workspaces_round_trip_exactly() {
        let mut demo = Workspace::demo();
        demo.settings.currency = "CHF".into();
        for (name, ws) in [
            ("Shop 2024 – Käufe", imported()),
            ("Demo", demo),
            ("", summary_workspace()),
        ] {
            let file = file_of(name, &ws);
            assert_eq!(&file[..8], b"KUNDENWS");
            assert_eq!(&file[8..12], &[1, 0, 0, 0], "version 1, no flags");
            let (read_name, read) = open(&file).unwrap();
            assert_eq!(read_name, name);
            assert_eq!(read, ws);
        }
    }

    #[test]
    fn the_header_declares_the_payload_and_its_checksum() {
        let ws = imported();
        let record = WorkspaceRecord::of(&ws.data, &ws.settings);
        let file = encode_workspace_file("Orders", &record);
        let payload = payload("Orders", &record);
        let declared = u64::from_le_bytes(file[12..20].try_into().unwrap());
        assert_eq!(declared, payload.len() as u64);
        assert_eq!(declared, 3 * 4 + 6 + record.bytes() as u64);
        let crc = u32::from_le_bytes(file[20..24].try_into().unwrap());
        assert_eq!(crc, crc32fast::hash(&payload));
        let mut inflated = Vec::new();
        flate2::read::DeflateDecoder::new(&file[HEADER_LEN..])
            .read_to_end(&mut inflated)
            .unwrap();
        assert_eq!(inflated, payload, "raw DEFLATE after the header");
    }

    #[test]
    fn a_file_cut_at_any_length_is_an_error() {
        let file = file_of("Orders", &imported());
        for len in 0..file.len() {
            let result = decode_workspace_file(&file[..len]);
            assert!(result.is_err(), "cut at {len}");
            if (1..MAGIC.len()).contains(&len) || (MAGIC.len()..HEADER_LEN).contains(&len) {
                assert_eq!(result, Err(WorkspaceFileError::Truncated), "cut at {len}");
            }
        }
        assert_eq!(
            decode_workspace_file(&file[..file.len() - 1]),
            Err(WorkspaceFileError::Truncated)
        );
    }

    #[test]
    fn a_flipped_byte_anywhere_is_an_error() {
        let file = file_of("Orders", &imported());
        for i in 0..file.len() {
            let mut bad = file.clone();
            bad[i] ^= 0xff;
            assert!(decode_workspace_file(&bad).is_err(), "byte {i} flipped");
        }
        // In the compressed payload: the checksum or the inflater notices.
        let mut bad = file.clone();
        bad[HEADER_LEN + 10] ^= 0x01;
        assert!(matches!(
            decode_workspace_file(&bad),
            Err(WorkspaceFileError::Corrupt(_) | WorkspaceFileError::Truncated)
        ));
        let crc_flipped = with_header(file.clone(), 20, &[file[20] ^ 1]);
        assert_eq!(
            decode_workspace_file(&crc_flipped),
            Err(WorkspaceFileError::Corrupt(Corruption::Checksum))
        );
    }

    #[test]
    fn a_flip_in_the_name_is_caught_by_the_checksum() {
        // Stored (level 0) DEFLATE keeps the name readable in the file.
        let record = WorkspaceRecord::of(&imported().data, &imported().settings);
        let payload = payload("Orders", &record);
        let mut file = encode_workspace_file("Orders", &record)[..HEADER_LEN].to_vec();
        let mut deflater = Compress::new(Compression::none(), false);
        file.reserve(payload.len() + 64);
        deflater
            .compress_vec(&payload, &mut file, FlushCompress::Finish)
            .unwrap();
        assert_eq!(open(&file).unwrap().0, "Orders");
        let at = file.windows(6).position(|w| w == b"Orders").unwrap();
        for byte in [b'o', 0xff] {
            let mut bad = file.clone();
            bad[at] = byte;
            assert_eq!(
                decode_workspace_file(&bad),
                Err(WorkspaceFileError::Corrupt(Corruption::Checksum))
            );
        }
    }

    #[test]
    fn other_files_are_not_workspace_files() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        let zip = b"PK\x03\x04\x14\0\0\0\x08\0\0\0!\0";
        let json = br#"{"version":3,"origin":{"kind":"demo"}}"#;
        for foreign in [&png[..], zip, json, b"", b"KUNDENWX", b"kundenws\x01\0"] {
            assert_eq!(
                decode_workspace_file(foreign),
                Err(WorkspaceFileError::Foreign),
                "{foreign:?}"
            );
        }
    }

    #[test]
    fn a_later_version_is_named_as_newer() {
        let file = with_header(file_of("Orders", &imported()), 8, &2u16.to_le_bytes());
        assert_eq!(
            decode_workspace_file(&file),
            Err(WorkspaceFileError::NewerVersion {
                found: 2,
                supported: 1
            })
        );
        let v0 = with_header(file.clone(), 8, &0u16.to_le_bytes());
        assert_eq!(
            decode_workspace_file(&v0),
            Err(WorkspaceFileError::Corrupt(Corruption::Layout))
        );
        let flagged = with_header(file, 8, &[1, 0, 4, 0]);
        assert_eq!(
            decode_workspace_file(&flagged),
            Err(WorkspaceFileError::Corrupt(Corruption::Layout))
        );
    }

    #[test]
    fn a_declared_length_beyond_what_deflate_can_hold_is_refused_before_inflating() {
        let file = file_of("Orders", &imported());
        let compressed = (file.len() - HEADER_LEN) as u64;
        let bomb = compressed * MAX_DEFLATE_RATIO + RATIO_SLACK + 1;
        for declared in [bomb, MAX_PAYLOAD + 1, u64::MAX] {
            let bad = with_header(file.clone(), 12, &declared.to_le_bytes());
            assert_eq!(
                decode_workspace_file(&bad),
                Err(WorkspaceFileError::Corrupt(Corruption::TooLarge {
                    declared
                }))
            );
        }
        // A real bomb (2 MB of zeros) declared as 1 KB: inflating stops at 1 KB + 1.
        let zeros = vec![0u8; 2_000_000];
        let mut bomb = file[..HEADER_LEN].to_vec();
        deflate_into(&zeros, &mut bomb);
        let bomb = with_header(bomb, 12, &1000u64.to_le_bytes());
        assert_eq!(
            inflate(&bomb[HEADER_LEN..], 1000),
            Err(WorkspaceFileError::Corrupt(Corruption::Layout))
        );
        assert_eq!(
            decode_workspace_file(&bomb),
            Err(WorkspaceFileError::Corrupt(Corruption::Layout))
        );
    }

    #[test]
    fn bytes_after_the_compressed_stream_are_an_error() {
        let mut file = file_of("Orders", &imported());
        file.extend_from_slice(b"trailing");
        assert_eq!(
            decode_workspace_file(&file),
            Err(WorkspaceFileError::Corrupt(Corruption::Layout))
        );
    }

    #[test]
    fn an_intact_file_whose_record_does_not_load_says_so() {
        let record = WorkspaceRecord {
            head: r#"{"version":9}"#.into(),
            data: vec![0],
        };
        let file = encode_workspace_file("Later", &record);
        assert_eq!(
            decode_workspace_file(&file),
            Err(WorkspaceFileError::Record(DecodeError::VersionMismatch {
                found: Some(9)
            }))
        );
    }

    proptest! {
        #[test]
        fn decoding_random_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode_workspace_file(&bytes);
        }

        #[test]
        fn random_bytes_after_a_valid_header_never_panic(
            tail in proptest::collection::vec(any::<u8>(), 0..400),
            declared in 0u64..2000,
        ) {
            let file = file_of("Orders", &imported());
            let mut bytes = with_header(file[..HEADER_LEN].to_vec(), 12, &declared.to_le_bytes());
            bytes.extend_from_slice(&tail);
            prop_assert!(decode_workspace_file(&bytes).is_err());
        }
    }

    #[test]
    fn the_file_is_named_after_the_workspace_without_characters_file_systems_refuse() {
        assert_eq!(workspace_file_name("Spring shop"), "Spring shop.kundenwert");
        assert_eq!(
            workspace_file_name("Q1/Q2: \"best\"?"),
            "Q1_Q2_ _best__.kundenwert"
        );
        assert_eq!(workspace_file_name(" .. "), "workspace.kundenwert");
        assert_eq!(workspace_file_name("Café\n"), "Café_.kundenwert");
    }
}
