#!/usr/bin/env python3
"""Long-document bench (case B13 of ../shared/cases): time and peak memory of `dragoman run` on one
pair of N sentences a side, for several N, built as ../shared/cases/B13/gen.md describes
(20 omissions and 20 additions per 20,000; paragraphs of five sentences).

usage: bench/long.py [--dragoman PATH] [--sizes 10000,20000,50000,100000] [--out FILE]
Prints a table: N, seconds (wall), peak RSS (MiB, from the child's rusage), exact beads (%),
omissions and additions found. Runs on one thread (-j 1)."""
import argparse, os, resource, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
EN_T = ["Report {n}: the committee reviewed case {n}.",
        "Case {n} was delayed by two weeks because a key witness did not appear.",
        "No decision was taken on case {n}.",
        "Lawyers for case {n} asked for more time, and the judge agreed.",
        "Case {n} is closed."]
FA_T = ["گزارش {n}: کمیته پرونده {n} را بررسی کرد.",
        "پرونده {n} به دلیل حاضر نشدن یک شاهد کلیدی دو هفته به تعویق افتاد.",
        "درباره پرونده {n} تصمیمی گرفته نشد.",
        "وکلای پرونده {n} وقت بیشتری خواستند و قاضی موافقت کرد.",
        "پرونده {n} بسته شد."]
EXTRA = "این بخش در نسخه انگلیسی وجود ندارد."


def build(n, d):
    en, fa, gold = [], [], []
    j = 0
    for k in range(1, n + 1):
        en.append(EN_T[k % 5].format(n=k))
        if k % 1000 != 500:
            fa.append(FA_T[k % 5].format(n=str(k).translate(FA)))
            gold.append(f"[{k-1}]:[{j}]"); j += 1
        else:
            gold.append(f"[{k-1}]:[]")
        if k % 1000 == 750:
            fa.append(EXTRA); gold.append(f"[]:[{j}]"); j += 1
    para = lambda v: "\n\n".join(" ".join(v[i:i + 5]) for i in range(0, len(v), 5)) + "\n"
    os.makedirs(f"{d}/c", exist_ok=True)
    open(f"{d}/c/b13.en.txt", "w").write(para(en))
    open(f"{d}/c/b13.fa.txt", "w").write(para(fa))
    return set(gold)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dragoman", default=os.path.join(ROOT, "target/release/dragoman"))
    ap.add_argument("--sizes", default="10000,20000,50000,100000")
    ap.add_argument("--out")
    a = ap.parse_args()
    lines = ["| N (sentences a side) | seconds | peak RSS MiB | exact beads | omissions | additions |", "|---|---|---|---|---|---|"]
    for n in [int(x) for x in a.sizes.split(",")]:
        with tempfile.TemporaryDirectory() as d:
            gold = build(n, d)
            t0 = time.perf_counter()
            p = subprocess.Popen([a.dragoman, "run", "c", "--out", "o", "-q", "-j", "1"], cwd=d, stdout=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            secs = time.perf_counter() - t0
            if status != 0:
                sys.exit(f"dragoman failed at N={n}")
            pred = {l.rsplit(":", 1)[0] for l in open(f"{d}/o/b13.en-fa.align")}
            exact = len(gold & pred) / len(gold)
            diffs = open(f"{d}/o/b13.en-fa.diffs.tsv").read().splitlines()
            om = sum(1 for l in diffs if l.startswith("omission\t"))
            ad = sum(1 for l in diffs if l.startswith("addition\t"))
            lines.append(f"| {n} | {secs:.2f} | {ru.ru_maxrss / 1024:.0f} | {100 * exact:.2f}% | {om} | {ad} |")
            print(lines[-1], flush=True)
    print("\n".join(lines))
    if a.out:
        open(a.out, "w").write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
