//! Sentence splitting for English, Persian and Arabic, with the rules kept as data.
//!
//! Input: one paragraph (no line breaks; paragraph breaks are hard boundaries, handled by the
//! caller, see [`crate::corpus::sentences_of`]). Output: byte ranges into the paragraph, one per
//! sentence, in order. Invariant: the ranges do not overlap, are ascending, and together cover
//! every character of the paragraph except white space between sentences (nothing is lost or
//! reordered); a piece with nothing but white space and invisible marks is joined to the
//! sentence before it.
//!
//! The rules are SRX 2.0 ([`crate::srx`]): the defaults for en, fa and ar are
//! `rules/segment.srx`, compiled into the library ([`DEFAULT_SRX`]); a user's own file is read
//! with [`Segmenter::from_srx`]. What the default rules do:
//! - `.` `!` `?` `؟` `۔` end a sentence before white space; `،` `؛` `;` `:` never do;
//!   closing quotes and brackets after the stop (`.”` `.»` `.)`) stay with their sentence,
//!   and a stop after a closing mark (`».`) ends the sentence there;
//! - `…` ends a sentence only outside a quotation and when no lower-case word follows;
//! - English titles (`Gen.`, `Brig.`, `Mr.`), initials (`J.`) and `e.g.` never end a sentence;
//!   `U.S.` ends one only before a common sentence starter (`The`, `He`, ...); `Jan.`, `No.`
//!   before a number do not; a lower-case word never starts a sentence;
//! - single Arabic-script letters with a stop (`م.`, `ق.م.`, `ه.ش.`) are abbreviations;
//! - decimals in every digit system (`2.5`, `۲٫۵`, `٢.٥`) never split;
//! - a stop with no space after it between two words splits (`ended.Next`, `انتهت.وقال`);
//! - a quotation of several sentences splits like other text.

use crate::error::Result;
use crate::srx::{Rules, Srx};
use crate::Lang;
use std::ops::Range;
use std::sync::OnceLock;

/// The default rules, `rules/segment.srx` (SRX 2.0), as compiled into the library.
pub const DEFAULT_SRX: &str = include_str!("../rules/segment.srx");

/// Sentence splitting rules for one language.
#[derive(Clone, Debug)]
pub struct Segmenter {
    rules: Rules,
}

// Cannot fail on any input: the parsed text is compiled in, and `default_rules_parse` tests it.
#[allow(clippy::expect_used)]
fn default_srx() -> &'static Srx {
    static SRX: OnceLock<Srx> = OnceLock::new();
    SRX.get_or_init(|| Srx::parse(DEFAULT_SRX).expect("rules/segment.srx is valid SRX"))
}

fn cached(lang: &Lang) -> &'static Segmenter {
    static EN: OnceLock<Segmenter> = OnceLock::new();
    static FA: OnceLock<Segmenter> = OnceLock::new();
    static AR: OnceLock<Segmenter> = OnceLock::new();
    static OTHER: OnceLock<Segmenter> = OnceLock::new();
    let (cell, code) = match lang {
        Lang::En => (&EN, "en"),
        Lang::Fa => (&FA, "fa"),
        Lang::Ar => (&AR, "ar"),
        Lang::Other(_) => (&OTHER, "und"),
    };
    cell.get_or_init(|| Segmenter {
        rules: default_srx().rules_for(code),
    })
}

impl Segmenter {
    /// The default rules ([`DEFAULT_SRX`]) for `lang`. Other languages than en, fa and ar get
    /// the language-neutral rules (quotations, stops, decimals).
    ///
    /// # Panics
    /// Never: the embedded rules are checked by a unit test.
    pub fn new(lang: &Lang) -> Segmenter {
        cached(lang).clone()
    }

    /// Rules for `lang` from an SRX 2.0 document `xml` (the text of a `.srx` file).
    ///
    /// # Errors
    /// [`crate::ErrorKind::Config`] when the document is not valid SRX (see
    /// [`crate::srx::Srx::parse`]) or has no rule for `lang`.
    pub fn from_srx(xml: &str, lang: &Lang) -> Result<Segmenter> {
        let rules = Srx::parse(xml)?.rules_for(lang.code());
        if rules.is_empty() {
            return Err(crate::Error::new(crate::ErrorKind::Config(format!(
                "srx: no rule applies to language {lang} (no matching languagemap, or its rule sets are empty)"
            ))));
        }
        Ok(Segmenter { rules })
    }

    /// Splits one paragraph into sentences, returned as byte ranges into `par` (see the module
    /// docs for the invariant). Units: byte offsets (UTF-8). Every range is non-empty and has no
    /// leading or trailing white space. A paragraph of only white space gives no range.
    pub fn split(&self, par: &str) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        let cuts = self.rules.breaks(par);
        for end in cuts.into_iter().chain(std::iter::once(par.len())) {
            let r = trim_range(par, start..end);
            start = end;
            if r.is_empty() {
                continue;
            }
            let substantive = par[r.clone()]
                .chars()
                .any(|c| !c.is_whitespace() && !is_invisible(c));
            match out.last_mut() {
                Some(last) if !substantive => last.end = r.end,
                _ => out.push(r),
            }
        }
        out
    }

    /// True when the rules break `par` somewhere in `range` (byte offsets into `par`; the
    /// rules see the whole paragraph around each position). Cheaper than [`Segmenter::split`]
    /// where only a few places could break.
    pub fn breaks_in(&self, par: &str, range: Range<usize>) -> bool {
        !self.rules.breaks_in(par, range).is_empty()
    }
}

fn is_invisible(c: char) -> bool {
    crate::normalize::is_invisible_mark(c) || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}')
}

/// [`Segmenter::breaks_in`] with the default rules for `lang`.
pub fn breaks_in(par: &str, range: Range<usize>, lang: &Lang) -> bool {
    cached(lang).breaks_in(par, range)
}

/// Splits one paragraph into sentences with the default rules for `lang`; byte ranges into
/// `par` (see [`Segmenter::split`]).
pub fn split_paragraph(par: &str, lang: &Lang) -> Vec<Range<usize>> {
    cached(lang).split(par)
}

fn trim_range(s: &str, r: Range<usize>) -> Range<usize> {
    let Some(sub) = s.get(r.clone()) else {
        return r.start..r.start;
    };
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead + trail >= sub.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// Splits a paragraph into owned sentence strings (see [`split_paragraph`]).
pub fn split_sentences(par: &str, lang: &Lang) -> Vec<String> {
    split_paragraph(par, lang)
        .into_iter()
        .map(|r| par[r].to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Vec<String> {
        split_sentences(s, &Lang::En)
    }
    fn fa(s: &str) -> Vec<String> {
        split_sentences(s, &Lang::Fa)
    }
    fn ar(s: &str) -> Vec<String> {
        split_sentences(s, &Lang::Ar)
    }

    #[test]
    fn default_rules_parse() {
        let srx = Srx::parse(DEFAULT_SRX).unwrap();
        let total = DEFAULT_SRX.matches("<rule ").count();
        let arabic_script = DEFAULT_SRX
            .split("languagerulename=\"arabic-script\">")
            .nth(1)
            .and_then(|r| r.split("</languagerule>").next())
            .unwrap()
            .matches("<rule ")
            .count();
        assert_eq!(arabic_script, 3);
        // every language gets all but the Arabic-script rules; fa and ar get all
        assert_eq!(srx.rules_for("en").len(), total - arabic_script);
        assert_eq!(srx.rules_for("de").len(), total - arabic_script);
        assert_eq!(srx.rules_for("fa").len(), total);
        assert_eq!(srx.rules_for("ar").len(), total);
    }

    #[test]
    fn keeps_titles_and_dotted_abbreviations() {
        assert_eq!(
            en("Gen. Smith arrived in the U.S. on Monday. Talks resumed at 9 a.m. on Tuesday. It is in the U.S. The date is open."),
            vec!["Gen. Smith arrived in the U.S. on Monday.", "Talks resumed at 9 a.m. on Tuesday.", "It is in the U.S.", "The date is open."]
        );
        assert_eq!(
            en("U.S. President Joe Biden spoke. Brig. Gen. Ali Khan met him."),
            vec![
                "U.S. President Joe Biden spoke.",
                "Brig. Gen. Ali Khan met him."
            ]
        );
        assert_eq!(
            en("See e.g. Smith. The case No. 5 is open."),
            vec!["See e.g. Smith.", "The case No. 5 is open."]
        );
    }

    #[test]
    fn ellipsis_inside_quote_does_not_split() {
        let s = "“I assure you that Iran stands ready to … help Syria,” Ashtiani added.";
        assert_eq!(en(s), vec![s]);
        let s = "\"We wait … and wait … For news,\" he said.";
        assert_eq!(en(s), vec![s]);
        assert_eq!(
            fa("او گفت: «آماده است … کمک کند.»"),
            vec!["او گفت: «آماده است … کمک کند.»"]
        );
    }

    #[test]
    fn ellipsis_outside_quote_splits_only_before_a_new_sentence() {
        assert_eq!(
            en("He waited … The door opened."),
            vec!["He waited …", "The door opened."]
        );
        assert_eq!(
            en("He waited … and waited."),
            vec!["He waited … and waited."]
        );
    }

    #[test]
    fn splits_quotation_of_two_sentences_with_closer_kept() {
        assert_eq!(
            en("He told reporters: \"We came to listen. We will decide later.\" Then he left."),
            vec![
                "He told reporters: \"We came to listen.",
                "We will decide later.\"",
                "Then he left."
            ]
        );
    }

    #[test]
    fn splits_on_persian_question_mark_not_comma() {
        assert_eq!(
            fa("آیا گفت‌وگوها تمام شد؟ سخنگو، پس از نشست، گفت دور بعد؛ در مسقط برگزار می‌شود."),
            vec![
                "آیا گفت‌وگوها تمام شد؟",
                "سخنگو، پس از نشست، گفت دور بعد؛ در مسقط برگزار می‌شود."
            ]
        );
    }

    #[test]
    fn closing_guillemet_stays_with_sentence() {
        assert_eq!(
            fa("او گفت: «آمده‌ایم تا گوش کنیم. بعداً تصمیم می‌گیریم.» دور بعد در آمریکا است."),
            vec![
                "او گفت: «آمده‌ایم تا گوش کنیم.",
                "بعداً تصمیم می‌گیریم.»",
                "دور بعد در آمریکا است."
            ]
        );
        assert_eq!(
            ar("وقال: «هذا مهم». ثم غادر."),
            vec!["وقال: «هذا مهم».", "ثم غادر."]
        );
    }

    #[test]
    fn decimals_and_initials_do_not_split() {
        assert_eq!(
            en("Growth was 2.5 percent, said J. Smith of the bank."),
            vec!["Growth was 2.5 percent, said J. Smith of the bank."]
        );
        assert_eq!(
            fa("رشد ۲٫۵ درصد و تورم ۱۲.۳ درصد بود. م. ع. ابراهیمی گفت."),
            vec!["رشد ۲٫۵ درصد و تورم ۱۲.۳ درصد بود.", "م. ع. ابراهیمی گفت."]
        );
        assert_eq!(
            ar("بلغ النمو ٢.٥ في المئة. وقال د. محمد إنه جيد."),
            vec!["بلغ النمو ٢.٥ في المئة.", "وقال د. محمد إنه جيد."]
        );
    }

    #[test]
    fn full_stop_without_space_splits_between_words() {
        assert_eq!(
            en("The talks ended.Next week they resume."),
            vec!["The talks ended.", "Next week they resume."]
        );
        assert_eq!(
            ar("انتهت المحادثات.وقال المتحدث إنها مفيدة."),
            vec!["انتهت المحادثات.", "وقال المتحدث إنها مفيدة."]
        );
        assert_eq!(
            en("Visit tasnimnews.com for more."),
            vec!["Visit tasnimnews.com for more."]
        );
    }

    #[test]
    fn headline_without_stop_is_one_sentence_and_blank_gives_none() {
        assert_eq!(
            en("Tehran-Damascus Ties at Their Best: Iran’s Defense Minister"),
            vec!["Tehran-Damascus Ties at Their Best: Iran’s Defense Minister"]
        );
        assert!(split_paragraph("  \u{3000} ", &Lang::En).is_empty());
    }

    #[test]
    fn trailing_invisible_mark_joins_the_sentence_before() {
        let p = "One. Two.\u{200F}  \u{200F}";
        let r = split_paragraph(p, &Lang::En);
        assert_eq!(r.len(), 2);
        assert_eq!(r[1].end, p.len());
    }

    #[test]
    fn user_srx_replaces_the_defaults() {
        let xml = r#"<srx version="2.0"><header cascade="no"/><body><languagerules>
            <languagerule languagerulename="semi"><rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule></languagerule>
            </languagerules><maprules><languagemap languagepattern="en" languagerulename="semi"/></maprules></body></srx>"#;
        let s = Segmenter::from_srx(xml, &Lang::En).unwrap();
        let p = "One; two. Three";
        let got: Vec<&str> = s.split(p).into_iter().map(|r| &p[r]).collect();
        assert_eq!(got, vec!["One;", "two. Three"]);
        assert!(Segmenter::from_srx(xml, &Lang::Fa).is_err());
    }
}
