#!/usr/bin/env bash
# Benchmark: the packaged service's start to ready (exec → first 200 from /q/health/ready on the management port, polled every 20 ms) and its
# RSS idle after start and after 20 concurrent validations of examples/hello-api, for several JVM option sets side by
# side, RUNS starts each, alternating. Next to it, the reference: the same JVM running a trivial main
# (io.shakedown.service.Healthcheck against a closed port) — the JVM's own start on this machine at this moment,
# so a loaded machine shows in both columns. Not a test: figures go to docs/performance.md.
# usage: bench/service-start.sh [RUNS]   (default 5). Uses its own database schema (bench_start) and port 18190.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
java="$JAVA_HOME/bin/java"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
port=18190
management=18192 # health is on the management interface
work="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ms() { date +%s%3N; }
export SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/shakedown_test?currentSchema=bench_start" QUARKUS_FLYWAY_SCHEMAS=bench_start \
       QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID=bench-start SHAKEDOWN_INSTANCE_ID=bench-start \
       SHAKEDOWN_HELPER_IMAGE=shakedown-base/busybox:local

if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken: stop what answers there first" >&2; exit 1; fi

# the option sets compared: the JVM's defaults, the image's JDK_JAVA_OPTIONS, and those with an AOT cache
image_opts="$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' src/main/docker/Dockerfile.jvm)"
declare -A opts=(
  [default]=""
  [small]="$image_opts"
  [small-aot]="$image_opts -XX:AOTCache=$work/app.aot"
  [small-cds]="$image_opts -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$work/app.jsa"   # the image's entrypoint
)
order=(default small small-aot small-cds)

# AOT cache (JDK 25, JEP 483/514): one training run records the classes loaded and linked during start
"$java" ${opts[small]} -XX:AOTCacheOutput="$work/app.aot" -jar target/quarkus-app/quarkus-run.jar >"$work/train.log" 2>&1 & pid=$!
for _ in $(seq 1 1500); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break; sleep 0.02; done
sleep 2; kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
[ -f "$work/app.aot" ] || { echo "no AOT cache was written; see:"; tail -5 "$work/train.log"; unset 'opts[small-aot]'; order=(default small small-cds); }

# the self-training CDS archive of the image's entrypoint is written when the first start exits
"$java" ${opts[small-cds]} -jar target/quarkus-app/quarkus-run.jar >"$work/train-cds.log" 2>&1 & pid=$!
for _ in $(seq 1 1500); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break; sleep 0.02; done
sleep 2; kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

start_once() { # $1 = option set → sets $took (ms to ready); leaves $pid running
  local t0; t0=$(ms)
  # shellcheck disable=SC2086
  "$java" ${opts[$1]} -jar target/quarkus-app/quarkus-run.jar >"$work/$1.log" 2>&1 & pid=$!
  for _ in $(seq 1 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && { took=$(( $(ms) - t0 )); return; }
    sleep 0.02
  done
  echo "never ready; log:" >&2; tail -20 "$work/$1.log" >&2; exit 1
}
rss_mb() { echo $(( $(ps -o rss= -p "$pid") / 1024 )); }
reference() { local t0; t0=$(ms); "$java" -cp target/quarkus-app/app/'*' io.shakedown.service.Healthcheck http://127.0.0.1:9/ >/dev/null 2>&1 || true; echo $(( $(ms) - t0 )); }

for i in $(seq 1 "$runs"); do
  for o in "${order[@]}"; do
    start_once "$o"; sleep 2; r=$(rss_mb)
    echo "$o $took $r" >>"$work/starts"
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  done
  echo "reference $(reference) 0" >>"$work/starts"
done

# RSS after 20 concurrent validations (hello-api in Docker; 2 run at once, the rest queue), per option set
for o in "${order[@]}"; do
  start_once "$o"
  t20=$(ms)
  for k in $(seq 1 20); do
    curl -s -o "$work/run-$o-$k.json" -X POST -H 'Content-Type: application/yaml' --data-binary @examples/hello-api/shakedown.yml \
         "http://127.0.0.1:$port/api/v1/validations?wait=600" &
  done
  wait $(jobs -p | grep -v "^$pid$") 2>/dev/null || true
  t20=$(( $(ms) - t20 ))
  passed=$(grep -l '"verdict":"PASSED"' "$work"/run-"$o"-*.json | wc -l)
  echo "$o after20 $(rss_mb) $passed $t20" >>"$work/after"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done

python3 - "$work" <<'PY'
import os, statistics, sys, pathlib
w = pathlib.Path(sys.argv[1])
rows = [l.split() for l in (w / "starts").read_text().split("\n") if l]
by = {}
for name, t, r in rows: by.setdefault(name, []).append((int(t), int(r)))
ref = statistics.median(t for t, _ in by["reference"])
print(f"{'option set':<12} {'start→ready median':>20} {'all (ms)':<40} {'idle RSS median':>16}  vs bare JVM start ({ref:.0f} ms)")
for name, v in by.items():
    if name == "reference": continue
    med = statistics.median(t for t, _ in v)
    print(f"{name:<12} {med:>17.0f} ms {str(sorted(t for t, _ in v)):<40} {statistics.median(r for _, r in v):>13.0f} MB  {med/ref:.1f}x")
print("after 20 concurrent hello-api validations:")
for l in (w / "after").read_text().split("\n"):
    if l:
        name, _, rss, passed, took = l.split()
        cores = os.cpu_count()  # the validated apps' containers run on the same cores
        print(f"  {name:<12} RSS {rss} MB  ({passed}/20 PASSED in {int(took)/1000:.1f} s = {20 * 60000 / int(took) / cores:.0f} validations per minute per core)")
PY
