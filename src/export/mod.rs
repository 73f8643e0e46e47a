//! Writing results: sentence files, alignments, bitexts, differences, and the export formats.
//!
//! Every writer takes `impl Write`; [`write_atomic`] writes a whole file to a temporary file in
//! the same folder and renames it into place, so an interrupted run never leaves a half-written
//! file and never destroys an earlier complete one.
//!
//! Formats written by `dragoman run` for each pair `<slug>.en-<lang>`:
//! - `<slug>.<lang>.sent`: one sentence per line, original text, LF, no BOM ([`write_sentences`]);
//! - `<slug>.en-<lang>.align`: vecalign's format, one bead a line, `[i, j]:[k]:score`, 0-based
//!   ids, `[]` for an empty side, score in `[0, 1]` with 4 decimals ([`write_align`]);
//! - `<slug>.en-<lang>.tsv`: the alignment with its texts, header
//!   `bead<TAB>type<TAB>src<TAB>tgt<TAB>score`, one bead a line, 1-0 and 0-1 beads included
//!   (type `1-0`, `0-1`, an empty text) unless the corpus filters remove them ([`write_bitext_tsv`]);
//! - `<slug>.en-<lang>.diffs.tsv`: header `kind<TAB>src_ids<TAB>tgt_ids<TAB>src_text<TAB>tgt_text<TAB>detail`
//!   ([`write_diffs_tsv`]);
//! - `corpus.en-<lang>.tmx`: TMX 1.4b ([`tmx`]).
//!
//! `dragoman export` reads the `.sent` and `.align` files back ([`import::read_run_dir`]) and
//! writes, per pair and per corpus ([`export_pairs`]), any of the [`Format`]s: TMX 1.4b
//! ([`tmx`]), Moses ([`moses`]), TSV and CSV ([`mod@csv`]), JSON Lines ([`jsonl`]), hunalign's
//! ladder ([`ladder`]) and InterText's stand-off alignment ([`tei`]). `dragoman import` reads
//! TMX, TEI and ladder files back into `.sent` + `.align` files ([`import`]).
//!
//! Text rules, the same in every export format ([`clean_text`], case B17): TAB, CR, LF, U+000B,
//! U+000C, U+0085, U+2028 and U+2029 inside a sentence become one space (a run of them, with the
//! spaces around it, becomes one space); every other character XML 1.0 forbids (the other C0
//! controls, U+FFFE, U+FFFF) is removed and counted in [`ExportReport::removed_chars`];
//! leading and trailing white space is trimmed. Everything else is kept as written, including
//! ZWNJ (U+200C) and bidi marks (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069). A bead's text
//! is its sentences joined by one space.
//!
//! TSV files are the MT-toolkit kind: no quoting; a tab or line break inside a field is written as
//! a space (written with the csv crate, `QuoteStyle::Never`).

pub mod csv;
pub mod filter;
pub mod import;
pub mod jsonl;
pub mod ladder;
pub mod moses;
pub mod tei;
pub mod tmx;

use crate::align::{Alignment, Bead};
use crate::corpus::Sentence;
use crate::diff::Difference;
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file that keeps `dir` from being a folder: `dir` itself, or the nearest of its parents
/// that exists, when that is not a folder. `None` when the nearest part that exists is a
/// folder (or none can be examined).
pub(crate) fn file_in_the_way(dir: &Path) -> Option<PathBuf> {
    let a = dir
        .ancestors()
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| std::fs::metadata(a).is_ok())?;
    (!a.is_dir()).then(|| a.to_path_buf())
}

/// Checks that `dir` is a folder or can be made one: no file at it or at one of its parents.
/// Writing is not tried.
///
/// # Errors
/// [`ErrorKind::NotADir`] naming `dir` when it is a file; [`ErrorKind::Config`] naming `dir`
/// and the file when a parent is one.
pub fn check_dir(dir: &Path) -> Result<()> {
    match file_in_the_way(dir) {
        None => Ok(()),
        Some(f) if f == dir => Err(Error::new(ErrorKind::NotADir).with_path(dir)),
        Some(f) => Err(Error::new(ErrorKind::Config(format!(
            "cannot be made a folder: {} is a file",
            f.display()
        )))
        .with_path(dir)),
    }
}

/// Makes the folder `dir` and its parents when missing.
///
/// # Errors
/// As [`check_dir`] when a file is in the way; else the I/O error, naming `dir`.
pub fn create_dir(dir: &Path) -> Result<()> {
    // `out/.` names `out`: without the `.`, a missing `out` is made like any other
    let clean: std::path::PathBuf = dir.components().collect();
    let clean = if clean.as_os_str().is_empty() {
        dir
    } else {
        clean.as_path()
    };
    std::fs::create_dir_all(clean).or_else(|e| {
        check_dir(dir)?;
        Err(Error::from(e).with_path(dir))
    })
}

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
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dragoman-").suffix(".tmp");
    // the mode a plain create would give (0666 less the umask), or the mode of the file
    // replaced; not the temporary file's private 0600
    #[cfg(unix)]
    builder.permissions(match std::fs::metadata(path) {
        Ok(m) if m.is_file() => m.permissions(),
        _ => {
            use std::os::unix::fs::PermissionsExt;
            // `open` applies the process umask to this mode, as for any new file
            std::fs::Permissions::from_mode(0o666)
        }
    });
    let mut tmp = builder.tempfile_in(dir).at(path)?;
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).at(path)?;
        w.flush().at(path)?;
    }
    tmp.persist(path)
        .map_err(|e| Error::from(e.error).with_path(path))?;
    Ok(())
}

/// Makes a field safe for an unquoted TSV: tabs, CR, LF and other line separators become spaces.
pub fn tsv_field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn ids(r: &std::ops::Range<usize>) -> String {
    r.clone()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ")
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

fn tsv_writer(w: &mut dyn Write) -> ::csv::Writer<&mut dyn Write> {
    ::csv::WriterBuilder::new()
        .delimiter(b'\t')
        .quote_style(::csv::QuoteStyle::Never)
        .from_writer(w)
}

pub(crate) fn csv_err(e: ::csv::Error) -> Error {
    Error::new(ErrorKind::Csv(e.to_string()))
}

/// Joins the texts of sentences `r` with a space.
pub fn join_text(sents: &[Sentence], r: impl IntoIterator<Item = usize>) -> String {
    r.into_iter()
        .filter_map(|i| sents.get(i))
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes the bitext TSV of `dragoman run`, a full listing of the alignment `a` with texts:
/// header `bead<TAB>type<TAB>src<TAB>tgt<TAB>score`, one bead a line: its ids (`[i, j]:[k]`, as
/// in `.align` files), its type (`1-1`, `2-1`, `1-0`, `0-1`, ...: sentences on each side), the
/// texts (empty for the empty side of a 1-0 or 0-1 bead) and the score.
pub fn write_bitext_tsv(
    w: &mut dyn Write,
    src: &[Sentence],
    tgt: &[Sentence],
    a: &Alignment,
) -> Result<()> {
    let mut t = tsv_writer(w);
    t.write_record(["bead", "type", "src", "tgt", "score"])
        .map_err(csv_err)?;
    for b in &a.beads {
        let row = [
            bead_label(b),
            b.shape(),
            tsv_field(&join_text(src, b.src.clone())),
            tsv_field(&join_text(tgt, b.tgt.clone())),
            format!("{:.4}", b.score),
        ];
        t.write_record(&row).map_err(csv_err)?;
    }
    t.flush()?;
    Ok(())
}

/// Writes differences: header `kind<TAB>src_ids<TAB>tgt_ids<TAB>src_text<TAB>tgt_text<TAB>detail`; ids 0-based,
/// comma-separated; texts are the sentences concerned.
pub fn write_diffs_tsv(
    w: &mut dyn Write,
    src: &[Sentence],
    tgt: &[Sentence],
    diffs: &[Difference],
) -> Result<()> {
    let mut t = tsv_writer(w);
    t.write_record([
        "kind", "src_ids", "tgt_ids", "src_text", "tgt_text", "detail",
    ])
    .map_err(csv_err)?;
    let list = |v: &[usize]| {
        v.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
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

/// An export format of `dragoman export --format` and `dragoman run --formats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// TMX 1.4b translation memory ([`tmx`]); files `*.tmx`.
    Tmx,
    /// Moses: two line-aligned plain-text files ([`moses`]); files `*.en` and `*.<lang>`.
    Moses,
    /// Two-column TSV, no header, no quoting, two-sided beads only ([`mod@csv`]); files
    /// `*.bitext.tsv` (not `*.tsv`, which is `run`'s own per-pair listing).
    Tsv,
    /// Two-column CSV, RFC 4180, every field quoted, two-sided beads only ([`mod@csv`]); files
    /// `*.csv`.
    Csv,
    /// JSON Lines, one object per bead ([`jsonl`]); files `*.jsonl`.
    Jsonl,
    /// hunalign's ladder ([`ladder`]); files `*.ladder`, per pair only.
    Ladder,
    /// InterText's stand-off alignment ([`tei`]); files `*.tei.xml`, per pair only.
    Tei,
}

impl Format {
    /// Every format, in the order of the `--format` help.
    pub const ALL: [Format; 7] = [
        Format::Tmx,
        Format::Moses,
        Format::Tsv,
        Format::Csv,
        Format::Jsonl,
        Format::Ladder,
        Format::Tei,
    ];

    /// Reads a format name (`tmx`, `moses`, `tsv`, `csv`, `jsonl`, `ladder`, `tei`), case-insensitively.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The format's name as given to `--format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Tmx => "tmx",
            Format::Moses => "moses",
            Format::Tsv => "tsv",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Ladder => "ladder",
            Format::Tei => "tei",
        }
    }

    /// True for the bitext formats, which also get a corpus file `corpus.en-<lang>.<ext>` and to
    /// which the corpus filters ([`filter`]) apply. Ladder and TEI describe one pair's whole
    /// alignment (to correct it), so they are written per pair and never filtered.
    pub fn is_bitext(self) -> bool {
        !matches!(self, Format::Ladder | Format::Tei)
    }
}

/// A text made safe for every export format by [`clean_text`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cleaned {
    /// The cleaned text.
    pub text: String,
    /// How many characters XML 1.0 forbids were removed (separators made spaces are not counted).
    pub removed: usize,
}

/// True for the characters that become a space inside a sentence: TAB, LF, U+000B, U+000C, CR,
/// U+0085, U+2028, U+2029 (case B17).
pub fn is_separator(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{B}' | '\u{C}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// True for the characters XML 1.0 forbids that are not separators: other C0 controls, U+FFFE,
/// U+FFFF (surrogates cannot occur in a Rust string).
pub fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}') && !is_separator(c)
}

/// Cleans one sentence for export (see the module docs): a run of separators ([`is_separator`])
/// and of the spaces around it becomes one space, forbidden characters ([`is_forbidden`]) are
/// removed and counted, and the result is trimmed. Idempotent: cleaning a clean text changes nothing.
pub fn clean_text(s: &str) -> Cleaned {
    let mut text = String::with_capacity(s.len());
    let mut removed = 0;
    let mut pending_sep = false;
    for c in s.chars() {
        if is_forbidden(c) {
            removed += 1;
        } else if is_separator(c) {
            while text.ends_with(' ') {
                text.pop();
            }
            pending_sep = true;
        } else if pending_sep && c == ' ' {
            // swallowed by the separator run
        } else {
            if pending_sep {
                text.push(' ');
                pending_sep = false;
            }
            text.push(c);
        }
    }
    let t = text.trim();
    let text = if t.len() == text.len() {
        text
    } else {
        t.to_owned()
    };
    Cleaned { text, removed }
}

/// One pair's alignment with its sentence texts: what `dragoman run` writes as
/// `<slug>.<src>.sent`, `<slug>.<tgt>.sent` and `<slug>.<src>-<tgt>.align`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairAlignment {
    /// The report's slug.
    pub slug: String,
    /// Source language (English).
    pub src_lang: Lang,
    /// Target language (Persian, Arabic, ...).
    pub tgt_lang: Lang,
    /// Source sentences, in order; sentence ids are indexes into this list.
    pub src: Vec<String>,
    /// Target sentences, in order.
    pub tgt: Vec<String>,
    /// The beads; see [`check_alignment`] for what a valid alignment is.
    pub alignment: Alignment,
}

impl PairAlignment {
    /// `<slug>.<src>-<tgt>`, the stem of the pair's files.
    pub fn name(&self) -> String {
        format!("{}.{}-{}", self.slug, self.src_lang, self.tgt_lang)
    }

    /// Cleans every sentence with [`clean_text`]; returns the number of characters removed.
    pub fn clean(&mut self) -> usize {
        let mut removed = 0;
        for s in self.src.iter_mut().chain(self.tgt.iter_mut()) {
            let c = clean_text(s);
            removed += c.removed;
            *s = c.text;
        }
        removed
    }

    /// The beads with their sentence texts, in order.
    pub fn units(&self) -> PairUnits {
        let texts = |all: &[String], r: &std::ops::Range<usize>| -> Vec<String> {
            r.clone().filter_map(|i| all.get(i).cloned()).collect()
        };
        PairUnits {
            slug: self.slug.clone(),
            src_lang: self.src_lang.clone(),
            tgt_lang: self.tgt_lang.clone(),
            units: self
                .alignment
                .beads
                .iter()
                .map(|b| Unit {
                    bead: b.clone(),
                    src: texts(&self.src, &b.src),
                    tgt: texts(&self.tgt, &b.tgt),
                })
                .collect(),
        }
    }
}

/// Checks that `beads` cover source ids `0..m` and target ids `0..n` exactly once, in order,
/// with no bead empty on both sides and every score in `[0, 1]`.
///
/// # Errors
/// [`ErrorKind::BadAlignment`] naming the first bad bead (0-based index).
pub fn check_alignment(beads: &[Bead], m: usize, n: usize) -> Result<()> {
    check_alignment_at(beads, None, m, n)
}

/// [`check_alignment`] for beads read from a file, `lines[k]` being the 1-based line of bead
/// `k`: the error carries the bad bead's line ([`Error::line`]) in place of its index.
///
/// # Errors
/// As [`check_alignment`].
pub fn check_alignment_lines(beads: &[Bead], lines: &[usize], m: usize, n: usize) -> Result<()> {
    check_alignment_at(beads, Some(lines), m, n)
}

fn check_alignment_at(beads: &[Bead], lines: Option<&[usize]>, m: usize, n: usize) -> Result<()> {
    let (mut i, mut j) = (0, 0);
    for (k, b) in beads.iter().enumerate() {
        let bad = |why: &str| match lines.and_then(|l| l.get(k)) {
            Some(&line) => Error::new(ErrorKind::BadAlignment(format!(
                "bead {}: {}",
                bead_label(b),
                why
            )))
            .with_line(line),
            None => Error::new(ErrorKind::BadAlignment(format!(
                "bead {} ({}): {}",
                k,
                bead_label(b),
                why
            ))),
        };
        if b.src.start != i || b.tgt.start != j {
            return Err(bad(&format!(
                "expected to start at source {i} and target {j}"
            )));
        }
        if b.src.is_empty() && b.tgt.is_empty() {
            return Err(bad("empty on both sides"));
        }
        if !(0.0..=1.0).contains(&b.score) {
            return Err(bad("score outside [0, 1]"));
        }
        i = b.src.end;
        j = b.tgt.end;
    }
    if i != m || j != n {
        return Err(Error::new(ErrorKind::BadAlignment(format!(
            "beads cover {i} source and {j} target sentences, but there are {m} and {n}"
        ))));
    }
    Ok(())
}

/// One bead with its (cleaned) sentence texts.
#[derive(Clone, Debug, PartialEq)]
pub struct Unit {
    /// The bead: ids and score.
    pub bead: Bead,
    /// Source sentences of the bead, in order (empty for a 0-n bead).
    pub src: Vec<String>,
    /// Target sentences of the bead, in order (empty for an n-0 bead).
    pub tgt: Vec<String>,
}

impl Unit {
    /// The source text: the sentences joined by one space.
    pub fn src_text(&self) -> String {
        self.src.join(" ")
    }
    /// The target text: the sentences joined by one space.
    pub fn tgt_text(&self) -> String {
        self.tgt.join(" ")
    }
}

/// The units of one pair (after filtering, some beads may be missing).
#[derive(Clone, Debug, PartialEq)]
pub struct PairUnits {
    /// The report's slug.
    pub slug: String,
    /// Source language.
    pub src_lang: Lang,
    /// Target language.
    pub tgt_lang: Lang,
    /// Beads with texts, in order.
    pub units: Vec<Unit>,
}

/// What to export: formats and corpus filters.
#[derive(Clone, Debug, Default)]
pub struct ExportOptions {
    /// Formats to write; each gives per-pair files and, for bitext formats, corpus files.
    pub formats: Vec<Format>,
    /// Filters for the bitext formats (default: none).
    pub filter: filter::FilterConfig,
}

/// What an export did.
#[derive(Debug, Default)]
pub struct ExportReport {
    /// Pairs exported.
    pub pairs: usize,
    /// Beads read, over all pairs.
    pub beads: usize,
    /// Characters XML forbids that were removed from sentences (see [`clean_text`]).
    pub removed_chars: usize,
    /// What the corpus filters removed and kept (bitext formats only).
    pub filter: filter::FilterReport,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// Pairs that could not be read or written, and corpus files that could not be written; one
    /// error each (naming the file). The other pairs were exported.
    pub failures: Vec<Error>,
}

/// One pair to export: its folder relative to the output folder, and its alignment.
#[derive(Clone, Debug)]
pub struct ExportPair {
    /// Subfolder of the output folder for the per-pair files (as in the run's output).
    pub rel_dir: PathBuf,
    /// The alignment and texts.
    pub pair: PairAlignment,
}

/// Exports `pairs` into folder `out` (created if missing), every file written atomically.
///
/// Per pair `<slug>.<src>-<tgt>`: `<name>.tmx`, `<name>.<src>` + `<name>.<tgt>` (Moses),
/// `<name>.bitext.tsv`, `<name>.csv`, `<name>.jsonl`, `<name>.ladder` (+ the `.sent` files it refers
/// to), `<name>.tei.xml` (+ the `<slug>.<lang>.xml` documents it refers to). Per target language,
/// for the bitext formats, `corpus.<src>-<tgt>.<ext>` (Moses: `corpus.<src>-<tgt>.<src>` and
/// `.<tgt>`) in `out` itself, holding every pair in order. Sentences are cleaned first
/// ([`clean_text`]); the filters then apply to the bitext formats ([`filter::apply`]).
///
/// A per-pair file that cannot be written makes its pair a failure ([`ExportReport::failures`],
/// naming the file) and leaves it out of the corpus files; the other pairs go on. A corpus file
/// that cannot be written is a failure too.
///
/// # Errors
/// Only when `out` cannot be created (nothing written).
pub fn export_pairs(
    pairs: &mut [ExportPair],
    out: &Path,
    opts: &ExportOptions,
) -> Result<ExportReport> {
    create_dir(out)?;
    let mut report = ExportReport {
        pairs: pairs.len(),
        ..ExportReport::default()
    };
    for p in pairs.iter_mut() {
        report.removed_chars += p.pair.clean();
        report.beads += p.pair.alignment.beads.len();
    }
    let all: Vec<PairUnits> = pairs
        .iter()
        .map(|p| {
            let mut u = p.pair.units();
            u.slug = qualified_slug(&p.rel_dir, &p.pair.slug);
            u
        })
        .collect();
    let (kept, freport) = filter::apply(all, &opts.filter);
    report.filter = freport;
    let mut formats = opts.formats.clone();
    formats.sort();
    formats.dedup();
    let mut written: Vec<PathBuf> = Vec::new();
    let mut ok = Vec::with_capacity(pairs.len());
    for (p, units) in pairs.iter().zip(&kept) {
        let r = write_pair_formats(&formats, out, p, units, &mut written);
        ok.push(r.is_ok());
        if let Err(e) = r {
            report.failures.push(e);
            report.pairs -= 1;
        }
    }
    let mut by_lang: std::collections::BTreeMap<(Lang, Lang), Vec<PairUnits>> =
        std::collections::BTreeMap::new();
    for ((p, units), _) in pairs.iter().zip(kept).zip(&ok).filter(|(_, &ok)| ok) {
        by_lang
            .entry((p.pair.src_lang.clone(), p.pair.tgt_lang.clone()))
            .or_default()
            .push(units);
    }
    for ((sl, tl), list) in &by_lang {
        let name = format!("corpus.{sl}-{tl}");
        for &f in formats.iter().filter(|f| f.is_bitext()) {
            if let Err(e) = write_bitext(f, out, &name, sl, tl, list, &mut written) {
                report.failures.push(e);
            }
        }
    }
    report.written = written;
    Ok(report)
}

/// Writes one pair's files in every format; stops at the first that cannot be written.
fn write_pair_formats(
    formats: &[Format],
    out: &Path,
    p: &ExportPair,
    units: &PairUnits,
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    let dir = out.join(&p.rel_dir);
    create_dir(&dir)?;
    let name = p.pair.name();
    for &f in formats {
        write_format(
            f,
            &dir,
            &name,
            &p.pair,
            std::slice::from_ref(units),
            written,
        )?;
    }
    Ok(())
}

fn write_bitext(
    f: Format,
    dir: &Path,
    name: &str,
    sl: &Lang,
    tl: &Lang,
    units: &[PairUnits],
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    let mut one = |ext: &str, fill: &dyn Fn(&mut dyn Write) -> Result<()>| -> Result<()> {
        let path = dir.join(format!("{name}.{ext}"));
        write_atomic(&path, |w| fill(w))?;
        written.push(path);
        Ok(())
    };
    match f {
        Format::Tmx => one("tmx", &|w| tmx::write_tmx_units(w, sl, units)),
        Format::Moses => {
            one(sl.code(), &|w| {
                moses::write_side(w, units, moses::Side::Source)
            })?;
            one(tl.code(), &|w| {
                moses::write_side(w, units, moses::Side::Target)
            })
        }
        // not `.tsv`: that is `run`'s own listing of each pair, with which it would collide
        Format::Tsv => one("bitext.tsv", &|w| csv::write_tsv(w, units)),
        Format::Csv => one("csv", &|w| csv::write_csv(w, units)),
        Format::Jsonl => one("jsonl", &|w| jsonl::write_jsonl(w, units)),
        Format::Ladder | Format::Tei => Ok(()),
    }
}

fn write_format(
    f: Format,
    dir: &Path,
    name: &str,
    pair: &PairAlignment,
    units: &[PairUnits],
    written: &mut Vec<PathBuf>,
) -> Result<()> {
    match f {
        Format::Ladder => {
            for (lang, sents) in [(&pair.src_lang, &pair.src), (&pair.tgt_lang, &pair.tgt)] {
                let path = dir.join(format!("{}.{}.sent", pair.slug, lang));
                // the English edition's file is shared by its en-fa and en-ar pairs: once
                if !written.contains(&path) {
                    write_atomic(&path, |w| import::write_sentence_lines(w, sents))?;
                    written.push(path);
                }
            }
            let path = dir.join(format!("{name}.ladder"));
            write_atomic(&path, |w| ladder::write_ladder(w, pair))?;
            written.push(path);
            Ok(())
        }
        Format::Tei => {
            let docs = tei::doc_names(pair);
            for (lang, sents, doc) in [
                (&pair.src_lang, &pair.src, &docs.0),
                (&pair.tgt_lang, &pair.tgt, &docs.1),
            ] {
                let path = dir.join(doc);
                if !written.contains(&path) {
                    write_atomic(&path, |w| tei::write_document(w, &pair.slug, lang, sents))?;
                    written.push(path);
                }
            }
            let path = dir.join(format!("{name}.tei.xml"));
            write_atomic(&path, |w| tei::write_links(w, pair))?;
            written.push(path);
            Ok(())
        }
        _ => write_bitext(f, dir, name, &pair.src_lang, &pair.tgt_lang, units, written),
    }
}

/// The slug written in bitext files (`x-slug`, JSONL `slug`): the pair's subfolder, if any, then
/// its slug, joined by `/` (`gold/tehran-damascus`), so that pairs of the same slug in different
/// folders stay apart in a corpus file. [`import::write_pair`] turns it back into a subfolder.
pub fn qualified_slug(rel_dir: &Path, slug: &str) -> String {
    let mut parts: Vec<String> = rel_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.push(slug.to_owned());
    parts.join("/")
}

/// Reads the alignments that `dragoman run` wrote to `dir` ([`import::read_run_dir`]) and
/// exports them to `out` ([`export_pairs`]). Pairs that cannot be read go to
/// [`ExportReport::failures`] (before the write failures of [`export_pairs`]); the others are
/// exported.
///
/// # Errors
/// `dir` is not a folder or cannot be listed, or `out` cannot be created.
pub fn export_dir(dir: &Path, out: &Path, opts: &ExportOptions) -> Result<ExportReport> {
    let (mut pairs, mut failures) = import::read_run_dir(dir)?;
    if pairs.is_empty() {
        // nothing to export: `out` is not made (no empty folder left behind)
        return Ok(ExportReport {
            failures,
            ..ExportReport::default()
        });
    }
    let mut report = export_pairs(&mut pairs, out, opts)?;
    failures.append(&mut report.failures);
    report.failures = failures;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[cfg(unix)]
    #[test]
    fn write_atomic_gives_the_mode_of_a_plain_create_or_keeps_the_old_one() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // the same umask applies to both: the temporary file's 0600 must not leak out
        std::fs::File::create(d.path().join("plain")).unwrap();
        let new = d.path().join("new.tsv");
        write_atomic(&new, |w| Ok(w.write_all(b"x\n")?)).unwrap();
        assert_eq!(mode(&new), mode(&d.path().join("plain")));
        // a replaced file keeps its mode
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&new, |w| Ok(w.write_all(b"y\n")?)).unwrap();
        assert_eq!(mode(&new), 0o640);
        assert_eq!(std::fs::read(&new).unwrap(), b"y\n");
    }

    #[test]
    fn align_lines_use_vecalign_format() {
        let a = Alignment {
            beads: vec![
                Bead {
                    src: 0..2,
                    tgt: 0..1,
                    score: 0.93456,
                },
                Bead {
                    src: 2..2,
                    tgt: 1..2,
                    score: 0.5,
                },
            ],
        };
        let mut out = Vec::new();
        write_align(&mut out, &a).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[0, 1]:[0]:0.9346\n[]:[1]:0.5000\n"
        );
    }

    #[test]
    fn tsv_fields_never_hold_tabs_or_newlines() {
        let src = vec![Sentence::new("a\tb", &Lang::En, 0)];
        let tgt = vec![Sentence::new("\"q\"", &Lang::Fa, 0)];
        let a = Alignment {
            beads: vec![Bead {
                src: 0..1,
                tgt: 0..1,
                score: 1.0,
            }],
        };
        let mut out = Vec::new();
        write_bitext_tsv(&mut out, &src, &tgt, &a).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "bead\ttype\tsrc\ttgt\tscore\n[0]:[0]\t1-1\ta b\t\"q\"\t1.0000\n"
        );
    }

    #[test]
    fn clean_text_makes_separator_runs_one_space_and_counts_removals() {
        let c = clean_text("Turnout\twas 48 percent.");
        assert_eq!(
            c,
            Cleaned {
                text: "Turnout was 48 percent.".into(),
                removed: 0
            }
        );
        let c = clean_text(" a \r\n b\u{B}c\u{2028}\u{2029}d\u{1}\u{FFFF}e\u{200F} ");
        assert_eq!(
            c,
            Cleaned {
                text: "a b c de\u{200F}".into(),
                removed: 2
            }
        );
        // idempotent
        assert_eq!(clean_text(&c.text).text, c.text);
        assert_eq!(clean_text("x  y").text, "x  y");
    }

    #[test]
    fn format_names_read_back_and_only_bitexts_get_corpus_files() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(&f.name().to_uppercase()), Some(f));
        }
        assert_eq!(Format::from_name("xliff"), None);
        let corpus: Vec<&str> = Format::ALL
            .iter()
            .filter(|f| f.is_bitext())
            .map(|f| f.name())
            .collect();
        assert_eq!(corpus, ["tmx", "moses", "tsv", "csv", "jsonl"]);
    }

    #[test]
    fn check_alignment_names_the_first_bad_bead() {
        let b = |s: std::ops::Range<usize>, t: std::ops::Range<usize>| Bead {
            src: s,
            tgt: t,
            score: 0.5,
        };
        assert!(check_alignment(&[b(0..1, 0..1), b(1..1, 1..2)], 1, 2).is_ok());
        let e = check_alignment(&[b(0..1, 0..1), b(2..3, 1..2)], 3, 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid alignment: bead 1 ([2]:[1]): expected to start at source 1 and target 1"
        );
        let e = check_alignment(&[b(0..1, 0..1)], 2, 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid alignment: beads cover 1 source and 1 target sentences, but there are 2 and 1"
        );
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
