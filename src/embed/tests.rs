//! Tests of the embeddings client against a tiny in-process HTTP server on 127.0.0.1.
//!
//! The mock answers `GET /v1/models` with one model (`mock-e5`) unless told otherwise, and
//! `POST /v1/embeddings` with the vectors of [`fake`] (or whatever a test's handler says). It
//! records every request and how many were in flight at once.

use super::*;
use serde_json::{json, Value};
use std::net::TcpListener;

#[path = "../../tests/integration/mock_server.rs"]
mod mock_server;
use mock_server::{answer, fake, Mock, Models, Reply};

fn normalized(mut v: Vec<f32>) -> Vec<f32> {
    l2_normalize(&mut v).unwrap();
    v
}

fn config(mock: &Mock) -> EmbedConfig {
    let mut c = EmbedConfig::new(mock.url());
    c.backoff = Duration::from_millis(1);
    c
}

fn assert_close(a: &[f32], b: &[f32]) {
    assert_eq!(a.len(), b.len(), "{a:?} vs {b:?}");
    for (x, y) in a.iter().zip(b) {
        assert!((x - y).abs() < 1e-6, "{a:?} vs {b:?}");
    }
}

#[test]
fn embeds_in_input_order_with_unit_length() {
    let mock = Mock::start(|r, _| answer(r));
    let client = EmbeddingClient::new(config(&mock));
    let texts = [
        "The talks lasted 3 hours.",
        "گفت‌وگوها ۳ ساعت طول کشید.",
        "x",
    ];
    let v = client.embed(&texts).unwrap();
    assert_eq!(v.len(), 3);
    for (t, got) in texts.iter().zip(&v) {
        assert_close(got, &normalized(fake(t)));
        let norm: f32 = got.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-6, "norm {norm}");
    }
    let posts = mock.posts();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/v1/embeddings");
    assert_eq!(
        posts[0].body["model"], "mock-e5",
        "model from GET /v1/models"
    );
    assert_eq!(posts[0].inputs(), texts.to_vec());
    assert_eq!(posts[0].header("Authorization"), None);
    let s = client.stats();
    assert_eq!(
        (s.requested, s.sent, s.cache_hits, s.repeats, s.dim),
        (3, 3, 0, 0, Some(4))
    );
    assert_eq!(s.model.as_deref(), Some("mock-e5"));
    assert_eq!(s.requests, 2, "one GET /models, one POST");
}

#[test]
fn orders_vectors_by_their_index() {
    let mock = Mock::start(|r, _| {
        let mut data: Vec<Value> = r
            .inputs()
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"index": i, "embedding": fake(t)}))
            .collect();
        data.reverse();
        Reply::json(json!({ "data": data }))
    });
    let v = EmbeddingClient::new(config(&mock))
        .embed(&["aa", "b", "cccc"])
        .unwrap();
    assert_close(&v[0], &normalized(fake("aa")));
    assert_close(&v[2], &normalized(fake("cccc")));
}

#[test]
fn sends_batches_of_the_configured_size() {
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.batch_size = 2;
    let client = EmbeddingClient::new(cfg);
    let texts = ["a1", "b22", "c333", "d4444", "e55555"];
    let v = client.embed(&texts).unwrap();
    assert_close(&v[4], &normalized(fake("e55555")));
    let mut sizes: Vec<usize> = mock.posts().iter().map(|p| p.inputs().len()).collect();
    sizes.sort();
    assert_eq!(sizes, vec![1, 2, 2]);
    let mut all: Vec<String> = mock.posts().iter().flat_map(|p| p.inputs()).collect();
    all.sort();
    assert_eq!(all, texts.to_vec());
}

#[test]
fn keeps_at_most_max_in_flight_requests() {
    for max in [1usize, 2] {
        let mock = Mock::start(|r, _| {
            std::thread::sleep(Duration::from_millis(150));
            answer(r)
        });
        let mut cfg = config(&mock);
        cfg.model = Some("mock-e5".into());
        cfg.batch_size = 1;
        cfg.max_in_flight = max;
        let texts = ["a", "b", "c", "d", "e", "f"];
        EmbeddingClient::new(cfg).embed(&texts).unwrap();
        assert_eq!(mock.posts().len(), 6);
        assert_eq!(mock.max_in_flight.load(Ordering::SeqCst), max);
    }
}

#[test]
fn parallel_calls_share_the_in_flight_bound() {
    let mock = Mock::start(|r, _| {
        std::thread::sleep(Duration::from_millis(100));
        answer(r)
    });
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.batch_size = 1;
    cfg.max_in_flight = 2;
    let client = EmbeddingClient::new(cfg);
    std::thread::scope(|s| {
        for call in 0..3 {
            let client = &client;
            s.spawn(move || {
                let texts: Vec<String> = (0..3).map(|i| format!("call {call} text {i}")).collect();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let v = client.embed(&refs).unwrap();
                assert_close(&v[2], &normalized(fake(&texts[2])));
            });
        }
    });
    assert_eq!(mock.posts().len(), 9);
    assert_eq!(mock.max_in_flight.load(Ordering::SeqCst), 2);
    assert_eq!(client.stats().sent, 9);
}

#[test]
fn sends_a_repeated_string_once() {
    let mock = Mock::start(|r, _| answer(r));
    let client = EmbeddingClient::new(config(&mock));
    let v = client.embed(&["same", "other", "same"]).unwrap();
    assert_eq!(v[0], v[2]);
    assert_eq!(mock.posts()[0].inputs(), vec!["same", "other"]);
    let s = client.stats();
    assert_eq!((s.requested, s.sent, s.repeats, s.cache_hits), (3, 2, 1, 0));
    // A second call in the same run finds both in memory.
    client.embed(&["other"]).unwrap();
    assert_eq!(mock.posts().len(), 1);
    assert_eq!(client.stats().cache_hits, 1);
}

#[test]
fn rerun_with_a_disk_cache_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let models = Models::List(vec!["mock-e5".into(), "other-model".into()]);
    let mock = Mock::start_with(models, |r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(dir.path().to_path_buf());
    let texts = ["one", "two", "three"];
    let first = EmbeddingClient::new(cfg.clone()).embed(&texts).unwrap();
    assert_eq!(mock.posts().len(), 1);
    let again = EmbeddingClient::new(cfg.clone());
    let second = again.embed(&texts).unwrap();
    assert_eq!(first, second);
    assert_eq!(mock.posts().len(), 1, "nothing sent on the rerun");
    assert_eq!(
        mock.gets(),
        1,
        "the model given was checked before the first run sent; the rerun asks nothing"
    );
    let s = again.stats();
    assert_eq!(
        (
            s.requested,
            s.sent,
            s.cache_hits,
            s.cache_loaded,
            s.requests
        ),
        (3, 0, 3, 3, 0)
    );
    assert!(again.cache_path().unwrap().starts_with(dir.path()));
    // A new string is sent alone.
    again.embed(&["one", "four"]).unwrap();
    assert_eq!(mock.posts()[1].inputs(), vec!["four"]);
    // Another model name has its own file: everything is sent again.
    cfg.model = Some("other-model".into());
    EmbeddingClient::new(cfg).embed(&texts).unwrap();
    assert_eq!(mock.posts().len(), 3);
}

#[test]
fn stats_give_the_dimension_of_vectors_from_the_cache() {
    // `dragoman embed` prints `dimension: -` when the stats hold none: a run whose vectors
    // came (partly or wholly) from a cache file has a dimension all the same
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.cache_dir = Some(dir.path().to_path_buf());
    EmbeddingClient::new(cfg.clone()).embed(&["one"]).unwrap();
    let all_cached = EmbeddingClient::new(cfg.clone());
    all_cached.embed(&["one"]).unwrap();
    assert_eq!(
        all_cached.stats().dim,
        Some(4),
        "every vector from the cache"
    );
    let some_sent = EmbeddingClient::new(cfg);
    some_sent.embed(&["one", "two"]).unwrap();
    assert_eq!(some_sent.stats().sent, 1);
    assert_eq!(
        some_sent.stats().dim,
        Some(4),
        "one from the cache, one sent"
    );
}

#[test]
fn prefix_is_sent_and_is_part_of_the_cache_key() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.cache_dir = Some(dir.path().to_path_buf());
    cfg.prefix = "query: ".into();
    let v = EmbeddingClient::new(cfg.clone()).embed(&["hello"]).unwrap();
    assert_eq!(mock.posts()[0].inputs(), vec!["query: hello"]);
    assert_close(&v[0], &normalized(fake("query: hello")));
    cfg.prefix = String::new();
    EmbeddingClient::new(cfg).embed(&["hello"]).unwrap();
    assert_eq!(mock.posts()[1].inputs(), vec!["hello"]);
}

#[test]
fn sends_the_api_key_as_bearer_token() {
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.api_key = Some("sk-test".into());
    EmbeddingClient::new(cfg).embed(&["a"]).unwrap();
    let seen = mock.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for req in &seen {
        assert_eq!(
            req.header("Authorization"),
            Some("Bearer sk-test"),
            "{} {}",
            req.method,
            req.path
        );
    }
}

#[test]
fn no_model_list_sends_no_model_field() {
    let mock = Mock::start_with_models(false, |r, _| answer(r));
    let client = EmbeddingClient::new(config(&mock));
    client.embed(&["a"]).unwrap();
    assert!(
        mock.posts()[0].body.get("model").is_none(),
        "{:?}",
        mock.posts()[0].body
    );
    assert_eq!(client.stats().model, Some(format!("@{}", mock.url())));
}

#[test]
fn retries_server_errors_then_succeeds() {
    let mock = Mock::start(|r, n| {
        if n < 2 {
            Reply::status(500, "overloaded")
        } else {
            answer(r)
        }
    });
    let client = EmbeddingClient::new(config(&mock));
    let v = client.embed(&["a", "bb"]).unwrap();
    assert_close(&v[1], &normalized(fake("bb")));
    assert_eq!(mock.posts().len(), 3);
    let s = client.stats();
    assert_eq!((s.retries, s.sent), (2, 2));
}

#[test]
fn retries_429_and_waits_for_retry_after() {
    let mock = Mock::start(|r, n| {
        if n == 0 {
            Reply {
                status: 429,
                headers: vec![("Retry-After", "1".into())],
                body: "slow down".into(),
            }
        } else {
            answer(r)
        }
    });
    let start = Instant::now();
    EmbeddingClient::new(config(&mock)).embed(&["a"]).unwrap();
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        start.elapsed()
    );
    assert_eq!(mock.posts().len(), 2);
}

#[test]
fn gives_up_after_the_retries_with_the_status_and_url() {
    let mock = Mock::start(|_, _| Reply::status(503, r#"{"error": "model loading"}"#));
    let mut cfg = config(&mock);
    cfg.retries = 2;
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    match err.kind() {
        ErrorKind::EmbedServer {
            url,
            status,
            message,
        } => {
            assert_eq!(url, &format!("{}/embeddings", mock.url()));
            assert_eq!(*status, Some(503));
            assert!(
                message.contains("model loading") && message.contains("after 3 tries"),
                "{message}"
            );
        }
        k => panic!("wrong kind {k:?}"),
    }
    assert_eq!(mock.posts().len(), 3);
    assert!(
        err.to_string().starts_with(&format!(
            "embeddings server http://127.0.0.1:{}/v1/embeddings: HTTP 503",
            mock.port
        )),
        "{err}"
    );
}

#[test]
fn client_error_is_not_retried() {
    let mock = Mock::start(|_, _| Reply::status(400, r#"{"error": "input too long"}"#));
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a sentence the server refuses"])
        .unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::EmbedServer {
                status: Some(400),
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(mock.posts().len(), 1);
    // the refused batch is named by its first string, so the sentence can be found
    let msg = err.to_string();
    assert!(
        msg.contains("input too long")
            && msg.contains("a batch of 1 strings, the first \"a sentence the server refuses\""),
        "{msg}"
    );
    // and a JSON error says nothing of NaN when the answer holds none
    let mock = Mock::start(|_, _| Reply::json(json!({"error": "busy"})));
    let msg = EmbeddingClient::new(config(&mock))
        .embed(&["a"])
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("missing field") && !msg.contains("NaN"),
        "{msg}"
    );
}

#[test]
fn connection_refused_is_an_error_naming_the_url() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut cfg = EmbedConfig::new(format!("http://127.0.0.1:{port}/v1"));
    cfg.model = Some("mock-e5".into());
    cfg.retries = 1;
    cfg.backoff = Duration::from_millis(1);
    let client = EmbeddingClient::new(cfg);
    let err = client.embed(&["a"]).unwrap_err();
    match err.kind() {
        ErrorKind::EmbedServer {
            url,
            status: None,
            message,
        } => {
            assert_eq!(url, &format!("http://127.0.0.1:{port}/v1/embeddings"));
            assert!(
                message.contains("is the server running?") && message.contains("after 2 tries"),
                "{message}"
            );
        }
        k => panic!("wrong kind {k:?}"),
    }
    // Without a model name the model list is asked first, and that fails the same way.
    let mut cfg = EmbedConfig::new(format!("http://127.0.0.1:{port}/v1"));
    cfg.retries = 0;
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("127.0.0.1:{port}/v1/models")),
        "{err}"
    );
}

#[test]
fn redirect_is_reported_naming_where_it_points_and_not_followed() {
    // followed, a 307 would send the POST again and a 301 would turn it into a GET without
    // its body (and the API key would be dropped); the error names the new address instead
    for status in [301u16, 307] {
        let mock = Mock::start(move |_, _| Reply {
            status,
            headers: vec![("Location", "https://elsewhere.example/v1/embeddings".into())],
            body: String::new(),
        });
        let mut cfg = config(&mock);
        cfg.model = Some("mock-e5".into());
        cfg.retries = 0;
        let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(&format!("HTTP {status}"))
                && msg.contains("redirects to https://elsewhere.example/v1/embeddings"),
            "{msg}"
        );
        assert!(!msg.contains("redirect failed"), "{msg}");
        assert_eq!(mock.posts().len(), 1, "{status}: one POST, not followed");
    }
    // the model list too
    let mock = Mock::start(|r, _| answer(r));
    let target = mock.url();
    let moved = Mock::start_with(Models::Missing, move |_, _| Reply {
        status: 308,
        headers: vec![("Location", format!("{target}/embeddings"))],
        body: String::new(),
    });
    let mut cfg = config(&moved);
    cfg.model = Some("mock-e5".into());
    cfg.retries = 0;
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    assert!(err.to_string().contains("redirects to"), "{err}");
    assert!(
        mock.posts().is_empty(),
        "nothing sent where the redirect points"
    );
}

#[test]
fn refused_key_and_missing_route_say_what_to_check_not_which_string() {
    let mock = Mock::start(|_, _| Reply::status(401, r#"{"error": "invalid api key"}"#));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.retries = 0;
    let err = EmbeddingClient::new(cfg.clone()).embed(&["a"]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("HTTP 401") && msg.contains("no API key was sent"),
        "{msg}"
    );
    assert!(msg.contains("OPENAI_API_KEY"), "{msg}");
    assert!(
        !msg.contains("--embeddings-batch 1"),
        "not about a string: {msg}"
    );
    cfg.api_key = Some("sk-wrong".into());
    let msg = EmbeddingClient::new(cfg)
        .embed(&["a"])
        .unwrap_err()
        .to_string();
    assert!(msg.contains("refuses the API key sent"), "{msg}");
    assert!(!msg.contains("sk-wrong"), "the key is never shown: {msg}");
    // the endpoint given as the base URL: /v1/embeddings/embeddings is not there
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = EmbedConfig::new(format!("{}/embeddings", mock.url()));
    cfg.model = Some("mock-e5".into());
    cfg.retries = 0;
    let msg = EmbeddingClient::new(cfg)
        .embed(&["a"])
        .unwrap_err()
        .to_string();
    assert!(msg.contains("HTTP 404"), "{msg}");
    assert!(
        msg.contains(&format!(
            "ends with /embeddings, which dragoman adds itself: give {}",
            mock.url()
        )),
        "{msg}"
    );
    // a string the server refuses is still named
    let mock = Mock::start(|_, _| Reply::status(413, "too long"));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    let msg = EmbeddingClient::new(cfg)
        .embed(&["a", "b"])
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("the first \"a\"") && msg.contains("--embeddings-batch 1"),
        "{msg}"
    );
    // 413 may be the batch's size, not one string
    assert!(
        msg.contains("a smaller --embeddings-batch may pass"),
        "{msg}"
    );
}

#[test]
fn a_query_in_the_base_url_stays_after_the_route() {
    // e.g. Azure's `?api-version=...`: the route goes into the path, not after the query
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = EmbedConfig::new(format!("{}/?api-version=2024-02-01#part", mock.url()));
    cfg.backoff = Duration::from_millis(1);
    let client = EmbeddingClient::new(cfg);
    client.embed(&["a"]).unwrap();
    assert_eq!(client.stats().model.as_deref(), Some("mock-e5"));
    let posts = mock.posts();
    assert_eq!(posts[0].path, "/v1/embeddings?api-version=2024-02-01");
    let gets: Vec<String> = mock
        .seen
        .lock()
        .unwrap()
        .iter()
        .filter(|s| s.method == "GET")
        .map(|s| s.path.clone())
        .collect();
    assert_eq!(gets, vec!["/v1/models?api-version=2024-02-01".to_string()]);
}

#[test]
fn strings_asked_for_are_counted_when_the_server_fails() {
    // `run --embeddings-optional` prints the stats after a failure: "0 strings for 72
    // sentences" said that nothing was asked
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    for model in [None, Some("m".to_string())] {
        let mut cfg = EmbedConfig::new(format!("http://127.0.0.1:{port}/v1"));
        cfg.retries = 0;
        cfg.model = model;
        let client = EmbeddingClient::new(cfg);
        assert!(client.embed(&["a", "b", "c"]).is_err());
        let s = client.stats();
        assert_eq!((s.requested, s.sent, s.cache_hits), (3, 0, 0));
    }
}

#[test]
fn timeout_is_an_error() {
    let mock = Mock::start(|r, _| {
        std::thread::sleep(Duration::from_millis(1500));
        answer(r)
    });
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.timeout = Duration::from_millis(300);
    cfg.retries = 0;
    let start = Instant::now();
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    assert!(
        start.elapsed() < Duration::from_millis(1400),
        "took {:?}",
        start.elapsed()
    );
    assert!(
        matches!(err.kind(), ErrorKind::EmbedServer { status: None, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("longer timeout"), "{err}");
}

#[test]
fn wrong_dimension_is_an_error() {
    let mock = Mock::start(|r, n| {
        let t = &r.inputs()[0];
        let v = if n == 0 {
            fake(t)
        } else {
            fake(t)[..3].to_vec()
        };
        Reply::json(json!({"data": [{"index": 0, "embedding": v}]}))
    });
    let mut cfg = config(&mock);
    cfg.batch_size = 1;
    cfg.max_in_flight = 1;
    let err = EmbeddingClient::new(cfg).embed(&["a", "b"]).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::BadEmbedding { .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("has dimension 3, expected 4"),
        "{err}"
    );
    assert!(err.to_string().contains(&mock.url()), "{err}");
}

#[test]
fn configured_dimension_is_enforced() {
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.dim = Some(384);
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    assert!(
        err.to_string().contains("has dimension 4, expected 384"),
        "{err}"
    );
}

#[test]
fn nan_in_the_answer_is_an_error() {
    // Python's json module writes NaN as a bare token, which is not JSON.
    let mock = Mock::start(|_, _| Reply {
        status: 200,
        headers: vec![],
        body: r#"{"data": [{"index": 0, "embedding": [0.1, NaN]}]}"#.into(),
    });
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a"])
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::BadEmbedding { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("not embeddings JSON"), "{err}");
}

#[test]
fn overflowing_component_is_an_error() {
    let mock = Mock::start(|_, _| Reply {
        status: 200,
        headers: vec![],
        body: r#"{"data": [{"embedding": [0.1, 1e39]}]}"#.into(),
    });
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a"])
        .unwrap_err();
    assert!(err.to_string().contains("component 1 is inf"), "{err}");
}

#[test]
fn all_zero_vector_is_an_error() {
    let mock = Mock::start(|_, _| Reply::json(json!({"data": [{"embedding": [0.0, 0.0]}]})));
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a"])
        .unwrap_err();
    assert!(err.to_string().contains("all components are zero"), "{err}");
}

#[test]
fn wrong_number_of_vectors_is_an_error() {
    let mock =
        Mock::start(|_, _| Reply::json(json!({"data": [{"index": 0, "embedding": [1.0, 0.0]}]})));
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a", "b"])
        .unwrap_err();
    assert!(
        err.to_string().contains("asked for 2 vectors, got 1"),
        "{err}"
    );
}

#[test]
fn repeated_index_is_an_error() {
    let mock = Mock::start(|_, _| {
        Reply::json(
            json!({"data": [{"index": 0, "embedding": [1.0]}, {"index": 0, "embedding": [1.0]}]}),
        )
    });
    let err = EmbeddingClient::new(config(&mock))
        .embed(&["a", "b"])
        .unwrap_err();
    assert!(err.to_string().contains("index 0 appears twice"), "{err}");
}

#[test]
fn failed_batch_keeps_the_good_batches_in_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(|r, _| {
        if r.inputs()[0] == "bad" {
            Reply::status(400, "no")
        } else {
            answer(r)
        }
    });
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(dir.path().to_path_buf());
    cfg.batch_size = 1;
    cfg.max_in_flight = 1;
    assert!(EmbeddingClient::new(cfg.clone())
        .embed(&["good", "bad"])
        .is_err());
    let client = EmbeddingClient::new(cfg);
    client.embed(&["good"]).unwrap();
    assert_eq!(client.stats().cache_hits, 1);
    assert_eq!(mock.posts().len(), 2);
}

#[test]
fn cached_vector_of_another_dimension_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(dir.path().to_path_buf());
    EmbeddingClient::new(cfg.clone()).embed(&["a"]).unwrap();
    cfg.dim = Some(3);
    let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
    assert!(
        err.to_string()
            .contains("has dimension 4, the run's vectors have 3"),
        "{err}"
    );
}

#[test]
fn a_server_of_another_dimension_leaves_the_cache_as_it_was() {
    // a cache of 4-dimension vectors for the model name; a server answering 3 under the same
    // name is refused before its answer is saved, so the first server still works after
    let dir = tempfile::tempdir().unwrap();
    let good = Mock::start(|r, _| answer(r));
    let mut cfg = config(&good);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(dir.path().to_path_buf());
    EmbeddingClient::new(cfg.clone()).embed(&["a"]).unwrap();
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let before = std::fs::read(&file).unwrap();
    let other = Mock::start(|r, _| {
        let data: Vec<_> = r
            .inputs()
            .iter()
            .enumerate()
            .map(|(i, t)| json!({"index": i, "embedding": fake(t)[..3].to_vec()}))
            .collect();
        Reply::json(json!({ "data": data }))
    });
    let mut cfg2 = config(&other);
    cfg2.model = Some("mock-e5".into());
    cfg2.cache_dir = Some(dir.path().to_path_buf());
    let err = EmbeddingClient::new(cfg2).embed(&["a", "b"]).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("has dimension 3, expected 4"), "{msg}");
    assert!(msg.contains(&file.display().to_string()), "{msg}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    let v = EmbeddingClient::new(cfg).embed(&["a", "b"]).unwrap();
    assert_eq!(v.iter().map(Vec::len).collect::<Vec<_>>(), vec![4, 4]);
}

#[test]
fn empty_input_contacts_nobody() {
    let mock = Mock::start(|r, _| answer(r));
    let client = EmbeddingClient::new(config(&mock));
    assert!(client.embed(&[]).unwrap().is_empty());
    assert_eq!(mock.gets() + mock.posts().len(), 0);
}

#[test]
fn precomputed_serves_by_trimmed_text_and_fails_on_missing() {
    let mut m = HashMap::new();
    m.insert("a b".to_string(), vec![1.0, 0.0]);
    m.insert("c".to_string(), vec![0.0, 1.0]);
    let p = Precomputed::new(m, "x.emb");
    let v = p.embed(&[" a b ", "c"]).unwrap();
    assert_eq!(v, vec![vec![1.0, 0.0], vec![0.0, 1.0]]);
    let err = p.embed(&["c", "d"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"bad embeddings from x.emb: no vector for "d""#
    );
    // strings that may be skipped: None for those not held, in input order
    let some = p.embed_some(&["d", " c", "a b"]).unwrap();
    assert_eq!(some, vec![None, Some(vec![0.0, 1.0]), Some(vec![1.0, 0.0])]);
    // a server-backed embedder embeds every string: the default is embed's answer, all Some
    let mock = Mock::start(|r, _| answer(r));
    let client = EmbeddingClient::new(config(&mock));
    assert!(client
        .embed_some(&["x", "y"])
        .unwrap()
        .iter()
        .all(Option::is_some));
}

#[test]
fn cosine_of_unit_vectors_is_their_dot_product() {
    let a = normalized(vec![3.0, 4.0]);
    let b = normalized(vec![4.0, 3.0]);
    assert!((cosine(&a, &b) - 0.96).abs() < 1e-6);
    assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
    let c: Vec<f32> = a.iter().map(|x| -x).collect();
    assert!((cosine(&a, &c) + 1.0).abs() < 1e-6);
}

#[test]
fn normalize_rejects_empty_nan_and_zero() {
    assert!(l2_normalize(&mut []).is_err());
    assert_eq!(
        l2_normalize(&mut [1.0, f32::NAN]).unwrap_err(),
        "component 1 is NaN"
    );
    assert_eq!(
        l2_normalize(&mut [f32::NEG_INFINITY]).unwrap_err(),
        "component 0 is -inf"
    );
    assert_eq!(
        l2_normalize(&mut [0.0, 0.0]).unwrap_err(),
        "all components are zero"
    );
    let mut v = [0.0, -2.0];
    l2_normalize(&mut v).unwrap();
    assert_eq!(v, [0.0, -1.0]);
}

#[test]
fn failing_server_leaves_no_cache_file_or_folder() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    for status in [400, 503] {
        let mock = Mock::start(move |_, _| Reply::status(status, "no"));
        let mut cfg = config(&mock);
        cfg.retries = 0;
        cfg.cache_dir = Some(cache.clone());
        let client = EmbeddingClient::new(cfg);
        assert!(client.embed(&["a"]).is_err());
        assert!(!cache.exists(), "HTTP {status} made {}", cache.display());
    }
    // an existing folder gets no empty file either
    std::fs::create_dir(&cache).unwrap();
    let mock = Mock::start(|_, _| Reply::status(400, "no"));
    let mut cfg = config(&mock);
    cfg.cache_dir = Some(cache.clone());
    assert!(EmbeddingClient::new(cfg).embed(&["a"]).is_err());
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
}

#[test]
fn cache_path_that_is_a_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cache");
    std::fs::write(&file, "mine").unwrap();
    let mock = Mock::start(|r, _| answer(r));
    for (path, why) in [
        (file.clone(), "must be a folder".to_string()),
        (
            file.join("sub"),
            format!("cannot be made: {} is a file", file.display()),
        ),
    ] {
        let mut cfg = config(&mock);
        cfg.cache_dir = Some(path.clone());
        let err = EmbeddingClient::new(cfg).embed(&["a"]).unwrap_err();
        assert_eq!(err.path(), Some(path.as_path()), "{err}");
        assert!(err.to_string().contains(&why), "{err}");
    }
    assert_eq!(mock.posts().len(), 0, "nothing sent");
    assert_eq!(std::fs::read(&file).unwrap(), b"mine");
}

/// A cache file that cannot be made (here a dangling link into a folder that does not exist,
/// which fails for root too) does not stop the client: vectors come back, and
/// `cache_unsaved` names the file.
#[cfg(unix)]
#[test]
fn unwritable_cache_file_is_reported_and_the_client_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(dir.path().to_path_buf());
    let file = dir.path().join(cache::file_name("mock-e5"));
    std::os::unix::fs::symlink(dir.path().join("missing/x.dvec"), &file).unwrap();
    let client = EmbeddingClient::new(cfg);
    let v = client.embed(&["a", "bb"]).unwrap();
    assert_close(&v[1], &normalized(fake("bb")));
    let why = client.stats().cache_unsaved.expect("a reason");
    assert!(why.starts_with(&file.display().to_string()), "{why}");
    // later batches are kept in memory without trying again
    client.embed(&["ccc"]).unwrap();
    assert_eq!(client.embed(&["a", "ccc"]).unwrap().len(), 2);
    assert_eq!(mock.posts().len(), 2);
    assert!(!dir.path().join("missing").exists());
}

/// A read-only cache folder: cached vectors are served, new ones are sent and not saved, and
/// `cache_unsaved` says so. Skipped where permissions are not enforced (root).
#[cfg(unix)]
#[test]
fn read_only_cache_folder_serves_hits_and_reports_new_vectors_unsaved() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.model = Some("mock-e5".into());
    cfg.cache_dir = Some(cache.clone());
    EmbeddingClient::new(cfg.clone()).embed(&["a"]).unwrap();
    let file = cache.join(cache::file_name("mock-e5"));
    let before = std::fs::read(&file).unwrap();
    for p in [&file, &cache] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    if std::fs::OpenOptions::new().append(true).open(&file).is_ok() {
        eprintln!("skipped: permissions are not enforced for this user");
        return;
    }
    let client = EmbeddingClient::new(cfg);
    let v = client.embed(&["a", "new"]).unwrap();
    assert_close(&v[1], &normalized(fake("new")));
    let s = client.stats();
    assert_eq!((s.cache_hits, s.sent), (1, 1));
    assert!(s
        .cache_unsaved
        .is_some_and(|w| w.contains("ermission denied")));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn model_the_server_does_not_offer_is_an_error_naming_both() {
    let models = Models::List(vec!["multilingual-e5-small".into(), "bge-m3:latest".into()]);
    let mock = Mock::start_with(models, |r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.model = Some("multilingual-e5-smal".into());
    let err = EmbeddingClient::new(cfg.clone()).embed(&["a"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            r#"embeddings server {}/models: the server does not offer model "multilingual-e5-smal"; it offers "multilingual-e5-small", "bge-m3:latest""#,
            mock.url()
        )
    );
    assert_eq!(mock.posts().len(), 0, "nothing sent");
    // the same client fails the same way later, without asking again
    let client = EmbeddingClient::new(cfg.clone());
    for _ in 0..2 {
        let again = client.embed(&["b"]).unwrap_err();
        assert!(again.to_string().contains("does not offer"), "{again}");
    }
    assert_eq!((mock.gets(), mock.posts().len()), (2, 0));
    // listed names pass, and Ollama's `:latest` tag may be left out
    for ok in ["multilingual-e5-small", "bge-m3", "bge-m3:latest"] {
        cfg.model = Some(ok.into());
        let client = EmbeddingClient::new(cfg.clone());
        client.embed(&["a", "b"]).unwrap();
        client.embed(&["c"]).unwrap();
        assert_eq!(client.stats().requests, 3, "{ok}: one GET, then two POSTs");
    }
}

#[test]
fn model_is_not_checked_when_the_server_lists_none() {
    for models in [Models::Missing, Models::Failing, Models::List(vec![])] {
        let mock = Mock::start_with(models.clone(), |r, _| answer(r));
        let mut cfg = config(&mock);
        cfg.model = Some("anything".into());
        let client = EmbeddingClient::new(cfg);
        client
            .embed(&["a"])
            .unwrap_or_else(|e| panic!("{models:?}: {e}"));
        client.embed(&["b"]).unwrap();
        assert_eq!(mock.gets(), 1, "{models:?}: asked once, without retries");
        assert_eq!(mock.posts()[0].body["model"], "anything");
    }
}

#[test]
fn long_strings_are_cut_to_max_chars_before_sending() {
    let mock = Mock::start(|r, _| answer(r));
    let mut cfg = config(&mock);
    cfg.prefix = "query: ".into();
    assert_eq!(cfg.max_chars, MAX_CHARS);
    cfg.max_chars = 5;
    let client = EmbeddingClient::new(cfg);
    // chars, not bytes: "گفت‌وگو" is 7 chars, 13 bytes
    let v = client
        .embed(&["abcde", "abcdefgh", "گفت‌وگو", "abcdeXYZ"])
        .unwrap();
    assert_eq!(
        mock.posts()[0].inputs(),
        vec!["query: abcde", "query: گفت‌و"],
        "cut strings share the key of their first 5 chars"
    );
    assert_eq!(v[0], v[1]);
    assert_eq!(v[1], v[3]);
    let s = client.stats();
    assert_eq!((s.requested, s.truncated, s.sent), (4, 3, 2));
}

#[test]
fn a_password_in_the_url_is_not_shown() {
    assert_eq!(
        redact_url("http://user:s3cret@127.0.0.1:8000/v1"),
        "http://***@127.0.0.1:8000/v1"
    );
    // an `@` past the host is no user part
    assert_eq!(
        redact_url("http://127.0.0.1:8000/v1?u=a@b"),
        "http://127.0.0.1:8000/v1?u=a@b"
    );
    assert_eq!(redact_url("http://h/v1"), "http://h/v1");
    // nor in an error from the server, in the model's cache name (a server that lists no
    // model is named by its URL), or in the settings' Debug
    let mock = Mock::start_with(Models::Missing, |_, _| {
        Reply::status(400, r#"{"error": "no"}"#)
    });
    let with_password = mock.url().replacen("http://", "http://user:s3cret@", 1);
    let mut cfg = config(&mock);
    cfg.url = with_password;
    assert!(!format!("{cfg:?}").contains("s3cret"));
    let client = EmbeddingClient::new(cfg);
    let err = client.embed(&["a"]).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("***@127.0.0.1") && !msg.contains("s3cret"),
        "{msg}"
    );
    let model = client.stats().model.unwrap_or_default();
    assert_eq!(
        model,
        format!("@{}", mock.url().replacen("http://", "http://***@", 1))
    );
}
