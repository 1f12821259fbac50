#!/usr/bin/env bash
# Lays out a Quarkus fast-jar (/deployments/quarkus-run.jar, lib/, app/, quarkus/) around the scripted
# stand-in server, with a real application.properties inside app/hello-api.jar.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JDK="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
b="$here/build"; rm -rf "$b"; mkdir -p "$b/classes" "$b/deployments/lib/main" "$b/deployments/app" "$b/deployments/quarkus" "$b/props"
"$JDK/bin/javac" --release 21 -d "$b/classes" "$here/../scripted-src/ScriptedApp.java"
"$JDK/bin/jar" --create --file "$b/deployments/quarkus-run.jar" --main-class ScriptedApp -C "$b/classes" .
cp "$here/application.properties" "$b/props/"
"$JDK/bin/jar" --create --file "$b/deployments/app/hello-api.jar" -C "$b/props" application.properties
echo "placeholder for io.quarkus.quarkus-core" > "$b/deployments/lib/main/io.quarkus.quarkus-core-3.8.4.jar.txt"
echo "generated" > "$b/deployments/quarkus/quarkus-application.dat"
