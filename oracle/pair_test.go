package oracle_test

import (
	"slices"
	"testing"

	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
)

func TestJudgedBy(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		exp          contract.Expectation
		want         []rules.ID
	}{
		{"accept", "the response rules and accepts-valid", accept, []rules.ID{rules.StatusCode, rules.ContentType, rules.EnvelopeSchema, rules.Robustness, rules.AcceptsValid}},
		{"reject", "the response rules and rejects-invalid", reject, []rules.ID{rules.StatusCode, rules.ContentType, rules.EnvelopeSchema, rules.Robustness, rules.RejectsInvalid}},
		{"either", "the contract is silent on the outcome: the response rules only", either, []rules.ID{rules.StatusCode, rules.ContentType, rules.EnvelopeSchema, rules.Robustness}},
		{"unspecified", "another method than POST: robustness only", unspecified, []rules.ID{rules.Robustness}},
	} {
		if got := oracle.JudgedBy(tc.exp); !slices.Equal(got, tc.want) {
			t.Errorf("JudgedBy(%s) (%s): got %v, want %v", tc.name, tc.reason, got, tc.want)
		}
	}
}

func TestCheckPair(t *testing.T) {
	ok := func(id, at string) oracle.Observed {
		return oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: id, CreatedAt: at}
	}
	named := func(name string, exp contract.Expectation, o oracle.Observed) oracle.Named {
		return oracle.Named{Name: name, Expect: exp, Observed: o}
	}
	for _, tc := range []struct {
		name, reason  string
		first, second oracle.Named
		rule          rules.ID
		violations    int
	}{
		{"update keeps identity", "one name twice, same id and created_at", named("n", accept, ok("1", "t")), named("n", accept, ok("1", "t")), rules.UpsertIdentity, 0},
		{"update changes identity", "one name twice, a new id and created_at", named("n", accept, ok("1", "t")), named("n", accept, ok("2", "u")), rules.UpsertIdentity, 2},
		{"two names, one id", "different names must get different ids", named("a", accept, ok("1", "t")), named("A", accept, ok("1", "t")), rules.DistinctIdentity, 1},
		{"two names, two ids", "different ids", named("a", accept, ok("1", "t")), named("b", accept, ok("2", "t")), rules.DistinctIdentity, 0},
		{"invalid first", "a request the contract does not accept creates nothing to hold", named("n", reject, ok("1", "t")), named("n", accept, ok("2", "t")), "", 0},
		{"silent second", "the contract is silent on the outcome", named("n", accept, ok("1", "t")), named("n", either, ok("2", "t")), "", 0},
		{"no name", "a body without a destinationName", named("", accept, ok("1", "t")), named("n", accept, ok("2", "t")), "", 0},
	} {
		rule, vs := oracle.CheckPair(tc.first, tc.second)
		if rule != tc.rule || len(vs) != tc.violations {
			t.Errorf("CheckPair: %s (%s): got %q with %v, want %q with %d violations", tc.name, tc.reason, rule, vs, tc.rule, tc.violations)
		}
	}
}

func TestCheckConcurrent(t *testing.T) {
	ok := func(id, at string) oracle.Observed {
		return oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: id, CreatedAt: at}
	}
	if vs, _, _ := oracle.CheckConcurrent("n", []oracle.Observed{ok("1", "t"), ok("1", "t"), ok("1", "t")}); len(vs) != 0 {
		t.Errorf("one id and created_at for all: got %v, want none", vs)
	}
	vs, a, b := oracle.CheckConcurrent("n", []oracle.Observed{ok("1", "t"), ok("1", "t"), ok("2", "u")})
	if len(vs) != 2 || vs[0].Pointer != "/data/id" || vs[1].Pointer != "/data/created_at" || a != 0 || b != 2 {
		t.Errorf("the third create made another destination: got %v, answers %d and %d, want /data/id and /data/created_at, answers 0 and 2", vs, a, b)
	}
	if vs, _, _ := oracle.CheckConcurrent("n", []oracle.Observed{ok("1", "t"), {Envelope: oracle.ErrorEnvelope}}); len(vs) != 0 {
		t.Errorf("one create refused: got %v, want none here (accepts-valid judges it)", vs)
	}
}

func TestCheckDesync(t *testing.T) {
	ok := oracle.Judged{Answer: resp(200, "application/json", okBody), Observed: oracle.Observed{Envelope: oracle.SuccessEnvelope, Status: 200}}
	misread := oracle.Judged{Answer: resp(400, "application/json", errBody), Observed: oracle.Observed{Envelope: oracle.ErrorEnvelope, Status: 400}}
	dropped := oracle.Judged{Answer: failed(contract.FailReset, oracle.Answer{})}
	for _, tc := range []struct {
		name, reason  string
		onOne, fresh  oracle.Judged
		judged, fails bool
	}{
		{"in step", "the POST got the same answer on both connections", ok, ok, true, false},
		{"misread", "the POST after the unread body was misread", misread, ok, true, true},
		{"dropped", "the connection was dropped under the POST", dropped, ok, true, true},
		{"POST fails alone", "the POST fails on a connection of its own too: the connection cannot be told at fault", misread, misread, false, false},
	} {
		judged, vs := oracle.CheckDesync("GET", tc.onOne, tc.fresh)
		if judged != tc.judged || (len(vs) > 0) != tc.fails || tc.fails && vs[0].Rule != rules.Robustness {
			t.Errorf("CheckDesync: %s (%s): got judged %v, %v; want judged %v, failing %v under robustness", tc.name, tc.reason, judged, vs, tc.judged, tc.fails)
		}
	}
}
