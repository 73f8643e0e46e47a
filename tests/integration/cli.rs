//! The main job and the commands of the first issue, run as a user runs them: `run` on the
//! seed corpus, `align` + `eval` against gold, and the exit codes and messages on bad input.

use crate::util::{dragoman, dragoman_ok, fixtures, have, read, seed_editions, shared};
use std::path::Path;

/// A corpus folder in a temp dir holding copies of the seed editions.
fn seed_corpus() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    seed_editions(
        &d.path().join("corpora"),
        "tehran-damascus",
        &["en", "fa", "ar"],
    );
    d
}

fn rows(tsv: &str) -> Vec<Vec<String>> {
    tsv.lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn run_writes_every_output_for_both_pairs() {
    let d = seed_corpus();
    let out = dragoman_ok(d.path(), &["run", "corpora", "-q"]);
    assert!(out.contains("pairs: 2 aligned, 0 failed"), "{out}");
    let a = d.path().join("alignments");
    for f in [
        "tehran-damascus.en.sent",
        "tehran-damascus.fa.sent",
        "tehran-damascus.ar.sent",
        "tehran-damascus.en-fa.align",
        "tehran-damascus.en-ar.align",
        "tehran-damascus.en-fa.tsv",
        "tehran-damascus.en-ar.tsv",
        "tehran-damascus.en-fa.diffs.tsv",
        "tehran-damascus.en-ar.diffs.tsv",
        "corpus.en-fa.tmx",
        "corpus.en-ar.tmx",
    ] {
        assert!(a.join(f).is_file(), "missing {f}");
    }
    // the segmentation used is the gold one
    for l in ["en", "fa", "ar"] {
        let name = format!("tehran-damascus.{l}.sent");
        crate::eqnice!(read(&fixtures().join(&name)), read(&a.join(&name)));
    }
    // bitext header and bead labels as in the .align file
    let tsv = read(&a.join("tehran-damascus.en-fa.tsv"));
    assert!(
        tsv.starts_with("bead\ttype\tsrc\ttgt\tscore\n[0]:[0]\t1-1\t"),
        "{}",
        &tsv[..80]
    );
    assert!(tsv.lines().all(|l| l.split('\t').count() == 5));
}

#[test]
fn run_reports_the_planted_differences_and_not_the_equivalents() {
    let d = seed_corpus();
    dragoman_ok(d.path(), &["run", "corpora", "-q"]);
    let a = d.path().join("alignments");
    let fa = rows(&read(&a.join("tehran-damascus.en-fa.diffs.tsv")));
    // the Persian edition omits English sentence 10
    assert!(
        fa.iter()
            .any(|r| r[0] == "omission" && r[1] == "10" && r[2].is_empty()),
        "{fa:?}"
    );
    // 22 vs ۲۲ and 2011 vs ۲۰۱۱ are not mismatches
    for r in &fa {
        if r[0] == "number_mismatch" {
            assert!(
                !r[1].split(',').any(|i| i == "9" || i == "16"),
                "false alarm {r:?}"
            );
        }
    }
    let ar = rows(&read(&a.join("tehran-damascus.en-ar.diffs.tsv")));
    // the Arabic edition says 21 members where the English says 22
    let nm: Vec<_> = ar.iter().filter(|r| r[0] == "number_mismatch").collect();
    assert_eq!(nm.len(), 1, "{ar:?}");
    assert!(
        nm[0][1].split(',').any(|i| i == "9") && nm[0][5].contains("22") && nm[0][5].contains("21"),
        "{nm:?}"
    );
    // ٢٠١٧ vs 2017 is not
    assert!(
        !ar.iter()
            .any(|r| r[0].ends_with("_mismatch") && r[1] == "17"),
        "{ar:?}"
    );
}

#[test]
fn align_presegmented_seed_reaches_strict_f1_090_for_both_pairs() {
    let d = tempfile::tempdir().unwrap();
    for l in ["fa", "ar"] {
        let pred = dragoman_ok(
            d.path(),
            &[
                "align",
                "--presegmented",
                fixtures().join("tehran-damascus.en.sent").to_str().unwrap(),
                fixtures()
                    .join(format!("tehran-damascus.{l}.sent"))
                    .to_str()
                    .unwrap(),
            ],
        );
        let p = d.path().join(format!("pred.{l}.align"));
        std::fs::write(&p, &pred).unwrap();
        let gold = fixtures().join(format!("tehran-damascus.en-{l}.align"));
        let out = dragoman_ok(
            d.path(),
            &["eval", gold.to_str().unwrap(), p.to_str().unwrap()],
        );
        let f1: f64 = out
            .lines()
            .next()
            .unwrap()
            .rsplit("F1=")
            .next()
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(f1 >= 0.90, "en-{l}: strict F1 {f1} < 0.90\n{out}");
        // every line is `[ids]:[ids]:score` with a score in [0, 1]
        for line in pred.lines() {
            let score: f64 = line.rsplit(':').next().unwrap().parse().unwrap();
            assert!((0.0..=1.0).contains(&score), "{line}");
        }
    }
}

#[test]
fn eval_agrees_with_the_reference_scorer() {
    let Some(sh) = shared() else {
        eprintln!("SKIP eval_agrees_with_the_reference_scorer: ../shared not found");
        return;
    };
    if !have("python3") {
        eprintln!("SKIP eval_agrees_with_the_reference_scorer: python3 not found");
        return;
    }
    // a prediction with errors of every kind against the Text+Berg gold (crossing and
    // non-contiguous gold beads included)
    let d = tempfile::tempdir().unwrap();
    let tb = sh.join("data/textberg-defr");
    let pred = dragoman_ok(
        d.path(),
        &[
            "align",
            "--presegmented",
            "--src-lang",
            "de",
            "--tgt-lang",
            "fr",
            tb.join("test2.de").to_str().unwrap(),
            tb.join("test2.fr").to_str().unwrap(),
        ],
    );
    let p = d.path().join("pred.align");
    std::fs::write(&p, pred).unwrap();
    let gold = tb.join("test2.defr");
    let ours = dragoman_ok(
        d.path(),
        &["eval", gold.to_str().unwrap(), p.to_str().unwrap()],
    );
    let theirs = std::process::Command::new("python3")
        .arg(sh.join("tools/score_align.py"))
        .arg(&gold)
        .arg(&p)
        .output()
        .unwrap();
    let theirs = String::from_utf8_lossy(&theirs.stdout).to_string();
    // python: "strict P=.. R=.. F1=..  lax P=.. R=.. F1=.."; ours: two lines
    let norm = |s: &str| {
        s.split_whitespace()
            .filter(|w| w.contains('='))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let ours_fields: Vec<String> = norm(&ours).into_iter().take(6).collect();
    assert_eq!(
        ours_fields,
        norm(&theirs),
        "ours:\n{ours}\ntheirs:\n{theirs}"
    );
}

#[test]
fn run_on_missing_folder_exits_2_naming_it() {
    let d = tempfile::tempdir().unwrap();
    let out = dragoman(d.path(), &["run", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no-such-folder") && err.contains("not a folder"),
        "{err}"
    );
}

#[test]
fn run_with_one_bad_pair_exits_1_and_writes_the_others() {
    let d = seed_corpus();
    let c = d.path().join("corpora");
    std::fs::write(c.join("broken.en.txt"), b"Title\n\nAbc \xff\xfe def.\n").unwrap();
    std::fs::write(c.join("broken.fa.txt"), "عنوان\n\nمتن.\n").unwrap();
    std::fs::write(c.join("empty.en.txt"), "").unwrap();
    std::fs::write(c.join("empty.ar.txt"), "عنوان\n\nنص.\n").unwrap();
    std::fs::write(c.join("lonely.fa.txt"), "عنوان\n\nمتن.\n").unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "broken.en.txt:3: not valid UTF-8 (first bad byte at byte offset 11 of the file)"
        ),
        "{err}"
    );
    assert!(err.contains("empty.en.txt: empty edition"), "{err}");
    assert!(
        err.contains("warning: ") && err.contains("lonely.fa.txt: unpaired edition"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(d
        .path()
        .join("alignments/tehran-damascus.en-fa.align")
        .is_file());
    assert!(!d.path().join("alignments/broken.en-fa.align").exists());
}

#[test]
fn run_with_nothing_alignable_exits_2_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("a.en.txt"), b"\xff").unwrap();
    std::fs::write(c.join("a.fa.txt"), "متن.").unwrap();
    let out = dragoman(d.path(), &["run", "c", "--out", "o", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !d.path().join("o").exists() || std::fs::read_dir(d.path().join("o")).unwrap().count() == 0
    );
}

#[test]
fn unpaired_and_language_warnings_do_not_change_the_exit_code() {
    let d = seed_corpus();
    let c = d.path().join("corpora");
    // an "Arabic" file that is English
    std::fs::write(
        c.join("mislabelled.en.txt"),
        "Talks ended\n\nThe talks in Vienna ended on Monday without a deal.\n",
    )
    .unwrap();
    std::fs::write(
        c.join("mislabelled.ar.txt"),
        "Talks ended\n\nThe talks in Vienna ended on Monday without a deal.\n",
    )
    .unwrap();
    std::fs::write(c.join("solo.en.txt"), "Solo\n\nOnly English here.\n").unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("mislabelled.ar.txt") && err.contains("looks like"),
        "{err}"
    );
    assert!(err.contains("solo.en.txt: unpaired edition"), "{err}");
}

#[test]
fn segment_prints_gold_sentences_of_the_seed() {
    let d = tempfile::tempdir().unwrap();
    for l in ["en", "fa", "ar"] {
        let out = dragoman_ok(
            d.path(),
            &[
                "segment",
                fixtures()
                    .join(format!("tehran-damascus.{l}.txt"))
                    .to_str()
                    .unwrap(),
            ],
        );
        crate::eqnice!(
            read(&fixtures().join(format!("tehran-damascus.{l}.sent"))),
            out
        );
    }
}

#[test]
fn align_needs_a_language() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("a.txt"), "One.\n").unwrap();
    std::fs::write(d.path().join("b.txt"), "Eins.\n").unwrap();
    let out = dragoman(d.path(), &["align", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.txt") && err.contains("--src-lang"), "{err}");
    let _ = Path::new("");
}

#[test]
fn align_detects_the_language_when_the_file_name_does_not_say() {
    let d = tempfile::tempdir().unwrap();
    let fx = crate::util::fixtures();
    std::fs::copy(
        fx.join("tehran-damascus.en.txt"),
        d.path().join("english.txt"),
    )
    .unwrap();
    std::fs::copy(
        fx.join("tehran-damascus.fa.txt"),
        d.path().join("persian.txt"),
    )
    .unwrap();
    let out = dragoman(d.path(), &["align", "english.txt", "persian.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("english.txt: language en, detected from its text"),
        "{err}"
    );
    assert!(
        err.contains("persian.txt: language fa, detected from its text"),
        "{err}"
    );
    // the same beads as with the languages given
    let given = dragoman_ok(
        d.path(),
        &[
            "align",
            "--src-lang",
            "en",
            "--tgt-lang",
            "fa",
            "english.txt",
            "persian.txt",
        ],
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), given);
    // a text with no language to detect: exit 2, naming the file
    std::fs::write(d.path().join("numbers.txt"), "12 34\n\n56 78.\n").unwrap();
    let out = dragoman(d.path(), &["align", "english.txt", "numbers.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("numbers.txt") && err.contains("--src-lang/--tgt-lang"),
        "{err}"
    );
}

#[test]
fn run_out_inside_the_corpus_is_not_read_back_and_the_corpus_itself_is_refused() {
    let d = seed_corpus();
    // an --out inside the corpus: a rerun aligns the same 2 pairs, not the outputs too
    for _ in 0..2 {
        let out = dragoman(d.path(), &["run", "corpora", "--out", "corpora/out"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0));
        assert!(text.contains("pairs: 2 aligned, 0 failed"), "{text}");
    }
    assert!(!d.path().join("corpora/out/out").exists());
    // a later run into another folder does not read those outputs either (a fresh user's
    // report: it aligned a second pair, out/tehran-damascus, from their .sent files)
    let out = dragoman(d.path(), &["run", "corpora", "--out", "elsewhere"]);
    let (text, err) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(text.contains("pairs: 2 aligned, 0 failed"), "{text}");
    assert!(
        err.contains("corpora/out: skipped: a folder of alignments (.align files: an earlier run's outputs, or gold)"),
        "{err}"
    );
    assert!(!d.path().join("elsewhere/out").exists());
    // the corpus itself: refused before anything is written
    let out = dragoman(d.path(), &["run", "corpora", "--out", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("is the corpus folder"), "{err}");
    assert!(!d.path().join("corpora/tehran-damascus.en.sent").exists());
}

#[test]
fn run_warns_about_pairs_an_earlier_run_left_in_out_and_clean_removes_them() {
    let d = seed_corpus();
    let out = dragoman(d.path(), &["run", "corpora", "--out", "out", "-q"]);
    assert_eq!(out.status.code(), Some(0));
    // a fresh user's report: the Arabic edition deleted, its pair's files stayed in OUT
    // unannounced and `dragoman export out` exported them with the new run's pair
    std::fs::remove_file(d.path().join("corpora/tehran-damascus.ar.txt")).unwrap();
    let ar_files = [
        "tehran-damascus.en-ar.align",
        "tehran-damascus.en-ar.diffs.tsv",
        "tehran-damascus.en-ar.diffs.json",
        "tehran-damascus.en-ar.html",
        "tehran-damascus.en-ar.tsv",
        "tehran-damascus.ar.sent",
        "corpus.en-ar.tmx",
    ];
    let out = dragoman(d.path(), &["run", "corpora", "--out", "out", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning: out holds 7 files that an earlier run wrote for what this run did not write (corpus.en-ar, tehran-damascus.en-ar)"),
        "{err}"
    );
    for f in ar_files {
        assert!(d.path().join("out").join(f).exists(), "{f}");
    }
    let out = dragoman(
        d.path(),
        &["run", "corpora", "--out", "out", "-q", "--clean"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("removed 7 of 7 files"), "{err}");
    for f in ar_files {
        assert!(!d.path().join("out").join(f).exists(), "{f}");
    }
    // the pair this run aligned keeps every file, the shared English sentences included
    for f in [
        "tehran-damascus.en-fa.align",
        "tehran-damascus.en.sent",
        "corpus.en-fa.tmx",
    ] {
        assert!(d.path().join("out").join(f).exists(), "{f}");
    }
    // a third run finds nothing to say; a gold alignment kept in OUT (no difference files
    // beside it) is never taken for a run's output
    std::fs::create_dir(d.path().join("out/gold")).unwrap();
    std::fs::write(d.path().join("out/gold/x.en-fa.align"), "[0]:[0]\n").unwrap();
    std::fs::write(d.path().join("out/gold/x.en.sent"), "A.\n").unwrap();
    let out = dragoman(
        d.path(),
        &["run", "corpora", "--out", "out", "-q", "--clean"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("earlier run"), "{err}");
    assert!(d.path().join("out/gold/x.en-fa.align").exists());
    assert!(d.path().join("out/gold/x.en.sent").exists());
}

#[cfg(unix)]
#[test]
fn run_warns_about_an_edition_whose_file_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let d = seed_corpus();
    let name = std::ffi::OsStr::from_bytes(b"bad\xffname.en.txt");
    std::fs::write(d.path().join("corpora").join(name), "Title\n\nText.\n").unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("name is not valid UTF-8"), "{err}");
    // a line break in the name: the summary's lines and a TMX's x-slug would not keep it
    std::fs::write(
        d.path().join("corpora/new\nline.en.txt"),
        "Title\n\nText.\n",
    )
    .unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let (err, text) = (
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout),
    );
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("new\\nline.en.txt\": skipped: its name holds a control character"),
        "{err}"
    );
    assert!(text.contains("pairs: 2 aligned, 0 failed"), "{text}");
}

#[test]
fn eval_refuses_an_empty_gold_and_a_bad_score_naming_the_file() {
    let d = tempfile::tempdir().unwrap();
    let pred = crate::util::fixtures().join("tehran-damascus.en-fa.align");
    std::fs::write(d.path().join("empty.align"), "").unwrap();
    std::fs::write(d.path().join("bad.align"), "[0]:[0]:0.9\n[1]:[1]:abc\n").unwrap();
    for (gold, wants) in [
        (
            "empty.align",
            "empty.align: invalid alignment: the gold file holds no bead",
        ),
        ("bad.align", "bad.align:2: not a bead: [1]:[1]:abc"),
    ] {
        let out = dragoman(d.path(), &["eval", gold, pred.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(wants), "{err}");
    }
}

#[test]
fn align_warns_when_the_text_is_not_in_the_language_its_name_says() {
    let d = tempfile::tempdir().unwrap();
    let fx = crate::util::fixtures();
    // Persian text in the .en file and English in the .fa file
    std::fs::copy(fx.join("tehran-damascus.fa.txt"), d.path().join("w.en.txt")).unwrap();
    std::fs::copy(fx.join("tehran-damascus.en.txt"), d.path().join("w.fa.txt")).unwrap();
    let out = dragoman(d.path(), &["align", "w.en.txt", "w.fa.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("w.en.txt: read as en but the text looks like fa"),
        "{err}"
    );
    assert!(
        err.contains("w.fa.txt: read as fa but the text looks like en"),
        "{err}"
    );
}

#[test]
fn export_of_a_folder_without_alignments_leaves_no_out_folder() {
    let d = tempfile::tempdir().unwrap();
    std::fs::create_dir(d.path().join("empty")).unwrap();
    let out = dragoman(
        d.path(),
        &["export", "empty", "--format", "tmx", "--out", "ee"],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no alignment (.align file) found"), "{err}");
    assert!(!d.path().join("ee").exists());
}

#[test]
fn run_with_an_unwritable_index_counts_it_apart_from_the_pairs() {
    let d = seed_corpus();
    // a folder where index.html goes: that one file cannot be written
    std::fs::create_dir_all(d.path().join("o/index.html")).unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "--out", "o"]);
    let (so, se) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(1), "{so}{se}");
    assert!(so.contains("pairs: 2 aligned, 0 failed"), "{so}");
    assert!(so.contains("corpus files failed: 1"), "{so}");
    assert!(se.contains("index.html"), "{se}");
    assert!(d.path().join("o/tehran-damascus.en-fa.align").is_file());
}

#[test]
fn eval_refuses_malformed_alignments_naming_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let w = |name: &str, text: &str| std::fs::write(d.path().join(name), text).unwrap();
    let lines = |ids: &mut dyn Iterator<Item = usize>| -> String {
        ids.map(|i| format!("[{i}]:[{i}]\n")).collect()
    };
    // 20 sentences a side; gold 1-1 throughout
    w("s.txt", &lines(&mut (0..20)).replace(['[', ']', ':'], ""));
    w("g.align", &lines(&mut (0..20)));
    w("empty.align", "\n");
    w("bothempty.align", "[0]:[0]\n[]:[]\n[1]:[1]\n");
    w("twice.align", "[0]:[0]\n[1, 1]:[1]\n");
    // the reported prediction: 20 lines, [0]:[0] twice and [500]:[500]
    let reported = lines(&mut (0..18)) + "[0]:[0]\n[500]:[500]\n";
    w("dup.align", &reported);
    w("range.align", &(lines(&mut (0..19)) + "[500]:[500]\n"));
    for (args, wants) in [
        (
            vec!["bothempty.align", "g.align"],
            "bothempty.align:2: invalid alignment: a bead empty on both sides",
        ),
        (
            vec!["g.align", "twice.align"],
            "twice.align:2: invalid alignment: source sentence 1 written twice in one bead",
        ),
        (
            vec!["g.align", "dup.align"],
            "dup.align:19: invalid alignment: the same bead as line 1",
        ),
        (
            vec!["--texts", "s.txt", "s.txt", "g.align", "range.align"],
            "range.align:20: invalid alignment: source sentence 500 is beyond the source text, which has 20 sentences (ids 0 to 19)",
        ),
        (
            vec!["empty.align", "g.align"],
            "empty.align: invalid alignment: the gold file holds no bead",
        ),
        (
            vec!["--texts", "s.txt", "s.txt", "g.align", "g.align", "g.align", "g.align"],
            "1 pairs of texts for 2 GOLD PRED pairs",
        ),
    ] {
        let out = dragoman(d.path(), &[&["eval"], &args[..]].concat());
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(wants), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // without --texts an id beyond the text cannot be seen: scored as score_align.py does,
    // 19 of 20 predicted beads are gold beads, 19 of 20 gold beads are found
    let out = dragoman_ok(d.path(), &["eval", "g.align", "range.align"]);
    assert_eq!(
        out,
        "strict P=0.950 R=0.950 F1=0.950\nlax    P=0.950 R=0.950 F1=0.950\nbeads: 20 predicted, 20 gold two-sided\n"
    );
}

#[test]
fn eval_warns_about_a_sentence_in_two_beads_and_strict_refuses_it() {
    let d = tempfile::tempdir().unwrap();
    // the reported gold: source 0 twice, target 0 twice, out of order
    std::fs::write(d.path().join("g.align"), "[0]:[0]\n[0]:[1]\n[5]:[0]\n").unwrap();
    std::fs::write(d.path().join("p.align"), "[0]:[0]\n[1]:[1]\n[2]:[2]\n").unwrap();
    let out = dragoman(d.path(), &["eval", "g.align", "p.align"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(
        err,
        "warning: g.align:2: source sentence 0 is already in the bead of line 1\n\
         warning: g.align:3: target sentence 0 is already in the bead of line 1\n"
    );
    // hand-worked: only [0]:[0] matches, strictly or laxly: P = R = 1/3
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "strict P=0.333 R=0.333 F1=0.333\nlax    P=0.333 R=0.333 F1=0.333\nbeads: 3 predicted, 3 gold two-sided\n"
    );
    let out = dragoman(d.path(), &["eval", "--strict", "g.align", "p.align"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(
            "g.align:2: invalid alignment: source sentence 0 is already in the bead of line 1"
        ),
        "{err}"
    );
}

#[test]
fn eval_accepts_every_text_berg_gold_with_its_texts() {
    let Some(sh) = shared() else {
        eprintln!("SKIP eval_accepts_every_text_berg_gold_with_its_texts: ../shared not found");
        return;
    };
    let tb = sh.join("data/textberg-defr");
    let d = tempfile::tempdir().unwrap();
    for doc in [
        "test0", "test1", "test2", "test3", "test4", "test5", "test6", "dev",
    ] {
        let f = |ext: &str| tb.join(format!("{doc}.{ext}")).to_str().unwrap().to_owned();
        let (de, fr, gold) = (f("de"), f("fr"), f("defr"));
        let out = dragoman(d.path(), &["eval", "--texts", &de, &fr, &gold, &gold]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{doc}: {err}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            stdout
                .starts_with("strict P=1.000 R=1.000 F1=1.000\nlax    P=1.000 R=1.000 F1=1.000\n"),
            "{doc}: {stdout}"
        );
        // test1 uses source sentence 218 in two beads (SOURCE.md), once per file read
        let wants = if doc == "test1" {
            format!("warning: {gold}:197: source sentence 218 is already in the bead of line 190\n")
                .repeat(2)
        } else {
            String::new()
        };
        assert_eq!(err, wants, "{doc}");
    }
}

#[test]
fn out_folder_named_with_a_trailing_dot_is_made() {
    // `--out new/.` names `new`, which is missing: it is made like `--out new`
    let d = seed_corpus();
    let out = d.path().join("new").join(".");
    dragoman_ok(
        d.path(),
        &[
            "run",
            d.path().join("corpora").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert!(d.path().join("new/tehran-damascus.en-fa.align").is_file());
}

#[test]
fn embedding_options_without_embeddings_are_an_error() {
    // they would be silently ignored: say so instead
    let fx = fixtures().join("diffgold");
    let (en, fa) = (
        fx.join("summit-visit.en.sent"),
        fx.join("summit-visit.fa.sent"),
    );
    for opt in [
        &["--embeddings-optional"][..],
        &["--embeddings-batch", "4"],
        &["--embeddings-cache", "x"],
    ] {
        let mut args = vec!["align", "--presegmented"];
        args.extend(opt);
        args.extend([en.to_str().unwrap(), fa.to_str().unwrap()]);
        let o = dragoman(&fx, &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{opt:?}: {err}");
        assert!(err.contains("--embeddings <URL>"), "{opt:?}: {err}");
    }
}

#[test]
fn a_thread_count_past_the_limit_is_refused_before_any_work() {
    let d = seed_corpus();
    for cmd in ["run", "pair", "stream", "lexicon"] {
        let mut args = vec![cmd];
        if cmd == "lexicon" {
            args.push("count");
        }
        args.extend(["-j", "100000"]);
        let out = dragoman(d.path(), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("100000 threads is more than the 1024 allowed"),
            "{cmd}: {err}"
        );
    }
    assert!(!d.path().join("alignments").exists());
}

/// `--out` onto gold alignments (a `.align` no run wrote: no `.diffs.json` beside it) is
/// refused before anything is written; a folder of an earlier run's outputs is overwritten.
#[test]
fn run_refuses_to_overwrite_an_alignment_it_did_not_write() {
    let d = seed_corpus();
    let gold = d.path().join("corpora/gold");
    std::fs::create_dir(&gold).unwrap();
    let hand = "[0]:[0]\n";
    std::fs::write(gold.join("tehran-damascus.en-fa.align"), hand).unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "--out", "corpora/gold"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tehran-damascus.en-fa.align is not the output of a run"),
        "{err}"
    );
    assert_eq!(read(&gold.join("tehran-damascus.en-fa.align")), hand);
    assert_eq!(
        std::fs::read_dir(&gold).unwrap().count(),
        1,
        "nothing written"
    );
    // nor a hand-made sentence file
    std::fs::remove_file(gold.join("tehran-damascus.en-fa.align")).unwrap();
    std::fs::write(gold.join("tehran-damascus.en.sent"), "Hand.\n").unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "--out", "corpora/gold"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("tehran-damascus.en.sent is not the output of a run"),
        "{err}"
    );
    assert_eq!(read(&gold.join("tehran-damascus.en.sent")), "Hand.\n");
    // an earlier run's outputs are replaced, also when a new pair joins a report
    dragoman_ok(d.path(), &["run", "corpora", "--out", "o", "-q"]);
    dragoman_ok(d.path(), &["run", "corpora", "--out", "o", "-q"]);
    std::fs::remove_file(d.path().join("o/tehran-damascus.en-ar.diffs.json")).unwrap();
    std::fs::remove_file(d.path().join("o/tehran-damascus.en-ar.align")).unwrap();
    dragoman_ok(d.path(), &["run", "corpora", "--out", "o", "-q"]);
}

/// A Persian sentence inside the English edition is named in a warning (it was aligned as
/// English without a word); the seed editions themselves give none.
#[test]
fn run_warns_of_a_passage_in_the_other_script() {
    let d = seed_corpus();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reads as"));
    let en = d.path().join("corpora/tehran-damascus.en.txt");
    let mut text = read(&en);
    text.push_str("\nاین بند به فارسی است و در نسخه انگلیسی جا مانده است.\n");
    std::fs::write(&en, text).unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let warned: Vec<&str> = err.lines().filter(|l| l.contains("reads as")).collect();
    assert_eq!(warned.len(), 1, "{err}");
    assert!(
        warned[0].contains("tehran-damascus.en.txt: sentence ")
            && warned[0].contains("reads as fa, not en"),
        "{err}"
    );
    // an Arabic sentence in the Persian edition (the seed Arabic edition's second line)
    let ar = read(&d.path().join("corpora/tehran-damascus.ar.txt"));
    let line = ar.lines().nth(2).unwrap().to_owned();
    let fa = d.path().join("corpora/tehran-damascus.fa.txt");
    let mut text = read(&fa);
    text.push_str(&format!("\n{line}\n"));
    std::fs::write(&fa, text).unwrap();
    let out = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.lines()
            .any(|l| l.contains("tehran-damascus.fa.txt: sentence")
                && l.contains("reads as ar, not fa")),
        "{line}\n{err}"
    );
}

/// A corpus whose only editions are skipped (a tab in the name) says which and why, as the
/// warnings do when other editions exist.
#[test]
fn run_with_only_skipped_editions_names_them() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("a\tb.en.txt"), "Title\n\nText.\n").unwrap();
    let out = dragoman(d.path(), &["run", "c"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("no edition files")
            && err.contains("skipped: \"a\\tb.en.txt\" (its name holds"),
        "{err}"
    );
}

/// A temporary file an interrupted run left in OUT is named in a warning, and `--clean`
/// removes it; the run's own outputs never are.
#[test]
fn run_reports_and_cleans_temporary_files_of_an_interrupted_run() {
    let d = seed_corpus();
    let out = d.path().join("alignments");
    std::fs::create_dir(&out).unwrap();
    let tmp = out.join(".dragoman-Ab12Cd.tmp");
    let f = std::fs::File::create(&tmp).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(3600))
        .unwrap();
    drop(f);
    let o = dragoman(d.path(), &["run", "corpora", "-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("holds 1 temporary files that an interrupted run left")
            && err.contains(".dragoman-Ab12Cd.tmp"),
        "{err}"
    );
    assert!(tmp.exists());
    let o = dragoman(d.path(), &["run", "corpora", "-q", "--clean"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("removed 1 of 1 temporary files"), "{err}");
    assert!(!tmp.exists());
    assert!(out.join("tehran-damascus.en-fa.align").exists());
}
