// Package emulator is the reference implementation of the PutDestination
// contract: an in-memory, concurrency-safe http.Handler written in plain Go,
// independently of the OpenAPI spec, so that it can serve as a second opinion.
//
// A POST whose body is a JSON object with a valid destinationName (1 to 512
// code points, no ':' or '*'), non-empty targetArn and roleArn strings and
// optional tags (1 to 50 entries, restricted key and value characters) gets
// 200 {"success":true,"data":{"id":...,"created_at":...}}, creating the
// destination or updating the one with the same name (same id and created_at);
// anything else gets 400 {"success":false,"error":{"code":"VALIDATION_ERROR",
// "message":...}}.
package emulator
