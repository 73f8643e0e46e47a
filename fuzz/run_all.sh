#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 660) one after another, seeded from tests/fixtures,
# and writes one line per target to fuzz/runs.log: target, seconds, runs, crashes kept.
# Crashing inputs land in fuzz/artifacts/<target>/; turn each into a test in
# tests/integration/robust.rs and fix it.   Usage: [MAXLEN=N] fuzz/run_all.sh [SECONDS] [TARGET...]
# MAXLEN caps input size (libFuzzer -max_len): the seeds are whole editions of a few KB, which
# make slow targets (segment, align) run only a few inputs a second.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-660}; shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(decode_normalize segment align gold import)
fx=../tests/fixtures
for t in "${targets[@]}"; do
  mkdir -p corpus/$t artifacts/$t
  case $t in
    decode_normalize|segment) cp $fx/*.txt $fx/*.sent corpus/$t/ ;;
    align) for l in fa ar; do { printf 'abc'; cat $fx/tehran-damascus.en.sent; printf '|\n'; cat $fx/tehran-damascus.$l.sent; } > corpus/$t/seed-$l; done ;;
    gold) cp $fx/*.align corpus/$t/ ;;
    import) cp $fx/*.align corpus/$t/; find ../tests -name '*.tmx' -size -64k -exec cp {} corpus/$t/ \; ;;
  esac
  start=$(date +%s)
  set +e
  cargo +nightly fuzz run "$t" corpus/$t -- -max_total_time="$secs" -rss_limit_mb=4096 ${MAXLEN:+-max_len=$MAXLEN} \
    -timeout=30 -artifact_prefix=artifacts/$t/ > "runs-$t.out" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'Done [0-9]* runs' "runs-$t.out" | grep -o '[0-9]*' || echo '?')
  echo "$(date -u +%FT%TZ) $t max_len=${MAXLEN:-default} seconds=$(( $(date +%s) - start )) runs=$runs rc=$rc crashes=$(ls artifacts/$t | wc -l)" >> runs.log
done
