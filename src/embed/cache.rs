//! The embeddings disk cache: one append-only file of records per model.
//!
//! Folder: the `cache_dir` of [`super::EmbedConfig`]. File: `<name>-<hash>.dvec`, where
//! `<name>` is the model name with every character other than `A-Z a-z 0-9 . _ -` replaced by
//! `_` (at most 60 chars) and `<hash>` the first 8 bytes of SHA-256 of the full model name, in
//! hex; the model name is the one sent to the server, or `@<base URL>` when none is known.
//!
//! Format (version 1; integers and floats little-endian): the file is a plain sequence of
//! records, with no header. One record, for one string and `n` dimensions:
//!
//! | offset   | bytes | content                                                        |
//! |----------|-------|----------------------------------------------------------------|
//! | 0        | 4     | magic `DVE1` (0x44 0x56 0x45 0x31)                             |
//! | 4        | 4     | `n`: u32, the vector's dimension, in 1..=65536                 |
//! | 8        | 32    | SHA-256 of the exact UTF-8 text sent (prefix included)         |
//! | 40       | 4n    | the vector: `n` IEEE-754 f32, L2-normalized                    |
//! | 40 + 4n  | 8     | check: the first 8 bytes of SHA-256 of bytes `4 .. 40 + 4n`   |
//!
//! Writing: each batch of new vectors is appended with one `write` call to a file opened in
//! append mode, then synced. Nothing is ever rewritten, so a crash can only leave a torn record
//! at the end. The folder and the file are made at the first write, so a run that gets no
//! vector (server down) leaves nothing behind. A folder or file that cannot be made or written
//! (read-only, permission denied, disk full) does not stop the run: the vectors stay in memory,
//! writing stops, and [`Cache::unsaved`] says why (the client's caller warns). Only a cache
//! path that is a file (or under a file) is an error ([`check_dir`]). Reading: records are taken in order; a record that is cut short or whose check
//! does not match is skipped by looking for the next magic (its bytes are counted in
//! [`Cache::damaged_bytes`]), so a torn record costs one cache miss and never hides the records
//! before or after it. Two processes appending to the same file at once is safe in the same way;
//! but two servers of different dimensions under one model name can leave a file of two
//! dimensions, which [`Cache::open`] refuses (naming the file) rather than pick one by chance.
//! A later record for the same string replaces an earlier one.

use crate::error::ResultExt;
use crate::{Error, ErrorKind, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first bytes of every record.
const MAGIC: &[u8; 4] = b"DVE1";
/// Largest dimension a record may have.
pub(crate) const MAX_DIM: usize = 65536;
/// Bytes in a record besides the vector: magic, n, key, check.
const OVERHEAD: usize = 4 + 4 + 32 + 8;

/// A SHA-256 digest of a text as sent.
pub(crate) type Key = [u8; 32];

/// SHA-256 of `text`'s UTF-8 bytes.
pub(crate) fn key(text: &str) -> Key {
    Sha256::digest(text.as_bytes()).into()
}

/// Vectors by key, in memory, with the file they are appended to (none: memory only).
pub(crate) struct Cache {
    vectors: HashMap<Key, Vec<f32>>,
    /// The cache file (it may not exist yet), `None` for a memory-only cache.
    path: Option<PathBuf>,
    /// The file, open for appending once the first write made it.
    file: Option<File>,
    /// False for a memory-only cache, and once a write failed or the file could not be read.
    writing: bool,
    /// Bytes skipped on load: torn or damaged records.
    pub(crate) damaged_bytes: u64,
    /// Records read from the file on load.
    pub(crate) loaded: usize,
    /// Why new vectors are not saved to the file, when a write failed or the file could not be
    /// read: one line naming the path.
    pub(crate) unsaved: Option<String>,
}

/// Checks that `dir` can be the cache folder: a folder, or a path where one can be made (no
/// file at it or at one of its parents). Whether it can be written is not checked (a cache
/// that cannot be written is not an error, see the module doc).
/// # Errors
/// [`crate::ErrorKind::Config`] naming `dir` when it, or the parent in the way, is a file.
pub fn check_dir(dir: &Path) -> Result<()> {
    let Some(file) = crate::export::file_in_the_way(dir) else {
        return Ok(());
    };
    let why = if file == dir {
        "the embeddings cache must be a folder, and this is a file".to_string()
    } else {
        format!(
            "the embeddings cache folder cannot be made: {} is a file",
            file.display()
        )
    };
    Err(Error::new(ErrorKind::Config(why)).with_path(dir))
}

impl Cache {
    /// A cache that lives in memory only.
    pub(crate) fn memory() -> Cache {
        Cache {
            vectors: HashMap::new(),
            path: None,
            file: None,
            writing: false,
            damaged_bytes: 0,
            loaded: 0,
            unsaved: None,
        }
    }

    /// Loads the records of the cache file of `model` in `dir`, if there is one. Makes
    /// nothing: the folder and the file are made at the first [`Cache::insert`]. A file that
    /// exists but cannot be read is left alone: the cache starts empty, saves nothing, and
    /// [`Cache::unsaved`] says why.
    /// # Errors
    /// As [`check_dir`]; [`crate::ErrorKind::BadEmbedding`] naming the file when its vectors
    /// have more than one dimension (two models' vectors under one name: which of them a run
    /// would use, or refuse, is not to be left to chance).
    pub(crate) fn open(dir: &Path, model: &str) -> Result<Cache> {
        check_dir(dir)?;
        let path = dir.join(file_name(model));
        let mut cache = Cache::memory();
        match std::fs::read(&path) {
            Ok(bytes) => {
                let (vectors, loaded, damaged_bytes) = parse(&bytes);
                check_one_dimension(&vectors, &path)?;
                cache.vectors = vectors;
                cache.loaded = loaded;
                cache.damaged_bytes = damaged_bytes;
                cache.writing = true;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => cache.writing = true,
            // appending to a file one cannot read could bury its records: leave it alone
            Err(e) => cache.unsaved = Some(format!("{}: cannot be read ({e})", path.display())),
        }
        cache.path = Some(path);
        Ok(cache)
    }

    /// The cache file, when there is one (it may not exist yet: it is made at the first write).
    pub(crate) fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The vector stored for `key`.
    pub(crate) fn get(&self, key: &Key) -> Option<&Vec<f32>> {
        self.vectors.get(key)
    }

    /// The dimension of the vectors held (of one of them; `None` when empty).
    pub(crate) fn dim(&self) -> Option<usize> {
        self.vectors.values().next().map(Vec::len)
    }

    /// Stores vectors (L2-normalized, dimension in 1..=[`MAX_DIM`]) and appends them to the
    /// file in one write, making the folder and the file at the first write. A write that
    /// fails keeps the vectors in memory, stops writing and sets [`Cache::unsaved`].
    pub(crate) fn insert(&mut self, entries: Vec<(Key, Vec<f32>)>) {
        let mut buf = Vec::new();
        if self.writing {
            for (k, v) in &entries {
                encode(&mut buf, k, v);
            }
        }
        for (k, v) in entries {
            self.vectors.insert(k, v);
        }
        if buf.is_empty() {
            return;
        }
        if let Err(e) = self.append(&buf) {
            self.unsaved = Some(e.to_string());
            self.writing = false;
            self.file = None;
        }
    }

    /// Appends `buf` to the file (made with its folder when missing) and syncs it.
    fn append(&mut self, buf: &[u8]) -> Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let f = match &mut self.file {
            Some(f) => f,
            slot @ None => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).at(dir)?;
                }
                let f = OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .at(path)?;
                slot.insert(f)
            }
        };
        f.write_all(buf).at(path)?;
        f.sync_data().at(path)?;
        Ok(())
    }
}

/// Refuses vectors of more than one dimension in one cache file (`path`, for the message):
/// they come from two models served under one name (two processes with different servers
/// appending at once), and no run can tell which of them are the right ones.
fn check_one_dimension(vectors: &HashMap<Key, Vec<f32>>, path: &Path) -> Result<()> {
    let mut dims: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for v in vectors.values() {
        *dims.entry(v.len()).or_default() += 1;
    }
    if dims.len() < 2 {
        return Ok(());
    }
    let list: Vec<String> = dims
        .iter()
        .map(|(d, n)| format!("{n} of dimension {d}"))
        .collect();
    Err(Error::new(ErrorKind::BadEmbedding {
        from: None,
        message: format!(
            "the cache file mixes the vectors of two models served under one model name ({}); delete it or give another --embeddings-cache",
            list.join(", ")
        ),
    })
    .with_path(path))
}

/// The cache file name for `model` (see the module doc).
pub(crate) fn file_name(model: &str) -> String {
    let safe: String = model
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let hash = Sha256::digest(model.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{safe}-{hex}.dvec")
}

/// Appends one record to `buf`.
fn encode(buf: &mut Vec<u8>, key: &Key, v: &[f32]) {
    let start = buf.len();
    buf.extend_from_slice(MAGIC);
    buf.extend_from_slice(&(v.len() as u32).to_le_bytes());
    buf.extend_from_slice(key);
    for x in v {
        buf.extend_from_slice(&x.to_le_bytes());
    }
    let check = Sha256::digest(&buf[start + 4..]);
    buf.extend_from_slice(&check[..8]);
}

/// Reads records from a cache file's bytes: (vectors, records read, bytes skipped).
fn parse(bytes: &[u8]) -> (HashMap<Key, Vec<f32>>, usize, u64) {
    let mut vectors = HashMap::new();
    let (mut pos, mut loaded, mut damaged) = (0usize, 0usize, 0u64);
    while pos < bytes.len() {
        match record_at(bytes, pos) {
            Some((key, v, len)) => {
                vectors.insert(key, v);
                loaded += 1;
                pos += len;
            }
            None => {
                // Resynchronize on the next magic after this position.
                let next = bytes[pos + 1..]
                    .windows(4)
                    .position(|w| w == MAGIC)
                    .map_or(bytes.len(), |i| pos + 1 + i);
                damaged += (next - pos) as u64;
                pos = next;
            }
        }
    }
    (vectors, loaded, damaged)
}

/// The record starting at `pos`, if whole and valid: (key, vector, length in bytes).
fn record_at(bytes: &[u8], pos: usize) -> Option<(Key, Vec<f32>, usize)> {
    let rest = bytes.get(pos..)?;
    if rest.get(..4)? != MAGIC {
        return None;
    }
    let n = u32::from_le_bytes(rest.get(4..8)?.try_into().ok()?) as usize;
    if n == 0 || n > MAX_DIM {
        return None;
    }
    let len = OVERHEAD + 4 * n;
    let rec = rest.get(..len)?;
    let body = &rec[4..len - 8];
    if Sha256::digest(body)[..8] != rec[len - 8..] {
        return None;
    }
    let key: Key = rec[8..40].try_into().ok()?;
    let v = rec[40..len - 8]
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Some((key, v, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(entries: &[(&str, Vec<f32>)]) -> Vec<u8> {
        let mut buf = Vec::new();
        for (t, v) in entries {
            encode(&mut buf, &key(t), v);
        }
        buf
    }

    #[test]
    fn a_file_of_two_dimensions_is_refused_naming_it_whatever_the_order() {
        // which dimension a run took from such a file depended on a hash map's order: the
        // same command failed or not from one run to the next
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(file_name("m"));
        let mut buf = records(&[("a", vec![1.0, 0.0]), ("b", vec![0.0, 1.0])]);
        buf.extend(records(&[("c", vec![1.0, 0.0, 0.0])]));
        std::fs::write(&path, &buf).unwrap();
        for _ in 0..20 {
            let Err(err) = Cache::open(dir.path(), "m") else {
                panic!("a cache of dimensions 2 and 3 was opened");
            };
            let msg = err.to_string();
            assert!(msg.contains(&path.display().to_string()), "{msg}");
            assert!(msg.contains("2 of dimension 2, 1 of dimension 3"), "{msg}");
            assert!(matches!(err.kind(), ErrorKind::BadEmbedding { .. }));
        }
        // a later record of the same string replaces the earlier one: one dimension left
        let mut buf = records(&[("a", vec![1.0, 0.0])]);
        buf.extend(records(&[("a", vec![1.0, 0.0, 0.0])]));
        std::fs::write(&path, &buf).unwrap();
        assert_eq!(Cache::open(dir.path(), "m").unwrap().dim(), Some(3));
    }

    #[test]
    fn record_layout_is_as_documented() {
        let buf = records(&[("a", vec![1.0, 0.0])]);
        assert_eq!(buf.len(), 48 + 8);
        assert_eq!(&buf[..4], b"DVE1");
        assert_eq!(&buf[4..8], &[2, 0, 0, 0]);
        assert_eq!(&buf[8..40], &key("a"));
        assert_eq!(&buf[40..44], &1.0f32.to_le_bytes());
        // SHA-256("a") starts with ca978112.
        assert_eq!(&buf[8..12], &[0xca, 0x97, 0x81, 0x12]);
    }

    #[test]
    fn reads_back_what_it_wrote() {
        let buf = records(&[("a", vec![1.0, 0.0]), ("b", vec![0.6, 0.8])]);
        let (m, loaded, damaged) = parse(&buf);
        assert_eq!((loaded, damaged), (2, 0));
        assert_eq!(m[&key("b")], vec![0.6, 0.8]);
    }

    #[test]
    fn torn_last_record_keeps_earlier_ones() {
        let mut buf = records(&[("a", vec![1.0, 0.0]), ("b", vec![0.6, 0.8])]);
        buf.truncate(buf.len() - 3);
        let (m, loaded, damaged) = parse(&buf);
        assert_eq!(loaded, 1);
        assert_eq!(damaged, 56 - 3);
        assert!(m.contains_key(&key("a")) && !m.contains_key(&key("b")));
    }

    #[test]
    fn damaged_record_in_the_middle_is_skipped() {
        let mut buf = records(&[
            ("a", vec![1.0, 0.0]),
            ("b", vec![0.6, 0.8]),
            ("c", vec![0.0, 1.0]),
        ]);
        buf[56 + 41] ^= 0xff; // a byte of b's vector
        let (m, loaded, damaged) = parse(&buf);
        assert_eq!((loaded, damaged), (2, 56));
        assert!(
            m.contains_key(&key("a")) && m.contains_key(&key("c")) && !m.contains_key(&key("b"))
        );
    }

    #[test]
    fn record_after_a_torn_one_is_found() {
        // A crash tore "b"; a later run appended "c" after the torn bytes.
        let mut buf = records(&[("a", vec![1.0, 0.0]), ("b", vec![0.6, 0.8])]);
        buf.truncate(buf.len() - 10);
        buf.extend(records(&[("c", vec![0.0, 1.0])]));
        let (m, loaded, _) = parse(&buf);
        assert_eq!(loaded, 2);
        assert_eq!(m[&key("c")], vec![0.0, 1.0]);
    }

    #[test]
    fn file_is_appended_and_reopened() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(dir.path(), "m/x").unwrap();
        c.insert(vec![(key("a"), vec![1.0, 0.0])]);
        c.insert(vec![(key("b"), vec![0.0, 1.0])]);
        assert!(c.unsaved.is_none());
        let path = c.path().unwrap().to_path_buf();
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 2 * 56);
        assert!(path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("m_x-"));
        drop(c);
        let c = Cache::open(dir.path(), "m/x").unwrap();
        assert_eq!(c.loaded, 2);
        assert_eq!(c.get(&key("b")), Some(&vec![0.0, 1.0]));
        // Another model, another file.
        assert_eq!(Cache::open(dir.path(), "m_x").unwrap().loaded, 0);
    }

    #[test]
    fn file_names_differ_for_names_that_sanitize_alike() {
        assert_ne!(file_name("a/b"), file_name("a_b"));
        assert!(file_name("@http://127.0.0.1:8000/v1").starts_with("_http___127.0.0.1_8000_v1-"));
    }
}
