#!/usr/bin/env bash
# build-framework-apps.sh — real framework apps for the rule and healthy-app tests, built by Maven from
# Maven Central and packaged on the local JRE stand-in (shakedown-base/service-jre:21):
#
#   shakedown-app/quarkus:{healthy,host-localhost,incomplete-copy}        io.quarkus 3.33.2 fast-jar
#   shakedown-app/spring:{healthy,server-address-loopback,stacktrace,actuator-all-masked,actuator-values-visible}
#                                                                        Spring Boot 3.5.7 fat jar
#   shakedown-app/spring-jpa:{healthy,db-localhost,broken-migration,retrying}  Spring Boot 3.5.7 + JPA + Flyway, needs PostgreSQL
#   shakedown-app/quarkus-jpa:healthy                                     Quarkus 3.33.2 + Hibernate ORM + Flyway, needs PostgreSQL
#   shakedown-app/quarkus-contract:{healthy,broken}     Quarkus 3.33.2 + smallrye-openapi (/q/openapi); broken: GET /api/stats answers 500
#   shakedown-app/spring-contract:{healthy,drift}       Spring Boot 3.5.7 + springdoc-openapi 2.8 (/v3/api-docs); drift: an id answered as a string
#   shakedown-app/fastapi-contract:healthy              FastAPI (Debian's python3-fastapi) on shakedown-base/python-fastapi:bookworm; no Maven
#
# Sources: src/test/framework-apps/<app>/ (pom.xml, src/, Dockerfile with one stage per variant, variants/).
# Images that exist are skipped (a warm run takes ~1 s). Maven runs offline when the local repository
# already has everything (after the first build), online otherwise; the first build downloads ~60 MB
# (Spring Boot) and takes 1-3 min on 2 cores, later builds of a changed app ~20-40 s.
#
# Usage: scripts/build-framework-apps.sh [--force] [quarkus|spring|spring-jpa|quarkus-jpa|quarkus-contract|spring-contract|fastapi-contract ...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/java.sh
JAVA_HOME="$(pick_java_home)"; export JAVA_HOME
force=0
wanted=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        quarkus|spring|spring-jpa|quarkus-jpa|quarkus-contract|spring-contract|fastapi-contract) wanted+=("$arg") ;;
        *) echo "unknown argument: $arg (expected --force, quarkus, spring, spring-jpa, quarkus-jpa, quarkus-contract, spring-contract, fastapi-contract)" >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(quarkus spring spring-jpa quarkus-jpa quarkus-contract spring-contract fastapi-contract)

declare -A DIR=([quarkus]=quarkus-hello [spring]=spring-hello [spring-jpa]=spring-jpa [quarkus-jpa]=quarkus-jpa
                [quarkus-contract]=quarkus-contract [spring-contract]=spring-contract)
declare -A VARIANTS=([quarkus]="healthy host-localhost incomplete-copy" [spring]="healthy server-address-loopback stacktrace actuator-all-masked actuator-values-visible"
                     [spring-jpa]="healthy db-localhost broken-migration retrying" [quarkus-jpa]="healthy"
                     [quarkus-contract]="healthy broken" [spring-contract]="healthy drift")
declare -A ARTIFACT=([quarkus]=target/quarkus-app/quarkus-run.jar [spring]=target/spring-hello.jar
                     [spring-jpa]=target/spring-jpa.jar [quarkus-jpa]=target/quarkus-app/quarkus-run.jar
                     [quarkus-contract]=target/quarkus-app/quarkus-run.jar [spring-contract]=target/spring-contract.jar)
BASE="shakedown-base/service-jre:21"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
scripts/build-base-images.sh service-jre >/dev/null

# Python apps: no build step, only their image (on the Debian base with the framework's packages)
PY_BASE="shakedown-base/python-fastapi:bookworm"
if [[ " ${wanted[*]} " == *" fastapi-contract "* ]]; then
    wanted=("${wanted[@]/fastapi-contract}")
    if [ "$force" -eq 1 ] || ! image_exists shakedown-app/fastapi-contract:healthy; then
        scripts/build-base-images.sh python-fastapi >/dev/null
        docker build -q --force-rm --build-arg "BASE_IMAGE=$PY_BASE" --target healthy -t shakedown-app/fastapi-contract:healthy \
            src/test/framework-apps/fastapi-contract >/dev/null
        echo "shakedown-app/fastapi-contract: healthy built"
    else
        echo "shakedown-app/fastapi-contract: exists, skipped"
    fi
fi

for app in "${wanted[@]}"; do
    [ -n "$app" ] || continue
    dir="src/test/framework-apps/${DIR[$app]}"
    missing=0
    for v in ${VARIANTS[$app]}; do image_exists "shakedown-app/$app:$v" || missing=1; done
    if [ "$force" -eq 0 ] && [ "$missing" -eq 0 ]; then
        echo "shakedown-app/$app: all variants exist, skipped"
        continue
    fi
    start=$(date +%s)
    newest_src="$(find "$dir/pom.xml" "$dir/src" -type f -printf '%T@ %p\n' | sort -n | tail -1 | cut -d' ' -f2)"
    if [ "$force" -eq 1 ] || [ ! -f "$dir/${ARTIFACT[$app]}" ] || [ "$newest_src" -nt "$dir/${ARTIFACT[$app]}" ]; then
        # offline first: after one build the local repository has everything
        if ! ./mvnw -B -q -o -f "$dir/pom.xml" package -DskipTests >"$dir/target-build.log" 2>&1; then
            ./mvnw -B -q -f "$dir/pom.xml" package -DskipTests >"$dir/target-build.log" 2>&1 \
                || { cat "$dir/target-build.log" >&2; echo "error: Maven build of $dir failed" >&2; exit 1; }
        fi
        rm -f "$dir/target-build.log"
    fi
    for v in ${VARIANTS[$app]}; do
        docker build -q --force-rm --build-arg "BASE_IMAGE=$BASE" --target "$v" -t "shakedown-app/$app:$v" "$dir" >"$dir/target-docker.log" 2>&1 \
            || { cat "$dir/target-docker.log" >&2; echo "error: docker build of shakedown-app/$app:$v failed" >&2; exit 1; }
        rm -f "$dir/target-docker.log"
    done
    echo "shakedown-app/$app: ${VARIANTS[$app]} built in $(( $(date +%s) - start ))s"
done
