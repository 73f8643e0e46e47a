//! `dragoman run`: the main job over a corpus folder.

use super::say;
use crate::Outcome;
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
/// beads with a confidence in [0, 1]), `.tsv` (the alignment with texts: `bead type src tgt
/// score`, type `1-1`, `2-1`, ..., `1-0` and `0-1` with an empty text), `.diffs.tsv` and `.diffs.json`
/// (omissions, additions, number, date and name mismatches, term shifts, weak matches, splits,
/// merges), `.html` (the two editions side by side with the differences highlighted); and
/// `index.html` (all pairs) and `corpus.en-<lang>.tmx` (TMX 1.4). Inside the files a pair in a
/// subfolder is named with it (`sub/x.en-fa`: TMX `x-slug` `sub/x`, diffs.json, page titles).
/// Prints a summary.
///
/// Editions whose slugs pair nothing are paired by content as `dragoman pair` does (with a
/// warning naming both files, the score and the evidence): only when the two share numbers,
/// dates, names and lexicon links well beyond what two unrelated news articles of their sizes
/// would by chance (10 nats, `pair --min-evidence`); otherwise they stay unpaired, with a
/// warning, even when they are the only two editions of the folder.
///
/// The filter options (--min-score, --only-1-1, --two-sided, --min-ratio, --max-ratio,
/// --drop-identical, --dedup) apply to every bitext the run writes: each pair's `.tsv`, the
/// corpus TMX files and the --formats exports of tmx, moses, tsv, csv and jsonl. The `.sent`,
/// `.align`, `.diffs.*` and `.html` files, and the ladder and tei exports, always hold every bead.
#[derive(clap::Args)]
pub struct Args {
    /// Corpus folder.
    #[arg(default_value = "corpora")]
    corpus: PathBuf,
    /// Output folder (created if missing; files in it are replaced atomically).
    #[arg(long, default_value = "alignments")]
    out: PathBuf,
    /// Two-sided beads hold at most this many sentences, both sides counted (2 to 16; 1-0 and
    /// 0-1 beads are always allowed). [default: 4; 5 with --embeddings]
    #[arg(long)]
    max_bead: Option<usize>,
    /// At most this many sentences on one side of a bead (1 to 8; never more than --max-bead
    /// minus 1; given alone, it raises the default --max-bead to fit). [default: 3; 4 with
    /// --embeddings; at most --max-bead minus 1]
    #[arg(long)]
    max_side: Option<usize>,
    /// Threads, 0 (counted as 1) to 1024 (default: all cores). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_parser = super::threads_arg)]
    threads: Option<usize>,
    /// A lexicon (source<TAB>target<TAB>probability, as written by --save-lexicon) to use
    /// from the first pass on; learned links are added to it.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// A bilingual dictionary: hunalign's `.dict` (`target @ source` per line) or TSV
    /// (`source<TAB>target`). Used like --lexicon.
    #[arg(long, value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Use the --lexicon/--dict links as given: learn no lexicon from the corpus (one pass).
    #[arg(long)]
    no_learn: bool,
    /// Align each pair on its own (length model, coverage rates and learned lexicon estimated
    /// from that pair alone), as `dragoman align` and `dragoman stream` do; the beads then equal
    /// theirs. Default: pooled over the corpus. --save-lexicon saves nothing with it.
    #[arg(long)]
    per_pair: bool,
    /// Save the lexicon used in the last pass (given plus learned links) to FILE.
    #[arg(long, value_name = "FILE")]
    save_lexicon: Option<PathBuf>,
    /// List every pair in the summary (default: the first 10).
    #[arg(long, short = 'v')]
    verbose: bool,
    /// No progress bar.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Extra term glossary (CSV `concept,class,en,fa,ar`), added to the built-in one.
    #[arg(long)]
    glossary: Option<PathBuf>,
    /// Export formats written into OUT after the run, as `dragoman export OUT --out OUT` does:
    /// tmx, moses, tsv, csv, jsonl, ladder, tei (comma-separated). Default: none beyond what run
    /// always writes (the files above and the corpus TMX). The `tsv` export is `<pair>.bitext.tsv`
    /// (two columns, two-sided beads only), beside each pair's own `.tsv` listing. The filter
    /// options below apply to these exports too.
    #[arg(long, value_delimiter = ',')]
    formats: Vec<String>,
    #[command(flatten)]
    filters: super::export::FilterArgs,
    #[command(flatten)]
    embed: super::embed::EmbedArgs,
    /// Remove from OUT the files of pairs that an earlier run wrote there and this run did not
    /// align (an edition since deleted or renamed), so that OUT holds this run's pairs only
    /// (`dragoman export OUT` reads every .align file in it), and the temporary
    /// `.dragoman-*.tmp` files an interrupted run left. Default: keep them and warn.
    /// Files inside the corpus folder are never removed.
    #[arg(long)]
    clean: bool,
    /// With --embeddings: if the server fails, align without embeddings (and say so) instead of
    /// stopping with exit code 2 (the summary says how many pairs). The aligner's settings stay
    /// those of --embeddings (beads up to 5 sentences, 4 a side, unless given; three passes; a
    /// one-sided bead costs 6), so beads and scores can differ a little from a run without
    /// --embeddings.
    #[arg(long, requires = "embeddings")]
    embeddings_optional: bool,
}

pub fn run(args: &Args) -> Result<Outcome> {
    let start = Instant::now();
    let started = std::time::SystemTime::now();
    if let Some(t) = args.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build_global();
    }
    let export_opts = dragoman::export::ExportOptions {
        formats: super::export::formats(&args.formats)?,
        filter: args.filters.config()?,
    };
    // wider beads by default with embeddings (AlignConfig::for_embeddings)
    let mut cfg = super::bead_limits(
        args.embed.embeddings.is_some(),
        args.max_bead,
        args.max_side,
    )?;
    cfg.lexicon = super::load_lexicons(&args.lexicon, &args.dict, &dragoman::Lang::En, None)?;
    // a bad --out or --embeddings* option stops the run before any work
    dragoman::export::check_dir(&args.out)?;
    let client = args.embed.client(Some(&args.out))?;
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new_spinner()
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    cfg.learn_lexicon = !args.no_learn;
    let pooling = if args.per_pair {
        pipeline::Pooling::Pair
    } else {
        pipeline::Pooling::Corpus
    };
    let diff_cfg = super::diff::diff_config(&args.glossary)?;
    let embeddings = client.as_ref().map(|c| pipeline::Embeddings {
        embedder: c,
        optional: args.embeddings_optional,
    });
    let report = pipeline::run_filtered(
        &args.corpus,
        &args.out,
        &cfg,
        &diff_cfg,
        pooling,
        embeddings,
        &export_opts.filter,
        &|m: &str| bar.set_message(m.to_owned()),
    )?;
    if let Some(c) = &client {
        let st = c.stats();
        let sentences: usize = report
            .pairs
            .iter()
            .map(|p| p.src.sentences.len() + p.tgt.sentences.len())
            .sum();
        eprintln!(
            "embeddings: {} strings for {} sentences ({:.2} per sentence), {} sent to the server, {} from the cache, {:.1}s waiting",
            st.requested,
            sentences,
            st.requested as f64 / sentences.max(1) as f64,
            st.sent,
            st.cache_hits,
            st.wait_secs
        );
        super::embed::warn_stats(c);
    }
    bar.finish_and_clear();
    // From here on, pairs have been written (unless none could be): a failure is partial.
    // no pair written, whether pairs failed or none could be made (only unpaired editions)
    let nothing_done = report.pairs.is_empty();
    let mut late = super::Failures::default();
    if let (Some(path), Some(model), false) = (&args.save_lexicon, &report.model, nothing_done) {
        match model.lexicon.save(path) {
            Ok(()) => eprintln!(
                "lexicon: {} links saved to {}",
                model.lexicon.links.len(),
                path.display()
            ),
            Err(e) => late.push(e),
        }
    }
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    // files of pairs an earlier run wrote into OUT: kept (with a warning) unless --clean
    if !nothing_done {
        let stale = pipeline::stale_outputs(&args.out, &report.written, &args.corpus);
        if !stale.is_empty() {
            let names: Vec<&str> = stale.iter().map(|(n, _)| n.as_str()).collect();
            let files: usize = stale.iter().map(|(_, f)| f.len()).sum();
            if args.clean {
                let removed = remove_files(stale.iter().flat_map(|(_, f)| f), &mut late);
                eprintln!(
                    "removed {removed} of {files} files that an earlier run wrote into {} for what this run did not write: {}",
                    args.out.display(),
                    names.join(", ")
                );
            } else {
                eprintln!(
                    "warning: {} holds {files} files that an earlier run wrote for what this run did not write ({}); `dragoman export` would export them too; --clean removes them",
                    args.out.display(),
                    names.join(", ")
                );
            }
        }
    }
    // temporary files an interrupted run left: kept (with a warning) unless --clean
    let temps = pipeline::leftover_temp_files(&args.out, started);
    if let Some(first) = temps.first() {
        if args.clean {
            let removed = remove_files(&temps, &mut late);
            eprintln!(
                "removed {removed} of {} temporary files that an interrupted run left in {}",
                temps.len(),
                args.out.display()
            );
        } else {
            eprintln!(
                "warning: {} holds {} temporary files that an interrupted run left ({}{}); --clean removes them",
                args.out.display(),
                temps.len(),
                first.display(),
                if temps.len() > 1 { ", ..." } else { "" }
            );
        }
    }
    for e in &report.failures {
        eprintln!("error: {e}");
    }
    // the exports read back what was just written: after every file of the run
    let export = if !export_opts.formats.is_empty() && !report.pairs.is_empty() {
        match dragoman::export::export_dir(&args.out, &args.out, &export_opts) {
            Ok(r) => Some(r),
            Err(e) => {
                late.push(e);
                None
            }
        }
    } else {
        None
    };
    let mut out = super::Summary::new();
    print_summary(
        &mut out,
        args,
        &report,
        &export_opts,
        export.as_ref(),
        start,
    );
    if let Err(e) = out.finish() {
        late.push(e);
    }
    let late_failed = late.count() > 0;
    late.print_last();
    if nothing_done {
        let why = if report.failures.is_empty() {
            format!(
                "no pair to align in {}: no English edition has a Persian or Arabic partner (see the warnings)",
                args.corpus.display()
            )
        } else {
            "no pair could be aligned and written".into()
        };
        return Err(dragoman::Error::new(dragoman::ErrorKind::Config(why)));
    }
    let export_failed = export.as_ref().is_some_and(|r| !r.failures.is_empty());
    Ok(
        if report.failures.is_empty() && !export_failed && !late_failed {
            Outcome::Done
        } else {
            Outcome::Partial
        },
    )
}

/// The summary on stdout.
fn print_summary(
    out: &mut super::Summary,
    args: &Args,
    report: &pipeline::RunReport,
    export_opts: &dragoman::export::ExportOptions,
    export: Option<&dragoman::export::ExportReport>,
    start: Instant,
) {
    let (mut ns, mut nt) = (0, 0);
    for p in &report.pairs {
        ns += p.src.sentences.len();
        nt += p.tgt.sentences.len();
    }
    say!(
        out,
        "dragoman run {} -> {}",
        args.corpus.display(),
        args.out.display()
    );
    say!(
        out,
        "pairs: {} aligned, {} failed",
        report.pairs.len(),
        report.failures.len() - report.corpus_failures
    );
    if report.corpus_failures > 0 {
        say!(
            out,
            "corpus files failed: {} (index.html, corpus TMX; named on stderr)",
            report.corpus_failures
        );
    }
    for p in report
        .pairs
        .iter()
        .take(if args.verbose { usize::MAX } else { 10 })
    {
        say!(
            out,
            "  {}: {} en / {} {} sentences, {} beads, {} differences",
            p.plan.display_name(),
            p.src.sentences.len(),
            p.tgt.sentences.len(),
            p.tgt.lang,
            p.alignment.beads.len(),
            p.diffs.len()
        );
    }
    if report.pairs.len() > 10 && !args.verbose {
        say!(
            out,
            "  ... and {} more pairs (--verbose lists all)",
            report.pairs.len() - 10
        );
    }
    say!(out, "sentences: {ns} source, {nt} target");
    let beads: Vec<String> = report
        .beads_by_shape()
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    say!(
        out,
        "beads: {}",
        if beads.is_empty() {
            "none".to_owned()
        } else {
            beads.join(", ")
        }
    );
    let diffs: Vec<String> = report
        .diffs_by_kind()
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    say!(
        out,
        "differences: {}",
        if diffs.is_empty() {
            "none".to_owned()
        } else {
            diffs.join(", ")
        }
    );
    if let Some(f) = &report.filter {
        say!(
            out,
            "bitexts (.tsv, corpus TMX): {} beads kept, {} filtered out ({})",
            f.kept,
            f.removed(),
            f.breakdown()
        );
    }
    if report.without_embeddings > 0 {
        say!(
            out,
            "embeddings: unavailable, {} of {} pairs aligned without them (the reason is on stderr)",
            report.without_embeddings,
            report.pairs.len() + report.failures.len() - report.corpus_failures
        );
    }
    say!(out, "files written: {}", report.written.len());
    if let Some(r) = export {
        let names: Vec<&str> = export_opts.formats.iter().map(|f| f.name()).collect();
        say!(out, "export ({}):", names.join(", "));
        super::export::print_summary(out, r);
    }
    let t = report.timings;
    // with embeddings, the wait for them (both rounds) has its own part, outside align
    let embed = if args.embed.embeddings.is_some() {
        format!(", embed {:.2}s", t.embed)
    } else {
        String::new()
    };
    say!(
        out,
        "time: {:.2}s (load {:.2}s{embed}, align {:.2}s = {:.0} sentences/s, diff {:.2}s, write {:.2}s)",
        start.elapsed().as_secs_f64(),
        t.load,
        t.align,
        (ns + nt) as f64 / t.align.max(1e-9),
        t.diff,
        t.write
    );
}

/// Removes `files` for `--clean`; returns how many went. Each that cannot be removed is an
/// error in `late`, naming it.
fn remove_files<'a>(
    files: impl IntoIterator<Item = &'a PathBuf>,
    late: &mut super::Failures,
) -> usize {
    let mut removed = 0;
    for f in files {
        match std::fs::remove_file(f) {
            Ok(()) => removed += 1,
            Err(e) => late.push(dragoman::Error::from(e).with_path(f)),
        }
    }
    removed
}
