#!/usr/bin/env bash
# Benchmark: spec parse time over every examples/**/shakedown.yml (cold first round in a fresh JVM, then
# the median of warm rounds), RUNS fresh JVMs. Not a test: numbers go to docs/performance.md.
# usage: bench/spec-parse.sh [RUNS] [ROUNDS]   (defaults 5, 200)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"; rounds="${2:-200}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
app=target/quarkus-app
for i in $(seq 1 "$runs"); do
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" bench/SpecParseBench.java "$rounds"
done
