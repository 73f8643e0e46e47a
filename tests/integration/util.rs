//! Helpers for the integration tests: a temp dir per test, running the built binary, finding
//! `../shared` and optional external tools, and comparing texts with a readable message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the built `dragoman` with `args` in `cwd`.
pub fn dragoman(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run dragoman")
}

/// Runs `dragoman` and panics, showing stdout and stderr, unless it exits with 0. Returns stdout.
pub fn dragoman_ok(cwd: &Path, args: &[&str]) -> String {
    let out = dragoman(cwd, args);
    let (so, se) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "dragoman {args:?} failed ({:?})\nstdout:\n```\n{so}```\nstderr:\n```\n{se}```",
        out.status.code()
    );
    so.into_owned()
}

/// The shared folder (`../shared` next to the crate), if present.
pub fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared");
    p.is_dir().then_some(p)
}

/// True when `tool --version` runs.
pub fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The crate's test fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Makes folder `dir` and copies the seed report's editions in `langs` into it, as
/// `<slug>.<lang>.txt`. Returns `dir`.
pub fn seed_editions(dir: &Path, slug: &str, langs: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for l in langs {
        std::fs::copy(
            fixtures().join(format!("tehran-damascus.{l}.txt")),
            dir.join(format!("{slug}.{l}.txt")),
        )
        .unwrap();
    }
    dir.to_path_buf()
}

/// Reads a file as UTF-8, panicking with its path.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Asserts two texts are equal, printing both in fenced blocks when not.
#[macro_export]
macro_rules! eqnice {
    ($expected:expr, $actual:expr) => {{
        let (e, a): (&str, &str) = (&$expected, &$actual);
        if e != a {
            panic!("\nexpected:\n```\n{}```\nactual:\n```\n{}```\n", e, a);
        }
    }};
}

/// The base URL of an embeddings server that is down: a port on 127.0.0.1 where nothing
/// listens (bound, then released).
pub fn down_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    format!("http://127.0.0.1:{}/v1", l.local_addr().unwrap().port())
}

/// Options that embed through `url` with a model given (no `/models` request), no retries and
/// no cache: against [`down_url`], the first request fails at once.
pub fn no_retry_embeddings(url: &str) -> [&str; 7] {
    [
        "--embeddings",
        url,
        "--embeddings-model",
        "m",
        "--embeddings-retries",
        "0",
        "--no-embeddings-cache",
    ]
}
