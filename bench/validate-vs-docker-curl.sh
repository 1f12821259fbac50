#!/usr/bin/env bash
# Benchmark: `shakedown validate examples/hello-api/shakedown.yml` against the hand-written
# docker run + curl retry loop in bench/reference-docker-curl.sh doing the same checks, alternating,
# RUNS times each. Prints the median wall time of each, their ratio, and the readiness lag of each
# (app ready, as the app logs it → the validator noticed). Not a test: numbers go to docs/performance.md.
# usage: bench/validate-vs-docker-curl.sh [RUNS]   (default 7)
#        bench/validate-vs-docker-curl.sh --service [RUNS]
#   One-shot mode trains the AOT cache first on AOT_TRAIN_SPEC (default examples/binary-files/shakedown.yml; empty:
#   the built-in training only).
#   --service: the gate through the running service instead — `curl -X POST …/api/v1/validations?wait=120` against
#   the packaged service (started here: own schema bench_gate, port 18191, auth off, the image's JDK_JAVA_OPTIONS) —
#   against the reference with a 20 ms poll (POLL=0.02). The service answers as soon as the verdict is stored; the
#   container's removal goes on after the answer.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--service" ]; then shift; mode=service; else mode=cli; fi
runs="${1:-7}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
ms() { date +%s%3N; }

svc=""
if [ "$mode" = service ]; then
  export POLL=0.02
  port=18191; management=18193 # health is on the management interface
  SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/shakedown_test?currentSchema=bench_gate" QUARKUS_FLYWAY_SCHEMAS=bench_gate \
  QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID=bench-gate SHAKEDOWN_INSTANCE_ID=bench-gate \
    JDK_JAVA_OPTIONS="$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' src/main/docker/Dockerfile.jvm)" "$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar >"$out/service.log" 2>&1 &
  svc=$!
  trap 'kill $svc 2>/dev/null; wait $svc 2>/dev/null; rm -rf "$out"' EXIT
  for _ in $(seq 1 1500); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break; sleep 0.02; done
  gate() { # $1 = output folder; the report goes to report.json like the one-shot command's
    mkdir -p "$1"
    curl -sS -X POST -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml \
         "http://127.0.0.1:$port/api/v1/validations?wait=120" | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["report"]))' >"$1/report.json"
  }
else
  # on a JDK 25 the launcher starts from the AOT cache `shakedown aot-cache` writes: trained here on another example's
  # spec (AOT_TRAIN_SPEC; empty: the built-in training only, what the Action does), never on the one measured
  if [ "$(java_major "$JAVA_HOME/bin/java")" -ge 25 ]; then
    train_spec="${AOT_TRAIN_SPEC-examples/binary-files/shakedown.yml}"
    echo "AOT cache: trained on the built-in API${train_spec:+ and $train_spec}"
    # shellcheck disable=SC2086
    ./shakedown aot-cache $train_spec >/dev/null
  fi
  gate() { ./shakedown validate examples/hello-api/shakedown.yml --out "$1" >/dev/null; }
fi

# one warm-up of each so neither pays for a cold page cache (and the service's JIT has seen one run)
gate "$out/warm"; gate "$out/warm"
bench/reference-docker-curl.sh >/dev/null

for i in $(seq 1 "$runs"); do
  t0=$(ms); gate "$out/s$i"; t1=$(ms)
  echo "shakedown $((t1 - t0))" >> "$out/wall"
  t0=$(ms); lag="$(bench/reference-docker-curl.sh | sed -n 's/lag_ms=//p')"; t1=$(ms)
  echo "reference $((t1 - t0))" >> "$out/wall"
  echo "reference $lag" >> "$out/lag"
done

python3 - "$out" "$runs" "$mode" <<'PY'
import json, re, statistics, sys, pathlib, datetime
out, runs, mode = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
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
print(f"runs: {runs} each, alternating (hello-api, 3 checks); shakedown = " + ("POST ?wait= to the running service, reference polls every 20 ms" if mode == "service" else "one-shot ./shakedown validate, reference polls every 100 ms"))
stages = {}
for i in range(1, runs + 1):
    for st in json.loads((out / f"s{i}" / "report.json").read_text())["stages"]:
        stages.setdefault(st["name"], []).append(st["durationMs"])
print("stages, median ms: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in stages.items()))
print(f"wall time  median  shakedown {med['shakedown']:.0f} ms   reference {med['reference']:.0f} ms   ratio {med['shakedown']/med['reference']:.2f}x")
print(f"           all     shakedown {sorted(wall['shakedown'])}   reference {sorted(wall['reference'])}")
print(f"readiness lag (app ready -> noticed)  median  shakedown {statistics.median(lag['shakedown']):.0f} ms   reference {statistics.median(lag['reference']):.0f} ms")
print(f"           all     shakedown {sorted(lag['shakedown'])}   reference {sorted(lag['reference'])}")
PY
