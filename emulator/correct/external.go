package correct

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The external servers are scripts beside this file: python/server.py
// (Python 3 standard library) and node/server.js (Node's http module), each
// written from spec/putdestination.openapi.yaml alone, not translated from
// the Go emulator, so that they are a second and third opinion on the
// contract.
//
// Start finds the scripts through the path of this source file as recorded at
// compile time (runtime.Caller), not through the working directory: it works
// from any directory as long as the module's source tree is where it was
// built, as under go test and go run. A binary moved away from its source
// tree gets an error naming the missing script.

const (
	// startTimeout bounds the wait for the "listening on" line: a hang
	// guard, generous enough for an interpreter started on a loaded
	// machine (a server that never starts still fails, once).
	startTimeout = time.Minute
	// stopGrace is how long Close waits after SIGTERM before killing.
	stopGrace = 2 * time.Second
	// listeningPrefix starts the one line a server prints once it listens.
	listeningPrefix = "listening on "
)

// interpreters maps Server.Process to the command Start runs from PATH and
// the script it runs, relative to this package's directory.
var interpreters = map[string]struct{ command, script string }{
	"python": {"python3", filepath.Join("python", "server.py")},
	"node":   {"node", filepath.Join("node", "server.js")},
}

// External returns the correct servers that run in another process:
// "python-http-server" (Python's http.server), "python-default-limits" (the
// same with Python's own parser limits) and "node-http" (Node's http
// module). Run them with Start.
func External() []Server {
	return []Server{
		{
			Name:        "python-http-server",
			Description: "written from the contract in Python 3 (http.server, json, unicodedata), run as a child process",
			Process:     "python",
		},
		{
			Name:        "python-default-limits",
			Description: "the Python server with Python's own parser limits (recursion about 1,000 levels deep, integers of 4,300 digits): 400 past them",
			Process:     "python",
			Args:        []string{"--default-limits"},
		},
		{
			Name:        "node-http",
			Description: "written from the contract in Node (http module, JSON.parse), run as a child process",
			Process:     "node",
		},
	}
}

// Desync returns the Python server started with --desync: it answers other
// methods 405 without reading their request body, so the body's bytes stay on
// the kept-alive connection and the next request on it is misread. It is NOT
// correct and is not in External; it is a faulty fixture for the harness.
func Desync() Server {
	return Server{
		Name:        "python-desync",
		Description: "the Python server answering other methods 405 without reading their body (HTTP desync; not correct)",
		Process:     "python",
		Args:        []string{"--desync"},
	}
}

// Started is an external server running in a child process.
type Started struct {
	// URL is the server's base URL, e.g. "http://127.0.0.1:40123".
	URL string

	name   string
	cmd    *exec.Cmd
	stderr *tailBuffer
	done   chan struct{} // closed once cmd.Wait has returned
	err    error         // cmd.Wait's error, set before done is closed

	closeOnce sync.Once
	closeErr  error
}

// Start runs s's external process (s.Process "python" or "node", with
// s.Args) on a free loopback port and waits until it prints its
// "listening on" line, for at most 10 s. The error says in one line what is
// missing (e.g. "python3 not found on PATH") or what the process printed to
// stderr.
//
// The process lives until Close is called or ctx is done, whichever comes
// first; both stop it with SIGTERM, then kill it after 2 s.
func Start(ctx context.Context, s Server) (*Started, error) {
	in, ok := interpreters[s.Process]
	if !ok {
		return nil, fmt.Errorf("%s: Process %q is not an external server (want \"python\" or \"node\")", s.Name, s.Process)
	}
	command, err := exec.LookPath(in.command)
	if err != nil {
		return nil, fmt.Errorf("%s: %s not found on PATH", s.Name, in.command)
	}
	script, err := scriptPath(in.script)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.Name, err)
	}

	args := append([]string{script, "--host", "127.0.0.1", "--port", "0"}, s.Args...)
	cmd := exec.CommandContext(ctx, command, args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = stopGrace
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%s: %v", s.Name, err)
	}
	p := &Started{name: s.Name, cmd: cmd, stderr: &tailBuffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%s: %s: %v", s.Name, in.command, err)
	}

	urls := make(chan string, 1)
	go func() {
		// Look for the listening line, then keep draining stdout so the
		// process never blocks on a full pipe.
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), listeningPrefix); ok {
				urls <- url
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()

	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case p.URL = <-urls:
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("%s: %s exited before listening (%v)%s", s.Name, in.command, p.err, p.stderr.summary())
	case <-timer.C:
		p.Close()
		return nil, fmt.Errorf("%s: %s did not print %q within %v%s", s.Name, in.command, listeningPrefix+"URL", startTimeout, p.stderr.summary())
	case <-ctx.Done():
		p.Close()
		return nil, fmt.Errorf("%s: %v before %s was listening", s.Name, ctx.Err(), in.command)
	}
}

// Close stops the process (SIGTERM, then kill after 2 s) and waits for it.
// It returns nil when the process exited cleanly on SIGTERM. Calling Close
// again returns the same result.
func (p *Started) Close() error {
	p.closeOnce.Do(func() { p.closeErr = p.stop() })
	return p.closeErr
}

func (p *Started) stop() error {
	select {
	case <-p.done:
		return p.exitError("had already exited")
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		p.cmd.Process.Kill()
	}
	timer := time.NewTimer(stopGrace)
	defer timer.Stop()
	select {
	case <-p.done:
		return p.exitError("did not exit cleanly on SIGTERM")
	case <-timer.C:
		p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("%s: did not exit within %v of SIGTERM; killed%s", p.name, stopGrace, p.stderr.summary())
	}
}

// exitError is nil for a clean exit, or says how the process ended.
func (p *Started) exitError(what string) error {
	// ProcessState rather than p.err: after ctx is done, Wait reports the
	// context's error even when the process then exited cleanly.
	if p.err == nil || (p.cmd.ProcessState != nil && p.cmd.ProcessState.Success()) {
		return nil
	}
	return fmt.Errorf("%s: %s (%v)%s", p.name, what, p.err, p.stderr.summary())
}

// scriptPath locates rel (e.g. "python/server.py") in this package's source
// directory, found through the path the compiler recorded for this file.
func scriptPath(rel string) (string, error) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return "", errors.New("cannot locate the package source directory (runtime.Caller failed)")
	}
	path := filepath.Join(filepath.Dir(file), rel)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("server script %s not found (scripts are found beside external.go's source)", path)
	}
	return path, nil
}

// tailBuffer keeps the last tailSize bytes written to it; it is safe for
// concurrent use, so a chatty process cannot grow memory without bound.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 4 << 10

func (b *tailBuffer) Write(data []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, data...)
	if len(b.buf) > tailSize {
		b.buf = append(b.buf[:0], b.buf[len(b.buf)-tailSize:]...)
	}
	return len(data), nil
}

// summary is ": stderr: LINE | LINE ..." on one line, its last 300 bytes at
// most, or "" when nothing was printed.
func (b *tailBuffer) summary() string {
	b.mu.Lock()
	text := string(b.buf)
	b.mu.Unlock()
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		return ""
	}
	s := strings.Join(lines, " | ")
	if len(s) > 300 {
		s = "..." + strings.ToValidUTF8(s[len(s)-300:], "")
	}
	return ": stderr: " + s
}
