//! Two-column bitexts: TSV for MT toolkits and CSV for spreadsheets, both written with the csv crate.
//!
//! Columns: source text, target text; one row per bead; no header. A bead's text is its
//! sentences joined by one space, cleaned by [`crate::export::clean_text`].
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
        for u in &p.units {
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
