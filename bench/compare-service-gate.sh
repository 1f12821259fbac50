#!/usr/bin/env bash
# Benchmark: the service gate of two checkouts side by side — `POST /api/v1/validations?wait=120` with
# examples/hello-api/shakedown.yml to each checkout's packaged service (both running at once, the image's JVM options,
# auth off, each on its own port, schema and installation id), ALTERNATELY, ROUNDS rounds each (the order flips every
# round: A B, B A, …), after two warm-up gates each. Prints the median wall time, the range and B/A, and each side's
# median per stage. Not a test: numbers go to docs/performance.md. Run it with A = B first to see the noise level.
#
# usage: bench/compare-service-gate.sh DIR_A DIR_B [ROUNDS]   (default 7)
# Each checkout must be packaged (./mvnw -B -q package -DskipTests). Env: BENCH_DB_URL, a PostgreSQL JDBC URL the
# services may create the schemas bench_gate_a and bench_gate_b in (default: the shakedown_test database);
# BENCH_PORT (default 18291: A there, B on the next port; their management interfaces 100 above).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '8p' "$0" | sed 's/^# //' >&2; exit 2; }
a="$(cd "$1" && pwd)"; b="$(cd "$2" && pwd)"
rounds="${3:-7}"
db="${BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/shakedown_test}"
port="${BENCH_PORT:-18291}"
. "$here/scripts/lib/java.sh"
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
for d in "$a" "$b"; do
  [ -f "$d/target/quarkus-app/quarkus-run.jar" ] || { echo "not packaged: $d — run there: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
done
"$here/scripts/build-base-images.sh" >/dev/null
"$here/scripts/build-examples.sh" hello-api >/dev/null
out="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$out"; }
trap cleanup EXIT
opts="$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' "$here/src/main/docker/Dockerfile.jvm")"
start() { # $1 = label, $2 = checkout, $3 = port
  local schema="bench_gate_$1"
  (cd "$2" && SHAKEDOWN_DB_URL="$db?currentSchema=$schema" QUARKUS_FLYWAY_SCHEMAS="$schema" QUARKUS_HTTP_PORT="$3" \
    QUARKUS_MANAGEMENT_PORT=$(( $3 + 100 )) SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID="bench-gate-$1" \
    SHAKEDOWN_INSTANCE_ID="bench-gate-$1" JDK_JAVA_OPTIONS="$opts" \
    exec "$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar >"$out/service-$1.log" 2>&1) &  # exec: the pid killed at exit is the JVM
  pids+=($!)
}
start a "$a" "$port"; start b "$b" $(( port + 1 ))
for p in "$port" $(( port + 1 )); do
  for _ in $(seq 1 3000); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$p/api/v1/validations?limit=1" || true)"
    [ "$code" = 200 ] && break; sleep 0.05
  done
  [ "$code" = 200 ] || { echo "the service on port $p did not answer; its log:" >&2; tail -20 "$out"/service-*.log >&2; exit 1; }
done
ms() { date +%s%3N; }
gate() { # $1 = label, $2 = port, $3 = report file; appends "label ms" to $out/wall
  local t0 t1
  t0=$(ms)
  curl -sS -X POST -H 'Content-Type: application/yaml' --data-binary @"$here/examples/hello-api/shakedown.yml" \
       "http://127.0.0.1:$2/api/v1/validations?wait=120" >"$3"
  t1=$(ms)
  echo "$1 $((t1 - t0))" >> "$out/wall"
}
for w in 1 2; do gate a "$port" "$out/warm-a$w.json"; gate b $(( port + 1 )) "$out/warm-b$w.json"; done
: > "$out/wall"
for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) = 1 ]; then gate a "$port" "$out/a$i.json"; gate b $(( port + 1 )) "$out/b$i.json"
  else gate b $(( port + 1 )) "$out/b$i.json"; gate a "$port" "$out/a$i.json"; fi
done
python3 - "$out" "$rounds" "$a" "$b" <<'PY'
import json, statistics, sys, pathlib
out, rounds, a, b = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
wall = {"a": [], "b": []}
for line in (out / "wall").read_text().split("\n"):
    if line: k, v = line.split(); wall[k].append(int(v))
stages = {"a": {}, "b": {}}
for side in "ab":
    for i in range(1, rounds + 1):
        r = json.loads((out / f"{side}{i}.json").read_text())["report"]
        assert r["verdict"] == "PASSED", r["summary"]
        for st in r["stages"]: stages[side].setdefault(st["name"], []).append(st["durationMs"])
med = {k: statistics.median(v) for k, v in wall.items()}
print(f"service gate (POST ?wait=120, hello-api), {rounds} alternating rounds each; A = {a}, B = {b}")
print(f"wall median  A {med['a']:.0f} ms   B {med['b']:.0f} ms   B/A {med['b']/med['a']:.2f}")
print(f"wall all     A {sorted(wall['a'])}   B {sorted(wall['b'])}")
for side in "ab":
    print(f"stages {side.upper()}, median ms: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in stages[side].items()))
PY
