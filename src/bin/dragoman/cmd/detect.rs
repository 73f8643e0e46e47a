//! `dragoman detect`: the language of files.

use crate::Outcome;
use dragoman::corpus::read::read_text;
use dragoman::detect::detect;
use dragoman::normalize::normalize;
use dragoman::{Lang, Result};
use std::path::PathBuf;

/// Detect the language of each file: en, fa, ar, ur, another ISO 639-3 code, or `und` when
/// the text is too short or has no letters. Uses whatlang plus Arabic-script letter evidence.
#[derive(clap::Args)]
pub struct Args {
    /// Files to examine.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    for f in &args.files {
        let text = read_text(f)?;
        let label = detect(&normalize(&text, &Lang::Other("und".into()))).map_or("und".to_owned(), |d| d.to_string());
        println!("{}\t{}", f.display(), label);
    }
    Ok(Outcome::Done)
}
