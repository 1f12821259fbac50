#!/usr/bin/env bash
# Benchmark (not a test): N monitors at `every: 1m` against a local target for DURATION seconds, on the packaged
# service and a real PostgreSQL. Reports the scheduling delay (tick due -> run started; tick due -> run queued),
# p50/p95/max, the runs per minute, the database growth, and the bytes per monitor run before and after
# retention (report dropped, summary row kept) -> per monitor-year. Figures go to docs/performance.md by hand.
#   bench/monitors-schedule.sh [MONITORS=100] [DURATION=600]
set -euo pipefail
cd "$(dirname "$0")/.."
MONITORS=${1:-100}
DURATION=${2:-600}
PORT=${BENCH_PORT:-18431}
TARGET_PORT=${BENCH_TARGET_PORT:-18432}
MANAGEMENT_PORT=${BENCH_MANAGEMENT_PORT:-18433}
SCHEMA=${BENCH_SCHEMA:-monitors_bench}
DB=${BENCH_DB:-shakedown_test}
export PGPASSWORD=shakedown
PSQL=(psql -h 127.0.0.1 -U shakedown -d "$DB" -qtAX)
. scripts/lib/java.sh; JAVA_HOME=$(pick_java_home)
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests -Dperf-runner.skip=true

work=$(mktemp -d)
cleanup() { [ -n "${svc:-}" ] && kill "$svc" 2>/dev/null; [ -n "${tgt:-}" ] && kill "$tgt" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# the target: a static server with /health
mkdir -p "$work/www" && echo '{"status":"UP"}' > "$work/www/health"
python3 -m http.server "$TARGET_PORT" --bind 127.0.0.1 --directory "$work/www" > "$work/target.log" 2>&1 & tgt=$!

"${PSQL[@]}" -c "drop schema if exists $SCHEMA cascade; create schema $SCHEMA;"
start_service() {
  SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB?currentSchema=$SCHEMA" QUARKUS_FLYWAY_SCHEMAS=$SCHEMA \
  SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_MAX_CONCURRENT_RUNS=4 SHAKEDOWN_INSTANCE_ID=bench-1 SHAKEDOWN_INSTALLATION_ID=bench \
  "$@" "$JAVA_HOME/bin/java" -Xmx512m -Dquarkus.http.port=$PORT -Dquarkus.management.port=$MANAGEMENT_PORT -jar target/quarkus-app/quarkus-run.jar >> "$work/service.log" 2>&1 &
  svc=$!
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/q/health/live" >/dev/null && return 0; sleep 0.5; done
  echo "service did not start; log: $work/service.log"; tail -50 "$work/service.log"; exit 1
}
start_service env

{
  echo "monitors:"
  for i in $(seq 1 "$MONITORS"); do cat <<YAML
  - name: bench-$i
    every: 1m
    spec:
      app: bench
      target: { url: "http://127.0.0.1:$TARGET_PORT", startupTimeout: 5s }
      checks: [ { name: health, request: { path: /health }, expect: { status: 200 } } ]
YAML
  done
} > "$work/monitors.yaml"
curl -fs -X POST -H 'Content-Type: application/yaml' --data-binary @"$work/monitors.yaml" "http://127.0.0.1:$PORT/api/v1/monitors/apply" > /dev/null
size() { "${PSQL[@]}" -c "select coalesce(sum(pg_total_relation_size(c.oid)),0) from pg_class c join pg_namespace n on n.oid=c.relnamespace where n.nspname='$SCHEMA' and c.relkind in ('r','t','m')"; }
before=$(size)
echo "applied $MONITORS monitors; running ${DURATION}s (log: $work/service.log)"
sleep "$DURATION"
kill "$svc"; wait "$svc" 2>/dev/null || true; svc=

q() { "${PSQL[@]}" -c "set search_path=$SCHEMA; $1"; }
after=$(size)
echo "--- scheduling (runs whose tick fell in the window) ---"
q "select 'runs', count(*), 'per minute', round(count(*) / ($DURATION/60.0), 1) from validation_run where monitor_id is not null and started_at is not null"
q "select 'start delay ms (due -> started) p50/p95/max', round(percentile_cont(0.5) within group (order by d)), round(percentile_cont(0.95) within group (order by d)), round(max(d)) from (select extract(epoch from started_at - scheduled_at)*1000 d from validation_run where monitor_id is not null and started_at is not null) x"
q "select 'queue delay ms (due -> queued) p50/p95/max', round(percentile_cont(0.5) within group (order by d)), round(percentile_cont(0.95) within group (order by d)), round(max(d)) from (select extract(epoch from created_at - scheduled_at)*1000 d from validation_run where monitor_id is not null) x"
q "select 'distinct start seconds (jitter)', count(distinct extract(second from scheduled_at)::int) from validation_run where monitor_id is not null"
q "select 'skipped ticks', count(*) from monitor_skip"
q "select 'verdicts', status, count(*) from validation_run where monitor_id is not null group by status"
echo "--- database ---"
echo "growth: $(( (after - before) / 1024 )) KiB over ${DURATION}s"
rows=$(q "select count(*) from validation_run where monitor_id is not null")
q "select 'bytes/run with report (row incl. TOAST)', round(avg(pg_column_size(r.*))) from validation_run r where monitor_id is not null"
# retention, exercised by the service itself: every monitor report older than 1 ms is dropped (monitors paused
# first so no new runs come in)
q "update monitor set paused = true"
start_service env SHAKEDOWN_MONITORS_RETENTION_REPORT_AGE=1ms SHAKEDOWN_MONITORS_RETENTION_EVERY=2s SHAKEDOWN_MONITORS_RETENTION_DELAY=1s
for _ in $(seq 1 60); do [ "$(q "select count(*) from validation_run where monitor_id is not null and report is not null")" = 0 ] && break; sleep 1; done
kill "$svc"; wait "$svc" 2>/dev/null || true; svc=
"${PSQL[@]}" -c "vacuum full $SCHEMA.validation_run"
q "select 'bytes/run after retention (row)', round(avg(pg_column_size(r.*))) from validation_run r where scheduled_at is not null"
q "select 'bytes/run after retention incl. indexes', round(pg_total_relation_size('validation_run')::numeric / greatest(count(*),1)) from validation_run"
q "select 'MB per monitor-year at every: 1m (525600 runs)', round(pg_total_relation_size('validation_run')::numeric / greatest(count(*),1) * 525600 / 1048576, 1) from validation_run"
echo "rows: $rows"
