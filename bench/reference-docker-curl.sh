#!/usr/bin/env bash
# The hand-written reference: what a pipeline does without Shakedown — docker run, a curl retry loop on
# /health (every $POLL seconds, default 0.1 — a tight loop; many scripts sleep 1 s), the same three checks as
# examples/hello-api/shakedown.yml with curl + grep, then remove the container.
# Prints "lag_ms=N" (app ready → loop noticed) and exits 0 when every check passed.
set -euo pipefail
image="${1:-shakedown-example/hello-api:1.0}"
cid="$(docker run -d --init -p 127.0.0.1::8080 --memory 256m --memory-swap 256m --cpus 1 --pids-limit 512 \
        -e GREETING=hi --label io.shakedown.installation=bench-reference "$image")"
trap 'docker rm -f "$cid" >/dev/null 2>&1 || true' EXIT
port="$(docker port "$cid" 8080/tcp | head -1 | sed 's/.*://')"
base="http://127.0.0.1:$port"
deadline=$(( $(date +%s) + 30 ))
until curl -fsS --max-time 1 -o /dev/null "$base/health" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "reference: not ready within 30 s" >&2; exit 1; }
  sleep "${POLL:-0.1}"
done
noticed="$(date +%s%3N)"
ready="$(docker logs "$cid" 2>&1 | sed -n 's/.*ready at epoch-ms \([0-9]*\).*/\1/p' | head -1)"
# check 1: list items — 200, JSON content type, at least one item with a numeric id
out="$(curl -sS --max-time 10 -D - -H 'Accept: application/json' "$base/api/items")"
grep -q '^HTTP/1.1 200' <<<"$out"
grep -qi '^content-type: application/json' <<<"$out"
grep -q '"id": *[0-9]' <<<"$out"
# check 2: greeting uses env
curl -fsS --max-time 10 "$base/api/greeting" | grep -q '"greeting": *"hi"'
# check 3: unknown path is a JSON 404
out="$(curl -sS --max-time 10 -D - -o /dev/null "$base/no-such-thing")"
grep -q '^HTTP/1.1 404' <<<"$out"
grep -qi '^content-type: application/json' <<<"$out"
echo "lag_ms=$(( noticed - ready ))"
