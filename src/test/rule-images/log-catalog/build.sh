#!/usr/bin/env bash
# Packs a Spring Boot-shaped jar (BOOT-INF/classes/application.properties, devtools in BOOT-INF/lib).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JDK="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
rm -rf "$here/build"; mkdir -p "$here/build"
"$JDK/bin/jar" --create --file "$here/build/app.jar" -C "$here/jar" .
