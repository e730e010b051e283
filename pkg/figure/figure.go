package figure

import (
	"bytes"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"

	"llminternals/pkg/internal/atomicfile"

	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// DPI is the rendering resolution: twice the 96 DPI of a standard screen.
const DPI = 192

// Figure is a drawing of a given size, ready to be shown or saved.
type Figure struct {
	Name          string // file name stem when saved, e.g. "attention-map"
	Width, Height vg.Length
	Alt           string // plain-text description, kept beside the image
	draw          func(dc draw.Canvas)
}

// New returns a figure drawn by fn, for plots this package has no
// constructor for.
func New(name string, w, h vg.Length, alt string, fn func(dc draw.Canvas)) *Figure {
	return &Figure{Name: name, Width: w, Height: h, Alt: alt, draw: fn}
}

// PNG renders the figure at DPI and returns the encoded image.
func (f *Figure) PNG() ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(f.Width, f.Height), vgimg.UseDPI(DPI), vgimg.UseBackgroundColor(color.White))
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("figure: encoding %q as PNG: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// Save writes the figure as a PNG to path. It writes a temporary file in
// the same directory and renames it, so a failure never leaves half a file.
func (f *Figure) Save(path string) error {
	png, err := f.PNG()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(path, png); err != nil {
		return fmt.Errorf("figure: %w", err)
	}
	return nil
}

// Show displays the figure inline when running under GoNB. Elsewhere it
// saves it as Dir/Name.png, where Dir is $FIGURE_DIR or the current
// directory, and prints the path.
func (f *Figure) Show() {
	png, err := f.PNG()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	if gonbui.IsNotebook {
		// The image is 2× the size we want on screen; the width metadata
		// tells Jupyter to display it at 1×. (It must be a map[string]int:
		// GoNB's pipe only carries types it has registered with gob.)
		px := int(f.Width.Dots(96))
		gonbui.SendData(&protocol.DisplayData{
			Data:     map[protocol.MIMEType]any{protocol.MIMEImagePNG: png, protocol.MIMETextPlain: "[figure: " + f.Alt + "]"},
			Metadata: map[string]any{string(protocol.MIMEImagePNG): map[string]int{"width": px}},
		})
		gonbui.Sync()
		return
	}
	dir := os.Getenv("FIGURE_DIR")
	if dir == "" {
		dir = "."
	}
	path := filepath.Join(dir, f.Name+".png")
	if err := atomicfile.WriteFile(path, png); err != nil {
		fmt.Fprintln(os.Stderr, "figure:", err)
		return
	}
	fmt.Println("wrote", path)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns a title into a file-name stem: "Train loss" → "train-loss".
func slug(title string) string {
	s := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if s == "" {
		s = "figure"
	}
	return s
}
