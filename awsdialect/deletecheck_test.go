package awsdialect_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// TestDeletionChecked: after the successful put of a valid case at one
// of the fixed cases, the dialect creates a destination of its own,
// deletes it and checks the deletion held. The emulator passes; a delete
// that answers success and deletes nothing, or answers success for a
// destination that is gone, is an aws-delete violation; a listing that
// shows a deleted destination (a second delete finds it gone) is
// aws-describe's. No other case makes the check.
func TestDeletionChecked(t *testing.T) {
	fakeDelete := func(em *emulator.AWS, w http.ResponseWriter, r *http.Request, body string) bool {
		if r.Header.Get("X-Amz-Target") != awsdialect.DeleteDestination || !strings.Contains(body, "deleted-") {
			return false
		}
		w.Header().Set("Content-Type", awsdialect.ContentType)
		_, _ = io.WriteString(w, "{}")
		return true
	}
	var deleted []string // names the stale listing still shows
	tests := []struct {
		name  string
		serve func(em *emulator.AWS, w http.ResponseWriter, r *http.Request, body string) bool // true: answered
		want  string                                                                           // the violations' rules
	}{
		{"the emulator", func(*emulator.AWS, http.ResponseWriter, *http.Request, string) bool { return false }, ""},
		{"a delete that deletes nothing", fakeDelete, "aws-delete"},
		{"a delete of what is gone answers success", func(em *emulator.AWS, w http.ResponseWriter, r *http.Request, body string) bool {
			if r.Header.Get("X-Amz-Target") == awsdialect.DeleteDestination && len(em.Names("t-deleted-")) == 0 {
				w.Header().Set("Content-Type", awsdialect.ContentType)
				_, _ = io.WriteString(w, "{}")
				return true
			}
			return false
		}, "aws-delete"},
		{"a delete answered OperationAbortedException (not now)", func(em *emulator.AWS, w http.ResponseWriter, r *http.Request, body string) bool {
			if r.Header.Get("X-Amz-Target") == awsdialect.DeleteDestination {
				emulator.WriteAWSError(w, http.StatusBadRequest, "OperationAbortedException", "a conflicting operation is in progress")
				return true
			}
			return false
		}, "unjudged"},
		{"a listing that shows what was deleted", func(em *emulator.AWS, w http.ResponseWriter, r *http.Request, body string) bool {
			switch r.Header.Get("X-Amz-Target") {
			case awsdialect.DeleteDestination:
				deleted = append(deleted, "t-deleted-9")
			case awsdialect.DescribeDestinations:
				if len(deleted) > 0 {
					w.Header().Set("Content-Type", awsdialect.ContentType)
					_, _ = io.WriteString(w, `{"destinations":[{"destinationName":"t-deleted-9","targetArn":"x","roleArn":"y","arn":"a","creationTime":1}]}`)
					return true
				}
			}
			return false
		}, "aws-describe"},
	}
	for _, tt := range tests {
		deleted = nil
		em := emulator.NewAWS()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			body := bodyOf(r)
			if !tt.serve(em, w, r, body) {
				em.ServeHTTP(w, r)
			}
		}))
		d := newDialect(t, srv.URL, func(o *awsdialect.Options) {
			o.Rules = []rules.ID{rules.AWSDelete, rules.AWSDescribe}
		})
		client, err := transport.New(transport.Config{Prepare: d.Prepare})
		if err != nil {
			t.Fatal(err)
		}
		send := func(ctx context.Context, req transport.Request) (transport.Response, error) {
			return d.Do(ctx, req, client.Do)
		}
		req := transport.Request{Method: http.MethodPost, URL: srv.URL, Header: d.Headers(nil), Body: []byte(`{"destinationName":"t-a","targetArn":"arn:t","roleArn":"arn:r"}`)}
		resp, err := send(context.Background(), req)
		if err != nil || resp.Status != http.StatusOK {
			t.Fatalf("%s: the put: %d %v", tt.name, resp.Status, err)
		}
		judge := func(property string, index int) campaign.DialectVerdict {
			return d.Judge(context.Background(), campaign.DialectExchange{Expect: contract.Expectation{Outcome: contract.Accept},
				Request: req, Response: resp, Envelope: oracle.SuccessEnvelope, Property: property, Index: index}, send)
		}
		for _, other := range []struct {
			property string
			index    int
		}{{"valid", 5}, {"valid", -1}, {"upsert", 9}} {
			if v := judge(other.property, other.index); len(v.FollowUps) != 0 || slices.Contains(v.Checked, rules.AWSDelete) {
				t.Errorf("%s: case %d of %s: got %d follow-ups, checked %v; want no delete check", tt.name, other.index, other.property, len(v.FollowUps), v.Checked)
			}
		}
		v := judge("valid", 9)
		if tt.want == "unjudged" {
			if len(v.Violations) != 0 || slices.Contains(v.Checked, rules.AWSDelete) {
				t.Errorf("%s: checked %v, violations %v; want nothing judged", tt.name, v.Checked, v.Violations)
			}
			srv.Close()
			continue
		}
		var got []string
		for _, x := range v.Violations {
			if !slices.Contains(got, string(x.Rule)) {
				got = append(got, string(x.Rule))
			}
		}
		if strings.Join(got, ",") != tt.want || !slices.Contains(v.Checked, rules.AWSDelete) || len(v.FollowUps) < 4 {
			t.Errorf("%s: checked %v, violations %v, %d follow-ups; want aws-delete checked, violations of [%s], the put, delete, listing and second delete shown",
				tt.name, v.Checked, v.Violations, len(v.FollowUps), tt.want)
		}
		if tt.want != "" && !slices.ContainsFunc(v.FollowUps, func(f campaign.FollowUp) bool { return f.Rule == rules.ID(tt.want) }) {
			t.Errorf("%s: no follow-up under %s, want the exchanges shown in its finding", tt.name, tt.want)
		}
		if tt.want == "" && len(em.Names("t-deleted-")) != 0 {
			t.Errorf("%s: %q left, want the check's destination deleted", tt.name, em.Names("t-deleted-"))
		}
		srv.Close()
	}
}

// bodyOf reads a request body and puts it back.
func bodyOf(r *http.Request) string {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(strings.NewReader(string(b)))
	return string(b)
}
