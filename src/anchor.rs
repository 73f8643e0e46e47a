//! Anchors: tokens that are written alike in every edition, whatever the language.
//!
//! - **Numbers**, read from normalized text (so `۲۲`, `٢٢` and `22` are the same), with `,`
//!   between groups of three digits ignored and `.` as the decimal point: `14,500` = `14500`,
//!   `۲٫۵` = `2.5`. Values are kept as canonical strings (`"14500"`, `"2.5"`).
//! - **Names**: a consonant skeleton of a transliteration. English capitalized words and every
//!   Persian/Arabic word are mapped to classes of consonants (B T S K F M N L R J H; vowels,
//!   `w`/`y`/`و`/`ی`/`ا` and the Arabic article dropped), so `Ashtiani` and `آشتیانی` both give
//!   `STN`, `Raisi` and `رئيسي` give `RS`. Skeletons shorter than two consonants are not used.
//!   The idea is the consonant-skeleton matching used for cross-script name transliteration
//!   (e.g. Knight & Graehl 1998 on back-transliteration; here a fixed class table, no model).

use crate::Lang;

/// The anchors of one sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Anchors {
    /// Numbers as canonical strings, in order of appearance.
    pub numbers: Vec<String>,
    /// Name skeletons (see the module docs), in order of appearance, deduplicated.
    pub names: Vec<String>,
}

/// Extracts the anchors of a normalized sentence in language `lang`.
pub fn anchors(norm: &str, lang: &Lang) -> Anchors {
    let numbers = numbers(norm);
    let mut names = Vec::new();
    if lang.is_supported() {
        for w in words(norm) {
            let sk = match lang {
                Lang::En => {
                    let first = w.chars().next().unwrap_or(' ');
                    if !first.is_uppercase() || is_en_stop(w) {
                        continue;
                    }
                    skeleton_latin(w)
                }
                _ => skeleton_arabic(w),
            };
            if sk.len() >= 2 && !names.contains(&sk) {
                names.push(sk);
            }
        }
    }
    Anchors { numbers, names }
}

/// English function words (articles, pronouns, prepositions, auxiliaries, question words):
/// never names, even capitalized. Shared with [`crate::diff`]'s name check.
pub const EN_FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "to", "for", "with", "by",
    "from", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these", "those", "his",
    "her", "its", "their", "our", "as", "is", "was", "are", "were", "be", "has", "have", "had",
    "not", "no", "if", "when", "while", "after", "before", "during", "also", "there", "here",
    "what", "which", "who", "whom", "how", "why",
];

/// Capitalized words that start no name anchor besides the function words: titles, weekdays.
const EN_NOT_NAMES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "touching",
    "referring",
];

/// True for a function word or another word that is never a name anchor (any case).
fn is_en_stop(w: &str) -> bool {
    let lw = w.to_lowercase();
    EN_FUNCTION_WORDS.contains(&lw.as_str()) || EN_NOT_NAMES.contains(&lw.as_str())
}

/// Words: maximal runs of letters, digits, marks, ZWNJ, apostrophes and inner hyphens.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// A char of a word (see [`words`]). Arabic letters (U+0620-U+064A, U+0671-U+06D3) are
/// settled without the Unicode tables (a hot path of the aligner; they are all alphabetic).
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '\'';
    }
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{0671}'..='\u{06D3}')
        || c.is_alphanumeric()
        || c == '\u{200C}'
        || c == '’'
        || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}')
}

/// Numbers in a normalized sentence, as canonical strings.
pub fn numbers(s: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut int = String::new();
        let mut frac = String::new();
        while i < b.len() && b[i].is_ascii_digit() {
            int.push(b[i] as char);
            i += 1;
        }
        loop {
            // thousands separators: ",ddd" not followed by another digit
            if i + 4 <= b.len()
                && b[i] == b','
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit)
                && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
            {
                int.push_str(&s[i + 1..i + 4]);
                i += 4;
                continue;
            }
            break;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                frac.push(b[i] as char);
                i += 1;
            }
        }
        let int = int.trim_start_matches('0');
        let int = if int.is_empty() { "0" } else { int };
        let frac = frac.trim_end_matches('0');
        out.push(if frac.is_empty() {
            int.to_owned()
        } else {
            format!("{int}.{frac}")
        });
    }
    out
}

/// Consonant skeleton of a Latin-script word.
pub fn skeleton_latin(w: &str) -> String {
    let w: Vec<char> = w.to_lowercase().chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let n = w.get(i + 1).copied();
        let (class, step) = match (c, n) {
            ('s', Some('h')) | ('z', Some('h')) => (Some('S'), 2),
            ('k', Some('h')) | ('g', Some('h')) => (Some('K'), 2),
            ('c', Some('h')) => (Some('K'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('p', Some('h')) => (Some('F'), 2),
            ('d', Some('h')) => (Some('T'), 2),
            _ => (latin_class(c), 1),
        };
        if let Some(k) = class {
            if !out.ends_with(k) {
                out.push(k);
            }
        }
        i += step;
    }
    if out.ends_with('H') {
        out.pop();
    }
    out
}

fn latin_class(c: char) -> Option<char> {
    Some(match c {
        'b' | 'p' => 'B',
        't' | 'd' => 'T',
        's' | 'z' | 'x' => 'S',
        // g is ج in Arabic (جوجل), j and ch often ج or چ: one class
        'k' | 'c' | 'q' | 'g' | 'j' => 'K',
        'f' | 'v' => 'F',
        'm' => 'M',
        'n' => 'N',
        'l' => 'L',
        'r' => 'R',
        'h' => 'H',
        _ => return None,
    })
}

/// Consonant skeleton of a Persian or Arabic word (the article `ال` is dropped).
pub fn skeleton_arabic(w: &str) -> String {
    let w = w
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(w);
    let chars: Vec<char> = w.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        // «تش» is how Arabic writes English ch (تشيكرز Chequers, تشارلز Charles), which Latin
        // skeletons put in the K class with چ; ش after it is then skipped
        if c == 'ش' && i > 0 && chars[i - 1] == 'ت' {
            continue;
        }
        let class = match c {
            'ت' if chars.get(i + 1) == Some(&'ش') => 'K',
            'ب' | 'پ' => 'B',
            'ت' | 'ط' | 'د' => 'T',
            'ث' | 'س' | 'ص' | 'ز' | 'ذ' | 'ض' | 'ظ' | 'ش' | 'ژ' => 'S',
            'ک' | 'ك' | 'گ' | 'ق' | 'غ' | 'خ' => 'K',
            'ف' => 'F',
            'م' => 'M',
            'ن' => 'N',
            'ل' => 'L',
            'ر' => 'R',
            'ج' | 'چ' => 'K',
            'ح' => 'H',
            'ه' | 'ة' => {
                if i + 1 == chars.len() {
                    continue;
                }
                'H'
            }
            _ => continue,
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_agree_with_the_unicode_rule() {
        for c in (0..0x3000u32).filter_map(char::from_u32) {
            let rule =
                c.is_alphanumeric() || c == '\u{200C}' || c == '\'' || c == '’' || is_mark(c);
            assert_eq!(is_word_char(c), rule, "{c:?}");
        }
    }

    #[test]
    fn numbers_read_separators_and_decimals() {
        assert_eq!(
            numbers("12 and 2.5 and 14,500 and 3."),
            vec!["12", "2.5", "14500", "3"]
        );
        assert_eq!(numbers("a 22-member body, 1,2"), vec!["22", "1", "2"]);
    }

    #[test]
    fn names_share_skeletons_across_scripts() {
        assert_eq!(skeleton_latin("Ashtiani"), skeleton_arabic("آشتیانی"));
        assert_eq!(skeleton_latin("Raisi"), skeleton_arabic("رئيسي"));
        assert_eq!(skeleton_latin("Tehran"), skeleton_arabic("تهران"));
        assert_eq!(skeleton_latin("Ibrahim"), skeleton_arabic("إبراهيم"));
        assert_eq!(skeleton_latin("Syria"), skeleton_arabic("سوریه"));
        assert_eq!(skeleton_latin("Moscow"), skeleton_arabic("مسکو"));
        // a hard g is ج in Arabic and گ in Persian: one class with k, j and ch
        assert_eq!(skeleton_latin("Google"), skeleton_arabic("جوجل"));
        assert_eq!(skeleton_latin("Google"), skeleton_arabic("گوگل"));
        assert_eq!(skeleton_latin("George"), skeleton_arabic("جورج"));
        assert_eq!(skeleton_latin("Jones"), skeleton_arabic("جونز"));
        assert_ne!(skeleton_latin("Moscow"), skeleton_arabic("مسجد"));
        // Arabic writes ch as «تش», Persian as «چ»: both in the class of ch (NTREX en-ar clean:
        // the only wrong bead came from Chequers not matching «تشيكرز»)
        assert_eq!(skeleton_latin("Chequers"), skeleton_arabic("تشيكرز"));
        assert_eq!(skeleton_latin("Chequers"), skeleton_arabic("چکرز"));
        assert_eq!(skeleton_latin("Charles"), skeleton_arabic("تشارلز"));
        assert_eq!(skeleton_latin("Chelsea"), skeleton_arabic("تشيلسي"));
        // «تش» always takes the class of ch, in an Arabic word too (Tishreen: KRN, not TSRN)
        assert_eq!(skeleton_arabic("تشرين"), "KRN");
    }

    #[test]
    fn english_anchors_skip_stop_words() {
        let a = anchors("On Sunday, the Arab League met in Moscow.", &Lang::En);
        assert_eq!(
            a.names,
            vec![
                skeleton_latin("Arab"),
                skeleton_latin("League"),
                skeleton_latin("Moscow")
            ]
        );
    }
}
