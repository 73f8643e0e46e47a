//! `dragoman eval`: alignment scores against gold.

use crate::Outcome;
use dragoman::error::ResultExt;
use dragoman::eval::eval_files;
use dragoman::{Error, ErrorKind, Result};
use std::io::Write;
use std::path::PathBuf;

/// Score predicted alignments against gold: strict and lax precision, recall and F1.
///
/// Definitions of Sennrich & Volk (2011), as computed by vecalign's and bertalign's scorers:
/// precision over every predicted bead, recall over the gold beads with both sides non-empty;
/// a strict hit is an identical bead, a lax hit shares a link. Give pairs GOLD PRED [GOLD PRED
/// ...]; counts are pooled over the pairs. Files hold `[i, j]:[k]` lines (a third `:score`
/// field is ignored).
#[derive(clap::Args)]
pub struct Args {
    /// GOLD PRED pairs of alignment files.
    #[arg(required = true, num_args = 2..)]
    files: Vec<PathBuf>,
    /// Score sentence segmentation instead: GOLD PRED are one-sentence-per-line files; prints
    /// boundary P, R and F1 as shared/tools/score_segments.py does (see dragoman::segeval).
    #[arg(long)]
    segments: bool,
}

fn run_segments(files: &[PathBuf]) -> Result<Outcome> {
    let mut total = dragoman::segeval::SegmentScore::default();
    for c in files.chunks(2) {
        let s = dragoman::segeval::score_files(&c[0], &c[1])?;
        if s.gold_chars != s.pred_chars {
            eprintln!(
                "warning: {} has {} non-space chars, gold {}",
                c[1].display(),
                s.pred_chars,
                s.gold_chars
            );
        }
        total.add(&s);
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
    let (s, c) = eval_files(&pairs)?;
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
