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

use crate::Outcome;
use dragoman::align::AlignConfig;
use dragoman::error::ResultExt;
use dragoman::{Error, ErrorKind, Lang, Result};
use std::io::Write;

/// The name given to stdout in error messages.
pub const STDOUT: &str = "<stdout>";

/// Whether `e` is a write to a closed stdout (a broken pipe: the reader went away, as in
/// `dragoman align ... | head`); not an error for the command.
pub fn is_closed_stdout(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
}

/// Ends output to stdout: flushes `w`, naming stdout in an error.
pub fn flush_stdout(w: &mut impl Write) -> Result<()> {
    w.flush().at(STDOUT)
}

/// stdout for lines that must not stop a command (its summary, when its product is files, or
/// results printed as the command goes on past bad inputs): a closed stdout silences the rest
/// (see [`Summary::closed`]), another write error is kept for [`Summary::finish`].
pub struct Summary {
    out: std::io::StdoutLock<'static>,
    closed: bool,
    error: Option<std::io::Error>,
}

impl Summary {
    pub fn new() -> Summary {
        Summary {
            out: std::io::stdout().lock(),
            closed: false,
            error: None,
        }
    }

    /// Writes one line (use [`say!`]).
    pub fn line(&mut self, args: std::fmt::Arguments<'_>) {
        if self.closed || self.error.is_some() {
            return;
        }
        if let Err(e) = writeln!(self.out, "{args}") {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                self.error = Some(e);
            }
        }
    }

    /// Whether stdout was closed by its reader or failed: nothing more will be shown.
    pub fn closed(&self) -> bool {
        self.closed || self.error.is_some()
    }

    /// Flushes stdout. A closed stdout is not an error; another write error is (naming stdout).
    pub fn finish(mut self) -> Result<()> {
        if let Some(e) = self.error.take() {
            return Err(Error::from(e).with_path(STDOUT));
        }
        match self.out.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe && !self.closed => {
                Err(Error::from(e).with_path(STDOUT))
            }
            _ => Ok(()),
        }
    }
}

/// `say!(summary, "format", args...)`: one line on a [`Summary`].
macro_rules! say {
    ($s:expr, $($arg:tt)*) => {
        $s.line(format_args!($($arg)*))
    };
}
pub(crate) use say;

/// The errors of a command that goes on past a bad input or an unwritable output: each is
/// printed on stderr as the next comes, and the last is kept, so that a command that did nothing
/// returns it to `main` (one line per failure in all, exit code 2) and one that did something
/// prints it and ends with exit code 1.
#[derive(Default)]
pub struct Failures {
    last: Option<Error>,
    count: usize,
}

impl Failures {
    /// Records a failure; prints the one kept before it.
    pub fn push(&mut self, e: Error) {
        if let Some(prev) = self.last.replace(e) {
            eprintln!("error: {prev}");
        }
        self.count += 1;
    }

    /// How many failures.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Prints the kept error, if any.
    pub fn print_last(self) {
        if let Some(e) = self.last {
            eprintln!("error: {e}");
        }
    }

    /// How the command ends: done when nothing failed; else, when `something_done`, partial
    /// (the last error printed); else the last error.
    pub fn outcome(self, something_done: bool) -> Result<Outcome> {
        match self.last {
            None => Ok(Outcome::Done),
            Some(e) if !something_done => Err(e),
            Some(e) => {
                eprintln!("error: {e}");
                Ok(Outcome::Partial)
            }
        }
    }
}

/// Most worker threads `-j` takes: far more than any machine's cores, and each thread
/// reserves a stack (100,000 threads exhausted memory).
pub const MAX_THREADS: usize = 1024;

/// `-j N`: a thread count from 0 (counted as 1) to [`MAX_THREADS`].
pub fn threads_arg(s: &str) -> std::result::Result<usize, String> {
    let n: usize = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of threads"))?;
    if n > MAX_THREADS {
        return Err(format!(
            "{n} threads is more than the {MAX_THREADS} allowed"
        ));
    }
    Ok(n)
}

/// Parses a language code given on the command line.
pub fn lang_arg(code: &str) -> Result<Lang> {
    Lang::from_code(code)
        .ok_or_else(|| Error::new(ErrorKind::Config(format!("not a language code: {code:?}"))))
}

/// The aligner's settings for the bead-limit options, checked: the defaults of
/// [`AlignConfig::default`], or of [`AlignConfig::for_embeddings`] with `--embeddings`.
/// `--max-side` given alone raises the default `--max-bead` to fit it; `--max-bead` given alone
/// lowers the default side limit with it.
///
/// # Errors
/// Limits out of range ([`AlignConfig::check`]).
pub fn bead_limits(
    embeddings: bool,
    max_bead: Option<usize>,
    max_side: Option<usize>,
) -> Result<AlignConfig> {
    let base = if embeddings {
        AlignConfig::for_embeddings()
    } else {
        AlignConfig::default()
    };
    let max_bead = max_bead.unwrap_or(
        base.max_bead
            .max(max_side.map_or(0, |s| s + 1))
            .min(2 * dragoman::align::MAX_SIDE_LIMIT),
    );
    let max_side = max_side.unwrap_or(base.max_side.min(max_bead.saturating_sub(1)).max(1));
    let cfg = AlignConfig {
        max_bead,
        max_side,
        ..base
    };
    cfg.check()?;
    Ok(cfg)
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
