//! Robustness (issue 10): alignment invariants and thread independence on random inputs,
//! export/import round trips on random pairs, atomic output, `--out` and import paths that
//! stay inside their folders, one-line errors and exit codes of every subcommand, and the
//! limits documented in README.md ("Limits").

use crate::util::{dragoman, dragoman_ok, files_under, fixtures, seed_editions};
use dragoman::align::{align, align_all, AlignConfig, Alignment, Bead, PairInput};
use dragoman::corpus::Sentence;
use dragoman::export::{self, PairAlignment};
use dragoman::Lang;
use proptest::prelude::*;
use std::path::Path;

/// A sentence from a small vocabulary shared by both sides (numbers, names, words in both
/// scripts), so that the aligner has evidence to follow and to be misled by.
fn sentence() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("talks"),
        Just("Tehran"),
        Just("تهران"),
        Just("گفت‌وگو"),
        Just("۱۲"),
        Just("12"),
        Just("2024"),
        Just("the"),
        Just("وزیر"),
        Just("minister"),
        Just("كتاب"),
        Just("!"),
        Just("…"),
        Just("«"),
        Just("1.5"),
    ];
    prop::collection::vec(word, 0..12).prop_map(|w| w.join(" "))
}

fn sentences(lang: Lang, max: usize) -> impl Strategy<Value = Vec<Sentence>> {
    prop::collection::vec(sentence(), 0..max)
        .prop_map(move |v| v.iter().map(|s| Sentence::new(s, &lang, 0)).collect())
}

/// Every sentence of both sides in exactly one bead, in order; no empty bead; scores in [0, 1];
/// no side longer than `max_side`.
fn assert_covers(a: &Alignment, m: usize, n: usize, max_side: usize) {
    let (mut i, mut j) = (0, 0);
    for b in &a.beads {
        assert_eq!(
            (b.src.start, b.tgt.start),
            (i, j),
            "gap or overlap in {:?}",
            a.beads
        );
        assert!(b.src.end >= b.src.start && b.tgt.end >= b.tgt.start);
        assert!(
            !(b.src.is_empty() && b.tgt.is_empty()),
            "empty bead in {:?}",
            a.beads
        );
        assert!(
            b.src.len() <= max_side && b.tgt.len() <= max_side,
            "bead {b:?} longer than {max_side}"
        );
        assert!((0.0..=1.0).contains(&b.score), "score {}", b.score);
        (i, j) = (b.src.end, b.tgt.end);
    }
    assert_eq!((i, j), (m, n), "not every sentence covered: {:?}", a.beads);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn prop_beads_cover_every_sentence(
        src in sentences(Lang::En, 25),
        tgt in sentences(Lang::Fa, 25),
        max_side in 1usize..=3,
        max_bead in 1usize..=5,
        small_table in any::<bool>(),
    ) {
        let cfg = AlignConfig {
            max_side,
            max_bead,
            passes: 1,
            full_table_cells: if small_table { 20 } else { AlignConfig::default().full_table_cells },
            band: 3,
            ..AlignConfig::default()
        };
        let a = align(&src, &tgt, &Lang::En, &Lang::Fa, &cfg);
        assert_covers(&a, src.len(), tgt.len(), max_side.max(1));
    }

    #[test]
    fn prop_parallel_equals_sequential(
        pairs in prop::collection::vec((sentences(Lang::En, 12), sentences(Lang::Fa, 12), any::<bool>()), 1..8),
    ) {
        let ar = Lang::Ar;
        let inputs: Vec<PairInput<'_>> = pairs
            .iter()
            .map(|(s, t, is_ar)| PairInput { src: s, tgt: t, src_lang: &Lang::En, tgt_lang: if *is_ar { &ar } else { &Lang::Fa } })
            .collect();
        let cfg = AlignConfig::default();
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| align_all(&inputs, &cfg)).alignments
        };
        let (one, two) = (run(1), run(2));
        prop_assert_eq!(&one, &two);
        for (a, (s, t, _)) in one.iter().zip(&pairs) {
            assert_covers(a, s.len(), t.len(), usize::MAX);
        }
    }

    #[test]
    fn prop_tmx_and_ladder_round_trip(pair in pair_alignment()) {
        let mut tmx = Vec::new();
        export::tmx::write_tmx_units(&mut tmx, &pair.src_lang, &[pair.units()]).unwrap();
        let back = export::tmx::read_tmx(std::str::from_utf8(&tmx).unwrap()).unwrap();
        // a TMX holds only the sentences inside beads: every sentence is in one here
        prop_assert_eq!(back, vec![pair.clone()]);

        let mut ladder = Vec::new();
        export::ladder::write_ladder(&mut ladder, &pair).unwrap();
        let beads = export::ladder::read_ladder(std::str::from_utf8(&ladder).unwrap(), pair.src.len(), pair.tgt.len()).unwrap();
        let spans = |b: &[Bead]| b.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect::<Vec<_>>();
        prop_assert_eq!(spans(&beads), spans(&pair.alignment.beads));
    }
}

/// A random valid pair: sentences with XML and TSV specials, beads of 0..=2 per side.
fn pair_alignment() -> impl Strategy<Value = PairAlignment> {
    let text = "[a-zA-Z0-9 &<>\"'«»،؟\u{200c}\u{06cc}\u{0643}\u{06f1}]{1,20}".prop_map(|s| {
        let t = export::clean_text(&s).text.trim().to_owned();
        if t.is_empty() {
            "x".to_owned()
        } else {
            t
        }
    });
    let shapes = prop::collection::vec(((0usize..=2), (0usize..=2), 0u32..=10_000), 1..10);
    (shapes, prop::collection::vec(text, 40)).prop_map(|(shapes, texts)| {
        let (mut beads, mut i, mut j) = (Vec::new(), 0, 0);
        for (a, b, s) in shapes {
            // the first bead has both sides: a TMX with no target tuv at all cannot say its language
            let (a, b) = if (a == 0 && b == 0) || beads.is_empty() {
                (a.max(1), b.max(1))
            } else {
                (a, b)
            };
            beads.push(Bead {
                src: i..i + a,
                tgt: j..j + b,
                score: f64::from(s) / 10_000.0,
            });
            (i, j) = (i + a, j + b);
        }
        PairAlignment {
            slug: "r".into(),
            src_lang: Lang::En,
            tgt_lang: Lang::Fa,
            src: texts[..i].to_vec(),
            tgt: texts[20..20 + j].to_vec(),
            alignment: Alignment { beads },
        }
    })
}

// ---------------------------------------------------------------------------------------------
// atomic output and paths

fn corpus_with_two_reports(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    for lang in ["en", "fa"] {
        let text = std::fs::read(fixtures().join(format!("tehran-damascus.{lang}.txt"))).unwrap();
        std::fs::write(dir.join(format!("a.{lang}.txt")), &text).unwrap();
        std::fs::write(dir.join(format!("b.{lang}.txt")), &text).unwrap();
    }
}

#[test]
fn run_interrupted_write_leaves_earlier_outputs_whole_and_no_temp_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, out) = (tmp.path().join("c"), tmp.path().join("out"));
    corpus_with_two_reports(&corpus);
    dragoman_ok(tmp.path(), &["run", "c", "--out", "out"]);
    let before: Vec<_> = files_under(&out)
        .into_iter()
        .map(|p| (std::fs::read(out.join(&p)).unwrap(), p))
        .collect();
    assert!(
        before.iter().any(|(_, p)| p.ends_with("a.en-fa.align")),
        "{before:?}"
    );
    // one output of report b cannot be replaced (a folder is in its way): the rename fails
    let blocked = out.join("b.en-fa.tsv");
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir_all(blocked.join("x")).unwrap();
    let o = dragoman(tmp.path(), &["run", "c", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // an output that cannot be written fails its pair, naming the file; pair a was written: 1
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("b.en-fa.tsv"),
        "the error names the file: {stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    let after = files_under(&out);
    assert!(
        !after
            .iter()
            .any(|p| p.to_string_lossy().contains(".tmp")
                || p.to_string_lossy().contains(".dragoman-")),
        "{after:?}"
    );
    // every earlier file is still there, byte-identical (none truncated or half-written), but
    // the index and the corpus TMX, now written without the failed pair b
    let mut kept = 0;
    for (bytes, p) in &before {
        if p.starts_with("b.en-fa.tsv") {
            continue;
        }
        if p == Path::new("index.html") || p == Path::new("corpus.en-fa.tmx") {
            assert!(out.join(p).is_file(), "{} missing", p.display());
            kept += 1;
            continue;
        }
        assert_eq!(
            &std::fs::read(out.join(p)).unwrap(),
            bytes,
            "{} changed",
            p.display()
        );
        kept += 1;
    }
    assert_eq!(kept, before.len() - 1);
}

/// Puts a folder (holding a file) where `path` should be written, so that the rename of a
/// finished temporary file onto it fails whoever runs the test (root included).
fn block(path: &Path) {
    let _ = std::fs::remove_file(path);
    std::fs::create_dir_all(path.join("in-the-way")).unwrap();
}

#[test]
fn run_write_failure_after_a_written_pair_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, reference, out) = (
        tmp.path().join("c"),
        tmp.path().join("ref"),
        tmp.path().join("out"),
    );
    corpus_with_two_reports(&corpus);
    dragoman_ok(tmp.path(), &["run", "c", "--out", "ref"]);
    // pair a is written first (scan order); pair b's bitext cannot be
    block(&out.join("b.en-fa.tsv"));
    let o = dragoman(tmp.path(), &["run", "c", "--out", "out"]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("out/b.en-fa.tsv: "),
        "one line naming the file: {stderr}"
    );
    assert!(stdout.contains("pairs: 1 aligned, 1 failed"), "{stdout}");
    // pair a's files are whole: byte-identical to an undisturbed run
    for f in [
        "a.en.sent",
        "a.fa.sent",
        "a.en-fa.align",
        "a.en-fa.tsv",
        "a.en-fa.diffs.tsv",
        "a.en-fa.diffs.json",
        "a.en-fa.html",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(reference.join(f)).unwrap(),
            "{f}"
        );
    }
    // the index and the corpus TMX hold pair a only
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("a.en-fa.html") && !index.contains("b.en-fa.html"),
        "{index}"
    );
    let tmx = std::fs::read_to_string(out.join("corpus.en-fa.tmx")).unwrap();
    let tus = |t: &str| t.matches("<tu").count();
    assert_eq!(
        2 * tus(&tmx),
        tus(&std::fs::read_to_string(reference.join("corpus.en-fa.tmx")).unwrap())
    );
    assert!(out.join("b.en-fa.tsv/in-the-way").is_dir());
    assert!(
        !files_under(&out)
            .iter()
            .any(|p| p.to_string_lossy().contains(".dragoman-")),
        "no temporary file left"
    );
}

/// An output folder that is a file (or under one) is one clear error naming it, exit 2, for
/// `run` (before any work: the file is left as it was), `export` and `import`.
#[test]
fn run_out_that_is_a_file_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    corpus_with_two_reports(&d.join("c"));
    dragoman_ok(d, &["run", "c", "--out", "ref", "-q"]);
    std::fs::write(d.join("afile"), "mine").unwrap();
    let cases: [(&[&str], &str); 4] = [
        (
            &["run", "c", "--out", "afile", "-q"],
            "error: afile: not a folder\n",
        ),
        (
            &["run", "c", "--out", "afile/sub", "-q"],
            "error: afile/sub: cannot be made a folder: afile is a file\n",
        ),
        (
            &["export", "ref", "--format", "tmx", "--out", "afile"],
            "error: afile: not a folder\n",
        ),
        (
            &["import", "ref/corpus.en-fa.tmx", "--out", "afile"],
            "error: afile: not a folder\n",
        ),
    ];
    for (args, want) in cases {
        let o = dragoman(d, args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), want, "{args:?}");
    }
    assert_eq!(std::fs::read(d.join("afile")).unwrap(), b"mine");
}

#[test]
fn run_exits_2_when_no_pair_could_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    corpus_with_two_reports(&tmp.path().join("c"));
    block(&out.join("a.en-fa.align"));
    block(&out.join("b.en-fa.align"));
    let o = dragoman(
        tmp.path(),
        &["run", "c", "--out", "out", "--save-lexicon", "lex.tsv"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("out/a.en-fa.align: ") && stderr.contains("out/b.en-fa.align: "),
        "{stderr}"
    );
    assert!(
        stderr.contains("no pair could be aligned and written"),
        "{stderr}"
    );
    // nothing that stands for the run: no index, no TMX, no lexicon
    assert!(!out.join("index.html").exists() && !out.join("corpus.en-fa.tmx").exists());
    assert!(!tmp.path().join("lex.tsv").exists());
}

#[test]
fn export_and_import_write_failures_after_a_written_pair_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    corpus_with_two_reports(&tmp.path().join("c"));
    dragoman_ok(tmp.path(), &["run", "c", "--out", "out"]);
    // export: pair b's TMX is blocked; pair a and the corpus file (without b) are written
    block(&tmp.path().join("ex/b.en-fa.tmx"));
    let o = dragoman(
        tmp.path(),
        &["export", "out", "--format", "tmx", "--out", "ex"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("ex/b.en-fa.tmx: "), "{stderr}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("pairs: 1 exported, 1 failed"));
    let a = std::fs::read_to_string(tmp.path().join("ex/a.en-fa.tmx")).unwrap();
    let corpus = std::fs::read_to_string(tmp.path().join("ex/corpus.en-fa.tmx")).unwrap();
    assert_eq!(a.matches("<tu").count(), corpus.matches("<tu").count());
    // everything blocked: nothing exported, 2
    block(&tmp.path().join("ex2/a.en-fa.tmx"));
    block(&tmp.path().join("ex2/b.en-fa.tmx"));
    let o = dragoman(
        tmp.path(),
        &["export", "out", "--format", "tmx", "--out", "ex2"],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!tmp.path().join("ex2/corpus.en-fa.tmx").exists());

    // import: the run's corpus TMX holds pairs a and b; b's alignment is blocked
    block(&tmp.path().join("imp/b.en-fa.align"));
    let o = dragoman(
        tmp.path(),
        &["import", "out/corpus.en-fa.tmx", "--out", "imp"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("imp/b.en-fa.align: "), "{stderr}");
    assert_eq!(
        std::fs::read(tmp.path().join("imp/a.en-fa.align")).unwrap(),
        std::fs::read(tmp.path().join("out/a.en-fa.align")).unwrap()
    );
}

/// Runs `args` with stdout redirected to `stdout` (closed pipe, full device).
fn dragoman_to(cwd: &Path, args: &[&str], stdout: std::process::Stdio) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(cwd)
        .args(args)
        .stdout(stdout)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
        .wait_with_output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_no_panic_and_no_error() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    corpus_with_two_reports(&t.join("c"));
    dragoman_ok(t, &["run", "c", "--out", "out"]);
    for args in [
        &["run", "c", "--out", "out2", "-q"][..],
        &["detect", "c/a.en.txt", "c/a.fa.txt"],
        &["align", "c/a.en.txt", "c/a.fa.txt"],
        &["segment", "c/a.fa.txt"],
        &["diff", "c/a.en.txt", "c/a.fa.txt"],
        &["eval", "out/a.en-fa.align", "out/b.en-fa.align"],
        &["export", "out", "--format", "tsv", "--out", "ex"],
    ] {
        // a pipe whose reader is gone before the first write
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dragoman"))
            .current_dir(t)
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_one_error_line_and_partial_when_files_were_written() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    corpus_with_two_reports(&t.join("c"));
    let full = || std::process::Stdio::from(std::fs::File::create("/dev/full").unwrap());
    // the files are written, only the summary is lost: 1
    for args in [
        &["run", "c", "--out", "out", "-q"][..],
        &["export", "out", "--format", "tsv", "--out", "ex"],
    ] {
        let o = dragoman_to(t, args, full());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: <stdout>: "),
            "{args:?}: {stderr}"
        );
    }
    // the output is the product: nothing done, 2
    for args in [
        &["align", "c/a.en.txt", "c/a.fa.txt"][..],
        &["detect", "c/a.en.txt"],
        &["eval", "out/a.en-fa.align", "out/b.en-fa.align"],
        // help and version are the output too (a fresh user's report: 0, and no message)
        &["--help"],
        &["run", "--help"],
        &["--version"],
    ] {
        let o = dragoman_to(t, args, full());
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: <stdout>: "),
            "{args:?}: {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn run_does_not_follow_a_symlinked_folder_out_of_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let (corpus, outside, out) = (
        tmp.path().join("c"),
        tmp.path().join("outside"),
        tmp.path().join("out"),
    );
    corpus_with_two_reports(&corpus);
    corpus_with_two_reports(&outside);
    std::os::unix::fs::symlink(&outside, corpus.join("link")).unwrap();
    // and a loop, which must not trap the walk
    std::os::unix::fs::symlink(&corpus, corpus.join("loop")).unwrap();
    dragoman_ok(tmp.path(), &["run", "c", "--out", "out"]);
    let files = files_under(&out);
    assert!(
        files
            .iter()
            .all(|p| !p.starts_with("link") && !p.starts_with("loop")),
        "{files:?}"
    );
    assert!(
        files.iter().any(|p| p == Path::new("a.en-fa.align")),
        "{files:?}"
    );
    assert_eq!(files_under(&outside).len(), 4, "nothing written outside");
}

#[test]
fn import_refuses_a_tmx_slug_that_leaves_the_output_folder() {
    let tmp = tempfile::tempdir().unwrap();
    for slug in ["../evil", "/tmp/evil", "a/../../evil"] {
        let tmx = format!(
            "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body>\n<tu><prop type=\"x-slug\">{slug}</prop>\
             <tuv xml:lang=\"en\"><seg>A.</seg></tuv><tuv xml:lang=\"fa\"><seg>الف.</seg></tuv></tu></body></tmx>\n"
        );
        std::fs::write(tmp.path().join("x.tmx"), tmx).unwrap();
        let o = dragoman(tmp.path(), &["import", "x.tmx", "--out", "out"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_ne!(o.status.code(), Some(0), "{slug}: {stderr}");
        // the file and the line of the `x-slug` prop
        assert!(
            stderr.contains("x.tmx:3: ") && stderr.contains("unsafe slug"),
            "{slug}: {stderr}"
        );
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        // the summary counts the refused file (its slug is read as the file is)
        assert!(
            String::from_utf8_lossy(&o.stdout)
                .contains("files: 0 read, 1 failed; pairs: 0 written, 0 failed"),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        assert!(
            !tmp.path().join("evil.en.sent").exists() && !Path::new("/tmp/evil.en.sent").exists()
        );
    }
}

#[test]
fn import_refuses_a_tei_document_outside_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let sub = tmp.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(
        tmp.path().join("a.xml"),
        "<doc language='en'><s id='1:1'>Hi.</s></doc>",
    )
    .unwrap();
    std::fs::write(
        sub.join("b.xml"),
        "<doc language='fa'><s id='1:1'>سلام.</s></doc>",
    )
    .unwrap();
    std::fs::write(
        sub.join("t.en-fa.tei.xml"),
        "<linkGrp toDoc='../a.xml' fromDoc='b.xml'>\n<link xtargets='1:1;1:1'/></linkGrp>",
    )
    .unwrap();
    let o = dragoman(
        tmp.path(),
        &["import", "sub/t.en-fa.tei.xml", "--out", "out"],
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("t.en-fa.tei.xml:1") && stderr.contains("toDoc \"../a.xml\""),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// errors and exit codes

/// Runs `args` in `cwd` and checks the exit code and a one-line stderr holding `needle`.
fn fails(cwd: &Path, args: &[&str], code: i32, needle: &str) {
    let o = dragoman(cwd, args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(
        stderr.contains(needle),
        "{args:?}: {needle:?} not in {stderr}"
    );
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{args:?}: more than one line:\n{stderr}"
    );
}

#[test]
fn every_subcommand_exits_2_naming_a_missing_file() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    fails(t, &["run", "nope", "--out", "out"], 2, "nope");
    fails(
        t,
        &["align", "nope.en.txt", "nope.fa.txt"],
        2,
        "nope.en.txt",
    );
    fails(t, &["segment", "nope.en.txt"], 2, "nope.en.txt");
    fails(t, &["eval", "nope.gold", "nope.pred"], 2, "nope.gold");
    fails(t, &["diff", "nope.en.txt", "nope.fa.txt"], 2, "nope.en.txt");
    fails(
        t,
        &["export", "nope", "--format", "tmx", "--out", "o"],
        2,
        "nope",
    );
    fails(t, &["import", "nope.tmx", "--out", "o"], 2, "nope.tmx");
    fails(t, &["pair", "nope", "nope2"], 2, "nope");
    fails(t, &["detect", "nope.txt"], 2, "nope.txt");
    fails(
        t,
        &[
            "embed",
            "--embeddings",
            "http://127.0.0.1:9/v1",
            "nope.sent",
        ],
        2,
        "nope.sent",
    );
    // detect and import go on past a bad file: 1, one line per bad file
    std::fs::write(
        t.join("ok.en.txt"),
        "The talks in Tehran ended on Monday without an agreement.\n",
    )
    .unwrap();
    let o = dragoman(t, &["detect", "nope.txt", "ok.en.txt", "nope2.txt"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().collect::<Vec<_>>().len(), 2, "{stderr}");
    assert!(
        stderr.contains("nope.txt: ") && stderr.contains("nope2.txt: "),
        "{stderr}"
    );
}

#[test]
fn eval_names_file_and_line_of_a_bad_bead() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("g.align"), "[0]:[0]\n[1:[1]\n").unwrap();
    std::fs::write(tmp.path().join("p.align"), "[0]:[0]\n").unwrap();
    fails(tmp.path(), &["eval", "g.align", "p.align"], 2, "g.align:2");
}

#[test]
fn align_names_a_binary_file_and_its_first_bad_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let bin: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(tmp.path().join("x.en.txt"), &bin).unwrap();
    std::fs::write(tmp.path().join("x.fa.txt"), "سلام.\n").unwrap();
    fails(
        tmp.path(),
        &["align", "x.en.txt", "x.fa.txt"],
        2,
        "x.en.txt",
    );
}

// ---------------------------------------------------------------------------------------------
// limits (README "Limits")

#[test]
fn align_one_sentence_against_ten_thousand() {
    let src = vec![Sentence::new(
        "The minister arrived in Tehran on 12 May.",
        &Lang::En,
        0,
    )];
    let tgt: Vec<Sentence> = (0..10_000)
        .map(|k| Sentence::new(&format!("جمله شماره {k} درباره تهران است."), &Lang::Fa, 0))
        .collect();
    let t0 = std::time::Instant::now();
    let a = align(&src, &tgt, &Lang::En, &Lang::Fa, &AlignConfig::default());
    assert_covers(&a, 1, 10_000, usize::MAX);
    assert!(t0.elapsed().as_secs_f64() < 5.0, "{:?}", t0.elapsed());
}

#[test]
fn run_handles_a_punctuation_only_edition() {
    let tmp = tempfile::tempdir().unwrap();
    let c = tmp.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("p.en.txt"), "...\n!!! ??? ...\n-- -- --\n").unwrap();
    std::fs::write(c.join("p.fa.txt"), "؟؟؟\n«»\n").unwrap();
    let o = dragoman(tmp.path(), &["run", "c", "--out", "out"]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{stderr}");
    let align = std::fs::read_to_string(tmp.path().join("out/p.en-fa.align")).unwrap();
    let beads: Vec<_> = align
        .lines()
        .filter_map(|l| dragoman::eval::parse_bead(l).unwrap())
        .collect();
    let (m, n) = (
        beads.iter().map(|b| b.0.len()).sum::<usize>(),
        beads.iter().map(|b| b.1.len()).sum::<usize>(),
    );
    let sents = |f: &str| {
        std::fs::read_to_string(tmp.path().join("out").join(f))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!((m, n), (sents("p.en.sent"), sents("p.fa.sent")));
}

#[test]
fn run_walks_a_deep_folder_tree() {
    let tmp = tempfile::tempdir().unwrap();
    let mut d = tmp.path().join("c");
    for k in 0..60 {
        d = d.join(format!("d{k}"));
    }
    corpus_with_two_reports(&d);
    let so = dragoman_ok(tmp.path(), &["run", "c", "--out", "out"]);
    assert!(so.contains("pairs: 2 aligned, 0 failed"), "{so}");
    let rel: std::path::PathBuf = (0..60).map(|k| format!("d{k}")).collect();
    assert!(tmp
        .path()
        .join("out")
        .join(rel)
        .join("a.en-fa.align")
        .is_file());
}

#[test]
fn pair_force_refuses_paths_outside_the_given_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for (dir, name, text) in [
        ("en", "a.txt", "Talks in Tehran ended on 12 May.\n"),
        ("fa", "z.txt", "گفت‌وگوها در تهران در ۱۲ مه پایان یافت.\n"),
        ("outside", "a.txt", "Talks in Tehran ended on 12 May.\n"),
    ] {
        std::fs::create_dir_all(t.join(dir)).unwrap();
        std::fs::write(t.join(dir).join(name), text).unwrap();
    }
    let outside = t.join("outside").join("a.txt");
    for en in [
        "../outside/a.txt",
        "en/../outside/a.txt",
        outside.to_str().unwrap(),
    ] {
        std::fs::write(t.join("forced.csv"), format!("en,other\n{en},fa/z.txt\n")).unwrap();
        fails(
            t,
            &["pair", "en", "fa", "--force", "forced.csv"],
            2,
            &format!("forced.csv:2: {en} is not one of the English documents"),
        );
    }
}

#[test]
fn run_with_only_unpaired_editions_exits_2_naming_the_corpus() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("o.en.txt"), "Title\n\nOnly English here.\n").unwrap();
    let out = dragoman(d.path(), &["run", "c", "--out", "o", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("c/o.en.txt: unpaired edition"), "{err}");
    assert!(
        err.contains(
            "error: no pair to align in c: no English edition has a Persian or Arabic partner"
        ),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_an_edition_is_skipped_not_read() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    for f in ["tehran-damascus.en.txt", "tehran-damascus.fa.txt"] {
        std::fs::copy(fixtures().join(f), c.join(f)).unwrap();
    }
    let made = std::process::Command::new("mkfifo")
        .arg(c.join("f.en.txt"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // reading the FIFO would block forever: the run must finish and write the real pair
    let out = dragoman(d.path(), &["run", "c", "--out", "o", "-q"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("c/f.en.txt: skipped: not a regular file"),
        "{err}"
    );
    assert!(d.path().join("o/tehran-damascus.en-fa.align").is_file());
}

#[test]
fn index_links_percent_encode_slugs_with_url_characters() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    for slug in ["a#b", "c?d", "e%20f"] {
        seed_editions(&c, slug, &["en", "fa"]);
    }
    let out = dragoman(d.path(), &["run", "c", "--out", "o", "-q"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = std::fs::read_to_string(d.path().join("o/index.html")).unwrap();
    for (href, file) in [
        ("a%23b.en-fa.html", "a#b.en-fa.html"),
        ("c%3Fd.en-fa.html", "c?d.en-fa.html"),
        ("e%2520f.en-fa.html", "e%20f.en-fa.html"),
    ] {
        assert!(
            index.contains(&format!("href=\"{href}\"")),
            "{href}: {index}"
        );
        // and the link's target, decoded, is the page written
        assert!(d.path().join("o").join(file).is_file(), "{file}");
    }
}

/// `.sent` files with blank lines: the blank lines are skipped, so ids count non-blank lines,
/// and `align --presegmented`, `diff --presegmented` and `run` each warn once per file, naming
/// the file and the blank lines before its last sentence (not those at its end).
#[test]
fn align_presegmented_blank_lines_warn_naming_file_and_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    std::fs::create_dir(d.join("c")).unwrap();
    let en = "The talks lasted three hours.\n\nHeavy snow closed the roads.\nPrices rose by 5 percent.\n\n";
    let fa =
        "گفت‌وگوها سه ساعت طول کشید.\nبرف سنگین جاده‌ها را بست.\n \n\nقیمت‌ها ۵ درصد افزایش یافت.\n";
    std::fs::write(d.join("c/b.en.sent"), en).unwrap();
    std::fs::write(d.join("c/b.fa.sent"), fa).unwrap();
    let want = |dir: &str| {
        format!(
            "warning: {dir}b.en.sent: blank line 2 skipped: sentence ids count non-blank lines only, so after line 2 they are not line numbers minus 1\n\
             warning: {dir}b.fa.sent: blank lines 3-4 skipped: sentence ids count non-blank lines only, so after line 3 they are not line numbers minus 1\n"
        )
    };
    let o = dragoman(
        &d.join("c"),
        &["align", "--presegmented", "b.en.sent", "b.fa.sent"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), want(""));
    // ids count non-blank lines: three 1-1 beads
    assert_eq!(
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .map(|l| l.rsplit_once(':').unwrap().0)
            .collect::<Vec<_>>(),
        ["[0]:[0]", "[1]:[1]", "[2]:[2]"]
    );
    let o = dragoman(
        &d.join("c"),
        &["diff", "--presegmented", "b.en.sent", "b.fa.sent"],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), want(""));
    // `run` reads .sent editions the same way, and its .sent outputs list the sentences ids
    // refer to
    let o = dragoman(d, &["run", "c", "--out", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&o.stderr), want("c/"));
    assert_eq!(
        std::fs::read_to_string(d.join("out/b.en.sent")).unwrap(),
        "The talks lasted three hours.\nHeavy snow closed the roads.\nPrices rose by 5 percent.\n"
    );
}
