//! The main job: load a corpus, align every pair, list differences, write everything.
//!
//! [`run`] scans the corpus ([`crate::corpus::pair::scan`]; editions whose slugs pair nothing
//! are then paired by content, [`crate::corpus::content::pair_leftovers`], with a warning),
//! loads each edition once (in parallel), checks each edition's language against whatlang
//! ([`crate::detect`]), aligns the pairs in parallel ([`crate::align::align_all`]), lists
//! differences ([`crate::diff`]) and writes the files listed in [`crate::export`], each
//! atomically, plus for each pair `<slug>.en-<lang>.diffs.json` ([`crate::report::json`]) and
//! `<slug>.en-<lang>.html`, and `index.html` at the top of the output folder
//! ([`crate::report`]). A pair whose edition cannot be read, or one of whose files cannot be
//! written, is reported in [`RunReport::failures`] and the others go on.

use crate::align::{AlignConfig, Alignment, PairInput};
use crate::corpus::pair::{scan_excluding, PairPlan};
use crate::corpus::{load_edition, Edition};
use crate::detect::{detect, Detected};
use crate::diff::{diff_with, DiffConfig, DiffKind, Difference};
use crate::error::{Error, Result};
use crate::export::filter::{FilterConfig, FilterReport};
use crate::export::{self, tmx, write_atomic};
use crate::report;
use crate::Lang;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One aligned pair.
pub struct PairResult {
    /// Which files.
    pub plan: PairPlan,
    /// The English edition.
    pub src: Edition,
    /// The Persian or Arabic edition.
    pub tgt: Edition,
    /// Its alignment.
    pub alignment: Alignment,
    /// Its differences.
    pub diffs: Vec<Difference>,
    /// Warnings about the pair as a whole ([`unequal_note`]), shown in its report.
    pub notes: Vec<String>,
}

/// What a run did.
#[derive(Default)]
pub struct RunReport {
    /// Pairs aligned and written, in scan order.
    pub pairs: Vec<PairResult>,
    /// Pairs that could not be done (an edition unreadable, or one of the pair's files
    /// unwritable), and `index.html` or corpus TMX files that could not be written; one error
    /// each, naming the file.
    pub failures: Vec<Error>,
    /// How many of [`RunReport::failures`] are corpus files (`index.html`, corpus TMX), not
    /// pairs.
    pub corpus_failures: usize,
    /// Warnings (unpaired editions, language disagreements, skipped files); one line each.
    pub warnings: Vec<String>,
    /// Files written, in order.
    pub written: Vec<PathBuf>,
    /// What the aligner learned (length model, evidence rates, lexicon), if any pair was aligned.
    pub model: Option<crate::align::Model>,
    /// Wall-clock seconds spent loading (read, decode, segment), aligning, diffing and writing.
    pub timings: Timings,
    /// What the corpus filters of [`run_filtered`] removed from the bitexts (each pair's `.tsv`
    /// and the corpus TMX files); `None` when no filter was set.
    pub filter: Option<FilterReport>,
    /// Pairs aligned without embeddings because the embedder failed (with
    /// [`Embeddings::optional`]; a warning says why); 0 without embeddings.
    pub without_embeddings: usize,
}

/// Wall-clock seconds per stage of a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Reading, decoding, normalizing and segmenting the editions.
    pub load: f64,
    /// Waiting for sentence embeddings (with [`Embeddings`]; both rounds of [`align_embedded`]):
    /// the wall-clock time during which an embedding call ran (server, cache), not counted in
    /// `align`. 0 without embeddings.
    pub embed: f64,
    /// Aligning every pair (all passes).
    pub align: f64,
    /// Listing differences.
    pub diff: f64,
    /// Writing every output file.
    pub write: f64,
}

impl RunReport {
    /// Beads by shape (`"1-1"`, `"1-0"`, ...), over all pairs.
    pub fn beads_by_shape(&self) -> BTreeMap<String, usize> {
        let mut m = BTreeMap::new();
        for p in &self.pairs {
            for b in &p.alignment.beads {
                *m.entry(b.shape()).or_insert(0) += 1;
            }
        }
        m
    }
    /// Differences by kind, over all pairs.
    pub fn diffs_by_kind(&self) -> BTreeMap<&'static str, usize> {
        let mut m = BTreeMap::new();
        for p in &self.pairs {
            for d in &p.diffs {
                *m.entry(d.kind.name()).or_insert(0) += 1;
            }
        }
        m
    }
}

/// Flags strongly unequal editions (case B12): one has at least three times as many sentences
/// as the other, or its text (in chars) is three times longer or shorter than the language
/// pair's usual ratio ([`crate::align::score::LengthModel::prior`]) says. The note names the
/// counts and the length ratio, e.g. `strongly unequal editions: 12 en sentences vs 2 ar
/// sentences, 310% of the expected length`.
pub fn unequal_note(a: &Edition, b: &Edition) -> Option<String> {
    let (m, n) = (
        a.sentences.len().max(1) as f64,
        b.sentences.len().max(1) as f64,
    );
    let chars = |e: &Edition| {
        e.sentences
            .iter()
            .map(|s| s.norm.chars().count())
            .sum::<usize>()
            .max(1) as f64
    };
    let ratio =
        chars(b) / chars(a) / crate::align::score::LengthModel::prior(&a.lang, &b.lang).ratio;
    if m / n >= 3.0 || n / m >= 3.0 || !(1.0 / 3.0..=3.0).contains(&ratio) {
        return Some(format!(
            "strongly unequal editions: {} {} sentences vs {} {} sentences, {:.0}% of the expected length",
            a.sentences.len(),
            a.lang,
            b.sentences.len(),
            b.lang,
            100.0 * ratio
        ));
    }
    None
}

/// [`unequal_note`] as a run warning, prefixed with the pair's name.
pub fn unequal_warning(plan: &PairPlan, a: &Edition, b: &Edition) -> Option<String> {
    unequal_note(a, b).map(|n| format!("{}: {n}", plan.display_name()))
}

/// Checks an edition's language (from its file name or an option) against detection; returns
/// a warning when they disagree. Only for en, fa and ar (what detection names); `None` for
/// other languages.
pub fn language_warning(e: &Edition) -> Option<String> {
    if !e.lang.is_supported() {
        return None;
    }
    let sample: String = e
        .sentences
        .iter()
        .take(40)
        .map(|s| s.norm.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    match detect(&sample) {
        Some(Detected::Lang(l)) if l == e.lang => None,
        None => None,
        Some(d) => Some(format!(
            "{}: read as {} but the text looks like {} (whatlang and letter evidence)",
            e.path.display(),
            e.lang,
            d
        )),
    }
}

/// Warnings for runs of sentences of edition `e` written in another of dragoman's languages: a
/// Persian or Arabic passage in an English edition, an English one in a Persian or Arabic
/// edition (sentences of at least 20 letters), Arabic in Persian or Persian in Arabic (at
/// least 40 letters), detected as [`language_warning`] detects; at most 3 runs named, then a
/// count. Such a passage is aligned as if it were the edition's
/// language, and the audit's findings there are not to be trusted.
pub fn foreign_passage_warnings(e: &Edition) -> Vec<String> {
    if !e.lang.is_supported() {
        return Vec::new();
    }
    let foreign: Vec<Option<Lang>> = e
        .sentences
        .iter()
        .map(|s| {
            let (letters, arabic) = s
                .text
                .chars()
                .filter(|c| c.is_alphabetic())
                .fold((0, 0), |(n, a), c| {
                    (n + 1, a + usize::from(crate::detect::is_arabic_script(c)))
                });
            // detection only where the letters allow another language: mostly Arabic script
            // in an English edition; in a Persian or Arabic one, mostly Latin, or long
            let arabic_script = arabic * 2 > letters;
            let may_differ = if e.lang == Lang::En {
                arabic_script
            } else {
                !arabic_script || letters >= 40
            };
            if letters < 20 || !may_differ {
                return None;
            }
            match detect(&s.text) {
                Some(Detected::Lang(l)) if (l == Lang::En) != (e.lang == Lang::En) => Some(l),
                // Persian in Arabic or Arabic in Persian: told by letters and words, so only
                // in longer sentences
                Some(Detected::Lang(l)) if l != e.lang && letters >= 40 => Some(l),
                _ => None,
            }
        })
        .collect();
    let mut runs: Vec<(std::ops::Range<usize>, Lang)> = Vec::new();
    for (i, f) in foreign.iter().enumerate() {
        let Some(l) = f else { continue };
        match runs.last_mut() {
            Some((r, rl)) if r.end == i && rl == l => r.end = i + 1,
            _ => runs.push((i..i + 1, l.clone())),
        }
    }
    let mut out: Vec<String> = runs
        .iter()
        .take(3)
        .map(|(r, l)| {
            let ids = if r.len() == 1 {
                format!("sentence {}", r.start)
            } else {
                format!("sentences {} to {}", r.start, r.end - 1)
            };
            let which = format!("{ids} (paragraph {})", e.sentences[r.start].paragraph);
            format!(
                "{}: {which} reads as {l}, not {}: it is aligned as {} text, so its beads and the audit's findings there (omission, addition, merge) are not to be trusted",
                e.path.display(),
                e.lang,
                e.lang
            )
        })
        .collect();
    if runs.len() > 3 {
        out.push(format!(
            "{}: {} more passages read as another language (dragoman detect lists the paragraphs)",
            e.path.display(),
            runs.len() - 3
        ));
    }
    out
}

/// Runs the main job on corpus folder `corpus`, writing into `out` (created if missing).
/// `progress` is called with a short message as each stage starts (`"loading 3 editions"`).
///
/// # Errors
/// Only when nothing can be done: the corpus folder is missing or holds no edition, or `out`
/// cannot be created. Per-pair problems (reading or writing) go to [`RunReport::failures`].
pub fn run(
    corpus: &Path,
    out: &Path,
    cfg: &AlignConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    run_with(corpus, out, cfg, &DiffConfig::default(), progress)
}

/// What the aligner's estimates (length model, coverage rates, learned lexicon) are pooled over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pooling {
    /// All pairs of the run together ([`crate::align::align_all`] over the corpus): the default of [`run`].
    #[default]
    Corpus,
    /// Each pair on its own, as `dragoman align` and `dragoman stream` do
    /// ([`crate::stream::align_record`]); pairs are still aligned in parallel.
    /// [`RunReport::model`] is then `None`.
    Pair,
}

/// [`run`] with diff settings (a user glossary, see [`crate::diff::terms`]).
///
/// # Errors
/// As [`run`].
pub fn run_with(
    corpus: &Path,
    out: &Path,
    cfg: &AlignConfig,
    diff_cfg: &DiffConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    run_pooled(corpus, out, cfg, diff_cfg, Pooling::Corpus, progress)
}

/// [`run_with`] with a choice of [`Pooling`].
///
/// # Errors
/// As [`run`].
pub fn run_pooled(
    corpus: &Path,
    out: &Path,
    cfg: &AlignConfig,
    diff_cfg: &DiffConfig,
    pooling: Pooling,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    run_embedded(corpus, out, cfg, diff_cfg, pooling, None, progress)
}

/// How [`run_embedded`] uses sentence embeddings.
pub struct Embeddings<'a> {
    /// Where vectors come from (a server client, or precomputed vectors).
    pub embedder: &'a dyn crate::embed::Embedder,
    /// On an embedding error, align without embeddings and say so in a warning, rather than
    /// fail the run.
    pub optional: bool,
}

/// Embeds every sentence of every pair (one string per sentence), in one call.
///
/// # Errors
/// The embedder's errors (server down, bad vectors), never made-up vectors.
pub fn embed_pairs(
    embedder: &dyn crate::embed::Embedder,
    pairs: &[PairInput<'_>],
) -> Result<Vec<crate::align::PairVectors>> {
    let mut texts: Vec<&str> = Vec::new();
    for p in pairs {
        texts.extend(p.src.iter().map(|s| s.text.as_str()));
        texts.extend(p.tgt.iter().map(|s| s.text.as_str()));
    }
    let mut vecs = embedder.embed(&texts)?.into_iter();
    Ok(pairs
        .iter()
        .map(|p| {
            (
                vecs.by_ref().take(p.src.len()).collect(),
                vecs.by_ref().take(p.tgt.len()).collect(),
            )
        })
        .collect())
}

/// Strings embedded beyond one per sentence, per sentence, by [`align_embedded`]: the
/// concatenations its second round scores exactly. Chosen on Text+Berg dev (see
/// `bench/embed.md`); issue #5 allows 1.5 strings per sentence in all.
pub const SPAN_BUDGET: f64 = 0.5;

/// Aligns with sentence embeddings in two rounds. Round 1 embeds every sentence (one string
/// each) and aligns, scoring n-m beads from sums of sentence vectors. Round 2 embeds the
/// concatenations [`crate::align::spans_to_embed`] picks around the beads that are not
/// confident 1-1 ones, at most `budget` per sentence (texts joined as vecalign's overlaps are,
/// [`crate::embed::vecalign_overlap`]), and aligns again scoring those beads with them
/// (real concatenations score multi-sentence beads better than sums: the model reads the
/// sentences together). `budget` 0 gives round 1 alone. An embedder that only looks vectors
/// up skips concatenations it does not hold.
///
/// # Errors
/// The embedder's errors, never made-up vectors.
pub fn align_embedded(
    embedder: &dyn crate::embed::Embedder,
    pairs: &[PairInput<'_>],
    cfg: &AlignConfig,
    budget: f64,
) -> Result<crate::align::AlignOutput> {
    let vectors = embed_pairs(embedder, pairs)?;
    align_embedded_from(embedder, pairs, &vectors, cfg, budget)
}

/// [`align_embedded`] given round 1's sentence vectors (from [`embed_pairs`]).
///
/// # Errors
/// The embedder's errors in round 2.
pub fn align_embedded_from(
    embedder: &dyn crate::embed::Embedder,
    pairs: &[PairInput<'_>],
    vectors: &[crate::align::PairVectors],
    cfg: &AlignConfig,
    budget: f64,
) -> Result<crate::align::AlignOutput> {
    let first = crate::align::align_all_with_vectors(pairs, Some(vectors), cfg);
    let sentences: usize = pairs.iter().map(|p| p.src.len() + p.tgt.len()).sum();
    let limit = (budget * sentences as f64).floor() as usize;
    if limit == 0 {
        return Ok(first);
    }
    let wanted = crate::align::spans_to_embed(&first, pairs, cfg.max_side, limit);
    let texts: Vec<String> = wanted
        .iter()
        .zip(pairs)
        .flat_map(|(w, p)| {
            w.iter().map(move |&(is_src, start, len)| {
                let side = if is_src { p.src } else { p.tgt };
                let parts: Vec<&str> = side[start..start + len]
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect();
                crate::embed::vecalign_overlap(&parts)
            })
        })
        .collect();
    if texts.is_empty() {
        return Ok(first);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut got = embedder.embed_some(&refs)?.into_iter();
    let spans: Vec<crate::align::SpanVectors> = wanted
        .iter()
        .map(|w| {
            let mut sv = crate::align::SpanVectors::default();
            for (&(is_src, start, len), v) in w.iter().zip(got.by_ref()) {
                if let Some(v) = v {
                    if is_src {
                        sv.0.insert((start, len), v);
                    } else {
                        sv.1.insert((start, len), v);
                    }
                }
            }
            sv
        })
        .collect();
    Ok(crate::align::align_all_with_spans(
        pairs,
        Some(vectors),
        Some(&spans),
        cfg,
    ))
}

/// An [`crate::embed::Embedder`] that measures how long its calls take: the wall-clock time
/// during which at least one call runs (calls from several threads at once count once).
struct Timed<'a> {
    inner: &'a dyn crate::embed::Embedder,
    clock: std::sync::Mutex<BusyClock>,
}

/// Calls running now, since when, and the seconds of the busy periods that ended.
#[derive(Default)]
struct BusyClock {
    running: usize,
    since: Option<std::time::Instant>,
    total: f64,
}

impl<'a> Timed<'a> {
    fn new(inner: &'a dyn crate::embed::Embedder) -> Timed<'a> {
        Timed {
            inner,
            clock: std::sync::Mutex::new(BusyClock::default()),
        }
    }

    /// Seconds during which a call ran, up to now.
    fn secs(&self) -> f64 {
        let c = self.lock();
        c.total + c.since.map_or(0.0, |t| t.elapsed().as_secs_f64())
    }

    /// Runs `f` as one call.
    fn time<T>(&self, f: impl FnOnce() -> T) -> T {
        {
            let mut c = self.lock();
            if c.running == 0 {
                c.since = Some(std::time::Instant::now());
            }
            c.running += 1;
        }
        let out = f();
        let mut c = self.lock();
        c.running = c.running.saturating_sub(1);
        if c.running == 0 {
            if let Some(t) = c.since.take() {
                c.total += t.elapsed().as_secs_f64();
            }
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BusyClock> {
        self.clock.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl crate::embed::Embedder for Timed<'_> {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.time(|| self.inner.embed(texts))
    }

    fn embed_some(&self, texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        self.time(|| self.inner.embed_some(texts))
    }
}

/// [`run_pooled`] with sentence embeddings ([`crate::align::align_all_with_vectors`]).
///
/// # Errors
/// As [`run`]; and an embedding error unless [`Embeddings::optional`].
pub fn run_embedded(
    corpus: &Path,
    out: &Path,
    cfg: &AlignConfig,
    diff_cfg: &DiffConfig,
    pooling: Pooling,
    embeddings: Option<Embeddings<'_>>,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    run_filtered(
        corpus,
        out,
        cfg,
        diff_cfg,
        pooling,
        embeddings,
        &FilterConfig::default(),
        progress,
    )
}

/// [`run_embedded`] with corpus filters ([`crate::export::filter`]) applied to the bitexts the
/// run writes: each pair's `.tsv` and the corpus TMX files. The `.sent` and `.align` files, the
/// differences and the pages always hold every bead. [`RunReport::filter`] counts what the
/// filters removed (`None` when no filter is set).
///
/// # Errors
/// As [`run_embedded`].
#[allow(clippy::too_many_arguments)]
pub fn run_filtered(
    corpus: &Path,
    out: &Path,
    cfg: &AlignConfig,
    diff_cfg: &DiffConfig,
    pooling: Pooling,
    embeddings: Option<Embeddings<'_>>,
    filter: &FilterConfig,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<RunReport> {
    // the output folder: never the corpus itself, and left out of the scan when inside it
    if let (Ok(c), Ok(o)) = (corpus.canonicalize(), out.canonicalize()) {
        if c == o {
            return Err(Error::new(crate::ErrorKind::Config(format!(
                "--out {} is the corpus folder: the outputs (.sent files among them) would be read as editions by the next run; choose another folder",
                out.display()
            ))));
        }
    }
    let mut found = scan_excluding(corpus, Some(out))?;
    let mut report = RunReport::default();
    // editions whose slugs pair nothing (other names, en/ and fa/ folders) are paired by content
    let content_cfg = crate::corpus::content::ContentConfig {
        lexicon: cfg.lexicon.clone(),
        ..Default::default()
    };
    report
        .warnings
        .extend(crate::corpus::content::pair_leftovers(
            &mut found,
            &content_cfg,
        ));
    // never overwrite an alignment or a sentence file that no run wrote (gold or hand-made: no
    // .diffs.json of the report beside it)
    for p in &found.pairs {
        let dir = out.join(&p.en.rel_dir);
        let slug = &p.en.slug;
        let by_run = |lang: &str| dir.join(format!("{slug}.en-{lang}.diffs.json")).exists();
        let align = dir.join(format!("{}.align", p.name()));
        let sents = [Lang::En, p.other.lang.clone()].map(|l| dir.join(format!("{slug}.{l}.sent")));
        let foreign = if align.is_file() && !by_run(p.other.lang.code()) {
            Some(align)
        } else {
            // a report's .sent files: from a run when any of its pairs has its .diffs.json
            let any_run = ["fa", "ar"].iter().any(|l| by_run(l));
            sents.into_iter().find(|s| s.is_file() && !any_run)
        };
        if let Some(f) = foreign {
            return Err(Error::new(crate::ErrorKind::Config(format!(
                "{} is not the output of a run (no {slug}.en-<lang>.diffs.json beside it: gold or hand-made?) and this run would overwrite it; choose another --out",
                f.display(),
            ))));
        }
    }
    for f in &found.unpaired {
        report.warnings.push(format!(
            "{}: unpaired edition (no {} edition with slug {:?})",
            f.path.display(),
            if f.lang == Lang::En { "fa or ar" } else { "en" },
            f.slug
        ));
    }
    for (p, why) in &found.skipped {
        report
            .warnings
            .push(format!("{}: skipped: {}", shown_path(p), why));
    }
    // load every edition used by a pair, once
    let mut paths: Vec<(PathBuf, Lang, crate::corpus::EditionFormat)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for p in &found.pairs {
        for f in [&p.en, &p.other] {
            if seen.insert(&f.path) {
                paths.push((f.path.clone(), f.lang.clone(), f.format));
            }
        }
    }
    progress(&format!("loading {} editions", paths.len()));
    let clock = std::time::Instant::now();
    let loaded: Vec<(PathBuf, Result<Edition>)> = paths
        .par_iter()
        .map(|(p, l, fmt)| (p.clone(), load_edition(p, Some(l.clone()), Some(*fmt))))
        .collect();
    let loaded: BTreeMap<PathBuf, Result<Edition>> = loaded.into_iter().collect();
    report.timings.load = clock.elapsed().as_secs_f64();
    // each edition's warnings, in parallel (language detection), kept in the editions' order
    let editions: Vec<&Edition> = loaded.values().flatten().collect();
    let warnings: Vec<Vec<String>> = editions
        .par_iter()
        .map(|e| {
            let mut w: Vec<String> = crate::corpus::blank_lines_warning(e).into_iter().collect();
            match language_warning(e) {
                Some(x) => w.push(x),
                // a whole edition in another language says it once
                None => w.extend(foreign_passage_warnings(e)),
            }
            w
        })
        .collect();
    report.warnings.extend(warnings.into_iter().flatten());
    let mut ready: Vec<(PairPlan, &Edition, &Edition)> = Vec::new();
    let mut failed_paths: Vec<&PathBuf> = Vec::new();
    for p in &found.pairs {
        match (&loaded[&p.en.path], &loaded[&p.other.path]) {
            (Ok(a), Ok(b)) => ready.push((p.clone(), a, b)),
            (Err(e), _) | (_, Err(e)) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_default();
                if !failed_paths.iter().any(|x| **x == path) {
                    report
                        .failures
                        .push(Error::new(crate::error::ErrorKind::Config(e.to_string())));
                    failed_paths.push(if loaded[&p.en.path].is_err() {
                        &p.en.path
                    } else {
                        &p.other.path
                    });
                } else {
                    report
                        .failures
                        .push(Error::new(crate::error::ErrorKind::Config(format!(
                            "pair {} skipped: {}",
                            p.display_name(),
                            e
                        ))));
                }
            }
        }
    }
    for (plan, a, b) in &ready {
        if let Some(w) = unequal_warning(plan, a, b) {
            report.warnings.push(w);
        }
    }
    let inputs: Vec<PairInput<'_>> = ready
        .iter()
        .map(|(_, a, b)| PairInput {
            src: &a.sentences,
            tgt: &b.sentences,
            src_lang: &a.lang,
            tgt_lang: &b.lang,
        })
        .collect();
    // every embedding call goes through `timed`, which measures the time spent in them
    let timed = embeddings.as_ref().map(|e| Timed::new(e.embedder));
    let mut vectors: Option<Vec<crate::align::PairVectors>> = None;
    if let (Some(e), Some(t)) = (&embeddings, &timed) {
        progress(&format!(
            "embedding the sentences of {} pairs",
            inputs.len()
        ));
        match embed_pairs(t, &inputs) {
            Ok(v) => vectors = Some(v),
            Err(err) if e.optional => {
                report.without_embeddings = inputs.len();
                report.warnings.push(format!(
                    "embeddings unavailable, aligned without them: {err}"
                ))
            }
            Err(err) => return Err(err),
        }
    }
    progress(&format!("aligning {} pairs", inputs.len()));
    let clock = std::time::Instant::now();
    let embed_before = timed.as_ref().map_or(0.0, Timed::secs);
    let optional = embeddings.as_ref().is_some_and(|e| e.optional);
    // with sentence vectors, round 2 of [`align_embedded`] embeds some concatenations
    // with an optional embedder that fails in round 2, the pairs are aligned without
    // embeddings and a warning says so
    let align_some = |ps: &[PairInput<'_>],
                      vs: Option<&[crate::align::PairVectors]>|
     -> Result<(crate::align::AlignOutput, Option<String>)> {
        let Some((t, vs)) = timed.as_ref().zip(vs) else {
            return Ok((crate::align::align_all(ps, cfg), None));
        };
        match align_embedded_from(t, ps, vs, cfg, SPAN_BUDGET) {
            Ok(o) => Ok((o, None)),
            Err(err) if optional => Ok((
                crate::align::align_all(ps, cfg),
                Some(format!(
                    "embeddings unavailable, aligned without them: {err}"
                )),
            )),
            Err(err) => Err(err),
        }
    };
    let (alignments, moves): (Vec<Alignment>, Vec<Vec<crate::align::Move>>) = match pooling {
        Pooling::Corpus => {
            let (out_all, warning) = align_some(&inputs, vectors.as_deref())?;
            if warning.is_some() {
                report.without_embeddings = inputs.len();
            }
            report.warnings.extend(warning);
            report.model = Some(out_all.model);
            (out_all.alignments, out_all.moves)
        }
        Pooling::Pair => {
            let outs: Vec<_> = inputs
                .par_iter()
                .enumerate()
                .map(|(k, p)| {
                    let v = vectors
                        .as_ref()
                        .and_then(|v| v.get(k))
                        .map(std::slice::from_ref);
                    align_some(std::slice::from_ref(p), v)
                })
                .collect::<Result<_>>()?;
            let mut pairs_out = Vec::with_capacity(inputs.len());
            for (mut o, warning) in outs {
                report.without_embeddings += usize::from(warning.is_some());
                report.warnings.extend(warning);
                pairs_out.push((
                    o.alignments.pop().unwrap_or_default(),
                    o.moves.pop().unwrap_or_default(),
                ));
            }
            pairs_out.into_iter().unzip()
        }
    };
    report.timings.embed = timed.as_ref().map_or(0.0, Timed::secs);
    report.timings.align =
        (clock.elapsed().as_secs_f64() - (report.timings.embed - embed_before)).max(0.0);
    progress("listing differences");
    let clock = std::time::Instant::now();
    let diffs: Vec<Vec<Difference>> = ready
        .par_iter()
        .zip(&alignments)
        .zip(&moves)
        .map(|(((_, a, b), alignment), mv)| {
            let mut d = diff_with(
                &a.sentences,
                &b.sentences,
                &a.lang,
                &b.lang,
                alignment,
                diff_cfg,
            );
            crate::diff::apply_moves(&mut d, mv);
            d
        })
        .collect();
    for (((plan, a, b), alignment), diffs) in ready.into_iter().zip(alignments).zip(diffs) {
        let notes = unequal_note(a, b).into_iter().collect();
        report.pairs.push(PairResult {
            plan,
            src: a.clone(),
            tgt: b.clone(),
            alignment,
            diffs,
            notes,
        });
    }
    report.timings.diff = clock.elapsed().as_secs_f64();
    if !report.pairs.is_empty() {
        progress(&format!("writing {} pairs", report.pairs.len()));
        let clock = std::time::Instant::now();
        write_outputs(out, &mut report, filter)?;
        report.timings.write = clock.elapsed().as_secs_f64();
    }
    Ok(report)
}

/// Writes every pair's files, then `index.html` and the corpus TMX files over the pairs written.
/// A file that cannot be written makes its pair a failure ([`RunReport::failures`], naming the
/// file; files of that pair written before it stay) and the other pairs go on; the pair is then
/// left out of [`RunReport::pairs`], the index and the TMX files. A failing index or TMX file is
/// a failure too. Only an output folder that cannot be created is an error (nothing written).
fn write_outputs(out: &Path, report: &mut RunReport, filter: &FilterConfig) -> Result<()> {
    crate::export::create_dir(out)?;
    let mut written = Vec::new();
    let mut index = Vec::new();
    let mut done = Vec::with_capacity(report.pairs.len());
    // the beads each pair's bitexts (`.tsv`, corpus TMX) hold: all of them without filters
    let mut kept = filtered_alignments(&report.pairs, filter).map(|(k, r)| {
        report.filter = Some(r);
        k.into_iter()
    });
    let mut bitext_beads = Vec::with_capacity(report.pairs.len());
    for p in std::mem::take(&mut report.pairs) {
        let beads = kept
            .as_mut()
            .and_then(Iterator::next)
            .unwrap_or_else(|| p.alignment.clone());
        match write_pair_outputs(out, &p, &beads, &mut written) {
            Ok(entry) => {
                index.push(entry);
                done.push(p);
                bitext_beads.push(beads);
            }
            Err(e) => report.failures.push(e),
        }
    }
    report.pairs = done;
    if !report.pairs.is_empty() {
        let path = out.join("index.html");
        match write_atomic(&path, |w| report::write_index_html(w, &index)) {
            Ok(()) => written.push(path),
            Err(e) => {
                report.failures.push(e);
                report.corpus_failures += 1;
            }
        }
    }
    let mut by_lang: BTreeMap<String, Vec<(&PairResult, &Alignment)>> = BTreeMap::new();
    for (p, beads) in report.pairs.iter().zip(&bitext_beads) {
        by_lang
            .entry(p.tgt.lang.code().to_owned())
            .or_default()
            .push((p, beads));
    }
    for (code, pairs) in by_lang {
        let Some(first) = pairs.first() else {
            continue;
        };
        let tgt_lang = first.0.tgt.lang.clone();
        // the slug with its subfolder, so that `x` and `sub/x` stay two documents
        let slugs: Vec<String> = pairs
            .iter()
            .map(|(p, _)| export::qualified_slug(&p.plan.en.rel_dir, &p.plan.en.slug))
            .collect();
        let docs: Vec<tmx::TmxDoc<'_>> = pairs
            .iter()
            .zip(&slugs)
            .map(|((p, beads), slug)| tmx::TmxDoc {
                slug,
                src: &p.src.sentences,
                tgt: &p.tgt.sentences,
                alignment: beads,
            })
            .collect();
        let path = out.join(format!("corpus.en-{code}.tmx"));
        match write_atomic(&path, |w| tmx::write_tmx(w, &Lang::En, &tgt_lang, &docs)) {
            Ok(()) => written.push(path),
            Err(e) => {
                report.failures.push(e);
                report.corpus_failures += 1;
            }
        }
    }
    report.written = written;
    Ok(())
}

/// A path as a warning shows it: as written, or quoted with escapes when it holds a control
/// character (a line break in a file name would split the warning's line).
fn shown_path(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars().any(char::is_control) {
        format!("{s:?}")
    } else {
        s
    }
}

/// Temporary files that an interrupted run left in `out` or its subfolders
/// ([`crate::export::write_atomic`] writes `.dragoman-*.tmp` beside each output, then renames
/// it; a killed process leaves it), last modified before `before` (the start of this run, so a
/// file being written now is never one), sorted. Folders whose names start with `.` are not
/// looked in.
pub fn leftover_temp_files(out: &Path, before: std::time::SystemTime) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() {
                if !name.starts_with('.') {
                    dirs.push(e.path());
                }
            } else if ft.is_file()
                && name.starts_with(".dragoman-")
                && name.ends_with(".tmp")
                && e.metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t < before)
            {
                found.push(e.path());
            }
        }
    }
    found.sort();
    found
}

/// The files of pairs that an earlier `run` wrote into `out` and this run did not align, by
/// pair (`sub/slug.en-ar`): a pair's `.align` file not in `written` (the files this run
/// wrote) beside its `.diffs.json` (so a gold `.align` is never one), then every file beside
/// it named `<slug>.en-<lang>.*`, and its `<slug>.en.sent` and
/// `<slug>.<lang>.sent` unless this run wrote them; and `corpus.en-<lang>.tmx` files this run
/// did not write. `dragoman export` reads every `.align` file of a folder, so it would export
/// these with the new ones. Folders whose names start with `.` are not looked in. Never a file
/// under `keep` (the corpus folder, when `out` holds it).
pub fn stale_outputs(out: &Path, written: &[PathBuf], keep: &Path) -> Vec<(String, Vec<PathBuf>)> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let written: std::collections::BTreeSet<PathBuf> = written.iter().map(|p| canon(p)).collect();
    let keep = canon(keep);
    let fresh = |p: &Path| {
        let p = canon(p);
        written.contains(&p) || p.starts_with(&keep)
    };
    let mut stale = Vec::new();
    let mut dirs = vec![out.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut names: Vec<(String, bool)> = rd
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let dir = e.file_type().ok()?.is_dir();
                Some((e.file_name().into_string().ok()?, dir))
            })
            .collect();
        names.sort();
        for (name, is_dir) in &names {
            if *is_dir {
                if !name.starts_with('.') {
                    dirs.push(dir.join(name));
                }
                continue;
            }
            let path = dir.join(name);
            if dir == out && name.starts_with("corpus.en-") && name.ends_with(".tmx") {
                if !fresh(&path) {
                    stale.push((name.trim_end_matches(".tmx").to_owned(), vec![path]));
                }
                continue;
            }
            let Some(pair) = name.strip_suffix(".align") else {
                continue;
            };
            let Some((slug, lang)) = pair.rsplit_once(".en-") else {
                continue;
            };
            // only a run's outputs: a gold `.align` (no difference files beside it) is never
            // taken for one, wherever OUT is
            let diffs = format!("{pair}.diffs.json");
            let run_output = names.iter().any(|(n, _)| *n == diffs);
            if fresh(&path) || slug.is_empty() || lang.is_empty() || !run_output {
                continue;
            }
            let prefix = format!("{pair}.");
            let sents = [format!("{slug}.en.sent"), format!("{slug}.{lang}.sent")];
            let files: Vec<PathBuf> = names
                .iter()
                .filter(|(n, d)| !d && (n.starts_with(&prefix) || sents.contains(n)))
                .map(|(n, _)| dir.join(n))
                .filter(|p| !fresh(p))
                .collect();
            let rel = dir.strip_prefix(out).unwrap_or(&dir).join(pair);
            stale.push((rel.to_string_lossy().into_owned(), files));
        }
    }
    stale.sort();
    stale
}

/// The beads the bitexts of each pair keep after the corpus filters (in the order of `pairs`;
/// filters see the cleaned texts, as `dragoman export` does), with what they removed; `None`
/// when no filter is set.
fn filtered_alignments(
    pairs: &[PairResult],
    filter: &FilterConfig,
) -> Option<(Vec<Alignment>, FilterReport)> {
    if *filter == FilterConfig::default() {
        return None;
    }
    let units: Vec<export::PairUnits> = pairs
        .iter()
        .map(|p| {
            let mut pa = export::PairAlignment {
                slug: export::qualified_slug(&p.plan.en.rel_dir, &p.plan.en.slug),
                src_lang: p.src.lang.clone(),
                tgt_lang: p.tgt.lang.clone(),
                src: p.src.sentences.iter().map(|s| s.text.clone()).collect(),
                tgt: p.tgt.sentences.iter().map(|s| s.text.clone()).collect(),
                alignment: p.alignment.clone(),
            };
            pa.clean();
            pa.units()
        })
        .collect();
    let (kept, r) = export::filter::apply(units, filter);
    let alignments = kept
        .into_iter()
        .map(|u| Alignment {
            beads: u.units.into_iter().map(|u| u.bead).collect(),
        })
        .collect();
    Some((alignments, r))
}

/// Writes one pair's files into `out` (its `.sent`, `.align`, `.tsv`, `.diffs.tsv`,
/// `.diffs.json` and `.html`), pushing each path written to `written`; returns its index entry.
/// The `.tsv` holds `bitext`'s beads (the alignment after the corpus filters), every other file
/// the whole alignment. Stops at the first file that cannot be written (the error names it).
fn write_pair_outputs(
    out: &Path,
    p: &PairResult,
    bitext: &Alignment,
    written: &mut Vec<PathBuf>,
) -> Result<report::IndexEntry> {
    let dir = out.join(&p.plan.en.rel_dir);
    crate::export::create_dir(&dir)?;
    let name = p.plan.name();
    // the pair as named inside the files (diffs.json, page title, index): with its subfolder
    let full_name = p.plan.display_name();
    // both named by the pair's (English) slug, as the `.align` is: an edition paired by
    // content has another slug, and `dragoman export` finds a pair's sentences by its name
    for e in [&p.src, &p.tgt] {
        let path = dir.join(format!("{}.{}.sent", p.plan.en.slug, e.lang));
        if !written.contains(&path) {
            write_atomic(&path, |w| export::write_sentences(w, &e.sentences))?;
            written.push(path);
        }
    }
    let path = dir.join(format!("{name}.align"));
    write_atomic(&path, |w| export::write_align(w, &p.alignment))?;
    written.push(path);
    let path = dir.join(format!("{name}.tsv"));
    write_atomic(&path, |w| {
        export::write_bitext_tsv(w, &p.src.sentences, &p.tgt.sentences, bitext)
    })?;
    written.push(path);
    let path = dir.join(format!("{name}.diffs.tsv"));
    write_atomic(&path, |w| {
        export::write_diffs_tsv(w, &p.src.sentences, &p.tgt.sentences, &p.diffs)
    })?;
    written.push(path);
    let (src, tgt) = (&p.src.sentences, &p.tgt.sentences);
    let path = dir.join(format!("{name}.diffs.json"));
    write_atomic(&path, |w| {
        report::json::write_diffs_json(
            w,
            &full_name,
            p.src.lang.code(),
            p.tgt.lang.code(),
            src,
            tgt,
            &p.diffs,
        )
    })?;
    written.push(path);
    // the page links back to index.html at the top of `out`
    let depth = p.plan.en.rel_dir.components().count();
    let back = format!("{}index.html", "../".repeat(depth));
    let page = report::PairPage {
        name: &full_name,
        src_lang: &p.src.lang,
        tgt_lang: &p.tgt.lang,
        src,
        tgt,
        alignment: &p.alignment,
        diffs: &p.diffs,
        index_href: Some(&back),
        notes: &p.notes,
    };
    let path = dir.join(format!("{name}.html"));
    write_atomic(&path, |w| report::write_pair_html(w, &page))?;
    written.push(path);
    // a relative URL: each path segment percent-encoded (RFC 3986 unreserved chars kept), so
    // slugs with `#`, `?`, `%` or spaces still link to their page
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let href: Vec<String> = p
        .plan
        .en
        .rel_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .chain(std::iter::once(format!("{name}.html")))
        .map(|seg| percent_encoding::utf8_percent_encode(&seg, SEGMENT).to_string())
        .collect();
    Ok(report::IndexEntry::of(&page, &href.join("/")))
}

/// Counts of a difference kind in a report (for summaries and tests).
pub fn count_kind(report: &RunReport, kind: DiffKind) -> usize {
    report
        .pairs
        .iter()
        .flat_map(|p| &p.diffs)
        .filter(|d| d.kind == kind)
        .count()
}
