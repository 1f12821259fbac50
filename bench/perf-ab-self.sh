#!/usr/bin/env bash
# No-false-alarm measurement for the A/B mode: validates perf-app 1.0 side by side with itself N times
# (default 10) through the one-shot command and counts the PASSED verdicts. Target: at least 9 of 10.
# Prints each run's verdict and the per-pair p50/mean changes. Needs: ./mvnw package, the example images.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10}"
out="$(mktemp -d "${TMPDIR:-/tmp}/perf-ab-self.XXXXXX")"
trap 'rm -rf "$out"' EXIT
passed=0
for i in $(seq 1 "$n"); do
  if ./shakedown validate examples/perf-app/self-ab.yml --out "$out/$i" --baseline "$out/b.json" >"$out/$i.log" 2>&1; then
    passed=$((passed + 1)); verdict=PASSED
  else
    verdict="$(grep -oE '^(FAILED|ERROR)' "$out/$i.log" | head -1)"
  fi
  rules="$(grep -E '^\s+[✓✗] (p50|mean) ' "$out/$i.log" | sed 's/^ *//' | tr '\n' ';')"
  echo "run $i: $verdict  $rules"
done
echo "self A/B: $passed of $n PASSED"
