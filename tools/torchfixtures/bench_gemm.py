#!/usr/bin/env python3
"""The engine's matrix multiply against numpy (OpenBLAS) and PyTorch,
side by side, float64, on 1 and 2 threads.

Shapes (m×k·k×n): a square 1024³ and the four products of a GPT-2-small
forward pass over 256 tokens — the fused QKV projection (768→2304), the
attention output (768→768), the MLP's expansion (768→3072) and its
contraction (3072→768). For each shape and thread count the script
alternates rounds — Go (pkg/internal/gemm's BenchmarkGemm, GOMAXPROCS =
threads), numpy, PyTorch — so that all three see the same machine load,
and prints each one's median GFLOPS (2·m·k·n / seconds) and the ratios.

    .venv-oracles/bin/python tools/torchfixtures/bench_gemm.py [rounds] [kernel]

kernel (default avx512) names the Go micro-kernel (avx512, avx2, go).
numpy's OpenBLAS is held to the thread count with threadpoolctl; the
kernel it runs is printed. On machines where the environment sets
OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE (a workaround for old builds), run
this with both unset for that command alone, e.g.
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE …`, or numpy is slowed.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
import torch  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SHAPES = [(1024, 1024, 1024), (256, 768, 2304), (256, 768, 768), (256, 768, 3072), (256, 3072, 768)]
TARGET_SECONDS = 0.25  # per round and library


def reps_for(m, k, n):
    """Products per round: about TARGET_SECONDS at 40 GFLOPS, at least 3."""
    return max(3, int(TARGET_SECONDS * 40e9 / (2 * m * k * n)))


def go_round(binary, kernel, shape, threads, reps):
    m, k, n = shape
    env = dict(os.environ, GOMAXPROCS=str(threads))
    out = subprocess.run([str(binary), "-test.run", "^$",
                          "-test.bench", f"^BenchmarkGemm$/^{kernel}$/^{m}x{k}x{n}$",
                          "-test.benchtime", f"{reps}x", "-test.count", "1", "-test.cpu", str(threads)],
                         cwd=REPO / "pkg/internal/gemm", env=env, capture_output=True, text=True, check=True).stdout
    found = re.search(r"\s([\d.]+) GFLOPS", out)
    if not found:
        sys.exit("could not read GFLOPS from:\n" + out)
    return float(found.group(1))


def timed(f, flops, reps):
    f()  # warm-up: first-touch of the output, thread pool start
    t0 = time.perf_counter()
    for _ in range(reps):
        f()
    return flops * reps / (time.perf_counter() - t0) / 1e9


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    kernel = sys.argv[2] if len(sys.argv) > 2 else "avx512"
    binary = Path(tempfile.mkdtemp()) / "gemm.test"
    subprocess.run(["go", "test", "-c", "-o", str(binary), "./pkg/internal/gemm"], cwd=REPO, check=True)
    for info in threadpool_info():
        if info.get("internal_api") == "openblas":
            print(f"numpy: OpenBLAS {info.get('version')}, kernel {info.get('architecture')}")
    print(f"torch {torch.__version__}, numpy {np.__version__}, Go kernel {kernel}, {rounds} rounds\n")
    print(f"{'shape m×k·k×n':>22} thr {'go':>7} {'numpy':>7} {'torch':>7}   go/numpy go/torch  (GFLOPS, median)")
    rng = np.random.default_rng(1)
    for shape in SHAPES:
        m, k, n = shape
        flops, reps = 2 * m * k * n, reps_for(m, k, n)
        a, b = rng.standard_normal((m, k)), rng.standard_normal((k, n))
        c = np.empty((m, n))
        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        tc = torch.empty(m, n, dtype=torch.float64)
        for threads in (1, 2):
            torch.set_num_threads(threads)
            gos, nps, ths = [], [], []
            with threadpool_limits(limits=threads, user_api="blas"):
                for _ in range(rounds):
                    gos.append(go_round(binary, kernel, shape, threads, reps))
                    nps.append(timed(lambda: np.matmul(a, b, out=c), flops, reps))
                    ths.append(timed(lambda: torch.matmul(ta, tb, out=tc), flops, reps))
            g, p, t = statistics.median(gos), statistics.median(nps), statistics.median(ths)
            print(f"{f'{m}×{k}·{k}×{n}':>22} {threads:>3} {g:7.1f} {p:7.1f} {t:7.1f}   {g / p:8.2f} {g / t:8.2f}",
                  flush=True)


if __name__ == "__main__":
    main()
