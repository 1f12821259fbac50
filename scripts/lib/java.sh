# Sourced by the scripts and the launcher: picks a Java 21+ runtime (the machine default may be older).
# Order: $JAVA_HOME, `java` on the PATH, then the newest JDK under /usr/lib/jvm.
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
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
