package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/campaign"
)

// fakeClock moves only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func TestProgress(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	var buf bytes.Buffer
	for _, tt := range []struct {
		name, reason string
		mode         ProgressMode
		env          func(string) string
		want         ProgressMode
	}{
		{"auto in CI", "CI=true and no terminal: plain lines", ProgressAuto, env("CI", "true"), ProgressPlain},
		{"auto elsewhere", "no terminal, no CI: nothing", ProgressAuto, env(), ProgressOff},
		{"explicit", "a mode given is kept", ProgressLive, env(), ProgressLive},
	} {
		if got := tt.mode.Resolve(&buf, tt.env); got != tt.want {
			t.Errorf("%s (%s): got %s, want %s", tt.name, tt.reason, got, tt.want)
		}
	}
	var m ProgressMode
	if err := m.Set("loud"); err == nil {
		t.Errorf("-progress=loud: got no error, want one")
	}

	step := func(p *ProgressPrinter, c *fakeClock, d time.Duration, pr campaign.Progress) {
		c.t = c.t.Add(d)
		p.Update(pr)
	}
	pr := func(phase string, done int) campaign.Progress {
		return campaign.Progress{Phase: phase, Done: done, Total: 500, Requests: int64(done * 2), Findings: done / 100, Elapsed: time.Duration(done) * 20 * time.Millisecond}
	}

	t.Run("plain", func(t *testing.T) {
		var out bytes.Buffer
		c := &fakeClock{t: time.Unix(0, 0)}
		p := NewProgressPrinter(&out, ProgressPlain)
		p.now = c.now
		for i := 1; i <= 500; i++ {
			step(p, c, 20*time.Millisecond, pr("campaign", i))
		}
		step(p, c, 0, pr("done", 500))
		lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
		// 10 s of run: a line once 5 s have passed, then the last.
		if len(lines) != 2 || !strings.HasPrefix(lines[1], "conformance: done: 500 of 500 cases") {
			t.Fatalf("plain: got %d lines, want 2 (after 5 s, then the end):\n%s", len(lines), out.String())
		}
		if want := "conformance: campaign: 251 of 500 cases (50%), 502 requests, 100 requests/s, 2 findings so far, 5s"; lines[0] != want {
			t.Errorf("plain line: got %q, want %q", lines[0], want)
		}
		if strings.Contains(out.String(), "\r") || strings.Contains(out.String(), "\x1b") {
			t.Errorf("plain: got control characters, want plain lines")
		}
	})
	t.Run("plain short run", func(t *testing.T) {
		var out bytes.Buffer
		c := &fakeClock{t: time.Unix(0, 0)}
		p := NewProgressPrinter(&out, ProgressPlain)
		p.now = c.now
		for i := 1; i <= 50; i++ {
			step(p, c, 20*time.Millisecond, pr("campaign", i))
		}
		step(p, c, 0, pr("done", 50))
		if out.Len() != 0 {
			t.Errorf("plain, a 1 s run: got %q, want nothing", out.String())
		}
	})
	t.Run("live", func(t *testing.T) {
		var out bytes.Buffer
		c := &fakeClock{t: time.Unix(0, 0)}
		p := NewProgressPrinter(&out, ProgressLive)
		p.now = c.now
		for i := 1; i <= 100; i++ {
			step(p, c, 20*time.Millisecond, pr("campaign", i))
		}
		step(p, c, 0, pr("shrinking", 100))
		p.Close()
		s := out.String()
		if n := strings.Count(s, "\r\x1b[2K"); n < 15 || n > 30 {
			t.Errorf("live: got %d redraws for 2 s, want about one per 100 ms and one per phase", n)
		}
		if strings.Contains(s, "\n") {
			t.Errorf("live: got a newline, want one line redrawn in place")
		}
		if !strings.HasSuffix(s, "shrinking: 100 of 500 cases (20%), 200 requests, 100 requests/s, 1 finding so far, 2s\r\x1b[2K") {
			t.Errorf("live: got %q at the end, want the shrinking phase shown then the line cleared", s[max(0, len(s)-160):])
		}
	})
	if f := NewProgressPrinter(&buf, ProgressOff).Func(); f != nil {
		t.Errorf("off: got a progress func, want nil (nothing to call)")
	}
}
