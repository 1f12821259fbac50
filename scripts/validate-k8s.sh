#!/usr/bin/env bash
# Renders k8s/base and EVERY directory under k8s/overlays/ with `kubectl kustomize`, and validates each rendered
# object against the Kubernetes API schema of its apiVersion/kind (scripts/k8s-validate: the kubernetes-models
# npm package's JSON Schema validators — types, required fields, enums, formats). Unknown fields are caught by
# KubernetesManifestsTest (strict fabric8 parsing), which also runs this script.
# Needs kubectl (Debian: kubernetes-client) and node + npm; scripts/setup-machine.sh installs them.
# usage: scripts/validate-k8s.sh        exit 0 when everything renders and validates
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kubectl >/dev/null || { echo "validate-k8s: needs kubectl (apt-get install kubernetes-client, or scripts/setup-machine.sh)" >&2; exit 2; }
command -v node >/dev/null && command -v npm >/dev/null || { echo "validate-k8s: needs node and npm (apt-get install nodejs npm)" >&2; exit 2; }
if [ ! -d scripts/k8s-validate/node_modules/kubernetes-models ]; then
  (cd scripts/k8s-validate && npm ci --no-audit --no-fund --silent >/dev/null)
fi
fail=0
err="$(mktemp)"; trap 'rm -f "$err"' EXIT
for dir in k8s/base k8s/overlays/*/; do
  dir="${dir%/}"
  [ -f "$dir/kustomization.yaml" ] || [ -f "$dir/kustomization.yml" ] || [ -f "$dir/Kustomization" ] || { echo "$dir: no kustomization file"; fail=1; continue; }
  # stderr apart: kustomize v5 warns about the v2-compatible forms the overlays use (k8s/README.md)
  if ! rendered="$(kubectl kustomize "$dir" 2>"$err")"; then
    echo "$dir: does not render: $(cat "$err")"; fail=1; continue
  fi
  node scripts/k8s-validate/validate.mjs "$dir" <<<"$rendered" || fail=1
done
[ "$fail" -eq 0 ] && echo "validate-k8s: every kustomization renders and validates" || echo "validate-k8s: FAILED" >&2
exit "$fail"
