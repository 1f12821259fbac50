#!/usr/bin/env bash
# The main job, from a fresh clone: build Shakedown, build the example images offline, and validate
# examples/hello-api end to end with the one-shot command. Prints the stages and the verdict.
# Needs: a JDK 21+ and a Docker engine (no database: the one-shot command does not use one); on Debian,
# scripts/setup-machine.sh (run first, idempotent) installs and starts what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-machine.sh >&2
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
docker info >/dev/null 2>&1 || { echo "quickstart: no Docker engine answers (start dockerd, or run scripts/setup-machine.sh)" >&2; exit 2; }
[ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh >/dev/null
scripts/build-examples.sh hello-api >/dev/null
exec ./shakedown validate examples/hello-api/shakedown.yml "$@"
