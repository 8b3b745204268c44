package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// successEnvelope is the 200 body.
type successEnvelope struct {
	Success bool        `json:"success"` // always true
	Data    successData `json:"data"`
}

type successData struct {
	ID        string `json:"id"`
	CreatedAt string `json:"created_at"`
}

// errorEnvelope is the 400 body.
type errorEnvelope struct {
	Success bool      `json:"success"` // always false
	Error   errorData `json:"error"`
}

type errorData struct {
	Code    string `json:"code"` // always VALIDATION_ERROR
	Message string `json:"message"`
}

// WriteSuccess writes status 200 and the success envelope
// {"success":true,"data":{"id":id,"created_at":createdAt}}, with createdAt
// in UTC as RFC 3339 with nanoseconds (trailing zeros dropped).
func WriteSuccess(w http.ResponseWriter, id string, createdAt time.Time) {
	writeJSON(w, http.StatusOK, successEnvelope{
		Success: true,
		Data:    successData{ID: id, CreatedAt: createdAt.UTC().Format(time.RFC3339Nano)},
	})
}

// WriteError writes the given status and the error envelope
// {"success":false,"error":{"code":"VALIDATION_ERROR","message":message}}.
// Invalid UTF-8 in message is replaced with U+FFFD.
func WriteError(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, errorEnvelope{
		Error: errorData{Code: "VALIDATION_ERROR", Message: message},
	})
}

// writeJSON writes status and v as a compact JSON body with Content-Type
// application/json and its Content-Length.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // messages quote the request's text as it is
	_ = enc.Encode(v)        // structs of strings and bools always encode
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))

	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
