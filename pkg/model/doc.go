// Package model is the course's one transformer: a configurable
// decoder-only model that is GPT-2 or Llama depending on its Config, built
// on package autograd's ops and package attention's one attention, and a
// loader for Hugging Face checkpoint directories (LoadHF) whose logits
// equal transformers' own.
//
// The files read in forward order, as nanoGPT's model.py does: config.go
// (Config, the published GPT2Small and Llama2_7B), layers.go (Linear,
// Embedding, Norm, Attention, MLP and GatedMLP, Block), model.go (Model,
// Forward), count.go (parameter counts by formula) and hf.go (LoadHF).
//
// # Parameter names
//
// Every parameter is registered in Model.Params under a name that says
// where it sits; "weight" matrices are input-major (x·W):
//
//	tok_emb                       V×d      token embeddings
//	pos_emb                       C×d      learned positions (Learned only)
//	block.{l}.norm1.gain / .bias  1×d      norm before attention (bias: LayerNorm only)
//	block.{l}.attn.q.weight       d×H·d_k  query projection (+ .bias 1×H·d_k when Config.Bias)
//	block.{l}.attn.k.weight       d×G·d_k  key projection (+ .bias)
//	block.{l}.attn.v.weight       d×G·d_k  value projection (+ .bias)
//	block.{l}.attn.out.weight     H·d_k×d  output projection (+ .bias)
//	block.{l}.norm2.gain / .bias  1×d      norm before the FFN
//	block.{l}.ffn.gate.weight     d×F      SwiGLU's gate (SwiGLU only)
//	block.{l}.ffn.up.weight       d×F      up projection (+ .bias)
//	block.{l}.ffn.down.weight     F×d      down projection (+ .bias)
//	norm.gain / norm.bias         1×d      final norm
//	head.weight                   d×V      LM head (absent when tied)
//
// # Errors
//
// The engine's policy (package tensor) applies. A Config passed to New and
// token ids passed to Forward are the program's own and panic when wrong,
// with a message naming the numbers; Config.Validate and Model.CheckIDs
// return the same messages as errors for callers whose configs or ids come
// from data. LoadHF reads files and returns every problem as an error
// naming the file, the tensor and the shapes involved.
package model
