//! Prints the alignments (every bead with its exact score, the moves, the model and a checksum of
//! the lexicon) of `align_all`, default configuration, over folders of `NAME.en.sent` +
//! `NAME.<lang>.sent` (or `tb:PATH`, as `examples/tune.rs` reads them), for checking that a
//! change meant as a pure speedup leaves the output byte-identical.
//!
//! Run: `cargo run --release --example align_dump -- SET... > after.txt`, the same on the old
//! commit, then `cmp before.txt after.txt`.
use dragoman::{align, corpus, Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fmt = corpus::EditionFormat::Sentences;
    for set in std::env::args().skip(1) {
        let mut data = Vec::new();
        if let Some(p) = set.strip_prefix("tb:") {
            let (de, fr) = (
                Lang::from_code("de").ok_or("de")?,
                Lang::from_code("fr").ok_or("fr")?,
            );
            let s = corpus::sentences_of(&std::fs::read_to_string(format!("{p}.de"))?, &de, fmt);
            let t = corpus::sentences_of(&std::fs::read_to_string(format!("{p}.fr"))?, &fr, fmt);
            data.push((s, t, de, fr));
        } else {
            let mut names: Vec<_> = std::fs::read_dir(&set)?
                .filter_map(|e| e.ok().map(|e| e.path().to_string_lossy().into_owned()))
                .filter(|p| p.ends_with(".en.sent"))
                .collect();
            names.sort();
            for en in names {
                let stem = en.trim_end_matches(".en.sent");
                for code in ["fa", "ar"] {
                    let other = format!("{stem}.{code}.sent");
                    if std::path::Path::new(&other).exists() {
                        let l = Lang::from_code(code).ok_or("code")?;
                        let s =
                            corpus::sentences_of(&std::fs::read_to_string(&en)?, &Lang::En, fmt);
                        let t = corpus::sentences_of(&std::fs::read_to_string(&other)?, &l, fmt);
                        data.push((s, t, Lang::En, l));
                    }
                }
            }
        }
        let pairs: Vec<align::PairInput<'_>> = data
            .iter()
            .map(|(s, t, a, b)| align::PairInput {
                src: s,
                tgt: t,
                src_lang: a,
                tgt_lang: b,
            })
            .collect();
        let out = align::align_all(&pairs, &align::AlignConfig::default());
        println!("# {set}");
        for (k, (a, mv)) in out.alignments.iter().zip(&out.moves).enumerate() {
            for b in &a.beads {
                println!("{k} {:?} {:?} {:e}", b.src, b.tgt, b.score);
            }
            println!("{k} moves {mv:?}");
        }
        println!("model {:?} {:?}", out.model.length, out.model.coverage);
        let mut lw = Vec::new();
        out.model.lexicon.write(&mut lw)?;
        println!(
            "lexicon {} bytes {:x}",
            lw.len(),
            lw.iter()
                .fold(0u64, |h, &b| h.wrapping_mul(31).wrapping_add(b as u64))
        );
    }
    Ok(())
}
