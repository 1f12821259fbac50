#!/usr/bin/env bash
# Benchmark: `shakedown validate examples/hello-api/shakedown.yml` against the hand-written
# docker run + curl retry loop in bench/reference-docker-curl.sh doing the same checks, alternating,
# RUNS times each. Prints the median wall time of each, their ratio, and the readiness lag of each
# (app ready, as the app logs it → the validator noticed). Not a test: numbers go to docs/performance.md.
# usage: bench/validate-vs-docker-curl.sh [RUNS]   (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ms() { date +%s%3N; }

# one warm-up of each so neither pays for a cold page cache
./shakedown validate examples/hello-api/shakedown.yml --out "$out/warm" >/dev/null
bench/reference-docker-curl.sh >/dev/null

for i in $(seq 1 "$runs"); do
  t0=$(ms); ./shakedown validate examples/hello-api/shakedown.yml --out "$out/s$i" >/dev/null; t1=$(ms)
  echo "shakedown $((t1 - t0))" >> "$out/wall"
  t0=$(ms); lag="$(bench/reference-docker-curl.sh | sed -n 's/lag_ms=//p')"; t1=$(ms)
  echo "reference $((t1 - t0))" >> "$out/wall"
  echo "reference $lag" >> "$out/lag"
done

python3 - "$out" "$runs" <<'PY'
import json, re, statistics, sys, pathlib, datetime
out, runs = pathlib.Path(sys.argv[1]), int(sys.argv[2])
wall = {"shakedown": [], "reference": []}
for line in (out / "wall").read_text().split("\n"):
    if line: k, v = line.split(); wall[k].append(int(v))
lag = {"shakedown": [], "reference": [int(l.split()[1]) for l in (out / "lag").read_text().split("\n") if l]}
for i in range(1, runs + 1):
    r = json.loads((out / f"s{i}" / "report.json").read_text())
    assert r["verdict"] == "PASSED", r["summary"]
    ready_app = next(int(m.group(1)) for l in r["log"]["lines"] if (m := re.search(r"ready at epoch-ms (\d+)", l)))
    noticed = datetime.datetime.fromisoformat(r["readiness"]["readyAt"].replace("Z", "+00:00")).timestamp() * 1000
    lag["shakedown"].append(round(noticed - ready_app))
med = {k: statistics.median(v) for k, v in wall.items()}
print(f"runs: {runs} each, alternating (hello-api, 3 checks)")
print(f"wall time  median  shakedown {med['shakedown']:.0f} ms   reference {med['reference']:.0f} ms   ratio {med['shakedown']/med['reference']:.2f}x")
print(f"           all     shakedown {sorted(wall['shakedown'])}   reference {sorted(wall['reference'])}")
print(f"readiness lag (app ready -> noticed)  median  shakedown {statistics.median(lag['shakedown']):.0f} ms   reference {statistics.median(lag['reference']):.0f} ms")
print(f"           all     shakedown {sorted(lag['shakedown'])}   reference {sorted(lag['reference'])}")
PY
