//! Edition differences read off an alignment.
//!
//! Input: the sentences of two editions and an [`Alignment`] between them (source = English).
//! Output: [`Difference`]s in bead order, each with the sentence ids on both sides, the exact
//! spans concerned ([`Span`]: **char offsets** into the original [`Sentence::text`], not
//! bytes) and a readable detail in English.
//!
//! Kinds (the first column of `diffs.tsv`, see [`DiffKind::name`]):
//! - `omission` / `addition`: a sentence in a 1-0 / 0-1 bead;
//! - `split` / `merge` (informational): a 1-2 / 2-1 bead;
//! - `number_mismatch`: quantities of an aligned bead that disagree as values ([`numbers`]:
//!   digits of any script, separators, scale words, percentages, number words in en/fa/ar). A
//!   bead is reported when each side has a quantity the other lacks; a quantity on one side only
//!   (a number written out elsewhere, an added figure) is not a mismatch; nor is a simple ordinal
//!   word alone. The same number negative on one side only is a mismatch when the other side's
//!   sentence has no word that may say the decrease instead (`fell`, «کاهش», «انخفاض»);
//! - `date_mismatch`: dates that cannot be the same day ([`dates`]: Gregorian, Solar Hijri and
//!   Hijri calendars via ICU4X, weekdays, Persian and both Arabic month-name sets). A date that
//!   is the same day in another calendar is not reported;
//! - `name_mismatch`: a person name partly found, found with an inserted part, or not found in
//!   the edition at all ([`names`]); or a person named elsewhere in the English whose full name
//!   is in the edition's sentences of a bead but not in its English ones;
//! - `term_shift`: glossary classes that differ across the bead ([`terms`]);
//! - `weak_match`: an aligned bead whose content similarity is far below the document's other
//!   beads (length ratio and shared numbers, judged against the document median);
//! - `edit` (same-language editions only): changed words ([`words`]).
//!
//! Rows are one per bead and kind (a bead with two wrong numbers gives one `number_mismatch` row
//! with both spans), the granularity of the gold files in `../shared/corpora-seed/gold`. The ids
//! of a row are the sentences of the bead that hold its spans (all of a side when that side has
//! no span), so a 2-2 bead whose second pair disagrees cites only the second pair.

pub mod dates;
mod lookup;
pub mod names;
pub mod numbers;
pub mod terms;
pub mod text;
pub mod words;

use crate::align::{Alignment, Bead};
use crate::corpus::Sentence;
use crate::Lang;
use dates::{agree, DateExpr};
use numbers::Quantity;
use std::collections::HashSet;
pub use terms::Glossary;
use text::{char_slice, fold, Folded};

/// The kind of a difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiffKind {
    /// Source sentence with no counterpart in the edition (1-0 bead).
    Omission,
    /// Edition sentence with no source (0-1 bead).
    Addition,
    /// One source sentence rendered as two or more (informational).
    Split,
    /// Two or more source sentences rendered as one (informational).
    Merge,
    /// Quantities of an aligned bead disagree.
    NumberMismatch,
    /// Dates of an aligned bead disagree (across calendars).
    DateMismatch,
    /// A name differs beyond transliteration, or is missing.
    NameMismatch,
    /// Glossary classes of a term differ (loaded, softened, ...).
    TermShift,
    /// Aligned, but the content similarity is far below the document's other beads.
    WeakMatch,
    /// Same-language editions: words changed in an aligned bead.
    Edit,
    /// A passage placed elsewhere in the edition: its sentences stand one-sided in the
    /// (monotone) alignment on both sides, and are paired here in order.
    Reorder,
}

impl DiffKind {
    /// Every kind, in the order of the report legend.
    pub const ALL: [DiffKind; 11] = [
        DiffKind::Omission,
        DiffKind::Addition,
        DiffKind::NumberMismatch,
        DiffKind::DateMismatch,
        DiffKind::NameMismatch,
        DiffKind::TermShift,
        DiffKind::WeakMatch,
        DiffKind::Split,
        DiffKind::Merge,
        DiffKind::Reorder,
        DiffKind::Edit,
    ];

    /// The name used in `diffs.tsv`, `diffs.json` and CSS classes (`omission`, `addition`,
    /// `split`, `merge`, `number_mismatch`, `date_mismatch`, `name_mismatch`, `term_shift`,
    /// `weak_match`, `edit`, `reorder`).
    pub fn name(self) -> &'static str {
        match self {
            DiffKind::Omission => "omission",
            DiffKind::Addition => "addition",
            DiffKind::Split => "split",
            DiffKind::Merge => "merge",
            DiffKind::NumberMismatch => "number_mismatch",
            DiffKind::DateMismatch => "date_mismatch",
            DiffKind::NameMismatch => "name_mismatch",
            DiffKind::TermShift => "term_shift",
            DiffKind::WeakMatch => "weak_match",
            DiffKind::Edit => "edit",
            DiffKind::Reorder => "reorder",
        }
    }

    /// A short English label for legends (`Number mismatch`).
    pub fn label(self) -> &'static str {
        match self {
            DiffKind::Omission => "Omission",
            DiffKind::Addition => "Addition",
            DiffKind::Split => "Split",
            DiffKind::Merge => "Merge",
            DiffKind::NumberMismatch => "Number mismatch",
            DiffKind::DateMismatch => "Date mismatch",
            DiffKind::NameMismatch => "Name mismatch",
            DiffKind::TermShift => "Term shift",
            DiffKind::WeakMatch => "Weak match",
            DiffKind::Edit => "Edit",
            DiffKind::Reorder => "Reorder",
        }
    }
}

/// A span of one sentence: `[start, end)` in **chars** (Unicode scalar values) of the
/// original [`Sentence::text`], not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Sentence id (0-based).
    pub sent: usize,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

impl Span {
    /// The text of the span in `sents` (empty if out of range).
    pub fn text(&self, sents: &[Sentence]) -> String {
        sents
            .get(self.sent)
            .map(|s| char_slice(&s.text, self.start, self.end))
            .unwrap_or_default()
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
    /// Where, in the source sentences (may be empty).
    pub src_spans: Vec<Span>,
    /// Where, in the target sentences (may be empty).
    pub tgt_spans: Vec<Span>,
    /// A readable explanation, in English.
    pub detail: String,
}

/// Settings of [`diff_with`].
#[derive(Clone, Debug)]
pub struct DiffConfig {
    /// Term glossary (default: the built-in `rules/glossary.csv`).
    pub glossary: Glossary,
    /// Report `weak_match` beads (default true).
    pub weak_match: bool,
}

impl Default for DiffConfig {
    fn default() -> Self {
        DiffConfig {
            glossary: Glossary::builtin(),
            weak_match: true,
        }
    }
}

/// What the diff reads from one sentence.
struct Facts {
    folded: Folded,
    quantities: Vec<Quantity>,
    dates: Vec<DateExpr>,
}

fn facts(sents: &[Sentence], lang: &Lang) -> Vec<Facts> {
    sents
        .iter()
        .map(|s| {
            let folded = fold(&s.text);
            let dates = dates::dates(&folded, lang);
            let quantities = numbers::quantities(&folded, lang)
                .into_iter()
                .filter(|q| {
                    !dates
                        .iter()
                        .any(|d| d.numbers.iter().any(|&(a, b)| a < q.end && q.start < b))
                })
                .collect();
            Facts {
                folded,
                quantities,
                dates,
            }
        })
        .collect()
}

fn span(f: &Facts, sent: usize, a: usize, b: usize) -> Span {
    let (start, end) = f.folded.orig(a, b);
    Span { sent, start, end }
}

fn whole(s: &[Sentence], i: usize) -> Span {
    Span {
        sent: i,
        start: 0,
        end: s.get(i).map_or(0, |x| x.text.chars().count()),
    }
}

/// Lists the differences of an English/`tgt_lang` pair with the default [`DiffConfig`].
/// See [`diff_with`].
pub fn diff(
    src: &[Sentence],
    tgt: &[Sentence],
    tgt_lang: &Lang,
    alignment: &Alignment,
) -> Vec<Difference> {
    diff_with(
        src,
        tgt,
        &Lang::En,
        tgt_lang,
        alignment,
        &DiffConfig::default(),
    )
}

/// Lists the differences of an aligned pair, in bead order.
///
/// Shapes: `alignment` refers to `src[..]` and `tgt[..]` by 0-based id; ids beyond the slices are
/// skipped. Spans are char offsets into `Sentence::text`. When both languages are the same,
/// aligned beads are compared word by word ([`words`]) instead of by numbers, dates and names.
pub fn diff_with(
    src: &[Sentence],
    tgt: &[Sentence],
    src_lang: &Lang,
    tgt_lang: &Lang,
    alignment: &Alignment,
    cfg: &DiffConfig,
) -> Vec<Difference> {
    let same_lang = src_lang == tgt_lang;
    let sf = facts(src, src_lang);
    let tf = facts(tgt, tgt_lang);
    // Gregorian years mentioned anywhere: the years a date without a year is tried in
    let mut context: Vec<i32> = sf
        .iter()
        .chain(&tf)
        .flat_map(|f| f.dates.iter().filter_map(dates::gregorian_year))
        .collect();
    context.sort_unstable();
    context.dedup();
    let src_chars: Vec<Vec<char>> = src.iter().map(|s| s.text.chars().collect()).collect();
    let tgt_words_all = lookup::WordLookup::new(
        tf.iter()
            .flat_map(|f| names::target_words(&f.folded))
            .flat_map(|w| [w.1, w.2]),
    );
    // the folded words of the whole edition, for names written verbatim (in Latin script)
    let tgt_texts_all: HashSet<String> = tf
        .iter()
        .flat_map(|f| f.folded.tokens())
        .map(|t| t.text)
        .collect();
    // person names (two parts or more) of the whole English edition, once each
    let mut doc_names: Vec<(String, names::EnName)> = Vec::new();
    // the folded keys of `doc_names`, each name once: a set, so a long edition is not quadratic
    let mut seen_names: HashSet<String> = HashSet::new();
    if *src_lang == Lang::En {
        for (i, f) in sf.iter().enumerate() {
            for n in names::english_names(&f.folded, &src_chars[i]) {
                let key: Vec<String> = n.parts.iter().map(|p| f.folded.slice(p.0, p.1)).collect();
                let text = span(f, i, n.start, n.end).text(src);
                if n.parts.iter().filter(|p| p.2.chars().count() >= 2).count() >= 2
                    && !seen_names.contains(&key.join(" "))
                {
                    seen_names.insert(key.join(" "));
                    doc_names.push((text, n));
                }
            }
        }
    }
    let mut out = Vec::new();
    for bead in &alignment.beads {
        let sids: Vec<usize> = bead.src.clone().filter(|&i| i < src.len()).collect();
        let tids: Vec<usize> = bead.tgt.clone().filter(|&k| k < tgt.len()).collect();
        match (sids.is_empty(), tids.is_empty()) {
            (false, true) => {
                for &i in &sids {
                    out.push(Difference {
                        kind: DiffKind::Omission,
                        src: vec![i],
                        tgt: vec![],
                        src_spans: vec![whole(src, i)],
                        tgt_spans: vec![],
                        detail: format!(
                            "{src_lang} sentence {i} has no counterpart in the {tgt_lang} edition"
                        ),
                    });
                }
                continue;
            }
            (true, false) => {
                for &k in &tids {
                    out.push(Difference {
                        kind: DiffKind::Addition,
                        src: vec![],
                        tgt: vec![k],
                        src_spans: vec![],
                        tgt_spans: vec![whole(tgt, k)],
                        detail: format!("{tgt_lang} sentence {k} has no {src_lang} source"),
                    });
                }
                continue;
            }
            (true, true) => continue,
            (false, false) => {}
        }
        // ids: the sentences holding the spans (the whole side when it has none)
        let mk = |kind, src_spans: Vec<Span>, tgt_spans: Vec<Span>, detail| {
            let narrow = |spans: &[Span], all: &[usize]| {
                let mut v: Vec<usize> = spans.iter().map(|s| s.sent).collect();
                v.sort_unstable();
                v.dedup();
                if v.is_empty() {
                    all.to_vec()
                } else {
                    v
                }
            };
            Difference {
                kind,
                src: narrow(&src_spans, &sids),
                tgt: narrow(&tgt_spans, &tids),
                src_spans,
                tgt_spans,
                detail,
            }
        };
        if sids.len() == 1 && tids.len() >= 2 {
            out.push(mk(
                DiffKind::Split,
                vec![],
                vec![],
                format!(
                    "{src_lang} sentence {} is rendered as {} {tgt_lang} sentences",
                    sids[0],
                    tids.len()
                ),
            ));
        } else if sids.len() >= 2 && tids.len() == 1 {
            out.push(mk(
                DiffKind::Merge,
                vec![],
                vec![],
                format!(
                    "{} {src_lang} sentences are rendered as one {tgt_lang} sentence",
                    sids.len()
                ),
            ));
        }
        if same_lang {
            if let Some((ss, ts, detail)) = words::bead_changes(src, tgt, &sids, &tids) {
                out.push(mk(DiffKind::Edit, ss, ts, detail));
            }
            continue;
        }
        if let Some(d) = compare_dates(&sf, &tf, &sids, &tids, &context, tgt_lang) {
            out.push(mk(DiffKind::DateMismatch, d.0, d.1, d.2));
        }
        if let Some(d) = compare_numbers(src, tgt, &sf, &tf, &sids, &tids, tgt_lang) {
            out.push(mk(DiffKind::NumberMismatch, d.0, d.1, d.2));
        }
        if *src_lang == Lang::En && tgt_lang.is_arabic_script() {
            if let Some(d) = compare_names(
                src,
                tgt,
                &sf,
                &tf,
                &src_chars,
                &sids,
                &tids,
                &tgt_words_all,
                &tgt_texts_all,
                &doc_names,
                tgt_lang,
            ) {
                out.push(mk(DiffKind::NameMismatch, d.0, d.1, d.2));
            }
        }
        if let Some(d) = compare_terms(&cfg.glossary, &sf, &tf, &sids, &tids, src_lang, tgt_lang) {
            out.push(mk(DiffKind::TermShift, d.0, d.1, d.2));
        }
    }
    if cfg.weak_match && !same_lang {
        let weak = weak_matches(src, tgt, &alignment.beads, &sf, &tf);
        for (b, detail) in weak {
            let bead = &alignment.beads[b];
            out.push(Difference {
                kind: DiffKind::WeakMatch,
                src: bead.src.clone().collect(),
                tgt: bead.tgt.clone().collect(),
                src_spans: vec![],
                tgt_spans: vec![],
                detail,
            });
        }
        // keep bead order (the sort is stable)
        let mut bead_of_src = vec![usize::MAX; src.len()];
        let mut bead_of_tgt = vec![usize::MAX; tgt.len()];
        for (b, bead) in alignment.beads.iter().enumerate() {
            for i in bead.src.clone().filter(|&i| i < src.len()) {
                bead_of_src[i] = b;
            }
            for k in bead.tgt.clone().filter(|&k| k < tgt.len()) {
                bead_of_tgt[k] = b;
            }
        }
        out.sort_by_key(|d| match (d.src.first(), d.tgt.first()) {
            (Some(&i), _) => bead_of_src.get(i).copied().unwrap_or(usize::MAX),
            (None, Some(&k)) => bead_of_tgt.get(k).copied().unwrap_or(usize::MAX),
            _ => usize::MAX,
        });
    }
    out
}

/// Spans on each side and a detail: what a comparison found in one bead.
pub type Found = (Vec<Span>, Vec<Span>, String);

fn compare_numbers(
    src: &[Sentence],
    tgt: &[Sentence],
    sf: &[Facts],
    tf: &[Facts],
    sids: &[usize],
    tids: &[usize],
    tgt_lang: &Lang,
) -> Option<Found> {
    let sq: Vec<(usize, &Quantity)> = sids
        .iter()
        .flat_map(|&i| sf[i].quantities.iter().map(move |q| (i, q)))
        .collect();
    let tq: Vec<(usize, &Quantity)> = tids
        .iter()
        .flat_map(|&k| tf[k].quantities.iter().map(move |q| (k, q)))
        .collect();
    if sq.is_empty() || tq.is_empty() {
        return None;
    }
    let mut used = vec![false; tq.len()];
    let mut only_s = Vec::new();
    // same magnitude, one side negative: a difference only when the other side's sentence has
    // no word that can say the sign (`fell`, «کاهش», «انخفاض»)
    let mut signs = Vec::new();
    // hard quantities take their matches first, hard ones before soft ones; a soft quantity (an
    // ordinal word alone) left unmatched is not reported
    let mut order: Vec<&(usize, &Quantity)> = sq.iter().collect();
    order.sort_by_key(|(_, q)| q.soft);
    for (i, q) in order {
        let free = |j: &usize| !used[*j] && tq[*j].1.same(q);
        let found = (0..tq.len())
            .filter(|j| !tq[*j].1.soft)
            .find(free)
            .or_else(|| (0..tq.len()).find(free));
        match found {
            Some(j) => {
                used[j] = true;
                let (k, t) = tq[j];
                if q.negative != t.negative {
                    let unsigned = if q.negative {
                        !numbers::says_decrease(&tf[k].folded, tgt_lang)
                    } else {
                        !numbers::says_decrease(&sf[*i].folded, &Lang::En)
                    };
                    if unsigned {
                        signs.push(((*i, *q), j));
                    }
                }
            }
            None if q.soft => {}
            None => only_s.push((*i, *q)),
        }
    }
    let mut only_t: Vec<(usize, &Quantity)> = tq
        .iter()
        .zip(&used)
        .filter(|((_, q), u)| !**u && !q.soft)
        .map(|(x, _)| *x)
        .collect();
    for (s, j) in signs {
        only_s.push(s);
        only_t.push(tq[j]);
    }
    if only_s.is_empty() || only_t.is_empty() {
        return None;
    }
    let ss: Vec<Span> = only_s
        .iter()
        .map(|(i, q)| span(&sf[*i], *i, q.start, q.end))
        .collect();
    let ts: Vec<Span> = only_t
        .iter()
        .map(|(k, q)| span(&tf[*k], *k, q.start, q.end))
        .collect();
    let show = |v: &[Span], s: &[Sentence]| {
        v.iter()
            .map(|x| format!("“{}”", x.text(s)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let vals = |v: &[(usize, &Quantity)]| {
        v.iter()
            .map(|(_, q)| fmt_value(q.signed()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let detail = format!(
        "the English has {} ({}), the {tgt_lang} edition {} ({})",
        show(&ss, src),
        vals(&only_s),
        show(&ts, tgt),
        vals(&only_t)
    );
    Some((ss, ts, detail))
}

fn fmt_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn compare_dates(
    sf: &[Facts],
    tf: &[Facts],
    sids: &[usize],
    tids: &[usize],
    context: &[i32],
    tgt_lang: &Lang,
) -> Option<Found> {
    let sd: Vec<(usize, &DateExpr)> = sids
        .iter()
        .flat_map(|&i| sf[i].dates.iter().map(move |d| (i, d)))
        .collect();
    let td: Vec<(usize, &DateExpr)> = tids
        .iter()
        .flat_map(|&k| tf[k].dates.iter().map(move |d| (k, d)))
        .collect();
    // comparable: two weekdays, a weekday and a full date, or two calendar dates
    let full = |d: &DateExpr| d.year.is_some() && d.month.is_some() && d.day.is_some();
    let comparable = |a: &DateExpr, b: &DateExpr| match (a.is_weekday(), b.is_weekday()) {
        (true, true) => true,
        (true, false) => full(b),
        (false, true) => full(a),
        (false, false) => true,
    };
    // a weekday is compared with the other side's weekdays when it has any, a calendar date
    // with its calendar dates when it has any; otherwise a weekday meets a full date
    let comparable = |a: &DateExpr, b: &DateExpr, other: &[(usize, &DateExpr)]| {
        let like = other.iter().any(|(_, o)| o.is_weekday() == a.is_weekday());
        if like {
            a.is_weekday() == b.is_weekday()
        } else {
            comparable(a, b)
        }
    };
    let bad_s: Vec<(usize, &DateExpr)> = sd
        .iter()
        .filter(|(_, a)| {
            let cands: Vec<_> = td.iter().filter(|(_, b)| comparable(a, b, &td)).collect();
            !cands.is_empty() && !cands.iter().any(|(_, b)| agree(a, b, context))
        })
        .copied()
        .collect();
    if bad_s.is_empty() {
        return None;
    }
    let bad_t: Vec<(usize, &DateExpr)> = td
        .iter()
        .filter(|(_, b)| {
            let cands: Vec<_> = sd.iter().filter(|(_, a)| comparable(b, a, &sd)).collect();
            !cands.is_empty() && !cands.iter().any(|(_, a)| agree(a, b, context))
        })
        .copied()
        .collect();
    // every target date agrees with some source date (a bead holding two dated sentences of
    // which one was dropped): the target's dates that the unmatched ones were compared with
    let others: Vec<(usize, &DateExpr)> = if bad_t.is_empty() {
        td.iter()
            .filter(|(_, b)| bad_s.iter().any(|(_, a)| comparable(a, b, &td)))
            .copied()
            .collect()
    } else {
        Vec::new()
    };
    let ss: Vec<Span> = bad_s
        .iter()
        .map(|(i, d)| span(&sf[*i], *i, d.start, d.end))
        .collect();
    let ts: Vec<Span> = bad_t
        .iter()
        .chain(&others)
        .map(|(k, d)| span(&tf[*k], *k, d.start, d.end))
        .collect();
    let desc = |v: &[(usize, &DateExpr)]| {
        v.iter()
            .map(|(_, d)| describe_range(d))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let detail = if bad_t.is_empty() {
        format!(
            "the English has {}, which no date of the {tgt_lang} edition matches (it has {})",
            desc(&bad_s),
            desc(&others)
        )
    } else {
        format!(
            "the English has {}, the {tgt_lang} edition {}: no common day",
            desc(&bad_s),
            desc(&bad_t)
        )
    };
    Some((ss, ts, detail))
}

/// A date as the detail of a `date_mismatch` shows it: `10 Dey 1403 (Solar Hijri) =
/// 2024-12-30`, its Gregorian days for another calendar; a day its calendar does not have (30
/// Esfand 1401, 31 April) is said to be one. Not for Hijri dates: the tabular calendar used
/// here may lack a 30th day that an observed calendar has.
fn describe_range(d: &DateExpr) -> String {
    let base = d.describe();
    let Some(y) = d.year else {
        return base;
    };
    match dates::day_range(d, y) {
        None if d.day.is_some() && d.cal != dates::Calendar::Hijri => {
            format!("{base}, a day that calendar does not have")
        }
        Some(_) if d.cal == dates::Calendar::Gregorian => base,
        Some((a, b)) if a == b => format!("{base} = {}", civil(a)),
        Some((a, b)) => format!("{base} = {} to {}", civil(a), civil(b)),
        None => base,
    }
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01; Hinnant's `civil_from_days`).
fn civil(z: i64) -> String {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

#[allow(clippy::too_many_arguments)]
fn compare_names(
    src: &[Sentence],
    tgt: &[Sentence],
    sf: &[Facts],
    tf: &[Facts],
    src_chars: &[Vec<char>],
    sids: &[usize],
    tids: &[usize],
    tgt_words_all: &lookup::WordLookup,
    tgt_texts_all: &HashSet<String>,
    doc_names: &[(String, names::EnName)],
    tgt_lang: &Lang,
) -> Option<Found> {
    // target words of the bead, with their sentence
    let mut words: Vec<(names::Tok3, usize)> = Vec::new();
    for &k in tids {
        for w in names::target_words(&tf[k].folded) {
            words.push((w, k));
        }
    }
    let plain: Vec<names::Tok3> = words.iter().map(|(w, _)| w.clone()).collect();
    let (mut ss, mut ts, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    for &i in sids {
        for name in names::english_names(&sf[i].folded, &src_chars[i]) {
            let strong: Vec<bool> = (0..name.parts.len())
                .map(|p| names::is_strong(&name, p))
                .collect();
            if name.parts.len() < 2 || strong.iter().filter(|s| **s).count() < 2 {
                continue;
            }
            let found = names::match_parts(&name, &plain);
            let name_text = span(&sf[i], i, name.start, name.end).text(src);
            let n_found = found.iter().filter(|f| f.is_some()).count();
            if n_found == 0 {
                let anywhere = name.parts.iter().zip(&name.forms).any(|(p, (text, v))| {
                    p.2.chars().count() >= 2
                        && (tgt_texts_all.contains(text)
                            || std::iter::once(&p.2)
                                .chain(v)
                                .any(|sk| tgt_words_all.any_match(sk)))
                });
                if !anywhere {
                    ss.push(span(&sf[i], i, name.start, name.end));
                    notes.push(format!(
                        "“{name_text}” is not found in the {tgt_lang} edition"
                    ));
                }
                continue;
            }
            let missing: Vec<String> = name
                .parts
                .iter()
                .zip(&found)
                .zip(&strong)
                .filter(|((_, f), s)| f.is_none() && **s)
                .map(|((p, _), _)| span(&sf[i], i, p.0, p.1).text(src))
                .collect();
            let idx: Vec<usize> = found.iter().flatten().copied().collect();
            let (lo, hi) = (
                idx.iter().min().copied().unwrap_or(0),
                idx.iter().max().copied().unwrap_or(0),
            );
            // parts scattered over the bead are not one name in the edition
            let same_sentence = words[lo].1 == words[hi].1 && hi - lo <= name.parts.len() + 1;
            let inserted: Vec<usize> = if same_sentence {
                (lo..=hi)
                    .filter(|k| !idx.contains(k) && !names::is_name_connector(&words[*k].0 .0.text))
                    .collect()
            } else {
                vec![]
            };
            if missing.is_empty() && inserted.is_empty() {
                continue;
            }
            ss.push(span(&sf[i], i, name.start, name.end));
            let k = words[lo].1;
            let tspan = span(&tf[k], k, words[lo].0 .0.start, words[hi].0 .0.end);
            ts.push(tspan);
            let mut why = Vec::new();
            if !missing.is_empty() {
                why.push(format!(
                    "{} missing",
                    missing
                        .iter()
                        .map(|m| format!("“{m}”"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            if !inserted.is_empty() {
                let ins: Vec<String> = inserted
                    .iter()
                    .map(|&w| {
                        let k = words[w].1;
                        format!(
                            "“{}” not in the English",
                            span(&tf[k], k, words[w].0 .0.start, words[w].0 .0.end).text(tgt)
                        )
                    })
                    .collect();
                why.push(ins.join(", "));
            }
            notes.push(format!(
                "“{name_text}”: {} in the {tgt_lang} edition",
                why.join("; ")
            ));
        }
    }
    // a person named elsewhere in the English, named in this bead's edition sentences only
    let src_skels: Vec<String> = sids
        .iter()
        .flat_map(|&i| {
            let f = &sf[i].folded;
            f.tokens()
                .into_iter()
                .filter(move |t| {
                    !t.digits
                        && src_chars[i]
                            .get(f.map[t.start])
                            .is_some_and(|c| c.is_uppercase())
                })
                .map(|t| names::latin_skeleton(&t.text))
        })
        .collect();
    for (text, name) in doc_names {
        let strong: Vec<bool> = (0..name.parts.len())
            .map(|p| names::is_strong(name, p))
            .collect();
        if strong.iter().filter(|s| **s).count() < 2 {
            continue;
        }
        if name
            .parts
            .iter()
            .zip(&strong)
            .any(|(p, st)| *st && src_skels.iter().any(|w| names::skeletons_match(&p.2, w)))
        {
            continue;
        }
        // every strong part found with the same skeleton, the parts side by side
        let found = names::match_parts(name, &plain);
        let exact = name
            .parts
            .iter()
            .zip(&found)
            .zip(&strong)
            .all(|((p, f), st)| {
                !*st || f.is_some_and(|k| {
                    plain[k].1 == p.2
                        || plain[k].2 == p.2
                        || plain[k].1.starts_with(&p.2)
                        || plain[k].1.ends_with(&p.2)
                })
            });
        let idx: Vec<usize> = found.iter().flatten().copied().collect();
        let (Some(&lo), Some(&hi)) = (idx.iter().min(), idx.iter().max()) else {
            continue;
        };
        if !exact || words[lo].1 != words[hi].1 || hi - lo + 1 > name.parts.len() {
            continue;
        }
        // two parts on one short word is no compound (`Rod Reed` on «رود», `goes`)
        if lo == hi {
            let total: usize = name
                .parts
                .iter()
                .zip(&strong)
                .filter(|(_, st)| **st)
                .map(|(p, _)| p.2.chars().count())
                .sum();
            if plain[lo].1.chars().count() < total && plain[lo].2.chars().count() < total {
                continue;
            }
        }
        let k = words[lo].1;
        ts.push(span(&tf[k], k, words[lo].0 .0.start, words[hi].0 .0.end));
        notes.push(format!("“{text}” (named elsewhere in the English) is in the {tgt_lang} edition but not in the English of this bead"));
    }
    if notes.is_empty() {
        return None;
    }
    Some((ss, ts, notes.join("; ")))
}

fn compare_terms(
    g: &Glossary,
    sf: &[Facts],
    tf: &[Facts],
    sids: &[usize],
    tids: &[usize],
    src_lang: &Lang,
    tgt_lang: &Lang,
) -> Option<Found> {
    use std::collections::BTreeMap;
    // concept -> (classes, spans)
    type Side = BTreeMap<String, (Vec<String>, Vec<Span>, Vec<String>)>;
    let collect = |facts: &[Facts], ids: &[usize], lang: &Lang| -> Side {
        let mut m: Side = BTreeMap::new();
        for &i in ids {
            for h in g.find(&facts[i].folded, lang) {
                let e = &g.entries[h.entry];
                let v = m.entry(e.concept.clone()).or_default();
                if !v.0.contains(&e.class) {
                    v.0.push(e.class.clone());
                }
                v.1.push(span(&facts[i], i, h.start, h.end));
                v.2.push(e.text.clone());
            }
        }
        m
    };
    let s = collect(sf, sids, src_lang);
    let t = collect(tf, tids, tgt_lang);
    let (mut ss, mut ts, mut notes) = (Vec::new(), Vec::new(), Vec::new());
    let concepts: std::collections::BTreeSet<&String> = s.keys().chain(t.keys()).collect();
    for c in concepts {
        let empty = (Vec::new(), Vec::new(), Vec::new());
        let (a, b) = (s.get(c).unwrap_or(&empty), t.get(c).unwrap_or(&empty));
        let (mut ca, mut cb) = (a.0.clone(), b.0.clone());
        ca.sort();
        cb.sort();
        let shifted = if a.0.is_empty() || b.0.is_empty() {
            // one side only: a non-neutral variant facing nothing
            a.0.iter().chain(&b.0).any(|c| c != "neutral")
        } else {
            ca != cb
        };
        if !shifted {
            continue;
        }
        ss.extend(a.1.iter().copied());
        ts.extend(b.1.iter().copied());
        let side = |x: &(Vec<String>, Vec<Span>, Vec<String>)| {
            if x.0.is_empty() {
                "nothing".to_owned()
            } else {
                x.0.join("/")
            }
        };
        notes.push(format!(
            "{c}: the English is {}, the {tgt_lang} edition {}",
            side(a),
            side(b)
        ));
    }
    if notes.is_empty() {
        return None;
    }
    Some((ss, ts, notes.join("; ")))
}

/// Beads (by index into `beads`) whose content similarity is far below the document's others,
/// with a detail. Similarity of a bead with both sides non-empty = length agreement (how far its
/// log char-length ratio is from the document mean, in standard deviations, at least 0.25) times
/// number agreement (0.25 + the share of quantities found on both sides, at most 1; 1 when the
/// bead has none).
/// A bead is weak when its similarity is below 0.05 and below a quarter of the document median;
/// documents with fewer than 4 aligned beads are not judged.
fn weak_matches(
    src: &[Sentence],
    tgt: &[Sentence],
    beads: &[Bead],
    sf: &[Facts],
    tf: &[Facts],
) -> Vec<(usize, String)> {
    let mut rows: Vec<(usize, f64, f64)> = Vec::new();
    for (b, bead) in beads.iter().enumerate() {
        if bead.src.is_empty()
            || bead.tgt.is_empty()
            || bead.src.end > src.len()
            || bead.tgt.end > tgt.len()
        {
            continue;
        }
        let ls: usize = bead.src.clone().map(|i| src[i].text.chars().count()).sum();
        let lt: usize = bead.tgt.clone().map(|k| tgt[k].text.chars().count()).sum();
        let lr = ((lt as f64 + 1.0) / (ls as f64 + 1.0)).ln();
        let sq: Vec<&Quantity> = bead
            .src
            .clone()
            .flat_map(|i| sf[i].quantities.iter())
            .filter(|q| !q.soft)
            .collect();
        let tq: Vec<&Quantity> = bead
            .tgt
            .clone()
            .flat_map(|k| tf[k].quantities.iter())
            .filter(|q| !q.soft)
            .collect();
        let total = sq.len() + tq.len();
        let shared = sq.iter().filter(|q| tq.iter().any(|t| t.same(q))).count() * 2;
        let anchor = if total == 0 {
            1.0
        } else {
            (0.25 + shared as f64 / total as f64).min(1.0)
        };
        rows.push((b, lr, anchor));
    }
    if rows.len() < 4 {
        return vec![];
    }
    let n = rows.len() as f64;
    let mean = rows.iter().map(|r| r.1).sum::<f64>() / n;
    let sd = (rows.iter().map(|r| (r.1 - mean).powi(2)).sum::<f64>() / n)
        .sqrt()
        .max(0.25);
    let sims: Vec<(usize, f64, f64)> = rows
        .iter()
        .map(|&(b, lr, anchor)| {
            let z = (lr - mean) / sd;
            (b, (-(z * z) / 2.0).exp() * anchor, z)
        })
        .collect();
    let mut sorted: Vec<f64> = sims.iter().map(|s| s.1).collect();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let median = sorted[sorted.len() / 2];
    sims.into_iter()
        .filter(|&(_, s, _)| s < 0.05 && s < median / 4.0)
        .map(|(b, s, z)| (b, format!("content similarity {s:.3} against a document median of {median:.3} (length ratio {z:+.1} standard deviations from the mean)")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str, l: &Lang) -> Sentence {
        Sentence::new(t, l, 0)
    }

    fn one(n: usize) -> Alignment {
        Alignment {
            beads: (0..n)
                .map(|i| Bead {
                    src: i..i + 1,
                    tgt: i..i + 1,
                    score: 1.0,
                })
                .collect(),
        }
    }

    #[test]
    fn equal_numbers_in_other_digits_and_words_are_not_reported() {
        let en = [s(
            "A 22-member body met in 2017 and sent two thousand troops, a fifth of its army.",
            &Lang::En,
        )];
        let ar = [s(
            "هيئة من ٢٢ عضوا اجتمعت عام ٢٠١٧ وأرسلت ألفي جندي، أي ٢٠٪ من جيشها.",
            &Lang::Ar,
        )];
        assert_eq!(diff(&en, &ar, &Lang::Ar, &one(1)), vec![]);
    }

    #[test]
    fn changed_count_is_a_number_mismatch_with_spans() {
        let en = [s("A 22-member body.", &Lang::En)];
        let ar = [s("تضم ٢١ دولة.", &Lang::Ar)];
        let d = diff(&en, &ar, &Lang::Ar, &one(1));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiffKind::NumberMismatch);
        assert_eq!(
            d[0].src_spans,
            vec![Span {
                sent: 0,
                start: 2,
                end: 4
            }]
        );
        assert_eq!(
            d[0].tgt_spans,
            vec![Span {
                sent: 0,
                start: 4,
                end: 6
            }]
        );
        assert_eq!(
            d[0].detail,
            "the English has “22” (22), the ar edition “٢١” (21)"
        );
    }

    fn numbers_row(en: &str, other: &str, l: &Lang) -> Option<String> {
        let d = diff(&[s(en, &Lang::En)], &[s(other, l)], l, &one(1));
        d.iter()
            .find(|x| x.kind == DiffKind::NumberMismatch)
            .map(|x| x.detail.clone())
    }

    #[test]
    fn ordinal_words_match_digits_and_a_changed_one_is_reported() {
        let ar = "يمثل الدائرة السابعة عشرة.";
        assert_eq!(
            numbers_row("He represents the 17th district.", ar, &Lang::Ar),
            None
        );
        assert_eq!(
            numbers_row("He represents the 18th district.", ar, &Lang::Ar).as_deref(),
            Some("the English has “18” (18), the ar edition “السابعة عشرة” (17)")
        );
        let fa = "این جلسه سی و ششمین جلسه او بود.";
        assert_eq!(numbers_row("It was her 36th meeting.", fa, &Lang::Fa), None);
        assert_eq!(
            numbers_row("It was her 37th meeting.", fa, &Lang::Fa).as_deref(),
            Some("the English has “37” (37), the fa edition “سی و ششمین” (36)")
        );
    }

    #[test]
    fn a_simple_ordinal_alone_may_match_but_is_never_reported() {
        let en = "Koepka, ranked one and three in the world.";
        let fa = "کوپکا که در رده‌های اول و سوم جهان قرار دارند.";
        assert_eq!(numbers_row(en, fa, &Lang::Fa), None);
        assert_eq!(
            numbers_row(
                "The fourth meeting had 5 goals.",
                "دیدار چهارم ۶ گل داشت.",
                &Lang::Fa
            )
            .as_deref(),
            Some("the English has “5” (5), the fa edition “۶” (6)")
        );
    }

    #[test]
    fn grouped_thousands_match_and_a_changed_one_is_reported() {
        let fa = "دزدان ۲۶،۷۵۰ دلار بردند.";
        assert_eq!(numbers_row("Thieves took $26,750.", fa, &Lang::Fa), None);
        assert_eq!(
            numbers_row("Thieves took $26,760.", fa, &Lang::Fa).as_deref(),
            Some("the English has “26,760” (26760), the fa edition “۲۶،۷۵۰” (26750)")
        );
        let ar = "أنتج 150.000 سيارة.";
        assert_eq!(numbers_row("It made 150,000 cars.", ar, &Lang::Ar), None);
        assert_eq!(
            numbers_row("It made 160,000 cars.", ar, &Lang::Ar).as_deref(),
            Some("the English has “160,000” (160000), the ar edition “150.000” (150000)")
        );
    }

    #[test]
    fn a_sign_one_edition_lacks_is_a_number_mismatch() {
        let en = "Growth was -0.3 percent.";
        assert_eq!(
            numbers_row(en, "رشد ۰٫۳ درصد بود.", &Lang::Fa).as_deref(),
            Some("the English has “-0.3 percent” (-0.003), the fa edition “۰٫۳ درصد” (0.003)")
        );
        for same in [
            "رشد منفی ۰٫۳ درصد بود.",
            "رشد ۰٫۳- درصد بود.",
            "رشد -۰٫۳ درصد بود.",
        ] {
            assert_eq!(numbers_row(en, same, &Lang::Fa), None, "{same}");
        }
        // the sign said in words on the other side is not a difference
        assert_eq!(numbers_row(en, "رشد ۰٫۳ درصد کاهش یافت.", &Lang::Fa), None);
        assert_eq!(
            numbers_row(
                "The economy shrank 0.3 percent.",
                "انكمش الاقتصاد سالب 0.3 في المئة.",
                &Lang::Ar
            ),
            None
        );
        assert_eq!(
            numbers_row("It was minus 5 degrees.", "منفی ۵ درجه بود.", &Lang::Fa),
            None
        );
        assert_eq!(
            numbers_row("It was 5 degrees.", "كانت ناقص 5 درجات.", &Lang::Ar).as_deref(),
            Some("the English has “5” (5), the ar edition “ناقص 5” (-5)")
        );
    }

    #[test]
    fn solar_hijri_year_checked_against_gregorian() {
        let en = [s("In 2017, it won.", &Lang::En)];
        let wrong = [s("در سال ۱۳۹۷ پیروز شد.", &Lang::Fa)];
        let right = [s("در سال ۱۳۹۶ پیروز شد.", &Lang::Fa)];
        let d = diff(&en, &wrong, &Lang::Fa, &one(1));
        assert_eq!(
            d.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec![DiffKind::DateMismatch]
        );
        assert_eq!(d[0].tgt_spans[0].text(&wrong), "۱۳۹۷");
        assert!(diff(&en, &right, &Lang::Fa, &one(1)).is_empty());
    }

    #[test]
    fn weekday_against_weekday_and_full_date() {
        let en = [s("They met on Tuesday, 14 March 2023.", &Lang::En)];
        let same = [s("التقيا يوم الثلاثاء ١٤ آذار/مارس ٢٠٢٣.", &Lang::Ar)];
        let wrong_day = [s("التقيا يوم الخميس ١٤ آذار/مارس ٢٠٢٣.", &Lang::Ar)];
        let sh = [s("روز سه‌شنبه ۲۳ اسفند ۱۴۰۱ دیدار کردند.", &Lang::Fa)];
        let sh_wrong = [s("روز سه‌شنبه ۲۴ اسفند ۱۴۰۱ دیدار کردند.", &Lang::Fa)];
        assert!(diff(&en, &same, &Lang::Ar, &one(1)).is_empty());
        assert!(diff(&en, &sh, &Lang::Fa, &one(1)).is_empty());
        let d = diff(&en, &wrong_day, &Lang::Ar, &one(1));
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].kind, d[0].tgt_spans[0].text(&wrong_day)),
            (DiffKind::DateMismatch, "الخميس".to_string())
        );
        let d = diff(&en, &sh_wrong, &Lang::Fa, &one(1));
        assert_eq!(
            d.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec![DiffKind::DateMismatch]
        );
        assert_eq!(d[0].tgt_spans[0].text(&sh_wrong), "۲۴ اسفند ۱۴۰۱");
    }

    #[test]
    fn a_source_date_no_target_date_matches_names_the_target_dates_it_was_compared_with() {
        // every target date agrees with a source date, one source date with none: the detail
        // names the target's date (it said "the fa edition : no common day")
        let en = [s(
            "A meeting was held on 30 December 2024 and on 31 December 2024.",
            &Lang::En,
        )];
        let fa = [s("جلسه‌ای در ۱۰ دی ۱۴۰۳ برگزار شد.", &Lang::Fa)];
        let d = diff(&en, &fa, &Lang::Fa, &one(1));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiffKind::DateMismatch);
        assert_eq!(
            d[0].detail,
            "the English has 31 December 2024 (Gregorian), which no date of the fa edition matches (it has 10 Dey 1403 (Solar Hijri) = 2024-12-30)"
        );
        assert_eq!(d[0].tgt_spans[0].text(&fa), "۱۰ دی ۱۴۰۳");
    }

    #[test]
    fn a_day_its_calendar_does_not_have_is_said_to_be_one() {
        // Esfand 1401 has 29 days (1401 is not a leap year of the Solar Hijri calendar)
        let en = [s("The talks ended on 20 March 2023.", &Lang::En)];
        let fa = [s("گفت‌وگوها در ۳۰ اسفند ۱۴۰۱ پایان یافت.", &Lang::Fa)];
        let d = diff(&en, &fa, &Lang::Fa, &one(1));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].detail,
            "the English has 20 March 2023 (Gregorian), the fa edition 30 Esfand 1401 (Solar Hijri), a day that calendar does not have: no common day"
        );
        let en = [s("The talks ended on 31 April 2023.", &Lang::En)];
        let fa = [s("گفت‌وگوها در ۱۱ اردیبهشت ۱۴۰۲ پایان یافت.", &Lang::Fa)];
        let d = diff(&en, &fa, &Lang::Fa, &one(1));
        assert!(
            d[0].detail.starts_with(
                "the English has 31 April 2023 (Gregorian), a day that calendar does not have"
            ),
            "{}",
            d[0].detail
        );
    }

    #[test]
    fn one_sided_beads_are_omissions_and_additions() {
        let en = [s("One.", &Lang::En)];
        let fa = [s("دو.", &Lang::Fa)];
        let a = Alignment {
            beads: vec![
                Bead {
                    src: 0..1,
                    tgt: 0..0,
                    score: 1.0,
                },
                Bead {
                    src: 1..1,
                    tgt: 0..1,
                    score: 1.0,
                },
            ],
        };
        let d = diff(&en, &fa, &Lang::Fa, &a);
        assert_eq!(
            d.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec![DiffKind::Omission, DiffKind::Addition]
        );
        assert_eq!(
            d[0].src_spans,
            vec![Span {
                sent: 0,
                start: 0,
                end: 4
            }]
        );
    }

    #[test]
    fn another_person_is_a_name_mismatch() {
        let en = [s("President Ebrahim Raisi visited Damascus.", &Lang::En)];
        let fa = [s("رئیس‌جمهور حسن روحانی از دمشق دیدار کرد.", &Lang::Fa)];
        let d = diff(&en, &fa, &Lang::Fa, &one(1));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].kind, DiffKind::NameMismatch);
        assert_eq!(d[0].src_spans[0].text(&en), "Ebrahim Raisi");
        let ok = [s("رئیس‌جمهور ابراهیم رئیسی از دمشق دیدار کرد.", &Lang::Fa)];
        assert!(diff(&en, &ok, &Lang::Fa, &one(1)).is_empty());
    }

    /// NTREX-128 newsweek.51300 and cbsnews.248384: names left in Latin script in the Persian
    /// and plain transliterations (`Kavanaugh` = «کاوانو», «كافانو») are no name mismatch.
    #[test]
    fn verbatim_and_transliterated_names_are_not_name_mismatches() {
        let cases: [(&str, &str, Lang); 5] = [
            (
                "Other high profile Democratic names discussed in regard to a potential 2020 run include former Vice President Joe Biden and Vermont Senator Bernie Sanders.",
                "سایر چهره‌های برجسته دموکرات که احتمال حضور آنها در انتخابات 2020 مطرح شده عبارتند از معاون سابق رئیس جمهور Joe Biden و سناتور ورمونت Bernie Sanders.",
                Lang::Fa,
            ),
            (
                "Other high profile Democratic names discussed in regard to a potential 2020 run include former Vice President Joe Biden and Vermont Senator Bernie Sanders.",
                "تضمأسماء أعضاء الحزب الديمقراطي البارزة الأخرى التي تمت مناقشتها فيما يتعلق بالترشح المحتمل عام2020، نائب الرئيس السابق جو بايدن وعضو مجلس الشيوخ عن ولاية فيرمونت بيرني ساندرز.",
                Lang::Ar,
            ),
            (
                "Warren has been outspoken in her criticism of Trump and his Supreme Court nominee Brett Kavanaugh.",
                "كانت وارن صريحة في انتقاداتها لترامب ومُرشح المحكمة العليا بريت كافانو.",
                Lang::Ar,
            ),
            (
                "More than 20 million people watched Brett Kavanaugh hearing.",
                "بیش از ۲۰ میلیون نفر تماشاگر جلسه استماع برت کاوانو بودند.",
                Lang::Fa,
            ),
            (
                "Vice President Mike Pence is now slated to address the conference, the diplomats said.",
                "دیپلماتها اظهار داشتند که برنامه ریزی شده است تا مایک پنس، معاون رئیس جمهور، در این کنفرانس سخرانی کند.",
                Lang::Fa,
            ),
        ];
        for (en, tgt, lang) in cases {
            let en = [s(en, &Lang::En)];
            let tgt = [s(tgt, &lang)];
            let d = diff(&en, &tgt, &lang, &one(1));
            assert!(
                d.iter().all(|x| x.kind != DiffKind::NameMismatch),
                "{:?}",
                d
            );
        }
        // another surname is still reported
        let en = [s(
            "Warren has been outspoken in her criticism of Trump and his Supreme Court nominee Brett Kavanaugh.",
            &Lang::En,
        )];
        let other = [s(
            "كانت وارن صريحة في انتقاداتها لترامب ومُرشح المحكمة العليا بريت غارلاند.",
            &Lang::Ar,
        )];
        let d = diff(&en, &other, &Lang::Ar, &one(1));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].detail,
            "“Brett Kavanaugh”: “Kavanaugh” missing in the ar edition"
        );
    }

    #[test]
    fn a_person_named_only_in_the_edition_is_a_name_mismatch() {
        let en = [
            s("President Bashar al-Assad met the envoys.", &Lang::En),
            s("He said the talks would go on.", &Lang::En),
        ];
        let ar = [
            s("التقى الرئيس بشار الأسد المبعوثين.", &Lang::Ar),
            s("وقال الرئيس بشار الأسد إن المحادثات ستستمر.", &Lang::Ar),
        ];
        let d = diff(&en, &ar, &Lang::Ar, &one(2));
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            (d[0].kind, d[0].src.clone(), d[0].tgt.clone()),
            (DiffKind::NameMismatch, vec![1], vec![1])
        );
        assert_eq!(d[0].tgt_spans[0].text(&ar), "بشار الأسد");
        assert_eq!(d[0].detail, "“Bashar al-Assad” (named elsewhere in the English) is in the ar edition but not in the English of this bead");
    }

    #[test]
    fn user_glossary_rows_are_used() {
        let en = [s("The rebels took the town.", &Lang::En)];
        let fa = [s("اشرار شهر را گرفتند.", &Lang::Fa)];
        let mut cfg = DiffConfig::default();
        assert!(diff_with(&en, &fa, &Lang::En, &Lang::Fa, &one(1), &cfg).is_empty());
        cfg.glossary.extend(
            Glossary::parse("concept,class,en,fa,ar\nmilitants,loaded,bandits,اشرار,\n").unwrap(),
        );
        let d = diff_with(&en, &fa, &Lang::En, &Lang::Fa, &one(1), &cfg);
        assert_eq!(
            d.iter().map(|d| d.kind).collect::<Vec<_>>(),
            vec![DiffKind::TermShift]
        );
        assert_eq!(
            d[0].detail,
            "militants: the English is neutral, the fa edition loaded"
        );
    }

    #[test]
    fn a_bead_far_below_the_others_is_a_weak_match() {
        let en: Vec<Sentence> = [
            "The talks lasted three hours in the capital.",
            "Both sides agreed to meet again next month.",
            "The ministers signed four agreements on trade.",
            "The visit was the first in ten years by a foreign minister of the country to the region.",
            "Officials said the port would reopen soon.",
        ]
        .iter()
        .map(|t| s(t, &Lang::En))
        .collect();
        let fa: Vec<Sentence> = [
            "گفت‌وگوها سه ساعت در پایتخت طول کشید.",
            "دو طرف توافق کردند ماه آینده دوباره دیدار کنند.",
            "وزیران چهار توافق‌نامه تجاری امضا کردند.",
            "بله.",
            "مقام‌ها گفتند بندر به‌زودی بازگشایی می‌شود.",
        ]
        .iter()
        .map(|t| s(t, &Lang::Fa))
        .collect();
        let d = diff(&en, &fa, &Lang::Fa, &one(5));
        assert_eq!(
            d.iter()
                .map(|d| (d.kind, d.src.clone()))
                .collect::<Vec<_>>(),
            vec![(DiffKind::WeakMatch, vec![3])]
        );
    }

    #[test]
    fn same_language_editions_get_word_edits() {
        let old = [s("At least 12 people were hurt.", &Lang::En)];
        let new = [s("At least 15 people were hurt.", &Lang::En)];
        let d = diff_with(
            &old,
            &new,
            &Lang::En,
            &Lang::En,
            &one(1),
            &DiffConfig::default(),
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].kind, d[0].detail.as_str()),
            (DiffKind::Edit, "-“12” +“15”")
        );
        assert_eq!(
            d[0].src_spans,
            vec![Span {
                sent: 0,
                start: 9,
                end: 11
            }]
        );
    }
}

#[cfg(test)]
mod prop {
    use super::*;

    /// A small deterministic generator (xorshift), so the property test needs no crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
            v[(self.next() % v.len() as u64) as usize]
        }
    }

    const PIECES: &[&str] = &[
        "12",
        "۱۴٬۵۰۰",
        "٢٫٥",
        "1,2",
        ",",
        ".",
        "٫",
        "٬",
        "%",
        "٪",
        "2017",
        "۱۳۹۷",
        "١٤٤٤",
        "هـ",
        "May",
        "March",
        "أيار/مايو",
        "اردیبهشت",
        "رمضان",
        "ذو",
        "الحجة",
        "Wednesday",
        "سه‌شنبه",
        "سه",
        "شنبه",
        "الأحد",
        "two",
        "thousand",
        "دو",
        "هزار",
        "و",
        "ألفي",
        "a",
        "fifth",
        "of",
        "یک",
        "پنجم",
        "خمس",
        "الناس",
        "million",
        "میلیون",
        "Mohammad",
        "Reza",
        "al-",
        "Assad",
        "محمدرضا",
        "عبدالکریم",
        "عبد",
        "Abdul",
        "الكيان",
        "الصهيوني",
        "رژیم",
        "Zionist",
        "regime",
        "<",
        ">",
        "\u{200C}",
        "\u{064E}",
        "ـ",
        " ",
        " ",
        " ",
        "-",
        "’s",
        "31",
        "0",
        "9999999999999999999999",
    ];

    #[test]
    fn prop_diff_never_panics_and_spans_stay_in_their_sentences() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..300 {
            let side = |lang: &Lang, rng: &mut Rng| -> Vec<Sentence> {
                (0..1 + rng.next() % 4)
                    .map(|_| {
                        let t: String = (0..rng.next() % 12).map(|_| rng.pick(PIECES)).collect();
                        Sentence::new(&t, lang, 0)
                    })
                    .collect()
            };
            let lang = if rng.next() % 2 == 0 {
                Lang::Fa
            } else {
                Lang::Ar
            };
            let en = side(&Lang::En, &mut rng);
            let tgt = side(&lang, &mut rng);
            // a monotone alignment with random shapes, sometimes running past the ends
            let (mut i, mut k) = (0, 0);
            let mut beads = Vec::new();
            while i < en.len() + 1 && k < tgt.len() + 1 && beads.len() < 8 {
                let (a, b) = ((rng.next() % 3) as usize, (rng.next() % 3) as usize);
                beads.push(Bead {
                    src: i..i + a,
                    tgt: k..k + b,
                    score: 0.5,
                });
                i += a;
                k += b;
            }
            let al = Alignment { beads };
            let bi = diff(&en, &tgt, &lang, &al).into_iter().map(|d| (d, &tgt));
            let same = diff_with(&en, &en, &Lang::En, &Lang::En, &al, &DiffConfig::default())
                .into_iter()
                .map(|d| (d, &en));
            for (d, other) in bi.chain(same) {
                for (spans, sents) in [(&d.src_spans, &en), (&d.tgt_spans, other)] {
                    for s in spans {
                        let n = sents
                            .get(s.sent)
                            .map_or(usize::MAX, |x| x.text.chars().count());
                        assert!(s.start <= s.end && s.end <= n, "{d:?}");
                    }
                }
            }
        }
    }
}

/// Turns the omissions and additions of moved passages into `reorder` rows.
///
/// `moves` pairs source and target sentence ids (one-sided in the alignment) that the aligner
/// found to be translations of each other ([`crate::align::AlignOutput::moves`]). Their
/// `omission` and `addition` rows are removed and one `reorder` row per moved block is added
/// (ids paired in order), placed where the first source sentence was.
pub fn apply_moves(diffs: &mut Vec<Difference>, moves: &[crate::align::Move]) {
    if moves.is_empty() {
        return;
    }
    let moved_src: std::collections::HashSet<usize> =
        moves.iter().flat_map(|m| m.src.iter().copied()).collect();
    let moved_tgt: std::collections::HashSet<usize> =
        moves.iter().flat_map(|m| m.tgt.iter().copied()).collect();
    diffs.retain(|d| {
        !((d.kind == DiffKind::Omission && d.src.iter().all(|i| moved_src.contains(i)))
            || (d.kind == DiffKind::Addition && d.tgt.iter().all(|k| moved_tgt.contains(k))))
    });
    for m in moves {
        let at = diffs
            .iter()
            .position(|d| {
                d.src
                    .first()
                    .is_some_and(|&i| m.src.first().is_some_and(|&s| i > s))
            })
            .unwrap_or(diffs.len());
        let list = |v: &[usize]| {
            v.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        diffs.insert(
            at,
            Difference {
                kind: DiffKind::Reorder,
                src: m.src.clone(),
                tgt: m.tgt.clone(),
                src_spans: vec![],
                tgt_spans: vec![],
                detail: format!("moved passage: English sentences {} appear elsewhere in the edition as sentences {}", list(&m.src), list(&m.tgt)),
            },
        );
    }
}
