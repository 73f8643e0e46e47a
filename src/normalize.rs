//! Normalization for matching, with offsets back into the original text.
//!
//! Output text is never rewritten: every [`crate::corpus::Sentence`] keeps its original text for
//! export, and carries a second, normalized form that scoring, anchors and diffs compare.
//! [`normalize_with_offsets`] also gives, for each normalized char, the byte offset of its source
//! in the input, so that a difference found in normalized text can quote the original span
//! ([`Normalized::source_span`]).
//!
//! Folding table of [`normalize`] (after Unicode NFC, UAX #15; language-aware):
//!
//! | input | becomes | why |
//! |---|---|---|
//! | U+FEFF BOM, U+200E/U+200F, U+061C, U+202A-U+202E, U+2066-U+2069 bidi controls, U+200B, U+2060, U+00AD | removed | invisible; carry no text |
//! | U+0640 tatweel, U+064B-U+065F and U+0670 harakat | removed | decoration and optional vowel marks |
//! | U+06F0-U+06F9 Persian, U+0660-U+0669 Arabic-Indic digits | ASCII `0`-`9` | one digit system for number anchors |
//! | U+066B ٫ Arabic decimal separator | `.` | `۲٫۵` = `2.5` |
//! | U+066C ٬ Arabic thousands separator | `,` | `۱۴٬۵۰۰` = `14,500` |
//! | NBSP, U+2000-U+200A, U+202F, U+205F, U+3000, tab, U+2028, U+2029, U+0085, controls | one ASCII space (each) | |
//! | Persian text: U+064A ي, U+0649 ى → U+06CC ی; U+0643 ك → U+06A9 ک | Persian letters | Arabic-keyboard input (case B03) |
//! | Arabic text: U+06A9 ک → U+0643 ك; U+06CC ی → U+064A ي before a letter | Arabic letters | Persian-keyboard leaks (case B03); a final ی (ي or ى?) is left alone |
//! | U+200C ZWNJ | kept between two letters or digits; a run collapses to one; dropped next to a space, punctuation or a text edge; never inserted, never made a space | case B04 |
//!
//! Alef variants, hamza forms and teh marbuta are *not* folded by [`normalize`] (an Arabic
//! edition's `أ` and `ة` are correct spelling); [`word_key`] folds them when words are compared
//! across editions and spellings:
//!
//! | input | key |
//! |---|---|
//! | ي ى ئ ی | ی |
//! | ك ک | ک |
//! | أ إ آ ٱ ا | ا |
//! | ؤ و | و |
//! | ة ۀ ه | ه |
//! | ZWNJ | removed |
//! | upper case | lower case |
//!
//! CR LF and CR become LF before any of this (see [`crate::corpus::read`]).
//! Both functions are idempotent: `normalize(&normalize(x, l), l) == normalize(x, l)`.

use crate::Lang;
use std::ops::Range;
use unicode_normalization::char::{canonical_combining_class, compose};
use unicode_normalization::UnicodeNormalization;

const ZWNJ: char = '\u{200C}';

/// True for bidi controls, the BOM and other invisible format characters, which are dropped:
/// U+FEFF, U+200E, U+200F, U+061C, U+202A-U+202E, U+2066-U+2069, U+200B, U+2060, U+00AD.
pub fn is_invisible_mark(c: char) -> bool {
    matches!(
        c,
        '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{00AD}'
    )
}

/// True for Arabic harakat and tatweel, which are dropped: U+0640, U+064B-U+065F, U+0670.
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}')
}

/// Maps Persian and Arabic-Indic digits to ASCII; other characters are returned unchanged.
pub fn ascii_digit(c: char) -> char {
    match c {
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        _ => c,
    }
}

/// Normalized text and where each of its chars came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized text (see the module table).
    pub text: String,
    /// One entry per char (Unicode scalar value) of `text`: the byte offset in the input of the
    /// char it came from (for a char composed by NFC, the first of its sources). Non-decreasing.
    pub offsets: Vec<usize>,
}

impl Normalized {
    /// The byte range of the input that chars `chars` (char indices into [`Normalized::text`])
    /// came from: from the source of the first to the end of the source of the last and of the
    /// combining marks and tatweel right after it, including whatever was dropped in between. `input` must be the text that was normalized.
    /// An empty or out-of-range `chars` gives an empty range.
    pub fn source_span(&self, input: &str, chars: Range<usize>) -> Range<usize> {
        if chars.start >= chars.end || chars.end > self.offsets.len() {
            let at = self
                .offsets
                .get(chars.start)
                .copied()
                .unwrap_or(input.len())
                .min(input.len());
            return at..at;
        }
        let start = self.offsets[chars.start];
        let last = self.offsets[chars.end - 1];
        let limit = self.offsets.get(chars.end).copied().unwrap_or(input.len());
        let mut end = last;
        for (i, c) in input.get(last..).unwrap_or("").char_indices() {
            let at = last + i;
            let mark = canonical_combining_class(c) != 0 || is_arabic_mark(c);
            if i > 0 && (at >= limit || !mark) {
                break;
            }
            end = at + c.len_utf8();
        }
        start..end.max(start)
    }
}

/// Normalizes `text` for matching in language `lang` (see the module table).
///
/// Units: the result is a new `String`; it may be shorter than the input (marks removed).
pub fn normalize(text: &str, lang: &Lang) -> String {
    normalize_with_offsets(text, lang).text
}

/// Normalizes `text` like [`normalize`] and keeps, for each output char, the byte offset of its
/// source in `text` ([`Normalized::offsets`]).
pub fn normalize_with_offsets(text: &str, lang: &Lang) -> Normalized {
    let mut cur: Vec<(char, usize)> = text.char_indices().map(|(i, c)| (c, i)).collect();
    // One pass can leave work for another (a dropped tatweel between a letter and a combining
    // mark lets NFC compose them), so repeat until nothing changes; two passes suffice in practice.
    for _ in 0..6 {
        let next = fold(&nfc_with_offsets(&cur), lang);
        if next == cur {
            break;
        }
        cur = next;
    }
    Normalized {
        text: cur.iter().map(|&(c, _)| c).collect(),
        offsets: cur.into_iter().map(|(_, o)| o).collect(),
    }
}

/// NFC with offsets: the text is cut before each starter that cannot compose with the char
/// before it, and each piece is normalized alone; a piece NFC leaves unchanged keeps its
/// offsets, another gets its first offset for every char.
fn nfc_with_offsets(chars: &[(char, usize)]) -> Vec<(char, usize)> {
    // most text is NFC already: then every char keeps its offset
    if unicode_normalization::is_nfc_quick(chars.iter().map(|&(c, _)| c))
        == unicode_normalization::IsNormalized::Yes
    {
        return chars.to_vec();
    }
    let whole: String = chars.iter().map(|&(c, _)| c).nfc().collect();
    let by_pieces = |cut: &dyn Fn(char, char) -> bool| -> Vec<(char, usize)> {
        let mut out = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            let mut j = i + 1;
            while j < chars.len() && !cut(chars[j - 1].0, chars[j].0) {
                j += 1;
            }
            let piece: String = chars[i..j].iter().map(|&(c, _)| c).collect();
            let n: Vec<char> = piece.nfc().collect();
            if n.len() == j - i && n.iter().zip(&chars[i..j]).all(|(a, b)| *a == b.0) {
                out.extend_from_slice(&chars[i..j]);
            } else {
                out.extend(n.into_iter().map(|c| (c, chars[i].1)));
            }
            i = j;
        }
        out
    };
    let fine = by_pieces(&|prev, c| {
        canonical_combining_class(c) == 0
            && compose(prev, c).is_none()
            && c.nfd().all(|d| canonical_combining_class(d) == 0)
    });
    if fine.iter().map(|&(c, _)| c).eq(whole.chars()) {
        return fine;
    }
    // rare scripts: cut only before ASCII, which never composes with what comes before
    let coarse = by_pieces(&|_, c| c.is_ascii());
    if coarse.iter().map(|&(c, _)| c).eq(whole.chars()) {
        return coarse;
    }
    let first = chars.first().map_or(0, |&(_, o)| o);
    whole.chars().map(|c| (c, first)).collect()
}

/// One folding pass (module table) over NFC text.
fn fold(nfc: &[(char, usize)], lang: &Lang) -> Vec<(char, usize)> {
    // 1. drop marks, map digits, separators, spaces and letters
    let kept: Vec<(char, usize)> = nfc
        .iter()
        .copied()
        .filter(|&(c, _)| !is_invisible_mark(c) && !is_arabic_mark(c))
        .collect();
    let mut mapped: Vec<(char, usize)> = Vec::with_capacity(kept.len());
    for (i, &(c0, off)) in kept.iter().enumerate() {
        let c = match c0 {
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            ZWNJ => ZWNJ,
            c if c.is_whitespace() || c.is_control() => ' ',
            c => ascii_digit(c),
        };
        let c = match lang {
            Lang::Fa => match c {
                '\u{064A}' | '\u{0649}' => '\u{06CC}',
                '\u{0643}' => '\u{06A9}',
                _ => c,
            },
            Lang::Ar => match c {
                '\u{06A9}' => '\u{0643}',
                '\u{06CC}'
                    if kept
                        .get(i + 1)
                        .is_some_and(|&(n, _)| n.is_alphabetic() && n != ZWNJ) =>
                {
                    '\u{064A}'
                }
                _ => c,
            },
            Lang::En | Lang::Other(_) => c,
        };
        mapped.push((c, off));
    }
    // 2. ZWNJ: kept only between two letters or digits, once
    let mut out: Vec<(char, usize)> = Vec::with_capacity(mapped.len());
    for (i, &(c, off)) in mapped.iter().enumerate() {
        if c == ZWNJ {
            let prev_ok = out
                .last()
                .is_some_and(|&(p, _)| p != ZWNJ && p.is_alphanumeric());
            let next_ok = mapped[i + 1..]
                .iter()
                .find(|&&(n, _)| n != ZWNJ)
                .is_some_and(|&(n, _)| n.is_alphanumeric());
            if !prev_ok || !next_ok {
                continue;
            }
        }
        out.push((c, off));
    }
    out
}

/// A matching key for one word: NFC, marks and invisible characters dropped, digits made ASCII,
/// and the second table of the module docs (ی ي ى ئ → ی, ک ك → ک, أ إ آ ٱ → ا, ؤ → و,
/// ة ۀ → ه, ZWNJ removed), lower-cased. Used to compare tokens across editions and spellings.
/// Idempotent.
pub fn word_key(word: &str) -> String {
    // fast path: ASCII, or Arabic-script text already in NFC with no combining mark, folds
    // char by char with no normalization pass (the common case, and the aligner's hot path)
    if word.is_ascii() {
        return word.to_ascii_lowercase();
    }
    if word.chars().all(|c| {
        c.is_ascii()
            || (('\u{0621}'..='\u{064A}').contains(&c) || ('\u{0660}'..='\u{06D3}').contains(&c))
                && !is_arabic_mark(c)
                && c != '\u{0654}'
                && c != '\u{0655}'
                && c != '\u{0670}'
    }) && unicode_normalization::is_nfc_quick(word.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        return word
            .chars()
            .map(|c| match ascii_digit(c) {
                '\u{064A}' | '\u{0649}' | '\u{0626}' => '\u{06CC}',
                '\u{0643}' => '\u{06A9}',
                '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}',
                '\u{0629}' | '\u{06C0}' => '\u{0647}',
                '\u{0624}' => '\u{0648}',
                c => c.to_ascii_lowercase(),
            })
            .collect();
    }
    let kept: String = word
        .nfc()
        .filter(|&c| !is_invisible_mark(c) && !is_arabic_mark(c) && c != ZWNJ)
        .collect();
    // NFC again: dropping a mark or ZWNJ can bring a letter and a combining mark together
    let folded: String = kept
        .nfc()
        .map(|c| match ascii_digit(c) {
            '\u{064A}' | '\u{0649}' | '\u{0626}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}',
            '\u{0629}' | '\u{06C0}' => '\u{0647}',
            '\u{0624}' => '\u{0648}',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    let once: String = folded.nfc().collect();
    // lower-casing can (rarely) give chars that fold again; one more round settles it
    if once.chars().any(|c| {
        c.is_uppercase()
            || matches!(
                c,
                '\u{0622}'
                    ..='\u{0626}'
                        | '\u{0629}'
                        | '\u{0643}'
                        | '\u{0649}'
                        | '\u{064A}'
                        | '\u{0671}'
                        | '\u{06C0}'
            )
    }) {
        return once
            .nfc()
            .flat_map(char::to_lowercase)
            .collect::<String>()
            .nfc()
            .collect();
    }
    once
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_yeh_and_kaf_in_persian() {
        assert_eq!(
            normalize("رئيس جمهور در تبريز سخنراني كرد.", &Lang::Fa),
            "رئیس جمهور در تبریز سخنرانی کرد."
        );
    }

    #[test]
    fn keeps_arabic_letters_in_arabic() {
        let s = "وقال إن اللقاء كان مفيدا.";
        assert_eq!(normalize(s, &Lang::Ar), s);
        assert_eq!(normalize("وقال إن اللقاء کان مفیدا.", &Lang::Ar), s);
    }

    #[test]
    fn reads_persian_and_arabic_indic_digits_as_ascii() {
        assert_eq!(
            normalize("۲۲ و ٢٠١٧ و ۲٫۵ و ۱۴٬۵۰۰", &Lang::Fa),
            "22 و 2017 و 2.5 و 14,500"
        );
    }

    #[test]
    fn drops_tatweel_harakat_bom_and_bidi_marks() {
        assert_eq!(
            normalize("\u{FEFF}وَصَلَ الوفـــدُ\u{200F}.", &Lang::Ar),
            "وصل الوفد."
        );
    }

    #[test]
    fn zwnj_kept_inside_words_collapsed_and_dropped_beside_spaces() {
        assert_eq!(normalize("می\u{200C}گوید", &Lang::Fa), "می\u{200C}گوید");
        assert_eq!(
            normalize(
                "کتاب\u{200C}\u{200C}ها در کتابخانه\u{200C} ماند.",
                &Lang::Fa
            ),
            "کتاب\u{200C}ها در کتابخانه ماند."
        );
        assert_eq!(
            normalize("\u{200C}خبرها به\u{200C} سرعت منتشر شد\u{200C}.", &Lang::Fa),
            "خبرها به سرعت منتشر شد."
        );
        assert_eq!(normalize("بندر ها", &Lang::Fa), "بندر ها");
    }

    #[test]
    fn is_idempotent_on_mixed_text() {
        for s in [
            "كتاب\u{200C}\u{200C}ها ۱۲ ي",
            "\u{200C}\u{200C}a\u{200C} b",
            "ی\u{200C}",
        ] {
            for l in [Lang::Fa, Lang::Ar, Lang::En] {
                let once = normalize(s, &l);
                assert_eq!(normalize(&once, &l), once, "{s:?} {l}");
            }
        }
    }

    #[test]
    fn offsets_point_at_the_source_chars() {
        let input = "\u{FEFF}وَصَلَ ۲٫۵";
        let n = normalize_with_offsets(input, &Lang::Ar);
        assert_eq!(n.text, "وصل 2.5");
        // BOM is 3 bytes; و at 3, fatha at 5, ص at 7, fatha 9, ل 11, fatha 13, space 15, ۲ 16, ٫ 18, ۵ 20
        assert_eq!(n.offsets, vec![3, 7, 11, 15, 16, 18, 20]);
        // the word وصل in the original, harakat included
        assert_eq!(&input[n.source_span(input, 0..3)], "وَصَلَ");
        assert_eq!(&input[n.source_span(input, 4..7)], "۲٫۵");
    }

    #[test]
    fn nfc_composes_and_maps_to_the_first_source() {
        // e + combining acute = é; alef + hamza above = أ
        let n = normalize_with_offsets("e\u{0301}x \u{0627}\u{0654}", &Lang::En);
        assert_eq!(n.text, "éx \u{0623}");
        assert_eq!(n.offsets, vec![0, 3, 4, 5]);
    }

    #[test]
    fn dropping_a_tatweel_lets_nfc_compose_and_stays_idempotent() {
        let once = normalize("e\u{0640}\u{0301}", &Lang::En);
        assert_eq!(once, "é");
        assert_eq!(normalize(&once, &Lang::En), once);
    }

    #[test]
    fn spaces_and_separators_become_one_space_each() {
        assert_eq!(
            normalize("a\u{00A0}b\u{2028}c\td\u{3000}e", &Lang::En),
            "a b c d e"
        );
    }

    #[test]
    fn word_key_fast_path_agrees_with_the_full_fold() {
        for w in [
            "تبريز",
            "آشتياني",
            "مسؤول",
            "الرئاسة",
            "Ministers",
            "۱۴۰۲",
            "كتاب",
        ] {
            // a trailing ZWNJ forces the full path and is dropped by it
            assert_eq!(word_key(w), word_key(&format!("{w}\u{200C}")), "{w}");
        }
    }

    #[test]
    fn word_key_folds_alef_hamza_and_teh_marbuta() {
        assert_eq!(word_key("إيران"), word_key("ایران"));
        assert_eq!(word_key("المؤتمر"), word_key("الموتمر"));
        assert_eq!(word_key("جامعة"), word_key("جامعه"));
        assert_eq!(word_key("Tehran"), "tehran");
    }

    #[test]
    fn word_key_ignores_persian_arabic_letter_split() {
        assert_eq!(word_key("تبريز"), word_key("تبریز"));
        assert_eq!(word_key("آشتياني"), word_key("آشتیانی"));
    }
}
