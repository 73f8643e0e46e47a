//! Language detection: whatlang plus Arabic-script letter evidence.
//!
//! whatlang (trigram models) tells scripts and languages apart but confuses Persian, Arabic and
//! Urdu on short text. Letters settle it: پ چ ژ گ and Persian ی ک point to Persian; ة and Arabic
//! ي ك ى to Arabic; ے ٹ ڈ ڑ ں ھ ۔ to Urdu. Text with fewer than [`MIN_LETTERS`] letters
//! (digits only, a word or two) is `None`: not a guess.

use crate::Lang;

/// Below this many letters, detection returns `None`.
pub const MIN_LETTERS: usize = 4;

/// What was detected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    /// One of the supported languages.
    Lang(Lang),
    /// Urdu (told apart so that it is never taken for Persian or Arabic).
    Urdu,
    /// Another language, by whatlang's ISO 639-3 code.
    Other(&'static str),
}

/// Detects the language of `text` (normalize it first: a BOM counts as Arabic script to
/// whatlang). Returns `None` for text too short or without letters.
pub fn detect(text: &str) -> Option<Detected> {
    let text: String = text.chars().filter(|&c| !crate::normalize::is_invisible_mark(c)).collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return None;
    }
    let (mut fa, mut ar, mut ur, mut arabic_script, mut latin) = (0usize, 0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' => fa += 2,
            'ی' | 'ک' => fa += 1,
            'ة' | 'ي' | 'ك' | 'ى' => ar += 1,
            'ے' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ھ' | '۔' => ur += 2,
            _ => {}
        }
        if ('\u{0600}'..='\u{06FF}').contains(&c) && c.is_alphabetic() {
            arabic_script += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if arabic_script > latin {
        if ur > 0 && ur >= fa {
            return Some(Detected::Urdu);
        }
        if fa > ar {
            return Some(Detected::Lang(Lang::Fa));
        }
        if ar > fa {
            return Some(Detected::Lang(Lang::Ar));
        }
        return match whatlang::detect_lang(&text) {
            Some(whatlang::Lang::Pes) => Some(Detected::Lang(Lang::Fa)),
            Some(whatlang::Lang::Urd) => Some(Detected::Urdu),
            _ => Some(Detected::Lang(Lang::Ar)),
        };
    }
    match whatlang::detect_lang(&text)? {
        whatlang::Lang::Eng => Some(Detected::Lang(Lang::En)),
        whatlang::Lang::Pes => Some(Detected::Lang(Lang::Fa)),
        whatlang::Lang::Ara => Some(Detected::Lang(Lang::Ar)),
        whatlang::Lang::Urd => Some(Detected::Urdu),
        other => Some(Detected::Other(other.code())),
    }
}

impl std::fmt::Display for Detected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detected::Lang(l) => f.write_str(l.code()),
            Detected::Urdu => f.write_str("ur"),
            Detected::Other(c) => f.write_str(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_persian_arabic_urdu_and_english_apart() {
        assert_eq!(detect("کار تمام شد؟"), Some(Detected::Lang(Lang::Fa)));
        assert_eq!(detect("هل سيعقد الاجتماع غدا؟"), Some(Detected::Lang(Lang::Ar)));
        assert_eq!(detect("وزیر اعظم نے کل پریس کانفرنس سے خطاب کیا۔"), Some(Detected::Urdu));
        assert_eq!(detect("The talks ended without a deal on Monday."), Some(Detected::Lang(Lang::En)));
    }

    #[test]
    fn digits_only_is_unknown() {
        assert_eq!(detect("۱۴۰۳"), None);
        assert_eq!(detect("2024"), None);
    }
}
