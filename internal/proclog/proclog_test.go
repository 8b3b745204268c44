package proclog

import (
	"bytes"
	"log"
	"os"
	"strings"
	"testing"
)

// TestTakeKeepsTheStandardLogOffTheConsole: while taken, the standard
// logger's messages are counted into each Log that took it, the first
// kept, and none reaches the logger's own output, which is back after.
func TestTakeKeepsTheStandardLogOffTheConsole(t *testing.T) {
	var console bytes.Buffer
	log.SetOutput(&console)
	defer log.SetOutput(os.Stderr)

	var a, b Log
	releaseA := Take(&a)
	log.Printf("Unsolicited response received on idle HTTP channel starting with %q", strings.Repeat("x", 20000))
	releaseB := Take(&b)
	log.Print("second")
	releaseA()
	releaseA()
	log.Print("third")
	releaseB()
	log.Print("after")

	if n, first := a.Messages(); n != 2 || !strings.Contains(first, "Unsolicited response") || len(first) > firstMax {
		t.Errorf("first Log: %d messages, first %.80q (%d bytes); want 2, the unsolicited response cut at %d bytes", n, first, len(first), firstMax)
	}
	if n, first := b.Messages(); n != 2 || !strings.HasSuffix(first, "second") {
		t.Errorf("second Log: %d messages, first %q; want 2, from the one logged after it took the logger", n, first)
	}
	if got := console.String(); !strings.HasSuffix(got, "after\n") || strings.Count(got, "\n") != 1 {
		t.Errorf("the logger's own output: got %q, want only the message logged after both let go", got)
	}
}
