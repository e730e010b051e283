"""Hugging Face oracle for pkg/model: tiny float64 GPT-2 and Llama models
saved with save_pretrained, their logits for fixed token ids, and the
parameter counts of published configurations. See README.md."""

import json
import os
import shutil
import sys

import torch
import transformers
from transformers import (AutoModelForCausalLM, GPT2Config, GPT2LMHeadModel,
                          LlamaConfig, LlamaForCausalLM)
from transformers.models.llama import modeling_llama

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
OUT = os.path.join(ROOT, "pkg", "model", "testdata", "hf")

assert transformers.__version__ == "5.23.0", transformers.__version__
assert torch.__version__.split("+")[0] == "2.13.0", torch.__version__

IDS = [3, 17, 0, 42, 63, 17, 8, 25, 5, 61, 30]  # repeats and both ends of the vocabulary


def randomize(model, seed):
    """Replaces HF's init (std 0.02, unit norms, zero biases) by larger
    random values, so every weight, gain and bias moves the logits."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight") or ".ln_" in name and name.endswith(".weight"):
                p.copy_(1 + 0.2 * torch.randn(p.shape, generator=g, dtype=torch.float64))
            else:
                p.copy_(0.3 * torch.randn(p.shape, generator=g, dtype=torch.float64))


def logits_of(model, ids):
    with torch.no_grad():
        out = model(torch.tensor([ids])).logits[0]
    assert out.dtype == torch.float64
    return out


def rows(t):
    return [[float(x) for x in row] for row in t.tolist()]


# HF's Llama casts to float32 in three places, meant as an upcast for
# fp16/bf16 training: RMSNorm's statistics, the RoPE angles (inv_freq and
# position·inv_freq) and eager attention's softmax. In a float64 model
# those are downcasts, limiting agreement to ~1e-7. float64_llama() swaps
# in the same formulas without the casts; everything else (rotate_half,
# apply_rotary_pos_emb, repeat_kv, the MLP, sdpa attention) stays HF's.
def rmsnorm_float64(self, h):
    var = h.pow(2).mean(-1, keepdim=True)
    return self.weight * (h * torch.rsqrt(var + self.variance_epsilon))


def rotary_float64(self, x, position_ids):
    freqs = position_ids[..., None].to(torch.float64) * self.inv_freq.to(torch.float64)
    emb = torch.cat((freqs, freqs), dim=-1)
    return emb.cos().to(x.dtype), emb.sin().to(x.dtype)


def float64_llama(model, cfg):
    model.model.rotary_emb.forward = rotary_float64.__get__(model.model.rotary_emb)
    dim = cfg.head_dim
    base = cfg.rope_parameters["rope_theta"]
    model.model.rotary_emb.inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim))
    for m in model.modules():
        if isinstance(m, modeling_llama.LlamaRMSNorm):
            m.forward = rmsnorm_float64.__get__(m)


def save(model, name):
    d = os.path.join(OUT, name)
    shutil.rmtree(d, ignore_errors=True)
    model.save_pretrained(d)
    for f in os.listdir(d):
        if f not in ("config.json", "model.safetensors"):
            os.remove(os.path.join(d, f))  # generation_config.json: not needed
    size = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
    assert size < 1 << 20, (name, size)
    return d


def gpt2_tiny():
    cfg = GPT2Config(vocab_size=64, n_positions=16, n_embd=16, n_layer=2, n_head=4,
                     n_inner=None, activation_function="gelu_new", layer_norm_epsilon=1e-5,
                     resid_pdrop=0, embd_pdrop=0, attn_pdrop=0, tie_word_embeddings=True)
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(0)
    model = GPT2LMHeadModel(cfg).to(torch.float64).eval()
    randomize(model, 1)
    save(model, "gpt2-tiny")
    return {"ids": IDS, "logits": rows(logits_of(model, IDS))}


def llama_tiny():
    cfg = LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=40, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, head_dim=4,
                      max_position_embeddings=32, rms_norm_eps=1e-6,
                      rope_parameters={"rope_type": "default", "rope_theta": 500.0},
                      tie_word_embeddings=False, attention_bias=False, mlp_bias=False)
    cfg._attn_implementation = "sdpa"
    torch.manual_seed(0)
    model = LlamaForCausalLM(cfg).to(torch.float64).eval()
    randomize(model, 2)
    save(model, "llama-tiny")
    stock = logits_of(model, IDS)  # HF as shipped, with its float32 casts
    float64_llama(model, cfg)
    exact = logits_of(model, IDS)
    return {"ids": IDS, "logits": rows(exact), "stock_logits": rows(stock),
            "stock_max_abs_diff": float((stock - exact).abs().max())}


def count(cfg):
    """Parameters of a published configuration, built on the meta device
    (shapes only, no memory), split by the part each tensor belongs to."""
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(cfg)
    parts = {}
    for name, p in model.named_parameters():  # a tied tensor is listed once
        parts[name] = p.numel()
    total = sum(p.numel() for p in model.parameters())
    assert total == sum(parts.values())
    return {"total": total, "tensors": parts}


def main():
    os.makedirs(OUT, exist_ok=True)
    fixtures = {
        "transformers": transformers.__version__,
        "torch": torch.__version__,
        "models": {"gpt2-tiny": gpt2_tiny(), "llama-tiny": llama_tiny()},
        "param_counts": {
            "gpt2": count(GPT2Config()),
            "llama-2-7b": count(LlamaConfig(vocab_size=32000, hidden_size=4096, intermediate_size=11008,
                                            num_hidden_layers=32, num_attention_heads=32,
                                            num_key_value_heads=32, max_position_embeddings=4096,
                                            rms_norm_eps=1e-5, tie_word_embeddings=False)),
        },
    }
    with open(os.path.join(OUT, "fixtures.json"), "w") as f:
        json.dump(fixtures, f, indent=1)
        f.write("\n")
    for k, v in fixtures["param_counts"].items():
        print(k, v["total"])
    print("llama stock vs float64 max |Δlogit|:", fixtures["models"]["llama-tiny"]["stock_max_abs_diff"])


if __name__ == "__main__":
    sys.exit(main())
