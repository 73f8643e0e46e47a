//! Precomputed embeddings in vecalign's format, for LASER, LaBSE or any other embedder.
//!
//! Two files (source: vecalign's README, "Embed Your Own Documents", and its `dp_utils.py`
//! `read_in_embeddings`, Thompson & Koehn 2019, EMNLP):
//! - the overlaps file: UTF-8 text, one string a line (a sentence or several consecutive
//!   sentences joined by one space, as `overlap.py` writes them). A line's key is the line with
//!   leading and trailing white space removed, as vecalign's `line.strip()` does;
//! - the embeddings file: raw float32 values with no header, row-major, row `i` the vector of
//!   line `i` (0-based), as LASER's `embed.sh` writes them. Byte order: little-endian (vecalign
//!   reads the machine's order with `numpy.fromfile`; every machine LASER runs on is
//!   little-endian). The dimension is the file's float count divided by the line count (1024 for
//!   LASER, 768 for LaBSE) unless given.
//!
//! Like vecalign, two lines with the same key are an error.
//!
//! To look vectors up, build each key as vecalign's `overlap.py` does ([`vecalign_overlap`]):
//! sentences stripped (an empty one becomes `BLANK_LINE`), joined by one space, cut to 10,000
//! chars (source: `dp_utils.py`, `yield_overlaps`, `preprocess_line` and `layer`).

use crate::error::ResultExt;
use crate::{Error, ErrorKind, Result};
use std::collections::HashMap;
use std::path::Path;

/// Reads vecalign's overlaps file and float32 embeddings file into a map from text to
/// L2-normalized vector.
///
/// Shapes: the overlaps file has `r` lines, the embeddings file `r * dim * 4` bytes; every
/// vector returned has `dim` components. `dim` is inferred from the file size when `None`.
/// Keys are the lines as [`overlap_key`] makes them (white space made one space, trimmed, cut
/// to 10,000 chars; a CRLF line ending is dropped too).
/// # Errors
/// [`ErrorKind::Io`] if a file cannot be read; [`ErrorKind::NotUtf8`] if the overlaps file is
/// not UTF-8; [`ErrorKind::BadEmbedding`] (with the path) if either file is empty, the sizes do
/// not fit (`bytes != r * dim * 4`), a line repeats an earlier one (with the line, from 1), or a
/// vector holds NaN, an infinity or only zeros (with the line of its text).
/// # References
/// B. Thompson, P. Koehn (2019). Vecalign: Improved sentence alignment in linear time and space. EMNLP.
pub fn read_vecalign(
    overlaps: &Path,
    vectors: &Path,
    dim: Option<usize>,
) -> Result<HashMap<String, Vec<f32>>> {
    let text = crate::corpus::read::read_utf8(overlaps)?;
    let text = crate::corpus::read::unify_line_ends(text.strip_prefix('\u{feff}').unwrap_or(&text));
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let bad = |path: &Path, message: String| {
        Error::new(ErrorKind::BadEmbedding {
            from: None,
            message,
        })
        .with_path(path)
    };
    if lines.is_empty() {
        return Err(bad(overlaps, "no lines".into()));
    }
    let data = std::fs::read(vectors).at(vectors)?;
    if data.is_empty() || data.len() % 4 != 0 {
        return Err(bad(
            vectors,
            format!(
                "{} bytes is not a whole, non-zero number of float32 values",
                data.len()
            ),
        ));
    }
    let floats = data.len() / 4;
    let dim = match dim {
        Some(d) => d,
        None if floats % lines.len() == 0 => floats / lines.len(),
        None => {
            return Err(bad(
                vectors,
                format!(
                    "{floats} float32 values do not divide into {} rows, one per line of {}",
                    lines.len(),
                    overlaps.display()
                ),
            ))
        }
    };
    if dim == 0 || dim.checked_mul(lines.len()) != Some(floats) {
        return Err(bad(
            vectors,
            format!("{floats} float32 values is not {} rows of dimension {dim} (one row per line of {})", lines.len(), overlaps.display()),
        ));
    }
    let mut out: HashMap<String, Vec<f32>> = HashMap::with_capacity(lines.len());
    let mut first_line: HashMap<&str, usize> = HashMap::with_capacity(lines.len());
    for (i, (line, row)) in lines.iter().zip(data.chunks_exact(dim * 4)).enumerate() {
        if let Some(j) = first_line.insert(line, i) {
            return Err(
                bad(overlaps, format!("line {} repeats line {}", i + 1, j + 1)).with_line(i + 1),
            );
        }
        let mut v: Vec<f32> = row
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if let Err(why) = super::l2_normalize(&mut v) {
            return Err(bad(
                vectors,
                format!(
                    "row {} (line {} of {}): {why}",
                    i,
                    i + 1,
                    overlaps.display()
                ),
            ));
        }
        // lines that differ only in white space (a tab where the text has a space) share a
        // key: the first one's vector is kept
        out.entry(overlap_key(line)).or_insert(v);
    }
    Ok(out)
}

/// Longest overlap text vecalign embeds, in chars (Unicode scalar values).
const MAX_OVERLAP_CHARS: usize = 10_000;

/// The key a text is looked up by among [`read_vecalign`]'s vectors: its white space (tabs, line
/// and paragraph separators, runs of spaces) made one space, trimmed, and cut to its first
/// 10,000 chars as vecalign's `overlap.py` cuts its lines. So a sentence that dragoman read with
/// its tab made a space, or one longer than vecalign embeds, finds the line vecalign wrote.
pub fn overlap_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (k, w) in text.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    super::first_chars(&out, MAX_OVERLAP_CHARS)
        .trim_end()
        .to_string()
}

/// The overlaps-file line vecalign's `overlap.py` writes for consecutive sentences: each
/// sentence trimmed of white space (`BLANK_LINE` when nothing is left), joined by one space, cut
/// to its first 10,000 chars. Use it to build the keys of the map [`read_vecalign`] returns;
/// one sentence gives the sentence itself (trimmed).
/// # References
/// vecalign's `dp_utils.py` (`yield_overlaps`, `preprocess_line`, `layer`), Thompson & Koehn (2019).
pub fn vecalign_overlap(sentences: &[&str]) -> String {
    let parts: Vec<&str> = sentences
        .iter()
        .map(|s| match s.trim() {
            "" => "BLANK_LINE",
            t => t,
        })
        .collect();
    super::first_chars(&parts.join(" "), MAX_OVERLAP_CHARS).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, lines: &str, floats: &[f32]) -> (std::path::PathBuf, std::path::PathBuf) {
        let (o, e) = (dir.join("overlaps.fa"), dir.join("overlaps.fa.emb"));
        std::fs::write(&o, lines).unwrap();
        let bytes: Vec<u8> = floats.iter().flat_map(|x| x.to_le_bytes()).collect();
        std::fs::write(&e, bytes).unwrap();
        (o, e)
    }

    #[test]
    fn reads_rows_in_line_order_and_infers_dimension() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(
            d.path(),
            "first line\n  second line \r\nthird\n",
            &[3.0, 4.0, 0.0, 0.0, 2.0, 0.0, -1.0, 0.0, 0.0],
        );
        let m = read_vecalign(&o, &e, None).unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m["first line"], vec![0.6, 0.8, 0.0]);
        assert_eq!(m["second line"], vec![0.0, 1.0, 0.0]);
        assert_eq!(m["third"], vec![-1.0, 0.0, 0.0]);
    }

    #[test]
    fn given_dimension_must_fit_the_file() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\nb\n", &[1.0, 0.0, 0.0, 1.0]);
        assert_eq!(read_vecalign(&o, &e, Some(2)).unwrap()["b"], vec![0.0, 1.0]);
        let err = read_vecalign(&o, &e, Some(4)).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::BadEmbedding { .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("not 2 rows of dimension 4"),
            "{err}"
        );
    }

    #[test]
    fn size_not_divisible_by_rows_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\nb\n", &[1.0, 0.0, 1.0]);
        let err = read_vecalign(&o, &e, None).unwrap_err();
        assert_eq!(err.path(), Some(e.as_path()));
        assert!(
            err.to_string().contains("do not divide into 2 rows"),
            "{err}"
        );
    }

    #[test]
    fn repeated_line_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\nb\na \n", &[1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
        let err = read_vecalign(&o, &e, None).unwrap_err();
        assert_eq!(err.line(), Some(3));
        assert!(err.to_string().contains("line 3 repeats line 1"), "{err}");
    }

    #[test]
    fn nan_row_is_an_error_naming_the_line() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\nb\n", &[1.0, 0.0, f32::NAN, 1.0]);
        let err = read_vecalign(&o, &e, None).unwrap_err();
        assert!(err.to_string().contains("row 1 (line 2"), "{err}");
    }

    #[test]
    fn overlap_keys_make_white_space_one_space_and_cut_at_10000_chars() {
        assert_eq!(overlap_key(" a\tb  c\u{2028}d \r\n"), "a b c d");
        let long = "x".repeat(10_005);
        assert_eq!(overlap_key(&long).chars().count(), 10_000);
    }

    #[test]
    fn overlap_text_is_vecalign_s() {
        assert_eq!(
            vecalign_overlap(&[" The talks ended. ", "", "No date was set.\n"]),
            "The talks ended. BLANK_LINE No date was set."
        );
        assert_eq!(vecalign_overlap(&["گفت‌وگوها"]), "گفت‌وگوها");
        let long = "ی".repeat(6000);
        let cut = vecalign_overlap(&[&long, &long]);
        assert_eq!(cut.chars().count(), 10_000);
        assert!(cut.starts_with(&long) && cut.chars().nth(6000) == Some(' '));
    }

    #[test]
    fn lone_cr_ends_a_line_as_in_python() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\rb\n", &[1.0, 0.0, 0.0, 1.0]);
        let m = read_vecalign(&o, &e, None).unwrap();
        assert_eq!(m["b"], vec![0.0, 1.0]);
    }

    #[test]
    fn bad_utf8_is_an_error_naming_its_line() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "a\nb\n", &[1.0, 0.0, 0.0, 1.0]);
        std::fs::write(&o, b"a\nb \xff\n").unwrap();
        let err = read_vecalign(&o, &e, None).unwrap_err();
        assert_eq!(err.line(), Some(2), "{err}");
        assert!(err.to_string().contains(":2:"), "{err}");
        assert!(err.to_string().contains("byte offset 4"), "{err}");
    }

    #[test]
    fn empty_files_are_errors() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "", &[]);
        assert!(read_vecalign(&o, &e, None).is_err());
        let (o, e) = write(d.path(), "a\n", &[]);
        assert!(read_vecalign(&o, &e, None)
            .unwrap_err()
            .to_string()
            .contains("0 bytes"));
    }
}
