#!/usr/bin/env python3
"""One training step of nanoGPT's baby GPT: the engine against PyTorch, side by side.

Both sides train nanoGPT's CPU "baby GPT" in GPT-2's architecture (4
layers, 4 heads, width 128, context 64, learned positions, LayerNorm,
tanh-GELU MLP of width 512, tied embeddings, biases, no dropout) at the
character level on the course's default corpus, the Go specification
(127 distinct characters: 817,792 parameters), on batches of 12 windows of
64 characters drawn from its training split. One step is: zero the
gradients, forward, mean cross-entropy, backward, clip the gradients'
global norm to 1, AdamW (weight decay 0.1 on every parameter, as both
torch.optim.AdamW and optim.NewAdamW do) at the warmup + cosine rate of
train.TinyTrainConfig. The engine runs pkg/train's BenchmarkTinyTrainStep
(Trainer.TrainStep, float64, GOMAXPROCS = threads), which takes the batch
as TinyTrainConfig does: two micro-batches of 6 windows on two replicas of
the model, side by side when there are two threads, their losses and
gradients averaged (train.Config.MicroBatches; the same mean, rounded in
another order). PyTorch takes the batch whole and splits each op over its
threads. PyTorch runs
transformers' GPT2LMHeadModel in float64 and in float32 with
torch.set_num_threads(threads). The text comes from the engine itself
(cmd/train-tiny -corpus-out), and the vocabulary is its sorted distinct
characters on both sides.

It prints three things:

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
3. Time to the same validation loss (TARGET, default 2.2): each side trains
   from a fresh model in float64 at its best thread count from 1., with
   TinyTrainConfig's settings, measures the validation loss on 8 fixed
   batches of the validation split every 50 steps, and stops at the first
   measurement ≤ TARGET; the wall time and step of each are printed. The
   engine runs cmd/train-tiny -target.

    .venv-oracles/bin/python tools/torchfixtures/bench_train.py [rounds] [target]

rounds defaults to 3; with 3 the whole run took 2 min 50 s on a shared
2-core machine (load average 4–5). Both load averages are printed, since
a busy machine hurts 2-thread rounds most. Needs Go, and torch and transformers
(tools/torchfixtures/requirements.txt); it builds the pkg/train test binary
and cmd/train-tiny once, in a temporary directory.
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
BATCH, CONTEXT = 12, 64
STEPS = 5  # timed steps per round and side
MEM_STEPS = 30  # steps of the memory runs
GO_BENCH = "^BenchmarkTinyTrainStep$"
# train.TinyTrainConfig: peak rate, warmup, total steps, final ratio, decay, clip
LR, WARMUP, TOTAL, MIN_RATIO, WEIGHT_DECAY, CLIP = 2e-3, 100, 3000, 0.1, 0.1, 1.0
EVAL_EVERY, EVAL_BATCHES = 50, 8


def corpus_ids(tools):
    """The Go spec as the engine's character ids (sorted distinct characters), split 90/10."""
    text = (tools / "corpus.txt").read_text(encoding="utf-8")
    chars = sorted(set(text))
    index = {c: i for i, c in enumerate(chars)}
    ids = torch.tensor([index[c] for c in text])
    n_val = round(0.1 * len(ids))
    return ids[:-n_val], ids[-n_val:], len(chars)


def windows(split, g):
    """BATCH random windows of CONTEXT+1 ids: inputs and the targets shifted by one."""
    starts = torch.randint(0, len(split) - CONTEXT, (BATCH,), generator=g)
    w = torch.stack([split[s:s + CONTEXT + 1] for s in starts.tolist()])
    return w[:, :-1], w[:, 1:].reshape(-1)


def rate(step):
    """train.TinyTrainConfig's warmup + cosine factor at step (0, 1, …)."""
    if step < WARMUP:
        return (step + 1) / WARMUP
    progress = min((step - WARMUP) / (TOTAL - WARMUP), 1.0)
    return MIN_RATIO + (1 - MIN_RATIO) * 0.5 * (1 + torch.cos(torch.tensor(progress * torch.pi)).item())


def make_model(dtype, vocab):
    torch.manual_seed(0)
    config = GPT2Config(n_layer=4, n_head=4, n_embd=128, n_positions=CONTEXT, vocab_size=vocab,
                        resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0, activation_function="gelu_new",
                        bos_token_id=None, eos_token_id=None)  # GPT-2's 50256 is out of this vocabulary
    return GPT2LMHeadModel(config).to(dtype).train()


def make_step(dtype, data):
    """Builds the baby GPT in dtype with AdamW on the corpus; returns (step, parameter count).
    step() trains on the next batch and returns the loss."""
    train_ids, _, vocab = data
    model = make_model(dtype, vocab)
    params = list(model.parameters())  # the tied head is the token table: listed once
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=WEIGHT_DECAY)
    g = torch.Generator().manual_seed(1)
    count = [0]

    def step():
        x, y = windows(train_ids, g)
        for group in opt.param_groups:
            group["lr"] = LR * rate(count[0])
        opt.zero_grad()
        logits = model(x).logits.reshape(BATCH * CONTEXT, vocab)
        loss = torch.nn.functional.cross_entropy(logits, y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, CLIP)
        opt.step()
        count[0] += 1
        return loss.item()

    step.model = model
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
    out = subprocess.run(cmd, cwd=REPO / "pkg/train", env=env, capture_output=True, text=True,
                         check=True).stdout
    found = re.search(r"BenchmarkTinyTrainStep\S*\s+\d+\s+([\d.]+) ns/op.*?\s([\d.]+) params", out)
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


def train_child(dtype_name, steps, tools):
    """The torch side of the memory run: prints the RSS after imports, then trains."""
    torch.set_num_threads(1)
    print(f"after-import-torch {RSS_AFTER_TORCH} after-imports {RSS_AFTER_IMPORTS}", flush=True)
    step, _ = make_step(getattr(torch, dtype_name), corpus_ids(Path(tools)))
    for _ in range(steps):
        step()


def memory(binary, tools):
    mib = 1 / 1024
    _, go_kib = child_peak_rss(go_command(binary, 1, MEM_STEPS)[0], dict(os.environ, GOMAXPROCS="1"),
                               REPO / "pkg/train")
    rows = [("Go (engine, float64)", go_kib, None)]
    for name in ("float64", "float32"):
        out, kib = child_peak_rss([sys.executable, __file__, "--train-child", name, str(MEM_STEPS), str(tools)],
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


def torch_until(target, threads, data):
    """Trains torch float64 from a fresh model until the validation loss ≤ target; (seconds, step, loss)."""
    torch.set_num_threads(threads)
    _, val_ids, vocab = data
    step, _ = make_step(torch.float64, data)
    g = torch.Generator().manual_seed(2)
    val = [windows(val_ids, g) for _ in range(EVAL_BATCHES)]
    model = step.model
    t0 = time.perf_counter()
    for n in range(1, TOTAL + 1):
        step()
        if n % EVAL_EVERY == 0:
            model.eval()
            with torch.no_grad():
                loss = sum(torch.nn.functional.cross_entropy(model(x).logits.reshape(-1, vocab), y).item()
                           for x, y in val) / len(val)
            model.train()
            if loss <= target:
                return time.perf_counter() - t0, n, loss
    sys.exit(f"torch did not reach {target} in {TOTAL} steps")


def go_until(cli, target, threads):
    out = subprocess.run([str(cli), "-target", str(target)], cwd=REPO, capture_output=True, text=True,
                         env=dict(os.environ, GOMAXPROCS=str(threads)), check=True).stdout
    found = re.search(r"reached validation loss ([\d.]+) .* at step (\d+) in ([\d.]+) s", out)
    if not found:
        sys.exit("could not read train-tiny -target's result from:\n" + out)
    return float(found.group(3)), int(found.group(2)), float(found.group(1))


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    target = float(sys.argv[2]) if len(sys.argv) > 2 else 2.2
    tools = Path(tempfile.mkdtemp())
    binary, cli = tools / "train.test", tools / "train-tiny"
    subprocess.run(["go", "test", "-c", "-o", str(binary), "./pkg/train"], cwd=REPO, check=True)
    subprocess.run(["go", "build", "-o", str(cli), "./cmd/train-tiny"], cwd=REPO, check=True)
    subprocess.run([str(cli), "-corpus-out", str(tools / "corpus.txt")], cwd=REPO, check=True)
    data = corpus_ids(tools)
    step64, n64 = make_step(torch.float64, data)
    step32, n32 = make_step(torch.float32, data)
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
    memory(binary, tools)
    go_s, go_n, go_v = go_until(cli, target, best["go"][1])
    t_s, t_n, t_v = torch_until(target, best["f64"][1], data)
    print(f"\ntime to validation loss ≤ {target} (float64, each at its best thread count, checked every {EVAL_EVERY} steps):")
    print(f"  Go    {go_s:7.1f} s  (step {go_n}, loss {go_v:.4f}, {best['go'][1]} thr)")
    print(f"  torch {t_s:7.1f} s  (step {t_n}, loss {t_v:.4f}, {best['f64'][1]} thr)   go/torch {go_s / t_s:.2f}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--train-child":
        train_child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
