#!/usr/bin/env bash
# Benchmark: spec parse time over every examples/**/shakedown.yml (cold first round in a fresh JVM, then
# the median of warm rounds), RUNS fresh JVMs. Not a test: numbers go to docs/performance.md.
# usage: bench/spec-parse.sh [RUNS] [ROUNDS]   (defaults 5, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; rounds="${2:-200}"
. bench/lib/source-bench.sh
run_source_bench bench/SpecParseBench.java "$runs" "$rounds"
