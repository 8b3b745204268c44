package oracle_test

import (
	"testing"

	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/spec"
)

// TestObserve: what the oracle reads off a body, through Check (an
// expectation of Either judges nothing the reading depends on).
func TestObserve(t *testing.T) {
	s := embeddedSpec(t)
	for _, tc := range []struct {
		name, body string
		want       oracle.Observed
	}{
		{"success", okBody, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "dst-1", CreatedAt: "2025-01-01T00:00:00Z"}},
		{"error", errBody, oracle.Observed{Envelope: oracle.ErrorEnvelope, Code: "VALIDATION_ERROR"}},
		{"escaped strings", `{"success":true,"data":{"id":"d\u0073t\n","created_at":"x"}}`, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "dst\n", CreatedAt: "x"}},
		{"escaped names", `{"succ\u0065ss":true,"d\u0061ta":{"\u0069d":"a","created\u005fat":"c"}}`, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "a", CreatedAt: "c"}},
		{"escaped error names", `{"\u0065rror":{"c\u006fde":"C"},"success":false}`, oracle.Observed{Envelope: oracle.ErrorEnvelope, Code: "C"}},
		{"a name with invalid UTF-8", "{\"success\xff\":true,\"\xffsuccess\":false}", oracle.Observed{}},
		{"white space", " {\n\"success\" : false , \"error\" : { \"code\" : \"C\" } }\n", oracle.Observed{Envelope: oracle.ErrorEnvelope, Code: "C"}},
		{"other members", `{"x":[1,{"success":false}],"success":true,"data":{"y":{},"id":"i"}}`, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "i"}},
		{"repeated members: the last", `{"success":false,"success":true,"data":{"id":"a"},"data":{"id":"b"}}`, oracle.Observed{Envelope: oracle.SuccessEnvelope, ID: "b"}},
		{"id not a string", `{"success":true,"data":{"id":5,"created_at":null}}`, oracle.Observed{Envelope: oracle.SuccessEnvelope}},
		{"data not an object", `{"success":true,"data":"x"}`, oracle.Observed{Envelope: oracle.SuccessEnvelope}},
		{"data null", `{"success":true,"data":null}`, oracle.Observed{Envelope: oracle.SuccessEnvelope}},
		{"success a string", `{"success":"true","data":{"id":"a"}}`, oracle.Observed{ID: "a"}},
		{"success with another case", `{"Success":true}`, oracle.Observed{}},
		{"not an object", `[{"success":true}]`, oracle.Observed{}},
		{"trailing bytes", okBody + ` {}`, oracle.Observed{}},
		{"cut short", okBody[:30], oracle.Observed{}},
		{"empty", ``, oracle.Observed{}},
		{"HTML", `<html>error</html>`, oracle.Observed{}},
	} {
		r := oracle.Check(s, either, resp(200, "application/json", tc.body))
		tc.want.Status = 200
		if r.Observed != tc.want {
			t.Errorf("%s: %s: got %+v, want %+v", tc.name, tc.body, r.Observed, tc.want)
		}
	}
}

func embeddedSpec(t *testing.T) *spec.Spec {
	t.Helper()
	s, err := spec.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return s
}
