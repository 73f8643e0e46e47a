//! The `.align`/gold parsers: `eval::parse_bead`, `export::import::parse_align_line`, `ladder`.
#![no_main]
use dragoman::{eval, export};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for line in text.lines() {
        let _ = eval::parse_bead(line);
        let _ = export::import::parse_align_line(line);
    }
    if let Ok(beads) = text.lines().map(eval::parse_bead).collect::<dragoman::Result<Vec<_>>>() {
        let beads: Vec<_> = beads.into_iter().flatten().collect();
        let c = eval::count(&beads, &beads);
        let _ = c.scores();
    }
    let _ = export::ladder::read_ladder(text, 3, 4);
});
