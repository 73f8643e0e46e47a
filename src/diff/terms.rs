//! Term shifts: a glossary of loaded, neutral and softened renderings of news terms.
//!
//! Glossary file (CSV, UTF-8, header `concept,class,en,fa,ar`, `#` starts a comment line):
//! each row gives, for one concept (`israel`, `conflict`) and one class (`neutral`, `loaded`,
//! `softened`, or any other one word, compared in lower case), the variants in each language separated by `|`; a column
//! may be empty, but not all three. A row with an empty concept or class, a class of more than
//! one word, or no variant is an error naming its line. The default glossary is `rules/glossary.csv` in the repository, built into the
//! binary; `--glossary FILE` adds a user's rows to it.
//!
//! Matching: variants and text are folded alike ([`super::text::fold_str`]; ZWNJ counts as a
//! space, so «آیت‌الله» = «آیت الله»). A variant must start a word; in Persian and Arabic it may
//! follow the clitics و ف ب ل and the article ال (وال, بال, لل) and may be followed by any suffix
//! (plural, possessive); in English it must end a word or be followed by `s`, `es` or `'s`.
//! Longer variants win over shorter overlapping ones.
//!
//! A bead has a term shift when a concept found on both sides is found in different classes,
//! or when a non-neutral variant is found on one side and the concept not at all on the other.

use super::text::{fold_str, Folded};
use crate::error::{Error, ErrorKind, Result};
use crate::Lang;
use std::path::Path;

/// The built-in glossary (`rules/glossary.csv`).
pub const BUILTIN_GLOSSARY: &str = include_str!("../../rules/glossary.csv");

/// One glossary variant.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Concept id (`israel`).
    pub concept: String,
    /// Class (`neutral`, `loaded`, `softened`, ...).
    pub class: String,
    /// Language of the variant.
    pub lang: Lang,
    /// The variant as written in the glossary.
    pub text: String,
    /// Its folded form, as chars.
    folded: Vec<char>,
}

/// A glossary of term variants.
#[derive(Clone, Debug, Default)]
pub struct Glossary {
    /// All variants.
    pub entries: Vec<Entry>,
}

/// A glossary variant found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct TermHit {
    /// Index into [`Glossary::entries`].
    pub entry: usize,
    /// First folded char index.
    pub start: usize,
    /// One past the last folded char index.
    pub end: usize,
}

impl Glossary {
    /// The built-in glossary.
    pub fn builtin() -> Glossary {
        // the built-in file is tested (`builtin_glossary_parses`), so this cannot fail
        Glossary::parse(BUILTIN_GLOSSARY).unwrap_or_default()
    }

    /// Parses glossary CSV text (see the module docs).
    ///
    /// # Errors
    /// [`ErrorKind::Config`] naming the 1-based line of a row with fewer than 3 fields or a
    /// bad header.
    pub fn parse(text: &str) -> Result<Glossary> {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .comment(Some(b'#'))
            .flexible(true)
            .from_reader(text.as_bytes());
        let headers = rdr
            .headers()
            .map_err(|e| Error::new(ErrorKind::Config(format!("glossary header: {e}"))))?
            .clone();
        let col = |name: &str| {
            headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(name))
        };
        let (Some(ci), Some(cl)) = (col("concept"), col("class")) else {
            return Err(Error::new(ErrorKind::Config(
                "glossary: header must have concept,class,en,fa,ar".into(),
            )));
        };
        let langs: Vec<(usize, Lang)> = ["en", "fa", "ar"]
            .iter()
            .filter_map(|c| col(c).map(|i| (i, Lang::from_code(c).unwrap_or(Lang::En))))
            .collect();
        let mut g = Glossary::default();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| Error::new(ErrorKind::Config(format!("glossary: {e}"))))?;
            let line = rec.position().map_or(0, |p| p.line());
            let (Some(concept), Some(class)) = (rec.get(ci), rec.get(cl)) else {
                return Err(Error::new(ErrorKind::Config(format!(
                    "glossary line {line}: missing concept or class"
                ))));
            };
            let bad = |why: &str| {
                Err(Error::new(ErrorKind::Config(format!(
                    "glossary line {line}: {why}"
                ))))
            };
            if concept.trim().is_empty() || class.trim().is_empty() {
                return bad("empty concept or class");
            }
            // a class is one word (`loaded`, `softened`, or a user's own)
            if class.trim().contains(char::is_whitespace) {
                return bad(&format!(
                    "class {:?} is not one word (is a column missing?)",
                    class.trim()
                ));
            }
            let has_variant = langs.iter().any(|(i, _)| {
                rec.get(*i)
                    .is_some_and(|v| v.split('|').any(|x| !x.trim().is_empty()))
            });
            if !has_variant {
                return bad("no variant in the en, fa or ar columns");
            }
            for (i, lang) in &langs {
                for v in rec
                    .get(*i)
                    .unwrap_or("")
                    .split('|')
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                {
                    let folded: Vec<char> = fold_str(v).chars().collect();
                    if folded.len() < 2 {
                        continue;
                    }
                    g.entries.push(Entry {
                        concept: concept.trim().to_owned(),
                        class: class.trim().to_lowercase(),
                        lang: lang.clone(),
                        text: v.to_owned(),
                        folded,
                    });
                }
            }
        }
        Ok(g)
    }

    /// Reads a glossary file.
    ///
    /// # Errors
    /// I/O and parse errors, naming the file.
    pub fn read(path: &Path) -> Result<Glossary> {
        let text = crate::corpus::read::read_text(path)?;
        Glossary::parse(&text).map_err(|e| e.with_path(path))
    }

    /// Adds the entries of another glossary.
    pub fn extend(&mut self, other: Glossary) {
        self.entries.extend(other.entries);
    }

    /// Finds the variants of language `lang` in a folded sentence (longest first, no overlap).
    pub fn find(&self, f: &Folded, lang: &Lang) -> Vec<TermHit> {
        let text: Vec<char> = f
            .chars
            .iter()
            .map(|&c| if c == '\u{200C}' { ' ' } else { c })
            .collect();
        let mut hits: Vec<TermHit> = Vec::new();
        for (ei, e) in self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.lang == *lang)
        {
            let n = e.folded.len();
            if n > text.len() {
                continue;
            }
            for s in 0..=text.len() - n {
                if text[s..s + n] != e.folded[..]
                    || !starts_word(&text, s, lang)
                    || !ends_word(&text, s + n, lang)
                {
                    continue;
                }
                hits.push(TermHit {
                    entry: ei,
                    start: s,
                    end: s + n,
                });
            }
        }
        hits.sort_by(|a, b| {
            (b.end - b.start)
                .cmp(&(a.end - a.start))
                .then(a.start.cmp(&b.start))
        });
        let mut kept: Vec<TermHit> = Vec::new();
        for h in hits {
            if kept.iter().all(|k| h.end <= k.start || h.start >= k.end) {
                kept.push(h);
            }
        }
        kept.sort_by_key(|h| h.start);
        kept
    }
}

fn starts_word(t: &[char], s: usize, lang: &Lang) -> bool {
    if s == 0 || !t[s - 1].is_alphabetic() {
        return true;
    }
    if !lang.is_arabic_script() {
        return false;
    }
    // clitics before the variant: و ف ب ل, ال, وال, بال, لل (and their combinations)
    let mut w = s;
    while w > 0 && t[w - 1].is_alphabetic() {
        w -= 1;
    }
    let prefix: String = t[w..s].iter().collect();
    matches!(
        prefix.as_str(),
        "و" | "ف"
            | "ب"
            | "ل"
            | "ال"
            | "وال"
            | "بال"
            | "لل"
            | "فال"
            | "ولل"
            | "وب"
            | "ول"
            | "کال"
    )
}

fn ends_word(t: &[char], e: usize, lang: &Lang) -> bool {
    if e >= t.len() || !t[e].is_alphabetic() {
        return true;
    }
    if lang.is_arabic_script() {
        return true;
    }
    let mut w = e;
    while w < t.len() && (t[w].is_alphabetic() || t[w] == '\'') {
        w += 1;
    }
    let suffix: String = t[e..w].iter().collect();
    matches!(suffix.as_str(), "s" | "es" | "'s")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::text::fold;

    #[test]
    fn rows_without_variants_or_with_a_broken_class_are_errors_naming_the_line() {
        for (text, want) in [
            (
                "concept,class,en,fa,ar\nwar,neutral,war,,\nfoo,bar\n",
                "glossary line 3: no variant in the en, fa or ar columns",
            ),
            (
                "concept,class,en,fa,ar\nwar,,war,,\n",
                "glossary line 2: empty concept or class",
            ),
            (
                "concept,class,en,fa,ar\nwar,loaded term,war,,\n",
                "glossary line 2: class \"loaded term\" is not one word",
            ),
        ] {
            let e = Glossary::parse(text).unwrap_err().to_string();
            assert!(e.contains(want), "{e}");
        }
        // a class of the user's own is allowed; classes are compared in lower case
        let g =
            Glossary::parse("concept,class,en,fa,ar\nwar,mine,war,,\nwar,Neutral,,جنگ,\n").unwrap();
        assert_eq!(g.entries[0].class, "mine");
        assert_eq!(g.entries[1].class, "neutral");
    }

    #[test]
    fn builtin_glossary_parses() {
        let g = Glossary::parse(BUILTIN_GLOSSARY).unwrap();
        assert!(g.entries.len() > 50);
        assert!(g
            .entries
            .iter()
            .any(|e| e.concept == "israel" && e.class == "delegitimizing" && e.lang == Lang::Ar));
    }

    #[test]
    fn longest_variant_wins_and_clitics_are_allowed() {
        let g = Glossary::builtin();
        let f = fold("ولا سيما أمريكا والكيان الصهيوني");
        let hits = g.find(&f, &Lang::Ar);
        assert_eq!(hits.len(), 1);
        assert_eq!(g.entries[hits[0].entry].class, "delegitimizing");
        let f = fold("رهبر معظم انقلاب اسلامی");
        let hits = g.find(&f, &Lang::Fa);
        assert_eq!(g.entries[hits[0].entry].class, "raised");
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn english_variants_end_words() {
        let g = Glossary::parse("concept,class,en,fa,ar\nwar,neutral,war,,\n").unwrap();
        assert_eq!(g.find(&fold("a warning"), &Lang::En).len(), 0);
        assert_eq!(g.find(&fold("two wars"), &Lang::En).len(), 1);
    }
}
