//! `dragoman export` and `dragoman import` (issue 7): every format, DTD validity, round trips,
//! hostile text read back by Python's standard modules, filters, errors, and case B17.

use crate::eqnice;
use crate::util::{
    dragoman, dragoman_ok, files_under, fixtures, have, read, seed_editions, shared,
};
use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE_EN: [&str; 5] = [
    "Tab\there, \"quotes\", 'apos' & <tag> a,b",
    "VT\u{B}FF\u{C}NEL\u{85}LS\u{2028}PS\u{2029}end CR\rmid",
    "Bidi \u{200F}RLM\u{200E}LRM \u{202B}embed\u{202C} \u{2067}iso\u{2069} ZWNJ می\u{200C}شود",
    "ctrl\u{1}\u{1F}gone\u{FFFF}",
    "Only English.",
];
const HOSTILE_FA: [&str; 4] = [
    "«نقل\u{200C}قول» و \"گیومه\"\tبا تب",
    "خط\u{2028}جدید",
    "\u{200F}راست\u{200C}به\u{200C}چپ\u{200F}",
    "کنترل\u{1}",
];
const HOSTILE_ALIGN: &str = "[0]:[0]:0.9000\n[1, 2]:[1]:0.8000\n[3]:[2, 3]:0.7000\n[4]:[]:0.1000\n";

/// The hostile sentences after cleaning, worked by hand: separators (TAB, VT, FF, NEL, LS, PS,
/// CR) become one space, U+0001, U+001F and U+FFFF are removed (4 in all), the rest is kept.
fn hostile_clean() -> (Vec<String>, Vec<String>) {
    let en = [
        "Tab here, \"quotes\", 'apos' & <tag> a,b",
        "VT FF NEL LS PS end CR mid",
        HOSTILE_EN[2],
        "ctrlgone",
        "Only English.",
    ];
    let fa = [
        "«نقل\u{200C}قول» و \"گیومه\" با تب",
        "خط جدید",
        HOSTILE_FA[2],
        "کنترل",
    ];
    (
        en.iter().map(|s| s.to_string()).collect(),
        fa.iter().map(|s| s.to_string()).collect(),
    )
}

/// The hostile beads' texts: (source, target).
fn hostile_beads() -> Vec<(String, String)> {
    let (en, fa) = hostile_clean();
    vec![
        (en[0].clone(), fa[0].clone()),
        (format!("{} {}", en[1], en[2]), fa[1].clone()),
        (en[3].clone(), format!("{} {}", fa[2], fa[3])),
        (en[4].clone(), String::new()),
    ]
}

fn write_hostile(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("hostile.en.sent"), HOSTILE_EN.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("hostile.fa.sent"), HOSTILE_FA.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("hostile.en-fa.align"), HOSTILE_ALIGN).unwrap();
}

/// A folder laid out as `dragoman run` writes it: the gold fixtures (two pairs) and the hostile pair.
fn run_dir(tmp: &Path) -> PathBuf {
    let d = tmp.join("al");
    write_hostile(&d);
    for e in std::fs::read_dir(fixtures()).unwrap().flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if n.ends_with(".sent") || n.ends_with(".align") {
            std::fs::copy(e.path(), d.join(&n)).unwrap();
        }
    }
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_every_tmx_validates_against_tmx14_dtd() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent (needed for tmx14.dtd)");
        return;
    };
    let dtd = shared.join("data/tmx/tmx14.dtd");
    if !dtd.is_file() || !have("xmllint") {
        eprintln!(
            "skipped: xmllint (apt-get install -y libxml2-utils) or {} is absent",
            dtd.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let al = run_dir(tmp.path());
    let ex = tmp.path().join("ex");
    dragoman_ok(
        tmp.path(),
        &["export", s(&al), "--format", "tmx", "--out", s(&ex)],
    );
    // what `dragoman run` writes too
    let corpus = tmp.path().join("corpus");
    write_hostile(&corpus);
    let ran = tmp.path().join("ran");
    dragoman_ok(tmp.path(), &["run", s(&corpus), "--out", s(&ran), "-q"]);
    let mut tmx: Vec<PathBuf> = Vec::new();
    for d in [&ex, &ran] {
        tmx.extend(
            files_under(d)
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "tmx"))
                .map(|p| d.join(p)),
        );
    }
    // 3 pairs + 2 corpus files from export, 1 corpus file from run
    assert_eq!(tmx.len(), 6, "{tmx:?}");
    for f in &tmx {
        let out = Command::new("xmllint")
            .args(["--noout", "--dtdvalid", s(&dtd), s(f)])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{} is not valid TMX 1.4b:\n{}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn compare_trees(a: &Path, b: &Path, ends: &[&str]) -> usize {
    let pick = |d: &Path| -> Vec<PathBuf> {
        files_under(d)
            .into_iter()
            .filter(|p| ends.iter().any(|e| p.to_string_lossy().ends_with(e)))
            .collect()
    };
    let (fa, fb) = (pick(a), pick(b));
    assert_eq!(
        fa,
        fb,
        "different files in {} and {}",
        a.display(),
        b.display()
    );
    for f in &fa {
        eqnice!(read(&a.join(f)), read(&b.join(f)));
    }
    fa.len()
}

#[test]
fn export_round_trip_tmx_tei_ladder_gives_identical_files() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let al = run_dir(t);
    let ex1 = t.join("ex1");
    dragoman_ok(
        t,
        &["export", s(&al), "-f", "tmx,tei,ladder", "-o", s(&ex1)],
    );

    // TMX: import the corpus files, export again
    let im = t.join("im-tmx");
    dragoman_ok(
        t,
        &[
            "import",
            s(&ex1.join("corpus.en-fa.tmx")),
            s(&ex1.join("corpus.en-ar.tmx")),
            "-o",
            s(&im),
        ],
    );
    let ex2 = t.join("ex2");
    dragoman_ok(t, &["export", s(&im), "-f", "tmx", "-o", s(&ex2)]);
    assert_eq!(compare_trees(&ex1, &ex2, &[".tmx"]), 5);
    // the imported alignment keeps ids and scores
    eqnice!(HOSTILE_ALIGN, read(&im.join("hostile.en-fa.align")));

    // TEI
    let tei: Vec<String> = [
        "hostile.en-fa",
        "tehran-damascus.en-fa",
        "tehran-damascus.en-ar",
    ]
    .iter()
    .map(|n| s(&ex1.join(format!("{n}.tei.xml"))).to_owned())
    .collect();
    let im = t.join("im-tei");
    let mut args = vec!["import"];
    args.extend(tei.iter().map(String::as_str));
    args.extend(["-o", s(&im)]);
    dragoman_ok(t, &args);
    let ex3 = t.join("ex3");
    dragoman_ok(t, &["export", s(&im), "-f", "tei", "-o", s(&ex3)]);
    assert_eq!(compare_trees(&ex1, &ex3, &[".xml"]), 3 + 5);

    // ladder (its .sent files are beside it)
    let im = t.join("im-ladder");
    let lad: Vec<String> = [
        "hostile.en-fa",
        "tehran-damascus.en-fa",
        "tehran-damascus.en-ar",
    ]
    .iter()
    .map(|n| s(&ex1.join(format!("{n}.ladder"))).to_owned())
    .collect();
    let mut args = vec!["import"];
    args.extend(lad.iter().map(String::as_str));
    args.extend(["-o", s(&im)]);
    dragoman_ok(t, &args);
    let ex4 = t.join("ex4");
    dragoman_ok(t, &["export", s(&im), "-f", "ladder", "-o", s(&ex4)]);
    assert_eq!(compare_trees(&ex1, &ex4, &[".ladder", ".sent"]), 3 + 5);
    eqnice!(
        "0\t0\t0.9000\n1\t1\t0.8000\n3\t2\t0.7000\n4\t4\t0.1000\n5\t4\t0.0000\n",
        read(&ex1.join("hostile.en-fa.ladder"))
    );
}

const PY_CHECK: &str = r#"
import csv, json, sys, xml.etree.ElementTree as ET
d, exp = sys.argv[1], json.load(open(sys.argv[2], encoding='utf-8'))
beads = [tuple(b) for b in exp['beads']]
name = d + '/hostile.en-fa'
def check(what, got, want):
    if got != want:
        print('MISMATCH', what, ascii(got), ascii(want)); sys.exit(1)
# TSV, CSV and Moses leave out one-sided beads
two = [b for b in beads if b[0] and b[1]]
with open(name + '.bitext.tsv', encoding='utf-8', newline='') as f:
    check('tsv', [tuple(l.split('\t')) for l in f.read().split('\n')[:-1]], two)
with open(name + '.csv', encoding='utf-8', newline='') as f:
    check('csv', [tuple(r) for r in csv.reader(f)], two)
with open(name + '.jsonl', encoding='utf-8', newline='') as f:
    recs = [json.loads(l) for l in f.read().split('\n')[:-1]]
check('jsonl', [(o['src'], o['tgt']) for o in recs], beads)
check('jsonl fields', [(o['src_ids'], o['tgt_ids'], o['score'], o['type']) for o in recs], [tuple(x) for x in exp['meta']])
for i, lang in enumerate(['en', 'fa']):
    with open(name + '.' + lang, encoding='utf-8', newline='') as f:
        text = f.read()
    check('moses ' + lang, text.splitlines(), [b[i] for b in two])
    check('moses LF count ' + lang, text.count('\n'), len(two))
XL = '{http://www.w3.org/XML/1998/namespace}lang'
got = []
for tu in ET.parse(name + '.tmx').getroot().iter('tu'):
    segs = {tuv.get(XL): tuv.find('seg').text or '' for tuv in tu.iter('tuv')}
    got.append((segs.get('en', ''), segs.get('fa', '')))
check('tmx', got, beads)
for lang, key in [('en', 'src'), ('fa', 'tgt')]:
    doc = ET.parse(d + '/hostile.' + lang + '.xml').getroot()
    check('tei ' + lang, [e.text or '' for e in doc.iter('s')], exp[key])
print('OK')
"#;

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

#[test]
fn export_hostile_text_in_every_format_reads_back_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let al = t.join("al");
    write_hostile(&al);
    let ex = t.join("ex");
    let out = dragoman_ok(
        t,
        &[
            "export",
            s(&al),
            "-f",
            "tmx,moses,tsv,csv,jsonl,ladder,tei",
            "-o",
            s(&ex),
        ],
    );
    assert!(
        out.contains("characters removed (forbidden in XML): 4\n"),
        "{out}"
    );
    assert!(out.contains("beads: 4 read, 4 kept"), "{out}");
    let beads = hostile_beads();
    let name = ex.join("hostile.en-fa");
    let with = |ext: &str| PathBuf::from(format!("{}.{ext}", name.display()));
    // Moses, TSV and CSV leave out the 1-0 bead (a line pair or a row cannot mark it)
    let two: Vec<&(String, String)> = beads
        .iter()
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .collect();
    assert_eq!(two.len(), 3);
    let tsv: String = two.iter().map(|(a, b)| format!("{a}\t{b}\n")).collect();
    eqnice!(tsv, read(&with("bitext.tsv")));
    let csv: String = two
        .iter()
        .map(|(a, b)| format!("{},{}\n", csv_field(a), csv_field(b)))
        .collect();
    eqnice!(csv, read(&with("csv")));
    let en: String = two.iter().map(|(a, _)| format!("{a}\n")).collect();
    let fa: String = two.iter().map(|(_, b)| format!("{b}\n")).collect();
    eqnice!(en, read(&with("en")));
    eqnice!(fa, read(&with("fa")));
    // the corpus files hold the same beads (one pair)
    eqnice!(tsv, read(&ex.join("corpus.en-fa.bitext.tsv")));
    let lines: Vec<serde_json::Value> = read(&with("jsonl"))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[1]["src"], beads[1].0.as_str());
    assert_eq!(lines[1]["src_ids"], serde_json::json!([1, 2]));
    assert_eq!(lines[1]["type"], "2-1");
    assert_eq!(lines[3]["tgt_ids"], serde_json::json!([]));
    assert_eq!(lines[3]["score"], 0.1);
    assert_eq!(lines[0]["slug"], "hostile");
    // no BOM, no CR anywhere but the CSV row ends
    for ext in [
        "bitext.tsv",
        "en",
        "fa",
        "jsonl",
        "tmx",
        "ladder",
        "tei.xml",
    ] {
        let b = std::fs::read(with(ext)).unwrap();
        assert!(
            !b.starts_with(b"\xEF\xBB\xBF") && !b.contains(&b'\r'),
            "{ext}"
        );
    }

    if !have("python3") {
        eprintln!("skipped the Python read-back: python3 is absent");
        return;
    }
    let (src, tgt) = hostile_clean();
    let exp = serde_json::json!({
        "beads": beads,
        "meta": [[[0], [0], 0.9, "1-1"], [[1, 2], [1], 0.8, "2-1"], [[3], [2, 3], 0.7, "1-2"], [[4], [], 0.1, "1-0"]],
        "src": src,
        "tgt": tgt,
    });
    let expf = t.join("expected.json");
    std::fs::write(&expf, serde_json::to_string(&exp).unwrap()).unwrap();
    let script = t.join("check.py");
    std::fs::write(&script, PY_CHECK).unwrap();
    let out = Command::new("python3")
        .args([s(&script), s(&ex), s(&expf)])
        .output()
        .unwrap();
    eqnice!("OK\n", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn export_library_turns_newlines_inside_sentences_into_spaces() {
    use dragoman::align::{Alignment, Bead};
    use dragoman::export::{export_pairs, ExportOptions, ExportPair, Format, PairAlignment};
    let tmp = tempfile::tempdir().unwrap();
    let pair = PairAlignment {
        slug: "nl".into(),
        src_lang: dragoman::Lang::En,
        tgt_lang: dragoman::Lang::Ar,
        src: vec!["one\ntwo".into(), "three\r\n four \n".into()],
        tgt: vec!["واحد\r\nاثنان".into(), "ثلاثة".into()],
        alignment: Alignment {
            beads: vec![
                Bead {
                    src: 0..1,
                    tgt: 0..1,
                    score: 0.5,
                },
                Bead {
                    src: 1..2,
                    tgt: 1..2,
                    score: 0.5,
                },
            ],
        },
    };
    let opts = ExportOptions {
        formats: vec![Format::Moses, Format::Tsv, Format::Csv],
        ..ExportOptions::default()
    };
    let r = export_pairs(
        &mut [ExportPair {
            rel_dir: PathBuf::new(),
            pair,
        }],
        tmp.path(),
        &opts,
    )
    .unwrap();
    assert_eq!(r.removed_chars, 0);
    eqnice!(
        "one two\nthree four\n",
        read(&tmp.path().join("nl.en-ar.en"))
    );
    eqnice!("واحد اثنان\nثلاثة\n", read(&tmp.path().join("nl.en-ar.ar")));
    eqnice!(
        "one two\tواحد اثنان\nthree four\tثلاثة\n",
        read(&tmp.path().join("corpus.en-ar.bitext.tsv"))
    );
    eqnice!(
        "\"one two\",\"واحد اثنان\"\n\"three four\",\"ثلاثة\"\n",
        read(&tmp.path().join("nl.en-ar.csv"))
    );
}

#[test]
fn export_filters_say_how_many_each_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let al = t.join("al");
    std::fs::create_dir_all(&al).unwrap();
    let en = [
        "Good morning.",
        "Bad.",
        "Two",
        "sentences.",
        "NATO",
        "Good morning.",
        "Alone.",
        "A very long sentence of forty characters",
    ];
    let fa = ["صبح بخیر.", "بد.", "دو جمله.", "NATO", "صبح بخیر.", "کو"];
    std::fs::write(al.join("f.en.sent"), en.join("\n") + "\n").unwrap();
    std::fs::write(al.join("f.fa.sent"), fa.join("\n") + "\n").unwrap();
    std::fs::write(
        al.join("f.en-fa.align"),
        "[0]:[0]:0.9\n[1]:[1]:0.1\n[2, 3]:[2]:0.9\n[4]:[3]:0.9\n[5]:[4]:0.9\n[6]:[]:0.9\n[7]:[5]:0.9\n",
    )
    .unwrap();
    let ex = t.join("ex");
    let out = dragoman_ok(
        t,
        &[
            "export",
            s(&al),
            "-f",
            "moses,ladder",
            "-o",
            s(&ex),
            "--min-score",
            "0.5",
            "--only-1-1",
            "--min-ratio",
            "0.3",
            "--max-ratio",
            "3",
            "--drop-identical",
            "--dedup",
        ],
    );
    // ratios: 13/9 kept; 40/2 = 20 > 3 removed
    assert!(
        out.contains("filtered out: 6 (min-score 1, only-1-1 2, two-sided 0, length ratio 1, identical sides 1, duplicates 1)\n"),
        "{out}"
    );
    assert!(
        out.contains("beads: 7 read, 1 kept by the filters for the bitext formats"),
        "{out}"
    );
    eqnice!("Good morning.\n", read(&ex.join("f.en-fa.en")));
    eqnice!("صبح بخیر.\n", read(&ex.join("corpus.en-fa.fa")));
    // the ladder is never filtered: 7 beads + the closing rung
    assert_eq!(read(&ex.join("f.en-fa.ladder")).lines().count(), 8);
    let bad = dragoman(t, &["export", s(&al), "-f", "tsv", "--min-score", "2"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--min-score must be in [0, 1]"));
}

#[test]
fn import_and_export_report_bad_input_by_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let tmx = t.join("bad.tmx");
    std::fs::write(
        &tmx,
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\">\n<header srclang=\"en\"/>\n<body>\n<tu><prop type=\"x-score\">high</prop>\n<tuv xml:lang=\"en\"><seg>a</seg></tuv></tu>\n</body></tmx>\n",
    )
    .unwrap();
    let out = dragoman(t, &["import", s(&tmx), "-o", s(&t.join("im"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "error: {}:5: xml: x-score \"high\"",
            tmx.display()
        )),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");

    // one broken pair among good ones: the others are exported, exit code 1
    let al = run_dir(t);
    std::fs::write(
        al.join("hostile.en-fa.align"),
        "[0]:[0]:0.9\n[1, 3]:[1]:0.8\n",
    )
    .unwrap();
    let out = dragoman(t, &["export", s(&al), "-f", "tsv", "-o", s(&t.join("ex"))]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:2: not a bead",
            al.join("hostile.en-fa.align").display()
        )),
        "{err}"
    );
    assert!(t.join("ex/tehran-damascus.en-fa.bitext.tsv").is_file());
    assert!(!t.join("ex/hostile.en-fa.bitext.tsv").exists());
}

/// Case B17 (`../shared/cases/B17/expected.md`): Moses, TSV, CSV and JSONL with a TAB, U+2028
/// and quotes inside sentences.
#[test]
fn case_b17_moses_tsv_csv_jsonl_keep_each_sentence_on_its_line() {
    let Some(shared) = shared() else {
        eprintln!("skipped: ../shared is absent");
        return;
    };
    let case = shared.join("cases/B17");
    if !case.join("en.txt").is_file() || !case.join("fa.txt").is_file() {
        eprintln!("skipped: {} is absent", case.display());
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let al = t.join("al");
    std::fs::create_dir_all(&al).unwrap();
    // the inputs hold one sentence a line: read them as `dragoman run` output
    std::fs::copy(case.join("en.txt"), al.join("b17.en.sent")).unwrap();
    std::fs::copy(case.join("fa.txt"), al.join("b17.fa.sent")).unwrap();
    std::fs::write(
        al.join("b17.en-fa.align"),
        "[0]:[0]:1.0000\n[1]:[1]:1.0000\n[2]:[2]:1.0000\n",
    )
    .unwrap();
    let ex = t.join("ex");
    dragoman_ok(
        t,
        &["export", s(&al), "-f", "moses,tsv,csv,jsonl", "-o", s(&ex)],
    );

    let en2 = "\"We will not accept this,\u{201D} the minister said.";
    let fa2 = "«ما این را نمی\u{200C}پذیریم»، وزیر گفت.";
    let en = ["Turnout was 48 percent.", en2, "Results are due on Monday."];
    let fa = [
        "مشارکت ۴۸ درصد بود.",
        fa2,
        "نتایج روز دوشنبه اعلام می\u{200C}شود.",
    ];
    // 1 + 2. Moses: exactly 3 lines a side, line i <-> line i
    let (me, mf) = (
        read(&ex.join("b17.en-fa.en")),
        read(&ex.join("b17.en-fa.fa")),
    );
    eqnice!(en.join("\n") + "\n", me);
    eqnice!(fa.join("\n") + "\n", mf);
    for text in [&me, &mf] {
        // what Python's str.splitlines() splits on, besides LF
        let py_breaks = [
            '\r', '\u{B}', '\u{C}', '\u{1C}', '\u{1D}', '\u{1E}', '\u{85}', '\u{2028}', '\u{2029}',
        ];
        assert_eq!(text.matches('\n').count(), 3);
        assert!(!text.contains(py_breaks), "{text:?}");
    }
    // 3. TSV: 3 lines, one TAB each, written literally
    let tsv = read(&ex.join("b17.en-fa.bitext.tsv"));
    let lines: Vec<&str> = tsv.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.matches('\t').count() == 1), "{tsv}");
    eqnice!(format!("{en2}\t{fa2}"), lines[1]);
    // 4. CSV: quoted, inner quotes doubled
    let csv = read(&ex.join("b17.en-fa.csv"));
    eqnice!(
        "\"\"\"We will not accept this,\u{201D} the minister said.\",\"«ما این را نمی\u{200C}پذیریم»، وزیر گفت.\"",
        csv.split('\n').nth(1).unwrap_or_default()
    );
    // 5. JSONL: one object a line, exact strings back
    let jl = read(&ex.join("b17.en-fa.jsonl"));
    let recs: Vec<serde_json::Value> = jl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(recs.len(), 3);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(
            (r["src"].as_str(), r["tgt"].as_str()),
            (Some(en[i]), Some(fa[i]))
        );
    }
    if !have("python3") {
        eprintln!("skipped the Python read-back: python3 is absent");
        return;
    }
    let py = r#"
import csv, json, sys
d = sys.argv[1] + '/b17.en-fa'
rows = list(csv.reader(open(d + '.csv', encoding='utf-8', newline='')))
js = [json.loads(l) for l in open(d + '.jsonl', encoding='utf-8')]
en = open(d + '.en', encoding='utf-8', newline='').read()
print(len(rows), len(js), len(en.splitlines()), json.dumps(rows[1] == [js[1]['src'], js[1]['tgt']]))
print(json.dumps([r[0] for r in rows], ensure_ascii=True))
"#;
    let out = Command::new("python3")
        .args(["-c", py, s(&ex)])
        .output()
        .unwrap();
    let want = r#"3 3 3 true
["Turnout was 48 percent.", "\"We will not accept this,\u201d the minister said.", "Results are due on Monday."]
"#;
    eqnice!(want, String::from_utf8_lossy(&out.stdout));
}

#[test]
fn run_formats_exports_beside_the_run_output() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let corpus = t.join("corpus");
    write_hostile(&corpus);
    let out = t.join("out");
    let so = dragoman_ok(
        t,
        &[
            "run",
            s(&corpus),
            "--out",
            s(&out),
            "-q",
            "--formats",
            "moses,jsonl",
            "--two-sided",
        ],
    );
    assert!(so.contains("export (moses, jsonl):"), "{so}");
    // the run's own files are still there
    assert!(out.join("hostile.en-fa.align").is_file() && out.join("corpus.en-fa.tmx").is_file());
    let en = read(&out.join("hostile.en-fa.en"));
    let fa = read(&out.join("hostile.en-fa.fa"));
    let jl = read(&out.join("corpus.en-fa.jsonl"));
    // line-aligned, one object per kept bead, and --two-sided left no empty side
    assert_eq!(en.lines().count(), fa.lines().count());
    assert_eq!(en.lines().count(), jl.lines().count());
    assert!(
        en.lines().chain(fa.lines()).all(|l| !l.is_empty()),
        "{en}\n{fa}"
    );
    assert!(
        !jl.contains("\"type\":\"1-0\"") && !jl.contains("\"type\":\"0-1\""),
        "{jl}"
    );
}

/// A corpus holding the seed report's en and fa editions twice: at the top as `x` and in `sub/`
/// as `sub/x` (the same slug in two folders).
fn twin_corpus(t: &Path) -> PathBuf {
    let corpus = t.join("corpus");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    for dir in [corpus.clone(), corpus.join("sub")] {
        std::fs::create_dir_all(&dir).unwrap();
        for l in ["en", "fa"] {
            std::fs::copy(
                seed.join(format!("tehran-damascus.{l}.txt")),
                dir.join(format!("x.{l}.txt")),
            )
            .unwrap();
        }
    }
    corpus
}

/// The `bead` and `type` columns of a run's `.tsv` (header left out), and its scores.
fn tsv_beads(tsv: &str) -> Vec<(String, String, String)> {
    tsv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 5, "{l}");
            (f[0].to_owned(), f[1].to_owned(), f[4].to_owned())
        })
        .collect()
}

#[test]
fn run_filters_apply_to_its_tsv_and_corpus_tmx_but_not_to_align_files() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let corpus = twin_corpus(t);
    // no filter: every bead, 1-0 and 0-1 marked by their type
    let all = t.join("all");
    dragoman_ok(t, &["run", s(&corpus), "--out", s(&all), "-q"]);
    let align = read(&all.join("x.en-fa.align"));
    assert_eq!(align.lines().count(), 18);
    assert!(align.contains("[]:[6]:0.4994\n") && align.contains("[10]:[]:0.3883\n"));
    let full = tsv_beads(&read(&all.join("x.en-fa.tsv")));
    assert_eq!(full.len(), 18);
    assert!(full.contains(&("[]:[6]".into(), "0-1".into(), "0.4994".into())));
    assert!(full.contains(&("[10]:[]".into(), "1-0".into(), "0.3883".into())));
    assert!(full.contains(&("[11]:[11, 12]".into(), "1-2".into(), "0.9134".into())));
    assert_eq!(
        read(&all.join("corpus.en-fa.tmx")).matches("<tu>").count(),
        36
    );

    // --min-score 0.6: the two one-sided beads of each pair (0.4994, 0.3883) go from the .tsv
    // and the corpus TMX; the .align files keep them
    let hi = t.join("hi");
    let so = dragoman_ok(
        t,
        &[
            "run",
            s(&corpus),
            "--out",
            s(&hi),
            "-q",
            "--min-score",
            "0.6",
        ],
    );
    assert!(
        so.contains(
            "bitexts (.tsv, corpus TMX): 32 beads kept, 4 filtered out (min-score 4, only-1-1 0,"
        ),
        "{so}"
    );
    for pair in ["x.en-fa", "sub/x.en-fa"] {
        eqnice!(align, read(&hi.join(format!("{pair}.align"))));
        let kept = tsv_beads(&read(&hi.join(format!("{pair}.tsv"))));
        assert_eq!(kept.len(), 16, "{pair}");
        assert!(kept.iter().all(|(_, ty, _)| ty != "1-0" && ty != "0-1"));
        let want: Vec<_> = full
            .iter()
            .filter(|(_, _, sc)| sc.parse::<f64>().unwrap() >= 0.6)
            .cloned()
            .collect();
        assert_eq!(kept, want);
    }
    let tmx = read(&hi.join("corpus.en-fa.tmx"));
    assert_eq!(tmx.matches("<tu>").count(), 32);
    assert!(!tmx.contains("x-score\">0.4994<") && !tmx.contains("x-score\">0.3883<"));
    assert!(tmx.contains("x-score\">0.9134<"));

    // --only-1-1: 14 1-1 beads a pair
    let one = t.join("one");
    dragoman_ok(
        t,
        &["run", s(&corpus), "--out", s(&one), "-q", "--only-1-1"],
    );
    let kept = tsv_beads(&read(&one.join("sub/x.en-fa.tsv")));
    assert_eq!(kept.len(), 14);
    assert!(kept.iter().all(|(_, ty, _)| ty == "1-1"));
    assert_eq!(
        read(&one.join("corpus.en-fa.tmx")).matches("<tu>").count(),
        28
    );
    eqnice!(align, read(&one.join("sub/x.en-fa.align")));
}

#[test]
fn run_names_documents_with_their_folder_and_import_keeps_them_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let corpus = twin_corpus(t);
    let out = t.join("out");
    dragoman_ok(t, &["run", s(&corpus), "--out", s(&out), "-q"]);
    let tmx = read(&out.join("corpus.en-fa.tmx"));
    assert_eq!(tmx.matches("<prop type=\"x-slug\">x</prop>").count(), 18);
    assert_eq!(
        tmx.matches("<prop type=\"x-slug\">sub/x</prop>").count(),
        18
    );
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("sub/x.en-fa.diffs.json"))).unwrap();
    assert_eq!(json["pair"], "sub/x.en-fa");
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("x.en-fa.diffs.json"))).unwrap();
    assert_eq!(json["pair"], "x.en-fa");
    let html = read(&out.join("sub/x.en-fa.html"));
    assert!(
        html.contains("<title>sub&#x2f;x.en-fa: edition differences"),
        "{}",
        &html[..html.len().min(600)]
    );
    // import gives back the two documents, each in its folder, with the run's alignments
    let im = t.join("im");
    dragoman_ok(
        t,
        &["import", s(&out.join("corpus.en-fa.tmx")), "-o", s(&im)],
    );
    for pair in ["x.en-fa", "sub/x.en-fa"] {
        eqnice!(
            read(&out.join(format!("{pair}.align"))),
            read(&im.join(format!("{pair}.align")))
        );
    }
    // a TMX whose x-slug names two documents is refused, naming the file, not merged
    let merged = t.join("merged.tmx");
    std::fs::write(&merged, tmx.replace(">sub/x<", ">x<")).unwrap();
    let bad = dragoman(t, &["import", s(&merged), "-o", s(&t.join("im2"))]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("merged.tmx:") && err.contains("x-slug \"x\" names two documents"),
        "{err}"
    );
    assert!(!t.join("im2/x.en-fa.align").exists());
    // the same pair from two files: the second is not written over the first
    let other = t.join("other.tmx");
    std::fs::write(&other, &tmx).unwrap();
    let twice = dragoman(
        t,
        &[
            "import",
            s(&out.join("corpus.en-fa.tmx")),
            s(&other),
            "-o",
            s(&t.join("im3")),
        ],
    );
    assert_eq!(twice.status.code(), Some(1));
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(
        err.contains("other.tmx") && err.contains("pair x.en-fa was already imported from"),
        "{err}"
    );
}

/// A TMX written by another tool, in `dir/name`: header `srclang`, one `tu` per list of
/// `(tuv attribute, language, seg)`.
fn write_foreign_tmx(
    dir: &Path,
    name: &str,
    srclang: &str,
    tus: &[&[(&str, &str, &str)]],
) -> PathBuf {
    let mut t = format!(
        "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"{srclang}\" creationtool=\"x\" \
         creationtoolversion=\"1\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\"/><body>\n"
    );
    for tu in tus {
        t.push_str("<tu>");
        for (attr, lang, seg) in tu.iter() {
            t.push_str(&format!("<tuv {attr}=\"{lang}\"><seg>{seg}</seg></tuv>"));
        }
        t.push_str("</tu>\n");
    }
    t.push_str("</body></tmx>\n");
    let p = dir.join(name);
    std::fs::write(&p, t).unwrap();
    p
}

/// `xml:lang="en-US"`/`"fa-IR"` (BCP 47 with a region) import as `en` and `fa`, named as
/// `dragoman run` names pairs, so that `export` reads the folder.
#[test]
fn import_region_language_tags_name_files_as_run_does() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    write_foreign_tmx(
        t,
        "c.tmx",
        "en-US",
        &[
            &[("xml:lang", "en-US", "One."), ("xml:lang", "fa-IR", "یک.")],
            &[("xml:lang", "en-US", "Two."), ("xml:lang", "fa-IR", "دو.")],
        ],
    );
    dragoman_ok(t, &["import", "c.tmx", "-o", "im"]);
    assert_eq!(
        files_under(&t.join("im")),
        vec![
            PathBuf::from("c.en-fa.align"),
            PathBuf::from("c.en.sent"),
            PathBuf::from("c.fa.sent")
        ]
    );
    assert_eq!(read(&t.join("im/c.en.sent")), "One.\nTwo.\n");
    dragoman_ok(t, &["export", "im", "-f", "moses", "-o", "ex"]);
    assert_eq!(read(&t.join("ex/c.en-fa.en")), "One.\nTwo.\n");
    assert_eq!(read(&t.join("ex/c.en-fa.fa")), "یک.\nدو.\n");
}

/// TMX 1.1's `lang="EN-US"` is read as `xml:lang` is, normalized the same way.
#[test]
fn import_tmx_1_1_lang_attribute() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    write_foreign_tmx(
        t,
        "b.tmx",
        "en",
        &[
            &[("lang", "EN-US", "One."), ("lang", "FA-IR", "یک.")],
            &[("xml:lang", "en", "Two.")],
        ],
    );
    dragoman_ok(t, &["import", "b.tmx", "-o", "im"]);
    assert_eq!(
        read(&t.join("im/b.en-fa.align")),
        "[0]:[0]:1.0000\n[1]:[]:1.0000\n"
    );
    assert_eq!(read(&t.join("im/b.fa.sent")), "یک.\n");
}

/// `srclang="*all*"` (TMX 1.4: any language may be the source) takes English as the source.
#[test]
fn import_srclang_all_takes_english_as_the_source() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    write_foreign_tmx(
        t,
        "d.tmx",
        "*all*",
        &[
            &[("xml:lang", "fa-IR", "یک."), ("xml:lang", "en-US", "One.")],
            &[("xml:lang", "en-US", "Two."), ("xml:lang", "fa-IR", "دو.")],
        ],
    );
    dragoman_ok(t, &["import", "d.tmx", "-o", "im"]);
    assert_eq!(read(&t.join("im/d.en.sent")), "One.\nTwo.\n");
    assert_eq!(read(&t.join("im/d.fa.sent")), "یک.\nدو.\n");
    write_foreign_tmx(
        t,
        "e.tmx",
        "*all*",
        &[&[("xml:lang", "fa", "یک."), ("xml:lang", "ar", "واحد.")]],
    );
    let o = dragoman(t, &["import", "e.tmx", "-o", "im"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(
            "error: e.tmx:3: xml: header srclang is *all* and this tu has no English tuv (fa, ar)"
        ),
        "{err}"
    );
}

/// Files without `x-slug` are named by their stem: two of them import side by side, and a
/// second file with the same stem is refused, naming both files, not written over the first.
#[test]
fn import_tmx_without_x_slug_takes_the_file_stem() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let tu =
        |en: &'static str, fa: &'static str| -> [(&'static str, &'static str, &'static str); 2] {
            [("xml:lang", "en", en), ("xml:lang", "fa", fa)]
        };
    write_foreign_tmx(
        t,
        "news.tmx",
        "en",
        &[&tu("One.", "یک."), &tu("Two.", "دو.")],
    );
    write_foreign_tmx(t, "other.tmx", "en", &[&tu("Uno.", "یک.")]);
    let out = dragoman_ok(t, &["import", "news.tmx", "other.tmx", "-o", "im"]);
    assert!(out.contains("pairs: 2 written, 0 failed"), "{out}");
    assert_eq!(read(&t.join("im/news.en.sent")), "One.\nTwo.\n");
    assert_eq!(read(&t.join("im/other.en.sent")), "Uno.\n");
    // the same stem in another folder: refused, the first pair kept
    std::fs::create_dir(t.join("b")).unwrap();
    write_foreign_tmx(&t.join("b"), "news.tmx", "en", &[&tu("Changed.", "تغییر.")]);
    let o = dragoman(t, &["import", "news.tmx", "b/news.tmx", "-o", "im2"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.trim_end(),
        "error: b/news.tmx: pair news.en-fa was already imported from news.tmx: not overwritten (two documents with the same slug)"
    );
    assert_eq!(read(&t.join("im2/news.en.sent")), "One.\nTwo.\n");
}

/// A `tu` without `x-score` is a bead the file gives unscored: score 1.0, kept by `--min-score`.
#[test]
fn import_unscored_beads_score_one_and_pass_min_score() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    write_foreign_tmx(
        t,
        "news.tmx",
        "en",
        &[
            &[("xml:lang", "en", "One."), ("xml:lang", "fa", "یک.")],
            &[("xml:lang", "en", "Two."), ("xml:lang", "fa", "دو.")],
        ],
    );
    dragoman_ok(t, &["import", "news.tmx", "-o", "im"]);
    assert_eq!(
        read(&t.join("im/news.en-fa.align")),
        "[0]:[0]:1.0000\n[1]:[1]:1.0000\n"
    );
    dragoman_ok(
        t,
        &[
            "export",
            "im",
            "-f",
            "moses",
            "--min-score",
            "0.9",
            "-o",
            "ex",
        ],
    );
    assert_eq!(read(&t.join("ex/news.en-fa.en")), "One.\nTwo.\n");
}

/// An edition paired by content has another slug than its English edition: `run` names its
/// `.sent` file by the pair, as the `.align`, so `export` finds it (it looked for
/// `alpha.fa.sent`, which did not exist, or took a stale one an earlier run wrote).
#[test]
fn export_finds_the_sentences_of_an_edition_paired_by_content() {
    let d = tempfile::tempdir().unwrap();
    let c = d.path().join("c");
    std::fs::create_dir(&c).unwrap();
    std::fs::copy(
        fixtures().join("tehran-damascus.en.txt"),
        c.join("alpha.en.txt"),
    )
    .unwrap();
    // an earlier run, with the Persian edition named alpha.fa.txt, wrote alpha.fa.sent
    std::fs::copy(
        fixtures().join("tehran-damascus.fa.txt"),
        c.join("alpha.fa.txt"),
    )
    .unwrap();
    dragoman_ok(d.path(), &["run", "c", "--out", "o", "-q"]);
    // then the edition was renamed and its headline edited: it is paired by content now
    let fa = read(&c.join("alpha.fa.txt"));
    let edited = fa.replacen('\n', " (ویرایش شده)\n", 1);
    std::fs::write(c.join("beta.fa.txt"), &edited).unwrap();
    std::fs::remove_file(c.join("alpha.fa.txt")).unwrap();
    dragoman_ok(d.path(), &["run", "c", "--out", "o", "-q"]);
    let fa = read(&d.path().join("o/alpha.fa.sent"));
    let segmented = dragoman_ok(d.path(), &["segment", "--lang", "fa", "c/beta.fa.txt"]);
    assert_eq!(fa, segmented);
    assert!(fa.contains("(ویرایش شده)"));
    assert!(!d.path().join("o/beta.fa.sent").exists());
    dragoman_ok(
        d.path(),
        &["export", "o", "--format", "moses", "--out", "x"],
    );
    let exported = read(&d.path().join("x/alpha.en-fa.fa"));
    assert!(exported.contains("(ویرایش شده)"), "{exported}");
}

/// A `.align` whose beads do not follow each other is an error naming its file and the bad
/// bead's line (blank lines counted), not the bead's index.
#[test]
fn export_names_the_line_of_a_bead_out_of_order() {
    let d = tempfile::tempdir().unwrap();
    let o = d.path().join("o");
    std::fs::create_dir(&o).unwrap();
    std::fs::write(o.join("a.en.sent"), "One.\nTwo.\n").unwrap();
    std::fs::write(o.join("a.fa.sent"), "یک.\nدو.\n").unwrap();
    std::fs::write(o.join("a.en-fa.align"), "[0]:[0]:0.9\n\n[1]:[99]:0.9\n").unwrap();
    let out = dragoman(d.path(), &["export", "o", "--format", "tmx", "--out", "x"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("o/a.en-fa.align:3: ")
            && err.contains("bead [1]:[99]: expected to start at source 1 and target 1"),
        "{err}"
    );
}

/// The English edition's sentence file (ladder) and TEI document are shared by its en-fa and
/// en-ar pairs: written once, counted once.
#[test]
fn export_writes_and_counts_a_shared_english_file_once() {
    let d = tempfile::tempdir().unwrap();
    seed_editions(&d.path().join("c"), "tehran-damascus", &["en", "fa", "ar"]);
    dragoman_ok(d.path(), &["run", "c", "--out", "o", "-q"]);
    for format in ["ladder", "tei"] {
        let out = dragoman_ok(
            d.path(),
            &["export", "o", "--format", format, "--out", format],
        );
        let files = files_under(&d.path().join(format)).len();
        assert!(
            out.contains(&format!("files written: {files}\n")),
            "{format}: {files} files\n{out}"
        );
    }
}
