//! A tiny embeddings server on 127.0.0.1 for tests, speaking the OpenAI API as dragoman's
//! client expects it (`src/embed/http.rs`). Shared by the client's unit tests
//! (`src/embed/tests.rs`) and the integration tests (`tests/integration/embed.rs`), which
//! include this file with `#[path]`.
//!
//! The mock answers `GET /v1/models` with one model (`mock-e5`) unless told otherwise
//! ([`Models`]), and `POST /v1/embeddings` with the vectors of [`fake`] (or whatever a test's
//! handler says). It records every request and how many were in flight at once; it stops when
//! dropped.

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One request as the mock saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Value,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn inputs(&self) -> Vec<String> {
        self.body["input"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// An answer: status, extra headers, body.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    pub fn json(v: Value) -> Reply {
        Reply {
            status: 200,
            headers: vec![],
            body: v.to_string(),
        }
    }
    pub fn status(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![],
            body: body.to_string(),
        }
    }
}

/// Handler for `POST /v1/embeddings`: the request and its number among such requests (from 0).
pub type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

pub struct Mock {
    pub port: u16,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub max_in_flight: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

/// What `GET /v1/models` answers.
#[derive(Clone, Debug)]
pub enum Models {
    /// These model ids.
    List(Vec<String>),
    /// HTTP 404: the server has no such route.
    Missing,
    /// HTTP 500.
    Failing,
}

impl Mock {
    /// A server whose `/v1/models` lists `mock-e5` and whose `/v1/embeddings` runs `handler`.
    pub fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Mock {
        Mock::start_with_models(true, handler)
    }

    /// [`Mock::start`], or without a `/v1/models` route (404) when `models` is false.
    pub fn start_with_models(
        models: bool,
        handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Mock {
        let models = if models {
            Models::List(vec!["mock-e5".into()])
        } else {
            Models::Missing
        };
        Mock::start_with(models, handler)
    }

    /// A server whose `/v1/models` answers as `models` says and whose `/v1/embeddings` runs
    /// `handler`.
    pub fn start_with(
        models: Models,
        handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static,
    ) -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (seen2, max2, stop2) = (seen.clone(), max_in_flight.clone(), stop.clone());
        let in_flight = Arc::new(AtomicUsize::new(0));
        let posts = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (seen, max, handler, in_flight, posts, models) = (
                    seen2.clone(),
                    max2.clone(),
                    handler.clone(),
                    in_flight.clone(),
                    posts.clone(),
                    models.clone(),
                );
                std::thread::spawn(move || {
                    // counted while the handler runs, not while the response is written: the
                    // client may read the response and open its next connection before this
                    // thread winds down, which is no overlap
                    let counted = move |r: &Seen, n: usize| {
                        let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                        max.fetch_max(now, Ordering::SeqCst);
                        let out = handler(r, n);
                        in_flight.fetch_sub(1, Ordering::SeqCst);
                        out
                    };
                    serve(conn, &models, &seen, &counted, &posts);
                });
            }
        });
        Mock {
            port,
            seen,
            max_in_flight,
            stop,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/v1", self.port)
    }

    pub fn posts(&self) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.method == "POST")
            .cloned()
            .collect()
    }

    pub fn gets(&self) -> usize {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.method == "GET")
            .count()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Reads one request, answers it, closes the connection.
fn serve(
    conn: TcpStream,
    models: &Models,
    seen: &Mutex<Vec<Seen>>,
    handler: &Handler,
    posts: &AtomicUsize,
) {
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    reader.read_exact(&mut body).unwrap();
    let req = Seen {
        method: method.clone(),
        path: path.clone(),
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    seen.lock().unwrap().push(req.clone());
    // routes match without the query, which `seen` keeps
    let route = path.split_once('?').map_or(path.as_str(), |(r, _)| r);
    let reply = match (method.as_str(), route) {
        ("GET", "/v1/models") => match models {
            Models::List(ids) => {
                let data: Vec<Value> = ids
                    .iter()
                    .map(|id| json!({"id": id, "object": "model"}))
                    .collect();
                Reply::json(json!({"object": "list", "data": data}))
            }
            Models::Missing => Reply::status(404, r#"{"error": "unknown route"}"#),
            Models::Failing => Reply::status(500, r#"{"error": "internal"}"#),
        },
        ("GET", _) => Reply::status(404, r#"{"error": "unknown route"}"#),
        ("POST", "/v1/embeddings") => handler(&req, posts.fetch_add(1, Ordering::SeqCst)),
        _ => Reply::status(404, "no"),
    };
    let mut out = conn;
    let mut head = format!("HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n", reply.status, reply.body.len());
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(reply.body.as_bytes());
    let _ = out.flush();
}

/// A made-up 4-dimensional vector for a text: distinct for the texts used here, never normalized.
pub fn fake(text: &str) -> Vec<f32> {
    let b = text.as_bytes();
    vec![
        1.0,
        b.len() as f32,
        f32::from(b.first().copied().unwrap_or(0)),
        f32::from(b.last().copied().unwrap_or(0)) / 2.0,
    ]
}

/// The OpenAI answer for a request, with `fake` vectors and indexes.
pub fn answer(req: &Seen) -> Reply {
    let data: Vec<Value> = req
        .inputs()
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": fake(t)}))
        .collect();
    Reply::json(json!({"object": "list", "data": data, "model": "mock-e5"}))
}
