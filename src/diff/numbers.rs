//! Quantities read as values from English, Persian and Arabic text.
//!
//! Read from a [`Folded`] sentence, so digits of every script are ASCII here:
//! - digit numbers: `,` (and U+066C, folded to `,`) between groups of three digits is ignored,
//!   `.` (and U+066B) before a digit is the decimal point: `14,500` = `۱۴٬۵۰۰` = `١٤٥٠٠`,
//!   `۲٫۵` = `2.5`; in Persian `۲/۵` is also 2.5 (but `۱۴۰۲/۰۲/۲۰` is a date, see [`super::dates`]);
//! - a following scale word multiplies (thousand/million/billion, هزار/میلیون/میلیارد,
//!   ألف/آلاف/مليون/ملايين/مليار); a following `%`, `٪`, `percent`, `درصد`, `بالمیة`,
//!   `في المیة` makes a percentage, stored as a fraction (20% = 0.2);
//! - number words: English `two thousand`, `twenty-two`; Persian «دو هزار», «بیست و دو»,
//!   «دویست»; Arabic «ثلاثة», «اثنان وعشرون», «ألفي»/«ألفين» (two thousand), «میتين»; a lone
//!   word for one (`one`, «یک», «واحد») is not read, since it is mostly not a count;
//! - fractions: `a fifth of` = «یک پنجم» = 0.2, `half of` = «نصف» = 0.5, `a third` (approximate,
//!   so it equals 33%);
//! - thousands also as `۲۶،۷۵۰` (U+060C with no space; `26، 750` is a list) and, in Persian and
//!   Arabic, `150.000` (groups of exactly three digits; not before a scale word or percent, not
//!   after U+066B); a time `h:mm` as `h.mm`, as English writes it (`7.55am`);
//! - compound number words: units after tens in English and Persian (`twenty-two`, «سی و شش»),
//!   Arabic units before «عشر» or «و» + tens («ثلاثة عشر», «اثنتا عشرة», «ثلاثة وعشرون»);
//!   ordinals (`twenty-first`, «هفدهم», «بیست و یکم», «السابعة عشرة», «الحادية والعشرين»); a
//!   simple ordinal alone (`fourth`, «سوم», «الرابعة») is [`Quantity::soft`];
//! - signs: a minus before the number, or in Persian and Arabic after it (`-۰٫۳`, `۰٫۳-`, as
//!   right-to-left typing leaves it), or a word before it (`minus`, «منفی», «سالب», «ناقص»)
//!   sets [`Quantity::negative`]; [`says_decrease`] tells when a sentence may say it in words.

use super::text::{Folded, Tok};
use crate::Lang;

/// A quantity found in a sentence.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    /// The value; percentages are stored as fractions (20% = 0.2).
    pub value: f64,
    /// First folded char index (see [`Folded::orig`] for the original offsets).
    pub start: usize,
    /// One past the last folded char index.
    pub end: usize,
    /// True for a plain integer of digits with no separator, decimal, scale or percent sign
    /// (a possible year).
    pub plain: bool,
    /// True for a fraction word (`a third`), compared with a tolerance of 0.01.
    pub approx: bool,
    /// True when a minus sign or word marks the number as negative (`value` stays the
    /// magnitude, see [`Quantity::signed`]).
    pub negative: bool,
    /// True for a simple ordinal word alone (`fourth`, «سوم», «الرابعة»): it may match a number
    /// of the other edition (`ranked three` = «رتبه سوم») but is never reported or counted alone.
    pub soft: bool,
}

impl Quantity {
    /// Whether two quantities have the same value (exactly, up to rounding; 0.01 for fractions).
    pub fn same(&self, o: &Quantity) -> bool {
        let tol = if self.approx || o.approx {
            0.01
        } else {
            1e-9 * self.value.abs().max(o.value.abs()).max(1.0)
        };
        (self.value - o.value).abs() <= tol
    }

    /// The value with its sign.
    pub fn signed(&self) -> f64 {
        if self.negative {
            -self.value
        } else {
            self.value
        }
    }
}

enum W {
    Unit(f64),
    /// An ordinal (`seventeenth`, «هفدهم», «السابعة»): a unit that ends the number, save
    /// Arabic's «عشرة» or «والعشرون» after it.
    Ord(f64),
    Hundred,
    Fixed(f64),
    Scale(f64),
    Conn,
}

fn word(w: &str, lang: &Lang) -> Option<W> {
    use W::*;
    let v = match lang {
        Lang::En => match w {
            "zero" => Unit(0.0),
            "one" => Unit(1.0),
            "two" => Unit(2.0),
            "three" => Unit(3.0),
            "four" => Unit(4.0),
            "five" => Unit(5.0),
            "six" => Unit(6.0),
            "seven" => Unit(7.0),
            "eight" => Unit(8.0),
            "nine" => Unit(9.0),
            "ten" => Unit(10.0),
            "eleven" => Unit(11.0),
            "twelve" => Unit(12.0),
            "thirteen" => Unit(13.0),
            "fourteen" => Unit(14.0),
            "fifteen" => Unit(15.0),
            "sixteen" => Unit(16.0),
            "seventeen" => Unit(17.0),
            "eighteen" => Unit(18.0),
            "nineteen" => Unit(19.0),
            "twenty" => Unit(20.0),
            "thirty" => Unit(30.0),
            "forty" => Unit(40.0),
            "fifty" => Unit(50.0),
            "sixty" => Unit(60.0),
            "seventy" => Unit(70.0),
            "eighty" => Unit(80.0),
            "ninety" => Unit(90.0),
            "hundred" => Hundred,
            "thousand" => Scale(1e3),
            "million" => Scale(1e6),
            "billion" => Scale(1e9),
            "trillion" => Scale(1e12),
            "first" => Ord(1.0),
            "second" => Ord(2.0),
            "third" => Ord(3.0),
            "fourth" => Ord(4.0),
            "fifth" => Ord(5.0),
            "sixth" => Ord(6.0),
            "seventh" => Ord(7.0),
            "eighth" => Ord(8.0),
            "ninth" => Ord(9.0),
            "tenth" => Ord(10.0),
            "eleventh" => Ord(11.0),
            "twelfth" => Ord(12.0),
            "thirteenth" => Ord(13.0),
            "fourteenth" => Ord(14.0),
            "fifteenth" => Ord(15.0),
            "sixteenth" => Ord(16.0),
            "seventeenth" => Ord(17.0),
            "eighteenth" => Ord(18.0),
            "nineteenth" => Ord(19.0),
            "twentieth" => Ord(20.0),
            "thirtieth" => Ord(30.0),
            "fortieth" => Ord(40.0),
            "fiftieth" => Ord(50.0),
            "sixtieth" => Ord(60.0),
            "seventieth" => Ord(70.0),
            "eightieth" => Ord(80.0),
            "ninetieth" => Ord(90.0),
            "and" => Conn,
            _ => return None,
        },
        Lang::Fa => match w {
            "یک" => Unit(1.0),
            "دو" => Unit(2.0),
            "سه" => Unit(3.0),
            "چهار" => Unit(4.0),
            "پنج" => Unit(5.0),
            "شش" => Unit(6.0),
            "هفت" => Unit(7.0),
            "هشت" => Unit(8.0),
            "ده" => Unit(10.0),
            "یازده" => Unit(11.0),
            "دوازده" => Unit(12.0),
            "سیزده" => Unit(13.0),
            "چهارده" => Unit(14.0),
            "پانزده" => Unit(15.0),
            "شانزده" => Unit(16.0),
            "هفده" => Unit(17.0),
            "هجده" | "هیجده" => Unit(18.0),
            "نوزده" => Unit(19.0),
            "بیست" => Unit(20.0),
            "سی" => Unit(30.0),
            "چهل" => Unit(40.0),
            "پنجاه" => Unit(50.0),
            "شصت" => Unit(60.0),
            "هفتاد" => Unit(70.0),
            "هشتاد" => Unit(80.0),
            "نود" => Unit(90.0),
            "صد" => Hundred,
            "یکصد" => Fixed(100.0),
            "دویست" => Fixed(200.0),
            "سیصد" => Fixed(300.0),
            "چهارصد" => Fixed(400.0),
            "پانصد" => Fixed(500.0),
            "ششصد" => Fixed(600.0),
            "هفتصد" => Fixed(700.0),
            "هشتصد" => Fixed(800.0),
            "نهصد" => Fixed(900.0),
            "هزار" => Scale(1e3),
            "میلیون" => Scale(1e6),
            "میلیارد" => Scale(1e9),
            "و" => Conn,
            _ => return None,
        },
        Lang::Ar => match w {
            // «احد»/«احدی» (one of) and the forms of two that come before «عشر» only
            "واحد" | "واحده" | "احد" | "احدی" => Unit(1.0),
            "اثنان" | "اثنین" | "اثنتان" | "اثنتین" | "اثنا" | "اثنی" | "اثنتا" | "اثنتی" => {
                Unit(2.0)
            }
            "ثلاث" | "ثلاثه" => Unit(3.0),
            "اربع" | "اربعه" => Unit(4.0),
            "خمس" | "خمسه" => Unit(5.0),
            "ست" | "سته" => Unit(6.0),
            "سبع" | "سبعه" => Unit(7.0),
            "ثمان" | "ثمانی" | "ثمانیه" => Unit(8.0),
            "تسع" | "تسعه" => Unit(9.0),
            "عشر" | "عشره" => Unit(10.0),
            "عشرون" | "عشرین" => Unit(20.0),
            "ثلاثون" | "ثلاثین" => Unit(30.0),
            "اربعون" | "اربعین" => Unit(40.0),
            "خمسون" | "خمسین" => Unit(50.0),
            "ستون" | "ستین" => Unit(60.0),
            "سبعون" | "سبعین" => Unit(70.0),
            "ثمانون" | "ثمانین" => Unit(80.0),
            "تسعون" | "تسعین" => Unit(90.0),
            "میه" | "مایه" => Hundred,
            "میتان" | "میتین" | "میتی" | "میتا" | "مایتان" | "مایتین" | "مایتی" | "مایتا" => {
                Fixed(200.0)
            }
            "ثلاثمیه" | "ثلاثمایه" => Fixed(300.0),
            "اربعمیه" | "اربعمایه" => Fixed(400.0),
            "خمسمیه" | "خمسمایه" => Fixed(500.0),
            "ستمیه" | "ستمایه" => Fixed(600.0),
            "سبعمیه" | "سبعمایه" => Fixed(700.0),
            "ثمانمیه" | "ثمانمایه" | "ثمانیمیه" | "ثمانیمایه" => {
                Fixed(800.0)
            }
            "تسعمیه" | "تسعمایه" => Fixed(900.0),
            "الف" | "الاف" | "الفا" => Scale(1e3),
            "الفان" | "الفین" | "الفی" => Fixed(2000.0),
            // «مليونًا», «مليارًا»: the tanween is dropped by folding, its alef stays
            "ملیون" | "ملایین" | "ملیونا" => Scale(1e6),
            "ملیار" | "ملیارات" | "ملیارا" => Scale(1e9),
            _ => return None,
        },
        Lang::Other(_) => return None,
    };
    Some(v)
}

/// A Persian ordinal: a cardinal with `م` or `مین` («هفدهم», «ششمین», «بیست و یکم» ends in
/// «یکم»), and «سوم», «سی‌ام», «نهم». Not «سهم» (a share), «سیم» (a wire) nor «سیمین».
fn fa_ordinal(w: &str) -> Option<f64> {
    let base = w.strip_suffix("مین").or_else(|| w.strip_suffix('م'))?;
    match base {
        "سو" => Some(3.0),
        "سی\u{200C}ا" | "سیا" => Some(30.0),
        "نه" => Some(9.0),
        "صد" => Some(100.0),
        "هزار" => Some(1000.0),
        "سه" | "سی" => None,
        _ => match word(base, &Lang::Fa) {
            Some(W::Unit(n) | W::Fixed(n)) => Some(n),
            _ => None,
        },
    }
}

/// An Arabic ordinal with the article («السابعة», «الحادي», «للمرة الثانية» has «الثانیه»),
/// after an optional «و», «ف», «ب» or «ل».
fn ar_ordinal(w: &str) -> Option<f64> {
    let core = ["وال", "فال", "بال", "ولل", "ال", "لل"]
        .iter()
        .find_map(|p| w.strip_prefix(p))?;
    Some(match core {
        "حادی" | "حادیه" => 1.0,
        "ثانی" | "ثانیه" => 2.0,
        "ثالث" | "ثالثه" => 3.0,
        "رابع" | "رابعه" => 4.0,
        "خامس" | "خامسه" => 5.0,
        "سادس" | "سادسه" => 6.0,
        "سابع" | "سابعه" => 7.0,
        "ثامن" | "ثامنه" => 8.0,
        "تاسع" | "تاسعه" => 9.0,
        "عاشر" | "عاشره" => 10.0,
        _ => return None,
    })
}

/// An Arabic cardinal unit with the article («الثلاثة», «والخمسة»), read only before «عشر».
fn ar_defined_unit(w: &str) -> Option<f64> {
    let core = ["وال", "بال", "ال"]
        .iter()
        .find_map(|p| w.strip_prefix(p))?;
    match word(core, &Lang::Ar) {
        Some(W::Unit(n)) if (3.0..10.0).contains(&n) => Some(n),
        _ => None,
    }
}

/// The tens 20..=90.
fn is_tens(n: f64) -> bool {
    (20.0..100.0).contains(&n) && n % 10.0 == 0.0
}

/// A number word, trying the Arabic conjunction «و» as a prefix; the bool says it had one.
fn number_word(w: &str, lang: &Lang) -> Option<(W, bool)> {
    if let Some(x) = word(w, lang) {
        return Some((x, false));
    }
    match lang {
        Lang::Ar => {
            if let Some(n) = ar_ordinal(w) {
                return Some((W::Ord(n), false));
            }
            let r = w.strip_prefix('و')?;
            word(r, lang).map(|x| (x, true))
        }
        Lang::Fa => fa_ordinal(w).map(|n| (W::Ord(n), false)),
        _ => None,
    }
}

/// What completes an Arabic ordinal unit at token `j` (`end`: where the ordinal ends): «عشر»
/// or «عشرة» (+10: «السابعة عشرة» is 17th) or «و» + tens («الحادي والعشرون» is 21st).
fn ar_ordinal_tail(toks: &[Tok], j: usize, c: &[char], end: usize) -> Option<f64> {
    let n = toks.get(j)?;
    if n.digits || c[end..n.start].iter().any(|x| *x != ' ') {
        return None;
    }
    if matches!(n.text.as_str(), "عشر" | "عشره") {
        return Some(10.0);
    }
    let r = n.text.strip_prefix('و')?;
    let r = r.strip_prefix("ال").unwrap_or(r);
    match word(r, &Lang::Ar) {
        Some(W::Unit(t)) if is_tens(t) => Some(t),
        _ => None,
    }
}

/// Whether the folded chars around a digit number `[start, end)` mark it negative: a minus
/// (`-`, U+2212) glued before it and not after a letter, a digit or a range's first number
/// (`COVID-19`, `70-90`, `5 -10` are not negative); in Persian and Arabic also one glued after
/// it (`۰٫۳-`, as typed in right-to-left text), not before a digit (`۱۸-۷`) and not after a
/// year (`۱۳۹۷- ...`).
fn minus_sign(c: &[char], start: usize, end: usize, year: bool, lang: &Lang) -> bool {
    let is_minus = |x: char| matches!(x, '-' | '\u{2212}');
    if start > 0 && is_minus(c[start - 1]) {
        let before = c[..start - 1].iter().rev().find(|x| **x != ' ');
        let glued = start >= 2 && c[start - 2] != ' ';
        let after_number = before.is_some_and(|x| x.is_ascii_digit() || matches!(x, '%' | '٪'));
        let after_word = glued && before.is_some_and(|x| x.is_alphanumeric());
        if !after_number && !after_word {
            return true;
        }
    }
    if *lang != Lang::En && !year && end < c.len() && is_minus(c[end]) {
        let next = c.get(end + 1).copied();
        let glued_after = next.is_some_and(|x| x.is_alphanumeric() || is_minus(x));
        let then = c[end + 1..].iter().find(|x| **x != ' ');
        if !glued_after && !then.is_some_and(|x| x.is_ascii_digit()) {
            return true;
        }
    }
    false
}

/// Whether the token before `k` is a word for minus (`minus`, `negative`, «منفی», «سالب»,
/// «ناقص») with only spaces between.
fn minus_word(toks: &[Tok], k: usize, c: &[char], lang: &Lang) -> bool {
    let Some(p) = k.checked_sub(1).map(|i| &toks[i]) else {
        return false;
    };
    let w = p.text.as_str();
    let says = match lang {
        Lang::En => matches!(w, "minus" | "negative"),
        Lang::Fa => w == "منفی",
        Lang::Ar => matches!(w, "سالب" | "ناقص"),
        Lang::Other(_) => false,
    };
    says && c[p.end..toks[k].start].iter().all(|x| *x == ' ')
}

/// Whether a sentence has a word that can carry a decrease or a negative sign in words
/// (`fell`, `shrank`, «کاهش», «انخفاض»...): a number without a minus sign in such a sentence
/// may still be the negative one of the other edition. Generous on purpose: it only keeps a
/// sign difference from being reported.
pub fn says_decrease(f: &Folded, lang: &Lang) -> bool {
    const EN: &[&str] = &[
        "fell", "fall", "drop", "declin", "decreas", "shr", "contract", "lost", "loss", "lose",
        "down", "below", "deficit", "lower", "negative", "minus", "slump", "plung", "tumbl",
        "slid", "slip", "sank", "sink", "cut", "reduc", "less", "under", "neg", "retreat",
    ];
    const FA: &[&str] = &[
        "کاهش",
        "افت",
        "منفی",
        "انقباض",
        "کسری",
        "زیان",
        "ضرر",
        "سقوط",
        "نزول",
        "تنزل",
        "پایین",
        "زیر",
        "کمتر",
        "کوچک",
        "منها",
    ];
    const AR: &[&str] = &[
        "انخفا",
        "خفض",
        "تراجع",
        "هبوط",
        "هبط",
        "انکماش",
        "تقلص",
        "خسار",
        "خسر",
        "عجز",
        "سالب",
        "ناقص",
        "نقص",
        "تدنی",
        "انحدار",
        "تحت",
        "اقل",
        "انکمش",
        "سلبی",
    ];
    let (stems, exact): (&[&str], &[&str]) = match lang {
        Lang::En => (EN, &[]),
        Lang::Fa => (FA, &["کم"]),
        Lang::Ar => (AR, &["دون"]),
        Lang::Other(_) => return true,
    };
    f.tokens().iter().filter(|t| !t.digits).any(|t| {
        let w = t.text.as_str();
        exact.contains(&w)
            || if *lang == Lang::En {
                stems.iter().any(|s| w.starts_with(s))
            } else if *lang == Lang::Fa {
                stems.iter().any(|s| w.starts_with(s))
            } else {
                stems.iter().any(|s| w.contains(s))
            }
    })
}

fn scale_of(w: &str, lang: &Lang) -> Option<f64> {
    match number_word(w, lang) {
        Some((W::Scale(s), _)) => Some(s),
        _ if *lang == Lang::En && matches!(w, "bn") => Some(1e9),
        _ => None,
    }
}

fn is_percent_word(toks: &[Tok], k: usize, lang: &Lang) -> usize {
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    match lang {
        Lang::En if t(k) == "percent" => 1,
        Lang::En if t(k) == "per" && t(k + 1) == "cent" => 2,
        Lang::Fa if matches!(t(k), "درصد" | "درصدی") => 1,
        Lang::Ar if matches!(t(k), "بالمیه" | "بالمایه") => 1,
        Lang::Ar if t(k) == "فی" && matches!(t(k + 1), "المیه" | "المایه") => 2,
        _ => 0,
    }
}

fn denominator(w: &str, lang: &Lang) -> Option<f64> {
    match lang {
        Lang::En => match w {
            "half" | "halves" => Some(2.0),
            "third" | "thirds" => Some(3.0),
            "quarter" | "quarters" => Some(4.0),
            "fifth" | "fifths" => Some(5.0),
            "tenth" | "tenths" => Some(10.0),
            _ => None,
        },
        Lang::Fa => match w {
            "دوم" => Some(2.0),
            "سوم" => Some(3.0),
            "چهارم" => Some(4.0),
            "پنجم" => Some(5.0),
            "دهم" => Some(10.0),
            _ => None,
        },
        _ => None,
    }
}

/// Reads the quantities of a folded sentence in language `lang`, in order of appearance.
pub fn quantities(f: &Folded, lang: &Lang) -> Vec<Quantity> {
    let toks = f.tokens();
    let c = &f.chars;
    let mut out: Vec<Quantity> = Vec::new();
    let mut used = vec![false; toks.len()];
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        if t.digits {
            // a digit number: join `,ddd` groups and a `.ddd` decimal part
            let mut start = t.start;
            let mut int = t.text.clone();
            let mut frac = String::new();
            let mut end = t.end;
            let mut plain = true;
            let mut j = k + 1;
            let grouped = t.text.len() <= 3;
            // thousands: `,` (and U+066C), or U+060C ARABIC COMMA (`۲۶،۷۵۰`), the same one
            // between every group of three digits; `26، 750`, with a space, is a list
            let sep = c.get(end).copied().filter(|x| matches!(x, ',' | '،'));
            let group_at = |j: usize, end: usize, sep: Option<char>| {
                j < toks.len()
                    && toks[j].digits
                    && toks[j].start == end + 1
                    && sep == Some(c[end])
                    && toks[j].text.len() == 3
            };
            while grouped && group_at(j, end, sep) {
                int.push_str(&toks[j].text);
                end = toks[j].end;
                plain = false;
                j += 1;
            }
            // Persian and Arabic may separate thousands with `.` (`150.000`): groups of exactly
            // three digits after a first group of one to three not starting with 0; one group
            // only when no scale word or percent follows (`2.250 مليار` is 2.25 billion) and
            // not after U+066B, a decimal point for sure (`۲٫۲۵۰`)
            let mut dot_grouped = false;
            if grouped && j == k + 1 && *lang != Lang::En && !t.text.starts_with('0') {
                let (mut g, mut e) = (j, end);
                while g < toks.len() && group_at(g, e, Some('.')) && !f.decimal_marks.contains(&e) {
                    e = toks[g].end;
                    g += 1;
                }
                let groups = g - j;
                let mut p = e;
                while p < c.len() && c[p] == ' ' {
                    p += 1;
                }
                let followed = (p < c.len() && matches!(c[p], '%' | '٪'))
                    || toks
                        .get(g)
                        .is_some_and(|n| scale_of(&n.text, lang).is_some())
                    || is_percent_word(&toks, g, lang) > 0;
                if groups >= 2 || (groups == 1 && !followed) {
                    for n in &toks[j..g] {
                        int.push_str(&n.text);
                    }
                    end = e;
                    j = g;
                    plain = false;
                    dot_grouped = true;
                }
            }
            // `.` (and U+066B, folded to `.`) is the decimal point; Persian also writes `۲/۵`
            let slash_decimal = *lang == Lang::Fa
                && c.get(end) == Some(&'/')
                && !(j + 1 < toks.len()
                    && toks[j + 1].digits
                    && toks
                        .get(j)
                        .is_some_and(|t| toks[j + 1].start == t.end + 1 && c[t.end] == '/'));
            // a time `h:mm` is read as `h.mm`, as English writes it (`7.55am` = `۷:۵۵`)
            let time = int.len() <= 2
                && c.get(end) == Some(&':')
                && toks
                    .get(j)
                    .is_some_and(|m| m.digits && m.start == end + 1 && m.text.len() == 2);
            if !dot_grouped
                && j < toks.len()
                && toks[j].digits
                && toks[j].start == end + 1
                && (c[end] == '.' || slash_decimal || time)
            {
                frac = toks[j].text.clone();
                end = toks[j].end;
                plain = false;
                j += 1;
            }
            let mut value: f64 = format!("{int}.{}", if frac.is_empty() { "0" } else { &frac })
                .parse()
                .unwrap_or(0.0);
            for u in &mut used[k..j] {
                *u = true;
            }
            let year = plain && int.len() == 4;
            let negative = minus_sign(c, start, end, year, lang) || minus_word(&toks, k, c, lang);
            if negative {
                // the span takes in the sign before the number
                start = if start > 0 && matches!(c[start - 1], '-' | '\u{2212}') {
                    start - 1
                } else if minus_word(&toks, k, c, lang) {
                    toks[k - 1].start
                } else {
                    start
                };
            }
            // `£125m`, `$5m`: m after money is million (after a bare number, metres)
            let money_m = *lang == Lang::En
                && t.start > 0
                && matches!(c[t.start - 1], '$' | '£' | '€')
                && toks.get(j).is_some_and(|n| n.text == "m" && n.start == end);
            // a percent sign typed before the number in right-to-left text (`%90`), not
            // after another number
            let pct_before = *lang != Lang::En
                && t.start > 0
                && matches!(c[t.start - 1], '%' | '٪')
                && !(t.start >= 2 && c[t.start - 2].is_ascii_digit());
            // a following percent sign, percent word or scale word
            let mut p = end;
            while p < c.len() && c[p] == ' ' {
                p += 1;
            }
            if p < c.len() && (c[p] == '%' || c[p] == '٪') {
                value /= 100.0;
                end = p + 1;
                plain = false;
            } else if pct_before {
                value /= 100.0;
                start = start.min(t.start - 1);
                plain = false;
            } else if let Some(s) = toks
                .get(j)
                .and_then(|n| scale_of(&n.text, lang))
                .or(money_m.then_some(1e6))
            {
                value *= s;
                end = toks[j].end;
                used[j] = true;
                plain = false;
                j += 1;
                let w = is_percent_word(&toks, j, lang);
                if w > 0 {
                    value /= 100.0;
                    end = toks[j + w - 1].end;
                    j += w;
                }
            } else {
                let w = is_percent_word(&toks, j, lang);
                if w > 0 {
                    value /= 100.0;
                    end = toks[j + w - 1].end;
                    plain = false;
                    j += w;
                }
            }
            out.push(Quantity {
                value,
                start,
                end,
                plain,
                approx: false,
                negative,
                soft: false,
            });
            k = j;
            continue;
        }
        // Arabic's article on the unit of a teen («الثمانية عشر»: the eighteen, aged 18)
        if *lang == Lang::Ar {
            if let Some(n) = ar_defined_unit(&t.text) {
                if let Some(ten) = ar_ordinal_tail(&toks, k + 1, c, t.end).filter(|x| *x == 10.0) {
                    out.push(Quantity {
                        value: n + ten,
                        start: t.start,
                        end: toks[k + 1].end,
                        plain: false,
                        approx: false,
                        negative: false,
                        soft: false,
                    });
                    k += 2;
                    continue;
                }
            }
        }
        // fractions written in words
        if let Some((q, next)) = fraction_at(&toks, k, lang) {
            out.push(q);
            k = next;
            continue;
        }
        // number words
        if let Some((W::Unit(_) | W::Ord(_) | W::Hundred | W::Fixed(_) | W::Scale(_), _)) =
            number_word(&t.text, lang)
        {
            let (mut total, mut cur) = (0.0f64, 0.0f64);
            let mut words = 0;
            let start = t.start;
            let mut end = t.end;
            let mut j = k;
            // a lone word for one, first or second is not read as a count
            let mut lone_skip = false;
            let mut lone_ord = false;
            // the previous word's unit, when it was one (`twenty` in `twenty-two`)
            let mut prev_unit: Option<f64> = None;
            // the last scale word read, for `two million and a half`
            let mut last_scale = 0.0f64;
            while j < toks.len() && !toks[j].digits {
                // `and a half`, «و نیم», «ونصف» after a number word adds a half of its unit
                let half = if words > 0 {
                    half_at(&toks, j, lang)
                } else {
                    0
                };
                if half > 0 {
                    if cur > 0.0 || last_scale == 0.0 {
                        cur += 0.5;
                    } else {
                        total += 0.5 * last_scale;
                    }
                    lone_skip = false;
                    prev_unit = None;
                    words += 1;
                    end = toks[j + half - 1].end;
                    j += half;
                    continue;
                }
                let Some((w, conj)) = number_word(&toks[j].text, lang) else {
                    break;
                };
                match w {
                    W::Conn => {
                        // `and` / «و» only between two number words
                        if words == 0
                            || !toks.get(j + 1).is_some_and(|n| {
                                !n.digits
                                    && matches!(
                                        number_word(&n.text, lang),
                                        Some((
                                            W::Unit(_) | W::Ord(_) | W::Fixed(_) | W::Hundred,
                                            _
                                        ))
                                    )
                            })
                        {
                            break;
                        }
                    }
                    W::Unit(n) | W::Ord(n) => {
                        // a unit after a unit: English and Persian tens then units
                        // (`twenty-two`, «بیست و دو»), Arabic units then «عشر» or «و» + tens
                        // («خمسة عشر», «ثلاثة وعشرون»); else a new number (`three one-sided`)
                        let joins = match prev_unit {
                            None => true,
                            Some(p) if *lang == Lang::Ar => {
                                p < 10.0 && (n == 10.0 || (conj && is_tens(n)))
                            }
                            Some(p) => is_tens(p) && n < 10.0,
                        };
                        let ord = matches!(w, W::Ord(_));
                        if words > 0 && (!joins || (ord && *lang == Lang::Ar)) {
                            break;
                        }
                        // a simple ordinal alone (`fourth`, «چهارم», «الرابعة») is not read,
                        // as `one` is not: `a third country`, `the final third`, «السادسة»
                        // (six o'clock); the compound ones are (`seventeenth`, «هفدهم»)
                        lone_skip = words == 0 && (n == 1.0 || (ord && n <= 10.0));
                        lone_ord = words == 0 && ord;
                        cur += n;
                        prev_unit = Some(n);
                    }
                    W::Hundred => {
                        cur = cur.max(1.0) * 100.0;
                        prev_unit = None;
                    }
                    W::Fixed(n) if n >= 1000.0 => {
                        total += n;
                        prev_unit = None;
                    }
                    W::Fixed(n) => {
                        cur += n;
                        prev_unit = None;
                    }
                    W::Scale(s) => {
                        total += cur.max(1.0) * s;
                        cur = 0.0;
                        last_scale = s;
                        prev_unit = None;
                    }
                }
                if !matches!(w, W::Conn) {
                    words += 1;
                    end = toks[j].end;
                }
                j += 1;
                if let W::Ord(n) = w {
                    // an ordinal ends the number; Arabic's units take «عشر» or tens after
                    if *lang == Lang::Ar && n < 10.0 {
                        if let Some(more) = ar_ordinal_tail(&toks, j, c, end) {
                            cur += more;
                            lone_skip = false;
                            end = toks[j].end;
                            j += 1;
                        }
                    }
                    break;
                }
                if !matches!(w, W::Conn)
                    && j < toks.len()
                    && toks[j].start > end + 1
                    && c[end..toks[j].start]
                        .iter()
                        .any(|x| !matches!(x, ' ' | '-'))
                {
                    break;
                }
            }
            let soft = words == 1 && lone_skip;
            // a lone `one` is dropped; a lone simple ordinal is kept, soft
            if words > 0 && (!soft || lone_ord) {
                // a percent word after the number words (`fifteen percent`, «پانزده درصد»)
                // makes a percentage, as after digits
                let pw = if j < toks.len() {
                    is_percent_word(&toks, j, lang)
                } else {
                    0
                };
                let value = if pw > 0 {
                    end = toks[j + pw - 1].end;
                    j += pw;
                    (total + cur) / 100.0
                } else {
                    total + cur
                };
                out.push(Quantity {
                    value,
                    start,
                    end,
                    plain: false,
                    approx: false,
                    negative: minus_word(&toks, k, c, lang),
                    soft,
                });
            }
            k = j.max(k + 1);
            continue;
        }
        k += 1;
    }
    out
}

/// The number of tokens from `j` that say "and a half" after a number word (`and a half`,
/// «و نیم», «ونصف» or «و نصف»), or 0.
fn half_at(toks: &[Tok], j: usize, lang: &Lang) -> usize {
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    match lang {
        Lang::En if t(j) == "and" && t(j + 1) == "a" && t(j + 2) == "half" => 3,
        Lang::Fa if t(j) == "و" && t(j + 1) == "نیم" => 2,
        Lang::Ar if t(j) == "ونصف" => 1,
        Lang::Ar if t(j) == "و" && t(j + 1) == "نصف" => 2,
        _ => 0,
    }
}

fn fraction_at(toks: &[Tok], k: usize, lang: &Lang) -> Option<(Quantity, usize)> {
    let t = |i: usize| toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
    let q = |num: f64, den: f64, a: usize, b: usize| Quantity {
        value: num / den,
        start: toks[a].start,
        end: toks[b].end,
        plain: false,
        approx: den == 3.0,
        negative: false,
        soft: false,
    };
    match lang {
        Lang::En => {
            let num = match t(k) {
                "a" | "one" => 1.0,
                "two" => 2.0,
                "three" => 3.0,
                "half" if t(k + 1) == "of" => return Some((q(1.0, 2.0, k, k), k + 1)),
                _ => return None,
            };
            let den = denominator(t(k + 1), lang)?;
            // `a third` needs `of` after it (`a third country` is an ordinal)
            if t(k) == "a" && den != 2.0 && t(k + 2) != "of" {
                return None;
            }
            Some((q(num, den, k, k + 1), k + 2))
        }
        Lang::Fa => {
            if matches!(t(k), "نیمی" | "نصف") {
                return Some((q(1.0, 2.0, k, k), k + 1));
            }
            let num = match word(t(k), lang) {
                Some(W::Unit(n)) if n < 10.0 => n,
                _ => return None,
            };
            let den = denominator(t(k + 1), lang)?;
            Some((q(num, den, k, k + 1), k + 2))
        }
        Lang::Ar => {
            let w = t(k);
            let next_def = t(k + 1).starts_with("ال");
            let den = match w {
                // «نصف النهائي»: the semi-final
                "نصف" if t(k + 1).contains("نهای") => return None,
                "نصف" => 2.0,
                "ثلث" => 3.0,
                "ربع" => 4.0,
                "ثلثی" | "ثلثا" => return Some((q(2.0, 3.0, k, k), k + 1)),
                "خمس" if next_def => 5.0,
                "عشر" if next_def => 10.0,
                _ => return None,
            };
            Some((q(1.0, den, k, k), k + 1))
        }
        Lang::Other(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::text::fold;

    fn vals(s: &str, l: &Lang) -> Vec<f64> {
        quantities(&fold(s), l)
            .into_iter()
            .filter(|q| !q.soft)
            .map(|q| q.value)
            .collect()
    }

    #[test]
    fn digits_of_every_script_and_separators() {
        assert_eq!(
            vals("12 and 2.5 and 14,500 dollars", &Lang::En),
            vec![12.0, 2.5, 14500.0]
        );
        assert_eq!(
            vals("۱۲ و ۲٫۵ و ۱۴٬۵۰۰ دلار", &Lang::Fa),
            vec![12.0, 2.5, 14500.0]
        );
        assert_eq!(vals("١٢ و ١٤٥٠٠ دولار", &Lang::Ar), vec![12.0, 14500.0]);
        assert_eq!(vals("1,234,567 people", &Lang::En), vec![1234567.0]);
        assert_eq!(vals("نرخ تورم ۲/۵ درصد", &Lang::Fa), vec![0.025]);
    }

    #[test]
    fn number_words_before_a_percent_word_are_a_percentage() {
        assert_eq!(vals("Prices rose fifteen percent.", &Lang::En), vec![0.15]);
        assert_eq!(
            vals("قیمت‌ها پانزده درصد افزایش یافت.", &Lang::Fa),
            vec![0.15]
        );
        assert_eq!(
            vals("ارتفعت الأسعار خمسة عشر بالمئة.", &Lang::Ar),
            vec![0.15]
        );
    }

    #[test]
    fn words_scales_and_percentages() {
        assert_eq!(
            vals("two thousand troops and twenty-two ships", &Lang::En),
            vec![2000.0, 22.0]
        );
        assert_eq!(
            vals("دو هزار نیرو و بیست و دو کشتی", &Lang::Fa),
            vec![2000.0, 22.0]
        );
        assert_eq!(
            vals("ألفي جندي واثنان وعشرون سفينة", &Lang::Ar),
            vec![2000.0, 22.0]
        );
        assert_eq!(
            vals("2.5 million barrels, 20% of output", &Lang::En),
            vec![2_500_000.0, 0.2]
        );
        assert_eq!(
            vals("۳ میلیون و ۲۰ درصد", &Lang::Fa),
            vec![3_000_000.0, 0.2]
        );
        assert_eq!(
            vals("٣ ملايين و٢٠ بالمیة و٢٠٪", &Lang::Ar),
            vec![3_000_000.0, 0.2, 0.2]
        );
        assert_eq!(vals("a fifth of the budget", &Lang::En), vec![0.2]);
        assert_eq!(vals("یک پنجم بودجه", &Lang::Fa), vec![0.2]);
        assert_eq!(vals("واعتقلت الشرطة ثلاثة مشتبه بهم", &Lang::Ar), vec![3.0]);
    }

    #[test]
    fn and_a_half_adds_half_a_unit() {
        // a new user's report: «دو و نیم میلیون» was read as 2 and 1,000,000
        assert_eq!(
            vals("ارتش دو و نیم میلیون نیرو دارد", &Lang::Fa),
            vec![2_500_000.0]
        );
        assert_eq!(
            vals("یک و نیم میلیارد دلار", &Lang::Fa),
            vec![1_500_000_000.0]
        );
        assert_eq!(
            vals("two and a half million troops", &Lang::En),
            vec![2_500_000.0]
        );
        assert_eq!(vals("two million and a half", &Lang::En), vec![2_500_000.0]);
        assert_eq!(vals("ثلاثة ونصف مليون", &Lang::Ar), vec![3_500_000.0]);
        // «و» followed by something else still ends the number («نیمی از»: half of)
        assert_eq!(vals("دو و نیمی از آنها", &Lang::Fa), vec![2.0, 0.5]);
    }

    fn signed(s: &str, l: &Lang) -> Vec<f64> {
        quantities(&fold(s), l)
            .into_iter()
            .map(|q| q.signed())
            .collect()
    }

    #[test]
    fn arabic_teens_and_ordinals_are_one_number() {
        // a new user's report: «السابعة عشرة» against `17th` was read as 10
        assert_eq!(vals("يمثل الدائرة السابعة عشرة.", &Lang::Ar), vec![17.0]);
        assert_eq!(vals("المقاطعة الثالثة عشرة", &Lang::Ar), vec![13.0]);
        assert_eq!(vals("القرن التاسع عشر", &Lang::Ar), vec![19.0]);
        assert_eq!(vals("للمرة الثانية عشرة", &Lang::Ar), vec![12.0]);
        assert_eq!(vals("الدورة الحادية والعشرين", &Lang::Ar), vec![21.0]);
        assert_eq!(
            vals("اثنتا عشرة نقطة واثني عشر لاعبا", &Lang::Ar),
            vec![12.0, 12.0]
        );
        assert_eq!(vals("أحد عشر وثلاثة وعشرون", &Lang::Ar), vec![11.0, 23.0]);
        assert_eq!(vals("في سن الثمانية عشر عامًا", &Lang::Ar), vec![18.0]);
        assert!(vals("احتل المركز الرابع", &Lang::Ar).is_empty());
        assert_eq!(vals("142 مليونًا من أتباعه", &Lang::Ar), vec![142e6]);
        // first and second alone, Monday, a semi-final: no count (an ordinal is soft)
        assert!(vals("المرة الثانية يوم الاثنين في نصف النهائي", &Lang::Ar).is_empty());
    }

    #[test]
    fn persian_and_english_ordinals_are_read() {
        assert_eq!(vals("حوزه هفدهم", &Lang::Fa), vec![17.0]);
        assert_eq!(vals("روز بیست و یکم", &Lang::Fa), vec![21.0]);
        assert_eq!(vals("سی و ششمین جلسه", &Lang::Fa), vec![36.0]);
        assert_eq!(
            vals("چهل و چهارمین دور و سی‌امین سالگرد", &Lang::Fa),
            vec![44.0, 30.0]
        );
        assert!(vals("دومین بار سهم سیم را انجام دهم", &Lang::Fa).is_empty());
        assert_eq!(
            vals("the twenty-first and seventeenth", &Lang::En),
            vec![21.0, 17.0]
        );
        assert!(vals("took fourth, his sixth", &Lang::En).is_empty());
        // a unit after a unit that is not tens starts another number
        assert_eq!(vals("three one-sided sessions", &Lang::En), vec![3.0]);
        assert!(vals("the second time, in the final third.", &Lang::En).is_empty());
    }

    #[test]
    fn thousands_separators_of_persian_and_arabic() {
        assert_eq!(vals("۲۶،۷۵۰ دلار", &Lang::Fa), vec![26750.0]);
        assert_eq!(vals("۱،۱۲۷ و ۲،۷۰۶", &Lang::Fa), vec![1127.0, 2706.0]);
        // with a space, U+060C separates a list
        assert_eq!(vals("اعداد ۲۶، ۷۵۰", &Lang::Fa), vec![26.0, 750.0]);
        assert_eq!(vals("150.000 سيارة", &Lang::Ar), vec![150_000.0]);
        assert_eq!(vals("1.234.567 شخص", &Lang::Ar), vec![1_234_567.0]);
        // decimals stay decimals
        assert_eq!(vals("۰٫۳ و ۲٫۲۵۰", &Lang::Fa), vec![0.3, 2.25]);
        assert_eq!(
            vals("2.5 و 0.500 و 2.250 مليار", &Lang::Ar),
            vec![2.5, 0.5, 2.25e9]
        );
        assert_eq!(vals("1.500 tons", &Lang::En), vec![1.5]);
    }

    #[test]
    fn percent_forms_times_and_money_millions() {
        assert_eq!(vals("افزایش ۲۵ درصدی و %90", &Lang::Fa), vec![0.25, 0.9]);
        assert_eq!(vals("at 7.55am", &Lang::En), vec![7.55]);
        assert_eq!(vals("ساعت ۷:۵۵ صبح", &Lang::Fa), vec![7.55]);
        assert_eq!(vals("for £125m", &Lang::En), vec![125e6]);
        assert_eq!(vals("a 100m sprint", &Lang::En), vec![100.0]);
    }

    #[test]
    fn minus_signs_and_words_make_negatives() {
        assert_eq!(signed("Growth was -0.3 percent.", &Lang::En), vec![-0.003]);
        assert_eq!(signed("minus 5 degrees", &Lang::En), vec![-5.0]);
        assert_eq!(signed("رشد -۰٫۳ درصد", &Lang::Fa), vec![-0.003]);
        // typed after the number in right-to-left text
        assert_eq!(signed("رشد ۰٫۳- درصد", &Lang::Fa), vec![-0.003]);
        assert_eq!(signed("دمای منفی پنج درجه", &Lang::Fa), vec![-5.0]);
        assert_eq!(signed("نمو سالب 0.3", &Lang::Ar), vec![-0.3]);
        // hyphens of names and ranges are not signs
        assert_eq!(
            signed("COVID-19 hit 70-90% of 5 -10", &Lang::En),
            vec![19.0, 70.0, 0.9, 5.0, 10.0]
        );
        assert_eq!(
            signed("نتیجه ۱۸-۷ در سال ۱۳۹۷- گفت", &Lang::Fa),
            vec![18.0, 7.0, 1397.0]
        );
    }

    #[test]
    fn lone_one_and_ordinals_are_not_counts() {
        assert!(vals("one of the countries, a third country", &Lang::En).is_empty());
        assert!(vals("بیش از یک دهه", &Lang::Fa).is_empty());
    }
}
