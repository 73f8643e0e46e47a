//! Criterion benchmarks of the aligner's hot loops on synthetic sentences: bead scoring (the
//! Gale-Church length cost and the coverage LLR, evaluated once per DP cell and shape), the DP
//! search (full table and band) with a length-only cost, and `align` end to end (prepare, three
//! passes, confidence) on a synthetic English/Persian pair.
//!
//! Run: `cargo bench --bench align` (or `-- search` for one group). Synthetic data keeps the
//! numbers independent of any corpus: sentence lengths from a fixed linear congruential sequence,
//! target lengths = source lengths * 0.98 +- noise, as in NTREX en-fa.

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use dragoman::align::score::{Coverage, LengthModel};
use dragoman::align::search::{cheapest_path, diagonal_band, full_band};
use dragoman::align::{align, AlignConfig};
use dragoman::corpus::Sentence;
use dragoman::Lang;

/// A deterministic pseudo-random sequence in `0..1` (LCG, Numerical Recipes constants).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(1664525).wrapping_add(1013904223) % (1 << 32);
        self.0 as f64 / (1u64 << 32) as f64
    }
}

/// `n` source lengths (chars, 20..220) and matching target lengths.
fn lengths(n: usize) -> (Vec<usize>, Vec<usize>) {
    let mut r = Lcg(7);
    let src: Vec<usize> = (0..n).map(|_| 20 + (r.next() * 200.0) as usize).collect();
    let tgt = src
        .iter()
        .map(|&l| ((l as f64 * 0.98) + (r.next() - 0.5) * 20.0).max(5.0) as usize)
        .collect();
    (src, tgt)
}

const EN_WORDS: [&str; 12] = [
    "minister",
    "said",
    "talks",
    "Tehran",
    "Syria",
    "army",
    "relations",
    "meeting",
    "government",
    "officials",
    "week",
    "agreement",
];
const FA_WORDS: [&str; 12] = [
    "وزیر",
    "گفت",
    "مذاکرات",
    "تهران",
    "سوریه",
    "ارتش",
    "روابط",
    "دیدار",
    "دولت",
    "مقامات",
    "هفته",
    "توافق",
];

/// `n` synthetic parallel sentences: word `k` of English maps to word `k` of Persian, with a
/// number in every third sentence.
fn sentences(n: usize) -> (Vec<Sentence>, Vec<Sentence>) {
    let mut r = Lcg(11);
    let (mut en, mut fa) = (Vec::new(), Vec::new());
    for i in 0..n {
        let len = 6 + (r.next() * 14.0) as usize;
        let ks: Vec<usize> = (0..len).map(|_| (r.next() * 12.0) as usize).collect();
        let mut e: Vec<String> = ks.iter().map(|&k| EN_WORDS[k].to_owned()).collect();
        let mut f: Vec<String> = ks.iter().map(|&k| FA_WORDS[k].to_owned()).collect();
        if i % 3 == 0 {
            e.push(format!("{}", 10 + i));
            f.push(format!("{}", 10 + i));
        }
        en.push(Sentence::new(&(e.join(" ") + "."), &Lang::En, i));
        fa.push(Sentence::new(&(f.join(" ") + "."), &Lang::Fa, i));
    }
    (en, fa)
}

fn scoring(c: &mut Criterion) {
    let mut g = c.benchmark_group("score");
    let (src, tgt) = lengths(1000);
    let model = LengthModel::prior(&Lang::En, &Lang::Fa);
    g.throughput(Throughput::Elements(src.len() as u64));
    g.bench_function("length_cost_1000_beads", |b| {
        b.iter(|| {
            src.iter()
                .zip(&tgt)
                .map(|(&l1, &l2)| model.cost(black_box(l1), black_box(l2)))
                .sum::<f64>()
        })
    });
    let cov = Coverage::from_rates(0.6, 0.55, 0.08, 0.07, 0.5);
    g.bench_function("coverage_cost_1000_beads", |b| {
        b.iter(|| {
            src.iter()
                .map(|&l| cov.cost(1, 1, black_box(l / 6), l / 12, l / 7, l / 14))
                .sum::<f64>()
        })
    });
    g.finish();
}

fn search(c: &mut Criterion) {
    let mut g = c.benchmark_group("search");
    g.sample_size(20);
    let shapes = AlignConfig::default().shapes();
    let model = LengthModel::prior(&Lang::En, &Lang::Fa);
    for &n in &[100usize, 400] {
        let (src, tgt) = lengths(n);
        let cost = |i: usize, a: usize, j: usize, b: usize| {
            if a == 0 || b == 0 {
                return 5.3;
            }
            model.cost(src[i..i + a].iter().sum(), tgt[j..j + b].iter().sum())
        };
        g.throughput(Throughput::Elements(((n + 1) * (n + 1)) as u64));
        g.bench_with_input(BenchmarkId::new("full_table", n), &n, |b, &n| {
            let band = full_band(n, n);
            b.iter(|| cheapest_path(n, n, &shapes, &band, cost).map(|p| p.len()))
        });
    }
    let n = 5000;
    let (src, tgt) = lengths(n);
    let cost = |i: usize, a: usize, j: usize, b: usize| {
        if a == 0 || b == 0 {
            return 5.3;
        }
        model.cost(src[i..i + a].iter().sum(), tgt[j..j + b].iter().sum())
    };
    let band = diagonal_band(n, n, 100);
    g.throughput(Throughput::Elements(
        band.iter().map(|r| r.end() - r.start() + 1).sum::<usize>() as u64,
    ));
    g.bench_function("band_100_5000", |b| {
        b.iter(|| cheapest_path(n, n, &shapes, &band, cost).map(|p| p.len()))
    });
    g.finish();
}

fn end_to_end(c: &mut Criterion) {
    let mut g = c.benchmark_group("align");
    g.sample_size(10);
    for &n in &[50usize, 200] {
        let (en, fa) = sentences(n);
        let cfg = AlignConfig::default();
        g.throughput(Throughput::Elements((2 * n) as u64));
        g.bench_with_input(BenchmarkId::new("synthetic_pair", n), &n, |b, _| {
            b.iter(|| align(&en, &fa, &Lang::En, &Lang::Fa, &cfg).beads.len())
        });
    }
    g.finish();
}

criterion_group!(benches, scoring, search, end_to_end);
criterion_main!(benches);
