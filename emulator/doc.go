// Package emulator is the reference implementation of the PutDestination
// contract: an in-memory, concurrency-safe http.Handler written in plain Go
// with the standard library, independently of the OpenAPI spec, so that it
// can serve as a second opinion that anyone can check by reading it.
//
// A POST whose body is exactly one JSON object with a valid destinationName
// (1 to 512 code points, no ':' or '*'), non-empty targetArn and roleArn
// strings and optional tags (null or 1 to 50 entries, restricted key and
// value characters) gets 200 {"success":true,"data":{"id":...,"created_at":...}},
// creating the destination or updating the one with the same name (same id
// and created_at). Anything else, including another method, an empty or
// malformed body and a body over 16 MiB, gets 400
// {"success":false,"error":{"code":"VALIDATION_ERROR","message":...}}.
//
// Bodies are read as encoding/json reads them: unknown members are ignored,
// of duplicate member names the last one wins, and invalid UTF-8 is replaced
// with U+FFFD.
//
// [NewAWS] validates PutDestination the same way but speaks the AWS JSON 1.1
// protocol of CloudWatch Logs, as LocalStack and moto do (see [AWS]);
// [ForDialect] picks one mode by dialect name.
package emulator
