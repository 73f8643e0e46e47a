//! Preparing the two sides of a pair for scoring.
//!
//! Tokens are computed once per run, as ids of a vocabulary per side, each distinct word of
//! the corpus side tokenized once ([`Tokenizer`]); each pass then gives every vocabulary entry its *concepts* ([`concept_table`]): its own form
//! (so numbers and names written alike match), a 4-char prefix for same-script pairs (cognates),
//! and one id per lexicon link. A counted token of a Persian/Arabic sentence also carries its
//! consonant skeleton, and an English capitalized word its skeleton, so names match across
//! scripts ([`crate::anchor`]). A date counts as its Gregorian date in any calendar
//! ([`date_tokens`]). Two tokens of the two sides *cover* each other when they share a
//! concept.

use super::hash::{IntMap, IntSet};
use super::lexicon::{token, Lexicon};
use crate::anchor::{skeleton_arabic, skeleton_latin, words};
use crate::corpus::Sentence;
use crate::Lang;
use std::collections::HashMap;
use std::ops::Range;

/// One side of a pair, prepared for scoring.
pub(super) struct Side {
    /// Length in chars of each normalized sentence.
    pub(super) len: Vec<usize>,
    /// Concept ids of every counted token, token after token (each token's ids sorted).
    concepts: Vec<u64>,
    /// End of each counted token's ids in `concepts`.
    tok_end: Vec<u32>,
    /// First counted token of each sentence in `tok_end` (`m + 1` entries).
    sent_tok: Vec<u32>,
    /// The sorted union of each sentence's concepts, sentence after sentence.
    union: Vec<u64>,
    /// Start of each sentence's union in `union` (`m + 1` entries).
    union_start: Vec<u32>,
    /// For each concept of `union`, the first 64 counted tokens of its sentence that carry
    /// it, as a bit mask.
    umask: Vec<u64>,
    /// A 512-bit Bloom filter of each sentence's union (one bit per concept, from the top 9
    /// bits of its hash): most concepts a sentence lacks are rejected without a search.
    bloom: Vec<[u64; 8]>,
    /// Postings by concept (only for sides of more than [`POSTINGS_MIN_SENTENCES`] and at most
    /// [`POSTINGS_MAX_SENTENCES`] sentences).
    postings: Option<Postings>,
    /// Per sentence, bit `n` set when counted token `n` (`n < 64`) is a number.
    pub(super) num_bits: Vec<u64>,
    /// Per sentence, true when its words look run together ([`run_together`]): its
    /// tokens are then no evidence either way.
    pub(super) damaged: Vec<bool>,
    /// Per sentence, how many sentences the segmenter finds in it ([`sentence_parts`]): more
    /// than one only in presegmented input, where a line may hold two sentences joined.
    pub(super) parts: Vec<u8>,
    /// Unit sentence vectors, one per sentence, or none (no embeddings).
    pub(super) vecs: Vec<Vec<f32>>,
    /// Unit vectors of embedded concatenations of sentences, by `(first, count)` with
    /// `count >= 2` (see [`super::SpanVectors`]); empty: sums of sentence vectors stand in.
    pub(super) spans: HashMap<(usize, usize), Vec<f32>>,
    /// Dot products of each sentence's vector with the next one's and the one after
    /// (for the norm of a multi-sentence sum); empty without vectors.
    pub(super) self_dot: Vec<[f32; 2]>,
    /// The mean of the other side's unit sentence vectors (empty without vectors, or before
    /// [`set_hubs`]): a vector's dot product with it is its mean cosine with every sentence of
    /// the other text ([`Side::hub_of`]).
    pub(super) other_mean: Vec<f32>,
    /// Per sentence, its vector's mean cosine with the other side's sentences.
    pub(super) hub: Vec<f32>,
}

impl Side {
    /// The sentences the segmenter finds in sentences `r` together ([`Side::parts`]).
    pub(super) fn parts_of(&self, r: Range<usize>) -> usize {
        self.parts[r].iter().map(|&p| p as usize).sum()
    }
    pub(super) fn len_of(&self, r: Range<usize>) -> usize {
        let k = r.len();
        self.len[r].iter().sum::<usize>() + k.saturating_sub(1)
    }
    pub(super) fn ntok(&self, i: usize) -> usize {
        (self.sent_tok[i + 1] - self.sent_tok[i]) as usize
    }
    /// The concept ids of each counted token of sentence `i`.
    pub(super) fn token_concepts(&self, i: usize) -> impl Iterator<Item = &[u64]> {
        (self.sent_tok[i] as usize..self.sent_tok[i + 1] as usize).map(move |t| {
            let start = if t == 0 {
                0
            } else {
                self.tok_end[t - 1] as usize
            };
            &self.concepts[start..self.tok_end[t] as usize]
        })
    }
    pub(super) fn union_of(&self, i: usize) -> &[u64] {
        &self.union[self.union_start[i] as usize..self.union_start[i + 1] as usize]
    }
    /// For each concept of [`Side::union_of`] `i`, the mask of the first 64 counted tokens
    /// that carry it.
    pub(super) fn union_masks(&self, i: usize) -> &[u64] {
        &self.umask[self.union_start[i] as usize..self.union_start[i + 1] as usize]
    }
    /// True when the side has postings ([`Side::sentences_with`], [`Side::tokens_with`]).
    pub(super) fn has_postings(&self) -> bool {
        self.postings.is_some()
    }
    /// Sentences `lo..=hi` whose union holds concept `c`, in order (none without postings).
    pub(super) fn sentences_with(
        &self,
        c: u64,
        lo: usize,
        hi: usize,
    ) -> impl Iterator<Item = usize> + '_ {
        let p = self.postings.as_ref().map_or(&[][..], |p| p.sentences(c));
        let start = p.partition_point(|&k| (k as usize) < lo);
        p[start..]
            .iter()
            .take_while(move |&&k| k as usize <= hi)
            .map(|&k| k as usize)
    }
    /// `(sentence, token)` of the first 64 counted tokens of sentences `lo..=hi` that carry
    /// concept `c`, in order (none without postings).
    pub(super) fn tokens_with(
        &self,
        c: u64,
        lo: usize,
        hi: usize,
    ) -> impl Iterator<Item = (usize, usize)> + '_ {
        let p = self.postings.as_ref().map_or(&[][..], |p| p.tokens(c));
        let start = p.partition_point(|&(k, _)| (k as usize) < lo);
        p[start..]
            .iter()
            .take_while(move |&&(k, _)| k as usize <= hi)
            .map(|&(k, n)| (k as usize, n as usize))
    }
    /// True when concept `c` may be in sentence `i`'s union (false: it is not).
    #[inline]
    pub(super) fn may_have(&self, i: usize, c: u64) -> bool {
        let b = (c >> 55) as usize;
        self.bloom[i][b >> 6] & (1 << (b & 63)) != 0
    }
    pub(super) fn nnum(&self, i: usize) -> usize {
        self.num_bits[i].count_ones() as usize
    }
}

/// Postings of one side: for every concept of a sentence's union, the sentences that hold it,
/// and the `(sentence, token)` of the first 64 counted tokens of each sentence that carry it,
/// each list in document order. Lists are numbered per side (`index`) and laid out one after
/// the other, so building them is a counting pass, not a sort.
struct Postings {
    /// Concept -> its number on this side.
    index: IntMap<u64, u32>,
    /// Start of each concept's sentences in `sent` (one more than there are concepts).
    sent_start: Vec<u32>,
    sent: Vec<u32>,
    /// Start of each concept's `(sentence, token)` pairs in `tok`.
    tok_start: Vec<u32>,
    tok: Vec<(u32, u32)>,
}

impl Postings {
    fn sentences(&self, c: u64) -> &[u32] {
        self.index.get(&c).map_or(&[], |&x| {
            &self.sent
                [self.sent_start[x as usize] as usize..self.sent_start[x as usize + 1] as usize]
        })
    }
    fn tokens(&self, c: u64) -> &[(u32, u32)] {
        self.index.get(&c).map_or(&[], |&x| {
            &self.tok[self.tok_start[x as usize] as usize..self.tok_start[x as usize + 1] as usize]
        })
    }

    /// The postings of a side whose sentences' unions are `union` (sentence `i`'s at
    /// `union_start[i]..union_start[i + 1]`) and whose counted tokens' concepts are
    /// `concepts` (token `t`'s ending at `tok_end[t]`, sentence `i`'s tokens from
    /// `sent_tok[i]`).
    fn new(
        union: &[u64],
        union_start: &[u32],
        concepts: &[u64],
        tok_end: &[u32],
        sent_tok: &[u32],
    ) -> Postings {
        let mut index: IntMap<u64, u32> = IntMap::default();
        index.reserve(union.len());
        // number each concept, count its sentences and tokens
        let mut sent_count: Vec<u32> = Vec::new();
        for &c in union {
            let n = index.len() as u32;
            let x = *index.entry(c).or_insert(n);
            if x == n {
                sent_count.push(0);
            }
            sent_count[x as usize] += 1;
        }
        let k = sent_count.len();
        let mut tok_count = vec![0u32; k];
        let mut tok_ids: Vec<u32> = Vec::new();
        let m = union_start.len().saturating_sub(1);
        for i in 0..m {
            let (t0, t1) = (sent_tok[i] as usize, sent_tok[i + 1] as usize);
            for t in t0..t1.min(t0 + 64) {
                let start = if t == 0 { 0 } else { tok_end[t - 1] as usize };
                for c in &concepts[start..tok_end[t] as usize] {
                    // every token concept is in its sentence's union, so numbered
                    let x = index.get(c).copied().unwrap_or(0);
                    tok_count[x as usize] += 1;
                    tok_ids.push(x);
                }
            }
        }
        let prefix = |counts: &[u32]| {
            let mut s = Vec::with_capacity(counts.len() + 1);
            s.push(0u32);
            for &c in counts {
                s.push(s[s.len() - 1] + c);
            }
            s
        };
        let (sent_start, tok_start) = (prefix(&sent_count), prefix(&tok_count));
        let mut fill = sent_start.clone();
        let mut sent = vec![0u32; union.len()];
        for i in 0..m {
            for c in &union[union_start[i] as usize..union_start[i + 1] as usize] {
                let x = index.get(c).copied().unwrap_or(0) as usize;
                sent[fill[x] as usize] = i as u32;
                fill[x] += 1;
            }
        }
        let mut fill = tok_start.clone();
        let mut tok = vec![(0u32, 0u32); tok_ids.len()];
        let mut ids = tok_ids.iter();
        for i in 0..m {
            let (t0, t1) = (sent_tok[i] as usize, sent_tok[i + 1] as usize);
            for t in t0..t1.min(t0 + 64) {
                let start = if t == 0 { 0 } else { tok_end[t - 1] as usize };
                for _ in start..tok_end[t] as usize {
                    let x = ids.next().copied().unwrap_or(0) as usize;
                    tok[fill[x] as usize] = (i as u32, (t - t0) as u32);
                    fill[x] += 1;
                }
            }
        }
        Postings {
            index,
            sent_start,
            sent,
            tok_start,
            tok,
        }
    }
}

/// A concept id: a hash of a kind tag and a string (SipHash with fixed keys, so the same in
/// every run and on every thread).
pub(super) fn concept(kind: u8, a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    kind.hash(&mut h);
    a.hash(&mut h);
    b.hash(&mut h);
    h.finish()
}

/// At most this many lexicon links per token (the likeliest).
const TOP_LINKS: usize = 6;

/// Lexicon links by vocabulary entry, both directions, at most [`TOP_LINKS`] per token (the
/// likeliest; ties by the other token), as concept ids.
pub(super) struct LinkIndex {
    by_src: LinkLists,
    by_tgt: LinkLists,
}

/// The links of each token of one side, token after token (no list of its own per token: a
/// vocabulary has tens of thousands of them, and the index is made again for every pass).
struct LinkLists {
    /// Token `x`'s links (concept ids) are `ids[start[x]..start[x + 1]]`.
    ids: Vec<u64>,
    start: Vec<u32>,
}

impl LinkLists {
    /// The links of token `x` (none past the vocabulary).
    fn of(&self, x: usize) -> &[u64] {
        match (self.start.get(x), self.start.get(x + 1)) {
            (Some(&a), Some(&b)) => &self.ids[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The lists of `tokens` tokens from links `(token, probability, other token, concept)`:
    /// each token's likeliest [`TOP_LINKS`] (ties by the other token), grouped by a counting
    /// pass.
    fn new(tokens: usize, links: &[(u32, f64, &str, u64)]) -> LinkLists {
        let mut first = vec![0u32; tokens + 1];
        for l in links {
            first[l.0 as usize + 1] += 1;
        }
        for x in 1..first.len() {
            first[x] += first[x - 1];
        }
        let mut fill = first.clone();
        let mut grouped: Vec<(f64, &str, u64)> = vec![(0.0, "", 0); links.len()];
        for &(x, p, other, c) in links {
            grouped[fill[x as usize] as usize] = (p, other, c);
            fill[x as usize] += 1;
        }
        let mut ids = Vec::with_capacity(links.len().min(tokens * TOP_LINKS));
        let mut start = Vec::with_capacity(tokens + 1);
        start.push(0);
        for x in 0..tokens {
            let v = &mut grouped[first[x] as usize..first[x + 1] as usize];
            v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            ids.extend(v.iter().take(TOP_LINKS).map(|l| l.2));
            start.push(ids.len() as u32);
        }
        LinkLists { ids, start }
    }
}

/// One link of a given lexicon with its tokens' vocabulary ids (`None`: a token the texts do
/// not have).
struct GivenLink<'a> {
    src: Option<u32>,
    tgt: Option<u32>,
    p: f64,
    s: &'a str,
    t: &'a str,
    concept: u64,
}

/// The links of a given lexicon (a dictionary, the seed lexicon) looked up in the
/// vocabularies once per run, for the [`LinkIndex`] of every pass
/// ([`LinkIndex::with_learned`]); links none of whose tokens the texts have are left out.
pub(super) struct GivenLinks<'a> {
    links: Vec<GivenLink<'a>>,
    /// The links whose two tokens both have ids, by `(source id, target id)`.
    by_ids: IntSet<(u32, u32)>,
}

impl<'a> GivenLinks<'a> {
    pub(super) fn new(lex: &'a Lexicon, src: &Vocab, tgt: &Vocab) -> GivenLinks<'a> {
        let mut links = Vec::new();
        let mut by_ids = IntSet::default();
        for ((s, t), &p) in &lex.links {
            let (si, ti) = (src.ids.get(s.as_str()), tgt.ids.get(t.as_str()));
            if si.is_none() && ti.is_none() {
                continue;
            }
            if let (Some(&a), Some(&b)) = (si, ti) {
                by_ids.insert((a, b));
            }
            links.push(GivenLink {
                src: si.copied(),
                tgt: ti.copied(),
                p,
                s,
                t,
                concept: concept(b'l', s, t),
            });
        }
        GivenLinks { links, by_ids }
    }
}

impl LinkIndex {
    /// The links of `lex` for the tokens of `src` and `tgt` (as [`Lexicon::links_by_token`]
    /// would give them, looked up by vocabulary id instead of by string).
    #[cfg(test)]
    pub(super) fn new(lex: &Lexicon, src: &Vocab, tgt: &Vocab) -> LinkIndex {
        LinkIndex::with_learned(&GivenLinks::new(lex, src, tgt), &[], src, tgt)
    }

    /// [`LinkIndex::new`] of the given links merged with learned ones (`((source id, target
    /// id), probability)`, sorted, from [`Lexicon::learn_id_links`]) as [`Lexicon::merge`]
    /// merges them (a link in both keeps the larger probability), without building that
    /// lexicon of strings.
    pub(super) fn with_learned(
        given: &GivenLinks<'_>,
        learned: &[((u32, u32), f64)],
        src: &Vocab,
        tgt: &Vocab,
    ) -> LinkIndex {
        // `(token, probability, other token, link concept)` of each side
        let mut by_src: Vec<(u32, f64, &str, u64)> = Vec::new();
        let mut by_tgt: Vec<(u32, f64, &str, u64)> = Vec::new();
        for g in &given.links {
            let mut p = g.p;
            if let (Some(si), Some(ti)) = (g.src, g.tgt) {
                if let Ok(x) = learned.binary_search_by_key(&(si, ti), |l| l.0) {
                    if learned[x].1 > p {
                        p = learned[x].1;
                    }
                }
            }
            if p < 0.0 {
                continue;
            }
            if let Some(i) = g.src {
                by_src.push((i, p, g.t, g.concept));
            }
            if let Some(i) = g.tgt {
                by_tgt.push((i, p, g.s, g.concept));
            }
        }
        for &((si, ti), p) in learned {
            if given.by_ids.contains(&(si, ti)) {
                continue;
            }
            // a new link enters the merged lexicon at 0 and is raised to p
            let p = if p > 0.0 { p } else { 0.0 };
            let (s, t) = (
                src.words[si as usize].as_str(),
                tgt.words[ti as usize].as_str(),
            );
            let link = concept(b'l', s, t);
            by_src.push((si, p, t, link));
            by_tgt.push((ti, p, s, link));
        }
        LinkIndex {
            by_src: LinkLists::new(src.words.len(), &by_src),
            by_tgt: LinkLists::new(tgt.words.len(), &by_tgt),
        }
    }
}

/// Token strings to ids, one vocabulary per side of a language pair.
#[derive(Default)]
pub(super) struct Vocab {
    ids: IntMap<String, u32>,
    /// The token of each id.
    pub(super) words: Vec<String>,
}

impl Vocab {
    fn id(&mut self, w: String) -> u32 {
        if let Some(&i) = self.ids.get(&w) {
            return i;
        }
        let n = self.words.len() as u32;
        self.words.push(w.clone());
        self.ids.insert(w, n);
        n
    }
}

/// One side's tokens as vocabulary ids, computed once per run.
pub(super) struct TokSide {
    pub(super) len: Vec<usize>,
    /// All token ids, sentence after sentence (for lexicon training).
    all: Vec<u32>,
    all_start: Vec<u32>,
    /// Counted tokens: `(id, skeleton concept or 0)`, sentence after sentence.
    counted: Vec<(u32, u64)>,
    counted_start: Vec<u32>,
    num_bits: Vec<u64>,
    damaged: Vec<bool>,
    /// Sentences the segmenter finds in each sentence ([`sentence_parts`]).
    parts: Vec<u8>,
}

impl TokSide {
    /// All token ids of sentence `i`.
    pub(super) fn all_of(&self, i: usize) -> &[u32] {
        &self.all[self.all_start[i] as usize..self.all_start[i + 1] as usize]
    }
}

/// What [`Tokenizer`] keeps of one distinct word of a side.
struct WordInfo {
    /// Its token's vocabulary id.
    id: u32,
    /// More than 24 chars (words run together: no evidence).
    long: bool,
    /// Its skeleton concept (0: none), once computed.
    skeleton: Option<u64>,
    /// It may begin a month's name ([`crate::diff::dates::may_begin_month`]), once asked
    /// (only words of sentences with a number are).
    month: Option<bool>,
}

/// Splits the sentences of one side of every pair of a language pair into tokens
/// ([`Tokenizer::side`], one text after the other) with one cache of words for them all: each
/// distinct word of the corpus side is folded, stemmed and given its token's vocabulary id once
/// (most words of a news text are in other texts too), and its name skeleton computed once.
/// Vocabulary ids are given in order of first appearance, text after text, so they do not
/// depend on threads. `'l`: the life of the language and of the texts, whose words the cache
/// keeps without copying them.
pub(super) struct Tokenizer<'l> {
    lang: &'l Lang,
    cross_script: bool,
    /// Word -> its number in `infos`, for words as the texts have them.
    word_ix: IntMap<&'l str, u32>,
    /// The same for words first seen in a text whose markup was taken out (a new string).
    stripped_ix: IntMap<String, u32>,
    infos: Vec<WordInfo>,
    vocab: Vocab,
    /// Per vocabulary id: its token is all ASCII digits (and not empty).
    digits: Vec<bool>,
    /// Per vocabulary id: its token is empty (a word of marks alone).
    empty: Vec<bool>,
    /// Per vocabulary id: sentences of the current text holding it (zeroed after each text).
    df: Vec<u32>,
    /// The number of the sentence being read (1 for the first of the corpus side, and a new
    /// one again when sentences are read a second time; two billion sentences, far more than
    /// one call could hold in memory, would wrap it).
    sentence: u32,
    /// Per vocabulary id: the last sentence whose words counted it in `df`.
    last_seen: Vec<u32>,
    /// Per vocabulary id: the last sentence that counted it as one of its tokens.
    last_counted: Vec<u32>,
}

impl<'l> Tokenizer<'l> {
    /// A tokenizer for texts in `lang` aligned with texts in `other`.
    pub(super) fn new(lang: &'l Lang, other: &Lang) -> Tokenizer<'l> {
        Tokenizer {
            lang,
            cross_script: lang.is_arabic_script() != other.is_arabic_script(),
            word_ix: IntMap::default(),
            stripped_ix: IntMap::default(),
            infos: Vec::new(),
            vocab: Vocab::default(),
            digits: Vec::new(),
            empty: Vec::new(),
            df: Vec::new(),
            sentence: 0,
            last_seen: Vec::new(),
            last_counted: Vec::new(),
        }
    }

    /// The vocabulary of every text tokenized so far.
    pub(super) fn into_vocab(self) -> Vocab {
        self.vocab
    }

    /// The number of `w` in `infos`, tokenized when first seen; `in_text`: `w` as the text
    /// has it (else it is kept as a copy).
    fn word(&mut self, w: &str, in_text: Option<&'l str>) -> u32 {
        if let Some(&x) = self.word_ix.get(w) {
            return x;
        }
        if !self.stripped_ix.is_empty() {
            if let Some(&x) = self.stripped_ix.get(w) {
                return x;
            }
        }
        let t = token(w, self.lang);
        let id = match self.vocab.ids.get(t.as_str()) {
            Some(&id) => id,
            None => {
                self.digits
                    .push(!t.is_empty() && t.chars().all(|ch| ch.is_ascii_digit()));
                self.empty.push(t.is_empty());
                self.df.push(0);
                self.last_seen.push(0);
                self.last_counted.push(0);
                self.vocab.id(t)
            }
        };
        let x = self.infos.len() as u32;
        self.infos.push(WordInfo {
            id,
            long: w.chars().count() > 24,
            skeleton: None,
            month: None,
        });
        match in_text {
            Some(w) => self.word_ix.insert(w, x),
            None => self.stripped_ix.insert(w.to_owned(), x),
        };
        x
    }

    /// [`Tokenizer::word`] of a word of the current sentence, counted in the document
    /// frequency of its token if the sentence has not counted it yet.
    fn read_word(&mut self, w: &str, in_text: Option<&'l str>) -> u32 {
        let x = self.word(w, in_text);
        let f = self.infos[x as usize].id as usize;
        if self.last_seen[f] != self.sentence {
            self.last_seen[f] = self.sentence;
            self.df[f] += 1;
        }
        x
    }

    /// The skeleton concept of word `x`, written `w` (0: none), computed once.
    fn skeleton(&mut self, x: u32, w: &str) -> u64 {
        let (cross_script, lang) = (self.cross_script, self.lang);
        let info = &mut self.infos[x as usize];
        *info.skeleton.get_or_insert_with(|| {
            if !cross_script {
                return 0;
            }
            let s = if lang.is_arabic_script() {
                let s = skeleton_arabic(w);
                (s.len() >= 3 || (s.len() == 2 && w.chars().count() >= 4)).then_some(s)
            } else if w.chars().next().is_some_and(char::is_uppercase) {
                Some(skeleton_latin(w)).filter(|s| s.len() >= 2)
            } else {
                None
            };
            s.map_or(0, |s| concept(b's', &s, ""))
        })
    }

    /// Splits the sentences of one text into tokens and picks the counted ones (each token once
    /// per sentence; tokens in more than 30% of the sentences of a text of 10 or more
    /// sentences are function words and not counted, numbers always are; nor are words of more
    /// than 24 chars) and their name skeletons.
    pub(super) fn side(&mut self, sents: &'l [Sentence]) -> TokSide {
        let n = sents.len();
        let stripped: Vec<std::borrow::Cow<'_, str>> =
            sents.iter().map(|s| strip_tags(&s.norm)).collect();
        // each sentence's words, as numbers into `infos`, and as written (for skeletons)
        let bytes: usize = stripped.iter().map(|s| s.len()).sum();
        let mut sent_words: Vec<u32> = Vec::with_capacity(bytes / 4);
        let mut written: Vec<&str> = Vec::with_capacity(bytes / 4);
        let mut sent_start: Vec<u32> = Vec::with_capacity(n + 1);
        sent_start.push(0);
        let mut damaged = Vec::with_capacity(n);
        for s in &stripped {
            // a number per sentence of the corpus side: a token's `last_seen` tells whether
            // this sentence has counted it for the document frequency already
            self.sentence += 1;
            let before = sent_words.len();
            // words as the text has them (kept by the cache as they are) unless markup was
            // taken out
            match s {
                std::borrow::Cow::Borrowed(text) => {
                    for w in words(text) {
                        sent_words.push(self.read_word(w, Some(w)));
                        written.push(w);
                    }
                }
                std::borrow::Cow::Owned(text) => {
                    for w in words(text) {
                        sent_words.push(self.read_word(w, None));
                        written.push(w);
                    }
                }
            }
            // a date's numbers give way to its Gregorian date's (date_tokens): read only where
            // a month's name or a `/` stands beside a number
            let number = sent_words[before..]
                .iter()
                .any(|&x| self.digits[self.infos[x as usize].id as usize]);
            let month = number
                && (before..sent_words.len()).any(|r| {
                    let info = &mut self.infos[sent_words[r] as usize];
                    *info.month.get_or_insert_with(|| {
                        crate::diff::dates::may_begin_month(written[r], self.lang)
                    })
                });
            if number && (month || s.contains('/')) {
                let (mut drop, add) = date_tokens(s, self.lang);
                if !drop.is_empty() {
                    let mut k = before;
                    for r in before..sent_words.len() {
                        if let Some(d) = drop.iter().position(|d| d == written[r]) {
                            drop.swap_remove(d);
                        } else {
                            sent_words[k] = sent_words[r];
                            written[k] = written[r];
                            k += 1;
                        }
                    }
                    sent_words.truncate(k);
                    written.truncate(k);
                    for w in add {
                        sent_words.push(self.read_word(w, Some(w)));
                        written.push(w);
                    }
                }
            }
            sent_start.push(sent_words.len() as u32);
            damaged.push(run_together(s, sent_words.len() - before));
        }
        let all: Vec<u32> = sent_words
            .iter()
            .map(|&x| self.infos[x as usize].id)
            .collect();
        let mut counted: Vec<(u32, u64)> = Vec::with_capacity(all.len());
        let mut counted_start: Vec<u32> = Vec::with_capacity(n + 1);
        counted_start.push(0);
        let mut num_bits = Vec::with_capacity(n);
        for i in 0..n {
            // a token is counted once per sentence: `last_counted` holds the last sentence
            // that counted it
            self.sentence += 1;
            let mut bits = 0u64;
            let first = counted.len();
            let range = sent_start[i] as usize..sent_start[i + 1] as usize;
            for (&x, &w) in sent_words[range.clone()].iter().zip(&written[range]) {
                let info = &self.infos[x as usize];
                let (f, long) = (info.id, info.long);
                let frequent = n >= 10
                    && self.df[f as usize] as usize * 10 > n * 3
                    && !self.digits[f as usize];
                // words of more than 24 chars are words run together (scraping damage): no
                // evidence
                if self.empty[f as usize]
                    || frequent
                    || self.last_counted[f as usize] == self.sentence
                    || long
                {
                    continue;
                }
                self.last_counted[f as usize] = self.sentence;
                let k = counted.len() - first;
                if k < 64 && self.digits[f as usize] {
                    bits |= 1 << k;
                }
                let sk = self.skeleton(x, w);
                counted.push((f, sk));
            }
            counted_start.push(counted.len() as u32);
            num_bits.push(bits);
        }
        for &f in &all {
            self.df[f as usize] = 0;
        }
        TokSide {
            parts: sents
                .iter()
                .map(|s| sentence_parts(&s.text, self.lang))
                .collect(),
            len: sents.iter().map(|s| s.norm.chars().count()).collect(),
            all,
            all_start: sent_start,
            counted,
            counted_start,
            num_bits,
            damaged,
        }
    }
}

/// The aligner's view of the dates of a sentence ([`crate::diff::dates::date_anchors`]): the
/// numbers to drop (as written, ASCII digits) and the tokens that stand for the date instead:
/// `0MMDD` for a Gregorian month and day (a form no plain number takes) and the Gregorian year.
/// So a Solar Hijri date and its Gregorian translation share their numbers, as two Gregorian
/// dates do.
fn date_tokens(s: &str, lang: &Lang) -> (Vec<String>, Vec<&'static str>) {
    static MONTH_DAY: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    static YEARS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    const FIRST_YEAR: i32 = 1800;
    const LAST_YEAR: i32 = 2199;
    let (mut drop, mut add) = (Vec::new(), Vec::new());
    for a in crate::diff::dates::date_anchors(s, lang) {
        let md = a.month_day.map(|(m, d)| {
            let t = MONTH_DAY.get_or_init(|| {
                (1..=12)
                    .flat_map(|m| (1..=31).map(move |d| format!("0{m:02}{d:02}")))
                    .collect()
            });
            t[(m as usize - 1) * 31 + (d as usize - 1)].as_str()
        });
        let year = a
            .year
            .filter(|y| (FIRST_YEAR..=LAST_YEAR).contains(y))
            .map(|y| {
                let t =
                    YEARS.get_or_init(|| (FIRST_YEAR..=LAST_YEAR).map(|y| y.to_string()).collect());
                t[(y - FIRST_YEAR) as usize].as_str()
            });
        // every number of the date must have its stand-in
        if a.year.is_some() != year.is_some() {
            continue;
        }
        drop.extend(a.written);
        add.extend(md);
        add.extend(year);
    }
    (drop, add)
}

/// `s` without markup tags (`<seg id="1">`, `</p>`: a `<` followed by an ASCII letter or `/`,
/// up to the next `>` within 200 bytes), which scraped news text carries and which would
/// otherwise count as words and numbers.
pub(super) fn strip_tags(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('<') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('<') {
        let after = &rest[p + 1..];
        let tag_end = after
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
            .then(|| after.find('>'))
            .flatten()
            .filter(|&e| e < 200 && !after[..e].contains('<'));
        match tag_end {
            Some(e) => {
                out.push_str(&rest[..p]);
                out.push(' ');
                rest = &after[e + 1..];
            }
            None => {
                out.push_str(&rest[..=p]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// True when the `words` words of sentence `s` look run together (spaces lost in scraping, as
/// in some NTREX Arabic lines): at least 40 letters and more than 12 letters per word on average
/// (news text in English, Persian, Arabic, German or French averages 4 to 7).
fn run_together(s: &str, words: usize) -> bool {
    // letters are chars: too few chars settles it without the Unicode letter tables
    let chars = s.chars().count();
    if chars < 40 || chars <= 12 * words.max(1) {
        return false;
    }
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 40 && letters > 12 * words.max(1)
}

/// The concepts of each vocabulary entry that do not change from pass to pass: its own form,
/// and a 4-char prefix when both sides share a script.
pub(super) fn form_concepts(vocab: &Vocab, same_script: bool) -> Vec<Vec<u64>> {
    vocab
        .words
        .iter()
        .map(|t| {
            let mut c = vec![concept(b'w', t, "")];
            if same_script && t.chars().count() >= 5 {
                c.push(concept(b'p', &t.chars().take(4).collect::<String>(), ""));
            }
            c
        })
        .collect()
}

/// The concepts of every vocabulary entry for one pass, each entry's sorted and without
/// repeats, entry after entry.
pub(super) struct ConceptTable {
    ids: Vec<u64>,
    /// Start of each entry's concepts in `ids` (one more than there are entries).
    start: Vec<u32>,
}

impl ConceptTable {
    /// The concepts of vocabulary entry `id`, sorted.
    pub(super) fn of(&self, id: u32) -> &[u64] {
        &self.ids[self.start[id as usize] as usize..self.start[id as usize + 1] as usize]
    }
}

/// The concepts of every vocabulary entry for one pass: its form concepts (`forms`, from
/// [`form_concepts`]) and its lexicon links (`links` by token).
pub(super) fn concept_table(
    vocab: &Vocab,
    forms: &[Vec<u64>],
    links: &LinkIndex,
    is_src: bool,
) -> ConceptTable {
    let by = if is_src { &links.by_src } else { &links.by_tgt };
    let mut ids = Vec::with_capacity(forms.len() * 2);
    let mut start = Vec::with_capacity(forms.len() + 1);
    start.push(0);
    for (id, f) in forms.iter().enumerate().take(vocab.words.len()) {
        let s = ids.len();
        ids.extend_from_slice(f);
        ids.extend_from_slice(by.of(id));
        ids[s..].sort_unstable();
        let mut k = s;
        for x in s..ids.len() {
            if x == s || ids[x] != ids[k - 1] {
                ids[k] = ids[x];
                k += 1;
            }
        }
        ids.truncate(k);
        start.push(ids.len() as u32);
    }
    ConceptTable { ids, start }
}

/// Sides of more sentences than this have no postings (coverage is then computed cell by
/// cell, [`Side::has_postings`]).
pub(super) const POSTINGS_MAX_SENTENCES: usize = 5_000;

/// Sides of this many sentences or fewer have no postings either: a row of a small table
/// costs less cell by cell ([`Side::union_masks`]) than building the postings does. Measured
/// on NTREX en-fa documents joined into longer ones (one thread, same output): NTREX as is (15
/// sentences a side on average) 11% faster without postings, 40 a side the same, 80 a side
/// 6% slower, 420 a side 25% slower.
pub(super) const POSTINGS_MIN_SENTENCES: usize = 40;

/// Every concept a side can show: those of its vocabulary (`table`) and the name skeletons
/// of the counted tokens of its texts (`sides`).
pub(super) fn side_concepts<'a>(
    table: &ConceptTable,
    sides: impl Iterator<Item = &'a TokSide>,
) -> IntSet<u64> {
    let mut out: IntSet<u64> = table.ids.iter().copied().collect();
    for t in sides {
        out.extend(t.counted.iter().map(|&(_, sk)| sk).filter(|&sk| sk != 0));
    }
    out
}

/// Which tokens of one side some sentence of the other side could cover: those with a
/// concept among every concept the other side shows ([`side_concepts`]). Only those concepts
/// are kept of each vocabulary entry (decided once per entry and pass), and name skeletons are
/// looked up: a concept the other side never shows can never be shared by a sentence pair, so
/// leaving it out of the sides changes no coverage and shortens every sentence's concepts (on
/// NTREX en-fa, most words' own forms and many skeletons).
pub(super) struct Coverable<'a> {
    /// The entries' concepts that the other side shows.
    shared: ConceptTable,
    other: &'a IntSet<u64>,
}

impl<'a> Coverable<'a> {
    pub(super) fn new(table: &ConceptTable, other: &'a IntSet<u64>) -> Coverable<'a> {
        let mut ids = Vec::with_capacity(table.ids.len());
        let mut start = Vec::with_capacity(table.start.len());
        start.push(0);
        for id in 0..table.start.len().saturating_sub(1) {
            ids.extend(
                table
                    .of(id as u32)
                    .iter()
                    .filter(|c| other.contains(c))
                    .copied(),
            );
            start.push(ids.len() as u32);
        }
        Coverable {
            shared: ConceptTable { ids, start },
            other,
        }
    }
}

/// Builds a side for scoring from its tokens and a concept table. With `other`
/// ([`Coverable`]), a token none of whose concepts the other language's texts show is not
/// counted: no sentence of the other side could ever cover it, so its being uncovered says
/// nothing about a bead (a word the lexicon has no link for, across scripts); the other
/// tokens keep only the concepts those texts show.
pub(super) fn build_side(t: &TokSide, table: &ConceptTable, other: Option<&Coverable>) -> Side {
    let m = t.len.len();
    // room for every concept of every counted token (its entry's and a skeleton), so that
    // the lists grow no more
    let room: usize = t
        .counted
        .iter()
        .map(|&(id, _)| {
            1 + match other {
                Some(o) => o.shared.of(id).len(),
                None => table.of(id).len(),
            }
        })
        .sum();
    let mut concepts: Vec<u64> = Vec::with_capacity(room);
    let mut tok_end: Vec<u32> = Vec::with_capacity(t.counted.len());
    let mut sent_tok: Vec<u32> = Vec::with_capacity(m + 1);
    let mut union: Vec<u64> = Vec::with_capacity(room);
    let mut union_start: Vec<u32> = Vec::with_capacity(m + 1);
    let mut bloom: Vec<[u64; 8]> = Vec::with_capacity(m);
    // memory: 32 bytes per concept of a counted token, tens of MB past this size, where the
    // band keeps rows narrow and the cell by cell search costs about the same
    let postings = m > POSTINGS_MIN_SENTENCES && m <= POSTINGS_MAX_SENTENCES;
    sent_tok.push(0);
    union_start.push(0);
    // each concept of the sentence with the bit of the token carrying it (0 past 64 tokens)
    let mut u: Vec<(u64, u64)> = Vec::new();
    let mut umask: Vec<u64> = Vec::with_capacity(room);
    let mut num_bits: Vec<u64> = Vec::with_capacity(m);
    for i in 0..m {
        u.clear();
        let mut bits = 0u64;
        let toks = &t.counted[t.counted_start[i] as usize..t.counted_start[i + 1] as usize];
        for (n0, &(id, sk)) in toks.iter().enumerate() {
            // with `other`, only the concepts the other side shows (a token with none is not
            // counted)
            let (own, sk) = match other {
                Some(o) => {
                    let sk = if sk != 0 && o.other.contains(&sk) {
                        sk
                    } else {
                        0
                    };
                    (o.shared.of(id), sk)
                }
                None => (table.of(id), sk),
            };
            if other.is_some() && own.is_empty() && sk == 0 {
                continue;
            }
            let start = concepts.len();
            concepts.extend_from_slice(own);
            // the skeleton in its sorted place, unless the entry has it already
            if sk != 0 {
                if let Err(p) = own.binary_search(&sk) {
                    concepts.insert(start + p, sk);
                }
            }
            let n = tok_end.len() - sent_tok[i] as usize;
            let bit = if n < 64 { 1u64 << n } else { 0 };
            u.extend(concepts[start..].iter().map(|&c| (c, bit)));
            if n0 < 64 && n < 64 && t.num_bits[i] & (1 << n0) != 0 {
                bits |= 1 << n;
            }
            tok_end.push(concepts.len() as u32);
        }
        sent_tok.push(tok_end.len() as u32);
        num_bits.push(bits);
        u.sort_unstable_by_key(|p| p.0);
        let mut bits = [0u64; 8];
        for (k, &(c, bit)) in u.iter().enumerate() {
            if k > 0 && u[k - 1].0 == c {
                if let Some(last) = umask.last_mut() {
                    *last |= bit;
                }
                continue;
            }
            let b = (c >> 55) as usize;
            bits[b >> 6] |= 1 << (b & 63);
            union.push(c);
            umask.push(bit);
        }
        bloom.push(bits);
        union_start.push(union.len() as u32);
    }
    let postings =
        postings.then(|| Postings::new(&union, &union_start, &concepts, &tok_end, &sent_tok));
    Side {
        len: t.len.clone(),
        concepts,
        tok_end,
        sent_tok,
        union,
        union_start,
        umask,
        bloom,
        postings,
        num_bits,
        damaged: t.damaged.clone(),
        parts: t.parts.clone(),
        vecs: Vec::new(),
        spans: HashMap::new(),
        self_dot: Vec::new(),
        other_mean: Vec::new(),
        hub: Vec::new(),
    }
}

/// A Bloom filter of every concept of one side's sentences, one bit per concept from the top
/// bits of its hash, 16 bits per concept (rounded up to a power of two, at least 4,096, at most
/// 2^20): about one concept in sixteen that the side lacks gets through.
struct TextFilter {
    words: Vec<u64>,
    /// 64 less the number of bits of a bit's index.
    shift: u32,
}

impl TextFilter {
    fn new(union: &[u64]) -> TextFilter {
        let bits = (16 * union.len())
            .next_power_of_two()
            .clamp(1 << 12, 1 << 20);
        let shift = 64 - bits.trailing_zeros();
        let mut words = vec![0u64; bits / 64];
        for &c in union {
            let b = (c >> shift) as usize;
            words[b >> 6] |= 1 << (b & 63);
        }
        TextFilter { words, shift }
    }

    /// False when the side surely lacks concept `c`.
    fn may_have(&self, c: u64) -> bool {
        let b = (c >> self.shift) as usize;
        self.words[b >> 6] & (1 << (b & 63)) != 0
    }
}

/// Leaves out of each sentence's union (and its token masks and filter) the concepts that
/// no sentence of the other side of the pair has, as far as a filter of that side's concepts
/// tells ([`TextFilter`]: it never drops one the side has): two sentences of the pair share no
/// such concept, so no coverage changes, and the unions that [`super::cover_pair`] intersects
/// cell after cell shrink to about what the two texts share. The concepts of each token (for
/// sentences past 64 tokens) and the postings are kept whole.
pub(super) fn keep_pair_concepts(s: &mut Side, t: &mut Side) {
    let (fs, ft) = (TextFilter::new(&s.union), TextFilter::new(&t.union));
    s.keep_concepts_in(&ft);
    t.keep_concepts_in(&fs);
}

impl Side {
    /// Keeps in each sentence's union only the concepts `filter` may have, and remakes the
    /// sentences' filters.
    fn keep_concepts_in(&mut self, filter: &TextFilter) {
        let m = self.union_start.len().saturating_sub(1);
        let mut k = 0;
        let mut start = 0;
        for i in 0..m {
            let end = self.union_start[i + 1] as usize;
            let mut bits = [0u64; 8];
            for x in start..end {
                let c = self.union[x];
                if filter.may_have(c) {
                    self.union[k] = c;
                    self.umask[k] = self.umask[x];
                    k += 1;
                    let b = (c >> 55) as usize;
                    bits[b >> 6] |= 1 << (b & 63);
                }
            }
            start = end;
            self.union_start[i + 1] = k as u32;
            self.bloom[i] = bits;
        }
        self.union.truncate(k);
        self.umask.truncate(k);
    }
}

/// Sets each side's [`Side::other_mean`] and [`Side::hub`] from both sides' vectors (nothing
/// when either has none).
pub(super) fn set_hubs(s: &mut Side, t: &mut Side) {
    fn mean(vecs: &[Vec<f32>]) -> Vec<f32> {
        let dim = vecs.first().map_or(0, Vec::len);
        let mut m = vec![0.0f32; dim];
        for v in vecs {
            for (a, b) in m.iter_mut().zip(v) {
                *a += b;
            }
        }
        let n = vecs.len().max(1) as f32;
        m.iter_mut().for_each(|a| *a /= n);
        m
    }
    if s.vecs.is_empty() || t.vecs.is_empty() {
        return;
    }
    s.other_mean = mean(&t.vecs);
    t.other_mean = mean(&s.vecs);
    for side in [&mut *s, &mut *t] {
        side.hub = side.vecs.iter().map(|v| dot(v, &side.other_mean)).collect();
    }
}

pub(super) fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl Side {
    /// Sets the sentence vectors (unit length, one per sentence) and their neighbour products.
    pub(super) fn set_vectors(&mut self, vecs: Vec<Vec<f32>>) {
        let m = vecs.len();
        self.self_dot = (0..m)
            .map(|i| {
                [
                    vecs.get(i + 1).map_or(0.0, |v| dot(&vecs[i], v)),
                    vecs.get(i + 2).map_or(0.0, |v| dot(&vecs[i], v)),
                ]
            })
            .collect();
        self.vecs = vecs;
    }

    /// The mean cosine of sentences `r` (their embedded concatenation where there is one,
    /// else the length-weighted sum of their vectors) with every sentence of the other side:
    /// how close the text is to anything at all (0 without [`set_hubs`]).
    pub(super) fn hub_of(&self, r: Range<usize>) -> f64 {
        if self.hub.is_empty() || r.is_empty() {
            return 0.0;
        }
        if let Some(x) = self.span_vec(r.clone()) {
            return dot(x, &self.other_mean) as f64;
        }
        let norm = self.sum_norm(r.clone());
        if norm <= 0.0 {
            return 0.0;
        }
        r.map(|k| self.len[k].max(1) as f64 * self.hub[k] as f64)
            .sum::<f64>()
            / norm
    }

    /// The unit vector of sentences `r` as one string: a sentence's own vector, or an embedded
    /// concatenation when one was given. `None` otherwise.
    pub(super) fn span_vec(&self, r: Range<usize>) -> Option<&[f32]> {
        match r.len() {
            1 => self.vecs.get(r.start).map(Vec::as_slice),
            0 => None,
            n => self.spans.get(&(r.start, n)).map(Vec::as_slice),
        }
    }

    /// Cosine between a unit vector `x` and the length-weighted sum of the vectors of
    /// sentences `r` (0 when the sum is 0).
    pub(super) fn cosine_with_sum(&self, x: &[f32], r: Range<usize>) -> f64 {
        let norm = self.sum_norm(r.clone());
        if norm <= 0.0 {
            return 0.0;
        }
        let cross: f64 = r
            .map(|k| self.len[k].max(1) as f64 * dot(x, &self.vecs[k]) as f64)
            .sum();
        cross / norm
    }

    /// Dot product of sentence `i`'s vector with sentence `k`'s of `other` (0 without vectors).
    pub(super) fn dot(&self, i: usize, other: &Side, k: usize) -> f32 {
        match (self.vecs.get(i), other.vecs.get(k)) {
            (Some(a), Some(b)) => dot(a, b),
            _ => 0.0,
        }
    }

    /// Norm of the length-weighted sum of the vectors of sentences `r` (at most 3 apart are
    /// related through `self_dot`; wider sums treat farther pairs as orthogonal). 0 without
    /// vectors.
    pub(super) fn sum_norm(&self, r: Range<usize>) -> f64 {
        if self.vecs.is_empty() {
            return 0.0;
        }
        let mut sq = 0.0f64;
        for i in r.clone() {
            let wi = self.len[i].max(1) as f64;
            sq += wi * wi;
            for (d, &pd) in self.self_dot[i].iter().enumerate() {
                let k = i + d + 1;
                if k < r.end {
                    sq += 2.0 * wi * self.len[k].max(1) as f64 * pd as f64;
                }
            }
        }
        sq.max(0.0).sqrt()
    }

    /// Cosine between the length-weighted sums of the unit vectors of source sentences `r` of
    /// `self` and target sentences `q` of `other` (vecalign's idea of scoring a multi-sentence
    /// bead from its sentences, Thompson & Koehn 2019, here from single-sentence vectors only).
    /// `None` when either side has no vectors.
    pub(super) fn cosine(&self, r: Range<usize>, other: &Side, q: Range<usize>) -> Option<f64> {
        if self.vecs.is_empty() || other.vecs.is_empty() {
            return None;
        }
        let sum = |side: &Side, r: Range<usize>| -> Vec<f64> {
            let dim = side.vecs.first().map_or(0, Vec::len);
            let mut v = vec![0.0f64; dim];
            for i in r {
                let w = side.len[i].max(1) as f64;
                for (a, b) in v.iter_mut().zip(&side.vecs[i]) {
                    *a += w * *b as f64;
                }
            }
            v
        };
        let (a, b) = (sum(self, r), sum(other, q));
        let (na, nb) = (
            a.iter().map(|x| x * x).sum::<f64>().sqrt(),
            b.iter().map(|x| x * x).sum::<f64>().sqrt(),
        );
        if na == 0.0 || nb == 0.0 || a.len() != b.len() {
            return None;
        }
        Some(a.iter().zip(&b).map(|(x, y)| x * y).sum::<f64>() / (na * nb))
    }
}

/// How many sentences the default segmenter ([`crate::segment::split_paragraph`]) finds in one
/// input sentence, at most 255: 1 for a sentence the segmenter made, more for a line of
/// presegmented input that holds two sentences joined (an edition that merged them, or a
/// segmentation that missed a boundary). The rules are asked only around each stop, question
/// or exclamation mark followed by white space and a char that is not lower case: the count
/// equals `split_paragraph(..).len()` at a fraction of its cost (checked by a test on every
/// NTREX line of en, fa and ar and every two adjacent lines joined). Always 1 for a language
/// without rules of its own (not en, fa or ar): the language-neutral rules split at
/// abbreviations and ordinals (German `18. Mai`, `Dr. Toni` on Text+Berg dev), so their count
/// would be noise.
pub(super) fn sentence_parts(text: &str, lang: &Lang) -> u8 {
    if matches!(lang, Lang::Other(_)) {
        return 1;
    }
    let t = text.trim_end();
    let mut parts = 1usize;
    for (k, c) in t.char_indices() {
        if !matches!(c, '.' | '!' | '?' | '\u{061F}' | '\u{2026}' | '\u{06D4}') {
            continue;
        }
        // the stop, closing quotes or brackets, white space, then a char not lower case: the
        // rules may break anywhere from after the stop to that char
        let after = k + c.len_utf8();
        let rest = &t[after..];
        let closed = rest
            .find(|c| !matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{BB}' | ')'))
            .unwrap_or(rest.len());
        let spaced = rest[closed..]
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len() - closed);
        let next = after + closed + spaced;
        let Some(first) = t[next..].chars().next() else {
            continue;
        };
        if spaced == 0 || first.is_lowercase() {
            continue;
        }
        if crate::segment::breaks_in(t, after..next + first.len_utf8(), lang) {
            parts += 1;
        }
    }
    parts.min(255) as u8
}

#[cfg(test)]
mod tests {

    #[test]
    fn sentence_parts_counts_the_segmenters_sentences_in_a_line() {
        assert_eq!(sentence_parts("He came. She left.", &Lang::En), 2);
        assert_eq!(sentence_parts("\"We lost.\" Then he left!", &Lang::En), 2);
        // no stop before a capital, or an abbreviation the rules know: one sentence
        assert_eq!(sentence_parts("He met U.S. officials.", &Lang::En), 1);
        assert_eq!(sentence_parts("It cost 3.5 million. ", &Lang::En), 1);
        assert_eq!(sentence_parts("Mr. Smith came.", &Lang::En), 1);
        assert_eq!(sentence_parts("او آمد. او رفت.", &Lang::Fa), 2);
        assert_eq!(sentence_parts("قال ذلك. ثم غادر؟ نعم.", &Lang::Ar), 3);
        // the language-neutral rules are not trusted
        assert_eq!(
            sentence_parts("Er kam. Sie ging.", &Lang::Other("de".into())),
            1
        );
    }
    use super::*;

    #[test]
    fn sentence_parts_equals_the_segmenters_count_on_ntrex_lines_and_joined_pairs() {
        // the claim of `sentence_parts`' docs, checked on real text: every NTREX line of
        // en, fa and ar, and every two adjacent lines joined by a space (as an edition that
        // merges two sentences, or perturb.py, joins them)
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/ntrex-news-en-fa-ar");
        if !dir.is_dir() {
            eprintln!("skipped: {} is absent", dir.display());
            return;
        }
        for (file, lang) in [
            ("newstest2019-src.eng.txt", Lang::En),
            ("newstest2019-ref.fas.txt", Lang::Fa),
            ("newstest2019-ref.arb.txt", Lang::Ar),
        ] {
            let text = std::fs::read_to_string(dir.join(file)).unwrap();
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            assert!(lines.len() > 1000, "{file}");
            let joined = lines.windows(2).map(|w| format!("{} {}", w[0], w[1]));
            let mut split_lines = 0;
            for line in lines.iter().map(|l| l.to_string()).chain(joined) {
                let want = crate::segment::split_paragraph(line.trim_end(), &lang)
                    .len()
                    .clamp(1, 255);
                assert_eq!(
                    sentence_parts(&line, &lang) as usize,
                    want,
                    "{file}: {line}"
                );
                split_lines += (want > 1) as usize;
            }
            // the joined lines split: the check is not only of one-sentence lines
            assert!(split_lines > lines.len() / 2, "{file}: {split_lines}");
        }
    }

    #[test]
    fn a_solar_hijri_date_and_its_gregorian_translation_share_their_numbers() {
        // 18 Dey 1401 is 8 January 2023: both sides count the stand-ins 00108 and 2023 (and
        // neither 8 nor 18 nor 1401), so the English side's two numbers are coverable; a day
        // off (19 Dey) leaves only the year
        let count = |fa: &str| {
            let (all, kept, mut words) =
                english_side_against(&Lang::Fa, "Talks began on 8 January 2023.", fa);
            words.sort_unstable();
            (all.nnum(0), kept.nnum(0), words.join(" "))
        };
        let (all, kept, words) = count("مذاکرات در ۱۸ دی ۱۴۰۱ آغاز شد.");
        assert_eq!((all, kept), (2, 2));
        assert_eq!(words, "00108 2023 began januar on talk");
        assert_eq!(count("مذاکرات در ۱۹ دی ۱۴۰۱ آغاز شد.").1, 1);
    }

    /// One English sentence `en` prepared against one sentence `other` of `lang` without a
    /// lexicon: the side with every counted token, the side with only the tokens the other
    /// could cover, and the counted tokens as vocabulary entries.
    fn english_side_against(lang: &Lang, en: &str, other: &str) -> (Side, Side, Vec<String>) {
        let en = [Sentence::new(en, &Lang::En, 0)];
        let fa = [Sentence::new(other, lang, 0)];
        let (mut ks, mut kt) = (
            Tokenizer::new(&Lang::En, lang),
            Tokenizer::new(lang, &Lang::En),
        );
        let (ts, tt) = (ks.side(&en), kt.side(&fa));
        let (vs, vt) = (ks.into_vocab(), kt.into_vocab());
        let links = LinkIndex::new(&Lexicon::default(), &vs, &vt);
        let (st, tt_table) = (
            concept_table(&vs, &form_concepts(&vs, false), &links, true),
            concept_table(&vt, &form_concepts(&vt, false), &links, false),
        );
        let all = build_side(&ts, &st, None);
        let other = side_concepts(&tt_table, std::iter::once(&tt));
        let kept = build_side(&ts, &st, Some(&Coverable::new(&st, &other)));
        let counted = ts
            .counted
            .iter()
            .map(|&(id, _)| vs.words[id as usize].clone())
            .collect();
        (all, kept, counted)
    }

    fn looks_run_together(s: &str) -> bool {
        run_together(s, words(s).count())
    }

    #[test]
    fn tokens_nothing_on_the_other_side_could_cover_are_not_counted() {
        // "palin", "met" and "zzzz" have no link, no shared form and no skeleton on the Persian
        // side; "42" is there. Only the number is counted, and it stays marked a number.
        let (all, kept, _) =
            english_side_against(&Lang::Fa, "Palin met 42 Zzzz.", "او ۴۲ بار آمد.");
        assert_eq!((all.ntok(0), all.nnum(0)), (4, 1));
        assert_eq!((kept.ntok(0), kept.nnum(0)), (1, 1));
        assert_eq!(kept.num_bits[0], 1);
    }

    #[test]
    fn a_word_has_one_id_in_texts_with_and_without_markup() {
        // "minister" first in a sentence whose markup is taken out (a new string), then in
        // plain ones, in another text too: one word, one token id
        let a = [
            Sentence::new("<seg id=\"1\">The minister spoke.", &Lang::En, 0),
            Sentence::new("The minister left.", &Lang::En, 1),
        ];
        let b = [Sentence::new("A minister <b>came</b>.", &Lang::En, 0)];
        let mut k = Tokenizer::new(&Lang::En, &Lang::Fa);
        let (ta, tb) = (k.side(&a), k.side(&b));
        let vocab = k.into_vocab();
        let id = |w: &str| vocab.ids[w];
        assert_eq!(ta.all_of(0)[1], id("minist"));
        assert_eq!(ta.all_of(1)[1], id("minist"));
        assert_eq!(tb.all_of(0)[1], id("minist"));
        assert_eq!(vocab.words.iter().filter(|w| *w == "minist").count(), 1);
    }

    #[test]
    fn strip_tags_removes_markup_and_keeps_comparisons() {
        assert_eq!(
            strip_tags("<seg id=\"1\">اعتقال مشتبه به"),
            " اعتقال مشتبه به"
        );
        assert_eq!(strip_tags("a</p>b"), "a b");
        // not tags: a comparison, an unclosed bracket, a bracket inside
        assert_eq!(strip_tags("3 < 4 and 5 > 2"), "3 < 4 and 5 > 2");
        assert_eq!(strip_tags("x <y"), "x <y");
        assert_eq!(strip_tags("<a <b>"), "<a  ");
        assert!(matches!(
            strip_tags("no tags"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn run_together_words_are_flagged_and_ordinary_text_is_not() {
        // an NTREX line whose spaces were lost: 71 letters in one word
        assert!(looks_run_together(
            "تأكدوقوعكافةالتحدياتالتيتواجهرئيسةالوزراءتيريزامايتجاهتحقيقالمصالحوالت"
        ));
        assert!(!looks_run_together(
            "صرحت قوات شرطة باتون روج يوم السبت الماضي باعتقال أحد المشتبه بهم."
        ));
        assert!(!looks_run_together(
            "Die Generalversammlung des Schweizer Alpenclubs fand in Bern statt."
        ));
        // short: not enough letters to judge
        assert!(!looks_run_together("Donaudampfschifffahrt"));
    }
}
