//! Sentence splitting for English, Persian and Arabic.
//!
//! Input: one paragraph (no line breaks; paragraph breaks are hard boundaries, handled by the
//! caller). Output: byte ranges into the paragraph, one per sentence, covering every non-space
//! character in order (nothing is lost or reordered); surrounding spaces are trimmed.
//!
//! Rules:
//! - `.` `!` `?` `؟` end a sentence when followed by a space and a sentence start; `،` `؛` `:` `;`
//!   never do; closing quotes and brackets after the stop stay with the sentence they close.
//! - `…` ends a sentence only outside a quotation and before an uppercase (or Arabic-script) start.
//! - English abbreviations (titles such as `Gen.`, `Brig.`, `Mr.`; months; `No.`), single-letter
//!   initials (`J.`) never end a sentence; dotted abbreviations (`U.S.`, `a.m.`) end one only before
//!   an uppercase word. Decimals (`2.5`, `۲٫۵`) never split since no space follows the point.
//! - A quotation of several sentences is split like other text.

use crate::Lang;
use std::ops::Range;

const TERMINATORS: &[char] = &['.', '!', '?', '؟', '…', '۔'];
const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '›', '」'];
const OPENERS: &[char] = &['"', '“', '‘', '«', '(', '[', '‹', '\''];

/// English abbreviations that never end a sentence (compared without the dot, case-sensitively).
const EN_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Brig", "Col", "Lt", "Maj", "Capt", "Cmdr", "Adm", "Sgt", "Gov", "Sen",
    "Rep", "Rev", "St", "Sr", "Jr", "Hon", "Pres", "Amb", "Gens", "Mt", "Ft", "No", "Nos", "Vol", "vs", "Jan", "Feb",
    "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "Inc", "Co", "Corp", "Ltd", "approx", "est", "cf", "e.g",
    "i.e", "etc", "Fig", "Art", "Sec", "Dept", "Univ",
];

/// Splits one paragraph into sentences, returned as byte ranges into `par`.
///
/// Units: byte offsets (UTF-8). Every range is non-empty and trimmed of whitespace.
pub fn split_paragraph(par: &str, lang: &Lang) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = par.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize; // byte offset of current sentence start
    let mut quote_depth: i32 = 0;
    let mut ascii_quote_open = false;
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        match c {
            '“' | '«' => quote_depth += 1,
            '”' | '»' => quote_depth = (quote_depth - 1).max(0),
            '"' => ascii_quote_open = !ascii_quote_open,
            _ => {}
        }
        if !TERMINATORS.contains(&c) {
            i += 1;
            continue;
        }
        // run of terminators, then closers
        let mut j = i + 1;
        while j < chars.len() && TERMINATORS.contains(&chars[j].1) {
            j += 1;
        }
        let only_ellipsis = chars[i..j].iter().all(|&(_, t)| t == '…');
        while j < chars.len() && CLOSERS.contains(&chars[j].1) {
            match chars[j].1 {
                '”' | '»' => quote_depth = (quote_depth - 1).max(0),
                '"' => ascii_quote_open = !ascii_quote_open,
                _ => {}
            }
            j += 1;
        }
        // need whitespace after
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            i = j;
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            break;
        }
        let next = chars[k].1;
        let next_upper = starts_sentence(next, &chars[k..]);
        let end_byte = if j < chars.len() { chars[j].0 } else { par.len() };
        let split = if only_ellipsis {
            quote_depth == 0 && !ascii_quote_open && next_upper
        } else if c == '.' && chars[i..j].iter().filter(|&&(_, t)| TERMINATORS.contains(&t)).count() == 1 {
            let word = word_before(par, chars[i].0);
            !is_non_final_abbrev(word, lang, next, next_upper)
        } else {
            next_upper || lang.is_arabic_script() || !next.is_lowercase()
        };
        if split {
            let r = trim_range(par, start..end_byte);
            if !r.is_empty() {
                out.push(r);
            }
            start = chars[k].0;
        }
        i = k;
    }
    let r = trim_range(par, start..par.len());
    if !r.is_empty() {
        out.push(r);
    }
    out
}

/// True when `c` (followed by `rest`) may start a new sentence.
fn starts_sentence(c: char, rest: &[(usize, char)]) -> bool {
    if c.is_uppercase() || c.is_ascii_digit() || (c.is_alphabetic() && !c.is_lowercase() && !c.is_ascii()) {
        return true;
    }
    if OPENERS.contains(&c) {
        return rest.get(1).is_some_and(|&(_, n)| starts_sentence(n, &rest[1..]));
    }
    matches!(c, '\u{06F0}'..='\u{06F9}' | '\u{0660}'..='\u{0669}')
}

fn word_before(par: &str, dot: usize) -> &str {
    let before = &par[..dot];
    let s = before.rfind(|ch: char| ch.is_whitespace() || OPENERS.contains(&ch) || ch == '(').map_or(0, |p| {
        p + before[p..].chars().next().map_or(1, char::len_utf8)
    });
    &before[s..]
}

fn is_non_final_abbrev(word: &str, lang: &Lang, _next: char, next_upper: bool) -> bool {
    if word.is_empty() {
        return false;
    }
    if matches!(lang, Lang::En | Lang::Other(_)) || word.is_ascii() {
        if EN_TITLES.contains(&word) {
            return true;
        }
        let mut it = word.chars();
        // single-letter initial: "J."
        if let (Some(a), None) = (it.next(), it.next()) {
            if a.is_uppercase() {
                return true;
            }
        }
        // dotted abbreviation: "U.S", "a.m"
        if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic)) {
            return !next_upper;
        }
        if !next_upper {
            return true;
        }
    }
    false
}

fn trim_range(s: &str, r: Range<usize>) -> Range<usize> {
    let sub = &s[r.clone()];
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead + trail >= sub.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// Splits a paragraph into owned sentence strings (see [`split_paragraph`]).
pub fn split_sentences(par: &str, lang: &Lang) -> Vec<String> {
    split_paragraph(par, lang).into_iter().map(|r| par[r].to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn en(s: &str) -> Vec<String> {
        split_sentences(s, &Lang::En)
    }

    #[test]
    fn keeps_titles_and_dotted_abbreviations() {
        assert_eq!(
            en("Gen. Smith arrived in the U.S. on Monday. Talks resumed at 9 a.m. on Tuesday. It is in the U.S. The date is open."),
            vec!["Gen. Smith arrived in the U.S. on Monday.", "Talks resumed at 9 a.m. on Tuesday.", "It is in the U.S.", "The date is open."]
        );
    }

    #[test]
    fn ellipsis_inside_quote_does_not_split() {
        let s = "“I assure you that Iran stands ready to … help Syria,” Ashtiani added.";
        assert_eq!(en(s), vec![s]);
    }

    #[test]
    fn splits_quotation_of_two_sentences_with_closer_kept() {
        assert_eq!(
            en("He told reporters: \"We came to listen. We will decide later.\" Then he left."),
            vec!["He told reporters: \"We came to listen.", "We will decide later.\"", "Then he left."]
        );
    }

    #[test]
    fn splits_on_persian_question_mark_not_comma() {
        assert_eq!(
            split_sentences("آیا گفت‌وگوها تمام شد؟ سخنگو، پس از نشست، گفت دور بعد؛ در مسقط برگزار می‌شود.", &Lang::Fa),
            vec!["آیا گفت‌وگوها تمام شد؟", "سخنگو، پس از نشست، گفت دور بعد؛ در مسقط برگزار می‌شود."]
        );
    }

    #[test]
    fn closing_guillemet_stays_with_sentence() {
        assert_eq!(
            split_sentences("او گفت: «آمده‌ایم تا گوش کنیم. بعداً تصمیم می‌گیریم.» دور بعد در آمریکا است.", &Lang::Fa),
            vec!["او گفت: «آمده‌ایم تا گوش کنیم.", "بعداً تصمیم می‌گیریم.»", "دور بعد در آمریکا است."]
        );
    }

    #[test]
    fn decimals_and_initials_do_not_split() {
        assert_eq!(en("Growth was 2.5 percent, said J. Smith of the bank."), vec!["Growth was 2.5 percent, said J. Smith of the bank."]);
    }
}
