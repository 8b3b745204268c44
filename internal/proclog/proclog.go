// Package proclog keeps what the libraries under the harness log during a
// run (net/http's client through the process's standard logger, the AWS
// SDK through the logger it is given) out of the harness's console: it
// counts the messages and keeps the first, for the result.
package proclog

import (
	"io"
	"log"
	"slices"
	"strings"
	"sync"
)

// firstMax bounds the first message kept (a message of net/http quotes up
// to a kilobyte of what came back).
const firstMax = 8 << 10

// Log counts the messages written to it and keeps the first, cut at 8 KiB.
// Each Write is one message, as log.Logger and the SDK's standard logger
// write them. Safe for concurrent use.
type Log struct {
	mu    sync.Mutex
	n     int
	first string
}

func (l *Log) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.n++; l.n == 1 {
		l.first = strings.TrimRight(string(p[:min(len(p), firstMax)]), "\n")
	}
	return len(p), nil
}

// Messages is how many messages came, and the first.
func (l *Log) Messages() (n int, first string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n, l.first
}

// The standard logger is one per process: while any Log has taken it,
// every message goes to each Log that has (runs side by side cannot tell
// whose a message is), and its own output is back when the last lets go.
var std struct {
	mu    sync.Mutex
	logs  []*Log
	saved io.Writer
}

// Take sends the process's standard logger (package log) to l until
// release is called (more than once is fine).
func Take(l *Log) (release func()) {
	std.mu.Lock()
	defer std.mu.Unlock()
	if len(std.logs) == 0 {
		std.saved = log.Writer()
		log.SetOutput(fanOut{})
	}
	std.logs = append(std.logs, l)
	var once sync.Once
	return func() {
		once.Do(func() {
			std.mu.Lock()
			defer std.mu.Unlock()
			std.logs = slices.DeleteFunc(std.logs, func(x *Log) bool { return x == l })
			if len(std.logs) == 0 {
				log.SetOutput(std.saved)
				std.saved = nil
			}
		})
	}
}

// fanOut is the standard logger's output while a Log has taken it.
type fanOut struct{}

func (fanOut) Write(p []byte) (int, error) {
	std.mu.Lock()
	logs := slices.Clone(std.logs)
	std.mu.Unlock()
	for _, l := range logs {
		_, _ = l.Write(p)
	}
	return len(p), nil
}
