#!/usr/bin/env bash
# Soak benchmark (issue 24): N validations in a row through the packaged service, each of an image pulled from a
# local registry (Debian's docker-registry on loopback) under a NEW tag, as a pipeline validating every commit does.
# Afterwards: containers, networks and volumes of this installation left (must be 0), images of the repository left
# (must be within the image policy: 0 by default), the service's RSS and open file descriptors (mean of the first vs
# the last WINDOW runs), and the database's size per run (validation_run with its TOAST and indexes).
# Not a test: the figures go to docs/performance.md. On a shared 2-core machine the timings are noisy.
# usage: bench/soak.sh [N] [WINDOW]   (default 1000 and 100); SOAK_PARALLEL=P submits P at once (default 1); SOAK_SAMPLES=file keeps the per-run samples. Own schema bench_soak in $SOAK_DB (shakedown_test),
# service port 18191 (management interface 18193), registry port 18192.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"; window="${2:-100}"
db="${SOAK_DB:-shakedown_test}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
port=18191; regport=18192; management=18193; inst=bench-soak # health and metrics are on the management interface
work="$(mktemp -d)"; pid=""; regpid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$regpid" ] && kill "$regpid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export PGPASSWORD=shakedown
psql -q -h 127.0.0.1 -U shakedown -d "$db" -c "drop schema if exists bench_soak cascade" 2>/dev/null

cat >"$work/registry.yml" <<YML
version: 0.1
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: "127.0.0.1:$regport" }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & regpid=$!
for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$regport/v2/" && break; sleep 0.1; done
repo="127.0.0.1:$regport/soak-app"

export SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/$db?currentSchema=bench_soak" QUARKUS_FLYWAY_SCHEMAS=bench_soak \
       QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID=$inst SHAKEDOWN_INSTANCE_ID=$inst \
       SHAKEDOWN_HELPER_IMAGE=shakedown-base/busybox:local SHAKEDOWN_PERF_WORK_DIR="$work/perf"
"$JAVA_HOME/bin/java" -jar target/quarkus-app/quarkus-run.jar >"$work/service.log" 2>&1 & pid=$!
for _ in $(seq 1 600); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break; sleep 0.1; done

echo -e "run\tverdict\tms\trss_kb\tfds" >"$work/samples.tsv"
# SOAK_PARALLEL=P: P pipelines submitting at once (the service runs two runs at a time by default); each takes every
# P-th run number, so the windows below still compare the first and the last runs.
parallel="${SOAK_PARALLEL:-1}"
one_run() {
  local i="$1" tag="build-$1" t0 took verdict answer
  docker tag shakedown-example/hello-api:1.0 "$repo:$tag"
  # the registry is part of the bench, not of what it measures: a push it refuses (Debian's docker-registry answered
  # 500 under load here) is retried, and a tag that never got in is recorded as PUSH_FAILED, not as a run
  local tries=0
  until docker push -q "$repo:$tag" >/dev/null 2>>"$work/push-errors.txt"; do
    tries=$((tries + 1)); [ "$tries" -ge 3 ] && { echo -e "$i\tPUSH_FAILED\t0\t0\t0" >>"$work/samples.tsv"; docker rmi -f "$repo:$tag" >/dev/null 2>&1 || true; return 0; }
    sleep 1
  done
  docker rmi -f "$repo:$tag" >/dev/null 2>>"$work/push-errors.txt" || true   # absent locally: the run has to pull it
  t0=$(date +%s%3N)
  answer=$(printf 'app: soak\ntarget: { image: "%s", port: 8080 }\nreadiness: { http: { path: /health, status: 200 } }\n' "$repo:$tag" |
            curl -s -X POST -H 'Content-Type: application/yaml' --data-binary @- "http://127.0.0.1:$port/api/v1/validations?wait=180")
  verdict=$(jq -r '.verdict // .status' <<<"$answer")
  # a run that did not pass: its id and summary, to look up (the service's log is kept in SOAK_LOG if set)
  [ "$verdict" = PASSED ] || jq -c '{id, verdict, summary}' <<<"$answer" >>"$work/not-passed.jsonl"
  took=$(( $(date +%s%3N) - t0 ))
  echo -e "$i\t$verdict\t$took\t$(ps -o rss= -p "$pid" | tr -d ' ')\t$(ls "/proc/$pid/fd" | wc -l)" >>"$work/samples.tsv"
}
t_start=$(date +%s)
workers=()
for k in $(seq 1 "$parallel"); do
  ( for i in $(seq "$k" "$parallel" "$n"); do one_run "$i"; done ) & workers+=($!)
done
wait "${workers[@]}"
passed=$(awk -F'\t' 'NR>1 && $2=="PASSED"' "$work/samples.tsv" | wc -l)
elapsed=$(( $(date +%s) - t_start ))
sleep 5   # background container removals of the last run

containers=$(docker ps -aq --filter "label=io.shakedown.installation=$inst" | wc -l)
networks=$(docker network ls -q --filter "label=io.shakedown.installation=$inst" | wc -l)
volumes=$(docker volume ls -q --filter "label=io.shakedown.installation=$inst" | wc -l)
images=$(docker images -q "$repo" | wc -l)
removed=$(curl -s "http://127.0.0.1:$management/q/metrics" | sed -n 's/^shakedown_images_removed_total \(.*\)/\1/p')
read -r runs bytes < <(psql -At -F ' ' -h 127.0.0.1 -U shakedown -d "$db" -c \
  "select count(*), pg_total_relation_size('bench_soak.validation_run') from bench_soak.validation_run")
mean() { awk -F'\t' -v a="$1" -v b="$2" -v c="$3" 'NR>1 && $2!="PUSH_FAILED" && $1>=a && $1<=b {s+=$c; k++} END {printf "%.0f", s/k}' "$work/samples.tsv"; }
failed_runs=$(awk -F'\t' 'NR>1 && $2!="PASSED" {print $1 ":" $2}' "$work/samples.tsv" | head -20 | tr '\n' ' ')
w=$(( window < n ? window : n ))
echo "soak: $n validations of a new tag each, $passed PASSED, ${elapsed}s ($(( elapsed * 1000 / n )) ms per run incl. push)"
[ -n "$failed_runs" ] && echo "not PASSED (first 20): $failed_runs" && head -5 "$work/not-passed.jsonl"
echo "left behind: containers $containers, networks $networks, volumes $volumes; images of $repo: $images (removed by policy: $removed)"
echo "RSS (MB), mean of runs 1-$w vs $((n - w + 1))-$n: $(( $(mean 1 "$w" 4) / 1024 )) vs $(( $(mean $((n - w + 1)) "$n" 4) / 1024 ))"
echo "open fds, same windows: $(mean 1 "$w" 5) vs $(mean $((n - w + 1)) "$n" 5)"
echo "run duration (ms), same windows: $(mean 1 "$w" 3) vs $(mean $((n - w + 1)) "$n" 3)"
echo "database: $runs runs, validation_run $(( bytes / 1024 )) KiB = $(( bytes / runs )) bytes per run (report, spec copy, indexes)"
# what retention leaves: the summary row only (report and spec copy dropped as RunRetention does), compacted
pruned=$(psql -At -h 127.0.0.1 -U shakedown -d "$db" -c "update bench_soak.validation_run set report = null, spec_text = '', spec_files = null, report_pruned_at = now()" \
              -c "vacuum full bench_soak.validation_run" -c "select pg_total_relation_size('bench_soak.validation_run')" | tail -1)
echo "after retention drops the reports: $(( pruned / runs )) bytes per run"
if [ -n "${SOAK_SAMPLES:-}" ]; then cp "$work/samples.tsv" "$SOAK_SAMPLES"; fi
if [ -n "${SOAK_LOG:-}" ]; then cp "$work/service.log" "$SOAK_LOG"; fi   # per run: verdict, ms, RSS, fds
psql -q -h 127.0.0.1 -U shakedown -d "$db" -c "drop schema if exists bench_soak cascade" 2>/dev/null
