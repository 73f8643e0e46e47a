//! Word tokens and a translation lexicon.
//!
//! Tokens: words of the normalized sentence (see [`crate::anchor::words`]), folded by
//! [`crate::normalize::word_key`] (lower case, Persian/Arabic letter variants joined), then
//! lightly stemmed by truncation: English and other Latin-script words keep their first 6 chars,
//! Persian and Arabic words lose a leading conjunction `و` and article `ال` (Arabic) and keep
//! their first 6 chars. Truncation stemming keeps the vocabulary small enough for IBM Model 1 to
//! learn from a few thousand sentence pairs.
//!
//! The lexicon holds, for each source token, its likeliest target tokens (and the reverse), as
//! learned by IBM Model 1 (Brown et al. 1993, "The mathematics of statistical machine
//! translation", Computational Linguistics 19(2)) with EM from sentence pairs, or read from a
//! dictionary: hunalign's `.dict` (`target @ source` per line) or TSV (`source<TAB>target`).
//! It is saved as TSV: `source<TAB>target<TAB>probability`, one link a line, sorted.

use super::hash::IntMap;
use crate::anchor::words;
use crate::error::{Error, ErrorKind, Result, ResultExt};
use crate::normalize::word_key;
use crate::Lang;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;

const SEED_EN_FA: &str = include_str!("../../rules/seed-lexicon/en-fa.tsv");
const SEED_EN_AR: &str = include_str!("../../rules/seed-lexicon/en-ar.tsv");

/// Maximum chars kept of a token.
pub const STEM_CHARS: usize = 6;

/// The matching token of one word in language `lang`.
pub fn token(word: &str, lang: &Lang) -> String {
    let mut key = word_key(word);
    let n = |s: &str| s.chars().count();
    let k: &str = if lang.is_arabic_script() {
        let mut s = key.as_str();
        if n(s) > 3 {
            s = s.strip_prefix('و').unwrap_or(s);
        }
        if *lang == Lang::Ar {
            for p in ["بال", "کال", "فال", "لل", "ال"] {
                if let Some(r) = s.strip_prefix(p) {
                    if n(r) >= 3 {
                        s = r;
                        break;
                    }
                }
            }
            for suf in ["هما", "ها", "هم", "ات", "ون", "ین", "ه"] {
                if let Some(r) = s.strip_suffix(suf) {
                    if n(r) >= 3 {
                        s = r;
                        break;
                    }
                }
            }
        } else {
            for p in ["نمی", "می"] {
                if let Some(r) = s.strip_prefix(p) {
                    if n(r) >= 3 {
                        s = r;
                        break;
                    }
                }
            }
            for suf in ["هایی", "های", "ها", "ترین", "ان", "ای"] {
                if let Some(r) = s.strip_suffix(suf) {
                    if n(r) >= 3 {
                        s = r;
                        break;
                    }
                }
            }
        }
        s
    } else {
        let s = key.trim_end_matches("'s").trim_end_matches("’s");
        match s.strip_suffix('s') {
            Some(r) if n(r) >= 3 && !r.ends_with('s') => r,
            _ => s,
        }
    };
    // `k` is a slice of `key`: keep its first STEM_CHARS chars in place (no second string)
    let start = k.as_ptr() as usize - key.as_ptr() as usize;
    let end = start + k.char_indices().nth(STEM_CHARS).map_or(k.len(), |(i, _)| i);
    key.truncate(end);
    key.drain(..start);
    key
}

/// The tokens of a normalized sentence.
pub fn tokens(norm: &str, lang: &Lang) -> Vec<String> {
    words(norm)
        .map(|w| token(w, lang))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Translation links between source and target tokens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lexicon {
    /// `(source, target) -> probability` (for a dictionary entry, 1.0).
    pub links: BTreeMap<(String, String), f64>,
}

/// Lexicon links grouped by token, for lookups: `(by source token, by target token)`, each
/// token's links sorted by probability (ties by the other token) and cut to `top`, links below
/// `min_prob` left out, each link given as `id(source, target)`.
pub(crate) type LinksByToken = (HashMap<String, Vec<u64>>, HashMap<String, Vec<u64>>);

impl Lexicon {
    /// See [`LinksByToken`].
    pub(crate) fn links_by_token(
        &self,
        top: usize,
        min_prob: f64,
        id: impl Fn(&str, &str) -> u64,
    ) -> LinksByToken {
        type Lists<'a> = HashMap<String, Vec<(f64, &'a str, u64)>>;
        let (mut by_src, mut by_tgt): (Lists, Lists) = (HashMap::new(), HashMap::new());
        for ((s, t), &p) in &self.links {
            if p < min_prob {
                continue;
            }
            let link = id(s, t);
            by_src.entry(s.clone()).or_default().push((p, t, link));
            by_tgt.entry(t.clone()).or_default().push((p, s, link));
        }
        let cut = |m: Lists| -> HashMap<String, Vec<u64>> {
            m.into_iter()
                .map(|(k, mut v)| {
                    v.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
                    v.truncate(top);
                    (k, v.into_iter().map(|x| x.2).collect())
                })
                .collect()
        };
        (cut(by_src), cut(by_tgt))
    }

    /// True when the lexicon has no link.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }

    /// Adds the links of `other`, keeping the larger probability for a link in both.
    pub fn merge(&mut self, other: &Lexicon) {
        for (k, &p) in &other.links {
            let e = self.links.entry(k.clone()).or_insert(0.0);
            if p > *e {
                *e = p;
            }
        }
    }

    /// Reads a dictionary: hunalign's `.dict` (`target @ source`) when a line holds ` @ `,
    /// otherwise TSV (`source<TAB>target`, a third column ignored). Multi-word entries are
    /// skipped. `src_lang`/`tgt_lang` decide the tokenization.
    ///
    /// # Errors
    /// I/O and decoding errors naming the file; a line that is neither format, with its number.
    pub fn read_dictionary(path: &Path, src_lang: &Lang, tgt_lang: &Lang) -> Result<Lexicon> {
        let text = crate::corpus::read::read_text(path)?;
        Lexicon::parse_dictionary(&text, src_lang, tgt_lang).map_err(|e| e.with_path(path))
    }

    /// Parses dictionary text (see [`Lexicon::read_dictionary`]).
    ///
    /// # Errors
    /// A line that is neither format, with its 1-based number.
    pub fn parse_dictionary(text: &str, src_lang: &Lang, tgt_lang: &Lang) -> Result<Lexicon> {
        let mut lex = Lexicon::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (s, t) = if let Some((t, s)) = line.split_once(" @ ") {
                (s.trim(), t.trim())
            } else if let Some((s, rest)) = line.split_once('\t') {
                (s.trim(), rest.split('\t').next().unwrap_or("").trim())
            } else {
                return Err(Error::new(ErrorKind::Config(
                    "not a dictionary line (want `target @ source` or `source<TAB>target`)".into(),
                ))
                .with_line(n + 1));
            };
            let (ts, tt) = (tokens(s, src_lang), tokens(t, tgt_lang));
            if ts.len() == 1 && tt.len() == 1 {
                lex.links.insert((ts[0].clone(), tt[0].clone()), 1.0);
            }
        }
        Ok(lex)
    }

    /// The seed lexicon shipped with dragoman for English-Persian and English-Arabic (either
    /// direction): about 3,700 (en-fa) and 5,800 (en-ar) lines of common news words and their
    /// forms, written by hand for this project (`rules/seed-lexicon/`, CC0). `None` for other
    /// language pairs.
    pub fn seed(src: &Lang, tgt: &Lang) -> Option<Lexicon> {
        Lexicon::seed_ref(src, tgt).cloned()
    }

    /// [`Lexicon::seed`], parsed once per process (the aligner asks for it on every call).
    pub(crate) fn seed_ref(src: &Lang, tgt: &Lang) -> Option<&'static Lexicon> {
        use std::sync::OnceLock;
        static SEEDS: [OnceLock<Option<Lexicon>>; 4] = [const { OnceLock::new() }; 4];
        let (k, text, other) = match (src, tgt) {
            (Lang::En, Lang::Fa) => (0, SEED_EN_FA, Lang::Fa),
            (Lang::Fa, Lang::En) => (1, SEED_EN_FA, Lang::Fa),
            (Lang::En, Lang::Ar) => (2, SEED_EN_AR, Lang::Ar),
            (Lang::Ar, Lang::En) => (3, SEED_EN_AR, Lang::Ar),
            _ => return None,
        };
        SEEDS[k]
            .get_or_init(|| {
                let lex = Lexicon::parse_dictionary(text, &Lang::En, &other).ok()?;
                if *src == Lang::En {
                    Some(lex)
                } else {
                    Some(Lexicon {
                        links: lex
                            .links
                            .into_iter()
                            .map(|((s, t), p)| ((t, s), p))
                            .collect(),
                    })
                }
            })
            .as_ref()
    }

    /// Reads a lexicon saved by [`Lexicon::write`].
    ///
    /// # Errors
    /// I/O errors; a malformed line, with its number.
    pub fn read(path: &Path) -> Result<Lexicon> {
        let text = crate::corpus::read::read_text(path)?;
        let mut lex = Lexicon::default();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let p = f
                .get(2)
                .and_then(|p| p.parse::<f64>().ok())
                .filter(|p| (0.0..=1.0).contains(p));
            match (f.len(), p) {
                (3, Some(p)) => {
                    lex.links.insert((f[0].to_owned(), f[1].to_owned()), p);
                }
                _ => {
                    return Err(Error::new(ErrorKind::Config(
                        "not a lexicon line (want source<TAB>target<TAB>probability)".into(),
                    ))
                    .with_path(path)
                    .with_line(n + 1))
                }
            }
        }
        Ok(lex)
    }

    /// Writes the lexicon as TSV (see the module docs).
    pub fn write(&self, w: &mut dyn Write) -> Result<()> {
        for ((s, t), p) in &self.links {
            writeln!(w, "{s}\t{t}\t{p:.4}")?;
        }
        Ok(())
    }

    /// Saves to `path` atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        crate::export::write_atomic(path, |w| self.write(w)).at(path)
    }

    /// Learns links with IBM Model 1 from sentence pairs (token lists), in both directions, with
    /// `iterations` EM iterations each. Keeps links with `t(target | source) >= min_prob` or
    /// `t(source | target) >= min_prob`, probability the larger of the two. Tokens seen fewer than
    /// 2 times are ignored. Deterministic: ties and sums run in a fixed order.
    pub fn learn(
        pairs: &[(Vec<String>, Vec<String>)],
        iterations: usize,
        min_prob: f64,
    ) -> Lexicon {
        let mut sv: (HashMap<&str, u32>, Vec<String>) = (HashMap::new(), Vec::new());
        let mut tv: (HashMap<&str, u32>, Vec<String>) = (HashMap::new(), Vec::new());
        fn id<'a>(v: &mut (HashMap<&'a str, u32>, Vec<String>), w: &'a str) -> u32 {
            let n = v.1.len() as u32;
            *v.0.entry(w).or_insert_with(|| {
                v.1.push(w.to_owned());
                n
            })
        }
        let ids: Vec<(Vec<u32>, Vec<u32>)> = pairs
            .iter()
            .map(|(s, t)| {
                (
                    s.iter().map(|w| id(&mut sv, w)).collect(),
                    t.iter().map(|w| id(&mut tv, w)).collect(),
                )
            })
            .collect();
        Lexicon::learn_ids(&ids, iterations, min_prob, &sv.1, &tv.1)
    }

    /// [`Lexicon::learn`] on token ids: `src_words[id]` and `tgt_words[id]` name them.
    pub fn learn_ids(
        pairs: &[(Vec<u32>, Vec<u32>)],
        iterations: usize,
        min_prob: f64,
        src_words: &[String],
        tgt_words: &[String],
    ) -> Lexicon {
        let pairs: Vec<(&[u32], &[u32])> = pairs
            .iter()
            .map(|(s, t)| (s.as_slice(), t.as_slice()))
            .collect();
        let links = Lexicon::learn_id_links(&pairs, iterations, min_prob, &mut Default::default());
        Lexicon::from_id_links(&links, src_words, tgt_words)
    }

    /// The links of [`Lexicon::learn_ids`] by token ids, `((source, target), probability)`,
    /// sorted, with the tables of the two directions in `buffers`, kept for the next call: a
    /// caller that learns again (the aligner learns before each later pass) then writes into
    /// pages it already has instead of megabytes of fresh ones (their page faults cost about
    /// 5% of the align stage on NTREX).
    pub(crate) fn learn_id_links(
        pairs: &[(&[u32], &[u32])],
        iterations: usize,
        min_prob: f64,
        buffers: &mut [Model1Buffers; 2],
    ) -> Vec<((u32, u32), f64)> {
        let [fwd_buf, bwd_buf] = buffers;
        let mut fwd = move || model1(pairs.iter().copied(), iterations, min_prob, fwd_buf);
        let mut bwd = move || {
            model1(
                pairs.iter().map(|&(s, t)| (t, s)),
                iterations,
                min_prob,
                bwd_buf,
            )
        };
        // the two directions are independent: one thread each, unless their tables are big
        // (4 bytes per token pair of a sentence pair, held by both at once)
        let cells: usize = pairs.iter().map(|(s, t)| (s.len() + 1) * t.len()).sum();
        let (fwd, bwd) = if cells <= PARALLEL_MODEL1_CELLS {
            rayon::join(fwd, bwd)
        } else {
            (fwd(), bwd())
        };
        // a link learned both ways keeps the larger probability (each direction's are
        // distinct and sorted; the stable sort keeps the forward one first)
        let mut links = fwd;
        links.extend(bwd.into_iter().map(|((t, s), p)| ((s, t), p)));
        links.sort_by_key(|l| l.0);
        links.dedup_by(|later, kept| {
            if later.0 == kept.0 {
                kept.1 = kept.1.max(later.1);
                true
            } else {
                false
            }
        });
        links
    }

    /// A lexicon of links given by token ids (`src_words[id]` and `tgt_words[id]` name them),
    /// at most one per pair of ids.
    pub(crate) fn from_id_links(
        links: &[((u32, u32), f64)],
        src_words: &[String],
        tgt_words: &[String],
    ) -> Lexicon {
        Lexicon {
            links: links
                .iter()
                .map(|&((s, t), p)| {
                    (
                        (src_words[s as usize].clone(), tgt_words[t as usize].clone()),
                        p,
                    )
                })
                .collect(),
        }
    }
}

/// Model 1 trains both directions at once up to this many token pairs (about 80 MB of
/// tables each), one after the other past it, so peak memory stays that of one direction.
const PARALLEL_MODEL1_CELLS: usize = 20_000_000;

/// Dense indices of token ids: a table by id for the small ids of a vocabulary, a hash map
/// for ids too large for a table (callers of [`Lexicon::learn_ids`] may pass any `u32`).
enum IdIndex {
    Table(Vec<u32>),
    Map(IntMap<u32, u32>),
}

impl IdIndex {
    /// Numbers the ids seen at least twice in `lists` `first`, `first + 1`, ... in order of
    /// first appearance. Returns the index and the id of each number from `first` on.
    fn of<'a>(lists: impl Iterator<Item = &'a [u32]> + Clone, first: u32) -> (IdIndex, Vec<u32>) {
        let (max, n) = lists.clone().fold((0u32, 0usize), |(m, n), l| {
            (l.iter().copied().fold(m, u32::max), n + l.len())
        });
        let mut back = Vec::new();
        if (max as usize) <= 4 * n + 4096 {
            // seen 0, 1 or 2+ times, then numbered (NONE: not numbered)
            let mut seen = vec![0u8; max as usize + 1];
            for &w in lists.clone().flatten() {
                seen[w as usize] = seen[w as usize].saturating_add(1);
            }
            let mut ix = vec![NONE; max as usize + 1];
            for &w in lists.flatten() {
                if seen[w as usize] >= 2 && ix[w as usize] == NONE {
                    ix[w as usize] = first + back.len() as u32;
                    back.push(w);
                }
            }
            (IdIndex::Table(ix), back)
        } else {
            let mut seen: IntMap<u32, u8> = IntMap::default();
            for &w in lists.clone().flatten() {
                let e = seen.entry(w).or_insert(0);
                *e = e.saturating_add(1);
            }
            let mut ix: IntMap<u32, u32> = IntMap::default();
            for &w in lists.flatten() {
                if seen.get(&w).is_some_and(|&c| c >= 2) && !ix.contains_key(&w) {
                    ix.insert(w, first + back.len() as u32);
                    back.push(w);
                }
            }
            (IdIndex::Map(ix), back)
        }
    }

    fn get(&self, w: u32) -> Option<u32> {
        match self {
            IdIndex::Table(t) => t.get(w as usize).copied().filter(|&x| x != NONE),
            IdIndex::Map(m) => m.get(&w).copied(),
        }
    }
}

const NONE: u32 = u32::MAX;

/// The tables of one Model 1 training that grow with the number of token pairs (a slot per
/// co-occurring pair and the first slot number of every token pair), kept between calls
/// ([`Lexicon::learn_id_links`]). Their contents never carry over: each call writes every
/// entry it reads.
#[derive(Default)]
pub(crate) struct Model1Buffers {
    /// The e of each slot (room for one slot per token pair and one spare).
    slot_e: Vec<u32>,
    /// `t(f | e)` of each slot (an f32 value) from each M-step until the E-step has read it,
    /// then the slot's expected count: a slot's t is read only before its counts are final
    /// (once, spread by e for its f), and its count only to make its next t.
    tc: Vec<f64>,
}

/// IBM Model 1 `t(f | e)` by EM, with a NULL source word, over token ids. Returns the
/// `(e, f)` pairs that co-occur with `t >= min_prob`, sorted. Tokens seen fewer than 2 times
/// (both sides counted) are ignored.
fn model1<'a>(
    pairs: impl Iterator<Item = (&'a [u32], &'a [u32])>,
    iterations: usize,
    min_prob: f64,
    buffers: &mut Model1Buffers,
) -> Vec<((u32, u32), f64)> {
    let pairs: Vec<(&[u32], &[u32])> = pairs.collect();
    // dense ids in order of first appearance (deterministic); e id 0 is NULL
    let (ev, e_tail) = IdIndex::of(pairs.iter().map(|p| p.0), 1);
    let (fv, f_back) = IdIndex::of(pairs.iter().map(|p| p.1), 0);
    let mut e_back: Vec<u32> = vec![u32::MAX];
    e_back.extend(e_tail);
    let ev_len = e_back.len();
    // each sentence pair's es (NULL first), flat, and its fs grouped by f (counting sort):
    // `occ` holds, f after f, the sentence pair of each occurrence of f, in sentence order
    let mut es_flat: Vec<u32> = Vec::new();
    let mut es_start: Vec<usize> = Vec::with_capacity(pairs.len() + 1);
    es_start.push(0);
    let mut occ_start = vec![0usize; f_back.len() + 1];
    for (e, f) in &pairs {
        es_flat.push(0);
        es_flat.extend(e.iter().filter_map(|&w| ev.get(w)));
        es_start.push(es_flat.len());
        for f in f.iter().filter_map(|&w| fv.get(w)) {
            occ_start[f as usize + 1] += 1;
        }
    }
    for k in 1..occ_start.len() {
        occ_start[k] += occ_start[k - 1];
    }
    let mut fill = occ_start.clone();
    let mut occ = vec![0u32; occ_start[f_back.len()]];
    for (si, (_, f)) in pairs.iter().enumerate() {
        for f in f.iter().filter_map(|&w| fv.get(w)) {
            occ[fill[f as usize]] = si as u32;
            fill[f as usize] += 1;
        }
    }
    // an f twice in one sentence pair (a function word, mostly: about one occurrence in ten)
    // has the same row twice: each of f's rows is kept once with the number of times it
    // occurs, `(sentence pair, times)`, f's from `run_start[f]`. Its normalizer is the same
    // each time, and each slot receives the same term `times` times in a row, where the rows
    // one after the other gave it the same terms (all equal) in the same number.
    let mut runs: Vec<(u32, u32)> = Vec::with_capacity(occ.len());
    let mut run_start: Vec<usize> = Vec::with_capacity(f_back.len() + 1);
    run_start.push(0);
    for f in 0..f_back.len() {
        for &si in &occ[occ_start[f]..occ_start[f + 1]] {
            let own_runs = runs.len() > run_start[f];
            match runs.last_mut() {
                Some((last, times)) if own_runs && *last == si => *times += 1,
                _ => runs.push((si, 1)),
            }
        }
        run_start.push(runs.len());
    }
    // t(f|e) in a flat table, one slot per co-occurring (e, f), numbered f by f (each f's es
    // in order of first appearance; `f_slot[f]..f_slot[f + 1]` are f's slots), with a stamp
    // per e in place of a hash map over (e, f). An E-step walks f after f: f's t are spread
    // into an array by e (`t_of`), then each occurrence of f (a row: the es of its sentence
    // pair) sums and counts through it and `c_of` by e, whose counts go back to f's slots
    // (a row's every e is one of f's). The rows are not stored (a slot per token pair,
    // megabytes per call that were fresh pages each time); the es of a sentence pair and the
    // arrays by e stay in cache. Each slot's count receives the same terms in the same order
    // (sentence pair after sentence pair) as a sweep sentence by sentence would give it.
    let cells: usize = pairs
        .iter()
        .enumerate()
        .map(|(si, (_, f))| {
            (es_start[si + 1] - es_start[si]) * f.iter().filter(|&&w| fv.get(w).is_some()).count()
        })
        .sum();
    let es_of = |si: u32| &es_flat[es_start[si as usize]..es_start[si as usize + 1]];
    // at most one slot per token pair (and one spare); without a branch: each e is written at
    // the next slot, which is taken only when e is new to f (a branch there is mispredicted
    // about as often as not)
    let Model1Buffers { slot_e, tc } = buffers;
    // written before read, so never cleared; grown as a fresh zeroed allocation, whose pages
    // the system maps only when touched (a slot per token pair is far more than are used)
    if slot_e.len() < cells + 1 {
        *slot_e = vec![0; cells + 1];
    }
    // t in f32 (links are kept down to LINK_MIN_PROB only), counts in f64, one slot's in one
    // place (`tc`: 8 bytes a slot, not 12); each E-step adds `t / z` to the slot's count (in
    // `c_of`, then written to `tc`), and the totals per e are summed from the counts slot
    // after slot.
    let mut tot = vec![0.0f64; ev_len];
    // the current f's t and counts by e (only f's es are set; the counts are 0 between fs)
    let (mut t_of, mut c_of) = (vec![0.0f32; ev_len], vec![0.0f64; ev_len]);
    // The slots are numbered in the first E-step's walk over the token pairs (one walk less):
    // every t is 1 then, so each row's normalizer is its length (the same f32 sum of ones,
    // exact below 2^24) and each of its token pairs adds `1 * (1 / z)` to its count.
    let mut f_slot: Vec<usize> = Vec::with_capacity(f_back.len() + 1);
    f_slot.push(0);
    let mut stamp = vec![u32::MAX; ev_len];
    let mut n = 0;
    tc.clear();
    for f in 0..f_back.len() {
        let lo = n;
        for &(si, times) in &runs[run_start[f]..run_start[f + 1]] {
            let es = es_of(si);
            let z: f32 = if es.len() < 1 << 24 {
                es.len() as f32
            } else {
                es.iter().map(|_| 1.0f32).sum()
            };
            let inv = 1.0 / z as f64;
            for &e in es {
                let new = stamp[e as usize] != f as u32;
                stamp[e as usize] = f as u32;
                slot_e[n] = e;
                n += new as usize;
                for _ in 0..times {
                    c_of[e as usize] += inv;
                }
            }
        }
        f_slot.push(n);
        for &e in &slot_e[lo..n] {
            let ck = std::mem::take(&mut c_of[e as usize]);
            tc.push(ck);
            tot[e as usize] += ck;
        }
    }
    let slot_e = &slot_e[..n];
    if iterations == 0 {
        tc.iter_mut().for_each(|x| *x = 1.0);
    }
    for iteration in 0..iterations {
        // the first E-step's counts are those of the numbering walk above
        if iteration > 0 {
            tot.iter_mut().for_each(|x| *x = 0.0);
            for f in 0..f_back.len() {
                let (lo, hi) = (f_slot[f], f_slot[f + 1]);
                for (&e, &v) in slot_e[lo..hi].iter().zip(&tc[lo..hi]) {
                    t_of[e as usize] = v as f32;
                }
                for &(si, times) in &runs[run_start[f]..run_start[f + 1]] {
                    let es = es_of(si);
                    let z: f32 = es.iter().map(|&e| t_of[e as usize]).sum();
                    if z <= 0.0 {
                        continue;
                    }
                    let inv = 1.0 / z as f64;
                    if times == 1 {
                        for &e in es {
                            c_of[e as usize] += t_of[e as usize] as f64 * inv;
                        }
                    } else {
                        for &e in es {
                            let x = t_of[e as usize] as f64 * inv;
                            for _ in 0..times {
                                c_of[e as usize] += x;
                            }
                        }
                    }
                }
                // only f's rows count into f's slots: their counts are final, and go into the
                // totals now, while in cache (slot after slot, the order of a sweep over all
                // slots)
                for (&e, ck) in slot_e[lo..hi].iter().zip(&mut tc[lo..hi]) {
                    *ck = std::mem::take(&mut c_of[e as usize]);
                    tot[e as usize] += *ck;
                }
            }
        }
        // M-step (each E-step writes every count). Two slots at a time, both divided whatever
        // their totals, so that the two divisions can be one instruction (the same correctly
        // rounded quotients; written out: as a loop over the two, the compiler moved the
        // divisions back under the test)
        let mut it = tc.chunks_exact_mut(2).zip(slot_e.chunks_exact(2));
        for (v, e) in &mut it {
            let den = [tot[e[0] as usize], tot[e[1] as usize]];
            let q = [v[0] / den[0], v[1] / den[1]];
            v[0] = if den[0] > 0.0 {
                q[0] as f32 as f64
            } else {
                0.0
            };
            v[1] = if den[1] > 0.0 {
                q[1] as f32 as f64
            } else {
                0.0
            };
        }
        if tc.len() % 2 == 1 {
            let k = tc.len() - 1;
            let den = tot[slot_e[k] as usize];
            tc[k] = if den > 0.0 {
                (tc[k] / den) as f32 as f64
            } else {
                0.0
            };
        }
    }
    let mut out: Vec<((u32, u32), f64)> = (0..f_back.len())
        .flat_map(|f| (f_slot[f]..f_slot[f + 1]).map(move |k| (k, f)))
        .map(|(k, f)| ((slot_e[k], f as u32), tc[k]))
        .filter(|&((e, _), p)| e != 0 && p >= min_prob)
        .map(|((e, f), p)| ((e_back[e as usize], f_back[f as usize]), p))
        .collect();
    out.sort_by_key(|a| a.0);
    out
}

/// Index of a lexicon for fast lookups: token ids and, per target id, the linked source ids.
#[derive(Clone, Debug, Default)]
pub struct LexIndex {
    /// Source token -> id.
    pub src_ids: HashMap<String, u32>,
    /// Target token -> id.
    pub tgt_ids: HashMap<String, u32>,
    /// Linked pairs `(source id, target id)`.
    pub pairs: HashSet<(u32, u32)>,
}

impl LexIndex {
    /// Builds the index of `lex`.
    pub fn new(lex: &Lexicon) -> LexIndex {
        let mut ix = LexIndex::default();
        for (s, t) in lex.links.keys() {
            let n = ix.src_ids.len() as u32;
            let si = *ix.src_ids.entry(s.clone()).or_insert(n);
            let n = ix.tgt_ids.len() as u32;
            let ti = *ix.tgt_ids.entry(t.clone()).or_insert(n);
            ix.pairs.insert((si, ti));
        }
        ix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn model1_learns_a_hand_worked_toy_corpus() {
        // "the house" / "la maison", "the book" / "le livre", "a book" / "un livre"
        let pairs = vec![
            (toks("the house"), toks("la maison")),
            (toks("the book"), toks("la livre")),
            (toks("a book"), toks("un livre")),
            (toks("a house"), toks("un maison")),
        ];
        let lex = Lexicon::learn(&pairs, 10, 0.5);
        assert!(lex.links.contains_key(&("book".into(), "livre".into())));
        assert!(lex.links.contains_key(&("house".into(), "maison".into())));
        assert!(lex.links.contains_key(&("the".into(), "la".into())));
        assert!(!lex.links.contains_key(&("book".into(), "maison".into())));
    }

    #[test]
    fn tokens_are_folded_and_truncated() {
        assert_eq!(tokens("Ministers met", &Lang::En), vec!["minist", "met"]);
        // و and then ال are stripped (the verb التقى loses its first two letters too: truncation
        // stemming is crude, but consistent across the corpus)
        assert_eq!(tokens("والتقى الرئيس", &Lang::Ar), vec!["تقی", "رییس"]);
    }

    #[test]
    fn reads_hunalign_and_tsv_dictionaries() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("x.dict");
        std::fs::write(&p, "کتاب @ book\nخانه @ house\n").unwrap();
        let l = Lexicon::read_dictionary(&p, &Lang::En, &Lang::Fa).unwrap();
        assert_eq!(l.links.len(), 2);
        assert!(l.links.contains_key(&("book".into(), "کتاب".into())));
        std::fs::write(&p, "book\tکتاب\nbad line\n").unwrap();
        let e = Lexicon::read_dictionary(&p, &Lang::En, &Lang::Fa).unwrap_err();
        assert_eq!(e.line(), Some(2));
    }

    #[test]
    fn seed_lexicons_parse_for_both_directions() {
        let fa = Lexicon::seed(&Lang::En, &Lang::Fa).unwrap();
        assert!(fa.links.len() > 1000, "{}", fa.links.len());
        assert!(fa.links.contains_key(&("four".into(), "چهار".into())));
        let ar = Lexicon::seed(&Lang::Ar, &Lang::En).unwrap();
        assert!(ar.links.keys().all(|(s, _)| !s.is_ascii()));
        assert!(Lexicon::seed(&Lang::Other("de".into()), &Lang::Fa).is_none());
    }

    #[test]
    fn lexicon_round_trips_through_tsv() {
        let mut l = Lexicon::default();
        l.links.insert(("a".into(), "b".into()), 0.5);
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("l.tsv");
        l.save(&p).unwrap();
        assert_eq!(Lexicon::read(&p).unwrap(), l);
    }
}
