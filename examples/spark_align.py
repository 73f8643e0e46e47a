#!/usr/bin/env python3
"""Aligns a corpus of edition pairs with Apache Spark and `dragoman`, as a map-reduce.

Input: JSON Lines of edition pairs, as `dragoman stream` reads them. Output, in OUT:
  aligned.jsonl   one record per input line, in input order (as `dragoman stream` writes them)
  lexicon.tsv     the corpus lexicon (phase 1), unless --lexicon was given
  table-K.tsv     the IBM Model 1 table after EM iteration K (what iteration K+1 maps with)

Phase 1, the corpus lexicon (skipped with --lexicon): each EM iteration is a map, `dragoman
lexicon count` piped over every partition (expected counts of the partition's confident 1-1
beads), and a reduce: reduceByKey sums the counts per token pair (integers in micro-units, so
the sums do not depend on the partitioning), and `dragoman lexicon merge` on the driver
normalizes them into the table of the next iteration and the lexicon.
Phase 2: `dragoman stream --lexicon lexicon.tsv` piped over every partition. Lines are numbered
(zipWithIndex) so error records give the line of the whole input.

The dragoman binary and the files in OUT must be reachable at the same paths from every executor
(local mode, or a shared file system); use --dragoman to name the binary.

Usage: spark_align.py INPUT.jsonl OUT [--partitions N] [--iterations K] [--lexicon FILE]
                      [--dragoman PATH] [--master local[2]]
"""
import argparse
import glob
import os
import shlex
import subprocess
import sys


def micro(s):
    """A count with at most 6 decimals, as an integer number of micro-units (exact)."""
    i, _, f = s.partition(".")
    return int(i) * 1_000_000 + int((f + "000000")[:6])


def fmt(x):
    return "%d.%06d" % (x // 1_000_000, x % 1_000_000)


def parse_counts(line):
    src, tgt, fwd, bwd = line.split("\t")
    return (src, tgt), (micro(fwd), micro(bwd))


def concat(parts_dir, dest):
    """Concatenates Spark's part files in partition order into dest."""
    with open(dest, "w", encoding="utf-8") as out:
        for p in sorted(glob.glob(os.path.join(parts_dir, "part-*"))):
            with open(p, encoding="utf-8") as f:
                out.write(f.read())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--iterations", type=int, default=5, help="EM iterations of phase 1 (default 5)")
    ap.add_argument("--lexicon", help="skip phase 1 and align with this lexicon")
    ap.add_argument("--dragoman", default="dragoman", help="path of the dragoman binary")
    ap.add_argument("--master", default=None, help="Spark master, e.g. local[2] (default: from spark-submit)")
    a = ap.parse_args()

    from pyspark import SparkConf, SparkContext

    conf = SparkConf().setAppName("dragoman-align").set("spark.ui.showConsoleProgress", "false")
    if a.master:
        conf.setMaster(a.master)
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("WARN")
    os.makedirs(a.out, exist_ok=True)
    out = os.path.abspath(a.out)
    dragoman = shlex.quote(os.path.abspath(a.dragoman) if os.path.sep in a.dragoman else a.dragoman)

    lines = sc.textFile(os.path.abspath(a.input), a.partitions)
    numbered = lines.zipWithIndex().map(lambda x: "%d\t%s" % (x[1] + 1, x[0])).cache()
    pairs = lines.filter(lambda l: l.strip()).cache()

    lexicon = os.path.abspath(a.lexicon) if a.lexicon else None
    if lexicon is None:
        table = None
        lexicon = os.path.join(out, "lexicon.tsv")
        for k in range(1, a.iterations + 1):
            cmd = dragoman + " lexicon count"
            if table:
                cmd += " --table " + shlex.quote(table)
            counts = (
                pairs.pipe(cmd)  # map: expected counts per partition
                .map(parse_counts)
                .reduceByKey(lambda x, y: (x[0] + y[0], x[1] + y[1]))  # reduce: sum
                .map(lambda kv: "%s\t%s\t%s\t%s" % (kv[0][0], kv[0][1], fmt(kv[1][0]), fmt(kv[1][1])))
            )
            parts = os.path.join(out, "counts-%d" % k)
            subprocess.run(["rm", "-rf", parts], check=True)
            counts.saveAsTextFile(parts)
            table = os.path.join(out, "table-%d.tsv" % k)
            files = sorted(glob.glob(os.path.join(parts, "part-*")))
            # the end of the reduce: normalize into the next table and the lexicon
            subprocess.run(
                [a.dragoman, "lexicon", "merge", *files, "--out", lexicon, "--table", table], check=True
            )
    aligned = numbered.pipe(dragoman + " stream -q --numbered --lexicon " + shlex.quote(lexicon))
    parts = os.path.join(out, "aligned")
    subprocess.run(["rm", "-rf", parts], check=True)
    aligned.saveAsTextFile(parts)
    concat(parts, os.path.join(out, "aligned.jsonl"))
    n = sum(1 for _ in open(os.path.join(out, "aligned.jsonl"), encoding="utf-8"))
    print("spark_align: %d records in %s (lexicon %s)" % (n, os.path.join(out, "aligned.jsonl"), lexicon), file=sys.stderr)
    sc.stop()


if __name__ == "__main__":
    main()
