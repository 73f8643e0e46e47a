//! `dragoman stream` and `dragoman lexicon count|merge` (issue 9): the equivalence with
//! `dragoman align` and `dragoman run --per-pair`, error records, and the two-phase lexicon.

use crate::eqnice;
use crate::util::{dragoman_ok, fixtures, read};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `dragoman args` in `cwd` with `input` on stdin; returns (exit code, stdout, stderr).
fn with_stdin(cwd: &Path, args: &[&str], input: &str) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(cwd)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dragoman");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("join").expect("write stdin");
    (
        out.status.code(),
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines(p: &Path) -> Vec<String> {
    read(p)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The seed pairs (en-fa, en-ar) and two variants of each with a sentence deleted, as
/// (id, lang, en sentences, other sentences).
fn pairs() -> Vec<(String, &'static str, Vec<String>, Vec<String>)> {
    let en = lines(&fixtures().join("tehran-damascus.en.sent"));
    let mut v = Vec::new();
    for lang in ["fa", "ar"] {
        let other = lines(&fixtures().join(format!("tehran-damascus.{lang}.sent")));
        v.push((format!("td-{lang}"), lang, en.clone(), other.clone()));
        for k in [3, 8] {
            let mut o = other.clone();
            o.remove(k);
            v.push((format!("td-{lang}-del{k}"), lang, en.clone(), o));
        }
    }
    v
}

fn jsonl(pairs: &[(String, &str, Vec<String>, Vec<String>)]) -> String {
    pairs
        .iter()
        .map(|(id, lang, en, other)| {
            json!({"id": id, "lang": lang, "en": {"sentences": en}, "other": {"sentences": other}})
                .to_string()
                + "\n"
        })
        .collect()
}

/// A record's beads in `.align` format.
fn align_text(rec: &Value) -> String {
    let ids = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    rec["beads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            format!(
                "[{}]:[{}]:{:.4}\n",
                ids(&b[0]),
                ids(&b[1]),
                b[2].as_f64().unwrap()
            )
        })
        .collect()
}

fn records(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect()
}

/// Writes each pair as `<id>.en.sent` and `<id>.<lang>.sent` in `dir`.
fn write_corpus(dir: &Path, pairs: &[(String, &str, Vec<String>, Vec<String>)]) {
    for (id, lang, en, other) in pairs {
        std::fs::write(dir.join(format!("{id}.en.sent")), en.join("\n") + "\n").unwrap();
        std::fs::write(
            dir.join(format!("{id}.{lang}.sent")),
            other.join("\n") + "\n",
        )
        .unwrap();
    }
}

#[test]
fn stream_equals_align_pair_by_pair_whatever_the_batch() {
    let d = tempfile::tempdir().unwrap();
    let ps = pairs();
    write_corpus(d.path(), &ps);
    let input = jsonl(&ps);
    let (code, out, _) = with_stdin(d.path(), &["stream", "-q"], &input);
    assert_eq!(code, Some(0));
    let (_, out1, _) = with_stdin(
        d.path(),
        &["stream", "-q", "--batch", "1", "-j", "1"],
        &input,
    );
    eqnice!(out, out1);
    let recs = records(&out);
    assert_eq!(recs.len(), ps.len());
    for (rec, (id, lang, _, _)) in recs.iter().zip(&ps) {
        assert_eq!(rec["id"], json!(id));
        let want = dragoman_ok(
            d.path(),
            &[
                "align",
                "--presegmented",
                &format!("{id}.en.sent"),
                &format!("{id}.{lang}.sent"),
            ],
        );
        eqnice!(want, align_text(rec));
    }
    // the deleted Persian sentence 3 leaves an English sentence without counterpart
    let del = &recs[1];
    assert!(
        del["differences"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["kind"] == "omission"),
        "{del}"
    );
}

#[test]
fn stream_with_lexicon_equals_align_no_learn_and_run_per_pair() {
    let d = tempfile::tempdir().unwrap();
    let ps = pairs();
    write_corpus(d.path(), &ps);
    std::fs::write(
        d.path().join("lex.tsv"),
        "minist\tوزیر\t0.9000\ndefens\tدفاع\t0.8000\nsyria\tسوریه\t0.9000\n",
    )
    .unwrap();
    let (code, out, _) = with_stdin(
        d.path(),
        &["stream", "-q", "--lexicon", "lex.tsv"],
        &jsonl(&ps),
    );
    assert_eq!(code, Some(0));
    dragoman_ok(
        d.path(),
        &[
            "run",
            ".",
            "--out",
            "out",
            "-q",
            "--per-pair",
            "--no-learn",
            "--lexicon",
            "lex.tsv",
        ],
    );
    for (rec, (id, lang, _, _)) in records(&out).iter().zip(&ps) {
        let want = dragoman_ok(
            d.path(),
            &[
                "align",
                "--presegmented",
                "--no-learn",
                "--lexicon",
                "lex.tsv",
                &format!("{id}.en.sent"),
                &format!("{id}.{lang}.sent"),
            ],
        );
        eqnice!(want, align_text(rec));
        eqnice!(
            want,
            read(&d.path().join("out").join(format!("{id}.en-{lang}.align")))
        );
    }
}

#[test]
fn stream_bad_line_gives_an_error_record_and_exit_code_1() {
    let d = tempfile::tempdir().unwrap();
    let ps = pairs();
    let input = format!("{}{{\"id\": \"b\", \"lang\": \"xx1\", \"en\": {{\"text\": \"A.\"}}, \"other\": {{\"text\": \"B.\"}}}}\n\n{}", jsonl(&ps[..1]), jsonl(&ps[1..2]));
    let (code, out, err) = with_stdin(d.path(), &["stream"], &input);
    assert_eq!(code, Some(1), "{err}");
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert_eq!(
        recs[1],
        json!({"line": 2, "id": "b", "error": "not a language code: \"xx1\""})
    );
    assert_eq!(recs[2]["id"], json!("td-fa-del3"));
    assert_eq!(
        err.trim(),
        "stream: 2 pairs aligned (71 sentences), 1 bad lines"
    );
}

#[test]
fn stream_segments_text_as_align_does() {
    let d = tempfile::tempdir().unwrap();
    let en = "Talks end\nThe talks lasted 3 hours. No date was set.\n";
    let fa = "پایان گفت‌وگوها\nگفت‌وگوها ۳ ساعت طول کشید. تاریخی تعیین نشد.\n";
    std::fs::write(d.path().join("x.en.txt"), en).unwrap();
    std::fs::write(d.path().join("x.fa.txt"), fa).unwrap();
    let input =
        json!({"id": "x", "lang": "fa", "en": {"text": en}, "other": {"text": fa}}).to_string();
    let (_, out, _) = with_stdin(d.path(), &["stream", "-q"], &input);
    let rec = &records(&out)[0];
    assert_eq!(
        rec["sentences"]["en"],
        json!(["Talks end", "The talks lasted 3 hours.", "No date was set."])
    );
    eqnice!(
        dragoman_ok(d.path(), &["align", "x.en.txt", "x.fa.txt"]),
        align_text(rec)
    );
}

#[test]
fn lexicon_count_merge_is_the_same_split_or_whole() {
    let d = tempfile::tempdir().unwrap();
    let ps = pairs();
    let (code, whole, _) = with_stdin(d.path(), &["lexicon", "count"], &jsonl(&ps));
    assert_eq!(code, Some(0));
    let (_, a, _) = with_stdin(d.path(), &["lexicon", "count"], &jsonl(&ps[..2]));
    let (_, b, _) = with_stdin(d.path(), &["lexicon", "count"], &jsonl(&ps[2..]));
    std::fs::write(d.path().join("whole.tsv"), &whole).unwrap();
    std::fs::write(d.path().join("a.tsv"), &a).unwrap();
    std::fs::write(d.path().join("b.tsv"), &b).unwrap();
    // EM iteration 1 then 2, whole and split into two partitions
    for (name, files) in [("w", vec!["whole.tsv"]), ("s", vec!["b.tsv", "a.tsv"])] {
        let mut args = vec!["lexicon", "merge"];
        args.extend(&files);
        let (lex, table) = (format!("{name}-lex1.tsv"), format!("{name}-t1.tsv"));
        args.extend(["--out", &lex, "--table", &table]);
        dragoman_ok(d.path(), &args);
    }
    eqnice!(
        read(&d.path().join("w-t1.tsv")),
        read(&d.path().join("s-t1.tsv"))
    );
    // iterations 2 to 5
    for k in 2..=5 {
        let prev = if k == 2 {
            "w-t1.tsv".to_owned()
        } else {
            format!("t{}.tsv", k - 1)
        };
        let (_, c, _) = with_stdin(
            d.path(),
            &["lexicon", "count", "--table", &prev],
            &jsonl(&ps),
        );
        std::fs::write(d.path().join("c.tsv"), &c).unwrap();
        dragoman_ok(
            d.path(),
            &[
                "lexicon",
                "merge",
                "c.tsv",
                "--out",
                "lex.tsv",
                "--table",
                &format!("t{k}.tsv"),
            ],
        );
    }
    let lex = read(&d.path().join("lex.tsv"));
    // after 5 iterations names link to their Persian and Arabic spellings
    for link in [
        "damasc\tدمشق\t",
        "syria\tسوریه\t",
        "tehran\tطهران\t",
        "islami\tاسلامی\t",
    ] {
        assert!(
            lex.lines().any(|l| l.starts_with(link)),
            "{link:?} missing from the lexicon:\n{lex}"
        );
    }
    // the counts are over tokens of both sides: NULL rows and real pairs
    assert!(whole.lines().any(|l| l.starts_with("\t")), "no NULL row");
    assert!(whole.lines().all(|l| l.split('\t').count() == 4));
    assert!(
        !lex.is_empty()
            && lex.lines().all(|l| l
                .split('\t')
                .nth(2)
                .and_then(|p| p.parse::<f64>().ok())
                .is_some_and(|p| (0.2..=1.0).contains(&p)))
    );
}

#[test]
fn lexicon_merge_rejects_a_bad_counts_line() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(
        d.path().join("c.tsv"),
        "a\tb\t1.000000\t0.500000\na\tb\t1.5e3\t0\n",
    )
    .unwrap();
    let out = crate::util::dragoman(d.path(), &["lexicon", "merge", "c.tsv", "--out", "l.tsv"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: c.tsv:2: not a counts line"),
        "{err}"
    );
}

/// `stream --quiet` leaves out the summary lines, not the warnings: a fallback to no embeddings
/// (server down, --embeddings-optional) is said on stderr with --quiet too.
#[test]
fn quiet_stream_still_says_it_aligned_without_embeddings() {
    let d = tempfile::tempdir().unwrap();
    let url = crate::util::down_url();
    let input = r#"{"id": 1, "lang": "fa", "en": {"sentences": ["Hello."]}, "other": {"sentences": ["سلام."]}}"#;
    for quiet in [false, true] {
        let mut args = [
            &["stream", "--embeddings-optional"],
            &crate::util::no_retry_embeddings(&url)[..],
        ]
        .concat();
        if quiet {
            args.push("-q");
        }
        let (code, out, err) = with_stdin(d.path(), &args, &format!("{input}\n"));
        assert_eq!(code, Some(0), "{err}");
        assert!(out.contains("\"beads\""), "{out}");
        assert!(
            err.contains("1 batches aligned without embeddings") && err.contains(&url),
            "quiet {quiet}: {err}"
        );
        assert_eq!(err.contains("stream: 1 pairs aligned"), !quiet, "{err}");
    }
}
