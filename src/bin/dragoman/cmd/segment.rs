//! `dragoman segment`: sentence splitting, one sentence per line on stdout.

use super::align::lang_of;
use crate::Outcome;
use dragoman::corpus::{load_edition, EditionFormat};
use dragoman::Result;
use std::io::Write;
use std::path::PathBuf;

/// Split an edition into sentences and print one per line.
///
/// The file is read as an edition `.txt`: every line is a paragraph (the first is the headline)
/// and paragraph breaks always end a sentence. The language comes from the file name
/// (`x.fa.txt`) or --lang.
#[derive(clap::Args)]
pub struct Args {
    /// The edition to split.
    file: PathBuf,
    /// Language code: en, fa or ar (default: from the file name).
    #[arg(long)]
    lang: Option<String>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    let lang = lang_of(&args.file, &args.lang, false)?;
    let e = load_edition(&args.file, Some(lang), Some(EditionFormat::Text))?;
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    dragoman::export::write_sentences(&mut w, &e.sentences)?;
    w.flush()?;
    Ok(Outcome::Done)
}
