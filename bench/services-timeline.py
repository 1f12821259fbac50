"""The summary of bench/services-vs-script.sh: wall-time medians and ratio, Shakedown's stages, the reference's
PostgreSQL and app start, and a timeline of each side's Docker events (median ms after the round's start).

usage: python3 bench/services-timeline.py OUT_DIR RUNS MODE   (OUT_DIR holds wall, rounds, events, s<i>/report.json, r<i>)
"""
import os
import json
import pathlib
import re
import statistics
import sys

out, runs, mode = pathlib.Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

wall = {"shakedown": [], "reference": []}
for line in (out / "wall").read_text().splitlines():
    if line:
        side, value = line.split()
        wall[side].append(int(value))
ref = {"pg_ready_ms": [], "app_ready_ms": [], "checks_ms": []}
for i in range(1, runs + 1):
    for line in (out / f"r{i}").read_text().splitlines():
        if "=" in line:
            key, value = line.split("=")
            ref[key].append(int(value))
stages = {}
for i in range(1, runs + 1):
    report = json.loads((out / f"s{i}" / "report.json").read_text())
    assert report["verdict"] == "PASSED", report.get("summary")
    for stage in report["stages"]:
        stages.setdefault(stage["name"], []).append(stage["durationMs"])


def fmt(values):
    return "[" + ", ".join(f"{v / 1000:.2f}" for v in sorted(values)) + "] s"


med = {k: statistics.median(v) for k, v in wall.items()}
poll_ms = round(float(os.environ.get("POLL", "0.1")) * 1000)
how = (f"POST ?wait= to the running service (POST -> answer), the reference polls every {poll_ms} ms" if mode == "service"
       else f"one-shot ./shakedown validate (process start -> exit), the reference polls every {poll_ms} ms")
print(f"runs: {runs} each, alternating (spring-jpa:healthy + postgres:15-bookworm, 2 GETs); shakedown = {how}")
print("shakedown stages, median ms: " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in stages.items()))
print(f"reference: PostgreSQL docker run -> pg_isready median {statistics.median(ref['pg_ready_ms']):.0f} ms {sorted(ref['pg_ready_ms'])}; "
      f"app docker run -> health 200 median {statistics.median(ref['app_ready_ms']):.0f} ms {sorted(ref['app_ready_ms'])}; "
      f"the two GETs median {statistics.median(ref['checks_ms']):.0f} ms")
print(f"wall time  median  shakedown {med['shakedown']:.0f} ms   reference {med['reference']:.0f} ms   ratio {med['shakedown'] / med['reference']:.2f}x")
print(f"           all     shakedown {fmt(wall['shakedown'])}   reference {fmt(wall['reference'])}")

# --- the timeline: each side's Docker events, by the names the two sides give their containers and networks
ROLES = [("shakedown", "container", re.compile(r"^shakedown-postgres-app-db-[0-9a-f]{8}$"), "db"),
         ("shakedown", "container", re.compile(r"^shakedown-postgres-app-[0-9a-f]{8}$"), "app"),
         ("shakedown", "network", re.compile(r"^shakedown-postgres-app-[0-9a-f]{8}$"), "network"),
         ("reference", "container", re.compile(r"^bench-ref-\d+-db$"), "db"),
         ("reference", "container", re.compile(r"^bench-ref-\d+-app$"), "app"),
         ("reference", "network", re.compile(r"^bench-ref-\d+$"), "network")]
KEPT = {"create", "start", "connect", "disconnect", "kill", "die", "destroy"}
rounds = []  # (start ms, end ms, side)
for line in (out / "rounds").read_text().splitlines():
    name, t0, t1 = line.split()
    rounds.append((int(t0), int(t1), "shakedown" if name.startswith("s") else "reference"))
containers = {}  # id -> (side, role)
events = []
for line in (out / "events").read_text().splitlines():
    try:
        e = json.loads(line)
    except ValueError:
        continue
    kind, action = e.get("Type"), e.get("Action", "")
    attrs = (e.get("Actor") or {}).get("Attributes") or {}
    name = attrs.get("name", "")
    for side, typ, pattern, role in ROLES:
        if typ == kind and pattern.match(name):
            if kind == "container":
                containers[(e.get("Actor") or {}).get("ID")] = role
            if action in KEPT:
                # a network's connect/disconnect names the container it is about
                what = f"{role} {action}" if kind == "container" else \
                    f"network {action}" + (f" {containers.get(attrs.get('container'), '?')}" if action in ("connect", "disconnect") else "")
                events.append((e["timeNano"] / 1e6, side, what))
            break
offsets = {"shakedown": {}, "reference": {}}
for index, (t0, t1, side) in enumerate(rounds):
    until = rounds[index + 1][0] if index + 1 < len(rounds) else t1 + 30_000
    seen = {}
    for ts, event_side, what in events:
        if event_side == side and t0 <= ts < until and what not in seen:
            seen[what] = ts - t0
    seen["(answer)" if mode == "service" and side == "shakedown" else "(exit)"] = t1 - t0
    for what, offset in seen.items():
        offsets[side].setdefault(what, []).append(offset)
print("timeline, median ms after the round's start (docker events; each side's first of each):")
for side in ("shakedown", "reference"):
    items = sorted(((statistics.median(v), k, len(v)) for k, v in offsets[side].items()))
    print(f"  {side:9}: " + ", ".join(f"{k} {m:.0f}" + ("" if n == runs else f" ({n} of {runs})") for m, k, n in items))
