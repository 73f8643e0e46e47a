//! Corpora, editions and sentences.
//!
//! A corpus is a folder of edition files. An edition is `<slug>.<lang>.txt` (headline on line 1,
//! then paragraphs, separated by blank lines or one per line; every line break ends a sentence) or
//! `<slug>.<lang>.sent` (one sentence per line, already segmented). The slug may contain dots
//! (`bbc.381790.en.txt`): the language is the part just before the extension.
//!
//! Lines: in a `.txt` edition LF, CR LF and a lone CR end a line; in a `.sent` file only LF and
//! CR LF do, or CR in a file without LF ([`lines`]). Inside a line, U+2028, U+2029, U+0085, tabs and other control characters
//! become one space ([`clean_inline`]). A file that yields no text is an error naming it.
//! Pairing ([`pair`]) joins each English edition with every Persian or Arabic edition of the same
//! slug in the same folder; [`content`] pairs editions whose names say nothing, by content.

pub mod content;
pub mod pair;
pub mod read;

use crate::error::{Error, ErrorKind, Result};
use crate::normalize::normalize;
use crate::segment::Segmenter;
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
        Sentence {
            text,
            norm,
            paragraph,
        }
    }
}

impl Sentence {
    /// The byte range of [`Sentence::text`] that chars `chars` (char indices, Unicode scalar
    /// values) of [`Sentence::norm`] came from, for quoting the original in diffs and exports.
    /// `lang` must be the language the sentence was made with. See
    /// [`crate::normalize::Normalized::source_span`].
    pub fn text_span(&self, lang: &Lang, chars: std::ops::Range<usize>) -> std::ops::Range<usize> {
        crate::normalize::normalize_with_offsets(&self.text, lang).source_span(&self.text, chars)
    }
}

/// True for Unicode's noncharacters (U+FDD0..U+FDEF and the last two code points of each
/// plane, U+FFFE and U+FFFF among them): never text, and XML 1.0 forbids U+FFFE and U+FFFF.
fn is_noncharacter(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}') || (c as u32 & 0xFFFE) == 0xFFFE
}

/// Control characters, tabs and line/paragraph separators inside a sentence become one space;
/// noncharacters (U+FFFE, U+FFFF, ...) are removed, so every output holds the same text;
/// runs of spaces are kept as written.
pub fn clean_inline(s: &str) -> String {
    if s.contains(is_noncharacter) {
        let kept: String = s.chars().filter(|&c| !is_noncharacter(c)).collect();
        return clean_inline(&kept);
    }
    let is_sep = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{0085}');
    if !s.contains(is_sep) {
        return s.trim().to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s
        .trim_matches(|c: char| c.is_whitespace() || is_sep(c))
        .chars()
        .peekable();
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
    /// `.sent` editions only: the 1-based numbers of the blank lines before the last sentence.
    /// They are not sentences (they separate paragraphs), so sentence ids count the non-blank
    /// lines and, after the first of them, are not the line number minus 1
    /// ([`blank_lines_warning`]). Empty for `.txt` editions, whose ids never follow lines.
    pub blank_lines: Vec<usize>,
}

/// Splits a file name `<slug>.<lang>.<txt|sent>` into its parts (the extension in any case:
/// `.TXT` too). Returns `None` when the name does not have that shape or `lang` is not a
/// language code.
pub fn parse_file_name(path: &Path) -> Option<(String, Lang, EditionFormat)> {
    let name = path.file_name()?.to_str()?;
    let (rest, ext) = name.rsplit_once('.')?;
    let format = match ext.to_ascii_lowercase().as_str() {
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

/// The lines of decoded text in `format`: `Text` splits at LF, CR LF and lone CR;
/// `Sentences` only at LF and CR LF (a lone CR stays, and [`clean_inline`] makes it a space,
/// so line numbers agree with tools that count LFs), except in a file with no LF at all,
/// whose lines end with CR (classic Mac OS line ends). A final line end does not start an
/// empty line.
pub fn lines(text: &str, format: EditionFormat) -> Vec<&str> {
    let mut out: Vec<&str> = match format {
        EditionFormat::Sentences if !text.contains('\n') => text.split('\r').collect(),
        EditionFormat::Text => text
            .split("\r\n")
            .flat_map(|l| l.split(['\n', '\r']))
            .collect(),
        EditionFormat::Sentences => text
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect(),
    };
    if out.last() == Some(&"") {
        out.pop();
    }
    out
}

/// True when a line has no text: only white space, controls and invisible marks.
fn is_blank(line: &str) -> bool {
    line.chars().all(|c| {
        c.is_whitespace()
            || c.is_control()
            || crate::normalize::is_invisible_mark(c)
            || is_noncharacter(c)
            || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}')
    })
}

/// Segments decoded text of an edition into sentences with the default rules for `lang`
/// (see [`sentences_with`]).
pub fn sentences_of(text: &str, lang: &Lang, format: EditionFormat) -> Vec<Sentence> {
    sentences_with(text, lang, format, &Segmenter::new(lang))
}

/// Segments decoded text of an edition into sentences.
///
/// `Text`: each non-blank line is split by `seg`; every line break ends a sentence. Paragraphs
/// ([`Sentence::paragraph`]): when blank lines separate the text, each block of lines between
/// them is one paragraph (case B01: two lines, a blank line, a line = paragraphs 0, 0, 1);
/// otherwise each line is one. `Sentences`: each non-blank line is one sentence, numbered as
/// paragraphs the same way. Blank lines (white space, controls and invisible marks only) never
/// give a sentence.
pub fn sentences_with(
    text: &str,
    lang: &Lang,
    format: EditionFormat,
    seg: &Segmenter,
) -> Vec<Sentence> {
    let all = lines(text, format);
    let blank: Vec<bool> = all.iter().map(|l| is_blank(l)).collect();
    // is there a blank line with text both before and after it?
    let first_text = blank.iter().position(|b| !b);
    let last_text = blank.iter().rposition(|b| !b);
    let blocks = match (first_text, last_text) {
        (Some(a), Some(z)) => blank[a..z].iter().any(|&b| b),
        _ => false,
    };
    let mut out = Vec::new();
    let mut para = 0;
    let mut seen_text = false;
    let mut gap = false;
    for (raw, &is_blank) in all.iter().zip(&blank) {
        if is_blank {
            gap = true;
            continue;
        }
        if seen_text && (!blocks || gap) {
            para += 1;
        }
        seen_text = true;
        gap = false;
        let line = clean_inline(raw);
        match format {
            EditionFormat::Sentences => out.push(Sentence::new(&line, lang, para)),
            EditionFormat::Text => {
                for r in seg.split(&line) {
                    if let Some(s) = line.get(r) {
                        out.push(Sentence::new(s, lang, para));
                    }
                }
            }
        }
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
pub fn load_edition(
    path: &Path,
    lang: Option<Lang>,
    format: Option<EditionFormat>,
) -> Result<Edition> {
    load_edition_with(path, lang, format, None)
}

/// [`load_edition`] with sentence-splitting rules of one's own (`None`: the defaults for the
/// edition's language).
///
/// # Errors
/// As [`load_edition`].
pub fn load_edition_with(
    path: &Path,
    lang: Option<Lang>,
    format: Option<EditionFormat>,
    seg: Option<&Segmenter>,
) -> Result<Edition> {
    let parsed = parse_file_name(path);
    let lang = match (lang, &parsed) {
        (Some(l), _) => l,
        (None, Some((_, l, _))) => l.clone(),
        (None, None) => return Err(Error::new(ErrorKind::UnknownLanguage).with_path(path)),
    };
    let format = format
        .or(parsed.as_ref().map(|p| p.2))
        .unwrap_or(EditionFormat::Text);
    let slug = parsed.map(|p| p.0).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let text = read::read_text_raw(path)?;
    let sentences = match seg {
        Some(seg) => sentences_with(&text, &lang, format, seg),
        None => sentences_of(&text, &lang, format),
    };
    if sentences.iter().all(|s| s.norm.trim().is_empty()) {
        return Err(Error::new(ErrorKind::Empty).with_path(path));
    }
    let blank_lines = match format {
        EditionFormat::Sentences => blank_lines_before_text(&text),
        EditionFormat::Text => Vec::new(),
    };
    Ok(Edition {
        slug,
        lang,
        path: path.to_path_buf(),
        format,
        sentences,
        blank_lines,
    })
}

/// The 1-based numbers of the blank lines of a `.sent` text that come before its last
/// non-blank line (blank lines at the end shift no id).
fn blank_lines_before_text(text: &str) -> Vec<usize> {
    let all = lines(text, EditionFormat::Sentences);
    let Some(last) = all.iter().rposition(|l| !is_blank(l)) else {
        return Vec::new();
    };
    (0..last)
        .filter(|&i| is_blank(all[i]))
        .map(|i| i + 1)
        .collect()
}

/// A warning for a `.sent` edition with blank lines before its last sentence
/// ([`Edition::blank_lines`]): it names the file and the lines (runs as ranges, at most 10
/// runs), and says that ids count non-blank lines. `None` when there is none.
pub fn blank_lines_warning(e: &Edition) -> Option<String> {
    let first = *e.blank_lines.first()?;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &n in &e.blank_lines {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => runs.push((n, n)),
        }
    }
    const SHOWN: usize = 10;
    let mut shown: Vec<String> = runs
        .iter()
        .take(SHOWN)
        .map(|&(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}-{b}")
            }
        })
        .collect();
    if runs.len() > SHOWN {
        let more: usize = runs[SHOWN..].iter().map(|(a, b)| b - a + 1).sum();
        shown.push(format!("and {more} more"));
    }
    Some(format!(
        "{}: blank line{} {} skipped: sentence ids count non-blank lines only, so after line {first} they are not line numbers minus 1",
        e.path.display(),
        if e.blank_lines.len() == 1 { "" } else { "s" },
        shown.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_the_part_before_the_extension() {
        let (slug, lang, fmt) = parse_file_name(Path::new("x/bbc.381790.en.txt")).unwrap();
        assert_eq!(
            parse_file_name(Path::new("y.en.TXT")).map(|x| x.2),
            Some(EditionFormat::Text)
        );
        assert_eq!(
            parse_file_name(Path::new("y.fa.Sent")).map(|x| x.2),
            Some(EditionFormat::Sentences)
        );
        assert_eq!(
            (slug.as_str(), lang, fmt),
            ("bbc.381790", Lang::En, EditionFormat::Text)
        );
        assert!(parse_file_name(Path::new("notes.txt")).is_none());
        assert!(parse_file_name(Path::new("a.fa.sent")).is_some());
    }

    #[test]
    fn blank_lines_separate_paragraphs_and_every_line_ends_a_sentence() {
        let s = sentences_of(
            "Title\n\nOne. Two.\nThree\n\nFour.\n",
            &Lang::En,
            EditionFormat::Text,
        );
        let t: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(
            t,
            vec![
                ("Title", 0),
                ("One.", 1),
                ("Two.", 1),
                ("Three", 1),
                ("Four.", 2)
            ]
        );
    }

    #[test]
    fn without_blank_lines_every_line_is_a_paragraph() {
        let s = sentences_of(
            "\nTitle\nOne. Two.\nThree.\n\n",
            &Lang::En,
            EditionFormat::Text,
        );
        let t: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(
            t,
            vec![("Title", 0), ("One.", 1), ("Two.", 1), ("Three.", 2)]
        );
    }

    #[test]
    fn txt_lines_end_at_cr_but_sent_lines_do_not() {
        assert_eq!(
            lines("a\r\nb\rc\n", EditionFormat::Text),
            vec!["a", "b", "c"]
        );
        assert_eq!(
            lines("a\r\nb\rc\n", EditionFormat::Sentences),
            vec!["a", "b\rc"]
        );
        // a file without LF ends its lines with CR
        assert_eq!(
            lines("یک.\rدو.\rسه.\r", EditionFormat::Sentences),
            vec!["یک.", "دو.", "سه."]
        );
        let s = sentences_of(
            "One.\r\n\r\nTwo.\rThree.",
            &Lang::En,
            EditionFormat::Sentences,
        );
        let t: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(t, vec![("One.", 0), ("Two. Three.", 1)]);
        assert_eq!(lines("", EditionFormat::Text), Vec::<&str>::new());
    }

    #[test]
    fn separators_and_controls_inside_a_paragraph_are_spaces_not_breaks() {
        let s = sentences_of(
            "Talks\u{2028}ended.\u{0085}They\u{000B}left.\u{2029}Done.\n",
            &Lang::En,
            EditionFormat::Text,
        );
        let t: Vec<_> = s.iter().map(|s| (s.text.as_str(), s.paragraph)).collect();
        assert_eq!(
            t,
            vec![("Talks ended.", 0), ("They left.", 0), ("Done.", 0)]
        );
    }

    #[test]
    fn a_file_without_text_is_an_error_naming_it() {
        let d = tempfile::tempdir().unwrap();
        for (name, bytes) in [
            ("a.en.txt", &b""[..]),
            ("b.fa.txt", b"\xEF\xBB\xBF \r\n\t\r\n"),
            ("c.fa.sent", b"\xE2\x80\x8F\n"),
        ] {
            let p = d.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            let e = load_edition(&p, None, None).unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::Empty) && e.to_string().contains(name),
                "{e}"
            );
        }
    }

    #[test]
    fn norm_spans_map_back_to_the_original_text() {
        let s = Sentence::new("وَصَلَ الوفـــدُ ۲۲ نفر", &Lang::Fa, 0);
        assert_eq!(s.norm, "وصل الوفد 22 نفر");
        let word = s.norm.chars().position(|c| c == '2').unwrap();
        assert_eq!(&s.text[s.text_span(&Lang::Fa, word..word + 2)], "۲۲");
        assert_eq!(&s.text[s.text_span(&Lang::Fa, 4..9)], "الوفـــدُ");
    }

    #[test]
    fn blank_lines_of_a_sent_file_before_its_last_sentence_are_listed_and_warned() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.en.sent");
        // lines 1, 4-5 and 7 are blank (7 holds a zero-width space); 9-10 are at the end
        std::fs::write(&p, "\na\nb\n \n\t\nc\n\u{200B}\nd\n\n\n").unwrap();
        let e = load_edition(&p, None, None).unwrap();
        assert_eq!(e.sentences.len(), 4);
        assert_eq!(e.blank_lines, vec![1, 4, 5, 7]);
        assert_eq!(
            blank_lines_warning(&e).unwrap(),
            format!(
                "{}: blank lines 1, 4-5, 7 skipped: sentence ids count non-blank lines only, so after line 1 they are not line numbers minus 1",
                p.display()
            )
        );
        // trailing blank lines shift nothing; .txt ids never follow lines
        std::fs::write(&p, "a\nb\n\n").unwrap();
        assert!(blank_lines_warning(&load_edition(&p, None, None).unwrap()).is_none());
        let t = d.path().join("x.en.txt");
        std::fs::write(&t, "Title\n\nA paragraph.\n").unwrap();
        assert!(load_edition(&t, None, None).unwrap().blank_lines.is_empty());
        // many runs: the first 10, then a count of the other lines
        let many: String = (0..13).map(|_| "a\n\n").collect::<String>() + "a\n";
        std::fs::write(&p, many).unwrap();
        let w = blank_lines_warning(&load_edition(&p, None, None).unwrap()).unwrap();
        assert!(
            w.contains("blank lines 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, and 3 more skipped"),
            "{w}"
        );
    }

    #[test]
    fn line_separators_inside_a_sentence_become_spaces() {
        assert_eq!(clean_inline("a\u{2028}b\tc"), "a b c");
    }

    #[test]
    fn noncharacters_are_removed_and_a_line_of_them_is_blank() {
        assert_eq!(clean_inline("a\u{FFFE}b \u{FFFF}c\u{FDD0}"), "ab c");
        let s = sentences_of(
            "One.\n\u{FFFE}\nTwo\u{FFFF}.\n",
            &Lang::En,
            EditionFormat::Sentences,
        );
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, vec!["One.", "Two."]);
    }
}
