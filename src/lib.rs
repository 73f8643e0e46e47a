//! dragoman: sentence alignment and edition audit for English-Persian and English-Arabic
//! news bitexts.
//!
//! Pipeline: [`corpus`] reads editions (`<slug>.<lang>.txt` or `.sent`) and pairs the English
//! edition with its Persian and Arabic ones; [`normalize`] folds letters, digits and marks for
//! matching while the original text is kept for output; [`segment`] splits sentences;
//! [`align`] finds beads (1-1, 1-2, 2-1, 2-2, 1-0, 0-1, ...) by dynamic programming over
//! Gale-Church length costs and number/name anchors; [`diff`] lists omissions, additions,
//! number, date and name mismatches, term shifts and weak matches with their char spans;
//! [`report`] writes them as JSON and side-by-side HTML pages; [`export`] writes vecalign `.align` files, TSV bitexts and TMX,
//! and exports them as TMX, Moses, TSV, CSV, JSONL, hunalign ladders and InterText TEI, which
//! [`export::import`] reads back. [`pipeline::run`] does all of it for a folder;
//! [`stream`] does it pair by pair for JSON Lines in bounded memory, and [`em`] learns a corpus
//! lexicon as a map-reduce (IBM Model 1 EM), for runs past one machine (Spark).
//! [`embed`] gets multilingual sentence embeddings from an OpenAI-style server, with a disk
//! cache, or from vecalign files.
//!
//! ```
//! use dragoman::{align::{align, AlignConfig}, corpus::Sentence, Lang};
//! let en: Vec<Sentence> = ["The talks lasted 3 hours.", "No date was set."]
//!     .iter().map(|s| Sentence::new(s, &Lang::En, 0)).collect();
//! let fa: Vec<Sentence> = ["گفت‌وگوها ۳ ساعت طول کشید.", "تاریخی تعیین نشد."]
//!     .iter().map(|s| Sentence::new(s, &Lang::Fa, 0)).collect();
//! let a = align(&en, &fa, &Lang::En, &Lang::Fa, &AlignConfig::default());
//! assert_eq!(a.beads.len(), 2);
//! assert_eq!((a.beads[0].src.clone(), a.beads[0].tgt.clone()), (0..1, 0..1));
//! ```

#![warn(missing_docs)]
// No panics on input or I/O outside tests (README "Limits"): checked by
// `cargo clippy --release --all-targets -- -D warnings`.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unimplemented,
        clippy::todo
    )
)]

pub mod align;
pub mod anchor;
pub mod corpus;
pub mod detect;
pub mod diff;
pub mod em;
pub mod embed;
pub mod error;
pub mod eval;
pub mod export;
mod lang;
pub mod normalize;
pub mod pipeline;
pub mod report;
pub mod segeval;
pub mod segment;
pub mod srx;
pub mod stream;

pub use error::{Error, ErrorKind, Result};
pub use lang::Lang;
