// Package correct holds correct servers of the PutDestination contract that
// differ from the reference emulator wherever HTTP, JSON and RFC 3339 leave
// room (connection handling, HTTP versions, chunking, latency, answers to
// other methods, time-zone offsets, ids, media-type parameters, the parser
// limits RFC 8259 §9 allows), and servers written from the contract in
// other stacks (Python's http.server, also with Python's own parser limits,
// and Node's http module). They are the clean side of the kill matrix: the
// harness must find every one of them conformant, for any seed.
//
// [All] lists the in-process servers only: wrappers around a fresh
// emulator, each with New set and Process empty, which a test can serve
// with httptest. The servers that run in another process are listed apart
// (see external.go), since they need a Python or Node runtime.
package correct

import "net/http"

// Server is one correct server.
type Server struct {
	// Name is kebab-case and unique, e.g. "connection-close".
	Name string
	// Description is one line: how it differs from the reference.
	Description string
	// New returns a fresh in-process handler with an empty store; nil for a
	// server that runs in another process (see Start).
	New func() http.Handler
	// Process names the external server Start runs ("python", "node"),
	// with Args passed to it; empty for in-process servers.
	Process string
	Args    []string
	// Slow marks a server whose every answer is delayed: tests run it with
	// a smaller budget to stay within minutes.
	Slow bool
}
