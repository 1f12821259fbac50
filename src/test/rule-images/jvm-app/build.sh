#!/usr/bin/env bash
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JDK="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
b="$here/build"; rm -rf "$b"; mkdir -p "$b/classes"
"$JDK/bin/javac" --release 21 -d "$b/classes" "$here/../scripted-src/ScriptedApp.java"
"$JDK/bin/jar" --create --file "$b/app.jar" --main-class ScriptedApp -C "$b/classes" .
