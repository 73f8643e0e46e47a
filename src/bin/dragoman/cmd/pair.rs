//! `dragoman pair`: pair English documents with their Persian or Arabic editions by content.

use super::lang_arg;
use crate::Outcome;
use dragoman::corpus::content::{
    load_documents, pair_documents, read_forced, write_pairs, ContentConfig,
};
use dragoman::error::ResultExt;
use dragoman::{Error, ErrorKind, Lang, Result};
use std::path::PathBuf;

/// Pair the English documents in EN_DIR with their editions in OTHER_DIR by content, when file
/// names say nothing.
///
/// Reads every `.txt` (headline, then paragraphs) and `.sent` (one sentence per line) file in
/// both folders and their subfolders. Scores candidate pairs by shared numbers, dates, names
/// (consonant skeletons across scripts), lexicon overlap and length, and makes a one-to-one
/// assignment (Hungarian algorithm); a document with no counterpart scoring at least
/// --threshold stays unpaired.
///
/// The score is relative to the other documents of the folders, so a pair must also show
/// absolute evidence that the two are translations: the log-likelihood ratio of the numbers,
/// dates, names and (given or seed) lexicon links they share, under a translation model
/// against a null model of two unrelated news articles of those sizes, in nats, at least
/// --min-evidence (default 10). A pair below it scores 0 and is never made, whatever the number
/// of documents: a lone unrelated pair stays unpaired. Measured on NTREX news: true pairs 10.8
/// nats and up (but one whose Arabic edition has its words run together), unrelated pairs below
/// 0 in 99% of cases and below 10 in 99.9% (the rest report the same story).
///
/// Without --dict or --lexicon, the built-in seed lexicon of the language pair (about 3,700
/// en-fa and 5,800 en-ar word pairs, rules/seed-lexicon) is used, and a lexicon is learned from
/// the confident pairs of a first pass. Writes CSV `en,other,score` (paths as found, score in
/// [0, 1]) to --out or stdout, and a summary to stderr.
#[derive(clap::Args)]
pub struct Args {
    /// Folder of English documents.
    en_dir: PathBuf,
    /// Folder of Persian or Arabic documents.
    other_dir: PathBuf,
    /// Pairs to keep as they are: CSV `en,other[,score]` with a header, as written by this
    /// command. Their documents are left out of the matching.
    #[arg(long, value_name = "FORCED.csv")]
    force: Option<PathBuf>,
    /// Write the pairs to this file instead of stdout.
    #[arg(long, value_name = "PAIRS.csv")]
    out: Option<PathBuf>,
    /// Language of OTHER_DIR's documents (default: from each file name, else detected).
    #[arg(long)]
    lang: Option<String>,
    /// A lexicon (source<TAB>target<TAB>probability, as written by `run --save-lexicon`).
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// A bilingual dictionary: hunalign's `.dict` (`target @ source`) or TSV
    /// (`source<TAB>target`).
    #[arg(long, value_name = "FILE")]
    dict: Vec<PathBuf>,
    /// Least score of a pair made, in [0, 1] (relative to the other candidates).
    #[arg(long, default_value_t = ContentConfig::default().threshold)]
    threshold: f64,
    /// Least evidence, in nats, that a pair are translations rather than two unrelated
    /// articles (log-likelihood ratio of their shared numbers, dates, names and lexicon links;
    /// 10 nats: about 22,000 times likelier). 0 keeps every pair sharing more than chance would;
    /// a negative value turns the check off.
    #[arg(long, default_value_t = ContentConfig::default().min_evidence)]
    min_evidence: f64,
    /// Anchors in at most this many documents per side feed the candidate index.
    #[arg(long, default_value_t = ContentConfig::default().max_df)]
    max_df: usize,
    /// Do not learn a lexicon from a first pass (pair by numbers, dates, names, length and the
    /// given lexicon, or the built-in seed lexicon, only).
    #[arg(long)]
    no_learn: bool,
    /// Threads, 0 (counted as 1) to 1024 (default: all cores). The output is the same whatever
    /// the number.
    #[arg(long, short = 'j', value_parser = super::threads_arg)]
    threads: Option<usize>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    if let Some(t) = args.threads {
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build_global();
    }
    if !(0.0..=1.0).contains(&args.threshold) {
        return Err(Error::new(ErrorKind::Config(format!(
            "--threshold {} is not in [0, 1]",
            args.threshold
        ))));
    }
    if !args.min_evidence.is_finite() {
        return Err(Error::new(ErrorKind::Config(format!(
            "--min-evidence {} is not a number",
            args.min_evidence
        ))));
    }
    let other_lang = args.lang.as_deref().map(lang_arg).transpose()?;
    let (en, en_errors) = load_documents(&args.en_dir, Some(&Lang::En))?;
    let (other, other_errors) = load_documents(&args.other_dir, other_lang.as_ref())?;
    for e in en_errors.iter().chain(&other_errors) {
        eprintln!("warning: {e} (skipped)");
    }
    if en.is_empty() || other.is_empty() {
        let dir = if en.is_empty() {
            &args.en_dir
        } else {
            &args.other_dir
        };
        return Err(Error::new(ErrorKind::NoEditions(Vec::new())).with_path(dir));
    }
    // the other side's language for tokenizing dictionaries: the given one, else the commonest
    let tgt = other_lang.clone().unwrap_or_else(|| {
        let fa = other.iter().filter(|d| d.lang == Lang::Fa).count();
        let ar = other.iter().filter(|d| d.lang == Lang::Ar).count();
        if ar > fa {
            Lang::Ar
        } else {
            Lang::Fa
        }
    });
    let lexicon = super::load_lexicons(&args.lexicon, &args.dict, &Lang::En, Some(&tgt))?;
    let forced = match &args.force {
        Some(p) => read_forced(p, &en, &other)?,
        None => Vec::new(),
    };
    let cfg = ContentConfig {
        threshold: args.threshold,
        min_evidence: args.min_evidence,
        max_df: args.max_df,
        lexicon,
        learn_lexicon: !args.no_learn,
        ..ContentConfig::default()
    };
    let result = pair_documents(&en, &other, &forced, &cfg);
    match &args.out {
        Some(path) => {
            dragoman::export::write_atomic(path, |w| write_pairs(w, &result.pairs, &en, &other))?
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            write_pairs(&mut w, &result.pairs, &en, &other).at(super::STDOUT)?;
            super::flush_stdout(&mut w)?;
        }
    }
    eprintln!(
        "pair: {} pairs made ({} forced) of {} English and {} {} documents; unpaired: {} English, {} other; {} candidates scored; lexicon: {} links{}",
        result.pairs.len(),
        forced.len(),
        en.len(),
        other.len(),
        tgt,
        result.unpaired_en.len(),
        result.unpaired_other.len(),
        result.candidates,
        result.lexicon_links,
        if result.bootstrap_pairs > 0 { format!(" (learned from {} confident pairs)", result.bootstrap_pairs) } else { String::new() }
    );
    Ok(Outcome::Done)
}
