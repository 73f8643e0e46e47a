//! Two-column bitexts: TSV for MT toolkits and CSV for spreadsheets, both written with the csv crate.
//!
//! Columns: source text, target text; one row per two-sided bead; no header. A bead's text is
//! its sentences joined by one space, cleaned by [`crate::export::clean_text`]. A bead with an
//! empty side (1-0, 0-1: an omission or an addition) is left out, as in Moses files
//! ([`crate::export::moses`]): a row with an empty column would read as a sentence pair to an
//! MT toolkit. TMX and JSON Lines keep such beads, marked.
//! - TSV: fields separated by TAB, rows ended by LF, no quoting at all: fields are written as they
//!   are (a `"` stays a `"`), which is what Moses, OpusTools, Marian and fairseq read. Cleaning
//!   guarantees no field holds a TAB or a line break, so every row has exactly one TAB.
//! - CSV: RFC 4180 (Shafranovich 2005, "Common Format and MIME Type for CSV Files"): fields
//!   separated by `,`, every field in double quotes with each inner `"` doubled; but rows end
//!   with LF, not the RFC's CRLF, so that no exported file holds a CR byte (case B01; Python's
//!   `csv`, pandas, R and spreadsheets read LF rows alike). RFC 4180 requires the quotes only around a field holding `"`, `,`, CR or LF and
//!   allows them around any field; quoting every field is what case B17 shows
//!   (`"""We will not accept this,” the minister said.","«ما این را نمی‌پذیریم»، وزیر گفت."`)
//!   and keeps one rule for all rows. Python's `csv.reader` returns the exact texts.

use crate::error::Result;
use crate::export::{csv_err, PairUnits};
use std::io::Write;

fn rows(wtr: &mut ::csv::Writer<&mut dyn Write>, pairs: &[PairUnits]) -> Result<()> {
    for p in pairs {
        for u in p
            .units
            .iter()
            .filter(|u| !u.bead.src.is_empty() && !u.bead.tgt.is_empty())
        {
            wtr.write_record([u.src_text(), u.tgt_text()])
                .map_err(csv_err)?;
        }
    }
    wtr.flush()?;
    Ok(())
}

/// Writes the TSV bitext (see the module docs).
///
/// # Errors
/// I/O errors.
pub fn write_tsv(w: &mut dyn Write, pairs: &[PairUnits]) -> Result<()> {
    let mut wtr = ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(::csv::QuoteStyle::Never)
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(w);
    rows(&mut wtr, pairs)
}

/// Writes the CSV bitext (see the module docs).
///
/// # Errors
/// I/O errors.
pub fn write_csv(w: &mut dyn Write, pairs: &[PairUnits]) -> Result<()> {
    let mut wtr = ::csv::WriterBuilder::new()
        .quote_style(::csv::QuoteStyle::Always)
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(w);
    rows(&mut wtr, pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::export::Unit;
    use crate::Lang;

    fn pairs() -> Vec<PairUnits> {
        vec![PairUnits {
            slug: "s".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            units: vec![Unit {
                bead: Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 1.0,
                },
                src: vec!["\"We will not accept this,\u{201D} he said.".into()],
                tgt: vec!["«ما»، گفت.".into()],
            }],
        }]
    }

    #[test]
    fn one_sided_beads_get_no_row() {
        let mut p = pairs();
        p[0].units.push(Unit {
            bead: Bead {
                src: 1..2,
                tgt: 1..1,
                score: 0.9,
            },
            src: vec!["Omitted.".into()],
            tgt: vec![],
        });
        p[0].units.push(Unit {
            bead: Bead {
                src: 2..2,
                tgt: 1..2,
                score: 0.9,
            },
            src: vec![],
            tgt: vec!["افزوده.".into()],
        });
        let (mut t, mut c) = (Vec::new(), Vec::new());
        write_tsv(&mut t, &p).unwrap();
        write_csv(&mut c, &p).unwrap();
        let (t, c) = (String::from_utf8(t).unwrap(), String::from_utf8(c).unwrap());
        assert_eq!(t.lines().count(), 1, "{t}");
        assert_eq!(c.lines().count(), 1, "{c}");
        assert!(!t.contains("Omitted") && !t.contains("افزوده"), "{t}");
        assert!(!c.contains("Omitted") && !c.contains("افزوده"), "{c}");
    }

    #[test]
    fn tsv_writes_quotes_literally() {
        let mut out = Vec::new();
        write_tsv(&mut out, &pairs()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"We will not accept this,\u{201D} he said.\t«ما»، گفت.\n"
        );
    }

    #[test]
    fn csv_quotes_every_field_and_doubles_inner_quotes() {
        let mut out = Vec::new();
        write_csv(&mut out, &pairs()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"\"\"We will not accept this,\u{201D} he said.\",\"«ما»، گفت.\"\n"
        );
    }
}
