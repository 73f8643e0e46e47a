//! hunalign's ladder format (Varga et al. 2005, RANLP; hunalign's README, "File formats:
//! Alignments"; the same format hunalign reads with `-hand=` and its `ladder2text.py` reads).
//!
//! A ladder is a list of rungs, one per line: `src_pos<TAB>tgt_pos<TAB>score`, LF. A rung `(n, m)`
//! says the first `n` source sentences correspond to the first `m` target sentences; rungs never
//! cross. The first rung is always `0 0`, the last is always `(number of source sentences,
//! number of target sentences)`. Two consecutive rungs bound one bead, and the score on a rung is
//! the confidence of the bead that starts there. dragoman writes one rung per bead (at its
//! start), scores with 4 decimals as in `.align` files, and the closing rung with score
//! `0.0000`, since it starts no bead. The ladder holds no text: it refers to the sentence files
//! `<slug>.<lang>.sent` (one sentence per line, hunalign's input format), written beside it.

use crate::align::Bead;
use crate::error::{Error, ErrorKind, Result};
use crate::export::PairAlignment;
use std::io::Write;

/// Writes the ladder of one pair (see the module docs).
///
/// # Errors
/// I/O errors.
pub fn write_ladder(w: &mut dyn Write, pair: &PairAlignment) -> Result<()> {
    for b in &pair.alignment.beads {
        writeln!(w, "{}\t{}\t{:.4}", b.src.start, b.tgt.start, b.score)?;
    }
    writeln!(w, "{}\t{}\t{:.4}", pair.src.len(), pair.tgt.len(), 0.0)?;
    Ok(())
}

/// Reads a ladder into beads, for texts of `m` source and `n` target sentences.
///
/// # Errors
/// [`ErrorKind::BadBead`] with the 1-based line: a line that is not `int<TAB>int[<TAB>score]`,
/// a first rung other than `0 0`, rungs that go back or repeat, a last rung other than `(m, n)`.
pub fn read_ladder(text: &str, m: usize, n: usize) -> Result<Vec<Bead>> {
    let mut rungs: Vec<(usize, usize, f64, usize)> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let line_no = k + 1;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |why: &str| {
            Error::new(ErrorKind::BadBead(format!(
                "{why}: {:?}",
                line.chars().take(80).collect::<String>()
            )))
            .with_line(line_no)
        };
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if f.len() < 2 || f.len() > 3 {
            return Err(bad("expected src_pos<TAB>tgt_pos<TAB>score"));
        }
        let a: usize = f[0]
            .parse()
            .map_err(|_| bad("source position is not a number"))?;
        let b: usize = f[1]
            .parse()
            .map_err(|_| bad("target position is not a number"))?;
        let s: f64 = match f.get(2) {
            Some(x) => x.parse().map_err(|_| bad("score is not a number"))?,
            None => 0.0,
        };
        if let Some(&(pa, pb, _, _)) = rungs.last() {
            if a < pa || b < pb || (a, b) == (pa, pb) {
                return Err(bad("rungs must move forward"));
            }
        } else if (a, b) != (0, 0) {
            return Err(bad("the first rung must be 0 0"));
        }
        rungs.push((a, b, s, line_no));
    }
    match rungs.last() {
        Some(&(a, b, _, line_no)) if (a, b) != (m, n) => {
            return Err(Error::new(ErrorKind::BadBead(format!(
                "the last rung is ({a}, {b}) but the texts have {m} and {n} sentences"
            )))
            .with_line(line_no))
        }
        None if (m, n) != (0, 0) => {
            return Err(Error::new(ErrorKind::BadBead("empty ladder".into())))
        }
        _ => {}
    }
    Ok(rungs
        .windows(2)
        .map(|w| Bead {
            src: w[0].0..w[1].0,
            tgt: w[0].1..w[1].1,
            score: w[0].2.clamp(0.0, 1.0),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Alignment;
    use crate::Lang;

    #[test]
    fn rungs_start_each_bead_and_close_at_the_ends() {
        let p = PairAlignment {
            slug: "s".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            src: vec!["a".into(), "b".into(), "c".into()],
            tgt: vec!["x".into(), "y".into()],
            alignment: Alignment {
                beads: vec![
                    Bead {
                        src: 0..2,
                        tgt: 0..1,
                        score: 0.9,
                    },
                    Bead {
                        src: 2..3,
                        tgt: 1..1,
                        score: 0.2,
                    },
                    Bead {
                        src: 3..3,
                        tgt: 1..2,
                        score: 0.3,
                    },
                ],
            },
        };
        let mut out = Vec::new();
        write_ladder(&mut out, &p).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "0\t0\t0.9000\n2\t1\t0.2000\n3\t1\t0.3000\n3\t2\t0.0000\n"
        );
        assert_eq!(read_ladder(&s, 3, 2).unwrap(), p.alignment.beads);
    }

    #[test]
    fn crossing_rungs_and_wrong_ends_are_refused_with_the_line() {
        let e = read_ladder("0\t0\t1\n2\t2\t1\n1\t3\t1\n", 1, 3).unwrap_err();
        assert_eq!(e.line(), Some(3));
        let e = read_ladder("0\t0\t1\n2\t2\t0\n", 3, 2).unwrap_err();
        assert_eq!(e.line(), Some(2));
        let e = read_ladder("1\t0\t1\n", 1, 0).unwrap_err();
        assert_eq!(e.line(), Some(1));
    }
}
