#!/usr/bin/env bash
# Benchmark: validations per minute of one packaged service replica with the Docker runtime, for a small app
# (examples/hello-api: a 61 MB JRE image, readiness + 2 checks + the rules stage). Submits RUNS runs at once,
# waits until all are final, and prints runs/minute (wall: depends on whatever else loads the machine) and the
# CPU a validation costs: the service JVM's CPU seconds (/proc/<pid>/stat) plus the app containers' (cgroup v1
# cpuacct of each container, sampled every 200 ms while it lives), and from that the CPU-bound ceiling in
# validations per minute per core. dockerd's own CPU is shared with anything else using the engine: printed
# as an upper bound, not counted. Not a test: the figures go to docs/scaling.md.
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
management=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log="$(mktemp)"; admin="bench-admin-$RANDOM$RANDOM$RANDOM"
SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/shakedown_test?currentSchema=bench_throughput" QUARKUS_FLYWAY_SCHEMAS=bench_throughput \
SHAKEDOWN_AUTH_ADMIN_TOKEN="$admin" "$JAVA_HOME/bin/java" -Dquarkus.http.port="$port" -Dquarkus.management.port="$management" -Dshakedown.installation-id=bench-throughput \
  -Dshakedown.instance-id=bench -Dshakedown.max-concurrent-runs="$concurrent" -Dshakedown.helper-image=shakedown-base/busybox:local \
  -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
pid=$!
trap 'rc=$?; kill $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; rm -f "$log"; exit $rc' EXIT
base="http://127.0.0.1:$port"
for i in $(seq 120); do curl -fs "http://127.0.0.1:$management/q/health/live" >/dev/null && break; sleep 0.5; done
curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/v1/admin/projects" >/dev/null || true
token=$(curl -fs -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' "$base/api/v1/admin/projects/bench/tokens" | jq -r .token)
auth=(-H "Authorization: Bearer $token")
# one warm-up run (JIT, page cache)
id=$(curl -fs "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml "$base/api/v1/validations?wait=120" | jq -r .id)

cpu_jvm() { awk '{print $14 + $15}' "/proc/$pid/stat"; }                 # clock ticks
dockerd=$(pgrep -o -x dockerd || echo "")
cpu_dockerd() { [ -n "$dockerd" ] && awk '{print $14 + $15}' "/proc/$dockerd/stat" || echo 0; }
hz=$(getconf CLK_TCK)
samples="$(mktemp)"
( while :; do
    for c in $(docker ps -q --no-trunc --filter label=io.shakedown.installation=bench-throughput); do
      f=/sys/fs/cgroup/cpuacct/docker/$c/cpuacct.usage
      [ -r "$f" ] && echo "$c $(cat "$f" 2>/dev/null)" >> "$samples"
    done
    sleep 0.2
  done ) &
sampler=$!
trap 'rc=$?; kill $sampler $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; rm -f "$log" "$samples"; exit $rc' EXIT
j0=$(cpu_jvm); d0=$(cpu_dockerd); t0=$(date +%s%3N)
ids=()
for i in $(seq "$runs"); do
  ids+=("$(curl -fs "${auth[@]}" -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml "$base/api/v1/validations" | jq -r .id)")
done
for id in "${ids[@]}"; do
  until s=$(curl -fs "${auth[@]}" "$base/api/v1/validations/$id" | jq -r .status) && [[ "$s" =~ ^(PASSED|FAILED|ERROR|CANCELLED)$ ]]; do sleep 0.5; done
  [ "$s" = PASSED ] || { echo "run $id ended $s" >&2; exit 1; }
done
t1=$(date +%s%3N); j1=$(cpu_jvm); d1=$(cpu_dockerd)
kill $sampler 2>/dev/null || true
python3 - "$runs" "$concurrent" "$t0" "$t1" "$j0" "$j1" "$d0" "$d1" "$hz" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" "$samples" <<'PY'
import sys
runs, conc, t0, t1, j0, j1, d0, d1, hz, cores = map(int, sys.argv[1:11])
load, samples = sys.argv[11], sys.argv[12]
peak = {}
for line in open(samples):
    parts = line.split()
    if len(parts) == 2: peak[parts[0]] = max(peak.get(parts[0], 0), int(parts[1]))
wall = (t1 - t0) / 1000
jvm = (j1 - j0) / hz / runs
app = sum(peak.values()) / 1e9 / runs
dockerd = (d1 - d0) / hz / runs
per_run = jvm + app
print(f"runs={runs} max-concurrent-runs={conc} cores={cores} (1-min load average at the end {load}; containers sampled: {len(peak)})")
print(f"wall {wall:.1f} s -> {runs / wall * 60:.1f} validations/min on this machine as loaded now")
print(f"CPU per validation: service JVM {jvm:.2f} s + app container {app:.2f} s = {per_run:.2f} s (dockerd, shared: <= {dockerd:.2f} s)")
print(f"CPU-bound ceiling: {60 / per_run:.0f} validations per minute per core ({60 / (per_run + dockerd):.0f} counting all of dockerd's CPU)")
PY
