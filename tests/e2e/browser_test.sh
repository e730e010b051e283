#!/usr/bin/env bash
# The browser test (tests/e2e/browser_test.mjs) against the local set-up,
# without Docker: JupyterLab as `./course lab` starts it, on 127.0.0.1 with a fixed port and token,
# headless Chromium runs a chapter and checks the figure and the outputs.
#   tests/e2e/browser_test.sh [NOTEBOOK-GLOB]      (default: 03-*.ipynb)
# The chapter runs from a copy in a temporary directory, next to links to
# the engine (go.mod, go.sum, pkg/), so the working tree's notebooks are
# never saved over. Needs Debian's chromium (/usr/bin/chromium) and node;
# playwright-core is installed from package-lock.json on first use.
# Environment: BROWSER_PORT (default 18889). Screenshot: .screenshots/.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PORT="${BROWSER_PORT:-18889}"
TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
glob="${1:-03-*.ipynb}"

nb="$(cd "$REPO/notebooks" && ls -1 $glob 2>/dev/null | head -1)" || true
[ -n "$nb" ] || { echo "browser_test: no notebooks/$glob" >&2; exit 2; }
[ -x /usr/bin/chromium ] || { echo "browser_test: needs /usr/bin/chromium (apt-get install chromium)" >&2; exit 2; }
[ -d "$HERE/node_modules/playwright-core" ] || (cd "$HERE" && npm ci --no-audit --no-fund --silent)

tmp="$(mktemp -d /tmp/browser-test.XXXXXX)"
lab=""
cleanup() {
  [ -z "$lab" ] || kill "$lab" 2>/dev/null || true
  [ -z "$lab" ] || wait "$lab" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
mkdir -p "$tmp/notebooks"
ln -s "$REPO/go.mod" "$REPO/go.sum" "$REPO/pkg" "$tmp/"
cp "$REPO/notebooks/$nb" "$tmp/notebooks/"

# What `./course lab` does, with the temporary directory as the root
# (./course lab fixes --notebook-dir, which cannot be given twice).
"$REPO/scripts/setup.sh"
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
( source "$REPO/scripts/env.sh"
  exec jupyter lab --no-browser --port="$PORT" --ip=127.0.0.1 "${extra[@]}" \
    --IdentityProvider.token="$TOKEN" --notebook-dir="$tmp/notebooks" ) >"$tmp/lab.log" 2>&1 &
lab=$!
for _ in $(seq 300); do
  curl -sf -o /dev/null -H "Authorization: token $TOKEN" "http://127.0.0.1:$PORT/api/status" && break
  kill -0 "$lab" 2>/dev/null || { tail -20 "$tmp/lab.log"; exit 1; }
  sleep 0.2
done
node "$HERE/browser_test.mjs" --url "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --notebook "$nb" --screenshot-dir "$REPO/.screenshots"
