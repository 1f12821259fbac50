#!/usr/bin/env bash
# Builds the Shakedown service image (src/main/docker/Dockerfile.jvm) offline, on the local stand-in base
# shakedown-base/service-jre:21 (built here if missing). Packages the service first if target/quarkus-app is absent.
# Usage: scripts/build-service-image.sh [TAG]   (default shakedown:latest)
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-shakedown:latest}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -f target/quarkus-app/quarkus-run.jar ] && [ -f perf-runner/target/perf-runner.jar ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh service-jre >/dev/null
docker build -q -f src/main/docker/Dockerfile.jvm --build-arg BASE_IMAGE=shakedown-base/service-jre:21 -t "$tag" . >/dev/null
echo "$tag: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}')"
