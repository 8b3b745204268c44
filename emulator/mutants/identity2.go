package mutants

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/putdestination/conformance/emulator"
)

// identityOverTimeFaults are mutants whose identity goes wrong across a run
// or under concurrency, not inside one pair of requests sent one after the
// other: names that differ only by invisible or compatibility characters
// share a store key, early names are forgotten once the store fills up,
// ids are recycled, two first creates of one name at the same moment both
// create.
func identityOverTimeFaults() []Mutant {
	return []Mutant{
		{
			Name: "zero-width-stripped-names", Rule: "distinct-identity",
			Description: "the store key is the name without zero-width characters (U+200B, U+200C, U+200D, U+FEFF), so \"zw\" and \"z\\u200bw\" share an id",
			New: rewriteStoreKey(func(n string) (string, bool) {
				k := strings.Map(func(r rune) rune {
					switch r {
					case '\u200b', '\u200c', '\u200d', '\ufeff':
						return -1
					}
					return r
				}, n)
				return k, k != n && k != ""
			}),
		},
		{
			Name: "nfkc-folded-names", Rule: "distinct-identity",
			Description: "the store key is the NFKC form of the name, so fullwidth and ASCII letters, a ligature and its letters, share an id",
			New: rewriteStoreKey(func(n string) (string, bool) {
				k := norm.NFKC.String(n)
				return k, k != n
			}),
		},
		{
			Name: "forgets-early-names", Rule: "upsert-identity",
			Description: "the store is a cache of the last 256 names: an older name put again is created anew, with a new id and created_at",
			New: func() http.Handler {
				s := &cacheStore{max: 256, at: map[string]stored{}}
				return identityFrom(s.lookup)()
			},
		},
		{
			Name: "ids-recycled-across-run", Rule: "distinct-identity",
			Description: "ids come from a counter modulo 64, so the 65th name created gets the first one's id (never two names in a row)",
			New: func() http.Handler {
				var mu sync.Mutex
				ids, n := map[string]string{}, 0
				return rewriteResponse(func(_ *http.Request, body []byte, p *response) {
					name, ok := acceptedName(body, p)
					if !ok {
						return
					}
					mu.Lock()
					id, seen := ids[name]
					if !seen {
						id = fmt.Sprintf("dst-%04d", n%64)
						ids[name] = id
						n++
					}
					mu.Unlock()
					p.editData(func(d map[string]any) { d["id"] = id })
				})()
			},
		},
		{
			Name: "racy-first-create", Rule: "upsert-identity",
			Description: "a new name is looked up, then created a database round trip later, with nothing held in between: first creates of one name at the same moment each create it",
			New: func() http.Handler {
				s := &racyStore{at: map[string]stored{}}
				return identityFrom(s.lookup)()
			},
		},
	}
}

// stored is an identity a mutant's own store hands out.
type stored struct {
	id        string
	createdAt time.Time
}

// acceptedName is the destinationName of a request the emulator accepted.
func acceptedName(body []byte, p *response) (string, bool) {
	if p.Status != http.StatusOK {
		return "", false
	}
	req, err := emulator.Parse(body)
	if err != nil {
		return "", false
	}
	return req.DestinationName, true
}

// identityFrom is a mutant that lets the emulator validate and answer, and
// gives every success the identity lookup hands out for its name.
func identityFrom(lookup func(name string) stored) func() http.Handler {
	return rewriteResponse(func(_ *http.Request, body []byte, p *response) {
		name, ok := acceptedName(body, p)
		if !ok {
			return
		}
		s := lookup(name)
		p.editData(func(d map[string]any) {
			d["id"], d["created_at"] = s.id, s.createdAt.UTC().Format(time.RFC3339Nano)
		})
	})
}

var mutantIDs struct {
	sync.Mutex
	n uint64
}

// newStored is a fresh identity, unique in the process.
func newStored() stored {
	mutantIDs.Lock()
	defer mutantIDs.Unlock()
	mutantIDs.n++
	return stored{id: fmt.Sprintf("dst-m%012d", mutantIDs.n), createdAt: time.Now()}
}

// cacheStore keeps the last max names, forgetting the oldest.
type cacheStore struct {
	mu    sync.Mutex
	max   int
	at    map[string]stored
	order []string
}

func (c *cacheStore) lookup(name string) stored {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.at[name]; ok {
		return s
	}
	s := newStored()
	c.at[name] = s
	c.order = append(c.order, name)
	if len(c.order) > c.max {
		delete(c.at, c.order[0])
		c.order = c.order[1:]
	}
	return s
}

// racyStore looks a name up, then creates it a round trip later.
type racyStore struct {
	mu sync.Mutex
	at map[string]stored
}

// roundTrip is the time between the lookup and the insert of racyStore: a
// database a region away. The concurrency check's requests, released
// together, reach the server within it even while several test binaries
// load two cores.
const roundTrip = 25 * time.Millisecond

func (r *racyStore) lookup(name string) stored {
	r.mu.Lock()
	s, ok := r.at[name]
	r.mu.Unlock()
	if ok {
		return s
	}
	time.Sleep(roundTrip)
	s = newStored()
	r.mu.Lock()
	r.at[name] = s
	r.mu.Unlock()
	return s
}
