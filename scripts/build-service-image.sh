#!/usr/bin/env bash
# Builds the Shakedown service image (src/main/docker/Dockerfile.jvm) offline, on local stand-ins for its public bases:
# the JRE from shakedown-base/service-jre:21 and Debian bookworm with Chromium and chromedriver from
# shakedown-base/debian-chromium:bookworm (each built here if missing; the Chromium base takes a few minutes once).
# Packages the service first if target/quarkus-app is absent.
# Usage: scripts/build-service-image.sh [--no-chromium] [TAG]   (default shakedown:latest)
#   --no-chromium  the JRE stand-in alone as the base: smaller, and the browser stage is SKIPPED in the image
set -euo pipefail
cd "$(dirname "$0")/.."
chromium=1
if [ "${1:-}" = "--no-chromium" ]; then chromium=0; shift; fi
tag="${1:-shakedown:latest}"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
[ -f target/quarkus-app/quarkus-run.jar ] && [ -f perf-runner/target/perf-runner.jar ] || ./mvnw -q -B package -DskipTests
scripts/build-base-images.sh service-jre >/dev/null
if [ "$chromium" -eq 1 ]; then
    scripts/build-base-images.sh debian-chromium >/dev/null
    base=(--build-arg BASE_IMAGE=shakedown-base/debian-chromium:bookworm)
else
    base=(--build-arg BASE_IMAGE=shakedown-base/service-jre:21 --build-arg INSTALL_CHROMIUM=false)
fi
docker build -q -f src/main/docker/Dockerfile.jvm --build-arg JRE_IMAGE=shakedown-base/service-jre:21 "${base[@]}" -t "$tag" . >/dev/null
echo "$tag: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%d MB", $1/1000000}')"
