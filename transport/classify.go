package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"strings"
	"syscall"

	"github.com/putdestination/conformance/contract"
)

// classify maps the error of a failed exchange to its FailureKind. parent
// is the caller's context, rctx the per-request context carrying our
// RequestTimeout.
// The order matters: who ended the exchange (caller, our deadline) comes
// before what the connection saw, because tearing a connection down to honour
// a deadline surfaces as resets and EOFs.
func classify(parent, rctx context.Context, err error) contract.FailureKind {
	if parent.Err() != nil {
		return contract.FailCanceled
	}
	if errors.Is(context.Cause(rctx), errTimeout) {
		return contract.FailTimeout
	}
	if isTLSError(err) {
		return contract.FailTLS
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return contract.FailUnreachable
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return contract.FailUnreachable
	}
	var netErr net.Error
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) ||
		(errors.As(err, &netErr) && netErr.Timeout()) {
		// TLSHandshakeTimeout, a dial's timeout and friends.
		return contract.FailTimeout
	}
	if errors.Is(err, http.ErrLineTooLong) {
		return contract.FailMalformed // a chunk-size line without end
	}
	var protoErr textproto.ProtocolError
	if errors.As(err, &protoErr) {
		return contract.FailMalformed // bad header line
	}
	// net/http reports these with unexported errors (errors.New, fmt.Errorf
	// with no %w, unexported types), so the message is the only handle.
	// Checked before the EOF family: some of them sit next to an EOF.
	msg := err.Error()
	for _, s := range tooLargeMessages {
		if strings.Contains(msg, s) {
			return contract.FailTooLarge
		}
	}
	for _, s := range truncatedMessages {
		if strings.Contains(msg, s) {
			return contract.FailReset
		}
	}
	for _, s := range malformedMessages {
		if strings.Contains(msg, s) {
			return contract.FailMalformed
		}
	}
	if writing(err) && (errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)) {
		// The endpoint closed the connection while the request was being
		// written: it answered, or gave up, before reading the whole body.
		return contract.FailClosedEarly
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNABORTED) || errors.Is(err, syscall.EPIPE) ||
		errors.Is(err, net.ErrClosed) {
		return contract.FailReset
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return contract.FailReset // some other socket failure mid-exchange
	}
	// What is left is net/http rejecting what it read.
	return contract.FailMalformed
}

var (
	// Unexported net/http and net/textproto errors, matched by message.
	tooLargeMessages = []string{
		"response headers exceeded", // net/http: server response headers exceeded %d bytes; aborted
		"message too large",         // net/textproto errMessageTooLarge
	}
	truncatedMessages = []string{
		"unexpected EOF reading trailer", // net/http errTrailerEOF
		"server closed idle connection",  // net/http errServerClosedIdle
	}
	malformedMessages = []string{
		"malformed",         // malformed HTTP response / status code / version / chunked encoding
		"Content-Length",    // bad / invalid empty / multiple Content-Length
		"chunk",             // invalid byte in chunk length, http chunk length too large, chunked line ...
		"transfer encoding", // unsupported transfer encoding, too many transfer encodings
		"railer",            // invalid Trailer key, bad trailer key, suspiciously long trailer
		"invalid header",    // invalid header field in the response
		"too many 1xx",      // endless informational responses
	}
)

func isTLSError(err error) bool {
	if errors.Is(err, http.ErrSchemeMismatch) {
		return true
	}
	var (
		recErr   tls.RecordHeaderError
		alertErr tls.AlertError
		verErr   *tls.CertificateVerificationError
		uaErr    x509.UnknownAuthorityError
		hostErr  x509.HostnameError
		certErr  x509.CertificateInvalidError
		echErr   *tls.ECHRejectionError
	)
	return errors.As(err, &recErr) || errors.As(err, &alertErr) || errors.As(err, &verErr) ||
		errors.As(err, &uaErr) || errors.As(err, &hostErr) || errors.As(err, &certErr) ||
		errors.As(err, &echErr) || strings.Contains(err.Error(), "tls: ")
}

// writing reports whether err is a failed write of the request on the
// connection (net/http writes a body through ReadFrom), not a failed read
// of the response.
func writing(err error) bool {
	for e := err; e != nil; {
		var opErr *net.OpError
		if !errors.As(e, &opErr) {
			return false
		}
		if opErr.Op == "write" || opErr.Op == "readfrom" {
			return true
		}
		e = opErr.Err
	}
	return false
}
