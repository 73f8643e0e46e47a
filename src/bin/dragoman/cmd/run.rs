//! `dragoman run`: the main job over a corpus folder.

use crate::Outcome;
use dragoman::align::AlignConfig;
use dragoman::pipeline;
use dragoman::Result;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::time::Instant;

/// Align every English edition with its Persian and Arabic editions and audit the differences.
///
/// Reads `<slug>.<lang>.txt` (headline, then paragraphs) and `<slug>.<lang>.sent` (one sentence
/// per line) files, lang in {en, fa, ar}, in CORPUS and its subfolders. For each pair
/// `<slug>.en-<lang>` writes into OUT: `<slug>.<lang>.sent` (segmentation), `.align` (vecalign
/// beads with a confidence in [0, 1]), `.tsv` (the bitext), `.diffs.tsv` (omissions, additions,
/// number and date mismatches); and `corpus.en-<lang>.tmx` (TMX 1.4). Prints a summary.
#[derive(clap::Args)]
pub struct Args {
    /// Corpus folder.
    #[arg(default_value = "corpora")]
    corpus: PathBuf,
    /// Output folder (created if missing; files in it are replaced atomically).
    #[arg(long, default_value = "alignments")]
    out: PathBuf,
    /// Largest bead: at most this many sentences in a two-sided bead, both sides counted.
    #[arg(long, default_value_t = 4)]
    max_bead: usize,
    /// At most this many sentences on one side of a bead.
    #[arg(long, default_value_t = 2)]
    max_side: usize,
    /// Threads (default: all cores). The output is the same whatever the number.
    #[arg(long, short = 'j')]
    threads: Option<usize>,
    /// List every pair in the summary (default: the first 10).
    #[arg(long, short = 'v')]
    verbose: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
}

pub fn run(args: &Args) -> Result<Outcome> {
    let start = Instant::now();
    if let Some(t) = args.threads {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(t.max(1)).build_global();
    }
    let cfg = AlignConfig { max_bead: args.max_bead, max_side: args.max_side, ..AlignConfig::default() };
    let bar = if args.quiet { ProgressBar::hidden() } else { ProgressBar::new_spinner() };
    bar.set_style(ProgressStyle::with_template("{spinner} aligned {pos} pairs ({elapsed})").unwrap_or_else(|_| ProgressStyle::default_spinner()));
    let report = pipeline::run(&args.corpus, &args.out, &cfg, &|| bar.inc(1))?;
    bar.finish_and_clear();
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for e in &report.failures {
        eprintln!("error: {e}");
    }
    let (mut ns, mut nt) = (0, 0);
    for p in &report.pairs {
        ns += p.src.sentences.len();
        nt += p.tgt.sentences.len();
    }
    println!("dragoman run {} -> {}", args.corpus.display(), args.out.display());
    println!("pairs: {} aligned, {} failed", report.pairs.len(), report.failures.len());
    for p in report.pairs.iter().take(if args.verbose { usize::MAX } else { 10 }) {
        println!(
            "  {}: {} en / {} {} sentences, {} beads, {} differences",
            p.plan.name(),
            p.src.sentences.len(),
            p.tgt.sentences.len(),
            p.tgt.lang,
            p.alignment.beads.len(),
            p.diffs.len()
        );
    }
    if report.pairs.len() > 10 && !args.verbose {
        println!("  ... and {} more pairs (--verbose lists all)", report.pairs.len() - 10);
    }
    println!("sentences: {ns} source, {nt} target");
    let beads: Vec<String> = report.beads_by_shape().iter().map(|(k, v)| format!("{k}: {v}")).collect();
    println!("beads: {}", beads.join(", "));
    let diffs: Vec<String> = report.diffs_by_kind().iter().map(|(k, v)| format!("{k}: {v}")).collect();
    println!("differences: {}", if diffs.is_empty() { "none".to_owned() } else { diffs.join(", ") });
    println!("files written: {}", report.written.len());
    println!("time: {:.2}s", start.elapsed().as_secs_f64());
    if report.pairs.is_empty() && !report.failures.is_empty() {
        return Err(dragoman::Error::new(dragoman::ErrorKind::Config("no pair could be aligned".into())));
    }
    Ok(if report.failures.is_empty() { Outcome::Done } else { Outcome::Partial })
}
