//! The rates of content pairing's null model (`dragoman::corpus::content::CHANCE` and `FOUND`,
//! the README's "Pairing by content") measured on NTREX news, en-fa and en-ar, all 123 x 123
//! document pairs: `cargo run --release --example pair_rates [NTREX_DIR]` (default
//! `../shared/data/ntrex-news-en-fa-ar`). Prints, per kind of evidence (numbers and dates,
//! name skeletons, seed-lexicon links), the chance per pair of anchors that two unrelated
//! documents share one, and the part of an English document's anchors its translation has.
use dragoman::corpus::content::{anchor_rates, CHANCE, FOUND};

#[path = "common/ntrex.rs"]
mod ntrex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(ntrex::default_dir, Into::into);
    let kinds = ["numbers and dates", "names", "lexicon links"];
    // both measured before anything is printed: a missing file leaves no half table
    let mut rates = Vec::new();
    for lang in ["fa", "ar"] {
        let (en, other) = ntrex::documents(&dir, lang).map_err(|e| e.to_string())?;
        let truth: Vec<(usize, usize)> = (0..en.len()).map(|k| (k, k)).collect();
        let r = anchor_rates(&en, &other, &truth, None);
        eprintln!(
            "en-{lang}: {} true pairs, {} unrelated",
            r.true_pairs, r.unrelated_pairs
        );
        rates.push((lang, r));
    }
    println!("| pair | kind | chance per anchor pair | found in the translation |");
    println!("|---|---|---|---|");
    let mut mean = ([0.0; 3], [0.0; 3]);
    for (lang, r) in &rates {
        for (k, kind) in kinds.iter().enumerate() {
            println!(
                "| en-{lang} | {kind} | {:.5} | {:.3} |",
                r.chance[k], r.found[k]
            );
            mean.0[k] += r.chance[k] / 2.0;
            mean.1[k] += r.found[k] / 2.0;
        }
    }
    for (k, kind) in kinds.iter().enumerate() {
        println!(
            "| mean | {kind} | {:.5} (in use {}) | {:.3} (in use {}) |",
            mean.0[k], CHANCE[k], mean.1[k], FOUND[k]
        );
    }
    Ok(())
}
