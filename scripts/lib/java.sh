# Sourced by the scripts and the launcher: picks a Java 21+ runtime (the machine default may be older).
# Order: $JAVA_HOME, `java` on the PATH, then the newest JDK under /usr/lib/jvm.

# The feature version (21, 25, …) of the Java at $1 (its bin/java). Read from the JDK's `release` file when it has
# one — starting a JVM just to ask costs the one-shot command ~50-100 ms on every run.
java_major() {
  local release v
  release="$(dirname "$(dirname "$1")")/release"
  if [ -r "$release" ]; then
    v="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    if [ -n "$v" ]; then echo "$v"; return 0; fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

# The full version of the Java at home $1 (e.g. 25.0.1+8), for naming files that only that build may read.
java_build() {
  local v=""
  [ -r "$1/release" ] && v="$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"/\1/p' "$1/release")"
  [ -n "$v" ] || v="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
  echo "$v"
}

pick_java_home() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(readlink -f "$(command -v java)")")
  for j in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do candidates+=("$j"); done
  local j v
  for j in "${candidates[@]}"; do
    [ -x "$j" ] || continue
    v="$(java_major "$j" 2>/dev/null || true)"
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then dirname "$(dirname "$j")"; return 0; fi
  done
  echo "needs a JDK 21 or newer: set JAVA_HOME" >&2
  return 1
}
