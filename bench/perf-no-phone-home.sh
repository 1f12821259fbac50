#!/usr/bin/env bash
# Proves the forked Gatling runner contacts nothing but its target: runs it under
# `strace -f -e trace=connect` in a fresh network namespace that has only loopback (so even an attempt
# to phone home cannot leave the machine), against a local HTTP server, and lists every connect()
# destination. Passes when all of them are the target's 127.0.0.1 port (or local unix sockets).
# Needs: root (unshare -n), strace, python3, a built perf-runner (./mvnw package).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f perf-runner/target/perf-runner.jar ] || { echo "build first: ./mvnw package -DskipTests" >&2; exit 2; }
command -v strace >/dev/null || { echo "needs strace: apt-get install -y strace" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/perf-phone-home.XXXXXX")"
trap 'rm -rf "$work"' EXIT
port=18777
cat >"$work/plan.json" <<JSON
{"runs":[{"id":"s1","baseUrl":"http://127.0.0.1:$port","requests":[{"name":"GET /","method":"GET","path":"/","weight":1,"timeoutMs":5000}],
  "model":"open","rate":20,"users":0,"rampUpMs":0,"warmUpMs":1000,"durationMs":6000,"htmlReport":true}]}
JSON
. scripts/lib/java.sh
java="$(pick_java_home)/bin/java"
unshare -n bash -c "
  ip link set lo up
  python3 -m http.server $port --bind 127.0.0.1 >/dev/null 2>&1 & srv=\$!
  sleep 0.5
  strace -f -qq -s 80 -e trace=connect,sendto,sendmmsg -o '$work/trace.txt' '$java' -Xmx512m \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED \
    -cp 'perf-runner/target/perf-runner.jar:perf-runner/target/lib/*' io.shakedown.perfrunner.PerfRunner '$work/plan.json' '$work/out' >'$work/runner.log' 2>&1
  kill \$srv"
grep -q '"status" : "ok"' "$work/out/stats.json" || { echo "the load run failed:"; cat "$work/runner.log"; exit 1; }
echo "connect() destinations of the forked runner (count, destination):"
grep -oE 'connect\([0-9]+, \{sa_family=AF_[A-Z0-9]+[^}]*' "$work/trace.txt" \
  | sed -E 's/connect\([0-9]+, \{//; s/sin6_flowinfo=[^,]*, //; s/, sin6_scope_id=0//' | sort | uniq -c | sort -rn
other="$(grep -oE 'connect\([0-9]+, \{sa_family=AF_INET6?[^}]*' "$work/trace.txt" | grep -vE "htons\($port\).*127\.0\.0\.1" || true)"
if [ -n "$other" ]; then echo "FAIL: connections to something other than the target:"; echo "$other"; exit 1; fi
echo "OK: only the target 127.0.0.1:$port was contacted"
