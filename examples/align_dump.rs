//! Prints the alignments (every bead with its exact score, the moves, the model and a checksum of
//! the lexicon) of `align_all`, default configuration, over folders of `NAME.en.sent` +
//! `NAME.<lang>.sent` (or `tb:PATH`, as `examples/tune.rs` reads them), for checking that a
//! change meant as a pure speedup leaves the output byte-identical.
//!
//! Run: `cargo run --release --example align_dump -- SET... > after.txt`, the same on the old
//! commit, then `cmp before.txt after.txt`.
use dragoman::align;

#[path = "common/sets.rs"]
mod sets;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for set in std::env::args().skip(1) {
        let docs = sets::load_set(&set)?;
        let pairs = sets::pair_inputs(&docs);
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
