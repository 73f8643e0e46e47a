//! Reading alignments back: the files `dragoman run` writes, and TMX, TEI and ladder files.
//!
//! - [`read_run_dir`]: every `<slug>.<src>-<tgt>.align` in a folder tree (vecalign's format,
//!   `[i, j]:[k]:score`, see [`crate::export::write_align`]) with the two sentence files beside
//!   it, `<slug>.<src>.sent` and `<slug>.<tgt>.sent` (one sentence per line, UTF-8; a BOM is
//!   dropped, lines end at LF and a CR before the LF is dropped; a CR elsewhere stays in the
//!   sentence). Each line of a `.sent` file is one sentence, blank lines included, so ids stay
//!   those of the `.align` file.
//! - [`import_file`]: a TMX file ([`crate::export::tmx::read_tmx`]), an InterText alignment
//!   ([`crate::export::tei::read_links`]) or a hunalign ladder ([`crate::export::ladder::read_ladder`]),
//!   to one [`PairAlignment`] per slug, which [`write_pair`] writes as `.sent` + `.align` files.
//!
//! Every error names the file, and the 1-based line when known.

use crate::align::{Alignment, Bead};
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::export::{check_alignment_lines, write_align, write_atomic, ExportPair, PairAlignment};
use crate::Lang;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Reads a sentence file: one sentence per line (see the module docs).
///
/// # Errors
/// I/O and decoding errors naming `path`.
pub fn read_sentences(path: &Path) -> Result<Vec<String>> {
    let bytes = std::fs::read(path).at(path)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let bom = bytes.len() - body.len();
    let text = if bom == 0 && (bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF")) {
        crate::corpus::read::decode(&bytes).at(path)?
    } else {
        match std::str::from_utf8(body) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                return Err(Error::new(ErrorKind::NotUtf8 {
                    offset: bom + e.valid_up_to(),
                })
                .with_path(path))
            }
        }
    };
    // split on LF only: a CR inside a line is part of the sentence (cleaned into a space on export)
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
        .collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    Ok(lines)
}

/// Writes sentences one per line, LF, exactly as given (callers clean them first).
///
/// # Errors
/// I/O errors.
pub fn write_sentence_lines(w: &mut dyn Write, sents: &[String]) -> Result<()> {
    for s in sents {
        w.write_all(s.as_bytes())?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Parses one line of a `.align` file, `[i, j]:[k]:score`, into a bead; `None` for a blank line.
/// Ids on each side must be consecutive; a missing score reads as 0.
///
/// # Errors
/// [`ErrorKind::BadBead`] quoting the line.
pub fn parse_align_line(line: &str) -> Result<Option<Bead>> {
    let Some((src, tgt)) = crate::eval::parse_bead(line)? else {
        return Ok(None);
    };
    let bad = || Error::new(ErrorKind::BadBead(line.trim().chars().take(80).collect()));
    let range = |ids: &[usize]| -> Result<std::ops::Range<usize>> {
        if ids.windows(2).any(|w| w[1] != w[0] + 1) {
            return Err(bad());
        }
        Ok(match (ids.first(), ids.last()) {
            (Some(&a), Some(&b)) => a..b.checked_add(1).ok_or_else(bad)?,
            _ => 0..0,
        })
    };
    let score = match line.trim().splitn(3, ':').nth(2) {
        Some(s) => s.trim().parse::<f64>().map_err(|_| bad())?,
        None => 0.0,
    };
    Ok(Some(Bead {
        src: range(&src)?,
        tgt: range(&tgt)?,
        score,
    }))
}

/// Reads a `.align` file. Empty sides get their position from the bead before, so that
/// `[]:[3]` after `[2]:[2]` becomes source `3..3`.
///
/// # Errors
/// I/O errors; [`ErrorKind::BadBead`] with the path and line.
pub fn read_align(path: &Path) -> Result<Vec<Bead>> {
    Ok(read_align_lines(path)?.0)
}

/// [`read_align`], with the 1-based line of each bead.
///
/// # Errors
/// As [`read_align`].
pub fn read_align_lines(path: &Path) -> Result<(Vec<Bead>, Vec<usize>)> {
    let text = crate::corpus::read::read_text(path)?;
    let mut beads: Vec<Bead> = Vec::new();
    let mut lines: Vec<usize> = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (n, line) in text.lines().enumerate() {
        match parse_align_line(line) {
            Ok(Some(mut b)) => {
                if b.src.is_empty() {
                    b.src = i..i;
                }
                if b.tgt.is_empty() {
                    b.tgt = j..j;
                }
                i = b.src.end;
                j = b.tgt.end;
                beads.push(b);
                lines.push(n + 1);
            }
            Ok(None) => {}
            Err(e) => return Err(e.with_path(path).with_line(n + 1)),
        }
    }
    Ok((beads, lines))
}

/// Splits a file name `<slug>.<src>-<tgt>.<ext>` into slug and languages, for the given `ext`
/// (which may hold dots, as `tei.xml`).
pub fn parse_pair_name(path: &Path, ext: &str) -> Option<(String, Lang, Lang)> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(ext)?.strip_suffix('.')?;
    let (slug, langs) = stem.rsplit_once('.')?;
    let (s, t) = langs.split_once('-')?;
    if slug.is_empty() {
        return None;
    }
    Some((slug.to_owned(), Lang::from_code(s)?, Lang::from_code(t)?))
}

/// Reads one pair from its `.align` file and the two `.sent` files beside it.
///
/// # Errors
/// I/O and parse errors naming the file; [`ErrorKind::BadAlignment`] (naming the `.align` file)
/// when the beads do not cover the sentences.
pub fn read_pair(align: &Path) -> Result<PairAlignment> {
    let (slug, src_lang, tgt_lang) = parse_pair_name(align, "align").ok_or_else(|| {
        Error::new(ErrorKind::Config(
            "not named <slug>.<src>-<tgt>.align".into(),
        ))
        .with_path(align)
    })?;
    let dir = align.parent().unwrap_or(Path::new("."));
    let src = read_sentences(&dir.join(format!("{slug}.{src_lang}.sent")))?;
    let tgt = read_sentences(&dir.join(format!("{slug}.{tgt_lang}.sent")))?;
    let (beads, lines) = read_align_lines(align)?;
    check_alignment_lines(&beads, &lines, src.len(), tgt.len()).at(align)?;
    Ok(PairAlignment {
        slug,
        src_lang,
        tgt_lang,
        src,
        tgt,
        alignment: Alignment { beads },
    })
}

fn walk(dir: &Path, rel: &Path, found: &mut Vec<(PathBuf, PathBuf)>) -> Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .at(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if p.is_dir() {
            if !name.starts_with('.') {
                walk(&p, &rel.join(&name), found)?;
            }
        } else if name.ends_with(".align") && !name.starts_with('.') {
            found.push((p, rel.to_path_buf()));
        }
    }
    Ok(())
}

/// Reads every pair that `dragoman run` wrote into `dir` and its subfolders, in path order.
/// Returns the pairs read (with their subfolder) and one error per pair that could not be read.
///
/// # Errors
/// [`ErrorKind::NotADir`] when `dir` is not a folder; I/O errors listing a folder.
pub fn read_run_dir(dir: &Path) -> Result<(Vec<ExportPair>, Vec<Error>)> {
    if !dir.is_dir() {
        return Err(Error::new(ErrorKind::NotADir).with_path(dir));
    }
    let mut found = Vec::new();
    walk(dir, Path::new(""), &mut found)?;
    let (mut pairs, mut errors) = (Vec::new(), Vec::new());
    for (path, rel_dir) in found {
        match read_pair(&path) {
            Ok(pair) => pairs.push(ExportPair { rel_dir, pair }),
            Err(e) => errors.push(e),
        }
    }
    Ok((pairs, errors))
}

/// Writes a pair as `dragoman run` does: `<slug>.<src>.sent`, `<slug>.<tgt>.sent` and
/// `<slug>.<src>-<tgt>.align` in `dir`, atomically. Returns the paths written.
/// A slug holding `/` (see [`crate::export::qualified_slug`]) goes to that subfolder of `dir`.
///
/// # Errors
/// [`ErrorKind::Config`] for a slug that could leave `dir` ([`check_slug`]);
/// I/O errors naming the file.
pub fn write_pair(dir: &Path, pair: &PairAlignment) -> Result<Vec<PathBuf>> {
    check_slug(&pair.slug)?;
    let parts: Vec<&str> = pair.slug.split('/').collect();
    let (base, subdirs) = parts
        .split_last()
        .map(|(b, s)| (*b, s))
        .unwrap_or(("", &[]));
    let dir: PathBuf = subdirs.iter().fold(dir.to_path_buf(), |d, s| d.join(s));
    let dir = dir.as_path();
    super::create_dir(dir)?;
    let mut written = Vec::new();
    for (lang, sents) in [(&pair.src_lang, &pair.src), (&pair.tgt_lang, &pair.tgt)] {
        let path = dir.join(format!("{}.{}.sent", base, lang));
        write_atomic(&path, |w| write_sentence_lines(w, sents))?;
        written.push(path);
    }
    let path = dir.join(format!(
        "{}.{}-{}.align",
        base, pair.src_lang, pair.tgt_lang
    ));
    write_atomic(&path, |w| write_align(w, &pair.alignment))?;
    written.push(path);
    Ok(written)
}

/// Checks that a slug stays inside the output folder when [`write_pair`] writes it: its
/// `/`-separated parts are not empty, `.` or `..`, and hold no backslash or NUL.
///
/// # Errors
/// [`ErrorKind::Config`] ("unsafe slug") otherwise.
pub fn check_slug(slug: &str) -> Result<()> {
    if slug
        .split('/')
        .any(|p| p.is_empty() || p == "." || p == ".." || p.contains(['\\', '\0']))
    {
        return Err(Error::new(ErrorKind::Config(format!(
            "unsafe slug {slug:?}: it must not leave the output folder"
        ))));
    }
    Ok(())
}

/// The slug of a TMX `tu` without `x-slug`: the file's stem (`news` for `dir/news.tmx`),
/// cleaned as texts are ([`crate::export::clean_text`]: no line breaks, tabs or control
/// characters), without leading dots (a hidden file is skipped by `export`) and with a
/// backslash as `_`; `tmx` when nothing is left.
pub fn default_slug(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = crate::export::clean_text(&stem)
        .text
        .trim()
        .trim_start_matches('.')
        .replace('\\', "_");
    if slug.is_empty() || check_slug(&slug).is_err() {
        "tmx".to_owned()
    } else {
        slug
    }
}

/// A file kind that [`import_file`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// TMX (`.tmx`).
    Tmx,
    /// InterText stand-off alignment (`.xml` with a `linkGrp` root).
    Tei,
    /// hunalign ladder (`.ladder`).
    Ladder,
}

impl ImportKind {
    /// Guesses the kind from the file name: `.tmx`, `.ladder`, else `.xml` is TEI.
    pub fn of(path: &Path) -> Option<ImportKind> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".tmx") {
            Some(ImportKind::Tmx)
        } else if name.ends_with(".ladder") {
            Some(ImportKind::Ladder)
        } else if name.ends_with(".xml") {
            Some(ImportKind::Tei)
        } else {
            None
        }
    }
}

/// Reads a TMX, TEI or ladder file into pairs, cleaned by [`crate::export::clean_text`] (so a
/// line break inside a TEI `s` or a TMX `seg` becomes a space); returns them with the number of
/// characters removed. A ladder `<slug>.<src>-<tgt>.ladder` needs its
/// sentence files `<slug>.<lang>.sent`, looked up in `sent_dir` or else beside the ladder; a TEI
/// alignment needs the documents named in its `fromDoc`/`toDoc`, beside it.
///
/// # Errors
/// An unknown file kind, I/O errors and parse errors, naming the file (and line when known).
pub fn import_file(path: &Path, sent_dir: Option<&Path>) -> Result<(Vec<PairAlignment>, usize)> {
    let mut pairs = read_any(path, sent_dir)?;
    let removed = pairs.iter_mut().map(PairAlignment::clean).sum();
    Ok((pairs, removed))
}

fn read_any(path: &Path, sent_dir: Option<&Path>) -> Result<Vec<PairAlignment>> {
    let kind = ImportKind::of(path).ok_or_else(|| {
        Error::new(ErrorKind::Config(
            "cannot tell the format: expected .tmx, .xml (TEI) or .ladder".into(),
        ))
        .with_path(path)
    })?;
    match kind {
        ImportKind::Tmx => {
            let text = crate::corpus::read::read_text(path)?;
            crate::export::tmx::read_tmx_as(&text, &default_slug(path)).at(path)
        }
        ImportKind::Tei => Ok(vec![crate::export::tei::read_links(path)?]),
        ImportKind::Ladder => {
            let (slug, src_lang, tgt_lang) = parse_pair_name(path, "ladder").ok_or_else(|| {
                Error::new(ErrorKind::Config(
                    "not named <slug>.<src>-<tgt>.ladder".into(),
                ))
                .with_path(path)
            })?;
            let dir = sent_dir.or(path.parent()).unwrap_or(Path::new("."));
            let src = read_sentences(&dir.join(format!("{slug}.{src_lang}.sent")))?;
            let tgt = read_sentences(&dir.join(format!("{slug}.{tgt_lang}.sent")))?;
            let text = crate::corpus::read::read_text(path)?;
            let beads = crate::export::ladder::read_ladder(&text, src.len(), tgt.len()).at(path)?;
            Ok(vec![PairAlignment {
                slug,
                src_lang,
                tgt_lang,
                src,
                tgt,
                alignment: Alignment { beads },
            }])
        }
    }
}

/// A parsed XML element: enough of a tree for the small files read here.
#[derive(Clone, Debug, Default)]
pub(crate) struct Node {
    /// Qualified name (`tuv`, `xml:lang` stays as written).
    pub name: String,
    /// Attributes, unescaped, in document order.
    pub attrs: Vec<(String, String)>,
    /// Child elements.
    pub children: Vec<Node>,
    /// Text directly inside, and inside inline children, unescaped, in order.
    pub text: String,
    /// 1-based line of the start tag.
    pub line: usize,
}

impl Node {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    pub(crate) fn err(&self, why: impl Into<String>) -> Error {
        Error::new(ErrorKind::Xml(why.into())).with_line(self.line)
    }
}

/// Parses XML text into its root element. Text of an element includes the text of its
/// descendants (so inline markup in a TMX `seg` is read as its text), except the text inside
/// elements named in `skip` (such as TMX's native-code elements `bpt`, `ept`, `ph`, `it`, `ut`).
pub(crate) fn parse_xml(text: &str, skip: &[&str]) -> Result<Node> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let line_at = |pos: u64| {
        text.as_bytes()[..(pos as usize).min(text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    };
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            Error::new(ErrorKind::Xml(e.to_string())).with_line(line_at(reader.error_position()))
        })?;
        let start = |e: &quick_xml::events::BytesStart<'_>| -> Result<Node> {
            let mut n = Node {
                name: e.name().as_ref().to_owned(),
                line: line_at(pos),
                ..Node::default()
            };
            for a in e.attributes() {
                let a = a.map_err(|e| {
                    Error::new(ErrorKind::Xml(e.to_string())).with_line(line_at(pos))
                })?;
                let v = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| {
                        Error::new(ErrorKind::Xml(e.to_string())).with_line(line_at(pos))
                    })?;
                n.attrs.push((a.key.as_ref().to_owned(), v.into_owned()));
            }
            Ok(n)
        };
        let push_text = |stack: &mut Vec<Node>, s: &str| {
            if stack.iter().any(|n| skip.contains(&n.name.as_str())) {
                return;
            }
            for n in stack.iter_mut().skip(1) {
                n.text.push_str(s);
            }
        };
        match ev {
            Event::Start(e) => {
                let n = start(&e)?;
                stack.push(n);
            }
            Event::Empty(e) => {
                let n = start(&e)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(n);
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(Error::new(ErrorKind::Xml("unexpected end tag".into()))
                        .with_line(line_at(pos)));
                }
                if let Some(n) = stack.pop() {
                    if let Some(top) = stack.last_mut() {
                        top.children.push(n);
                    }
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.xml10_content();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => v.to_owned(),
                            None => {
                                return Err(Error::new(ErrorKind::Xml(format!(
                                    "unknown entity &{name};"
                                )))
                                .with_line(line_at(pos)))
                            }
                        }
                    }
                    Err(e) => {
                        return Err(
                            Error::new(ErrorKind::Xml(e.to_string())).with_line(line_at(pos))
                        )
                    }
                };
                push_text(&mut stack, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(
            Error::new(ErrorKind::Xml("unclosed element at end of file".into()))
                .with_line(line_at(text.len() as u64)),
        );
    }
    stack
        .pop()
        .and_then(|mut d| {
            if d.children.len() == 1 {
                d.children.pop()
            } else {
                None
            }
        })
        .ok_or_else(|| Error::new(ErrorKind::Xml("expected exactly one root element".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_lines_keep_scores_and_place_empty_sides() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.en-fa.align");
        std::fs::write(&p, "[0, 1]:[0]:0.9346\n[2]:[]:0.1000\n[]:[1]:0.5\n").unwrap();
        let b = read_align(&p).unwrap();
        assert_eq!(
            b,
            vec![
                Bead {
                    src: 0..2,
                    tgt: 0..1,
                    score: 0.9346
                },
                Bead {
                    src: 2..3,
                    tgt: 1..1,
                    score: 0.1
                },
                Bead {
                    src: 3..3,
                    tgt: 1..2,
                    score: 0.5
                },
            ]
        );
    }

    #[test]
    fn bad_align_line_names_file_and_line() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.en-fa.align");
        std::fs::write(&p, "[0]:[0]:1.0\n[1, 3]:[1]:0.5\n").unwrap();
        let e = read_align(&p).unwrap_err();
        assert_eq!(e.line(), Some(2));
        std::fs::write(&p, format!("[{}]:[0]:1.0\n", usize::MAX)).unwrap();
        assert_eq!(read_align(&p).unwrap_err().line(), Some(1));
        assert!(
            e.to_string()
                .starts_with(&format!("{}:2: not a bead", p.display())),
            "{e}"
        );
    }

    #[test]
    fn pair_names_split_slug_and_languages() {
        let (s, a, b) = parse_pair_name(Path::new("d/bbc.381.en-fa.tei.xml"), "tei.xml").unwrap();
        assert_eq!((s.as_str(), a, b), ("bbc.381", Lang::En, Lang::Fa));
        assert!(parse_pair_name(Path::new("corpus.tmx"), "tmx").is_none());
    }

    #[test]
    fn qualified_slugs_become_subfolders_and_escapes_are_refused() {
        let d = tempfile::tempdir().unwrap();
        let mut p = PairAlignment {
            slug: "gold/t".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            src: vec!["a".into()],
            tgt: vec!["b".into()],
            alignment: Alignment {
                beads: vec![Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 1.0,
                }],
            },
        };
        let w = write_pair(d.path(), &p).unwrap();
        assert_eq!(w[2], d.path().join("gold").join("t.en-fa.align"));
        assert_eq!(std::fs::read_to_string(&w[2]).unwrap(), "[0]:[0]:1.0000\n");
        p.slug = "../t".into();
        assert!(write_pair(d.path(), &p).is_err());
    }

    #[test]
    fn imported_intertext_files_are_cleaned() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("o.cs.xml"),
            "<doc language='cs'><p id='1'>\n<s id='1:1'>Moji\n  spoluobčané, </s>\n<s id='1:2'>dnes\u{1}.</s></p></doc>",
        )
        .unwrap();
        std::fs::write(
            d.path().join("o.no.xml"),
            "<doc language='no'><s id='1:1'>Mine\tmedborgere.</s></doc>",
        )
        .unwrap();
        let lp = d.path().join("o.alignment.xml");
        std::fs::write(&lp, "<linkGrp toDoc='o.cs.xml' fromDoc='o.no.xml'><link type='2-1' xtargets='1:1 1:2;1:1' status='man'/></linkGrp>").unwrap();
        let (pairs, removed) = import_file(&lp, None).unwrap();
        assert_eq!(removed, 1);
        assert_eq!(
            pairs[0].src,
            vec!["Moji spoluobčané,".to_string(), "dnes.".to_string()]
        );
        assert_eq!(pairs[0].tgt, vec!["Mine medborgere.".to_string()]);
        assert_eq!(
            pairs[0].alignment.beads,
            vec![Bead {
                src: 0..2,
                tgt: 0..1,
                score: 1.0
            }]
        );
    }

    #[test]
    fn xml_text_resolves_entities_and_char_refs() {
        let n = parse_xml(
            "<a x='1 &amp; 2'><b>p &lt;q&gt; &#x200F;r<ph>&lt;br/&gt;</ph>.</b></a>",
            &["ph"],
        )
        .unwrap();
        assert_eq!(n.attr("x"), Some("1 & 2"));
        assert_eq!(n.children[0].text, "p <q> \u{200F}r.");
    }

    #[test]
    fn default_slug_is_the_file_stem_made_safe() {
        assert_eq!(default_slug(Path::new("d/news.tmx")), "news");
        assert_eq!(default_slug(Path::new("bbc.381.TMX")), "bbc.381");
        assert_eq!(default_slug(Path::new(".hidden.tmx")), "hidden");
        assert_eq!(default_slug(Path::new("a\tb\\c.tmx")), "a b_c");
        assert_eq!(default_slug(Path::new("..tmx")), "tmx");
        assert_eq!(default_slug(Path::new(".tmx")), "tmx");
        assert!(check_slug("sub/x").is_ok());
        for bad in ["", "..", "a//b", "/x", "a\\b"] {
            assert!(check_slug(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tmx_without_x_slug_takes_the_file_stem() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("news.tmx");
        std::fs::write(&p, "<tmx version='1.4'><header srclang='en'/><body><tu><tuv xml:lang='en'><seg>One.</seg></tuv><tuv xml:lang='fa'><seg>یک.</seg></tuv></tu></body></tmx>").unwrap();
        let (pairs, _) = import_file(&p, None).unwrap();
        assert_eq!(pairs[0].name(), "news.en-fa");
        let w = write_pair(d.path(), &pairs[0]).unwrap();
        assert_eq!(w[2], d.path().join("news.en-fa.align"));
        // unscored: given by the file
        assert_eq!(std::fs::read_to_string(&w[2]).unwrap(), "[0]:[0]:1.0000\n");
    }
}
