//! JSON Lines: one JSON object per bead, one object per line (<https://jsonlines.org>).
//!
//! Each line is a [`BeadRecord`] serialized by serde_json, keys in this order:
//! `slug` (string), `src_lang` and `tgt_lang` (ISO 639-1 codes), `src_ids` and `tgt_ids`
//! (0-based sentence ids, arrays of integers, empty for an empty side), `src` and `tgt` (the
//! bead's texts: sentences joined by one space, cleaned by [`crate::export::clean_text`]),
//! `score` (number in `[0, 1]`, higher = more confident) and `type` (the bead's shape, `"1-1"`,
//! `"2-1"`, `"1-0"`, ...). UTF-8, no BOM, LF after every line; non-ASCII characters (ZWNJ, bidi
//! marks) are written as themselves, never as `\u` escapes, except what JSON requires (`"`, `\`,
//! control characters). `json.loads` returns the exact texts.

use crate::error::{Error, ErrorKind, Result};
use crate::export::PairUnits;
use serde::{Deserialize, Serialize};
use std::io::Write;

/// One bead as written in a JSONL export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BeadRecord {
    /// The report's slug.
    pub slug: String,
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Source sentence ids, 0-based.
    pub src_ids: Vec<usize>,
    /// Target sentence ids, 0-based.
    pub tgt_ids: Vec<usize>,
    /// Source text.
    pub src: String,
    /// Target text.
    pub tgt: String,
    /// Confidence in `[0, 1]`.
    pub score: f64,
    /// Bead shape, `"<source count>-<target count>"`.
    #[serde(rename = "type")]
    pub bead_type: String,
}

/// Writes every unit of every pair as one JSON line.
///
/// # Errors
/// I/O errors.
pub fn write_jsonl(w: &mut dyn Write, pairs: &[PairUnits]) -> Result<()> {
    for p in pairs {
        for u in &p.units {
            let rec = BeadRecord {
                slug: p.slug.clone(),
                src_lang: p.src_lang.code().to_owned(),
                tgt_lang: p.tgt_lang.code().to_owned(),
                src_ids: u.bead.src.clone().collect(),
                tgt_ids: u.bead.tgt.clone().collect(),
                src: u.src_text(),
                tgt: u.tgt_text(),
                score: u.bead.score,
                bead_type: u.bead.shape(),
            };
            serde_json::to_writer(&mut *w, &rec)
                .map_err(|e| Error::new(ErrorKind::Config(format!("json: {e}"))))?;
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
    fn one_object_per_line_with_every_field() {
        let p = PairUnits {
            slug: "tehran".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            units: vec![Unit {
                bead: Bead {
                    src: 3..5,
                    tgt: 2..3,
                    score: 0.75,
                },
                src: vec!["A \"b\".".into(), "C.".into()],
                tgt: vec!["می\u{200C}شود".into()],
            }],
        };
        let mut out = Vec::new();
        write_jsonl(&mut out, &[p]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"slug\":\"tehran\",\"src_lang\":\"en\",\"tgt_lang\":\"fa\",\"src_ids\":[3,4],\"tgt_ids\":[2],\
             \"src\":\"A \\\"b\\\". C.\",\"tgt\":\"می\u{200C}شود\",\"score\":0.75,\"type\":\"2-1\"}\n"
        );
    }
}
