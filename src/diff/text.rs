//! Folding of one sentence for matching, keeping a map back to the original characters.
//!
//! The diff stage reports spans as **char offsets into the original sentence text**
//! ([`crate::corpus::Sentence::text`]), so it does its own folding here instead of reading
//! `Sentence::norm` (whose offsets differ from the original). Each folded char remembers the
//! index of the original char it came from.
//!
//! Folding: Latin lower case; Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII;
//! U+066B to `.`, U+066C to `,`; Arabic and Persian letter variants to one form (ي ى ئ → ی,
//! ك → ک, أ إ آ ٱ → ا, ؤ → و, ة → ه); harakat and tatweel dropped; every space to one ASCII
//! space; U+2019 to `'`. ZWNJ (U+200C) is kept (word-internal in Persian).

/// A folded sentence: `chars[i]` came from original char `map[i]`.
#[derive(Clone, Debug, Default)]
pub struct Folded {
    /// Folded characters.
    pub chars: Vec<char>,
    /// For each folded char, the index of its original char (in chars, not bytes).
    pub map: Vec<usize>,
    /// Length of the original text in chars.
    pub orig_len: usize,
    /// Folded indexes of the `.` that were U+066B ARABIC DECIMAL SEPARATOR: a decimal point
    /// for sure, where a plain `.` between groups of three digits may separate thousands.
    pub decimal_marks: Vec<usize>,
}

/// A token of a folded sentence: a run of letters (with inner ZWNJ) or a run of ASCII digits.
#[derive(Clone, Debug, PartialEq)]
pub struct Tok {
    /// The folded text of the token.
    pub text: String,
    /// First folded char index.
    pub start: usize,
    /// One past the last folded char index.
    pub end: usize,
    /// True for a run of digits.
    pub digits: bool,
}

/// Folds one char; `None` drops it.
pub fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => return None,
        '\u{200E}' | '\u{200F}' | '\u{FEFF}' | '\u{061C}' => return None,
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ؤ' => 'و',
        'ة' => 'ه',
        '\u{2019}' | '\u{2018}' => '\'',
        c if c.is_whitespace() => ' ',
        c => c,
    })
}

/// Folds a sentence (see the module docs).
pub fn fold(text: &str) -> Folded {
    let mut f = Folded::default();
    for (i, c) in text.chars().enumerate() {
        f.orig_len = i + 1;
        if let Some(d) = fold_char(c) {
            if c == '\u{066B}' {
                f.decimal_marks.push(f.chars.len());
            }
            if d.is_uppercase() {
                for l in d.to_lowercase() {
                    f.chars.push(l);
                    f.map.push(i);
                }
            } else {
                f.chars.push(d);
                f.map.push(i);
            }
        }
    }
    f
}

/// Folds a glossary or lexicon entry the same way, with ZWNJ made a space.
pub fn fold_str(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    for c in f.chars {
        let c = if c == '\u{200C}' { ' ' } else { c };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_owned()
}

impl Folded {
    /// The original char range `[start, end)` of folded range `[a, b)`; `b > a`.
    pub fn orig(&self, a: usize, b: usize) -> (usize, usize) {
        if self.map.is_empty() || a >= b || a >= self.map.len() {
            return (0, 0);
        }
        let b = b.min(self.map.len());
        (self.map[a], self.map[b - 1] + 1)
    }

    /// Tokens: runs of letters or marks (ZWNJ allowed between letters), runs of ASCII digits.
    pub fn tokens(&self) -> Vec<Tok> {
        let c = &self.chars;
        let mut out = Vec::new();
        let mut i = 0;
        while i < c.len() {
            if c[i].is_ascii_digit() {
                let s = i;
                while i < c.len() && c[i].is_ascii_digit() {
                    i += 1;
                }
                out.push(Tok {
                    text: c[s..i].iter().collect(),
                    start: s,
                    end: i,
                    digits: true,
                });
            } else if c[i].is_alphabetic() {
                let s = i;
                while i < c.len()
                    && (c[i].is_alphabetic()
                        || (c[i] == '\u{200C}' && i + 1 < c.len() && c[i + 1].is_alphabetic()))
                {
                    i += 1;
                }
                out.push(Tok {
                    text: c[s..i].iter().collect(),
                    start: s,
                    end: i,
                    digits: false,
                });
            } else {
                i += 1;
            }
        }
        out
    }

    /// The folded text between two folded indexes.
    pub fn slice(&self, a: usize, b: usize) -> String {
        self.chars[a.min(self.chars.len())..b.min(self.chars.len())]
            .iter()
            .collect()
    }
}

/// The substring of `text` between char offsets `[start, end)`.
pub fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_offsets_point_into_the_original() {
        let t = "پلیس ۴ مظنون";
        let f = fold(t);
        let toks = f.tokens();
        assert_eq!(toks[1].text, "4");
        let (a, b) = f.orig(toks[1].start, toks[1].end);
        assert_eq!(char_slice(t, a, b), "۴");
        let g = fold("هُوَ");
        assert_eq!(g.chars.iter().collect::<String>(), "هو");
        assert_eq!(g.map, vec![0, 2]);
    }

    #[test]
    fn zwnj_words_stay_one_token() {
        let f = fold("روز سه‌شنبه");
        let t: Vec<String> = f.tokens().into_iter().map(|t| t.text).collect();
        assert_eq!(t, vec!["روز".to_string(), "سه\u{200C}شنبه".to_string()]);
        assert_eq!(fold_str("آیت‌الله"), "ایت الله");
    }
}
