//! `dragoman export`: the alignments that `dragoman run` wrote, in other formats.

use super::say;
use crate::Outcome;
use dragoman::export::filter::FilterConfig;
use dragoman::export::{export_dir, ExportOptions, ExportReport, Format};
use dragoman::{Error, ErrorKind, Result};
use std::path::PathBuf;

/// Export the alignments that `dragoman run` wrote to DIR (its `.sent` and `.align` files).
///
/// Writes into OUT, per pair `<slug>.en-<lang>`: `.tmx` (TMX 1.4b), `.en` + `.<lang>` (Moses),
/// `.bitext.tsv` (two columns, no quoting; not `.tsv`, run's own listing of the pair), `.csv` (RFC 4180, every field quoted) (TSV, CSV and Moses
/// hold two-sided beads only: 1-0 and 0-1 beads are left out), `.jsonl` (one object per bead),
/// `.ladder` (hunalign, with the `.sent` files) and `.tei.xml` (InterText, with the
/// `<slug>.<lang>.xml` documents); and for the bitext formats (all but ladder and tei)
/// `corpus.en-<lang>.<ext>` with every pair. Tabs, line and paragraph separators inside a
/// sentence become one space; other characters XML forbids are removed. The filters apply to
/// the bitext formats only.
#[derive(clap::Args)]
pub struct Args {
    /// Folder written by `dragoman run` (searched with its subfolders).
    #[arg(default_value = "alignments")]
    pub dir: PathBuf,
    /// Formats, comma-separated or repeated: tmx, moses, tsv, csv, jsonl, ladder, tei.
    #[arg(long, short = 'f', value_delimiter = ',', required = true)]
    pub format: Vec<String>,
    /// Output folder (created if missing; files in it are replaced atomically).
    #[arg(long, short = 'o', default_value = "export")]
    pub out: PathBuf,
    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Corpus filters, shared with `dragoman run`. They apply to the bitext files only: TMX, Moses,
/// TSV, CSV and JSON Lines exports, and with `run` also each pair's `.tsv` and the corpus TMX;
/// never to `.sent`/`.align` files, differences, pages, ladder or TEI, which keep every bead.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct FilterArgs {
    /// Bitext filter: drop beads scoring below this (scores are in [0, 1]) from the bitext
    /// files (with `run`: each pair's .tsv, the corpus TMX and the --formats tmx, moses, tsv,
    /// csv, jsonl exports; never the .align, ladder or tei files).
    #[arg(long)]
    pub min_score: Option<f64>,
    /// Bitext filter: keep only 1-1 beads in the bitext files (as --min-score).
    #[arg(long = "only-1-1")]
    pub only_1_1: bool,
    /// Bitext filter: drop beads with an empty side (1-0, 0-1), as --min-score. TMX and JSON
    /// Lines exports keep them otherwise (marked), as does `run`'s per-pair .tsv (type 1-0,
    /// 0-1); the Moses, TSV and CSV exports never hold them.
    #[arg(long)]
    pub two_sided: bool,
    /// Bitext filter: drop beads whose source/target length ratio (in characters) is below
    /// this, as --min-score.
    #[arg(long)]
    pub min_ratio: Option<f64>,
    /// Bitext filter: drop beads whose source/target length ratio (in characters) is above
    /// this, as --min-score.
    #[arg(long)]
    pub max_ratio: Option<f64>,
    /// Bitext filter: drop beads whose two sides are the same text, as --min-score.
    #[arg(long)]
    pub drop_identical: bool,
    /// Bitext filter: drop exact duplicates (same source and target text) after the first, as
    /// --min-score.
    #[arg(long)]
    pub dedup: bool,
}

impl FilterArgs {
    /// The library's filter settings; checks the ranges.
    pub fn config(&self) -> Result<FilterConfig> {
        let bad = |m: String| Err(Error::new(ErrorKind::Config(m)));
        if let Some(s) = self.min_score {
            if !(0.0..=1.0).contains(&s) {
                return bad(format!("--min-score must be in [0, 1], got {s}"));
            }
        }
        for (name, v) in [
            ("--min-ratio", self.min_ratio),
            ("--max-ratio", self.max_ratio),
        ] {
            if let Some(r) = v {
                if !(r.is_finite() && r > 0.0) {
                    return bad(format!("{name} must be a positive number, got {r}"));
                }
            }
        }
        if let (Some(a), Some(b)) = (self.min_ratio, self.max_ratio) {
            if a > b {
                return bad(format!("--min-ratio {a} is above --max-ratio {b}"));
            }
        }
        Ok(FilterConfig {
            min_score: self.min_score,
            only_1_1: self.only_1_1,
            two_sided: self.two_sided,
            min_ratio: self.min_ratio,
            max_ratio: self.max_ratio,
            drop_identical: self.drop_identical,
            dedup: self.dedup,
        })
    }
}

/// Parses format names.
pub fn formats(names: &[String]) -> Result<Vec<Format>> {
    names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| {
            Format::from_name(n).ok_or_else(|| {
                Error::new(ErrorKind::Config(format!(
                    "unknown format {n:?}; expected one of: {}",
                    Format::ALL
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                )))
            })
        })
        .collect()
}

/// Prints the summary of an export on stdout, and its failures on stderr.
pub fn print_summary(out: &mut super::Summary, r: &ExportReport) {
    for e in &r.failures {
        eprintln!("error: {e}");
    }
    say!(
        out,
        "pairs: {} exported, {} failed",
        r.pairs,
        r.failures.len()
    );
    say!(
        out,
        "beads: {} read, {} kept by the filters for the bitext formats (Moses, TSV and CSV then leave out the one-sided ones)",
        r.beads,
        r.filter.kept
    );
    let f = &r.filter;
    say!(out, "filtered out: {} ({})", f.removed(), f.breakdown());
    say!(
        out,
        "characters removed (forbidden in XML): {}",
        r.removed_chars
    );
    say!(out, "files written: {}", r.written.len());
}

pub fn run(args: &Args) -> Result<Outcome> {
    let opts = ExportOptions {
        formats: formats(&args.format)?,
        filter: args.filters.config()?,
    };
    // an error here means nothing was written (the input folder or OUT is unusable)
    let report = export_dir(&args.dir, &args.out, &opts)?;
    let mut out = super::Summary::new();
    say!(
        out,
        "dragoman export {} -> {}",
        args.dir.display(),
        args.out.display()
    );
    print_summary(&mut out, &report);
    let stdout_error = out.finish().err();
    if report.pairs == 0 {
        if let Some(e) = stdout_error {
            eprintln!("error: {e}");
        }
        let msg = if report.failures.is_empty() {
            "no alignment (.align file) found"
        } else {
            "no pair could be exported"
        };
        return Err(Error::new(ErrorKind::Config(msg.into())).with_path(&args.dir));
    }
    // some pairs were written: a failure after them is partial
    Ok(match stdout_error {
        Some(e) => {
            eprintln!("error: {e}");
            Outcome::Partial
        }
        None if report.failures.is_empty() => Outcome::Done,
        None => Outcome::Partial,
    })
}
