//! Normalization for matching.
//!
//! Output text is never rewritten: every [`crate::Sentence`] keeps its original text for export,
//! and carries a second, normalized form that scoring, anchors and diffs compare.
//!
//! Folding table (applied after Unicode NFC, UAX #15):
//!
//! | input | becomes | why |
//! |---|---|---|
//! | U+FEFF BOM, U+200E/U+200F, U+061C, U+202A-U+202E, U+2066-U+2069 | removed | bidi and byte-order marks carry no text |
//! | U+0640 tatweel, U+064B-U+065F and U+0670 harakat | removed | decoration and optional vowel marks |
//! | U+06F0-U+06F9 Persian, U+0660-U+0669 Arabic-Indic digits | ASCII `0`-`9` | one digit system for number anchors |
//! | U+066B Arabic decimal separator | `.` | `۲٫۵` = `2.5` |
//! | U+066C Arabic thousands separator | `,` | `۱۴٬۵۰۰` = `14,500` |
//! | Persian text: U+064A ي, U+0649 ى → U+06CC ی; U+0643 ك → U+06A9 ک | Persian letters | Arabic-keyboard input (case B03) |
//! | Arabic text: U+06A9 ک → U+0643 ك; U+06CC ی → U+064A ي inside a word | Arabic letters | Persian-keyboard leaks (case B03) |
//! | NBSP and other Unicode spaces, tab | one ASCII space | |
//! | U+200C ZWNJ | kept; a run collapses to one; dropped next to a space, punctuation or a text edge | case B04 |
//!
//! CR LF and CR become LF before any of this (see [`crate::corpus::read`]).
//! The function is idempotent: `normalize(normalize(x)) == normalize(x)`.

use crate::Lang;
use unicode_normalization::UnicodeNormalization;

const ZWNJ: char = '\u{200C}';

/// True for bidi controls and the BOM, which are dropped.
pub fn is_invisible_mark(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// True for Arabic harakat and tatweel, which are dropped.
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

/// Normalizes `text` for matching in language `lang` (see the module table).
///
/// Units: the result is a new `String`; it may be shorter than the input (marks removed).
pub fn normalize(text: &str, lang: &Lang) -> String {
    let nfc: Vec<char> = text.nfc().filter(|&c| !is_invisible_mark(c) && !is_arabic_mark(c)).collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c0) in nfc.iter().enumerate() {
        let c = match c0 {
            '\u{066B}' => '.',
            '\u{066C}' => ',',
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => ' ',
            _ => ascii_digit(c0),
        };
        let c = match lang {
            Lang::Fa => match c {
                '\u{064A}' | '\u{0649}' => '\u{06CC}',
                '\u{0643}' => '\u{06A9}',
                _ => c,
            },
            Lang::Ar => match c {
                '\u{06A9}' => '\u{0643}',
                '\u{06CC}' => {
                    let next_is_letter = nfc.get(i + 1).is_some_and(|n| n.is_alphabetic());
                    if next_is_letter {
                        '\u{064A}'
                    } else {
                        c
                    }
                }
                _ => c,
            },
            _ => c,
        };
        if c == ZWNJ {
            let prev_ok = out.chars().last().is_some_and(|p| p.is_alphabetic() && p != ZWNJ);
            let next = nfc[i + 1..].iter().find(|&&n| n != ZWNJ && !is_arabic_mark(n));
            let next_ok = next.is_some_and(|n| n.is_alphabetic());
            if !prev_ok || !next_ok {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A matching key for one word: [`normalize`] plus folding that ignores the Persian/Arabic
/// letter split (ی ي ى → ی, ک ك → ک, أ إ آ ٱ → ا, ة → ه, ؤ → و, ئ → ی), ZWNJ removed,
/// lower-cased. Used to compare tokens across editions and within the lexicon.
pub fn word_key(word: &str) -> String {
    word.nfc()
        .filter(|&c| !is_invisible_mark(c) && !is_arabic_mark(c) && c != ZWNJ)
        .map(|c| match ascii_digit(c) {
            '\u{064A}' | '\u{0649}' | '\u{0626}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}',
            '\u{0629}' => '\u{0647}',
            '\u{0624}' => '\u{0648}',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_yeh_and_kaf_in_persian() {
        assert_eq!(normalize("رئيس جمهور در تبريز سخنراني كرد.", &Lang::Fa), "رئیس جمهور در تبریز سخنرانی کرد.");
    }

    #[test]
    fn keeps_arabic_letters_in_arabic() {
        let s = "وقال إن اللقاء كان مفيدا.";
        assert_eq!(normalize(s, &Lang::Ar), s);
        assert_eq!(normalize("وقال إن اللقاء کان مفیدا.", &Lang::Ar), s);
    }

    #[test]
    fn reads_persian_and_arabic_indic_digits_as_ascii() {
        assert_eq!(normalize("۲۲ و ٢٠١٧ و ۲٫۵ و ۱۴٬۵۰۰", &Lang::Fa), "22 و 2017 و 2.5 و 14,500");
    }

    #[test]
    fn drops_tatweel_harakat_bom_and_bidi_marks() {
        assert_eq!(normalize("\u{FEFF}وَصَلَ الوفـــدُ\u{200F}.", &Lang::Ar), "وصل الوفد.");
    }

    #[test]
    fn zwnj_kept_inside_words_collapsed_and_dropped_beside_spaces() {
        assert_eq!(normalize("می\u{200C}گوید", &Lang::Fa), "می\u{200C}گوید");
        assert_eq!(normalize("کتاب\u{200C}\u{200C}ها در کتابخانه\u{200C} ماند.", &Lang::Fa), "کتاب\u{200C}ها در کتابخانه ماند.");
        assert_eq!(normalize("\u{200C}خبرها به\u{200C} سرعت منتشر شد\u{200C}.", &Lang::Fa), "خبرها به سرعت منتشر شد.");
        assert_eq!(normalize("بندر ها", &Lang::Fa), "بندر ها");
    }

    #[test]
    fn is_idempotent_on_mixed_text() {
        for s in ["كتاب\u{200C}\u{200C}ها ۱۲ ي", "\u{200C}\u{200C}a\u{200C} b", "ی\u{200C}"] {
            for l in [Lang::Fa, Lang::Ar, Lang::En] {
                let once = normalize(s, &l);
                assert_eq!(normalize(&once, &l), once, "{s:?} {l}");
            }
        }
    }

    #[test]
    fn word_key_ignores_persian_arabic_letter_split() {
        assert_eq!(word_key("تبريز"), word_key("تبریز"));
        assert_eq!(word_key("آشتياني"), word_key("آشتیانی"));
    }
}
