#!/usr/bin/env python3
"""One training step of nanoGPT's baby GPT: the engine against PyTorch, side by side.

Both sides train nanoGPT's CPU "baby GPT" in GPT-2's architecture (4
layers, 4 heads, width 128, context 64, vocabulary 65, learned positions,
LayerNorm, tanh-GELU MLP of width 512, tied embeddings, biases, no
dropout: 809,856 parameters) on a batch of 12 windows of 64 random
tokens. One step is: zero the gradients, forward, mean cross-entropy
against random targets, backward, clip the gradients' global norm to 1,
AdamW (lr 1e-3, weight decay 0.1 on every parameter, as both
torch.optim.AdamW and optim.NewAdamW do). The engine runs pkg/model's
BenchmarkBabyGPTTrainStep (float64, GOMAXPROCS = threads); PyTorch runs
transformers' GPT2LMHeadModel in float64 and in float32 with
torch.set_num_threads(threads).

It prints two things:

1. Time per step, for 1 and 2 threads. Rounds alternate, Go then torch
   float64 then torch float32, so all three see the same machine load; each
   round times STEPS steps after a warm-up step, and the table shows each
   side's median over the rounds, and the ratios Go/torch. The last lines
   compare each side at its own best thread count: the bar is Go's time per
   step ≤ torch float64's.
2. Peak resident memory of a training run of MEM_STEPS steps, one thread,
   each side in its own child process (its ru_maxrss from os.wait4). The
   torch figure includes the Python interpreter and torch's and
   transformers' libraries, so the RSS right after importing them, before
   any model exists, is printed beside it as the baseline.

    .venv-oracles/bin/python tools/torchfixtures/bench_train.py [rounds]

rounds defaults to 3; with 3 the whole run took 2 min 50 s on a shared
2-core machine (load average 4–5). Both load averages are printed, since
a busy machine hurts 2-thread rounds most. Needs Go, and torch and transformers
(tools/torchfixtures/requirements.txt); it builds the pkg/model test binary
once, in a temporary directory.
"""
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")


def peak_rss_kib():
    """This process's peak resident set so far, in KiB (Linux's unit)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


import torch  # noqa: E402

RSS_AFTER_TORCH = peak_rss_kib()
from transformers import GPT2Config, GPT2LMHeadModel  # noqa: E402

RSS_AFTER_IMPORTS = peak_rss_kib()

REPO = Path(__file__).resolve().parents[2]
BATCH, CONTEXT, VOCAB = 12, 64, 65
STEPS = 5  # timed steps per round and side
MEM_STEPS = 30  # steps of the memory runs
GO_BENCH = "^BenchmarkBabyGPTTrainStep$"


def make_step(dtype):
    """Builds the baby GPT in dtype with its batch and AdamW; returns (step, parameter count)."""
    torch.manual_seed(0)
    config = GPT2Config(n_layer=4, n_head=4, n_embd=128, n_positions=CONTEXT, vocab_size=VOCAB,
                        resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, activation_function="gelu_new",
                        bos_token_id=None, eos_token_id=None)  # GPT-2's 50256 is out of this vocabulary
    model = GPT2LMHeadModel(config).to(dtype).train()
    ids = torch.randint(0, VOCAB, (BATCH, CONTEXT))
    targets = torch.randint(0, VOCAB, (BATCH * CONTEXT,))
    params = list(model.parameters())  # the tied head is the token table: listed once
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.1)

    def step():
        opt.zero_grad()
        logits = model(ids).logits.reshape(BATCH * CONTEXT, VOCAB)
        torch.nn.functional.cross_entropy(logits, targets).backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

    return step, sum(p.numel() for p in params)


def torch_round(step):
    """Seconds per step: one warm-up step, then the mean of STEPS."""
    step()
    t0 = time.perf_counter()
    for _ in range(STEPS):
        step()
    return (time.perf_counter() - t0) / STEPS


def go_command(binary, threads, steps):
    env = dict(os.environ, GOMAXPROCS=str(threads))
    cmd = [str(binary), "-test.run", "^$", "-test.bench", GO_BENCH, "-test.benchtime", f"{steps}x",
           "-test.count", "1", "-test.cpu", str(threads)]
    return cmd, env


def go_round(binary, threads, steps=STEPS):
    """Seconds per step and the parameter count, from one run of the benchmark."""
    cmd, env = go_command(binary, threads, steps)
    out = subprocess.run(cmd, cwd=REPO / "pkg/model", env=env, capture_output=True, text=True,
                         check=True).stdout
    found = re.search(r"BenchmarkBabyGPTTrainStep\S*\s+\d+\s+([\d.]+) ns/op.*?\s([\d.]+) params", out)
    if not found:
        sys.exit("could not read ns/op and params from:\n" + out)
    return float(found.group(1)) * 1e-9, int(float(found.group(2)))


# A small launcher runs each memory child. A child's ru_maxrss counts the
# resident set of the process it was forked from, up to its exec, and this
# script holds torch and two models (hundreds of MiB); the launcher holds a
# bare interpreter, so its children's peaks are their own.
LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def child_peak_rss(cmd, env, cwd):
    """Runs cmd alone and returns (its stdout, its peak RSS in KiB)."""
    with tempfile.TemporaryDirectory() as tmp:
        result = Path(tmp) / "rusage"
        run = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(result), *cmd],
                             env=env, cwd=cwd, capture_output=True, text=True)
        code, kib = (int(x) for x in result.read_text().split()) if result.exists() else (run.returncode, 0)
    if code != 0 or run.returncode != 0:
        sys.exit(f"{cmd[0]} exited with {code}:\n{run.stderr}")
    return run.stdout, kib


def train_child(dtype_name, steps):
    """The torch side of the memory run: prints the RSS after imports, then trains."""
    torch.set_num_threads(1)
    print(f"after-import-torch {RSS_AFTER_TORCH} after-imports {RSS_AFTER_IMPORTS}", flush=True)
    step, _ = make_step(getattr(torch, dtype_name))
    for _ in range(steps):
        step()


def memory(binary):
    mib = 1 / 1024
    _, go_kib = child_peak_rss(go_command(binary, 1, MEM_STEPS)[0], dict(os.environ, GOMAXPROCS="1"),
                               REPO / "pkg/model")
    rows = [("Go (engine, float64)", go_kib, None)]
    for name in ("float64", "float32"):
        out, kib = child_peak_rss([sys.executable, __file__, "--train-child", name, str(MEM_STEPS)],
                                  dict(os.environ), REPO)
        found = re.search(r"after-import-torch (\d+) after-imports (\d+)", out)
        if not found:
            sys.exit("could not read the child's baseline RSS from:\n" + out)
        rows.append((f"torch {name}", kib, (int(found.group(1)), int(found.group(2)))))
    print(f"\npeak resident memory, {MEM_STEPS} training steps, 1 thread, each side in its own process:")
    print(f"{'side':<22} {'peak MiB':>9}  baseline (peak RSS right after imports, before any model)")
    for name, kib, base in rows:
        note = "" if base is None else (f"import torch {base[0] * mib:.0f} MiB, "
                                        f"+ transformers {base[1] * mib:.0f} MiB; "
                                        f"peak above it {(kib - base[1]) * mib:.0f} MiB")
        print(f"{name:<22} {kib * mib:9.0f}  {note}")


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    binary = Path(tempfile.mkdtemp()) / "model.test"
    subprocess.run(["go", "test", "-c", "-o", str(binary), "./pkg/model"], cwd=REPO, check=True)
    step64, n64 = make_step(torch.float64)
    step32, n32 = make_step(torch.float32)
    _, n_go = go_round(binary, 1, 1)
    same = "equal" if n_go == n64 == n32 else "DIFFERENT"
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"torch {torch.__version__}, parameters: Go {n_go:,}, torch {n64:,} ({same}); "
          f"batch {BATCH}×{CONTEXT}, {STEPS} steps per round after a warm-up, {rounds} rounds, medians")
    print(f"{'threads':>7} {'go ms':>8} {'torch f64 ms':>12} {'torch f32 ms':>12} {'go/f64':>7} {'go/f32':>7}")
    best = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        gos, t64s, t32s = [], [], []
        for _ in range(rounds):
            gos.append(go_round(binary, threads)[0])
            t64s.append(torch_round(step64))
            t32s.append(torch_round(step32))
        g, t64, t32 = (statistics.median(x) * 1e3 for x in (gos, t64s, t32s))
        print(f"{threads:>7} {g:8.1f} {t64:12.1f} {t32:12.1f} {g / t64:7.2f} {g / t32:7.2f}", flush=True)
        for side, ms in (("go", g), ("f64", t64), ("f32", t32)):
            if side not in best or ms < best[side][0]:
                best[side] = (ms, threads)
    g, gt = best["go"]
    for side, label in (("f64", "torch float64"), ("f32", "torch float32")):
        t, tt = best[side]
        verdict = "Go ≤ torch" if g <= t else "Go slower"
        print(f"best: Go {g:.1f} ms ({gt} thr) vs {label} {t:.1f} ms ({tt} thr): go/torch {g / t:.2f} ({verdict})")
    memory(binary)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--train-child":
        train_child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
