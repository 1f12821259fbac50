#!/usr/bin/env bash
# Proves the browser stage runs inside the service image: the image's own one-shot command (the engine, no database)
# validates examples/browser-spa (healthy: PASSED, its page opened in the image's Chromium) and
# examples/broken/white-screen (FAILED naming the TypeError its bundle throws) against the example apps running on a
# throwaway network. Exits non-zero on any mismatch; removes what it started.
# usage: scripts/service-image-browser-check.sh [IMAGE]   (default shakedown:latest; scripts/build-service-image.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
image="${1:-shakedown:latest}"
name="shakedown-browser-check-$$"
work="$(mktemp -d)"
cleanup() {
    docker rm -f "$name-spa" "$name-white" >/dev/null 2>&1 || true
    docker network rm "$name" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
scripts/build-examples.sh browser-spa broken/white-screen >/dev/null
docker network create --label io.shakedown.check=service-image-browser "$name" >/dev/null
docker run -d --name "$name-spa" --network "$name" --label io.shakedown.check=service-image-browser shakedown-example/browser-spa:1.0 >/dev/null
docker run -d --name "$name-white" --network "$name" --label io.shakedown.check=service-image-browser shakedown-example/white-screen:1.0 >/dev/null
mkdir -m 0777 "$work/spa" "$work/white" # the image runs as uid 10001

validate() { # example dir, app host, out dir
    docker run --rm --network "$name" -v "$PWD/examples:/examples:ro" -v "$work/$3:/out" --entrypoint java "$image" \
        -cp '/deployments/app/*:/deployments/lib/boot/*:/deployments/lib/main/*' io.shakedown.cli.ShakedownCli \
        validate "/examples/$1/shakedown.yml" --url "http://$2:8080" --out /out --format json >"$work/$3.log" 2>&1 || true
}
verdict() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); b=r.get("browser") or {}; print(r["verdict"], b.get("status"), b.get("chromium"), "|", b.get("failure") or "")' "$1"; }

validate browser-spa "$name-spa" spa
validate broken/white-screen "$name-white" white
report_spa="$(ls "$work"/spa/*.json 2>/dev/null | head -1)"
report_white="$(ls "$work"/white/*.json 2>/dev/null | head -1)"
[ -n "$report_spa" ] && [ -n "$report_white" ] || { echo "FAIL: no report written"; cat "$work"/*.log; exit 1; }
spa="$(verdict "$report_spa")"; white="$(verdict "$report_white")"
echo "browser-spa:  $spa"
echo "white-screen: $white"
case "$spa" in "PASSED PASSED "[0-9]*) ;; *) echo "FAIL: browser-spa should pass with the browser stage run in Chromium"; exit 1 ;; esac
case "$white" in "FAILED FAILED "*TypeError*) ;; *) echo "FAIL: white-screen should fail naming the TypeError"; exit 1 ;; esac
echo "OK: the browser stage runs in $image"
