"""Execute the course notebooks in a fresh GoNB kernel and judge the result.

A notebook passes when, executed top to bottom through Jupyter's own
execution client (nbclient):

* no cell produces an error output;
* no cell writes "panic:" or "exit status" to stderr (GoNB reports cells
  that panic or call os.Exit as successful, so stderr is the only signal),
  and no cell writes to stderr at all unless it is tagged "stderr" (a
  chapter has no business printing warnings a reader would have to judge);
* no check failed (a failed check prints a line starting with "✗");
* a chapter notebook (NN-slug.ipynb) printed at least one "✓" check line;
* every code cell's text output equals the committed one, unless the cell
  is tagged "timing" (its output holds wall-clock times), and every code
  cell was committed executed (it has an execution count).

Used three ways: by pytest (tests/test_notebooks.py), by the authors'
command that re-executes notebooks in place (--update), and inside the
Docker image. Run `python tests/nbharness.py --help` for the options.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import json
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

CHAPTER = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
CHECK_GROUP = re.compile(r"^✓ .* \[(\d+) checks\]$")


def count_checks(stdout: str) -> int:
    """Count the checks a cell printed: a check.Group summary line
    "✓ title [N checks]" stands for N, any other "✓" line for one."""
    return sum(int(m.group(1)) if (m := CHECK_GROUP.match(l)) else 1
               for l in stdout.splitlines() if l.startswith("✓"))


STDERR_FAILURES = ("panic:", "exit status")
TIMING_TAG = "timing"
STDERR_TAG = "stderr"
# Text forms compared between the committed and the re-executed notebook.
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# GoNB names its temporary directory after a random id, and panics show it.
GONB_TMP = re.compile(r"/tmp/gonb_[0-9a-f]+")


@dataclass
class Failure:
    notebook: str
    cell: int | None  # 0-based index in the notebook, None for the whole notebook
    what: str
    source: str = ""

    def __str__(self) -> str:
        # Reported 1-based: "cell 4" is the fourth cell, markdown included.
        where = self.notebook if self.cell is None else f"{self.notebook}, cell {self.cell + 1}"
        head = f"{where}: {self.what}"
        if self.source:
            first = self.source.strip().splitlines()[0] if self.source.strip() else ""
            head += f"\n    cell starts: {first[:100]}"
        return head


@dataclass
class Result:
    notebook: str
    seconds: float
    failures: list[Failure] = field(default_factory=list)
    checks: int = 0
    executed: nbformat.NotebookNode | None = None
    cell_seconds: dict = field(default_factory=dict)  # 0-based index → seconds

    def slowest(self) -> tuple[int, float]:
        """The slowest cell, 1-based as in failure messages, and its time."""
        if not self.cell_seconds:
            return 0, 0.0
        i = max(self.cell_seconds, key=self.cell_seconds.get)
        return i + 1, self.cell_seconds[i]

    @property
    def ok(self) -> bool:
        return not self.failures


def cell_text(cell) -> dict:
    """The comparable text of a code cell's outputs.

    Stream text is joined per stream, because GoNB may split or regroup
    writes; display outputs are kept in order by their text forms. Images
    count as present but are not compared byte for byte.
    """
    streams = {"stdout": "", "stderr": ""}
    displays = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            streams[out.get("name", "stdout")] = streams.get(out.get("name", "stdout"), "") + out.get("text", "")
        elif kind in ("display_data", "execute_result"):
            data = out.get("data", {})
            shown = {m: _text(data[m]) for m in TEXT_MIMES if m in data}
            for m in data:
                if m.startswith("image/"):
                    shown[m] = "<image>"
            displays.append(shown)
        elif kind == "error":
            displays.append({"error": out.get("ename", "") + ": " + out.get("evalue", "")})
    for k in streams:
        streams[k] = GONB_TMP.sub("/tmp/gonb_*", ANSI.sub("", streams[k]))
    return {"stdout": streams["stdout"], "stderr": streams["stderr"], "displays": displays}


def _text(v) -> str:
    return "".join(v) if isinstance(v, list) else str(v)


def _render(t: dict) -> list[str]:
    lines = ["[stdout]"] + t["stdout"].splitlines() + ["[stderr]"] + t["stderr"].splitlines()
    for i, d in enumerate(t["displays"]):
        for m in sorted(d):
            lines += [f"[display {i} {m}]"] + d[m].splitlines()
    return lines


def judge_cell(nb_name: str, index: int, cell, executed_text: dict, committed_text: dict | None,
               compare: bool, committed_count: int | None = 0) -> list[Failure]:
    fails = []
    src = cell.get("source", "")
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            fails.append(Failure(nb_name, index, f"error output: {out.get('ename')}: {ANSI.sub('', out.get('evalue', ''))[:300]}", src))
    err = executed_text["stderr"]
    for marker in STDERR_FAILURES:
        if marker in err:
            line = next((l for l in err.splitlines() if marker in l), marker)
            fails.append(Failure(nb_name, index, f"stderr contains {marker!r}: {line.strip()[:200]}", src))
    failed_checks = [l for l in (executed_text["stdout"] + err).splitlines() if l.startswith("✗")]
    for l in failed_checks:
        fails.append(Failure(nb_name, index, f"check failed: {l}", src))
    tags = cell.get("metadata", {}).get("tags", [])
    if compare and committed_text is not None and committed_count is None:
        fails.append(Failure(nb_name, index, "committed without being executed (no execution count); "
                             "run ./course regen on it and commit the result", src))
    if err.strip() and not fails and STDERR_TAG not in tags:
        fails.append(Failure(nb_name, index, f"unexpected stderr output: {err.strip().splitlines()[0][:200]}", src))
    # A cell that failed outright is reported for that alone: a diff of its
    # error page against the committed output would only bury the cause.
    if not fails and compare and committed_text is not None and TIMING_TAG not in tags and executed_text != committed_text:
        diff = "\n".join(difflib.unified_diff(_render(committed_text), _render(executed_text),
                                              "committed", "re-executed", lineterm="", n=1))
        fails.append(Failure(nb_name, index, "output differs from the committed output:\n" + diff[:3000], src))
    return fails


def run_notebook(path: Path, timeout: int = 120, compare: bool = True, kernel: str = "gonb") -> Result:
    """Executes one notebook in a fresh kernel and returns what went wrong."""
    name = path.name
    nb = nbformat.read(path, as_version=4)
    committed = copy.deepcopy(nb)
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
    result = Result(name, 0.0, executed=nb)
    start = time.monotonic()
    # The kernel's own log goes to a file, not into the test output.
    log_dir = Path(os.environ.get("JUPYTER_RUNTIME_DIR", tempfile.gettempdir())) / "kernel-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        with open(log_dir / (name + ".log"), "w") as log, client.setup_kernel(stderr=log):
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t0 = time.monotonic()
                try:
                    client.execute_cell(cell, i)
                    result.cell_seconds[i] = time.monotonic() - t0
                except CellTimeoutError:
                    result.failures.append(Failure(name, i, f"timed out after {timeout} s", cell.source))
                    break
                except DeadKernelError as e:
                    result.failures.append(Failure(name, i, f"the kernel died: {e}", cell.source))
                    break
                except CellExecutionError as e:  # only with allow_errors=False; kept for safety
                    result.failures.append(Failure(name, i, f"execution error: {str(e)[:300]}", cell.source))
    except Exception as e:  # the kernel did not start
        result.failures.append(Failure(name, None, f"could not run: {type(e).__name__}: {e}"))
    result.seconds = time.monotonic() - start
    for i, (cell, old) in enumerate(zip(nb.cells, committed.cells)):
        if cell.cell_type != "code":
            continue
        now = cell_text(cell)
        result.checks += count_checks(now["stdout"])
        result.failures += judge_cell(name, i, cell, now, cell_text(old), compare, old.get("execution_count"))
    if CHAPTER.match(name) and result.checks == 0 and not result.failures:
        result.failures.append(Failure(name, None, "a chapter must check its numbers, but no cell printed a ✓ check line"))
    return result


def write_atomic(nb, path: Path) -> None:
    """Writes a notebook through a temporary file and a rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix="." + path.name, suffix=".tmp")
    os.chmod(tmp, 0o644)  # mkstemp makes the file private; a notebook is for everyone
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            nbformat.write(nb, f)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def strip_volatile(nb) -> None:
    """Drops per-run metadata (timestamps), so that re-executing an
    unchanged notebook leaves the file unchanged, and joins consecutive
    writes to the same stream into one output, as a reader would see them."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            merged = []
            for out in cell.outputs:
                if (out.get("output_type") == "stream" and merged
                        and merged[-1].get("output_type") == "stream"
                        and merged[-1].get("name") == out.get("name")):
                    merged[-1]["text"] = _text(merged[-1]["text"]) + _text(out["text"])
                else:
                    merged.append(out)
            cell.outputs = merged
            # Execution counts stay: a top-to-bottom run numbers the cells
            # 1, 2, 3, … every time, and they show the notebook was executed.
            cell.metadata.pop("execution", None)
    nb.metadata.pop("papermill", None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: notebooks/*.ipynb)")
    ap.add_argument("--update", action="store_true",
                    help="write the fresh outputs into each notebook that passes (authors' command)")
    ap.add_argument("--timeout", type=int, default=int(os.environ.get("NB_CELL_TIMEOUT", "120")),
                    help="seconds allowed per cell (default 120)")
    args = ap.parse_args(argv)
    paths = args.notebooks or sorted(Path(__file__).resolve().parent.parent.glob("notebooks/*.ipynb"))
    if not paths:
        print("nbharness: no notebooks found", file=sys.stderr)
        return 2
    bad = 0
    for p in paths:
        r = run_notebook(p, timeout=args.timeout, compare=not args.update)
        status = "ok" if r.ok else "FAILED"
        cell, secs = r.slowest()
        print(f"{p.name}: {status} in {r.seconds:.1f} s, {r.checks} checks (slowest: cell {cell}, {secs:.1f} s)", flush=True)
        for f in r.failures:
            print("  " + str(f).replace("\n", "\n  "), file=sys.stderr)
        if not r.ok:
            bad += 1
        elif args.update:
            strip_volatile(r.executed)
            write_atomic(r.executed, p)
    print(f"notebooks: {len(paths) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
