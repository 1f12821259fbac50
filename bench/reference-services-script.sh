#!/usr/bin/env bash
# The hand-written reference for an app with its database: what a pipeline does without Shakedown —
# docker network create, start PostgreSQL, poll pg_isready (every $POLL s, default 0.1), start the app on that
# network, poll its health (same interval), the same two GETs as examples/postgres-app/shakedown.yml with curl +
# grep, then remove everything — PostgreSQL's anonymous data volume too (`docker rm -v`, as Shakedown does: without it
# every run leaves a ~40 MB dangling volume behind). Prints "pg_ready_ms=N" (PostgreSQL's own start: docker run →
# pg_isready OK), "app_ready_ms=N" (app docker run → health 200) and "checks_ms=N" (the two GETs); exits 0 when every
# check passed.
set -euo pipefail
app_image="${1:-shakedown-app/spring-jpa:healthy}"
pg_image="${2:-postgres:15-bookworm}"
poll="${POLL:-0.1}"
tag="bench-ref-$$"
ms() { date +%s%3N; }
cleanup() { docker rm -fv "$tag-app" "$tag-db" >/dev/null 2>&1 || true; docker network rm "$tag" >/dev/null 2>&1 || true; }
trap cleanup EXIT
docker network create --label io.shakedown.installation=bench-reference "$tag" >/dev/null
t0=$(ms)
docker run -d --name "$tag-db" --network "$tag" --network-alias db --memory 256m --label io.shakedown.installation=bench-reference \
    -e POSTGRES_USER=app -e POSTGRES_PASSWORD=secret -e POSTGRES_DB=app "$pg_image" >/dev/null
deadline=$(( $(date +%s) + 60 ))
until docker exec "$tag-db" pg_isready -h 127.0.0.1 -q >/dev/null 2>&1; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "reference: PostgreSQL not ready within 60 s" >&2; exit 1; }
  sleep "$poll"
done
t1=$(ms)
docker run -d --name "$tag-app" --network "$tag" --init -p 127.0.0.1::8080 --memory 512m --label io.shakedown.installation=bench-reference \
    -e DB_HOST=db -e DB_PASSWORD=secret "$app_image" >/dev/null
port="$(docker port "$tag-app" 8080/tcp | head -1 | sed 's/.*://')"
base="http://127.0.0.1:$port"
deadline=$(( $(date +%s) + 180 ))
until curl -fsS --max-time 1 -o /dev/null "$base/actuator/health" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "reference: app not ready within 180 s" >&2; exit 1; }
  [ "$(docker inspect -f '{{.State.Running}}' "$tag-app")" = true ] || { echo "reference: app exited" >&2; docker logs "$tag-app" 2>&1 | tail -5 >&2; exit 1; }
  sleep "$poll"
done
t2=$(ms)
curl -fsS --max-time 10 "$base/api/items" | grep -q '"name": *"apple"'
curl -fsS --max-time 10 "$base/api/items/2" | grep -q '"name": *"pear"'
t3=$(ms)
echo "pg_ready_ms=$(( t1 - t0 ))"
echo "app_ready_ms=$(( t2 - t1 ))"
echo "checks_ms=$(( t3 - t2 ))"
