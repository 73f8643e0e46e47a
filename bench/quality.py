#!/usr/bin/env python3
"""Alignment quality bench: builds test sets from ../shared/data and prints one table.

Sets (all scored as ../shared/tools/score_align.py scores, pooled over documents):
- Text+Berg de-fr test0..6 (Sennrich & Volk 2010 gold), `dragoman align --presegmented`;
- NTREX news en-fa and en-ar (123 documents), built by ../shared/tools/perturb.py: clean, the full
  perturbation (15% deleted, 10% merged, moved blocks, 5% added) over several seeds, and deletion
  alone at 5/10/15/20%;
- IWSLT17 TED en-ar talks, clean and perturbed alike (if present);
- beside dragoman: the PyPI package `galechurch` on the same files, when installed.

usage: bench/quality.py [--dragoman PATH] [--quick] [--dict] [--out FILE]
Needs ../shared (the bench skips with a message without it). Writes the table to stdout and,
with --out, to FILE (bench/quality.md is the committed latest output).
"""
import argparse, os, subprocess, sys, tempfile, time, shutil, glob

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
DATA = os.path.join(SHARED, "data")
TOOLS = os.path.join(SHARED, "tools")
sys.path.insert(0, TOOLS)


def score(pairs):
    """pairs: list of (gold, pred). Returns (strict F1, lax F1) like score_align.py."""
    import score_align as sa
    sh = sm = lh = lm = 0
    rsh = rsm = rlh = rlm = 0
    for g, p in pairs:
        gold, test = sa.read_beads(g), sa.read_beads(p)
        a = sa.hits(gold, test)
        gold2 = {b for b in gold if b[0] and b[1]}
        b = sa.hits(test, gold2)
        sh += a[0]; sm += a[1]; lh += a[2]; lm += a[3]
        rsh += b[0]; rsm += b[1]; rlh += b[2]; rlm += b[3]
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0
    sp = sh / (sh + sm) if sh + sm else 0; sr = rsh / (rsh + rsm) if rsh + rsm else 0
    lp = lh / (lh + lm) if lh + lm else 0; lr = rlh / (rlh + rlm) if rlh + rlm else 0
    return f(sp, sr), f(lp, lr)


def run_dragoman(exe, docs, sl, tl, outdir, extra):
    """docs: list of (name, src, tgt, gold). Aligns all docs in one `dragoman align --batch` call."""
    pairs = []
    t0 = time.perf_counter()
    for name, s, t, g in docs:
        pred = os.path.join(outdir, name + ".pred.align")
        with open(pred, "w") as f:
            subprocess.run([exe, "align", "--presegmented", "--src-lang", sl, "--tgt-lang", tl, *extra, s, t],
                           stdout=f, check=True)
        pairs.append((g, pred))
    return score(pairs), time.perf_counter() - t0


def run_galechurch(docs, outdir):
    try:
        import galechurch  # noqa: F401
    except ImportError:
        return None, 0
    exe = shutil.which("galechurch")
    pairs = []
    t0 = time.perf_counter()
    for name, s, t, g in docs:
        pred = os.path.join(outdir, name + ".gc.align")
        r = subprocess.run([exe, s, t], capture_output=True, text=True)
        if r.returncode != 0:
            return None, 0
        with open(pred, "w") as f:
            f.write(r.stdout)
        pairs.append((g, pred))
    return score(pairs), time.perf_counter() - t0


def textberg(tmp):
    d = os.path.join(DATA, "textberg-defr")
    return [(f"test{n}", f"{d}/test{n}.de", f"{d}/test{n}.fr", f"{d}/test{n}.defr") for n in range(7)]


def ntrex(tmp, lang, tag, args):
    d = os.path.join(DATA, "ntrex-news-en-fa-ar")
    tgt = {"fa": "newstest2019-ref.fas.txt", "ar": "newstest2019-ref.arb.txt"}[lang]
    out = os.path.join(tmp, f"ntrex-{lang}-{tag}")
    subprocess.run([sys.executable, f"{TOOLS}/perturb.py", f"{d}/newstest2019-src.eng.txt", f"{d}/{tgt}",
                    f"{d}/DOCUMENT_IDS.tsv", out, f"en-{lang}", *args], check=True, capture_output=True)
    docs = []
    for g in sorted(glob.glob(f"{out}/*.en-{lang}.align")):
        base = g[: -len(f".en-{lang}.align")]
        docs.append((os.path.basename(base) + f".{tag}", base + ".en.sent", base + f".{lang}.sent", g))
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dragoman", default=os.path.join(ROOT, "target/release/dragoman"))
    ap.add_argument("--quick", action="store_true", help="one seed, fewer settings")
    ap.add_argument("--dict", action="store_true", help="also run with the MUSE dictionary")
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f"skipped: {DATA} not found")
        return
    tmp = tempfile.mkdtemp(prefix="dragoman-bench-")
    rows = []
    sets = [("Text+Berg de-fr test0-6", "de", "fr", textberg(tmp))]
    seeds = [1] if a.quick else [1, 2, 3]
    for lang in ["fa", "ar"]:
        sets.append((f"NTREX en-{lang} clean", "en", lang, ntrex(tmp, lang, "clean", ["--clean"])))
        docs = []
        for s in seeds:
            docs += ntrex(tmp, lang, f"full{s}", ["--seed", str(s)])
        sets.append((f"NTREX en-{lang} perturbed ({len(seeds)} seeds)", "en", lang, docs))
        if not a.quick:
            for p in [0.05, 0.10, 0.15, 0.20]:
                docs = ntrex(tmp, lang, f"del{int(p*100)}", ["--seed", "1", "--delete", str(p), "--merge", "0", "--move", "0", "--add", "0"])
                sets.append((f"NTREX en-{lang} deletion {int(p*100)}%", "en", lang, docs))
    lines = ["| set | docs | dragoman strict F1 | lax F1 | galechurch strict F1 | lax F1 |", "|---|---|---|---|---|---|"]
    for name, sl, tl, docs in sets:
        (sf, lf), t = run_dragoman(a.dragoman, docs, sl, tl, tmp, [])
        gc, _ = run_galechurch(docs, tmp)
        gcs = f"{gc[0]:.3f} | {gc[1]:.3f}" if gc else "n/a | n/a"
        lines.append(f"| {name} | {len(docs)} | {sf:.3f} | {lf:.3f} | {gcs} |")
        print(lines[-1], flush=True)
    text = "\n".join(lines)
    print()
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text + "\n")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
