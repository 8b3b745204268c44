package mutants

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/putdestination/conformance/emulator"
)

// identityFaults are mutants whose store gets create-or-update wrong.
func identityFaults() []Mutant {
	return []Mutant{
		{
			Name: "new-id-on-update", Rule: "upsert-identity",
			Description: "every put mints a fresh id, so an update changes data.id",
			New: func() http.Handler {
				var n atomic.Uint64
				return rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
					p.editData(func(d map[string]any) {
						d["id"] = fmt.Sprintf("dst-%016x", n.Add(1))
					})
				})()
			},
		},
		{
			Name: "new-created-at-on-update", Rule: "upsert-identity",
			Description: "data.created_at is the time of the latest put (an updated_at), so an update changes it",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editData(func(d map[string]any) {
					d["created_at"] = time.Now().UTC().Format(time.RFC3339Nano)
				})
			}),
		},
		{
			Name: "case-folded-names", Rule: "distinct-identity",
			Description: "the store key is the lower-cased name, so \"A\" and \"a\" share an id",
			New: rewriteStoreKey(func(n string) (string, bool) {
				l := strings.ToLower(n)
				return l, l != n
			}),
		},
		{
			Name: "nfc-normalized-names", Rule: "distinct-identity",
			Description: "the store key is the NFC-normalized name, so NFC and NFD spellings share an id",
			New: rewriteStoreKey(func(n string) (string, bool) {
				c := norm.NFC.String(n)
				return c, c != n
			}),
		},
		{
			Name: "trimmed-names", Rule: "distinct-identity",
			Description: "the store key is the name without leading and trailing white space, so \"x\" and \" x\" share an id",
			New: rewriteStoreKey(func(n string) (string, bool) {
				t := strings.TrimSpace(n)
				return t, t != n && t != ""
			}),
		},
		{
			Name: "ids-from-first-character", Rule: "distinct-identity",
			Description: "data.id is derived from the first character of the name, so names sharing it collide",
			New: rewriteResponse(func(_ *http.Request, body []byte, p *response) {
				o, ok := parseObject(body)
				if !ok {
					return
				}
				name, ok := o.str("destinationName")
				if !ok || name == "" {
					return
				}
				r, _ := utf8.DecodeRuneInString(name)
				p.editData(func(d map[string]any) { d["id"] = fmt.Sprintf("dst-%08x", r) })
			}),
		},
	}
}

// rewriteStoreKey is a mutant that validates the request as sent, then
// stores it under key(name): the emulator sees the rewritten name only when
// the request is valid as it is (and the key is a valid name too), so the
// fault is in the store alone.
func rewriteStoreKey(key func(name string) (string, bool)) func() http.Handler {
	return rewriteMembers(func(o *object) bool {
		req, err := emulator.Parse(o.encode())
		if err != nil {
			return false
		}
		k, ok := key(req.DestinationName)
		if !ok {
			return false
		}
		o.set("destinationName", quote(k))
		_, err = emulator.Parse(o.encode())
		return err == nil
	})
}
