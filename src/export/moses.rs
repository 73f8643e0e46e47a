//! Moses plain-text bitexts: two line-aligned files.
//!
//! Format (as read by the Moses toolkit's `train-model.perl` and `clean-corpus-n.perl`, and by
//! most NMT toolkits): `<name>.<src>` and `<name>.<tgt>` hold one bead per line, line `i` of one
//! file translating line `i` of the other. UTF-8, no BOM, every line ends with LF (no CR). A bead
//! of several sentences is one line (sentences joined by a space). A bead with an empty side
//! (1-0, 0-1: an omission or an addition) is left out: a line pair cannot mark it, and a
//! sentence beside an empty line would read as a translation pair (case B11: "en3 appears in no
//! pair"). TSV and CSV leave them out too ([`crate::export::csv`]); TMX and JSON Lines keep such
//! beads, marked.
//! Text is cleaned first ([`crate::export::clean_text`]), so no line holds a line or paragraph
//! separator, and `wc -l` and Python's `str.splitlines()` count the same lines.

use crate::error::Result;
use crate::export::{clean_text, PairUnits};
use std::io::Write;

/// Which file of the two.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The source (English) file.
    Source,
    /// The target file.
    Target,
}

/// Writes one side of a Moses bitext: one line per unit of every pair, in order.
///
/// # Errors
/// I/O errors.
pub fn write_side(w: &mut dyn Write, pairs: &[PairUnits], side: Side) -> Result<()> {
    for p in pairs {
        for u in p
            .units
            .iter()
            .filter(|u| !u.bead.src.is_empty() && !u.bead.tgt.is_empty())
        {
            let text = match side {
                Side::Source => u.src_text(),
                Side::Target => u.tgt_text(),
            };
            // units hold cleaned sentences; cleaning again guards callers that built them by hand
            w.write_all(clean_text(&text).text.as_bytes())?;
            w.write_all(b"\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::export::Unit;
    use crate::Lang;

    #[test]
    fn one_line_per_bead_lf_only() {
        let p = PairUnits {
            slug: "s".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            units: vec![
                Unit {
                    bead: Bead {
                        src: 0..2,
                        tgt: 0..1,
                        score: 1.0,
                    },
                    src: vec!["A.".into(), "B\u{2028}C.".into()],
                    tgt: vec!["ب.".into()],
                },
                Unit {
                    bead: Bead {
                        src: 2..3,
                        tgt: 1..1,
                        score: 1.0,
                    },
                    src: vec!["D.\r".into()],
                    tgt: vec![],
                },
            ],
        };
        let (mut s, mut t) = (Vec::new(), Vec::new());
        write_side(&mut s, std::slice::from_ref(&p), Side::Source).unwrap();
        write_side(&mut t, std::slice::from_ref(&p), Side::Target).unwrap();
        // the 1-0 bead (D.) is in neither file
        assert_eq!(String::from_utf8(s).unwrap(), "A. B C.\n");
        assert_eq!(String::from_utf8(t).unwrap(), "ب.\n");
    }
}
