#!/usr/bin/env python3
"""Builds the small corpus of the Spark test as JSON Lines of edition pairs (stdout).

From the seed report tehran-damascus: its pre-segmented fixtures (en-fa, en-ar, as
"sentences"), its raw editions in corpora/ (as "text"), and synthetic variants of the
pre-segmented pairs (a sentence deleted, two merged, one added, the order of a block changed),
so the corpus has omissions, additions and merges. Deterministic. With --corpus-dir DIR, also
writes each pre-segmented pair as DIR/<id>.en.sent and DIR/<id>.<lang>.sent for `dragoman run`.
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def variants(en, other):
    """Synthetic second editions: (name, en sentences, other sentences)."""
    n = len(other)
    out = []
    for k in (2, 5, 9):  # a sentence deleted
        if k < n:
            out.append((f"del{k}", en, other[:k] + other[k + 1:]))
    for k in (3, 7):  # two sentences merged
        if k + 1 < n:
            out.append((f"merge{k}", en, other[:k] + [other[k] + " " + other[k + 1]] + other[k + 2:]))
    out.append(("add", en, other[:4] + ["Extra paragraph added by the editors, with 1,234 words."] + other[4:]))
    out.append(("head", en[1:], other))  # English headline dropped
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus-dir")
    ap.add_argument("--bad-line", action="store_true", help="add one malformed line")
    a = ap.parse_args()
    fx = os.path.join(ROOT, "tests", "fixtures")
    en = lines(os.path.join(fx, "tehran-damascus.en.sent"))
    recs = []
    for lang in ("fa", "ar"):
        other = lines(os.path.join(fx, f"tehran-damascus.{lang}.sent"))
        recs.append((f"td-{lang}", lang, en, other))
        for name, e, o in variants(en, other):
            recs.append((f"td-{lang}-{name}", lang, e, o))
    out = sys.stdout
    for rid, lang, e, o in recs:
        out.write(json.dumps({"id": rid, "lang": lang, "en": {"sentences": e}, "other": {"sentences": o}}, ensure_ascii=False) + "\n")
    corpora = os.path.join(ROOT, "corpora")
    for lang in ("fa", "ar"):
        p_en = os.path.join(corpora, "tehran-damascus.en.txt")
        p_o = os.path.join(corpora, f"tehran-damascus.{lang}.txt")
        if os.path.exists(p_en) and os.path.exists(p_o):
            with open(p_en, encoding="utf-8-sig") as f1, open(p_o, encoding="utf-8-sig") as f2:
                out.write(json.dumps({"id": f"td-{lang}-text", "lang": lang, "en": {"text": f1.read()}, "other": {"text": f2.read()}}, ensure_ascii=False) + "\n")
    if a.bad_line:
        out.write('{"id": "broken", "lang": "fa", "en": {"sentences": ["A."]}}\n')
    if a.corpus_dir:
        os.makedirs(a.corpus_dir, exist_ok=True)
        for rid, lang, e, o in recs:
            for l, s in (("en", e), (lang, o)):
                with open(os.path.join(a.corpus_dir, f"{rid}.{l}.sent"), "w", encoding="utf-8") as f:
                    f.write("\n".join(s) + "\n")


if __name__ == "__main__":
    main()
