package parity

import (
	"sync"

	"github.com/putdestination/conformance/transport"
)

// CreatorName is the cassette's creator.name.
const CreatorName = "putdestination-conformance"

// Recorder builds a cassette from the exchanges a transport.Client
// observes: give Observe to transport.Config.Observe.
type Recorder struct {
	mu      sync.Mutex
	entries []Entry
	stopped bool
}

// Observe records one exchange, in the order they finish, until Stop.
func (r *Recorder) Observe(o transport.Observed) {
	e := entryOf(o)
	r.mu.Lock()
	if !r.stopped {
		r.entries = append(r.entries, e)
	}
	r.mu.Unlock()
}

// Stop ends the recording: the exchanges after the campaign (the aws
// dialect's cleanup, which lists each region it signed for) are the
// recording run's own, and a parity check cleans up after itself.
func (r *Recorder) Stop() {
	r.mu.Lock()
	r.stopped = true
	r.mu.Unlock()
}

// HAR is the cassette of what was recorded, with the campaign's meta.
func (r *Recorder) HAR(m Meta) *HAR {
	r.mu.Lock()
	defer r.mu.Unlock()
	entries := append([]Entry{}, r.entries...)
	return &HAR{Log: Log{Version: HARVersion, Creator: Creator{Name: CreatorName, Version: m.Version}, Entries: entries, Harness: m}}
}
