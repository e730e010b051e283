"""The harness itself: each kind of broken notebook must fail, by name and
cell, through the same command-line entry point the course uses; and the
passing fixtures must pass, so the failures are not vacuous."""
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"


SOLUTIONS = FIXTURES / "exercises"


def run_cli(name, *flags, env=None):
    p = subprocess.run([sys.executable, str(HERE / "nbharness.py"), *flags, str(FIXTURES / name)],
                       capture_output=True, text=True, timeout=300, env=env)
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
    ("12-stub-passes.ipynb", ["12-stub-passes.ipynb, cell 5", "exercise 12-1 passes with the stub in place"]),
    ("13-grade-panics.ipynb", ["13-grade-panics.ipynb, cell 5", "grade cell for exercise 13-1 printed a stack trace",
                               "panic: assignment to entry in nil map"]),
])
def test_broken_notebook_fails(name, expect):
    code, out = run_cli(name)
    assert code == 1, f"harness passed {name}:\n{out}"
    for e in expect:
        assert e in out, f"{e!r} not in harness output:\n{out}"


@pytest.mark.parametrize("name", ["01-passes.ipynb", "08-timing-exempt.ipynb", "11-exercises.ipynb",
                                  # the normal run does not look for solutions
                                  "14-missing-solution.ipynb"])
def test_good_notebook_passes(name):
    code, out = run_cli(name)
    assert code == 0, out
    assert f"{name}: ok" in out


def test_stubs_fail_with_their_hints():
    """The normal run of an exercise notebook passes because each blank
    stub fails its grade cell with a verdict and a hint, never a stack
    trace; the committed ✗ lines were written by hand in make_fixtures.py
    and the run reproduces them."""
    from nbharness import run_notebook
    r = run_notebook(FIXTURES / "11-exercises.ipynb")
    assert r.ok, "\n".join(map(str, r.failures))
    out = "".join(o.get("text", "") for c in r.executed.cells if c.cell_type == "code" for o in c.get("outputs", []))
    for want in ["✗ Exercise 11-1 — double: your function panicked: TODO: return 2x\n  hint: 2x is x + x\n",
                 "✗ Exercise 11-2 — add: Add(2, 3): got 0, want 5\n  hint: a + b\n"]:
        assert want in out
    assert "goroutine " not in out and "panic:" not in out


def test_solution_run_passes():
    code, out = run_cli("11-exercises.ipynb", "--solved", "--solutions", str(SOLUTIONS))
    assert code == 0, out
    assert "11-exercises.ipynb: ok with its solutions" in out


@pytest.mark.parametrize("name, expect", [
    ("14-missing-solution.ipynb", [
        "14-missing-solution.ipynb, cell 4: exercise cell exercise:14-1 has no reference solution: "
        "expected tests/fixtures/exercises/14-missing-solution/14-1.go",
        "reference solution tests/fixtures/exercises/14-missing-solution/14-2.go has no exercise cell: "
        "no cell of 14-missing-solution.ipynb is tagged exercise:14-2"]),
    ("15-wrong-solution.ipynb", [
        "15-wrong-solution.ipynb, cell 5: exercise 15-1 fails with its reference solution: "
        "✗ Exercise 15-1 — add: Add(2, 3): got -1, want 5 hint: a + b"]),
])
def test_solution_run_fails(name, expect):
    code, out = run_cli(name, "--solved", "--solutions", str(SOLUTIONS))
    assert code == 1, out
    for e in expect:
        assert e in out, f"{e!r} not in harness output:\n{out}"


def test_update_refuses_solutions():
    code, out = run_cli("11-exercises.ipynb", "--update", "--solved")
    assert code == 2 and "the notebooks keep the stubs" in out, out


def test_a_notebook_that_did_not_run_counts_no_checks():
    """The committed outputs of 01-passes hold a ✓ line; a kernel that does
    not start must not count it."""
    from nbharness import run_notebook
    r = run_notebook(FIXTURES / "01-passes.ipynb", kernel="no-such-kernel")
    assert r.checks == 0
    assert [f.what.split(":")[0] for f in r.failures] == ["could not run"], "\n".join(map(str, r.failures))


def test_runs_without_the_course_environment():
    """`.venv/bin/python tests/nbharness.py …`, without scripts/env.sh, finds
    the kernel: the harness sets the course's environment itself."""
    import os
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_")}
    code, out = run_cli("01-passes.ipynb", env=env)
    assert code == 0, out


def test_check_count():
    from nbharness import count_checks
    assert count_checks("✓ a: 1\nnot a check ✓\n✓ BPE merges [12 checks]\n✓ one [1 check]\n✗ b\n") == 1 + 12 + 1


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
    an os.Exit(1), and runs the exercise notebook twice: with its stubs
    and with its solutions. The fixtures are copied to tests/.suite, two levels deep, so that their
    setup cell (${GONB_DIR}/../..) still finds the repository."""
    import os
    import shutil
    nbdir = HERE / ".suite"
    shutil.rmtree(nbdir, ignore_errors=True)
    nbdir.mkdir(parents=True)
    try:
        for name in ["01-passes.ipynb", "02-wrong-number.ipynb", "03-panics.ipynb", "04-exits.ipynb",
                     "11-exercises.ipynb"]:
            shutil.copy(FIXTURES / name, nbdir / name)
        solutions = tmp_path / "exercises"
        shutil.copytree(SOLUTIONS / "11-exercises", solutions / "11-exercises")
        env = dict(os.environ, COURSE_NOTEBOOKS=str(nbdir), COURSE_SOLUTIONS=str(solutions))
        p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rA", "-p", "no:cacheprovider",
                            str(HERE / "test_notebooks.py")], capture_output=True, text=True,
                           env=env, timeout=600, cwd=str(tmp_path))
        out = p.stdout + p.stderr
        assert p.returncode == 1, out
        assert any(l.startswith("PASSED") and l.endswith("::test_solutions[11-exercises.ipynb]")
                   for l in out.splitlines()), out
        for want in ["3 failed, 6 passed", "02-wrong-number.ipynb, cell 4", "03-panics.ipynb, cell 4",
                     "04-exits.ipynb, cell 4", "✗ 2 + 2: got 4, want 5", "panic: assignment to entry in nil map"]:
            assert want in out, f"{want!r} not in:\n{out}"
    finally:
        shutil.rmtree(nbdir, ignore_errors=True)
