//! Language detection: whatlang plus script and letter evidence, per paragraph.
//!
//! whatlang (trigram models; <https://github.com/greyblake/whatlang-rs>) tells scripts apart
//! but confuses Persian, Arabic and Urdu and is unreliable on short text, so for Arabic script
//! the evidence is, in order:
//! 1. Urdu-only letters ے ٹ ڈ ڑ ں ھ and the Urdu full stop ۔ win: one per 25 Arabic-script
//!    letters or more makes the text Urdu, whatever Persian letters it also has;
//! 2. a score for Persian and one for Arabic; the higher wins. Persian: پ چ ژ گ (3 each), the
//!    Persian words در از که را این است با برای نیز می (3 each), Persian ی ک (0.5 each).
//!    Arabic: ة ى (3 each), the Arabic words في على إلى أن التي الذي عن لم هذا إن (3 each), Arabic
//!    ي ك and words starting with ال (0.5 each);
//!    Words that both languages use (من: Persian "I", Arabic "from"; به) are not evidence;
//! 3. on a tie, whatlang (Persian, Arabic, Urdu only) if it calls its answer reliable; else none.
//!
//! Latin script: whatlang when reliable; otherwise English when the text has an English
//! function word or ending (`the`, `and`, `-ed`, `-ing`, `-ly`, ...), since editions are en, fa
//! or ar; otherwise none. Other scripts: whatlang when reliable.
//! Text with fewer than [`MIN_LETTERS`] letters (digits only, a word or two) is `None`, not a
//! guess. A BOM (which whatlang counts as Arabic script), bidi marks and harakat are dropped first.
//! [`detect_edition`] does this per paragraph, to report an edition that mixes languages.

use crate::Lang;

/// Below this many letters (Unicode alphabetic chars), detection returns `None`.
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

const FA_WORDS: &[&str] = &[
    "در", "از", "که", "را", "این", "است", "با", "برای", "نیز", "می",
];
const AR_WORDS: &[&str] = &[
    "في", "على", "إلى", "أن", "التي", "الذي", "عن", "لم", "هذا", "إن",
];
const EN_WORDS: &[&str] = &[
    "the", "a", "an", "and", "of", "to", "in", "on", "is", "was", "were", "are", "he", "she", "it",
    "they", "we", "said", "for", "with", "that", "this", "why", "what", "who", "not", "no", "yes",
    "by", "at", "from", "has", "have",
];
const EN_ENDINGS: &[&str] = &["ed", "ing", "ly", "tion", "ment", "ness"];

/// True for a char of the Arabic script blocks (Arabic, its Supplement and Extended-A, and the
/// presentation forms).
pub fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn from_whatlang(l: whatlang::Lang) -> Detected {
    match l {
        whatlang::Lang::Eng => Detected::Lang(Lang::En),
        whatlang::Lang::Pes => Detected::Lang(Lang::Fa),
        whatlang::Lang::Ara => Detected::Lang(Lang::Ar),
        whatlang::Lang::Urd => Detected::Urdu,
        other => Detected::Other(other.code()),
    }
}

/// Detects the language of `text`. Returns `None` for text too short, without letters, or
/// whose evidence is tied (see the module docs).
pub fn detect(text: &str) -> Option<Detected> {
    let text: String = text
        .chars()
        .filter(|&c| {
            !crate::normalize::is_invisible_mark(c) && !crate::normalize::is_arabic_mark(c)
        })
        .collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters < MIN_LETTERS {
        return None;
    }
    let arabic = text
        .chars()
        .filter(|&c| c.is_alphabetic() && is_arabic_script(c))
        .count();
    let latin = text
        .chars()
        .filter(|c| {
            c.is_alphabetic() && (c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(c))
        })
        .count();
    if arabic >= latin && arabic > 0 {
        return detect_arabic_script(&text, arabic);
    }
    let info = whatlang::detect(&text);
    if latin > 0 {
        if let Some(i) = info.as_ref().filter(|i| i.is_reliable()) {
            return Some(from_whatlang(i.lang()));
        }
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        let english = words.iter().any(|w| {
            EN_WORDS.contains(&w.as_str())
                || (w.len() > 4 && EN_ENDINGS.iter().any(|e| w.ends_with(e)))
        });
        if english && words.iter().all(|w| w.is_ascii()) {
            return Some(Detected::Lang(Lang::En));
        }
        return None;
    }
    info.filter(|i| i.is_reliable())
        .map(|i| from_whatlang(i.lang()))
}

fn detect_arabic_script(text: &str, arabic_letters: usize) -> Option<Detected> {
    let ur = text
        .chars()
        .filter(|c| matches!(c, 'ے' | 'ٹ' | 'ڈ' | 'ڑ' | 'ں' | 'ھ' | '۔'))
        .count();
    if ur > 0 && ur * 25 >= arabic_letters {
        return Some(Detected::Urdu);
    }
    let (mut fa, mut ar) = (0.0f64, 0.0f64);
    for c in text.chars() {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' => fa += 3.0,
            'ی' | 'ک' => fa += 0.5,
            'ة' | 'ى' => ar += 3.0,
            'ي' | 'ك' => ar += 0.5,
            _ => {}
        }
    }
    for w in text.split(|c: char| !c.is_alphabetic()) {
        if FA_WORDS.contains(&w) {
            fa += 3.0;
        } else if AR_WORDS.contains(&w) {
            ar += 3.0;
        } else if w.starts_with("ال") && w.chars().count() > 3 {
            ar += 0.5;
        }
    }
    if fa > ar {
        return Some(Detected::Lang(Lang::Fa));
    }
    if ar > fa {
        return Some(Detected::Lang(Lang::Ar));
    }
    let det = whatlang::Detector::with_allowlist(vec![
        whatlang::Lang::Pes,
        whatlang::Lang::Ara,
        whatlang::Lang::Urd,
    ]);
    det.detect(text)
        .filter(|i| i.is_reliable())
        .map(|i| from_whatlang(i.lang()))
}

/// The language of one sentence or paragraph of an edition in language `edition`: what
/// [`detect`] finds, or the edition's language when detection gives `None` (short or
/// ambiguous text inherits it instead of being flagged as foreign).
pub fn detect_within(text: &str, edition: &Detected) -> Detected {
    detect(text).unwrap_or_else(|| edition.clone())
}

/// The detected language of one paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParagraphLanguage {
    /// 0-based paragraph number (non-blank lines counted; the headline is 0).
    pub paragraph: usize,
    /// 1-based line number in the text.
    pub line: usize,
    /// What [`detect`] found for this paragraph alone.
    pub detected: Option<Detected>,
}

/// The languages of an edition: the whole text and each paragraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionLanguage {
    /// The language of the whole text: of the most letters among paragraphs with a detected
    /// language (ties: the first such paragraph's), else of the whole text at once.
    pub language: Option<Detected>,
    /// Every non-blank paragraph, in order.
    pub paragraphs: Vec<ParagraphLanguage>,
}

impl EditionLanguage {
    /// Paragraphs detected as another language than the whole text (short or ambiguous ones,
    /// detected as `None`, are not listed).
    pub fn foreign(&self) -> Vec<&ParagraphLanguage> {
        self.paragraphs
            .iter()
            .filter(|p| p.detected.is_some() && p.detected != self.language)
            .collect()
    }
}

/// Detects the language of a decoded edition text (LF line ends, one paragraph per line) and
/// of each paragraph. See [`EditionLanguage::foreign`] for the paragraphs that differ.
pub fn detect_edition(text: &str) -> EditionLanguage {
    let mut paragraphs = Vec::new();
    let mut p = 0;
    for (i, line) in text.split('\n').enumerate() {
        if line
            .chars()
            .all(|c| c.is_whitespace() || c.is_control() || crate::normalize::is_invisible_mark(c))
        {
            continue;
        }
        paragraphs.push(ParagraphLanguage {
            paragraph: p,
            line: i + 1,
            detected: detect(line),
        });
        p += 1;
    }
    // the whole text: the language of most letters among the paragraphs that have one
    let mut votes: Vec<(Detected, usize)> = Vec::new();
    for (p, line) in paragraphs.iter().zip(text.split('\n').filter(|l| {
        !l.chars()
            .all(|c| c.is_whitespace() || c.is_control() || crate::normalize::is_invisible_mark(c))
    })) {
        if let Some(d) = &p.detected {
            let n = line.chars().filter(|c| c.is_alphabetic()).count();
            match votes.iter_mut().find(|(v, _)| v == d) {
                Some(v) => v.1 += n,
                None => votes.push((d.clone(), n)),
            }
        }
    }
    let language = match votes.iter().max_by_key(|v| v.1) {
        Some((d, _)) => Some(d.clone()),
        None => detect(text),
    };
    EditionLanguage {
        language,
        paragraphs,
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
        assert_eq!(
            detect("هل سيعقد الاجتماع غدا؟"),
            Some(Detected::Lang(Lang::Ar))
        );
        assert_eq!(
            detect("وزیر اعظم نے کل پریس کانفرنس سے خطاب کیا۔"),
            Some(Detected::Urdu)
        );
        assert_eq!(
            detect("The talks ended without a deal on Monday."),
            Some(Detected::Lang(Lang::En))
        );
    }

    #[test]
    fn urdu_letters_win_over_persian_letters() {
        // many Persian letters (پ گ ی ک), three Urdu marks (ں ے ۔)
        assert_eq!(
            detect("پاکستان کی حکومت نے گیس کی قیمتیں بڑھا دیں۔"),
            Some(Detected::Urdu)
        );
        // one stray ھ in a long Persian paragraph is not enough
        let fa = "وزیر امور خارجه جمهوری اسلامی ایران روز چهارشنبه در دیدار با همتای خود در تهران گفت که گفت‌وگوها ادامه دارد ھ.";
        assert_eq!(detect(fa), Some(Detected::Lang(Lang::Fa)));
    }

    #[test]
    fn persian_typed_on_an_arabic_keyboard_is_still_persian() {
        assert_eq!(
            detect("رئيس جمهور در تبريز سخنراني كرد."),
            Some(Detected::Lang(Lang::Fa))
        );
    }

    #[test]
    fn words_shared_by_persian_and_arabic_are_not_evidence() {
        // من is "I" in Persian and "from" in Arabic (NTREX newstest2019 fas line 1919 is of this kind)
        assert_eq!(detect("من عصبانی هستم.»"), Some(Detected::Lang(Lang::Fa)));
        assert_eq!(
            detect("وقالت ”لم يدرِ أحد ما كنت أمر به\""),
            Some(Detected::Lang(Lang::Ar))
        );
    }

    #[test]
    fn digits_only_and_short_text_is_unknown() {
        assert_eq!(detect("۱۴۰۳"), None);
        assert_eq!(detect("2024"), None);
        assert_eq!(detect("چرا؟"), None);
        assert_eq!(detect("\u{FEFF}"), None);
    }

    #[test]
    fn a_bom_or_harakat_do_not_change_the_answer() {
        assert_eq!(
            detect("\u{FEFF}Talks in Vienna ended on Monday."),
            Some(Detected::Lang(Lang::En))
        );
        assert_eq!(detect("وَصَلَ الوفدُ."), Some(Detected::Lang(Lang::Ar)));
    }

    #[test]
    fn short_sentences_inherit_the_edition_language() {
        let fa = Detected::Lang(Lang::Fa);
        assert_eq!(detect_within("حتما.", &fa), fa);
        assert_eq!(detect_within("چرا؟", &fa), fa);
        assert_eq!(
            detect_within("The talks ended without a deal on Monday.", &fa),
            Detected::Lang(Lang::En)
        );
    }

    #[test]
    fn mixed_edition_reports_the_foreign_paragraph() {
        let text = "گفت‌وگوها در وین پایان یافت\n\nدو هیئت سه ساعت با هم دیدار کردند و برای دور بعد تاریخی تعیین نشد.\n\nThe two delegations met for three hours and no date was set.\n";
        let e = detect_edition(text);
        assert_eq!(e.language, Some(Detected::Lang(Lang::Fa)));
        let f = e.foreign();
        assert_eq!(f.len(), 1);
        assert_eq!(
            (f[0].paragraph, f[0].line, f[0].detected.clone()),
            (2, 5, Some(Detected::Lang(Lang::En)))
        );
    }
}
