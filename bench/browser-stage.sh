#!/usr/bin/env bash
# browser-stage.sh — what the browser stage adds to a run: the examples' SPA (examples/browser-spa, one page: /)
# validated ROUNDS times with the stage on and ROUNDS times with `browser: false`, interleaved; prints each run's
# wall time and the browser stage's own duration (report.json), then the medians and their difference.
# Chromium's start is included (one browser per run). Not a test: on a shared 2-core machine the figures are noisy.
# Needs: ./mvnw package -DskipTests, scripts/build-examples.sh browser-spa, Debian's chromium + chromium-driver.
# Usage: bench/browser-stage.sh [ROUNDS]   (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-5}"
out="$(mktemp -d /tmp/shakedown-browser-bench-XXXXXX)"
trap 'rm -rf "$out"' EXIT
on="$out/on.yml"
off="$out/off.yml"
cat >"$on" <<'YAML'
app: browser-spa
target: { image: shakedown-example/browser-spa:1.0, port: 8080, startupTimeout: 30s }
readiness: { http: { path: /, status: 200 } }
rules: { failOn: never }
YAML
{ cat "$on"; echo "browser: false"; } >"$off"

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
stage_ms() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(next((s["durationMs"] for s in r["stages"] if s["name"]=="browser"), 0))' "$1"; }

for i in $(seq 1 "$rounds"); do
  for mode in on off; do
    t0=$(date +%s%N)
    ./shakedown validate "$out/$mode.yml" --out "$out/$mode-$i" >"$out/$mode-$i.log" 2>&1 || true
    t1=$(date +%s%N)
    wall=$(( (t1 - t0) / 1000000 ))
    echo "$wall" >>"$out/$mode.wall"
    [ "$mode" = on ] && stage_ms "$out/on-$i/report.json" >>"$out/on.stage"
    printf 'round %d %-3s %6d ms%s\n' "$i" "$mode" "$wall" "$([ "$mode" = on ] && echo "  (browser stage $(tail -1 "$out/on.stage") ms)")"
  done
done
on_med=$(median <"$out/on.wall"); off_med=$(median <"$out/off.wall"); stage_med=$(median <"$out/on.stage")
echo "median wall: browser on ${on_med} ms, off ${off_med} ms, added $(( on_med - off_med )) ms; browser stage median ${stage_med} ms (target: <= 2000 ms added)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
