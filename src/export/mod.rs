//! Writing results: sentence files, alignments, bitexts, differences and TMX.
//!
//! Every writer takes `impl Write`; [`write_atomic`] writes a whole file to a temporary file in
//! the same folder and renames it into place, so an interrupted run never leaves a half-written
//! file and never destroys an earlier complete one.
//!
//! Formats written by `dragoman run` for each pair `<slug>.en-<lang>`:
//! - `<slug>.<lang>.sent`: one sentence per line, original text, LF, no BOM ([`write_sentences`]);
//! - `<slug>.en-<lang>.align`: vecalign's format, one bead a line, `[i, j]:[k]:score`, 0-based
//!   ids, `[]` for an empty side, score in `[0, 1]` with 4 decimals ([`write_align`]);
//! - `<slug>.en-<lang>.tsv`: header `bead	src	tgt	score`, one bead a line ([`write_bitext_tsv`]);
//! - `<slug>.en-<lang>.diffs.tsv`: header `kind	src_ids	tgt_ids	src_text	tgt_text	detail`
//!   ([`write_diffs_tsv`]);
//! - `corpus.en-<lang>.tmx`: TMX 1.4b ([`tmx`]).
//!
//! TSV files are the MT-toolkit kind: no quoting; a tab or line break inside a field is written as
//! a space (written with the csv crate, `QuoteStyle::Never`).

pub mod tmx;

use crate::align::{Alignment, Bead};
use crate::corpus::Sentence;
use crate::diff::Difference;
use crate::error::{Error, ErrorKind, Result, ResultExt};
use std::io::Write;
use std::path::Path;

/// Writes a file atomically: `fill` writes into a temporary file beside `path`, which is then
/// renamed to `path`. On error the temporary file is removed and `path` is untouched.
///
/// # Errors
/// I/O errors and those of `fill`, naming `path`.
pub fn write_atomic(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".dragoman-").suffix(".tmp").tempfile_in(dir).at(path)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).at(path)?;
        w.flush().at(path)?;
    }
    tmp.persist(path).map_err(|e| Error::from(e.error).with_path(path))?;
    Ok(())
}

/// Makes a field safe for an unquoted TSV: tabs, CR, LF and other line separators become spaces.
pub fn tsv_field(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}') { ' ' } else { c })
        .collect()
}

fn ids(r: &std::ops::Range<usize>) -> String {
    r.clone().map(|i| i.to_string()).collect::<Vec<_>>().join(", ")
}

/// A bead as written in `.align` files without the score: `[i, j]:[k]`.
pub fn bead_label(b: &Bead) -> String {
    format!("[{}]:[{}]", ids(&b.src), ids(&b.tgt))
}

/// Writes sentences one per line (original text; line separators made spaces).
pub fn write_sentences(w: &mut dyn Write, sents: &[Sentence]) -> Result<()> {
    for s in sents {
        writeln!(w, "{}", tsv_field(&s.text))?;
    }
    Ok(())
}

/// Writes an alignment in vecalign's format, `[i, j]:[k]:score` per line.
pub fn write_align(w: &mut dyn Write, a: &Alignment) -> Result<()> {
    for b in &a.beads {
        writeln!(w, "{}:{:.4}", bead_label(b), b.score)?;
    }
    Ok(())
}

fn tsv_writer(w: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().delimiter(b'\t').quote_style(csv::QuoteStyle::Never).from_writer(w)
}

fn csv_err(e: csv::Error) -> Error {
    Error::new(ErrorKind::Csv(e.to_string()))
}

/// Joins the texts of sentences `r` with a space.
pub fn join_text(sents: &[Sentence], r: impl IntoIterator<Item = usize>) -> String {
    r.into_iter().filter_map(|i| sents.get(i)).map(|s| s.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Writes the bitext TSV: header `bead	src	tgt	score`, one bead a line.
pub fn write_bitext_tsv(w: &mut dyn Write, src: &[Sentence], tgt: &[Sentence], a: &Alignment) -> Result<()> {
    let mut t = tsv_writer(w);
    t.write_record(["bead", "src", "tgt", "score"]).map_err(csv_err)?;
    for b in &a.beads {
        let row = [
            bead_label(b),
            tsv_field(&join_text(src, b.src.clone())),
            tsv_field(&join_text(tgt, b.tgt.clone())),
            format!("{:.4}", b.score),
        ];
        t.write_record(&row).map_err(csv_err)?;
    }
    t.flush()?;
    Ok(())
}

/// Writes differences: header `kind	src_ids	tgt_ids	src_text	tgt_text	detail`; ids 0-based,
/// comma-separated; texts are the sentences concerned.
pub fn write_diffs_tsv(w: &mut dyn Write, src: &[Sentence], tgt: &[Sentence], diffs: &[Difference]) -> Result<()> {
    let mut t = tsv_writer(w);
    t.write_record(["kind", "src_ids", "tgt_ids", "src_text", "tgt_text", "detail"]).map_err(csv_err)?;
    let list = |v: &[usize]| v.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    for d in diffs {
        let row = [
            d.kind.name().to_owned(),
            list(&d.src),
            list(&d.tgt),
            tsv_field(&join_text(src, d.src.iter().copied())),
            tsv_field(&join_text(tgt, d.tgt.iter().copied())),
            tsv_field(&d.detail),
        ];
        t.write_record(&row).map_err(csv_err)?;
    }
    t.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn align_lines_use_vecalign_format() {
        let a = Alignment {
            beads: vec![
                Bead { src: 0..2, tgt: 0..1, score: 0.93456 },
                Bead { src: 2..2, tgt: 1..2, score: 0.5 },
            ],
        };
        let mut out = Vec::new();
        write_align(&mut out, &a).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "[0, 1]:[0]:0.9346\n[]:[1]:0.5000\n");
    }

    #[test]
    fn tsv_fields_never_hold_tabs_or_newlines() {
        let src = vec![Sentence::new("a\tb", &Lang::En, 0)];
        let tgt = vec![Sentence::new("\"q\"", &Lang::Fa, 0)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..1, score: 1.0 }] };
        let mut out = Vec::new();
        write_bitext_tsv(&mut out, &src, &tgt, &a).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "bead\tsrc\ttgt\tscore\n[0]:[0]\ta b\t\"q\"\t1.0000\n");
    }

    #[test]
    fn atomic_write_keeps_old_file_on_error() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.txt");
        write_atomic(&p, |w| Ok(w.write_all(b"old")?)).unwrap();
        let r = write_atomic(&p, |w| {
            w.write_all(b"new")?;
            Err(Error::new(ErrorKind::Config("boom".into())))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "old");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
