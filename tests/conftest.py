"""Shared pytest set-up: notebook timings are collected here and printed at
the end of the run, whatever the outcome."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TIMINGS: list[tuple[str, float, int]] = []


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("notebook timings")
    for name, seconds, checks in TIMINGS:
        terminalreporter.write_line(f"{name:40s} {seconds:6.1f} s  {checks:4d} checks")
