#!/usr/bin/env bash
# Prepares a Debian machine to build and test Shakedown: a Docker engine that answers, Debian's
# busybox-static (for the offline base images), docker-registry (pull tests), PostgreSQL with the shakedown role and
# databases, kubectl (kustomize) + node/npm (scripts/validate-k8s.sh), docker-compose (bench/compose-up.sh), curl.
# Idempotent and quick when everything is there (no apt call then). Needs root (or sudo) for what it installs.
# The README's two commands (scripts/quickstart.sh, scripts/test.sh) call it first; so does CI through scripts/test.sh.
# SHAKEDOWN_SETUP=skip skips it (a machine you prepared yourself).
set -euo pipefail
[ "${SHAKEDOWN_SETUP:-}" = skip ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"

need_apt=()
command -v docker-registry >/dev/null 2>&1 || need_apt+=(docker-registry)
command -v dockerd >/dev/null 2>&1 || need_apt+=(docker.io)
dpkg -s busybox-static >/dev/null 2>&1 || need_apt+=(busybox-static)
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
# the web UI's browser tests: Debian's headless Chromium and its WebDriver; npm fetches axe-core (below)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v kubectl >/dev/null 2>&1 || need_apt+=(kubernetes-client)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
# the contract tests' FastAPI image: a Debian bookworm root filesystem with python3-fastapi (scripts/build-base-images.sh)
command -v debootstrap >/dev/null 2>&1 || need_apt+=(debootstrap)
{ command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1; } || need_apt+=(docker-compose)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# axe-core (accessibility checks the browser tests inject into each page), from the npm registry, pinned
axe_version=4.14.1
axe_dir="${SHAKEDOWN_CACHE:-$HOME/.cache/shakedown}/axe-core-$axe_version"
if [ ! -s "$axe_dir/axe.min.js" ]; then
  echo "setup: fetching axe-core $axe_version from the npm registry"
  mkdir -p "$axe_dir"
  (cd "$axe_dir" && npm pack --silent "axe-core@$axe_version" >/dev/null && tar -xzf "axe-core-$axe_version.tgz" package/axe.min.js package/LICENSE \
     && mv package/axe.min.js package/LICENSE . && rmdir package && rm -f "axe-core-$axe_version.tgz")
fi
echo "setup: axe-core $axe_version in $axe_dir"

if ! docker info >/dev/null 2>&1; then
  echo "setup: starting dockerd"
  $SUDO sh -c 'nohup dockerd >/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "setup: dockerd did not come up; see /var/log/dockerd.log" >&2; exit 1; }
fi
echo "setup: docker $(docker version --format '{{.Server.Version}}') answers"

cluster="$(pg_lsclusters -h 2>/dev/null | awk 'NR==1{print $1" "$2}')"
if [ -n "$cluster" ]; then
  # shellcheck disable=SC2086
  pg_lsclusters -h | awk 'NR==1{print $4}' | grep -q online || $SUDO pg_ctlcluster $cluster start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 0.5; done
psql_admin() {
  if [ "$(id -u)" -eq 0 ]; then su postgres -c "psql -v ON_ERROR_STOP=1 -qtA $(printf '%q ' "$@")"
  else sudo -u postgres psql -v ON_ERROR_STOP=1 -qtA "$@"; fi
}
[ "$(psql_admin -c "select 1 from pg_roles where rolname='shakedown'")" = "1" ] \
  || psql_admin -c "create role shakedown login password 'shakedown'"
for db in shakedown shakedown_test; do
  [ "$(psql_admin -c "select 1 from pg_database where datname='$db'")" = "1" ] \
    || psql_admin -c "create database $db owner shakedown"
done
echo "setup: postgresql answers on 127.0.0.1:5432 (databases shakedown, shakedown_test)"
