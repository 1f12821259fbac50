#!/usr/bin/env bash
# build-dist.sh — the runnable distribution of the one-shot command: target/dist/shakedown-<version>.tar.gz.
# Unpacked anywhere, `shakedown-<version>/shakedown validate shakedown.yml` runs with a Java 21+ runtime and a Docker
# engine, like ./shakedown in a checkout (same launcher, same layout below it: target/quarkus-app for the engine,
# perf-runner/target for the Gatling runner, scripts/lib/java.sh to find Java). The release workflow attaches it
# to the GitHub release; the GitHub Action (no server) and the GitLab template download it.
#
# Usage: scripts/build-dist.sh [VERSION]   (default: the pom's version). Needs `./mvnw package` done before.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
version="${1:-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)}"
[ -n "$version" ] || { echo "build-dist: no version (pass one, or check pom.xml)" >&2; exit 2; }
[ -f target/quarkus-app/quarkus-run.jar ] || { echo "build-dist: target/quarkus-app is missing: run ./mvnw package -DskipTests first" >&2; exit 2; }
[ -f perf-runner/target/perf-runner.jar ] || { echo "build-dist: perf-runner/target/perf-runner.jar is missing: run ./mvnw package -DskipTests first" >&2; exit 2; }

name="shakedown-$version"
stage="$(mktemp -d)"; trap 'rm -rf "$stage"' EXIT
dist="$stage/$name"
mkdir -p "$dist/target" "$dist/perf-runner/target" "$dist/scripts/lib" "$dist/docs"
cp shakedown "$dist/"
cp scripts/lib/java.sh "$dist/scripts/lib/"
cp -r target/quarkus-app "$dist/target/"
cp -r perf-runner/target/perf-runner.jar perf-runner/target/lib "$dist/perf-runner/target/"
cp docs/spec.schema.json docs/rule-pack.schema.json docs/monitors.schema.json "$dist/docs/"
cp README.md "$dist/"
echo "$version" > "$dist/VERSION"
mkdir -p target/dist
out="$root/target/dist/$name.tar.gz"
tar -C "$stage" -czf "$out" "$name"
echo "$out"
