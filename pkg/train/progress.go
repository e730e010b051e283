package train

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// progress shows a run as it goes: in a GoNB notebook one HTML block updated
// in place (at most every refresh, and at the end); elsewhere a plain line
// to Trainer.Out every Config.LogEvery steps.
type progress struct {
	t         *Trainer
	start     time.Time
	startStep int
	id        string // the notebook display's id; "" outside a notebook
	last      time.Time
}

const refresh = 250 * time.Millisecond

func newProgress(t *Trainer) *progress {
	p := &progress{t: t, start: time.Now(), startStep: t.Step}
	if gonbui.IsNotebook {
		p.id = "train-progress-" + gonbui.UniqueID()
	}
	return p
}

// Status is one progress report of a run: the deterministic numbers and the
// timings beside them.
type Status struct {
	Step, Steps  int
	Loss         float64 // the last step's training loss
	ValLoss      float64 // the last validation loss; NaN before the first
	TokensPerSec float64
	Left         time.Duration // estimated from the rate of this session's steps
}

// Line formats s as one plain progress line, for logs and terminals:
//
//	step   50/200  loss 2.3456  val 2.4012  1234 tok/s  left 1m20s
func (s Status) Line() string {
	width := len(fmt.Sprint(s.Steps))
	val := "  -   "
	if s.ValLoss == s.ValLoss { // not NaN
		val = fmt.Sprintf("%.4f", s.ValLoss)
	}
	return fmt.Sprintf("step %*d/%d  loss %.4f  val %s  %.0f tok/s  left %s",
		width, s.Step, s.Steps, s.Loss, val, s.TokensPerSec, s.Left.Round(time.Second))
}

// HTML formats s as a progress bar with the same numbers as Line.
func (s Status) HTML() string {
	frac := float64(s.Step) / float64(max(s.Steps, 1))
	return fmt.Sprintf(`<div style="font-family:monospace">`+
		`<progress value="%d" max="%d" style="width:20em;vertical-align:middle"></progress> %.0f%%&nbsp; %s</div>`,
		s.Step, s.Steps, 100*frac, html.EscapeString(strings.TrimPrefix(s.Line(), "step ")))
}

func (p *progress) status() Status {
	t := p.t
	h := t.History
	s := Status{Step: t.Step, Steps: t.Config.Steps, ValLoss: nan(), TokensPerSec: t.TokensPerSecond()}
	if n := len(h.Loss); n > 0 {
		s.Loss = h.Loss[n-1]
	}
	if n := len(h.ValLoss); n > 0 {
		s.ValLoss = h.ValLoss[n-1]
	}
	if done := t.Step - p.startStep; done > 0 {
		perStep := time.Since(p.start) / time.Duration(done)
		s.Left = perStep * time.Duration(t.Config.Steps-t.Step)
	}
	return s
}

func (p *progress) update(last bool) {
	if p.id != "" {
		if last || time.Since(p.last) >= refresh {
			p.show()
			p.last = time.Now()
		}
		return
	}
	if every := p.t.Config.LogEvery; p.t.Out != nil && every > 0 && (p.t.Step%every == 0 || last) {
		fmt.Fprintln(p.t.Out, p.status().Line())
	}
}

func (p *progress) show() {
	s := p.status()
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{
			protocol.MIMETextHTML:  s.HTML(),
			protocol.MIMETextPlain: s.Line(),
		},
		DisplayID: p.id,
	})
}

func (p *progress) finish() {
	if p.id != "" {
		p.show()
		gonbui.Sync()
	}
}

func nan() float64 { var z float64; return z / z }
