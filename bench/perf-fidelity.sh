#!/usr/bin/env bash
# Fidelity of the performance stage: the same fixed local target (hello-api, /api/items, published on
# 127.0.0.1), the same connection count, the same duration, measured by wrk and by Shakedown's forked
# Gatling runner (closed model: C users = C keep-alive connections), in ROUNDS interleaved pairs (wrk, then
# Shakedown) so a machine whose load changes meanwhile moves both sides of a pair alike. Prints each pair's
# throughput and p50/p99, and the median of the per-pair throughput ratios; `uptime` before and after.
# Usage: bench/perf-fidelity.sh [connections=8] [seconds=10]     Needs: wrk (apt-get install wrk), a built
#   Shakedown (./mvnw -q package -DskipTests).
# Environment: ROUNDS (default 3), IMAGE (default shakedown-example/hello-api:1.0), URL_PATH (default
#   /api/items); e.g. IMAGE=shakedown-example/perf-app:1.0 bench/perf-fidelity.sh   (40 ms per request: latency-bound)
#   FLOOR=1 adds a third tool to each round, between wrk and Shakedown: bench/HttpClientFloor.java, a plain JVM
#   keep-alive client (C threads, no Gatling) with the same connections, warm-up and window: what a JVM generator
#   costs per request without Gatling's per-request machinery (docs/performance.md, "where the generator's CPU goes").
# Fair by construction: both tools get the same 2 s warm-up against the same container before their measured
# window, both keep C connections alive, and neither side's start counts (Shakedown's figures cover only its
# measured window, like wrk's).
set -euo pipefail
cd "$(dirname "$0")/.."
conns="${1:-8}"; secs="${2:-10}"; rounds="${ROUNDS:-3}"; path="${URL_PATH:-/api/items}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/perf-fidelity.XXXXXX")"
cid="$(docker run -d --init -p 127.0.0.1::8080 --cpus 1 --memory 256m --label io.shakedown.installation=bench-fidelity \
        "${IMAGE:-shakedown-example/hello-api:1.0}")"
trap 'docker rm -f "$cid" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
port="$(docker port "$cid" 8080/tcp | head -1 | sed 's/.*://')"
url="http://127.0.0.1:$port"
until curl -fsS -o /dev/null "$url/health" 2>/dev/null; do sleep 0.1; done

cat >"$work/spec.yml" <<YAML
app: fidelity
target: { url: "$url" }
readiness: { http: { path: /health } }
performance:
  scenarios:
    - name: items
      requests: [ { request: { path: $path } } ]
      load: { users: $conns, duration: ${secs}s }
      warmUp: 2s
YAML
if [ -n "${FLOOR:-}" ]; then . scripts/lib/java.sh; java="$(pick_java_home)/bin/java"; fi
echo "load before: $(uptime)"
for i in $(seq 1 "$rounds"); do
  # wrk: 2 s warm-up (discarded), then the measured run
  wrk -t 2 -c "$conns" -d 2s "$url$path" >/dev/null
  # wrk's own CPU time (user + system, from its rusage) beside Shakedown's generator CPU in its window
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN); print(f"cpu-seconds: {r.ru_utime + r.ru_stime:.3f}")' \
    "$work/wrk-$i.txt" wrk -t 2 -c "$conns" -d "${secs}s" --latency "$url$path" >"$work/wrk-$i.cpu"
  if [ -n "${FLOOR:-}" ]; then
    "$java" -XX:TieredStopAtLevel=1 -XX:+UseParallelGC bench/HttpClientFloor.java "$port" "$path" "$conns" "$secs" >"$work/floor-$i.txt"
  fi
  ./shakedown validate "$work/spec.yml" --out "$work/out-$i" --baseline "$work/b.json" >/dev/null
done
echo "load after:  $(uptime)"

python3 - "$work" "$rounds" "$secs" <<'PY'
import json, os, re, statistics, sys
work, rounds, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
floors = []
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
ratios, costs = [], []
for i in range(1, rounds + 1):
    wrk = open(f"{work}/wrk-{i}.txt").read()
    w_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", wrk).group(1))
    w = {p: ms(*re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", wrk, re.M).groups()) for p in ("50", "99")}
    s = json.load(open(f"{work}/out-{i}/report.json"))["performance"]["scenarios"][0]
    f, g = s["figures"], s.get("generator") or {}
    ratios.append(f["throughput"] / w_rps)
    # CPU per request: wrk's from its rusage over its run; the generator's over its measured window
    w_cpu = float(re.search(r"cpu-seconds: ([\d.]+)", open(f"{work}/wrk-{i}.cpu").read()).group(1))
    w_us = w_cpu * 1e6 / (w_rps * secs)
    g_us = g["generatorCores"] * 1e6 / f["throughput"] if g.get("generatorCores") and f["throughput"] else float("nan")
    costs.append((w_us, g_us))
    print(f"pair {i}: wrk       {w_rps:9.1f} req/s   p50 {w['50']:7.2f} ms   p99 {w['99']:7.2f} ms")
    print(f"        shakedown {f['throughput']:9.1f} req/s   p50 {f['p50']:7.2f} ms   p99 {f['p99']:7.2f} ms"
          f"   ({f['count']} requests, {f['errors']} errors; generator {g.get('generatorCores')} CPU,"
          f" machine {g.get('machineBusy')} busy{', lower bound' if g.get('lowerBound') else ''})   ratio {ratios[-1]:.2f}")
    print(f"        CPU per request: wrk {w_us:6.1f} us   shakedown's generator {g_us:6.1f} us   ({g_us / w_us:.1f}x)")
    if os.path.exists(f"{work}/floor-{i}.txt"):
        fl = open(f"{work}/floor-{i}.txt").read()
        f_rps = float(re.search(r"floor: ([\d.]+) req/s", fl).group(1))
        f_us = float(re.search(r"cpu-seconds: ([\d.]+)", fl).group(1)) * 1e6 / (f_rps * secs)
        floors.append((f_rps / w_rps, f_us / w_us))
        print(f"        JVM floor {f_rps:9.1f} req/s   {fl.split('req/s', 1)[1].split('cpu-seconds')[0].strip()}"
              f"   CPU per request {f_us:6.1f} us ({f_us / w_us:.1f}x wrk)   ratio {f_rps / w_rps:.2f}")
print(f"throughput ratio shakedown/wrk, median of {rounds} pairs: {statistics.median(ratios):.2f}"
      f"   (pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
print(f"generator CPU per request vs wrk's, median: {statistics.median(g / w for w, g in costs):.1f}x")
if floors:
    print(f"JVM floor (bench/HttpClientFloor.java) vs wrk, median: throughput {statistics.median(r for r, _ in floors):.2f},"
          f" CPU per request {statistics.median(c for _, c in floors):.1f}x")
PY
