package figure

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestFiguresRenderAtTwiceScreenResolution(t *testing.T) {
	m := mat.NewDense(2, 2, []float64{0.25, 0.75, 1, math.Inf(-1)})
	figs := []*Figure{
		Heatmap("Attention map", m, []string{"a", "b"}, []string{"a", "b"}, HeatmapOptions{Decimals: 2}),
		Lines("Loss", "step", "loss", LineOptions{}, Series{Name: "train", X: []float64{0, 1, 2}, Y: []float64{3, 2, 1}}),
		Bars("Share", "params", []string{"a", "b"}, []float64{1, 2}),
	}
	for _, f := range figs {
		data, err := f.PNG()
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", f.Name, err)
		}
		wantW := int(math.Round(f.Width.Dots(2 * 96)))
		if w := img.Bounds().Dx(); w != wantW {
			t.Errorf("%s: %d px wide, want %d (2× of %v pt)", f.Name, w, wantW, f.Width)
		}
	}
}

func TestShowOutsideNotebookWritesFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("FIGURE_DIR", dir)
	Bars("Expert use", "tokens", []string{"e0"}, []float64{3}).Show()
	if _, err := os.Stat(filepath.Join(dir, "expert-use.png")); err != nil {
		t.Fatal(err)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestSaveIntoMissingDirFailsCleanly(t *testing.T) {
	err := Bars("x", "y", []string{"a"}, []float64{1}).Save(filepath.Join(t.TempDir(), "no", "such", "x.png"))
	if err == nil {
		t.Fatal("no error writing into a missing directory")
	}
}
