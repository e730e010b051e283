"""Times a learner's cold start in a fresh GoNB kernel: the kernel's start,
the setup cell, and the first Go cell, which imports the engine and draws a
heatmap with gonum/plot. Prints one JSON line with the seconds, and exits
non-zero if a cell failed or drew nothing.

Run where the course is set up (inside the image, in the course directory):
    python tests/e2e/first_cell.py
The setup cell is the first code cell of the first chapter in notebooks/,
so the measurement follows the chapters' own setup cell.
"""
import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
DEFAULT_SETUP = "!*go mod edit -replace=llminternals=${GONB_DIR}/.. -require=llminternals@v0.0.0"

FIRST_CELL = """%%
scores := tensor.FromRows([][]float64{{4, 2, 0}, {1, 3, 1}, {0, 2, 5}})
weights := tensor.SoftmaxRows(tensor.Scale(1/math.Sqrt(4), scores))
tokens := []string{"the", "cat", "sat"}
display.Matrix("weights", weights, tokens, tokens, 3).Show()
figure.Heatmap("first cell", weights, tokens, tokens, figure.HeatmapOptions{Decimals: 2}).Show()
check.Close("row 0 sums to 1", weights.At(0, 0)+weights.At(0, 1)+weights.At(0, 2), 1, 1e-12)
"""
IMPORTS = """import (
\t"math"

\t"llminternals/pkg/check"
\t"llminternals/pkg/display"
\t"llminternals/pkg/figure"
\t"llminternals/pkg/tensor"
)
"""


def setup_cell() -> str:
    for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        nb = nbformat.read(p, as_version=4)
        code = [c for c in nb.cells if c.cell_type == "code"]
        if code and "go mod edit" in code[0].source:
            return code[0].source
    return DEFAULT_SETUP


def main() -> int:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(setup_cell()),
                nbformat.v4.new_code_cell(IMPORTS + "\n" + FIRST_CELL)]
    # Executed from notebooks/, as JupyterLab runs the chapters there; the
    # notebook itself is never written.
    client = NotebookClient(nb, kernel_name="gonb", timeout=120, allow_errors=True,
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    times = {}
    t0 = time.monotonic()
    with client.setup_kernel():
        times["kernel_start_s"] = time.monotonic() - t0
        for name, i in (("setup_cell_s", 0), ("first_go_cell_s", 1)):
            t = time.monotonic()
            client.execute_cell(nb.cells[i], i)
            times[name] = time.monotonic() - t
    times = {k: round(v, 2) for k, v in times.items()}
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i + 1}: {out.ename}: {out.evalue}"[:300])
            if out.output_type == "stream" and any(m in out.text for m in ("panic:", "exit status", "✗")):
                problems.append(f"cell {i + 1}: {out.text.strip()}"[:300])
    if not any("image/png" in out.get("data", {}) for out in nb.cells[1].outputs):
        problems.append("the first Go cell drew no image")
    times["ok"] = not problems
    times["problems"] = problems
    print(json.dumps(times))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
