#!/usr/bin/env python3
"""The engine's GPT-2-small forward pass against Hugging Face's, side by side.

Both sides build a GPT-2-small-shaped model (12 layers, 12 heads, width
768, vocabulary 50257: 124,439,808 parameters) with random weights in
float64 and time one inference forward pass over 256 tokens, producing
the 256×50257 logits: the engine through pkg/model's
BenchmarkGPT2SmallForward (GOMAXPROCS = threads), transformers'
GPT2LMHeadModel under torch.no_grad with torch.set_num_threads(threads).
Rounds alternate, Go then PyTorch, so both see the same machine load; the
script prints each side's median tokens per second and their ratio, for 1
and 2 threads, and the median of the rounds' own ratios: on a shared
machine whose speed drifts by 20 % from minute to minute, a round's two
sides ran within seconds of each other, so its ratio is steadier than
the ratio of medians taken over different minutes.

    .venv-oracles/bin/python tools/torchfixtures/bench_gpt2.py [rounds]

Needs torch and transformers (tools/torchfixtures/requirements.txt). Each
side holds about 1 GB of weights; building them takes a few seconds, and
is not timed.
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

warnings.filterwarnings("ignore")
import torch  # noqa: E402
from transformers import GPT2Config, GPT2LMHeadModel  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TOKENS = 256


def go_round(binary, threads, reps):
    env = dict(os.environ, GOMAXPROCS=str(threads))
    out = subprocess.run([str(binary), "-test.run", "^$", "-test.bench", "^BenchmarkGPT2SmallForward$",
                          "-test.benchtime", f"{reps}x", "-test.count", "1", "-test.cpu", str(threads)],
                         cwd=REPO / "pkg/model", env=env, capture_output=True, text=True, check=True).stdout
    found = re.search(r"\s([\d.]+) tokens/s", out)
    if not found:
        sys.exit("could not read tokens/s from:\n" + out)
    return float(found.group(1))


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    binary = Path(tempfile.mkdtemp()) / "model.test"
    subprocess.run(["go", "test", "-c", "-o", str(binary), "./pkg/model"], cwd=REPO, check=True)
    torch.manual_seed(0)
    model = GPT2LMHeadModel(GPT2Config()).double().eval()
    n = sum(p.numel() for p in model.parameters())
    ids = torch.randint(0, 50257, (1, TOKENS))
    print(f"torch {torch.__version__}, {n:,} parameters, {TOKENS} tokens, float64, {rounds} rounds")
    print(f"{'threads':>7} {'go tok/s':>9} {'torch tok/s':>11}  go/torch  median of round ratios (min–max)")
    for threads in (1, 2):
        torch.set_num_threads(threads)
        gos, ths = [], []
        for _ in range(rounds):
            gos.append(go_round(binary, threads, 2))
            with torch.no_grad():
                model(ids)  # warm-up
                t0 = time.perf_counter()
                for _ in range(2):
                    model(ids)
                ths.append(2 * TOKENS / (time.perf_counter() - t0))
        g, t = statistics.median(gos), statistics.median(ths)
        ratios = [a / b for a, b in zip(gos, ths)]
        print(f"{threads:>7} {g:9.1f} {t:11.1f}  {g / t:8.2f}  {statistics.median(ratios):.2f} "
              f"({min(ratios):.2f}–{max(ratios):.2f})", flush=True)


if __name__ == "__main__":
    main()
