// Package gohandler is a small PutDestination implementation, as a team
// writing its own emulator would have it, tested with the conformance
// harness from outside the harness's module (see handler_test.go).
package gohandler

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

type destination struct {
	id      string
	created time.Time
}

// Server is the handler. The zero value is not ready: use New.
type Server struct {
	mu    sync.Mutex
	store map[string]destination
	// allowColon is the faulty copy's bug (see NewFaulty).
	allowColon bool
}

// New returns a handler with an empty store.
func New() http.Handler { return &Server{store: map[string]destination{}} }

// NewFaulty returns a copy with one realistic bug: it forgets that ':' is
// not allowed in a destination name.
func NewFaulty() http.Handler { return &Server{store: map[string]destination{}, allowColon: true} }

type request struct {
	DestinationName *string
	TargetArn       *string
	RoleArn         *string
	Tags            map[string]*string
}

// decode reads the members by their exact names. (Decoding into a struct
// with json tags would match names case-insensitively: a body with
// "DestinationName" and no "destinationName" would be taken, and an unknown
// member "destinationname" would override the name;
// testdata/fuzz/FuzzPutDestination keeps an input that shows it.)
func decode(members map[string]json.RawMessage) (request, error) {
	var req request
	for name, dst := range map[string]any{"destinationName": &req.DestinationName, "targetArn": &req.TargetArn, "roleArn": &req.RoleArn, "tags": &req.Tags} {
		if raw, ok := members[name]; ok {
			if err := json.Unmarshal(raw, dst); err != nil {
				return req, fmt.Errorf("%s: %v", name, err)
			}
		}
	}
	return req, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	var members map[string]json.RawMessage
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<20))
	if err := dec.Decode(&members); err != nil {
		fail(w, "body: "+err.Error())
		return
	}
	if members == nil {
		fail(w, "body: want a JSON object, got null")
		return
	}
	if _, err := dec.Token(); err != io.EOF {
		fail(w, "body: data after the object")
		return
	}
	req, err := decode(members)
	if err != nil {
		fail(w, err.Error())
		return
	}
	if msg := validate(req, s.allowColon); msg != "" {
		fail(w, msg)
		return
	}
	s.mu.Lock()
	d, ok := s.store[*req.DestinationName]
	if !ok {
		var b [8]byte
		_, _ = rand.Read(b[:])
		d = destination{id: "d-" + hex.EncodeToString(b[:]), created: time.Now().UTC()}
		s.store[*req.DestinationName] = d
	}
	s.mu.Unlock()
	write(w, http.StatusOK, map[string]any{"success": true, "data": map[string]any{"id": d.id, "created_at": d.created.Format(time.RFC3339Nano)}})
}

func validate(req request, allowColon bool) string {
	switch {
	case req.DestinationName == nil || req.TargetArn == nil || req.RoleArn == nil:
		return "destinationName, targetArn and roleArn are required"
	case utf8.RuneCountInString(*req.DestinationName) < 1 || utf8.RuneCountInString(*req.DestinationName) > 512:
		return "destinationName: 1 to 512 characters"
	case strings.Contains(*req.DestinationName, "*") || !allowColon && strings.Contains(*req.DestinationName, ":"):
		return "destinationName: no ':' or '*'"
	case *req.TargetArn == "" || *req.RoleArn == "":
		return "targetArn and roleArn must not be empty"
	}
	if req.Tags == nil {
		return ""
	}
	if len(req.Tags) < 1 || len(req.Tags) > 50 {
		return "tags: 1 to 50 entries"
	}
	for k, v := range req.Tags {
		if v == nil || !tagText(k, 1, 128) || !tagText(*v, 0, 256) {
			return "tags: keys of 1 to 128 and values of 0 to 256 letters, separators, numbers and _.:/=+-@"
		}
	}
	return ""
}

func tagText(s string, lo, hi int) bool {
	n := utf8.RuneCountInString(s)
	if n < lo || n > hi {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.In(r, unicode.Z) && !strings.ContainsRune("_.:/=+-@", r) {
			return false
		}
	}
	return true
}

func fail(w http.ResponseWriter, msg string) {
	write(w, http.StatusBadRequest, map[string]any{"success": false, "error": map[string]any{"code": "VALIDATION_ERROR", "message": msg}})
}

func write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
