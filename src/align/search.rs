//! Dynamic-programming search for the cheapest monotone bead sequence.
//!
//! Input: sizes `m` (source sentences) and `n` (target sentences), the allowed bead shapes
//! `(a, b)` (sentences taken from each side), a band (for each source prefix length `i`, the
//! range of target prefix lengths `j` that may be visited), and a cost function.
//! Output: the bead shapes of the cheapest path from `(0, 0)` to `(m, n)`, in order.
//!
//! Memory: costs are kept for the last `max a + 1` rows only; back-pointers (one byte per cell)
//! for the whole band. A band of width `w` costs `O((m + 1) * w)` bytes, linear in the text
//! length for a fixed width. Time: `O(cells * shapes)` cost evaluations.
//! Ties are broken by the order of `shapes`, so the result is deterministic.

use std::ops::RangeInclusive;

/// A band: for each row `i` in `0..=m`, the inclusive range of `j` to fill. Rows must be
/// non-empty, `0` must be in row 0's range, `n` in row `m`'s.
pub type Band = Vec<RangeInclusive<usize>>;

/// The full table as a band.
pub fn full_band(m: usize, n: usize) -> Band {
    vec![0..=n; m + 1]
}

/// A band of half-width `w` around the straight line from `(0, 0)` to `(m, n)`, widened so
/// that every row can reach its neighbours.
pub fn diagonal_band(m: usize, n: usize, w: usize) -> Band {
    let center = |i: usize| {
        if m == 0 {
            0
        } else {
            (i as u128 * n as u128 / m as u128) as usize
        }
    };
    band_around(m, n, w, center)
}

/// A band of half-width `w` around the path `center(i)`; `center` must be non-decreasing.
/// Each row's range is widened to overlap the previous one so the band stays connected.
pub fn band_around(m: usize, n: usize, w: usize, center: impl Fn(usize) -> usize) -> Band {
    let band: Band = (0..=m)
        .map(|i| {
            let c = center(i).min(n);
            c.saturating_sub(w)..=(c + w).min(n)
        })
        .collect();
    connect(band, n)
}

/// A band of half-width `w` around the cells of `path` (bead shapes from `(0, 0)` to
/// `(m, n)`): each row's range spans the cells the path's beads cover on it (a bead from
/// `(i, j)` to `(i + a, j + b)` covers `j..=j + b` on rows `i..=i + a`), widened by `w` each
/// way, then connected as [`band_around`] does.
pub fn band_around_path(m: usize, n: usize, w: usize, path: &[(usize, usize)]) -> Band {
    let mut span = vec![(usize::MAX, 0usize); m + 1];
    let (mut i, mut j) = (0, 0);
    for &(a, b) in path {
        for r in &mut span[i..=(i + a).min(m)] {
            r.0 = r.0.min(j);
            r.1 = r.1.max(j + b);
        }
        i += a;
        j += b;
    }
    // rows no bead reaches (only for a path that does not end at `(m, n)`) get the last one's
    let mut last = (0, 0);
    let band: Band = span
        .into_iter()
        .map(|r| {
            if r.0 != usize::MAX {
                last = r;
            }
            last.0.min(n).saturating_sub(w)..=(last.1 + w).min(n)
        })
        .collect();
    connect(band, n)
}

/// Row 0 from 0, row `m` to `n`, and each row's range overlapping its neighbours'.
fn connect(mut band: Band, n: usize) -> Band {
    if let Some(first) = band.first_mut() {
        *first = 0..=*first.end();
    }
    let last = band.len() - 1;
    band[last] = *band[last].start()..=n;
    // make lower and upper bounds monotone and connected
    for i in 1..band.len() {
        let (plo, phi) = (*band[i - 1].start(), *band[i - 1].end());
        let (lo, hi) = (*band[i].start(), *band[i].end());
        band[i] = lo.max(plo).min(phi)..=hi.max(phi.min(n)).max(lo);
    }
    for i in (0..band.len() - 1).rev() {
        let (nlo, _) = (*band[i + 1].start(), *band[i + 1].end());
        let (lo, hi) = (*band[i].start(), *band[i].end());
        band[i] = lo.min(nlo)..=hi;
    }
    band
}

const NONE: u8 = u8::MAX;

/// Start of each row's cells in a flat array of the band's cells, and the number of cells.
pub(crate) fn band_offsets(band: &Band) -> (Vec<usize>, usize) {
    let mut total = 0;
    let offsets = band
        .iter()
        .map(|r| {
            let o = total;
            total += r.end() - r.start() + 1;
            o
        })
        .collect();
    (offsets, total)
}

/// Finds the cheapest path. `cost(i, a, j, b)` is the cost of the bead that takes source
/// sentences `i..i+a` and target sentences `j..j+b`; it may return `f64::INFINITY` to forbid it.
/// Returns the shapes (indices into `shapes`) in document order, or `None` if no path stays in
/// the band with finite cost.
pub fn cheapest_path(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    band: &Band,
    cost: impl FnMut(usize, usize, usize, usize) -> f64,
) -> Option<Vec<(usize, usize)>> {
    cheapest_path_pruned(m, n, shapes, band, cost, |_, _, _, _, _| false)
}

/// A cheaper bead than the best found so far for a cell must beat it by more than this, in
/// absolute terms plus this share of it, for a lower bound to rule it out: far more than the
/// rounding of a sum of costs.
const PRUNE_MARGIN: f64 = 1e-6;

/// [`cheapest_path`] with `loses(i, a, j, b, budget)`, true only when `cost(i, a, j, b)` is
/// surely more than `budget` (from a lower bound; false when unsure): a bead that would lose
/// to the best bead found so far for its end cell (by more than `PRUNE_MARGIN`) is then not
/// costed. The path is the same as without it, ties included (a bead replaces the best only
/// when strictly cheaper).
pub fn cheapest_path_pruned(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    band: &Band,
    mut cost: impl FnMut(usize, usize, usize, usize) -> f64,
    mut loses: impl FnMut(usize, usize, usize, usize, f64) -> bool,
) -> Option<Vec<(usize, usize)>> {
    assert!(shapes.len() < NONE as usize && band.len() == m + 1);
    let max_a = shapes.iter().map(|s| s.0).max().unwrap_or(1);
    let ring = max_a + 1;
    let mut rows: Vec<(usize, Vec<f64>)> = vec![(0, Vec::new()); ring];
    let (offsets, total) = band_offsets(band);
    let mut back = vec![NONE; total];
    // one-sided beads first: they are cheap to cost, and the best of them lets the bounds rule
    // out the others, 1-1 included; ties still go to the earlier shape of `shapes`
    let mut order: Vec<usize> = (0..shapes.len()).collect();
    order.sort_by_key(|&s| shapes[s].0 > 0 && shapes[s].1 > 0);
    for i in 0..=m {
        let (lo, hi) = (*band[i].start(), *band[i].end());
        let mut row = vec![f64::INFINITY; hi - lo + 1];
        for j in lo..=hi {
            if i == 0 && j == 0 {
                row[0] = 0.0;
                continue;
            }
            let mut best = f64::INFINITY;
            let mut arg = NONE;
            for &s in &order {
                let (a, b) = shapes[s];
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                let prev = if a == 0 {
                    if pj < lo {
                        continue;
                    }
                    row[pj - lo]
                } else {
                    let (plo, ref prow) = rows[pi % ring];
                    if pj < plo || pj >= plo + prow.len() {
                        continue;
                    }
                    prow[pj - plo]
                };
                if !prev.is_finite() {
                    continue;
                }
                if best.is_finite()
                    && loses(
                        pi,
                        a,
                        pj,
                        b,
                        best + PRUNE_MARGIN * (1.0 + best.abs()) - prev,
                    )
                {
                    continue;
                }
                let c = prev + cost(pi, a, pj, b);
                // the first shape of `shapes` wins a tie, as when they are tried in that order
                if c < best || (c == best && c.is_finite() && (s as u8) < arg) {
                    best = c;
                    arg = s as u8;
                }
            }
            row[j - lo] = best;
            back[offsets[i] + j - lo] = arg;
        }
        rows[i % ring] = (lo, row);
    }
    let (lo_m, ref last) = rows[m % ring];
    if n < lo_m || !last.get(n - lo_m).is_some_and(|c| c.is_finite()) {
        return None;
    }
    trace_back(m, n, shapes, |i, j| {
        Some(back[offsets[i] + j - band[i].start()])
    })
}

/// The bead shapes of the path ending at cell `(m, n)`, first bead first, read from the
/// back-pointers (`back_at(i, j)`: the shape index of the bead ending at `(i, j)`); `None` when
/// a cell on the way has none.
fn trace_back(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    back_at: impl Fn(usize, usize) -> Option<u8>,
) -> Option<Vec<(usize, usize)>> {
    let mut path = Vec::new();
    let (mut i, mut j) = (m, n);
    while i > 0 || j > 0 {
        let s = back_at(i, j)?;
        if s == NONE {
            return None;
        }
        let (a, b) = shapes[s as usize];
        path.push((a, b));
        i -= a;
        j -= b;
    }
    path.reverse();
    Some(path)
}

/// How far below the largest term of a [`log_sum_exp`] a term is left out (`e^-40`).
const LOG_SUM_CUT: f64 = 40.0;

/// `ln(sum(exp(x)))` over `terms` (`-inf` for none), shifted by the largest term so that one
/// `exp` per term and one `ln` per cell are computed (a pairwise `ln(e^a + e^b)` costs an `exp`
/// and a `ln_1p` per term). A term below `e^-40` of the largest is left out: it would add
/// under `4.3e-18` to a sum of 1 or more, under half the spacing of doubles there; a cell whose
/// other terms are all left out (one path into it far ahead of the rest) costs no `exp` or
/// `ln` at all. Terms are summed in the order given.
fn log_sum_exp(terms: &[f64]) -> f64 {
    let hi = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if hi == f64::NEG_INFINITY {
        return hi;
    }
    let mut sum = 0.0f64;
    for &x in terms {
        let d = x - hi;
        if d == 0.0 {
            sum += 1.0;
        } else if d > -LOG_SUM_CUT {
            sum += d.exp();
        }
    }
    // ln(1) is 0: the `ln` is needed only when another term counts
    if sum == 1.0 {
        hi
    } else {
        hi + sum.ln()
    }
}

/// Posterior probability of each bead of `path` under the model whose bead probabilities are
/// `exp(-cost / temperature)`, summed over every path inside `band` (the forward-backward
/// algorithm, Rabiner 1989, over the alignment lattice). A bead that no other path can avoid
/// gets a value near 1; one with close competitors, less.
///
/// Memory: two `f64` per band cell. Time: two more sweeps of `cost` over the band.
pub fn bead_posteriors(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    band: &Band,
    path: &[(usize, usize)],
    temperature: f64,
    mut cost: impl FnMut(usize, usize, usize, usize) -> f64,
) -> Vec<f64> {
    let (offsets, total) = band_offsets(band);
    let at = |i: usize, j: usize| -> Option<usize> {
        let r = &band[i];
        (j >= *r.start() && j <= *r.end()).then(|| offsets[i] + j - r.start())
    };
    let t = temperature.max(1e-6);
    // the terms of one cell's sum
    let mut terms: Vec<f64> = Vec::with_capacity(shapes.len());
    let mut fwd = vec![f64::NEG_INFINITY; total];
    for (i, row) in band.iter().enumerate() {
        for j in row.clone() {
            let Some(here) = at(i, j) else { continue };
            if i == 0 && j == 0 {
                fwd[here] = 0.0;
                continue;
            }
            terms.clear();
            for &(a, b) in shapes {
                if a > i || b > j {
                    continue;
                }
                if let Some(prev) = at(i - a, j - b) {
                    if fwd[prev].is_finite() {
                        let c = cost(i - a, a, j - b, b);
                        if c.is_finite() {
                            terms.push(fwd[prev] - c / t);
                        }
                    }
                }
            }
            fwd[here] = log_sum_exp(&terms);
        }
    }
    posteriors_from_forward(m, n, shapes, band, path, temperature, &fwd, cost)
}

/// [`cheapest_path`] and the forward sums of [`bead_posteriors`] in one sweep of the band
/// (each bead costed once, visited once): the path, ties broken by the order of `shapes`, and
/// the forward sums for [`posteriors_from_forward`]. The same path and sums as the two
/// apart: a cell is reached by a path of finite cost exactly when its forward sum is finite.
pub(crate) fn cheapest_path_and_forward(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    band: &Band,
    temperature: f64,
    mut cost: impl FnMut(usize, usize, usize, usize) -> f64,
) -> (Option<Vec<(usize, usize)>>, Vec<f64>) {
    assert!(shapes.len() < NONE as usize && band.len() == m + 1);
    let (offsets, total) = band_offsets(band);
    let at = |i: usize, j: usize| -> Option<usize> {
        let r = &band[i];
        (j >= *r.start() && j <= *r.end()).then(|| offsets[i] + j - r.start())
    };
    let t = temperature.max(1e-6);
    // the terms of one cell's sum
    let mut terms: Vec<f64> = Vec::with_capacity(shapes.len());
    let mut fwd = vec![f64::NEG_INFINITY; total];
    let mut best_to = vec![f64::INFINITY; total];
    let mut back = vec![NONE; total];
    for (i, row) in band.iter().enumerate() {
        for j in row.clone() {
            let Some(here) = at(i, j) else { continue };
            if i == 0 && j == 0 {
                fwd[here] = 0.0;
                best_to[here] = 0.0;
                continue;
            }
            let (mut best, mut arg) = (f64::INFINITY, NONE);
            terms.clear();
            for (s, &(a, b)) in shapes.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let Some(prev) = at(i - a, j - b) else {
                    continue;
                };
                if !best_to[prev].is_finite() {
                    continue;
                }
                let c = cost(i - a, a, j - b, b);
                // shapes in order: the first of equal costs stays
                if best_to[prev] + c < best {
                    best = best_to[prev] + c;
                    arg = s as u8;
                }
                if c.is_finite() {
                    terms.push(fwd[prev] - c / t);
                }
            }
            best_to[here] = best;
            back[here] = arg;
            fwd[here] = log_sum_exp(&terms);
        }
    }
    let end = at(m, n).filter(|&k| best_to[k].is_finite());
    let path = end.and_then(|_| trace_back(m, n, shapes, |i, j| Some(back[at(i, j)?])));
    (path, fwd)
}

/// [`bead_posteriors`] given the forward sums `fwd` (of [`cheapest_path_and_forward`]).
#[allow(clippy::too_many_arguments)]
pub(crate) fn posteriors_from_forward(
    m: usize,
    n: usize,
    shapes: &[(usize, usize)],
    band: &Band,
    path: &[(usize, usize)],
    temperature: f64,
    fwd: &[f64],
    mut cost: impl FnMut(usize, usize, usize, usize) -> f64,
) -> Vec<f64> {
    let (offsets, total) = band_offsets(band);
    let at = |i: usize, j: usize| -> Option<usize> {
        let r = &band[i];
        (j >= *r.start() && j <= *r.end()).then(|| offsets[i] + j - r.start())
    };
    let t = temperature.max(1e-6);
    // the terms of one cell's sum
    let mut terms: Vec<f64> = Vec::with_capacity(shapes.len());
    let mut bwd = vec![f64::NEG_INFINITY; total];
    for (i, row) in band.iter().enumerate().rev() {
        for j in row.clone().rev() {
            let Some(here) = at(i, j) else { continue };
            if i == m && j == n {
                bwd[here] = 0.0;
                continue;
            }
            terms.clear();
            for &(a, b) in shapes {
                if i + a > m || j + b > n {
                    continue;
                }
                if let Some(next) = at(i + a, j + b) {
                    if bwd[next].is_finite() {
                        let c = cost(i, a, j, b);
                        if c.is_finite() {
                            terms.push(bwd[next] - c / t);
                        }
                    }
                }
            }
            bwd[here] = log_sum_exp(&terms);
        }
    }
    let z = at(m, n).map_or(f64::NEG_INFINITY, |k| fwd[k]);
    let (mut i, mut j) = (0, 0);
    path.iter()
        .map(|&(a, b)| {
            let p = match (at(i, j), at(i + a, j + b)) {
                (Some(x), Some(y)) if z.is_finite() => (fwd[x] - cost(i, a, j, b) / t + bwd[y] - z)
                    .exp()
                    .clamp(0.0, 1.0),
                _ => 0.0,
            };
            i += a;
            j += b;
            p
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPES: &[(usize, usize)] = &[(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)];

    #[test]
    fn finds_hand_worked_path() {
        // lengths 10 20 30 vs 10 50: cost |sum a - sum b|, skips cost 100
        let x = [10.0, 20.0, 30.0];
        let y = [10.0, 50.0];
        let p = cheapest_path(3, 2, SHAPES, &full_band(3, 2), |i, a, j, b| {
            if a == 0 || b == 0 {
                return 100.0;
            }
            let sx: f64 = x[i..i + a].iter().sum();
            let sy: f64 = y[j..j + b].iter().sum();
            (sx - sy).abs()
        })
        .unwrap();
        assert_eq!(p, vec![(1, 1), (2, 1)]);
    }

    #[test]
    fn bounds_that_hold_leave_the_path_unchanged() {
        // pseudo-random bead costs, ties included (costs in whole units), and lower bounds
        // 0 to 3 below them: the pruned search keeps the same path
        let cost = |i: usize, a: usize, j: usize, b: usize| {
            let h = (i * 31 + a * 7 + j * 17 + b * 3) % 11;
            (h as f64) + if a == 0 || b == 0 { 4.0 } else { 0.0 }
        };
        let slack = |i: usize, a: usize, j: usize, b: usize| ((i + j + a * b) % 4) as f64;
        let mut skipped = 0;
        for (m, n) in [(7, 9), (12, 5), (10, 10)] {
            let band = full_band(m, n);
            let plain = cheapest_path(m, n, SHAPES, &band, cost);
            let pruned = cheapest_path_pruned(m, n, SHAPES, &band, cost, |i, a, j, b, budget| {
                let loses = cost(i, a, j, b) - slack(i, a, j, b) > budget;
                skipped += loses as usize;
                loses
            });
            assert_eq!(plain, pruned);
        }
        assert!(skipped > 50, "{skipped}");
    }

    #[test]
    fn one_sweep_gives_the_path_and_posteriors_of_two() {
        // costs in whole units (ties), some forbidden: the same path and the same posteriors,
        // to the bit
        let cost = |i: usize, a: usize, j: usize, b: usize| {
            let h = (i * 31 + a * 7 + j * 17 + b * 3) % 13;
            if h == 12 {
                f64::INFINITY
            } else {
                (h as f64) + if a == 0 || b == 0 { 4.0 } else { 0.0 }
            }
        };
        for (m, n) in [(7, 9), (12, 5), (10, 10), (0, 3)] {
            for band in [full_band(m, n), diagonal_band(m, n, 2)] {
                let plain = cheapest_path(m, n, SHAPES, &band, cost);
                let (path, fwd) = cheapest_path_and_forward(m, n, SHAPES, &band, 2.0, cost);
                assert_eq!(plain, path);
                let path = path.unwrap();
                let apart = bead_posteriors(m, n, SHAPES, &band, &path, 2.0, cost);
                let joined = posteriors_from_forward(m, n, SHAPES, &band, &path, 2.0, &fwd, cost);
                let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&apart), bits(&joined));
            }
        }
    }

    #[test]
    fn empty_side_gives_one_sided_beads() {
        let p = cheapest_path(2, 0, SHAPES, &full_band(2, 0), |_, _, _, _| 1.0).unwrap();
        assert_eq!(p, vec![(1, 0), (1, 0)]);
    }

    #[test]
    fn band_is_connected_and_reaches_corners() {
        let b = diagonal_band(100, 7, 1);
        assert_eq!(*b[0].start(), 0);
        assert_eq!(*b[100].end(), 7);
        for w in b.windows(2) {
            assert!(w[1].start() >= w[0].start() && w[1].start() <= w[0].end());
        }
    }

    #[test]
    fn log_sum_exp_sums_in_the_log_domain_and_leaves_out_far_terms() {
        assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
        assert_eq!(
            log_sum_exp(&[f64::NEG_INFINITY, f64::NEG_INFINITY]),
            f64::NEG_INFINITY
        );
        assert_eq!(log_sum_exp(&[-3.5]), -3.5);
        // ln(e^-1 + e^-1) = -1 + ln 2; ln(e^0 + e^-1 + e^-2) worked by hand
        assert!((log_sum_exp(&[-1.0, -1.0]) - (-1.0 + 2f64.ln())).abs() < 1e-15);
        let want = (1.0 + (-1f64).exp() + (-2f64).exp()).ln();
        assert!((log_sum_exp(&[-2.0, 0.0, -1.0]) - want).abs() < 1e-15);
        // a term e^-41 below the largest, or -inf, leaves it exactly as it is
        assert_eq!(log_sum_exp(&[-5.0, -46.0, f64::NEG_INFINITY]), -5.0);
        assert_eq!(log_sum_exp(&[1000.0, 1000.0]), 1000.0 + 2f64.ln());
    }

    #[test]
    fn band_around_a_path_holds_its_cells_and_w_more() {
        // 1-1, 0-1, 0-1, 2-1, 1-0 over 4 x 4
        let path = [(1, 1), (0, 1), (0, 1), (2, 1), (1, 0)];
        let b = band_around_path(4, 4, 1, &path);
        assert_eq!(b, vec![0..=2, 0..=4, 2..=4, 2..=4, 3..=4]);
        let (mut i, mut j) = (0, 0);
        for &(a, d) in &path {
            i += a;
            j += d;
            assert!(b[i].contains(&j));
        }
        assert_eq!(band_around_path(4, 4, 9, &path), full_band(4, 4));
    }
}
