#!/usr/bin/env bash
# Benchmark: the contract stage on a 20-operation OpenAPI document against an app in the same JVM (discovery, parse,
# schema compile, 20 exchanges judged), cold in a fresh JVM and warm, beside 20 plain GETs with the same client;
# RUNS fresh JVMs. Target (issue 20): <= 2 s. Not a test: numbers go to docs/performance.md.
# usage: bench/contract-stage.sh [RUNS] [ROUNDS]   (defaults 5, 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; rounds="${2:-20}"
. bench/lib/source-bench.sh
run_source_bench bench/ContractStageBench.java "$runs" "$rounds"
