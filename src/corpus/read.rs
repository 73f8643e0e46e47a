//! Bytes to text: decoding and line endings.
//!
//! Accepted: UTF-8 with or without a BOM; UTF-16 LE or BE with a BOM (decoded by `encoding_rs`).
//! Refused: NUL bytes in UTF-8 input ([`ErrorKind::Binary`]) and invalid UTF-8
//! ([`ErrorKind::NotUtf8`] with the first bad byte offset). CR LF and lone CR become LF.

use crate::error::{Error, ErrorKind, Result, ResultExt};
use std::path::Path;

/// Reads `path` and decodes it to text with LF line ends. The BOM is removed.
///
/// # Errors
/// I/O errors, [`ErrorKind::NotUtf8`], [`ErrorKind::Binary`]; each names `path`.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).at(path)?;
    decode(&bytes).at(path)
}

/// Decodes bytes (see the module docs) and turns CR LF and CR into LF.
///
/// # Errors
/// [`ErrorKind::NotUtf8`] with the offset of the first bad byte, [`ErrorKind::Binary`].
pub fn decode(bytes: &[u8]) -> Result<String> {
    let text = if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        if enc == encoding_rs::UTF_8 {
            utf8(&bytes[bom_len..], bom_len)?
        } else {
            let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(Error::new(ErrorKind::NotUtf8 { offset: bom_len }));
            }
            cow.into_owned()
        }
    } else {
        utf8(bytes, 0)?
    };
    Ok(unify_line_ends(&text))
}

fn utf8(bytes: &[u8], base: usize) -> Result<String> {
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::new(ErrorKind::Binary { offset: base + p }));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => Err(Error::new(ErrorKind::NotUtf8 { offset: base + e.valid_up_to() })),
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
    fn strips_utf8_bom_and_crlf() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
    }

    #[test]
    fn decodes_utf16_with_bom() {
        assert_eq!(decode(&[0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap(), "hi");
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'h', 0, b'i']).unwrap(), "hi");
    }

    #[test]
    fn reports_first_bad_byte() {
        let e = decode(b"abc\xFFdef").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::NotUtf8 { offset: 3 }), "{e}");
        let e = decode(b"ab\0c").unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::Binary { offset: 2 }), "{e}");
    }
}
