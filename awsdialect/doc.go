// Package awsdialect speaks PutDestination the way the service does: the
// AWS JSON 1.1 protocol (POST /, Content-Type application/x-amz-json-1.1,
// X-Amz-Target Logs_20140328.PutDestination) signed with SigV4 (service
// logs), so that the one campaign of the harness checks CloudWatch Logs
// itself, LocalStack, moto or any other implementation of the operation.
//
// A [Dialect] shapes every request ([Dialect.Headers]) and signs it on the
// exact bytes sent ([Dialect.Prepare], the transport's last step), for the
// region of the name it is about (off AWS itself a share of the names are
// a second region's: [Dialect.RegionOf]), retries
// a throttling answer with the SDK's standard retryer and backoff
// ([Dialect.Do]), normalizes every answer into the envelope the spec
// describes so that every rule of the envelope applies unchanged
// ([Normalize]), makes the checks only this dialect can make, under the
// aws-* rules of the table ([Dialect.Judge]; among them, at fixed cases,
// that a deletion holds), and deletes every destination the run created
// ([Dialect.Cleanup]). Secrets (the secret key, the session
// token, the Authorization header) are never returned: [Dialect.Secrets]
// and [ScrubSignatures] are for the transport's scrubber, and curl lines
// read the credentials from the environment ([Dialect.CurlAuth]).
package awsdialect
