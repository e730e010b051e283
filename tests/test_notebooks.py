"""Every notebook in notebooks/ executes cleanly in a fresh GoNB kernel and
reproduces its committed outputs, with its exercises' blank stubs failing
their grade cells with a hint; and every chapter with exercises passes all
of them with its reference solutions from exercises/ in place (see
nbharness for the rules).

COURSE_ONLY="notebooks/03-attention.ipynb notebooks/06-backpropagation.ipynb"
restricts both to those notebooks (paths relative to the repository or
absolute, separated by spaces)."""
from pathlib import Path

import os

import nbformat
import pytest

import conftest
from nbharness import SOLUTIONS, run_notebook, tagged_id

REPO = Path(__file__).resolve().parent.parent
# COURSE_NOTEBOOKS points the suite at another folder, and COURSE_SOLUTIONS
# (read by nbharness) at other solutions; the harness's own tests use them
# to run this very file on fixture notebooks.
NOTEBOOK_DIR = Path(os.environ.get("COURSE_NOTEBOOKS", REPO / "notebooks"))
ONLY = os.environ.get("COURSE_ONLY", "").split()
if ONLY:
    NOTEBOOKS = [p if p.is_absolute() else REPO / p for p in map(Path, ONLY)]
else:
    NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def has_exercises(path: Path) -> bool:
    """A notebook takes part in the solution run when it has an exercise
    cell or a folder of solutions (then the run names what is missing)."""
    if (SOLUTIONS / path.stem).is_dir():
        return True
    nb = nbformat.read(path, as_version=4)
    return any(tagged_id(c, "exercise") is not None for c in nb.cells if c.cell_type == "code")


WITH_EXERCISES = [p for p in NOTEBOOKS if p.exists() and has_exercises(p)]


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    missing = [str(p) for p in NOTEBOOKS if not p.exists()]
    assert not missing, f"COURSE_ONLY names notebooks that do not exist: {missing}"
    if "COURSE_NOTEBOOKS" not in os.environ and not ONLY:
        assert any(p.name.startswith("00-") for p in NOTEBOOKS), "notebooks/00-*.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook(path):
    r = run_notebook(path)
    conftest.TIMINGS.append((path.name, r.seconds, r.checks, *r.slowest()))
    assert r.ok, "\n".join(str(f) for f in r.failures)


@pytest.mark.parametrize("path", WITH_EXERCISES, ids=[p.name for p in WITH_EXERCISES])
def test_solutions(path):
    """The chapter runs once with every exercise cell replaced by its
    reference solution, and every grade cell passes."""
    r = run_notebook(path, solutions=SOLUTIONS)
    conftest.TIMINGS.append((path.name + " (solved)", r.seconds, r.checks, *r.slowest()))
    assert r.ok, "\n".join(str(f) for f in r.failures)


def test_every_solution_folder_has_its_notebook():
    """exercises/<stem>/ belongs to <notebook dir>/<stem>.ipynb; a renamed
    chapter must take its solutions along."""
    folders = sorted(p for p in SOLUTIONS.glob("*") if p.is_dir()) if SOLUTIONS.is_dir() else []
    orphans = [f"{f} (no {NOTEBOOK_DIR / (f.name + '.ipynb')})" for f in folders
               if not (NOTEBOOK_DIR / (f.name + ".ipynb")).exists()]
    assert not orphans, "solution folders without a notebook: " + ", ".join(orphans)


def test_solution_files_are_gofmt_clean():
    """A solution is a Go file that gofmt checks and go build skips: its
    first line is //go:build ignore, and the cell's text follows its
    "package main" line."""
    import subprocess
    files = sorted(SOLUTIONS.glob("*/*.go")) if SOLUTIONS.is_dir() else []
    bad = [str(f) for f in files if not f.read_text(encoding="utf-8").startswith("//go:build ignore\n")
           or "\npackage main\n" not in f.read_text(encoding="utf-8")]
    assert not bad, "solution files must start with '//go:build ignore' and have a 'package main' line: " + ", ".join(bad)
    if files:
        p = subprocess.run(["gofmt", "-l", *map(str, files)], capture_output=True, text=True)
        assert p.returncode == 0 and not p.stdout.strip(), f"gofmt would change: {p.stdout}{p.stderr}"
