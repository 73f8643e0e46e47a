//! Sentence alignment of two editions by dynamic programming.
//!
//! Input: the sentences of a source (English) and a target (Persian, Arabic, or any language)
//! edition. Output: an [`Alignment`], beads in document order that cover every sentence of both
//! sides exactly once (monotone: beads never cross).
//!
//! Each bead's cost is the Gale-Church length cost plus an anchor cost (shared numbers and
//! names) plus a shape prior ([`score`]); one-sided beads cost [`score::ScoreWeights::skip`].
//! The length model is estimated from the pair in two passes: the first uses the ratio of total
//! lengths, the second the ratio and variance of the first pass's 1-1 beads.
//! The search fills the whole table for small pairs and a band around the diagonal for large
//! ones ([`search`]).
//!
//! References: W. Gale, K. Church (1993), A program for aligning sentences in bilingual
//! corpora, Computational Linguistics 19(1); D. Varga et al. (2005), Parallel corpora for medium
//! density languages, RANLP (hunalign's anchors and realignment).

pub mod score;
pub mod search;

use crate::anchor::{anchors, Anchors};
use crate::corpus::Sentence;
use crate::Lang;
use rayon::prelude::*;
use score::{anchor_cost, shape_prior, LengthModel, ScoreWeights};
use std::ops::Range;

/// One bead: source sentences `src` aligned to target sentences `tgt` (either may be empty).
#[derive(Clone, Debug, PartialEq)]
pub struct Bead {
    /// Source sentence ids (0-based, consecutive).
    pub src: Range<usize>,
    /// Target sentence ids (0-based, consecutive).
    pub tgt: Range<usize>,
    /// Confidence in `[0, 1]`, higher is more confident (see [`align`]).
    pub score: f64,
}

impl Bead {
    /// The shape as `"a-b"`, e.g. `"1-1"`, `"2-1"`, `"1-0"`.
    pub fn shape(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// The beads of one pair, in document order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Alignment {
    /// Beads in order; together they cover `0..m` and `0..n` exactly once.
    pub beads: Vec<Bead>,
}

/// Settings of the aligner.
#[derive(Clone, Debug)]
pub struct AlignConfig {
    /// Largest bead: two-sided beads have `a + b <= max_bead` sentences, with at most
    /// `max_side` on either side. Default 4.
    pub max_bead: usize,
    /// Most sentences on one side of a bead. Default 2 (so 1-1, 1-2, 2-1, 2-2).
    pub max_side: usize,
    /// Tables with more cells than this are searched in a band. Default 4,000,000.
    pub full_table_cells: usize,
    /// Half-width of the band, in sentences, when banded. Default 200.
    pub band: usize,
    /// Cost weights.
    pub weights: ScoreWeights,
    /// A fixed length model; `None` (the default) estimates it from the pair.
    pub length_model: Option<LengthModel>,
}

impl Default for AlignConfig {
    fn default() -> Self {
        AlignConfig {
            max_bead: 4,
            max_side: 2,
            full_table_cells: 4_000_000,
            band: 200,
            weights: ScoreWeights::default(),
            length_model: None,
        }
    }
}

impl AlignConfig {
    /// The bead shapes allowed, 1-1 first (ties go to earlier shapes).
    pub fn shapes(&self) -> Vec<(usize, usize)> {
        let mut v = vec![(1, 1), (1, 0), (0, 1)];
        for a in 1..=self.max_side {
            for b in 1..=self.max_side {
                if (a, b) != (1, 1) && a + b <= self.max_bead.max(2) {
                    v.push((a, b));
                }
            }
        }
        v
    }
}

/// Prepared sentences of one side: normalized lengths and anchors.
struct Side {
    len: Vec<usize>,
    anchors: Vec<Anchors>,
}

impl Side {
    fn new(sents: &[Sentence], lang: &Lang) -> Side {
        Side {
            len: sents.iter().map(|s| s.norm.chars().count()).collect(),
            anchors: sents.iter().map(|s| anchors(&s.norm, lang)).collect(),
        }
    }
    fn len_of(&self, r: Range<usize>) -> usize {
        let k = r.len();
        self.len[r].iter().sum::<usize>() + k.saturating_sub(1)
    }
}

struct Scorer<'a> {
    src: &'a Side,
    tgt: &'a Side,
    model: LengthModel,
    w: &'a ScoreWeights,
}

impl Scorer<'_> {
    fn cost(&self, i: usize, a: usize, j: usize, b: usize) -> f64 {
        if a == 0 || b == 0 {
            return self.w.skip;
        }
        let l1 = self.src.len_of(i..i + a);
        let l2 = self.tgt.len_of(j..j + b);
        let sa: Vec<&Anchors> = self.src.anchors[i..i + a].iter().collect();
        let ta: Vec<&Anchors> = self.tgt.anchors[j..j + b].iter().collect();
        shape_prior(a, b) + self.model.cost(l1, l2) + anchor_cost(&sa, &ta, self.w)
    }

    /// Confidence of a bead, from the margin between its cost and the alternative.
    /// Two-sided: the alternative is leaving all its sentences unaligned, `(a + b) * skip`.
    /// One-sided: the alternative is the best 1-1 bead of that sentence with a sentence within
    /// two places of where it stands on the other side.
    fn confidence(&self, bead: &Bead) -> f64 {
        let (a, b) = (bead.src.len(), bead.tgt.len());
        let margin = if a > 0 && b > 0 {
            (a + b) as f64 * self.w.skip - self.cost(bead.src.start, a, bead.tgt.start, b)
        } else {
            let best_alt = if a == 1 {
                let j = bead.tgt.start;
                (j.saturating_sub(2)..(j + 2).min(self.tgt.len.len()))
                    .map(|k| self.cost(bead.src.start, 1, k, 1))
                    .fold(f64::INFINITY, f64::min)
            } else {
                let i = bead.src.start;
                (i.saturating_sub(2)..(i + 2).min(self.src.len.len()))
                    .map(|k| self.cost(k, 1, bead.tgt.start, 1))
                    .fold(f64::INFINITY, f64::min)
            };
            if best_alt.is_finite() {
                best_alt - 2.0 * self.w.skip
            } else {
                10.0
            }
        };
        1.0 / (1.0 + (-margin / 2.0).exp())
    }
}

/// Aligns the sentences of one pair of editions. See [`align_all`] for many pairs in parallel.
///
/// Shapes: `src.len() = m`, `tgt.len() = n`; the result covers `0..m` and `0..n` exactly once,
/// in order. Memory is `O(m * n)` bytes up to [`AlignConfig::full_table_cells`] cells, then
/// `O((m + 1) * band)`.
///
/// Each bead's `score` is `1 / (1 + exp(-margin / 2))`, where `margin` is how much cheaper
/// (in -ln probability) the bead is than its alternative: for a two-sided bead, leaving its
/// sentences unaligned; for a one-sided bead, pairing its sentence with the best neighbour.
pub fn align(src: &[Sentence], tgt: &[Sentence], src_lang: &Lang, tgt_lang: &Lang, cfg: &AlignConfig) -> Alignment {
    let s = Side::new(src, src_lang);
    let t = Side::new(tgt, tgt_lang);
    let (m, n) = (src.len(), tgt.len());
    let shapes = cfg.shapes();
    let band = if (m + 1).saturating_mul(n + 1) <= cfg.full_table_cells {
        search::full_band(m, n)
    } else {
        search::diagonal_band(m, n, cfg.band.max(m.abs_diff(n) + 10))
    };
    let first_model = cfg.length_model.unwrap_or_else(|| LengthModel::from_totals(s.len_of(0..m), t.len_of(0..n)));
    let run = |model: LengthModel| {
        let scorer = Scorer { src: &s, tgt: &t, model, w: &cfg.weights };
        let path = search::cheapest_path(m, n, &shapes, &band, |i, a, j, b| scorer.cost(i, a, j, b))
            .unwrap_or_else(|| fallback_path(m, n));
        (path, model)
    };
    let (mut path, mut model) = run(first_model);
    if cfg.length_model.is_none() {
        let mut pairs = Vec::new();
        let (mut i, mut j) = (0, 0);
        for &(a, b) in &path {
            if a == 1 && b == 1 {
                pairs.push((s.len[i], t.len[j]));
            }
            i += a;
            j += b;
        }
        let refined = first_model.estimate(&pairs);
        if refined != first_model {
            (path, model) = run(refined);
        }
    }
    let scorer = Scorer { src: &s, tgt: &t, model, w: &cfg.weights };
    let mut beads = Vec::with_capacity(path.len());
    let (mut i, mut j) = (0, 0);
    for (a, b) in path {
        let mut bead = Bead { src: i..i + a, tgt: j..j + b, score: 0.0 };
        bead.score = scorer.confidence(&bead);
        beads.push(bead);
        i += a;
        j += b;
    }
    Alignment { beads }
}

/// One-to-one down the diagonal, then one-sided beads: used only if the search finds no path
/// (which the shapes 1-0 and 0-1 make impossible inside a connected band).
fn fallback_path(m: usize, n: usize) -> Vec<(usize, usize)> {
    let k = m.min(n);
    let mut p = vec![(1, 1); k];
    p.extend(std::iter::repeat_n((1, 0), m - k));
    p.extend(std::iter::repeat_n((0, 1), n - k));
    p
}

/// One pair's input to [`align_all`].
pub struct PairInput<'a> {
    /// Source sentences.
    pub src: &'a [Sentence],
    /// Target sentences.
    pub tgt: &'a [Sentence],
    /// Source language.
    pub src_lang: &'a Lang,
    /// Target language.
    pub tgt_lang: &'a Lang,
}

/// Aligns many pairs in parallel with rayon; results are in input order and equal to calling
/// [`align`] on each pair, whatever the number of threads.
pub fn align_all(pairs: &[PairInput<'_>], cfg: &AlignConfig) -> Vec<Alignment> {
    pairs.par_iter().map(|p| align(p.src, p.tgt, p.src_lang, p.tgt_lang, cfg)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(v: &[&str], l: &Lang) -> Vec<Sentence> {
        v.iter().map(|s| Sentence::new(s, l, 0)).collect()
    }

    fn shapes(a: &Alignment) -> Vec<(Range<usize>, Range<usize>)> {
        a.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect()
    }

    #[test]
    fn numbers_keep_an_omission_from_shifting_neighbours() {
        let en = sents(
            &[
                "The meeting lasted 3 hours on Monday.",
                "Officials said 120 people attended it.",
                "A spokesman added that 45 delegates had left early in protest at the agenda.",
                "The next round is set for 2025.",
            ],
            &Lang::En,
        );
        let fa = sents(&["نشست ۳ ساعت طول کشید.", "مقامات گفتند ۱۲۰ نفر در آن حضور داشتند.", "دور بعد برای ۲۰۲۵ تعیین شده است."], &Lang::Fa);
        let a = align(&en, &fa, &Lang::En, &Lang::Fa, &AlignConfig::default());
        assert_eq!(shapes(&a), vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..2), (3..4, 2..3)]);
        assert!(a.beads.iter().all(|b| (0.0..=1.0).contains(&b.score)));
    }

    #[test]
    fn empty_sides_give_one_sided_beads() {
        let en = sents(&["One.", "Two."], &Lang::En);
        let a = align(&en, &[], &Lang::En, &Lang::Fa, &AlignConfig::default());
        assert_eq!(shapes(&a), vec![(0..1, 0..0), (1..2, 0..0)]);
        assert!(align(&[], &[], &Lang::En, &Lang::Fa, &AlignConfig::default()).beads.is_empty());
    }

    #[test]
    fn shapes_respect_the_maximum() {
        let cfg = AlignConfig { max_side: 3, max_bead: 4, ..AlignConfig::default() };
        let s = cfg.shapes();
        assert!(s.contains(&(1, 3)) && s.contains(&(3, 1)) && !s.contains(&(2, 3)));
        assert_eq!(AlignConfig::default().shapes().len(), 6);
    }
}
