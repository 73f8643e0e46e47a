//! Sentence splitting against gold, and the `segment`, `eval --segments` and `detect` commands.

use dragoman::corpus::{sentences_of, EditionFormat};
use dragoman::segeval::score_texts;
use dragoman::Lang;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn dragoman(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(args)
        .output()
        .expect("run dragoman")
}

fn lang(code: &str) -> Lang {
    Lang::from_code(code).expect("language code")
}

/// Runs `dragoman segment --lang L FILE` and returns stdout.
fn segment_cli(file: &Path, code: &str) -> String {
    let out = dragoman(&[
        "segment",
        "--lang",
        code,
        file.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn check_seed(code: &str) {
    let pred = segment_cli(&fixture(&format!("tehran-damascus.{code}.txt")), code);
    let gold = read(&fixture(&format!("tehran-damascus.{code}.sent")));
    let s = score_texts(&gold, &pred);
    eprintln!(
        "segment {code}: P={:.3} R={:.3} F1={:.3}",
        s.precision(),
        s.recall(),
        s.f1()
    );
    assert!(s.f1() >= 0.99, "F1 {:.3} < 0.99 for {code}", s.f1());
    assert_eq!(s.gold_chars, s.pred_chars, "characters lost or added");
    // on this small set: no error at all
    let g: Vec<&str> = gold.lines().collect();
    let p: Vec<&str> = pred.lines().collect();
    assert_eq!(p, g, "```\n{pred}```");
}

#[test]
fn segment_seed_en_matches_gold() {
    check_seed("en");
}

#[test]
fn segment_seed_fa_matches_gold() {
    check_seed("fa");
}

#[test]
fn segment_seed_ar_matches_gold() {
    check_seed("ar");
}

#[test]
fn segment_rule_fixtures_match_hand_gold() {
    for code in ["en", "fa", "ar"] {
        let text = read(&fixture(&format!("segment/rules.{code}.txt")));
        let gold = read(&fixture(&format!("segment/rules.{code}.sent")));
        let got: Vec<String> = sentences_of(&text, &lang(code), EditionFormat::Text)
            .into_iter()
            .map(|s| s.text)
            .collect();
        let want: Vec<&str> = gold.lines().collect();
        assert_eq!(got, want, "{code}");
        let s = score_texts(&gold, &(got.join("\n") + "\n"));
        assert_eq!((s.fp, s.fn_), (0, 0), "{code}");
    }
}

/// A prediction with one merge (lines 1 and 2) and one wrong split (line 3 at its first space):
/// gold has n boundaries, the prediction n - 1 + 1, of which n - 1 are right.
fn damaged(gold: &str) -> String {
    let mut lines: Vec<String> = gold.lines().map(str::to_owned).collect();
    let merged = format!("{} {}", lines[1], lines[2]);
    lines.splice(1..3, [merged]);
    let third = lines[2].clone();
    let cut = third.find(' ').expect("a space in the line");
    lines.splice(
        2..3,
        [third[..cut].to_owned(), third[cut..].trim().to_owned()],
    );
    lines.join("\n") + "\n"
}

#[test]
fn eval_segments_prints_boundary_scores() {
    let d = tempfile::tempdir().unwrap();
    let gold_path = fixture("tehran-damascus.en.sent");
    let gold = read(&gold_path);
    let n = gold.lines().count();
    assert_eq!(n, 18);
    let pred_path = d.path().join("pred.sent");
    std::fs::write(&pred_path, damaged(&gold)).unwrap();
    // worked by hand: tp = 17, fp = 1, fn = 1, so P = R = F1 = 17/18 = 0.944
    let s = score_texts(&gold, &damaged(&gold));
    assert_eq!((s.tp, s.fp, s.fn_), (17, 1, 1));
    let out = dragoman(&[
        "eval",
        "--segments",
        gold_path.to_str().unwrap(),
        pred_path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "P=0.944 R=0.944 F1=0.944\n"
    );
}

#[test]
fn eval_segments_agrees_with_score_segments_py() {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/score_segments.py");
    if !tool.exists() {
        eprintln!("SKIP: {} not found", tool.display());
        return;
    }
    let d = tempfile::tempdir().unwrap();
    for code in ["en", "fa", "ar"] {
        let gold_path = fixture(&format!("tehran-damascus.{code}.sent"));
        let pred_path = d.path().join(format!("{code}.sent"));
        // a damaged prediction, with a BOM, CR LF and a bidi mark, which both tools ignore
        let pred = format!(
            "\u{FEFF}{}",
            damaged(&read(&gold_path)).replace('\n', "\u{200F}\r\n")
        );
        std::fs::write(&pred_path, pred).unwrap();
        let py = match Command::new("python3")
            .arg(&tool)
            .arg(&gold_path)
            .arg(&pred_path)
            .output()
        {
            Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
            _ => {
                eprintln!("SKIP: python3 could not run {}", tool.display());
                return;
            }
        };
        let ours = dragoman(&[
            "eval",
            "--segments",
            gold_path.to_str().unwrap(),
            pred_path.to_str().unwrap(),
        ]);
        assert_eq!(String::from_utf8_lossy(&ours.stdout), py, "{code}");
    }
}

#[test]
fn segment_srx_option_uses_the_users_rules() {
    let d = tempfile::tempdir().unwrap();
    let srx = d.path().join("semi.srx");
    std::fs::write(
        &srx,
        r#"<?xml version="1.0"?><srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="semi"><rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule></languagerule>
</languagerules><maprules><languagemap languagepattern="en" languagerulename="semi"/></maprules></body></srx>"#,
    )
    .unwrap();
    let text = d.path().join("x.en.txt");
    std::fs::write(&text, "One; two. Three\n").unwrap();
    let out = dragoman(&[
        "segment",
        "--srx",
        srx.to_str().unwrap(),
        text.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "One;\ntwo. Three\n");
}

#[test]
fn segment_bad_srx_is_an_error_naming_the_file() {
    let d = tempfile::tempdir().unwrap();
    let srx = d.path().join("bad.srx");
    std::fs::write(
        &srx,
        r#"<srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="x"><rule break="yes"><beforebreak>(?&lt;=a)\.</beforebreak></rule></languagerule>
</languagerules><maprules><languagemap languagepattern=".*" languagerulename="x"/></maprules></body></srx>"#,
    )
    .unwrap();
    let text = d.path().join("x.en.txt");
    std::fs::write(&text, "One.\n").unwrap();
    let out = dragoman(&[
        "segment",
        "--srx",
        srx.to_str().unwrap(),
        text.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.srx") && err.contains("beforebreak"),
        "{err}"
    );
}

#[test]
fn segment_reads_utf16_and_refuses_bad_bytes_with_the_offset() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("u.en.txt");
    let mut bytes = vec![0xFF, 0xFE];
    for u in "Talks ended. No date was set.\r\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    std::fs::write(&p, bytes).unwrap();
    assert_eq!(segment_cli(&p, "en"), "Talks ended.\nNo date was set.\n");
    let bad = d.path().join("bad.en.txt");
    std::fs::write(&bad, b"Talks ended.\n\xC3\x28").unwrap();
    let out = dragoman(&["segment", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.en.txt") && err.contains("offset 13"),
        "{err}"
    );
    let empty = d.path().join("empty.fa.txt");
    std::fs::write(&empty, "\u{FEFF}\r\n \r\n").unwrap();
    let out = dragoman(&["segment", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.fa.txt"));
}

#[test]
fn detect_reports_files_and_foreign_paragraphs() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("mixed.fa.txt");
    std::fs::write(
        &p,
        "گفت‌وگوها در وین پایان یافت\n\nدو هیئت سه ساعت با هم دیدار کردند و برای دور بعد تاریخی تعیین نشد.\n\nThe two delegations met for three hours and no date was set.\n",
    )
    .unwrap();
    let en = fixture("tehran-damascus.en.txt");
    let ar = fixture("tehran-damascus.ar.txt");
    let out = dragoman(&[
        "detect",
        p.to_str().unwrap(),
        en.to_str().unwrap(),
        ar.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = format!(
        "{p}\tfa\n{p}:5\ten\tparagraph 2\n{en}\ten\n{ar}\tar\n",
        p = p.display(),
        en = en.display(),
        ar = ar.display()
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), want);
}

#[test]
fn align_srx_option_splits_both_editions_with_the_users_rules() {
    let d = tempfile::tempdir().unwrap();
    let srx = d.path().join("semi.srx");
    std::fs::write(
        &srx,
        r#"<srx version="2.0"><header cascade="yes"/><body><languagerules>
<languagerule languagerulename="semi"><rule break="yes"><beforebreak>[;؛]</beforebreak><afterbreak>\s</afterbreak></rule></languagerule>
</languagerules><maprules><languagemap languagepattern=".*" languagerulename="semi"/></maprules></body></srx>"#,
    )
    .unwrap();
    let en = d.path().join("x.en.txt");
    let fa = d.path().join("x.fa.txt");
    std::fs::write(&en, "The talks lasted 3 hours; no date was set for 2025.\n").unwrap();
    std::fs::write(
        &fa,
        "گفت‌وگوها ۳ ساعت طول کشید؛ تاریخی برای ۲۰۲۵ تعیین نشد.\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["align", en.to_str().unwrap(), fa.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = dragoman(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.rsplit_once(':').map_or("", |x| x.0).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&[]), vec!["[0]:[0]"]);
    assert_eq!(
        run(&["--srx", srx.to_str().unwrap()]),
        vec!["[0]:[0]", "[1]:[1]"]
    );
}

#[test]
fn detect_reports_an_unreadable_file_and_goes_on() {
    let d = tempfile::tempdir().unwrap();
    let bad = d.path().join("bad.fa.txt");
    std::fs::write(&bad, b"\xEF\xBB\xBF\xD8\xA7\xFF").unwrap();
    let good = d.path().join("good.ar.txt");
    let mut bytes = vec![0xFE, 0xFF];
    for u in "هل سيعقد الاجتماع غدا في مسقط؟\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_be_bytes());
    }
    std::fs::write(&good, bytes).unwrap();
    let out = dragoman(&["detect", bad.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("{}\tar\n", good.display())
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.fa.txt") && err.contains("offset 5"),
        "{err}"
    );
}

#[test]
fn eval_segments_refuses_another_text_and_an_empty_gold_and_names_a_bad_line() {
    let d = tempfile::tempdir().unwrap();
    let w = |name: &str, bytes: &[u8]| {
        let p = d.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p.to_str().unwrap().to_owned()
    };
    let gold = w("gold.txt", b"One. Two.\nThree.\nFour.\n");
    // a word lost on line 3 of the prediction; score_segments.py only warns here
    let lost = w("lost.txt", b"One.\nTwo.\nFour.\n");
    let empty = w("empty.txt", b"\n \n");
    let bad = w("bad.txt", b"One.\nTwo.\nThree.\xff\nFour.\n");
    for (g, p, wants) in [
        (
            &gold,
            &lost,
            format!("{lost}:3: not a segmentation of the gold text (13 non-space chars, gold {gold} has 19): the first difference is at this line and at line 2 of the gold"),
        ),
        (&empty, &gold, format!("{empty}: the gold file holds no sentence")),
        (&gold, &bad, format!("{bad}:3: not valid UTF-8")),
    ] {
        let out = dragoman(&["eval", "--segments", g, p]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(&wants), "{err}");
        assert!(out.stdout.is_empty());
    }
    // the same text split otherwise: gold boundaries {8, 14, 19}, pred {4, 14, 19}: P = R = 2/3
    let ok = w("ok.txt", b"One.\nTwo. Three.\nFour.\n");
    let out = dragoman(&["eval", "--segments", &gold, &ok]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "P=0.667 R=0.667 F1=0.667\n"
    );
}
