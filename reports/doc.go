// Package reports turns a campaign's result into the stable outputs of the
// harness: conformance.json (format "putdestination-conformance/v1", see
// README) and junit.xml. Files are written atomically (a temporary file in
// the same directory, then a rename), and a file the harness did not create
// is never overwritten.
package reports
