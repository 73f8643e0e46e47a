//! Regressions: inputs that once crashed or misbehaved, named `r<issue>_<what>`.
//!
//! Issue 10 (robustness). Fuzzing (`fuzz/`, cargo-fuzz: decode_normalize, segment, align, gold,
//! import) found no crash; these are what the limit checks and the audit found.

use crate::util::dragoman;
use dragoman::align::{Alignment, Bead};
use dragoman::corpus::Sentence;
use dragoman::Lang;

/// Letters for the k-th made-up surname (`Kab`, `Kac`, ...): names the diff cannot find in the
/// Persian edition.
fn surname(mut k: usize) -> String {
    let mut s = String::from("K");
    for _ in 0..3 {
        s.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
    }
    s
}

/// A long edition with many distinct two-part names: the diff looked each name up in every
/// word of the other edition (and deduplicated names by a scan), quadratic in the length; a
/// 50 MB edition did not finish in 15 minutes. Still O(beads x distinct names) (README, Limits).
#[test]
fn r10_diff_of_a_long_edition_with_many_names_finishes() {
    let n = 1500;
    let en: Vec<Sentence> = (0..n)
        .map(|k| {
            Sentence::new(
                &format!("Minister Darius {} met the envoy on day {k}.", surname(k)),
                &Lang::En,
                0,
            )
        })
        .collect();
    let fa: Vec<Sentence> = (0..n)
        .map(|k| {
            Sentence::new(
                &format!("وزیر با فرستاده در روز {k} دیدار کرد."),
                &Lang::Fa,
                0,
            )
        })
        .collect();
    let a = Alignment {
        beads: (0..n)
            .map(|k| Bead {
                src: k..k + 1,
                tgt: k..k + 1,
                score: 0.9,
            })
            .collect(),
    };
    let t0 = std::time::Instant::now();
    let d = dragoman::diff::diff(&en, &fa, &Lang::Fa, &a);
    let secs = t0.elapsed().as_secs_f64();
    let missing = d
        .iter()
        .filter(|d| d.detail.contains("is not found in the fa edition"))
        .count();
    let sample: Vec<&str> = d.iter().take(3).map(|d| d.detail.as_str()).collect();
    // most made-up names have no counterpart (a few consonant skeletons match a Persian word)
    assert!(
        missing > n * 8 / 10,
        "{missing} of {n} names reported missing: {sample:?}"
    );
    // a guard against the old blow-up, not a benchmark: about 0.8 s on an idle 2-core machine,
    // 2.2 s seen under load; the quadratic scan it replaced is far beyond 10 s at this size
    assert!(secs < 10.0, "diff took {secs:.1}s");
}

/// `dragoman detect` printed the error of a missing file twice when it was the only file.
#[test]
fn r10_detect_prints_an_error_once() {
    let tmp = tempfile::tempdir().unwrap();
    let o = dragoman(tmp.path(), &["detect", "nope.txt"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        (o.status.code(), stderr.lines().count()),
        (Some(2), 1),
        "{stderr}"
    );
}

/// `dragoman import` refused an unsafe slug without naming the file it came from (and, since
/// session 8, the line of its `x-slug` prop).
#[test]
fn r10_import_unsafe_slug_names_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("x.tmx"),
        "<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><prop type=\"x-slug\">..</prop>\
         <tuv xml:lang=\"en\"><seg>A.</seg></tuv><tuv xml:lang=\"fa\"><seg>الف.</seg></tuv></tu></body></tmx>",
    )
    .unwrap();
    let o = dragoman(tmp.path(), &["import", "x.tmx", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: x.tmx:1: ") && stderr.contains("unsafe slug"),
        "{stderr}"
    );
}
