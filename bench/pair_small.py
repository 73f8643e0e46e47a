#!/usr/bin/env python3
"""Content pairing in small folders (`dragoman pair`): does a document with no counterpart stay
unpaired when few documents compete for it?

NTREX news (../shared/data/ntrex-news-en-fa-ar), each document an edition as in bench/pair.py
(headline, blank line, one paragraph per source line) under a hashed file name; for EN-FA and
EN-AR, sets drawn with a fixed seed:

- 1x1 true: one English document and its translation (all 123);
- 1x1 unrelated: one English document and the translation of another (150 draws);
- 2x2: a true pair plus one English and one other document that are not each other's
  translation (100 draws);
- 5x5: four true pairs plus one unrelated leftover on each side (50 draws);
- the seed corpus (../shared/corpora-seed): tehran-damascus en with its fa and its ar, each 1x1.

Counts pairs made, correct and gold over all draws of a kind: precision = correct / made,
recall = correct / gold (1x1 unrelated has no gold: its made pairs are all wrong).

usage: bench/pair_small.py [--dragoman PATH] [--out FILE]
Needs ../shared (skips with a message without it). bench/pair_small.md is the committed output.
"""
import argparse, concurrent.futures, csv, os, random, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pair as big  # noqa: E402  (bench/pair.py: NTREX reading and editions)

SEED_CORPUS = os.path.join(os.path.dirname(big.ROOT), "shared", "corpora-seed")


def one_set(exe, root, en_docs, other_docs, lang):
    """en_docs/other_docs: [(name, text)]; gold pairs share a name. Returns (made, correct)."""
    os.makedirs(os.path.join(root, "en"))
    os.makedirs(os.path.join(root, lang))
    for side, docs in (("en", en_docs), (lang, other_docs)):
        for name, text in docs:
            with open(os.path.join(root, side, big.hashed(3, side, name)), "w", encoding="utf-8") as f:
                f.write(text)
    gold = {os.path.join(root, "en", big.hashed(3, "en", n)): os.path.join(root, lang, big.hashed(3, lang, n))
            for n, _ in en_docs if any(n == m for m, _ in other_docs)}
    p = subprocess.run([exe, "pair", os.path.join(root, "en"), os.path.join(root, lang), "--lang", lang],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"dragoman pair failed: {p.stderr}")
    rows = list(csv.DictReader(p.stdout.splitlines()))
    shutil.rmtree(root)
    return len(rows), sum(1 for r in rows if gold.get(r["en"]) == r["other"]), len(gold)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dragoman", default=os.path.join(big.ROOT, "target", "release", "dragoman"))
    ap.add_argument("--out")
    a = ap.parse_args()
    if not os.path.isdir(big.NTREX):
        print(f"skipped: {big.NTREX} not found")
        return
    docs = big.ntrex_docs()
    ed = lambda k, lang: big.edition(docs[k][1][lang])  # noqa: E731
    lines = ["# dragoman pair: small folders", "",
             "Command: `cargo build --release && bench/pair_small.py --out bench/pair_small.md`.", "",
             "| set | draws | pairs made | correct | gold | precision | recall |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for lang in ("fa", "ar"):
            rng = random.Random(5)
            n = len(docs)
            kinds = {}
            kinds["1x1 true"] = [([k], [k]) for k in range(n)]
            draws = []
            for _ in range(150):
                i, j = rng.sample(range(n), 2)
                draws.append(([i], [j]))
            kinds["1x1 unrelated"] = draws
            draws = []
            for _ in range(100):
                t, i, j = rng.sample(range(n), 3)
                draws.append(([t, i], [t, j]))
            kinds["2x2 (1 true pair)"] = draws
            draws = []
            for _ in range(50):
                ks = rng.sample(range(n), 6)
                draws.append((ks[:5], ks[:4] + [ks[5]]))
            kinds["5x5 (4 true pairs)"] = draws
            for kind, sets in kinds.items():
                jobs = [pool.submit(one_set, a.dragoman, os.path.join(tmp, f"{lang}-{kind[:3]}-{d}"),
                                    [(docs[k][0], ed(k, "en")) for k in e], [(docs[k][0], ed(k, lang)) for k in o], lang)
                        for d, (e, o) in enumerate(sets)]
                made = correct = gold = 0
                for j in jobs:
                    m, c, g = j.result()
                    made, correct, gold = made + m, correct + c, gold + g
                prec = f"{correct / made:.3f}" if made else "-"
                rec = f"{correct / gold:.3f}" if gold else "-"
                lines.append(f"| NTREX en-{lang}, {kind} | {len(sets)} | {made} | {correct} | {gold} | {prec} | {rec} |")
                print(lines[-1], file=sys.stderr)
        if os.path.isdir(SEED_CORPUS):
            read = lambda lang: open(os.path.join(SEED_CORPUS, f"tehran-damascus.{lang}.txt"), encoding="utf-8").read()  # noqa: E731
            for lang in ("fa", "ar"):
                m, c, g = one_set(a.dragoman, os.path.join(tmp, f"seed-{lang}"), [("td", read("en"))], [("td", read(lang))], lang)
                lines.append(f"| seed corpus en-{lang}, 1x1 true | 1 | {m} | {c} | {g} | {c / m if m else 0:.3f} | {c / g:.3f} |")
                print(lines[-1], file=sys.stderr)
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
