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

Exercises (see exercises/README.md): a cell tagged "exercise:<id>" holds a
learner's stub, and the next code cell, tagged "grade:<id>", calls
grade.Exercise. In the normal run the stub is in place, so the grade cell
must print exactly one "✗ Exercise <id> — …" verdict followed by a
"  hint: …" line, and no stack trace; that ✗ is expected and does not fail
the notebook, while a grade cell that passes on the stub does. The
solution run (--solved) executes a copy of the notebook, in memory, with
every exercise cell replaced by its reference solution
exercises/<notebook stem>/<id>.go (the file after its "package main"
line); every grade cell must then print "✓ Exercise <id> — …" and no cell
may print a ✗. An exercise cell without a solution file, or a solution
file without a cell, fails the notebook before it runs.

Only cells executed in this run count: a notebook whose kernel did not
start reports that, not the checks of its committed outputs.

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
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

CHAPTER = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
STDERR_FAILURES = ("panic:", "exit status")
TIMING_TAG = "timing"
STDERR_TAG = "stderr"
# Text forms compared between the committed and the re-executed notebook.
TEXT_MIMES = ("text/plain", "text/html", "text/markdown", "text/latex")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# GoNB names its temporary directory after a random id, and panics show it.
GONB_TMP = re.compile(r"/tmp/gonb_[0-9a-f]+")
REPO = Path(__file__).resolve().parent.parent
SOLUTIONS = Path(os.environ.get("COURSE_SOLUTIONS", REPO / "exercises"))
# An exercise id starts with its chapter's number: "06-1", "06-sigmoid".
EXERCISE_ID = re.compile(r"^\d\d-[a-z0-9-]+$")
VERDICT = re.compile(r"^([✓✗]) Exercise (\S+) — ")
HINT = "  hint: "
# What a Go stack trace looks like, on either stream.
STACK_TRACE = ("panic:", "goroutine ")
# A check line counts once, or N times when it ends in "[N checks]".
CHECK_COUNT = re.compile(r"\[(\d+) checks?\]\s*$")


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
    ran: set = field(default_factory=set)  # 0-based indices of the cells executed in this run

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


def count_checks(stdout: str) -> int:
    """The ✓ checks a cell printed: one per "✓" line, or N for a line
    "✓ <title> [N checks]" that sums up N checks."""
    n = 0
    for line in stdout.splitlines():
        if line.startswith("✓"):
            m = CHECK_COUNT.search(line)
            n += int(m.group(1)) if m else 1
    return n


def tagged_id(cell, kind: str) -> str | None:
    """The id in a cell's "<kind>:<id>" tag ("exercise" or "grade"), or None."""
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag.startswith(kind + ":"):
            return tag[len(kind) + 1:]
    return None


def _rel(p: Path) -> str:
    try:
        return str(p.resolve().relative_to(REPO))
    except ValueError:
        return str(p)


def solution_source(path: Path) -> str:
    """The cell text of a reference solution: the file after its
    "package main" line. The lines above it (//go:build ignore, a comment)
    only make the file a Go file that gofmt checks and go build skips."""
    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        at = lines.index("package main")
    except ValueError:
        raise ValueError(f"{_rel(path)}: a solution file must have a line 'package main' above the cell's text")
    return "\n".join(lines[at + 1:]).strip("\n")


def exercise_failures(name: str, nb, solutions: Path | None) -> list[Failure]:
    """What is wrong with a notebook's exercise cells before anything runs:
    an id of the wrong form or used twice, an exercise cell not followed by
    its grade cell (or the reverse), and, when solutions is given, an
    exercise cell without a solution file or a solution file without a cell."""
    fails = []
    code = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    seen = {}
    for k, (i, cell) in enumerate(code):
        for kind in ("exercise", "grade"):
            tags = cell.get("metadata", {}).get("tags", [])
            if kind in tags:
                fails.append(Failure(name, i, f'tag "{kind}" needs an id: tag the cell "{kind}:{name[:2]}-1" (see exercises/README.md)', cell.source))
        ex = tagged_id(cell, "exercise")
        if ex is not None:
            if not EXERCISE_ID.match(ex) or ex[:2] != name[:2]:
                fails.append(Failure(name, i, f"exercise id {ex!r} must read {name[:2]}-<n>: the chapter's number, a dash, then digits or lowercase letters", cell.source))
            if ex in seen:
                fails.append(Failure(name, i, f"exercise id {ex!r} is used twice (also cell {seen[ex] + 1})", cell.source))
            seen[ex] = i
            nxt = code[k + 1][1] if k + 1 < len(code) else None
            if nxt is None or tagged_id(nxt, "grade") != ex:
                fails.append(Failure(name, i, f"exercise cell {ex!r} must be followed by a code cell tagged grade:{ex}", cell.source))
        gr = tagged_id(cell, "grade")
        if gr is not None:
            prev = code[k - 1][1] if k > 0 else None
            if prev is None or tagged_id(prev, "exercise") != gr:
                fails.append(Failure(name, i, f"grade cell {gr!r} must come right after a code cell tagged exercise:{gr}", cell.source))
    if solutions is None:
        return fails
    folder = solutions / Path(name).stem
    files = {p.stem: p for p in folder.glob("*.go")} if folder.is_dir() else {}
    for ex, i in seen.items():
        if ex not in files:
            fails.append(Failure(name, i, f"exercise cell exercise:{ex} has no reference solution: "
                                          f"expected {_rel(folder / (ex + '.go'))}", nb.cells[i].source))
    for ex, p in sorted(files.items()):
        if ex not in seen:
            fails.append(Failure(name, None, f"reference solution {_rel(p)} has no exercise cell: "
                                             f"no cell of {name} is tagged exercise:{ex}"))
    return fails


def judge_grade(nb_name: str, index: int, cell, ex: str, text: dict, solved: bool) -> tuple[list[Failure], set]:
    """Judges a grade cell's verdict; returns the failures and the output
    lines that were expected (a stub's ✗ verdict), which the general rules
    must then not count as failed checks."""
    fails, expected = [], set()
    src = cell.get("source", "")
    both = text["stdout"] + text["stderr"]
    for marker in STACK_TRACE:
        if marker in both:
            line = next(l for l in both.splitlines() if marker in l)
            fails.append(Failure(nb_name, index, f"grade cell for exercise {ex} printed a stack trace ({marker.strip()!r}): "
                                                 f"{line.strip()[:200]}; the grader must turn every failure into a verdict", src))
            break
    lines = text["stdout"].splitlines()
    verdicts = [(k, m) for k, l in enumerate(lines) if (m := VERDICT.match(l))]
    if len(verdicts) != 1:
        fails.append(Failure(nb_name, index, f"grade cell for exercise {ex} printed {len(verdicts)} verdict lines "
                                             f"(want one 'Exercise {ex} — …' line from grade.Exercise)", src))
        return fails, expected
    k, m = verdicts[0]
    mark, got_id = m.group(1), m.group(2)
    if got_id != ex:
        fails.append(Failure(nb_name, index, f"grade cell tagged grade:{ex} graded exercise {got_id}", src))
    if solved:
        if mark == "✗":
            hint = lines[k + 1] if k + 1 < len(lines) else ""
            fails.append(Failure(nb_name, index, f"exercise {ex} fails with its reference solution: {lines[k]} {hint.strip()}", src))
            expected.add(lines[k])  # reported just above, not again as a failed check
        return fails, expected
    if mark == "✓":
        fails.append(Failure(nb_name, index, f"exercise {ex} passes with the stub in place: the stub is not blank, "
                                             f"or its grader cannot fail: {lines[k]}", src))
        return fails, expected
    if k + 1 >= len(lines) or not lines[k + 1].startswith(HINT) or not lines[k + 1][len(HINT):].strip():
        fails.append(Failure(nb_name, index, f"exercise {ex}'s ✗ verdict is not followed by a '{HINT.strip()} …' line", src))
    expected.add(lines[k])
    return fails, expected


def judge_cell(nb_name: str, index: int, cell, executed_text: dict, committed_text: dict | None,
               compare: bool, solved: bool = False) -> list[Failure]:
    fails = []
    expected = set()
    ex = tagged_id(cell, "grade")
    if ex is not None:
        fails, expected = judge_grade(nb_name, index, cell, ex, executed_text, solved)
    src = cell.get("source", "")
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            fails.append(Failure(nb_name, index, f"error output: {out.get('ename')}: {ANSI.sub('', out.get('evalue', ''))[:300]}", src))
    err = executed_text["stderr"]
    for marker in STDERR_FAILURES:
        if marker in err:
            line = next((l for l in err.splitlines() if marker in l), marker)
            fails.append(Failure(nb_name, index, f"stderr contains {marker!r}: {line.strip()[:200]}", src))
    failed_checks = [l for l in (executed_text["stdout"] + err).splitlines() if l.startswith("✗") and l not in expected]
    for l in failed_checks:
        fails.append(Failure(nb_name, index, f"check failed: {l}", src))
    tags = cell.get("metadata", {}).get("tags", [])
    if err.strip() and not fails and STDERR_TAG not in tags:
        fails.append(Failure(nb_name, index, f"unexpected stderr output: {err.strip().splitlines()[0][:200]}", src))
    # A cell that failed outright is reported for that alone: a diff of its
    # error page against the committed output would only bury the cause.
    if not fails and compare and committed_text is not None and TIMING_TAG not in tags and executed_text != committed_text:
        diff = "\n".join(difflib.unified_diff(_render(committed_text), _render(executed_text),
                                              "committed", "re-executed", lineterm="", n=1))
        fails.append(Failure(nb_name, index, "output differs from the committed output:\n" + diff[:3000], src))
    return fails


def ensure_env() -> None:
    """Sets the course's environment (scripts/env.sh: the project's own
    Jupyter directories, where the GoNB kernel is registered, and the tools
    on PATH) when the harness was started without it, e.g. as
    `.venv/bin/python tests/nbharness.py …`; otherwise no kernel is found."""
    if os.environ.get("JUPYTER_DATA_DIR") or not (REPO / "scripts" / "env.sh").exists():
        return
    p = subprocess.run(["bash", "-c", 'source "$1" && env -0', "env", str(REPO / "scripts" / "env.sh")],
                       capture_output=True, check=True)
    for item in p.stdout.split(b"\0"):
        k, sep, v = item.decode("utf-8", "replace").partition("=")
        if sep:
            os.environ[k] = v


def run_notebook(path: Path, timeout: int = 120, compare: bool = True, kernel: str = "gonb",
                 solutions: Path | None = None) -> Result:
    """Executes one notebook in a fresh kernel and returns what went wrong.

    With solutions (a folder holding <notebook stem>/<id>.go), it is the
    solution run instead: a copy with every exercise cell replaced by its
    reference solution, whose outputs are not compared with the committed
    ones, and where every grade cell must pass."""
    ensure_env()
    name = path.name
    nb = nbformat.read(path, as_version=4)
    solved = solutions is not None
    result = Result(name, 0.0, executed=nb)
    result.failures += exercise_failures(name, nb, solutions)
    if solved:
        if result.failures:  # running a notebook whose solutions are missing proves nothing
            return result
        folder = solutions / path.stem
        try:
            for cell in nb.cells:
                ex = tagged_id(cell, "exercise") if cell.cell_type == "code" else None
                if ex is not None:
                    cell.source = solution_source(folder / (ex + ".go"))
        except ValueError as e:
            result.failures.append(Failure(name, None, str(e)))
            return result
        compare = False
    committed = copy.deepcopy(nb)
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, allow_errors=True,
                            resources={"metadata": {"path": str(path.parent.resolve())}})
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
                    result.ran.add(i)
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
        if compare and old.get("execution_count") is None:
            result.failures.append(Failure(name, i, "committed without being executed (no execution count); "
                                                    "run ./course regen on it and commit the result", cell.source))
        # A cell that did not run in this run still holds its committed
        # outputs: those prove nothing and are neither counted nor judged.
        if i not in result.ran:
            continue
        now = cell_text(cell)
        result.checks += count_checks(now["stdout"])
        result.failures += judge_cell(name, i, cell, now, cell_text(old), compare, solved)
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
    ap.add_argument("--solved", action="store_true",
                    help="the solution run: every exercise cell replaced by its reference solution, every grade cell must pass")
    ap.add_argument("--solutions", type=Path, default=SOLUTIONS,
                    help="folder of reference solutions, <notebook stem>/<id>.go (default: $COURSE_SOLUTIONS or exercises/)")
    args = ap.parse_args(argv)
    if args.solved and args.update:
        ap.error("--update with --solved would write the solutions into the notebooks; the notebooks keep the stubs")
    paths = args.notebooks or sorted(Path(__file__).resolve().parent.parent.glob("notebooks/*.ipynb"))
    if not paths:
        print("nbharness: no notebooks found", file=sys.stderr)
        return 2
    bad = 0
    for p in paths:
        r = run_notebook(p, timeout=args.timeout, compare=not args.update,
                         solutions=args.solutions if args.solved else None)
        status = ("ok" if r.ok else "FAILED") + (" with its solutions" if args.solved else "")
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
