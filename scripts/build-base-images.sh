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
#   shakedown-base/service-jre:21 the same, with the modules the Shakedown service itself needs
#                                 (java.se + jdk.unsupported, jdk.crypto.ec, jdk.zipfs, jdk.management,
#                                 jdk.naming.dns, jdk.jfr …: Quarkus, docker-java, Gatling's forked JVM),
#                                 /etc/nsswitch.conf and busybox at /bin (a shell for operators). The
#                                 local stand-in for src/main/docker/Dockerfile.jvm's eclipse-temurin:21-jre.
#   postgres:15-bookworm          FROM scratch + the files of Debian's postgresql-15, postgresql-client-15 and
#                                 libpq5 (and tzdata) as installed here, their glibc libraries, busybox and an entrypoint with
#                                 the public image's interface (POSTGRES_USER/PASSWORD/DB): the local stand-in
#                                 for compose.yaml's database (tagged as the public name, so compose finds it).
#   redis:7-bookworm              FROM scratch + the files of Debian's redis-server and redis-tools (with libjemalloc2
#                                 and liblzf1), fetched with apt-get download and unpacked (never installed here), their
#                                 glibc libraries, busybox and an entrypoint with the public image's interface: the
#                                 backing service of examples/redis-app (tagged as the public name).
#   shakedown-base/python-fastapi:bookworm  a Debian bookworm minbase root filesystem (debootstrap from
#                                 deb.debian.org, ~2 min, ~270 MB) with Debian's python3-fastapi and python3-uvicorn,
#                                 made an image with docker import: the contract tests' FastAPI app runs on it.
#   shakedown-base/debian-chromium:bookworm  a Debian bookworm minbase root filesystem (debootstrap, with bookworm-security
#                                 for the current Chromium; ~7 min under load, ~930 MB) with chromium, chromium-driver and fonts: the local
#                                 stand-in for Dockerfile.jvm's debian:bookworm-slim once it has installed Chromium.
#
# Usage: scripts/build-base-images.sh [--force] [busybox|jre|service-jre|postgres|redis|python-fastapi|debian-chromium ...]
#   --force    rebuild even if the image already exists (default: skip existing images)
#   names      build only these (default: busybox and jre; service-jre, postgres and redis only when named)
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
SERVICE_JRE_IMAGE="shakedown-base/service-jre:21"
POSTGRES_IMAGE="postgres:15-bookworm"
POSTGRES_PACKAGES="postgresql-15 postgresql-client-15 libpq5 tzdata"
REDIS_IMAGE="redis:7-bookworm"
REDIS_PACKAGES="redis-server redis-tools libjemalloc2 liblzf1"
FASTAPI_IMAGE="shakedown-base/python-fastapi:bookworm"
CHROMIUM_IMAGE="shakedown-base/debian-chromium:bookworm"
CHROMIUM_PACKAGES="chromium,chromium-driver,fonts-liberation,ca-certificates"
DEBIAN_SECURITY_MIRROR="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SERVICE_JRE_MODULES="java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.net,jdk.jfr,jdk.httpserver,jdk.localedata"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
force=0
wanted=()
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        busybox|jre|service-jre|postgres|redis|python-fastapi|debian-chromium) wanted+=("$arg") ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $arg (expected --force, busybox, jre, service-jre, postgres, redis, python-fastapi, debian-chromium)" >&2; exit 2 ;;
    esac
done
[ ${#wanted[@]} -gt 0 ] || wanted=(busybox jre)

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "error: the Docker engine is not answering (is dockerd running? DOCKER_HOST=${DOCKER_HOST:-unset}; can you use /var/run/docker.sock?)" >&2
    exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/shakedown-base.XXXXXX")"
# a chroot's /proc (debian-chromium) is unmounted before the staging folder goes
trap 'umount "$work/debian-chromium/proc" 2>/dev/null || true; rm -rf "$work"' EXIT

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

build_jre() {
    stage_jre "$work/jre" "$JRE_MODULES"
    cp "$here/base-images/jre/Dockerfile" "$work/jre/Dockerfile"
    quiet_build "$JRE_IMAGE" "$work/jre"
}

build_service-jre() {
    local ctx="$work/service-jre"
    stage_jre "$ctx" "$SERVICE_JRE_MODULES"
    [ -x "$BUSYBOX_BIN" ] && file_is_static "$BUSYBOX_BIN" || { echo "error: need a static $BUSYBOX_BIN (apt-get install busybox-static)" >&2; return 1; }
    mkdir -p "$ctx/rootfs/bin"
    cp "$BUSYBOX_BIN" "$ctx/rootfs/bin/busybox"
    # name resolution (compose service names, kubernetes services) goes through glibc's NSS
    printf '%s\n' 'hosts: files dns' 'passwd: files' 'group: files' >"$ctx/rootfs/etc/nsswitch.conf"
    local lib
    for lib in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 /lib/x86_64-linux-gnu/libresolv.so.2; do
        [ -e "$lib" ] || continue
        mkdir -p "$ctx/rootfs$(dirname "$lib")"; cp -L "$lib" "$ctx/rootfs$lib"
    done
    cp "$here/base-images/service-jre/Dockerfile" "$ctx/Dockerfile"
    quiet_build "$SERVICE_JRE_IMAGE" "$ctx"
}

build_postgres() {
    local ctx="$work/postgres" root="$work/postgres/rootfs" pkg f
    mkdir -p "$root/bin" "$root/usr/local/bin" "$root/var/run/postgresql" "$root/var/lib/postgresql"
    make_skeleton "$root"
    echo 'postgres:x:999:999:postgres:/var/lib/postgresql:/bin/sh' >>"$root/etc/passwd"
    echo 'postgres:x:999:' >>"$root/etc/group"
    for pkg in $POSTGRES_PACKAGES; do
        dpkg -s "$pkg" >/dev/null 2>&1 || { echo "error: Debian package $pkg is not installed (apt-get install postgresql-15)" >&2; return 1; }
        while IFS= read -r f; do
            case "$f" in /usr/share/doc/*|/usr/share/man/*|/usr/share/lintian/*) continue ;; esac
            [ -f "$f" ] || [ -L "$f" ] || continue
            mkdir -p "$root$(dirname "$f")"; cp -a "$f" "$root$f"
        done < <(dpkg -L "$pkg")
    done
    # the glibc (and other) libraries the binaries and server modules link
    find "$root/usr/lib/postgresql" -type f \( -perm -u+x -o -name '*.so*' \) -exec ldd {} \; 2>/dev/null | copy_linked_libraries "$root"
    finish_service_image "$ctx" postgres "$POSTGRES_IMAGE"
}

build_redis() {
    local ctx="$work/redis" root="$work/redis/rootfs" debs="$work/redis/debs" deb f
    mkdir -p "$root/bin" "$root/usr/local/bin" "$debs"
    make_skeleton "$root"
    echo 'redis:x:999:999:redis:/data:/sbin/nologin' >>"$root/etc/passwd"
    echo 'redis:x:999:' >>"$root/etc/group"
    # the packages as Debian ships them, unpacked only: installing redis-server here would start a server on the host
    (cd "$debs" && apt-get download $REDIS_PACKAGES >"$work/apt.log" 2>&1) \
        || { cat "$work/apt.log" >&2; echo "error: apt-get download $REDIS_PACKAGES failed (is the Debian mirror reachable?)" >&2; return 1; }
    for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$root"; done
    rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/etc/init.d" "$root/lib/systemd" "$root/etc/logrotate.d"
    # the glibc (and other) libraries the binaries link that the packages do not bring
    for f in "$root"/usr/bin/redis-*; do [ -L "$f" ] || LD_LIBRARY_PATH="$root/usr/lib/x86_64-linux-gnu" ldd "$f"; done 2>/dev/null \
        | copy_linked_libraries "$root"
    finish_service_image "$ctx" redis "$REDIS_IMAGE"
}

# Copies into the rootfs $1 the host libraries named by the ldd output on stdin that it lacks, and the loader.
copy_linked_libraries() {
    local root="$1" f
    awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u | while IFS= read -r f; do
        case "$f" in "$root"/*) continue ;; esac
        [ -e "$root$f" ] && continue
        mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"
    done
    mkdir -p "$root/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
}

# Finishes the service image in $1 (rootfs in $1/rootfs): a static busybox for its shell and tools, name lookup from
# files, the entrypoint and Dockerfile of scripts/base-images/$2; then builds it as $3.
finish_service_image() {
    local ctx="$1" root="$1/rootfs"
    [ -x "$BUSYBOX_BIN" ] && file_is_static "$BUSYBOX_BIN" || { echo "error: need a static $BUSYBOX_BIN (apt-get install busybox-static)" >&2; return 1; }
    cp "$BUSYBOX_BIN" "$root/bin/busybox"
    printf '%s\n' 'hosts: files dns' 'passwd: files' 'group: files' >"$root/etc/nsswitch.conf"
    cp "$here/base-images/$2/docker-entrypoint.sh" "$root/usr/local/bin/"
    cp "$here/base-images/$2/Dockerfile" "$ctx/Dockerfile"
    quiet_build "$3" "$ctx"
}

# A jlink'ed runtime of $2 (modules) with a CDS archive and the glibc libraries it links, in $1/rootfs.
stage_jre() {
    local ctx="$1" modules="$2" jre
    jre="$ctx/rootfs/opt/java/openjdk"
    mkdir -p "$ctx/rootfs/opt/java"
    make_skeleton "$ctx/rootfs"
    [ -x "$JDK_HOME/bin/jlink" ] || { echo "error: no jlink in $JDK_HOME (set JDK_HOME)" >&2; return 1; }
    "$JDK_HOME/bin/jlink" --add-modules "$modules" \
        --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$jre"
    # Class-data sharing archive: noticeably faster JVM start.
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
}

# Debian bookworm (minbase) with python3-fastapi and python3-uvicorn, imported as an image.
build_python-fastapi() {
    command -v debootstrap >/dev/null 2>&1 || { echo "error: debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
    local root="$work/python-fastapi"
    if ! debootstrap --variant=minbase --include=python3-fastapi,python3-uvicorn bookworm "$root" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1; then
        tail -20 "$work/debootstrap.log" >&2
        echo "error: debootstrap of bookworm from $DEBIAN_MIRROR failed" >&2
        return 1
    fi
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    echo 'app:x:10001:10001:app:/app:/usr/sbin/nologin' >>"$root/etc/passwd"
    tar -C "$root" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["python3"]' - "$FASTAPI_IMAGE" >/dev/null
}

# Debian bookworm (minbase) with Chromium and its driver from bookworm-security (the same version, as Selenium needs),
# imported as an image: what Dockerfile.jvm's public base (debian:bookworm-slim) becomes after its apt-get install.
build_debian-chromium() {
    command -v debootstrap >/dev/null 2>&1 || { echo "error: debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
    local root="$work/debian-chromium"
    if ! debootstrap --variant=minbase bookworm "$root" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1; then
        tail -20 "$work/debootstrap.log" >&2
        echo "error: debootstrap of bookworm from $DEBIAN_MIRROR failed" >&2
        return 1
    fi
    echo "deb $DEBIAN_SECURITY_MIRROR bookworm-security main" >"$root/etc/apt/sources.list.d/security.list"
    mount -t proc proc "$root/proc"
    if ! chroot "$root" sh -c "apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ${CHROMIUM_PACKAGES//,/ }" \
            >"$work/apt.log" 2>&1; then
        umount "$root/proc"; tail -20 "$work/apt.log" >&2
        echo "error: installing $CHROMIUM_PACKAGES in the bookworm root failed" >&2
        return 1
    fi
    umount "$root/proc"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/*
    tar -C "$root" -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'CMD ["chromium", "--version"]' - "$CHROMIUM_IMAGE" >/dev/null
}

for name in "${wanted[@]}"; do
    case "$name" in
        busybox) image="$BUSYBOX_IMAGE" ;;
        jre) image="$JRE_IMAGE" ;;
        service-jre) image="$SERVICE_JRE_IMAGE" ;;
        postgres) image="$POSTGRES_IMAGE" ;;
        redis) image="$REDIS_IMAGE" ;;
        python-fastapi) image="$FASTAPI_IMAGE" ;;
        debian-chromium) image="$CHROMIUM_IMAGE" ;;
    esac
    if [ "$force" -eq 0 ] && image_exists "$image"; then
        echo "$image: exists, skipped (use --force to rebuild)"
        continue
    fi
    start=$(date +%s.%N)
    "build_$name"
    end=$(date +%s.%N)
    size=$(docker image inspect -f '{{.Size}}' "$image")
    printf '%s: built in %.1fs (%d MB)\n' "$image" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$((size / 1000000))"
done
