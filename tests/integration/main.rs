//! The one integration test binary. Text-stage modules: `segment` (segmentation against gold,
//! the segment/eval/detect commands), `text_cases` (shared cases B01 B03 B04 B06 B08 B10),
//! `text_props` (property tests of decoding, normalization and segmentation).

mod segment;
mod text_cases;
mod text_props;
