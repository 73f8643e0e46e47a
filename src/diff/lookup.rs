//! The words of a whole target edition, indexed for "is this name skeleton anywhere?" queries.
//!
//! [`names::skeletons_match`] allows one edit, so a set lookup is not enough; a linear scan per
//! query made a long edition quadratic (every name of every bead against every target word).
//! Here the distinct words are grouped by length in chars (a match differs by at most one), and
//! answers are memoized per query.

use super::names;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// Distinct target words by length in chars, with a memo of answers.
#[derive(Debug, Default)]
pub(crate) struct WordLookup {
    exact: HashSet<String>,
    by_len: HashMap<usize, Vec<String>>,
    memo: RefCell<HashMap<String, bool>>,
}

impl WordLookup {
    pub(crate) fn new(words: impl IntoIterator<Item = String>) -> WordLookup {
        let exact: HashSet<String> = words.into_iter().collect();
        let mut by_len: HashMap<usize, Vec<String>> = HashMap::new();
        for w in &exact {
            by_len.entry(w.chars().count()).or_default().push(w.clone());
        }
        WordLookup {
            exact,
            by_len,
            memo: RefCell::default(),
        }
    }

    /// True when some word matches `skeleton` by [`names::skeletons_match`].
    pub(crate) fn any_match(&self, skeleton: &str) -> bool {
        if skeleton.is_empty() {
            return false;
        }
        if self.exact.contains(skeleton) {
            return true;
        }
        if let Some(&r) = self.memo.borrow().get(skeleton) {
            return r;
        }
        let n = skeleton.chars().count();
        let r = [n.saturating_sub(1), n, n + 1]
            .iter()
            .filter_map(|l| self.by_len.get(l))
            .any(|ws| ws.iter().any(|w| names::skeletons_match(skeleton, w)));
        self.memo.borrow_mut().insert(skeleton.to_owned(), r);
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_agrees_with_a_scan() {
        let words: Vec<String> = ["mhmd", "rhmn", "zrf", "", "tehrn"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let l = WordLookup::new(words.clone());
        for q in [
            "mhmd", "mhmmd", "mhd", "rhmnn", "zrf", "zr", "", "thrn", "tehrnx", "xyz",
        ] {
            assert_eq!(
                l.any_match(q),
                words.iter().any(|w| names::skeletons_match(q, w)),
                "{q}"
            );
            assert_eq!(
                l.any_match(q),
                words.iter().any(|w| names::skeletons_match(q, w)),
                "memo {q}"
            );
        }
    }
}
