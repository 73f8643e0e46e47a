//! TMX 1.4b translation memories (LISA OSCAR, Translation Memory eXchange, version 1.4b, 2004;
//! DTD `tmx14.dtd`, "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN").
//!
//! Layout: an XML 1.0 declaration (UTF-8), `<tmx version="1.4">`, a `<header>` with every
//! attribute the DTD requires (`creationtool="dragoman"`, `creationtoolversion`,
//! `segtype="sentence"`, `o-tmf="dragoman"`, `adminlang="en"`, `srclang` = the source language,
//! `datatype="plaintext"`), then `<body>` with one `<tu>` per bead, in order. Each `tu` holds
//! `<prop type="x-slug">` (the report), `<prop type="x-bead">` (`[i, j]:[k]`, 0-based ids as in
//! `.align` files) and `<prop type="x-score">` (4 decimals, in `[0, 1]`), then one
//! `<tuv xml:lang="..."><seg>` per non-empty side: a 1-0 or 0-1 bead gives a `tu` with a single
//! `tuv`, which the DTD allows (`tuv+`). A `seg` holds the bead's sentences joined by one space;
//! when a side has two sentences or more, its `tuv` starts with `<prop type="x-breaks">`: the
//! 0-based character offsets (Unicode scalar values) of the joining spaces, comma-separated, so
//! the sentences can be read back exactly ([`read_tmx`]).
//! Text is cleaned first ([`crate::export::clean_text`]) and escaped by quick-xml (`<`, `>`, `&`,
//! `"`, `'`); bidi marks and ZWNJ are kept as characters. The output validates with
//! `xmllint --noout --dtdvalid tmx14.dtd`.

use crate::align::{Alignment, Bead};
use crate::corpus::Sentence;
use crate::error::{Error, ErrorKind, Result};
use crate::export::import::{check_slug, parse_xml, Node};
use crate::export::{bead_label, check_alignment, clean_text, PairAlignment, PairUnits, Unit};
use crate::Lang;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// One aligned document for a TMX file (the form `dragoman run` uses).
pub struct TmxDoc<'a> {
    /// The report's slug (written as `x-slug`).
    pub slug: &'a str,
    /// Source sentences.
    pub src: &'a [Sentence],
    /// Target sentences.
    pub tgt: &'a [Sentence],
    /// The alignment.
    pub alignment: &'a Alignment,
}

/// Removes characters XML 1.0 forbids and turns tabs and line separators into spaces
/// (the same as [`clean_text`], without the count).
pub fn xml_clean(s: &str) -> String {
    clean_text(s).text
}

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Xml(e.to_string()))
}

/// Writes a TMX file of every bead of `docs` (see the module docs).
///
/// # Errors
/// I/O errors.
pub fn write_tmx(
    w: &mut dyn Write,
    src_lang: &Lang,
    tgt_lang: &Lang,
    docs: &[TmxDoc<'_>],
) -> Result<()> {
    let pairs: Vec<PairUnits> = docs
        .iter()
        .map(|d| {
            let mut p = PairAlignment {
                slug: d.slug.to_owned(),
                src_lang: src_lang.clone(),
                tgt_lang: tgt_lang.clone(),
                src: d.src.iter().map(|s| s.text.clone()).collect(),
                tgt: d.tgt.iter().map(|s| s.text.clone()).collect(),
                alignment: d.alignment.clone(),
            };
            p.clean();
            p.units()
        })
        .collect();
    write_tmx_units(w, src_lang, &pairs)
}

fn text_elem<W: Write>(x: &mut Writer<W>, start: BytesStart<'_>, text: &str) -> Result<()> {
    let name = start.name().as_ref().to_owned();
    x.write_event(Event::Start(start)).map_err(xml_err)?;
    x.write_event(Event::Text(BytesText::new(text)))
        .map_err(xml_err)?;
    x.write_event(Event::End(BytesEnd::new(name)))
        .map_err(xml_err)?;
    Ok(())
}

/// Character offsets of the spaces that join `sents` (empty for fewer than two sentences).
fn breaks(sents: &[String]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut pos = 0;
    for s in sents.iter().take(sents.len().saturating_sub(1)) {
        pos += s.chars().count();
        out.push(pos);
        pos += 1;
    }
    out
}

fn write_tu<W: Write>(x: &mut Writer<W>, slug: &str, sl: &Lang, tl: &Lang, u: &Unit) -> Result<()> {
    x.write_event(Event::Start(BytesStart::new("tu")))
        .map_err(xml_err)?;
    for (ty, val) in [
        ("x-slug", clean_text(slug).text),
        ("x-bead", bead_label(&u.bead)),
        ("x-score", format!("{:.4}", u.bead.score)),
    ] {
        let mut p = BytesStart::new("prop");
        p.push_attribute(("type", ty));
        text_elem(x, p, &val)?;
    }
    for (lang, sents) in [(sl, &u.src), (tl, &u.tgt)] {
        if sents.is_empty() {
            continue;
        }
        let mut tuv = BytesStart::new("tuv");
        tuv.push_attribute(("xml:lang", lang.code()));
        x.write_event(Event::Start(tuv)).map_err(xml_err)?;
        let b = breaks(sents);
        if !b.is_empty() {
            let mut p = BytesStart::new("prop");
            p.push_attribute(("type", "x-breaks"));
            text_elem(
                x,
                p,
                &b.iter()
                    .map(|i| i.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            )?;
        }
        text_elem(
            x,
            BytesStart::new("seg"),
            &clean_text(&sents.join(" ")).text,
        )?;
        x.write_event(Event::End(BytesEnd::new("tuv")))
            .map_err(xml_err)?;
    }
    x.write_event(Event::End(BytesEnd::new("tu")))
        .map_err(xml_err)?;
    Ok(())
}

/// Writes a TMX file holding every unit of `pairs`, in order (see the module docs).
/// `src_lang` is the header's `srclang`; each `tuv` names its own language.
///
/// # Errors
/// I/O errors.
pub fn write_tmx_units(w: &mut dyn Write, src_lang: &Lang, pairs: &[PairUnits]) -> Result<()> {
    let mut x = Writer::new_with_indent(w, b' ', 1);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    let mut tmx = BytesStart::new("tmx");
    tmx.push_attribute(("version", "1.4"));
    x.write_event(Event::Start(tmx)).map_err(xml_err)?;
    let mut header = BytesStart::new("header");
    for (k, v) in [
        ("creationtool", "dragoman"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("segtype", "sentence"),
        ("o-tmf", "dragoman"),
        ("adminlang", "en"),
        ("srclang", src_lang.code()),
        ("datatype", "plaintext"),
    ] {
        header.push_attribute((k, v));
    }
    x.write_event(Event::Empty(header)).map_err(xml_err)?;
    x.write_event(Event::Start(BytesStart::new("body")))
        .map_err(xml_err)?;
    for p in pairs {
        for u in &p.units {
            write_tu(&mut x, &p.slug, &p.src_lang, &p.tgt_lang, u)?;
        }
    }
    x.write_event(Event::End(BytesEnd::new("body")))
        .map_err(xml_err)?;
    x.write_event(Event::End(BytesEnd::new("tmx")))
        .map_err(xml_err)?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}

/// The ids of an `x-bead` label `[i, j]:[k]` (as [`bead_label`] writes it), source then target;
/// `None` when it is not one.
fn bead_ids(label: &str) -> Option<(Vec<usize>, Vec<usize>)> {
    let (a, b) = label.trim().split_once(':')?;
    let side = |s: &str| -> Option<Vec<usize>> {
        let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?;
        inner
            .split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| x.parse().ok())
            .collect()
    };
    Some((side(a)?, side(b)?))
}

fn prop_node<'a>(n: &'a Node, ty: &str) -> Option<&'a Node> {
    n.children_named("prop")
        .find(|p| p.attr("type") == Some(ty))
}

fn prop<'a>(n: &'a Node, ty: &str) -> Option<&'a str> {
    prop_node(n, ty).map(|p| p.text.as_str())
}

/// Splits a `seg` text at the `x-breaks` offsets.
fn split_at_breaks(tuv: &Node, text: &str) -> Result<Vec<String>> {
    let Some(node) = prop_node(tuv, "x-breaks") else {
        return Ok(vec![text.to_owned()]);
    };
    let spec = node.text.as_str();
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut from = 0;
    for part in spec.split(',') {
        let at: usize = part
            .trim()
            .parse()
            .map_err(|_| node.err(format!("x-breaks: not a number: {part:?}")))?;
        if at < from || at >= chars.len() || chars[at] != ' ' {
            return Err(node.err(format!(
                "x-breaks: offset {at} is not a joining space of the seg"
            )));
        }
        out.push(chars[from..at].iter().collect());
        from = at + 1;
    }
    out.push(chars[from..].iter().collect());
    Ok(out)
}

/// Reads a TMX file back into one pair per `x-slug`, in order of first appearance.
///
/// Each `tu` becomes one bead: its source side is the `tuv` whose `xml:lang` (or `lang`, as TMX
/// 1.1 and 1.2 wrote it) is the header's `srclang`, its target side the other one; languages are
/// compared by their primary subtag ([`Lang::from_tag`]: `en-US` is `en`). A `srclang` of `*all*`
/// (TMX 1.4: any language may be the source) takes English as the source, dragoman's convention
/// (the English edition is the source): a `tu` of two or more `tuv`s none of which is English,
/// or a file with no English `tuv`, is then an error. A side's sentences are its `seg` split at
/// `x-breaks` (one sentence when absent; the text of native-code elements `bpt`, `ept`, `ph`,
/// `it`, `ut` is left out, that of `hi` kept). The score is `x-score`; a `tu` without one
/// scores 1.0: the file gives the bead as an alignment, unscored, as InterText links are read,
/// so that `--min-score` filters keep it. Sentence ids are renumbered from 0 in `tu` order, so
/// a TMX written by [`write_tmx_units`] without filters gives back the ids it was written with.
/// A `tu` without `x-slug` belongs to slug `tmx` (see [`read_tmx_as`] for another).
///
/// Two documents are never merged into one pair: a slug whose `tu`s come back after another
/// slug's, or whose `x-bead` ids go back (a second document of the same slug starting again at
/// sentence 0), is an error (filters may leave gaps in the ids; they never go back).
///
/// # Errors
/// [`ErrorKind::Xml`] with the 1-based line: not XML, no `srclang`, a `tu` with a third
/// language or two `tuv`s of one language, a bad `x-breaks` or `x-score`, two documents with
/// the same `x-slug`, `*all*` without English; [`ErrorKind::Config`] with the line of the
/// `prop` for an `x-slug` that would leave the output folder ([`check_slug`]).
pub fn read_tmx(text: &str) -> Result<Vec<PairAlignment>> {
    read_tmx_as(text, "tmx")
}

/// [`read_tmx`], giving a `tu` without `x-slug` the slug `default_slug` (`dragoman import` gives
/// the file's stem: [`crate::export::import::default_slug`]).
///
/// # Errors
/// As [`read_tmx`].
pub fn read_tmx_as(text: &str, default_slug: &str) -> Result<Vec<PairAlignment>> {
    let root = parse_xml(text, &["bpt", "ept", "ph", "it", "ut"])?;
    if root.name != "tmx" {
        return Err(root.err(format!("root element is <{}>, not <tmx>", root.name)));
    }
    let header = root
        .children_named("header")
        .next()
        .ok_or_else(|| root.err("no <header>"))?;
    // `*all*`: any language may be the source (TMX 1.4); dragoman's source edition is English
    let (src_lang, all) = match header.attr("srclang") {
        None => return Err(header.err("header has no srclang")),
        Some(tag) if tag.trim() == "*all*" => (Lang::En, true),
        Some(tag) => (
            Lang::from_tag(tag).ok_or_else(|| {
                header.err(format!("header srclang {tag:?} is not a language tag"))
            })?,
            false,
        ),
    };
    let body = root
        .children_named("body")
        .next()
        .ok_or_else(|| root.err("no <body>"))?;
    let mut tgt_lang: Option<Lang> = None;
    let mut saw_src = false;
    let mut pairs: Vec<PairAlignment> = Vec::new();
    // per pair, the end of the source and target ids of its last `x-bead`
    let mut ends: Vec<(usize, usize)> = Vec::new();
    for tu in body.children_named("tu") {
        let slug = match prop_node(tu, "x-slug") {
            Some(p) => {
                let slug = p.text.trim();
                check_slug(slug).map_err(|e| e.with_line(p.line))?;
                slug.to_owned()
            }
            None => default_slug.to_owned(),
        };
        let name = slug.clone();
        let collide = |why: &str| {
            tu.err(format!(
                "x-slug {name:?} names two documents ({why}); they would be merged into one pair: give each document its own slug (as `dragoman run` and `export` do with <folder>/<slug>)"
            ))
        };
        if let Some(last) = pairs.last() {
            if last.slug != slug && pairs.iter().any(|p| p.slug == slug) {
                return Err(collide("its units come back after another slug's"));
            }
        }
        let score = match prop_node(tu, "x-score") {
            Some(p) => p
                .text
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|v| (0.0..=1.0).contains(v))
                .ok_or_else(|| p.err(format!("x-score {:?} is not a number in [0, 1]", p.text)))?,
            // given by the file without a score: taken as given (as InterText links are)
            None => 1.0,
        };
        let mut tuvs = Vec::new();
        for tuv in tu.children_named("tuv") {
            let lang = match tuv.attr("xml:lang").or_else(|| tuv.attr("lang")) {
                None => return Err(tuv.err("tuv without xml:lang (or TMX 1.1's lang)")),
                Some(tag) => Lang::from_tag(tag).ok_or_else(|| {
                    tuv.err(format!("tuv xml:lang {tag:?} is not a language tag"))
                })?,
            };
            tuvs.push((tuv, lang));
        }
        if all && tuvs.len() > 1 && !tuvs.iter().any(|(_, l)| *l == Lang::En) {
            return Err(tu.err(format!(
                "header srclang is *all* and this tu has no English tuv ({}): dragoman takes English as the source; give the source language in srclang",
                tuvs.iter().map(|(_, l)| l.code()).collect::<Vec<_>>().join(", ")
            )));
        }
        saw_src |= tuvs.iter().any(|(_, l)| *l == src_lang);
        let (mut src, mut tgt): (Option<Vec<String>>, Option<Vec<String>>) = (None, None);
        for (tuv, lang) in tuvs {
            let seg = tuv
                .children_named("seg")
                .next()
                .ok_or_else(|| tuv.err("tuv without <seg>"))?;
            let sents = split_at_breaks(tuv, &seg.text)?;
            let slot = if lang == src_lang {
                &mut src
            } else {
                match &tgt_lang {
                    Some(t) if *t != lang => {
                        return Err(tuv.err(format!(
                            "third language {lang} (source {src_lang}, target {t})"
                        )))
                    }
                    _ => tgt_lang = Some(lang),
                }
                &mut tgt
            };
            if slot.replace(sents).is_some() {
                return Err(tuv.err("two tuv of the same language in one tu"));
            }
        }
        let (src, tgt) = (src.unwrap_or_default(), tgt.unwrap_or_default());
        if src.is_empty() && tgt.is_empty() {
            return Err(tu.err("tu without tuv"));
        }
        let idx = match pairs.iter().position(|p| p.slug == slug) {
            Some(i) => i,
            None => {
                pairs.push(PairAlignment {
                    slug,
                    src_lang: src_lang.clone(),
                    tgt_lang: Lang::Other("und".into()),
                    src: vec![],
                    tgt: vec![],
                    alignment: Alignment::default(),
                });
                pairs.len() - 1
            }
        };
        if let Some((s_ids, t_ids)) = prop(tu, "x-bead").and_then(bead_ids) {
            let (se, te) = ends.get(idx).copied().unwrap_or((0, 0));
            if s_ids.first().is_some_and(|&a| a < se) || t_ids.first().is_some_and(|&a| a < te) {
                return Err(collide(&format!(
                    "bead {} starts again before sentence ids it already holds",
                    prop(tu, "x-bead").unwrap_or_default().trim()
                )));
            }
            if ends.len() <= idx {
                ends.resize(idx + 1, (0, 0));
            }
            let e = &mut ends[idx];
            if let Some(&l) = s_ids.last() {
                e.0 = l + 1;
            }
            if let Some(&l) = t_ids.last() {
                e.1 = l + 1;
            }
        }
        let p = &mut pairs[idx];
        let (i, j) = (p.src.len(), p.tgt.len());
        p.alignment.beads.push(Bead {
            src: i..i + src.len(),
            tgt: j..j + tgt.len(),
            score,
        });
        p.src.extend(src);
        p.tgt.extend(tgt);
    }
    let tgt_lang = tgt_lang.ok_or_else(|| body.err("no tuv in a language other than srclang"))?;
    if all && !saw_src {
        return Err(body.err(
            "header srclang is *all* and no tuv is in English: dragoman takes English as the source; give the source language in srclang",
        ));
    }
    for p in &mut pairs {
        p.tgt_lang = tgt_lang.clone();
        check_alignment(&p.alignment.beads, p.src.len(), p.tgt.len())?;
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_keeps_one_sided_beads_with_one_tuv() {
        let src = vec![
            Sentence::new("a <b> & \"c\"", &Lang::En, 0),
            Sentence::new("gone", &Lang::En, 0),
        ];
        let tgt = vec![Sentence::new("<script>x</script>", &Lang::Fa, 0)];
        let a = Alignment {
            beads: vec![
                Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.9,
                },
                Bead {
                    src: 1..2,
                    tgt: 1..1,
                    score: 0.9,
                },
            ],
        };
        let mut out = Vec::new();
        write_tmx(
            &mut out,
            &Lang::En,
            &Lang::Fa,
            &[TmxDoc {
                slug: "s",
                src: &src,
                tgt: &tgt,
                alignment: &a,
            }],
        )
        .unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains("<seg>a &lt;b&gt; &amp; &quot;c&quot;</seg>"),
            "{s}"
        );
        assert!(
            s.contains("<seg>&lt;script&gt;x&lt;/script&gt;</seg>"),
            "{s}"
        );
        assert_eq!(s.matches("<tu>").count(), 2);
        assert_eq!(s.matches("<tuv ").count(), 3);
        assert!(s.contains("<tuv xml:lang=\"fa\">"));
    }

    #[test]
    fn xml_clean_drops_forbidden_controls() {
        assert_eq!(xml_clean("a\u{1}b\u{B}c\u{2028}d"), "ab c d");
    }

    #[test]
    fn multi_sentence_sides_carry_breaks_and_read_back() {
        let p = PairAlignment {
            slug: "s".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Ar,
            src: vec!["One two.".into(), "Three.".into(), "Four.".into()],
            tgt: vec!["واحد.".into(), "".into()],
            alignment: Alignment {
                beads: vec![
                    Bead {
                        src: 0..2,
                        tgt: 0..1,
                        score: 0.5,
                    },
                    Bead {
                        src: 2..3,
                        tgt: 1..2,
                        score: 0.25,
                    },
                ],
            },
        };
        let mut out = Vec::new();
        write_tmx_units(&mut out, &Lang::En, &[p.units()]).unwrap();
        let s = String::from_utf8(out).unwrap();
        // "One two." is 8 chars: the joining space is at offset 8
        assert!(s.contains("<prop type=\"x-breaks\">8</prop>"), "{s}");
        assert!(s.contains("<seg>One two. Three.</seg>"), "{s}");
        let back = read_tmx(&s).unwrap();
        assert_eq!(back, vec![p]);
    }

    #[test]
    fn documents_sharing_a_slug_are_refused_not_merged() {
        let doc = |slug: &str| PairAlignment {
            slug: slug.into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            src: vec!["One.".into(), "Two.".into()],
            tgt: vec!["یک.".into(), "دو.".into()],
            alignment: Alignment {
                beads: vec![
                    Bead {
                        src: 0..1,
                        tgt: 0..1,
                        score: 0.9,
                    },
                    Bead {
                        src: 1..2,
                        tgt: 1..2,
                        score: 0.8,
                    },
                ],
            },
        };
        let write = |docs: &[PairAlignment]| {
            let units: Vec<PairUnits> = docs.iter().map(PairAlignment::units).collect();
            let mut out = Vec::new();
            write_tmx_units(&mut out, &Lang::En, &units).unwrap();
            String::from_utf8(out).unwrap()
        };
        // x then sub/x: two pairs
        let back = read_tmx(&write(&[doc("x"), doc("sub/x")])).unwrap();
        assert_eq!(back, vec![doc("x"), doc("sub/x")]);
        // x then x: the second starts again at [0]:[0]
        let e = read_tmx(&write(&[doc("x"), doc("x")])).unwrap_err();
        assert!(
            e.to_string().contains("x-slug \"x\" names two documents"),
            "{e}"
        );
        // x, y, x: x comes back
        let e = read_tmx(&write(&[doc("x"), doc("y"), doc("x")])).unwrap_err();
        assert!(
            e.to_string().contains("comes back") || e.to_string().contains("come back"),
            "{e}"
        );
        // filtered ids (gaps) are fine
        let mut gap = doc("x");
        gap.alignment.beads.remove(0);
        assert!(read_tmx(&write(&[gap])).is_ok());
        assert_eq!(bead_ids("[0, 1]:[]"), Some((vec![0, 1], vec![])));
    }

    #[test]
    fn read_errors_give_the_line() {
        let t = "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n<tu><prop type=\"x-score\">high</prop>\n<tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n</body></tmx>\n";
        let e = read_tmx(t).unwrap_err();
        assert_eq!(e.line(), Some(5), "{e}");
        // the line of the prop, not of its tu
        let t = t.replace("<tu><prop", "<tu>\n<prop");
        assert_eq!(read_tmx(&t).unwrap_err().line(), Some(6));
        let t = "<tmx><header srclang=\"en\"/><body><tu>\n<tuv xml:lang=\"en\">\n<prop type=\"x-breaks\">9</prop>\n<seg>a b</seg></tuv></tu></body></tmx>";
        let e = read_tmx(t).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert!(e.to_string().contains("x-breaks: offset 9"), "{e}");
    }

    /// The `(source, target)` ranges of a pair's beads.
    fn spans(p: &PairAlignment) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
        p.alignment
            .beads
            .iter()
            .map(|b| (b.src.clone(), b.tgt.clone()))
            .collect()
    }

    /// A small foreign TMX: header `srclang`, then one `tu` per `(tuv attribute, lang, seg)` list.
    fn foreign(srclang: &str, tus: &[&[(&str, &str, &str)]]) -> String {
        let mut t = format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"{srclang}\"/><body>\n"
        );
        for tu in tus {
            t.push_str("<tu>");
            for (attr, lang, seg) in tu.iter() {
                t.push_str(&format!("<tuv {attr}=\"{lang}\"><seg>{seg}</seg></tuv>"));
            }
            t.push_str("</tu>\n");
        }
        t.push_str("</body></tmx>\n");
        t
    }

    #[test]
    fn region_subtags_read_as_their_language() {
        let t = foreign(
            "en-US",
            &[
                &[("xml:lang", "en-US", "One."), ("xml:lang", "fa-IR", "یک.")],
                &[("xml:lang", "EN-us", "Two."), ("xml:lang", "fa-ir", "دو.")],
            ],
        );
        let back = read_tmx(&t).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(
            (&back[0].src_lang, &back[0].tgt_lang),
            (&Lang::En, &Lang::Fa)
        );
        assert_eq!(back[0].name(), "tmx.en-fa");
        assert_eq!(back[0].src, vec!["One.".to_string(), "Two.".to_string()]);
        assert_eq!(back[0].tgt, vec!["یک.".to_string(), "دو.".to_string()]);
        let e = read_tmx(&foreign("e", &[&[("xml:lang", "en", "One.")]])).unwrap_err();
        assert!(
            e.to_string()
                .contains("srclang \"e\" is not a language tag"),
            "{e}"
        );
    }

    #[test]
    fn tmx_1_1_lang_attribute_reads_as_xml_lang() {
        // TMX 1.1 and 1.2 wrote `lang`, often upper-case with a region
        let t = foreign(
            "EN-US",
            &[
                &[("lang", "EN-US", "One."), ("lang", "FA-IR", "یک.")],
                &[("xml:lang", "en", "Two.")],
            ],
        );
        let back = read_tmx(&t).unwrap();
        assert_eq!(back[0].name(), "tmx.en-fa");
        assert_eq!(back[0].src, vec!["One.".to_string(), "Two.".to_string()]);
        assert_eq!(back[0].tgt, vec!["یک.".to_string()]);
        assert_eq!(spans(&back[0]), vec![(0..1, 0..1), (1..2, 1..1)]);
        // a third language is still one, named by its code
        let t = foreign(
            "en",
            &[
                &[("lang", "EN-US", "One."), ("lang", "FA-IR", "یک.")],
                &[("xml:lang", "en", "Three."), ("xml:lang", "ar", "ثلاثة.")],
            ],
        );
        let e = read_tmx(&t).unwrap_err();
        assert!(
            e.to_string()
                .contains("third language ar (source en, target fa)"),
            "{e}"
        );
        assert_eq!(e.line(), Some(4));
    }

    #[test]
    fn srclang_all_takes_english_as_the_source() {
        let t = foreign(
            "*all*",
            &[
                &[("xml:lang", "fa-IR", "یک."), ("xml:lang", "en-US", "One.")],
                &[("xml:lang", "fa", "دو.")],
                &[("xml:lang", "en", "Three.")],
            ],
        );
        let back = read_tmx(&t).unwrap();
        assert_eq!(back[0].name(), "tmx.en-fa");
        assert_eq!(back[0].src, vec!["One.".to_string(), "Three.".to_string()]);
        assert_eq!(back[0].tgt, vec!["یک.".to_string(), "دو.".to_string()]);
        assert_eq!(
            spans(&back[0]),
            vec![(0..1, 0..1), (1..1, 1..2), (1..2, 2..2)]
        );
        // a tu with no English tuv: which side is the source cannot be told
        let t = foreign(
            "*all*",
            &[
                &[("xml:lang", "en", "One."), ("xml:lang", "fa", "یک.")],
                &[("xml:lang", "fa", "دو."), ("xml:lang", "ar", "اثنان.")],
            ],
        );
        let e = read_tmx(&t).unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
        assert!(
            e.to_string()
                .contains("srclang is *all* and this tu has no English tuv (fa, ar)"),
            "{e}"
        );
        // no English at all
        let t = foreign(
            "*all*",
            &[&[("xml:lang", "fa", "یک.")], &[("xml:lang", "fa", "دو.")]],
        );
        let e = read_tmx(&t).unwrap_err();
        assert!(
            e.to_string()
                .contains("srclang is *all* and no tuv is in English"),
            "{e}"
        );
    }

    #[test]
    fn tu_without_x_score_scores_one_and_x_slug_errors_give_the_prop_line() {
        let t = foreign(
            "en",
            &[&[("xml:lang", "en", "One."), ("xml:lang", "fa", "یک.")]],
        );
        let back = read_tmx_as(&t, "news").unwrap();
        assert_eq!(back[0].name(), "news.en-fa");
        assert_eq!(back[0].alignment.beads[0].score, 1.0);
        let t = "<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu>\n<prop type=\"x-slug\">../evil</prop>\n\
                 <tuv xml:lang=\"en\"><seg>A.</seg></tuv></tu></body></tmx>";
        let e = read_tmx(t).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        assert!(e.to_string().contains("unsafe slug \"../evil\""), "{e}");
    }
}
