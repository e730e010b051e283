// Package rng gives seeded, deterministic random numbers, so that every
// "random" matrix in a notebook is the same on every run and machine.
//
// It uses math/rand/v2's PCG generator, whose output sequence is fixed by
// its specification: the same seed gives the same numbers everywhere.
// Normal samples are made here from those uniforms by the Box–Muller
// transform with the engine's own deterministic log and cosine, not by
// math/rand's NormFloat64, whose arithmetic the compiler fuses differently
// on arm64 and on amd64 v3: a learner's laptop would draw other matrices.
package rng

import (
	"math"
	"math/rand/v2"

	"llminternals/pkg/internal/detmath"

	"gonum.org/v1/gonum/mat"
)

// RNG is a seeded random source. The zero value is not usable; call New.
type RNG struct {
	r *rand.Rand
}

// New returns a generator whose whole sequence is determined by seed.
func New(seed uint64) *RNG {
	return &RNG{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))}
}

// Float64 returns a uniform value in [0, 1).
func (g *RNG) Float64() float64 { return g.r.Float64() }

// Uniform returns a uniform value in [lo, hi).
func (g *RNG) Uniform(lo, hi float64) float64 { return lo + float64((hi-lo)*g.r.Float64()) }

// Normal returns a sample of N(mean, std²).
func (g *RNG) Normal(mean, std float64) float64 { return mean + float64(std*g.standardNormal()) }

// standardNormal returns a sample of N(0, 1) by the Box–Muller transform:
// for u₁, u₂ uniform in (0, 1] and [0, 1), z = √(−2 ln u₁) · cos(2π u₂) is
// a standard normal. Each call draws two uniforms and uses one z, so the
// sequence does not depend on how calls interleave. Every product is
// rounded on its own (float64(…)) so that no CPU fuses it.
func (g *RNG) standardNormal() float64 {
	u1 := 1 - float64(g.r.Float64()) // in (0, 1]: ln u₁ is finite; float64() keeps the inlined u·2⁻⁵³ unfused
	u2 := g.r.Float64()
	r := math.Sqrt(float64(-2 * detmath.Log(u1)))
	return float64(r * detmath.Cos(float64(2*math.Pi*u2)))
}

// IntN returns a uniform integer in [0, n); it panics if n ≤ 0.
func (g *RNG) IntN(n int) int { return g.r.IntN(n) }

// Perm returns a random permutation of 0..n-1.
func (g *RNG) Perm(n int) []int { return g.r.Perm(n) }

// NormalMatrix returns an r×c matrix with entries drawn from N(0, std²),
// filled row by row.
func (g *RNG) NormalMatrix(r, c int, std float64) *mat.Dense {
	data := make([]float64, r*c)
	for i := range data {
		data[i] = float64(std * g.standardNormal())
	}
	return mat.NewDense(r, c, data)
}

// UniformMatrix returns an r×c matrix with entries uniform in [lo, hi).
func (g *RNG) UniformMatrix(r, c int, lo, hi float64) *mat.Dense {
	data := make([]float64, r*c)
	for i := range data {
		data[i] = g.Uniform(lo, hi)
	}
	return mat.NewDense(r, c, data)
}

// IntMatrix returns an r×c matrix of integers uniform in [lo, hi], the
// small whole numbers the "by hand" chapters use.
func (g *RNG) IntMatrix(r, c, lo, hi int) *mat.Dense {
	data := make([]float64, r*c)
	for i := range data {
		data[i] = float64(lo + g.r.IntN(hi-lo+1))
	}
	return mat.NewDense(r, c, data)
}
