// Package spec holds the PutDestination contract as an OpenAPI 3.1 document
// (putdestination.openapi.yaml, embedded so the harness uses exactly the file
// users read) and validates requests and responses against it with
// kin-openapi's openapi3filter.
//
// Validation returns data, never strings to parse: a list of Problems, each
// with the JSON pointer of the offending value and the schema keyword that
// rejected it.
package spec
