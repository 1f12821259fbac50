#!/usr/bin/env bash
# Benchmark: loading the built-in rule packs (schema check + rule semantics), cold in a fresh JVM after one spec
# parse, then the median of warm loads; RUNS fresh JVMs. Not a test: numbers go to docs/performance.md.
# usage: bench/rule-load.sh [RUNS] [ROUNDS]   (defaults 5, 50)
# CP_PREFIX=dir1:dir2 puts other classes/resources first (e.g. an older build's rules package, side by side).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; rounds="${2:-50}"
. bench/lib/source-bench.sh
run_source_bench bench/RuleLoadBench.java "$runs" "$rounds"
