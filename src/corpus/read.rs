//! Bytes to text: decoding and line endings.
//!
//! Accepted: UTF-8 with or without a BOM (EF BB BF); UTF-16 LE (FF FE) or BE (FE FF) with a BOM,
//! decoded by `encoding_rs` once checked. The BOM is removed. Refused, with the offset of the
//! first bad byte counted from 0 in the file (BOM included): invalid UTF-8
//! ([`ErrorKind::NotUtf8`]), invalid UTF-16 ([`ErrorKind::NotUtf16`]), and NUL characters,
//! which mean a binary file ([`ErrorKind::Binary`]) or UTF-16 without a BOM
//! ([`ErrorKind::Utf16WithoutBom`], named as such when it reads as UTF-16).
//! [`read_text`] names the file in every error.
//!
//! Line ends: [`decode`] turns CR LF and lone CR into LF (for `.txt` editions, gold files and
//! the like); [`decode_raw`] leaves them, for `.sent` files, where only LF and CR LF end a line,
//! or CR in a file without LF (see [`crate::corpus::lines`]).

use crate::error::{Error, ErrorKind, Result, ResultExt};
use std::path::Path;

/// Reads `path` and decodes it to text with LF line ends. The BOM is removed.
///
/// # Errors
/// I/O errors, [`ErrorKind::NotUtf8`], [`ErrorKind::NotUtf16`], [`ErrorKind::Binary`]; each
/// names `path`.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).at(path)?;
    decode(&bytes)
        .map_err(|e| with_line_of_offset(e, &bytes))
        .at(path)
}

/// Reads `path` as strict UTF-8, byte for byte (a BOM stays; no UTF-16, no line-end change):
/// for files another tool wrote in UTF-8 (gold files, vecalign's overlaps).
///
/// # Errors
/// I/O errors and [`ErrorKind::NotUtf8`], naming `path` and the line of the bad byte.
pub fn read_utf8(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).at(path)?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        with_line_of_offset(Error::new(ErrorKind::NotUtf8 { offset }), e.as_bytes()).with_path(path)
    })
}

/// Adds the 1-based line of a bad byte offset to a decoding error: line feeds before it, as
/// bytes in UTF-8 input, as code units (0x000A, in the byte order of the BOM) in UTF-16 input.
fn with_line_of_offset(e: Error, bytes: &[u8]) -> Error {
    match *e.kind() {
        ErrorKind::NotUtf8 { offset } | ErrorKind::Binary { offset } if offset <= bytes.len() => {
            let line = 1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count();
            e.with_line(line)
        }
        ErrorKind::NotUtf16 { offset } if offset <= bytes.len() && bytes.len() >= 2 => {
            let lf: [u8; 2] = match bytes[..2] {
                [0xFE, 0xFF] => [0, b'\n'],
                [0xFF, 0xFE] => [b'\n', 0],
                _ => return e,
            };
            let line = 1 + bytes[2..offset]
                .chunks_exact(2)
                .filter(|u| **u == lf)
                .count();
            e.with_line(line)
        }
        _ => e,
    }
}

/// Reads `path` and decodes it, keeping CR and CR LF as they are. The BOM is removed.
///
/// # Errors
/// As [`read_text`].
pub fn read_text_raw(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).at(path)?;
    decode_raw(&bytes)
        .map_err(|e| with_line_of_offset(e, &bytes))
        .at(path)
}

/// Decodes bytes (see the module docs) and turns CR LF and CR into LF.
///
/// # Errors
/// [`ErrorKind::NotUtf8`], [`ErrorKind::NotUtf16`] or [`ErrorKind::Binary`], with the offset
/// of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String> {
    Ok(unify_line_ends(&decode_raw(bytes)?))
}

/// Decodes bytes (see the module docs), removing the BOM but no other character.
///
/// # Errors
/// As [`decode`].
pub fn decode_raw(bytes: &[u8]) -> Result<String> {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((enc, bom_len)) if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE => {
            utf16(
                &bytes[bom_len..],
                bom_len,
                enc == encoding_rs::UTF_16BE,
                enc,
            )
        }
        Some((_, bom_len)) => utf8(&bytes[bom_len..], bom_len),
        None => utf8(bytes, 0),
    }
}

fn utf8(bytes: &[u8], base: usize) -> Result<String> {
    let nul = |p: usize| match utf16_without_bom(bytes) {
        Some(big_endian) => Error::new(ErrorKind::Utf16WithoutBom { big_endian }),
        None => Error::new(ErrorKind::Binary { offset: base + p }),
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if let Some(p) = bytes.iter().position(|&b| b == 0) {
                return Err(nul(p));
            }
            Ok(s.to_owned())
        }
        Err(e) => {
            // a NUL before the first bad byte means binary (or UTF-16 without a BOM)
            if let Some(p) = bytes[..e.valid_up_to()].iter().position(|&b| b == 0) {
                return Err(nul(p));
            }
            // Persian or Arabic UTF-16 breaks UTF-8 before its first NUL (a space's)
            if let Some(big_endian) = utf16_without_bom(bytes) {
                return Err(Error::new(ErrorKind::Utf16WithoutBom { big_endian }));
            }
            Err(Error::new(ErrorKind::NotUtf8 {
                offset: base + e.valid_up_to(),
            }))
        }
    }
}

/// `Some(big_endian)` when `bytes` (no BOM) read as UTF-16 text: an even length of at least 16
/// bytes (shorter, a guess would be a coin toss), NUL bytes in
/// at least a tenth of the pairs' high bytes (spaces, digits and Latin letters; Persian and
/// Arabic letters have 0x06 there), none in their low bytes, and valid UTF-16 that way.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 16 || bytes.len() % 2 != 0 {
        return None;
    }
    let nuls = |first: usize| {
        bytes
            .iter()
            .skip(first)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (nuls(0), nuls(1));
    let pairs = bytes.len() / 2;
    let big_endian = match (even, odd) {
        (0, n) if n * 10 >= pairs => false,
        (n, 0) if n * 10 >= pairs => true,
        _ => return None,
    };
    let enc = if big_endian {
        encoding_rs::UTF_16BE
    } else {
        encoding_rs::UTF_16LE
    };
    utf16(bytes, 0, big_endian, enc).ok().map(|_| big_endian)
}

/// Checks UTF-16 code units (for the error offset), then decodes with `encoding_rs`.
fn utf16(
    bytes: &[u8],
    base: usize,
    big_endian: bool,
    enc: &'static encoding_rs::Encoding,
) -> Result<String> {
    let unit = |i: usize| -> u16 {
        let (a, b) = (bytes[i], bytes[i + 1]);
        if big_endian {
            u16::from_be_bytes([a, b])
        } else {
            u16::from_le_bytes([a, b])
        }
    };
    let n = bytes.len() / 2 * 2;
    let mut i = 0;
    while i < n {
        let u = unit(i);
        match u {
            0 => return Err(Error::new(ErrorKind::Binary { offset: base + i })),
            0xD800..=0xDBFF => {
                if i + 2 < n && (0xDC00..=0xDFFF).contains(&unit(i + 2)) {
                    i += 4;
                    continue;
                }
                return Err(Error::new(ErrorKind::NotUtf16 { offset: base + i }));
            }
            0xDC00..=0xDFFF => return Err(Error::new(ErrorKind::NotUtf16 { offset: base + i })),
            _ => i += 2,
        }
    }
    if n != bytes.len() {
        return Err(Error::new(ErrorKind::NotUtf16 { offset: base + n }));
    }
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) => Ok(s.into_owned()),
        None => Err(Error::new(ErrorKind::NotUtf16 { offset: base })),
    }
}

/// CR LF and lone CR to LF.
pub fn unify_line_ends(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_utf16_unit_is_named_by_its_line() {
        // a fresh user's report: the error gave the byte offset alone
        let d = tempfile::tempdir().unwrap();
        for (bom, le) in [([0xFFu8, 0xFE], true), ([0xFE, 0xFF], false)] {
            let mut bytes = bom.to_vec();
            for u in "One.\nTwo.\n".encode_utf16().chain([0xDC00]) {
                bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            let p = d.path().join("u.en.txt");
            std::fs::write(&p, &bytes).unwrap();
            let e = read_text(&p).unwrap_err();
            // BOM 2 bytes + 10 units of text: the lone low surrogate at byte 22, line 3
            assert!(
                matches!(e.kind(), ErrorKind::NotUtf16 { offset: 22 }),
                "{e}"
            );
            assert!(e.to_string().contains("u.en.txt:3:"), "{e}");
        }
    }

    #[test]
    fn strips_utf8_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        assert_eq!(decode_raw(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\r\nb\rc");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'h', 0, b'i']).unwrap(), "hi");
        // U+1F600 as a surrogate pair, then CR LF
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x3D, 0xD8, 0x00, 0xDE, b'\r', 0, b'\n', 0, b'x', 0]).unwrap(),
            "\u{1F600}\nx"
        );
        // Persian kaf U+06A9, big-endian
        assert_eq!(decode(&[0xFE, 0xFF, 0x06, 0xA9]).unwrap(), "ک");
    }

    #[test]
    fn reports_first_bad_byte() {
        let e = decode(b"abc\xFFdef").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotUtf8 { offset: 3 }), "{e}");
        let e = decode(b"\xEF\xBB\xBFab\xC3").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotUtf8 { offset: 5 }), "{e}");
        let e = decode(b"ab\0c").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary { offset: 2 }), "{e}");
        // lone low surrogate at byte 4 (after the BOM and "a")
        let e = decode(&[0xFF, 0xFE, b'a', 0, 0x00, 0xDC, b'b', 0]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotUtf16 { offset: 4 }), "{e}");
        // odd number of bytes
        let e = decode(&[0xFF, 0xFE, b'a', 0, b'b']).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotUtf16 { offset: 4 }), "{e}");
        // UTF-16 without a BOM is named as such, in either byte order
        let en: Vec<u8> = "Hello, world.\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let e = decode(&en).unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::Utf16WithoutBom { big_endian: false }),
            "{e}"
        );
        assert!(e.to_string().contains("iconv -f UTF-16LE -t UTF-8"), "{e}");
        for (bytes, big_endian) in [
            (u16::to_be_bytes as fn(u16) -> [u8; 2], true),
            (u16::to_le_bytes, false),
        ] {
            // Persian: in LE order the first bytes are already invalid UTF-8
            let fa: Vec<u8> = "سلام دنیا، سلام.".encode_utf16().flat_map(bytes).collect();
            let e = decode(&fa).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::Utf16WithoutBom { big_endian: b } if *b == big_endian),
                "{e}"
            );
        }
        // too short to tell, NUL bytes at both parities, or an odd length: a binary file
        let e = decode(&[b'h', 0, b'i', 0]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary { offset: 1 }), "{e}");
        let mut both = en.clone();
        both[2] = 0;
        let e = decode(&both).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary { offset: 1 }), "{e}");
        let e = decode(&en[..en.len() - 1]).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary { offset: 1 }), "{e}");
    }

    #[test]
    fn read_text_names_the_file() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("bad.fa.txt");
        std::fs::write(&p, b"ok\n\xFE").unwrap();
        let e = read_text(&p).unwrap_err().to_string();
        assert!(e.contains("bad.fa.txt") && e.contains("offset 3"), "{e}");
    }
}
