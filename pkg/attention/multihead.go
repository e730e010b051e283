package attention

import (
	"llminternals/pkg/autograd"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// MultiHead runs Attend once per query head and concatenates the results:
//
//	outₕ = Attend(qₕ, k_g(h), v_g(h), mask),   out = [out₀ | out₁ | … | out_{H−1}]
//
// q is n×(H·d_k), holding H query heads of width d_k side by side; k is
// m×(G·d_k) and v is m×(G·d_v), holding G key/value heads, where G
// divides H. Query head h uses key/value head g(h) = h / (H/G), so each
// KV head serves H/G consecutive query heads: G = H is multi-head
// attention (GPT-2), 1 < G < H grouped-query attention (Llama 2 70B,
// Llama 3), G = 1 multi-query attention. out is n×(H·d_v); weights[h] is
// head h's n×m weights.
//
// The caller projects q, k and v (adding biases, rotating by RoPE, and
// appending cached keys and values as the model needs) before calling,
// and projects out after.
func MultiHead(q, k, v *autograd.Value, heads, kvHeads int, mask Mask) (out *autograd.Value, weights []*autograd.Value) {
	const op = "MultiHead"
	checkHeads(op, q, k, v, heads, kvHeads)
	qs := autograd.SplitCols(q, heads)
	ks := autograd.SplitCols(k, kvHeads)
	vs := autograd.SplitCols(v, kvHeads)
	group := heads / kvHeads
	outs := make([]*autograd.Value, heads)
	weights = make([]*autograd.Value, heads)
	for h := range outs {
		outs[h], weights[h] = attend(op, qs[h], ks[h/group], vs[h/group], mask)
	}
	return autograd.ConcatCols(outs...), weights
}

// checkHeads panics unless q holds H = heads query heads and k and v hold
// G = kvHeads key/value heads of matching widths, G dividing H.
func checkHeads(op string, q, k, v *autograd.Value, heads, kvHeads int) {
	_, qc := q.Dims()
	_, kc := k.Dims()
	_, vc := v.Dims()
	if heads <= 0 || kvHeads <= 0 || heads%kvHeads != 0 {
		panics.Panicf("attention", op, "%d query heads and %d key/value heads; the KV heads must be ≥ 1 and divide the query heads", heads, kvHeads)
	}
	if qc%heads != 0 || kc%kvHeads != 0 || vc%kvHeads != 0 || qc/heads != kc/kvHeads {
		panics.Panicf("attention", op, "q is %s, k is %s, v is %s; need q = n×(%d·d_k), k = m×(%d·d_k), v = m×(%d·d_v)",
			tensor.Shape(q.Data), tensor.Shape(k.Data), tensor.Shape(v.Data), heads, kvHeads, kvHeads)
	}
}

// CausalSelfAttention is the attention sublayer of a decoder block
// without biases:
//
//	out = MultiHead(x·W_Q, x·W_K, x·W_V, H, G, causal) · W_O
//
// for x n×d_model, W_Q d_model×(H·d_k), W_K and W_V d_model×(G·d_k),
// W_O (H·d_k)×d_model. Each token attends to itself and the tokens
// before it.
func CausalSelfAttention(x, wq, wk, wv, wo *autograd.Value, heads, kvHeads int) *autograd.Value {
	q := autograd.MatMul(x, wq)
	k := autograd.MatMul(x, wk)
	v := autograd.MatMul(x, wv)
	out, _ := MultiHead(q, k, v, heads, kvHeads, Mask{Causal: true})
	return autograd.MatMul(out, wo)
}
