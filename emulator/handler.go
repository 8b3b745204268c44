package emulator

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

const (
	// maxBodyBytes is the largest body the emulator reads; larger bodies get 400.
	maxBodyBytes = 16 << 20
	// maxDrainBytes is how much of an oversized body is read and discarded so
	// that the client can finish sending and read the 400 on a healthy
	// connection; beyond it the connection is closed after the response.
	maxDrainBytes = 64 << 20
)

var errTooLarge = fmt.Errorf("request body too large: limit is %d bytes", maxBodyBytes)

// ServeHTTP answers one PutDestination request by the contract: a POST with
// a valid body gets 200 and the success envelope, anything else 400 and the
// VALIDATION_ERROR envelope. Headers and the path are not checked.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		WriteError(w, http.StatusBadRequest, "method "+r.Method+" not allowed: use POST")
		return
	}
	body, err := readBody(r)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			drain(w, r.Body)
		}
		WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	req, err := Parse(body)
	if err != nil {
		WriteError(w, http.StatusBadRequest, err.Error())
		return
	}
	d := e.Put(req)
	WriteSuccess(w, d.ID, d.CreatedAt)
}

// readBody reads the whole request body; a body over maxBodyBytes gives
// errTooLarge.
func readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	if r.ContentLength > maxBodyBytes {
		return nil, errTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading request body: %v", err)
	}
	if len(body) > maxBodyBytes {
		return nil, errTooLarge
	}
	return body, nil
}

// drain reads and discards the rest of an oversized body, so that the client
// is not reset mid-write and can read the 400; when more than maxDrainBytes
// remain, the connection is closed after the response instead.
func drain(w http.ResponseWriter, body io.Reader) {
	n, _ := io.Copy(io.Discard, io.LimitReader(body, maxDrainBytes))
	if n == maxDrainBytes {
		w.Header().Set("Connection", "close")
	}
}
