//! Corpus filters for building training data from the bitext exports.
//!
//! Input: the units (beads with texts) of every pair, in order. Output: the units kept, and a
//! [`FilterReport`] saying how many each filter removed. Each unit is tested by the filters in
//! this order and counted under the first one that removes it:
//! 1. `min_score`: the bead's score is below the bound;
//! 2. `only_1_1`: the bead is not 1-1;
//! 3. `two_sided`: one side of the bead is empty (1-0, 0-1);
//! 4. length ratio: `chars(source) / chars(target)` (Unicode scalar values of the texts) is below
//!    `min_ratio` or above `max_ratio`; a bead with an empty side has no ratio and is removed when
//!    either bound is given;
//! 5. `drop_identical`: the two texts are equal (untranslated copies);
//! 6. `dedup`: the same (target language, source text, target text) was kept before, in this or an
//!    earlier pair.
//!
//! Every filter is off by default. Ratios follow the practice of Moses' `clean-corpus-n.perl`
//! (which bounds the ratio of lengths) but count characters, since Persian and Arabic tokens
//! differ from English ones.

use crate::export::{PairUnits, Unit};
use std::collections::HashSet;

/// Settings of the corpus filters; `Default` turns every filter off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterConfig {
    /// Remove beads whose score (in `[0, 1]`) is below this.
    pub min_score: Option<f64>,
    /// Keep only 1-1 beads.
    pub only_1_1: bool,
    /// Remove beads with an empty side (1-0, 0-1).
    pub two_sided: bool,
    /// Remove beads whose source/target length ratio, in characters, is below this.
    pub min_ratio: Option<f64>,
    /// Remove beads whose source/target length ratio, in characters, is above this.
    pub max_ratio: Option<f64>,
    /// Remove beads whose two texts are identical.
    pub drop_identical: bool,
    /// Remove exact duplicates (same target language, source and target text) after the first.
    pub dedup: bool,
}

/// How many beads each filter removed, and how many were kept.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FilterReport {
    /// Beads kept.
    pub kept: usize,
    /// Removed for a score below `min_score`.
    pub low_score: usize,
    /// Removed by `only_1_1`.
    pub not_1_1: usize,
    /// Removed by `two_sided`.
    pub one_sided: usize,
    /// Removed by the length-ratio bounds.
    pub ratio: usize,
    /// Removed because both sides are the same text.
    pub identical: usize,
    /// Removed as exact duplicates.
    pub duplicate: usize,
}

impl FilterReport {
    /// Total removed.
    pub fn removed(&self) -> usize {
        self.low_score
            + self.not_1_1
            + self.one_sided
            + self.ratio
            + self.identical
            + self.duplicate
    }

    /// The beads removed, by filter, for a summary line: `min-score 1, only-1-1 0, ...`.
    pub fn breakdown(&self) -> String {
        format!(
            "min-score {}, only-1-1 {}, two-sided {}, length ratio {}, identical sides {}, duplicates {}",
            self.low_score, self.not_1_1, self.one_sided, self.ratio, self.identical, self.duplicate
        )
    }
}

/// Why a unit is removed, if it is (see the module docs for the order).
fn verdict(u: &Unit, src: &str, tgt: &str, cfg: &FilterConfig) -> Option<fn(&mut FilterReport)> {
    if cfg.min_score.is_some_and(|m| u.bead.score < m) {
        return Some(|r| r.low_score += 1);
    }
    if cfg.only_1_1 && (u.bead.src.len() != 1 || u.bead.tgt.len() != 1) {
        return Some(|r| r.not_1_1 += 1);
    }
    if cfg.two_sided && (u.bead.src.is_empty() || u.bead.tgt.is_empty()) {
        return Some(|r| r.one_sided += 1);
    }
    if cfg.min_ratio.is_some() || cfg.max_ratio.is_some() {
        let (ls, lt) = (src.chars().count(), tgt.chars().count());
        let out = if ls == 0 || lt == 0 {
            true
        } else {
            let r = ls as f64 / lt as f64;
            cfg.min_ratio.is_some_and(|m| r < m) || cfg.max_ratio.is_some_and(|m| r > m)
        };
        if out {
            return Some(|r| r.ratio += 1);
        }
    }
    if cfg.drop_identical && src == tgt {
        return Some(|r| r.identical += 1);
    }
    None
}

/// Applies the filters to every pair's units, in order (see the module docs).
pub fn apply(pairs: Vec<PairUnits>, cfg: &FilterConfig) -> (Vec<PairUnits>, FilterReport) {
    let mut report = FilterReport::default();
    let mut seen: HashSet<(String, String, String)> = HashSet::new();
    let mut out = Vec::with_capacity(pairs.len());
    for mut p in pairs {
        let lang = p.tgt_lang.code().to_owned();
        let units = std::mem::take(&mut p.units);
        for u in units {
            let (src, tgt) = (u.src_text(), u.tgt_text());
            if let Some(count) = verdict(&u, &src, &tgt, cfg) {
                count(&mut report);
                continue;
            }
            if cfg.dedup && !seen.insert((lang.clone(), src, tgt)) {
                report.duplicate += 1;
                continue;
            }
            report.kept += 1;
            p.units.push(u);
        }
        out.push(p);
    }
    (out, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::Lang;

    fn unit(src: &[&str], tgt: &[&str], start: (usize, usize), score: f64) -> Unit {
        Unit {
            bead: Bead {
                src: start.0..start.0 + src.len(),
                tgt: start.1..start.1 + tgt.len(),
                score,
            },
            src: src.iter().map(|s| s.to_string()).collect(),
            tgt: tgt.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn pair(units: Vec<Unit>) -> PairUnits {
        PairUnits {
            slug: "s".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            units,
        }
    }

    #[test]
    fn each_filter_counts_what_it_removes_first() {
        let p = pair(vec![
            unit(&["Hello."], &["سلام."], (0, 0), 0.9),   // kept
            unit(&["Low."], &["کم."], (1, 1), 0.2),      // low score
            unit(&["A.", "B."], &["الف."], (2, 2), 0.9), // not 1-1
            unit(&["abcdefghij"], &["ab"], (4, 3), 0.9), // ratio 5.0 > 3
            unit(&["NATO"], &["NATO"], (5, 4), 0.9),     // identical
            unit(&["Hello."], &["سلام."], (6, 5), 0.9),   // duplicate of the first
            unit(&["Alone."], &[], (7, 6), 0.9),         // not 1-1 (before one-sided)
        ]);
        let cfg = FilterConfig {
            min_score: Some(0.5),
            only_1_1: true,
            two_sided: true,
            min_ratio: Some(0.25),
            max_ratio: Some(3.0),
            drop_identical: true,
            dedup: true,
        };
        let (out, r) = apply(vec![p], &cfg);
        assert_eq!(out[0].units.len(), 1);
        assert_eq!(out[0].units[0].src, vec!["Hello.".to_string()]);
        assert_eq!(
            r,
            FilterReport {
                kept: 1,
                low_score: 1,
                not_1_1: 2,
                one_sided: 0,
                ratio: 1,
                identical: 1,
                duplicate: 1
            }
        );
        assert_eq!(r.removed(), 6);
    }

    #[test]
    fn no_filter_keeps_everything_and_one_sided_is_its_own_filter() {
        let units = vec![
            unit(&["A."], &[], (0, 0), 0.1),
            unit(&["A."], &[], (1, 0), 0.1),
        ];
        let (out, r) = apply(vec![pair(units.clone())], &FilterConfig::default());
        assert_eq!((out[0].units.len(), r.kept, r.removed()), (2, 2, 0));
        let cfg = FilterConfig {
            two_sided: true,
            ..FilterConfig::default()
        };
        let (_, r) = apply(vec![pair(units)], &cfg);
        assert_eq!((r.kept, r.one_sided), (0, 2));
    }
}
