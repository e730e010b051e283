# Sourced by the course scripts: where everything the course installs lives.
# Nothing here touches the user's global Jupyter or Go configuration.
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO
export VENV="$REPO/.venv"
export TOOLS_BIN="$REPO/.tools/bin"
# The project's own Jupyter directories: the GoNB kernel is registered
# here, not in ~/.local/share/jupyter.
export JUPYTER_DATA_DIR="$REPO/.jupyter/data"
export JUPYTER_CONFIG_DIR="$REPO/.jupyter/config"
export JUPYTER_RUNTIME_DIR="$REPO/.jupyter/runtime"
export JUPYTER_PLATFORM_DIRS=1
if command -v go >/dev/null 2>&1; then
  PATH="$(go env GOROOT)/bin:$PATH"
fi
export PATH="$TOOLS_BIN:$VENV/bin:$PATH"
