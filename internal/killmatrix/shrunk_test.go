package killmatrix_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/internal/killmatrix"
)

// smallBody is the most a shrunk finding of a fault that does not need size
// may send in one request.
const smallBody = 1024

// sizeSlack is how far over the smallest body that shows a fault needing
// size its shrunk findings may be.
const sizeSlack = 1.10

// smallest is the smallest body (the smallest we know) that shows the fault
// of each mutant that needs size: a plain body with one-character members
// but for the one the fault needs. Every other mutant's findings must come
// out within smallBody.
var smallest = func() map[string]string {
	body := func(name string, extra string) string {
		return `{"destinationName":"` + name + `","targetArn":"a","roleArn":"a"` + extra + `}`
	}
	tags := func(n int) string {
		var entries []string
		for i := range n {
			entries = append(entries, `"`+string("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[i])+`":""`)
		}
		return `,"tags":{` + strings.Join(entries, ",") + `}`
	}
	members := func(n int) string {
		const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		var out strings.Builder
		for i := range n {
			name := string(letters[i%52])
			if i >= 52 {
				name = string(letters[i/52]) + name
			}
			fmt.Fprintf(&out, `,"%s":0`, name)
		}
		return out.String()
	}
	// manyTags are n tags with the shortest distinct keys, one plain
	// character, then two.
	manyTags := func(n int) string {
		const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		var keys []string
		for _, c := range plain {
			keys = append(keys, string(c))
		}
		for _, c := range plain {
			for _, d := range plain {
				keys = append(keys, string(c)+string(d))
			}
		}
		var entries []string
		for _, k := range keys[:n] {
			entries = append(entries, `"`+k+`":""`)
		}
		return `,"tags":{` + strings.Join(entries, ",") + `}`
	}
	a := func(n int) string { return strings.Repeat("a", n) }
	return map[string]string{
		"accepts-513-character-name":              body(a(513), ""),
		"name-length-in-bytes":                    body(a(511)+"é", ""),
		"name-length-in-utf16-units":              body(a(511)+"𝐀", ""),
		"name-max-off-by-one":                     body(a(512), ""),
		"name-length-on-raw-text":                 body(a(511)+`\n`, ""),
		"502-on-names-over-300-characters":        body(a(301), ""),
		"truncates-long-tag-keys":                 body("a", `,"tags":{"`+a(129)+`":""}`),
		"truncates-long-tag-values":               body("a", `,"tags":{"a":"`+a(257)+`"}`),
		"accepts-51-tags":                         body("a", tags(51)),
		"rejects-50-tags":                         body("a", tags(50)),
		"500-on-50-tags":                          body("a", tags(50)),
		"rejects-bodies-over-64-kib":              body("a", `,"b":"`+a(64<<10-len(body("a", `,"b":""`))+1)+`"`),
		"rejects-many-members":                    body("a", members(254)),
		"500-on-long-unknown-strings":             body("a", `,"b":"`+a(4097)+`"`),
		"500-on-thousands-of-tags":                body("a", manyTags(1025)),
		"500-on-tag-values-over-10000-characters": body("a", `,"tags":{"a":"`+a(10001)+`"}`),
	}
}()

// TestShrunkFindingsAreSmall runs the campaign of a run with no option but
// the seed (shrinking every kept finding within the default budgets)
// against every mutant: the bodies of every finding shrunk in full or in
// part must be at most smallBody, or, for a fault that needs size, within
// sizeSlack of the smallest body that shows it. Findings that cannot be
// sent again (a timeout, one found against the run's history) are left as
// found and only logged.
func TestShrunkFindingsAreSmall(t *testing.T) {
	if raceEnabled {
		t.Skip("under -race, TestKillMatrix runs a sample with seed 1")
	}
	t.Parallel()
	ctx := t.Context()
	for _, row := range killmatrix.Mutants() {
		if row.Dialect != "" {
			continue // the aws dialect's requests are the envelope's, signed
		}
		t.Run(row.Name, func(t *testing.T) {
			outcome := pool.StartShrunk(ctx, row, 1)
			t.Parallel()
			o := <-outcome
			if o.Err != "" || o.Result == nil {
				t.Fatalf("%s: %s", o.Subject(), o.Err)
			}
			limit := smallBody
			if b, ok := smallest[row.Name]; ok {
				limit = int(float64(len(b)) * sizeSlack)
			}
			requests := 0
			for _, f := range o.Result.Findings {
				requests += f.ShrinkRequests
				largest := len(f.Request.Body)
				if f.Previous != nil {
					largest = max(largest, len(f.Previous.Request.Body))
				}
				line := fmt.Sprintf("%s: %s finding, shrink %s after %d requests: %d bytes (limit %d)", row.Name, f.Rule, f.Shrink, f.ShrinkRequests, largest, limit)
				switch {
				case f.Shrink == "none":
					t.Logf("%s, not shrunk (intermittent %v): %s", line, f.Intermittent, f.Summary)
				case largest > limit:
					t.Errorf("%s\n\tbody: %.300s", line, f.Request.Body)
				default:
					t.Log(line)
				}
			}
			if requests > conformance.DefaultConfig().ShrinkTotal {
				t.Errorf("%s: shrinking sent %d requests, want at most the total budget %d", row.Name, requests, conformance.DefaultConfig().ShrinkTotal)
			}
		})
	}
}
