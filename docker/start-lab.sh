#!/usr/bin/env bash
# The image's default command: JupyterLab on port 8888, in notebooks/, with
# token authentication. The token is $JUPYTER_TOKEN; without one, a random
# token is made here and the URL to open is printed. Extra arguments go to
# `jupyter lab` (e.g. --LabApp.default_url=/lab/tree/03-attention.ipynb).
set -euo pipefail
if [ "$(id -u)" = 0 ]; then
  echo "start-lab: refusing to run JupyterLab as root; run the image as its own user (uid 1000)" >&2
  exit 1
fi
if [ -z "${JUPYTER_TOKEN:-}" ]; then
  JUPYTER_TOKEN="$(python -c 'import secrets; print(secrets.token_hex(24))')"
  generated=1
fi
export JUPYTER_TOKEN
cat <<MSG
================================================================
 LLM internals, derived in Go -- JupyterLab is starting.
 Open (with the port you published, e.g. -p 127.0.0.1:8888:8888):
   http://127.0.0.1:8888/lab?token=${JUPYTER_TOKEN}
 ${generated:+The token was generated; pass -e JUPYTER_TOKEN=... to choose one.}
================================================================
MSG
exec jupyter lab --ip=0.0.0.0 --port=8888 --no-browser \
  --ServerApp.root_dir="$COURSE/notebooks" "$@"
