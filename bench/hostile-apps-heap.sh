#!/usr/bin/env bash
# Benchmark: the packaged service's heap and RSS while it validates hostile apps (issue 21), next to the same number
# of validations of a well-behaved app — interleaved rounds, so a loaded machine shows in both. The hostile apps are
# one busybox image (nc speaking HTTP by hand, like HostileAppsTest): a health body that never finishes, checks on a
# dripping body, headers that never finish and a 1 GB body, a log line without newlines at full speed, an app that
# forks until its pids limit, an app that fills its disk. The well-behaved app is the same image answering /ok.
# Each phase submits its specs at once (?wait=, 2 run at a time, the rest queue); a sampler reads the service's RSS
# (ps) and heap in use (jstat: survivor + eden + old) every second; after each phase a full GC (jcmd GC.run) shows
# what the phase left behind (old generation after GC). Not a test: figures go to docs/performance.md.
# usage: bench/hostile-apps-heap.sh [ROUNDS]   (default 3). Port 18392; its own schema (bench_hostile) in
#        $BENCH_DB_URL (default the shakedown_test database); every container is labelled with installation bench-hostile.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
java="$JAVA_HOME/bin/java"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B package -DskipTests -Dperf-runner.skip=true
scripts/build-base-images.sh busybox >/dev/null
port=18392; management=18393 # health is on the management interface
work="$(mktemp -d)"
pid=""
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
db="${BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/shakedown_test}"
export SHAKEDOWN_DB_URL="$db?currentSchema=bench_hostile" QUARKUS_FLYWAY_SCHEMAS=bench_hostile \
       QUARKUS_HTTP_PORT=$port QUARKUS_MANAGEMENT_PORT=$management SHAKEDOWN_AUTH_ENABLED=false SHAKEDOWN_INSTALLATION_ID=bench-hostile SHAKEDOWN_INSTANCE_ID=bench-hostile \
       SHAKEDOWN_HELPER_IMAGE=shakedown-base/busybox:local SHAKEDOWN_MONITORS_ENABLED=false
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then echo "port $port is taken: stop what answers there first" >&2; exit 1; fi

# the hostile image of HostileAppsTest: one connection per request, the request line picks the misbehaviour
image=shakedown-bench/hostile:1.0
docker build -q -t "$image" src/test/resources/hostile-app >/dev/null

spec() { # $1 = name, $2 = the rest of the target, $3 = readiness path, $4 = checks (YAML list or [])
  cat <<YAML
app: bench-$1
target:
  image: $image
  port: 8080
$2
readiness: { http: { path: $3, status: 200, timeout: 2s } }
rules: { failOn: never }
checks: $4
YAML
}
mkdir -p "$work/specs"
spec drip-health "  startupTimeout: 6s" /drip "[]" >"$work/specs/hostile-1.yml"
spec hostile-checks "  startupTimeout: 20s" /ok '[{ name: drip, request: { path: /drip, timeout: 2s } }, { name: stuck, request: { path: /stuck-headers, timeout: 2s } }, { name: gigabyte, request: { path: /gigabyte, timeout: 30s } }]' >"$work/specs/hostile-2.yml"
spec log-flood '  startupTimeout: 20s
  command: [sh, -c, "(while :; do printf xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done) & exec nc -ll -p 8080 -e /handler.sh"]
  resources: { cpus: 0.25 }' /ok '[{ name: ok, request: { path: /ok } }, { name: ok again, request: { path: /ok } }]' >"$work/specs/hostile-3.yml"
spec forks '  startupTimeout: 15s
  command: [sh, -c, "awk '"'"'BEGIN { while (1) system(\"sleep 600 &\") }'"'"' & read -t 5 x <> /never; exec nc -ll -p 8080 -e /handler.sh"]
  resources: { pids: 32, cpus: 0.5 }' /ok "[]" >"$work/specs/hostile-4.yml"
spec fills-disk '  startupTimeout: 60s
  command: [sh, -c, "i=0; while [ $i -lt 200 ]; do dd if=/dev/zero of=/fill-$i bs=1M count=1 2>/dev/null; i=$((i+1)); sleep 0.1; done; sleep 600"]
  resources: { disk: 20m }' /ok "[]" >"$work/specs/hostile-5.yml"
for k in 1 2 3 4 5; do
  spec healthy-$k "  startupTimeout: 20s" /ok '[{ name: ok, request: { path: /ok } }, { name: ok again, request: { path: /ok } }]' >"$work/specs/healthy-$k.yml"
done

"$java" -XX:+UseSerialGC -Xss512k -Xms16m -XX:MaxRAMPercentage=50 -XX:TieredStopAtLevel=1 \
  -jar target/quarkus-app/quarkus-run.jar >"$work/service.log" 2>&1 & pid=$!
for _ in $(seq 1 3000); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] && break; sleep 0.1; done
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$management/q/health/ready")" = 200 ] || { tail -30 "$work/service.log" >&2; exit 1; }

echo start >"$work/phase"
( while kill -0 "$pid" 2>/dev/null; do
    used=$("$JAVA_HOME/bin/jstat" -gc "$pid" 2>/dev/null | awk 'NR==2 { printf "%.0f", ($3 + $4 + $6 + $8) / 1024 }')
    rss=$(( $(ps -o rss= -p "$pid") / 1024 ))
    # the service answers while it works: one GET of its health, its time in ms
    t0=$(date +%s%3N); curl -s -o /dev/null -m 10 "http://127.0.0.1:$management/q/health/live"; took=$(( $(date +%s%3N) - t0 ))
    echo "$(cat "$work/phase") ${used:-0} $rss $took" >>"$work/samples"
    sleep 1
  done ) & sampler=$!

phase() { # $1 = hostile|healthy, $2 = round
  echo "$1" >"$work/phase"
  local t0; t0=$(date +%s%3N)
  for f in "$work"/specs/"$1"-*.yml; do
    curl -s -o "$work/out-$1-$2-$(basename "$f" .yml).json" -X POST -H 'Content-Type: application/yaml' --data-binary @"$f" \
         "http://127.0.0.1:$port/api/v1/validations?wait=600" &
  done
  wait $(jobs -p | grep -v -e "^$pid$" -e "^$sampler$") 2>/dev/null || true
  local took=$(( $(date +%s%3N) - t0 ))
  echo "gc" >"$work/phase"
  "$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
  local old; old=$("$JAVA_HOME/bin/jstat" -gc "$pid" | awk 'NR==2 { printf "%.0f", $8 / 1024 }')
  local verdicts="" f
  for f in "$work"/out-"$1"-"$2"-*.json; do # app: verdict (readiness diagnosis)
    verdicts="$verdicts$(python3 - "$f" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError:
    print("(no answer)", end=","); sys.exit()
d = ((r.get("report") or {}).get("readiness") or {}).get("diagnosis") or {}
print(f"{r.get('app')}:{r.get('verdict') or r.get('status')}" + (f"({d['kind']})" if d.get("kind") else ""), end=",")
PY
)"
  done
  echo "$1 $2 $took $old $verdicts" >>"$work/phases"
}
for r in $(seq 1 "$rounds"); do phase hostile "$r"; phase healthy "$r"; done
kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; sampler=""
left=$(docker ps -aq --filter label=io.shakedown.installation=bench-hostile | wc -l)

python3 - "$work" "$left" "$(uptime)" <<'PY'
import statistics, sys, pathlib
w = pathlib.Path(sys.argv[1])
samples = {}
for line in (w / "samples").read_text().splitlines():
    p, heap, rss, took = line.split()
    samples.setdefault(p, []).append((int(heap), int(rss), int(took)))
print(f"machine: {sys.argv[3].strip()}")
print(f"{'phase':<8} {'peak heap in use':>17} {'peak RSS':>9} {'health GET max':>15}   (1 s samples)")
for p in ("hostile", "healthy"):
    s = samples.get(p, [(0, 0, 0)])
    print(f"{p:<8} {max(h for h, _, _ in s):>14} MB {max(r for _, r, _ in s):>6} MB {max(t for _, _, t in s):>12} ms")
rows = [l.split(maxsplit=4) for l in (w / "phases").read_text().splitlines()]
print("per phase: wall time, old generation after a full GC, verdicts")
for kind, r, took, old, verdicts in rows:
    print(f"  {kind:<8} round {r}: {int(took) / 1000:6.1f} s  old gen after GC {old:>4} MB  {verdicts.strip(',')}")
old = {k: [int(o) for kk, _, _, o, _ in rows if kk == k] for k in ("hostile", "healthy")}
peak = {p: max(h for h, _, _ in samples[p]) for p in ("hostile", "healthy")}
print(f"ratio hostile/healthy: peak heap {peak['hostile'] / max(1, peak['healthy']):.2f}x, "
      f"old gen after GC (last round) {old['hostile'][-1] / max(1, old['healthy'][-1]):.2f}x; "
      f"old gen after GC, first → last hostile round: {old['hostile'][0]} → {old['hostile'][-1]} MB")
print(f"containers of the bench left behind: {sys.argv[2]}")
PY
