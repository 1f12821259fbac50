# Sourced by the scripts and the launcher: picks a Java 21+ runtime (the machine default may be older).
# Order: $JAVA_HOME, `java` on the PATH, then the newest JDK under /usr/lib/jvm.
# Written with bash built-ins where it can: the one-shot launcher runs this on every command, and each program or
# subshell it started (sed, dirname, readlink, ls, sort) cost ~1-2 ms: 25 of the launcher's 29 ms before java started.

# Sets REPLY to the value of KEY="..." ($2) in the JDK `release` file at $1 (empty when the file or the key is missing).
release_value() {
  local line
  REPLY=""
  [ -r "$1" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      "$2="*) line="${line#"$2="}"; line="${line#\"}"; REPLY="${line%\"}"; return 0 ;;
    esac
  done < "$1"
}

# Sets REPLY to the feature version (21, 25, …) of the Java at $1 (its bin/java). Read from the JDK's `release` file
# when it has one — starting a JVM just to ask costs the one-shot command ~50-100 ms on every run.
java_major_of() {
  release_value "${1%/bin/java}/release" JAVA_VERSION
  REPLY="${REPLY%%[!0-9]*}"
  [ -n "$REPLY" ] || REPLY="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
}

java_major() { java_major_of "$1"; echo "$REPLY"; }

# Sets REPLY to the full version of the Java at home $1 (e.g. 25.0.1+8), for naming files only that build may read.
java_build_of() {
  release_value "$1/release" JAVA_RUNTIME_VERSION
  [ -n "$REPLY" ] || REPLY="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')"
}

java_build() { java_build_of "$1"; echo "$REPLY"; }

# Whether the Java at $1 (its bin/java) is a runnable Java 21+; sets REPLY to its feature version.
java_usable() {
  [ -x "$1" ] || return 1
  java_major_of "$1" 2>/dev/null || true
  [ -n "$REPLY" ] && [ "$REPLY" -ge 21 ]
}

pick_java_home() {
  local j
  # tried one at a time, cheapest first: the usual case ($JAVA_HOME set, or a JDK 21+ on the PATH) starts no program
  if [ -n "${JAVA_HOME:-}" ] && java_usable "$JAVA_HOME/bin/java"; then echo "$JAVA_HOME"; return 0; fi
  if j="$(command -v java 2>/dev/null)"; then
    j="$(readlink -f "$j")"
    if java_usable "$j"; then echo "${j%/bin/java}"; return 0; fi
  fi
  for j in $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
    if java_usable "$j"; then echo "${j%/bin/java}"; return 0; fi
  done
  echo "needs a JDK 21 or newer: set JAVA_HOME" >&2
  return 1
}
