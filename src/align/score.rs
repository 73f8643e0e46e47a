//! Bead costs: Gale-Church length cost, word-coverage cost, bead-shape prior.
//!
//! Units: costs are negative natural-log probabilities (lower = better); lengths are in chars
//! (Unicode scalar values) of the normalized text, spaces included.
//!
//! Length cost (Gale & Church 1993): with `l1` source chars and `l2` target chars,
//! `delta = (l2 - c * l1) / sqrt(l1 * s2)`, cost `= -ln(2 * (1 - Phi(|delta|)))`, where `c`
//! (target chars per source char) and `s2` (variance per source char) are estimated from the
//! texts themselves ([`LengthModel::estimate`]), not assumed.
//!
//! Coverage cost: a log-likelihood ratio over the bead's tokens, covered or not by a
//! counterpart on the other side ([`Coverage`]).

/// Target chars per source char, and variance, for the Gale-Church length cost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LengthModel {
    /// Mean ratio `c` = target chars / source chars. Gale & Church used 1 for English-German.
    pub ratio: f64,
    /// Variance `s2` of target length per source char. Gale & Church measured 6.8.
    pub variance: f64,
}

/// `-ln(2 (1 - Phi(|delta|)))`, the two-sided Gaussian tail of Gale & Church.
fn gaussian_cost(delta: f64) -> f64 {
    let p = 2.0 * (1.0 - std_normal_cdf(delta.abs()));
    -(p.max(1e-12)).ln()
}

/// Slope of the length cost past `|delta| = 2`, per unit of `delta`.
pub const LENGTH_TAIL_SLOPE: f64 = 1.5;

/// Pseudo-count, in source chars, of the prior ratio (about 40 news sentences).
pub const PRIOR_CHARS: f64 = 5000.0;
/// Pseudo-count, in sentence pairs, of the prior variance.
pub const PRIOR_PAIRS: f64 = 20.0;

impl LengthModel {
    /// The model of Gale & Church (1993): ratio 1, variance 6.8.
    pub const GALE_CHURCH: LengthModel = LengthModel {
        ratio: 1.0,
        variance: 6.8,
    };

    /// The prior model for a language pair: the mean ratio of target to source chars measured
    /// on NTREX-128 news (English to Persian 0.98, to Arabic 0.93; variance per char 3.1 and 3.3
    /// there, widened here to Gale & Church's 6.8 to stay safe on other text), 1.0 otherwise.
    pub fn prior(src: &crate::Lang, tgt: &crate::Lang) -> LengthModel {
        use crate::Lang::*;
        let ratio = match (src, tgt) {
            (En, Fa) => 0.98,
            (En, Ar) => 0.93,
            (Fa, En) => 1.0 / 0.98,
            (Ar, En) => 1.0 / 0.93,
            _ => 1.0,
        };
        LengthModel {
            ratio,
            variance: 6.8 * ratio,
        }
    }

    /// Estimates the ratio from total lengths, shrunk towards `self` (the prior) by
    /// [`PRIOR_CHARS`] chars of pseudo-data: `ratio = (l1 r + k r0) / (l1 + k)`, the observed
    /// ratio `r = l2 / l1` taken within `[r0 / 2, 2 r0]`. A short text with an omission thus
    /// cannot drag the ratio far, nor can one sentence against 500 lines (most of the longer
    /// side has no counterpart there, and `r` = 700 would make one English sentence worth
    /// three Persian lines). The passes then re-estimate it from aligned pairs
    /// ([`LengthModel::estimate`]). Falls back to `self` on empty input.
    pub fn from_totals(&self, src_chars: usize, tgt_chars: usize) -> LengthModel {
        let k = PRIOR_CHARS;
        let (l1, l2) = (src_chars as f64, tgt_chars as f64);
        let ratio = if l1 > 0.0 {
            let r = (l2 / l1).clamp(self.ratio / 2.0, self.ratio * 2.0);
            (l1 * r + k * self.ratio) / (l1 + k)
        } else {
            self.ratio
        };
        LengthModel {
            ratio,
            variance: self.variance / self.ratio * ratio,
        }
    }

    /// Re-estimates ratio and variance from aligned 1-1 pairs of lengths `(l1, l2)`, each shrunk
    /// towards `self` ([`PRIOR_CHARS`] chars for the ratio, [`PRIOR_PAIRS`] pairs for the
    /// variance). The variance is kept in `[1, 40]`.
    pub fn estimate(&self, pairs: &[(usize, usize)]) -> LengthModel {
        let s1: f64 = pairs.iter().map(|p| p.0 as f64).sum();
        let s2: f64 = pairs.iter().map(|p| p.1 as f64).sum();
        let ratio = (s2 + PRIOR_CHARS * self.ratio) / (s1 + PRIOR_CHARS);
        let dev: f64 = pairs
            .iter()
            .filter(|p| p.0 > 0)
            .map(|&(a, b)| {
                let d = b as f64 - ratio * a as f64;
                d * d / a as f64
            })
            .sum();
        let var = (dev + PRIOR_PAIRS * self.variance) / (pairs.len() as f64 + PRIOR_PAIRS);
        LengthModel {
            ratio,
            variance: var.clamp(1.0, 40.0),
        }
    }

    /// The Gale-Church cost of matching `l1` source chars with `l2` target chars.
    ///
    /// Past `|delta| = 2` the cost grows linearly (slope [`LENGTH_TAIL_SLOPE`] per unit of
    /// `delta`) instead of quadratically: translations of headlines and captions are often far
    /// longer or shorter than the mean ratio says, and a Gaussian tail would rather leave both
    /// sentences unaligned than pair them.
    pub fn cost(&self, l1: usize, l2: usize) -> f64 {
        let l1f = (l1 as f64).max(1.0);
        let delta = ((l2 as f64 - self.ratio * l1f) / (l1f * self.variance).sqrt()).abs();
        let tail = LENGTH_TAIL_SLOPE;
        if delta > 2.0 && tail > 0.0 {
            return gaussian_cost(2.0) + (delta - 2.0) * tail;
        }
        gaussian_cost(delta)
    }

    /// A lower bound of [`LengthModel::cost`] without its exp and ln: the cost itself past
    /// `|delta| = 2` (the tail, linear), else `-1e-6` (the Gaussian part is at least 0, less
    /// the error of the normal CDF's approximation, under 1e-7).
    pub fn cost_lower_bound(&self, l1: usize, l2: usize) -> f64 {
        static AT_TWO: std::sync::LazyLock<f64> = std::sync::LazyLock::new(|| gaussian_cost(2.0));
        let l1f = (l1 as f64).max(1.0);
        let delta = ((l2 as f64 - self.ratio * l1f) / (l1f * self.variance).sqrt()).abs();
        let tail = LENGTH_TAIL_SLOPE;
        if delta > 2.0 && tail > 0.0 {
            return *AT_TWO + (delta - 2.0) * tail;
        }
        -1e-6
    }
}

/// Word-coverage evidence: the rate at which a token is *covered* (has a counterpart on the
/// other side of the bead: the same number or token, a name with the same consonant skeleton, or
/// a lexicon link) in true translations (`p_true`) and in unrelated sentence pairs (`q`).
///
/// A bead with `a` source and `b` target sentences, `n_s` source tokens of which `c_s` are
/// covered and `n_t`/`c_t` likewise, gets the log-likelihood ratio
/// `LLR = sum over sides of c ln(p_true / p0) + (n - c) ln((1 - p_true) / (1 - p0))`, where the
/// chance rate `p0 = 1 - (1 - q)^k` grows with the number `k` of sentences on the other side
/// (more words to match by accident). The cost term is `-weight * LLR`. This makes wider beads
/// pay for the chance matches they buy, so 2-2 and 1-2 beads are not invented.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Coverage {
    /// Rate of covered source tokens in true beads, in `(0, 1)`.
    pub p_true_src: f64,
    /// Rate of covered target tokens in true beads.
    pub p_true_tgt: f64,
    /// Rate of covered source tokens against one unrelated target sentence.
    pub q_src: f64,
    /// Rate of covered target tokens against one unrelated source sentence.
    pub q_tgt: f64,
    /// Weight of the LLR in the cost (words are not independent, so less than 1).
    pub weight: f64,
    /// `-weight * (LLR of a covered token, LLR of an uncovered one)` for a source token facing
    /// `k` target sentences (`src_llr[k]`) and for a target token (`tgt_llr[k]`), `k` in `0..8`.
    src_llr: [(f64, f64); 8],
    tgt_llr: [(f64, f64); 8],
}

impl Coverage {
    /// No evidence (weight 0).
    pub const NONE: Coverage = Coverage {
        p_true_src: 0.5,
        p_true_tgt: 0.5,
        q_src: 0.1,
        q_tgt: 0.1,
        weight: 0.0,
        src_llr: [(0.0, 0.0); 8],
        tgt_llr: [(0.0, 0.0); 8],
    };

    /// Builds the evidence model from measured rates; evidence is off (weight 0) on a side
    /// where the true rate does not clearly exceed the chance rate.
    pub fn from_rates(
        p_true_src: f64,
        p_true_tgt: f64,
        q_src: f64,
        q_tgt: f64,
        weight: f64,
    ) -> Coverage {
        let clamp = |x: f64| x.clamp(0.005, 0.95);
        let c = Coverage {
            p_true_src: clamp(p_true_src),
            p_true_tgt: clamp(p_true_tgt),
            q_src: clamp(q_src).min(0.5),
            q_tgt: clamp(q_tgt).min(0.5),
            weight,
            src_llr: [(0.0, 0.0); 8],
            tgt_llr: [(0.0, 0.0); 8],
        };
        let weight = if c.p_true_src < c.q_src * 1.5 && c.p_true_tgt < c.q_tgt * 1.5 {
            0.0
        } else {
            weight
        };
        let table = |p1: f64, q: f64| {
            let mut t = [(0.0, 0.0); 8];
            for (k, e) in t.iter_mut().enumerate().skip(1) {
                let (cov, unc) = Coverage::llr(p1, q, k);
                *e = (-weight * cov, -weight * unc);
            }
            t
        };
        Coverage {
            weight,
            src_llr: table(c.p_true_src, c.q_src),
            tgt_llr: table(c.p_true_tgt, c.q_tgt),
            ..c
        }
    }

    /// LLR of one covered and one uncovered token facing `k` sentences of the other side.
    fn llr(p1: f64, q: f64, k: usize) -> (f64, f64) {
        let p0 = (1.0 - (1.0 - q).powi(k as i32)).min(0.9);
        if p1 <= p0 {
            return (0.0, 0.0);
        }
        ((p1 / p0).ln(), ((1.0 - p1) / (1.0 - p0)).ln())
    }

    /// The cost term `-weight * LLR` of a bead with `a` source and `b` target sentences,
    /// `n_s` source tokens of which `c_s` are covered, `n_t`/`c_t` likewise (see the type docs).
    pub fn cost(&self, a: usize, b: usize, n_s: usize, c_s: usize, n_t: usize, c_t: usize) -> f64 {
        self.src_cost(b, n_s, c_s, n_t) + self.tgt_cost(a, n_t, c_t, n_s)
    }

    /// The source side's part of [`Coverage::cost`]: `n_s` source tokens, `c_s` covered by `b`
    /// target sentences that hold `n_t` tokens.
    pub fn src_cost(&self, b: usize, n_s: usize, c_s: usize, n_t: usize) -> f64 {
        Coverage::side(self.weight, self.src_llr[b.min(7)], n_s, c_s, n_t)
    }

    /// The target side's part of [`Coverage::cost`] (as [`Coverage::src_cost`]).
    pub fn tgt_cost(&self, a: usize, n_t: usize, c_t: usize, n_s: usize) -> f64 {
        Coverage::side(self.weight, self.tgt_llr[a.min(7)], n_t, c_t, n_s)
    }

    fn side(weight: f64, (cov, unc): (f64, f64), n: usize, c: usize, n_other: usize) -> f64 {
        if weight == 0.0 {
            return 0.0;
        }
        let c = c.min(n);
        // a side can only fail to cover what it could have covered: uncovered tokens count up
        // to twice the other side's tokens plus two (a target of run-together words, with one or
        // two tokens, says little against a source of thirty)
        let u = (n - c).min(2 * n_other + 2);
        count_f64(c) * cov + count_f64(u) * unc
    }
}

/// `n as f64` for a count (far below 2^63), converted as a signed integer: the same double,
/// in one instruction where x86-64 without AVX-512 converts an unsigned 64-bit integer in
/// about eight (the search's bead bounds convert eight counts each).
#[inline]
fn count_f64(n: usize) -> f64 {
    debug_assert!(n < 1 << 63);
    n as i64 as f64
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

/// The standard normal CDF, by the Abramowitz & Stegun 26.2.17 approximation (error < 7.5e-8).
pub fn std_normal_cdf(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x.abs());
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
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
    fn coverage_cost_is_the_sum_of_its_sides_and_caps_uncovered_tokens() {
        let c = Coverage::from_rates(0.5, 0.4, 0.05, 0.04, 0.5);
        let (n_s, c_s, n_t, c_t) = (10, 4, 8, 3);
        let whole = c.cost(2, 1, n_s, c_s, n_t, c_t);
        let parts = c.src_cost(1, n_s, c_s, n_t) + c.tgt_cost(2, n_t, c_t, n_s);
        assert!((whole - parts).abs() < 1e-12);
        // 10 source tokens, none covered, against a target with no tokens: 2 count as
        // uncovered (twice the other side's 0, plus 2), each costing -0.5 ln((1-0.5)/(1-0.05))
        let unc = -0.5 * ((1.0 - 0.5f64) / (1.0 - 0.05)).ln();
        assert!((c.src_cost(1, 10, 0, 0) - 2.0 * unc).abs() < 1e-12);
        assert!((c.src_cost(1, 10, 0, 8) - 10.0 * unc).abs() < 1e-12);
    }

    #[test]
    fn normal_cdf_matches_tables() {
        assert!((std_normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((std_normal_cdf(1.96) - 0.975).abs() < 1e-4);
        assert!((std_normal_cdf(-1.0) - 0.158_655).abs() < 1e-5);
    }

    #[test]
    fn length_cost_is_lowest_at_the_expected_ratio() {
        let m = LengthModel {
            ratio: 1.2,
            variance: 6.8,
        };
        assert!(m.cost(100, 120) < 1e-6);
        assert!(m.cost(100, 100) > m.cost(100, 115));
    }

    #[test]
    fn estimates_are_shrunk_towards_the_prior() {
        let prior = LengthModel {
            ratio: 1.0,
            variance: 6.8,
        };
        // 50,000 chars at ratio 1.2 against 5,000 pseudo-chars at 1.0: (60000 + 5000) / 55000
        let pairs: Vec<(usize, usize)> = (0..500).map(|_| (100, 120)).collect();
        let m = prior.estimate(&pairs);
        assert!((m.ratio - 65_000.0 / 55_000.0).abs() < 1e-9);
        // no data: the prior
        assert_eq!(prior.estimate(&[]).ratio, 1.0);
        assert!((prior.from_totals(0, 0).ratio - 1.0).abs() < 1e-12);
        // totals: 10,000 chars at ratio 1.2 against 5,000 pseudo-chars at 1.0
        let t = prior.from_totals(10_000, 12_000);
        assert!((t.ratio - 17_000.0 / 15_000.0).abs() < 1e-12);
        assert!((t.variance - 6.8 * t.ratio).abs() < 1e-9);
        // one 32-char sentence against 500 lines (22,500 chars): the observed 703 counts as 2
        let t = prior.from_totals(32, 22_500);
        assert!((t.ratio - (32.0 * 2.0 + 5000.0) / 5032.0).abs() < 1e-12);
        let t = prior.from_totals(22_500, 32);
        assert!((t.ratio - (22_500.0 * 0.5 + 5000.0) / 27_500.0).abs() < 1e-12);
    }

    #[test]
    fn wider_beads_pay_for_chance_matches() {
        let c = Coverage::from_rates(0.6, 0.6, 0.05, 0.05, 1.0);
        // the same 10 of 20 tokens covered: cheaper against one sentence than against two
        assert!(c.cost(1, 1, 10, 5, 10, 5) < c.cost(1, 2, 10, 5, 10, 5));
        // covering more is cheaper; no coverage is expensive
        assert!(c.cost(1, 1, 10, 8, 10, 8) < c.cost(1, 1, 10, 5, 10, 5));
        assert!(c.cost(1, 1, 10, 0, 10, 0) > 5.0);
        assert_eq!(Coverage::NONE.cost(1, 1, 10, 0, 10, 0), 0.0);
    }
}
