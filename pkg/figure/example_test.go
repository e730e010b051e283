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
