#!/usr/bin/env bash
# Fidelity of the performance stage: the same fixed local target (hello-api, /api/items, published on
# 127.0.0.1), the same connection count, the same duration, measured by wrk and by Shakedown's forked
# Gatling runner (closed model: C users = C keep-alive connections). Prints wrk's and Shakedown's
# throughput and p50/p99, the throughput ratio and the latency differences.
# Usage: bench/perf-fidelity.sh [connections=8] [seconds=10]     Needs: wrk (apt-get install wrk).
# Environment: IMAGE (default shakedown-example/hello-api:1.0), URL_PATH (default /api/items); e.g.
#   IMAGE=shakedown-example/perf-app:1.0 bench/perf-fidelity.sh   (40 ms per request: latency-bound)
set -euo pipefail
cd "$(dirname "$0")/.."
conns="${1:-8}"; secs="${2:-10}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
cid="$(docker run -d --init -p 127.0.0.1::8080 --cpus 1 --memory 256m --label io.shakedown.installation=bench-fidelity \
        "${IMAGE:-shakedown-example/hello-api:1.0}")"
trap 'docker rm -f "$cid" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
work="$(mktemp -d "${TMPDIR:-/tmp}/perf-fidelity.XXXXXX")"
port="$(docker port "$cid" 8080/tcp | head -1 | sed 's/.*://')"
url="http://127.0.0.1:$port"
until curl -fsS -o /dev/null "$url/health" 2>/dev/null; do sleep 0.1; done

# wrk: 2 s warm-up (discarded), then the measured run
wrk -t 2 -c "$conns" -d 2s "$url${URL_PATH:-/api/items}" >/dev/null
wrk -t 2 -c "$conns" -d "${secs}s" --latency "$url${URL_PATH:-/api/items}" >"$work/wrk.txt"

cat >"$work/spec.yml" <<YAML
app: fidelity
target: { url: "$url" }
readiness: { http: { path: /health } }
performance:
  scenarios:
    - name: items
      requests: [ { request: { path: ${URL_PATH:-/api/items} } } ]
      load: { users: $conns, duration: ${secs}s }
      warmUp: 2s
YAML
./shakedown validate "$work/spec.yml" --out "$work/out" --baseline "$work/b.json" >/dev/null

python3 - "$work/wrk.txt" "$work/out/report.json" <<'PY'
import json, re, sys
wrk = open(sys.argv[1]).read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
w_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
w = {p: ms(*re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", wrk, re.M).groups()) for p in ("50", "99")}
f = json.load(open(sys.argv[2]))["performance"]["scenarios"][0]["figures"]
print(f"wrk       : {w_rps:10.1f} req/s   p50 {w['50']:7.2f} ms   p99 {w['99']:7.2f} ms")
print(f"shakedown : {f['throughput']:10.1f} req/s   p50 {f['p50']:7.2f} ms   p99 {f['p99']:7.2f} ms   ({f['count']} requests, {f['errors']} errors)")
print(f"throughput ratio shakedown/wrk: {f['throughput']/w_rps:.2f}")
print(f"p50 difference: {f['p50']-w['50']:+.2f} ms   p99 difference: {f['p99']-w['99']:+.2f} ms")
PY
