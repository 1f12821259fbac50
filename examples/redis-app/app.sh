#!/bin/sh
# The app's start, as a client library's would go: it reaches its Redis (REDIS_HOST, default localhost — the usual
# default baked into an app — REDIS_PORT, REDIS_PASSWORD) or exits with the client's own error; then it serves
# GET /health and GET /cgi-bin/visits (INCR in Redis) on port 8080.
: "${REDIS_HOST:=localhost}" "${REDIS_PORT:=6379}"
export REDIS_HOST REDIS_PORT
[ -n "${REDIS_PASSWORD:-}" ] && export REDISCLI_AUTH="$REDIS_PASSWORD"
reply="$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>&1)"
if [ "$reply" != PONG ]; then
  echo "FATAL: cannot use Redis at $REDIS_HOST:$REDIS_PORT: $reply" >&2
  exit 1
fi
echo "connected to Redis at $REDIS_HOST:$REDIS_PORT"
exec httpd -f -p 8080 -h /app/www
