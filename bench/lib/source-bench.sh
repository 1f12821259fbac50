# Runs a bench/*.java source file RUNS times, each in a fresh JVM with the launcher's JIT setting, on this build's
# classpath (built if missing). CP_PREFIX=dir1:dir2 puts other classes/resources first (an older build, side by side).
# usage (sourced): run_source_bench FILE RUNS [ARGS...]
run_source_bench() {
  local file="$1" runs="$2"; shift 2
  . scripts/lib/java.sh
  JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
  [ -d target/quarkus-app/lib/main ] || ./mvnw -q -B package -DskipTests
  local app=target/quarkus-app
  for _ in $(seq 1 "$runs"); do
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
      -cp "${CP_PREFIX:+$CP_PREFIX:}$app/app/*:$app/lib/boot/*:$app/lib/main/*" "$file" "$@"
  done
}
