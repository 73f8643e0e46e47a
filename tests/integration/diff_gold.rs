//! The diff stage on gold alignments: scored like `shared/tools/score_diffs.py`.

use crate::diff_score::{fixture, rows, score, shared, Score};
use dragoman::align::{Alignment, Bead};
use dragoman::corpus::Sentence;
use dragoman::diff::{diff, DiffKind, Difference};
use dragoman::Lang;
use std::path::Path;

pub fn sentences(path: &Path, lang: &Lang) -> Vec<Sentence> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(|l| Sentence::new(l, lang, 0)).collect()
}

pub fn gold_alignment(path: &Path) -> Alignment {
    let beads = dragoman::eval::read_beads(path).unwrap_or_else(|e| panic!("{e}"));
    let range = |v: &[usize]| match (v.first(), v.last()) {
        (Some(&a), Some(&b)) => a..b + 1,
        _ => 0..0,
    };
    // a one-sided bead's empty side sits where the previous bead ended
    let (mut ns, mut nt) = (0, 0);
    let mut out = Vec::new();
    for (s, t) in beads {
        let src = if s.is_empty() { ns..ns } else { range(&s) };
        let tgt = if t.is_empty() { nt..nt } else { range(&t) };
        ns = src.end;
        nt = tgt.end;
        out.push(Bead {
            src,
            tgt,
            score: 1.0,
        });
    }
    Alignment { beads: out }
}

pub fn tsv(src: &[Sentence], tgt: &[Sentence], d: &[Difference]) -> String {
    let mut out = Vec::new();
    dragoman::export::write_diffs_tsv(&mut out, src, tgt, d).expect("write to memory");
    String::from_utf8(out).expect("utf-8")
}

/// Diffs a triple `<dir>/<slug>.{en,fa,ar}.sent` on its gold alignments; returns the pooled score.
fn score_triple(dir: &Path, slug: &str, langs: &[&str]) -> Score {
    let en = sentences(&dir.join(format!("{slug}.en.sent")), &Lang::En);
    let mut acc = Score::default();
    for code in langs {
        let lang = Lang::from_code(code).expect("code");
        let tgt = sentences(&dir.join(format!("{slug}.{code}.sent")), &lang);
        let al = gold_alignment(&dir.join(format!("{slug}.en-{code}.align")));
        let d = diff(&en, &tgt, &lang, &al);
        let pred = tsv(&en, &tgt, &d);
        // DRAGOMAN_DIFFS_OUT=dir keeps the predictions, to check this scorer against
        // shared/tools/score_diffs.py by hand
        if let Some(out) = std::env::var_os("DRAGOMAN_DIFFS_OUT") {
            let p = Path::new(&out).join(format!("{slug}.en-{code}.diffs.tsv"));
            std::fs::write(&p, &pred).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        }
        let gold = std::fs::read_to_string(dir.join(format!("{slug}.en-{code}.diffs.tsv")))
            .expect("gold diffs");
        let before = acc;
        score(&rows(&gold), &rows(&pred), &mut acc);
        println!(
            "{slug} en-{code}: matched {} of gold {}, pred {}",
            acc.matched - before.matched,
            acc.gold - before.gold,
            acc.pred - before.pred
        );
        println!("```\n{pred}```");
    }
    acc
}

#[test]
fn diff_gold_tehran_damascus_reaches_the_bar() {
    let s = score_triple(&fixture(""), "tehran-damascus", &["fa", "ar"]);
    println!("{}", s.line());
    assert_eq!((s.gold, s.alarms), (11, 0));
    assert!(s.recall() >= 0.95, "{}", s.line());
    assert!(s.precision() >= 0.90, "{}", s.line());
}

#[test]
fn diff_gold_hand_written_triples_reach_the_bar() {
    let mut total = Score::default();
    for slug in ["harbour-strike", "summit-visit"] {
        let s = score_triple(&fixture("diffgold"), slug, &["fa", "ar"]);
        total.matched += s.matched;
        total.gold += s.gold;
        total.pred += s.pred;
        total.alarms += s.alarms;
    }
    println!("{}", total.line());
    assert_eq!(total.alarms, 0, "{}", total.line());
    assert!(total.recall() >= 0.95, "{}", total.line());
    assert!(total.precision() >= 0.90, "{}", total.line());
}

#[test]
fn diff_gold_spans_are_char_offsets_into_the_original() {
    let dir = fixture("");
    let en = sentences(&dir.join("tehran-damascus.en.sent"), &Lang::En);
    let ar = sentences(&dir.join("tehran-damascus.ar.sent"), &Lang::Ar);
    let al = gold_alignment(&dir.join("tehran-damascus.en-ar.align"));
    let d = diff(&en, &ar, &Lang::Ar, &al);
    let num: Vec<&Difference> = d
        .iter()
        .filter(|x| x.kind == DiffKind::NumberMismatch)
        .collect();
    assert_eq!(num.len(), 1);
    // the bead is [9, 10]:[10]; the row cites the sentence holding the number
    assert_eq!(
        (num[0].src.clone(), num[0].tgt.clone()),
        (vec![9], vec![10])
    );
    assert_eq!(
        num[0]
            .src_spans
            .iter()
            .map(|s| s.text(&en))
            .collect::<Vec<_>>(),
        vec!["22"]
    );
    assert_eq!(
        num[0]
            .tgt_spans
            .iter()
            .map(|s| s.text(&ar))
            .collect::<Vec<_>>(),
        vec!["٢١"]
    );
    let name = d
        .iter()
        .find(|x| x.kind == DiffKind::NameMismatch)
        .expect("a name mismatch");
    assert_eq!(name.src_spans[0].text(&en), "Abdul Karim Mahmoud Ibrahim");
    assert_eq!(name.tgt_spans[0].text(&ar), "عبد الكريم إبراهيم");
    let term = d
        .iter()
        .find(|x| x.kind == DiffKind::TermShift)
        .expect("a term shift");
    assert_eq!(term.src_spans[0].text(&en), "Zionist regime");
    assert_eq!(term.tgt_spans[0].text(&ar), "الكيان الصهيوني");
}

#[test]
fn case_b14_same_numbers_in_three_digit_systems() {
    let Some(dir) = shared("cases/B14") else {
        println!("skipped: ../shared/cases/B14 is absent");
        return;
    };
    let read = |f: &str, l: &Lang| sentences(&dir.join(f), l);
    let en = read("en.txt", &Lang::En);
    let fa = read("fa.txt", &Lang::Fa);
    let ar = read("ar.txt", &Lang::Ar);
    let one_to_one = Alignment {
        beads: (0..4)
            .map(|i| Bead {
                src: i..i + 1,
                tgt: i..i + 1,
                score: 1.0,
            })
            .collect(),
    };
    let dfa = diff(&en, &fa, &Lang::Fa, &one_to_one);
    assert_eq!(dfa.len(), 1, "{dfa:#?}");
    assert_eq!(dfa[0].kind, DiffKind::NumberMismatch);
    assert_eq!((dfa[0].src.clone(), dfa[0].tgt.clone()), (vec![3], vec![3]));
    assert_eq!(dfa[0].src_spans[0].text(&en), "3");
    assert_eq!(dfa[0].tgt_spans[0].text(&fa), "۴");
    let dar = diff(&en, &ar, &Lang::Ar, &one_to_one);
    assert!(dar.is_empty(), "{dar:#?}");
    // the aligner must keep the four 1-1 beads
    let cfg = dragoman::align::AlignConfig::default();
    let a = dragoman::align::align(&en, &fa, &Lang::En, &Lang::Fa, &cfg);
    assert_eq!(
        a.beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect::<Vec<_>>(),
        (0..4).map(|i| (i..i + 1, i..i + 1)).collect::<Vec<_>>()
    );
}
