//! Word-level differences between two editions in the same language (an English report and
//! its updated English version), with the `similar` crate (Myers' diff over words).
//!
//! Words are split by `similar`'s `TextDiff::from_words` (runs of non-space and runs of
//! space); spans are char offsets into the original sentence texts.

use super::Span;
use crate::corpus::Sentence;
use similar::{ChangeTag, TextDiff};

/// The words removed from the `src` sentences and inserted into the `tgt` sentences of one
/// bead, as spans, with a readable detail (`-old words +new words`); `None` if the texts are
/// the same word for word. Sentences of a side are joined with one space.
pub fn bead_changes(
    src: &[Sentence],
    tgt: &[Sentence],
    sids: &[usize],
    tids: &[usize],
) -> Option<super::Found> {
    let join = |s: &[Sentence], ids: &[usize]| -> (String, Vec<(usize, usize)>) {
        // (text, [(sentence id, start char of the sentence in the joined text)])
        let mut text = String::new();
        let mut starts = Vec::new();
        let mut n = 0;
        for &i in ids {
            if !text.is_empty() {
                text.push(' ');
                n += 1;
            }
            starts.push((i, n));
            let t = s.get(i).map(|x| x.text.as_str()).unwrap_or("");
            text.push_str(t);
            n += t.chars().count();
        }
        (text, starts)
    };
    let (a, astarts) = join(src, sids);
    let (b, bstarts) = join(tgt, tids);
    let (del, ins) = word_changes(&a, &b);
    if del.is_empty() && ins.is_empty() {
        return None;
    }
    // a range may cross from one sentence of the side into the next: cut it at the joins
    let to_spans = |v: &[(usize, usize)], starts: &[(usize, usize)], s: &[Sentence]| -> Vec<Span> {
        let mut out = Vec::new();
        for &(a, b) in v {
            for &(id, off) in starts {
                let len = s.get(id).map_or(0, |x| x.text.chars().count());
                let (lo, hi) = (a.max(off), b.min(off + len));
                if lo < hi {
                    out.push(Span {
                        sent: id,
                        start: lo - off,
                        end: hi - off,
                    });
                }
            }
        }
        out
    };
    let show = |t: &str, v: &[(usize, usize)], sign: char| -> Vec<String> {
        v.iter()
            .map(|&(s, e)| {
                format!(
                    "{sign}“{}”",
                    t.chars().skip(s).take(e - s).collect::<String>()
                )
            })
            .collect()
    };
    let mut parts = show(&a, &del, '-');
    parts.extend(show(&b, &ins, '+'));
    Some((
        to_spans(&del, &astarts, src),
        to_spans(&ins, &bstarts, tgt),
        parts.join(" "),
    ))
}

/// Char ranges `[start, end)`.
pub type Ranges = Vec<(usize, usize)>;

/// Char ranges of the words deleted from `old` and inserted into `new` (adjacent changed words
/// form one range; spaces alone are not reported).
pub fn word_changes(old: &str, new: &str) -> (Ranges, Ranges) {
    let d = TextDiff::from_words(old, new);
    let (mut del, mut ins) = (Vec::new(), Vec::new());
    let (mut po, mut pn) = (0usize, 0usize);
    let push = |v: &mut Vec<(usize, usize)>, s: usize, e: usize, blank: bool| {
        if let Some(last) = v.last_mut() {
            if last.1 == s {
                last.1 = e;
                return;
            }
        }
        if !blank {
            v.push((s, e));
        }
    };
    for c in d.iter_all_changes() {
        let n = c.value().chars().count();
        let blank = c.value().trim().is_empty();
        match c.tag() {
            ChangeTag::Equal => {
                po += n;
                pn += n;
            }
            ChangeTag::Delete => {
                push(&mut del, po, po + n, blank);
                po += n;
            }
            ChangeTag::Insert => {
                push(&mut ins, pn, pn + n, blank);
                pn += n;
            }
        }
    }
    // trailing spaces of a range are not part of the change
    let trim = |t: &str, v: &mut Vec<(usize, usize)>| {
        let chars: Vec<char> = t.chars().collect();
        for r in v.iter_mut() {
            while r.1 > r.0 && chars[r.1 - 1].is_whitespace() {
                r.1 -= 1;
            }
        }
        v.retain(|r| r.1 > r.0);
    };
    trim(old, &mut del);
    trim(new, &mut ins);
    (del, ins)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_char_ranges() {
        let (d, i) = word_changes(
            "At least 12 people were hurt.",
            "At least 15 people were hurt.",
        );
        assert_eq!(d, vec![(9, 11)]);
        assert_eq!(i, vec![(9, 11)]);
        let (d, i) = word_changes(
            "Police arrested three suspects.",
            "Police arrested three more suspects.",
        );
        assert!(d.is_empty());
        assert_eq!(i, vec![(22, 26)]);
    }
}
