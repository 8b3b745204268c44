package emulator

import (
	"errors"
	"github.com/putdestination/conformance/internal/jsontext"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"
)

const (
	// maxBodyBytes is the largest body the emulator reads; larger bodies get 400.
	maxBodyBytes = 16 << 20
	// maxDrainBytes is how much of an oversized body is read and discarded so
	// that the client can finish sending and read the 400 on a healthy
	// connection; beyond it the connection is closed after the response.
	maxDrainBytes = 64 << 20
)

// ServeHTTP answers one PutDestination request by the contract.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		WriteError(w, http.StatusBadRequest, "method "+r.Method+" not allowed: use POST")
		return
	}
	buf := bodies.Get().(*[]byte)
	defer recycle(buf)
	body, err := readBody(r, (*buf)[:0])
	*buf = body
	if err != nil {
		if errors.Is(err, errTooLarge) {
			// Drain the rest so the client is not reset mid-write.
			n, _ := io.Copy(io.Discard, io.LimitReader(r.Body, maxDrainBytes))
			if n == maxDrainBytes {
				w.Header().Set("Connection", "close")
			}
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

var errTooLarge = errors.New("request body too large: limit is " + strconv.Itoa(maxBodyBytes) + " bytes")

// bodies recycles request-body buffers: Parse copies what it keeps, so a
// body's bytes are free once the request is answered. At 12 KB a request
// (the harness's mean body), allocating them was a third of the
// emulator's garbage.
var bodies = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled keeps buffers of rare huge bodies out of the pool.
const maxPooled = 256 << 10

func recycle(buf *[]byte) {
	if cap(*buf) <= maxPooled {
		*buf = (*buf)[:0]
		bodies.Put(buf)
	}
}

// readBody reads at most maxBodyBytes of the request body into buf.
func readBody(r *http.Request, buf []byte) ([]byte, error) {
	if r.Body == nil {
		return buf, nil
	}
	if r.ContentLength > maxBodyBytes {
		return buf, errTooLarge
	}
	if n := int(r.ContentLength) + 1; r.ContentLength > 0 && cap(buf) < n {
		buf = make([]byte, 0, n)
	}
	buf, err := readAllLimited(r.Body, buf, maxBodyBytes+1)
	if err != nil {
		return buf, errors.New("reading request body: " + err.Error())
	}
	if len(buf) > maxBodyBytes {
		return buf, errTooLarge
	}
	return buf, nil
}

// readAllLimited appends up to limit bytes of r to buf.
func readAllLimited(r io.Reader, buf []byte, limit int) ([]byte, error) {
	if buf == nil {
		buf = make([]byte, 0, 512)
	}
	for len(buf) < limit {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		end := min(cap(buf), limit)
		n, err := r.Read(buf[len(buf):end])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// WriteSuccess writes the 200 envelope
// {"success":true,"data":{"id":id,"created_at":createdAt in RFC 3339, UTC}}.
func WriteSuccess(w http.ResponseWriter, id string, createdAt time.Time) {
	b := make([]byte, 0, 96+len(id))
	b = append(b, `{"success":true,"data":{"id":`...)
	b = jsontext.AppendString(b, id)
	b = append(b, `,"created_at":"`...)
	b = createdAt.UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, `"}}`...)
	writeJSON(w, http.StatusOK, b)
}

// WriteError writes the error envelope with the given status:
// {"success":false,"error":{"code":"VALIDATION_ERROR","message":message}}.
func WriteError(w http.ResponseWriter, status int, message string) {
	b := make([]byte, 0, 80+len(message))
	b = append(b, `{"success":false,"error":{"code":"VALIDATION_ERROR","message":`...)
	b = jsontext.AppendString(b, message)
	b = append(b, `}}`...)
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
