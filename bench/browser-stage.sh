#!/usr/bin/env bash
# browser-stage.sh — what the browser stage adds to a run: the examples' SPA (examples/browser-spa, one page: /)
# validated ROUNDS times in each of three modes, interleaved: `declared` (browser.pages: [/] — Chromium starts with
# the run, beside the container), `seen` (no browser section: / is opened because readiness got HTML there — Chromium
# starts once readiness passed) and `off` (browser: false). Prints each run's wall time and the browser stage's own
# duration (report.json), then the medians and what each mode adds to `off`.
# Chromium's start is included (one browser per run). Not a test: on a shared 2-core machine the figures are noisy.
# Needs: ./mvnw package -DskipTests, scripts/build-examples.sh browser-spa, Debian's chromium + chromium-driver.
# Usage: bench/browser-stage.sh [ROUNDS]   (default 5)
#   BASELINE=/path/to/an/older/checkout (built the same way): adds two modes run by that checkout's ./shakedown,
#   interleaved with the others — `baseline` (the declared spec) and `baseline_off` — and prints what the browser adds
#   there beside what it adds here (before/after; each against its own checkout's `off`, so launcher changes cancel out).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-5}"
out="$(mktemp -d /tmp/shakedown-browser-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT
cat >"$out/seen.yml" <<'YAML'
app: browser-spa
target: { image: shakedown-example/browser-spa:1.0, port: 8080, startupTimeout: 30s }
readiness: { http: { path: /, status: 200 } }
rules: { failOn: never }
YAML
{ cat "$out/seen.yml"; echo "browser: { pages: [/] }"; } >"$out/declared.yml"
{ cat "$out/seen.yml"; echo "browser: false"; } >"$out/off.yml"
modes="declared seen off"
baseline="${BASELINE:-}"
if [ -n "$baseline" ]; then
  [ -x "$baseline/shakedown" ] || { echo "BASELINE=$baseline has no ./shakedown" >&2; exit 2; }
  cp "$out/declared.yml" "$out/baseline.yml"
  cp "$out/off.yml" "$out/baseline_off.yml"
  modes="declared baseline seen off baseline_off"
fi

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
stage_ms() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((s["durationMs"] for s in r["stages"] if s["name"]=="browser"), 0))' "$1"; }
# where the stage's time went: Chromium's start (its parts) and whether the stage waited for it, from its message
stage_start() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); m=next((s.get("message") or "" for s in r["stages"] if s["name"]=="browser"), ""); print(m.split("; ", 1)[-1])' "$1"; }

for i in $(seq 1 "$rounds"); do
  for mode in $modes; do
    t0=$(date +%s%N)
    cmd=./shakedown
    case "$mode" in baseline*) cmd="$baseline/shakedown" ;; esac
    "$cmd" validate "$out/$mode.yml" --out "$out/$mode-$i" >"$out/$mode-$i.log" 2>&1 || true
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000000 ))
    echo "$wall" >>"$out/$mode.wall"
    stage=""
    if [ "$mode" != off ] && [ "$mode" != baseline_off ]; then
      stage_ms "$out/$mode-$i/report.json" >>"$out/$mode.stage"
      stage="  (browser stage $(tail -1 "$out/$mode.stage") ms; $(stage_start "$out/$mode-$i/report.json"))"
    fi
    printf 'round %d %-8s %6d ms%s\n' "$i" "$mode" "$wall" "$stage"
  done
done
off_med=$(median <"$out/off.wall")
for mode in declared seen; do
  med=$(median <"$out/$mode.wall"); stage_med=$(median <"$out/$mode.stage")
  # per round (the runs of one round are neighbours in time, so they share the machine's load): added ms and ratio
  pair_added=$(paste "$out/$mode.wall" "$out/off.wall" | awk '{ print $1 - $2 }' | median)
  pair_ratio=$(paste "$out/$mode.wall" "$out/off.wall" | awk '{ printf "%d\n", 1000 * $1 / $2 }' | median)
  echo "median wall: $mode ${med} ms, off ${off_med} ms, added $(( med - off_med )) ms; per round: added ${pair_added} ms, ratio $(awk -v r="$pair_ratio" 'BEGIN { printf "%.2f", r / 1000 }')x; browser stage median ${stage_med} ms (target: <= 2000 ms added)"
done
if [ -n "$baseline" ]; then
  here=$(paste "$out/declared.wall" "$out/off.wall" | awk '{ print $1 - $2 }' | median)
  there=$(paste "$out/baseline.wall" "$out/baseline_off.wall" | awk '{ print $1 - $2 }' | median)
  echo "before/after (declared page, per round median of on - off): baseline $baseline adds ${there} ms, this checkout ${here} ms; browser stage median $(median <"$out/baseline.stage") ms -> $(median <"$out/declared.stage") ms"
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
