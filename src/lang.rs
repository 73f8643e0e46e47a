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
    fn reads_codes_case_insensitively() {
        assert_eq!(Lang::from_code("FA"), Some(Lang::Fa));
        assert_eq!(Lang::from_code("de"), Some(Lang::Other("de".into())));
        assert_eq!(Lang::from_code("d e"), None);
        assert_eq!(Lang::from_code(""), None);
    }
}
