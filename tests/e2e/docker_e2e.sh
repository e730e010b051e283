#!/usr/bin/env bash
# End-to-end test of the Docker image (docker/Dockerfile), from nothing:
#   1. a Docker engine: installed (Debian's docker.io) and started if none runs;
#   2. the base images: present, pulled, or built locally as stand-ins
#      under the same names (tests/e2e/base_images.sh);
#   3. the image, built from a clean clone of this repository's HEAD;
#   4. the container, started with a token, published on 127.0.0.1 only:
#      JupyterLab must answer within 30 s;
#   5. the REST API: with the token the gonb kernel is listed, without it 403;
#   6. no root at run time: uid 1000 for `docker exec` and for every
#      process in the container, JupyterLab included;
#   7. the cold start: kernel start, setup cell and first Go cell (engine +
#      gonum/plot heatmap) timed right after start; the first cell must take
#      5 s or less, since the image's Go caches are pre-warmed;
#   8. every notebook, executed inside the container by tests/nbharness.py;
#   9. a learner in a real browser: headless Chromium opens a chapter in the
#      container's JupyterLab, runs all cells, sees the figure and no error
#      (tests/e2e/browser_test.mjs), and saves a screenshot in .screenshots/.
# The container is removed at the end, whatever happens. Run as root (it
# may install packages and start dockerd):
#   tests/e2e/docker_e2e.sh
# Environment:
#   E2E_IMAGE     image tag to build (default llminternals-course:e2e)
#   E2E_PORT      host port on 127.0.0.1 (default 18888)
#   E2E_SOURCE    clone (default): build a clean clone of HEAD;
#                 worktree: build this working tree as it is
#   E2E_HOST_CA   auto (default): trust the host's extra CAs
#                 (/usr/local/share/ca-certificates/*.crt) during the build,
#                 for TLS-inspecting proxies; 0: do not
#   E2E_NOTEBOOK  chapter for the browser (default: notebooks/03-*.ipynb)
#   E2E_BROWSER   1 (default) run the browser test, 0 skip it
#   E2E_NOTEBOOKS 1 (default) run every notebook in the container, 0 skip
#   E2E_WARMUP_FALLBACK  1: without a matching chapter, drive the browser
#                 through docker/warmup.ipynb (developing this test only)
#   E2E_KEEP      1: leave the container running at the end (for debugging)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
IMAGE="${E2E_IMAGE:-llminternals-course:e2e}"
PORT="${E2E_PORT:-18888}"
SOURCE="${E2E_SOURCE:-clone}"
HOST_CA="${E2E_HOST_CA:-auto}"
NOTEBOOK="${E2E_NOTEBOOK:-03-*.ipynb}"
BROWSER="${E2E_BROWSER:-1}"
NOTEBOOKS="${E2E_NOTEBOOKS:-1}"
NAME="llminternals-e2e-$$"
TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
COURSE=/home/jovyan/course
BASE="http://127.0.0.1:$PORT"

T0=$(date +%s.%N)
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
say() { printf '\n=== [%s s] %s\n' "$(since "$T0")" "$*"; }
die() { printf 'e2e: FAIL: %s\n' "$*" >&2; exit 1; }
declare -A RESULT=()
note() { RESULT["$1"]="$2"; printf 'e2e: %s = %s\n' "$1" "$2"; }

work="$(mktemp -d /tmp/docker-e2e.XXXXXX)"
cleanup() {
  local rc=$?
  if docker inspect "$NAME" >/dev/null 2>&1; then
    if [ "${E2E_KEEP:-0}" = 1 ]; then
      echo "e2e: container $NAME kept: $BASE/lab?token=$TOKEN"
    else
      [ $rc = 0 ] || { echo "--- container log (last 40 lines)"; docker logs --tail 40 "$NAME" 2>&1 | sed "s/$TOKEN/<token>/g"; }
      docker rm -f "$NAME" >/dev/null 2>&1 || true
    fi
  fi
  rm -rf "$work"
  exit $rc
}
trap cleanup EXIT INT TERM

# 1. Docker engine --------------------------------------------------------
say "docker engine"
if ! docker info >/dev/null 2>&1; then
  if ! command -v dockerd >/dev/null; then
    [ "$(id -u)" = 0 ] || die "no Docker engine, and installing one needs root"
    echo "installing docker.io from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "starting dockerd (log: /var/log/dockerd-e2e.log)"
    nohup dockerd >/var/log/dockerd-e2e.log 2>&1 &
    for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || die "dockerd did not start; see /var/log/dockerd-e2e.log"
  fi
fi
note engine "$(docker version -f '{{.Server.Version}}')"

# 2. Base images ----------------------------------------------------------
say "base images"
ts=$(now); "$HERE/base_images.sh"; note base_images_s "$(since "$ts")"

# 3. Build ----------------------------------------------------------------
say "build ($SOURCE)"
if [ "$SOURCE" = clone ]; then
  ctx="$work/clone"
  git clone -q "$REPO" "$ctx"
  echo "building $(git -C "$ctx" log -1 --format='%h %s')"
else
  ctx="$REPO"
fi
if [ "$HOST_CA" = auto ] && compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  [ "$SOURCE" = clone ] || die "E2E_HOST_CA=auto with E2E_SOURCE=worktree would write into the working tree; set E2E_HOST_CA=0 or put the CAs into docker/ca-certificates/ yourself"
  cp /usr/local/share/ca-certificates/*.crt "$ctx/docker/ca-certificates/"
  echo "trusting the host's extra CAs during the build: $(cd /usr/local/share/ca-certificates && echo *.crt)"
fi
ts=$(now)
docker build -f "$ctx/docker/Dockerfile" -t "$IMAGE" "$ctx" > "$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log"; die "docker build failed"; }
note build_s "$(since "$ts")"
note image_size "$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }')"

# 4. Run and wait for JupyterLab -----------------------------------------
say "run"
ts=$(now)
docker run -d --name "$NAME" -p "127.0.0.1:$PORT:8888" -e JUPYTER_TOKEN="$TOKEN" "$IMAGE" >/dev/null
ready=""
for _ in $(seq 600); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: token $TOKEN" "$BASE/api/status")" = 200 ] \
     && [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/lab?token=$TOKEN")" = 200 ]; then
    ready=$(since "$ts"); break
  fi
  docker inspect -f '{{.State.Running}}' "$NAME" 2>/dev/null | grep -q true || die "the container stopped"
  sleep 0.1
done
[ -n "$ready" ] || die "JupyterLab did not answer within 60 s"
note start_to_ready_s "$ready"
awk -v r="$ready" 'BEGIN { exit !(r <= 30) }' || die "JupyterLab took ${ready} s to answer (bar: 30 s)"

# 5. REST API and the token ---------------------------------------------
say "REST API"
specs="$(curl -sf -H "Authorization: token $TOKEN" "$BASE/api/kernelspecs")" || die "GET /api/kernelspecs with the token failed"
python3 -c 'import json,sys; s=json.loads(sys.argv[1])["kernelspecs"]; assert "gonb" in s, list(s); print("kernelspecs:", ", ".join(sorted(s)), "| gonb:", s["gonb"]["spec"]["display_name"])' "$specs" \
  || die "the gonb kernel is not listed"
for path in api/kernelspecs api/contents api/kernels; do
  code="$(curl -s -o /dev/null -w '%{http_code}' "$BASE/$path")"
  [ "$code" = 403 ] || die "GET /$path without a token answered $code, want 403"
  code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: token wrong' "$BASE/$path")"
  [ "$code" = 403 ] || die "GET /$path with a wrong token answered $code, want 403"
done
echo "without the token, or with a wrong one: 403"
note no_token_status 403
hub="$(docker exec "$NAME" jupyterhub-singleuser --version)" || die "jupyterhub-singleuser is missing from the image"
note jupyterhub_singleuser "$hub"

# 6. No root ------------------------------------------------------------
say "users"
[ "$(docker exec "$NAME" id -u)" = 1000 ] || die "docker exec runs as $(docker exec "$NAME" id -u), want 1000"
procs="$(docker exec "$NAME" sh -c 'for d in /proc/[0-9]*; do u=$(awk "/^Uid:/ {print \$2}" $d/status 2>/dev/null) || continue; [ -n "$u" ] && echo "$u $(tr "\0" " " < $d/cmdline | cut -c1-80)"; done')"
echo "$procs" | sed 's/^/  /'
echo "$procs" | grep -q 'jupyter-lab\|jupyter lab\|jupyter_lab' || die "no JupyterLab process found"
jl_uid="$(echo "$procs" | grep 'jupyter-lab\|jupyter lab\|jupyter_lab' | head -1 | cut -d' ' -f1)"
[ "$jl_uid" = 1000 ] || die "JupyterLab runs as uid $jl_uid"
if echo "$procs" | awk '$1 != 1000' | grep -q .; then die "processes not running as uid 1000"; fi
note uid "exec 1000, jupyter 1000, all processes 1000"

# 7. Cold start: the first cells, right after start -----------------------
say "first cell (cold start)"
fc="$(docker exec -w "$COURSE" "$NAME" python tests/e2e/first_cell.py 2>"$work/first_cell.err")" \
  || { cat "$work/first_cell.err" | tail -20; echo "$fc"; die "the first cells failed"; }
echo "$fc"
first="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["first_go_cell_s"])' "$fc")"
setupc="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["setup_cell_s"])' "$fc")"
kstart="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["kernel_start_s"])' "$fc")"
note kernel_start_s "$kstart"
note setup_cell_s "$setupc"
note first_go_cell_s "$first"
awk -v r="$first" 'BEGIN { exit !(r <= 5) }' || die "the first Go cell took $first s (bar: 5 s)"

# 8. Every notebook ---------------------------------------------------------
if [ "$NOTEBOOKS" = 1 ]; then
  say "every notebook, inside the container"
  ts=$(now)
  docker exec -w "$COURSE" "$NAME" python tests/nbharness.py || die "notebooks failed inside the container"
  note notebooks_s "$(since "$ts")"
fi

# 9. The browser --------------------------------------------------------------
if [ "$BROWSER" = 1 ]; then
  say "browser"
  nb="$(docker exec "$NAME" sh -c "cd $COURSE/notebooks && ls -1 $NOTEBOOK 2>/dev/null | head -1")" || true
  if [ -z "$nb" ] && [ "${E2E_WARMUP_FALLBACK:-0}" = 1 ]; then
    # For developing this test before the chapters exist: the image's
    # warm-up notebook, copied into notebooks/ in the container only.
    nb=_e2e-warmup.ipynb
    docker exec "$NAME" cp "$COURSE/docker/warmup.ipynb" "$COURSE/notebooks/$nb"
    echo "no notebooks/$NOTEBOOK: using the warm-up notebook (E2E_WARMUP_FALLBACK=1)"
  fi
  [ -n "$nb" ] || die "no notebook matches notebooks/$NOTEBOOK in the image (set E2E_NOTEBOOK)"
  if [ ! -x /usr/bin/chromium ]; then
    [ "$(id -u)" = 0 ] || die "the browser test needs Debian's chromium (apt-get install chromium)"
    echo "installing chromium from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  command -v node >/dev/null && command -v npm >/dev/null || {
    [ "$(id -u)" = 0 ] || die "the browser test needs node and npm"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  }
  [ -d "$HERE/node_modules/playwright-core" ] || (cd "$HERE" && npm ci --no-audit --no-fund --silent)
  ts=$(now)
  node "$HERE/browser_test.mjs" --url "$BASE" --token "$TOKEN" --notebook "$nb" \
    --screenshot-dir "$REPO/.screenshots" || die "the browser test failed (screenshots in .screenshots/)"
  note browser_s "$(since "$ts")"
  note browser_notebook "$nb"
fi

say "summary"
for k in engine image_size base_images_s build_s start_to_ready_s no_token_status jupyterhub_singleuser uid kernel_start_s setup_cell_s first_go_cell_s notebooks_s browser_notebook browser_s; do
  [ -n "${RESULT[$k]:-}" ] && printf '  %-18s %s\n' "$k" "${RESULT[$k]}"
done
printf '  %-18s %s\n' total_s "$(since "$T0")"
echo "e2e: ok"
