//! The library's error type.
//!
//! Every error carries what went wrong ([`ErrorKind`]) and, when known, the file and the
//! 1-based line it concerns. `Display` is one lower-case line that names the file first, so the
//! binary can print it as is (`error: corpora/x.fa.txt: not UTF-8 at byte 17`).

use std::fmt;
use std::path::{Path, PathBuf};

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error from the dragoman library; inspect it with [`Error::kind`].
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    line: Option<usize>,
}

/// What went wrong. More variants may appear in later versions.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading or writing failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// Input is not valid UTF-8 (nor UTF-16 with a BOM); `offset` is the first bad byte, from 0.
    #[error("not valid UTF-8 (first bad byte at byte offset {offset} of the file)")]
    NotUtf8 {
        /// Byte offset of the first invalid byte, counted from 0.
        offset: usize,
    },
    /// Input starts with a UTF-16 byte-order mark but is not valid UTF-16 (an unpaired
    /// surrogate or an odd number of bytes); `offset` is the first bad byte, from 0, BOM included.
    #[error("not valid UTF-16 (first bad byte at byte offset {offset} of the file)")]
    NotUtf16 {
        /// Byte offset of the first byte of the bad code unit, counted from 0.
        offset: usize,
    },
    /// The input looks like a binary file (it holds NUL bytes).
    #[error("binary file (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL byte, counted from 0.
        offset: usize,
    },
    /// The input is UTF-16 without a byte-order mark (NUL bytes at one parity only, and valid
    /// UTF-16 read that way): which byte order it is cannot be known for sure, so it is not
    /// guessed.
    #[error("UTF-16{} text without a byte-order mark: convert it to UTF-8 (e.g. `iconv -f UTF-16{} -t UTF-8`) or add a BOM", if *big_endian { "BE" } else { "LE" }, if *big_endian { "BE" } else { "LE" })]
    Utf16WithoutBom {
        /// True for big-endian byte order (NUL bytes first in each pair).
        big_endian: bool,
    },
    /// The file yields no text (empty, or only whitespace and marks).
    #[error("empty edition: no text")]
    Empty,
    /// A folder that should hold a corpus does not exist or is not a folder.
    #[error("not a folder")]
    NotADir,
    /// The corpus holds no edition file (`<slug>.<lang>.txt` or `.sent`); the files skipped,
    /// each with why (empty when none), so that a corpus of badly named files says so.
    #[error("no edition files (<slug>.<lang>.txt or <slug>.<lang>.sent) found{}", skipped_note(.0))]
    NoEditions(Vec<String>),
    /// A file name does not follow `<slug>.<lang>.txt|sent`, or the language is unknown.
    #[error("cannot tell the language from the file name or its text; name the file <slug>.<lang>.txt, or give the language: --lang for segment, --src-lang/--tgt-lang for align and diff")]
    UnknownLanguage,
    /// An alignment (gold or predicted) line could not be parsed.
    #[error("not a bead: {0}")]
    BadBead(String),
    /// An alignment does not fit the sentence files it refers to.
    #[error("invalid alignment: {0}")]
    BadAlignment(String),
    /// A command-line or configuration value is out of range.
    #[error("{0}")]
    Config(String),
    /// Writing an XML file failed.
    #[error("xml: {0}")]
    Xml(String),
    /// Writing a CSV/TSV file failed.
    #[error("csv: {0}")]
    Csv(String),
    /// An embeddings server could not be reached or answered with an error, after the retries
    /// (see [`crate::embed`]).
    #[error("embeddings server {url}: {message}")]
    EmbedServer {
        /// The URL of the request that failed.
        url: String,
        /// The HTTP status of the last answer, when there was one.
        status: Option<u16>,
        /// What went wrong, in words (with the start of the server's answer when it sent one).
        message: String,
    },
    /// Embedding vectors are unusable: not JSON, too few or too many, not finite, all zero, or
    /// of another dimension than the vectors before them.
    #[error("bad embeddings{}: {message}", from.as_ref().map(|f| format!(" from {f}")).unwrap_or_default())]
    BadEmbedding {
        /// Where the vectors came from: `None` when from the file in [`Error::path`] (the
        /// message names it once, as the error's file); `Some` of anything else (a server URL,
        /// or files other than the error's).
        from: Option<String>,
        /// What is wrong with them.
        message: String,
    },
}

/// `; skipped: A (why), B (why)` for [`ErrorKind::NoEditions`], at most 5 named.
fn skipped_note(skipped: &[String]) -> String {
    if skipped.is_empty() {
        return String::new();
    }
    let mut note = format!("; skipped: {}", skipped[..skipped.len().min(5)].join(", "));
    if skipped.len() > 5 {
        note.push_str(&format!(" and {} more", skipped.len() - 5));
    }
    note
}

impl Error {
    /// A new error of this kind with no file.
    pub fn new(kind: ErrorKind) -> Error {
        Error {
            kind,
            path: None,
            line: None,
        }
    }
    /// Attaches the file the error concerns.
    pub fn with_path(mut self, path: impl AsRef<Path>) -> Error {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }
    /// Attaches the 1-based line the error concerns.
    pub fn with_line(mut self, line: usize) -> Error {
        self.line = Some(line);
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
    /// What went wrong, to add details to the message.
    pub(crate) fn kind_mut(&mut self) -> &mut ErrorKind {
        &mut self.kind
    }
    /// The file concerned, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    /// The 1-based line concerned, when known.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{}: {}", p.display(), l, self.kind),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.kind),
            (None, Some(l)) => write!(f, "line {}: {}", l, self.kind),
            (None, None) => write!(f, "{}", self.kind),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

/// Adds a path to the error of a `Result`.
pub trait ResultExt<T> {
    /// Attaches `path` to the error, if any.
    fn at(self, path: impl AsRef<Path>) -> Result<T>;
}

impl<T, E: Into<Error>> ResultExt<T> for std::result::Result<T, E> {
    fn at(self, path: impl AsRef<Path>) -> Result<T> {
        self.map_err(|e| {
            let e: Error = e.into();
            if e.path.is_some() {
                e
            } else {
                e.with_path(path)
            }
        })
    }
}

#[cfg(test)]
mod display_tests {
    use super::*;

    #[test]
    fn bad_embeddings_from_the_file_named_first_name_it_once() {
        let bad = |from: Option<&str>| ErrorKind::BadEmbedding {
            from: from.map(Into::into),
            message: "no lines".into(),
        };
        // from the error's own file (None): the file is named once, as the path
        let e = Error::new(bad(None)).with_path("v.emb");
        assert_eq!(e.to_string(), "v.emb: bad embeddings: no lines");
        let e = Error::new(bad(None)).with_path("v.emb").with_line(3);
        assert_eq!(e.to_string(), "v.emb:3: bad embeddings: no lines");
        // from somewhere else: both named
        let e = Error::new(bad(Some("http://h/v1/embeddings"))).with_path("a.txt");
        assert_eq!(
            e.to_string(),
            "a.txt: bad embeddings from http://h/v1/embeddings: no lines"
        );
        let e = Error::new(bad(Some("http://h/v1/embeddings")));
        assert_eq!(
            e.to_string(),
            "bad embeddings from http://h/v1/embeddings: no lines"
        );
    }
}
