//! Names of people, places and organizations matched across scripts by transliteration.
//!
//! English names are runs of capitalized words (with connectors such as `al-`, `bin`) minus
//! titles (`President`, `General`, `Ayatollah`) and common capitalized words (`Islamic`,
//! `Republic`, demonyms). Each English name part is matched to the Persian or Arabic words of
//! the aligned bead by consonant skeleton ([`crate::anchor::skeleton_latin`] and
//! [`crate::anchor::skeleton_arabic`]), allowing one differing consonant class for skeletons of
//! four or more and a compound on either side (`Mohammad Reza` = «محمدرضا», `Abdul Karim` =
//! «عبدالکریم»). A name is a **name mismatch** when, in an aligned bead:
//! - a person name (two parts or more) is partly found: a part is dropped (`Abdul Karim Mahmoud
//!   Ibrahim` vs «عبد الكريم إبراهيم»);
//! - the edition inserts a word between the found parts (`Mohammad Reza Ashtiani` vs
//!   «محمدرضا قرائی آشتیانی»);
//! - a person name is found nowhere in the bead nor anywhere else in the edition (another
//!   person, or a person left out). A name missing from one sentence but present elsewhere in
//!   the edition is a pronoun or title used instead (`Ashtiani added` vs «وزیر دفاع افزود») and
//!   is not reported.

use super::text::{Folded, Tok};
use crate::anchor::{skeleton_arabic, skeleton_latin, EN_FUNCTION_WORDS};

/// A target word with its skeleton and its skeleton without a leading «و».
pub type Tok3 = (Tok, String, String);

/// Capitalized English words that are titles, not name parts.
const TITLES: &[&str] = &[
    "president",
    "general",
    "brigadier",
    "major",
    "colonel",
    "lieutenant",
    "commander",
    "admiral",
    "minister",
    "ministers",
    "prime",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "interior",
    "ayatollah",
    "grand",
    "leader",
    "supreme",
    "imam",
    "hojatoleslam",
    "sheikh",
    "shaikh",
    "king",
    "queen",
    "prince",
    "emir",
    "sultan",
    "mr",
    "mrs",
    "ms",
    "dr",
    "chief",
    "spokesman",
    "spokeswoman",
    "ambassador",
    "envoy",
    "secretary",
    "speaker",
    "senator",
    "governor",
    "mayor",
    "judge",
    "saint",
    "sir",
    "lord",
    "seyed",
    "sayyid",
    "sayed",
    "seyyed",
];

/// Capitalized English words that are not names of people (institutions, demonyms, calendar),
/// besides the function words [`crate::anchor::EN_FUNCTION_WORDS`].
const COMMON: &[&str] = &[
    "touching",
    "referring",
    "islamic",
    "republic",
    "revolution",
    "revolutionary",
    "guard",
    "guards",
    "corps",
    "army",
    "forces",
    "force",
    "ministry",
    "council",
    "security",
    "assembly",
    "parliament",
    "government",
    "state",
    "states",
    "united",
    "nations",
    "league",
    "union",
    "european",
    "arab",
    "arabs",
    "iranian",
    "syrian",
    "turkish",
    "russian",
    "american",
    "israeli",
    "iraqi",
    "lebanese",
    "saudi",
    "persian",
    "gulf",
    "middle",
    "east",
    "west",
    "north",
    "south",
    "western",
    "eastern",
    "northern",
    "southern",
    "news",
    "agency",
    "organization",
    "international",
    "national",
    "committee",
    "court",
    "office",
    "department",
    "party",
    "front",
    "movement",
    "resistance",
    "zionist",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "god",
    "allah",
    "quran",
    "prophet",
    "daesh",
    "isil",
    "isis",
    "tasnim",
    "irna",
    "fars",
];

/// True for a lower-cased word that is no name of a person.
fn is_common(lw: &str) -> bool {
    EN_FUNCTION_WORDS.contains(&lw) || COMMON.contains(&lw)
}

const CONNECTORS: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "abou", "ul", "ol", "de", "van", "von",
];

/// An English name: its parts' token indexes and its folded char extent.
#[derive(Clone, Debug)]
pub struct EnName {
    /// Folded char index of the first part.
    pub start: usize,
    /// One past the last part.
    pub end: usize,
    /// The parts: (folded start, folded end, skeleton).
    pub parts: Vec<(usize, usize, String)>,
}

/// Skeleton of an English word (`Abdul...` gives `BT` + the rest).
pub fn latin_skeleton(w: &str) -> String {
    let l = w.to_lowercase();
    for p in ["abdul", "abdol", "abdel", "abdal"] {
        if let Some(rest) = l.strip_prefix(p) {
            return format!("BT{}", skeleton_latin(rest));
        }
    }
    skeleton_latin(&l)
}

/// Skeleton of a folded Persian/Arabic word: `عبدال...` gives `BT` + the rest; a final `ه`
/// before ZWNJ is dropped (`خامنه‌ای`).
pub fn arabic_skeleton(w: &str) -> String {
    let w = w.replace("ه\u{200C}", "").replace('\u{200C}', "");
    if let Some(rest) = w.strip_prefix("عبدال").filter(|r| r.chars().count() >= 2) {
        return format!("BT{}", skeleton_arabic(rest));
    }
    skeleton_arabic(&w)
}

/// The English names of a folded sentence; `orig` is the original text as chars (for case).
pub fn english_names(f: &Folded, orig: &[char]) -> Vec<EnName> {
    let toks = f.tokens();
    let is_cap = |t: &Tok| orig.get(f.map[t.start]).is_some_and(|c| c.is_uppercase());
    let all_caps = |t: &Tok| {
        let (a, b) = f.orig(t.start, t.end);
        b - a >= 2 && orig[a..b].iter().all(|c| c.is_uppercase())
    };
    let mut out: Vec<EnName> = Vec::new();
    // a headline in title case has no reliable names
    let long: Vec<&Tok> = toks
        .iter()
        .filter(|t| !t.digits && t.end - t.start >= 4)
        .collect();
    let function_word = toks
        .iter()
        .skip(1)
        .any(|t| is_cap(t) && EN_FUNCTION_WORDS.contains(&t.text.as_str()));
    let ends_sentence = f
        .chars
        .iter()
        .rev()
        .find(|c| !matches!(c, ' ' | '"' | '\'' | '»' | '”'))
        .is_some_and(|c| matches!(c, '.' | '!' | '?'));
    if (function_word || long.len() >= 5)
        && !ends_sentence
        && long.len() >= 3
        && long.iter().filter(|t| is_cap(t)).count() * 10 >= long.len() * 8
    {
        return out;
    }
    let mut cur: Option<EnName> = None;
    let mut last_end = 0usize;
    for (k, t) in toks.iter().enumerate() {
        let lw = t.text.as_str();
        let gap_ok = |cur: &Option<EnName>| {
            cur.is_some()
                && f.chars[last_end..t.start]
                    .iter()
                    .all(|c| matches!(c, ' ' | '-'))
                && t.start - last_end <= 2
        };
        if !t.digits
            && is_cap(t)
            && !all_caps(t)
            && !is_common(lw)
            && !TITLES.contains(&lw)
            && !lw.contains('\'')
        {
            let sk = latin_skeleton(lw);
            let continuing = gap_ok(&cur);
            if !continuing {
                if let Some(n) = cur.take() {
                    out.push(n);
                }
                cur = Some(EnName {
                    start: t.start,
                    end: t.end,
                    parts: vec![],
                });
            }
            if let Some(n) = cur.as_mut() {
                n.parts.push((t.start, t.end, sk));
                n.end = t.end;
            }
            last_end = t.end;
            // a possessive `'s` ends the name
            if f.chars.get(t.end) == Some(&'\'') {
                if let Some(n) = cur.take() {
                    out.push(n);
                }
            }
        } else if !t.digits
            && CONNECTORS.contains(&lw)
            && gap_ok(&cur)
            && toks.get(k + 1).is_some_and(is_cap)
        {
            // `al-Assad`: the hyphen after a connector joins
            last_end = if f.chars.get(t.end) == Some(&'-') {
                t.end + 1
            } else {
                t.end
            };
        } else if let Some(n) = cur.take() {
            out.push(n);
        }
    }
    if let Some(n) = cur.take() {
        out.push(n);
    }
    out
}

/// Whether two skeletons are the same name: equal, or (both four or more classes) one edit apart.
pub fn skeletons_match(a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() < 4 || b.len() < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    // Levenshtein distance <= 1
    let (s, l) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    let mut i = 0;
    while i < s.len() && s[i] == l[i] {
        i += 1;
    }
    if s.len() == l.len() {
        s[i + 1..] == l[i + 1..]
    } else {
        s[i..] == l[i + 1..]
    }
}

/// The words of a Persian/Arabic folded sentence with their skeletons (also without a leading
/// «و» conjunction).
pub fn target_words(f: &Folded) -> Vec<(Tok, String, String)> {
    f.tokens()
        .into_iter()
        .filter(|t| !t.digits)
        .map(|t| {
            let sk = arabic_skeleton(&t.text);
            let bare = t
                .text
                .strip_prefix('و')
                .filter(|r| r.chars().count() >= 3)
                .map(arabic_skeleton)
                .unwrap_or_default();
            (t, sk, bare)
        })
        .collect()
}

/// Matches the parts of an English name against target words; returns for each part the index
/// (into `words`) of the word that matched it. Among several candidates the assignment with the
/// parts closest together is kept (`Ebrahim Raisi` = «إبراهيم رئيسي», not «الرئيس»).
pub fn match_parts(name: &EnName, words: &[Tok3]) -> Vec<Option<usize>> {
    let n = name.parts.len();
    let hit = |sk: &str, w: &Tok3| skeletons_match(sk, &w.1) || skeletons_match(sk, &w.2);
    // candidates per part: (word, also covers the next part)
    let mut cand: Vec<Vec<(usize, bool)>> = vec![Vec::new(); n];
    #[allow(clippy::needless_range_loop)]
    for i in 0..n {
        let sk = &name.parts[i].2;
        if i + 1 < n {
            let joined = format!("{}{}", sk, name.parts[i + 1].2);
            for (k, w) in words.iter().enumerate() {
                if w.1 == joined || w.2 == joined {
                    cand[i].push((k, true));
                }
            }
        }
        for (k, w) in words.iter().enumerate() {
            if hit(sk, w) {
                cand[i].push((k, false));
            }
        }
        // compound on the English side: two target words as one part
        for k in 0..words.len().saturating_sub(1) {
            if format!("{}{}", words[k].1, words[k + 1].1) == *sk {
                cand[i].push((k, false));
            }
        }
    }
    let assign = |first: usize, start: (usize, bool)| -> Vec<Option<usize>> {
        let mut found = vec![None; n];
        found[first] = Some(start.0);
        let mut prev = start.0;
        let mut i = first + if start.1 { 1 } else { 0 };
        if start.1 {
            found[i] = Some(start.0);
        }
        i += 1;
        while i < n {
            let best = cand[i]
                .iter()
                .min_by_key(|(k, _)| (k.abs_diff(prev), *k < prev));
            if let Some(&(k, both)) = best {
                found[i] = Some(k);
                prev = k;
                if both && i + 1 < n {
                    i += 1;
                    found[i] = Some(k);
                }
            }
            i += 1;
        }
        found
    };
    let Some(first) = (0..n).find(|&i| !cand[i].is_empty()) else {
        return vec![None; n];
    };
    let spread = |f: &Vec<Option<usize>>| {
        let v: Vec<usize> = f.iter().flatten().copied().collect();
        let (lo, hi) = (
            v.iter().min().copied().unwrap_or(0),
            v.iter().max().copied().unwrap_or(0),
        );
        (usize::MAX - v.len(), hi - lo)
    };
    cand[first]
        .iter()
        .map(|&c| assign(first, c))
        .min_by_key(spread)
        .unwrap_or_else(|| vec![None; n])
}

/// True when a folded target word is a connector inside names (`بن`, `ابن`, `ابو`, «و»).
pub fn is_name_connector(w: &str) -> bool {
    matches!(w, "بن" | "ابن" | "ابو" | "بنت" | "و" | "ال")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::text::fold;

    #[test]
    fn english_names_skip_titles_and_join_connectors() {
        let s = "Iranian Defense Minister Brigadier General Mohammad Reza Ashtiani met President Bashar al-Assad.";
        let f = fold(s);
        let chars: Vec<char> = s.chars().collect();
        let names = english_names(&f, &chars);
        let parts: Vec<Vec<String>> = names
            .iter()
            .map(|n| n.parts.iter().map(|p| f.slice(p.0, p.1)).collect())
            .collect();
        assert_eq!(
            parts,
            vec![
                vec!["mohammad", "reza", "ashtiani"],
                vec!["bashar", "assad"]
            ]
        );
    }

    #[test]
    fn compounds_match_across_scripts() {
        let s = "Mohammad Reza Ashtiani";
        let f = fold(s);
        let chars: Vec<char> = s.chars().collect();
        let n = &english_names(&f, &chars)[0];
        let w = target_words(&fold("محمدرضا قرائی آشتیانی"));
        assert_eq!(match_parts(n, &w), vec![Some(0), Some(0), Some(2)]);
        let s2 = "Abdul Karim Mahmoud Ibrahim";
        let n2 = &english_names(&fold(s2), &s2.chars().collect::<Vec<_>>())[0];
        assert_eq!(
            match_parts(n2, &target_words(&fold("عبد الكريم إبراهيم"))),
            vec![Some(0), Some(1), None, Some(2)]
        );
        assert_eq!(
            match_parts(n2, &target_words(&fold("عبدالکریم محمود ابراهیم"))),
            vec![Some(0), Some(0), Some(1), Some(2)]
        );
    }
}
