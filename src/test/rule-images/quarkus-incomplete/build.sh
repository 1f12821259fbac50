#!/usr/bin/env bash
# The classic incomplete copy: only quarkus-run.jar made it into the image. Its manifest is a real fast-jar
# launcher's (main class and class path in lib/boot), so without lib/ the JVM fails the way Quarkus does.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JDK="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
b="$here/build"; rm -rf "$b"; mkdir -p "$b/deployments" "$b/content"
cat > "$b/MANIFEST.MF" <<'MF'
Main-Class: io.quarkus.bootstrap.runner.QuarkusEntryPoint
Class-Path: lib/boot/io.quarkus.quarkus-bootstrap-runner-3.8.4.jar lib/boot/org.jboss.logging.jboss-logging-3.5.3.Final.jar
Implementation-Title: hello-api
MF
echo "quarkus fast-jar launcher" > "$b/content/README.txt"
"$JDK/bin/jar" --create --file "$b/deployments/quarkus-run.jar" --manifest "$b/MANIFEST.MF" -C "$b/content" .
