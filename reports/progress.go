package reports

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/putdestination/conformance/campaign"
)

// ProgressMode says how a run shows its progress.
type ProgressMode string

// The modes. The flag -progress takes them; "auto" picks one from where
// the output goes.
const (
	// ProgressAuto: live on a terminal, plain in CI (CI=true, as GitHub
	// Actions, GitLab and most others set it), off otherwise.
	ProgressAuto ProgressMode = "auto"
	// ProgressLive rewrites one line in place, a few times a second.
	ProgressLive ProgressMode = "live"
	// ProgressPlain prints a plain line every few seconds.
	ProgressPlain ProgressMode = "plain"
	// ProgressOff prints nothing.
	ProgressOff ProgressMode = "off"
)

// String is the flag's value.
func (m *ProgressMode) String() string {
	if m == nil || *m == "" {
		return string(ProgressAuto)
	}
	return string(*m)
}

// Set reads the flag.
func (m *ProgressMode) Set(v string) error {
	switch ProgressMode(v) {
	case ProgressAuto, ProgressLive, ProgressPlain, ProgressOff:
		*m = ProgressMode(v)
		return nil
	}
	return fmt.Errorf("want auto, live, plain or off")
}

// ProgressUsage is the -progress flag's help.
const ProgressUsage = "progress on stderr: auto (one live line on a terminal, a plain line every few seconds when CI=true, else none), live, plain or off"

// Resolve picks the mode for output to w: auto becomes live when w is a
// terminal, plain when the environment says CI, off otherwise.
func (m ProgressMode) Resolve(w io.Writer, getenv func(string) string) ProgressMode {
	if m != ProgressAuto && m != "" {
		return m
	}
	if f, ok := w.(*os.File); ok && IsTerminal(f) && getenv("TERM") != "dumb" {
		return ProgressLive
	}
	if ci := strings.ToLower(getenv("CI")); ci == "true" || ci == "1" {
		return ProgressPlain
	}
	return ProgressOff
}

// ProgressPrinter shows how a run goes, on stderr (stdout stays the report's).
// Its Update is the run's conformance.Config.Progress.
type ProgressPrinter struct {
	w        io.Writer
	mode     ProgressMode
	every    time.Duration
	now      func() time.Time
	mu       sync.Mutex
	last     time.Time
	printed  bool
	phase    string
	lineOpen bool
}

// PlainEvery is how often a plain progress line is printed.
const PlainEvery = 5 * time.Second

// liveEvery is how often the live line is redrawn.
const liveEvery = 100 * time.Millisecond

// NewProgressPrinter returns the progress printer of mode (resolved: live,
// plain or off) on w.
func NewProgressPrinter(w io.Writer, mode ProgressMode) *ProgressPrinter {
	p := &ProgressPrinter{w: w, mode: mode, now: time.Now, every: PlainEvery}
	if mode == ProgressLive {
		p.every = liveEvery
	}
	return p
}

// Func is Update as conformance.Config.Progress takes it (nil when off).
func (p *ProgressPrinter) Func() func(campaign.Progress) {
	if p == nil || p.mode == ProgressOff || p.mode == ProgressAuto || p.mode == "" {
		return nil
	}
	return p.Update
}

// Update shows one report of the run: a live line at most every 100 ms, a
// plain one at most every PlainEvery (and at the end, when any was shown).
func (p *ProgressPrinter) Update(pr campaign.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	phaseChanged := pr.Phase != p.phase
	p.phase = pr.Phase
	switch p.mode {
	case ProgressLive:
		if pr.Phase == "done" {
			p.clearLocked()
			return
		}
		if !phaseChanged && now.Sub(p.last) < p.every {
			return
		}
		fmt.Fprintf(p.w, "\r\x1b[2K%s", progressLine(pr))
		p.lineOpen = true
	case ProgressPlain:
		if p.last.IsZero() {
			p.last = now // the first line comes after PlainEvery: a short run stays quiet
			return
		}
		if pr.Phase == "done" {
			if p.printed {
				fmt.Fprintln(p.w, progressLine(pr))
			}
			return
		}
		if now.Sub(p.last) < p.every {
			return
		}
		fmt.Fprintln(p.w, progressLine(pr))
		p.printed = true
	default:
		return
	}
	p.last = now
}

// Close ends the display: the live line is cleared, so what follows
// starts on a clean line.
func (p *ProgressPrinter) Close() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clearLocked()
}

func (p *ProgressPrinter) clearLocked() {
	if p.lineOpen {
		fmt.Fprint(p.w, "\r\x1b[2K")
		p.lineOpen = false
	}
}

// progressLine is one report in a line: phase, cases done of total,
// requests per second, findings so far, time.
func progressLine(pr campaign.Progress) string {
	rate := 0.0
	if s := pr.Elapsed.Seconds(); s > 0 {
		rate = float64(pr.Requests) / s
	}
	noun := "findings"
	if pr.Findings == 1 {
		noun = "finding"
	}
	pct := ""
	if pr.Total > 0 {
		pct = fmt.Sprintf(" (%d%%)", 100*pr.Done/pr.Total)
	}
	return fmt.Sprintf("conformance: %s: %d of %d cases%s, %d requests, %.0f requests/s, %d %s so far, %s",
		pr.Phase, pr.Done, pr.Total, pct, pr.Requests, rate, pr.Findings, noun, pr.Elapsed.Round(100*time.Millisecond))
}
