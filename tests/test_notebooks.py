"""Every notebook in notebooks/ executes cleanly in a fresh GoNB kernel and
reproduces its committed outputs (see nbharness for the rules)."""
from pathlib import Path

import os

import pytest

import conftest
from nbharness import run_notebook

REPO = Path(__file__).resolve().parent.parent
# COURSE_NOTEBOOKS points the suite at another folder; the harness's own
# tests use it to run this very file on broken notebooks.
NOTEBOOK_DIR = Path(os.environ.get("COURSE_NOTEBOOKS", REPO / "notebooks"))
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    if "COURSE_NOTEBOOKS" not in os.environ:
        assert any(p.name.startswith("00-") for p in NOTEBOOKS), "notebooks/00-*.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook(path):
    r = run_notebook(path)
    conftest.TIMINGS.append((path.name, r.seconds, r.checks, *r.slowest()))
    assert r.ok, "\n".join(str(f) for f in r.failures)
