//! Streaming alignment: JSON Lines of edition pairs in, one JSON line per pair out.
//!
//! Input, one record a line (blank lines are skipped):
//! ```json
//! {"id": "bbc-1", "lang": "fa", "en": {"text": "..."}, "other": {"sentences": ["...", "..."]}}
//! ```
//! - `id`: any JSON value, echoed as is (default `null`);
//! - `lang`: the other edition's language code (`fa`, `ar`, or any code with `sentences`);
//!   the source is English;
//! - `en`, `other`: each side is either `{"text": "..."}` (headline and paragraphs, one per line,
//!   segmented as a `.txt` edition is) or `{"sentences": [...]}` (already segmented, as a `.sent`
//!   edition; an empty list, or an empty or blank sentence, is an error, so ids always index
//!   the given array).
//!
//! Output, one record per input line, in input order:
//! ```json
//! {"id": "bbc-1", "lang": "fa", "sentences": {"en": ["..."], "other": ["..."]},
//!  "beads": [[[0], [0], 0.9731], [[1, 2], [1], 0.88], [[3], [], 0.61]],
//!  "differences": [{"kind": "omission", "src": [3], "tgt": [], "detail": "..."}]}
//! ```
//! - `sentences`: the sentences aligned (original text), whose 0-based positions the ids are;
//! - `beads`: `[source ids, target ids, confidence]`, confidence in `[0, 1]` rounded to 4
//!   decimals as in `.align` files ([`crate::export::write_align`]);
//! - `differences`: as [`crate::diff`] lists them (default [`DiffConfig`]): `kind` one of its
//!   names, `src`/`tgt` sentence ids, `src_spans`/`tgt_spans` as `[sentence id, start, end)`
//!   in chars of the sentence's original text, `detail` in English.
//!
//! A line that cannot be read or is not a valid pair gives `{"line": n, "error": "..."}` (`n`
//! counts input lines from 1, blank ones included; `id` is added when it could be read) and the
//! stream goes on.
//!
//! Equivalence: each pair is aligned on its own, by [`crate::align::align_all`] on that one
//! pair, as `dragoman align` does, so a record's beads do not depend on the other records, the
//! batch size, the number of threads or, under Spark, the partitioning. With no lexicon the pair
//! learns its own lexicon in passes 2.. (`dragoman align` on the same sentences); with a lexicon
//! the caller freezes it (`learn_lexicon: false`, `dragoman align --lexicon L --no-learn`).
//! `dragoman run` pools what it learns over the whole corpus; `run --per-pair` does not, and then
//! gives the same beads.
//!
//! Memory: at most [`StreamConfig::batch`] pairs are held at once, so peak memory depends on the
//! batch size and the largest pair, not on the length of the input.
//!
//! With sentence embeddings ([`stream_with`], `dragoman stream --embeddings URL`), each batch's
//! sentences are embedded in one call (requests batched and bounded by the client), then each
//! pair is aligned on its own by [`crate::pipeline::align_embedded_from`], whose second round
//! embeds the few concatenations that pair needs. A record's beads then equal
//! `dragoman align --embeddings URL` on the same sentences, given the same vectors (a server
//! may return vectors that differ in the last bits with the batch a text is sent in; the disk
//! cache keeps the first).

use crate::align::{align_all, AlignConfig, Alignment, PairInput};
use crate::corpus::{sentences_of, EditionFormat, Sentence};
use crate::diff::{diff_with, DiffConfig, Difference, Span};
use crate::error::{Error, ErrorKind, Result};
use crate::normalize::is_invisible_mark;
use crate::Lang;
use rayon::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};
use std::io::{BufRead, Write};

/// An input line read as a pair record, or the record's `id` (when readable) and the error.
type Parsed = std::result::Result<PairRecord, (Option<Value>, String)>;

/// Settings of [`stream`].
#[derive(Clone, Debug)]
pub struct StreamConfig {
    /// The aligner's settings, used for every pair.
    pub align: AlignConfig,
    /// The differences' settings (glossary, weak matches), used for every pair.
    pub diff: DiffConfig,
    /// Pairs read, aligned (in parallel) and written per round. Default 256; 0 counts as 1.
    pub batch: usize,
    /// Each input line starts with its line number and a tab (`12<TAB>{...}`, as a Spark job
    /// numbers lines with `zipWithIndex`), and error records give that number instead of the
    /// position in this input. Default false.
    pub numbered: bool,
}

impl Default for StreamConfig {
    fn default() -> Self {
        StreamConfig {
            align: AlignConfig::default(),
            diff: DiffConfig::default(),
            batch: 256,
            numbered: false,
        }
    }
}

/// What [`stream`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StreamSummary {
    /// Pairs aligned and written.
    pub pairs: usize,
    /// Error records written (one per bad line).
    pub errors: usize,
    /// Sentences aligned, both sides counted.
    pub sentences: usize,
    /// Batches aligned without embeddings because the embedder failed and
    /// [`crate::pipeline::Embeddings::optional`] was set: the one that failed and every
    /// later one (the server is not asked again after its first failure).
    pub embedding_fallbacks: usize,
    /// The first embedding error of those batches.
    pub embedding_error: Option<String>,
}

/// One side of an input record: text to segment, or sentences.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SideIn {
    text: Option<String>,
    sentences: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RecordIn {
    #[serde(default)]
    id: Value,
    lang: String,
    en: SideIn,
    other: SideIn,
}

/// An edition pair read from one input line.
#[derive(Clone, Debug)]
pub struct PairRecord {
    /// The record's `id`, as given (`null` when absent).
    pub id: Value,
    /// The other edition's language.
    pub lang: Lang,
    /// English sentences.
    pub en: Vec<Sentence>,
    /// The other edition's sentences.
    pub other: Vec<Sentence>,
}

fn side(s: SideIn, lang: &Lang, name: &str) -> std::result::Result<Vec<Sentence>, String> {
    match (s.text, s.sentences) {
        (Some(t), None) => {
            if !lang.is_supported() {
                return Err(format!("{name}: language {lang} needs \"sentences\" (sentence splitting knows en, fa, ar)"));
            }
            let v = sentences_of(
                t.strip_prefix('\u{feff}').unwrap_or(&t),
                lang,
                EditionFormat::Text,
            );
            if v.is_empty() {
                return Err(format!("{name}: empty text"));
            }
            Ok(v)
        }
        (None, Some(v)) if v.is_empty() => Err(format!("{name}: empty \"sentences\" list")),
        (None, Some(v)) => v
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let s = Sentence::new(s, lang, k);
                if s.text
                    .trim_matches(|c: char| c.is_whitespace() || is_invisible_mark(c))
                    .is_empty()
                {
                    Err(format!("{name}.sentences[{k}] is empty"))
                } else {
                    Ok(s)
                }
            })
            .collect(),
        _ => Err(format!(
            "{name}: give exactly one of \"text\" and \"sentences\""
        )),
    }
}

/// Parses one input line (see the module docs).
///
/// # Errors
/// A one-line message for JSON that is not a pair record, an unknown language code, a side with
/// neither or both of `text` and `sentences`, or an empty sentence; with the record's `id` when
/// it could be read.
pub fn parse_record(line: &str) -> Parsed {
    // serde_path_to_error names the field at fault (`en.sentences[1]: invalid type: ...`)
    let not_a_record = |msg: String| {
        let id = serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| v.get("id").cloned());
        (id, format!("not a pair record: {msg}"))
    };
    if !line.trim_start().starts_with('{') {
        return Err(not_a_record(
            "a record is one JSON object, {\"lang\": ..., \"en\": ..., \"other\": ...}".into(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_str(line);
    let r: RecordIn = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let at = e.path().to_string();
        not_a_record(if at == "." {
            e.inner().to_string()
        } else {
            format!("{at}: {}", e.inner())
        })
    })?;
    de.end().map_err(|e| not_a_record(e.to_string()))?;
    let id = Some(r.id.clone());
    let lang = Lang::from_code(&r.lang)
        .ok_or_else(|| (id.clone(), format!("not a language code: {:?}", r.lang)))?;
    let en = side(r.en, &Lang::En, "en").map_err(|e| (id.clone(), e))?;
    let other = side(r.other, &lang, "other").map_err(|e| (id.clone(), e))?;
    Ok(PairRecord {
        id: r.id,
        lang,
        en,
        other,
    })
}

/// Aligns one pair on its own (see the module docs for why).
pub fn align_record(rec: &PairRecord, cfg: &AlignConfig) -> Alignment {
    align_record_with_moves(rec, cfg).0
}

/// [`align_record`], with the moved passages the aligner found ([`crate::align::Move`]).
pub fn align_record_with_moves(
    rec: &PairRecord,
    cfg: &AlignConfig,
) -> (Alignment, Vec<crate::align::Move>) {
    let p = PairInput {
        src: &rec.en,
        tgt: &rec.other,
        src_lang: &Lang::En,
        tgt_lang: &rec.lang,
    };
    let mut o = align_all(std::slice::from_ref(&p), cfg);
    (
        o.alignments.pop().unwrap_or_default(),
        o.moves.pop().unwrap_or_default(),
    )
}

/// Lists the differences of an aligned record ([`crate::diff::diff_with`]), moved passages as
/// `reorder` ([`crate::diff::apply_moves`]), as `dragoman run` does.
pub fn diff_record(
    rec: &PairRecord,
    a: &Alignment,
    moves: &[crate::align::Move],
    cfg: &DiffConfig,
) -> Vec<Difference> {
    let mut d = diff_with(&rec.en, &rec.other, &Lang::En, &rec.lang, a, cfg);
    crate::diff::apply_moves(&mut d, moves);
    d
}

/// A confidence rounded to 4 decimals, as `.align` files print it.
fn round4(x: f64) -> f64 {
    format!("{x:.4}").parse().unwrap_or(x)
}

/// The output record of an aligned pair (see the module docs).
pub fn output_record(rec: &PairRecord, a: &Alignment, diffs: &[Difference]) -> Value {
    let texts = |v: &[Sentence]| v.iter().map(|s| s.text.clone()).collect::<Vec<_>>();
    let beads: Vec<Value> = a
        .beads
        .iter()
        .map(|b| {
            json!([
                b.src.clone().collect::<Vec<_>>(),
                b.tgt.clone().collect::<Vec<_>>(),
                round4(b.score)
            ])
        })
        .collect();
    let spans = |v: &[Span]| {
        v.iter()
            .map(|s| json!([s.sent, s.start, s.end]))
            .collect::<Vec<_>>()
    };
    let diffs: Vec<Value> = diffs
        .iter()
        .map(|d| {
            json!({"kind": d.kind.name(), "src": d.src, "tgt": d.tgt,
                   "src_spans": spans(&d.src_spans), "tgt_spans": spans(&d.tgt_spans), "detail": d.detail})
        })
        .collect();
    json!({
        "id": rec.id,
        "lang": rec.lang.code(),
        "sentences": {"en": texts(&rec.en), "other": texts(&rec.other)},
        "beads": beads,
        "differences": diffs,
    })
}

/// The error record of input line `line` (1-based).
pub fn error_record(line: usize, id: Option<Value>, msg: &str) -> Value {
    let mut v = json!({"line": line, "error": msg});
    if let (Some(id), Some(o)) = (id, v.as_object_mut()) {
        if !id.is_null() {
            o.insert("id".into(), id);
        }
    }
    v
}

/// Reads the next batch of up to `n` non-blank lines: `(line number, text or decoding error)`.
/// Returns an empty batch at the end of input.
pub fn read_batch(
    input: &mut dyn BufRead,
    n: usize,
    line_no: &mut usize,
) -> Result<Vec<(usize, std::result::Result<String, String>)>> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    while out.len() < n.max(1) {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        *line_no += 1;
        let text = match std::str::from_utf8(&buf) {
            Ok(s) => Ok(s
                .trim_end_matches(['\n', '\r'])
                .trim_start_matches('\u{feff}')
                .to_owned()),
            Err(e) => Err(format!(
                "not valid UTF-8 (first bad byte at byte offset {} of the line)",
                e.valid_up_to()
            )),
        };
        if matches!(&text, Ok(t) if t.trim().is_empty()) {
            continue;
        }
        out.push((*line_no, text));
    }
    Ok(out)
}

/// Splits `N<TAB>rest` into `(N, rest)`; a line without a number keeps `line` and gives an error.
fn split_number(
    line: usize,
    text: &std::result::Result<String, String>,
) -> (usize, std::result::Result<&str, String>) {
    let t = match text {
        Ok(t) => t,
        Err(e) => return (line, Err(e.clone())),
    };
    match t.split_once('\t').map(|(a, b)| (a.parse::<usize>(), b)) {
        Some((Ok(n), rest)) => (n, Ok(rest)),
        _ => (
            line,
            Err("not a numbered line (want the line number, a tab, then the record)".to_owned()),
        ),
    }
}

/// Aligns every pair of `input` and writes one record per pair to `output`, in input order.
/// Pairs are read [`StreamConfig::batch`] at a time and aligned in parallel (rayon) within a
/// batch, so the output does not depend on the number of threads or the batch size.
///
/// # Errors
/// Only I/O errors on `input` or `output` (a bad line gives an error record, not an error).
pub fn stream(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    cfg: &StreamConfig,
) -> Result<StreamSummary> {
    stream_with(input, output, cfg, None)
}

/// Aligns the records of one batch, each on its own: with `embeddings`, from sentence vectors
/// (one embedding call for the batch's sentences, then [`crate::pipeline::align_embedded_from`]
/// per pair).
fn align_batch(
    recs: &[&PairRecord],
    cfg: &AlignConfig,
    embeddings: Option<&crate::pipeline::Embeddings<'_>>,
) -> Result<Vec<(Alignment, Vec<crate::align::Move>)>> {
    let Some(e) = embeddings else {
        return Ok(recs
            .par_iter()
            .map(|r| align_record_with_moves(r, cfg))
            .collect());
    };
    let pairs: Vec<PairInput<'_>> = recs
        .iter()
        .map(|r| PairInput {
            src: &r.en,
            tgt: &r.other,
            src_lang: &Lang::En,
            tgt_lang: &r.lang,
        })
        .collect();
    let vectors = crate::pipeline::embed_pairs(e.embedder, &pairs)?;
    pairs
        .par_iter()
        .zip(&vectors)
        .map(|(p, v)| {
            let mut o = crate::pipeline::align_embedded_from(
                e.embedder,
                std::slice::from_ref(p),
                std::slice::from_ref(v),
                cfg,
                crate::pipeline::SPAN_BUDGET,
            )?;
            Ok((
                o.alignments.pop().unwrap_or_default(),
                o.moves.pop().unwrap_or_default(),
            ))
        })
        .collect()
}

/// [`stream`], with sentence embeddings when `embeddings` is given (see the module docs).
///
/// # Errors
/// I/O errors on `input` or `output`; an embedding error (server down, HTTP error, bad
/// vectors) unless [`crate::pipeline::Embeddings::optional`], in which case that batch and
/// every later one are aligned without embeddings (the server is not asked again) and
/// [`StreamSummary::embedding_fallbacks`] counts them. The records of earlier batches are
/// already written.
pub fn stream_with(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    cfg: &StreamConfig,
    embeddings: Option<&crate::pipeline::Embeddings<'_>>,
) -> Result<StreamSummary> {
    let mut summary = StreamSummary::default();
    let mut line_no = 0;
    loop {
        let batch = read_batch(input, cfg.batch, &mut line_no)?;
        if batch.is_empty() {
            break;
        }
        let parsed: Vec<(usize, Parsed)> = batch
            .par_iter()
            .map(|(n, text)| {
                if cfg.numbered {
                    split_number(*n, text)
                } else {
                    (*n, text.as_deref().map_err(Clone::clone))
                }
            })
            // a numbered blank line is skipped, as a blank line is
            .filter(|(_, text)| !matches!(text, Ok(t) if t.trim().is_empty()))
            .map(|(n, text)| (n, text.map_err(|e| (None, e)).and_then(parse_record)))
            .collect();
        let recs: Vec<&PairRecord> = parsed.iter().filter_map(|(_, r)| r.as_ref().ok()).collect();
        // after a failure (with `optional`), the server is not asked again: each batch would
        // wait out the timeouts and retries of a server that is down or hanging
        let ask = embeddings.filter(|_| summary.embedding_error.is_none());
        let aligned = match align_batch(&recs, &cfg.align, ask) {
            Err(e) if ask.is_some_and(|x| x.optional) => {
                summary.embedding_error = Some(e.to_string());
                align_batch(&recs, &cfg.align, None)?
            }
            aligned => aligned?,
        };
        if summary.embedding_error.is_some() {
            summary.embedding_fallbacks += 1;
        }
        // each record with its alignment (in order), or its error record
        let mut aligned = aligned.into_iter();
        type Ready<'r> =
            std::result::Result<(&'r PairRecord, Alignment, Vec<crate::align::Move>), Value>;
        let ready: Vec<Ready<'_>> = parsed
            .iter()
            .map(|(n, r)| match r {
                Ok(rec) => {
                    let (a, mv) = aligned.next().unwrap_or_default();
                    Ok((rec, a, mv))
                }
                Err((id, e)) => Err(error_record(*n, id.clone(), e)),
            })
            .collect();
        let done: Vec<(Value, usize)> = ready
            .into_par_iter()
            .map(|x| match x {
                Ok((rec, a, mv)) => {
                    let d = diff_record(rec, &a, &mv, &cfg.diff);
                    (output_record(rec, &a, &d), rec.en.len() + rec.other.len())
                }
                Err(v) => (v, usize::MAX),
            })
            .collect();
        for (v, sents) in done {
            if sents == usize::MAX {
                summary.errors += 1;
            } else {
                summary.pairs += 1;
                summary.sentences += sents;
            }
            serde_json::to_writer(&mut *output, &v)
                .map_err(|e| Error::new(ErrorKind::Io(e.into())))?;
            output.write_all(b"\n")?;
        }
        output.flush()?;
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAIR: &str = r#"{"id": 7, "lang": "fa", "en": {"sentences": ["The meeting lasted 3 hours on Monday.", "A spokesman added that 45 delegates had left early in protest at the agenda.", "Officials said 120 people attended it."]}, "other": {"sentences": ["نشست ۳ ساعت طول کشید.", "مقامات گفتند ۱۲۰ نفر در آن حضور داشتند."]}}"#;

    fn run(input: &str, batch: usize) -> (Vec<Value>, StreamSummary) {
        run_cfg(input, AlignConfig::default(), batch, None).unwrap()
    }

    /// The records and summary of [`stream_with`] on `input`.
    fn run_cfg(
        input: &str,
        align: AlignConfig,
        batch: usize,
        e: Option<&crate::pipeline::Embeddings<'_>>,
    ) -> Result<(Vec<Value>, StreamSummary)> {
        let mut out = Vec::new();
        let cfg = StreamConfig {
            align,
            batch,
            ..StreamConfig::default()
        };
        let s = stream_with(&mut input.as_bytes(), &mut out, &cfg, e)?;
        let v = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        Ok((v, s))
    }

    /// A deterministic embedder for tests: unit vectors of hashed character trigram counts
    /// (64 dimensions); or, with `fail`, the error a server that is down gives.
    struct Trigrams {
        fail: bool,
        strings: std::sync::atomic::AtomicUsize,
        calls: std::sync::atomic::AtomicUsize,
    }

    impl Trigrams {
        fn new(fail: bool) -> Trigrams {
            Trigrams {
                fail,
                strings: 0.into(),
                calls: 0.into(),
            }
        }
    }

    impl crate::embed::Embedder for Trigrams {
        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
            self.calls
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            if self.fail {
                return Err(Error::new(ErrorKind::EmbedServer {
                    url: "http://127.0.0.1:9/v1".into(),
                    status: None,
                    message: "connection refused (test)".into(),
                }));
            }
            self.strings
                .fetch_add(texts.len(), std::sync::atomic::Ordering::Relaxed);
            Ok(texts
                .iter()
                .map(|t| {
                    let cs: Vec<char> = t.to_lowercase().chars().collect();
                    let mut v = vec![0f32; 64];
                    for w in cs.windows(3) {
                        let h = w.iter().fold(7u32, |h, &c| h.wrapping_mul(31) ^ c as u32);
                        v[(h % 64) as usize] += 1.0;
                    }
                    v[0] += 1.0;
                    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                    v.iter().map(|x| x / n).collect()
                })
                .collect())
        }
    }

    /// [`run_cfg`] with the embedding defaults ([`AlignConfig::for_embeddings`]).
    fn run_with(
        input: &str,
        batch: usize,
        e: Option<&crate::pipeline::Embeddings<'_>>,
    ) -> Result<(Vec<Value>, StreamSummary)> {
        run_cfg(input, AlignConfig::for_embeddings(), batch, e)
    }

    const PAIR_AR: &str = r#"{"id": "ar", "lang": "ar", "en": {"sentences": ["The minister arrived in Damascus on Tuesday.", "He met the president for two hours.", "No statement was issued."]}, "other": {"sentences": ["وصل الوزير إلى دمشق يوم الثلاثاء.", "والتقى الرئيس لمدة ساعتين.", "ولم يصدر أي بيان."]}}"#;

    #[test]
    fn embedded_records_equal_align_embedded_on_each_pair_whatever_the_batch() {
        let input = format!("{PAIR}\n{PAIR_AR}\nnot json\n{PAIR}\n");
        let emb = Trigrams::new(false);
        let e = crate::pipeline::Embeddings {
            embedder: &emb,
            optional: false,
        };
        let (one, s1) = run_with(&input, 1, Some(&e)).unwrap();
        let (all, s4) = run_with(&input, 4, Some(&e)).unwrap();
        assert_eq!(one, all);
        assert_eq!((s1.pairs, s1.errors, s4.embedding_fallbacks), (3, 1, 0));
        // every sentence of both runs was embedded (the test embedder has no cache)
        let sentences = 2 * (3 + 2 + 3 + 3 + 3 + 2);
        assert!(emb.strings.load(std::sync::atomic::Ordering::Relaxed) >= sentences);
        // each record: the beads `pipeline::align_embedded` gives on that pair alone
        for (line, v) in [PAIR, PAIR_AR, PAIR]
            .iter()
            .zip([&all[0], &all[1], &all[3]])
        {
            let rec = parse_record(line).unwrap();
            let p = PairInput {
                src: &rec.en,
                tgt: &rec.other,
                src_lang: &Lang::En,
                tgt_lang: &rec.lang,
            };
            let o = crate::pipeline::align_embedded(
                &emb,
                std::slice::from_ref(&p),
                &AlignConfig::for_embeddings(),
                crate::pipeline::SPAN_BUDGET,
            )
            .unwrap();
            let want = output_record(&rec, &o.alignments[0], &[]);
            assert_eq!(v["beads"], want["beads"]);
        }
        assert_eq!(all[2]["line"], json!(3));
    }

    #[test]
    fn embedding_failure_stops_the_stream_unless_optional() {
        let input = format!("{PAIR}\n{PAIR_AR}\n");
        let down = Trigrams::new(true);
        let strict = crate::pipeline::Embeddings {
            embedder: &down,
            optional: false,
        };
        let err = run_with(&input, 8, Some(&strict)).unwrap_err();
        assert!(err.to_string().contains("http://127.0.0.1:9/v1"), "{err}");
        let optional = crate::pipeline::Embeddings {
            embedder: &down,
            optional: true,
        };
        let calls_before = down.calls.load(std::sync::atomic::Ordering::Relaxed);
        let (v, s) = run_with(&input, 1, Some(&optional)).unwrap();
        // each batch falls back to the lexical scorer: the records are those of no embeddings
        let (plain, _) = run_with(&input, 1, None).unwrap();
        assert_eq!(v, plain);
        assert_eq!((s.pairs, s.embedding_fallbacks), (2, 2));
        // two batches, one call: after the first failure the server is not asked again
        // (each batch used to wait out the retries of a server that was down)
        let calls = down.calls.load(std::sync::atomic::Ordering::Relaxed) - calls_before;
        assert_eq!(calls, 1);
        assert!(s
            .embedding_error
            .unwrap()
            .contains("connection refused (test)"));
    }

    #[test]
    fn writes_beads_and_an_omission() {
        let (v, s) = run(PAIR, 4);
        assert_eq!(
            s,
            StreamSummary {
                pairs: 1,
                errors: 0,
                sentences: 5,
                ..StreamSummary::default()
            }
        );
        assert_eq!(v[0]["id"], json!(7));
        let shapes: Vec<(Value, Value)> = v[0]["beads"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b[0].clone(), b[1].clone()))
            .collect();
        assert_eq!(
            shapes,
            vec![
                (json!([0]), json!([0])),
                (json!([1]), json!([])),
                (json!([2]), json!([1]))
            ]
        );
        assert_eq!(v[0]["differences"][0]["kind"], json!("omission"));
        assert_eq!(v[0]["differences"][0]["src"], json!([1]));
    }

    #[test]
    fn bad_lines_give_error_records_and_the_stream_goes_on() {
        let input = format!("{PAIR}\n\nnot json\n{{\"id\": \"x\", \"lang\": \"fa\", \"en\": {{\"text\": \"A.\"}}, \"other\": {{}}}}\n{PAIR}\n");
        let (v, s) = run(&input, 2);
        assert_eq!((s.pairs, s.errors), (2, 2));
        assert_eq!(v.len(), 4);
        assert_eq!(v[1]["line"], json!(3));
        assert!(v[1]["error"]
            .as_str()
            .unwrap()
            .starts_with("not a pair record"));
        assert_eq!(v[2]["line"], json!(4));
        assert_eq!(v[2]["id"], json!("x"));
        assert_eq!(
            v[2]["error"],
            json!("other: give exactly one of \"text\" and \"sentences\"")
        );
        assert_eq!(v[3]["id"], json!(7));
    }

    #[test]
    fn error_records_name_the_field_at_fault() {
        let input = concat!(
            r#"{"id": 3, "lang": "fa", "en": {"sentences": ["A.", 2]}, "other": {"sentences": ["ب."]}}"#,
            "\n[1, 2, 3]\n"
        );
        let (v, s) = run(input, 4);
        assert_eq!(s.errors, 2);
        let e0 = v[0]["error"].as_str().unwrap();
        assert!(
            e0.starts_with("not a pair record: en.sentences[1]: invalid type: integer `2`"),
            "{e0}"
        );
        assert_eq!(v[0]["id"], json!(3));
        assert!(v[1]["error"]
            .as_str()
            .unwrap()
            .contains("a record is one JSON object"));
    }

    #[test]
    fn empty_sentence_list_is_an_error_as_empty_text_is() {
        let line = r#"{"lang": "fa", "en": {"sentences": []}, "other": {"sentences": ["ب."]}}"#;
        let (v, s) = run(line, 1);
        assert_eq!((s.pairs, s.errors), (0, 1));
        assert_eq!(v[0]["error"], json!("en: empty \"sentences\" list"));
    }

    #[test]
    fn empty_sentence_is_an_error() {
        let line =
            r#"{"lang": "ar", "en": {"sentences": ["A.", " "]}, "other": {"sentences": ["ب."]}}"#;
        assert_eq!(
            parse_record(line).unwrap_err().1,
            "en.sentences[1] is empty"
        );
    }

    #[test]
    fn invalid_utf8_line_is_an_error_record() {
        let mut input: Vec<u8> = b"\xff\xfe{}\n".to_vec();
        input.extend_from_slice(PAIR.as_bytes());
        let mut out = Vec::new();
        let s = stream(&mut input.as_slice(), &mut out, &StreamConfig::default()).unwrap();
        assert_eq!((s.pairs, s.errors), (1, 1));
        let first: Value =
            serde_json::from_str(String::from_utf8(out).unwrap().lines().next().unwrap()).unwrap();
        assert_eq!(
            first,
            json!({"line": 1, "error": "not valid UTF-8 (first bad byte at byte offset 0 of the line)"})
        );
    }

    #[test]
    fn numbered_lines_give_their_own_number_in_error_records() {
        let input = format!("41\t{PAIR}\n42\tnot json\n43\t \nnot numbered\n");
        let mut out = Vec::new();
        let cfg = StreamConfig {
            numbered: true,
            ..StreamConfig::default()
        };
        let s = stream(&mut input.as_bytes(), &mut out, &cfg).unwrap();
        assert_eq!((s.pairs, s.errors), (1, 2));
        let v: Vec<Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(v[0]["id"], json!(7));
        assert_eq!(v[1]["line"], json!(42));
        assert_eq!(
            v[2],
            json!({"line": 4, "error": "not a numbered line (want the line number, a tab, then the record)"})
        );
    }

    #[test]
    fn batch_size_does_not_change_the_output() {
        let input = format!(
            "{PAIR}\n{}\n{PAIR}\n",
            PAIR.replace("\"id\": 7", "\"id\": 8")
                .replace("on Monday", "on Tuesday")
        );
        assert_eq!(run(&input, 1).0, run(&input, 256).0);
    }
}
