//! One module per subcommand, each with an `Args` struct (its doc comments are `--help`) and a
//! `run(&Args)` function.

pub mod align;
pub mod detect;
pub mod diff;
pub mod eval;
pub mod run;
pub mod segment;

use dragoman::{Error, ErrorKind, Lang, Result};

/// Parses a language code given on the command line.
pub fn lang_arg(code: &str) -> Result<Lang> {
    Lang::from_code(code).ok_or_else(|| Error::new(ErrorKind::Config(format!("not a language code: {code:?}"))))
}
