//! `dragoman lexicon count|merge`: a corpus lexicon learned as a map-reduce (IBM Model 1 EM).

use crate::Outcome;
use dragoman::em::{count_record, Counts, Table};
use dragoman::error::ResultExt;
use dragoman::stream::{parse_record, read_batch};
use dragoman::{Error, ErrorKind, Result};
use rayon::prelude::*;
use std::io::BufRead;
use std::path::PathBuf;

/// Learn a lexicon over a corpus in two phases, as a map-reduce: `count` (map, one per
/// partition) and `merge` (reduce). One count + merge is one IBM Model 1 EM iteration; pass the
/// table that merge writes to the next count with --table. Phase 2 aligns with the lexicon:
/// `dragoman stream --lexicon FILE`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    Count(CountArgs),
    Merge(MergeArgs),
}

/// Map: read edition pairs (the JSON Lines of `dragoman stream`) on stdin, align each on its
/// own, and write the IBM Model 1 expected counts of its confident 1-1 beads on stdout as TSV:
/// source<TAB>target<TAB>c_fwd<TAB>c_bwd (the empty token is NULL; counts with 6 decimals).
///
/// Bad lines are skipped with a warning on stderr (exit code 1 at the end).
#[derive(clap::Args)]
pub struct CountArgs {
    /// The table of the previous iteration (`lexicon merge --table`); default: uniform (the
    /// first iteration).
    #[arg(long, value_name = "FILE")]
    table: Option<PathBuf>,
    /// A lexicon used frozen for the alignment pass (default: each pair learns its own, as
    /// `dragoman align`).
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Only 1-1 beads with at least this confidence train the model, in [0, 1].
    #[arg(long, default_value_t = 0.9)]
    min_score: f64,
    /// Pairs read and aligned in parallel per round.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Threads, 0 (counted as 1) to 1024 (default: all cores). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_parser = super::threads_arg)]
    threads: Option<usize>,
}

/// Reduce: sum counts files (from `lexicon count`; stdin when none is given), normalize, and
/// write the lexicon (source<TAB>target<TAB>probability, the format of --lexicon).
#[derive(clap::Args)]
pub struct MergeArgs {
    /// Counts files; none or `-` reads stdin.
    files: Vec<PathBuf>,
    /// Where to write the lexicon.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Also write the full IBM Model 1 table, for the next iteration's `count --table`.
    #[arg(long, value_name = "FILE")]
    table: Option<PathBuf>,
    /// Keep links with max(t(target|source), t(source|target)) at least this, in [0, 1].
    #[arg(long, default_value_t = 0.2)]
    min_prob: f64,
    /// Keep links with an expected count of at least this in one direction.
    #[arg(long, default_value_t = 1.0)]
    min_count: f64,
}

pub fn run(args: &Args) -> Result<Outcome> {
    match &args.command {
        Sub::Count(a) => count(a),
        Sub::Merge(a) => merge(a),
    }
}

fn open(path: &PathBuf) -> Result<Box<dyn BufRead>> {
    let f = std::fs::File::open(path).map_err(|e| Error::new(ErrorKind::Io(e)).with_path(path))?;
    Ok(Box::new(std::io::BufReader::new(f)))
}

fn count(args: &CountArgs) -> Result<Outcome> {
    super::stream::set_threads(args.threads);
    if !(0.0..=1.0).contains(&args.min_score) {
        return Err(Error::new(ErrorKind::Config(format!(
            "--min-score must be in [0, 1], not {}",
            args.min_score
        ))));
    }
    let cfg = super::stream::align_config(
        &args.lexicon,
        dragoman::align::AlignConfig {
            max_bead: 4,
            max_side: 2,
            ..Default::default()
        },
    )?;
    let table = match &args.table {
        Some(p) => Some(Table::read(&mut *open(p)?).map_err(|e| with_path(e, p))?),
        None => None,
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let mut total = Counts::default();
    let (mut line_no, mut bad, mut pairs) = (0, 0, 0);
    loop {
        let batch = read_batch(&mut input, args.batch.max(1), &mut line_no)?;
        if batch.is_empty() {
            break;
        }
        let done: Vec<std::result::Result<Counts, String>> = batch
            .par_iter()
            .map(|(n, text)| {
                let rec = text
                    .as_ref()
                    .map_err(|e| e.clone())
                    .and_then(|t| parse_record(t).map_err(|e| e.1));
                rec.map(|r| count_record(&r, &cfg, args.min_score, table.as_ref()))
                    .map_err(|e| format!("line {n}: {e}"))
            })
            .collect();
        for d in done {
            match d {
                Ok(c) => {
                    total.add(c);
                    pairs += 1;
                }
                Err(e) => {
                    eprintln!("warning: {e} (skipped)");
                    bad += 1;
                }
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match total
        .write(&mut out)
        .at(super::STDOUT)
        .and_then(|()| super::flush_stdout(&mut out))
    {
        // the reader went away: the bad lines still count (below)
        Err(e) if super::is_closed_stdout(&e) => {}
        r => r?,
    }
    eprintln!(
        "lexicon count: {pairs} pairs, {} token pairs, {bad} bad lines",
        total.cells.len()
    );
    Ok(if bad == 0 {
        Outcome::Done
    } else {
        Outcome::Partial
    })
}

/// Names `p` in an error that names no file.
fn with_path(e: Error, p: &PathBuf) -> Error {
    if e.path().is_none() {
        e.with_path(p)
    } else {
        e
    }
}

fn merge(args: &MergeArgs) -> Result<Outcome> {
    if !(0.0..=1.0).contains(&args.min_prob) {
        return Err(Error::new(ErrorKind::Config(format!(
            "--min-prob must be in [0, 1], not {}",
            args.min_prob
        ))));
    }
    let mut total = Counts::default();
    let stdin_only = args.files.is_empty();
    for p in &args.files {
        if p.as_os_str() == "-" {
            total.read_add(&mut std::io::stdin().lock())?;
        } else {
            total
                .read_add(&mut *open(p)?)
                .map_err(|e| with_path(e, p))?;
        }
    }
    if stdin_only {
        total.read_add(&mut std::io::stdin().lock())?;
    }
    let lex = total.lexicon(args.min_prob, args.min_count);
    lex.save(&args.out)?;
    eprintln!(
        "lexicon merge: {} token pairs, {} links written to {}",
        total.cells.len(),
        lex.links.len(),
        args.out.display()
    );
    if let Some(t) = &args.table {
        let table = total.normalize();
        if let Err(e) =
            dragoman::export::write_atomic(t, |w| table.write(w)).map_err(|e| with_path(e, t))
        {
            // the lexicon is written: a partial result
            eprintln!("error: {e}");
            return Ok(Outcome::Partial);
        }
    }
    Ok(Outcome::Done)
}
