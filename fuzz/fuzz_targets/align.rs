//! The aligner on arbitrary sentence counts and texts: beads cover each sentence exactly
//! once, in order, and scores are in [0, 1].
#![no_main]
use dragoman::{align::{align, AlignConfig}, corpus::Sentence, Lang};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (head, rest) = data.split_at(3);
    let text = String::from_utf8_lossy(rest);
    // '\n' separates sentences, a '|' line separates the sides
    let (a, b) = text.split_once("\n|\n").unwrap_or((&text, ""));
    let src: Vec<Sentence> = a.split('\n').take(60).map(|s| Sentence::new(s, &Lang::En, 0)).collect();
    let tgt: Vec<Sentence> = b.split('\n').take(60).map(|s| Sentence::new(s, &Lang::Fa, 0)).collect();
    let cfg = AlignConfig {
        max_side: 1 + head[0] as usize % 4,
        max_bead: 1 + head[1] as usize % 5,
        passes: 1 + head[2] as usize % 2,
        full_table_cells: if head[2] & 0x80 != 0 { 16 } else { AlignConfig::default().full_table_cells },
        band: 1 + (head[2] as usize >> 2) % 8,
        ..AlignConfig::default()
    };
    let al = align(&src, &tgt, &Lang::En, &Lang::Fa, &cfg);
    let (mut i, mut j) = (0, 0);
    for bead in &al.beads {
        assert_eq!((bead.src.start, bead.tgt.start), (i, j), "gap or overlap");
        assert!(bead.src.end >= i && bead.tgt.end >= j);
        assert!(!(bead.src.is_empty() && bead.tgt.is_empty()), "empty bead");
        assert!((0.0..=1.0).contains(&bead.score), "score {}", bead.score);
        i = bead.src.end;
        j = bead.tgt.end;
    }
    assert_eq!((i, j), (src.len(), tgt.len()));
});
