//! Language codes of editions.
//!
//! dragoman knows three languages well: English (`en`), Persian (`fa`) and Arabic (`ar`). Any
//! other ISO 639-1 code is accepted for pre-segmented input ([`Lang::Other`]); language-specific
//! features (abbreviations, letter folding, name transliteration) then stay off.

use std::fmt;

/// The language of an edition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    /// English.
    En,
    /// Persian (Farsi), ISO 639-1 `fa`.
    Fa,
    /// Arabic (Modern Standard), ISO 639-1 `ar`.
    Ar,
    /// Any other code, lower-cased (e.g. `de`, `fr`).
    Other(String),
}

impl Lang {
    /// Reads a code such as `en`, `fa`, `ar`, `de`. Codes are matched case-insensitively.
    /// Returns `None` for an empty code or one with characters other than ASCII letters and `-`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c.is_empty() || c.len() > 8 || !c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-')
        {
            return None;
        }
        Some(match c.as_str() {
            "en" | "eng" => Lang::En,
            "fa" | "fas" | "pes" | "per" => Lang::Fa,
            "ar" | "ara" | "arb" => Lang::Ar,
            _ => Lang::Other(c),
        })
    }

    /// Reads a language tag as TMX (`srclang`, `xml:lang`, TMX 1.1's `lang`) and TEI documents
    /// give it: a BCP 47 tag (RFC 5646) by its primary subtag, case-insensitively, so `en-US` is
    /// English, `FA-IR` Persian and `ar-EG` Arabic; `_` separates subtags as `-` does (`en_US`,
    /// as some tools write locales). A private-use or grandfathered tag (`x-...`, `i-...`) is
    /// kept whole (lower-cased). `None` when the primary subtag is not a code
    /// ([`Lang::from_code`]) or is one letter.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("x") || primary.eq_ignore_ascii_case("i") {
            return Lang::from_code(&tag.replace('_', "-"));
        }
        if primary.len() < 2 {
            return None;
        }
        Lang::from_code(primary)
    }

    /// The ISO 639-1 code (`en`, `fa`, `ar`, or the code given).
    pub fn code(&self) -> &str {
        match self {
            Lang::En => "en",
            Lang::Fa => "fa",
            Lang::Ar => "ar",
            Lang::Other(c) => c,
        }
    }

    /// True for Persian and Arabic, the languages written in Arabic script here.
    pub fn is_arabic_script(&self) -> bool {
        matches!(self, Lang::Fa | Lang::Ar)
    }

    /// True for the three languages with full support (en, fa, ar).
    pub fn is_supported(&self) -> bool {
        !matches!(self, Lang::Other(_))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_read_by_their_primary_subtag() {
        assert_eq!(Lang::from_tag("en-US"), Some(Lang::En));
        assert_eq!(Lang::from_tag("FA-IR"), Some(Lang::Fa));
        assert_eq!(Lang::from_tag("ar-EG"), Some(Lang::Ar));
        assert_eq!(Lang::from_tag("en_GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag(" fa "), Some(Lang::Fa));
        assert_eq!(Lang::from_tag("zh-Hant-TW"), Some(Lang::Other("zh".into())));
        assert_eq!(Lang::from_tag("x-klingon"), None); // longer than a code dragoman keeps
        assert_eq!(Lang::from_tag("x-kl"), Some(Lang::Other("x-kl".into())));
        assert_eq!(Lang::from_tag("e-US"), None);
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_tag("*all*"), None);
    }

    #[test]
    fn reads_codes_case_insensitively() {
        assert_eq!(Lang::from_code("FA"), Some(Lang::Fa));
        assert_eq!(Lang::from_code("de"), Some(Lang::Other("de".into())));
        assert_eq!(Lang::from_code("d e"), None);
        assert_eq!(Lang::from_code(""), None);
    }
}
