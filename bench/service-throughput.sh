#!/usr/bin/env bash
# Benchmark: validations per minute of one packaged service replica with the Docker runtime, for a small app
# (examples/hello-api: a 61 MB JRE image, readiness + 2 checks + the rules stage). Submits RUNS runs at once,
# waits until all are final, and prints runs/minute, the service JVM's CPU seconds per run (from
# /proc/<pid>/stat) and the whole machine's busy CPU seconds per run (from /proc/stat: containers, dockerd and
# the JVM together; other load on the machine counts too, so run it on a quiet machine), and from that
# validations per minute per busy core. Not a test: the figures go to docs/scaling.md.
# usage: bench/service-throughput.sh [RUNS] [MAX_CONCURRENT]   (default 30 4)
# needs: PostgreSQL as in scripts/setup-machine.sh; uses schema "bench_throughput" of database shakedown_test.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-30}"; concurrent="${2:-4}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$(mktemp)"; admin="bench-admin-$RANDOM$RANDOM$RANDOM"
SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/shakedown_test?currentSchema=bench_throughput" QUARKUS_FLYWAY_SCHEMAS=bench_throughput \
SHAKEDOWN_AUTH_ADMIN_TOKEN="$admin" "$JAVA_HOME/bin/java" -Dquarkus.http.port="$port" -Dshakedown.installation-id=bench-throughput \
  -Dshakedown.instance-id=bench -Dshakedown.max-concurrent-runs="$concurrent" -Dshakedown.helper-image=shakedown-base/busybox:local \
  -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -f "$log"' EXIT
base="http://127.0.0.1:$port"
for i in $(seq 120); do curl -fs "$base/q/health/live" >/dev/null && break; sleep 0.5; done
curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/v1/admin/projects" >/dev/null || true
token=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' "$base/api/v1/admin/projects/bench/tokens" | jq -r .token)
auth=(-H "Authorization: Bearer $token")
# one warm-up run (JIT, page cache)
id=$(curl -fs "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml "$base/api/v1/validations?wait=120" | jq -r .id)

cpu_jvm() { awk '{print $14 + $15}' "/proc/$pid/stat"; }                 # clock ticks
cpu_busy() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }            # user nice system irq softirq, ticks
hz=$(getconf CLK_TCK)
j0=$(cpu_jvm); b0=$(cpu_busy); t0=$(date +%s%3N)
ids=()
for i in $(seq "$runs"); do
  ids+=("$(curl -fs "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml "$base/api/v1/validations" | jq -r .id)")
done
for id in "${ids[@]}"; do
  until s=$(curl -fs "${auth[@]}" "$base/api/v1/validations/$id" | jq -r .status) && [[ "$s" =~ ^(PASSED|FAILED|ERROR|CANCELLED)$ ]]; do sleep 0.5; done
  [ "$s" = PASSED ] || { echo "run $id ended $s" >&2; exit 1; }
done
t1=$(date +%s%3N); j1=$(cpu_jvm); b1=$(cpu_busy)
python3 - "$runs" "$concurrent" "$t0" "$t1" "$j0" "$j1" "$b0" "$b1" "$hz" "$(nproc)" <<'PY'
import sys
runs, conc, t0, t1, j0, j1, b0, b1, hz, cores = map(int, sys.argv[1:])
wall = (t1 - t0) / 1000
jvm = (j1 - j0) / hz
busy = (b1 - b0) / hz
print(f"runs={runs} max-concurrent-runs={conc} cores={cores}")
print(f"wall {wall:.1f} s -> {runs / wall * 60:.1f} validations/min")
print(f"service JVM CPU {jvm / runs:.2f} s/run; machine busy CPU {busy / runs:.2f} s/run (busy cores on average {busy / wall:.2f})")
print(f"validations per minute per busy core: {runs / wall * 60 / (busy / wall):.1f}")
PY
