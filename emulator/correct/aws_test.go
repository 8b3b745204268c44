package correct_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/putdestination/conformance/emulator/correct"
)

// TestAWSVariantsTakeTheirFreedom: each correct server of the AWS protocol
// does what its description says (a variant that answered as the reference
// would prove nothing by staying clean).
func TestAWSVariantsTakeTheirFreedom(t *testing.T) {
	send := func(h http.Handler, target, contentType, body string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set("X-Amz-Target", "Logs_20140328."+target)
		req.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	const json11 = "application/x-amz-json-1.1"
	invalid := `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`
	checks := map[string]func(h http.Handler) bool{
		"aws-namespaced-error-type": func(h http.Handler) bool {
			return strings.Contains(send(h, "PutDestination", json11, invalid).Body.String(), `"com.amazonaws.logs#InvalidParameterException"`)
		},
		"aws-capital-message": func(h http.Handler) bool {
			b := send(h, "PutDestination", json11, invalid).Body.String()
			return strings.Contains(b, `"Message"`) && !strings.Contains(b, `"message"`)
		},
		"aws-error-type-header-only": func(h http.Handler) bool {
			rec := send(h, "PutDestination", json11, invalid)
			return rec.Header().Get("X-Amzn-ErrorType") == "InvalidParameterException" && !strings.Contains(rec.Body.String(), "__type")
		},
		"aws-json-1-0-requests": func(h http.Handler) bool {
			return send(h, "PutDestination", "application/x-amz-json-1.0", `{"destinationName":"n","targetArn":"t","roleArn":"r"}`).Code == http.StatusOK
		},
		"aws-extra-members": func(h http.Handler) bool {
			return strings.Contains(send(h, "PutDestination", json11, `{"destinationName":"n","targetArn":"t","roleArn":"r"}`).Body.String(), `"accessPolicy"`)
		},
		"aws-one-per-page": func(h http.Handler) bool {
			for _, n := range []string{"p1", "p2"} {
				send(h, "PutDestination", json11, `{"destinationName":"`+n+`","targetArn":"t","roleArn":"r"}`)
			}
			b := send(h, "DescribeDestinations", json11, `{"DestinationNamePrefix":"p","limit":50}`).Body.String()
			return strings.Count(b, `"destinationName"`) == 1 && strings.Contains(b, `"nextToken"`)
		},
	}
	for _, s := range correct.AWS() {
		check, ok := checks[s.Name]
		if !ok {
			t.Errorf("%s: no check of its freedom", s.Name)
			continue
		}
		if !check(s.New()) {
			t.Errorf("%s: does not do what it says: %s", s.Name, s.Description)
		}
	}
}
