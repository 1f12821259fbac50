#!/usr/bin/env bash
# Benchmark: time to verdict for every broken example (examples/broken/*), RUNS runs each, with the
# one-shot command. Prints a Markdown table for docs/performance.md: verdict, diagnosis, the readiness wait
# and the whole run (median wall time of `./shakedown validate`, JVM start included), against the spec's
# startupTimeout. The goal is ≤ 5 s for every broken app except those that need load or a request to fail.
# Not a test: a shared machine makes the figures move; numbers go to docs/performance.md.
# usage: bench/time-to-verdict.sh [RUNS] [EXAMPLE...]   (default 3, every example under examples/broken)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"; shift || true
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh >/dev/null
if [ $# -gt 0 ]; then examples=("$@"); else
  examples=(); for d in examples/broken/*/; do examples+=("$(basename "$d")"); done
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ms() { date +%s%3N; }

./shakedown validate examples/hello-api/shakedown.yml --out "$out/warm" >/dev/null || true   # JVM class-data archive, page cache
for ex in "${examples[@]}"; do
  for i in $(seq 1 "$runs"); do
    t0=$(ms); ./shakedown validate "examples/broken/$ex/shakedown.yml" --out "$out/$ex-$i" >/dev/null 2>&1 || true; t1=$(ms)
    echo "$ex $i $((t1 - t0))" >> "$out/wall"
  done
done

python3 - "$out" "$runs" <<'PY'
import json, statistics, sys, pathlib, re
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
wall = {}
for line in (out / "wall").read_text().split("\n"):
    if line:
        ex, i, t = line.split(); wall.setdefault(ex, []).append((int(i), int(t)))
print("| broken example | verdict | diagnosis / failure | startupTimeout | readiness wait (median) | time to verdict (median wall, JVM start included) |")
print("|---|---|---|---|---|---|")
for ex, items in wall.items():
    spec = pathlib.Path("examples/broken") / ex / "shakedown.yml"
    m = re.search(r"startupTimeout:\s*(\S+)", spec.read_text())
    timeout = m.group(1) if m else "60s"
    reports = [json.loads((out / f"{ex}-{i}" / "report.json").read_text()) for i, _ in items if (out / f"{ex}-{i}" / "report.json").exists()]
    if not reports:
        print(f"| `{ex}` | (no report) | | {timeout} | | |"); continue
    r = reports[0]
    d = (r.get("readiness") or {}).get("diagnosis")
    what = d["kind"] if d else ("findings: " + ", ".join(sorted({f["ruleId"] for f in r.get("findings") or [] if f["severity"] == "error"})) if r["verdict"] == "FAILED" and not r.get("checks") and not r.get("flows") and not r.get("assets") else r["summary"][:70])
    rd = statistics.median([(x.get("readiness") or {}).get("durationMs", 0) for x in reports])
    w = statistics.median([t for _, t in items])
    verdicts = {x["verdict"] for x in reports}
    print(f"| `{ex}` | {'/'.join(sorted(verdicts))} | {what} | {timeout} | {rd/1000:.1f} s | {w/1000:.1f} s |")
PY
