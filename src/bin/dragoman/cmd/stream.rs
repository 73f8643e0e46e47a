//! `dragoman stream`: JSON Lines of edition pairs on stdin, one aligned record per pair on stdout.

use crate::Outcome;
use dragoman::align::AlignConfig;
use dragoman::stream::{stream_with, StreamConfig};
use dragoman::{Lang, Result};
use std::path::PathBuf;

/// Align edition pairs read as JSON Lines on stdin; write one JSON line per pair on stdout, in
/// input order.
///
/// Input record: {"id": ..., "lang": "fa", "en": {"text": "..."} or {"sentences": [...]},
/// "other": {...}}. Output record: {"id", "lang", "sentences": {"en": [...], "other": [...]},
/// "beads": [[src ids], [tgt ids], score], "differences": [{"kind", "src", "tgt", "src_spans",
/// "tgt_spans", "detail"}]}; spans are [sentence id, start, end) in chars.
/// A bad line gives {"line": n, "error": "..."} and the stream goes on (exit code 1 at the end).
///
/// Each pair is aligned on its own, so its beads equal `dragoman align` on the same sentences
/// (with --lexicon L: `dragoman align --lexicon L --no-learn`) whatever the batch size, the
/// threads or how the input is split (e.g. by Spark). Memory holds one batch at a time.
///
/// With --embeddings URL, each batch's sentences are embedded in one call, then each pair is
/// aligned on its own as `dragoman align --embeddings URL` aligns it (beads up to 5 sentences,
/// 4 a side, by default). A server error stops the stream with exit code 2 (records of earlier
/// batches are written) unless --embeddings-optional.
#[derive(clap::Args)]
pub struct Args {
    /// A lexicon (source<TAB>target<TAB>probability, as `dragoman lexicon merge` or
    /// `run --save-lexicon` write it), used frozen: no lexicon is learned from the pairs.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Extra term glossary (CSV `concept,class,en,fa,ar`) for the differences, added to the
    /// built-in one.
    #[arg(long, value_name = "FILE")]
    glossary: Option<PathBuf>,
    /// Pairs read, aligned in parallel and written per round; memory grows with it.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Threads, 0 (counted as 1) to 1024 (default: all cores). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_parser = super::threads_arg)]
    threads: Option<usize>,
    /// Two-sided beads hold at most this many sentences, both sides counted (2 to 16; 1-0 and
    /// 0-1 beads are always allowed). [default: 4; 5 with --embeddings]
    #[arg(long)]
    max_bead: Option<usize>,
    /// At most this many sentences on one side of a bead (1 to 8; never more than --max-bead
    /// minus 1; given alone, it raises the default --max-bead to fit). [default: 3; 4 with
    /// --embeddings; at most --max-bead minus 1]
    #[arg(long)]
    max_side: Option<usize>,
    #[command(flatten)]
    embed: super::embed::EmbedArgs,
    /// With --embeddings: if the server fails, align that batch and every later one without
    /// embeddings (the server is not asked again: a server that is down or hangs would cost
    /// each batch its timeouts and retries; a warning on stderr counts the batches) instead of
    /// stopping with exit code 2. The
    /// aligner's settings stay those of --embeddings (beads up to 5 sentences, 4 a side, unless
    /// given; three passes; a one-sided bead costs 6), so beads and scores can differ a little
    /// from a run without --embeddings.
    #[arg(long, requires = "embeddings")]
    embeddings_optional: bool,
    /// Each line starts with its line number and a tab (as a Spark job numbers lines), which
    /// error records then give.
    #[arg(long)]
    numbered: bool,
    /// No summary lines on stderr (warnings, e.g. batches aligned without embeddings, are still
    /// given).
    #[arg(long, short = 'q')]
    quiet: bool,
}

/// The aligner settings of `stream` and `lexicon count`: `cfg` with the lexicon of `lexicon`,
/// frozen when given.
pub fn align_config(lexicon: &Option<PathBuf>, mut cfg: AlignConfig) -> Result<AlignConfig> {
    cfg.check()?;
    cfg.lexicon = super::load_lexicons(lexicon, &[], &Lang::En, None)?;
    if cfg.lexicon.is_some() {
        cfg.learn_lexicon = false;
    }
    Ok(cfg)
}

/// Sets the size of rayon's global pool when `threads` is given.
pub fn set_threads(threads: Option<usize>) {
    if let Some(t) = threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build_global();
    }
}

pub fn run(args: &Args) -> Result<Outcome> {
    set_threads(args.threads);
    let cfg = StreamConfig {
        // wider beads by default with embeddings, as `align` (AlignConfig::for_embeddings)
        align: align_config(
            &args.lexicon,
            super::bead_limits(
                args.embed.embeddings.is_some(),
                args.max_bead,
                args.max_side,
            )?,
        )?,
        diff: super::diff::diff_config(&args.glossary)?,
        batch: args.batch.max(1),
        numbered: args.numbered,
    };
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let stdout = std::io::stdout();
    let mut out = Watched {
        inner: std::io::BufWriter::new(stdout.lock()),
        failed: false,
    };
    let client = args.embed.client(None)?;
    let embeddings = client.as_ref().map(|c| dragoman::pipeline::Embeddings {
        embedder: c,
        optional: args.embeddings_optional,
    });
    // an error writing the records names <stdout>, as the other commands' errors do
    let s = match stream_with(&mut input, &mut out, &cfg, embeddings.as_ref()) {
        Err(e) if out.failed => return Err(e.with_path(super::STDOUT)),
        r => r?,
    };
    super::flush_stdout(&mut out.inner)?;
    if !args.quiet {
        eprintln!(
            "stream: {} pairs aligned ({} sentences), {} bad lines",
            s.pairs, s.sentences, s.errors
        );
        if let Some(c) = &client {
            let st = c.stats();
            eprintln!(
                "embeddings: {} strings for {} sentences ({:.2} per sentence), {} sent, {} from the cache, {:.1}s waiting for the server",
                st.requested,
                s.sentences,
                st.requested as f64 / s.sentences.max(1) as f64,
                st.sent,
                st.cache_hits,
                st.wait_secs,
            );
        }
    }
    // warnings, not summary lines: said with --quiet too (a fallback to no embeddings, or a
    // cache that is not saved, must never pass in silence)
    if let Some(c) = &client {
        super::embed::warn_stats(c);
    }
    if let Some(e) = &s.embedding_error {
        eprintln!(
            "warning: {} batches aligned without embeddings (--embeddings-optional), from the first that failed on, the server not asked again; the error: {e}",
            s.embedding_fallbacks
        );
    }
    Ok(if s.errors == 0 {
        Outcome::Done
    } else {
        Outcome::Partial
    })
}

/// A writer that remembers whether a write to it failed (to tell output errors from input
/// errors in what [`stream_with`] returns).
struct Watched<W> {
    inner: W,
    failed: bool,
}

impl<W: std::io::Write> std::io::Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.failed |= r.is_err();
        r
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.failed |= r.is_err();
        r
    }
}
