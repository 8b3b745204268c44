package parity_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
)

// otherRun wraps a correct server so that every volatile field of its
// answers is what another run, in another account, would give: ids
// drawn otherwise (one per id of the server, so the pairing holds),
// timestamps later by a day (same type and unit), a request id in every
// answer, new each time, and another account in every ARN.
func otherRun(h http.Handler) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		d := json.NewDecoder(bytes.NewReader(body))
		d.UseNumber()
		var v map[string]any
		if d.Decode(&v) == nil && v != nil {
			v["requestId"] = fmt.Sprintf("req-%d", n.Add(1))
			if e, ok := v["error"].(map[string]any); ok {
				e["request_id"] = fmt.Sprintf("ereq-%d", n.Add(1))
			}
			rewrite(v)
			body, _ = json.Marshal(v)
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Header().Set("X-Amzn-RequestId", fmt.Sprintf("hdr-%d", n.Add(1)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// rewrite changes the volatile members of an answer in place.
func rewrite(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			switch s := e.(type) {
			case string:
				switch {
				case k == "id":
					sum := sha256.Sum256([]byte(s))
					x[k] = "other-" + hex.EncodeToString(sum[:6])
				case k == "created_at":
					if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
						x[k] = t.Add(24 * time.Hour).Format(time.RFC3339Nano)
					}
				case k == "arn":
					x[k] = strings.Replace(s, ":"+emulator.Account+":", ":999988887777:", 1)
				}
			case json.Number:
				if k == "creationTime" {
					ms, _ := s.Int64()
					x[k] = json.Number(strconv.FormatInt(ms+86_400_000, 10))
				}
			default:
				rewrite(e)
			}
		}
	case []any:
		for _, e := range x {
			rewrite(e)
		}
	}
}

// TestVolatileFieldsNeverDiverge: a correct server whose ids, timestamps,
// request ids and account differ from the recording's, and (in the aws
// dialect) that runs in another region and partition, gives no parity
// finding, in both dialects; without the normalization table (an empty
// one) the same check gives findings at each of those fields, so they did
// vary.
func TestVolatileFieldsNeverDiverge(t *testing.T) {
	envelope := emulator.ForDialect(rules.Envelope)
	for _, tt := range []struct {
		dialect       string
		server        func() http.Handler
		record, check []conformance.Option
		varies        []string
	}{
		{dialect: rules.Envelope, server: envelope, varies: []string{"/data/id", "/data/created_at", "/requestId", "/error/request_id"}},
		{dialect: rules.AWS, server: awsEmulator,
			record: []conformance.Option{conformance.WithDialect(rules.AWS), testCreds, conformance.WithRegion("eu-west-1")},
			check:  []conformance.Option{testCreds, conformance.WithRegion("cn-north-1")},
			varies: []string{"/destination/arn", "/destination/creationTime", "/requestId"}},
	} {
		var buf bytes.Buffer
		if _, err := conformance.Record(t.Context(), conformance.Handler(tt.server), &buf,
			append([]conformance.Option{conformance.WithSeed(11), conformance.WithBudget(10)}, tt.record...)...); err != nil {
			t.Fatal(err)
		}
		cassette := buf.Bytes()
		for _, table := range []parity.Rules{nil, {{Pointer: "/none", Treat: parity.Drop}}} {
			h, err := parity.Read(bytes.NewReader(cassette))
			if err != nil {
				t.Fatal(err)
			}
			res, err := conformance.Parity(t.Context(), h, conformance.Handler(func() http.Handler { return otherRun(tt.server()) }), table, tt.check...)
			if err != nil {
				t.Fatal(err)
			}
			at := map[string]bool{}
			for _, f := range res.Findings {
				for _, v := range f.Violations {
					at[v.Pointer] = true
				}
			}
			if table == nil {
				if len(res.Findings) > 0 {
					t.Errorf("%s: another run of a correct server: %d findings, first %q; want none", tt.dialect, len(res.Findings), res.Findings[0].Summary)
				}
				continue
			}
			for _, p := range tt.varies {
				if !at[p] {
					t.Errorf("%s without normalization: no finding at %s, want one (the field varies between the runs)", tt.dialect, p)
				}
			}
		}
	}
}
