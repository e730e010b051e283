package figure_test

import (
	"bytes"
	"fmt"
	"image/png"

	"gonum.org/v1/gonum/mat"

	"llminternals/pkg/figure"
)

func ExampleHeatmap() {
	w := mat.NewDense(2, 2, []float64{0.9, 0.1, 0.3, 0.7})
	f := figure.Heatmap("Attention", w, []string{"hi", "there"}, []string{"hi", "there"}, figure.HeatmapOptions{XLabel: "key", YLabel: "query", Decimals: 2})
	// In a notebook f.Show() displays it; elsewhere Show writes attention.png.
	data, err := f.PNG()
	if err != nil {
		panic(err)
	}
	img, _ := png.Decode(bytes.NewReader(data))
	fmt.Println(f.Name, img.Bounds().Dx() == int(f.Width.Dots(figure.DPI)))
	// Output: attention true
}

// Three encodings of one text are three unrelated points: a scatter plot
// with a label on each, not a line through them.
func ExampleScatter() {
	f := figure.Scatter("Compression", "vocabulary size", "bytes per token",
		figure.ScatterOptions{
			RefLines:    []figure.RefLine{{At: 1, Label: "raw bytes"}},
			Annotations: []figure.Annotation{{X: 100256, Y: 4.1, Text: "best", Arrow: true}},
		},
		figure.Points{Name: "encodings", X: []float64{256, 50257, 100256}, Y: []float64{1, 3.6, 4.1},
			Labels: []string{"bytes", "gpt2", "cl100k"}, Style: figure.Style{Marker: figure.Diamond}},
	)
	fmt.Println(f.Name, f.Alt)
	// Output: compression Compression: 1 series
}
