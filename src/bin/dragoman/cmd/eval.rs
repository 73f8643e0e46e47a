//! `dragoman eval`: alignment scores against gold.

use crate::Outcome;
use dragoman::error::ResultExt;
use dragoman::eval::eval_pairs;
use dragoman::{Error, ErrorKind, Result};
use std::io::Write;
use std::path::PathBuf;

/// Score predicted alignments against gold: strict and lax precision, recall and F1.
///
/// Definitions of Sennrich & Volk (2011), as computed by vecalign's and bertalign's scorers:
/// precision over every predicted bead, recall over the gold beads with both sides non-empty;
/// a strict hit is an identical bead, a lax hit shares a link. Give pairs GOLD PRED [GOLD PRED
/// ...]; counts are pooled over the pairs. Files hold `[i, j]:[k]` lines, 0-based sentence ids
/// (a third `:score` field is ignored). Valid files are scored exactly as
/// shared/tools/score_align.py scores them: beads compare as written, so `[2, 1]:[0]` and
/// `[1, 2]:[0]` are no strict match.
///
/// Refused (exit 2, naming the file and line): a line that is not a bead; a `[]:[]` bead; an id
/// written twice in one bead; the same bead twice in a file; with --texts, an id beyond its
/// text's sentence count; a gold file with no bead. Allowed, as hand-made gold sets
/// (Text+Berg) hold them: beads in any order (crossing), non-contiguous or unsorted id lists,
/// sentences left out; a sentence used by two beads of one file is scored with a warning naming
/// both lines (refused with --strict).
///
/// With --segments, the two files must hold the same text: a different count of non-space
/// chars is refused (exit 2, naming the first line where they differ), as is a gold file with
/// no sentence. score_segments.py only warns there.
#[derive(clap::Args)]
pub struct Args {
    /// GOLD PRED pairs of alignment files.
    #[arg(required = true, num_args = 2..)]
    files: Vec<PathBuf>,
    /// Score sentence segmentation instead: GOLD PRED are one-sentence-per-line files; prints
    /// boundary P, R and F1 as shared/tools/score_segments.py does (see dragoman::segeval).
    #[arg(long)]
    segments: bool,
    /// The source and target sentence files (one sentence a line) of a GOLD PRED pair: ids
    /// beyond their sentence counts are refused. Give it once per pair, in the pairs' order.
    #[arg(long, num_args = 2, value_names = ["SRC", "TGT"], conflicts_with = "segments")]
    texts: Vec<PathBuf>,
    /// Refuse a sentence used by two beads of one file (Text+Berg's test1 gold has one, source
    /// sentence 218) instead of warning.
    #[arg(long, conflicts_with = "segments")]
    strict: bool,
}

fn run_segments(files: &[PathBuf]) -> Result<Outcome> {
    let mut total = dragoman::segeval::SegmentScore::default();
    for c in files.chunks(2) {
        total.add(&dragoman::segeval::score_files_checked(&c[0], &c[1])?);
    }
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "P={:.3} R={:.3} F1={:.3}",
        total.precision(),
        total.recall(),
        total.f1()
    )
    .at(super::STDOUT)?;
    super::flush_stdout(&mut w)?;
    Ok(Outcome::Done)
}

pub fn run(args: &Args) -> Result<Outcome> {
    if args.files.len() % 2 != 0 {
        return Err(Error::new(ErrorKind::Config(
            "give GOLD PRED pairs: an even number of files".into(),
        )));
    }
    if args.segments {
        return run_segments(&args.files);
    }
    let pairs: Vec<(&std::path::Path, &std::path::Path)> = args
        .files
        .chunks(2)
        .map(|c| (c[0].as_path(), c[1].as_path()))
        .collect();
    let texts: Vec<(&std::path::Path, &std::path::Path)> = args
        .texts
        .chunks(2)
        .map(|c| (c[0].as_path(), c[1].as_path()))
        .collect();
    let e = eval_pairs(&pairs, &texts, args.strict)?;
    for w in &e.warnings {
        eprintln!("warning: {w}");
    }
    let (s, c) = (e.scores, e.counts);
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "strict P={:.3} R={:.3} F1={:.3}\nlax    P={:.3} R={:.3} F1={:.3}\nbeads: {} predicted, {} gold two-sided",
        s.strict_p, s.strict_r, s.strict_f1, s.lax_p, s.lax_r, s.lax_f1, c.pred, c.gold
    )
    .at(super::STDOUT)?;
    super::flush_stdout(&mut w)?;
    Ok(Outcome::Done)
}
