//! `dragoman diff`: the differences of one pair of editions, on stdout.

use super::align::lang_of;
use crate::Outcome;
use dragoman::align::AlignConfig;
use dragoman::corpus::{load_edition, EditionFormat};
use dragoman::diff::{diff_with, DiffConfig, Glossary};
use dragoman::error::ResultExt;
use dragoman::{Error, ErrorKind, Result};
use std::path::PathBuf;

/// List the differences between two editions of one report.
///
/// Bilingual pair (English SRC, Persian or Arabic TGT): aligns the sentences, then reports
/// omissions, additions, splits, merges and number, date, name, term and weak-match
/// differences. Same-language editions (`dragoman diff OLD NEW`, e.g. an English report and its
/// update): aligns the sentences and reports removed and added sentences and, in aligned
/// sentences, the words changed. Languages come from the file names (`x.en.txt`) or from
/// --src-lang/--tgt-lang, else are detected from the text (said on stderr); two files whose
/// language neither says nor shows are taken as English editions.
#[derive(clap::Args)]
pub struct Args {
    /// Source (English, or the old edition).
    src: PathBuf,
    /// Target (Persian, Arabic, or the new edition).
    tgt: PathBuf,
    /// Both files hold one sentence per line (no segmentation).
    #[arg(long)]
    presegmented: bool,
    /// Output format: tsv (diffs.tsv columns), json (diffs.json) or html (a side-by-side page).
    #[arg(long, default_value = "tsv", value_parser = ["tsv", "json", "html"])]
    format: String,
    /// Source language code (default: from the file name, else detected from the text).
    #[arg(long)]
    src_lang: Option<String>,
    /// Target language code (default: from the file name, else detected from the text).
    #[arg(long)]
    tgt_lang: Option<String>,
    /// Extra term glossary (CSV `concept,class,en,fa,ar`), added to the built-in one.
    #[arg(long)]
    glossary: Option<PathBuf>,
}

/// The diff settings for an optional user glossary.
pub fn diff_config(glossary: &Option<PathBuf>) -> Result<DiffConfig> {
    let mut cfg = DiffConfig::default();
    if let Some(p) = glossary {
        cfg.glossary.extend(Glossary::read(p)?);
    }
    Ok(cfg)
}

pub fn run(args: &Args) -> Result<Outcome> {
    // a file whose language neither its name nor detection tells is taken as English (two
    // English editions compared), with a note; never one in Arabic script (too short to tell
    // Persian from Arabic): that is an error asking for the language
    let guess = |given: &Option<String>, p: &PathBuf| match lang_of(p, given, args.presegmented) {
        Err(e)
            if matches!(e.kind(), ErrorKind::UnknownLanguage)
                && args.src_lang.is_none()
                && args.tgt_lang.is_none() =>
        {
            let text = dragoman::corpus::read::read_text(p)?;
            if text
                .chars()
                .any(|c| c.is_alphabetic() && dragoman::detect::is_arabic_script(c))
            {
                return Err(e);
            }
            eprintln!(
                "note: {}: language not told by its name or its text: taken as en",
                p.display()
            );
            Ok(dragoman::Lang::En)
        }
        r => r,
    };
    let sl = guess(&args.src_lang, &args.src)?;
    let tl = guess(&args.tgt_lang, &args.tgt)?;
    if !args.presegmented {
        for l in [&sl, &tl] {
            if !l.is_supported() {
                return Err(Error::new(ErrorKind::Config(format!(
                    "language {l} can only be diffed with --presegmented (sentence splitting knows en, fa, ar)"
                ))));
            }
        }
    }
    let cfg = diff_config(&args.glossary)?;
    let fmt = if args.presegmented {
        Some(EditionFormat::Sentences)
    } else {
        None
    };
    let a = load_edition(&args.src, Some(sl.clone()), fmt)?;
    let b = load_edition(&args.tgt, Some(tl.clone()), fmt)?;
    for e in [&a, &b] {
        if let Some(w) = dragoman::corpus::blank_lines_warning(e) {
            eprintln!("warning: {w}");
        }
        if let Some(w) = dragoman::pipeline::language_warning(e) {
            eprintln!("warning: {w}");
        }
    }
    let pair = dragoman::align::PairInput {
        src: &a.sentences,
        tgt: &b.sentences,
        src_lang: &sl,
        tgt_lang: &tl,
    };
    let mut out = dragoman::align::align_all(std::slice::from_ref(&pair), &AlignConfig::default());
    let al = out.alignments.pop().unwrap_or_default();
    let mut diffs = diff_with(&a.sentences, &b.sentences, &sl, &tl, &al, &cfg);
    // moved passages as `reorder`, as `dragoman run` lists them
    dragoman::diff::apply_moves(&mut diffs, &out.moves.pop().unwrap_or_default());
    let notes: Vec<String> = dragoman::pipeline::unequal_note(&a, &b)
        .into_iter()
        .collect();
    for n in &notes {
        eprintln!(
            "warning: {} and {}: {n}",
            args.src.display(),
            args.tgt.display()
        );
    }
    let name = format!("{}.{}-{}", a.slug, sl, tl);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    let written = match args.format.as_str() {
        "json" => dragoman::report::json::write_diffs_json(
            &mut w,
            &name,
            sl.code(),
            tl.code(),
            &a.sentences,
            &b.sentences,
            &diffs,
        ),
        "html" => {
            let page = dragoman::report::PairPage {
                name: &name,
                src_lang: &sl,
                tgt_lang: &tl,
                src: &a.sentences,
                tgt: &b.sentences,
                alignment: &al,
                diffs: &diffs,
                index_href: None,
                notes: &notes,
            };
            dragoman::report::write_pair_html(&mut w, &page)
        }
        _ => dragoman::export::write_diffs_tsv(&mut w, &a.sentences, &b.sentences, &diffs),
    };
    written.at(super::STDOUT)?;
    super::flush_stdout(&mut w)?;
    Ok(Outcome::Done)
}
