#!/usr/bin/env bash
# The Shakedown GitHub Action's work (action.yml runs it; the project's tests run it in both modes with a fake
# GITHUB_* environment). Needs bash, curl and jq — all on GitHub's hosted runners.
# Two modes, the same inputs and outputs:
# - no `server` input: validates here, on the runner's own Docker engine, with the one-shot command from the
#   release distribution (downloaded once per version into the runner's tool cache; SHAKEDOWN_DIST may name an
#   unpacked distribution or its .tar.gz instead);
# - `server`: posts the spec to a Shakedown service and waits for the verdict.
# Either way it writes every report format into $INPUT_OUT, appends the Markdown summary to $GITHUB_STEP_SUMMARY,
# sets the outputs verdict / report-url / run-id / reports in $GITHUB_OUTPUT, and fails when the verdict is in
# $INPUT_FAIL_ON.
set -uo pipefail

server="${INPUT_SERVER:-}"; server="${server%/}"
spec="${INPUT_SPEC:-shakedown.yml}"
wait_s="${INPUT_WAIT:-600}"
fail_on="${INPUT_FAIL_ON:-FAILED,ERROR}"
out="${INPUT_OUT:-shakedown-reports}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
api="$server/api/v1/validations"

output() { echo "$1=$2" >> "$outputs"; }

# ends the step with verdict ERROR (Shakedown could not judge): annotation, summary, outputs
fail_error() {
  echo "::error title=Shakedown ERROR::$1"
  { echo "## ⚠️ Shakedown ERROR"; echo; echo "$1"; } >> "$summary"
  output verdict ERROR
  if [[ ",${fail_on^^}," == *",ERROR,"* ]]; then exit 1; fi
  exit 0
}

[[ "$wait_s" =~ ^[0-9]+$ ]] || fail_error "input wait must be a whole number of seconds, got: $wait_s"
[[ -f "$spec" ]] || fail_error "no spec file at $spec (input spec, relative to the repository root)"
command -v jq >/dev/null || fail_error "jq is needed (it is on GitHub's hosted runners; install it on self-hosted ones)"

# the verdict's part of the step: annotation and exit code; PASSED never fails the step
finish() {
  local verdict="$1" summary_line="$2"
  if [[ "$verdict" != PASSED && ",${fail_on^^}," == *",$verdict,"* ]]; then
    echo "::error title=Shakedown $verdict::$summary_line"
    exit 1
  fi
  exit 0
}

# once per lasting installation and JDK (the tool-cache folder is cached between jobs): on a JDK 25 the launcher's
# training run writes an AOT cache that makes every later start faster; on an older JDK it says why not, runs go on
aot_cache() {
  "$1/shakedown" aot-cache --if-missing || echo "::notice title=Shakedown::no AOT cache (it needs a JDK 25): runs start a little slower"
}

# --- local mode: the one-shot command on this runner's Docker engine ---
if [[ -z "$server" ]]; then
  [[ -z "${INPUT_TOKEN:-}" && "${INPUT_OIDC:-false}" != "true" ]] \
    || fail_error "token and oidc are for a server: set the server input, or leave them out to validate on this runner"
  command -v docker >/dev/null && docker info >/dev/null 2>&1 \
    || fail_error "no Docker engine answers on this runner (without a server input, Shakedown starts the image here)"
  dist="${SHAKEDOWN_DIST:-}"
  if [[ -z "$dist" ]]; then
    version="${INPUT_VERSION:-}"
    [[ -n "$version" ]] || fail_error "input version is empty: name a release of Shakedown (e.g. v0.2.0)"
    repo="${SHAKEDOWN_RELEASE_REPO:-${GITHUB_ACTION_REPOSITORY:-}}"
    [[ -n "$repo" ]] || fail_error "cannot tell which repository releases Shakedown: set SHAKEDOWN_RELEASE_REPO (owner/name)"
    dist="${RUNNER_TOOL_CACHE:-${HOME}/.cache}/shakedown/$version"
    if [[ ! -x "$dist/shakedown" ]]; then
      mkdir -p "$dist" || fail_error "cannot create $dist"
      url="https://github.com/$repo/releases/download/$version/shakedown-${version#v}.tar.gz"
      echo "Fetching Shakedown $version from $url"
      curl -sSfL "$url" | tar -xz -C "$dist" --strip-components=1 \
        || { rm -rf "$dist"; fail_error "could not fetch Shakedown $version from $url"; }
    fi
    aot_cache "$dist"
  elif [[ -d "$dist" ]]; then
    aot_cache "$dist" # a lasting folder (self-hosted runners): train once
  elif [[ -f "$dist" ]]; then
    # a .tar.gz of the distribution (tests, self-hosted runners without access to GitHub releases)
    unpacked="$(mktemp -d)"
    tar -xzf "$dist" -C "$unpacked" --strip-components=1 || fail_error "SHAKEDOWN_DIST: $dist is not a Shakedown distribution"
    dist="$unpacked"
  fi
  [[ -x "$dist/shakedown" ]] || fail_error "no shakedown launcher in $dist"
  args=(validate "$spec" --out "$out")
  [[ -n "${INPUT_IMAGE:-}" ]] && args+=(--image "$INPUT_IMAGE")
  [[ -n "${INPUT_URL:-}" ]] && args+=(--url "$INPUT_URL")
  mkdir -p "$out" || fail_error "cannot create the reports folder $out"
  rm -f "$out/report.json"
  # TERM at the deadline: the command cancels the run, removes its containers, then writes the reports
  errors="$(mktemp)"
  timeout --signal=TERM --kill-after=30 "$wait_s" "$dist/shakedown" "${args[@]}" 2> >(tee "$errors" >&2)
  code=$?
  wait # for tee
  [[ "$code" == 124 || "$code" == 137 ]] && fail_error "no verdict within ${wait_s} s (input wait)"
  if [[ ! -s "$out/report.json" ]]; then
    # an invalid spec: one annotation per problem, on its line ("  shakedown.yml:4: target.imgae: unknown field")
    sed -n 's/^  [^ :]*:\([0-9][0-9]*\): \(.*\)$/\1\t\2/p' "$errors" | while IFS=$'\t' read -r line message; do
      echo "::error file=$spec,line=$line,title=Invalid spec::$message"
    done
    fail_error "shakedown validate ended with exit code $code and wrote no report: $(head -c 300 "$errors")"
  fi
  verdict="$(jq -r '.verdict' "$out/report.json")"
  output verdict "$verdict"
  output run-id "$(jq -r '.runId' "$out/report.json")"
  output report-url ""
  output reports "$out"
  if [[ -s "$out/summary.md" ]]; then cat "$out/summary.md" >> "$summary"
  else { echo "## Shakedown $verdict"; echo; jq -r '.summary // empty' "$out/report.json"; } >> "$summary"; fi
  finish "$verdict" "$(jq -r '.summary // empty' "$out/report.json")"
fi

# --- server mode ---
token="${INPUT_TOKEN:-}"
if [[ -z "$token" && "${INPUT_OIDC:-false}" == "true" ]]; then
  [[ -n "${ACTIONS_ID_TOKEN_REQUEST_URL:-}" ]] || fail_error "oidc: true needs 'permissions: id-token: write' in the workflow"
  token="$(curl -sS -f -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" \
    "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=${INPUT_OIDC_AUDIENCE:-shakedown}" | jq -r '.value // empty')" \
    || fail_error "could not get an OIDC token from GitHub"
  [[ -n "$token" ]] || fail_error "GitHub returned no OIDC token"
fi
# GitHub hides a masked value in all later log output (the runner swallows this line itself)
[[ -n "$token" && "${GITHUB_ACTIONS:-}" == "true" ]] && echo "::add-mask::$token"
auth=(); [[ -n "$token" ]] && auth=(-H "Authorization: Bearer $token")

uri() { jq -rn --arg v "$1" '$v|@uri'; }
query="wait=$(( wait_s < 600 ? wait_s : 600 ))"
[[ -n "${INPUT_IMAGE:-}" ]] && query="$query&image=$(uri "$INPUT_IMAGE")"
[[ -n "${INPUT_URL:-}" ]] && query="$query&url=$(uri "$INPUT_URL")"
type="application/yaml"; [[ "$spec" == *.json ]] && type="application/json"

deadline=$(( $(date +%s) + wait_s ))
body="$(mktemp)"; trap 'rm -f "$body"' EXIT
code="$(curl -sS -o "$body" -w '%{http_code}' -X POST "${auth[@]}" -H "Content-Type: $type" -H 'Accept: application/json' \
  --data-binary @"$spec" "$api?$query")" || fail_error "$server did not answer"
case "$code" in
  200|202) ;;
  400)
    # an invalid spec: one annotation per problem, on its line
    jq -r --arg f "$spec" '.errors[]? | "::error file=\($f)" + (if .line then ",line=\(.line)" else "" end) + ",title=Invalid spec::\(.path): \(.message)"' "$body"
    fail_error "the server refused the spec: $(jq -r '.detail // empty' "$body")" ;;
  401) fail_error "the server refused the token (401): $(jq -r '.detail // empty' "$body" 2>/dev/null)" ;;
  *) fail_error "the server answered $code: $(jq -r '.detail // empty' "$body" 2>/dev/null || head -c 300 "$body")" ;;
esac

id="$(jq -r '.id' "$body")"
output run-id "$id"
echo "Shakedown run $id ($(jq -r '.app' "$body")) on $server"
status="$(jq -r '.status' "$body")"
while [[ "$status" == QUEUED || "$status" == RUNNING ]]; do
  left=$(( deadline - $(date +%s) ))
  (( left > 0 )) || fail_error "no verdict within ${wait_s} s; run $id is still $status ($api/$id)"
  code="$(curl -sS -o "$body" -w '%{http_code}' "${auth[@]}" -H 'Accept: application/json' "$api/$id?wait=$(( left < 600 ? left : 600 ))")" \
    || fail_error "$server stopped answering while waiting for run $id"
  [[ "$code" == 200 ]] || fail_error "the server answered $code for run $id"
  status="$(jq -r '.status' "$body")"
done

verdict="$status"
output verdict "$verdict"
report_url="$server/runs/$id"   # the run page in the web UI: one sign-in in the browser, then it opens
output report-url "$report_url"
echo "$verdict — $(jq -r '.summary // empty' "$body")"

mkdir -p "$out"
output reports "$out"
if jq -e '.report != null' "$body" >/dev/null; then
  for pair in json:report.json junit:junit.xml sarif:report.sarif markdown:summary.md html:report.html; do
    format="${pair%%:*}"; file="$out/${pair#*:}"
    curl -sS -f "${auth[@]}" -o "$file" "$api/$id/report?format=$format&specPath=$(uri "$spec")" \
      || echo "::warning title=Shakedown::could not fetch the $format report"
  done
  cat "$out/summary.md" >> "$summary"
else
  { echo "## Shakedown $verdict"; echo; jq -r '.summary // "no report"' "$body"; } >> "$summary"
fi

finish "$verdict" "$(jq -r '.summary // empty' "$body")"
