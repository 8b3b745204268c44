package emulator

import "net/http"

// ForDialect returns a function making a fresh emulator that speaks the
// dialect: "aws" for the AWS JSON 1.1 protocol of CloudWatch Logs (NewAWS),
// anything else for the spec's JSON envelope (New). The CLI and the suite
// check it in process when given no endpoint.
func ForDialect(dialect string) func() http.Handler {
	if dialect == "aws" {
		return func() http.Handler { return NewAWS() }
	}
	return func() http.Handler { return New() }
}
