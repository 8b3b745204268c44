package correct

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/putdestination/conformance/emulator"
)

// limitVariants refuse a POST body past one parser limit that RFC 8259 §9
// allows and the spec's contract notes document, with 400 and the
// VALIDATION_ERROR envelope, as a server answers its parser's error; every
// other request is the emulator's. The limits are the contract notes'
// (spec/limits.go), written out here because the emulator's packages
// import nothing of the harness.
func limitVariants() []Server {
	return []Server{
		{
			Name:        "numbers-as-float64",
			Description: "decodes the body into map[string]any first (Go's encoding/json), so a number beyond a double's range (1e400, a 400-digit integer) is a 400",
			New: refuseBody(func(body []byte) string {
				var m map[string]any
				var typeErr *json.UnmarshalTypeError
				if err := json.Unmarshal(body, &m); errors.As(err, &typeErr) && strings.HasPrefix(typeErr.Value, "number") {
					return "request body: " + err.Error()
				}
				return ""
			}),
		},
	}
}

// maxRead bounds what a variant reads of a body to check it: one byte past
// the emulator's own limit of 16 MiB, which refuses anything longer.
const maxRead = 16<<20 + 1

// refuseBody returns servers that answer a POST 400 with the
// VALIDATION_ERROR envelope when refuse gives a message for its body (the
// first maxRead bytes), and are a fresh emulator otherwise.
func refuseBody(refuse func(body []byte) string) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.Body != nil {
				body, _ := io.ReadAll(io.LimitReader(r.Body, maxRead))
				if why := refuse(body); why != "" {
					drain(r)
					emulator.WriteError(w, http.StatusBadRequest, why)
					return
				}
				r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			}
			em.ServeHTTP(w, r)
		})
	}
}
