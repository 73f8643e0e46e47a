#!/usr/bin/env python3
"""Cut Text+Berg dev (one 468/554-sentence document) into N documents the size of the test set's.

The test documents are 36-293 German sentences (median 126); dev is one document of 468. The
aligner learns its lexicon, shape priors and cosine model per document, so a short document is
a different regime; tuning on dev alone does not see it. Each cut falls between two gold beads
(every bead wholly before or wholly after it on both sides), the cut nearest to an even split.

Writes OUT/dK.de, OUT/dK.fr and gold OUT/dK.defr (ids renumbered from 0), K = 0..N-1, for
`examples/tune.rs` as `tb:OUT/dK`. Needs ../shared (exits with a message without it).

usage: bench/tb_dev_split.py OUT [N]   (N default 4)
"""
import ast, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEV = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "data", "textberg-defr", "dev")


def main(argv):
    if not argv or len(argv) > 2:
        sys.exit(__doc__)
    out, n = argv[0], int(argv[1]) if len(argv) > 1 else 4
    if not os.path.exists(DEV + ".de"):
        print(f"tb_dev_split.py: {DEV}.de not found; skipping"); return
    de = open(DEV + ".de", encoding="utf-8").read().splitlines()
    fr = open(DEV + ".fr", encoding="utf-8").read().splitlines()
    beads = []
    for line in open(DEV + ".defr", encoding="utf-8"):
        s, t = line.strip().split(":")[:2]
        beads.append((ast.literal_eval(s), ast.literal_eval(t)))

    def clean(cs, ct):
        return all((all(x < cs for x in s) and all(y < ct for y in t))
                   or (all(x >= cs for x in s) and all(y >= ct for y in t)) for s, t in beads)

    starts_s = {s[0] for s, _ in beads if s}
    starts_t = {t[0] for _, t in beads if t}
    cuts = [(0, 0)]
    for k in range(1, n):
        want = len(de) * k // n
        found = [(abs(cs - want), cs, ct) for cs in sorted(starts_s) for ct in sorted(starts_t)
                 if abs(cs - want) <= 30 and clean(cs, ct)]
        if not found:
            sys.exit(f"tb_dev_split.py: no clean cut near German sentence {want}")
        _, cs, ct = min(found)
        cuts.append((cs, ct))
    cuts.append((len(de), len(fr)))
    os.makedirs(out, exist_ok=True)
    for k in range(n):
        (s0, t0), (s1, t1) = cuts[k], cuts[k + 1]
        p = os.path.join(out, f"d{k}")
        open(p + ".de", "w", encoding="utf-8").write("\n".join(de[s0:s1]) + "\n")
        open(p + ".fr", "w", encoding="utf-8").write("\n".join(fr[t0:t1]) + "\n")
        with open(p + ".defr", "w", encoding="utf-8") as f:
            for s, t in beads:
                if (s and s0 <= s[0] < s1) or (not s and t0 <= t[0] < t1):
                    f.write(f"{[x - s0 for x in s]}:{[y - t0 for y in t]}\n")
        print(f"d{k}: German {s0}..{s1}, French {t0}..{t1}")


if __name__ == "__main__":
    main(sys.argv[1:])
