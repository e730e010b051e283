//go:build ignore

// Exercise 11-4: one AdamW update.
package main

// adamW returns θ, m and v after AdamW step t (t = 1, 2, …), given θ, the
// gradient g and the moments m, v after step t − 1:
//
//	θ ← θ(1 − lr·λ);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
//	θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
func adamW(θ, g, m, v float64, t int, lr, β1, β2, ε, λ float64) (θNew, mNew, vNew float64) {
	θ *= 1 - lr*λ
	m = β1*m + (1-β1)*g
	v = β2*v + (1-β2)*g*g
	mHat := m / (1 - math.Pow(β1, float64(t)))
	vHat := v / (1 - math.Pow(β2, float64(t)))
	return θ - lr*mHat/(math.Sqrt(vHat)+ε), m, v
}
