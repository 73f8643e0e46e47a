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
//!   so it equals 33%).

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
}

enum W {
    Unit(f64),
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
            "واحد" | "واحده" => Unit(1.0),
            "اثنان" | "اثنین" | "اثنتان" | "اثنتین" => Unit(2.0),
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
            "ملیون" | "ملایین" => Scale(1e6),
            "ملیار" | "ملیارات" => Scale(1e9),
            _ => return None,
        },
        Lang::Other(_) => return None,
    };
    Some(v)
}

/// A number word, trying the Arabic conjunction «و» as a prefix.
fn number_word(w: &str, lang: &Lang) -> Option<(W, bool)> {
    if let Some(x) = word(w, lang) {
        return Some((x, false));
    }
    if *lang == Lang::Ar {
        if let Some(r) = w.strip_prefix('و') {
            if let Some(x) = word(r, lang) {
                return Some((x, true));
            }
        }
    }
    None
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
        Lang::Fa if t(k) == "درصد" => 1,
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
            let start = t.start;
            let mut int = t.text.clone();
            let mut frac = String::new();
            let mut end = t.end;
            let mut plain = true;
            let mut j = k + 1;
            let grouped = t.text.len() <= 3;
            while grouped
                && j < toks.len()
                && toks[j].digits
                && toks[j].start == end + 1
                && c[end] == ','
                && toks[j].text.len() == 3
            {
                int.push_str(&toks[j].text);
                end = toks[j].end;
                plain = false;
                j += 1;
            }
            // `.` (and U+066B, folded to `.`) is the decimal point; Persian also writes `۲/۵`
            let slash_decimal = *lang == Lang::Fa
                && c.get(end) == Some(&'/')
                && !(j + 1 < toks.len()
                    && toks[j + 1].digits
                    && toks
                        .get(j)
                        .is_some_and(|t| toks[j + 1].start == t.end + 1 && c[t.end] == '/'));
            if j < toks.len()
                && toks[j].digits
                && toks[j].start == end + 1
                && (c[end] == '.' || slash_decimal)
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
            // a following percent sign, percent word or scale word
            let mut p = end;
            while p < c.len() && c[p] == ' ' {
                p += 1;
            }
            if p < c.len() && (c[p] == '%' || c[p] == '٪') {
                value /= 100.0;
                end = p + 1;
                plain = false;
            } else if let Some(s) = toks.get(j).and_then(|n| scale_of(&n.text, lang)) {
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
            });
            k = j;
            continue;
        }
        // fractions written in words
        if let Some((q, next)) = fraction_at(&toks, k, lang) {
            out.push(q);
            k = next;
            continue;
        }
        // number words
        if let Some((W::Unit(_) | W::Hundred | W::Fixed(_) | W::Scale(_), _)) =
            number_word(&t.text, lang)
        {
            let (mut total, mut cur) = (0.0f64, 0.0f64);
            let mut words = 0;
            let start = t.start;
            let mut end = t.end;
            let mut j = k;
            let mut single_one = false;
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
                    single_one = false;
                    words += 1;
                    end = toks[j + half - 1].end;
                    j += half;
                    continue;
                }
                let Some((w, _)) = number_word(&toks[j].text, lang) else {
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
                                        Some((W::Unit(_) | W::Fixed(_) | W::Hundred, _))
                                    )
                            })
                        {
                            break;
                        }
                    }
                    W::Unit(n) => {
                        single_one = words == 0 && n == 1.0;
                        cur += n;
                    }
                    W::Hundred => cur = cur.max(1.0) * 100.0,
                    W::Fixed(n) if n >= 1000.0 => total += n,
                    W::Fixed(n) => cur += n,
                    W::Scale(s) => {
                        total += cur.max(1.0) * s;
                        cur = 0.0;
                        last_scale = s;
                    }
                }
                if !matches!(w, W::Conn) {
                    words += 1;
                    end = toks[j].end;
                }
                j += 1;
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
            if !(words == 1 && single_one) && words > 0 {
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
            if num == 1.0 && den != 2.0 && t(k + 2) != "of" {
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

    #[test]
    fn lone_one_and_ordinals_are_not_counts() {
        assert!(vals("one of the countries, a third country", &Lang::En).is_empty());
        assert!(vals("بیش از یک دهه", &Lang::Fa).is_empty());
    }
}
