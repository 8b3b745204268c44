package mutants

import (
	"encoding/json"
	"html"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// wrongResponses are mutants that decide right but answer wrong: a wrong
// status, Content-Type or envelope.
func wrongResponses() []Mutant {
	return []Mutant{
		{
			Name: "error-envelope-with-200", Rule: "status-code",
			Description: "the VALIDATION_ERROR envelope is sent with 200 instead of 400",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status == http.StatusBadRequest {
					p.Status = http.StatusOK
				}
			}),
		},
		{
			Name: "success-with-201", Rule: "status-code",
			Description: "the success envelope is sent with 201 Created instead of 200",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status == http.StatusOK {
					p.Status = http.StatusCreated
				}
			}),
		},
		{
			Name: "error-with-422", Rule: "status-code",
			Description: "the VALIDATION_ERROR envelope is sent with 422 Unprocessable Entity instead of 400",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status == http.StatusBadRequest {
					p.Status = http.StatusUnprocessableEntity
				}
			}),
		},
		{
			Name: "text-plain-success", Rule: "content-type",
			Description: "the success envelope is labelled text/plain instead of application/json",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status == http.StatusOK {
					p.Header.Set("Content-Type", "text/plain; charset=utf-8")
				}
			}),
		},
		{
			Name: "html-error-page", Rule: "content-type",
			Description: "invalid requests get a framework's 400 text/html error page instead of the JSON envelope",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status != http.StatusBadRequest {
					return
				}
				msg := "invalid request"
				var env struct {
					Error struct {
						Message string `json:"message"`
					} `json:"error"`
				}
				if json.Unmarshal(p.Body, &env) == nil && env.Error.Message != "" {
					msg = env.Error.Message
				}
				p.Header.Set("Content-Type", "text/html; charset=utf-8")
				p.Body = []byte("<!DOCTYPE html>\n<html><head><title>400 Bad Request</title></head><body><h1>Bad Request</h1><p>" +
					html.EscapeString(msg) + "</p></body></html>\n")
			}),
		},
		{
			Name: "no-content-type", Rule: "content-type",
			Description: "responses carry no Content-Type header at all",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.Header["Content-Type"] = nil
			}),
		},
		{
			Name: "wrong-error-code", Rule: "envelope-schema",
			Description: "the error code is BAD_REQUEST instead of VALIDATION_ERROR",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editError(func(e map[string]any) { e["code"] = "BAD_REQUEST" })
			}),
		},
		{
			Name: "empty-error-message", Rule: "envelope-schema",
			Description: "the error message is the empty string",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editError(func(e map[string]any) { e["message"] = "" })
			}),
		},
		{
			Name: "success-without-created-at", Rule: "envelope-schema",
			Description: "the success envelope has no data.created_at",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editData(func(d map[string]any) { delete(d, "created_at") })
			}),
		},
		{
			Name: "created-at-not-rfc3339", Rule: "envelope-schema",
			Description: "data.created_at is written as \"2006-01-02 15:04:05\", not an RFC 3339 date-time",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editData(func(d map[string]any) {
					if s, ok := d["created_at"].(string); ok {
						if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
							d["created_at"] = t.Format(time.DateTime)
						}
					}
				})
			}),
		},
		{
			Name: "empty-id", Rule: "envelope-schema",
			Description: "data.id is the empty string",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editData(func(d map[string]any) { d["id"] = "" })
			}),
		},
		{
			Name: "numeric-id", Rule: "envelope-schema",
			Description: "data.id is a JSON number (the database key) instead of a string",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				p.editData(func(d map[string]any) {
					if s, ok := d["id"].(string); ok {
						if n, err := strconv.ParseUint(strings.TrimPrefix(s, "dst-"), 16, 64); err == nil {
							d["id"] = json.Number(strconv.FormatUint(n, 10))
						}
					}
				})
			}),
		},
		{
			Name: "success-as-string", Rule: "envelope-schema",
			Description: "the success member is the string \"true\" instead of the boolean",
			New: rewriteResponse(func(_ *http.Request, _ []byte, p *response) {
				if p.Status == http.StatusOK {
					p.editEnvelope(func(env map[string]any) { env["success"] = "true" })
				}
			}),
		},
	}
}
