package conformance

import "github.com/putdestination/conformance/result"

// Result is the outcome of a run: the report model (package result), of
// which conformance.json is the JSON form.
type Result = result.Result

// Finding is one violation with its reproduction (package result).
type Finding = result.Finding
