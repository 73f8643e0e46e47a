#!/usr/bin/env python3
"""Whole-run speed and memory of dragoman beside the PyPI package galechurch, same inputs, same run.

Corpus: NTREX-128 news en-fa (../shared/data/ntrex-news-en-fa-ar), made into document pairs with
a second-edition perturbation by ../shared/tools/perturb.py (seed 1; pre-segmented `.sent` files),
then replicated 1x, 10x, 100x (copies under new slugs, hard links). For each size it measures:
  dragoman run -j 1 / all threads       (the main job: pooled 2-pass alignment, diffs, files, TMX)
  dragoman run --per-pair, all threads  (each pair on its own, as stream aligns)
  galechurch -proc 1 / all threads      (Gale-Church length-only alignment, Rust core)
  dragoman stream, all threads          (JSON Lines in, JSON Lines out to /dev/null)
Throughput is sentences per second, both sides counted, over the wall time of the whole command
(start-up, reading and writing included). Peak RSS is the child's ru_maxrss (getrusage), in MiB.
A command whose time, predicted from the previous size x the size ratio, exceeds --budget seconds
is skipped and marked so (stream never is: its memory at every size is the point).

Usage: python3 bench/speed.py [--sizes 1,10,100] [--budget 60] [--out bench/speed.md]
Writes the table to --out and prints it.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs argv[1:] (stdin from $SPEED_STDIN, stdout to /dev/null), prints "wall_s maxrss_kb rc".
WRAP = r"""
import os, resource, subprocess, sys, time
i = open(os.environ["SPEED_STDIN"], "rb") if os.environ.get("SPEED_STDIN") else subprocess.DEVNULL
t = time.perf_counter()
rc = subprocess.call(sys.argv[1:], stdin=i, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
w = time.perf_counter() - t
print(w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)
"""


def measure(cmd, stdin=None):
    env = dict(os.environ, SPEED_STDIN=stdin or "")
    out = subprocess.run([sys.executable, "-c", WRAP, *cmd], env=env, capture_output=True, text=True, check=True).stdout.split()
    wall, rss, rc = float(out[0]), int(out[1]), int(out[2])
    if rc not in (0, 1):
        raise SystemExit(f"speed.py: {' '.join(cmd)} exited with {rc}")
    return wall, rss / 1024.0


def ensure_galechurch():
    if shutil.which("galechurch") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "galechurch"], check=True)
    v = subprocess.run([sys.executable, "-m", "pip", "show", "galechurch"], capture_output=True, text=True).stdout
    return next((l.split(":", 1)[1].strip() for l in v.splitlines() if l.startswith("Version:")), "?")


def read_sents(p):
    with open(p, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def build_base(work, shared):
    base = os.path.join(work, "base")
    if not os.path.isdir(base) or not any(n.endswith(".en.sent") for n in os.listdir(base)):
        n = os.path.join(shared, "data", "ntrex-news-en-fa-ar")
        subprocess.run(
            [sys.executable, os.path.join(shared, "tools", "perturb.py"), os.path.join(n, "newstest2019-src.eng.txt"),
             os.path.join(n, "newstest2019-ref.fas.txt"), os.path.join(n, "DOCUMENT_IDS.tsv"), base, "en-fa", "--seed", "1"],
            check=True, stdout=subprocess.DEVNULL)
    return base, sorted(n[: -len(".en.sent")] for n in os.listdir(base) if n.endswith(".en.sent"))


def build_size(work, base, slugs, k):
    """The corpus replicated k times: a dragoman folder, galechurch src/tgt folders, a JSONL."""
    d = os.path.join(work, f"x{k}")
    stamp = os.path.join(d, "done")
    if not os.path.exists(stamp):
        shutil.rmtree(d, ignore_errors=True)
        for sub in ("corpus", "gc/src", "gc/tgt"):
            os.makedirs(os.path.join(d, sub))
        with open(os.path.join(d, "pairs.jsonl"), "w", encoding="utf-8") as j:
            for r in range(k):
                for s in slugs:
                    slug = f"r{r:03d}.{s}"
                    en, fa = os.path.join(base, f"{s}.en.sent"), os.path.join(base, f"{s}.fa.sent")
                    os.link(en, os.path.join(d, "corpus", f"{slug}.en.sent"))
                    os.link(fa, os.path.join(d, "corpus", f"{slug}.fa.sent"))
                    os.link(en, os.path.join(d, "gc", "src", f"{slug}.txt"))
                    os.link(fa, os.path.join(d, "gc", "tgt", f"{slug}.txt"))
                    rec = {"id": slug, "lang": "fa", "en": {"sentences": read_sents(en)}, "other": {"sentences": read_sents(fa)}}
                    j.write(json.dumps(rec, ensure_ascii=False) + "\n")
        open(stamp, "w").close()
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,100")
    ap.add_argument("--budget", type=float, default=60.0, help="skip a command predicted to take longer (s)")
    ap.add_argument("--work", default=os.path.join("/tmp", "dragoman-speed"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--dragoman", default=os.path.join(ROOT, "target", "release", "dragoman"))
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "speed.md"))
    a = ap.parse_args()
    if not os.path.exists(a.dragoman):
        subprocess.run(["cargo", "build", "--release", "--bin", "dragoman"], cwd=ROOT, check=True)
    gc_version = ensure_galechurch()
    os.makedirs(a.work, exist_ok=True)
    base, slugs = build_base(a.work, a.shared)
    per_copy = sum(len(read_sents(os.path.join(base, f"{s}.{l}.sent"))) for s in slugs for l in ("en", "fa"))
    sizes = [int(x) for x in a.sizes.split(",")]
    ncpu = os.cpu_count() or 1
    D = a.dragoman
    load0 = os.getloadavg()
    rows, stream_rows, prev = [], [], {}
    for k in sizes:
        d = build_size(a.work, base, slugs, k)
        sents, pairs = per_copy * k, len(slugs) * k
        out = os.path.join(d, "out")
        cmds = [
            ("dragoman run", 1, [D, "run", os.path.join(d, "corpus"), "--out", out, "-q", "-j", "1"], None),
            ("dragoman run", ncpu, [D, "run", os.path.join(d, "corpus"), "--out", out, "-q"], None),
            ("dragoman run --per-pair", ncpu, [D, "run", os.path.join(d, "corpus"), "--out", out, "-q", "--per-pair"], None),
            ("galechurch", 1, ["galechurch", "-src", os.path.join(d, "gc", "src"), "-trg", os.path.join(d, "gc", "tgt"),
                               "-out", os.path.join(d, "gc", "out"), "-proc", "1", "-ltmr", "100000000"], None),
            ("galechurch", ncpu, ["galechurch", "-src", os.path.join(d, "gc", "src"), "-trg", os.path.join(d, "gc", "tgt"),
                                  "-out", os.path.join(d, "gc", "out"), "-proc", "0", "-ltmr", "100000000"], None),
            ("dragoman stream", ncpu, [D, "stream", "-q"], os.path.join(d, "pairs.jsonl")),
        ]
        for name, threads, cmd, stdin in cmds:
            key = (name, threads)
            if key in prev and name != "dragoman stream":
                pk, pw = prev[key]
                est = pw * k / pk
                if est > a.budget:
                    rows.append((k, pairs, sents, name, threads, None, None, None, est))
                    print(f"{k}x {name} -j {threads}: skipped (predicted {est:.0f} s > budget {a.budget:.0f} s)", file=sys.stderr)
                    continue
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(os.path.join(d, "gc", "out"), ignore_errors=True)
            wall, rss = measure(cmd, stdin)
            prev[key] = (k, wall)
            rows.append((k, pairs, sents, name, threads, wall, sents / wall, rss, None))
            if name == "dragoman stream":
                stream_rows.append((k, pairs, sents, wall, rss))
            print(f"{k}x {name} -j {threads}: {wall:.2f} s, {sents / wall:,.0f} sent/s, {rss:.1f} MiB", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
    load1 = os.getloadavg()
    ver = subprocess.run([D, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Speed: dragoman beside galechurch",
        "",
        f"Made by `python3 bench/speed.py --sizes {a.sizes} --budget {a.budget:g}` on "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: {ver}, galechurch {gc_version}, "
        f"{platform.machine()}, {ncpu} cores, load average {load0[0]:.1f} at the start and {load1[0]:.1f} at the end "
        "(the machine is shared: compare rows of one run, not runs).",
        "",
        f"Corpus: NTREX-128 en-fa, {len(slugs)} documents made second editions by `perturb.py --seed 1` "
        f"({per_copy} sentences per copy, both sides), replicated 1x, 10x, 100x. Sentences/s counts both sides "
        "over the wall time of the whole command; peak RSS is the process's maximum resident set (getrusage).",
        "dragoman run does much more than galechurch: two passes (lengths, numbers, names, an IBM Model 1 "
        "lexicon learned over the corpus), language checks, differences, and five output files per pair plus TMX; "
        "galechurch aligns by length alone (see bench/quality.py for what that costs in F1).",
        "",
        "| size | pairs | sentences | command | threads | wall (s) | sentences/s | peak RSS (MiB) |",
        "|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for k, pairs, sents, name, threads, wall, rate, rss, est in rows:
        if wall is None:
            lines.append(f"| {k}x | {pairs} | {sents} | {name} | {threads} | skipped (predicted {est:.0f} s) | | |")
        else:
            lines.append(f"| {k}x | {pairs} | {sents} | {name} | {threads} | {wall:.2f} | {rate:,.0f} | {rss:.1f} |")
    lines += [
        "",
        "## Streaming memory",
        "",
        "`dragoman stream` (batch 256, all threads) holds one batch at a time, so its peak RSS should stay flat "
        "as the input grows:",
        "",
        "| size | pairs | sentences | wall (s) | peak RSS (MiB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for k, pairs, sents, wall, rss in stream_rows:
        lines.append(f"| {k}x | {pairs} | {sents} | {wall:.2f} | {rss:.1f} |")
    if len(stream_rows) >= 2:
        lo, hi = stream_rows[0], stream_rows[-1]
        lines += ["", f"Input grew {hi[0] // lo[0]}x; stream peak RSS went from {lo[4]:.1f} to {hi[4]:.1f} MiB "
                      f"({hi[4] / lo[4]:.2f}x)."]
    text = "\n".join(lines) + "\n"
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
