"""Hugging Face oracle for pkg/sample: the logits after each of transformers'
logits processors and warpers for fixed rows and settings, the chains that
generate() builds, and greedy generate() token ids from the tiny GPT-2 and
Llama of pkg/model/testdata/hf. See README.md."""

import json
import math
import os
import sys

import torch
import transformers
from transformers import (AutoModelForCausalLM, GenerationConfig, LogitsProcessorList,
                          MinPLogitsWarper, RepetitionPenaltyLogitsProcessor,
                          TemperatureLogitsWarper, TopKLogitsWarper, TopPLogitsWarper)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (version pins, float64_llama)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
HF = os.path.join(ROOT, "pkg", "model", "testdata", "hf")
OUT = os.path.join(ROOT, "pkg", "sample", "testdata", "hf_sample.json")

torch.set_default_dtype(torch.float64)


def rows():
    g = torch.Generator().manual_seed(5)
    return {
        # one dominant token
        "peaked": [8.0, 1.0, 0.5, -0.3, 0.2, 1.0, -2.0, 0.1, 0.7, -1.0, 0.0, 0.3],
        # every token equally likely
        "flat": [0.25] * 10,
        # ties (three 2.0s, three 1.5s, two 0.9s), a zero, and very negative
        # logits whose probabilities underflow to 0 (−745, −1e4, −1e300)
        "ties_negative": [2.0, 2.0, 1.5, -1e4, 0.0, 1.5, -50.0, 2.0, -745.0, 0.3,
                          -0.3, 1.5, -1e300, 0.9, 0.9, -3.0],
        "random50": [float(x) for x in 2 * torch.randn(50, generator=g)],
    }


CONTEXT = [0, 3, 3, 5, 9, 1, 9]  # repeats, ids with positive, negative and zero logits


def single_settings():
    out = []
    for t in [0.5, 0.7, 1.3, 2.0]:
        out.append(("temperature", t, TemperatureLogitsWarper(t)))
    for k in [1, 2, 3, 5, 100]:
        out.append(("top_k", k, TopKLogitsWarper(k)))
    for p in [0.1, 0.3, 0.5, 0.8, 0.9, 0.95, 1.0]:
        out.append(("top_p", p, TopPLogitsWarper(p)))
    for p in [0.0, 0.05, 0.1, 0.3, 0.7, 1.0]:
        out.append(("min_p", p, MinPLogitsWarper(p)))
    for th in [1.3, 0.7]:
        out.append(("repetition_penalty", th, RepetitionPenaltyLogitsProcessor(th)))
    return out


CHAINS = [
    dict(temperature=0.8, top_k=6, top_p=0.9, min_p=0.05, repetition_penalty=1.2),
    dict(temperature=1.5, top_k=0, top_p=0.8, min_p=0.1, repetition_penalty=1.0),
    dict(temperature=0.6, top_k=4, top_p=1.0, repetition_penalty=1.5),
    dict(temperature=2.0, top_k=0, top_p=0.7, repetition_penalty=0.8),
]

MARGIN = 1e-9  # no cut may fall this close to a probability or running sum


def check_cut(proc, scores):
    """Fails if the result of a top-p or min-p step could flip under a
    last-bit difference between torch's softmax and another's. At top_p = 1
    and min_p ∈ {0, 1} the comparisons are exact (0 ≤ 0, p < 0, p < max p)
    and need no margin."""
    if isinstance(proc, TopPLogitsWarper) and proc.top_p < 1:
        s, _ = torch.sort(scores[0])
        c = s.softmax(-1).cumsum(-1)[:-1]
        gap = float((c - (1 - proc.top_p)).abs().min()) if len(c) else 1.0
    elif isinstance(proc, MinPLogitsWarper) and 0 < proc.min_p < 1:
        p = scores[0].softmax(-1)
        gap = float((p - proc.min_p * p.max()).abs().min())
    else:
        return
    assert gap > MARGIN, (type(proc).__name__, gap)


def apply(procs, ids, scores):
    for proc in procs:
        scores = proc(ids, scores)
    return scores


def tie_free(procs, ids, scores):
    """True if the set of removed tokens does not depend on the order of
    the vocabulary (torch.sort puts ties in an unspecified order): the
    chain gives the same −Inf set on the vocabulary reversed (which swaps
    every tied pair under a stable sort) and permuted 16 random ways."""
    ref = torch.isinf(apply(procs, ids, scores.clone()))
    n = scores.shape[-1]
    perms = [torch.arange(n - 1, -1, -1)]
    perms += [torch.randperm(n, generator=torch.Generator().manual_seed(seed)) for seed in range(16)]
    for perm in perms:
        inv = torch.argsort(perm)
        got = torch.isinf(apply(procs, inv[ids], scores[:, perm].clone()))
        back = torch.empty_like(got)
        back[:, perm] = got
        if not torch.equal(back, ref):
            return False
    return True


def encode(t):
    """Logits with −Inf written as null (JSON has no infinity)."""
    return [None if math.isinf(x) and x < 0 else float(x) for x in t[0].tolist()]


def run(procs, ids, row):
    scores = torch.tensor([row])
    for proc in procs:
        check_cut(proc, scores)
        scores = proc(ids, scores)
    assert scores.dtype == torch.float64
    return scores


def filters():
    out, skipped = [], []
    ids = torch.tensor([CONTEXT])
    for name, row in rows().items():
        for kind, value, proc in single_settings():
            scores = torch.tensor([row])
            if not tie_free([proc], ids, scores):
                skipped.append(f"{name} {kind}={value}: ties")
                continue
            try:
                res = run([proc], ids, row)
            except AssertionError as e:
                skipped.append(f"{name} {kind}={value}: cut within {e.args[0][1]:.2g}")
                continue
            out.append({"row": name, "filter": kind, "value": value, "context": CONTEXT,
                        "logits": encode(res), "probs": [float(x) for x in res[0].softmax(-1)]})
    return out, skipped


def chains(model, skipped):
    out = []
    ids = torch.tensor([CONTEXT])
    for name, row in rows().items():
        for settings in CHAINS:
            cfg = GenerationConfig(do_sample=True, **settings)
            procs = model._get_logits_processor(generation_config=cfg, input_ids_seq_length=len(CONTEXT),
                                                logits_processor=LogitsProcessorList(), device="cpu")
            names = [type(p).__name__ for p in procs]
            if not tie_free(procs, ids, torch.tensor([row])):
                skipped.append(f"{name} chain {settings}: ties")
                continue
            try:
                res = run(procs, ids, row)
            except AssertionError as e:
                skipped.append(f"{name} chain {settings}: cut within {e.args[0][1]:.2g}")
                continue
            out.append({"row": name, "settings": settings, "processors": names, "context": CONTEXT,
                        "logits": encode(res), "probs": [float(x) for x in res[0].softmax(-1)]})
    return out


def load(name):
    model = AutoModelForCausalLM.from_pretrained(os.path.join(HF, name), dtype=torch.float64,
                                                 attn_implementation="sdpa").eval()
    if name.startswith("llama"):
        gen.float64_llama(model, model.config)  # the float64 reference of pkg/model's parity test
    model.generation_config.eos_token_id = None  # run the full max_new_tokens
    model.generation_config.pad_token_id = 0
    return model


def min_gap(model, seq, prompt_len, penalty):
    """Smallest gap between the best and second-best (penalised) logit over
    the greedy steps: a near tie could flip under a last-bit difference."""
    gaps = []
    with torch.no_grad():
        for n in range(prompt_len, len(seq)):
            logits = model(torch.tensor([seq[:n]])).logits[:, -1]
            logits = RepetitionPenaltyLogitsProcessor(penalty)(torch.tensor([seq[:n]]), logits)[0]
            top = torch.topk(logits, 2).values
            gaps.append(float(top[0] - top[1]))
    return min(gaps)


def greedy(model, prompt, new, penalty=1.0):
    with torch.no_grad():
        out = model.generate(torch.tensor([prompt]), attention_mask=torch.ones(1, len(prompt), dtype=torch.long),
                             do_sample=False, max_new_tokens=new, repetition_penalty=penalty)
    seq = out[0].tolist()
    assert len(seq) == len(prompt) + new, seq
    return seq[len(prompt):]


def generations():
    cases = []
    for name, prompts in [("gpt2-tiny", [[3, 17, 42], [63, 0, 5, 8]]),
                          ("llama-tiny", [[1, 30, 7], [12, 12, 12, 50, 9]])]:
        model = load(name)
        for prompt in prompts:
            for penalty in [1.0, 1.5]:
                new = greedy(model, prompt, 12, penalty)
                case = {"model": name, "prompt": prompt, "repetition_penalty": penalty, "tokens": new}
                case["min_top2_gap"] = min_gap(model, prompt + new, len(prompt), penalty)
                assert case["min_top2_gap"] > MARGIN, case
                cases.append(case)
    return cases


def cropped():
    """GPT-2's learned position table holds 16 positions; past them nanoGPT
    feeds the model only the last 16 tokens. transformers' generate does not
    crop, so this greedy loop does it around the HF model's forward."""
    model = load("gpt2-tiny")
    ctx = model.config.n_positions
    seq = [3, 17, 42]
    gaps = []
    with torch.no_grad():
        for _ in range(30):
            logits = model(torch.tensor([seq[-ctx:]])).logits[0, -1]
            top = torch.topk(logits, 2).values
            gaps.append(float(top[0] - top[1]))
            seq.append(int(torch.argmax(logits)))
    assert min(gaps) > MARGIN, min(gaps)
    return {"model": "gpt2-tiny", "prompt": [3, 17, 42], "context": ctx, "tokens": seq[3:], "min_top2_gap": min(gaps)}


def main():
    single, skipped = filters()
    fixtures = {
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "rows": rows(),
        "filters": single,
        "skipped": skipped,
        "chains": chains(load("gpt2-tiny"), skipped),
        "greedy": generations(),
        "cropped": cropped(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixtures, f, indent=None, allow_nan=False)
        f.write("\n")
    print(len(single), "single-filter cases;", len(fixtures["chains"]), "chains; skipped:")
    for s in skipped:
        print("  ", s)
    for c in fixtures["greedy"]:
        print(c["model"], c["prompt"], c["repetition_penalty"], c["tokens"], c["min_top2_gap"])
    print("cropped", fixtures["cropped"]["tokens"], fixtures["cropped"]["min_top2_gap"])
    print("chain processors:", sorted({" → ".join(c["processors"]) for c in fixtures["chains"]}))


if __name__ == "__main__":
    sys.exit(main())
