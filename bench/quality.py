#!/usr/bin/env python3
"""Alignment quality bench: builds test sets from ../shared/data and prints one table.

Sets, all scored as ../shared/tools/score_align.py scores (pooled over documents):
- Text+Berg de-fr test0..6 (Sennrich & Volk 2010 gold): `dragoman align --presegmented
  --src-lang de --tgt-lang fr testN.de testN.fr`, one document at a time;
- NTREX news en-fa and en-ar (123 documents) built by ../shared/tools/perturb.py: clean, the
  full perturbation (15% deleted, 10% merged, moved blocks, 5% added) over seeds 1-3, and
  deletion alone at 5/10/15/20%; aligned as a corpus (`dragoman run DIR`, so the lexicon is
  learned from all documents); and, dragoman alone, the full perturbation with seeds 21-26,
  never used while developing (an estimate for the unseen seed the issue measures with);
- IWSLT17 TED en-ar talks (tst2016 + tst2017), clean and perturbed alike;
- beside dragoman, in the same run: dragoman with the MUSE dictionary (`--dict`), and the PyPI
  package `galechurch` (a Rust Gale-Church) on the same files.
Columns: strict F1, lax F1, and "p>=0.9": the share of beads scored >= 0.9 that are correct
(strict), which checks that scores are calibrated.

usage: bench/quality.py [--dragoman PATH] [--quick] [--out FILE]
Needs ../shared (skips with a message without it); galechurch is installed with pip if missing.
"""
import argparse, glob, os, shutil, subprocess, sys, tempfile, xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
DATA = os.path.join(SHARED, "data")
TOOLS = os.path.join(SHARED, "tools")


def read_beads(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line:
            continue
        parts = line.split(":")
        ids = lambda s: tuple(int(x) for x in s.strip()[1:-1].split(",") if x.strip())
        b = (ids(parts[0]), ids(parts[1]))
        if b[0] or b[1]:
            out[b] = float(parts[2]) if len(parts) > 2 else None
    return out


def hits(ref, cand):
    links = {}
    for s, t in ref:
        for i in s:
            links.setdefault(i, set()).update(t)
    sh = lh = 0
    for s, t in cand:
        if (s, t) in ref:
            sh += 1; lh += 1
        elif any(links.get(i, set()) & set(t) for i in s):
            lh += 1
    return sh, lh


def score(pairs):
    """pairs of (gold, pred) files -> (strict F1, lax F1, share correct among score >= 0.9)"""
    sp = lp = np_ = sr = lr = nr = 0
    hi = hi_ok = 0
    for g, p in pairs:
        gold, pred = read_beads(g), read_beads(p)
        a, b = hits(gold, pred)
        sp += a; lp += b; np_ += len(pred)
        gold2 = {k: v for k, v in gold.items() if k[0] and k[1]}
        a, b = hits(pred, gold2)
        sr += a; lr += b; nr += len(gold2)
        for bead, s in pred.items():
            if s is not None and s >= 0.9:
                hi += 1; hi_ok += bead in gold
    f = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0
    return f(sp / max(np_, 1), sr / max(nr, 1)), f(lp / max(np_, 1), lr / max(nr, 1)), (hi_ok / hi if hi else float("nan"))


def galechurch():
    exe = shutil.which("galechurch")
    if not exe:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "galechurch"], capture_output=True)
        exe = shutil.which("galechurch")
    return exe


def run_galechurch(exe, docs, tmp, tag):
    """docs: (name, src, tgt, gold). Runs galechurch once over folders; returns scores."""
    base = os.path.join(tmp, "gc-" + tag)
    for d in ("src", "tgt", "out"):
        os.makedirs(os.path.join(base, d), exist_ok=True)
    for name, s, t, _ in docs:
        shutil.copy(s, os.path.join(base, "src", name + ".txt"))
        shutil.copy(t, os.path.join(base, "tgt", name + ".txt"))
    r = subprocess.run([exe, "-src", f"{base}/src", "-trg", f"{base}/tgt", "-out", f"{base}/out", "--alignment-type", "pharaoh"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    return score([(g, os.path.join(base, "out", name + ".txt")) for name, _, _, g in docs])


def run_dragoman_docs(exe, docs, sl, tl, tmp, extra):
    pairs = []
    for name, s, t, g in docs:
        pred = os.path.join(tmp, name + ".pred.align")
        with open(pred, "w") as f:
            subprocess.run([exe, "align", "--presegmented", "--src-lang", sl, "--tgt-lang", tl, *extra, s, t], stdout=f, check=True)
        pairs.append((g, pred))
    return score(pairs)


def run_dragoman_corpus(exe, folder, lang, tmp, tag, extra):
    out = os.path.join(tmp, "out-" + tag)
    subprocess.run([exe, "run", folder, "--out", out, "-q", *extra], check=True, stdout=subprocess.DEVNULL)
    golds = sorted(glob.glob(f"{folder}/*.en-{lang}.align"))
    return score([(g, os.path.join(out, os.path.basename(g))) for g in golds])


def perturbed(src, tgt, ids, out, lang, args):
    subprocess.run([sys.executable, f"{TOOLS}/perturb.py", src, tgt, ids, out, f"en-{lang}", *args], check=True, capture_output=True)
    docs = []
    for g in sorted(glob.glob(f"{out}/*.en-{lang}.align")):
        base = g[: -len(f".en-{lang}.align")]
        docs.append((os.path.basename(base), base + ".en.sent", base + f".{lang}.sent", g))
    return docs


def ted_corpus(tmp):
    """IWSLT17 TED en-ar as a line-aligned corpus with talk ids (segments paired by id)."""
    d = os.path.join(DATA, "iwslt17-ted-en-ar")
    en, ar, ids = [], [], []
    for year in ("2016", "2017"):
        e = ET.parse(f"{d}/IWSLT17.TED.tst{year}.en-ar.en.xml").getroot()
        a = ET.parse(f"{d}/IWSLT17.TED.tst{year}.ar-en.ar.xml").getroot()
        adocs = {doc.get("docid"): {s.get("id"): " ".join((s.text or "").split()) for s in doc.iter("seg")} for doc in a.iter("doc")}
        for doc in e.iter("doc"):
            did = doc.get("docid")
            for s in doc.iter("seg"):
                t = adocs.get(did, {}).get(s.get("id"))
                if t:
                    en.append(" ".join((s.text or "").split())); ar.append(t); ids.append(f"ted{did}")
    paths = [os.path.join(tmp, f"ted.{x}") for x in ("en", "ar", "ids")]
    for p, v in zip(paths, (en, ar, ids)):
        open(p, "w", encoding="utf-8").write("\n".join(v) + "\n")
    return paths


# perturbation seeds never used while developing dragoman
HELD_OUT_SEEDS = [21, 22, 23, 24, 25, 26]


def fmt(x):
    return "n/a | n/a | n/a" if x is None else f"{x[0]:.3f} | {x[1]:.3f} | {x[2]:.3f}"


def acceptance(results, seeds):
    """Issue 4's bars, strict F1 to 4 decimals: NTREX perturbed mean over seeds >= 0.97, its drop
    from clean <= 0.02, and dragoman above galechurch at every level."""
    out = ["| bar | measured | met |", "|---|---|---|"]
    tb = results.get("Text+Berg de-fr test0-6", (None, None))[0]
    if tb is not None:
        out.append(f"| Text+Berg test strict F1 >= 0.85 | {tb:.4f} | {'yes' if tb >= 0.85 else 'no'} |")
    for lang in ("fa", "ar"):
        clean = results.get(f"NTREX en-{lang} clean", (None, None))[0]
        pert = [results.get(f"NTREX en-{lang} perturbed seed {s}", (None, None))[0] for s in seeds]
        if clean is None or None in pert:
            continue
        mean = sum(pert) / len(pert)
        out.append(f"| NTREX en-{lang} perturbed, mean of seeds {', '.join(map(str, seeds))} >= 0.97 | {mean:.4f} | {'yes' if mean >= 0.97 else 'no'} |")
        out.append(f"| NTREX en-{lang} drop from clean ({clean:.4f}) <= 0.02 | {clean - mean:.4f} | {'yes' if clean - mean <= 0.02 else 'no'} |")
        held = [results.get(f"NTREX en-{lang} held-out seed {s}", (None, None))[0] for s in HELD_OUT_SEEDS]
        if None not in held:
            hmean = sum(held) / len(held)
            out.append(f"| NTREX en-{lang} held-out seeds {HELD_OUT_SEEDS[0]}-{HELD_OUT_SEEDS[-1]} (not a bar: never used in development), mean >= 0.97 | {hmean:.4f} | {'yes' if hmean >= 0.97 else 'no'} |")
            out.append(f"| NTREX en-{lang} held-out seeds, drop from clean <= 0.02 | {clean - hmean:.4f} | {'yes' if clean - hmean <= 0.02 else 'no'} |")
        for name, (d, g) in results.items():
            if name.startswith(f"NTREX en-{lang}") and d is not None and g is not None:
                # a perfect galechurch cannot be exceeded: a perfect dragoman ties it
                met = "yes" if d > g else ("tie: both perfect, the most possible" if d == g == 1.0 else "no")
                out.append(f"| {name}: dragoman above galechurch ({g:.4f}) | {d:.4f} | {met} |")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dragoman", default=os.path.join(ROOT, "target/release/dragoman"))
    ap.add_argument("--quick", action="store_true", help="one seed, no deletion sweep, no TED")
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.isdir(DATA):
        print(f"skipped: {DATA} not found")
        return
    gc = galechurch()
    tmp = tempfile.mkdtemp(prefix="dragoman-bench-")
    rows = []
    results = {}  # set name -> (dragoman, galechurch) strict F1
    head = ["| set | docs | dragoman strict F1 | lax F1 | p>=0.9 | dragoman + MUSE dict strict F1 | lax F1 | p>=0.9 | galechurch strict F1 | lax F1 | p>=0.9 |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]
    print("\n".join(head), flush=True)

    def row(name, n, d, dd, g):
        results[name] = (d[0] if d else None, g[0] if g else None)
        rows.append(f"| {name} | {n} | {fmt(d)} | {fmt(dd)} | {fmt(g)} |")
        print(rows[-1], flush=True)

    tb = os.path.join(DATA, "textberg-defr")
    docs = [(f"test{n}", f"{tb}/test{n}.de", f"{tb}/test{n}.fr", f"{tb}/test{n}.defr") for n in range(7)]
    row("Text+Berg de-fr test0-6", 7, run_dragoman_docs(a.dragoman, docs, "de", "fr", tmp, []), None, run_galechurch(gc, docs, tmp, "tb") if gc else None)

    nt = os.path.join(DATA, "ntrex-news-en-fa-ar")
    seeds = [1] if a.quick else [1, 2, 3]
    for lang, ref in (("fa", "fas"), ("ar", "arb")):
        src, tgt, ids = f"{nt}/newstest2019-src.eng.txt", f"{nt}/newstest2019-ref.{ref}.txt", f"{nt}/DOCUMENT_IDS.tsv"
        muse = ["--dict", os.path.join(DATA, "dict-muse-en-fa-ar", f"en-{lang}.dict")]
        settings = [("clean", ["--clean"])] + [(f"perturbed seed {s}", ["--seed", str(s)]) for s in seeds]
        if not a.quick:
            settings += [(f"deletion {p}%", ["--seed", "1", "--delete", str(p / 100), "--merge", "0", "--move", "0", "--add", "0"]) for p in (5, 10, 15, 20)]
        for tag, args in settings:
            folder = os.path.join(tmp, f"ntrex-{lang}-{tag.replace(' ', '')}")
            docs = perturbed(src, tgt, ids, folder, lang, args)
            row(f"NTREX en-{lang} {tag}", len(docs), run_dragoman_corpus(a.dragoman, folder, lang, tmp, f"{lang}{tag}", []),
                run_dragoman_corpus(a.dragoman, folder, lang, tmp, f"{lang}{tag}-dict", muse), run_galechurch(gc, docs, tmp, f"{lang}{tag}") if gc else None)
    if not a.quick:
        # seeds never used while developing (dev sets are seeds 11 and 12; seeds 1-3 above
        # were looked at), for an estimate on the unseen seed the bars are measured with
        for lang, ref in (("fa", "fas"), ("ar", "arb")):
            src, tgt, ids = f"{nt}/newstest2019-src.eng.txt", f"{nt}/newstest2019-ref.{ref}.txt", f"{nt}/DOCUMENT_IDS.tsv"
            for s in HELD_OUT_SEEDS:
                folder = os.path.join(tmp, f"ntrex-{lang}-heldout{s}")
                docs = perturbed(src, tgt, ids, folder, lang, ["--seed", str(s)])
                row(f"NTREX en-{lang} held-out seed {s}", len(docs), run_dragoman_corpus(a.dragoman, folder, lang, tmp, f"{lang}held{s}", []), None, None)
        en, ar, ids = ted_corpus(tmp)
        muse = ["--dict", os.path.join(DATA, "dict-muse-en-fa-ar", "en-ar.dict")]
        for tag, args in (("clean", ["--clean"]), ("perturbed seed 1", ["--seed", "1"])):
            folder = os.path.join(tmp, f"ted-{tag.replace(' ', '')}")
            docs = perturbed(en, ar, ids, folder, "ar", args)
            row(f"TED en-ar {tag}", len(docs), run_dragoman_corpus(a.dragoman, folder, "ar", tmp, f"ted{tag}", []),
                run_dragoman_corpus(a.dragoman, folder, "ar", tmp, f"ted{tag}-dict", muse), run_galechurch(gc, docs, tmp, f"ted{tag}") if gc else None)
    text = "\n".join(head + rows + [""] + acceptance(results, seeds))
    if a.out:
        cmd = "python3 bench/quality.py" + (" --quick" if a.quick else "")
        open(a.out, "w").write(f"Made by `{cmd}` (strict/lax F1 as ../shared/tools/score_align.py; p>=0.9: share of beads scored >= 0.9 that are correct).\n\n{text}\n")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
