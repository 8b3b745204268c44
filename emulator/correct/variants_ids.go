package correct

import (
	"crypto/rand"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// idVariants hand out ids of other forms. The emulator gives one id per
// name and distinct ids to distinct names; an idMap keeps both properties.
func idVariants() []Server {
	return []Server{
		{
			Name:        "uuid-ids",
			Description: "ids are random UUIDs (version 4), e.g. 3f0e8a52-9c1d-4b7e-8f3a-2d6c5b4a1e09",
			New:         renameIDs(randomUUID),
		},
		{
			Name:        "decimal-ids",
			Description: "ids are decimal strings counting up from 2^53+1, beyond what a float64 tells apart",
			New: renameIDs(func(n int) string {
				return strconv.FormatUint(1<<53+uint64(n), 10)
			}),
		},
		{
			Name:        "long-ids",
			Description: "ids are 200 characters long",
			New:         renameIDs(func(n int) string { return fmt.Sprintf("dst-%0196d", n) }),
		},
	}
}

// renameIDs returns servers whose success envelopes carry, instead of the
// emulator's id, the id an idMap built on fresh gives it.
func renameIDs(fresh func(n int) string) func() http.Handler {
	return func() http.Handler {
		ids := &idMap{fresh: fresh, ids: map[string]string{}, taken: map[string]bool{}}
		return rewrite(func(p *response) {
			p.editData(func(data map[string]any) {
				if id, ok := data["id"].(string); ok {
					data["id"] = ids.get(id)
				}
			})
		})
	}
}

// idMap gives each emulator id an id of another form: the same one every
// time, and never one it gave another emulator id.
type idMap struct {
	// fresh makes the nth id (from 1); it is asked for the next one when
	// its answer is taken.
	fresh func(n int) string

	mu    sync.Mutex
	n     int               // ids made
	ids   map[string]string // emulator id → id sent
	taken map[string]bool   // ids sent
}

func (m *idMap) get(emulatorID string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if id, ok := m.ids[emulatorID]; ok {
		return id
	}
	for {
		m.n++
		id := m.fresh(m.n)
		if !m.taken[id] {
			m.ids[emulatorID] = id
			m.taken[id] = true
			return id
		}
	}
}

// randomUUID returns a random version 4 UUID (RFC 9562), in lower case.
func randomUUID(int) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
