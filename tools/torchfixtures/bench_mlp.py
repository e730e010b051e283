#!/usr/bin/env python3
"""Time one forward + backward pass of the MLP that pkg/autograd's
BenchmarkMLP times: batch 64, 256 -> 256 (tanh) -> 10 classes, mean
cross-entropy, float64, one thread, parameters' gradients zeroed each pass.

Usage (from the repository root):
    .venv-oracles/bin/python tools/torchfixtures/bench_mlp.py
and compare with
    GOMAXPROCS=1 go test -run '^$' -bench MLP ./pkg/autograd/
"""
import time
import warnings

warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

BATCH, D_IN, HIDDEN, CLASSES = 64, 256, 256, 10


def make_step():
    """Returns a function doing one forward + backward pass of the MLP."""
    torch.set_num_threads(1)
    torch.manual_seed(1)
    dt = torch.float64
    x = torch.randn(BATCH, D_IN, dtype=dt)
    targets = torch.randint(0, CLASSES, (BATCH,))
    w1 = (torch.randn(D_IN, HIDDEN, dtype=dt) * 0.06).requires_grad_()
    b1 = torch.zeros(1, HIDDEN, dtype=dt, requires_grad=True)
    w2 = (torch.randn(HIDDEN, CLASSES, dtype=dt) * 0.06).requires_grad_()
    b2 = torch.zeros(1, CLASSES, dtype=dt, requires_grad=True)
    params = [w1, b1, w2, b2]

    def step():
        for p in params:
            p.grad = None  # what optimizer.zero_grad() does by default
        h = torch.tanh(x @ w1 + b1)
        loss = F.cross_entropy(h @ w2 + b2, targets)
        loss.backward()

    return step


def time_round(step, n=200):
    """Seconds per pass, averaged over n passes."""
    t0 = time.perf_counter()
    for _ in range(n):
        step()
    return (time.perf_counter() - t0) / n


def main():
    step = make_step()
    for _ in range(50):  # warm up
        step()
    rounds = []
    for _ in range(10):  # 10 rounds of 200 passes, like go test -count 10 -benchtime 200x
        rounds.append(time_round(step))
    rounds.sort()
    median = (rounds[4] + rounds[5]) / 2
    print(f"torch {torch.__version__} float64, 1 thread: "
          f"min {rounds[0] * 1e9:.0f} ns/op, median {median * 1e9:.0f} ns/op over 10 rounds of 200")


if __name__ == "__main__":
    main()
