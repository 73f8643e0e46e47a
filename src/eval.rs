//! Scoring alignments against gold: strict and lax precision, recall and F1.
//!
//! Definitions (Sennrich & Volk 2011, as in vecalign's and bertalign's `score.py` and
//! `../shared/tools/score_align.py`): beads are compared as pairs of id lists, written order
//! included (as the reference scorer compares Python tuples); beads empty on both sides are
//! dropped. A predicted bead is a **strict** hit when the gold holds the same
//! bead, a **lax** hit when one of its source ids is linked in the gold to one of its target ids.
//! Precision counts every predicted bead; recall swaps gold and prediction and counts only the
//! gold beads with both sides non-empty. Several file pairs are pooled (micro-averaged).
//!
//! # What [`eval_pairs`] accepts
//!
//! Every file the reference scorer scores and that breaks none of the rules below is scored
//! exactly as it scores it. Refused, with an error naming the file and the 1-based line (the
//! CLI exits 2):
//!
//! * a line that is not a bead (see [`parse_bead`]);
//! * a bead empty on both sides (`[]:[]`): it aligns nothing;
//! * a sentence id written twice in one side of a bead (`[1, 1]:[2]`);
//! * the same bead twice in one file (the reference scorer silently counts it once);
//! * a sentence id at or beyond the sentence count of its text, when the texts are given
//!   (`eval --texts SRC TGT`; a text holds one sentence a line);
//! * a gold file holding no bead.
//!
//! Allowed, because hand-made gold sets hold them (Text+Berg, see `shared/data/textberg-defr`):
//! beads in any order (crossing beads), non-contiguous and unsorted id lists, sentences left
//! out. A source or target id used by two different beads of one file is scored as the
//! reference scorer scores it, with a warning naming both lines: Text+Berg `test1` uses source
//! sentence 218 in two beads, and a gold set must also be usable as the prediction (agreement
//! of two annotators). With `strict` ([`eval_pairs`]; `eval --strict`) it is refused too.

use crate::error::{Error, ErrorKind, Result, ResultExt};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A bead as two lists of sentence ids (not necessarily consecutive: gold files may hold
/// non-contiguous beads).
pub type IdBead = (Vec<usize>, Vec<usize>);

/// Parses one line of an alignment file: `[i, j]:[k]` or `[i]:[k]:score`; returns `None` for
/// a blank line.
///
/// # Errors
/// [`ErrorKind::BadBead`] quoting the line.
pub fn parse_bead(line: &str) -> Result<Option<IdBead>> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(None);
    }
    let bad = || Error::new(ErrorKind::BadBead(line.chars().take(80).collect()));
    let mut parts = line.splitn(3, ':');
    let (a, b) = (parts.next().ok_or_else(bad)?, parts.next().ok_or_else(bad)?);
    let ids = |s: &str| -> Result<Vec<usize>> {
        let s = s.trim();
        let body = s
            .strip_prefix('[')
            .and_then(|x| x.strip_suffix(']'))
            .ok_or_else(bad)?
            .trim();
        if body.is_empty() {
            return Ok(vec![]);
        }
        body.split(',')
            .map(|x| x.trim().parse::<usize>().map_err(|_| bad()))
            .collect()
    };
    // a third field is the score: a number (vecalign writes one; the scorers ignore it)
    if let Some(score) = parts.next() {
        score.trim().parse::<f64>().map_err(|_| bad())?;
    }
    Ok(Some((ids(a)?, ids(b)?)))
}

/// Reads an alignment file (see [`parse_bead`]): its beads, without any check of their ids.
///
/// # Errors
/// I/O errors; [`ErrorKind::BadBead`] with the path and the 1-based line.
pub fn read_beads(path: &Path) -> Result<Vec<IdBead>> {
    Ok(read_numbered_beads(path)?
        .into_iter()
        .map(|(_, b)| b)
        .collect())
}

/// As [`read_beads`], each bead with its 1-based line.
///
/// # Errors
/// As [`read_beads`].
pub fn read_numbered_beads(path: &Path) -> Result<Vec<(usize, IdBead)>> {
    let text = crate::corpus::read::read_text(path)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        match parse_bead(line) {
            Ok(Some(b)) => out.push((n + 1, b)),
            Ok(None) => {}
            Err(e) => return Err(e.with_path(path).with_line(n + 1)),
        }
    }
    Ok(out)
}

/// Checks the beads of one file (numbered as [`read_numbered_beads`] gives them) against the
/// rules of the module docs. `sents` holds the sentence counts of the source and target texts
/// when they are known. Returns the warnings (a sentence id used by two beads; an error when
/// `strict`), each naming the file and the line.
///
/// # Errors
/// [`ErrorKind::BadAlignment`] with `path` and the line of the first bead that breaks a rule.
pub fn check_beads(
    path: &Path,
    beads: &[(usize, IdBead)],
    sents: Option<(usize, usize)>,
    strict: bool,
) -> Result<Vec<String>> {
    let bad = |line: usize, msg: String| {
        Error::new(ErrorKind::BadAlignment(msg))
            .with_path(path)
            .with_line(line)
    };
    let mut warnings = Vec::new();
    let mut seen_bead: HashMap<&IdBead, usize> = HashMap::new();
    // first line using each id, per side
    let mut seen_id: [HashMap<usize, usize>; 2] = [HashMap::new(), HashMap::new()];
    for &(line, ref bead) in beads {
        if bead.0.is_empty() && bead.1.is_empty() {
            return Err(bad(line, "a bead empty on both sides".into()));
        }
        if let Some(first) = seen_bead.insert(bead, line) {
            return Err(bad(line, format!("the same bead as line {first}")));
        }
        for (side, (ids, name)) in [(&bead.0, "source"), (&bead.1, "target")]
            .into_iter()
            .enumerate()
        {
            for (k, &id) in ids.iter().enumerate() {
                if ids[..k].contains(&id) {
                    return Err(bad(
                        line,
                        format!("{name} sentence {id} written twice in one bead"),
                    ));
                }
                if let Some((s, t)) = sents {
                    let n = if side == 0 { s } else { t };
                    if id >= n {
                        let ids = match n {
                            0 => "no sentence".to_owned(),
                            1 => "1 sentence (id 0)".to_owned(),
                            _ => format!("{n} sentences (ids 0 to {})", n - 1),
                        };
                        return Err(bad(
                            line,
                            format!(
                                "{name} sentence {id} is beyond the {name} text, which has {ids}"
                            ),
                        ));
                    }
                }
                if let Some(&first) = seen_id[side].get(&id) {
                    let msg =
                        format!("{name} sentence {id} is already in the bead of line {first}");
                    if strict {
                        return Err(bad(line, msg));
                    }
                    warnings.push(format!("{}:{line}: {msg}", path.display()));
                } else {
                    seen_id[side].insert(id, line);
                }
            }
        }
    }
    Ok(warnings)
}

/// Reads and checks one alignment file (see [`check_beads`]); warnings are appended to
/// `warnings`.
fn read_checked(
    path: &Path,
    gold: bool,
    sents: Option<(usize, usize)>,
    strict: bool,
    warnings: &mut Vec<String>,
) -> Result<Vec<IdBead>> {
    let beads = read_numbered_beads(path).at(path)?;
    if gold && beads.is_empty() {
        return Err(Error::new(ErrorKind::BadAlignment(
            "the gold file holds no bead".into(),
        ))
        .with_path(path));
    }
    warnings.extend(check_beads(path, &beads, sents, strict)?);
    Ok(beads.into_iter().map(|(_, b)| b).collect())
}

/// The number of sentences of a text with one sentence a line.
///
/// # Errors
/// As [`crate::corpus::read::read_text`].
pub fn sentence_count(path: &Path) -> Result<usize> {
    Ok(crate::corpus::read::read_text(path)?.lines().count())
}

/// Hit counts of one comparison, summable over files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted beads that are strict hits.
    pub strict_hits_p: usize,
    /// Predicted beads that are lax hits.
    pub lax_hits_p: usize,
    /// Predicted beads (non-empty).
    pub pred: usize,
    /// Gold two-sided beads found strictly in the prediction.
    pub strict_hits_r: usize,
    /// Gold two-sided beads that are lax hits against the prediction.
    pub lax_hits_r: usize,
    /// Gold two-sided beads.
    pub gold: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.strict_hits_p += o.strict_hits_p;
        self.lax_hits_p += o.lax_hits_p;
        self.pred += o.pred;
        self.strict_hits_r += o.strict_hits_r;
        self.lax_hits_r += o.lax_hits_r;
        self.gold += o.gold;
    }
}

/// Precision, recall and F1, strict and lax.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    /// Strict precision.
    pub strict_p: f64,
    /// Strict recall.
    pub strict_r: f64,
    /// Strict F1.
    pub strict_f1: f64,
    /// Lax precision.
    pub lax_p: f64,
    /// Lax recall.
    pub lax_r: f64,
    /// Lax F1.
    pub lax_f1: f64,
}

/// A bead as written: `[2, 1]` and `[1, 2]` differ, as Python tuples do in the reference scorer.
type Key = IdBead;

fn keyset(beads: &[IdBead]) -> HashSet<Key> {
    beads
        .iter()
        .filter(|(s, t)| !s.is_empty() || !t.is_empty())
        .cloned()
        .collect()
}

fn hits(reference: &HashSet<Key>, candidate: &HashSet<Key>) -> (usize, usize) {
    let mut links: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (s, t) in reference {
        for &i in s {
            links.entry(i).or_default().extend(t.iter().copied());
        }
    }
    let (mut strict, mut lax) = (0, 0);
    for bead in candidate {
        if reference.contains(bead) {
            strict += 1;
            lax += 1;
        } else if bead.0.iter().any(|i| {
            links
                .get(i)
                .is_some_and(|l| bead.1.iter().any(|k| l.contains(k)))
        }) {
            lax += 1;
        }
    }
    (strict, lax)
}

/// Compares one prediction with its gold.
pub fn count(gold: &[IdBead], pred: &[IdBead]) -> Counts {
    let g = keyset(gold);
    let p = keyset(pred);
    let (sp, lp) = hits(&g, &p);
    let g2: HashSet<Key> = g
        .iter()
        .filter(|(s, t)| !s.is_empty() && !t.is_empty())
        .cloned()
        .collect();
    let (sr, lr) = hits(&p, &g2);
    Counts {
        strict_hits_p: sp,
        lax_hits_p: lp,
        pred: p.len(),
        strict_hits_r: sr,
        lax_hits_r: lr,
        gold: g2.len(),
    }
}

impl Counts {
    /// Precision, recall and F1 from the pooled counts (0 where undefined).
    pub fn scores(&self) -> Scores {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let f1 = |p: f64, r: f64| {
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        };
        let (sp, sr) = (
            div(self.strict_hits_p, self.pred),
            div(self.strict_hits_r, self.gold),
        );
        let (lp, lr) = (
            div(self.lax_hits_p, self.pred),
            div(self.lax_hits_r, self.gold),
        );
        Scores {
            strict_p: sp,
            strict_r: sr,
            strict_f1: f1(sp, sr),
            lax_p: lp,
            lax_r: lr,
            lax_f1: f1(lp, lr),
        }
    }
}

/// Scores pairs of (gold, predicted) alignment files, pooled; no texts given (see
/// [`eval_pairs`]), warnings dropped.
///
/// # Errors
/// As [`eval_pairs`].
pub fn eval_files(pairs: &[(&Path, &Path)]) -> Result<(Scores, Counts)> {
    let e = eval_pairs(pairs, &[], false)?;
    Ok((e.scores, e.counts))
}

/// The result of [`eval_pairs`].
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    /// Pooled scores.
    pub scores: Scores,
    /// Pooled counts.
    pub counts: Counts,
    /// Warnings, each naming a file and a line (a sentence id used by two beads).
    pub warnings: Vec<String>,
}

/// Scores pairs of (gold, predicted) alignment files, pooled, after checking both files of
/// each pair against the rules of the module docs. `texts` is empty, or holds the (source,
/// target) sentence files of each pair, one sentence a line, to check that every id is in
/// range. `strict` refuses a sentence id used by two beads of one file instead of warning.
///
/// # Errors
/// As [`read_beads`] and [`check_beads`]; [`ErrorKind::BadAlignment`] naming a gold file that
/// holds no bead (the wrong file, or an empty one: a mistake, not a score of 0);
/// [`ErrorKind::Config`] when `texts` is neither empty nor as long as `pairs`.
pub fn eval_pairs(
    pairs: &[(&Path, &Path)],
    texts: &[(&Path, &Path)],
    strict: bool,
) -> Result<Evaluation> {
    if !texts.is_empty() && texts.len() != pairs.len() {
        return Err(Error::new(ErrorKind::Config(format!(
            "{} pairs of texts for {} GOLD PRED pairs: give one SRC TGT pair for each",
            texts.len(),
            pairs.len()
        ))));
    }
    let mut c = Counts::default();
    let mut warnings = Vec::new();
    for (k, (g, p)) in pairs.iter().enumerate() {
        let sents = match texts.get(k) {
            Some((s, t)) => Some((sentence_count(s)?, sentence_count(t)?)),
            None => None,
        };
        let gold = read_checked(g, true, sents, strict, &mut warnings)?;
        let pred = read_checked(p, false, sents, strict, &mut warnings)?;
        c += count(&gold, &pred);
    }
    Ok(Evaluation {
        scores: c.scores(),
        counts: c,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vecalign_lines_with_and_without_score() {
        assert_eq!(
            parse_bead("[0, 1]:[2]:0.5").unwrap(),
            Some((vec![0, 1], vec![2]))
        );
        assert_eq!(parse_bead("[]:[3]").unwrap(), Some((vec![], vec![3])));
        assert_eq!(parse_bead("  ").unwrap(), None);
        assert!(parse_bead("[0]-[1]").is_err());
        assert!(parse_bead("[x]:[1]").is_err());
        // a score that is not a number, or a fourth field
        assert!(parse_bead("[0]:[1]:abc").is_err());
        assert!(parse_bead("[0, 1]:[0]:0.5:7").is_err());
    }

    #[test]
    fn hand_worked_strict_and_lax_scores() {
        // gold: [0]:[0] [1,2]:[1] [3]:[] ; pred: [0]:[0] [1]:[1] [2]:[] [3]:[2]
        let gold = vec![(vec![0], vec![0]), (vec![1, 2], vec![1]), (vec![3], vec![])];
        let pred = vec![
            (vec![0], vec![0]),
            (vec![1], vec![1]),
            (vec![2], vec![]),
            (vec![3], vec![2]),
        ];
        let s = count(&gold, &pred).scores();
        // strict: P = 1/4, R = 1/2 ; lax: P = 2/4 ([0]:[0], [1]:[1]), R = 2/2
        assert!((s.strict_p - 0.25).abs() < 1e-12 && (s.strict_r - 0.5).abs() < 1e-12);
        assert!((s.lax_p - 0.5).abs() < 1e-12 && (s.lax_r - 1.0).abs() < 1e-12);
        assert!((s.strict_f1 - 1.0 / 3.0).abs() < 1e-12);
    }

    fn numbered(lines: &[&str]) -> Vec<(usize, IdBead)> {
        lines
            .iter()
            .enumerate()
            .map(|(n, l)| (n + 1, parse_bead(l).unwrap().unwrap()))
            .collect()
    }

    fn check(lines: &[&str], sents: Option<(usize, usize)>, strict: bool) -> Result<Vec<String>> {
        check_beads(Path::new("a.align"), &numbered(lines), sents, strict)
    }

    #[test]
    fn refuses_malformed_beads_naming_file_and_line() {
        let err = |lines: &[&str], sents| check(lines, sents, false).unwrap_err().to_string();
        assert_eq!(
            err(&["[0]:[0]", "[]:[]"], None),
            "a.align:2: invalid alignment: a bead empty on both sides"
        );
        assert_eq!(
            err(&["[0]:[0]", "[1, 1]:[1]"], None),
            "a.align:2: invalid alignment: source sentence 1 written twice in one bead"
        );
        assert_eq!(
            err(&["[0]:[0]", "[1]:[1]", "[0]:[0]"], None),
            "a.align:3: invalid alignment: the same bead as line 1"
        );
        // 3 source and 2 target sentences: target id 2 is one too many
        assert_eq!(
            err(&["[0]:[0]", "[1, 2]:[2]"], Some((3, 2))),
            "a.align:2: invalid alignment: target sentence 2 is beyond the target text, which has 2 sentences (ids 0 to 1)"
        );
        assert!(check(&["[0]:[0]", "[1, 2]:[1]"], Some((3, 2)), false).is_ok());
        // an empty text has no ids at all (a fresh user's report: "0 sentences (ids 0 to 0)")
        assert_eq!(
            err(&["[0]:[0]"], Some((0, 0))),
            "a.align:1: invalid alignment: source sentence 0 is beyond the source text, which has no sentence"
        );
        assert_eq!(
            err(&["[0]:[1]"], Some((1, 1))),
            "a.align:1: invalid alignment: target sentence 1 is beyond the target text, which has 1 sentence (id 0)"
        );
    }

    #[test]
    fn a_sentence_in_two_beads_warns_or_with_strict_is_refused() {
        // the reported gold: source 0 in lines 1 and 2, target 0 in lines 1 and 3
        let g = ["[0]:[0]", "[0]:[1]", "[5]:[0]"];
        assert_eq!(
            check(&g, None, false).unwrap(),
            vec![
                "a.align:2: source sentence 0 is already in the bead of line 1".to_owned(),
                "a.align:3: target sentence 0 is already in the bead of line 1".to_owned(),
            ]
        );
        assert_eq!(
            check(&g, None, true).unwrap_err().to_string(),
            "a.align:2: invalid alignment: source sentence 0 is already in the bead of line 1"
        );
        // scored as score_align.py scores it: pred [0]:[0] [1]:[1] [2]:[2]; only [0]:[0] is a
        // hit either way, so strict and lax P = 1/3, R = 1/3 (3 gold two-sided beads)
        let pred = numbered(&["[0]:[0]", "[1]:[1]", "[2]:[2]"]);
        let gold = numbered(&g);
        let strip = |v: Vec<(usize, IdBead)>| v.into_iter().map(|(_, b)| b).collect::<Vec<_>>();
        let c = count(&strip(gold), &strip(pred));
        assert_eq!(
            (
                c.strict_hits_p,
                c.lax_hits_p,
                c.pred,
                c.strict_hits_r,
                c.lax_hits_r,
                c.gold
            ),
            (1, 1, 3, 1, 1, 3)
        );
    }

    #[test]
    fn text_berg_quirks_are_allowed() {
        // crossing beads, a non-contiguous and an unsorted group, a deletion inside a group,
        // uncovered sentences (test1 and test3 of shared/data/textberg-defr)
        let g = [
            "[4, 7]:[4, 5]",
            "[5]:[13]",
            "[8]:[6]",
            "[227, 218]:[198]",
            "[75, 77]:[64]",
            "[76]:[]",
            "[]:[69]",
        ];
        assert_eq!(
            check(&g, Some((228, 199)), true).unwrap(),
            Vec::<String>::new()
        );
    }

    #[test]
    fn beads_compare_as_written_like_the_reference_scorer() {
        // gold [2, 1]:[0] [3]:[1]; pred [1, 2]:[0] [3]:[1]. score_align.py compares tuples, so
        // [1, 2]:[0] is no strict hit (strict P = R = 1/2) but a lax one (1 -> 0 in the gold):
        // lax P = R = 1
        let gold = vec![(vec![2, 1], vec![0]), (vec![3], vec![1])];
        let pred = vec![(vec![1, 2], vec![0]), (vec![3], vec![1])];
        let s = count(&gold, &pred).scores();
        assert_eq!(
            (s.strict_p, s.strict_r, s.lax_p, s.lax_r),
            (0.5, 0.5, 1.0, 1.0)
        );
    }
}
