//! Corpora, editions and sentences.
//!
//! A corpus is a folder of edition files. An edition is `<slug>.<lang>.txt` (headline on line 1,
//! then paragraphs: every line break ends a paragraph, blank lines are optional) or
//! `<slug>.<lang>.sent` (one sentence per line, already segmented). The slug may contain dots
//! (`bbc.381790.en.txt`): the language is the part just before the extension.
//! Pairing ([`pair`]) joins each English edition with every Persian or Arabic edition of the same
//! slug in the same folder; [`content`] pairs editions whose names say nothing, by content.

pub mod content;
pub mod pair;
pub mod read;

use crate::error::{Error, ErrorKind, Result};
use crate::normalize::normalize;
use crate::segment::split_paragraph;
use crate::Lang;
use std::path::{Path, PathBuf};

/// One sentence of an edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// The text as written in the edition (whitespace-trimmed, line separators made spaces);
    /// exports use this.
    pub text: String,
    /// The text normalized for matching (see [`crate::normalize`]); scoring uses this.
    pub norm: String,
    /// 0-based paragraph number (the headline is paragraph 0 in a `.txt` edition).
    pub paragraph: usize,
}

impl Sentence {
    /// A sentence of language `lang` in paragraph `paragraph`; `norm` is computed.
    pub fn new(text: &str, lang: &Lang, paragraph: usize) -> Sentence {
        let text = clean_inline(text);
        let norm = normalize(&text, lang);
        Sentence { text, norm, paragraph }
    }
}

/// Control characters, tabs and line/paragraph separators inside a sentence become one space;
/// runs of spaces are kept as written.
pub fn clean_inline(s: &str) -> String {
    let is_sep = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}');
    if !s.contains(is_sep) {
        return s.trim().to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.trim_matches(|c: char| c.is_whitespace() || is_sep(c)).chars().peekable();
    while let Some(c) = chars.next() {
        if is_sep(c) || (c == ' ' && chars.peek().is_some_and(|&n| is_sep(n))) {
            while chars.peek().is_some_and(|&n| is_sep(n) || n == ' ') {
                chars.next();
            }
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// How an edition file is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditionFormat {
    /// `.txt`: headline, then paragraphs; sentences are split by dragoman.
    Text,
    /// `.sent`: one sentence per line, already segmented.
    Sentences,
}

/// One edition of a report, loaded and segmented.
#[derive(Clone, Debug)]
pub struct Edition {
    /// The report's slug (file name without `.<lang>.<ext>`).
    pub slug: String,
    /// Language, from the file name or given.
    pub lang: Lang,
    /// The file it was read from.
    pub path: PathBuf,
    /// Layout of the file.
    pub format: EditionFormat,
    /// Sentences in document order.
    pub sentences: Vec<Sentence>,
}

/// Splits a file name `<slug>.<lang>.<txt|sent>` into its parts.
/// Returns `None` when the name does not have that shape or `lang` is not a language code.
pub fn parse_file_name(path: &Path) -> Option<(String, Lang, EditionFormat)> {
    let name = path.file_name()?.to_str()?;
    let (rest, ext) = name.rsplit_once('.')?;
    let format = match ext {
        "txt" => EditionFormat::Text,
        "sent" => EditionFormat::Sentences,
        _ => return None,
    };
    let (slug, code) = rest.rsplit_once('.')?;
    if slug.is_empty() || code.len() < 2 || code.len() > 3 {
        return None;
    }
    Some((slug.to_owned(), Lang::from_code(code)?, format))
}

/// Segments decoded text of an edition into sentences.
///
/// `Text`: each non-blank line is a paragraph, split by [`crate::segment`]. `Sentences`: each
/// non-blank line is one sentence (blank lines are skipped).
pub fn sentences_of(text: &str, lang: &Lang, format: EditionFormat) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut para = 0;
    for line in text.split('\n') {
        let line = clean_inline(line);
        if line.trim_matches(|c: char| c.is_whitespace() || crate::normalize::is_invisible_mark(c)).is_empty() {
            continue;
        }
        match format {
            EditionFormat::Sentences => out.push(Sentence::new(&line, lang, para)),
            EditionFormat::Text => {
                for r in split_paragraph(&line, lang) {
                    out.push(Sentence::new(&line[r], lang, para));
                }
            }
        }
        para += 1;
    }
    out
}

/// Loads one edition. `lang` overrides the language in the file name; `format` overrides the
/// extension.
///
/// # Errors
/// I/O and decoding errors ([`read::read_text`]); [`ErrorKind::UnknownLanguage`] when neither
/// the name nor `lang` gives a language; [`ErrorKind::Empty`] when the file yields no sentence.
/// Every error names `path`.
pub fn load_edition(path: &Path, lang: Option<Lang>, format: Option<EditionFormat>) -> Result<Edition> {
    let parsed = parse_file_name(path);
    let lang = match (lang, &parsed) {
        (Some(l), _) => l,
        (None, Some((_, l, _))) => l.clone(),
        (None, None) => return Err(Error::new(ErrorKind::UnknownLanguage).with_path(path)),
    };
    let format = format.or(parsed.as_ref().map(|p| p.2)).unwrap_or(EditionFormat::Text);
    let slug = parsed.map(|p| p.0).unwrap_or_else(|| {
        path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
    });
    let text = read::read_text(path)?;
    let sentences = sentences_of(&text, &lang, format);
    if sentences.iter().all(|s| s.norm.trim().is_empty()) {
        return Err(Error::new(ErrorKind::Empty).with_path(path));
    }
    Ok(Edition { slug, lang, path: path.to_path_buf(), format, sentences })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_the_part_before_the_extension() {
        let (slug, lang, fmt) = parse_file_name(Path::new("x/bbc.381790.en.txt")).unwrap();
        assert_eq!((slug.as_str(), lang, fmt), ("bbc.381790", Lang::En, EditionFormat::Text));
        assert!(parse_file_name(Path::new("notes.txt")).is_none());
        assert!(parse_file_name(Path::new("a.fa.sent")).is_some());
    }

    #[test]
    fn every_line_is_a_paragraph_and_blank_lines_are_optional() {
        let s = sentences_of("Title\n\nOne. Two.\nThree.\n", &Lang::En, EditionFormat::Text);
        let t: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(t, vec![("Title", 0), ("One.", 1), ("Two.", 1), ("Three.", 2)]);
    }

    #[test]
    fn line_separators_inside_a_sentence_become_spaces() {
        assert_eq!(clean_inline("a\u{2028}b\tc"), "a b c");
    }
}
