//! `dragoman align`: one pair, alignment on stdout.

use super::lang_arg;
use crate::Outcome;
use dragoman::align::align;
use dragoman::corpus::{
    blank_lines_warning, load_edition_with, parse_file_name, read::read_text, Edition,
    EditionFormat,
};
use dragoman::error::ResultExt;
use dragoman::segment::Segmenter;
use dragoman::{Error, ErrorKind, Lang, Result};
use std::path::{Path, PathBuf};

/// Align two editions and print the beads in vecalign's format, `[i, j]:[k]:score`.
///
/// Ids are 0-based sentence numbers; `[]` is an empty side; the score in [0, 1] is the
/// confidence (higher = more confident). Languages come from --src-lang/--tgt-lang, else the
/// file names (`x.en.txt`, `x.fa.sent`), else the text (detected, said on stderr).
#[derive(clap::Args)]
pub struct Args {
    /// Source (English) edition.
    src: PathBuf,
    /// Target (Persian, Arabic, ...) edition.
    tgt: PathBuf,
    /// Both files hold one sentence per line (no segmentation); any language code is accepted.
    /// Blank lines are skipped, so ids count non-blank lines; a warning names the blank lines
    /// that make ids differ from line numbers.
    #[arg(long)]
    presegmented: bool,
    /// Source language code (default: from the file name).
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language code (default: from the file name).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Two-sided beads hold at most this many sentences, both sides counted (2 to 16; 1-0 and
    /// 0-1 beads are always allowed). [default: 4; 5 with --embeddings]
    #[arg(long)]
    max_bead: Option<usize>,
    /// At most this many sentences on one side of a bead (1 to 8; never more than --max-bead
    /// minus 1; given alone, it raises the default --max-bead to fit). [default: 3; 4 with
    /// --embeddings; at most --max-bead minus 1]
    #[arg(long)]
    max_side: Option<usize>,
    /// A lexicon (source<TAB>target<TAB>probability, as written by --save-lexicon) to use
    /// from the first pass on.
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// A bilingual dictionary: hunalign's `.dict` (`target @ source`) or TSV
    /// (`source<TAB>target`).
    #[arg(long, value_name = "FILE")]
    dict: Vec<PathBuf>,
    #[command(flatten)]
    embed: super::embed::EmbedArgs,
    /// With --embeddings: if the server fails, align without embeddings (and say so on stderr)
    /// instead of stopping with exit code 2. The aligner's settings stay those of --embeddings
    /// (beads up to 5 sentences, 4 a side, unless given; three passes; a one-sided bead costs
    /// 6), so beads and scores can differ a little from a run without --embeddings.
    #[arg(long, requires = "embeddings")]
    embeddings_optional: bool,
    /// Precomputed source vectors in vecalign's format (LASER, LaBSE or any embedder run
    /// elsewhere): OVERLAPS, one text a line as vecalign's `overlap.py` writes it (each
    /// sentence and concatenations of consecutive ones), and EMBEDDINGS, its float32 rows in
    /// line order, little-endian. Needs --tgt-embed; aligns as --embeddings does (beads up to 5
    /// sentences, 4 a side), with no server. Every source sentence needs a line in this file
    /// (an error names the first missing one and its id); lines are matched with white space
    /// made one space and cut at 10,000 chars, as vecalign writes them; concatenations the
    /// file lacks are scored from their sentences' vectors.
    #[arg(
        long,
        num_args = 2,
        value_names = ["OVERLAPS", "EMBEDDINGS"],
        requires = "tgt_embed",
        conflicts_with = "embeddings"
    )]
    src_embed: Option<Vec<PathBuf>>,
    /// Precomputed target vectors, as --src-embed.
    #[arg(
        long,
        num_args = 2,
        value_names = ["OVERLAPS", "EMBEDDINGS"],
        requires = "src_embed"
    )]
    tgt_embed: Option<Vec<PathBuf>>,
    /// Dimension of the --src-embed/--tgt-embed vectors (LASER: 1024, LaBSE: 768) [default:
    /// the EMBEDDINGS file's float32 values over the OVERLAPS file's lines; the summary on
    /// stderr says which dimension was used].
    #[arg(long, value_name = "N", requires = "src_embed", value_parser = clap::value_parser!(u32).range(1..=65536))]
    embed_dim: Option<u32>,
    /// Use the --lexicon/--dict links as given: learn no lexicon from the pair (one pass). With
    /// --lexicon L the beads equal `dragoman stream --lexicon L` on the same sentences.
    #[arg(long)]
    no_learn: bool,
    /// Sentence-splitting rules in SRX 2.0 for both editions instead of the defaults (see
    /// `dragoman segment --help`); ignored with --presegmented.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
}

/// The language of an edition file: `given` (--src-lang/--tgt-lang), else its name
/// (`<slug>.<lang>.txt|sent`, or `x.de` with --presegmented), else its text (detected).
///
/// # Errors
/// An unknown `given` code; the file unreadable; no language found
/// ([`ErrorKind::UnknownLanguage`], naming the file).
pub fn lang_of(path: &Path, given: &Option<String>, presegmented: bool) -> Result<Lang> {
    if let Some(g) = given {
        return lang_arg(g);
    }
    if let Some((_, l, _)) = parse_file_name(path) {
        return Ok(l);
    }
    // `x.de` style names, as in Text+Berg
    if presegmented {
        if let Some(l) = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Lang::from_code)
        {
            return Ok(l);
        }
    }
    // else the language of its text, said on stderr (Persian, Arabic and English only: the
    // editions dragoman segments)
    let text = read_text(path)?;
    match dragoman::detect::detect(&text) {
        Some(dragoman::detect::Detected::Lang(l)) => {
            eprintln!(
                "note: {}: language {l}, detected from its text (the file name does not say; --src-lang/--tgt-lang set it)",
                path.display()
            );
            Ok(l)
        }
        _ => Err(Error::new(ErrorKind::UnknownLanguage).with_path(path)),
    }
}

pub fn run(args: &Args) -> Result<Outcome> {
    let sl = lang_of(&args.src, &args.src_lang, args.presegmented)?;
    let tl = lang_of(&args.tgt, &args.tgt_lang, args.presegmented)?;
    if !args.presegmented {
        for l in [&sl, &tl] {
            if !l.is_supported() {
                return Err(Error::new(ErrorKind::Config(format!(
                    "language {l} can only be aligned with --presegmented (sentence splitting knows en, fa, ar)"
                ))));
            }
        }
    }
    let fmt = if args.presegmented {
        Some(EditionFormat::Sentences)
    } else {
        None
    };
    let seg = |l: &Lang| -> Result<Option<Segmenter>> {
        match &args.srx {
            Some(p) => Ok(Some(
                Segmenter::from_srx(&read_text(p)?, l).map_err(|e| e.with_path(p))?,
            )),
            None => Ok(None),
        }
    };
    // options first: a bad --embeddings* option stops the command before any work
    let client = args.embed.client(None)?;
    let a = load_edition_with(&args.src, Some(sl.clone()), fmt, seg(&sl)?.as_ref())?;
    let b = load_edition_with(&args.tgt, Some(tl.clone()), fmt, seg(&tl)?.as_ref())?;
    let precomputed = match (&args.src_embed, &args.tgt_embed) {
        (Some(s), Some(t)) => Some(read_precomputed(
            (s, &a),
            (t, &b),
            args.embed_dim.map(|d| d as usize),
        )?),
        _ => None,
    };
    for e in [&a, &b] {
        if let Some(w) = blank_lines_warning(e) {
            eprintln!("warning: {w}");
        }
        if let Some(w) = dragoman::pipeline::language_warning(e) {
            eprintln!("warning: {w}");
        }
    }
    // wider beads by default with embeddings (AlignConfig::for_embeddings)
    let mut cfg = super::bead_limits(
        args.embed.embeddings.is_some() || precomputed.is_some(),
        args.max_bead,
        args.max_side,
    )?;
    cfg.lexicon = super::load_lexicons(&args.lexicon, &args.dict, &sl, Some(&tl))?;
    cfg.learn_lexicon = !args.no_learn;
    if let Some(n) = dragoman::pipeline::unequal_note(&a, &b) {
        eprintln!(
            "warning: {} and {}: {n}",
            args.src.display(),
            args.tgt.display()
        );
    }
    let pair = dragoman::align::PairInput {
        src: &a.sentences,
        tgt: &b.sentences,
        src_lang: &sl,
        tgt_lang: &tl,
    };
    let al = match (client, precomputed) {
        (None, Some(vectors)) => {
            let start = std::time::Instant::now();
            let pairs = std::slice::from_ref(&pair);
            let out = dragoman::pipeline::align_embedded(
                &vectors,
                pairs,
                &cfg,
                dragoman::pipeline::SPAN_BUDGET,
            )?;
            // said, as sizes can fit a wrong dimension too (36 rows of 768 are 72 of 384)
            let dim = match (vectors.dim(), args.embed_dim) {
                (Some(d), Some(_)) => format!("dimension {d} (--embed-dim)"),
                (Some(d), None) => format!("dimension {d} (from the files' sizes)"),
                (None, _) => "no vector".to_string(),
            };
            eprintln!(
                "embeddings: precomputed, {dim}, {} strings held for {} sentences, {:.2}s aligning",
                vectors.len(),
                a.sentences.len() + b.sentences.len(),
                start.elapsed().as_secs_f64()
            );
            out.alignments.into_iter().next().unwrap_or_default()
        }
        (None, None) => align(&a.sentences, &b.sentences, &sl, &tl, &cfg),
        (Some(client), _) => {
            let start = std::time::Instant::now();
            let pairs = std::slice::from_ref(&pair);
            let budget = dragoman::pipeline::SPAN_BUDGET;
            // with a failing server, the time until the failure (retries included) was spent
            // waiting for it
            let mut failed_after = None;
            let out = match dragoman::pipeline::align_embedded(&client, pairs, &cfg, budget) {
                Ok(out) => out,
                Err(e) if args.embeddings_optional => {
                    failed_after = Some(start.elapsed().as_secs_f64());
                    eprintln!("warning: embeddings unavailable, aligned without them: {e}");
                    dragoman::align::align_all(pairs, &cfg)
                }
                Err(e) => return Err(e),
            };
            let mut st = client.stats();
            st.wait_secs = st.wait_secs.max(failed_after.unwrap_or(0.0));
            let embedded = st.wait_secs;
            let n = a.sentences.len() + b.sentences.len();
            eprintln!(
                "embeddings: {} strings for {} sentences ({:.2} per sentence), {} sent, {} from the cache, {:.1}s waiting for the server, {:.2}s aligning",
                st.requested,
                n,
                st.requested as f64 / n.max(1) as f64,
                st.sent,
                st.cache_hits,
                st.wait_secs,
                (start.elapsed().as_secs_f64() - embedded).max(0.0)
            );
            super::embed::warn_stats(&client);
            out.alignments.into_iter().next().unwrap_or_default()
        }
    };
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    dragoman::export::write_align(&mut w, &al).at(super::STDOUT)?;
    super::flush_stdout(&mut w)?;
    Ok(Outcome::Done)
}

/// The vectors of `--src-embed` and `--tgt-embed` (each `[OVERLAPS, EMBEDDINGS]`, with the
/// edition it embeds), one lookup for both sides (a concatenation is found in either).
///
/// # Errors
/// As [`dragoman::embed::read_vecalign`] (naming the file); the two sides' vectors of different
/// dimensions; a sentence of an edition without a line in its own side's file (naming the
/// overlaps file, the sentence id and its text).
fn read_precomputed(
    (src, a): (&[PathBuf], &Edition),
    (tgt, b): (&[PathBuf], &Edition),
    dim: Option<usize>,
) -> Result<dragoman::embed::Precomputed> {
    let mut vectors = dragoman::embed::read_vecalign(&src[0], &src[1], dim)?;
    let other = dragoman::embed::read_vecalign(&tgt[0], &tgt[1], dim)?;
    let (ds, dt) = (
        vectors.values().next().map_or(0, Vec::len),
        other.values().next().map_or(0, Vec::len),
    );
    if ds != dt {
        return Err(Error::new(ErrorKind::BadEmbedding {
            from: None,
            message: format!(
                "its vectors have dimension {dt}, those of {} have {ds}",
                src[1].display()
            ),
        })
        .with_path(&tgt[1]));
    }
    // every sentence needs its line in its own side's file
    for (held, edition, files) in [(&vectors, a, src), (&other, b, tgt)] {
        let missing = edition
            .sentences
            .iter()
            .enumerate()
            .find(|(_, s)| !held.contains_key(&dragoman::embed::overlap_key(&s.text)));
        if let Some((id, s)) = missing {
            return Err(Error::new(ErrorKind::BadEmbedding {
                from: None,
                message: format!(
                    "no line for sentence {id} of {} ({}), so no vector",
                    edition.path.display(),
                    dragoman::embed::overlap_key(&s.text)
                        .chars()
                        .take(80)
                        .collect::<String>()
                ),
            })
            .with_path(&files[0]));
        }
    }
    // a text on both sides (a number, a name) keeps the source side's vector
    for (k, v) in other {
        vectors.entry(k).or_insert(v);
    }
    let from = format!("{} and {}", src[1].display(), tgt[1].display());
    Ok(dragoman::embed::Precomputed::new(vectors, from))
}
