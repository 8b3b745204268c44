package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// buildCLI builds this command into a new directory and returns its path.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "conformance")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBinary runs the built command with args, stdout and stderr into one
// buffer in the order they were written, CI unset (no progress lines),
// bounded by a hang guard; it returns the exit status and the output.
func runBinary(t *testing.T, bin string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "CI=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out.String())
	}
	return 0, out.String()
}

// neverReadsBodies serves HTTP/1.1 the way a naive server does: it answers
// each request as soon as its head has come, with the success envelope,
// and never reads a body, so what follows on the connection (the body) is
// read as the next request and answered with a 400 on a connection the
// client holds idle. net/http's client logs each such answer through the
// standard logger ("Unsolicited response received on idle HTTP channel").
func neverReadsBodies(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serveHeadsOnly(c)
		}
	}()
	return "http://" + ln.Addr().String()
}

var requestLine = regexp.MustCompile(`^[A-Z]+ `)

func serveHeadsOnly(c net.Conn) {
	defer c.Close()
	const ok = `{"success":true,"data":{"id":"dst-1","created_at":"2026-01-02T03:04:05Z"}}`
	r := bufio.NewReader(c)
	for {
		_ = c.SetReadDeadline(time.Now().Add(time.Minute))
		if _, err := r.Peek(1); err != nil {
			return
		}
		if head, _ := r.Peek(min(r.Buffered(), 16)); !requestLine.Match(head) {
			_, _ = io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request")
			return
		}
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if line == "\r\n" || line == "\n" {
				break
			}
		}
		_, _ = io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "+
			strconv.Itoa(len(ok))+"\r\n\r\n"+ok)
	}
}

// TestConsoleIsTheHarnesss: against a server that never reads bodies, the
// first line the command prints is its headline, and what net/http logs
// meanwhile (an unsolicited response on an idle connection, hundreds of
// characters each) is nowhere in its output but counted in the report,
// the first kept.
func TestConsoleIsTheHarnesss(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: builds the command")
	}
	bin := buildCLI(t)
	dir := t.TempDir()
	code, out := runBinary(t, bin, "-endpoint="+neverReadsBodies(t), "-budget=20", "-no-shrink", "-report-dir="+dir)
	if code == 2 {
		t.Fatalf("exit 2, want a run:\n%s", out)
	}
	first, _, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(first, "conformance: ") {
		t.Errorf("first line: got %.300q, want the headline", first)
	}
	if strings.Contains(out, "Unsolicited response") {
		t.Errorf("output: got net/http's log among the harness's lines:\n%.2000s", out)
	}
	res := readResult(t, dir)
	if l := res.LibraryLog; l == nil || l.Messages < 1 || !strings.Contains(l.First, "Unsolicited response received on idle HTTP channel") {
		t.Errorf("conformance.json library_log: got %+v, want the unsolicited responses counted, the first kept", l)
	}
	if !strings.Contains(first, "library_log") {
		t.Errorf("headline %q: want it to say where what net/http logged is", first)
	}
}
