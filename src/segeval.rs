//! Sentence-boundary precision, recall and F1 of a segmentation against gold.
//!
//! Definitions exactly as `shared/tools/score_segments.py`: a file holds one sentence per line;
//! each line is NFC-normalized, the BOM and bidi marks (U+FEFF, U+200E, U+200F, U+061C,
//! U+202A-U+202E) are dropped, and a boundary is the number of remaining non-white-space chars
//! (Unicode scalar values; Python's `str.isspace`) from the start of the file to the end of a
//! non-empty line. Precision = |gold ∩ pred| / |pred|, recall = |gold ∩ pred| / |gold|, F1 their
//! harmonic mean; each is 0 when its denominator is 0. Several file pairs pool their counts.
//! Because only non-space chars are counted, white space and line layout do not matter.
//!
//! [`score_files_checked`] (what `dragoman eval --segments` runs) refuses what the reference
//! scorer only warns about or scores as 0: a prediction whose count of non-space chars differs
//! from the gold's (not a segmentation of the same text, so its boundary offsets mean nothing),
//! with an error naming the first line of each file where their non-space chars differ; and a
//! gold file with no sentence. On every other pair it scores as the reference scorer does.

use crate::error::{Error, ErrorKind, Result};
use std::collections::BTreeSet;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

/// Counts and scores of one comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SegmentScore {
    /// Boundaries in both gold and prediction.
    pub tp: usize,
    /// Predicted boundaries not in gold.
    pub fp: usize,
    /// Gold boundaries not predicted.
    pub fn_: usize,
    /// Non-space chars in gold (summed over pairs); differs from `pred_chars` when the
    /// prediction lost or added text.
    pub gold_chars: usize,
    /// Non-space chars in the prediction.
    pub pred_chars: usize,
}

impl SegmentScore {
    /// tp / (tp + fp), in 0.0..=1.0; 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn), in 0.0..=1.0; 0 when gold has no boundary.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall; 0 when both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds the counts of another comparison (pooling, as the Python tool does).
    pub fn add(&mut self, o: &SegmentScore) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.gold_chars += o.gold_chars;
        self.pred_chars += o.pred_chars;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn dropped(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}'
    )
}

/// Python's `str.isspace` for one char: Unicode White_Space plus the separators U+001C-U+001F.
fn py_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{1C}'..='\u{1F}')
}

/// The boundaries of a text with one sentence per line: (set of boundary offsets, total
/// non-space chars). Lines end at LF, as Python's text mode reads them after CR LF and CR
/// have become LF (universal newlines).
pub fn boundaries<'a>(lines: impl IntoIterator<Item = &'a str>) -> (BTreeSet<usize>, usize) {
    let mut out = BTreeSet::new();
    let mut n = 0;
    for line in lines {
        let k = line.nfc().filter(|&c| !py_space(c) && !dropped(c)).count();
        if k > 0 {
            n += k;
            out.insert(n);
        }
    }
    (out, n)
}

/// The lines of a sentence-per-line file as Python's text mode reads them (BOM dropped, CR LF
/// and CR become LF).
fn split_lines(s: &str) -> Vec<String> {
    let s = s.strip_prefix('\u{FEFF}').unwrap_or(s);
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .split('\n')
        .map(str::to_owned)
        .collect()
}

/// Compares two segmentations given as the text of sentence-per-line files.
pub fn score_texts(gold: &str, pred: &str) -> SegmentScore {
    let (g, gn) = boundaries(split_lines(gold).iter().map(String::as_str));
    let (p, pn) = boundaries(split_lines(pred).iter().map(String::as_str));
    let tp = g.intersection(&p).count();
    SegmentScore {
        tp,
        fp: p.len() - tp,
        fn_: g.len() - tp,
        gold_chars: gn,
        pred_chars: pn,
    }
}

/// The 1-based lines of gold and prediction where their counted (non-space, NFC, marks
/// dropped) chars first differ, `None` when they are the same; a text that ends first gives the
/// line after its last counted char.
pub fn first_difference(gold: &str, pred: &str) -> Option<(usize, usize)> {
    let counted = |s: &str| -> Vec<(char, usize)> {
        split_lines(s)
            .iter()
            .enumerate()
            .flat_map(|(n, l)| {
                l.nfc()
                    .filter(|&c| !py_space(c) && !dropped(c))
                    .map(move |c| (c, n + 1))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let (g, p) = (counted(gold), counted(pred));
    // where a text that ran out of chars ends: the line after its last counted char
    let end = |v: &[(char, usize)]| v.last().map_or(1, |&(_, n)| n + 1);
    for k in 0..g.len().max(p.len()) {
        match (g.get(k), p.get(k)) {
            (Some(a), Some(b)) if a.0 == b.0 => {}
            (Some(a), Some(b)) => return Some((a.1, b.1)),
            (Some(a), None) => return Some((a.1, end(&p))),
            (None, Some(b)) => return Some((end(&g), b.1)),
            (None, None) => unreachable!(),
        }
    }
    None
}

/// Reads GOLD and PRED files (UTF-8, a BOM allowed) and compares them; see [`score_texts`].
///
/// # Errors
/// I/O and decoding errors, naming the file (and the line of a bad byte).
pub fn score_files(gold: &Path, pred: &Path) -> Result<SegmentScore> {
    Ok(score_texts(
        &crate::corpus::read::read_utf8(gold)?,
        &crate::corpus::read::read_utf8(pred)?,
    ))
}

/// As [`score_files`], refusing a pair that is not two segmentations of one text (see the
/// module docs).
///
/// # Errors
/// As [`score_files`]; [`ErrorKind::Config`] naming the gold file when it holds no sentence,
/// or naming the prediction and the first line where it differs from the gold when their
/// counts of non-space chars differ.
pub fn score_files_checked(gold: &Path, pred: &Path) -> Result<SegmentScore> {
    let (g, p) = (
        crate::corpus::read::read_utf8(gold)?,
        crate::corpus::read::read_utf8(pred)?,
    );
    let s = score_texts(&g, &p);
    if s.gold_chars == 0 {
        return Err(Error::new(ErrorKind::Config(
            "the gold file holds no sentence (no non-space char)".into(),
        ))
        .with_path(gold));
    }
    if s.gold_chars != s.pred_chars {
        let (gl, pl) = first_difference(&g, &p).unwrap_or((1, 1));
        return Err(Error::new(ErrorKind::Config(format!(
            "not a segmentation of the gold text ({} non-space chars, gold {} has {}): the first difference is at this line and at line {gl} of the gold",
            s.pred_chars,
            gold.display(),
            s.gold_chars
        )))
        .with_path(pred)
        .with_line(pl));
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_ignore_white_space_and_layout() {
        // gold: "ab." | "c d." ; boundaries after 3 and 6 non-space chars
        let s = score_texts("ab.\nc d.\n", "ab.\n\nc  d.");
        assert_eq!((s.tp, s.fp, s.fn_), (2, 0, 0));
        assert_eq!(s.f1(), 1.0);
    }

    #[test]
    fn worked_example_precision_recall_f1() {
        // gold boundaries {2, 4, 6}; pred {2, 6} plus an extra at 1: "a|b|cd|ef"
        let s = score_texts("ab\ncd\nef\n", "a\nb\ncdef\n");
        assert_eq!((s.tp, s.fp, s.fn_), (2, 1, 1));
        assert!((s.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.recall() - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.f1() - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn bom_and_bidi_marks_do_not_count() {
        let s = score_texts("\u{FEFF}ab\n\u{200F}cd\n", "ab\ncd\n");
        assert_eq!(
            (s.tp, s.fp, s.fn_, s.gold_chars, s.pred_chars),
            (2, 0, 0, 4, 4)
        );
    }

    #[test]
    fn empty_prediction_scores_zero() {
        let s = score_texts("ab\n", "");
        assert_eq!((s.precision(), s.recall(), s.f1()), (0.0, 0.0, 0.0));
    }

    #[test]
    fn first_difference_names_the_lines() {
        // "ab." | "cd." against "ab." | "c" | "xd.": gold line 2 char 'd', pred line 3 char 'x'
        assert_eq!(
            first_difference("ab.\ncd.\n", "ab.\nc\nxd.\n"),
            Some((2, 3))
        );
        // the prediction lost its last line: it ends after line 1
        assert_eq!(first_difference("ab.\ncd.\n", "ab.\n"), Some((2, 2)));
        // layout and white space alone are no difference
        assert_eq!(first_difference("ab.\ncd.\n", "a b.\n\ncd."), None);
    }

    #[test]
    fn checked_scoring_refuses_another_text_an_empty_gold_and_names_a_bad_byte_line() {
        let d = tempfile::tempdir().unwrap();
        let w = |name: &str, bytes: &[u8]| {
            let p = d.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            p
        };
        let (g, p) = (w("g.txt", b"ab.\ncd.\n"), w("p.txt", b"ab.\ncx d.\n"));
        let e = score_files_checked(&g, &p).unwrap_err().to_string();
        assert!(
            e.starts_with(&format!(
                "{}:2: not a segmentation of the gold text (7 non-space chars, gold {} has 6)",
                p.display(),
                g.display()
            )),
            "{e}"
        );
        let empty = w("e.txt", b" \n\n");
        let e = score_files_checked(&empty, &g).unwrap_err().to_string();
        assert!(
            e.ends_with("e.txt: the gold file holds no sentence (no non-space char)"),
            "{e}"
        );
        let bad = w("b.txt", b"ab.\ncd.\xff\n");
        let e = score_files_checked(&g, &bad).unwrap_err().to_string();
        assert!(
            e.contains("b.txt:2: not valid UTF-8 (first bad byte at byte offset 7"),
            "{e}"
        );
        // the same text laid out otherwise is scored: boundaries {3, 6} against {6}
        let s = score_files_checked(&g, &w("q.txt", b"ab. cd.\n")).unwrap();
        assert_eq!((s.tp, s.fp, s.fn_), (1, 0, 1));
    }
}
