//! Counts the `name_mismatch` rows of the diff over NTREX-128 news (English with its Persian and
//! Arabic translations, 123 documents), aligned 1-1 by construction. The translations are
//! faithful, so nearly every `name_mismatch` row there is a false positive: this is the
//! measurement for the name check (`src/diff/names.rs`).
//!
//! Run: `cargo run --release --example name_audit -- [NTREX_DIR] [--rows]`
//! (default dir `/work/shared/data/ntrex-news-en-fa-ar`; `--rows` prints every row as TSV:
//! lang, document, sentence, detail, English, edition).
use dragoman::align::{Alignment, Bead};
use dragoman::corpus::Sentence;
use dragoman::diff::{diff, DiffKind};
use dragoman::Lang;

fn read_lines(p: &std::path::Path) -> std::io::Result<Vec<String>> {
    Ok(std::fs::read_to_string(p)?
        .lines()
        .map(|l| l.trim_end_matches('\r').to_owned())
        .collect())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rows = args.iter().any(|a| a == "--rows");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "/work/shared/data/ntrex-news-en-fa-ar".into());
    let dir = std::path::Path::new(&dir);
    let ids = read_lines(&dir.join("DOCUMENT_IDS.tsv"))?;
    let en = read_lines(&dir.join("newstest2019-src.eng.txt"))?;
    // documents: maximal runs of equal ids
    let mut docs: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match docs.last_mut() {
            Some((d, r)) if d == id => r.end = i + 1,
            _ => docs.push((id.clone(), i..i + 1)),
        }
    }
    for (code, file) in [
        ("fa", "newstest2019-ref.fas.txt"),
        ("ar", "newstest2019-ref.arb.txt"),
    ] {
        let lang = Lang::from_code(code).expect("language");
        let tgt = read_lines(&dir.join(file))?;
        let mut count = 0usize;
        for (doc, r) in &docs {
            let s: Vec<Sentence> = en[r.clone()]
                .iter()
                .enumerate()
                .map(|(k, t)| Sentence::new(t, &Lang::En, k))
                .collect();
            let t: Vec<Sentence> = tgt[r.clone()]
                .iter()
                .enumerate()
                .map(|(k, t)| Sentence::new(t, &lang, k))
                .collect();
            let a = Alignment {
                beads: (0..s.len())
                    .map(|k| Bead {
                        src: k..k + 1,
                        tgt: k..k + 1,
                        score: 1.0,
                    })
                    .collect(),
            };
            for d in diff(&s, &t, &lang, &a) {
                if d.kind != DiffKind::NameMismatch {
                    continue;
                }
                count += 1;
                if rows {
                    println!(
                        "{code}\t{doc}\t{:?}\t{}\t{}\t{}",
                        d.src,
                        d.detail,
                        d.src
                            .iter()
                            .map(|&i| s[i].text.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        d.tgt
                            .iter()
                            .map(|&i| t[i].text.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    );
                }
            }
        }
        eprintln!(
            "en-{code}: {count} name_mismatch rows over {} documents",
            docs.len()
        );
    }
    Ok(())
}
