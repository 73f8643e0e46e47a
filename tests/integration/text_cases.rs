//! Shared cases of the text stage (`../shared/cases`, see its README): B01 load, B03 and B04
//! normalize, B06 detect, B08 and B10 split. Each test reads the case's own input files and
//! skips, with a message, when `../shared` is absent.

use dragoman::corpus::read::read_text;
use dragoman::corpus::{load_edition, EditionFormat, Sentence};
use dragoman::detect::{detect, detect_edition, detect_within, Detected};
use dragoman::normalize::{normalize, word_key};
use dragoman::Lang;
use std::path::{Path, PathBuf};
use std::process::Command;

const ZWNJ: char = '\u{200C}';

/// The case folder, or `None` (after printing why) when `../shared` is not there.
fn case(name: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/cases")
        .join(name);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP {name}: {} not found (../shared is absent)",
            dir.display()
        );
        None
    }
}

fn sentences(path: &Path, lang: Lang) -> Vec<Sentence> {
    load_edition(path, Some(lang), Some(EditionFormat::Text))
        .unwrap_or_else(|e| panic!("{e}"))
        .sentences
}

fn texts(s: &[Sentence]) -> Vec<&str> {
    s.iter().map(|s| s.text.as_str()).collect()
}

fn lines(path: &Path) -> Vec<String> {
    read_text(path)
        .unwrap_or_else(|e| panic!("{e}"))
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn case_b01_bom_crlf() {
    let Some(dir) = case("B01") else { return };
    let en = sentences(&dir.join("en.txt"), Lang::En);
    assert_eq!(
        texts(&en),
        vec![
            "Talks in Vienna ended on Monday.",
            "The two delegations met for three hours.",
            "No date was set for the next round."
        ]
    );
    let fa = sentences(&dir.join("fa.txt"), Lang::Fa);
    assert_eq!(fa.len(), 3);
    assert!(fa[0].text.starts_with('\u{06AF}'), "{:?}", fa[0].text);
    for s in en.iter().chain(&fa) {
        assert!(
            !s.text.contains(['\u{FEFF}', '\r']) && !s.norm.contains(['\u{FEFF}', '\r']),
            "{s:?}"
        );
    }
    // paragraphs [1, 2] and [3]: the CR LF-only line is a paragraph break, not a sentence
    let paras: Vec<usize> = en.iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, vec![0, 0, 1]);
    let paras: Vec<usize> = fa.iter().map(|s| s.paragraph).collect();
    assert_eq!(paras, vec![0, 0, 1]);
    // detection is not disturbed by the BOM
    assert_eq!(
        detect_edition(&read_text(&dir.join("en.txt")).unwrap()).language,
        Some(Detected::Lang(Lang::En))
    );
    assert_eq!(
        detect_edition(&read_text(&dir.join("fa.txt")).unwrap()).language,
        Some(Detected::Lang(Lang::Fa))
    );
    // the segment command writes LF lines, no CR, no BOM; the first line byte-exact
    let out = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(["segment", "--lang", "en"])
        .arg(dir.join("en.txt"))
        .output()
        .expect("run dragoman");
    assert!(out.status.success());
    assert!(out
        .stdout
        .starts_with(b"Talks in Vienna ended on Monday.\n"));
    assert!(!out.stdout.contains(&b'\r') && !out.stdout.windows(3).any(|w| w == b"\xEF\xBB\xBF"));
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 3);
    // no exported file of a run, in any format, holds a CR byte
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::copy(dir.join("en.txt"), c.join("b01.en.txt")).unwrap();
    std::fs::copy(dir.join("fa.txt"), c.join("b01.fa.txt")).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .current_dir(d.path())
        .args([
            "run",
            "c",
            "--out",
            "o",
            "-q",
            "--formats",
            "tmx,moses,tsv,csv,jsonl,ladder,tei",
        ])
        .output()
        .expect("run dragoman");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let files: Vec<_> = std::fs::read_dir(d.path().join("o"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(files
        .iter()
        .any(|p| p.extension().is_some_and(|e| e == "csv")));
    for p in files {
        assert!(
            !std::fs::read(&p).unwrap().contains(&b'\r'),
            "{}",
            p.display()
        );
    }
}

#[test]
fn case_b03_yeh_kaf_language_aware() {
    let Some(dir) = case("B03") else { return };
    let fa = lines(&dir.join("fa.txt"));
    // line 1 typed on an Arabic keyboard: ي → ی, ك → ک, ئ left alone
    assert!(fa[0].contains('\u{064A}') && fa[0].contains('\u{0643}'));
    assert_eq!(
        normalize(&fa[0], &Lang::Fa),
        "رئیس جمهور در تبریز سخنرانی کرد."
    );
    assert_eq!(normalize(&fa[1], &Lang::Fa), fa[1]);
    assert_eq!(normalize(&fa[2], &Lang::Fa), fa[2]);
    let ar = lines(&dir.join("ar.txt"));
    assert_eq!(normalize(&ar[0], &Lang::Ar).as_bytes(), ar[0].as_bytes());
    assert_eq!(normalize(&ar[1], &Lang::Ar).as_bytes(), ar[1].as_bytes());
    assert!(ar[2].contains('\u{06A9}') && ar[2].contains('\u{06CC}'));
    assert_eq!(normalize(&ar[2], &Lang::Ar), "وقال إن اللقاء كان مفيدا.");
    // the edition's own letters stay in the text used for output
    let s = sentences(&dir.join("fa.txt"), Lang::Fa);
    assert_eq!(s[0].text, fa[0]);
    assert_eq!(s[0].norm, "رئیس جمهور در تبریز سخنرانی کرد.");
    // matching keys: تبريز (raw fa1) and تبریز (fa2) are the same name
    let key =
        |line: &str, i: usize| word_key(line.split(' ').nth(i).unwrap().trim_end_matches('.'));
    assert_eq!(key(&fa[0], 3), key(&fa[1], 2));
    assert_eq!(key(&fa[1], 2), word_key("تبریز"));
    // idempotent
    for (l, lang) in fa
        .iter()
        .map(|l| (l, Lang::Fa))
        .chain(ar.iter().map(|l| (l, Lang::Ar)))
    {
        let once = normalize(l, &lang);
        assert_eq!(normalize(&once, &lang), once);
    }
}

#[test]
fn case_b04_zwnj() {
    let Some(dir) = case("B04") else { return };
    let fa = lines(&dir.join("fa.txt"));
    let z = ZWNJ;
    let want = [
        fa[0].clone(),
        format!("کتاب{z}ها در کتابخانه ماند."),
        "خبرها به سرعت منتشر شد.".to_owned(),
        "بندر ها بسته بود.".to_owned(),
    ];
    assert_eq!(fa[0].matches(z).count(), 2);
    for (line, want) in fa.iter().zip(&want) {
        let n = normalize(line, &Lang::Fa);
        assert_eq!(&n, want, "{line:?}");
        assert!(!n.contains("می گوید") && !n.contains("میگوید"));
        assert_eq!(normalize(&n, &Lang::Fa), n);
    }
    // words keep their ZWNJ: 6, 4, 5, 4 tokens, punctuation excluded
    let counts: Vec<usize> = fa
        .iter()
        .map(|l| {
            normalize(l, &Lang::Fa)
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        })
        .collect();
    assert_eq!(counts, vec![6, 4, 5, 4]);
    // the original text (for export) keeps the ZWNJ bytes
    let s = sentences(&dir.join("fa.txt"), Lang::Fa);
    assert_eq!(s.len(), 4);
    assert!(
        s[0].text
            .as_bytes()
            .windows(3)
            .filter(|w| *w == b"\xE2\x80\x8C")
            .count()
            == 2
    );
}

#[test]
fn case_b06_detection() {
    let Some(dir) = case("B06") else { return };
    let samples = lines(&dir.join("samples.txt"));
    let fa = Some(Detected::Lang(Lang::Fa));
    let ar = Some(Detected::Lang(Lang::Ar));
    let want = [
        fa.clone(),
        fa.clone(),
        ar.clone(),
        ar.clone(),
        ar,
        None,
        None,
        Some(Detected::Urdu),
        Some(Detected::Lang(Lang::En)),
    ];
    assert_eq!(samples.len(), want.len());
    for (s, w) in samples.iter().zip(&want) {
        assert_eq!(&detect(&normalize(s, &Lang::Other("und".into()))), w, "{s}");
    }
    // document test: the edition is fa, and every sentence of it, short or ambiguous, is fa
    let doc = detect_edition(&read_text(&dir.join("fa.txt")).unwrap());
    assert_eq!(doc.language, fa);
    let s = sentences(&dir.join("fa.txt"), Lang::Fa);
    assert_eq!(s.len(), 4);
    assert_eq!(s[1].text, "چرا؟");
    assert_eq!(s[3].text, "حتما.");
    let edition = Detected::Lang(Lang::Fa);
    for x in &s {
        assert_eq!(detect_within(&x.norm, &edition), edition, "{}", x.text);
    }
    assert_eq!(
        detect_edition(&read_text(&dir.join("en.txt")).unwrap()).language,
        Some(Detected::Lang(Lang::En))
    );
    assert_eq!(sentences(&dir.join("en.txt"), Lang::En).len(), 4);
}

#[test]
fn case_b08_arabic_question_mark_comma_semicolon() {
    let Some(dir) = case("B08") else { return };
    assert_eq!(
        texts(&sentences(&dir.join("ar.txt"), Lang::Ar)),
        vec![
            "هل انتهت المحادثات؟",
            "قال المتحدث، بعد الاجتماع، إن الجولة القادمة ستعقد في مسقط.",
            "لم يتم تحديد موعد بعد!",
            "وأضاف: سنواصل العمل؛ لا شيء مستبعد.",
        ]
    );
    assert_eq!(
        texts(&sentences(&dir.join("fa.txt"), Lang::Fa)),
        vec![
            "آیا گفت‌وگوها تمام شد؟",
            "سخنگو، پس از نشست، گفت دور بعد در مسقط برگزار می‌شود.",
            "هنوز تاریخی تعیین نشده است!",
            "او افزود: به کار ادامه می‌دهیم؛ هیچ گزینه‌ای منتفی نیست.",
        ]
    );
    assert_eq!(sentences(&dir.join("en.txt"), Lang::En).len(), 4);
}

#[test]
fn case_b10_abbreviations_and_quotes() {
    let Some(dir) = case("B10") else { return };
    let en = sentences(&dir.join("en.txt"), Lang::En);
    assert_eq!(
        texts(&en),
        vec![
            "Gen. Smith arrived in the U.S. on Monday.",
            "He told reporters: \"We came to listen.",
            "We will decide later.\"",
            "The next round will be held in the U.S.",
            "The date is not yet fixed.",
            "Talks resumed at 9 a.m. on Tuesday.",
        ]
    );
    let fa = sentences(&dir.join("fa.txt"), Lang::Fa);
    assert_eq!(
        texts(&fa),
        vec![
            "ژنرال اسمیت روز دوشنبه وارد آمریکا شد.",
            "او به خبرنگاران گفت: «آمده‌ایم تا گوش کنیم.",
            "بعداً تصمیم می‌گیریم.»",
            "دور بعد در آمریکا برگزار می‌شود.",
            "تاریخ آن هنوز مشخص نیست.",
            "گفت‌وگوها روز سه‌شنبه ساعت ۹ صبح از سر گرفته شد.",
        ]
    );
    for s in en.iter().chain(&fa) {
        assert!(!s.text.starts_with(['"', '»', '”']), "{}", s.text);
    }
}
