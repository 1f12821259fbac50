#!/usr/bin/env bash
# Benchmark: time to verdict for the Spring Boot JPA app with its PostgreSQL (examples/postgres-app/shakedown.yml: a
# service `db`, the app once it is ready, two GETs, cleanup) against bench/reference-services-script.sh doing the same
# by hand (network, PostgreSQL, pg_isready loop, app, health loop, the same GETs, remove everything), alternating,
# RUNS times each (default 5), after one warm-up of each. Not a test: numbers go to docs/performance.md. On a shared
# 2-core machine the app's start (5-80 s of Spring Boot) swings with the other users' load: compare the ratio of
# alternated runs, not the absolute figures, and note `uptime`.
#
# usage: bench/services-vs-script.sh [RUNS]             one-shot: `./shakedown validate` (process start → exit, its
#                                                       cleanup included); the reference polls every 100 ms
#        bench/services-vs-script.sh --service [RUNS]   the service: `POST /api/v1/validations?wait=300` to the packaged
#                                                       service started here once (auth off, the image's JVM options),
#                                                       timed from the POST to the answer; the reference polls every
#                                                       20 ms (POLL=0.02; POLL=0.1: as in one-shot mode). The service
#                                                       removes the run's containers and network after it answers:
#                                                       each next round starts once they are gone, so that removal
#                                                       never loads the other side's round.
# Env (--service): BENCH_DB_URL, a PostgreSQL JDBC URL the service may create the schema bench_services in (default:
# the shakedown_test database); BENCH_PORT (default 18491; its management interface 100 above).
# Besides the medians it prints a timeline of each side's Docker events (median ms after the round's start), to see
# where Shakedown loses against the script: read from `docker events`, by the containers' and networks' names
# (shakedown-postgres-app-…, bench-ref-…), so another run of the postgres-app example at the same time would mix in.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--service" ]; then shift; mode=service; else mode=cli; fi
runs="${1:-5}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh postgres service-jre >/dev/null
scripts/build-framework-apps.sh spring-jpa >/dev/null
out="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$out"; }
trap cleanup EXIT
ms() { date +%s%3N; }
spec=examples/postgres-app/shakedown.yml
installation=bench-services

if [ "$mode" = service ]; then
  export POLL="${POLL:-0.02}" # the service gate bench's pace; POLL=0.1 for the one-shot mode's reference
  db="${BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/shakedown_test}"
  port="${BENCH_PORT:-18491}"
  (SHAKEDOWN_DB_URL="$db?currentSchema=bench_services" QUARKUS_FLYWAY_SCHEMAS=bench_services QUARKUS_HTTP_PORT="$port" \
    QUARKUS_MANAGEMENT_PORT=$(( port + 100 )) SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID=$installation \
    SHAKEDOWN_INSTANCE_ID=$installation JDK_JAVA_OPTIONS="$(sed -n 's/^ENV JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' src/main/docker/Dockerfile.jvm)" \
    exec "$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar >"$out/service.log" 2>&1) &  # exec: the pid killed at exit is the JVM
  pids+=($!)
  code=""
  for _ in $(seq 1 3000); do
    code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$(( port + 100 ))/q/health/ready" || true)"
    [ "$code" = 200 ] && break; sleep 0.05
  done
  [ "$code" = 200 ] || { echo "the service on port $port did not become ready; its log:" >&2; tail -20 "$out/service.log" >&2; exit 1; }
  gate() { # $1 = output folder; the report goes to report.json like the one-shot command's
    mkdir -p "$1"
    curl -sS -X POST -H 'Content-Type: application/yaml' --data-binary @"$spec" \
         "http://127.0.0.1:$port/api/v1/validations?wait=300" >"$1/answer.json"
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["report"]))' "$1/answer.json" >"$1/report.json" \
      || { echo "no report in the service's answer:" >&2; head -c 2000 "$1/answer.json" >&2; exit 1; }
  }
else
  # JDK 25+: started from the AOT cache, as the Action and a user who ran `shakedown aot-cache` after installing are
  [ "$(java_major "$JAVA_HOME/bin/java")" -lt 25 ] || ./shakedown aot-cache --if-missing >/dev/null
  gate() { SHAKEDOWN_INSTALLATION_ID=$installation ./shakedown validate "$spec" --out "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; exit 1; }; }
fi
# The run's containers and network are gone (the service removes them after its answer): not timed.
settle() {
  for _ in $(seq 1 600); do
    [ -z "$(docker ps -aq --filter "label=io.shakedown.installation=$installation")" ] \
      && [ -z "$(docker network ls -q --filter "label=io.shakedown.installation=$installation")" ] \
      && { sleep 1; return; } # a container leaves `docker ps -a` before the engine has finished removing it (its volume)
    sleep 0.05
  done
  echo "the run's containers or network were still there 30 s after it ended" >&2; exit 1
}

docker events --filter type=container --filter type=network --format '{{json .}}' >"$out/events" 2>/dev/null &
pids+=($!)
# one warm-up of each (page cache, image layers; the service's JIT has seen one run)
gate "$out/warm"; settle; bench/reference-services-script.sh >/dev/null
for i in $(seq 1 "$runs"); do
  t0=$(ms); gate "$out/s$i"; t1=$(ms)
  echo "shakedown $((t1 - t0))" >> "$out/wall"; echo "s$i $t0 $t1" >> "$out/rounds"
  settle
  t0=$(ms); bench/reference-services-script.sh > "$out/r$i"; t1=$(ms)
  echo "reference $((t1 - t0))" >> "$out/wall"; echo "r$i $t0 $t1" >> "$out/rounds"
done
sleep 1 # the last events
python3 bench/services-timeline.py "$out" "$runs" "$mode"
