//! `dragoman eval`: alignment scores against gold.

use crate::Outcome;
use dragoman::eval::eval_files;
use dragoman::{Error, ErrorKind, Result};
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
}

pub fn run(args: &Args) -> Result<Outcome> {
    if args.files.len() % 2 != 0 {
        return Err(Error::new(ErrorKind::Config("give GOLD PRED pairs: an even number of files".into())));
    }
    let pairs: Vec<(&std::path::Path, &std::path::Path)> =
        args.files.chunks(2).map(|c| (c[0].as_path(), c[1].as_path())).collect();
    let (s, c) = eval_files(&pairs)?;
    println!("strict P={:.3} R={:.3} F1={:.3}", s.strict_p, s.strict_r, s.strict_f1);
    println!("lax    P={:.3} R={:.3} F1={:.3}", s.lax_p, s.lax_r, s.lax_f1);
    println!("beads: {} predicted, {} gold two-sided", c.pred, c.gold);
    Ok(Outcome::Done)
}
