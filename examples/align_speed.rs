//! Times the align stage alone (`align::align_all`, default configuration, no dictionary, no
//! model; `TUNE="key=value ..."` changes settings as in `tune`) over a folder of presegmented pairs `NAME.en.sent` + `NAME.<lang>.sent`, on one
//! thread, as issue #4's speed criterion asks (sentences of both sides per second).
//!
//! Run: `cargo run --release --example align_speed -- DIR [REPEATS [THREADS]]` (default 7 repeats, 1 thread);
//! prints the median, the minimum and sentences/s of the median, and the median time on a CPU
//! (all threads; steadier than wall time when the machine is shared). Used by `bench/speed.py`.
use dragoman::align;
// the allocator of the `dragoman` binary (src/bin/dragoman/main.rs), so that this measures the
// align stage as the command runs it
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let mut cfg = align::AlignConfig::default();
    sets::apply_tune(&mut cfg)?;
    let mut times = Vec::new();
    let mut cpu = Vec::new();
    let mut beads = 0;
    for _ in 0..reps {
        let (t0, c0) = (Instant::now(), cpu_ns());
        let out = pool.install(|| align::align_all(&pairs, &cfg));
        times.push(t0.elapsed().as_secs_f64());
        cpu.push(cpu_ns().saturating_sub(c0) as f64 * 1e-9);
        beads = out.alignments.iter().map(|a| a.beads.len()).sum();
    }
    times.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    let med = times[times.len() / 2];
    println!(
        "threads={threads} pairs={} sentences={} beads={} median_s={:.4} min_s={:.4} sentences_per_s={:.0} cpu_median_s={:.4}",
        pairs.len(),
        sentences,
        beads,
        med,
        times[0],
        sentences as f64 / med,
        cpu[cpu.len() / 2]
    );
    Ok(())
}

/// Time on a CPU of all the process's threads so far, in ns (Linux: the first field of each
/// `/proc/self/task/*/schedstat`; 0 elsewhere). Unlike wall time it does not count time spent
/// waiting for a core, so it compares builds on a shared machine.
fn cpu_ns() -> u64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum()
}
