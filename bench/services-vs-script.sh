#!/usr/bin/env bash
# Benchmark: time to verdict for the Spring Boot JPA app with its PostgreSQL —
# `./shakedown validate examples/postgres-app/shakedown.yml` (a service `db`, the app once it is ready, two GETs,
# cleanup) against bench/reference-services-script.sh doing the same by hand (network, PostgreSQL, pg_isready loop,
# app, health loop, the same GETs, remove everything), alternating, RUNS times each (default 5). Prints the medians,
# their ratio, and PostgreSQL's own start time (docker run → pg_isready) from the reference and from Shakedown's
# report. Not a test: numbers go to docs/performance.md. On a shared 2-core machine the app's start (20-80 s of
# Spring Boot) swings with the other users' load: compare the ratio of alternated runs, not the absolute figures.
# usage: bench/services-vs-script.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh postgres service-jre >/dev/null
scripts/build-framework-apps.sh spring-jpa >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ms() { date +%s%3N; }
gate() { ./shakedown validate examples/postgres-app/shakedown.yml --out "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }; }

# one warm-up of each (page cache, image layers)
gate "$out/warm"; bench/reference-services-script.sh >/dev/null
for i in $(seq 1 "$runs"); do
  t0=$(ms); gate "$out/s$i"; t1=$(ms)
  echo "shakedown $((t1 - t0))" >> "$out/wall"
  t0=$(ms); bench/reference-services-script.sh > "$out/r$i"; t1=$(ms)
  echo "reference $((t1 - t0))" >> "$out/wall"
done

python3 - "$out" "$runs" <<'PY'
import json, re, statistics, sys, pathlib
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
wall = {"shakedown": [], "reference": []}
for line in (out / "wall").read_text().split("\n"):
    if line: k, v = line.split(); wall[k].append(int(v))
ref = {"pg_ready_ms": [], "app_ready_ms": []}
for i in range(1, runs + 1):
    for line in (out / f"r{i}").read_text().split("\n"):
        if "=" in line: k, v = line.split("="); ref[k].append(int(v))
stages = {}
for i in range(1, runs + 1):
    r = json.loads((out / f"s{i}" / "report.json").read_text())
    assert r["verdict"] == "PASSED", r.get("summary")
    for st in r["stages"]:
        stages.setdefault(st["name"], []).append(st["durationMs"])
med = {k: statistics.median(v) for k, v in wall.items()}
print(f"runs: {runs} each, alternating (spring-jpa:healthy + postgres:15-bookworm, 2 GETs); reference polls every 100 ms")
print("shakedown stages, median ms: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in stages.items()))
print(f"reference: PostgreSQL docker run -> pg_isready median {statistics.median(ref['pg_ready_ms']):.0f} ms {sorted(ref['pg_ready_ms'])}; "
      f"app docker run -> health 200 median {statistics.median(ref['app_ready_ms']):.0f} ms {sorted(ref['app_ready_ms'])}")
print(f"wall time  median  shakedown {med['shakedown']:.0f} ms   reference {med['reference']:.0f} ms   ratio {med['shakedown']/med['reference']:.2f}x")
print(f"           all     shakedown {sorted(wall['shakedown'])}   reference {sorted(wall['reference'])}")
PY
