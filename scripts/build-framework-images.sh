#!/usr/bin/env bash
# build-framework-images.sh — real framework runtimes for the rule tests, built offline from Debian.
#
# No registry is reachable, so the framework base is a Debian bookworm root filesystem made with
# debootstrap (packages from the Debian mirror apt already uses) and `docker import`ed:
#
#   shakedown-base/debian-web:bookworm   python3-flask, gunicorn, python3-django, nodejs, node-express
#                                        (Debian's own packages: real Flask 2.2, gunicorn 20.1,
#                                        Django 3.2, Express 4.18 on Node 18)
#
# The rule-test apps under src/test/rule-images/<name>/ (a Dockerfile FROM that base or
# FROM the offline busybox/jre bases, plus the app's files) are then built as
# shakedown-rules/<name>:test. Images that already exist are skipped, so a warm run takes ~1-3 s;
# the debootstrap step takes ~60-90 s once per machine. Needs root (debootstrap, chroot).
#
# Usage: scripts/build-framework-images.sh [--force]
set -euo pipefail

BASE_IMAGE="shakedown-base/debian-web:bookworm"
# The mirror apt on this machine already uses (first "URIs:" / "deb" line), unless DEBIAN_MIRROR says otherwise.
apt_mirror() {
    { cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {print $2}'
      cat /etc/apt/sources.list 2>/dev/null | awk '$1 == "deb" {print ($2 ~ /^\[/ ? $3 : $2)}'; } | grep -v security | head -1 || true
}
MIRROR="${DEBIAN_MIRROR:-$(apt_mirror)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
apps="$root/src/test/rule-images"
force=0
[ "${1:-}" = "--force" ] && force=1

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_base() {
    command -v debootstrap >/dev/null 2>&1 || {
        echo "framework-images: installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    }
    local dir start
    dir="$(mktemp -d "${TMPDIR:-/tmp}/shakedown-debian-web.XXXXXX")"
    trap 'rm -rf "$dir"' RETURN
    start=$(date +%s)
    echo "framework-images: debootstrap bookworm into $dir (takes a minute or two)"
    debootstrap --variant=minbase --include=python3-flask,gunicorn,python3-django,nodejs \
        bookworm "$dir" "$MIRROR" >"$dir.log" 2>&1 || { tail -30 "$dir.log" >&2; exit 1; }
    # node-express depends on virtual packages debootstrap's --include cannot resolve: apt inside the chroot.
    chroot "$dir" sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends node-express' \
        >>"$dir.log" 2>&1 || { tail -30 "$dir.log" >&2; exit 1; }
    chroot "$dir" apt-get clean
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/* "$dir.log"
    tar -C "$dir" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        -c 'ENV NODE_PATH=/usr/share/nodejs' - "$BASE_IMAGE" >/dev/null
    echo "framework-images: $BASE_IMAGE built in $(( $(date +%s) - start )) s"
}

if [ "$force" = 1 ] || ! image_exists "$BASE_IMAGE"; then
    build_base
fi

# The offline JRE/busybox bases some synthetic apps use.
"$root/scripts/build-base-images.sh" >/dev/null

[ -d "$apps" ] || exit 0
# Each app image is labelled with a hash of its folder: unchanged folders are not rebuilt.
start=$(date +%s.%N)
built=0
for dir in "$apps"/*/; do
    [ -f "$dir/Dockerfile" ] || continue
    name="$(basename "$dir")"
    tag="shakedown-rules/$name:test"
    hash="$(cd "$dir" && find . -path ./build -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
    if [ "$force" = 0 ] && [ "$(docker image inspect -f '{{index .Config.Labels "shakedown.rules.hash"}}' "$tag" 2>/dev/null)" = "$hash" ]; then
        continue
    fi
    if [ -f "$dir/build.sh" ]; then bash "$dir/build.sh"; fi
    if ! out="$(docker build -q --force-rm --label "shakedown.rules.hash=$hash" -t "$tag" "$dir" 2>&1)"; then
        echo "$out" >&2; echo "error: building $tag failed" >&2; exit 1
    fi
    built=$((built + 1))
done
printf 'framework-images: %d app image(s) built in %.1fs\n' "$built" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
