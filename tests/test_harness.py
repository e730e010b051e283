"""The harness itself: each kind of broken notebook must fail, by name and
cell, through the same command-line entry point the course uses; and the
passing fixtures must pass, so the failures are not vacuous."""
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


def run_cli(name):
    p = subprocess.run([sys.executable, str(HERE / "nbharness.py"), str(FIXTURES / name)],
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout + p.stderr


@pytest.mark.parametrize("name, expect", [
    ("02-wrong-number.ipynb", ["02-wrong-number.ipynb, cell 4", "check failed: ✗ 2 + 2: got 4, want 5"]),
    ("03-panics.ipynb", ["03-panics.ipynb, cell 4", "panic: assignment to entry in nil map"]),
    ("04-exits.ipynb", ["04-exits.ipynb, cell 4", "exit status 1"]),
    ("05-no-checks.ipynb", ["05-no-checks.ipynb: a chapter must check its numbers"]),
    ("06-stale-output.ipynb", ["06-stale-output.ipynb, cell 3", "-3 × 3 = 6", "+3 × 3 = 9"]),
    ("07-compile-error.ipynb", ["07-compile-error.ipynb, cell 4", "error output"]),
    ("09-stderr.ipynb", ["09-stderr.ipynb, cell 4", "unexpected stderr output: warning: something odd"]),
    ("10-unexecuted.ipynb", ["10-unexecuted.ipynb, cell 1", "committed without being executed"]),
])
def test_broken_notebook_fails(name, expect):
    code, out = run_cli(name)
    assert code == 1, f"harness passed {name}:\n{out}"
    for e in expect:
        assert e in out, f"{e!r} not in harness output:\n{out}"


@pytest.mark.parametrize("name", ["01-passes.ipynb", "08-timing-exempt.ipynb"])
def test_good_notebook_passes(name):
    code, out = run_cli(name)
    assert code == 0, out
    assert f"{name}: ok" in out


def test_update_writes_outputs_only_when_passing():
    """--update must never touch a failing notebook (no half-written files)."""
    bad = FIXTURES / "02-wrong-number.ipynb"
    before = bad.read_bytes()
    p = subprocess.run([sys.executable, str(HERE / "nbharness.py"), "--update", str(bad)],
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 1
    assert bad.read_bytes() == before


def test_the_test_command_fails_on_each_broken_notebook(tmp_path):
    """The suite `./course test` runs (test_notebooks.py) fails, naming the
    notebook and the cell, when notebooks/ holds a wrong number, a panic or
    an os.Exit(1). The fixtures are copied to tests/.suite, two levels deep, so that their
    setup cell (${GONB_DIR}/../..) still finds the repository."""
    import os
    import shutil
    nbdir = HERE / ".suite"
    shutil.rmtree(nbdir, ignore_errors=True)
    nbdir.mkdir(parents=True)
    try:
        for name in ["01-passes.ipynb", "02-wrong-number.ipynb", "03-panics.ipynb", "04-exits.ipynb"]:
            shutil.copy(FIXTURES / name, nbdir / name)
        env = dict(os.environ, COURSE_NOTEBOOKS=str(nbdir))
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(HERE / "test_notebooks.py")], capture_output=True, text=True,
                           env=env, timeout=600, cwd=str(tmp_path))
        out = p.stdout + p.stderr
        assert p.returncode == 1, out
        for want in ["3 failed, 2 passed", "02-wrong-number.ipynb, cell 4", "03-panics.ipynb, cell 4",
                     "04-exits.ipynb, cell 4", "✗ 2 + 2: got 4, want 5", "panic: assignment to entry in nil map"]:
            assert want in out, f"{want!r} not in:\n{out}"
    finally:
        shutil.rmtree(nbdir, ignore_errors=True)
