package autograd

import (
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/internal/vec"
	"math"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/tensor"
)

func checkGain(op string, x, p *Value, name string) {
	_, c := x.Dims()
	pr, pc := p.Dims()
	if pr != 1 || pc != c {
		panics.Panicf("autograd", op, "x is %s, %s is %s; %s must be 1×%d", tensor.Shape(x.Data), name, tensor.Shape(p.Data), name, c)
	}
}

// LayerNorm normalises each row of x (n×d) to mean 0 and variance 1, then
// applies a gain and a bias (both 1×d):
//
//	μ = (1/d) Σⱼ xⱼ,  σ² = (1/d) Σⱼ (xⱼ − μ)²  (biased, as in PyTorch),
//	x̂ⱼ = (xⱼ − μ) / √(σ² + eps),  yⱼ = gainⱼ x̂ⱼ + biasⱼ.
//
// Gradients, row by row, with ĝ = g ⊙ gain and g = ∂L/∂y:
//
//	∂L/∂x = (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) / √(σ² + eps),
//	∂L/∂gain = Σᵢ gᵢ ⊙ x̂ᵢ,  ∂L/∂bias = Σᵢ gᵢ.
func LayerNorm(x, gain, bias *Value, eps float64) *Value {
	checkGain("LayerNorm", x, gain, "gain")
	checkGain("LayerNorm", x, bias, "bias")
	n, d := x.Dims()
	xhat := tensor.NewUninit(n, d) // every entry written below
	rstd := make([]float64, n)
	out := tensor.NewUninit(n, d)
	g, b := gain.Data.RawRowView(0), bias.Data.RawRowView(0)
	parallelRows(n, d, func(lo, hi int) {
		var mu [4]float64
		for i := lo; i < hi; i += 4 {
			rows := min(4, hi-i)
			meanVar4(x.Data, i, rows, &mu, rstd[i:i+rows])
			for r := range rows {
				variance := rstd[i+r] / float64(d)
				rstd[i+r] = 1 / math.Sqrt(variance+eps)
				xr, hr, yr := x.Data.RawRowView(i+r), xhat.RawRowView(i+r), out.RawRowView(i+r)
				vec.LayerNormRow(hr, yr, xr, g, b, mu[r], rstd[i+r]) // x̂ = (x − μ)·rstd, y = gain·x̂ + bias
			}
		}
	})
	if !recorded(x, gain, bias) {
		// No backward pass will read x̂ (inference): its storage goes back
		// to the pool for the next norm, instead of fresh memory that the
		// runtime must zero (1.5 MB per norm of a 256-token GPT-2 pass).
		tensor.Recycle(xhat)
	}
	return result("layernorm", out, func(o *Value) {
		normBackward(o, x, gain, xhat, rstd, true)
		if bias.requiresGrad {
			gb := gradOf(bias).RawRowView(0)
			for i := 0; i < n; i++ {
				addRow(gb, o.Grad.RawRowView(i))
			}
		}
	}, x, gain, bias)
}

// meanVar4 computes, for rows i…i+rows−1 of x (rows ≤ 4), the mean μ of
// each row into mu and the sum Σⱼ (xⱼ − μ)² into sq, each in the order of
// one row's loop: μ = (x₀ + x₁ + …)/d, then the squares added from j = 0.
// The rows' sums are independent chains, so running four side by side lets
// the adds of one row issue while another's wait on their latency: a row
// alone waits four cycles per add, and 1536 adds made LayerNorm on a
// 256×768 matrix take ~0.5 ms. The bits are each row's own loop's.
func meanVar4(x *mat.Dense, i, rows int, mu *[4]float64, sq []float64) {
	x0, x1, x2, x3 := rows4(x, i, rows)
	d := len(x0)
	s0, s1, s2, s3 := 0.0, 0.0, 0.0, 0.0
	for j, v := range x0 {
		s0 += v
		s1 += x1[j]
		s2 += x2[j]
		s3 += x3[j]
	}
	m0, m1, m2, m3 := s0/float64(d), s1/float64(d), s2/float64(d), s3/float64(d)
	v0, v1, v2, v3 := 0.0, 0.0, 0.0, 0.0
	for j, v := range x0 {
		v0 += float64((v - m0) * (v - m0))
		v1 += float64((x1[j] - m1) * (x1[j] - m1))
		v2 += float64((x2[j] - m2) * (x2[j] - m2))
		v3 += float64((x3[j] - m3) * (x3[j] - m3))
	}
	means, sums := [4]float64{m0, m1, m2, m3}, [4]float64{v0, v1, v2, v3}
	copy(mu[:], means[:rows])
	copy(sq, sums[:rows])
}

// rows4 returns rows i…i+rows−1 of x (rows ≤ 4), a short group repeating
// its last row, each sliced to the first's length so that indexing them
// by its index needs no bounds checks.
func rows4(x *mat.Dense, i, rows int) (x0, x1, x2, x3 []float64) {
	x0 = x.RawRowView(i)
	d := len(x0)
	x1 = x.RawRowView(i + min(1, rows-1))[:d]
	x2 = x.RawRowView(i + min(2, rows-1))[:d]
	x3 = x.RawRowView(i + min(3, rows-1))[:d]
	return x0, x1, x2, x3
}

// sumSquares4 is meanVar4's second sum for RMSNorm: Σⱼ xⱼ², each square
// rounded, in order from j = 0, for rows i…i+rows−1 (rows ≤ 4) side by
// side, into sq.
func sumSquares4(x *mat.Dense, i, rows int, sq []float64) {
	x0, x1, x2, x3 := rows4(x, i, rows)
	s0, s1, s2, s3 := 0.0, 0.0, 0.0, 0.0
	for j, v := range x0 {
		s0 += float64(v * v)
		s1 += float64(x1[j] * x1[j])
		s2 += float64(x2[j] * x2[j])
		s3 += float64(x3[j] * x3[j])
	}
	sums := [4]float64{s0, s1, s2, s3}
	copy(sq, sums[:rows])
}

// RMSNorm scales each row of x (n×d) by the reciprocal of its root mean
// square, then applies a gain (1×d):
//
//	r = √((1/d) Σⱼ xⱼ² + eps),  x̂ⱼ = xⱼ / r,  yⱼ = gainⱼ x̂ⱼ.
//
// Unlike LayerNorm it neither subtracts the mean nor adds a bias.
// Gradients, row by row, with ĝ = g ⊙ gain:
//
//	∂L/∂x = (ĝ − x̂ · mean(ĝ ⊙ x̂)) / r,  ∂L/∂gain = Σᵢ gᵢ ⊙ x̂ᵢ.
func RMSNorm(x, gain *Value, eps float64) *Value {
	checkGain("RMSNorm", x, gain, "gain")
	n, d := x.Dims()
	xhat := tensor.NewUninit(n, d) // every entry written below
	rinv := make([]float64, n)
	out := tensor.NewUninit(n, d)
	g := gain.Data.RawRowView(0)
	parallelRows(n, d, func(lo, hi int) {
		for i := lo; i < hi; i += 4 {
			rows := min(4, hi-i)
			sumSquares4(x.Data, i, rows, rinv[i:i+rows])
			for r := range rows {
				rinv[i+r] = 1 / math.Sqrt(rinv[i+r]/float64(d)+eps)
				xr, hr, yr := x.Data.RawRowView(i+r), xhat.RawRowView(i+r), out.RawRowView(i+r)
				vec.RMSNormRow(hr, yr, xr, g, rinv[i+r]) // x̂ = x·rinv, y = gain·x̂
			}
		}
	})
	if !recorded(x, gain) {
		tensor.Recycle(xhat) // as in LayerNorm
	}
	return result("rmsnorm", out, func(o *Value) {
		normBackward(o, x, gain, xhat, rinv, false)
	}, x, gain)
}

// normBackward is the shared backward of LayerNorm and RMSNorm; they
// differ only in whether the mean was subtracted (centered).
func normBackward(o, x, gain *Value, xhat *mat.Dense, rscale []float64, centered bool) {
	n, d := x.Dims()
	g := gain.Data.RawRowView(0)
	var gg []float64
	if gain.requiresGrad {
		gg = gradOf(gain).RawRowView(0)
	}
	var gx *mat.Dense
	if x.requiresGrad {
		gx = gradOf(x)
	}
	// The gain's gradient sums over rows: one goroutine, in row order.
	if gg != nil {
		for i := 0; i < n; i++ {
			vec.MulAdd(gg, o.Grad.RawRowView(i), xhat.RawRowView(i)) // gg += g ⊙ x̂
		}
	}
	if gx == nil {
		return
	}
	parallelRows(n, d, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			up, hr := o.Grad.RawRowView(i), xhat.RawRowView(i)
			meanG, meanGH := 0.0, 0.0
			for j := range up {
				gh := float64(up[j] * g[j])
				meanG += gh
				meanGH += float64(gh * hr[j])
			}
			meanG /= float64(d)
			meanGH /= float64(d)
			if !centered {
				meanG = 0
			}
			vec.NormGradRow(gx.RawRowView(i), up, g, hr, meanG, meanGH, rscale[i])
		}
	})
}
