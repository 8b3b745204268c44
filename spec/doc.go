// Package spec holds the PutDestination contract as an OpenAPI 3.1 document
// (putdestination.openapi.yaml, embedded so the harness uses exactly the file
// users read) and validates requests and responses against it with
// kin-openapi's openapi3filter.
//
// Validation returns data, never strings to parse: a list of Problems, each
// with the JSON pointer of the offending value and the schema keyword that
// rejected it. [Spec.RequestVerdict] and the response check's fast path
// judge with the schemas compiled once, held to openapi3filter's verdicts
// by differential tests, since kin-openapi compiles anew on every call.
// The package also embeds the AWS API model the aws dialect speaks
// ([AWSModel]).
package spec
