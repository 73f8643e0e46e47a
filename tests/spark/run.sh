#!/usr/bin/env bash
# Integration test of examples/spark_align.py: Spark in local mode on a small corpus (the seed
# report tehran-damascus in en/fa/ar, its synthetic variants and one malformed line) must give
# exactly what one machine gives:
#   - the corpus lexicon and EM table of `dragoman lexicon count | dragoman lexicon merge`;
#   - the records of `dragoman stream --lexicon` (also with --batch 1 -j 1);
#   - the beads of `dragoman run --per-pair --no-learn --lexicon` on the same sentences.
# Installs pyspark with pip when missing; needs Java 17 and cargo. Idempotent: works in a fresh
# temporary folder each time. Prints one line `PASS: ...` or `FAIL: ...`; exit code 0 or 1.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
fail() { echo "FAIL: spark test: $*"; exit 1; }

python3 -c "import pyspark" 2>/dev/null || pip install --quiet pyspark >/dev/null 2>&1 || pip install --quiet --break-system-packages pyspark >/dev/null 2>&1 || fail "cannot pip install pyspark"
python3 -c "import pyspark" 2>/dev/null || fail "pyspark does not import"
java -version >/dev/null 2>&1 || fail "no java (Spark needs Java 17)"
cargo build --release --quiet --bin dragoman || fail "cargo build failed"
D="$ROOT/target/release/dragoman"
ITER=3
export SPARK_LOCAL_IP=127.0.0.1  # local mode: no host name look-up

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
python3 tests/spark/make_corpus.py --bad-line --corpus-dir "$W/corpus" > "$W/pairs.jsonl" || fail "make_corpus.py failed"
N=$(grep -c . "$W/pairs.jsonl")

# one machine: EM iterations by hand, then stream with the lexicon
TABLE=()
for k in $(seq 1 $ITER); do
  "$D" lexicon count "${TABLE[@]}" < "$W/pairs.jsonl" 2>/dev/null > "$W/counts-$k.tsv"
  "$D" lexicon merge "$W/counts-$k.tsv" --out "$W/lexicon.tsv" --table "$W/table-$k.tsv" 2>/dev/null || fail "lexicon merge failed"
  TABLE=(--table "$W/table-$k.tsv")
done
"$D" stream -q --lexicon "$W/lexicon.tsv" < "$W/pairs.jsonl" > "$W/single.jsonl"
"$D" stream -q --batch 1 -j 1 --lexicon "$W/lexicon.tsv" < "$W/pairs.jsonl" > "$W/single-b1.jsonl"
"$D" run "$W/corpus" --out "$W/run" -q --per-pair --no-learn --lexicon "$W/lexicon.tsv" > "$W/run.log" 2>&1 || fail "dragoman run failed: $(tail -1 "$W/run.log")"

# Spark, local mode, 3 partitions
python3 examples/spark_align.py "$W/pairs.jsonl" "$W/spark" --partitions 3 --iterations $ITER \
  --dragoman "$D" --master 'local[2]' > "$W/spark.log" 2>&1 || { tail -20 "$W/spark.log"; fail "spark_align.py failed"; }

cmp -s "$W/lexicon.tsv" "$W/spark/lexicon.tsv" || fail "lexicon differs from one machine's"
cmp -s "$W/table-$ITER.tsv" "$W/spark/table-$ITER.tsv" || fail "EM table differs from one machine's"
cmp -s "$W/single.jsonl" "$W/spark/aligned.jsonl" || fail "aligned records differ from dragoman stream's"
cmp -s "$W/single.jsonl" "$W/single-b1.jsonl" || fail "stream --batch 1 -j 1 differs from --batch 256"
python3 - "$W" "$N" <<'PY' || fail "output check failed (see above)"
import json, os, sys
w, n = sys.argv[1], int(sys.argv[2])
recs = [json.loads(l) for l in open(os.path.join(w, "spark", "aligned.jsonl"), encoding="utf-8")]
assert len(recs) == n, f"{len(recs)} records for {n} lines"
errs = [r for r in recs if "error" in r]
assert [(r["line"], r.get("id")) for r in errs] == [(n, "broken")], errs
links = sum(1 for _ in open(os.path.join(w, "lexicon.tsv"), encoding="utf-8"))
assert links >= 10, f"only {links} lexicon links"
checked = 0
for r in recs:
    if "error" in r or r["id"].endswith("-text"):
        continue
    path = os.path.join(w, "run", f"{r['id']}.en-{r['lang']}.align")
    want = "".join("[%s]:[%s]:%.4f\n" % (", ".join(map(str, b[0])), ", ".join(map(str, b[1])), b[2]) for b in r["beads"])
    got = open(path, encoding="utf-8").read()
    assert got == want, f"{r['id']}: dragoman run gives\n{got}\nstream gives\n{want}"
    checked += 1
assert checked == 16, checked
print(f"{n} records, {links} lexicon links, {checked} pairs checked against dragoman run")
PY
echo "PASS: spark test: Spark local mode equals one machine (lexicon, EM table, $N stream records, run beads)"
