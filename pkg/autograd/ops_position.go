package autograd

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/internal/detmath"
	"llminternals/pkg/internal/panics"
	"llminternals/pkg/tensor"
)

// Sinusoidal returns the fixed position encoding of "Attention Is All You
// Need" for the given positions, a len(positions)×d matrix:
//
//	PE(p, 2i)   = sin(p·ωᵢ),  PE(p, 2i+1) = cos(p·ωᵢ),  ωᵢ = base^(−2i/d)
//
// (base = 10000 in the paper). Each pair of columns is a clock turning at
// its own frequency, from one radian per position down to 1/base, so every
// position gets a distinct code and PE(p+k) is a rotation of PE(p) that
// depends only on k. It has no parameters, so it is a matrix, not an op:
// a model adds Const(Sinusoidal(…)) to its token embeddings. An odd d
// leaves the last column as the sine of its pair. d must be positive and
// positions non-negative; otherwise it panics.
func Sinusoidal(positions []int, d int, base float64) *mat.Dense {
	if d <= 0 || !(base > 0) {
		panics.Panicf("autograd", "Sinusoidal", "need width d > 0 and base > 0, got d=%d, base=%v", d, base)
	}
	checkPositions("Sinusoidal", positions)
	omega := frequencies((d+1)/2, d, base) // ωᵢ for i < ⌈d/2⌉
	out := tensor.New(len(positions), d)
	for r, p := range positions {
		row := out.RawRowView(r)
		for i, w := range omega {
			angle := float64(p) * w
			row[2*i] = detmath.Sin(angle)
			if 2*i+1 < d {
				row[2*i+1] = detmath.Cos(angle)
			}
		}
	}
	return out
}

// RoPEConvention says which coordinates of a head RoPE rotates together.
// Both rotate d/2 planes by the same angles p·θᵢ; they differ only in how
// the head's d coordinates are paired, so one converts to the other by
// permuting the columns of W_Q and W_K.
type RoPEConvention int

const (
	// RoPEInterleaved pairs neighbours (x₂ᵢ, x₂ᵢ₊₁), as in the RoPE paper
	// (Su et al., RoFormer) and Meta's original Llama code.
	RoPEInterleaved RoPEConvention = iota
	// RoPEHalf pairs (xᵢ, xᵢ₊d/2), the first half with the second: Hugging
	// Face's rotate_half, used by its Llama checkpoints.
	RoPEHalf
)

// String names the convention.
func (c RoPEConvention) String() string {
	switch c {
	case RoPEInterleaved:
		return "interleaved"
	case RoPEHalf:
		return "rotate-half"
	}
	return fmt.Sprintf("RoPEConvention(%d)", int(c))
}

// frequencies returns θᵢ = 1 / base^(2i/d) for i < count, computed as
// Hugging Face computes RoPE's inv_freq (a power, then its reciprocal),
// with detmath.Pow so the digits are the same on every CPU.
func frequencies(count, d int, base float64) []float64 {
	theta := make([]float64, count)
	for i := range theta {
		theta[i] = 1 / detmath.Pow(base, float64(2*i)/float64(d))
	}
	return theta
}

func checkPositions(op string, positions []int) {
	for i, p := range positions {
		if p < 0 {
			panics.Panicf("autograd", op, "position %d at index %d is negative", p, i)
		}
	}
}

// RoPE applies rotary position embeddings to x (n×(h·d)): h heads of even
// width d side by side, row r at position positions[r]. In every head,
// each pair (a, b) of coordinates (paired by conv) is rotated by the angle
// φ = p·θᵢ, θᵢ = base^(−2i/d), i = 0…d/2−1:
//
//	a' = a cos φ − b sin φ,   b' = a sin φ + b cos φ.
//
// Applied to queries and keys, it makes q·k depend on positions only
// through their difference: R(p)q · R(s)k = q · R(s−p)k.
//
// Gradient: the rotation is orthogonal, so ∂L/∂x is the output gradient
// rotated back by −φ: ∂L/∂a = g_a cos φ + g_b sin φ, ∂L/∂b = −g_a sin φ + g_b cos φ.
func RoPE(x *Value, positions []int, headSize int, base float64, conv RoPEConvention) *Value {
	n, c := x.Dims()
	if headSize <= 0 || headSize%2 != 0 || c%headSize != 0 {
		panics.Panicf("autograd", "RoPE", "head size %d must be even and divide the %d columns of %s", headSize, c, tensor.Shape(x.Data))
	}
	if len(positions) != n {
		panics.Panicf("autograd", "RoPE", "%d positions for the %d rows of %s", len(positions), n, tensor.Shape(x.Data))
	}
	if !(base > 0) {
		panics.Panicf("autograd", "RoPE", "base must be positive, got %v", base)
	}
	if conv != RoPEInterleaved && conv != RoPEHalf {
		panics.Panicf("autograd", "RoPE", "unknown convention %v", conv)
	}
	checkPositions("RoPE", positions)
	half := headSize / 2
	theta := frequencies(half, headSize, base)
	// cos and sin per row and frequency, kept for the backward pass.
	cos, sin := tensor.New(n, half), tensor.New(n, half)
	for r, p := range positions {
		cr, sr := cos.RawRowView(r), sin.RawRowView(r)
		for i, t := range theta {
			phi := float64(p) * t
			cr[i], sr[i] = detmath.Cos(phi), detmath.Sin(phi)
		}
	}
	// pair returns the column offsets of plane i inside a head.
	pair := func(i int) (int, int) {
		if conv == RoPEInterleaved {
			return 2 * i, 2*i + 1
		}
		return i, i + half
	}
	out := tensor.New(n, c)
	for r := 0; r < n; r++ {
		xr, yr, cr, sr := x.Data.RawRowView(r), out.RawRowView(r), cos.RawRowView(r), sin.RawRowView(r)
		for h := 0; h < c; h += headSize {
			for i := 0; i < half; i++ {
				ia, ib := pair(i)
				a, b := xr[h+ia], xr[h+ib]
				yr[h+ia] = float64(a*cr[i]) - float64(b*sr[i])
				yr[h+ib] = float64(b*cr[i]) + float64(a*sr[i])
			}
		}
	}
	return result("rope", out, func(o *Value) {
		gx := gradOf(x)
		for r := 0; r < n; r++ {
			gr, dr, cr, sr := o.Grad.RawRowView(r), gx.RawRowView(r), cos.RawRowView(r), sin.RawRowView(r)
			for h := 0; h < c; h += headSize {
				for i := 0; i < half; i++ {
					ia, ib := pair(i)
					ga, gb := gr[h+ia], gr[h+ib]
					dr[h+ia] += float64(ga*cr[i]) + float64(gb*sr[i])
					dr[h+ib] += float64(gb*cr[i]) - float64(ga*sr[i])
				}
			}
		}
	}, x)
}
