//! Scores `align::align_all` on development sets, for tuning (not the test sets).
//!
//! Run: `cargo run --release --example tune -- SET...`, where a SET is a folder of
//! `NAME.en.sent` + `NAME.<lang>.sent` + gold `NAME.en-<lang>.align` (as `perturb.py` writes),
//! or `tb:PATH` for a Text+Berg style `PATH.de`, `PATH.fr`, `PATH.defr`. Configuration changes
//! from the environment: `TUNE="passes=2 max_bead=4"` (fields of `AlignConfig` listed below).
//! Prints strict and lax F1 per set, pooled over its files as `score_align.py` pools them.
//! More knobs: `TUNE_EMB=CACHE_DIR:MODEL` aligns with embeddings (`pipeline::align_embedded`)
//! from that cache, `TUNE_URL` names a server for strings not cached (default none: they fail),
//! `TUNE_SPANS` the round-2 budget (strings per sentence, default 0.5); `TUNE_DUMP=1` lists the
//! gold beads missed and the beads wrongly predicted, `TUNE_MODEL=1` prints the evidence learned,
//! `TUNE_OUT=DIR` writes each document's predicted beads to `DIR/<set>.<n>.align` (vecalign's
//! format, `export::write_align`; `/` and `:` of the set's name become `_`).
use dragoman::{align, corpus, eval};
use std::time::Instant;

#[path = "common/sets.rs"]
mod sets;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // the CLI's defaults: wider beads with embeddings
    let mut cfg = if std::env::var_os("TUNE_EMB").is_some() {
        align::AlignConfig::for_embeddings()
    } else {
        align::AlignConfig::default()
    };
    sets::apply_tune(&mut cfg)?;
    let mut pooled = eval::Counts::default();
    let sets = std::env::args().skip(1).count();
    for set in std::env::args().skip(1) {
        let docs = sets::load_set(&set)?;
        let golds = docs
            .iter()
            .map(|d| eval::read_beads(&d.gold))
            .collect::<Result<Vec<_>, _>>()?;
        let pairs = sets::pair_inputs(&docs);
        // TUNE_EMB=DIR:MODEL: embeddings from a cache (nothing is sent to a server: every
        // string must be cached); TUNE_SPANS: strings per sentence for round 2 (default 0.5)
        let t0 = Instant::now();
        let out = match std::env::var("TUNE_EMB") {
            Ok(v) => {
                let (dir, model) = v.split_once(':').ok_or("TUNE_EMB=DIR:MODEL")?;
                let mut ec = dragoman::embed::EmbedConfig::new(
                    std::env::var("TUNE_URL").unwrap_or("http://127.0.0.1:9/v1".into()),
                );
                ec.model = Some(model.to_owned());
                ec.cache_dir = Some(dir.into());
                ec.retries = 0;
                let client = dragoman::embed::EmbeddingClient::new(ec);
                let budget: f64 = std::env::var("TUNE_SPANS").map_or(Ok(0.5), |v| v.parse())?;
                let out = dragoman::pipeline::align_embedded(&client, &pairs, &cfg, budget)?;
                let st = client.stats();
                let n: usize = pairs.iter().map(|p| p.src.len() + p.tgt.len()).sum();
                eprintln!("strings per sentence {:.2}", st.requested as f64 / n as f64);
                out
            }
            Err(_) => align::align_all(&pairs, &cfg),
        };
        let secs = t0.elapsed().as_secs_f64();
        if std::env::var_os("TUNE_MODEL").is_some() {
            eprintln!(
                "{:?} {:?} {:?} {:?}",
                out.model.length,
                out.model.coverage.words,
                out.model.coverage.cosine,
                out.model.coverage.parts
            );
        }
        let mut c = eval::Counts::default();
        if let Ok(dir) = std::env::var("TUNE_OUT") {
            let name = set.replace(['/', ':'], "_");
            for (n, a) in out.alignments.iter().enumerate() {
                let mut buf = Vec::new();
                dragoman::export::write_align(&mut buf, a)?;
                std::fs::write(format!("{dir}/{name}.{n}.align"), buf)?;
            }
        }
        for ((a, d), gold) in out.alignments.iter().zip(&docs).zip(&golds) {
            let pred: Vec<eval::IdBead> = a
                .beads
                .iter()
                .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
                .collect();
            c += eval::count(gold, &pred);
            if std::env::var_os("TUNE_DUMP").is_some() && pred.iter().any(|p| !gold.contains(p)) {
                println!("DOC {}", d.gold.display());
                let show = |ids: &[usize], side: &[corpus::Sentence]| {
                    ids.iter()
                        .map(|&i| {
                            format!("{i}:{}", side[i].text.chars().take(70).collect::<String>())
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                for g in gold.iter().filter(|g| !pred.contains(g)) {
                    println!(
                        "  MISS {:?}-{:?}\n    en {}\n    xx {}",
                        g.0,
                        g.1,
                        show(&g.0, &d.src),
                        show(&g.1, &d.tgt)
                    );
                }
                for p in pred.iter().filter(|p| !gold.contains(p)) {
                    // the gold beads sharing a sentence with the wrong one
                    let gold: Vec<String> = gold
                        .iter()
                        .filter(|g| {
                            g.0.iter().any(|x| p.0.contains(x))
                                || g.1.iter().any(|x| p.1.contains(x))
                        })
                        .map(|g| format!("{:?}-{:?}", g.0, g.1))
                        .collect();
                    // the bead's score, to see which wrong beads look confident
                    let score = a
                        .beads
                        .iter()
                        .find(|b| {
                            b.src.clone().eq(p.0.iter().copied())
                                && b.tgt.clone().eq(p.1.iter().copied())
                        })
                        .map_or(f64::NAN, |b| b.score);
                    println!(
                        "  WRONG {:?}-{:?} score {score:.2} gold {}",
                        p.0,
                        p.1,
                        gold.join(" ")
                    );
                    if std::env::var_os("TUNE_DUMP_TEXT").is_some() {
                        println!(
                            "    en {}\n    xx {}",
                            show(&p.0, &d.src),
                            show(&p.1, &d.tgt)
                        );
                    }
                }
            }
        }
        pooled += c;
        let s = c.scores();
        println!(
            "{set}\tstrict_f1={:.4}\tlax_f1={:.4}\tsecs={secs:.3}",
            s.strict_f1, s.lax_f1
        );
    }
    if sets > 1 {
        let s = pooled.scores();
        println!(
            "pooled\tstrict_f1={:.4}\tlax_f1={:.4}",
            s.strict_f1, s.lax_f1
        );
    }
    Ok(())
}
