//! `dragoman detect`: the language of files, and of the paragraphs that differ.

use super::say;
use crate::Outcome;
use dragoman::corpus::read::read_text;
use dragoman::detect::detect_edition;
use dragoman::Result;
use std::path::PathBuf;

/// Detect the language of each file and report paragraphs in another language.
///
/// Prints `FILE<TAB>LANG` per file, LANG being en, fa, ar, ur, another ISO 639-3 code, or `und`
/// when the text is too short, has no letters or is ambiguous. Then one line
/// `FILE:LINE<TAB>LANG<TAB>paragraph N` for each paragraph (1-based line, 0-based paragraph,
/// headline = 0) detected as another language than the whole file. Uses whatlang plus
/// Arabic-script letter and word evidence, so Persian, Arabic and Urdu are told apart. A file
/// that cannot be read is reported on stderr and the others are still examined (exit code 1).
#[derive(clap::Args)]
pub struct Args {
    /// Files to examine (UTF-8, or UTF-16 with a BOM).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    let mut failures = super::Failures::default();
    let mut out = super::Summary::new();
    let mut examined = 0;
    for f in &args.files {
        if out.closed() {
            // the reader went away (or stdout failed): nobody would see the rest
            break;
        }
        let text = match read_text(f) {
            Ok(t) => t,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        examined += 1;
        let e = detect_edition(&text);
        let label = |d: &Option<dragoman::detect::Detected>| {
            d.as_ref().map_or("und".to_owned(), |d| d.to_string())
        };
        say!(out, "{}\t{}", f.display(), label(&e.language));
        for p in e.foreign() {
            say!(
                out,
                "{}:{}\t{}\tparagraph {}",
                f.display(),
                p.line,
                label(&p.detected),
                p.paragraph
            );
        }
    }
    if let Err(e) = out.finish() {
        // the results are lost: as if nothing was done
        failures.print_last();
        return Err(e);
    }
    failures.outcome(examined > 0)
}
