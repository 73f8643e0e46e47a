//! Edition differences read off an alignment.
//!
//! Kinds (the first column of `diffs.tsv`):
//! - `omission`: a source (English) sentence in a 1-0 bead, no counterpart in the edition;
//! - `addition`: an edition sentence in a 0-1 bead, no English source;
//! - `number_mismatch`: an aligned bead whose sides both carry numbers and disagree as values
//!   (after digit folding, so `۲۲` = `22`, and `14,500` = `۱۴٬۵۰۰` = `١٤٥٠٠`). A side with no
//!   number at all (the number may be written as a word) is not a mismatch;
//! - `date_mismatch`: a Persian Solar Hijri year (1300-1499) facing a Gregorian year
//!   (1900-2099) that it does not overlap (Solar Hijri year `y` runs from March of `y + 621` to
//!   March of `y + 622`); a year that does overlap is an equivalent date, not reported.

use crate::align::Alignment;
use crate::anchor::numbers;
use crate::corpus::Sentence;
use crate::Lang;

/// The kind of a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffKind {
    /// English sentence with no counterpart in the edition.
    Omission,
    /// Edition sentence with no English source.
    Addition,
    /// Numbers of an aligned bead disagree.
    NumberMismatch,
    /// Years of an aligned bead disagree across calendars.
    DateMismatch,
}

impl DiffKind {
    /// The name used in `diffs.tsv` (`omission`, `addition`, `number_mismatch`, `date_mismatch`).
    pub fn name(self) -> &'static str {
        match self {
            DiffKind::Omission => "omission",
            DiffKind::Addition => "addition",
            DiffKind::NumberMismatch => "number_mismatch",
            DiffKind::DateMismatch => "date_mismatch",
        }
    }
}

/// One difference between two editions.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// What differs.
    pub kind: DiffKind,
    /// Source sentence ids concerned (0-based).
    pub src: Vec<usize>,
    /// Target sentence ids concerned (0-based).
    pub tgt: Vec<usize>,
    /// A readable explanation, in English.
    pub detail: String,
}

/// Lists the differences of an aligned pair, in bead order.
pub fn diff(src: &[Sentence], tgt: &[Sentence], tgt_lang: &Lang, alignment: &Alignment) -> Vec<Difference> {
    let mut out = Vec::new();
    for bead in &alignment.beads {
        let sids: Vec<usize> = bead.src.clone().collect();
        let tids: Vec<usize> = bead.tgt.clone().collect();
        match (sids.is_empty(), tids.is_empty()) {
            (false, true) => {
                for &i in &sids {
                    out.push(Difference {
                        kind: DiffKind::Omission,
                        src: vec![i],
                        tgt: vec![],
                        detail: format!("English sentence {i} has no counterpart in the {tgt_lang} edition"),
                    });
                }
            }
            (true, false) => {
                for &k in &tids {
                    out.push(Difference {
                        kind: DiffKind::Addition,
                        src: vec![],
                        tgt: vec![k],
                        detail: format!("{tgt_lang} sentence {k} has no English source"),
                    });
                }
            }
            (false, false) => {
                let sn: Vec<String> = sids.iter().flat_map(|&i| numbers(&src[i].norm)).collect();
                let tn: Vec<String> = tids.iter().flat_map(|&k| numbers(&tgt[k].norm)).collect();
                out.extend(compare_numbers(&sn, &tn, tgt_lang).into_iter().map(|(kind, detail)| Difference {
                    kind,
                    src: sids.clone(),
                    tgt: tids.clone(),
                    detail,
                }));
            }
            (true, true) => {}
        }
    }
    out
}

fn is_gregorian_year(n: &str) -> Option<i32> {
    n.parse::<i32>().ok().filter(|y| (1900..=2099).contains(y))
}

fn is_solar_hijri_year(n: &str) -> Option<i32> {
    n.parse::<i32>().ok().filter(|y| (1300..=1499).contains(y))
}

/// Compares the numbers of the two sides of a bead; returns at most one number and one date
/// difference.
fn compare_numbers(sn: &[String], tn: &[String], tgt_lang: &Lang) -> Vec<(DiffKind, String)> {
    if sn.is_empty() || tn.is_empty() {
        return vec![];
    }
    let mut only_t: Vec<&String> = tn.iter().collect();
    let mut only_s: Vec<&String> = Vec::new();
    for n in sn {
        match only_t.iter().position(|t| *t == n) {
            Some(p) => {
                only_t.remove(p);
            }
            None => only_s.push(n),
        }
    }
    let mut out = Vec::new();
    if *tgt_lang == Lang::Fa {
        // Gregorian vs Solar Hijri years
        let greg: Vec<(usize, i32)> = only_s.iter().enumerate().filter_map(|(k, n)| is_gregorian_year(n).map(|y| (k, y))).collect();
        let sh: Vec<(usize, i32)> = only_t.iter().enumerate().filter_map(|(k, n)| is_solar_hijri_year(n).map(|y| (k, y))).collect();
        let (mut drop_s, mut drop_t) = (Vec::new(), Vec::new());
        for &(ks, g) in &greg {
            for &(kt, h) in &sh {
                if drop_t.contains(&kt) {
                    continue;
                }
                drop_s.push(ks);
                drop_t.push(kt);
                if g != h + 621 && g != h + 622 {
                    out.push((
                        DiffKind::DateMismatch,
                        format!("year {g} vs Solar Hijri {h} ({}-{}): not the same year", h + 621, h + 622),
                    ));
                }
                break;
            }
        }
        only_s = only_s.into_iter().enumerate().filter(|(k, _)| !drop_s.contains(k)).map(|p| p.1).collect();
        only_t = only_t.into_iter().enumerate().filter(|(k, _)| !drop_t.contains(k)).map(|p| p.1).collect();
    }
    if !only_s.is_empty() && !only_t.is_empty() {
        let join = |v: &[&String]| v.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        out.push((DiffKind::NumberMismatch, format!("English has {}, the {tgt_lang} edition {}", join(&only_s), join(&only_t))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    fn s(t: &str, l: &Lang) -> Sentence {
        Sentence::new(t, l, 0)
    }

    #[test]
    fn equal_numbers_in_other_digits_are_not_reported() {
        let en = [s("A 22-member body met in 2017.", &Lang::En)];
        let ar = [s("هيئة من ٢٢ عضوا اجتمعت عام ٢٠١٧.", &Lang::Ar)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..1, score: 1.0 }] };
        assert!(diff(&en, &ar, &Lang::Ar, &a).is_empty());
    }

    #[test]
    fn changed_count_is_a_number_mismatch() {
        let en = [s("A 22-member body.", &Lang::En)];
        let ar = [s("تضم ٢١ دولة.", &Lang::Ar)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..1, score: 1.0 }] };
        let d = diff(&en, &ar, &Lang::Ar, &a);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiffKind::NumberMismatch);
        assert_eq!(d[0].detail, "English has 22, the ar edition 21");
    }

    #[test]
    fn solar_hijri_year_checked_against_gregorian() {
        let en = [s("In 2017, it won.", &Lang::En)];
        let wrong = [s("در سال ۱۳۹۷ پیروز شد.", &Lang::Fa)];
        let right = [s("در سال ۱۳۹۶ پیروز شد.", &Lang::Fa)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..1, score: 1.0 }] };
        let d = diff(&en, &wrong, &Lang::Fa, &a);
        assert_eq!(d.iter().map(|d| d.kind).collect::<Vec<_>>(), vec![DiffKind::DateMismatch]);
        assert!(diff(&en, &right, &Lang::Fa, &a).is_empty());
    }

    #[test]
    fn one_sided_beads_are_omissions_and_additions() {
        let en = [s("One.", &Lang::En)];
        let fa = [s("دو.", &Lang::Fa)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..0, score: 1.0 }, Bead { src: 1..1, tgt: 0..1, score: 1.0 }] };
        let d = diff(&en, &fa, &Lang::Fa, &a);
        assert_eq!(d.iter().map(|d| d.kind).collect::<Vec<_>>(), vec![DiffKind::Omission, DiffKind::Addition]);
    }
}
