//! Pairing English documents with their Persian or Arabic editions by content, when file names
//! say nothing.
//!
//! Input: English documents and documents of one other language (each a list of sentences),
//! optionally pairs fixed in advance ([`read_forced`]). Output: a one-to-one [`Pairing`]; a
//! document with no counterpart good enough stays unpaired.
//!
//! Evidence ("anchors") per document, compared across scripts:
//! - numbers ([`crate::anchor::numbers`]), so `2019`, `۲۰۱۹` and `٢٠١٩` match;
//! - dates: Gregorian month names (English, Persian, Arabic) as a month anchor, and a
//!   day-and-month anchor when a number 1..=31 stands next to the month name;
//! - names: consonant skeletons ([`crate::anchor`]; English capitalized words, every Persian or
//!   Arabic word), kept only when the skeleton occurs on both sides of the collection;
//! - lexicon links: a link `(english token, other token)` of a [`Lexicon`] is shared when its
//!   source token is in the English document and its target token in the other one;
//! - length (chars after normalization), and a publication date when a file gives one (an ISO
//!   date `YYYY-MM-DD` in the file name, or on a line of its own among the first three lines).
//!
//! Each anchor weighs `w = (ln(1 + N_en / df_en) + ln(1 + N_other / df_other)) / 2`, an inverse
//! document frequency on both sides (Spärck Jones 1972). The score of a candidate pair is in
//! `0.0..=1.0`, see [`ContentConfig`]. Candidates: an inverted index over rare anchors (document
//! frequency at most [`ContentConfig::max_df`] on both sides) lists, for each English document,
//! the other documents sharing one; only those are scored, so a collection of `N` documents costs
//! about `N * anchors * max_df` posting visits instead of `N²` scores.
//!
//! # Absolute evidence: the null model
//!
//! The score above is relative: weights come from the collection, and a name skeleton or a
//! lexicon link counts only when both sides of the collection have it, so in a folder of one
//! English and one Persian article everything the two share scores as if it were all they had,
//! and two unrelated articles pair (score 0.79 for two NTREX articles on unrelated stories).
//! So a pair must also carry absolute evidence, measured against a null model of two unrelated
//! news articles, and independent of the rest of the collection. For each kind `k` of evidence
//! (numbers and dates; name skeletons, every Persian or Arabic word counting; links of the
//! given or seed lexicon, not the learned one), with `n` distinct anchors of that kind in the
//! English document, `m` in the other and `s` shared:
//!
//! ```text
//! p = 1 - exp(-c_k * m)      chance that one English anchor is found in an unrelated article of m anchors
//! q = max(q_k, p)            rate at which a translation has it
//! evidence = sum over kinds of s * ln(q / p) + (n - s) * ln((1 - q) / (1 - p))     (nats)
//! ```
//!
//! a log-likelihood ratio of the shared counts, translation against chance (as the aligner's
//! coverage LLR). The chance rates `c_k` (per pair of anchors) and the true rates `q_k` were
//! measured on NTREX news en-fa and en-ar, all 123 x 123 document pairs with the seed lexicon
//! ([`CHANCE`] and [`FOUND`]; [`anchor_rates`] measures them on any collection whose true pairs
//! are known, `examples/pair_rates` on NTREX). A pair scores 0 unless its evidence is at least
//! [`ContentConfig::min_evidence`] (default 10 nats). More anchors on the other side raise `p`:
//! a long article shares more by chance, and a short one must share a larger part.
//!
//! Assignment: edges scoring at least [`ContentConfig::threshold`] form a bipartite graph (each
//! document keeps its [`ContentConfig::top_edges`] best edges); each connected component is
//! solved by the Hungarian algorithm for a maximum-weight one-to-one assignment (H. W. Kuhn 1955,
//! "The Hungarian method for the assignment problem", Naval Research Logistics Quarterly 2;
//! J. Munkres 1957, "Algorithms for the assignment and transportation problems", J. SIAM 5),
//! as implemented by `pathfinding::kuhn_munkres`. A component larger than
//! [`ContentConfig::max_component`] is matched greedily (best edge first) instead.
//!
//! Lexicon bootstrap (without a dictionary): pass 1 pairs by numbers, dates and names (plus a
//! given lexicon); its confident pairs are sentence-aligned by [`crate::align::align_all`],
//! which learns an IBM Model 1 lexicon (Brown et al. 1993); pass 2 rescores every candidate with
//! lexicon overlap as well.

use super::read::read_text;
use super::{parse_file_name, sentences_of, EditionFormat, Sentence};
use crate::align::lexicon::{tokens, Lexicon};
use crate::align::{align_all, AlignConfig, PairInput};
use crate::anchor::{anchors, numbers, words};
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::normalize::word_key;
use crate::Lang;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One document to pair: a file read and segmented.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file, as found (the folder given joined with the relative path).
    pub path: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// Publication date in days since 1970-01-01, when the file gives one (see the module docs).
    pub date: Option<i64>,
}

/// Settings of content pairing.
#[derive(Clone, Debug)]
pub struct ContentConfig {
    /// Least score of a pair made, in `0.0..=1.0`. Default 0.1 (on NTREX news with hashed
    /// names and a learned lexicon, true pairs score from 0.18 up, and the wrong pairs made with
    /// no threshold at all, when a fifth of the documents has no counterpart, at most 0.06).
    ///
    /// The score of a pair is `content * support * (0.6 + 0.4 * length) * date`, where
    /// `content` is the weighted Dice overlap of anchors (`2 * shared weight / (weight of one +
    /// weight of the other)`, in `0..=1`; a number or date found on one side of the collection
    /// only still counts in the weights, a name skeleton does not), averaged with the weighted
    /// Dice overlap of lexicon links when a lexicon is in use; `support = min(1, k / 4)²` for
    /// `k` shared anchors and links; `length = exp(-ln(r / ρ)² / (2 * 0.4²))` with `r` the
    /// pair's length ratio and `ρ` the ratio of the median lengths of the two sides; `date` is
    /// 1, or 0.5 when both files give publication dates more than 2 days apart.
    pub threshold: f64,
    /// Least evidence that a pair are translations rather than two unrelated articles, in nats
    /// (natural-log likelihood ratio). Default 10: the pair's shared anchors must be at least
    /// `e^10` (about 22,000) times likelier under the translation model than by chance. A pair
    /// below it scores 0 and is never made, however few documents compete for it (a lone
    /// English and a lone Persian article of a folder are not a pair just because nothing
    /// else is there). See the module docs (absolute evidence).
    ///
    /// Measured on NTREX news (123 documents, every English document against every Persian or
    /// Arabic one, the seed lexicon): true pairs score 29 and up in en-fa and 10.8 and up in
    /// en-ar but one (-89: its Arabic edition has its words run together, scraping damage);
    /// unrelated pairs score below 0 in 99.1% (en-fa) and 99.7% (en-ar) of cases, and 10 or
    /// more in 0.12% (18 of 15,006) and 0.07% (10), all of them two outlets' reports of one
    /// story (the Ryder Cup final, the Indonesian earthquake, North Korea's disarmament).
    pub min_evidence: f64,
    /// Anchors in at most this many documents on each side are "rare" and feed the inverted
    /// index of candidates. Default 40.
    pub max_df: usize,
    /// Candidates scored per English document: those with the largest weight of shared rare
    /// anchors. Default 40.
    pub max_candidates: usize,
    /// Edges kept per document (an edge stays when it is among the best of either end).
    /// Default 5.
    pub top_edges: usize,
    /// Largest connected component (documents on both sides) solved by the Hungarian algorithm;
    /// larger ones are matched greedily. Default 600.
    pub max_component: usize,
    /// A lexicon or dictionary (English source tokens, other-language target tokens), used from
    /// pass 1 on. Default none.
    pub lexicon: Option<Lexicon>,
    /// Learn a lexicon from pass 1's confident pairs and rescore (pass 2). Default true.
    pub learn_lexicon: bool,
    /// Most confident pairs sentence-aligned to learn the lexicon (the best-scoring ones).
    /// Default 300.
    pub bootstrap_pairs: usize,
}

impl Default for ContentConfig {
    fn default() -> Self {
        ContentConfig {
            threshold: 0.1,
            min_evidence: 10.0,
            max_df: 40,
            max_candidates: 40,
            top_edges: 5,
            max_component: 600,
            lexicon: None,
            learn_lexicon: true,
            bootstrap_pairs: 300,
        }
    }
}

/// A pair made: indexes into the English and other document lists.
#[derive(Clone, Debug, PartialEq)]
pub struct DocPair {
    /// Index of the English document.
    pub en: usize,
    /// Index of the other document.
    pub other: usize,
    /// Score in `0.0..=1.0` (see [`ContentConfig::threshold`]); for a forced pair, the score
    /// given, or the computed one when none was given.
    pub score: f64,
    /// True when the pair was forced.
    pub forced: bool,
    /// Evidence that the two are translations rather than unrelated, in nats (see
    /// [`ContentConfig::min_evidence`]); computed for forced pairs too.
    pub evidence: f64,
}

/// A forced pair (see [`read_forced`]).
#[derive(Clone, Debug, PartialEq)]
pub struct ForcedPair {
    /// Index of the English document.
    pub en: usize,
    /// Index of the other document.
    pub other: usize,
    /// The score given in the file, if any.
    pub score: Option<f64>,
}

/// The result of [`pair_documents`].
#[derive(Clone, Debug, Default)]
pub struct Pairing {
    /// Pairs made, sorted by English index.
    pub pairs: Vec<DocPair>,
    /// English documents left unpaired (indexes, sorted).
    pub unpaired_en: Vec<usize>,
    /// Other documents left unpaired (indexes, sorted).
    pub unpaired_other: Vec<usize>,
    /// Candidate pairs scored in the last pass.
    pub candidates: usize,
    /// Links in the lexicon of the last pass (0 without one).
    pub lexicon_links: usize,
    /// Confident pairs of pass 1 that were aligned to learn the lexicon.
    pub bootstrap_pairs: usize,
}

// ---------------------------------------------------------------------------------------------
// loading

/// Loads every `.txt` and `.sent` file under `dir` (recursively, in sorted order, hidden folders
/// skipped) as a document.
///
/// Language: `lang` when given, else the one in the file name (`<slug>.<lang>.txt`), else the
/// one detected from the text ([`crate::detect`]). Returns the documents and, separately, the
/// files that could not be used (unreadable, empty, language unknown), one error each.
///
/// # Errors
/// [`ErrorKind::NotADir`] when `dir` is not a folder; I/O errors listing it.
pub fn load_documents(dir: &Path, lang: Option<&Lang>) -> Result<(Vec<Document>, Vec<Error>)> {
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::NotADir).with_path(dir));
    }
    let mut files = Vec::new();
    walk(dir, &mut files)?;
    let loaded: Vec<Result<Document>> = files.par_iter().map(|p| load_document(p, lang)).collect();
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for r in loaded {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e),
        }
    }
    Ok((docs, errors))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .at(dir)?
        .collect::<std::io::Result<Vec<_>>>()
        .at(dir)?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let ft = e.file_type().at(&path)?;
        if ft.is_dir() {
            if !hidden {
                walk(&path, out)?;
            }
        } else if std::fs::metadata(&path).is_ok_and(|m| m.is_file())
            && matches!(
                lower_extension(&path).as_deref(),
                Some("txt") | Some("sent")
            )
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The extension of `path` in lower case (`.TXT` is a `.txt` file).
fn lower_extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|x| x.to_str())
        .map(str::to_ascii_lowercase)
}

/// Loads one document (see [`load_documents`] for the language).
///
/// # Errors
/// I/O and decoding errors; [`ErrorKind::UnknownLanguage`]; [`ErrorKind::Empty`]. Each names
/// `path`.
pub fn load_document(path: &Path, lang: Option<&Lang>) -> Result<Document> {
    let text = read_text(path)?;
    let parsed = parse_file_name(path);
    let format = match lower_extension(path).as_deref() {
        Some("sent") => EditionFormat::Sentences,
        _ => EditionFormat::Text,
    };
    let lang = match (lang, &parsed) {
        (Some(l), _) => l.clone(),
        (None, Some((_, l, _))) => l.clone(),
        (None, None) => {
            let sample: String = text.chars().take(4000).collect();
            match crate::detect::detect(&sample) {
                Some(crate::detect::Detected::Lang(l)) => l,
                _ => return Err(Error::new(ErrorKind::UnknownLanguage).with_path(path)),
            }
        }
    };
    let sentences = sentences_of(&text, &lang, format);
    if sentences.iter().all(|s| s.norm.trim().is_empty()) {
        return Err(Error::new(ErrorKind::Empty).with_path(path));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let date = find_iso_date(&name).or_else(|| {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .take(3)
            .find_map(date_line)
    });
    Ok(Document {
        path: path.to_path_buf(),
        lang,
        sentences,
        date,
    })
}

/// A line that is only a date, optionally labelled: `2019-03-05`, `Date: 2019-03-05`.
fn date_line(line: &str) -> Option<i64> {
    let l = line.trim();
    let l = l
        .rsplit_once(':')
        .map(|(label, rest)| if label.chars().count() <= 20 { rest } else { l })
        .unwrap_or(l);
    let l = l.trim();
    if l.len() == 10 {
        find_iso_date(l)
    } else {
        None
    }
}

/// The first `YYYY-MM-DD` in `s` (year 1900..=2199), as days since 1970-01-01.
fn find_iso_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 {
        return None;
    }
    for i in 0..=b.len() - 10 {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        let before_ok = i == 0 || !b[i - 1].is_ascii_digit();
        let after_ok = i + 10 == b.len() || !b[i + 10].is_ascii_digit();
        if before_ok
            && after_ok
            && digits(0..4)
            && w[4] == b'-'
            && digits(5..7)
            && w[7] == b'-'
            && digits(8..10)
        {
            let num = |r: std::ops::Range<usize>| {
                w[r].iter().fold(0i64, |a, &d| a * 10 + (d - b'0') as i64)
            };
            let (y, m, d) = (num(0..4), num(5..7), num(8..10));
            if (1900..=2199).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d) {
                return Some(days_from_civil(y, m, d));
            }
        }
    }
    None
}

/// Days since 1970-01-01 of a proleptic Gregorian date (era arithmetic on 400-year cycles).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---------------------------------------------------------------------------------------------
// forced pairs and output

/// Reads forced pairs: CSV with the header `en,other` or `en,other,score`, paths as in the
/// output of [`write_pairs`]. A path matches a document when both name the same file
/// (compared after resolving them), or when they are equal as written.
///
/// # Errors
/// One line each, naming `path` and the 1-based line: unreadable file, missing header, a row
/// without two paths, a score that is not a number in `0..=1`, a path that is not one of the
/// documents, or a document forced twice.
pub fn read_forced(path: &Path, en: &[Document], other: &[Document]) -> Result<Vec<ForcedPair>> {
    let bytes = std::fs::read(path).at(path)?;
    let text = super::read::decode(&bytes).at(path)?;
    let bad = |line: usize, msg: String| {
        Error::new(ErrorKind::Config(msg))
            .with_path(path)
            .with_line(line)
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // documents by path as found and by resolved path
    let index = |docs: &[Document]| -> HashMap<PathBuf, usize> {
        let mut m = HashMap::new();
        for (i, d) in docs.iter().enumerate().rev() {
            if let Ok(c) = std::fs::canonicalize(&d.path) {
                m.insert(c, i);
            }
            m.insert(d.path.clone(), i);
        }
        m
    };
    let (en_ix, other_ix) = (index(en), index(other));
    let find = |ix: &HashMap<PathBuf, usize>, p: &str| -> Option<usize> {
        ix.get(Path::new(p))
            .or_else(|| std::fs::canonicalize(p).ok().and_then(|c| ix.get(&c)))
            .copied()
    };
    let mut out: Vec<ForcedPair> = Vec::new();
    let mut seen_header = false;
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| line_at(&text, p.byte()));
                return Err(bad(line, format!("not CSV: {e}")));
            }
        };
        let line = rec.position().map_or(0, |p| line_at(&text, p.byte()));
        let f: Vec<&str> = rec.iter().map(str::trim).collect();
        if f.iter().all(|x| x.is_empty()) {
            continue;
        }
        if !seen_header {
            if f.len() < 2
                || f[0] != "en"
                || f[1] != "other"
                || (f.len() == 3 && f[2] != "score")
                || f.len() > 3
            {
                return Err(bad(
                    line,
                    "want the header `en,other,score` (or `en,other`)".into(),
                ));
            }
            seen_header = true;
            continue;
        }
        if f.len() < 2 || f.len() > 3 || f[0].is_empty() || f[1].is_empty() {
            return Err(bad(
                line,
                format!("want `en,other[,score]`, found {} field(s)", f.len()),
            ));
        }
        let score = match f.get(2) {
            None | Some(&"") => None,
            Some(s) => match s.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
                _ => return Err(bad(line, format!("score {s:?} is not a number in 0..=1"))),
            },
        };
        let e = find(&en_ix, f[0]).ok_or_else(|| {
            bad(
                line,
                format!("{} is not one of the English documents", f[0]),
            )
        })?;
        let o = find(&other_ix, f[1])
            .ok_or_else(|| bad(line, format!("{} is not one of the other documents", f[1])))?;
        if out.iter().any(|p| p.en == e) {
            return Err(bad(line, format!("{} is forced twice", f[0])));
        }
        if out.iter().any(|p| p.other == o) {
            return Err(bad(line, format!("{} is forced twice", f[1])));
        }
        out.push(ForcedPair {
            en: e,
            other: o,
            score,
        });
    }
    if !seen_header {
        return Err(bad(
            1,
            "empty: want the header `en,other,score` (or `en,other`)".into(),
        ));
    }
    Ok(out)
}

/// The 1-based line of the record starting at byte `offset` in `text` (the csv crate gives the
/// offset of the blank lines skipped before a record).
fn line_at(text: &str, offset: u64) -> usize {
    let b = text.as_bytes();
    let mut end = usize::try_from(offset).unwrap_or(usize::MAX).min(b.len());
    while end < b.len() && (b[end] == b'\n' || b[end] == b'\r') {
        end += 1;
    }
    b[..end].iter().filter(|&&c| c == b'\n').count() + 1
}

/// Writes pairs as CSV: the header `en,other,score`, then one row per pair with the two paths
/// as found and the score with 4 decimals, in the order given.
///
/// # Errors
/// Write errors ([`ErrorKind::Csv`] or I/O).
pub fn write_pairs(
    w: &mut dyn Write,
    pairs: &[DocPair],
    en: &[Document],
    other: &[Document],
) -> Result<()> {
    let mut wr = csv::Writer::from_writer(w);
    let csv_err = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => Error::new(ErrorKind::Io(io)),
        k => Error::new(ErrorKind::Csv(format!("{k:?}"))),
    };
    wr.write_record(["en", "other", "score"]).map_err(csv_err)?;
    for p in pairs {
        let (Some(a), Some(b)) = (en.get(p.en), other.get(p.other)) else {
            continue;
        };
        wr.write_record([
            a.path.to_string_lossy().as_ref(),
            b.path.to_string_lossy().as_ref(),
            &format!("{:.4}", p.score),
        ])
        .map_err(csv_err)?;
    }
    wr.flush()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// anchors

/// Kind tags of anchor ids.
const K_NUMBER: u8 = b'n';
const K_MONTH: u8 = b'm';
const K_DAY: u8 = b'd';
const K_NAME: u8 = b's';
const K_LINK: u8 = b'l';

fn anchor_id(kind: u8, a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    kind.hash(&mut h);
    a.hash(&mut h);
    b.hash(&mut h);
    h.finish()
}

/// Month names (Gregorian) in English, Persian and Arabic, by word key.
fn months() -> &'static HashMap<String, u8> {
    static M: OnceLock<HashMap<String, u8>> = OnceLock::new();
    M.get_or_init(|| {
        let table: [(u8, &[&str]); 12] = [
            (1, &["january", "jan", "ژانویه", "ژانویهٔ", "يناير", "ینایر"]),
            (2, &["february", "feb", "فوریه", "فبراير", "فبرایر"]),
            (3, &["march", "mar", "مارس"]),
            (4, &["april", "apr", "آوریل", "أبريل", "ابريل", "نيسان"]),
            (5, &["may", "مه", "می", "مايو", "مایو", "أيار"]),
            (6, &["june", "jun", "ژوئن", "يونيو", "یونیو", "حزيران"]),
            (
                7,
                &["july", "jul", "ژوئیه", "جولای", "يوليو", "یولیو", "تموز"],
            ),
            (
                8,
                &["august", "aug", "اوت", "آگوست", "أغسطس", "اغسطس", "آب"],
            ),
            (
                9,
                &["september", "sept", "sep", "سپتامبر", "سبتمبر", "أيلول"],
            ),
            (10, &["october", "oct", "اکتبر", "أكتوبر", "اكتوبر"]),
            (11, &["november", "nov", "نوامبر", "نوفمبر"]),
            (12, &["december", "dec", "دسامبر", "ديسمبر"]),
        ];
        let mut m = HashMap::new();
        for (k, names) in table {
            for n in names {
                m.insert(word_key(n), k);
            }
        }
        m
    })
}

/// Month and day-month anchors of a normalized sentence. English `may` and Persian `می`/`مه`
/// (also ordinary words) count only next to a day number.
fn date_anchors(norm: &str, lang: &Lang, out: &mut Vec<u64>) {
    let start = out.len();
    let ws: Vec<&str> = words(norm).collect();
    let day = |w: Option<&&str>| -> Option<u32> {
        let w = w?;
        let d: String = w.chars().map(crate::normalize::ascii_digit).collect();
        let d = d.trim_end_matches(|c: char| c.is_alphabetic()); // 5th, 1st
        d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    for (i, w) in ws.iter().enumerate() {
        if *lang == Lang::En && !w.chars().next().is_some_and(char::is_uppercase) {
            continue;
        }
        let Some(&m) = months().get(&word_key(w)) else {
            continue;
        };
        let d = day(ws.get(i + 1)).or_else(|| i.checked_sub(1).and_then(|j| day(ws.get(j))));
        let ambiguous = m == 5;
        if !ambiguous {
            out.push(anchor_id(K_MONTH, &m.to_string(), ""));
        }
        if let Some(d) = d {
            if ambiguous {
                out.push(anchor_id(K_MONTH, &m.to_string(), ""));
            }
            out.push(anchor_id(K_DAY, &m.to_string(), &d.to_string()));
        }
    }
    // a Solar Hijri or Hijri date counts as its Gregorian month and day (a Gregorian one is
    // counted above already)
    if *lang != Lang::En
        && ws
            .iter()
            .any(|w| crate::diff::dates::may_begin_month(w, lang))
    {
        for a in crate::diff::dates::date_anchors(norm, lang) {
            if let Some((m, d)) = a.month_day {
                for id in [
                    anchor_id(K_MONTH, &m.to_string(), ""),
                    anchor_id(K_DAY, &m.to_string(), &d.to_string()),
                ] {
                    if !out[start..].contains(&id) {
                        out.push(id);
                    }
                }
            }
        }
    }
}

/// Anchor ids of a document: numbers and dates, then names; each sorted and deduplicated.
fn doc_anchors(doc: &Document) -> (Vec<u64>, Vec<u64>) {
    let mut nums = Vec::new();
    let mut names = Vec::new();
    for s in &doc.sentences {
        for n in numbers(&s.norm) {
            nums.push(anchor_id(K_NUMBER, &n, ""));
        }
        date_anchors(&s.norm, &doc.lang, &mut nums);
        for sk in anchors(&s.norm, &doc.lang).names {
            names.push(anchor_id(K_NAME, &sk, ""));
        }
    }
    for v in [&mut nums, &mut names] {
        v.sort_unstable();
        v.dedup();
    }
    (nums, names)
}

/// Lexicon links by token, at most [`TOP_LINKS`] per token (the most probable), as ids.
struct LinkIndex {
    by_src: HashMap<String, Vec<u64>>,
    by_tgt: HashMap<String, Vec<u64>>,
}

const TOP_LINKS: usize = 3;
const MIN_LINK_PROB: f64 = 0.1;

impl LinkIndex {
    fn new(lex: &Lexicon) -> LinkIndex {
        let (by_src, by_tgt) =
            lex.links_by_token(TOP_LINKS, MIN_LINK_PROB, |s, t| anchor_id(K_LINK, s, t));
        LinkIndex { by_src, by_tgt }
    }

    fn doc_links(&self, doc: &Document, is_en: bool) -> Vec<u64> {
        let map = if is_en { &self.by_src } else { &self.by_tgt };
        let mut out = Vec::new();
        for s in &doc.sentences {
            for t in tokens(&s.norm, &doc.lang) {
                if let Some(v) = map.get(&t) {
                    out.extend_from_slice(v);
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

// ---------------------------------------------------------------------------------------------
// features and scores

/// A document prepared for scoring: its anchors and links present on both sides, with weights.
#[derive(Default)]
struct Features {
    /// (anchor id, weight), sorted by id.
    anchors: Vec<(u64, f32)>,
    anchor_total: f32,
    links: Vec<(u64, f32)>,
    link_total: f32,
    /// Length in chars (normalized text).
    len: f64,
    date: Option<i64>,
}

fn doc_len(d: &Document) -> f64 {
    d.sentences
        .iter()
        .map(|s| s.norm.chars().count())
        .sum::<usize>() as f64
}

/// Weights ids by document frequency on both sides (active documents only). `one_sided`: keep
/// ids found on one side only (weighed as if their frequency on the other side were 1), so that
/// they count against a pair; otherwise drop them.
fn weigh(
    en: &[&[u64]],
    other: &[&[u64]],
    active_en: &[bool],
    active_other: &[bool],
    one_sided: bool,
) -> (HashMap<u64, (u32, u32)>, HashMap<u64, f32>) {
    let mut df: HashMap<u64, (u32, u32)> = HashMap::new();
    for (v, _) in en.iter().zip(active_en).filter(|x| *x.1) {
        for &a in *v {
            df.entry(a).or_default().0 += 1;
        }
    }
    for (v, _) in other.iter().zip(active_other).filter(|x| *x.1) {
        for &a in *v {
            if let Some(e) = df.get_mut(&a) {
                e.1 += 1;
            } else if one_sided {
                df.insert(a, (0, 1));
            }
        }
    }
    if !one_sided {
        df.retain(|_, (a, b)| *a > 0 && *b > 0);
    }
    let ne = active_en.iter().filter(|&&a| a).count().max(1) as f64;
    let no = active_other.iter().filter(|&&a| a).count().max(1) as f64;
    let w = df
        .iter()
        .map(|(&k, &(a, b))| {
            (
                k,
                (((1.0 + ne / a.max(1) as f64).ln() + (1.0 + no / b.max(1) as f64).ln()) / 2.0)
                    as f32,
            )
        })
        .collect();
    (df, w)
}

fn with_weights(ids: &[u64], w: &HashMap<u64, f32>) -> (Vec<(u64, f32)>, f32) {
    let v: Vec<(u64, f32)> = ids
        .iter()
        .filter_map(|a| w.get(a).map(|&x| (*a, x)))
        .collect();
    let t = v.iter().map(|x| x.1).sum();
    (v, t)
}

/// Calls `hit` with each item of `a` whose key is also a key of `b`; both sorted by key.
fn for_each_shared<A, B>(
    a: &[A],
    b: &[B],
    key_a: impl Fn(&A) -> u64,
    key_b: impl Fn(&B) -> u64,
    mut hit: impl FnMut(&A),
) {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match key_a(&a[i]).cmp(&key_b(&b[j])) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                hit(&a[i]);
                i += 1;
                j += 1;
            }
        }
    }
}

/// Weight and number of the ids in both sorted lists.
fn shared(a: &[(u64, f32)], b: &[(u64, f32)]) -> (f32, usize) {
    let (mut s, mut n) = (0.0, 0);
    for_each_shared(
        a,
        b,
        |x| x.0,
        |x| x.0,
        |x| {
            s += x.1;
            n += 1;
        },
    );
    (s, n)
}

/// Weighted Dice overlap in `0..=1`, and the number of shared ids.
fn dice(a: &[(u64, f32)], ta: f32, b: &[(u64, f32)], tb: f32) -> (f64, usize) {
    if ta + tb <= 0.0 {
        return (0.0, 0);
    }
    let (s, n) = shared(a, b);
    ((2.0 * s / (ta + tb)).clamp(0.0, 1.0) as f64, n)
}

/// Shared anchors needed for full credit: a pair sharing `k` anchors and lexicon links has its
/// score multiplied by `min(1, k / SUPPORT)²`, so one or two coincidences (a number, a
/// skeleton) cannot make a pair.
const SUPPORT: f64 = 4.0;

/// Length ratio spread (sd of ln ratio) in the length factor.
const LEN_SIGMA: f64 = 0.4;

/// Null model, per kind of evidence (numbers and dates, name skeletons, lexicon links): the
/// chance that one anchor of an English document matches one anchor of an unrelated document.
/// Measured on NTREX news, all unrelated pairs of 123 x 123 documents, as [`anchor_rates`]
/// measures it (shared anchors / (anchors of one x anchors of the other), pooled; the seed
/// lexicon's links): the mean of en-fa and en-ar. `cargo run --release --example pair_rates`
/// prints both; a test checks these values against it.
pub const CHANCE: [f64; 3] = [0.0078, 0.00122, 0.00085];

/// Translation model, per kind: the part of an English document's anchors found in its
/// translation, measured on the 123 true pairs of NTREX news as [`anchor_rates`] measures it:
/// the mean of en-fa and en-ar.
pub const FOUND: [f64; 3] = [0.9, 0.44, 0.39];

/// The rates of the null and translation models measured on a collection whose true pairs are
/// known ([`anchor_rates`]); per kind of evidence: numbers and dates, name skeletons, lexicon
/// links (index 0, 1, 2), as [`CHANCE`] and [`FOUND`].
#[derive(Clone, Debug, PartialEq)]
pub struct AnchorRates {
    /// Per kind, over every pair that is not a true pair: shared anchors / (anchors of the
    /// English document x anchors of the other), summed over the pairs before dividing: the
    /// chance, per pair of anchors, that two unrelated documents share one.
    pub chance: [f64; 3],
    /// Per kind, over the true pairs: shared anchors / anchors of the English document, summed
    /// over the pairs before dividing: the part of an English document's anchors that its
    /// translation has.
    pub found: [f64; 3],
    /// True pairs counted.
    pub true_pairs: usize,
    /// Unrelated pairs counted (every English document with every other document that is not
    /// its translation).
    pub unrelated_pairs: usize,
}

/// Measures the rates of the null model's evidence ([`CHANCE`], [`FOUND`]; see the module
/// docs) on English documents `en` and their editions `other`, where `truth` lists the true
/// pairs as `(index in en, index in other)`. `lexicon`: the links counted as the third kind
/// (none: the seed lexicon of English and `other`'s language, as [`pair_documents`] uses when
/// given none). Time: one comparison of sorted anchor lists per pair of documents,
/// `en.len() x other.len()` in all.
pub fn anchor_rates(
    en: &[Document],
    other: &[Document],
    truth: &[(usize, usize)],
    lexicon: Option<&Lexicon>,
) -> AnchorRates {
    let given = given_or_seed(lexicon, other);
    let (ge, go) = (
        gates(en, given.as_ref(), true),
        gates(other, given.as_ref(), false),
    );
    let truth: HashSet<(usize, usize)> = truth.iter().copied().collect();
    // per kind: (shared, anchors) over true pairs, (shared, anchors x anchors) over the others
    let sums = ge
        .par_iter()
        .enumerate()
        .map(|(e, a)| {
            let mut t = [[0.0f64; 2]; 3];
            let mut u = [[0.0f64; 2]; 3];
            let (mut nt, mut nu) = (0usize, 0usize);
            for (o, b) in go.iter().enumerate() {
                let is_true = truth.contains(&(e, o));
                for k in 0..3 {
                    let s = count_shared(&a.ids[k], &b.ids[k]) as f64;
                    let n = a.ids[k].len() as f64;
                    if is_true {
                        t[k][0] += s;
                        t[k][1] += n;
                    } else {
                        u[k][0] += s;
                        u[k][1] += n * b.ids[k].len() as f64;
                    }
                }
                if is_true {
                    nt += 1;
                } else {
                    nu += 1;
                }
            }
            (t, u, nt, nu)
        })
        .reduce(
            || ([[0.0; 2]; 3], [[0.0; 2]; 3], 0, 0),
            |(mut t, mut u, nt, nu), (t2, u2, nt2, nu2)| {
                for k in 0..3 {
                    for x in 0..2 {
                        t[k][x] += t2[k][x];
                        u[k][x] += u2[k][x];
                    }
                }
                (t, u, nt + nt2, nu + nu2)
            },
        );
    let ratio = |x: [f64; 2]| if x[1] > 0.0 { x[0] / x[1] } else { 0.0 };
    AnchorRates {
        chance: std::array::from_fn(|k| ratio(sums.1[k])),
        found: std::array::from_fn(|k| ratio(sums.0[k])),
        true_pairs: sums.2,
        unrelated_pairs: sums.3,
    }
}

/// `given`, or when none is given the built-in seed lexicon of English and the language of
/// `other` (rules/seed-lexicon), so that documents sharing no number or name still have words
/// to go on.
fn given_or_seed(given: Option<&Lexicon>, other: &[Document]) -> Option<Lexicon> {
    given.cloned().or_else(|| {
        other
            .first()
            .and_then(|d| Lexicon::seed(&Lang::En, &d.lang))
    })
}

/// The null model's anchors of each document: every number, date and name, and the links of
/// `lexicon` (the given or seed one, never a learned one: its rates differ from those
/// measured).
fn gates(docs: &[Document], lexicon: Option<&Lexicon>, is_en: bool) -> Vec<Gate> {
    let ix = lexicon.filter(|l| !l.is_empty()).map(LinkIndex::new);
    docs.par_iter()
        .map(|d| {
            let (n, s) = doc_anchors(d);
            Gate {
                ids: [
                    n,
                    s,
                    ix.as_ref()
                        .map_or_else(Vec::new, |ix| ix.doc_links(d, is_en)),
                ],
            }
        })
        .collect()
}

/// A document's anchors for the null model, by kind (numbers and dates, names, links), each
/// sorted and deduplicated: all of them, whatever the rest of the collection holds.
#[derive(Clone, Default)]
struct Gate {
    ids: [Vec<u64>; 3],
}

/// Number of ids in both sorted lists.
fn count_shared(a: &[u64], b: &[u64]) -> usize {
    let mut n = 0;
    for_each_shared(a, b, |&x| x, |&x| x, |_| n += 1);
    n
}

/// Evidence (nats) that `o` translates `e` rather than being an unrelated article: the
/// log-likelihood ratio of their shared anchors (see the module docs).
fn evidence(e: &Gate, o: &Gate) -> f64 {
    let mut t = 0.0;
    for k in 0..3 {
        let n = e.ids[k].len();
        if n == 0 {
            continue;
        }
        let m = o.ids[k].len() as f64;
        let s = count_shared(&e.ids[k], &o.ids[k]) as f64;
        let p = (1.0 - (-CHANCE[k] * m).exp()).clamp(1e-6, 0.999);
        let q = FOUND[k].max(p);
        t += s * (q / p).ln() + (n as f64 - s) * ((1.0 - q) / (1.0 - p)).ln();
    }
    t
}

struct Scorer {
    en: Vec<Features>,
    other: Vec<Features>,
    /// Expected ratio other/en of lengths.
    rho: f64,
    use_links: bool,
    gate_en: Vec<Gate>,
    gate_other: Vec<Gate>,
    min_evidence: f64,
}

impl Scorer {
    fn evidence(&self, e: usize, o: usize) -> f64 {
        evidence(&self.gate_en[e], &self.gate_other[o])
    }

    /// The pair's score; 0 when its evidence is below [`ContentConfig::min_evidence`].
    fn score(&self, e: usize, o: usize) -> f64 {
        if self.evidence(e, o) < self.min_evidence {
            return 0.0;
        }
        let (a, b) = (&self.en[e], &self.other[o]);
        let (anchor, k) = dice(&a.anchors, a.anchor_total, &b.anchors, b.anchor_total);
        let (content, k) = if self.use_links {
            let (links, kl) = dice(&a.links, a.link_total, &b.links, b.link_total);
            ((anchor + links) / 2.0, k + kl)
        } else {
            (anchor, k)
        };
        let support = (k as f64 / SUPPORT).min(1.0).powi(2);
        let length = if a.len > 0.0 && b.len > 0.0 {
            let z = (b.len / a.len / self.rho).ln() / LEN_SIGMA;
            (-z * z / 2.0).exp()
        } else {
            0.0
        };
        let date = match (a.date, b.date) {
            (Some(x), Some(y)) if (x - y).abs() > 2 => 0.5,
            _ => 1.0,
        };
        content * support * (0.6 + 0.4 * length) * date
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Per-document anchors (raw ids), computed once: the null model's (see [`Gate`]), whose
/// numbers and names the relative score weighs as well.
struct Raw {
    gate_en: Vec<Gate>,
    gate_other: Vec<Gate>,
}

/// The ids of kind `k` (see [`Gate`]) of each document.
fn ids_of_kind(gates: &[Gate], k: usize) -> Vec<&[u64]> {
    gates.iter().map(|g| g.ids[k].as_slice()).collect()
}

fn as_slices(v: &[Vec<u64>]) -> Vec<&[u64]> {
    v.iter().map(Vec::as_slice).collect()
}

/// Document frequencies of ids: (English, other).
type DocFreq = HashMap<u64, (u32, u32)>;

/// A candidate pair: (English index, other index, score).
type Edge = (usize, usize, f64);

fn build_scorer(
    en: &[Document],
    other: &[Document],
    raw: &Raw,
    lex: Option<&Lexicon>,
    active_en: &[bool],
    active_other: &[bool],
    min_evidence: f64,
) -> (Scorer, DocFreq, DocFreq) {
    // numbers and dates are written alike on both sides: one missing from a side counts
    // against; names are kept only when found on both sides (every Persian or Arabic word has a
    // skeleton)
    let (numbers_en, numbers_other) = (
        ids_of_kind(&raw.gate_en, 0),
        ids_of_kind(&raw.gate_other, 0),
    );
    let (names_en, names_other) = (
        ids_of_kind(&raw.gate_en, 1),
        ids_of_kind(&raw.gate_other, 1),
    );
    let (mut adf, mut aw) = weigh(&numbers_en, &numbers_other, active_en, active_other, true);
    let (ndf, nw) = weigh(&names_en, &names_other, active_en, active_other, false);
    adf.extend(ndf);
    aw.extend(nw);
    let merge = |a: &[&[u64]], b: &[&[u64]]| -> Vec<Vec<u64>> {
        a.iter()
            .zip(b)
            .map(|(x, y)| {
                let mut v: Vec<u64> = x.iter().chain(y.iter()).copied().collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect()
    };
    let anchors_en = merge(&numbers_en, &names_en);
    let anchors_other = merge(&numbers_other, &names_other);
    let (links_en, links_other): (Vec<Vec<u64>>, Vec<Vec<u64>>) = match lex {
        Some(l) if !l.is_empty() => {
            let ix = LinkIndex::new(l);
            (
                en.par_iter().map(|d| ix.doc_links(d, true)).collect(),
                other.par_iter().map(|d| ix.doc_links(d, false)).collect(),
            )
        }
        _ => (vec![Vec::new(); en.len()], vec![Vec::new(); other.len()]),
    };
    let use_links = links_en.iter().any(|v| !v.is_empty());
    let (ldf, lw) = weigh(
        &as_slices(&links_en),
        &as_slices(&links_other),
        active_en,
        active_other,
        false,
    );
    let feats = |docs: &[Document], anchors: &[Vec<u64>], links: &[Vec<u64>]| -> Vec<Features> {
        docs.par_iter()
            .zip(anchors.par_iter().zip(links.par_iter()))
            .map(|(d, (a, l))| {
                let (anchors, anchor_total) = with_weights(a, &aw);
                let (links, link_total) = with_weights(l, &lw);
                Features {
                    anchors,
                    anchor_total,
                    links,
                    link_total,
                    len: doc_len(d),
                    date: d.date,
                }
            })
            .collect()
    };
    let fe = feats(en, &anchors_en, &links_en);
    let fo = feats(other, &anchors_other, &links_other);
    let me = median(
        fe.iter()
            .zip(active_en)
            .filter(|x| *x.1)
            .map(|x| x.0.len)
            .collect(),
    );
    let mo = median(
        fo.iter()
            .zip(active_other)
            .filter(|x| *x.1)
            .map(|x| x.0.len)
            .collect(),
    );
    let rho = if me > 0.0 && mo > 0.0 { mo / me } else { 1.0 };
    (
        Scorer {
            en: fe,
            other: fo,
            rho,
            use_links,
            gate_en: raw.gate_en.clone(),
            gate_other: raw.gate_other.clone(),
            min_evidence,
        },
        adf,
        ldf,
    )
}

// ---------------------------------------------------------------------------------------------
// candidates and assignment

/// Scored candidate edges `(en, other, score)`, and per document its best and second-best score.
struct Scored {
    edges: Vec<(usize, usize, f64)>,
    best_en: Vec<(f64, f64)>,
    best_other: Vec<(f64, f64)>,
}

fn candidates(
    sc: &Scorer,
    adf: &HashMap<u64, (u32, u32)>,
    ldf: &HashMap<u64, (u32, u32)>,
    active_en: &[bool],
    active_other: &[bool],
    cfg: &ContentConfig,
) -> Scored {
    let cap = cfg.max_df.max(1) as u32;
    let rare = |df: &HashMap<u64, (u32, u32)>, id: u64| {
        df.get(&id).is_some_and(|&(a, b)| a <= cap && b <= cap)
    };
    // inverted index: rare id -> other docs
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (o, f) in sc.other.iter().enumerate() {
        if !active_other[o] {
            continue;
        }
        for &(id, _) in &f.anchors {
            if rare(adf, id) {
                postings.entry(id).or_default().push(o as u32);
            }
        }
        for &(id, _) in &f.links {
            if rare(ldf, id) {
                postings.entry(id).or_default().push(o as u32);
            }
        }
    }
    let per_en: Vec<Vec<(usize, usize, f64)>> = (0..sc.en.len())
        .into_par_iter()
        .map(|e| {
            if !active_en[e] {
                return Vec::new();
            }
            let f = &sc.en[e];
            let mut acc: HashMap<u32, f32> = HashMap::new();
            for &(id, w) in f.anchors.iter().chain(f.links.iter()) {
                if let Some(p) = postings.get(&id) {
                    for &o in p {
                        *acc.entry(o).or_insert(0.0) += w;
                    }
                }
            }
            let mut cand: Vec<(u32, f32)> = acc.into_iter().collect();
            cand.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            cand.truncate(cfg.max_candidates.max(1));
            cand.into_iter()
                .map(|(o, _)| (e, o as usize, sc.score(e, o as usize)))
                .collect()
        })
        .collect();
    let edges: Vec<(usize, usize, f64)> = per_en.into_iter().flatten().collect();
    let mut best_en = vec![(0.0, 0.0); sc.en.len()];
    let mut best_other = vec![(0.0, 0.0); sc.other.len()];
    let push = |b: &mut (f64, f64), s: f64| {
        if s > b.0 {
            b.1 = b.0;
            b.0 = s;
        } else if s > b.1 {
            b.1 = s;
        }
    };
    for &(e, o, s) in &edges {
        push(&mut best_en[e], s);
        push(&mut best_other[o], s);
    }
    Scored {
        edges,
        best_en,
        best_other,
    }
}

/// One-to-one assignment over the edges at or above the threshold (see the module docs).
fn assign(
    scored: &Scored,
    n_en: usize,
    n_other: usize,
    cfg: &ContentConfig,
) -> Vec<(usize, usize, f64)> {
    // keep edges above the threshold that are among the top of either end
    let mut by_en: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n_en];
    let mut by_other: Vec<Vec<(f64, usize)>> = vec![Vec::new(); n_other];
    for (k, &(e, o, s)) in scored.edges.iter().enumerate() {
        // a pair scoring 0 (no evidence against chance) is never made, even at threshold 0
        if s >= cfg.threshold && s > 0.0 {
            by_en[e].push((s, k));
            by_other[o].push((s, k));
        }
    }
    let mut keep = vec![false; scored.edges.len()];
    for list in by_en.iter_mut().chain(by_other.iter_mut()) {
        list.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for &(_, k) in list.iter().take(cfg.top_edges.max(1)) {
            keep[k] = true;
        }
    }
    let edges: Vec<(usize, usize, f64)> = scored
        .edges
        .iter()
        .zip(&keep)
        .filter(|x| *x.1)
        .map(|x| *x.0)
        .collect();
    // connected components (union-find over en ids 0..n_en and other ids n_en..)
    let mut parent: Vec<usize> = (0..n_en + n_other).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for &(e, o, _) in &edges {
        let (a, b) = (root(&mut parent, e), root(&mut parent, n_en + o));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut comps: HashMap<usize, Vec<(usize, usize, f64)>> = HashMap::new();
    for &(e, o, s) in &edges {
        let r = root(&mut parent, e);
        comps.entry(r).or_default().push((e, o, s));
    }
    let mut comps: Vec<(usize, Vec<Edge>)> = comps.into_iter().collect();
    comps.sort_by_key(|c| c.0);
    let mut out: Vec<(usize, usize, f64)> = comps
        .par_iter()
        .flat_map_iter(|(_, c)| solve_component(c, cfg.max_component))
        .collect();
    out.sort_by_key(|p| p.0);
    out
}

/// Maximum-weight one-to-one assignment within one component.
fn solve_component(edges: &[(usize, usize, f64)], max_nodes: usize) -> Vec<(usize, usize, f64)> {
    let mut rows: Vec<usize> = edges.iter().map(|e| e.0).collect();
    let mut cols: Vec<usize> = edges.iter().map(|e| e.1).collect();
    rows.sort_unstable();
    rows.dedup();
    cols.sort_unstable();
    cols.dedup();
    if rows.len() == 1 || cols.len() == 1 || rows.len() + cols.len() > max_nodes {
        return greedy(edges);
    }
    let transpose = rows.len() > cols.len();
    let (nr, nc) = if transpose {
        (cols.len(), rows.len())
    } else {
        (rows.len(), cols.len())
    };
    let mut m = pathfinding::matrix::Matrix::new(nr, nc, 0i64);
    let mut score: HashMap<(usize, usize), f64> = HashMap::new();
    for &(e, o, s) in edges {
        let (Ok(r), Ok(c)) = (rows.binary_search(&e), cols.binary_search(&o)) else {
            continue;
        };
        let (r, c) = if transpose { (c, r) } else { (r, c) };
        m[(r, c)] = (s * 1e6).round() as i64;
        score.insert((e, o), s);
    }
    let (_, assignment) = pathfinding::kuhn_munkres::kuhn_munkres(&m);
    let mut out = Vec::new();
    for (r, &c) in assignment.iter().enumerate() {
        let (e, o) = if transpose {
            (rows[c], cols[r])
        } else {
            (rows[r], cols[c])
        };
        if let Some(&s) = score.get(&(e, o)) {
            out.push((e, o, s));
        }
    }
    out
}

/// Best edge first, each document at most once.
fn greedy(edges: &[(usize, usize, f64)]) -> Vec<(usize, usize, f64)> {
    let mut v = edges.to_vec();
    v.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let (mut ue, mut uo) = (HashSet::new(), HashSet::new());
    let mut out = Vec::new();
    for (e, o, s) in v {
        if !ue.contains(&e) && !uo.contains(&o) {
            ue.insert(e);
            uo.insert(o);
            out.push((e, o, s));
        }
    }
    out
}

/// Pairs English documents `en` with documents `other` of one other language, one to one (see
/// the module docs for the evidence, the candidate index and the assignment).
///
/// `forced` pairs are kept as they are and their documents take no part in the matching (they do
/// train the lexicon). Deterministic: the result does not depend on the number of threads.
/// Cost: about `O(N * A * max_df)` for `N` documents of `A` anchors, plus one sentence alignment
/// of at most [`ContentConfig::bootstrap_pairs`] pairs; memory `O(N * A)`.
pub fn pair_documents(
    en: &[Document],
    other: &[Document],
    forced: &[ForcedPair],
    cfg: &ContentConfig,
) -> Pairing {
    let mut active_en = vec![true; en.len()];
    let mut active_other = vec![true; other.len()];
    for f in forced {
        if let Some(a) = active_en.get_mut(f.en) {
            *a = false;
        }
        if let Some(a) = active_other.get_mut(f.other) {
            *a = false;
        }
    }
    let given = given_or_seed(cfg.lexicon.as_ref(), other);
    let raw = Raw {
        gate_en: gates(en, given.as_ref(), true),
        gate_other: gates(other, given.as_ref(), false),
    };
    let run = |lex: Option<&Lexicon>| {
        let (sc, adf, ldf) = build_scorer(
            en,
            other,
            &raw,
            lex,
            &active_en,
            &active_other,
            cfg.min_evidence,
        );
        let scored = candidates(&sc, &adf, &ldf, &active_en, &active_other, cfg);
        let made = assign(&scored, en.len(), other.len(), cfg);
        (sc, scored, made)
    };
    let (mut sc, mut scored, mut made) = run(given.as_ref());
    let mut lexicon_links = given.as_ref().map_or(0, |l| l.links.len());
    let mut bootstrap = 0;
    if cfg.learn_lexicon {
        // confident pairs: clearly better than the runner-up of either document
        let mut conf: Vec<(usize, usize, f64)> = made
            .iter()
            .copied()
            .filter(|&(e, o, s)| {
                let runner = if scored.best_en[e].0 > s {
                    scored.best_en[e].0
                } else {
                    scored.best_en[e].1
                }
                .max(if scored.best_other[o].0 > s {
                    scored.best_other[o].0
                } else {
                    scored.best_other[o].1
                });
                s >= 1.5 * cfg.threshold && s >= 2.0 * runner
            })
            .collect();
        conf.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        conf.truncate(cfg.bootstrap_pairs);
        let mut train: Vec<(usize, usize)> = conf.iter().map(|c| (c.0, c.1)).collect();
        train.extend(
            forced
                .iter()
                .filter(|f| f.en < en.len() && f.other < other.len())
                .map(|f| (f.en, f.other)),
        );
        if train.len() >= 3 {
            let inputs: Vec<PairInput<'_>> = train
                .iter()
                .map(|&(e, o)| PairInput {
                    src: &en[e].sentences,
                    tgt: &other[o].sentences,
                    src_lang: &en[e].lang,
                    tgt_lang: &other[o].lang,
                })
                .collect();
            let acfg = AlignConfig {
                lexicon: given.clone(),
                ..AlignConfig::default()
            };
            let learned = align_all(&inputs, &acfg).model.lexicon;
            bootstrap = train.len();
            lexicon_links = learned.links.len();
            (sc, scored, made) = run(Some(&learned));
        }
    }
    let mut pairs: Vec<DocPair> = made
        .into_iter()
        .map(|(e, o, s)| DocPair {
            en: e,
            other: o,
            score: s,
            forced: false,
            evidence: sc.evidence(e, o),
        })
        .collect();
    for f in forced {
        if f.en < en.len() && f.other < other.len() {
            pairs.push(DocPair {
                en: f.en,
                other: f.other,
                score: f.score.unwrap_or_else(|| sc.score(f.en, f.other)),
                forced: true,
                evidence: sc.evidence(f.en, f.other),
            });
        }
    }
    pairs.sort_by_key(|p| p.en);
    let pe: HashSet<usize> = pairs.iter().map(|p| p.en).collect();
    let po: HashSet<usize> = pairs.iter().map(|p| p.other).collect();
    Pairing {
        unpaired_en: (0..en.len()).filter(|i| !pe.contains(i)).collect(),
        unpaired_other: (0..other.len()).filter(|i| !po.contains(i)).collect(),
        candidates: scored.edges.len(),
        lexicon_links,
        bootstrap_pairs: bootstrap,
        pairs,
    }
}

/// Pairs by content the editions that a slug scan left unpaired (the fallback of
/// [`crate::pipeline::run`]): every unpaired English edition against the unpaired Persian ones,
/// then against the unpaired Arabic ones, with [`pair_documents`]. Pairs made are added to
/// `scan.pairs` (kept sorted by folder, slug and language) and removed from `scan.unpaired`.
/// Returns one warning per pair made, naming both files and the score. Editions that cannot be
/// read stay unpaired (the pipeline reports them).
pub fn pair_leftovers(scan: &mut super::pair::Scan, cfg: &ContentConfig) -> Vec<String> {
    use super::pair::{EditionFile, PairPlan};
    let load = |files: &[&EditionFile]| -> (Vec<Document>, Vec<usize>) {
        let loaded: Vec<Option<Document>> = files
            .par_iter()
            .map(|f| load_document(&f.path, Some(&f.lang)).ok())
            .collect();
        let mut docs = Vec::new();
        let mut idx = Vec::new();
        for (k, d) in loaded.into_iter().enumerate() {
            if let Some(d) = d {
                docs.push(d);
                idx.push(k);
            }
        }
        (docs, idx)
    };
    let en_files: Vec<&EditionFile> = scan
        .unpaired
        .iter()
        .filter(|f| f.lang == Lang::En)
        .collect();
    if en_files.is_empty() {
        return Vec::new();
    }
    let (en_docs, en_idx) = load(&en_files);
    let mut warnings = Vec::new();
    let mut made: Vec<PairPlan> = Vec::new();
    for lang in [Lang::Fa, Lang::Ar] {
        let others: Vec<&EditionFile> = scan.unpaired.iter().filter(|f| f.lang == lang).collect();
        if others.is_empty() || en_docs.is_empty() {
            continue;
        }
        let (o_docs, o_idx) = load(&others);
        let r = pair_documents(&en_docs, &o_docs, &[], cfg);
        for p in r.pairs {
            let (Some(&ei), Some(&oi)) = (en_idx.get(p.en), o_idx.get(p.other)) else {
                continue;
            };
            let (ef, of) = (en_files[ei], others[oi]);
            warnings.push(format!(
                "{} and {}: paired by content (score {:.2}, evidence {:.0} nats): no {} edition in {} has the slug {:?}",
                ef.path.display(),
                of.path.display(),
                p.score,
                p.evidence,
                lang,
                ef.path
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| ".".into(), |d| d.display().to_string()),
                ef.slug
            ));
            made.push(PairPlan {
                en: ef.clone(),
                other: of.clone(),
            });
        }
    }
    let used: HashSet<PathBuf> = made
        .iter()
        .flat_map(|p| [p.en.path.clone(), p.other.path.clone()])
        .collect();
    scan.unpaired.retain(|f| !used.contains(&f.path));
    scan.pairs.extend(made);
    scan.pairs.sort_by(|a, b| {
        (&a.en.rel_dir, &a.en.slug, a.other.lang.code()).cmp(&(
            &b.en.rel_dir,
            &b.en.slug,
            b.other.lang.code(),
        ))
    });
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(path: &str, lang: Lang, text: &str) -> Document {
        let sentences = sentences_of(text, &lang, EditionFormat::Text);
        Document {
            path: PathBuf::from(path),
            lang,
            sentences,
            date: None,
        }
    }

    #[test]
    fn anchor_rates_pool_shared_anchors_over_true_and_unrelated_pairs() {
        // numbers only (no capitalized English word, an empty lexicon): English 0 has {12, 345},
        // 1 has {7}; Persian 0 (0's translation, 345 left out) {12, 9}, Persian 1 {7, 12}.
        // True pairs share 1 of 2 and 1 of 1: found 2/3. Unrelated pairs (0, 1) share 1 of
        // 2 x 2, (1, 0) none of 1 x 2: chance 1/6.
        let en = [
            doc(
                "a.en.txt",
                Lang::En,
                "the count was 12 and then 345 in all.",
            ),
            doc("b.en.txt", Lang::En, "only 7 came."),
        ];
        let fa = [
            doc("a.fa.txt", Lang::Fa, "۱۲ و ۹"),
            doc("b.fa.txt", Lang::Fa, "۷ و ۱۲"),
        ];
        let r = anchor_rates(&en, &fa, &[(0, 0), (1, 1)], Some(&Lexicon::default()));
        assert_eq!((r.true_pairs, r.unrelated_pairs), (2, 2));
        assert!((r.found[0] - 2.0 / 3.0).abs() < 1e-12, "{r:?}");
        assert!((r.chance[0] - 1.0 / 6.0).abs() < 1e-12, "{r:?}");
        // no English names, no links: nothing to count, 0
        assert_eq!(
            (r.found[1], r.chance[1], r.found[2], r.chance[2]),
            (0.0, 0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn iso_dates_count_days_from_1970() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(find_iso_date("bbc-2019-03-05-talks.en.txt"), Some(17960));
        assert_eq!(find_iso_date("2000-02-29"), Some(11016));
        assert_eq!(find_iso_date("12019-03-05"), None);
        assert_eq!(find_iso_date("2019-13-05"), None);
        assert_eq!(date_line("Published: 2019-03-05"), Some(17960));
        assert_eq!(date_line("Talks resumed on 2019-03-05 in Vienna"), None);
    }

    #[test]
    fn day_and_month_match_across_scripts() {
        let mut en = Vec::new();
        date_anchors("The talks began on March 5 in Vienna.", &Lang::En, &mut en);
        let mut fa = Vec::new();
        date_anchors(
            &crate::normalize::normalize("گفت‌وگوها ۵ مارس در وین آغاز شد.", &Lang::Fa),
            &Lang::Fa,
            &mut fa,
        );
        let mut ar = Vec::new();
        date_anchors(
            &crate::normalize::normalize("بدأت المحادثات في 5 مارس في فيينا.", &Lang::Ar),
            &Lang::Ar,
            &mut ar,
        );
        assert_eq!(en.len(), 2, "month and day-month");
        assert_eq!(en, fa);
        assert_eq!(en, ar);
        // lower-case `may` is a verb, not a month
        let mut v = Vec::new();
        date_anchors("They may meet on 5 June.", &Lang::En, &mut v);
        assert_eq!(v.len(), 2);
    }

    #[test]
    fn hungarian_beats_greedy_on_a_crossed_component() {
        // greedy takes 0-0 (0.9) and leaves 1 alone; the optimum is 0-1 + 1-0 = 1.65
        let edges = vec![(0, 0, 0.9), (0, 1, 0.8), (1, 0, 0.85)];
        let mut got = solve_component(&edges, 100);
        got.sort_by_key(|p| p.0);
        assert_eq!(got, vec![(0, 1, 0.8), (1, 0, 0.85)]);
        assert_eq!(greedy(&edges), vec![(0, 0, 0.9)]);
    }

    #[test]
    fn pairs_by_numbers_and_names_and_leaves_the_orphan_unpaired() {
        let en = vec![
            doc("e0", Lang::En, "Ashtiani visits Moscow\n\nAshtiani met officials in Moscow on 12 March; 3,400 troops were discussed."),
            doc("e1", Lang::En, "Tehran budget\n\nThe budget of Tehran grew by 17.5 percent to 9,800 billion."),
            doc("e2", Lang::En, "Floods in Karachi\n\nFloods killed 214 people in Karachi, said Raisi."),
            doc("e3", Lang::En, "A quiet day\n\nNothing of note happened in the league."),
        ];
        let fa = vec![
            doc("f0", Lang::Fa, "بودجه تهران\n\nبودجه تهران ۱۷٫۵ درصد افزایش یافت و به ۹۸۰۰ میلیارد رسید."),
            doc("f1", Lang::Fa, "سیل در کراچی\n\nرئیسی گفت سیل در کراچی ۲۱۴ نفر را کشت."),
            doc("f2", Lang::Fa, "سفر آشتیانی به مسکو\n\nآشتیانی روز ۱۲ مارس در مسکو با مقامات دیدار کرد؛ درباره ۳۴۰۰ نیرو گفت‌وگو شد."),
        ];
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        let got: Vec<(usize, usize)> = r.pairs.iter().map(|p| (p.en, p.other)).collect();
        assert_eq!(got, vec![(0, 2), (1, 0), (2, 1)]);
        assert_eq!(r.unpaired_en, vec![3]);
        assert!(
            r.pairs.iter().all(|p| p.score >= 0.1 && p.score <= 1.0),
            "{:?}",
            r.pairs
        );
    }

    const KARACHI_EN: &str =
        "Floods in Karachi\n\nFloods killed 214 people in Karachi and 38 in Lahore, said Raisi.";
    const KARACHI_FA: &str =
        "سیل در کراچی\n\nرئیسی گفت سیل در کراچی ۲۱۴ نفر و در لاهور ۳۸ نفر را کشت.";
    const TEHRAN_EN: &str = "Tehran budget\n\nThe budget of Tehran grew by 17.5 percent to 9,800 billion, said Hamedani in 2019.";
    const MOSCOW_FA: &str = "سفر آشتیانی به مسکو\n\nآشتیانی روز ۱۲ مارس در مسکو با مقامات دیدار کرد؛ درباره ۳۴۰۰ نیرو و ۷۵ تانک گفت‌وگو شد.";
    const TEHRAN_FA: &str =
        "بودجه تهران\n\nهمدانی گفت بودجه تهران در ۲۰۱۹ با ۱۷٫۵ درصد افزایش به ۹۸۰۰ میلیارد رسید.";

    /// Evidence of the pair `(0, 0)`, forced.
    fn forced_evidence(en: &[Document], other: &[Document]) -> (f64, f64) {
        let forced = [ForcedPair {
            en: 0,
            other: 0,
            score: None,
        }];
        let r = pair_documents(en, other, &forced, &ContentConfig::default());
        (r.pairs[0].score, r.pairs[0].evidence)
    }

    #[test]
    fn a_lone_unrelated_pair_stays_unpaired() {
        // before the null model this pair was made (score 0.125): alone in the collection,
        // whatever the two shared was all the names and links they had
        let en = vec![doc("e0", Lang::En, KARACHI_EN)];
        let fa = vec![doc("f0", Lang::Fa, TEHRAN_FA)];
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        assert_eq!(r.pairs, vec![]);
        assert_eq!((r.unpaired_en, r.unpaired_other), (vec![0], vec![0]));
        let (score, evidence) = forced_evidence(&en, &fa);
        assert_eq!(score, 0.0);
        assert!((evidence - -5.88).abs() < 0.01, "{evidence}");
        // its translation, alone with it, pairs
        let fa = vec![doc("f0", Lang::Fa, KARACHI_FA)];
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        assert_eq!(r.pairs.len(), 1);
        assert!((r.pairs[0].evidence - 42.41).abs() < 0.01, "{:?}", r.pairs);
    }

    #[test]
    fn the_unrelated_documents_of_a_2x2_set_stay_unpaired() {
        // Karachi in both languages, plus Tehran's budget in English and a Moscow visit in
        // Persian: one pair, and two documents left alone
        let en = vec![
            doc("e0", Lang::En, TEHRAN_EN),
            doc("e1", Lang::En, KARACHI_EN),
        ];
        let fa = vec![
            doc("f0", Lang::Fa, MOSCOW_FA),
            doc("f1", Lang::Fa, KARACHI_FA),
        ];
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        let got: Vec<(usize, usize)> = r.pairs.iter().map(|p| (p.en, p.other)).collect();
        assert_eq!(got, vec![(1, 1)]);
        assert_eq!((r.unpaired_en, r.unpaired_other), (vec![0], vec![0]));
        let (score, evidence) = forced_evidence(&en, &fa);
        assert_eq!(score, 0.0);
        assert!((evidence - -6.66).abs() < 0.01, "{evidence}");
    }

    #[test]
    fn solar_hijri_dates_pair_with_their_gregorian_translation() {
        // two English reports alike but for their day; the Persian one's 23 Esfand is 14 March
        let en_text = |date: &str| {
            format!(
                "Strike at the port\n\nDock workers continued their strike on {date}, said Karimi."
            )
        };
        let en = vec![
            doc("e0", Lang::En, &en_text("15 March")),
            doc("e1", Lang::En, &en_text("14 March")),
        ];
        let fa = vec![doc(
            "f0",
            Lang::Fa,
            "اعتصاب در بندر\n\nکریمی گفت کارگران اسکله روز ۲۳ اسفند به اعتصاب ادامه دادند.",
        )];
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        assert_eq!(
            r.pairs.iter().map(|p| (p.en, p.other)).collect::<Vec<_>>(),
            vec![(1, 0)]
        );
    }

    #[test]
    fn publication_dates_settle_a_tie() {
        let text_en = "Floods in Karachi\n\nFloods killed 214 people in Karachi and 38 in Lahore, said Raisi.";
        let text_fa = "سیل در کراچی\n\nرئیسی گفت سیل در کراچی ۲۱۴ نفر و در لاهور ۳۸ نفر را کشت.";
        let mut en = vec![doc("e0", Lang::En, text_en), doc("e1", Lang::En, text_en)];
        en[0].date = find_iso_date("2020-06-01");
        en[1].date = find_iso_date("2019-03-05");
        let mut fa = vec![doc("f0", Lang::Fa, text_fa)];
        fa[0].date = find_iso_date("2019-03-06");
        let r = pair_documents(&en, &fa, &[], &ContentConfig::default());
        assert_eq!(
            r.pairs.iter().map(|p| (p.en, p.other)).collect::<Vec<_>>(),
            vec![(1, 0)]
        );
        assert_eq!(r.unpaired_en, vec![0]);
    }

    #[test]
    fn forced_pairs_are_kept_and_leave_the_matching() {
        let en = vec![
            doc("e0", Lang::En, "Tehran\n\nTehran spent 9,800 billion."),
            doc("e1", Lang::En, "Karachi\n\nKarachi lost 214 people."),
        ];
        let fa = vec![
            doc("f0", Lang::Fa, "تهران\n\nتهران ۹۸۰۰ میلیارد خرج کرد."),
            doc("f1", Lang::Fa, "کراچی\n\nکراچی ۲۱۴ نفر را از دست داد."),
        ];
        let forced = vec![ForcedPair {
            en: 0,
            other: 1,
            score: Some(0.5),
        }];
        let r = pair_documents(&en, &fa, &forced, &ContentConfig::default());
        assert_eq!(
            r.pairs,
            vec![DocPair {
                en: 0,
                other: 1,
                score: 0.5,
                forced: true,
                evidence: r.pairs[0].evidence,
            }]
        );
        assert_eq!(
            (r.unpaired_en.clone(), r.unpaired_other.clone()),
            (vec![1], vec![0])
        );
    }

    #[test]
    fn malformed_forced_file_names_the_line() {
        let d = tempfile::tempdir().unwrap();
        let en = vec![doc("a.txt", Lang::En, "A 1")];
        let fa = vec![doc("b.txt", Lang::Fa, "ب ۱")];
        let p = d.path().join("forced.csv");
        for (text, line, what) in [
            ("en,other,score\na.txt,b.txt,high\n", 2, "not a number"),
            ("en,other\n\na.txt\n", 3, "field"),
            ("a.txt,b.txt\n", 1, "header"),
            ("en,other\nx.txt,b.txt\n", 2, "not one of the English"),
            ("en,other\na.txt,b.txt\na.txt,b.txt\n", 3, "forced twice"),
        ] {
            std::fs::write(&p, text).unwrap();
            let e = read_forced(&p, &en, &fa).unwrap_err();
            assert_eq!(e.line(), Some(line), "{text:?}: {e}");
            assert!(
                e.to_string().contains(what) && e.to_string().contains("forced.csv"),
                "{e}"
            );
        }
        std::fs::write(&p, "en,other,score\na.txt,b.txt,0.25\n").unwrap();
        assert_eq!(
            read_forced(&p, &en, &fa).unwrap(),
            vec![ForcedPair {
                en: 0,
                other: 0,
                score: Some(0.25)
            }]
        );
    }

    #[test]
    fn output_is_csv_with_a_header() {
        let en = vec![doc("dir/a, b.txt", Lang::En, "A 1")];
        let fa = vec![doc("x/b.txt", Lang::Fa, "ب ۱")];
        let mut out = Vec::new();
        write_pairs(
            &mut out,
            &[DocPair {
                en: 0,
                other: 0,
                score: 0.51234,
                forced: false,
                evidence: 20.0,
            }],
            &en,
            &fa,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "en,other,score\n\"dir/a, b.txt\",x/b.txt,0.5123\n"
        );
    }
}
