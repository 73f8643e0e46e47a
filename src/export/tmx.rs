//! TMX 1.4b translation memories (LISA, Translation Memory eXchange, version 1.4b, 2004).
//!
//! Layout: `<tmx version="1.4">`, a `<header>` with every attribute the DTD requires
//! (`creationtool="dragoman"`, `creationtoolversion`, `segtype="sentence"`,
//! `o-tmf="dragoman"`, `adminlang="en"`, `srclang="en"`, `datatype="plaintext"`), then one `<tu>`
//! per bead with text on both sides, holding `<prop type="x-slug">`, `<prop type="x-bead">`
//! (`[i, j]:[k]`) and `<prop type="x-score">`, and one `<tuv xml:lang="..."><seg>` per side.
//! Text is escaped by quick-xml; characters XML 1.0 forbids (C0 controls other than tab, LF,
//! CR; U+FFFE, U+FFFF) are removed, and tab, CR, LF and line separators become spaces.
//! The output validates with `xmllint --noout --dtdvalid tmx14.dtd`.

use crate::align::Alignment;
use crate::corpus::Sentence;
use crate::error::{Error, ErrorKind, Result};
use crate::export::{bead_label, join_text};
use crate::Lang;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use std::io::Write;

/// One aligned document for a TMX file.
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

/// Removes characters XML 1.0 forbids and turns tabs and line separators into spaces.
pub fn xml_clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Some(' '),
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Xml(e.to_string()))
}

/// Writes a TMX file of all beads with text on both sides of `docs`.
///
/// # Errors
/// I/O errors.
pub fn write_tmx(w: &mut dyn Write, src_lang: &Lang, tgt_lang: &Lang, docs: &[TmxDoc<'_>]) -> Result<()> {
    let mut x = Writer::new_with_indent(w, b' ', 1);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None))).map_err(xml_err)?;
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
    x.write_event(Event::Start(BytesStart::new("body"))).map_err(xml_err)?;
    for d in docs {
        for b in &d.alignment.beads {
            if b.src.is_empty() || b.tgt.is_empty() {
                continue;
            }
            x.write_event(Event::Start(BytesStart::new("tu"))).map_err(xml_err)?;
            for (ty, val) in [("x-slug", xml_clean(d.slug)), ("x-bead", bead_label(b)), ("x-score", format!("{:.4}", b.score))] {
                let mut p = BytesStart::new("prop");
                p.push_attribute(("type", ty));
                x.write_event(Event::Start(p)).map_err(xml_err)?;
                x.write_event(Event::Text(BytesText::new(&val))).map_err(xml_err)?;
                x.write_event(Event::End(BytesEnd::new("prop"))).map_err(xml_err)?;
            }
            for (lang, text) in [(src_lang, join_text(d.src, b.src.clone())), (tgt_lang, join_text(d.tgt, b.tgt.clone()))] {
                let mut tuv = BytesStart::new("tuv");
                tuv.push_attribute(("xml:lang", lang.code()));
                x.write_event(Event::Start(tuv)).map_err(xml_err)?;
                x.write_event(Event::Start(BytesStart::new("seg"))).map_err(xml_err)?;
                x.write_event(Event::Text(BytesText::new(&xml_clean(&text)))).map_err(xml_err)?;
                x.write_event(Event::End(BytesEnd::new("seg"))).map_err(xml_err)?;
                x.write_event(Event::End(BytesEnd::new("tuv"))).map_err(xml_err)?;
            }
            x.write_event(Event::End(BytesEnd::new("tu"))).map_err(xml_err)?;
        }
    }
    x.write_event(Event::End(BytesEnd::new("body"))).map_err(xml_err)?;
    x.write_event(Event::End(BytesEnd::new("tmx"))).map_err(xml_err)?;
    x.get_mut().write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Bead;

    #[test]
    fn escapes_markup_and_skips_one_sided_beads() {
        let src = vec![Sentence::new("a <b> & \"c\"", &Lang::En, 0), Sentence::new("gone", &Lang::En, 0)];
        let tgt = vec![Sentence::new("<script>x</script>", &Lang::Fa, 0)];
        let a = Alignment { beads: vec![Bead { src: 0..1, tgt: 0..1, score: 0.9 }, Bead { src: 1..2, tgt: 1..1, score: 0.9 }] };
        let mut out = Vec::new();
        write_tmx(&mut out, &Lang::En, &Lang::Fa, &[TmxDoc { slug: "s", src: &src, tgt: &tgt, alignment: &a }]).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("<seg>a &lt;b&gt; &amp; &quot;c&quot;</seg>"), "{s}");
        assert!(s.contains("<seg>&lt;script&gt;x&lt;/script&gt;</seg>"), "{s}");
        assert_eq!(s.matches("<tu>").count(), 1);
        assert!(s.contains("<tuv xml:lang=\"fa\">"));
    }

    #[test]
    fn xml_clean_drops_forbidden_controls() {
        assert_eq!(xml_clean("a\u{1}b\u{B}c\u{2028}d"), "ab c d");
    }
}
