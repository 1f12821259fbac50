#!/usr/bin/env bash
# Benchmark: two checkouts side by side — the spec parse time (bench/SpecParseBench.java in a fresh JVM) and the
# one-shot `./shakedown validate examples/hello-api/shakedown.yml` wall and CPU time, run ALTERNATELY for checkout A and
# checkout B, ROUNDS rounds each (the order flips every round: A B, B A, …). Prints per figure the median, the
# range and B/A. Not a test: numbers go to docs/performance.md. On a shared machine only such alternation
# means anything; run it with A = B first to see the noise level.
#
# usage: bench/compare-spec-parse.sh DIR_A DIR_B [ROUNDS] [WARM_ROUNDS]   (defaults 7, 1000)
#
# Issue 14's before/after (the frozen "before" is main at c0a1096, unpacked and built once):
#   git archive c0a1096 | tar -x -C /work/wt/bench-before        # once, into an empty folder, with the CPU-reporting bench:
#   git show 1f2ff05:bench/SpecParseBench.java > /work/wt/bench-before/bench/SpecParseBench.java
#   (cd /work/wt/bench-before && . scripts/lib/java.sh && JAVA_HOME=$(pick_java_home) ./mvnw -B -q package -DskipTests)
#   bench/compare-spec-parse.sh /work/wt/bench-before . 9 | tee bench-after.txt     # ~10 min
#
# Wall times on a shared machine swing 2x with the other users' load; the CPU figures (the parsing thread's CPU time,
# the launcher JVM's user+sys) leave out time spent waiting for a core and are the steadier comparison.
# Each checkout must be built (`./mvnw -B -q package -DskipTests`; the script stops if not). Each runs its OWN
# launcher, jars and examples/; the parse bench is the checkout's own bench/SpecParseBench.java (it compiles
# against that checkout's spec API; keep it compiling, and its output lines, when the API changes), or this script's
# copy if it has none. The cold figure is for all of a checkout's examples (compare it only when the spec counts
# printed match); the warm figures are per spec.
# Every checkout's class-data archive (target/cds/*.jsa) is deleted and re-made by a warm-up run first, since a
# stale archive silently turns itself off after a rebuild. Needs Docker; the hello-api image is built from this
# script's checkout (scripts/build-base-images.sh, scripts/build-examples.sh hello-api).
# Env: SKIP_VALIDATE=1 measures only the spec parse (no Docker); KEEP=DIR keeps the raw per-run figures there.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '8p' "$0" | sed 's/^# //' >&2; exit 2; }
a="$(cd "$1" && pwd)"; b="$(cd "$2" && pwd)"
rounds="${3:-7}"; warm="${4:-1000}"
. "$here/scripts/lib/java.sh"
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
for d in "$a" "$b"; do
  [ -d "$d/target/quarkus-app/lib/main" ] || { echo "not built: $d — run there: ./mvnw -B -q package -DskipTests" >&2; exit 2; }
done
out="${KEEP:-$(mktemp -d)}"; mkdir -p "$out"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
: > "$out/raw"
ms() { date +%s%3N; }

parse() { # $1 = label, $2 = checkout; appends "label parse_cold_ms X", "label parse_warm_us X", "label specs N/V"
  local src="$2/bench/SpecParseBench.java" app="$2/target/quarkus-app" res
  [ -f "$src" ] || src="$here/bench/SpecParseBench.java"
  if ! res="$(cd "$2" && "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -cp "$app/app/*:$app/lib/boot/*:$app/lib/main/*" "$src" "$warm")"; then
    echo "$1: the spec-parse bench failed in $2 — does $src compile against that checkout's spec API?" >&2; exit 1
  fi
  echo "$res" | sed -n "s/^specs: \([0-9]*\) (\([0-9]*\) valid)/$1 specs \1\/\2/p" >> "$out/raw"
  echo "$res" | sed -n "s/^cold first round: \([0-9.]*\) ms/$1 parse_cold_ms \1/p" >> "$out/raw"
  echo "$res" | sed -n "s/^warm round median: .*(\([0-9.]*\) us per spec).*/$1 parse_warm_us \1/p" >> "$out/raw"
  echo "$res" | sed -n "s/^cold first round cpu: \([0-9.]*\) ms/$1 parse_cold_cpu_ms \1/p" >> "$out/raw"
  echo "$res" | sed -n "s/^warm round median cpu: .*(\([0-9.]*\) us per spec).*/$1 parse_warm_cpu_us \1/p" >> "$out/raw"
}
validate() { # $1 = label, $2 = checkout, $3 = report folder; appends "label validate_ms X" and "label validate_cpu_ms X"
  local t0 t1 rc=0 TIMEFORMAT='%U %S'
  t0=$(ms)
  { time (cd "$2" && ./shakedown validate examples/hello-api/shakedown.yml --out "$3" >"$3.log" 2>&1) || rc=$?; } 2>"$3.cpu"
  t1=$(ms)
  if [ "$rc" != 0 ]; then echo "$1: validate exited $rc (expected PASSED, 0); its output:" >&2; cat "$3.log" >&2; exit 1; fi
  echo "$1 validate_ms $((t1 - t0))" >> "$out/raw"
  awk -v l="$1" '{ printf "%s validate_cpu_ms %d\n", l, ($1 + $2) * 1000 }' "$3.cpu" >> "$out/raw"
}

if [ -z "${SKIP_VALIDATE:-}" ]; then
  (cd "$here" && scripts/build-base-images.sh >/dev/null && scripts/build-examples.sh hello-api >/dev/null)
  for d in "$a" "$b"; do
    rm -f "$d"/target/cds/*.jsa
    (cd "$d" && ./shakedown validate examples/hello-api/shakedown.yml --out "$out/warmup" >/dev/null 2>&1) || true  # makes the archive
  done
  for d in "$a" "$b"; do (cd "$d" && ./shakedown validate examples/hello-api/shakedown.yml --out "$out/warmup" >/dev/null 2>&1) || true; done
fi

for i in $(seq 1 "$rounds"); do
  if [ $((i % 2)) = 1 ]; then order="A B"; else order="B A"; fi
  for l in $order; do if [ "$l" = A ]; then parse A "$a"; else parse B "$b"; fi; done
  if [ -z "${SKIP_VALIDATE:-}" ]; then
    for l in $order; do if [ "$l" = A ]; then validate A "$a" "$out/A$i"; else validate B "$b" "$out/B$i"; fi; done
  fi
  echo "round $i/$rounds done" >&2
done

python3 - "$out/raw" "$a" "$b" "$rounds" "$warm" <<'PY'
import statistics, sys, datetime, os
raw, a, b, rounds, warm = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
vals, specs = {}, {}
for line in open(raw):
    label, key, v = line.split()
    if key == "specs": specs[label] = v; continue
    vals.setdefault((key, label), []).append(float(v))
print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}; {rounds} alternating rounds, {warm} warm parse rounds per JVM")
print(f"A = {a}  (specs parsed/valid: {specs.get('A', '?')})")
print(f"B = {b}  (specs parsed/valid: {specs.get('B', '?')})")
names = {"validate_ms": "./shakedown validate hello-api, wall ms", "validate_cpu_ms": "  the same, CPU ms (user+sys of the JVM)",
         "parse_cold_ms": "spec parse, cold first round, ms", "parse_cold_cpu_ms": "  the same, CPU ms (parsing thread)",
         "parse_warm_us": "spec parse, warm, us per spec", "parse_warm_cpu_us": "  the same, CPU us per spec"}
for key, name in names.items():
    if (key, "A") not in vals: continue
    A, B = vals[(key, "A")], vals[(key, "B")]
    ma, mb = statistics.median(A), statistics.median(B)
    fmt = (lambda x: f"{x:.0f}") if key.startswith("validate") else (lambda x: f"{x:.1f}")
    print(f"{name:42s} A median {fmt(ma):>7s} ({fmt(min(A))}-{fmt(max(A))})   B median {fmt(mb):>7s} ({fmt(min(B))}-{fmt(max(B))})   B/A {mb/ma:.2f}")
    print(f"{'':42s} A all {[fmt(x) for x in A]}")
    print(f"{'':42s} B all {[fmt(x) for x in B]}")
PY
