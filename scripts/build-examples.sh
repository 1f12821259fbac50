#!/usr/bin/env bash
# build-examples.sh — compile and build the example apps under examples/ as Docker images.
#
# Every directory under examples/ (one or two levels deep) that holds a Dockerfile is an example;
# its image is tagged shakedown-example/<directory name>:1.0 (e.g. examples/broken/oom ->
# shakedown-example/oom:1.0). An example with a `variants` file also gets one more tag per line
# "<version> <docker build args...>" (examples/perf-app: 2.0 is built with --build-arg DELAY_MS=30). Java examples (src/*.java) are compiled with
# `javac --release 21` (JDK 25) and packed into <example>/build/app.jar first; that jar is skipped
# when it is newer than every source file.
#
# The Dockerfiles name public bases (ARG BASE_IMAGE=eclipse-temurin:21-jre / busybox:1.36). When the
# local offline stand-in exists (scripts/build-base-images.sh), it is passed instead with
# --build-arg BASE_IMAGE=shakedown-base/...; nothing is ever pulled. A base that scripts/build-base-images.sh builds
# only when named (redis:7-bookworm, postgres:15-bookworm) is built by it when missing.
#
# Usage: scripts/build-examples.sh [name ...]
#   name   example names to build (directory name, e.g. hello-api, oom, or path, broken/oom);
#          default: all
# Environment:
#   JDK_HOME   JDK with javac and jar (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   JOBS       examples built at once (default 2)
set -euo pipefail

JDK_HOME="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JOBS="${JOBS:-2}"
# javac/jar run for a second: C1 only and the serial GC cut their CPU use by about a third.
JVM_TOOL_OPTS=(-J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC)
TAG_PREFIX="shakedown-example"
TAG_VERSION="1.0"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
examples="$root/examples"

case "${1:-}" in
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
esac

if ! timeout 20 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "error: the Docker engine is not answering (is dockerd running? DOCKER_HOST=${DOCKER_HOST:-unset}; can you use /var/run/docker.sock?)" >&2
    exit 1
fi

# Local offline stand-ins for the public bases the Dockerfiles default to.
local_base_for() {
    case "$1" in
        eclipse-temurin:21-jre) echo "shakedown-base/jre:21" ;;
        busybox:1.36) echo "shakedown-base/busybox:local" ;;
        *) echo "" ;;
    esac
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# The name scripts/build-base-images.sh builds a public base under, for the bases it makes only when asked.
offline_base_for() {
    case "$1" in
        redis:7-bookworm) echo "redis" ;;
        postgres:15-bookworm) echo "postgres" ;;
        *) echo "" ;;
    esac
}

# All examples: directories (relative to examples/) holding a Dockerfile.
all=()
while IFS= read -r f; do all+=("$(dirname "${f#"$examples"/}")"); done \
    < <(find "$examples" -mindepth 2 -maxdepth 3 -name Dockerfile -not -path '*/build/*' | sort)

selected=()
if [ $# -eq 0 ]; then
    selected=("${all[@]}")
else
    for want in "$@"; do
        match=""
        for ex in "${all[@]}"; do
            if [ "$ex" = "$want" ] || [ "$(basename "$ex")" = "$want" ]; then match="$ex"; fi
        done
        if [ -z "$match" ]; then
            echo "error: no example named '$want' (known: $(printf '%s ' "${all[@]##*/}"))" >&2
            exit 2
        fi
        selected+=("$match")
    done
fi

compile_java() {
    local dir="$1" name="$2" srcs main jar
    srcs=("$dir"/src/*.java)
    jar="$dir/build/app.jar"
    local newest_src
    newest_src="$(ls -t "${srcs[@]}" | head -1)"
    if [ -f "$jar" ] && [ "$jar" -nt "$newest_src" ]; then
        return 0
    fi
    main="$(grep -l 'static void main(' "${srcs[@]}" | head -1)"
    [ -n "$main" ] || { echo "error: $name: no main class in src/" >&2; return 1; }
    main="$(basename "$main" .java)"
    rm -rf "$dir/build"
    mkdir -p "$dir/build/classes" || return 1
    "$JDK_HOME/bin/javac" "${JVM_TOOL_OPTS[@]}" --release 21 -Xlint:all -d "$dir/build/classes" "${srcs[@]}" || return 1
    "$JDK_HOME/bin/jar" "${JVM_TOOL_OPTS[@]}" --create --file "$jar" --main-class "$main" -C "$dir/build/classes" . || return 1
}

# Builds one example; prints its result line on stdout, problems on stderr; non-zero on failure.
build_one() {
    local ex="$1" dir name tag start end public_base local_base base log
    dir="$examples/$ex"
    name="$(basename "$ex")"
    tag="$TAG_PREFIX/$name:$TAG_VERSION"
    start=$(date +%s.%N)

    if compgen -G "$dir/src/*.java" >/dev/null; then
        compile_java "$dir" "$name" || { echo "error: $ex: compiling failed" >&2; return 1; }
    fi

    local build_args=()
    public_base="$(sed -n 's/^ARG BASE_IMAGE=\(.*\)$/\1/p' "$dir/Dockerfile" | head -1)"
    base="$public_base"
    if [ -n "$public_base" ]; then
        local_base="$(local_base_for "$public_base")"
        if [ -n "$local_base" ] && image_exists "$local_base"; then
            build_args=(--build-arg "BASE_IMAGE=$local_base")
            base="$local_base"
        elif ! image_exists "$public_base" && [ -n "$(offline_base_for "$public_base")" ]; then
            "$root/scripts/build-base-images.sh" "$(offline_base_for "$public_base")" >/dev/null \
                || { echo "error: $ex: scripts/build-base-images.sh $(offline_base_for "$public_base") failed" >&2; return 1; }
        elif ! image_exists "$public_base"; then
            echo "error: $ex: base image $public_base is not available locally and no registry is" \
                 "reachable; run scripts/build-base-images.sh first" >&2
            return 1
        fi
    fi

    log="$(mktemp)"
    if ! docker build -q --force-rm "${build_args[@]}" -t "$tag" "$dir" >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "error: $ex: docker build failed" >&2
        return 1
    fi
    if [ -f "$dir/variants" ]; then
        local version args
        while read -r version args; do
            case "$version" in ''|'#'*) continue ;; esac
            # shellcheck disable=SC2086 # args are word-split build arguments on purpose
            if ! docker build -q --force-rm "${build_args[@]}" $args -t "$TAG_PREFIX/$name:$version" "$dir" >"$log" 2>&1; then
                cat "$log" >&2
                rm -f "$log"
                echo "error: $ex: docker build of variant $version failed" >&2
                return 1
            fi
            tag="$tag $TAG_PREFIX/$name:$version"
        done <"$dir/variants"
    fi
    rm -f "$log"
    end=$(date +%s.%N)
    printf '%-40s %5.1fs  (base %s)\n' "$tag" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$base"
}

for ex in "${selected[@]}"; do
    if compgen -G "$examples/$ex/src/*.java" >/dev/null && [ ! -x "$JDK_HOME/bin/javac" ]; then
        echo "error: $ex needs javac, none in $JDK_HOME (set JDK_HOME)" >&2
        exit 1
    fi
done

# Run up to JOBS builds at once (javac start-up and docker build latency overlap well); results are
# printed in order once all are done.
out="$(mktemp -d "${TMPDIR:-/tmp}/shakedown-examples.XXXXXX")"
trap 'rm -rf "$out"' EXIT
total_start=$(date +%s.%N)
i=0
for ex in "${selected[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
    ( if build_one "$ex" >"$out/$i.out" 2>"$out/$i.err"; then :; else echo "$ex" >"$out/$i.failed"; fi ) &
    i=$((i + 1))
done
wait

failed=()
i=0
for ex in "${selected[@]}"; do
    cat "$out/$i.out"
    cat "$out/$i.err" >&2
    [ ! -e "$out/$i.failed" ] || failed+=("$ex")
    i=$((i + 1))
done
total_end=$(date +%s.%N)
printf 'built %d of %d example(s) in %.1fs\n' "$(( ${#selected[@]} - ${#failed[@]} ))" "${#selected[@]}" \
    "$(awk -v a="$total_start" -v b="$total_end" 'BEGIN { print b - a }')"

if [ ${#failed[@]} -gt 0 ]; then
    echo "error: failed: ${failed[*]}" >&2
    exit 1
fi
