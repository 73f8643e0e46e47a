//! Reports of edition differences: `diffs.json` ([`json`]) and HTML pages.
//!
//! The HTML page of one pair shows the two editions side by side, one aligned bead per table
//! row, Persian and Arabic cells marked `dir="rtl"` with their `lang`; one-sided sentences sit in
//! their place with "(no counterpart)" opposite. Differences are highlighted by kind: a span
//! (char offsets into the original sentence) becomes a `<mark class="k-<kind>">` whose `title`
//! is the detail; omissions, additions, splits, merges and weak matches colour the row. A
//! summary of counts per kind and a legend come first. `index.html` lists the pairs of a corpus
//! with their counts.
//!
//! Pages are rendered with minijinja templates (`src/report/templates/`, built into the binary)
//! with HTML auto-escaping on, so every piece of article text is escaped (a `<script>` in an
//! article shows as text). The CSS is inline and no asset is loaded: the pages work offline.

pub mod json;

use crate::align::Alignment;
use crate::corpus::Sentence;
use crate::diff::{DiffKind, Difference};
use crate::error::{Error, ErrorKind, Result};
use crate::Lang;
use minijinja::{context, Environment};
use serde::Serialize;
use std::io::Write;

const PAIR_TEMPLATE: &str = include_str!("templates/pair.html");
const INDEX_TEMPLATE: &str = include_str!("templates/index.html");
const CSS: &str = include_str!("templates/report.css");

/// One pair to render.
pub struct PairPage<'a> {
    /// Pair name shown as the title (`<slug>.en-fa`, with its subfolder: `sub/<slug>.en-fa`).
    pub name: &'a str,
    /// Source language.
    pub src_lang: &'a Lang,
    /// Target language.
    pub tgt_lang: &'a Lang,
    /// Source sentences.
    pub src: &'a [Sentence],
    /// Target sentences.
    pub tgt: &'a [Sentence],
    /// The alignment (beads in document order).
    pub alignment: &'a Alignment,
    /// The differences.
    pub diffs: &'a [Difference],
    /// Link back to the corpus index (relative URL), if any.
    pub index_href: Option<&'a str>,
    /// Warnings about the pair as a whole, shown above the table (e.g. strongly unequal
    /// editions, [`crate::pipeline::unequal_note`]).
    pub notes: &'a [String],
}

/// One line of `index.html`.
#[derive(Serialize, Clone, Debug)]
pub struct IndexEntry {
    /// Pair name.
    pub name: String,
    /// Relative link to the pair's page.
    pub href: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Source sentence count.
    pub src_count: usize,
    /// Target sentence count.
    pub tgt_count: usize,
    /// Bead count.
    pub beads: usize,
    /// Differences per kind, in the order of [`DiffKind::ALL`].
    pub counts: Vec<usize>,
    /// Warnings about the pair ([`PairPage::notes`]).
    pub notes: Vec<String>,
}

impl IndexEntry {
    /// The index line of a page, linking to `href`.
    pub fn of(page: &PairPage<'_>, href: &str) -> IndexEntry {
        IndexEntry {
            name: page.name.to_owned(),
            href: href.to_owned(),
            tgt_lang: page.tgt_lang.code().to_owned(),
            src_count: page.src.len(),
            tgt_count: page.tgt.len(),
            beads: page.alignment.beads.len(),
            counts: DiffKind::ALL
                .iter()
                .map(|k| page.diffs.iter().filter(|d| d.kind == *k).count())
                .collect(),
            notes: page.notes.to_vec(),
        }
    }
}

#[derive(Serialize)]
struct KindView {
    name: &'static str,
    label: &'static str,
    help: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Seg {
    text: String,
    kinds: Vec<&'static str>,
    title: String,
}

#[derive(Serialize)]
struct SentView {
    id: usize,
    segs: Vec<Seg>,
}

#[derive(Serialize)]
struct Note {
    kind: &'static str,
    label: &'static str,
    detail: String,
}

#[derive(Serialize)]
struct Row {
    index: usize,
    label: String,
    classes: Vec<&'static str>,
    src: Vec<SentView>,
    tgt: Vec<SentView>,
    notes: Vec<Note>,
}

/// What a kind means, for the legend.
fn help(k: DiffKind) -> &'static str {
    match k {
        DiffKind::Omission => "an English sentence with no counterpart in the edition (row shaded red)",
        DiffKind::Addition => "an edition sentence with no English source (row shaded blue)",
        DiffKind::NumberMismatch => "a count, amount or percentage that differs as a value (digits of any script and number words compared)",
        DiffKind::DateMismatch => "a date, weekday or year that cannot be the same day (Gregorian, Solar Hijri and Hijri compared)",
        DiffKind::NameMismatch => "a name with a part dropped or added, or a person missing from the edition",
        DiffKind::TermShift => "a loaded, softened or honorific term rendered in another register (glossary classes differ)",
        DiffKind::WeakMatch => "aligned sentences whose content agrees far less than the rest of the document (dashed outline)",
        DiffKind::Split => "one English sentence rendered as several (informational)",
        DiffKind::Merge => "several English sentences rendered as one (informational)",
        DiffKind::Edit => "same-language editions: words removed or inserted",
        DiffKind::Reorder => "a passage placed elsewhere in the edition (its sentences stand alone in both columns)",
    }
}

fn dir(l: &Lang) -> &'static str {
    if l.is_arabic_script() {
        "rtl"
    } else {
        "ltr"
    }
}

fn kinds_view(diffs: &[Difference]) -> Vec<KindView> {
    DiffKind::ALL
        .iter()
        .map(|&k| KindView {
            name: k.name(),
            label: k.label(),
            help: help(k),
            count: diffs.iter().filter(|d| d.kind == k).count(),
        })
        .collect()
}

/// Kinds shown as row colours rather than marks.
fn row_kind(k: DiffKind) -> bool {
    matches!(
        k,
        DiffKind::Omission
            | DiffKind::Addition
            | DiffKind::Split
            | DiffKind::Merge
            | DiffKind::WeakMatch
    )
}

/// Cuts a sentence into segments at every span boundary; each segment lists the kinds covering it.
fn segments(text: &str, marks: &[(usize, usize, DiffKind, &str)]) -> Vec<Seg> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut cuts: Vec<usize> = vec![0, n];
    for &(a, b, _, _) in marks {
        cuts.push(a.min(n));
        cuts.push(b.min(n));
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if a >= b {
            continue;
        }
        let mut kinds: Vec<&'static str> = Vec::new();
        let mut titles: Vec<String> = Vec::new();
        for &(s, e, k, d) in marks {
            if s <= a && b <= e && !kinds.contains(&k.name()) {
                kinds.push(k.name());
                titles.push(format!("{}: {}", k.label(), d));
            }
        }
        out.push(Seg {
            text: chars[a..b].iter().collect(),
            kinds,
            title: titles.join("\n"),
        });
    }
    out
}

/// For each sentence id, the indexes (ascending) of the differences a row holding it shows:
/// on the source side every difference naming the sentence; on the target side only the
/// differences with no source sentence (a row with a source sentence takes its differences
/// from the source side alone).
struct DiffIndex {
    by_src: Vec<Vec<usize>>,
    by_tgt: Vec<Vec<usize>>,
}

impl DiffIndex {
    fn new(page: &PairPage<'_>) -> DiffIndex {
        let mut by_src = vec![Vec::new(); page.src.len()];
        let mut by_tgt = vec![Vec::new(); page.tgt.len()];
        for (di, d) in page.diffs.iter().enumerate() {
            let (ids, lists) = if d.src.is_empty() {
                (&d.tgt, &mut by_tgt)
            } else {
                (&d.src, &mut by_src)
            };
            for &i in ids {
                // pushed in ascending order, so a repeated id is the last one pushed
                if let Some(l) = lists.get_mut(i) {
                    if l.last() != Some(&di) {
                        l.push(di);
                    }
                }
            }
        }
        DiffIndex { by_src, by_tgt }
    }

    /// The differences touching a bead with these (valid) sentence ids, in list order.
    fn touching(&self, sids: &[usize], tids: &[usize]) -> Vec<usize> {
        let (ids, lists) = if sids.is_empty() {
            (tids, &self.by_tgt)
        } else {
            (sids, &self.by_src)
        };
        let mut out: Vec<usize> = ids.iter().flat_map(|&i| lists[i].iter().copied()).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn rows(page: &PairPage<'_>) -> Vec<Row> {
    let index = DiffIndex::new(page);
    let mut out = Vec::new();
    for (bi, bead) in page.alignment.beads.iter().enumerate() {
        let sids: Vec<usize> = bead.src.clone().filter(|&i| i < page.src.len()).collect();
        let tids: Vec<usize> = bead.tgt.clone().filter(|&k| k < page.tgt.len()).collect();
        let ds: Vec<&Difference> = index
            .touching(&sids, &tids)
            .into_iter()
            .map(|di| &page.diffs[di])
            .collect();
        let mut classes: Vec<&'static str> = Vec::new();
        for d in &ds {
            if !classes.contains(&d.kind.name()) {
                classes.push(d.kind.name());
            }
        }
        let view = |ids: &[usize], sents: &[Sentence], src_side: bool| -> Vec<SentView> {
            ids.iter()
                .map(|&i| {
                    let marks: Vec<(usize, usize, DiffKind, &str)> = ds
                        .iter()
                        .filter(|d| !row_kind(d.kind))
                        .flat_map(|d| {
                            let spans = if src_side { &d.src_spans } else { &d.tgt_spans };
                            spans
                                .iter()
                                .filter(|s| s.sent == i)
                                .map(move |s| (s.start, s.end, d.kind, d.detail.as_str()))
                        })
                        .collect();
                    SentView {
                        id: i,
                        segs: segments(&sents[i].text, &marks),
                    }
                })
                .collect()
        };
        let ids = |v: &[usize]| {
            v.iter()
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        out.push(Row {
            index: bi,
            label: format!("{}:{}", ids(&sids), ids(&tids)),
            classes,
            src: view(&sids, page.src, true),
            tgt: view(&tids, page.tgt, false),
            notes: ds
                .iter()
                .map(|d| Note {
                    kind: d.kind.name(),
                    label: d.kind.label(),
                    detail: d.detail.clone(),
                })
                .collect(),
        });
    }
    out
}

fn env() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // names ending in .html get HTML auto-escaping (minijinja's default rule)
    env.add_template("pair.html", PAIR_TEMPLATE)
        .map_err(tpl_err)?;
    env.add_template("index.html", INDEX_TEMPLATE)
        .map_err(tpl_err)?;
    Ok(env)
}

fn tpl_err(e: minijinja::Error) -> Error {
    Error::new(ErrorKind::Config(format!("report template: {e}")))
}

/// The template context of a pair page.
fn pair_context(page: &PairPage<'_>) -> minijinja::Value {
    context! {
        pair => page.name,
        css => minijinja::Value::from_safe_string(CSS.to_owned()),
        src_lang => page.src_lang.code(),
        tgt_lang => page.tgt_lang.code(),
        src_dir => dir(page.src_lang),
        tgt_dir => dir(page.tgt_lang),
        src_count => page.src.len(),
        tgt_count => page.tgt.len(),
        beads => page.alignment.beads.len(),
        kinds => kinds_view(page.diffs),
        rows => rows(page),
        index => page.index_href,
        notes => page.notes,
        version => env!("CARGO_PKG_VERSION"),
    }
}

/// Renders the HTML page of one pair.
///
/// # Errors
/// A template error (a bug), as [`ErrorKind::Config`].
pub fn render_pair_html(page: &PairPage<'_>) -> Result<String> {
    let env = env()?;
    let t = env.get_template("pair.html").map_err(tpl_err)?;
    t.render(pair_context(page)).map_err(tpl_err)
}

/// Writes the HTML page of one pair (the bytes of [`render_pair_html`]), streamed to `w`
/// rather than built in memory first.
///
/// # Errors
/// I/O errors; template errors.
pub fn write_pair_html(w: &mut dyn Write, page: &PairPage<'_>) -> Result<()> {
    let env = env()?;
    let t = env.get_template("pair.html").map_err(tpl_err)?;
    // keeps the first I/O error itself: minijinja reports it only as a render failure
    struct Keep<'w> {
        w: &'w mut dyn Write,
        err: Option<std::io::Error>,
    }
    impl Keep<'_> {
        fn keep(&mut self, e: std::io::Error) -> std::io::Error {
            let told = std::io::Error::new(e.kind(), "write failed");
            self.err.get_or_insert(e);
            told
        }
    }
    impl Write for Keep<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.w.write(buf).map_err(|e| self.keep(e))
        }
        fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
            self.w.write_all(buf).map_err(|e| self.keep(e))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            self.w.flush().map_err(|e| self.keep(e))
        }
    }
    let mut keep = Keep { w, err: None };
    let rendered = t.render_captured_to(pair_context(page), &mut keep);
    if let Some(e) = keep.err {
        return Err(e.into());
    }
    rendered.map_err(tpl_err)?;
    Ok(())
}

/// Renders `index.html` for a corpus.
///
/// # Errors
/// A template error (a bug), as [`ErrorKind::Config`].
pub fn render_index_html(entries: &[IndexEntry]) -> Result<String> {
    let env = env()?;
    let t = env.get_template("index.html").map_err(tpl_err)?;
    t.render(context! {
        css => minijinja::Value::from_safe_string(CSS.to_owned()),
        pairs => entries,
        kinds => kinds_view(&[]),
        version => env!("CARGO_PKG_VERSION"),
    })
    .map_err(tpl_err)
}

/// Writes `index.html` (see [`render_index_html`]).
///
/// # Errors
/// I/O errors; template errors.
pub fn write_index_html(w: &mut dyn Write, entries: &[IndexEntry]) -> Result<()> {
    w.write_all(render_index_html(entries)?.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;
    use crate::diff::diff;

    #[test]
    fn hostile_text_is_escaped_and_rtl_marked() {
        let en = vec![Sentence::new(
            "Police arrested 3 <script>alert(\"x\")</script> suspects.",
            &Lang::En,
            0,
        )];
        let fa = vec![Sentence::new(
            "پلیس ۴ مظنون را بازداشت کرد \"<b>\".",
            &Lang::Fa,
            0,
        )];
        let al = Alignment {
            beads: vec![Bead {
                src: 0..1,
                tgt: 0..1,
                score: 1.0,
            }],
        };
        let d = diff(&en, &fa, &Lang::Fa, &al);
        let page = PairPage {
            name: "x<y>.en-fa",
            src_lang: &Lang::En,
            tgt_lang: &Lang::Fa,
            src: &en,
            tgt: &fa,
            alignment: &al,
            diffs: &d,
            index_href: None,
            notes: &[],
        };
        let html = render_pair_html(&page).unwrap();
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;"));
        assert!(html.contains("x&lt;y&gt;.en-fa"));
        assert!(html.contains(r#"lang="fa" dir="rtl""#));
        assert!(html.contains(r#"<mark class="k-number_mismatch " title="Number mismatch: the English has “3” (3), the fa edition “۴” (4)">۴</mark>"#), "{html}");
        assert!(!html.contains("http"), "no external asset");
    }

    #[test]
    fn written_page_is_the_rendered_page_and_keeps_write_errors() {
        let en = vec![
            Sentence::new("Tehran said 3 ships left on Monday.", &Lang::En, 0),
            Sentence::new("No one else spoke.", &Lang::En, 1),
        ];
        let fa = vec![Sentence::new(
            "تهران گفت ۴ کشتی روز دوشنبه رفتند.",
            &Lang::Fa,
            0,
        )];
        let al = Alignment {
            beads: vec![
                crate::align::Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.9,
                },
                crate::align::Bead {
                    src: 1..2,
                    tgt: 1..1,
                    score: 0.5,
                },
            ],
        };
        let d = diff(&en, &fa, &Lang::Fa, &al);
        let page = PairPage {
            name: "w.en-fa",
            src_lang: &Lang::En,
            tgt_lang: &Lang::Fa,
            src: &en,
            tgt: &fa,
            alignment: &al,
            diffs: &d,
            index_href: Some("../index.html"),
            notes: &[],
        };
        let mut buf = Vec::new();
        write_pair_html(&mut buf, &page).unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            render_pair_html(&page).unwrap()
        );

        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::from_raw_os_error(28))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let e = write_pair_html(&mut Full, &page).unwrap_err();
        match e.kind() {
            ErrorKind::Io(io) => assert_eq!(io.raw_os_error(), Some(28), "{e}"),
            other => panic!("not an I/O error: {other:?}"),
        }
    }

    #[test]
    fn diff_index_picks_what_a_scan_of_all_differences_picks() {
        let sents = |n: usize| -> Vec<Sentence> {
            (0..n)
                .map(|i| Sentence::new(&format!("s{i}"), &Lang::En, 0))
                .collect()
        };
        let (src, tgt) = (sents(6), sents(7));
        let d = |src: Vec<usize>, tgt: Vec<usize>| Difference {
            kind: DiffKind::NameMismatch,
            src,
            tgt,
            src_spans: Vec::new(),
            tgt_spans: Vec::new(),
            detail: String::new(),
        };
        let diffs = vec![
            d(vec![0], vec![0]),
            d(vec![], vec![1]),
            d(vec![2, 3], vec![3]),
            d(vec![3, 3], vec![]),
            d(vec![], vec![4, 5]),
            d(vec![9], vec![1]),
            d(vec![], vec![]),
            d(vec![5, 1], vec![6, 99]),
            d(vec![], vec![99]),
        ];
        let b = |s: std::ops::Range<usize>, t: std::ops::Range<usize>| crate::align::Bead {
            src: s,
            tgt: t,
            score: 1.0,
        };
        let al = Alignment {
            beads: vec![
                b(0..1, 0..1),
                b(1..1, 1..2),
                b(1..2, 2..2),
                b(2..4, 2..4),
                b(4..4, 4..6),
                b(4..6, 6..7),
                b(6..8, 7..9),
            ],
        };
        let page = PairPage {
            name: "t.en-fa",
            src_lang: &Lang::En,
            tgt_lang: &Lang::Fa,
            src: &src,
            tgt: &tgt,
            alignment: &al,
            diffs: &diffs,
            index_href: None,
            notes: &[],
        };
        let index = DiffIndex::new(&page);
        for bead in &al.beads {
            let sids: Vec<usize> = bead.src.clone().filter(|&i| i < src.len()).collect();
            let tids: Vec<usize> = bead.tgt.clone().filter(|&k| k < tgt.len()).collect();
            // the scan `rows` made before the index
            let scan: Vec<usize> = (0..diffs.len())
                .filter(|&di| {
                    let d = &diffs[di];
                    (!sids.is_empty() && d.src.iter().any(|i| sids.contains(i)))
                        || (sids.is_empty()
                            && !tids.is_empty()
                            && d.src.is_empty()
                            && d.tgt.iter().any(|k| tids.contains(k)))
                })
                .collect();
            assert_eq!(index.touching(&sids, &tids), scan, "{bead:?}");
        }
    }

    #[test]
    fn segments_cut_at_span_edges() {
        let s = segments(
            "abcdef",
            &[
                (1, 3, DiffKind::NumberMismatch, "n"),
                (2, 5, DiffKind::TermShift, "t"),
            ],
        );
        let v: Vec<(String, Vec<&str>)> = s.into_iter().map(|g| (g.text, g.kinds)).collect();
        assert_eq!(
            v,
            vec![
                ("a".into(), vec![]),
                ("b".into(), vec!["number_mismatch"]),
                ("c".into(), vec!["number_mismatch", "term_shift"]),
                ("de".into(), vec!["term_shift"]),
                ("f".into(), vec![]),
            ]
        );
    }
}
