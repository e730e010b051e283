package gemm

import (
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/rng"
)

// benchShapes are the products the course times: a square 1024³ and the
// four matrix shapes of a GPT-2-small forward pass over 256 tokens (the
// fused QKV projection, the attention output, the MLP's expansion and its
// contraction), as m×k·k×n.
var benchShapes = [][3]int{
	{1024, 1024, 1024},
	{256, 768, 2304},
	{256, 768, 768},
	{256, 768, 3072},
	{256, 3072, 768},
}

// BenchmarkGemm times C = A·B (beta = 0) for each shape of benchShapes
// and each micro-kernel this CPU runs, reporting GFLOPS (2·m·k·n
// floating-point operations per product). Names read
// kernel/m×k·k×n.
func BenchmarkGemm(b *testing.B) {
	for _, kern := range kernels {
		for _, s := range benchShapes {
			m, k, n := s[0], s[1], s[2]
			b.Run(fmt.Sprintf("%s/%dx%dx%d", kern.name, m, k, n), func(b *testing.B) {
				g := rng.New(1)
				x, y := g.NormalMatrix(m, k, 1), g.NormalMatrix(k, n, 1)
				c := mat.NewDense(m, n, nil)
				withKernel(kern, func() {
					Dense(false, false, 1, x, y, 0, c) // warm: pooled buffers, first touch of c
					for b.Loop() {
						Dense(false, false, 1, x, y, 0, c)
					}
				})
				b.ReportMetric(2*float64(m*k*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
			})
		}
	}
}
