//! `dragoman import`: TMX, TEI and ladder files back into `.sent` + `.align` files.

use super::say;
use crate::Outcome;
use dragoman::error::ResultExt;
use dragoman::export::import::{import_file, write_pair};
use dragoman::Result;
use std::path::PathBuf;

/// Read alignments back from TMX, InterText TEI or hunalign ladder files.
///
/// Writes, per pair, `<slug>.en.sent`, `<slug>.<lang>.sent` and `<slug>.en-<lang>.align` into OUT,
/// as `dragoman run` does, so that `dragoman export` and `dragoman eval` can use them. The kind
/// is told by the name: `.tmx`, `.xml` (an InterText `linkGrp`, whose documents are read from
/// beside it), `.ladder` (named `<slug>.en-<lang>.ladder`; its `.sent` files are read from
/// --sents, or from beside it). A TMX `x-slug` with a `/` (`sub/x`, as `run` and `export`
/// write for subfolders) goes to that subfolder of OUT; a `tu` without `x-slug` takes the file's
/// stem (`news` for `news.tmx`). Documents are never merged: a TMX whose `x-slug` names two
/// documents is refused, naming the file, and a pair already imported from an earlier file of
/// the same call is not overwritten (an error naming both files). Files of other tools are read:
/// languages are BCP 47 tags read by their primary subtag (`en-US` is `en`, `FA-IR` is `fa`),
/// TMX 1.1's `lang` is read as `xml:lang`, and a header `srclang="*all*"` takes English as the
/// source. A `tu` without `x-score` is a bead the file gives unscored: it scores 1.0 (as an
/// InterText link does), so `export --min-score` keeps it. Errors name the file and the line.
#[derive(clap::Args)]
pub struct Args {
    /// Files to import.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output folder (created if missing; files in it are replaced atomically).
    #[arg(long, short = 'o', default_value = "alignments")]
    pub out: PathBuf,
    /// Folder of the `.sent` files a ladder refers to (default: the ladder's folder).
    #[arg(long)]
    pub sents: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<Outcome> {
    // an OUT that cannot be a folder fails every pair alike: said once, before reading
    dragoman::export::check_dir(&args.out)?;
    let mut failures = super::Failures::default();
    let mut out = super::Summary::new();
    let (mut read, mut pairs, mut written, mut removed) = (0, 0, 0, 0);
    let mut pairs_failed = 0;
    let mut imported: std::collections::HashMap<String, PathBuf> = Default::default();
    for f in &args.files {
        match import_file(f, args.sents.as_deref()) {
            Ok((list, r)) => {
                read += 1;
                removed += r;
                for p in &list {
                    // a pair of the same name from an earlier file is not overwritten
                    if let Some(first) = imported.get(&p.name()) {
                        pairs_failed += 1;
                        failures.push(
                            dragoman::Error::new(dragoman::ErrorKind::Config(format!(
                                "pair {} was already imported from {}: not overwritten (two documents with the same slug)",
                                p.name(),
                                first.display()
                            )))
                            .with_path(f),
                        );
                        continue;
                    }
                    imported.insert(p.name(), f.clone());
                    match write_pair(&args.out, p).at(f) {
                        Ok(paths) => {
                            written += paths.len();
                            pairs += 1;
                            say!(
                                out,
                                "  {}: {} beads, {} + {} sentences",
                                p.name(),
                                p.alignment.beads.len(),
                                p.src.len(),
                                p.tgt.len()
                            );
                        }
                        Err(e) => {
                            pairs_failed += 1;
                            failures.push(e);
                        }
                    }
                }
            }
            Err(e) => failures.push(e),
        }
    }
    say!(
        out,
        "files: {} read, {} failed; pairs: {} written, {} failed; files written: {}",
        read,
        args.files.len() - read,
        pairs,
        pairs_failed,
        written
    );
    say!(out, "characters removed (forbidden in XML): {removed}");
    if let Err(e) = out.finish() {
        failures.push(e);
    }
    // exit code 2 (the last error) only when no pair was written
    failures.outcome(pairs > 0)
}
