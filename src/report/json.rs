//! `diffs.json`: the differences of one pair, as JSON (serde).
//!
//! Shape: `{"pair": "<slug>.en-fa", "src_lang": "en", "tgt_lang": "fa", "diffs": [...]}`; each
//! difference is `{"kind", "src_ids", "tgt_ids", "src_spans", "tgt_spans", "detail"}` where ids
//! are 0-based sentence ids and a span is `{"sent", "start", "end", "text"}` with `start`/`end`
//! in **chars** (Unicode scalar values) of the original sentence text, end exclusive, and `text`
//! the spanned substring. Kinds are [`crate::diff::DiffKind::name`].

use crate::corpus::Sentence;
use crate::diff::{Difference, Span};
use crate::error::Result;
use serde::Serialize;
use std::io::Write;

/// A span as written in JSON.
#[derive(Serialize, Debug, PartialEq)]
pub struct SpanRecord {
    /// Sentence id (0-based).
    pub sent: usize,
    /// First char (Unicode scalar values, not bytes).
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// The spanned text.
    pub text: String,
}

/// A difference as written in JSON.
#[derive(Serialize, Debug, PartialEq)]
pub struct DiffRecord {
    /// Kind name (`number_mismatch`, ...).
    pub kind: &'static str,
    /// Source sentence ids.
    pub src_ids: Vec<usize>,
    /// Target sentence ids.
    pub tgt_ids: Vec<usize>,
    /// Source spans.
    pub src_spans: Vec<SpanRecord>,
    /// Target spans.
    pub tgt_spans: Vec<SpanRecord>,
    /// Readable explanation.
    pub detail: String,
}

/// The whole file.
#[derive(Serialize, Debug)]
pub struct DiffsFile<'a> {
    /// Pair name, `<slug>.en-<lang>`.
    pub pair: &'a str,
    /// Source language code.
    pub src_lang: &'a str,
    /// Target language code.
    pub tgt_lang: &'a str,
    /// The differences, in bead order.
    pub diffs: Vec<DiffRecord>,
}

fn spans(v: &[Span], sents: &[Sentence]) -> Vec<SpanRecord> {
    v.iter()
        .map(|s| SpanRecord {
            sent: s.sent,
            start: s.start,
            end: s.end,
            text: s.text(sents),
        })
        .collect()
}

/// The JSON records of a list of differences.
pub fn records(src: &[Sentence], tgt: &[Sentence], diffs: &[Difference]) -> Vec<DiffRecord> {
    diffs
        .iter()
        .map(|d| DiffRecord {
            kind: d.kind.name(),
            src_ids: d.src.clone(),
            tgt_ids: d.tgt.clone(),
            src_spans: spans(&d.src_spans, src),
            tgt_spans: spans(&d.tgt_spans, tgt),
            detail: d.detail.clone(),
        })
        .collect()
}

/// Writes `diffs.json` (pretty-printed, final newline).
///
/// # Errors
/// I/O errors.
pub fn write_diffs_json(
    w: &mut dyn Write,
    pair: &str,
    src_lang: &str,
    tgt_lang: &str,
    src: &[Sentence],
    tgt: &[Sentence],
    diffs: &[Difference],
) -> Result<()> {
    let file = DiffsFile {
        pair,
        src_lang,
        tgt_lang,
        diffs: records(src, tgt, diffs),
    };
    serde_json::to_writer_pretty(&mut *w, &file).map_err(std::io::Error::from)?;
    writeln!(w)?;
    Ok(())
}
