//! Times the align stage alone (`align::align_all`, default configuration, no dictionary, no
//! model) over a folder of presegmented pairs `NAME.en.sent` + `NAME.<lang>.sent`, on one
//! thread, as issue #4's speed criterion asks (sentences of both sides per second).
//!
//! Run: `cargo run --release --example align_speed -- DIR [REPEATS [THREADS]]` (default 7 repeats, 1 thread);
//! prints the median, the minimum and sentences/s of the median. Used by `bench/speed.py`.
use dragoman::{align, corpus, Lang};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: align_speed DIR [REPEATS [THREADS]]")?;
    let reps: usize = args.next().map_or(Ok(7), |s| s.parse())?;
    let threads: usize = args.next().map_or(Ok(1), |s| s.parse())?;
    let mut names: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".en.sent"))
        .collect();
    names.sort();
    let mut data = Vec::new();
    for en in names {
        let stem = en.to_string_lossy().trim_end_matches(".en.sent").to_owned();
        for code in ["fa", "ar"] {
            let other = std::path::PathBuf::from(format!("{stem}.{code}.sent"));
            if other.exists() {
                let lang = Lang::from_code(code).ok_or("bad code")?;
                let fmt = corpus::EditionFormat::Sentences;
                let s = corpus::sentences_of(&std::fs::read_to_string(&en)?, &Lang::En, fmt);
                let t = corpus::sentences_of(&std::fs::read_to_string(&other)?, &lang, fmt);
                data.push((s, t, lang));
            }
        }
    }
    let sentences: usize = data.iter().map(|(s, t, _)| s.len() + t.len()).sum();
    let pairs: Vec<align::PairInput<'_>> = data
        .iter()
        .map(|(s, t, l)| align::PairInput {
            src: s,
            tgt: t,
            src_lang: &Lang::En,
            tgt_lang: l,
        })
        .collect();
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
