//! Bead costs: Gale-Church length cost, anchor cost, bead-shape prior.
//!
//! Units: costs are negative natural-log probabilities (lower = better); lengths are in chars
//! (Unicode scalar values) of the normalized text, spaces included.
//!
//! Length cost (Gale & Church 1993): with `l1` source chars and `l2` target chars,
//! `delta = (l2 - c * l1) / sqrt(l1 * s2)`, cost `= -ln(2 * (1 - Phi(|delta|)))`, where `c`
//! (target chars per source char) and `s2` (variance per source char) are estimated from the
//! texts themselves ([`LengthModel::estimate`]), not assumed.
//!
//! Anchor cost: each number found on both sides of a bead lowers the cost by
//! [`ScoreWeights::number_match`], each name skeleton found on both sides by
//! [`ScoreWeights::name_match`]; each number on one side only raises it by
//! [`ScoreWeights::number_miss`].

use crate::anchor::Anchors;

/// Target chars per source char, and variance, for the Gale-Church length cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LengthModel {
    /// Mean ratio `c` = target chars / source chars. Gale & Church used 1 for English-German.
    pub ratio: f64,
    /// Variance `s2` of target length per source char. Gale & Church measured 6.8.
    pub variance: f64,
}

impl LengthModel {
    /// The model of Gale & Church (1993): ratio 1, variance 6.8.
    pub const GALE_CHURCH: LengthModel = LengthModel { ratio: 1.0, variance: 6.8 };

    /// Estimates the ratio from total lengths (`ratio = sum l2 / sum l1`) and scales the
    /// variance with it. Falls back to [`LengthModel::GALE_CHURCH`] on empty input.
    pub fn from_totals(src_chars: usize, tgt_chars: usize) -> LengthModel {
        if src_chars == 0 || tgt_chars == 0 {
            return LengthModel::GALE_CHURCH;
        }
        let ratio = tgt_chars as f64 / src_chars as f64;
        LengthModel { ratio, variance: 6.8 * ratio }
    }

    /// Re-estimates ratio and variance from aligned 1-1 pairs of lengths `(l1, l2)`.
    /// Needs at least 5 pairs; returns `self` otherwise. The variance is kept in `[1, 40]`.
    pub fn estimate(&self, pairs: &[(usize, usize)]) -> LengthModel {
        if pairs.len() < 5 {
            return *self;
        }
        let s1: f64 = pairs.iter().map(|p| p.0 as f64).sum();
        let s2: f64 = pairs.iter().map(|p| p.1 as f64).sum();
        if s1 <= 0.0 || s2 <= 0.0 {
            return *self;
        }
        let ratio = s2 / s1;
        let var = pairs
            .iter()
            .filter(|p| p.0 > 0)
            .map(|&(a, b)| {
                let d = b as f64 - ratio * a as f64;
                d * d / a as f64
            })
            .sum::<f64>()
            / pairs.len() as f64;
        LengthModel { ratio, variance: var.clamp(1.0, 40.0) }
    }

    /// The Gale-Church cost of matching `l1` source chars with `l2` target chars.
    pub fn cost(&self, l1: usize, l2: usize) -> f64 {
        let l1f = (l1 as f64).max(1.0);
        let delta = (l2 as f64 - self.ratio * l1f) / (l1f * self.variance).sqrt();
        let p = 2.0 * (1.0 - std_normal_cdf(delta.abs()));
        -(p.max(1e-12)).ln()
    }
}

/// Weights of the anchor terms and the shape priors.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreWeights {
    /// Cost change per number found on both sides (negative = reward). Default -2.0.
    pub number_match: f64,
    /// Cost change per number on one side only. Default 0.5.
    pub number_miss: f64,
    /// Cost change per name skeleton found on both sides. Default -1.5.
    pub name_match: f64,
    /// Cost of leaving one sentence unaligned (1-0 or 0-1 bead). Default 5.3 = -ln(0.005),
    /// Gale & Church's prior for such beads.
    pub skip: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights { number_match: -2.0, number_miss: 0.5, name_match: -1.5, skip: 5.3 }
    }
}

/// The prior cost `-ln P(shape)` of a two-sided bead of `a` source and `b` target sentences.
/// 1-1: 0.89, 1-2 and 2-1: 0.045 each, 2-2: 0.011 (Gale & Church 1993, Table 5); wider
/// shapes: 0.002 halved for each further sentence.
pub fn shape_prior(a: usize, b: usize) -> f64 {
    let p = match (a, b) {
        (1, 1) => 0.89,
        (1, 2) | (2, 1) => 0.045,
        (2, 2) => 0.011,
        _ => 0.002 / 2f64.powi((a + b) as i32 - 4),
    };
    -p.ln()
}

/// Anchor cost of a bead whose sides have the given anchors (see the module docs).
pub fn anchor_cost(src: &[&Anchors], tgt: &[&Anchors], w: &ScoreWeights) -> f64 {
    let mut cost = 0.0;
    let mut tn: Vec<&str> = tgt.iter().flat_map(|a| a.numbers.iter().map(String::as_str)).collect();
    let mut unmatched_src = 0usize;
    for n in src.iter().flat_map(|a| a.numbers.iter()) {
        if let Some(p) = tn.iter().position(|t| t == n) {
            tn.swap_remove(p);
            cost += w.number_match;
        } else {
            unmatched_src += 1;
        }
    }
    cost += w.number_miss * (unmatched_src + tn.len()) as f64;
    for name in src.iter().flat_map(|a| a.names.iter()) {
        if tgt.iter().any(|t| t.names.contains(name)) {
            cost += w.name_match;
        }
    }
    cost
}

/// The standard normal CDF, by the Abramowitz & Stegun 26.2.17 approximation (error < 7.5e-8).
pub fn std_normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t * (0.319_381_530 + t * (-0.356_563_782 + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    let tail = (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() * poly;
    if x >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((std_normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((std_normal_cdf(1.96) - 0.975).abs() < 1e-4);
        assert!((std_normal_cdf(-1.0) - 0.158_655).abs() < 1e-5);
    }

    #[test]
    fn length_cost_is_lowest_at_the_expected_ratio() {
        let m = LengthModel { ratio: 1.2, variance: 6.8 };
        assert!(m.cost(100, 120) < 1e-6);
        assert!(m.cost(100, 100) > m.cost(100, 115));
    }

    #[test]
    fn estimates_ratio_from_pairs() {
        let pairs: Vec<(usize, usize)> = (1..=10).map(|k| (10 * k, 12 * k)).collect();
        let m = LengthModel::GALE_CHURCH.estimate(&pairs);
        assert!((m.ratio - 1.2).abs() < 1e-9);
        assert_eq!(m.variance, 1.0);
    }

    #[test]
    fn shared_numbers_lower_the_cost() {
        let a = Anchors { numbers: vec!["22".into()], names: vec![] };
        let b = Anchors { numbers: vec!["22".into()], names: vec![] };
        let c = Anchors { numbers: vec!["21".into()], names: vec![] };
        let w = ScoreWeights::default();
        assert_eq!(anchor_cost(&[&a], &[&b], &w), -2.0);
        assert_eq!(anchor_cost(&[&a], &[&c], &w), 1.0);
    }
}
