"""Every notebook in notebooks/ executes cleanly in a fresh GoNB kernel and
reproduces its committed outputs (see nbharness for the rules)."""
from pathlib import Path

import pytest

import conftest
from nbharness import run_notebook

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert any(p.name.startswith("00-") for p in NOTEBOOKS), "notebooks/00-*.ipynb is missing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook(path):
    r = run_notebook(path)
    conftest.TIMINGS.append((path.name, r.seconds, r.checks))
    assert r.ok, "\n".join(str(f) for f in r.failures)
