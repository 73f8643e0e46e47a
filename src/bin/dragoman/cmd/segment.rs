//! `dragoman segment`: sentence splitting, one sentence per line on stdout.

use super::align::lang_of;
use crate::Outcome;
use dragoman::corpus::{load_edition_with, read::read_text, EditionFormat};
use dragoman::error::ResultExt;
use dragoman::segment::Segmenter;
use dragoman::Result;
use std::path::PathBuf;

/// Split an edition into sentences and print one per line.
///
/// The file is read as an edition `.txt`: the first line is the headline; paragraphs are
/// separated by blank lines (or are one per line when there is no blank line); every line break
/// ends a sentence. UTF-8 (a BOM allowed) or UTF-16 with a BOM; CR LF and CR end lines. The
/// language comes from --lang, else the file name (`x.fa.txt`), else the text. The rules are dragoman's default SRX 2.0 rules (rules/segment.srx in
/// the source) unless --srx gives a file of one's own.
#[derive(clap::Args)]
pub struct Args {
    /// The edition to split.
    file: PathBuf,
    /// Language code (default: from the file name, else detected from the text): en, fa and ar
    /// have their own rules; any other code gets the generic rules of the SRX file (with
    /// --srx, its <maprules> decide).
    #[arg(long)]
    lang: Option<String>,
    /// Sentence-splitting rules in SRX 2.0 (Rust regex syntax: no look-around), used instead of
    /// the default rules; the rules for the language are chosen by the file's <maprules>.
    #[arg(long, value_name = "FILE")]
    srx: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    let lang = lang_of(&args.file, &args.lang, false)?;
    let seg = match &args.srx {
        Some(p) => Some(Segmenter::from_srx(&read_text(p)?, &lang).map_err(|e| e.with_path(p))?),
        None => None,
    };
    let e = load_edition_with(
        &args.file,
        Some(lang),
        Some(EditionFormat::Text),
        seg.as_ref(),
    )?;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    dragoman::export::write_sentences(&mut w, &e.sentences).at(super::STDOUT)?;
    super::flush_stdout(&mut w)?;
    Ok(Outcome::Done)
}
