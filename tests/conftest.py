"""Shared pytest set-up: notebook timings are collected here and printed at
the end of the run, whatever the outcome."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TIMINGS: list[tuple[str, float, int, int, float]] = []


def pytest_terminal_summary(terminalreporter):
    if not TIMINGS:
        return
    terminalreporter.section("notebook timings")
    for name, seconds, checks, cell, cell_s in TIMINGS:
        terminalreporter.write_line(f"{name:34s} {seconds:6.1f} s  {checks:4d} checks  slowest cell {cell:3d}: {cell_s:5.1f} s")
