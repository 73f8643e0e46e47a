//! Dates read in three calendars and compared as days.
//!
//! Recognized (on a [`Folded`] sentence, so digits of any script are ASCII):
//! - Gregorian month names: English (`May`, `March`; `May` and `March` only next to a number),
//!   Persian transliterations (ژانویه ... دسامبر), both Arabic sets: the Levantine/Iraqi
//!   names (كانون الثاني, شباط, آذار, نيسان, أيار, ...) and the Egyptian/Maghrebi ones (يناير,
//!   فبراير, مارس, أبريل, مايو, ...) with the Moroccan (غشت, شتنبر, دجنبر, ...) and Algerian and
//!   Tunisian (جانفي, فيفري, جوان, ...) ones. `أيار/مايو` (both names of one month) reads as
//!   one date;
//! - Solar Hijri (Persian) months فروردین ... اسفند and years 1300-1499 in Persian text;
//! - Hijri (lunar) months محرم ... ذو الحجة and years followed by هـ / هجري / ق;
//! - years 1900-2099 as Gregorian; weekday names in the three languages;
//! - numeric dates in Persian and Arabic text, `y/m/d` or `d/m/y` (`۱۴۰۲/۰۲/۲۰`): a year
//!   1300-1499 is Solar Hijri in Persian and Hijri in Arabic, other years Gregorian.
//!
//! A date becomes a range of days, converted with `icu_calendar` (ICU4X): the Persian calendar
//! is ICU4X's `Persian` (the arithmetical Solar Hijri calendar), the Hijri calendar is
//! `IslamicCivil` (tabular), so a Hijri day is allowed one day either way (observed and
//! Umm al-Qura dates can differ from the tabular one by a day). Two dates agree when their day
//! ranges overlap; a date without a year is tried with every year near the document's years.

use super::text::{Folded, Tok};
use crate::Lang;
use icu_calendar::{islamic::IslamicCivil, Date, Iso};

/// A calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    /// Gregorian (proleptic ISO).
    Gregorian,
    /// Solar Hijri (Iranian), ICU4X `Persian`.
    SolarHijri,
    /// Hijri (lunar), ICU4X `IslamicCivil`.
    Hijri,
}

/// A date expression (possibly partial) found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct DateExpr {
    /// Calendar of the month or year.
    pub cal: Calendar,
    /// Year in that calendar.
    pub year: Option<i32>,
    /// Month 1-12 in that calendar.
    pub month: Option<u8>,
    /// Day of month.
    pub day: Option<u8>,
    /// Weekday 0 = Monday ... 6 = Sunday, for a bare weekday expression.
    pub weekday: Option<u8>,
    /// First folded char index.
    pub start: usize,
    /// One past the last folded char index.
    pub end: usize,
    /// Folded char ranges of the numbers used (removed from number comparison).
    pub numbers: Vec<(usize, usize)>,
}

impl DateExpr {
    /// True for a bare weekday.
    pub fn is_weekday(&self) -> bool {
        self.weekday.is_some() && self.month.is_none() && self.year.is_none()
    }

    /// A short readable form: `10 May 2023 (Gregorian)`, `Wednesday`.
    pub fn describe(&self) -> String {
        if let Some(w) = self.weekday {
            return WEEKDAYS_EN[w as usize].to_owned();
        }
        let mut s = String::new();
        if let Some(d) = self.day {
            s.push_str(&format!("{d} "));
        }
        if let Some(m) = self.month {
            let names = match self.cal {
                Calendar::Gregorian => &MONTHS_EN,
                Calendar::SolarHijri => &MONTHS_SH,
                Calendar::Hijri => &MONTHS_HIJRI,
            };
            s.push_str(names[(m as usize).saturating_sub(1).min(11)]);
            s.push(' ');
        }
        if let Some(y) = self.year {
            s.push_str(&format!("{y} "));
        }
        let cal = match self.cal {
            Calendar::Gregorian => "Gregorian",
            Calendar::SolarHijri => "Solar Hijri",
            Calendar::Hijri => "Hijri",
        };
        format!("{}({cal})", s)
    }
}

const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_SH: [&str; 12] = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
];
const MONTHS_HIJRI: [&str; 12] = [
    "Muharram",
    "Safar",
    "Rabi al-Awwal",
    "Rabi al-Thani",
    "Jumada al-Ula",
    "Jumada al-Akhira",
    "Rajab",
    "Shaban",
    "Ramadan",
    "Shawwal",
    "Dhu al-Qada",
    "Dhu al-Hijja",
];

/// English abbreviations of the month names, folded (lower case; the stop is not a token).
const EN_ABBREVIATIONS: [&[&str]; 12] = [
    &["jan"],
    &["feb"],
    &["mar"],
    &["apr"],
    &[],
    &["jun"],
    &["jul"],
    &["aug"],
    &["sep", "sept"],
    &["oct"],
    &["nov"],
    &["dec"],
];

/// Persian names of the Solar Hijri months, folded ([`super::text::fold`]).
const FA_SOLAR_HIJRI: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "ابان",
    "اذر",
    "دی",
    "بهمن",
    "اسفند",
];
/// Persian names of the Gregorian months, folded.
const FA_GREGORIAN: [&[&str]; 12] = [
    &["ژانویه"],
    &["فوریه"],
    &["مارس"],
    &["اوریل"],
    &["مه", "می"],
    &["ژوین"],
    &["ژوییه", "جولای"],
    &["اوت", "اگوست"],
    &["سپتامبر"],
    &["اکتبر"],
    &["نوامبر"],
    &["دسامبر"],
];
/// Levantine/Iraqi one-word names of the Gregorian months, folded (the others are two words).
const AR_LEVANTINE: [&str; 12] = [
    "",
    "شباط",
    "اذار",
    "نیسان",
    "ایار",
    "حزیران",
    "تموز",
    "اب",
    "ایلول",
    "",
    "",
    "",
];
/// Egyptian and Maghrebi names of the Gregorian months, folded: the Egyptian ones (also used
/// in the Gulf), then the Moroccan (ماي, يوليوز, غشت, شتنبر, نونبر, دجنبر) and the Algerian and
/// Tunisian ones, from French (جانفي, فيفري, أفريل, ماي, جوان, جويلية, أوت).
const AR_EGYPTIAN: [&[&str]; 12] = [
    &["ینایر", "جانفی"],
    &["فبرایر", "فیفری"],
    &["مارس"],
    &["ابریل", "افریل"],
    &["مایو", "مای"],
    &["یونیو", "یونیه", "جوان"],
    &["یولیو", "یولیه", "یولیوز", "جویلیه"],
    &["اغسطس", "غشت", "اوت"],
    &["سبتمبر", "شتنبر"],
    &["اکتوبر"],
    &["نوفمبر", "نونبر"],
    &["دیسمبر", "دجنبر"],
];
/// One-word names of the Hijri months, folded (the others are two words).
const AR_HIJRI: [&str; 12] = [
    "محرم",
    "صفر",
    "",
    "",
    "",
    "",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "",
    "",
];
/// First words of the two-word Arabic month names, folded.
const AR_FIRST_OF_TWO: [&str; 6] = ["کانون", "تشرین", "ربیع", "جمادی", "ذو", "ذی"];

/// A Persian month's name before «ماه» written onto it (`اسفندماه`, `اردیبهشت‌ماه` with its
/// ZWNJ, or a space where folding made the ZWNJ one), without it; `None` for other words.
fn month_stem(w: &str) -> Option<&str> {
    w.strip_suffix("ماه")
        .map(|x| x.trim_end_matches(['\u{200C}', ' ']))
        .filter(|x| !x.is_empty())
}

/// True when `word` (one word of a sentence in `lang`, as written or normalized) is a month's
/// name or the first word of one, as [`dates`] reads them: the aligner reads a sentence's
/// dates only where one stands ([`date_anchors`]). One pass over the word and a set lookup;
/// a fold only for a word with chars that folding changes.
pub fn may_begin_month(word: &str, lang: &Lang) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    let names = || {
        NAMES.get_or_init(|| {
            FA_SOLAR_HIJRI
                .iter()
                .chain(FA_GREGORIAN.iter().flat_map(|v| v.iter()))
                .chain(AR_LEVANTINE.iter())
                .chain(AR_EGYPTIAN.iter().flat_map(|v| v.iter()))
                .chain(AR_HIJRI.iter())
                .chain(AR_FIRST_OF_TWO.iter())
                .copied()
                .filter(|n| !n.is_empty())
                .collect()
        })
    };
    match lang {
        Lang::En => {
            (3..=9).contains(&word.len())
                && (MONTHS_EN.iter().any(|m| m.eq_ignore_ascii_case(word))
                    || EN_ABBREVIATIONS
                        .iter()
                        .flat_map(|v| v.iter())
                        .any(|a| a.eq_ignore_ascii_case(word)))
        }
        Lang::Fa | Lang::Ar => {
            let folded;
            let w = if word.chars().all(|c| super::text::fold_char(c) == Some(c)) {
                word
            } else {
                folded = super::text::fold_str(word);
                folded.as_str()
            };
            names().contains(w) || month_stem(w).is_some_and(|m| names().contains(m))
        }
        Lang::Other(_) => false,
    }
}

/// A month name at token `k`: (calendar, month, tokens used, needs an adjacent number).
fn month_at(toks: &[Tok], k: usize, lang: &Lang) -> Option<(Calendar, u8, usize, bool)> {
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    let w = t(k);
    use Calendar::*;
    match lang {
        Lang::En => {
            if let Some(m) = MONTHS_EN.iter().position(|m| m.eq_ignore_ascii_case(w)) {
                let m = m as u8 + 1;
                return Some((Gregorian, m, 1, matches!(m, 3 | 5)));
            }
            // news abbreviations (AP style `Jan. 9`, `Sept. 15`): only beside a number
            let m = EN_ABBREVIATIONS.iter().position(|v| v.contains(&w))? as u8 + 1;
            Some((Gregorian, m, 1, true))
        }
        Lang::Fa => {
            // `اسفندماه`, `اردیبهشت‌ماه` (one token), `اسفند ماه` (two)
            let stem = month_stem(w);
            if let Some(m) = FA_SOLAR_HIJRI.iter().position(|m| Some(*m) == stem) {
                return Some((SolarHijri, m as u8 + 1, 1, false));
            }
            if let Some(m) = FA_SOLAR_HIJRI.iter().position(|m| *m == w) {
                if t(k + 1) == "ماه" {
                    return Some((SolarHijri, m as u8 + 1, 2, false));
                }
                return Some((SolarHijri, m as u8 + 1, 1, matches!(m, 3 | 6 | 8 | 9)));
            }
            // lunar Hijri months in Persian text (`۳ رمضان ۱۴۴۴ قمری`): only beside a number
            if let Some(m) = AR_HIJRI.iter().position(|m| !m.is_empty() && *m == w) {
                return Some((Hijri, m as u8 + 1, 1, true));
            }
            let m = FA_GREGORIAN.iter().position(|v| v.contains(&w))?;
            Some((Gregorian, m as u8 + 1, 1, m == 4 || m == 2))
        }
        Lang::Ar => {
            // two-word names first
            let two = match (w, t(k + 1)) {
                ("کانون", "الثانی") => Some((Gregorian, 1)),
                ("کانون", "الاول") => Some((Gregorian, 12)),
                ("تشرین", "الاول") => Some((Gregorian, 10)),
                ("تشرین", "الثانی") => Some((Gregorian, 11)),
                ("ربیع", "الاول") => Some((Hijri, 3)),
                ("ربیع", "الثانی" | "الاخر") => Some((Hijri, 4)),
                ("جمادی", "الاولی" | "الاول") => Some((Hijri, 5)),
                ("جمادی", "الاخره" | "الثانیه" | "الثانی") => {
                    Some((Hijri, 6))
                }
                ("ذو" | "ذی", "القعده") => Some((Hijri, 11)),
                ("ذو" | "ذی", "الحجه") => Some((Hijri, 12)),
                _ => None,
            };
            if let Some((c, m)) = two {
                return Some((c, m, 2, false));
            }
            // Solar Hijri months in Arabic text (`٢٣ إسفند ١٤٠١ هـ.ش.`): only beside a number
            if let Some(m) = FA_SOLAR_HIJRI.iter().position(|m| *m == w) {
                return Some((SolarHijri, m as u8 + 1, 1, true));
            }
            if let Some(m) = AR_LEVANTINE.iter().position(|m| !m.is_empty() && *m == w) {
                return Some((Gregorian, m as u8 + 1, 1, m == 6));
            }
            if let Some(m) = AR_EGYPTIAN.iter().position(|v| v.contains(&w)) {
                // short Maghrebi names that are also names or loanwords: only beside a number
                let beside_number = matches!(w, "مای" | "جوان" | "اوت");
                return Some((Gregorian, m as u8 + 1, 1, beside_number));
            }
            let m = AR_HIJRI.iter().position(|m| !m.is_empty() && *m == w)?;
            Some((Hijri, m as u8 + 1, 1, true))
        }
        Lang::Other(_) => None,
    }
}

fn weekday_at(toks: &[Tok], k: usize, lang: &Lang) -> Option<(u8, usize)> {
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    let w = t(k);
    match lang {
        Lang::En => WEEKDAYS_EN
            .iter()
            .position(|d| d.eq_ignore_ascii_case(w))
            .map(|d| (d as u8, 1)),
        Lang::Fa => {
            let z = "\u{200C}";
            let joined = |a: &str| [format!("{a}شنبه"), format!("{a}{z}شنبه")];
            let prefixes = [("دو", 0), ("سه", 1), ("چهار", 2), ("پنج", 3), ("یک", 6)];
            for (p, d) in prefixes {
                if joined(p).iter().any(|j| j == w) {
                    return Some((d, 1));
                }
                if w == p && t(k + 1) == "شنبه" {
                    return Some((d, 2));
                }
            }
            match w {
                "شنبه" => Some((5, 1)),
                "جمعه" => Some((4, 1)),
                _ => None,
            }
        }
        Lang::Ar => {
            let w = w
                .strip_prefix('و')
                .filter(|r| r.starts_with("ال"))
                .unwrap_or(w);
            let d = match w {
                "الاثنین" => 0,
                "الثلاثاء" => 1,
                "الاربعاء" => 2,
                "الخمیس" => 3,
                "الجمعه" => 4,
                "السبت" => 5,
                "الاحد" => 6,
                _ => return None,
            };
            Some((d, 1))
        }
        Lang::Other(_) => None,
    }
}

fn num(toks: &[Tok], i: usize) -> Option<i32> {
    toks.get(i)
        .filter(|t| t.digits && t.text.len() <= 4)
        .and_then(|t| t.text.parse().ok())
}

/// Reads the date expressions of a folded sentence in language `lang`.
pub fn dates(f: &Folded, lang: &Lang) -> Vec<DateExpr> {
    let toks = f.tokens();
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    let c = &f.chars;
    let mut out = Vec::new();
    let mut k = 0;
    // only spaces, commas, `/` or `(` between two tokens
    let close = |a: usize, b: usize| -> bool {
        match (toks.get(a), toks.get(b)) {
            (Some(x), Some(y)) => {
                c[x.end..y.start]
                    .iter()
                    .all(|ch| matches!(ch, ' ' | ',' | '،' | '/' | '(' | ')' | '-'))
                    && y.start - x.end <= 3
            }
            _ => false,
        }
    };
    while k < toks.len() {
        if let Some((d, used)) = weekday_at(&toks, k, lang) {
            out.push(DateExpr {
                cal: Calendar::Gregorian,
                year: None,
                month: None,
                day: None,
                weekday: Some(d),
                start: toks[k].start,
                end: toks[k + used - 1].end,
                numbers: vec![],
            });
            k += used;
            continue;
        }
        if let Some((cal, month, used, needs_num)) = month_at(&toks, k, lang) {
            let mut start = toks[k].start;
            let mut end = toks[k + used - 1].end;
            let mut numbers = Vec::new();
            let mut day = None;
            let mut year = None;
            // day before the month; `15th March`, Arabic `٢٤ من مارس` (the day of March)
            let ordinal = |i: usize| {
                matches!(t(i), "st" | "nd" | "rd" | "th")
                    && i > 0
                    && toks[i].start == toks[i - 1].end
            };
            let ordinal_before = k > 1 && ordinal(k - 1) && close(k - 1, k);
            let min_before = k > 1
                && *lang == Lang::Ar
                && t(k - 1) == "من"
                && close(k - 2, k - 1)
                && close(k - 1, k);
            let before = if ordinal_before || min_before {
                Some(k - 2)
            } else {
                Some(k - 1).filter(|_| k > 0 && close(k - 1, k))
            };
            // the first day of a range before it (`14 to 16 March`, `14-16 March`, `۲۳ تا ۲۵
            // اسفند`): a date of its own, in the same month
            let mut range_first = None;
            if let Some(b) = before {
                if let Some(n) = num(&toks, b).filter(|n| (1..=31).contains(n)) {
                    day = Some(n as u8);
                    start = toks[b].start;
                    numbers.push((toks[b].start, toks[b].end));
                    let dash = b >= 1 && {
                        let gap = &c[toks[b - 1].end..toks[b].start];
                        gap.len() <= 3
                            && gap.iter().filter(|&&ch| matches!(ch, '-' | '–')).count() == 1
                            && gap.iter().all(|&ch| matches!(ch, '-' | '–' | ' '))
                    };
                    let word = b >= 2
                        && matches!(
                            t(b - 1),
                            "to" | "through" | "until" | "till" | "تا" | "الی" | "حتی"
                        )
                        && close(b - 2, b - 1)
                        && close(b - 1, b);
                    let first = if dash {
                        Some(b - 1)
                    } else if word {
                        Some(b - 2)
                    } else {
                        None
                    };
                    range_first = first
                        .filter(|&f| num(&toks, f).is_some_and(|x| (1..=31).contains(&x) && x < n));
                }
            }
            let mut j = k + used;
            // a second name of the same month (`ایار/مایو`)
            if let Some((cal2, m2, used2, _)) = month_at(&toks, j, lang).filter(|_| close(j - 1, j))
            {
                if cal2 == cal && m2 == month {
                    end = toks[j + used2 - 1].end;
                    j += used2;
                }
            }
            // an abbreviation's stop (`Jan. 9`) stands between the month and the day
            let abbreviated_stop = *lang == Lang::En
                && EN_ABBREVIATIONS.iter().any(|v| v.contains(&t(j - 1)))
                && toks.get(j).is_some_and(|y| {
                    let gap = &c[toks[j - 1].end..y.start];
                    gap.first() == Some(&'.')
                        && gap.len() <= 3
                        && gap[1..].iter().all(|&ch| ch == ' ')
                });
            // day after the month (English `May 10`, `March 15th`)
            if day.is_none() && (close(j - 1, j) || abbreviated_stop) {
                if let Some(n) = num(&toks, j).filter(|n| (1..=31).contains(n)) {
                    day = Some(n as u8);
                    end = toks[j].end;
                    numbers.push((toks[j].start, toks[j].end));
                    j += 1;
                    if j < toks.len() && ordinal(j) {
                        end = toks[j].end;
                        j += 1;
                    }
                }
            }
            // `15 Mar. 2023`: the stop stands between the month and the year
            let year_after_stop = day.is_some()
                && j == k + used
                && abbreviated_stop
                && num(&toks, j).is_some_and(|n| n >= 1000);
            // `۲۳ اسفند سال ۱۴۰۱`, `مارس عام ٢٠٢٣`: the word for year before it
            if matches!(t(j), "سال" | "عام" | "سنه")
                && close(j - 1, j)
                && close(j, j + 1)
                && num(&toks, j + 1).is_some_and(|n| n >= 1000)
            {
                j += 1;
            }
            if close(j - 1, j) || year_after_stop {
                if let Some(n) = num(&toks, j).filter(|n| *n >= 1000) {
                    year = Some(n);
                    end = toks[j].end;
                    numbers.push((toks[j].start, toks[j].end));
                    j += 1;
                }
            }
            if needs_num && day.is_none() && year.is_none() {
                k += 1;
                continue;
            }
            if let Some(f) = range_first {
                out.push(DateExpr {
                    cal,
                    year,
                    month: Some(month),
                    day: num(&toks, f).map(|x| x as u8),
                    weekday: None,
                    start: toks[f].start,
                    end: toks[f].end,
                    numbers: vec![(toks[f].start, toks[f].end)],
                });
            }
            out.push(DateExpr {
                cal,
                year,
                month: Some(month),
                day,
                weekday: None,
                start,
                end,
                numbers,
            });
            k = j;
            continue;
        }
        // numeric dates in Persian and Arabic: y/m/d (۱۴۰۲/۰۲/۲۰) or d/m/y (١٠/٥/٢٠٢٣); in
        // English y-m-d only (ISO 8601 `2023-05-11`: `05/11/2023` is May or November)
        if (lang.is_arabic_script() || *lang == Lang::En)
            && k + 2 < toks.len()
            && toks[k].digits
            && toks[k + 1].digits
            && toks[k + 2].digits
        {
            let sep = |x: usize, y: usize| {
                toks[y].start == toks[x].end + 1 && matches!(c[toks[x].end], '/' | '-')
            };
            if sep(k, k + 1) && sep(k + 1, k + 2) {
                let (a, b, d) = (num(&toks, k), num(&toks, k + 1), num(&toks, k + 2));
                let ymd = match (a, b, d) {
                    (Some(y), Some(m), Some(d)) if y >= 1000 => Some((y, m, d)),
                    (Some(d), Some(m), Some(y)) if y >= 1000 && *lang != Lang::En => {
                        Some((y, m, d))
                    }
                    _ => None,
                };
                if let Some((y, m, d)) =
                    ymd.filter(|&(_, m, d)| (1..=12).contains(&m) && (1..=31).contains(&d))
                {
                    let cal = if (1300..=1499).contains(&y) && *lang == Lang::Fa {
                        Calendar::SolarHijri
                    } else if (1300..=1499).contains(&y) {
                        Calendar::Hijri
                    } else {
                        Calendar::Gregorian
                    };
                    out.push(DateExpr {
                        cal,
                        year: Some(y),
                        month: Some(m as u8),
                        day: Some(d as u8),
                        weekday: None,
                        start: toks[k].start,
                        end: toks[k + 2].end,
                        numbers: vec![(toks[k].start, toks[k + 2].end)],
                    });
                    k += 3;
                    continue;
                }
            }
        }
        if let Some(n) = num(&toks, k).filter(|_| toks[k].text.len() == 4) {
            // a bare year: not part of a bigger number (`1,2000`, `2017.5`)
            let before = toks[k].start.checked_sub(1).map(|i| c[i]);
            let after = c.get(toks[k].end).copied();
            let glued = matches!(before, Some(',' | '.'))
                && toks[k].start >= 2
                && c[toks[k].start - 2].is_ascii_digit()
                || matches!(after, Some(',' | '.' | '%' | '٪'))
                    && c.get(toks[k].end + 1)
                        .is_some_and(|x| x.is_ascii_digit() || *x == '%');
            let next = t(k + 1);
            let prev = if k > 0 { t(k - 1) } else { "" };
            let cal = if glued {
                None
            } else if (1900..=2099).contains(&n) {
                Some(Calendar::Gregorian)
            } else if (1300..=1499).contains(&n) {
                match lang {
                    Lang::Fa
                        if matches!(next, "ق" | "قمری" | "هجری" | "ه")
                            && t(k + 2) != "ش"
                            && next != "شمسی" =>
                    {
                        if next == "هجری" && t(k + 2) == "شمسی" {
                            Some(Calendar::SolarHijri)
                        } else {
                            Some(Calendar::Hijri)
                        }
                    }
                    Lang::Fa => Some(Calendar::SolarHijri),
                    Lang::Ar
                        if matches!(next, "ه" | "هـ" | "هجری" | "للهجره")
                            || (matches!(prev, "عام" | "سنه") && n >= 1400) =>
                    {
                        Some(Calendar::Hijri)
                    }
                    Lang::Ar if matches!(next, "ش" | "شمسی") => Some(Calendar::SolarHijri),
                    _ => None,
                }
            } else {
                None
            };
            if let Some(cal) = cal {
                out.push(DateExpr {
                    cal,
                    year: Some(n),
                    month: None,
                    day: None,
                    weekday: None,
                    start: toks[k].start,
                    end: toks[k].end,
                    numbers: vec![(toks[k].start, toks[k].end)],
                });
            }
        }
        k += 1;
    }
    out
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let (y, m, d) = (i64::from(y), i64::from(m), i64::from(d));
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn iso_days(d: &Date<Iso>) -> i64 {
    days_from_civil(
        d.year().number,
        d.month().ordinal as u8,
        d.day_of_month().0 as u8,
    )
}

/// Day number (days since 1970-01-01) of day `d` of month `m` of year `y` in `cal`, or `None`
/// if there is no such day.
pub fn day_number(cal: Calendar, y: i32, m: u8, d: u8) -> Option<i64> {
    match cal {
        Calendar::Gregorian => Date::try_new_iso_date(y, m, d).ok().map(|x| iso_days(&x)),
        Calendar::SolarHijri => Date::try_new_persian_date(y, m, d)
            .ok()
            .map(|x| iso_days(&x.to_calendar(Iso))),
        Calendar::Hijri => {
            Date::try_new_islamic_civil_date_with_calendar(y, m, d, IslamicCivil::new())
                .ok()
                .map(|x| iso_days(&x.to_calendar(Iso)))
        }
    }
}

fn days_in_month(cal: Calendar, y: i32, m: u8) -> u8 {
    (29..=31)
        .rev()
        .find(|&d| day_number(cal, y, m, d).is_some())
        .unwrap_or(29)
}

/// The day range `[first, last]` of a date expression given its year; `None` without a month
/// or year to anchor it, or for a date that does not exist.
pub fn day_range(e: &DateExpr, year: i32) -> Option<(i64, i64)> {
    let slack = if e.cal == Calendar::Hijri { 1 } else { 0 };
    let (a, b) = match (e.month, e.day) {
        (Some(m), Some(d)) => {
            let x = day_number(e.cal, year, m, d)?;
            (x, x)
        }
        (Some(m), None) => (
            day_number(e.cal, year, m, 1)?,
            day_number(e.cal, year, m, days_in_month(e.cal, year, m))?,
        ),
        (None, _) => (
            day_number(e.cal, year, 1, 1)?,
            day_number(e.cal, year, 12, days_in_month(e.cal, year, 12))?,
        ),
    };
    Some((a - slack, b + slack))
}

/// Gregorian years near which a date without a year is tried: each year of `context` (a
/// Gregorian year) and the one before and after.
fn years_in(cal: Calendar, greg: i32) -> [i32; 3] {
    let y = match cal {
        Calendar::Gregorian => greg,
        Calendar::SolarHijri => greg - 621,
        // the Hijri year advances about 1.0307 per Gregorian year; 2023 = 1444/1445
        Calendar::Hijri => ((f64::from(greg) - 622.0) * 1.030684).round() as i32,
    };
    [y - 1, y, y + 1]
}

/// Gregorian year range `[a, b]` where a date expression with a year lies.
pub fn gregorian_year(e: &DateExpr) -> Option<i32> {
    let y = e.year?;
    Some(match e.cal {
        Calendar::Gregorian => y,
        Calendar::SolarHijri => y + 621,
        Calendar::Hijri => (f64::from(y) / 1.030684 + 622.0).round() as i32,
    })
}

/// Whether two date expressions can denote overlapping days. Weekdays are compared by name; a
/// weekday against a full date by the date's weekday. A date without a year is tried with
/// the other's year (or the `context` Gregorian years): it agrees if some year makes them overlap.
pub fn agree(a: &DateExpr, b: &DateExpr, context: &[i32]) -> bool {
    match (a.weekday, b.weekday) {
        (Some(x), Some(y)) => return x == y,
        (Some(w), None) | (None, Some(w)) => {
            let e = if a.weekday.is_some() { b } else { a };
            return match (e.year, e.month, e.day) {
                (Some(y), Some(m), Some(d)) => {
                    day_number(e.cal, y, m, d).is_none_or(|n| weekday_of(n) == w)
                }
                _ => true,
            };
        }
        _ => {}
    }
    if a.cal == b.cal && (a.year.is_none() || b.year.is_none()) {
        // same calendar: compare the fields both give
        return (a.year.is_none() || b.year.is_none() || a.year == b.year)
            && (a.month.is_none() || b.month.is_none() || a.month == b.month)
            && (a.day.is_none() || b.day.is_none() || a.day == b.day);
    }
    let mut greg: Vec<i32> = Vec::new();
    for e in [a, b] {
        if let Some(g) = gregorian_year(e) {
            greg.push(g);
        }
    }
    if greg.is_empty() {
        greg.extend_from_slice(context);
    }
    if greg.is_empty() {
        greg.extend(2000..=2030);
    }
    let cand = |e: &DateExpr| -> Vec<i32> {
        match e.year {
            Some(y) => vec![y],
            None => greg.iter().flat_map(|g| years_in(e.cal, *g)).collect(),
        }
    };
    for ya in cand(a) {
        let Some((a0, a1)) = day_range(a, ya) else {
            continue;
        };
        for yb in cand(b) {
            let Some((b0, b1)) = day_range(b, yb) else {
                continue;
            };
            if a0 <= b1 && b0 <= a1 {
                return true;
            }
        }
    }
    false
}

/// Weekday (0 = Monday) of a day number; 1970-01-01 was a Thursday.
pub fn weekday_of(days: i64) -> u8 {
    ((days + 3).rem_euclid(7)) as u8
}

/// A date of a sentence as the aligner matches it across calendars
/// ([`crate::align`]: its numbers give way to the Gregorian date's, so `۲۳ اسفند ۱۴۰۱` and `14
/// March 2023` share their numbers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateAnchor {
    /// The numbers the date is written with, as ASCII digits (`23`, `1401`).
    pub written: Vec<String>,
    /// Gregorian month and day, for a date with a day.
    pub month_day: Option<(u8, u8)>,
    /// Gregorian year, for a date with a year.
    pub year: Option<i32>,
}

/// The Solar Hijri year taken for a date written without one: 1401 (21 March 2022 to 20
/// March 2023), a year without 29 February, so each day falls on its commonest Gregorian day
/// (1 Farvardin on 21 March, 23 Esfand on 14 March); in some years that is one day off. A
/// Hijri date without a year is left as written: the Hijri year moves through the Gregorian
/// one.
const REFERENCE_YEAR_SH: i32 = 1401;

/// The Gregorian `(year, month, day)` of day `d` of month `m` of year `y` in `cal`.
fn to_gregorian(cal: Calendar, y: i32, m: u8, d: u8) -> Option<(i32, u8, u8)> {
    let iso = match cal {
        Calendar::Gregorian => Date::try_new_iso_date(y, m, d).ok()?,
        Calendar::SolarHijri => Date::try_new_persian_date(y, m, d).ok()?.to_calendar(Iso),
        Calendar::Hijri => {
            Date::try_new_islamic_civil_date_with_calendar(y, m, d, IslamicCivil::new())
                .ok()?
                .to_calendar(Iso)
        }
    };
    Some((
        iso.year().number,
        iso.month().ordinal as u8,
        iso.day_of_month().0 as u8,
    ))
}

/// The dates of a sentence (`text`, normalized or not, in `lang`) with a month and a day or a
/// year, in Gregorian terms (see [`DateAnchor`]). Bare years and weekdays are left out: a year
/// alone is already a number, and a Solar Hijri year alone spans two Gregorian ones.
pub fn date_anchors(text: &str, lang: &Lang) -> Vec<DateAnchor> {
    let f = super::text::fold(text);
    let mut out = Vec::new();
    for e in dates(&f, lang) {
        let Some(m) = e.month else { continue };
        let (month_day, year) = match (e.cal, e.day, e.year) {
            (Calendar::Gregorian, d, y) => (d.map(|d| (m, d)), y),
            (Calendar::Hijri, Some(_), None) => continue,
            (cal, Some(d), y) => {
                let Some((gy, gm, gd)) = to_gregorian(cal, y.unwrap_or(REFERENCE_YEAR_SH), m, d)
                else {
                    continue;
                };
                (Some((gm, gd)), y.map(|_| gy))
            }
            (cal, None, Some(y)) => match to_gregorian(cal, y, m, 15) {
                Some((gy, _, _)) => (None, Some(gy)),
                None => continue,
            },
            (_, None, None) => continue,
        };
        if month_day.is_none() && year.is_none() {
            continue;
        }
        // each run of digits (a numeric date `1402/02/20` is one span of three numbers)
        let written = e
            .numbers
            .iter()
            .flat_map(|&(a, b)| {
                f.chars[a..b]
                    .split(|c| !c.is_ascii_digit())
                    .filter(|r| !r.is_empty())
                    .map(|r| r.iter().collect::<String>())
            })
            .collect();
        out.push(DateAnchor {
            written,
            month_day,
            year,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::text::fold;

    fn d(s: &str, l: &Lang) -> Vec<DateExpr> {
        dates(&fold(s), l)
    }

    #[test]
    fn news_forms_of_dates_are_read() {
        // (text, language, (month, day, year)) as dates() reads them
        let ymd = |e: &DateExpr| (e.month, e.day, e.year);
        for (text, lang, want) in [
            ("در ۲۳ اسفندماه ۱۴۰۱", Lang::Fa, (12, 23, 1401)),
            ("در ۲۰ اردیبهشت‌ماه ۱۴۰۲", Lang::Fa, (2, 20, 1402)),
            ("در ۲۳ اسفند ماه ۱۴۰۱", Lang::Fa, (12, 23, 1401)),
            ("در ۲۳ اسفند سال ۱۴۰۱", Lang::Fa, (12, 23, 1401)),
            ("في ٢٤ من مارس ٢٠٢٣", Lang::Ar, (3, 24, 2023)),
            ("on March 15th, 2023", Lang::En, (3, 15, 2023)),
            ("on the 15th March 2023", Lang::En, (3, 15, 2023)),
            ("on Jan. 9, 2023", Lang::En, (1, 9, 2023)),
            ("on Sept. 15, 2023", Lang::En, (9, 15, 2023)),
            ("on 15 Mar 2023", Lang::En, (3, 15, 2023)),
            ("on 2023-05-11", Lang::En, (5, 11, 2023)),
            ("on 15 Mar. 2023", Lang::En, (3, 15, 2023)),
            ("در ۳ رمضان ۱۴۴۴ قمری", Lang::Fa, (9, 3, 1444)),
            ("في ٢٣ إسفند ١٤٠١ هـ.ش.", Lang::Ar, (12, 23, 1401)),
            // Moroccan, Algerian and Tunisian names of the Gregorian months
            ("يوم 15 دجنبر 2023", Lang::Ar, (12, 15, 2023)),
            ("في 3 غشت 2022", Lang::Ar, (8, 3, 2022)),
            ("في 20 شتنبر 2021", Lang::Ar, (9, 20, 2021)),
            ("يوم 7 جويلية 2023", Lang::Ar, (7, 7, 2023)),
            ("في 1 جانفي 2024", Lang::Ar, (1, 1, 2024)),
            ("يوم 9 ماي 2023", Lang::Ar, (5, 9, 2023)),
        ] {
            let got = d(text, &lang);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert_eq!(
                ymd(&got[0]),
                (Some(want.0), Some(want.1), Some(want.2)),
                "{text}"
            );
        }
        // the calendar of a month named in another language's text
        assert_eq!(d("در ۳ رمضان ۱۴۴۴ قمری", &Lang::Fa)[0].cal, Calendar::Hijri);
        assert_eq!(
            d("في ٢٣ إسفند ١٤٠١ هـ.ش.", &Lang::Ar)[0].cal,
            Calendar::SolarHijri
        );
        // a range's first day is a date of the same month
        for (text, lang) in [
            ("from 14 to 16 March 2023", Lang::En),
            ("on 14-16 March 2023", Lang::En),
            ("از ۲۳ تا ۲۵ اسفند ۱۴۰۱", Lang::Fa),
        ] {
            let got: Vec<_> = d(text, &lang)
                .iter()
                .map(|e| (e.day, e.month, e.year))
                .collect();
            let (m, y) = if lang == Lang::En {
                (3, 2023)
            } else {
                (12, 1401)
            };
            let (a, b) = if lang == Lang::En { (14, 16) } else { (23, 25) };
            assert_eq!(
                got,
                vec![(Some(a), Some(m), Some(y)), (Some(b), Some(m), Some(y))],
                "{text}"
            );
        }
        // an abbreviation is a month only beside a number; 05/11/2023 is May or November
        assert!(d("they mar the view", &Lang::En).is_empty());
        // so is a short Maghrebi name that is also a given name (جوان, Joan)
        assert!(d("قالت جوان إن الاجتماع انتهى", &Lang::Ar).is_empty());
        assert_eq!(d("في 12 جوان 2023", &Lang::Ar)[0].month, Some(6));
        assert!(d("on 05/11/2023", &Lang::En)
            .iter()
            .all(|e| e.month.is_none()));
        // a numeric date's three numbers are given way one by one in the aligner
        assert_eq!(
            date_anchors("در ۱۴۰۲/۰۲/۲۰ منتشر شد", &Lang::Fa)[0].written,
            vec!["1402", "02", "20"]
        );
    }

    #[test]
    fn solar_hijri_and_gregorian_are_the_same_day() {
        // 20 Ordibehesht 1402 = Wednesday 10 May 2023
        assert_eq!(
            day_number(Calendar::SolarHijri, 1402, 2, 20),
            day_number(Calendar::Gregorian, 2023, 5, 10)
        );
        assert_eq!(
            day_number(Calendar::Gregorian, 2023, 5, 10).map(weekday_of),
            Some(2)
        );
        let fa = d("روز چهارشنبه ۲۰ اردیبهشت ۱۴۰۲", &Lang::Fa);
        assert_eq!(fa.len(), 2);
        assert_eq!(
            (fa[1].cal, fa[1].year, fa[1].month, fa[1].day),
            (Calendar::SolarHijri, Some(1402), Some(2), Some(20))
        );
        let en = d("on 10 May 2023", &Lang::En);
        assert!(agree(&en[0], &fa[1], &[]));
        assert!(agree(&en[0], &fa[0], &[]));
        let wrong = d("on 11 May 2023", &Lang::En);
        assert!(!agree(&wrong[0], &fa[1], &[]));
    }

    #[test]
    fn both_arabic_month_names_read_as_one_date() {
        let ar = d("يوم الأربعاء ١٠ أيار/مايو", &Lang::Ar);
        assert_eq!(ar.len(), 2);
        assert_eq!(ar[0].weekday, Some(2));
        assert_eq!(
            (ar[1].month, ar[1].day, ar[1].year),
            (Some(5), Some(10), None)
        );
        let en = d("on May 10", &Lang::En);
        assert!(agree(&en[0], &ar[1], &[2023]));
    }

    #[test]
    fn solar_hijri_year_overlaps_two_gregorian_years() {
        let fa96 = &d("در سال ۱۳۹۶", &Lang::Fa)[0];
        let fa97 = &d("در سال ۱۳۹۷", &Lang::Fa)[0];
        let en = &d("In 2017,", &Lang::En)[0];
        assert!(agree(en, fa96, &[]));
        assert!(!agree(en, fa97, &[]));
    }

    #[test]
    fn numeric_solar_hijri_dates() {
        let fa = d("تاریخ ۱۴۰۲/۰۲/۲۰ اعلام شد", &Lang::Fa);
        assert_eq!(
            (fa[0].cal, fa[0].year, fa[0].month, fa[0].day),
            (Calendar::SolarHijri, Some(1402), Some(2), Some(20))
        );
        assert!(agree(&d("on 10 May 2023", &Lang::En)[0], &fa[0], &[]));
    }

    #[test]
    fn hijri_dates_convert() {
        // 1 Ramadan 1444 AH = 23 March 2023 (tabular civil calendar gives the 23rd)
        let ar = &d("في ١ رمضان ١٤٤٤ هـ", &Lang::Ar)[0];
        assert_eq!(
            (ar.cal, ar.month, ar.day, ar.year),
            (Calendar::Hijri, Some(9), Some(1), Some(1444))
        );
        let en = &d("on March 23, 2023", &Lang::En)[0];
        assert!(agree(en, ar, &[]));
        let far = &d("on March 30, 2023", &Lang::En)[0];
        assert!(!agree(far, ar, &[]));
    }

    #[test]
    fn date_anchors_give_the_gregorian_date_of_each_calendar() {
        // 23 Esfand 1401 SH is 14 March 2023
        let fa = date_anchors("روز سه‌شنبه ۲۳ اسفند ۱۴۰۱ برای افزایش دستمزد", &Lang::Fa);
        assert_eq!(
            fa,
            vec![DateAnchor {
                written: vec!["23".into(), "1401".into()],
                month_day: Some((3, 14)),
                year: Some(2023),
            }]
        );
        // the aligner reads a sentence's dates only where a word may begin a month's name
        for (w, l) in [
            ("اسفند", Lang::Fa),
            ("آبان", Lang::Fa),
            ("مارس", Lang::Fa),
            ("ذي", Lang::Ar),
            ("أيار", Lang::Ar),
            ("دجنبر", Lang::Ar),
            ("جويلية", Lang::Ar),
            ("march", Lang::En),
        ] {
            assert!(may_begin_month(w, &l), "{w}");
        }
        for (w, l) in [
            ("بودجه", Lang::Fa),
            ("الحجة", Lang::Ar),
            ("Marching", Lang::En),
        ] {
            assert!(!may_begin_month(w, &l), "{w}");
        }
        // without a year: the commonest Gregorian day (1401); a Hijri day moves, so none
        assert_eq!(
            date_anchors("روز ۲۳ اسفند به", &Lang::Fa)[0].month_day,
            Some((3, 14))
        );
        assert_eq!(date_anchors("في ٢٣ رمضان", &Lang::Ar), vec![]);
        let en = date_anchors("on Tuesday, 14 March 2023, demanding", &Lang::En);
        assert_eq!(en.len(), 1);
        assert_eq!((en[0].month_day, en[0].year), (Some((3, 14)), Some(2023)));
    }
}
