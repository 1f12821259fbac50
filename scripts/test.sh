#!/usr/bin/env bash
# The test command: prepares the machine (scripts/setup-machine.sh: idempotent, installs and starts on Debian what
# is missing), builds the offline base images the example apps need, then every test — unit, service (real
# PostgreSQL), end to end (real Docker) and the Kubernetes manifests (kubectl kustomize + schema validation).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-machine.sh
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
docker info >/dev/null 2>&1 || { echo "test: no Docker engine answers (start dockerd, or run scripts/setup-machine.sh)" >&2; exit 2; }
pg_isready -q -h 127.0.0.1 2>/dev/null || { echo "test: PostgreSQL is not answering on 127.0.0.1:5432 (run scripts/setup-machine.sh)" >&2; exit 2; }
scripts/build-base-images.sh
exec ./mvnw -B verify "$@"
