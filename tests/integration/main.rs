//! The one integration test binary: it runs the built `dragoman` and reads what it writes.
//! Text-stage modules: `segment` (segmentation against gold, the segment/eval/detect commands),
//! `text_cases` (shared cases B01 B03 B04 B06 B08 B10), `text_props` (property tests of
//! decoding, normalization and segmentation). `mock_server`: a fake embeddings server (also used
//! by `src/embed/tests.rs`).

mod align_cases;
mod cli;
mod diff_gold;
mod diff_score;
mod embed;
mod export;
mod mock_server;
mod pair;
mod quality;
mod regression;
mod report;
mod robust;
mod segment;
mod stream;
mod text_cases;
mod text_props;
mod util;
