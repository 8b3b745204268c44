package correct

import (
	"io"
	"maps"
	"net/http"
	"strconv"

	"github.com/putdestination/conformance/emulator"
)

// notImplementedPage is the 501 page of other-methods-501.
const notImplementedPage = `<!DOCTYPE html>
<html>
<head><title>501 Not Implemented</title></head>
<body><h1>Not Implemented</h1><p>Only POST is supported.</p></body>
</html>
`

// methodVariants answer methods other than POST, which the contract does
// not describe, with a status of their own, with or without a body. 501 is
// the one 5xx the oracle allows there (see oracle.Check).
func methodVariants() []Server {
	jsonType := http.Header{"Content-Type": {"application/json"}}
	allow := http.Header{"Allow": {http.MethodPost}}
	plainAllow := http.Header{"Allow": {http.MethodPost}, "Content-Type": {"text/plain; charset=utf-8"}}
	htmlType := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	return []Server{
		{
			Name:        "other-methods-404",
			Description: `methods other than POST get 404 {"message":"Not Found"} (application/json)`,
			New:         otherMethods(http.StatusNotFound, jsonType, `{"message":"Not Found"}`),
		},
		{
			Name:        "other-methods-404-empty",
			Description: "methods other than POST get 404 with an empty body",
			New:         otherMethods(http.StatusNotFound, nil, ""),
		},
		{
			Name:        "other-methods-405",
			Description: "methods other than POST get 405 Method Not Allowed (text/plain) with Allow: POST",
			New:         otherMethods(http.StatusMethodNotAllowed, plainAllow, "Method Not Allowed"),
		},
		{
			Name:        "other-methods-405-empty",
			Description: "methods other than POST get 405 with Allow: POST and an empty body",
			New:         otherMethods(http.StatusMethodNotAllowed, allow, ""),
		},
		{
			Name:        "other-methods-501",
			Description: "methods other than POST get 501 Not Implemented with an HTML page",
			New:         otherMethods(http.StatusNotImplemented, htmlType, notImplementedPage),
		},
		{
			Name:        "other-methods-501-empty",
			Description: "methods other than POST get 501 with an empty body",
			New:         otherMethods(http.StatusNotImplemented, nil, ""),
		},
	}
}

// otherMethods returns servers that answer a method other than POST
// themselves, after reading and discarding the request body: status, the
// header and body, with Content-Length. POST goes to the emulator.
func otherMethods(status int, header http.Header, body string) func() http.Handler {
	return func() http.Handler {
		em := emulator.New()
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				em.ServeHTTP(w, r)
				return
			}
			drain(r)
			h := w.Header()
			maps.Copy(h, header.Clone())
			h.Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		})
	}
}
