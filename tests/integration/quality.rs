//! Issue 4's quality bars against the gold in `../shared` (skipped, saying so, where it or
//! python3 is absent), the fast part of `bench/quality.py`: Text+Berg de-fr test0-6 aligned as
//! the issue says (`align --presegmented`, one file at a time), and NTREX en-fa and en-ar made
//! second editions by `perturb.py --seed 1` and aligned as a corpus (`dragoman run`). Scores
//! are pooled over the files, as `../shared/tools/score_align.py` pools them
//! (`eval_agrees_with_the_reference_scorer` checks that `eval` agrees with it).

use crate::util::{dragoman_ok, have, shared};
use std::path::{Path, PathBuf};

/// Strict F1 pooled over `(gold, predicted)` files.
fn pooled_strict_f1(files: &[(PathBuf, PathBuf)]) -> f64 {
    let refs: Vec<(&Path, &Path)> = files
        .iter()
        .map(|(g, p)| (g.as_path(), p.as_path()))
        .collect();
    dragoman::eval::eval_files(&refs).unwrap().0.strict_f1
}

#[test]
fn quality_textberg_test_strict_f1_at_least_0_85() {
    let Some(sh) = shared() else {
        eprintln!("SKIP quality_textberg_test: ../shared not found");
        return;
    };
    let tb = sh.join("data/textberg-defr");
    let d = tempfile::tempdir().unwrap();
    let files: Vec<(PathBuf, PathBuf)> = (0..7)
        .map(|n| {
            let (de, fr) = (
                tb.join(format!("test{n}.de")),
                tb.join(format!("test{n}.fr")),
            );
            let pred = dragoman_ok(
                d.path(),
                &[
                    "align",
                    "--presegmented",
                    "--src-lang",
                    "de",
                    "--tgt-lang",
                    "fr",
                    de.to_str().unwrap(),
                    fr.to_str().unwrap(),
                ],
            );
            let p = d.path().join(format!("test{n}.align"));
            std::fs::write(&p, pred).unwrap();
            (tb.join(format!("test{n}.defr")), p)
        })
        .collect();
    let f1 = pooled_strict_f1(&files);
    eprintln!("Text+Berg test0-6 strict F1 {f1:.4}");
    // issue 4: >= 0.85 with no model and no dictionary (bench/quality.md has the figure)
    assert!(f1 >= 0.85, "strict F1 {f1:.4}");
}

/// NTREX en-`lang` built by `perturb.py` (`args`: its options) and aligned by `dragoman run`:
/// pooled strict F1, or `None` (said on stderr) without `../shared` or python3.
fn ntrex(lang: &str, args: &[&str]) -> Option<f64> {
    let sh = shared()?;
    if !have("python3") {
        return None;
    }
    let nt = sh.join("data/ntrex-news-en-fa-ar");
    let d = tempfile::tempdir().unwrap();
    let set = d.path().join("set");
    let tgt = if lang == "fa" { "fas" } else { "arb" };
    let st = std::process::Command::new("python3")
        .arg(sh.join("tools/perturb.py"))
        .arg(nt.join("newstest2019-src.eng.txt"))
        .arg(nt.join(format!("newstest2019-ref.{tgt}.txt")))
        .arg(nt.join("DOCUMENT_IDS.tsv"))
        .arg(&set)
        .arg(format!("en-{lang}"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let out = d.path().join("out");
    dragoman_ok(
        d.path(),
        &[
            "run",
            set.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "-q",
        ],
    );
    let mut files: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&set)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(&format!(".en-{lang}.align")))
        .map(|g| {
            let p = out.join(g.file_name().unwrap());
            (g, p)
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 123, "NTREX has 123 documents");
    Some(pooled_strict_f1(&files))
}

#[test]
fn quality_ntrex_perturbed_strict_f1_at_least_0_97_and_clean_0_99() {
    for lang in ["fa", "ar"] {
        let (Some(perturbed), Some(clean)) =
            (ntrex(lang, &["--seed", "1"]), ntrex(lang, &["--clean"]))
        else {
            eprintln!("SKIP quality_ntrex: ../shared or python3 not found");
            return;
        };
        eprintln!("NTREX en-{lang}: perturbed seed 1 {perturbed:.4}, clean {clean:.4}");
        // issue 4: >= 0.97 perturbed (mean of seeds; seed 1 alone here), the drop from
        // clean <= 0.02 (bench/quality.md has the mean of three seeds)
        assert!(perturbed >= 0.97, "en-{lang} perturbed {perturbed:.4}");
        assert!(clean >= 0.99, "en-{lang} clean {clean:.4}");
    }
}
