package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"maps"
	"sync"
	"time"
)

// Destination is what the store keeps for one name.
type Destination struct {
	ID        string
	CreatedAt time.Time
	Request   Request
}

// Emulator is the reference http.Handler. The zero value is not usable; use New.
type Emulator struct {
	now func() time.Time

	mu     sync.Mutex
	byName map[string]*Destination
	ids    map[string]struct{} // every ID handed out, to guarantee uniqueness
}

// Option configures an Emulator.
type Option func(*Emulator)

// WithClock sets the clock used for created_at (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(e *Emulator) {
		if now != nil {
			e.now = now
		}
	}
}

// New returns an empty emulator.
func New(opts ...Option) *Emulator {
	e := &Emulator{
		now:    time.Now,
		byName: make(map[string]*Destination),
		ids:    make(map[string]struct{}),
	}
	for _, opt := range opts {
		opt(e)
	}
	return e
}

// Put creates or updates by name and returns the stored destination (same
// ID/CreatedAt on update). Names are compared byte for byte: no case folding,
// normalization or trimming.
func (e *Emulator) Put(req Request) Destination {
	req.Tags = cloneTags(req.Tags)
	e.mu.Lock()
	defer e.mu.Unlock()
	d, ok := e.byName[req.DestinationName]
	if ok {
		d.Request = req
	} else {
		d = &Destination{ID: e.newIDLocked(), CreatedAt: e.now().UTC(), Request: req}
		e.byName[req.DestinationName] = d
	}
	out := *d
	out.Request.Tags = cloneTags(d.Request.Tags)
	return out
}

// Len is the number of stored destinations.
func (e *Emulator) Len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.byName)
}

// newIDLocked returns a fresh "dst-" + 16 hex digits ID; e.mu must be held.
func (e *Emulator) newIDLocked() string {
	var b [8]byte
	for {
		rand.Read(b[:]) // never fails (crypto/rand)
		id := "dst-" + hex.EncodeToString(b[:])
		if _, taken := e.ids[id]; !taken {
			e.ids[id] = struct{}{}
			return id
		}
	}
}

func cloneTags(tags map[string]string) map[string]string {
	if tags == nil {
		return nil
	}
	return maps.Clone(tags)
}
