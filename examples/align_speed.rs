//! Times the align stage alone (`align::align_all`, default configuration, no dictionary, no
//! model) over a folder of presegmented pairs `NAME.en.sent` + `NAME.<lang>.sent`, on one
//! thread, as issue #4's speed criterion asks (sentences of both sides per second).
//!
//! Run: `cargo run --release --example align_speed -- DIR [REPEATS [THREADS]]` (default 7 repeats, 1 thread);
//! prints the median, the minimum and sentences/s of the median. Used by `bench/speed.py`.
use dragoman::align;

#[path = "common/sets.rs"]
mod sets;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: align_speed DIR [REPEATS [THREADS]]")?;
    let reps: usize = args.next().map_or(Ok(7), |s| s.parse())?;
    let threads: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let docs = sets::load_set(&dir)?;
    let sentences: usize = docs.iter().map(|d| d.src.len() + d.tgt.len()).sum();
    let pairs = sets::pair_inputs(&docs);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    let cfg = align::AlignConfig::default();
    let mut times = Vec::new();
    let mut beads = 0;
    for _ in 0..reps {
        let t0 = Instant::now();
        let out = pool.install(|| align::align_all(&pairs, &cfg));
        times.push(t0.elapsed().as_secs_f64());
        beads = out.alignments.iter().map(|a| a.beads.len()).sum();
    }
    times.sort_by(f64::total_cmp);
    let med = times[times.len() / 2];
    println!(
        "threads={threads} pairs={} sentences={} beads={} median_s={:.4} min_s={:.4} sentences_per_s={:.0}",
        pairs.len(),
        sentences,
        beads,
        med,
        times[0],
        sentences as f64 / med
    );
    Ok(())
}
