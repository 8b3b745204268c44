package result

import (
	"encoding/json"
	"fmt"

	"github.com/putdestination/conformance/internal/reportfile"
)

// JSONFile is the name of the result's JSON form in a report directory.
const JSONFile = "conformance.json"

// JSONMarker is in every conformance.json the harness wrote, whatever the
// version of the format: a file without it is never overwritten.
var JSONMarker = []byte(`"format": "putdestination-conformance/v`)

// WriteJSON writes r as dir/conformance.json, atomically, never over a
// file the harness did not write.
func WriteJSON(dir string, r *Result) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("report: %v", err)
	}
	return reportfile.Write(dir, JSONFile, append(data, '\n'), JSONMarker)
}
