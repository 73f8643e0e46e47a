#!/usr/bin/env bash
# Renders dragoman's HTML reports in headless Chromium and checks the rendered DOM.
#
# usage: tests/browser/check_html.sh [FILE.html | DIR ...]
#   With no argument: builds dragoman (cargo build), runs it on the gold sentences of
#   tests/fixtures (tehran-damascus) and on tests/fixtures/hostile (article text holding
#   <script> and <img onerror>), and checks every page written.
#   A DIR is searched for *.html.
#
# Checks, on the DOM that Chromium builds (--dump-dom), for each pair page:
#   - highlights: at least one <mark class="k-..."> element, and the summary and legend;
#   - right to left: a cell with dir="rtl" and lang="fa" or lang="ar";
#   - no <script> or <img> element at all (article text must stay text), and for the hostile
#     page the escaped text &lt;script&gt; is present;
#   - no external resource (http:// or https:// in src or href).
# index.html must link to pair pages.
# Needs /usr/bin/chromium (Debian's chromium package); installs nothing. Exit 0 when every
# check passes, 1 when one fails, 2 when chromium or the pages are missing.
set -u
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -x "$CHROMIUM" ]; then
    echo "check_html: $CHROMIUM not found (apt-get install chromium)" >&2
    exit 2
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

files=()
if [ $# -eq 0 ]; then
    (cd "$ROOT" && cargo build -q --bin dragoman) || { echo "check_html: cargo build failed" >&2; exit 2; }
    BIN="$ROOT/target/debug/dragoman"
    mkdir -p "$WORK/corpus"
    cp "$ROOT"/tests/fixtures/tehran-damascus.{en,fa,ar}.sent "$WORK/corpus/"
    cp "$ROOT"/tests/fixtures/hostile/evil.{en,fa}.sent "$WORK/corpus/"
    "$BIN" run "$WORK/corpus" --out "$WORK/out" -q > "$WORK/run.log" 2>&1 || { cat "$WORK/run.log" >&2; exit 2; }
    set -- "$WORK/out"
fi
for a in "$@"; do
    if [ -d "$a" ]; then
        while IFS= read -r f; do files+=("$f"); done < <(find "$a" -name '*.html' | sort)
    elif [ -f "$a" ]; then
        files+=("$a")
    else
        echo "check_html: $a: no such file or folder" >&2
        exit 2
    fi
done
if [ ${#files[@]} -eq 0 ]; then
    echo "check_html: no HTML file to check" >&2
    exit 2
fi

fail=0
bad() { echo "FAIL $1: $2"; fail=1; }
for f in "${files[@]}"; do
    dom="$WORK/dom.html"
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d -p "$WORK")" --dump-dom "file://$(realpath "$f")" > "$dom" 2> "$WORK/chromium.log"
    if [ ! -s "$dom" ]; then
        bad "$f" "chromium produced no DOM"; tail -5 "$WORK/chromium.log"; continue
    fi
    if grep -qiE '<(script|img)[ >]' "$dom"; then bad "$f" "a <script> or <img> element is in the DOM"; fi
    if grep -qiE '(src|href)="https?://' "$dom"; then bad "$f" "an external resource is referenced"; fi
    if [ "$(basename "$f")" = index.html ]; then
        grep -qE '<a href="[^"]+\.en-(fa|ar)\.html">' "$dom" || bad "$f" "index has no link to a pair page"
        [ $fail -eq 0 ] && echo "ok   $f"
        continue
    fi
    grep -qE '<mark class="k-[a-z_]+' "$dom" || bad "$f" "no highlight (<mark class=\"k-...\">)"
    grep -qE 'dir="rtl"' "$dom" || bad "$f" 'no dir="rtl"'
    grep -qE 'lang="(fa|ar)" dir="rtl"' "$dom" || bad "$f" 'no Persian/Arabic cell marked lang and dir="rtl"'
    grep -q 'class="summary"' "$dom" || bad "$f" "no summary"
    grep -q 'class="legend"' "$dom" || bad "$f" "no legend"
    case "$(basename "$f")" in
        evil.*) grep -q '&lt;script&gt;alert' "$dom" || bad "$f" "the hostile text is not shown as escaped text" ;;
    esac
    [ $fail -eq 0 ] && echo "ok   $f"
done
if [ $fail -ne 0 ]; then
    echo "check_html: FAILED"
    exit 1
fi
echo "check_html: ${#files[@]} pages passed"
