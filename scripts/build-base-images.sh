#!/usr/bin/env bash
# build-base-images.sh — build the offline base images the examples (and the engine's tests) use.
#
# No registry is reachable from CI/dev machines here, so the public bases the example Dockerfiles
# name (busybox:1.36, eclipse-temurin:21-jre) are replaced by local stand-ins built from what is
# on the machine:
#
#   shakedown-base/busybox:local  FROM scratch + the static busybox (Debian busybox-static) with
#                                 applet symlinks in /bin, /tmp (1777), /etc/passwd (root, app 10001).
#   shakedown-base/jre:21         FROM scratch + a jlink'ed JRE (java.base, java.logging,
#                                 jdk.httpserver, jdk.unsupported) at /opt/java/openjdk with a CDS
#                                 archive, the glibc libraries it links, /tmp, /etc/passwd.
#                                 JAVA_HOME/PATH as in eclipse-temurin, so `CMD ["java", ...]` works.
#                                 NO shell, on purpose (distroless-like). The runtime is jlink'ed
#                                 from the JDK 25 on this machine; it runs Java 21 bytecode.
#   shakedown-base/jre-full:21    the same with java.se and the JDK providers real Quarkus and Spring
#                                 Boot apps need (only when named; scripts/build-framework-apps.sh does).
#
# Usage: scripts/build-base-images.sh [--force] [busybox|jre|jre-full ...]   (default: busybox jre)
#   --force    rebuild even if the image already exists (default: skip existing images)
#   names      build only these (default: both)
# Environment:
#   JDK_HOME     JDK used for jlink (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   BUSYBOX_BIN  static busybox binary (default /bin/busybox)
#
# Dockerfiles live in scripts/base-images/<name>/Dockerfile; the root filesystems are staged in a
# temp dir (removed on exit) that becomes the build context. Idempotent; prints each image's time.
set -euo pipefail

JDK_HOME="${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUSYBOX_BIN="${BUSYBOX_BIN:-/bin/busybox}"
BUSYBOX_IMAGE="shakedown-base/busybox:local"
JRE_IMAGE="shakedown-base/jre:21"
JRE_MODULES="java.base,java.logging,jdk.httpserver,jdk.unsupported"
# The same stand-in with the modules real framework apps need (Quarkus, Spring Boot: java.se plus the JDK's
# management, DNS and zipfs providers). Built only when asked: scripts/build-framework-apps.sh does.
JRE_FULL_IMAGE="shakedown-base/jre-full:21"
JRE_FULL_MODULES="java.se,jdk.unsupported,jdk.httpserver,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.crypto.cryptoki"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
wanted=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        busybox|jre|jre-full) wanted+=("$arg") ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (expected --force, busybox, jre, jre-full)" >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(busybox jre)

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "error: the Docker engine is not answering (is dockerd running? DOCKER_HOST=${DOCKER_HOST:-unset}; can you use /var/run/docker.sock?)" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/shakedown-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# docker build, quiet; its output is shown only when it fails.
quiet_build() {
    local tag="$1" ctx="$2"
    if ! docker build -q --force-rm -t "$tag" "$ctx" >"$work/build.log" 2>&1; then
        cat "$work/build.log" >&2
        echo "error: docker build of $tag failed" >&2
        return 1
    fi
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Common bits of a tiny root filesystem: /tmp and the users.
make_skeleton() {
    local root="$1"
    mkdir -p "$root/tmp" "$root/etc"
    chmod 1777 "$root/tmp"
    printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'app:x:10001:10001:app:/tmp:/sbin/nologin' >"$root/etc/passwd"
    printf '%s\n' 'root:x:0:' 'app:x:10001:' >"$root/etc/group"
}

build_busybox() {
    local ctx="$work/busybox"
    mkdir -p "$ctx/rootfs/bin"
    make_skeleton "$ctx/rootfs"
    [ -x "$BUSYBOX_BIN" ] || { echo "error: $BUSYBOX_BIN not found (apt-get install busybox-static)" >&2; return 1; }
    if ! file_is_static "$BUSYBOX_BIN"; then
        echo "error: $BUSYBOX_BIN is not statically linked (need Debian's busybox-static)" >&2
        return 1
    fi
    cp "$BUSYBOX_BIN" "$ctx/rootfs/bin/busybox"
    cp "$here/base-images/busybox/Dockerfile" "$ctx/Dockerfile"
    quiet_build "$BUSYBOX_IMAGE" "$ctx"
}

file_is_static() {
    # ldd exits non-zero ("not a dynamic executable") for static binaries.
    ! ldd "$1" >/dev/null 2>&1
}

build_jre_full() {
    build_jre "$JRE_FULL_IMAGE" "$JRE_FULL_MODULES" jre-full
}

build_jre() {
    local image="${1:-$JRE_IMAGE}" modules="${2:-$JRE_MODULES}" ctx="$work/${3:-jre}" jre
    jre="$ctx/rootfs/opt/java/openjdk"
    mkdir -p "$ctx/rootfs/opt/java"
    make_skeleton "$ctx/rootfs"
    [ -x "$JDK_HOME/bin/jlink" ] || { echo "error: no jlink in $JDK_HOME (set JDK_HOME)" >&2; return 1; }
    "$JDK_HOME/bin/jlink" --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$jre"
    # Class-data sharing archive: noticeably faster JVM start for the examples.
    "$jre/bin/java" -Xshare:dump >/dev/null
    # The glibc libraries (and loader) the launcher and every native library of the runtime need.
    local libs
    libs="$( { ldd "$jre/bin/java"; find "$jre/lib" -name '*.so' -exec ldd {} \; ; } 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)"
    libs+=$'\n/lib64/ld-linux-x86-64.so.2'
    local lib
    while IFS= read -r lib; do
        [ -n "$lib" ] || continue
        case "$lib" in "$jre"/*) continue ;; esac   # the runtime's own libraries are already there
        mkdir -p "$ctx/rootfs$(dirname "$lib")"
        cp -L "$lib" "$ctx/rootfs$lib"
    done <<<"$libs"
    cp "$here/base-images/jre/Dockerfile" "$ctx/Dockerfile"
    quiet_build "$image" "$ctx"
}

for name in "${wanted[@]}"; do
    case "$name" in
        busybox) image="$BUSYBOX_IMAGE" ;;
        jre) image="$JRE_IMAGE" ;;
        jre-full) image="$JRE_FULL_IMAGE" ;;
    esac
    if [ "$force" -eq 0 ] && image_exists "$image"; then
        echo "$image: exists, skipped (use --force to rebuild)"
        continue
    fi
    start=$(date +%s.%N)
    "build_${name//-/_}"
    end=$(date +%s.%N)
    size=$(docker image inspect -f '{{.Size}}' "$image")
    printf '%s: built in %.1fs (%d MB)\n' "$image" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$((size / 1000000))"
done
