#!/usr/bin/env python3
"""Write the PyTorch fixtures that pkg/autograd and pkg/optim test against.

Every input is drawn here, in float64, from torch.manual_seed, and stored in
the fixture next to PyTorch's outputs and gradients, so the Go tests see
exactly the same numbers. Floats are written with Python's repr (the
shortest string that round-trips), so every float64 survives exactly.

Usage (from the repository root, see README.md):
    .venv-oracles/bin/python tools/torchfixtures/gen.py
"""
import json
import math
import os
import warnings

# torch works without numpy; silence its import-time notice about it.
warnings.filterwarnings("ignore", message="Failed to initialize NumPy")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_default_dtype(torch.float64)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AUTOGRAD_OUT = os.path.join(ROOT, "pkg", "autograd", "testdata", "torch", "ops.json")
MLP_OUT = os.path.join(ROOT, "pkg", "autograd", "testdata", "torch", "mlp.json")
OPTIM_OUT = os.path.join(ROOT, "pkg", "optim", "testdata", "torch", "optim.json")


def mat(t):
    """A 2-D float64 tensor as {"shape": [r, c], "data": [row-major floats]}."""
    t = t.detach()
    assert t.dim() == 2 and t.dtype == torch.float64, (t.shape, t.dtype)
    data = t.reshape(-1).tolist()
    assert all(math.isfinite(v) for v in data), "fixtures hold finite numbers only"
    return {"shape": list(t.shape), "data": data}


def randn(r, c):
    return torch.randn(r, c, dtype=torch.float64)


def away_from_zero(r, c):
    """Entries in ±[0.2, 1.5]: far from ReLU's kink at 0."""
    mag = 0.2 + 1.3 * torch.rand(r, c, dtype=torch.float64)
    sign = torch.where(torch.rand(r, c, dtype=torch.float64) < 0.5, -1.0, 1.0)
    return mag * sign


def op_case(name, fn, inputs, ints=None, attrs=None):
    """Run fn on leaf copies of inputs and backpropagate a random upstream
    gradient U through L = Σ out ⊙ U; record out and every input's grad."""
    leaves = {k: v.clone().requires_grad_(True) for k, v in inputs.items()}
    out = fn(leaves, ints or {}, attrs or {})
    upstream = randn(*out.shape)
    (out * upstream).sum().backward()
    return {
        "name": name,
        "inputs": {k: mat(v) for k, v in inputs.items()},
        "ints": ints or {},
        "attrs": attrs or {},
        "upstream": mat(upstream),
        "output": mat(out),
        "grads": {k: mat(v.grad) for k, v in leaves.items()},
    }


def causal(s):
    n, m = s.shape
    drop = torch.ones(n, m, dtype=torch.bool).triu(diagonal=m - n + 1)
    return s.masked_fill(drop, float("-inf"))


def split_concat(x, heads):
    hs = x.split(x.shape[1] // heads, dim=1)
    return torch.cat([torch.tanh(hs[2]), 3 * hs[1], hs[0] * hs[0]], dim=1)


def attention(x, wq, wk, wv, wo, heads):
    """Causal multi-head self-attention on one sequence, as pkg/autograd
    composes it: split the projections into heads, softmax(mask(q·kᵀ/√d))·v,
    concatenate the heads, project."""
    q, k, v = x @ wq, x @ wk, x @ wv
    d = q.shape[1] // heads
    outs = []
    for h in range(heads):
        qh, kh, vh = (t[:, h * d:(h + 1) * d] for t in (q, k, v))
        outs.append(F.softmax(causal(qh @ kh.T / math.sqrt(d)), dim=-1) @ vh)
    return torch.cat(outs, dim=1) @ wo


def ops_fixtures():
    torch.manual_seed(20261127)
    c = []
    c.append(op_case("matmul", lambda v, i, a: v["a"] @ v["b"], {"a": randn(3, 4), "b": randn(4, 5)}))
    c.append(op_case("add", lambda v, i, a: v["a"] + v["b"], {"a": randn(3, 4), "b": randn(3, 4)}))
    c.append(op_case("add_broadcast", lambda v, i, a: v["a"] + v["b"], {"a": randn(3, 4), "b": randn(1, 4)}))
    c.append(op_case("sub_broadcast", lambda v, i, a: v["a"] - v["b"], {"a": randn(3, 4), "b": randn(1, 4)}))
    c.append(op_case("mul", lambda v, i, a: v["a"] * v["b"], {"a": randn(3, 4), "b": randn(3, 4)}))
    c.append(op_case("mul_broadcast", lambda v, i, a: v["a"] * v["b"], {"a": randn(3, 4), "b": randn(1, 4)}))
    c.append(op_case("scale", lambda v, i, a: v["a"] * a["s"], {"a": randn(2, 3)}, attrs={"s": -2.5}))
    c.append(op_case("sum", lambda v, i, a: v["a"].sum().reshape(1, 1), {"a": randn(3, 2)}))
    c.append(op_case("mean", lambda v, i, a: v["a"].mean().reshape(1, 1), {"a": randn(3, 2)}))
    c.append(op_case("transpose", lambda v, i, a: v["a"].T, {"a": randn(2, 5)}))
    c.append(op_case("split_concat", lambda v, i, a: split_concat(v["a"], 3), {"a": randn(3, 6)}))
    c.append(op_case("concat_rows", lambda v, i, a: torch.cat([v["a"], v["b"], v["a"]], 0),
                     {"a": randn(2, 3), "b": randn(1, 3)}))
    c.append(op_case("slice_rows", lambda v, i, a: v["a"][1:4], {"a": randn(5, 4)}, attrs={"lo": 1, "hi": 4}))
    c.append(op_case("slice_cols", lambda v, i, a: v["a"][:, 2:4], {"a": randn(5, 4)}, attrs={"lo": 2, "hi": 4}))
    c.append(op_case("softmax", lambda v, i, a: F.softmax(v["a"], dim=-1), {"a": randn(3, 5)}))
    c.append(op_case("log_softmax", lambda v, i, a: F.log_softmax(v["a"], dim=-1), {"a": randn(3, 5)}))
    big = randn(3, 5) * 30 + 500  # large logits: only a stable log-sum-exp survives
    c.append(op_case("cross_entropy", lambda v, i, a: F.cross_entropy(v["a"], torch.tensor(i["targets"])).reshape(1, 1),
                     {"a": randn(4, 6)}, ints={"targets": [0, 5, 2, 2]}))
    c.append(op_case("cross_entropy_large", lambda v, i, a: F.cross_entropy(v["a"], torch.tensor(i["targets"])).reshape(1, 1),
                     {"a": big}, ints={"targets": [4, 0, 1]}))
    c.append(op_case("causal_mask_softmax", lambda v, i, a: F.softmax(causal(v["a"]), dim=-1), {"a": randn(4, 4)}))
    c.append(op_case("causal_mask_rect_softmax", lambda v, i, a: F.softmax(causal(v["a"]), dim=-1), {"a": randn(2, 5)}))
    c.append(op_case("embedding", lambda v, i, a: F.embedding(torch.tensor(i["ids"]), v["table"]),
                     {"table": randn(5, 3)}, ints={"ids": [3, 0, 3, 4, 3]}))
    c.append(op_case("layer_norm", lambda v, i, a: F.layer_norm(v["x"], (v["x"].shape[1],), v["gain"].reshape(-1), v["bias"].reshape(-1), a["eps"]),
                     {"x": randn(3, 5), "gain": 1 + 0.3 * randn(1, 5), "bias": randn(1, 5)}, attrs={"eps": 1e-5}))
    c.append(op_case("rms_norm", lambda v, i, a: F.rms_norm(v["x"], (v["x"].shape[1],), v["gain"].reshape(-1), a["eps"]),
                     {"x": randn(3, 5), "gain": 1 + 0.3 * randn(1, 5)}, attrs={"eps": 1e-6}))
    c.append(op_case("relu", lambda v, i, a: F.relu(v["a"]), {"a": away_from_zero(3, 4)}))
    c.append(op_case("gelu_tanh", lambda v, i, a: F.gelu(v["a"], approximate="tanh"), {"a": randn(3, 4)}))
    c.append(op_case("gelu_exact", lambda v, i, a: F.gelu(v["a"]), {"a": randn(3, 4)}))
    c.append(op_case("silu", lambda v, i, a: F.silu(v["a"]), {"a": randn(3, 4)}))
    c.append(op_case("sigmoid", lambda v, i, a: torch.sigmoid(v["a"]), {"a": randn(3, 4)}))
    c.append(op_case("tanh", lambda v, i, a: torch.tanh(v["a"]), {"a": randn(3, 4)}))
    c.append(op_case("exp", lambda v, i, a: torch.exp(v["a"]), {"a": randn(3, 4)}))
    c.append(op_case("attention", lambda v, i, a: attention(v["x"], v["wq"], v["wk"], v["wv"], v["wo"], int(a["heads"])),
                     {"x": randn(4, 6), "wq": randn(6, 6) * 0.5, "wk": randn(6, 6) * 0.5,
                      "wv": randn(6, 6) * 0.5, "wo": randn(6, 6) * 0.5}, attrs={"heads": 2}))
    c.append(op_case("log", lambda v, i, a: torch.log(v["a"]), {"a": 0.5 + 1.5 * torch.rand(2, 3, dtype=torch.float64)}))
    c.append(op_case("matmul_t", lambda v, i, a: v["a"] @ v["b"].T, {"a": randn(3, 4), "b": randn(5, 4)}))
    # RoPE, both conventions: 3 rows at positions [0, 5, 2], 2 heads of 4.
    for conv in ("half", "interleaved"):
        c.append(op_case("rope_" + conv, lambda v, i, a, conv=conv: rope(v["x"], i["positions"], int(a["head"]), a["base"], conv),
                         {"x": randn(3, 8)}, ints={"positions": [0, 5, 2]}, attrs={"head": 4, "base": 10000.0}))
    return c


def rope(x, positions, head, base, conv):
    """Rotary position embedding written from its definition: in every head
    of width `head`, pair i (coordinates (i, i + head/2) for "half", the
    Hugging Face Llama layout; (2i, 2i+1) for "interleaved", the RoPE
    paper's) is rotated by p·θᵢ with θᵢ = base^(−2i/head)."""
    half = head // 2
    theta = base ** (-2.0 * torch.arange(half, dtype=torch.float64) / head)
    angle = torch.tensor(positions, dtype=torch.float64).reshape(-1, 1) * theta.reshape(1, -1)
    cos, sin = torch.cos(angle), torch.sin(angle)
    heads = []
    for h in range(x.shape[1] // head):
        xh = x[:, h * head:(h + 1) * head]
        if conv == "half":
            a, b = xh[:, :half], xh[:, half:]
            heads.append(torch.cat([a * cos - b * sin, a * sin + b * cos], 1))
        else:
            a, b = xh[:, 0::2], xh[:, 1::2]
            out = torch.stack([a * cos - b * sin, a * sin + b * cos], 2)
            heads.append(out.reshape(x.shape[0], head))
    return torch.cat(heads, 1)


# ---- the composite: a 2-layer MLP with cross-entropy ----------------------

MLP_SHAPE = dict(batch=8, d_in=6, hidden=5, classes=4)


def mlp_init():
    torch.manual_seed(7)
    s = MLP_SHAPE
    x = randn(s["batch"], s["d_in"])
    targets = torch.randint(0, s["classes"], (s["batch"],)).tolist()
    params = {
        "w1": randn(s["d_in"], s["hidden"]) * 0.5,
        "b1": randn(1, s["hidden"]) * 0.1,
        "w2": randn(s["hidden"], s["classes"]) * 0.5,
        "b2": randn(1, s["classes"]) * 0.1,
    }
    return x, targets, params


def mlp_loss(x, targets, p):
    """logits = tanh(x·W1 + b1)·W2 + b2; loss = mean cross-entropy."""
    h = torch.tanh(x @ p["w1"] + p["b1"])
    logits = h @ p["w2"] + p["b2"]
    return F.cross_entropy(logits, torch.tensor(targets)), h, logits


def mlp_fixture():
    x, targets, init = mlp_init()
    p = {k: v.clone().requires_grad_(True) for k, v in init.items()}
    loss, h, logits = mlp_loss(x, targets, p)
    loss.backward()
    return {
        "x": mat(x),
        "targets": targets,
        "params": {k: mat(v) for k, v in init.items()},
        "hidden": mat(h),
        "logits": mat(logits),
        "loss": loss.item(),
        "grads": {k: mat(v.grad) for k, v in p.items()},
    }


# ---- optimizers ------------------------------------------------------------

ORDER = ["w1", "b1", "w2", "b2"]
STEPS = 5


def warmup_cosine(step, warmup, total, min_ratio):
    """The LR factor of pkg/optim.WarmupCosine (same formula, see its doc)."""
    if step < warmup:
        return (step + 1) / warmup
    if step >= total:
        return min_ratio
    r = (step - warmup) / (total - warmup)
    return min_ratio + 0.5 * (1 - min_ratio) * (1 + math.cos(math.pi * r))


def optim_run(name, make_opt, clip=None, sched=None):
    x, targets, init = mlp_init()
    params = [init[k].clone().requires_grad_(True) for k in ORDER]
    opt = make_opt(params)
    lr_sched = None
    if sched is not None:
        lr_sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: warmup_cosine(s, **sched))
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss, _, _ = mlp_loss(x, targets, dict(zip(ORDER, params)))
        loss.backward()
        rec = {"loss": loss.item(), "lr": opt.param_groups[0]["lr"]}
        if clip is not None:
            rec["grad_norm"] = torch.nn.utils.clip_grad_norm_(params, clip).item()
        opt.step()
        if lr_sched is not None:
            lr_sched.step()
        rec["params"] = {k: mat(p) for k, p in zip(ORDER, params)}
        steps.append(rec)
    return {"name": name, "clip": clip, "sched": sched, "steps": steps}


def optim_fixtures():
    O = torch.optim
    return [
        optim_run("sgd", lambda ps: O.SGD(ps, lr=0.1)),
        optim_run("sgd_momentum", lambda ps: O.SGD(ps, lr=0.1, momentum=0.9)),
        optim_run("sgd_nesterov_wd",
                  lambda ps: O.SGD(ps, lr=0.05, momentum=0.8, dampening=0.0, weight_decay=0.01, nesterov=True)),
        optim_run("sgd_momentum_dampening", lambda ps: O.SGD(ps, lr=0.05, momentum=0.8, dampening=0.3)),
        optim_run("adam", lambda ps: O.Adam(ps, lr=0.01)),
        optim_run("adam_l2", lambda ps: O.Adam(ps, lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05)),
        optim_run("adamw", lambda ps: O.AdamW(ps, lr=0.01, weight_decay=0.1)),
        optim_run("adamw_clip_warmup_cosine", lambda ps: O.AdamW(ps, lr=0.02, betas=(0.9, 0.95), weight_decay=0.1),
                  clip=0.5, sched=dict(warmup=2, total=5, min_ratio=0.1)),
        optim_run("sgd_clip_large", lambda ps: O.SGD(ps, lr=0.1), clip=100.0),
    ]


def write(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"wrote {os.path.relpath(path, ROOT)} ({os.path.getsize(path)} bytes)")


def main():
    meta = {"torch_version": torch.__version__, "generator": "tools/torchfixtures/gen.py"}
    write(AUTOGRAD_OUT, {**meta, "cases": ops_fixtures()})
    write(MLP_OUT, {**meta, "mlp": mlp_fixture()})
    x, targets, init = mlp_init()
    write(OPTIM_OUT, {**meta, "order": ORDER, "x": mat(x), "targets": targets,
                      "init": {k: mat(v) for k, v in init.items()}, "runs": optim_fixtures()})


if __name__ == "__main__":
    main()
