//! InterText's stand-off sentence alignment (TEI P5 `linkGrp`/`link`), so that an alignment can
//! be opened and corrected in InterText (Vondřička 2014, "Aligning parallel texts with
//! InterText", LREC; czcorpus/InterText_editor, `examples/*.alignment.xml`).
//!
//! Two kinds of file per pair `<slug>.<src>-<tgt>`:
//! - the documents `<slug>.<lang>.xml`, one per language, in InterText's document form: `<doc
//!   id="<slug>" language="<lang>">` holding one `<s id="sN">` per sentence, `N` counting from 1
//!   in order (single-level ids, which InterText's numbering detection accepts);
//! - the alignment `<slug>.<src>-<tgt>.tei.xml`: `<linkGrp toDoc="<slug>.<src>.xml"
//!   fromDoc="<slug>.<tgt>.xml">` holding one `<link>` per bead, in order, with
//!   `type="a-b"` (sentence counts), `xtargets="ids;ids"` (space-separated ids in each list, a
//!   list empty for an empty side, as `s8;`), `status="auto"` and `cert` (the score with 4
//!   decimals; TEI's `att.global.responsibility` certainty, a probability). As in InterText's
//!   own files, the first list of `xtargets` and the first count of `type` refer to `toDoc`.
//!
//! Reading back ([`read_links`]): a root `linkGrp` (or the first `linkGrp` inside another root, as
//! in XCES `cesAlign`), its documents beside it; every `s` element with an `id` (or `xml:id`) in
//! document order is a sentence. A link's score is its `cert`; without one, 1 when `status="man"`
//! (checked by hand in InterText), else 0. Text is cleaned ([`crate::export::clean_text`]) and
//! escaped by quick-xml.

use crate::align::{Alignment, Bead};
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::export::import::{parse_pair_name, parse_xml, Node};
use crate::export::{check_alignment, clean_text, PairAlignment};
use crate::Lang;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Xml(e.to_string()))
}

/// The document file names of a pair: `(<slug>.<src>.xml, <slug>.<tgt>.xml)`.
pub fn doc_names(pair: &PairAlignment) -> (String, String) {
    (
        format!("{}.{}.xml", pair.slug, pair.src_lang),
        format!("{}.{}.xml", pair.slug, pair.tgt_lang),
    )
}

fn sid(i: usize) -> String {
    format!("s{}", i + 1)
}

/// Writes one document: `<doc id language>` with one `<s id="sN">` per sentence.
///
/// # Errors
/// I/O errors.
pub fn write_document(w: &mut dyn Write, slug: &str, lang: &Lang, sents: &[String]) -> Result<()> {
    let mut x = Writer::new_with_indent(w, b' ', 1);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    let mut doc = BytesStart::new("doc");
    doc.push_attribute(("id", clean_text(slug).text.as_str()));
    doc.push_attribute(("language", lang.code()));
    x.write_event(Event::Start(doc)).map_err(xml_err)?;
    for (i, s) in sents.iter().enumerate() {
        let mut e = BytesStart::new("s");
        e.push_attribute(("id", sid(i).as_str()));
        x.write_event(Event::Start(e)).map_err(xml_err)?;
        x.write_event(Event::Text(BytesText::new(&clean_text(s).text)))
            .map_err(xml_err)?;
        x.write_event(Event::End(BytesEnd::new("s")))
            .map_err(xml_err)?;
    }
    x.write_event(Event::End(BytesEnd::new("doc")))
        .map_err(xml_err)?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}

/// Writes the alignment of one pair as a `linkGrp` (see the module docs).
///
/// # Errors
/// I/O errors.
pub fn write_links(w: &mut dyn Write, pair: &PairAlignment) -> Result<()> {
    let (to_doc, from_doc) = doc_names(pair);
    let mut x = Writer::new_with_indent(w, b' ', 1);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .map_err(xml_err)?;
    let mut grp = BytesStart::new("linkGrp");
    grp.push_attribute(("toDoc", to_doc.as_str()));
    grp.push_attribute(("fromDoc", from_doc.as_str()));
    x.write_event(Event::Start(grp)).map_err(xml_err)?;
    for b in &pair.alignment.beads {
        let list = |r: &std::ops::Range<usize>| r.clone().map(sid).collect::<Vec<_>>().join(" ");
        let mut l = BytesStart::new("link");
        l.push_attribute(("type", b.shape().as_str()));
        l.push_attribute((
            "xtargets",
            format!("{};{}", list(&b.src), list(&b.tgt)).as_str(),
        ));
        l.push_attribute(("status", "auto"));
        l.push_attribute(("cert", format!("{:.4}", b.score).as_str()));
        x.write_event(Event::Empty(l)).map_err(xml_err)?;
    }
    x.write_event(Event::End(BytesEnd::new("linkGrp")))
        .map_err(xml_err)?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}

fn collect_sentences<'a>(n: &'a Node, out: &mut Vec<&'a Node>) {
    for c in &n.children {
        if c.name == "s" && (c.attr("id").is_some() || c.attr("xml:id").is_some()) {
            out.push(c);
        } else {
            collect_sentences(c, out);
        }
    }
}

struct Doc {
    lang: Option<Lang>,
    id: Option<String>,
    sents: Vec<String>,
    index: HashMap<String, usize>,
}

fn read_document(path: &Path) -> Result<Doc> {
    let text = crate::corpus::read::read_text(path)?;
    let root = parse_xml(&text, &[]).at(path)?;
    let mut nodes = Vec::new();
    collect_sentences(&root, &mut nodes);
    let mut index = HashMap::new();
    let mut sents = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        let id = n
            .attr("id")
            .or_else(|| n.attr("xml:id"))
            .unwrap_or_default()
            .to_owned();
        if index.insert(id.clone(), i).is_some() {
            return Err(n
                .err(format!("duplicate sentence id {id:?}"))
                .with_path(path));
        }
        sents.push(n.text.clone());
    }
    let lang = root
        .attr("language")
        .or_else(|| root.attr("xml:lang"))
        .or_else(|| root.attr("lang"))
        .and_then(Lang::from_tag);
    Ok(Doc {
        lang,
        id: root.attr("id").map(str::to_owned),
        sents,
        index,
    })
}

fn find_link_grp(n: &Node) -> Option<&Node> {
    if n.name == "linkGrp" {
        return Some(n);
    }
    n.children.iter().find_map(find_link_grp)
}

/// Reads an InterText alignment and the two documents it names (see the module docs).
///
/// # Errors
/// I/O and XML errors naming the file and line; ids that do not exist, are not consecutive, or
/// do not cover both documents in order.
pub fn read_links(path: &Path) -> Result<PairAlignment> {
    let text = crate::corpus::read::read_text(path)?;
    let root = parse_xml(&text, &[]).at(path)?;
    let grp = find_link_grp(&root).ok_or_else(|| root.err("no <linkGrp>").with_path(path))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let doc_of = |attr: &str| -> Result<(Doc, String)> {
        let name = grp
            .attr(attr)
            .ok_or_else(|| grp.err(format!("linkGrp without {attr}")).with_path(path))?;
        // the documents sit beside the alignment: no absolute path, no `..`
        if Path::new(name).components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        }) {
            return Err(grp
                .err(format!(
                    "{attr} {name:?} must name a file beside the alignment"
                ))
                .with_path(path));
        }
        Ok((read_document(&dir.join(name))?, name.to_owned()))
    };
    let ((to, to_name), (from, from_name)) = (doc_of("toDoc")?, doc_of("fromDoc")?);
    let named = parse_pair_name(path, "tei.xml");
    let lang_of = |d: &Doc, file: &str, k: usize| -> Result<Lang> {
        d.lang
            .clone()
            .or_else(|| {
                named
                    .as_ref()
                    .map(|n| if k == 0 { n.1.clone() } else { n.2.clone() })
            })
            .or_else(|| file.rsplit('.').nth(1).and_then(Lang::from_code))
            .ok_or_else(|| Error::new(ErrorKind::UnknownLanguage).with_path(dir.join(file)))
    };
    let src_lang = lang_of(&to, &to_name, 0)?;
    let tgt_lang = lang_of(&from, &from_name, 1)?;
    let slug = named
        .map(|n| n.0)
        .or_else(|| to.id.clone())
        .unwrap_or_else(|| "tei".to_owned());
    let mut beads = Vec::new();
    for link in grp.children_named("link") {
        let fail = |why: String| link.err(why).with_path(path);
        let xt = link
            .attr("xtargets")
            .ok_or_else(|| fail("link without xtargets".into()))?;
        let (a, b) = xt
            .split_once(';')
            .ok_or_else(|| fail(format!("xtargets {xt:?} has no ';'")))?;
        let range = |list: &str, d: &Doc| -> Result<std::ops::Range<usize>> {
            let ids: Vec<usize> = list
                .split_whitespace()
                .map(|id| {
                    d.index
                        .get(id)
                        .copied()
                        .ok_or_else(|| fail(format!("no sentence with id {id:?}")))
                })
                .collect::<Result<_>>()?;
            if ids.windows(2).any(|w| w[1] != w[0] + 1) {
                return Err(fail(format!("ids {list:?} are not consecutive")));
            }
            Ok(match (ids.first(), ids.last()) {
                (Some(&x), Some(&y)) => x..y + 1,
                _ => 0..0,
            })
        };
        let (src, tgt) = (range(a, &to)?, range(b, &from)?);
        let score = match link.attr("cert").and_then(|c| c.trim().parse::<f64>().ok()) {
            Some(c) => c.clamp(0.0, 1.0),
            None if link.attr("status") == Some("man") => 1.0,
            None => 0.0,
        };
        beads.push(Bead { src, tgt, score });
    }
    // place empty sides after the bead before
    let (mut i, mut j) = (0, 0);
    for b in &mut beads {
        if b.src.is_empty() {
            b.src = i..i;
        }
        if b.tgt.is_empty() {
            b.tgt = j..j;
        }
        i = b.src.end;
        j = b.tgt.end;
    }
    check_alignment(&beads, to.sents.len(), from.sents.len()).at(path)?;
    Ok(PairAlignment {
        slug,
        src_lang,
        tgt_lang,
        src: to.sents,
        tgt: from.sents,
        alignment: Alignment { beads },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> PairAlignment {
        PairAlignment {
            slug: "t".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            src: vec!["A & B.".into(), "C.".into(), "D.".into()],
            tgt: vec!["الف.".into()],
            alignment: Alignment {
                beads: vec![
                    Bead {
                        src: 0..2,
                        tgt: 0..1,
                        score: 0.8125,
                    },
                    Bead {
                        src: 2..3,
                        tgt: 1..1,
                        score: 0.5,
                    },
                ],
            },
        }
    }

    #[test]
    fn links_use_intertext_xtargets() {
        let mut out = Vec::new();
        write_links(&mut out, &pair()).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<linkGrp toDoc=\"t.en.xml\" fromDoc=\"t.fa.xml\">\n \
             <link type=\"2-1\" xtargets=\"s1 s2;s1\" status=\"auto\" cert=\"0.8125\"/>\n \
             <link type=\"1-0\" xtargets=\"s3;\" status=\"auto\" cert=\"0.5000\"/>\n</linkGrp>\n"
        );
    }

    #[test]
    fn links_and_documents_read_back() {
        let d = tempfile::tempdir().unwrap();
        let p = pair();
        let (a, b) = doc_names(&p);
        let mut buf = Vec::new();
        write_document(&mut buf, "t", &Lang::En, &p.src).unwrap();
        std::fs::write(d.path().join(a), &buf).unwrap();
        buf.clear();
        write_document(&mut buf, "t", &Lang::Fa, &p.tgt).unwrap();
        std::fs::write(d.path().join(b), &buf).unwrap();
        buf.clear();
        write_links(&mut buf, &p).unwrap();
        let lp = d.path().join("t.en-fa.tei.xml");
        std::fs::write(&lp, &buf).unwrap();
        assert_eq!(read_links(&lp).unwrap(), p);
    }

    #[test]
    fn manual_links_without_cert_score_one() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("a.xml"),
            "<doc language='en'><p id='1'><s id='1:1'>Hi.</s></p></doc>",
        )
        .unwrap();
        std::fs::write(
            d.path().join("b.xml"),
            "<doc language='fa'><s id='1:1'>سلام.</s></doc>",
        )
        .unwrap();
        let lp = d.path().join("x.xml");
        std::fs::write(&lp, "<linkGrp toDoc='a.xml' fromDoc='b.xml'>\n<link type='1-1' xtargets='1:1;1:1' status='man'/>\n<link xtargets='1:9;'/>\n</linkGrp>").unwrap();
        let e = read_links(&lp).unwrap_err();
        assert_eq!(e.line(), Some(3), "{e}");
        std::fs::write(&lp, "<linkGrp toDoc='a.xml' fromDoc='b.xml'><link type='1-1' xtargets='1:1;1:1' status='man'/></linkGrp>").unwrap();
        let p = read_links(&lp).unwrap();
        assert_eq!(
            (p.src_lang, p.tgt_lang, p.alignment.beads[0].score),
            (Lang::En, Lang::Fa, 1.0)
        );
    }

    #[test]
    fn region_language_tags_read_as_their_language() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("a.xml"),
            "<doc language='en-US'><s id='1:1'>Hi.</s></doc>",
        )
        .unwrap();
        std::fs::write(
            d.path().join("b.xml"),
            "<doc xml:lang='FA-IR'><s id='1:1'>سلام.</s></doc>",
        )
        .unwrap();
        let lp = d.path().join("x.xml");
        std::fs::write(
            &lp,
            "<linkGrp toDoc='a.xml' fromDoc='b.xml'><link xtargets='1:1;1:1'/></linkGrp>",
        )
        .unwrap();
        let p = read_links(&lp).unwrap();
        assert_eq!((p.src_lang, p.tgt_lang), (Lang::En, Lang::Fa));
    }
}
