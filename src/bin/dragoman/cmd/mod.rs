//! One module per subcommand, each with an `Args` struct (its doc comments are `--help`) and a
//! `run(&Args)` function.

pub mod align;
pub mod detect;
pub mod diff;
pub mod embed;
pub mod eval;
pub mod export;
pub mod import;
pub mod lexicon;
pub mod pair;
pub mod run;
pub mod segment;
pub mod stream;

use dragoman::{Error, ErrorKind, Lang, Result};

/// Parses a language code given on the command line.
pub fn lang_arg(code: &str) -> Result<Lang> {
    Lang::from_code(code)
        .ok_or_else(|| Error::new(ErrorKind::Config(format!("not a language code: {code:?}"))))
}

/// Reads `--lexicon` and `--dict` files into one lexicon (`None` when neither is given).
/// `tgt` is the target language for tokenizing dictionaries; `None` tokenizes both ways (a
/// corpus may hold Persian and Arabic editions).
pub fn load_lexicons(
    lexicon: &Option<std::path::PathBuf>,
    dicts: &[std::path::PathBuf],
    src: &Lang,
    tgt: Option<&Lang>,
) -> Result<Option<dragoman::align::lexicon::Lexicon>> {
    use dragoman::align::lexicon::Lexicon;
    if lexicon.is_none() && dicts.is_empty() {
        return Ok(None);
    }
    let mut lex = match lexicon {
        Some(p) => Lexicon::read(p)?,
        None => Lexicon::default(),
    };
    for d in dicts {
        let tl = match tgt {
            Some(l) => l.clone(),
            None => guess_dict_lang(d),
        };
        lex.merge(&Lexicon::read_dictionary(d, src, &tl)?);
    }
    Ok(Some(lex))
}

/// The target language of a dictionary file from its name (`en-fa.dict`, `x.en-ar.tsv`),
/// Persian when the name says nothing.
fn guess_dict_lang(p: &std::path::Path) -> Lang {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains("-ar") || name.contains("ara") {
        Lang::Ar
    } else {
        Lang::Fa
    }
}
