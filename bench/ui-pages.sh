#!/usr/bin/env bash
# Speed and weight of the web UI's pages with many runs in the database (default 10 000): seeds the rows with SQL
# into a schema of its own, starts the packaged service on a port of its own, signs in through the login form as
# a browser does, then requests each page N times (default 200, after 50 warm-up requests) one after the other and
# prints p50/p95/max of the server's own time per request (the access log's %D) and of curl's time to first byte,
# and each page's size. The API's JSON listing and the public spec schema are measured side by side as references.
# Usage: bench/ui-pages.sh [runs=10000] [requests=200]    Needs: ./mvnw package, PostgreSQL (scripts/setup-machine.sh), jq.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10000}"; n="${2:-200}"
port="${PORT:-18412}"; management="${MANAGEMENT_PORT:-18413}"; schema="${SCHEMA:-bench_ui}"
[ -d target/quarkus-app/lib/main ] || { echo "build first: ./mvnw -q package -DskipTests" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/ui-pages.XXXXXX")"
export PGPASSWORD=shakedown
sql() { psql -h 127.0.0.1 -U shakedown -d shakedown -v ON_ERROR_STOP=1 -qtA "$@"; }
sql -c "drop schema if exists $schema cascade; create schema $schema"
. scripts/lib/java.sh; java_home="$(pick_java_home)"
admin=bench-admin-token-0123456789abcdef
SHAKEDOWN_DB_URL="jdbc:postgresql://127.0.0.1:5432/shakedown?currentSchema=$schema" QUARKUS_FLYWAY_SCHEMAS="$schema" \
  QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management" SHAKEDOWN_AUTH_ADMIN_TOKEN="$admin" SHAKEDOWN_INSTALLATION_ID=bench-ui-pages \
  QUARKUS_HTTP_ACCESS_LOG_ENABLED=true QUARKUS_HTTP_ACCESS_LOG_PATTERN='access %m %D ms' QUARKUS_HTTP_RECORD_REQUEST_START_TIME=true \
  "$java_home/bin/java" -Xmx512m -jar target/quarkus-app/quarkus-run.jar >"$work/service.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; [ -n "${KEEP:-}" ] || { sql -c "drop schema if exists $schema cascade" >/dev/null; rm -rf "$work"; }' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 240); do curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" 2>/dev/null && break; sleep 0.5; done
curl -fsS -o /dev/null "http://127.0.0.1:$management/q/health/ready" || { cat "$work/service.log" >&2; exit 1; }

curl -fsS -o /dev/null -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"bench"}' "$base/api/v1/admin/projects"
token="$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"ui"}' "$base/api/v1/admin/projects/bench/tokens" | jq -r .token)"

# 10 000 runs: 90 % of project "bench", 20 apps, 2 environments, over 90 days; each with a realistic report
# (3 checks with evidence, a 4-step flow, a performance scenario with its baseline, 60 log lines: ~9 KB of JSON)
echo "seeding $runs runs..."
sql <<SQL
set search_path to $schema;
insert into validation_run (id, app, environment, status, spec_text, spec_format, target, summary, report, created_at, started_at, finished_at, project)
select gen_random_uuid(), 'app-' || lpad((i % 20)::text, 2, '0'), case when i % 3 = 0 then 'staging' else 'ci' end, st,
       'app: x' || repeat(E'\n# spec line', 40), 'yaml', 'shakedown-example/app:' || i, st || ': summary of run ' || i,
       jsonb_build_object('reportVersion', 1, 'verdict', st, 'summary', st || ' run ' || i,
         'stages', (select jsonb_agg(jsonb_build_object('name', s, 'status', 'PASSED', 'durationMs', 100)) from unnest(array['image','create','start','readiness','checks','flows','performance','rules','cleanup']) s),
         'checks', (select jsonb_agg(jsonb_build_object('name', 'check ' || c, 'status', case when st = 'FAILED' and c = 2 then 'FAILED' else 'PASSED' end, 'durationMs', 12,
                       'request', jsonb_build_object('method', 'GET', 'url', 'http://127.0.0.1:1/api/' || c),
                       'response', jsonb_build_object('status', 200, 'bodyExcerpt', repeat('{"items":[1,2,3]}', 20), 'bodyBytes', 360, 'bodyTruncated', false))) from generate_series(1, 3) c),
         'flows', jsonb_build_array(jsonb_build_object('name', 'sign up', 'status', 'PASSED', 'durationMs', 80,
                       'steps', (select jsonb_agg(jsonb_build_object('index', k, 'name', 'step ' || k, 'status', 'PASSED', 'durationMs', 20, 'attempts', 1)) from generate_series(0, 3) k))),
         'performance', jsonb_build_object('status', 'PASSED', 'scenarios', jsonb_build_array(jsonb_build_object('name', 'browse', 'status', 'PASSED',
                       'figures', jsonb_build_object('count', 1000, 'errors', 0, 'errorRate', 0, 'min', 2, 'mean', 20, 'p50', 18, 'p75', 25, 'p95', 40 + i % 17, 'p99', 60, 'max', 90, 'throughput', 48.5 + i % 5),
                       'baseline', jsonb_build_object('source', 'history', 'figures', jsonb_build_object('count', 1000, 'errors', 0, 'errorRate', 0, 'min', 2, 'mean', 20, 'p50', 18, 'p75', 25, 'p95', 45, 'p99', 60, 'max', 90, 'throughput', 50))))),
         'log', jsonb_build_object('lines', (select jsonb_agg('2026-01-01T00:00:00Z INFO request ' || l || ' served in 3 ms') from generate_series(1, 60) l), 'totalLines', 60, 'truncated', false)),
       now() - (i * interval '13 minutes'), now() - (i * interval '13 minutes'), now() - (i * interval '13 minutes') + interval '40 seconds',
       case when i % 10 = 0 then 'other' else 'bench' end
  from generate_series(1, $runs) i,
       lateral (select case when i % 11 = 0 then 'FAILED' when i % 29 = 0 then 'ERROR' else 'PASSED' end st) v;
insert into performance_baseline (id, app, environment, scenario, run_id, figures, recorded_at, pinned, project)
select gen_random_uuid(), app, environment, 'browse', id, report->'performance'->'scenarios'->0->'figures', finished_at, false, project
  from validation_run where status = 'PASSED';
analyze validation_run; analyze performance_baseline;
SQL
echo "$(sql -c "select count(*) from $schema.validation_run") runs, $(sql -c "select pg_size_pretty(pg_total_relation_size('$schema.validation_run'))") on disk"

# sign in as a browser does: the form's nonce cookie + field, then the session cookie
jar="$work/cookies"
nonce="$(curl -fsS -c "$jar" "$base/login?next=/runs" | grep -o 'name="nonce" value="[^"]*"' | sed 's/.*value="//; s/"$//')"
curl -fsS -o /dev/null -b "$jar" -c "$jar" --data-urlencode "token=$token" --data-urlencode "next=/runs" --data-urlencode "nonce=$nonce" "$base/login"
grep -q shakedown_session "$jar" || { echo "sign-in failed" >&2; exit 1; }

latest="$(sql -c "select id from $schema.validation_run where project = 'bench' and app = 'app-03' order by created_at desc limit 1")"
older="$(sql -c "select id from $schema.validation_run where project = 'bench' and app = 'app-03' order by created_at desc offset 1 limit 1")"
deep="$(sql -c "select (extract(epoch from created_at) * 1000000)::bigint || '_' || id from $schema.validation_run where project = 'bench' order by created_at desc, id desc offset 5000 limit 1")"

measure() { # name path [curl args]
  local name="$1" path="$2"; shift 2
  for _ in $(seq 1 50); do curl -fsS -o /dev/null -b "$jar" "$@" "$base$path"; done
  local from; from=$(wc -l <"$work/service.log")
  for _ in $(seq 1 "$n"); do curl -fsS -o /dev/null -b "$jar" -w '%{time_starttransfer} %{size_download}\n' "$@" "$base$path"; done >"$work/t"
  sleep 0.2
  tail -n +"$((from + 1))" "$work/service.log" | grep -o 'access GET [0-9]* ms' | awk '{ print $3 }' | tail -n "$n" | sort -n >"$work/s"
  sort -n "$work/t" | awk -v name="$name" -v server="$(awk '{ t[NR] = $1 } END { printf "%4d %4d %4d", t[int(NR * 0.5)], t[int(NR * 0.95)], t[NR] }' "$work/s")" '
    { t[NR] = $1 * 1000; s = $2 } END {
      split(server, sv, " ")
      printf "| %-34s | %4d | %4d | %4d | %6.1f | %6.1f | %6.1f KiB |\n", name, sv[1], sv[2], sv[3], t[int(NR * 0.5)], t[int(NR * 0.95)], s / 1024 }'
}
echo "pages (sequential, $n requests each, after 50 warm-up; load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores):"
echo "| page | server p50 ms | server p95 ms | server max ms | curl TTFB p50 ms | curl TTFB p95 ms | size |"
echo "|---|---:|---:|---:|---:|---:|---:|"
measure "/runs (newest 50)" "/runs"
measure "/runs page 101 (keyset cursor)" "/runs?before=$deep"
measure "/runs?app=app-03&verdict=FAILED" "/runs?app=app-03&verdict=FAILED"
measure "/runs last 7 days" "/runs?from=$(date -u -d '7 days ago' +%F)"
measure "/apps/app-03 (last 60 runs)" "/apps/app-03"
measure "/runs/{id} (run page)" "/runs/$latest"
measure "/compare (two runs)" "/compare?a=$older&b=$latest"
measure "reference: API list, 50 runs JSON" "/api/v1/validations?limit=50" -H "Authorization: Bearer $token"
measure "reference: /api/v1/spec/schema (public, static)" "/api/v1/spec/schema" # health moved to the management port
