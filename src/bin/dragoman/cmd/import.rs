//! `dragoman import`: TMX, TEI and ladder files back into `.sent` + `.align` files.

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
/// --sents, or from beside it).
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
    let (mut pairs, mut written, mut failed, mut removed) = (0, 0, 0, 0);
    for f in &args.files {
        match import_file(f, args.sents.as_deref()) {
            Ok((list, r)) => {
                removed += r;
                for p in &list {
                    written += write_pair(&args.out, p).at(f)?.len();
                    println!(
                        "  {}: {} beads, {} + {} sentences",
                        p.name(),
                        p.alignment.beads.len(),
                        p.src.len(),
                        p.tgt.len()
                    );
                }
                pairs += list.len();
            }
            Err(e) if args.files.len() == 1 => return Err(e),
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
            }
        }
    }
    println!(
        "files: {} read, {} failed; pairs: {}; files written: {}",
        args.files.len() - failed,
        failed,
        pairs,
        written
    );
    println!("characters removed (forbidden in XML): {removed}");
    if failed == args.files.len() {
        return Err(dragoman::Error::new(dragoman::ErrorKind::Config(
            "no file could be imported".into(),
        )));
    }
    Ok(if failed == 0 {
        Outcome::Done
    } else {
        Outcome::Partial
    })
}
