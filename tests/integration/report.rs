//! `dragoman run` writes diffs.json, an HTML page per pair and index.html; `dragoman diff`.

use crate::diff_score::{fixture, rows, score, shared, Score};
use std::path::Path;
use std::process::Command;

fn copy_gold(corpus: &Path) {
    for l in ["en", "fa", "ar"] {
        let name = format!("tehran-damascus.{l}.sent");
        std::fs::copy(fixture(&name), corpus.join(&name)).expect("copy fixture");
    }
}

fn dragoman(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_dragoman"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run dragoman")
}

#[test]
fn run_end_to_end_on_the_gold_sentences() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    copy_gold(&corpus);
    let out = tmp.path().join("out");
    let rep = dragoman::pipeline::run(
        &corpus,
        &out,
        &dragoman::align::AlignConfig::default(),
        &|_: &str| {},
    )
    .expect("run");
    assert_eq!(rep.pairs.len(), 2);
    let mut acc = Score::default();
    for l in ["fa", "ar"] {
        let gold = std::fs::read_to_string(fixture(&format!("tehran-damascus.en-{l}.diffs.tsv")))
            .expect("gold");
        let pred = std::fs::read_to_string(out.join(format!("tehran-damascus.en-{l}.diffs.tsv")))
            .expect("pred");
        score(&rows(&gold), &rows(&pred), &mut acc);
    }
    // The acceptance bar of the edition-audit issue, end to end (our alignment, not the gold
    // one): recall >= 0.95, precision >= 0.90, no equivalent number or date flagged. Measured at
    // this commit: recall 1.000, precision 0.917 (11 gold rows, 12 predicted: an extra omission
    // of en14 in en-fa, where the gold has the merge [13, 14]:[14]).
    println!("end to end: {}", acc.line());
    assert_eq!(acc.alarms, 0, "{}", acc.line());
    assert!(acc.recall() >= 0.95, "{}", acc.line());
    assert!(acc.precision() >= 0.90, "{}", acc.line());

    // diffs.json: the Arabic number mismatch with its spans
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("tehran-damascus.en-ar.diffs.json")).expect("json"),
    )
    .expect("valid json");
    assert_eq!(json["pair"], "tehran-damascus.en-ar");
    let num = json["diffs"]
        .as_array()
        .expect("diffs")
        .iter()
        .find(|d| d["kind"] == "number_mismatch")
        .expect("number mismatch");
    assert_eq!(num["src_spans"][0]["text"], "22");
    assert_eq!(num["tgt_spans"][0]["text"], "٢١");
    assert_eq!(num["tgt_spans"][0]["sent"], 10);
    // char offsets: "تضم ٢١" - the digits start at char 40 of Arabic sentence 10
    let ar10: Vec<char> = std::fs::read_to_string(fixture("tehran-damascus.ar.sent"))
        .expect("ar")
        .lines()
        .nth(10)
        .expect("line 10")
        .chars()
        .collect();
    let (s, e) = (
        num["tgt_spans"][0]["start"].as_u64().unwrap_or(0) as usize,
        num["tgt_spans"][0]["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(ar10[s..e].iter().collect::<String>(), "٢١");

    // the HTML page and the index
    let html = std::fs::read_to_string(out.join("tehran-damascus.en-fa.html")).expect("html");
    assert!(html.contains(r#"<td class="side tgt" lang="fa" dir="rtl">"#));
    assert!(html.contains(r#"<mark class="k-date_mismatch " title="Date mismatch: the English has 2017 (Gregorian), the fa edition 1397 (Solar Hijri) = 2018-03-21 to 2019-03-20: no common day">۱۳۹۷</mark>"#));
    assert!(html.contains(r#"class="bead row-omission""#));
    assert!(html.contains("Term shift: <b>2</b>"));
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(index.contains(r#"<a href="tehran-damascus.en-fa.html">tehran-damascus.en-fa</a>"#));
    assert!(index.contains(r#"<a href="tehran-damascus.en-ar.html">tehran-damascus.en-ar</a>"#));
}

#[test]
fn run_escapes_hostile_article_text() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).expect("mkdir");
    std::fs::write(corpus.join("evil.en.sent"), "Police arrested 3 <script>alert('x')</script> suspects.\nThe <img src=x onerror=alert(1)> port reopened.\n").expect("write");
    std::fs::write(
        corpus.join("evil.fa.sent"),
        "پلیس ۴ مظنون <script>alert('x')</script> را بازداشت کرد.\nبندر دوباره باز شد.\n",
    )
    .expect("write");
    let out = tmp.path().join("out");
    dragoman::pipeline::run(
        &corpus,
        &out,
        &dragoman::align::AlignConfig::default(),
        &|_: &str| {},
    )
    .expect("run");
    let html = std::fs::read_to_string(out.join("evil.en-fa.html")).expect("html");
    assert!(!html.contains("<script"), "raw script tag in the page");
    assert!(!html.contains("<img"), "raw img tag in the page");
    assert!(html.contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;&#x2f;script&gt;"));
}

#[test]
fn diff_same_language_reports_changed_words() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("old.txt"), "Blast in the harbour\n\nAt least 12 people were injured. Police arrested three suspects.\n").expect("write");
    std::fs::write(tmp.path().join("new.txt"), "Blast in the harbour\n\nAt least 15 people were injured. Police arrested three suspects.\n").expect("write");
    let o = dragoman(&["diff", "old.txt", "new.txt"], tmp.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "kind\tsrc_ids\ttgt_ids\tsrc_text\ttgt_text\tdetail\nedit\t1\t1\tAt least 12 people were injured.\tAt least 15 people were injured.\t-“12” +“15”\n"
    );
}

/// A Persian file too short for detection is not taken as English (a same-language word diff
/// that misses the sign): an error asks for its language, and with it the sign is found.
#[test]
fn diff_never_takes_an_arabic_script_file_for_english() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        tmp.path().join("EN.txt"),
        "Title\n\nGrowth was -0.3 percent.\n",
    )
    .expect("write");
    std::fs::write(tmp.path().join("FA.txt"), "عنوان\n\nرشد ۰٫۳ درصد بود.\n").expect("write");
    let o = dragoman(&["diff", "EN.txt", "FA.txt"], tmp.path());
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("FA.txt: cannot tell the language"), "{err}");
    let o = dragoman(
        &["diff", "EN.txt", "FA.txt", "--tgt-lang", "fa"],
        tmp.path(),
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("number_mismatch"), "{out}");
}

#[test]
fn diff_bilingual_pair_as_json_and_html() {
    let Some(dir) = shared("cases/B14") else {
        println!("skipped: ../shared/cases/B14 is absent");
        return;
    };
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::copy(dir.join("en.txt"), tmp.path().join("b14.en.sent")).expect("copy");
    std::fs::copy(dir.join("fa.txt"), tmp.path().join("b14.fa.sent")).expect("copy");
    let o = dragoman(
        &[
            "diff",
            "b14.en.sent",
            "b14.fa.sent",
            "--presegmented",
            "--format",
            "json",
        ],
        tmp.path(),
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let d = v["diffs"].as_array().expect("diffs");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["kind"], "number_mismatch");
    assert_eq!(d[0]["src_spans"][0]["text"], "3");
    assert_eq!(d[0]["tgt_spans"][0]["text"], "۴");
    let o = dragoman(
        &[
            "diff",
            "b14.en.sent",
            "b14.fa.sent",
            "--presegmented",
            "--format",
            "html",
        ],
        tmp.path(),
    );
    let html = String::from_utf8_lossy(&o.stdout);
    assert!(html.contains(r#"dir="rtl""#) && html.contains(">۴</mark>"));
}

#[test]
fn diff_names_a_bad_glossary_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("a.en.sent"), "One.\n").expect("write");
    std::fs::write(tmp.path().join("a.fa.sent"), "یک.\n").expect("write");
    std::fs::write(tmp.path().join("g.csv"), "term,lang\nx,y\n").expect("write");
    let o = dragoman(
        &["diff", "a.en.sent", "a.fa.sent", "--glossary", "g.csv"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("g.csv") && err.contains("glossary"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let o = dragoman(
        &[
            "diff",
            "a.en.sent",
            "a.fa.sent",
            "--glossary",
            "missing.csv",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.csv"));
}
