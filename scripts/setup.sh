#!/usr/bin/env bash
# Sets the course up on a Debian or Ubuntu machine that has Go and Python 3:
#   - JupyterLab and the notebook test tools, pinned, in .venv
#   - GoNB, gopls and goimports, pinned by tools/go.mod, in .tools/bin
#   - the GoNB kernel, registered in .jupyter/data (JUPYTER_DATA_DIR)
#   - the engine's Go modules, downloaded
# Each step is skipped when the stamp of its inputs is unchanged, so a second
# run takes a few seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "Go is not installed or not on PATH; install Go 1.26 (https://go.dev/dl) and run this again"
# The Python that makes .venv: the first python3 on PATH that is not
# .venv's own (env.sh puts .venv/bin first).
SYSTEM_PY="$(PATH="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$VENV/bin" | paste -sd: -)" command -v python3 || true)"
[ -n "$SYSTEM_PY" ] || die "python3 is not installed; on Debian/Ubuntu: apt-get install python3 python3-venv"
"$SYSTEM_PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || die "Python $("$SYSTEM_PY" -c 'import platform; print(platform.python_version())') is too old: the pinned JupyterLab needs Python 3.11 or newer (Debian 12, Ubuntu 24.04 and later have it)"

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
hash_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# 1. Python: JupyterLab, nbclient and pytest, every package pinned.
want="$(hash_of requirements/jupyter.txt; "$SYSTEM_PY" --version)"
if ! stamp_ok "$VENV/.stamp" "$want"; then
  say "creating .venv with the pinned JupyterLab (first run only; about a minute)"
  if ! "$SYSTEM_PY" -c 'import ensurepip, venv' 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      say "Python's venv module is missing; installing python3-venv"
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    else
      die "Python's venv module is missing; install it (Debian/Ubuntu: sudo apt-get install python3-venv) and run this again"
    fi
  fi
  rm -rf "$VENV"
  "$SYSTEM_PY" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r requirements/jupyter.txt
  echo "$want" > "$VENV/.stamp"
fi

# 2. Go tools, pinned by tools/go.mod (go install module@version cannot
#    list gonb's versions on the proxy, a tools module can).
want="$(hash_of tools/go.mod tools/go.sum; go version)"
if ! stamp_ok "$TOOLS_BIN/.stamp" "$want" || [ ! -x "$TOOLS_BIN/gonb" ]; then
  say "building GoNB, gopls and goimports into .tools/bin (first run only; about a minute)"
  mkdir -p "$TOOLS_BIN"
  (cd tools && GOBIN="$TOOLS_BIN" go install tool)
  echo "$want" > "$TOOLS_BIN/.stamp"
fi

# 3. The GoNB kernel, in the project's own Jupyter data directory. The
#    kernel gets the PATH it needs (go, gopls, goimports) in its spec, so it
#    works however JupyterLab was started.
kdir="$JUPYTER_DATA_DIR/kernels/gonb"
mkdir -p "$kdir" "$JUPYTER_CONFIG_DIR" "$JUPYTER_RUNTIME_DIR"
"$VENV/bin/python" - "$kdir/kernel.json" "$TOOLS_BIN/gonb" "$PATH" <<'PY'
import json, os, sys
path, gonb, env_path = sys.argv[1:]
# GoNB logs every cell it runs; that goes to a log file in the runtime
# directory, so the terminal shows only the URL and real errors.
log = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "gonb.log")
spec = {
    "argv": [gonb, "--kernel", "{connection_file}", "--logtostderr=false", "--log_file=" + log,
             "--log_file_max_size=20", "--stderrthreshold=ERROR", "--one_output"],
    "display_name": "Go (gonb)",
    "language": "go",
    "interrupt_mode": "message",
    "env": {"PATH": env_path},
}
text = json.dumps(spec, indent=1) + "\n"
old = open(path).read() if os.path.exists(path) else None
if old != text:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
PY

# A new notebook starts in Go, the course's language, not Python.
"$VENV/bin/python" - "$JUPYTER_CONFIG_DIR/jupyter_server_config.json" <<'PY'
import json, os, sys
path = sys.argv[1]
cfg = json.load(open(path)) if os.path.exists(path) else {}
cfg.setdefault("MultiKernelManager", {})["default_kernel_name"] = "gonb"
text = json.dumps(cfg, indent=1) + "\n"
if not os.path.exists(path) or open(path).read() != text:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)
PY

# JupyterLab: no news or update checks (the course runs offline).
settings="$VENV/share/jupyter/lab/settings"
mkdir -p "$settings"
echo '{"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}' > "$settings/overrides.json"

# 4. The engine's dependencies (gonum, gonum/plot, gonbui).
want="$(hash_of go.mod go.sum)"
if ! stamp_ok "$REPO/.tools/.modstamp" "$want"; then
  say "downloading the engine's Go modules"
  go mod download
  echo "$want" > "$REPO/.tools/.modstamp"
fi
say "ready (kernel registered in $JUPYTER_DATA_DIR)"
