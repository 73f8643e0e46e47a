//! The OpenAI embeddings API over blocking HTTP (ureq), with retries.
//!
//! Requests: `GET {base}/models` and `POST {base}/embeddings` with the JSON body
//! `{"model": "...", "input": ["...", ...]}` (`model` left out when unknown); both with
//! `Authorization: Bearer KEY` when a key is given. Answers: `{"data": [{"embedding": [f32...],
//! "index": i}, ...]}`; `index` says which input a vector belongs to (all or none of the items
//! must carry one). Source: the OpenAI API reference, "Embeddings" (create embeddings, the
//! embedding object) and "Models" (list models); the servers named in [`super`] follow it.
//!
//! Retries: a connection error, a timeout, HTTP 429 and HTTP 5xx are tried again after
//! `backoff * 2^k` (k = 0, 1, ...; at most 60 s, or the server's `Retry-After` seconds when
//! longer, up to 60 s). Every other HTTP error fails at once.

use crate::{Error, ErrorKind, Result};
use serde::Deserialize;
use std::time::Duration;

/// Longest wait between two tries.
const MAX_DELAY: Duration = Duration::from_secs(60);
/// Largest answer read, in bytes (1 GiB: far above any sane batch).
const MAX_BODY: u64 = 1 << 30;
/// How much of a server's error answer goes into an error message, in chars.
const SNIPPET: usize = 300;

/// A blocking client for one base URL.
pub(crate) struct Http {
    agent: ureq::Agent,
    /// The base URL without a trailing `/`, a query or a fragment, e.g.
    /// `http://127.0.0.1:8000/v1`.
    pub(crate) base: String,
    /// The base URL's query with its `?` (`?api-version=2024-02-01`), or empty: kept after the
    /// route (`{base}/embeddings{query}`), never put inside the path.
    query: String,
    /// The base URL as given (query included, no fragment) as messages and cache file names
    /// show it: [`super::redact_url`].
    pub(crate) shown: String,
    api_key: Option<String>,
    retries: u32,
    backoff: Duration,
}

/// One failed try: the error to report and whether another try may help.
struct Failure {
    error: Error,
    retry: bool,
    retry_after: Option<Duration>,
}

/// A successful answer: the body, and how many tries failed before it.
struct Answer {
    body: Vec<u8>,
    retries: u32,
}

#[derive(Deserialize)]
struct EmbeddingList {
    data: Vec<EmbeddingItem>,
}

#[derive(Deserialize)]
struct EmbeddingItem {
    embedding: Vec<f32>,
    #[serde(default)]
    index: Option<usize>,
}

#[derive(Deserialize)]
struct ModelList {
    data: Vec<ModelItem>,
}

#[derive(Deserialize)]
struct ModelItem {
    id: String,
}

impl Http {
    /// A client for `base`; `timeout` bounds one whole request (connect, send, answer),
    /// `connect_timeout` the connection alone.
    pub(crate) fn new(
        base: &str,
        api_key: Option<String>,
        timeout: Duration,
        connect_timeout: Duration,
        retries: u32,
        backoff: Duration,
    ) -> Http {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .timeout_connect(Some(connect_timeout))
            // a redirect is reported (naming where it points), not followed: ureq would
            // resend a POST as a GET without its body (301, 302) or fail (307, 308), and
            // would drop the API key
            .max_redirects(0)
            // The library reads no environment variables, so no proxy from HTTP_PROXY.
            .proxy(None)
            .user_agent(concat!("dragoman/", env!("CARGO_PKG_VERSION")))
            .build();
        // a fragment is never sent; a query stays after the route
        let base = base.split_once('#').map_or(base, |(b, _)| b);
        let (path, query) = match base.split_once('?') {
            Some((p, q)) => (p, format!("?{q}")),
            None => (base, String::new()),
        };
        let path = path.trim_end_matches('/');
        Http {
            agent: config.into(),
            base: path.to_string(),
            shown: super::redact_url(&format!("{path}{query}")).into_owned(),
            query,
            api_key: api_key.filter(|k| !k.is_empty()),
            retries,
            backoff,
        }
    }

    /// The models the server lists at `GET {base}/models`, in its order; `None` when the server
    /// has no such route (404, 405). `retry`: try again after a connection error, a timeout,
    /// 429 or 5xx as for embeddings (else one try).
    /// # Errors
    /// [`ErrorKind::EmbedServer`] when the server cannot be reached or answers another error;
    /// [`ErrorKind::BadEmbedding`] when the list is not JSON.
    pub(crate) fn models(&self, retry: bool) -> Result<Option<Vec<String>>> {
        let (url, shown) = self.route("models");
        let answer = self.with_retries(
            &shown,
            || {
                let mut req = self.agent.get(&url).header("Accept", "application/json");
                if let Some(k) = &self.api_key {
                    req = req.header("Authorization", format!("Bearer {k}"));
                }
                req.call()
            },
            &[404, 405],
            if retry { self.retries } else { 0 },
        );
        let answer = match answer {
            Ok(Some(a)) => a,
            Ok(None) => return Ok(None),
            Err(e) => return Err(e),
        };
        let list: ModelList = serde_json::from_slice(&answer.body).map_err(|e| {
            Error::new(ErrorKind::BadEmbedding {
                from: Some(shown.clone()),
                message: format!("the model list is not JSON of the form {{\"data\": [{{\"id\": ...}}]}} ({e}); it starts with: {}", snippet(&answer.body)),
            })
        })?;
        Ok(Some(list.data.into_iter().map(|m| m.id).collect()))
    }

    /// Embeds `input` with one request (plus retries). Returns the vectors in input order, as
    /// the server sent them (not normalized, not checked for finiteness), and the number of
    /// failed tries.
    /// # Errors
    /// [`ErrorKind::EmbedServer`] when every try failed; [`ErrorKind::BadEmbedding`] when the
    /// answer is not embeddings JSON or holds another number of vectors than `input.len()`.
    pub(crate) fn embeddings(
        &self,
        model: Option<&str>,
        input: &[String],
    ) -> Result<(Vec<Vec<f32>>, u32)> {
        let (url, shown) = self.route("embeddings");
        let body = match model {
            Some(m) => serde_json::json!({ "model": m, "input": input }),
            None => serde_json::json!({ "input": input }),
        };
        let body = serde_json::to_vec(&body).map_err(|e| {
            Error::new(ErrorKind::Config(format!("cannot encode the request: {e}")))
        })?;
        let answer = self.with_retries(
            &shown,
            || {
                let mut req = self
                    .agent
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json");
                if let Some(k) = &self.api_key {
                    req = req.header("Authorization", format!("Bearer {k}"));
                }
                req.send(&body[..])
            },
            &[],
            self.retries,
        )
        .map_err(|mut e| {
            // a request the server refuses (400, 413, 422: too long, bad characters) is named by
            // its strings, so the sentence can be found
            if let ErrorKind::EmbedServer {
                status: Some(status),
                message,
                ..
            } = e.kind_mut()
            {
                // the whole endpoint given as the base URL, a common slip
                if matches!(status, 404 | 405) {
                    if let Some(base) = self.base.strip_suffix("/embeddings") {
                        message.push_str(&format!(
                            " (--embeddings ends with /embeddings, which dragoman adds itself: give {})",
                            super::redact_url(base)
                        ));
                    }
                }
                if (400..500).contains(status) && status_hint(*status, false, "").is_none() {
                    message.push_str(&format!(
                        " (for a batch of {} strings, the first {:?}; a smaller --embeddings-batch may pass, and --embeddings-batch 1 names the string refused)",
                        input.len(),
                        super::short(input.first().map_or("", String::as_str))
                    ));
                }
            }
            e
        })?;
        let Some(answer) = answer else {
            return Err(Error::new(ErrorKind::EmbedServer {
                url: shown,
                status: None,
                message: "no answer".into(),
            }));
        };
        let bad = |message: String| {
            Error::new(ErrorKind::BadEmbedding {
                from: Some(shown.clone()),
                message,
            })
        };
        let list: EmbeddingList = serde_json::from_slice(&answer.body).map_err(|e| {
            // Python servers write NaN and Infinity, which JSON has not: say so where it helps
            let body = String::from_utf8_lossy(&answer.body);
            let non_finite = ["NaN", "Infinity"].iter().any(|w| body.contains(w));
            let note = if non_finite {
                "; NaN and Infinity are not JSON"
            } else {
                ""
            };
            bad(format!(
                "the answer is not embeddings JSON ({e}{note}); it starts with: {}",
                snippet(&answer.body)
            ))
        })?;
        if list.data.len() != input.len() {
            return Err(bad(format!(
                "asked for {} vectors, got {}",
                input.len(),
                list.data.len()
            )));
        }
        let with_index = list.data.iter().filter(|d| d.index.is_some()).count();
        let vectors = if with_index == 0 {
            list.data.into_iter().map(|d| d.embedding).collect()
        } else if with_index == list.data.len() {
            let mut slots: Vec<Option<Vec<f32>>> = vec![None; input.len()];
            for d in list.data {
                let i = d.index.unwrap_or(usize::MAX);
                match slots.get_mut(i) {
                    Some(slot @ None) => *slot = Some(d.embedding),
                    Some(Some(_)) => return Err(bad(format!("index {i} appears twice"))),
                    None => {
                        return Err(bad(format!(
                            "index {i} is out of range for {} inputs",
                            input.len()
                        )))
                    }
                }
            }
            // Every slot is filled: n distinct indexes in 0..n.
            slots.into_iter().flatten().collect()
        } else {
            return Err(bad("some vectors carry an index and others do not".into()));
        };
        Ok((vectors, answer.retries))
    }

    /// The URL of `route` (`models`, `embeddings`) under the base URL, and the same as
    /// messages show it (without a password): `{base}/{route}{query}`.
    pub(crate) fn route(&self, route: &str) -> (String, String) {
        let url = format!("{}/{route}{}", self.base, self.query);
        let shown = super::redact_url(&url).into_owned();
        (url, shown)
    }

    /// Runs `send` until it succeeds, fails for good, or `retries` retries are spent. A status
    /// in `absent` gives `Ok(None)`. `url` is only for error messages (shown, without a password).
    fn with_retries(
        &self,
        url: &str,
        send: impl Fn() -> std::result::Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        absent: &[u16],
        retries: u32,
    ) -> Result<Option<Answer>> {
        let mut failed = 0u32;
        loop {
            let failure = match send() {
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    let retry_after = resp
                        .headers()
                        .get("Retry-After")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    let location = resp
                        .headers()
                        .get("Location")
                        .and_then(|v| v.to_str().ok())
                        .map(|v| super::redact_url(v).into_owned())
                        .unwrap_or_default();
                    let body = resp.body_mut().with_config().limit(MAX_BODY).read_to_vec();
                    match body {
                        Ok(body) if (200..300).contains(&status) => {
                            return Ok(Some(Answer {
                                body,
                                retries: failed,
                            }))
                        }
                        Ok(_) if absent.contains(&status) => return Ok(None),
                        Ok(body) => Failure {
                            error: Error::new(ErrorKind::EmbedServer {
                                url: url.to_string(),
                                status: Some(status),
                                message: format!(
                                    "HTTP {status}: {}{}",
                                    snippet(&body),
                                    status_hint(status, self.api_key.is_some(), &location)
                                        .map_or(String::new(), |h| format!(" ({h})"))
                                ),
                            }),
                            retry: status == 429 || status >= 500,
                            retry_after,
                        },
                        Err(e) => transport_failure(url, e),
                    }
                }
                Err(e) => transport_failure(url, e),
            };
            if !failure.retry || failed >= retries {
                return Err(add_tries(failure.error, failed + 1));
            }
            let mut delay = self
                .backoff
                .saturating_mul(1u32 << failed.min(16))
                .min(MAX_DELAY);
            if let Some(ra) = failure.retry_after {
                delay = delay.max(ra.min(MAX_DELAY));
            }
            std::thread::sleep(delay);
            failed += 1;
        }
    }
}

/// What an HTTP error status most likely means for the user, when it is not about the strings
/// sent: a redirect (`location`: where it points), a refused or missing API key (`has_key`:
/// whether one was sent), a route that is not there. `None` for other statuses (400, 413, 422:
/// a string the server refuses; 429 and 5xx, which are retried).
fn status_hint(status: u16, has_key: bool, location: &str) -> Option<String> {
    match status {
        300..=399 => Some(format!(
            "the server redirects to {}; dragoman follows no redirect: give --embeddings the base URL there (requests go to URL/embeddings and URL/models)",
            if location.is_empty() { "an address it does not name" } else { location }
        )),
        401 | 403 if has_key => Some(
            "the server refuses the API key sent: check the variable --embeddings-key-env names (default OPENAI_API_KEY)".into(),
        ),
        401 | 403 => Some(
            "no API key was sent: put it in $OPENAI_API_KEY, or in another variable named with --embeddings-key-env".into(),
        ),
        404 | 405 => Some(
            "no such route or model: --embeddings wants the API's base URL, e.g. http://127.0.0.1:8000/v1, to which dragoman adds /embeddings and /models; and --embeddings-model, if given, must be a model the server has".into(),
        ),
        _ => None,
    }
}

/// A failure before or while reading an answer. Connection errors and timeouts may pass.
fn transport_failure(url: &str, e: ureq::Error) -> Failure {
    let retry = matches!(
        e,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::Protocol(_)
            | ureq::Error::HostNotFound
    );
    let hint = match &e {
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "; is the server running?"
        }
        ureq::Error::Timeout(_) => "; a slow server may need a longer timeout or a smaller batch",
        _ => "",
    };
    Failure {
        error: Error::new(ErrorKind::EmbedServer {
            url: url.to_string(),
            status: None,
            message: format!("{e}{hint}"),
        }),
        retry,
        retry_after: None,
    }
}

/// Says in the message how many tries were made, when more than one.
fn add_tries(mut e: Error, tries: u32) -> Error {
    if tries > 1 {
        if let ErrorKind::EmbedServer { message, .. } = e.kind_mut() {
            message.push_str(&format!(" (after {tries} tries)"));
        }
    }
    e
}

/// The start of an answer, as text on one line, for error messages.
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut s: String = text
        .chars()
        .take(SNIPPET)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(SNIPPET).is_some() {
        s.push_str("...");
    }
    if s.trim().is_empty() {
        s = "(empty)".into();
    }
    s
}
