#!/usr/bin/env python3
"""Go against PyTorch on the same MLP, side by side, as one ratio.

Alternates rounds — one round of the Go benchmark (BenchmarkMLP, 200
passes, GOMAXPROCS=1), then one round of PyTorch (200 passes, one thread)
— so that both see the same machine load, and prints each pair's ratio and
the median. A ratio t_go / t_torch below 1 means Go is faster.

    .venv-oracles/bin/python tools/torchfixtures/bench_ratio.py [rounds] [tree]

tree (default: this checkout) is the source tree whose pkg/autograd is
benchmarked, so that an older commit, extracted with `git archive`, can be
measured against the same PyTorch in the same way.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_mlp import make_step, time_round  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    tree = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else REPO
    binary = Path(tempfile.mkdtemp()) / "autograd.test"
    subprocess.run(["go", "test", "-c", "-o", str(binary), "./pkg/autograd"], cwd=tree, check=True)
    env = dict(os.environ, GOMAXPROCS="1")
    step = make_step()
    for _ in range(50):
        step()
    ratios, gos, torches = [], [], []
    for r in range(rounds):
        out = subprocess.run([str(binary), "-test.run", "^$", "-test.bench", "^BenchmarkMLP$",
                              "-test.benchtime", "200x", "-test.count", "1"],
                             cwd=tree / "pkg/autograd", env=env, capture_output=True, text=True, check=True).stdout
        m = re.search(r"BenchmarkMLP\S*\s+\d+\s+([\d.]+) ns/op", out)
        if not m:
            sys.exit("could not read ns/op from:\n" + out)
        t_go = float(m.group(1)) * 1e-9
        t_torch = time_round(step)
        gos.append(t_go)
        torches.append(t_torch)
        ratios.append(t_go / t_torch)
        print(f"round {r + 1}: go {t_go * 1e6:8.1f} µs  torch {t_torch * 1e6:8.1f} µs  go/torch {ratios[-1]:.3f}")
    med = statistics.median(ratios)
    print(f"median go {statistics.median(gos) * 1e6:.1f} µs, torch {statistics.median(torches) * 1e6:.1f} µs; "
          f"time ratio go/torch {med:.3f} → Go runs at {1 / med:.2f}× PyTorch's speed")


if __name__ == "__main__":
    main()
