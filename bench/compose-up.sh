#!/usr/bin/env bash
# compose.yaml as a user runs it, end to end: build the images (offline stand-ins here), `compose up -d`, create a
# project and its token through the admin API, POST examples/hello-api ?wait → PASSED, POST
# examples/broken/binds-localhost ?wait → FAILED with the LOOPBACK_ONLY diagnosis (the socket tables read by the
# helper container: the host's /proc is not visible from the service's container), then `compose down -v`.
# Exits non-zero on any mismatch. Uses `docker compose` when present, else Debian's docker-compose v1.29.
# usage: bench/compose-up.sh        (SHAKEDOWN_PORT: host port, default 18080; SHAKEDOWN_MANAGEMENT_PORT: health, default 19080)
set -euo pipefail
cd "$(dirname "$0")/.."
port="${SHAKEDOWN_PORT:-18080}"
management="${SHAKEDOWN_MANAGEMENT_PORT:-19080}"
project="shakedown-bench"
scripts/build-service-image.sh >/dev/null
scripts/build-base-images.sh busybox postgres >/dev/null
scripts/build-examples.sh hello-api binds-localhost >/dev/null

if docker compose version >/dev/null 2>&1; then compose=(docker compose); else compose=(docker-compose); fi
compose+=(-p "$project" -f compose.yaml)
work="$(mktemp -d)"
admin="bench-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf 'SHAKEDOWN_AUTH_ADMIN_TOKEN=%s\n' "$admin" >"$work/shakedown.env"
export SHAKEDOWN_ENV_FILE="$work/shakedown.env" SHAKEDOWN_PORT="$port" SHAKEDOWN_MANAGEMENT_PORT="$management" DOCKER_GID="$(stat -c %g /var/run/docker.sock)" \
       SHAKEDOWN_HELPER_IMAGE=shakedown-base/busybox:local SHAKEDOWN_INSTALLATION_ID=compose-bench
down() {
  local rc=$?
  [ $rc -eq 0 ] || "${compose[@]}" logs --no-color --tail 80 shakedown >&2 || true
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
  exit $rc
}
trap down EXIT
ms() { date +%s%3N; }

t0=$(ms)
"${compose[@]}" up -d 2>&1 | sed 's/^/compose: /'
base="http://127.0.0.1:$port"
for _ in $(seq 1 180); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break
  sleep 0.5
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] || { echo "compose-up: the service never became ready" >&2; exit 1; }
echo "compose-up: ready $(( $(ms) - t0 )) ms after 'up -d' (database health gate included)"

curl -fsS -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
     "$base/api/v1/admin/projects" >/dev/null
token="$(curl -fsS -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' -d '{}' \
     "$base/api/v1/admin/projects/bench/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || { echo "compose-up: no token issued" >&2; exit 1; }

validate() { # spec file → the run as JSON
  curl -sS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/yaml' --data-binary @"$1" \
       "$base/api/v1/validations?wait=180"
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); exec("v=" + sys.argv[1]); print(v)' "$1"; }

run="$(validate examples/hello-api/shakedown.yml)"
verdict="$(field 'd["verdict"]' <<<"$run")"
echo "compose-up: examples/hello-api → $verdict ($(field 'd["summary"]' <<<"$run"))"
[ "$verdict" = PASSED ] || { echo "$run" >&2; exit 1; }

run="$(validate examples/broken/binds-localhost/shakedown.yml)"
verdict="$(field 'd["verdict"]' <<<"$run")"
kind="$(field 'd["report"]["readiness"]["diagnosis"]["kind"]' <<<"$run")"
echo "compose-up: examples/broken/binds-localhost → $verdict, diagnosis $kind"
echo "            $(field 'd["report"]["readiness"]["diagnosis"]["summary"]' <<<"$run")"
[ "$verdict" = FAILED ] && [ "$kind" = LOOPBACK_ONLY ] || { echo "$run" >&2; exit 1; }
echo "compose-up: OK"
