package fuzzing

import (
	"net/http"
	"time"

	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/spec"
)

// ReportDirEnv names the environment variable that gives Fuzz a report
// directory when no WithReportDir option does (an option wins): a team sets
// it in CI without editing its fuzz targets.
const ReportDirEnv = "CONFORMANCE_REPORT_DIR"

// Config is what fuzzing needs of the harness's one configuration; the
// front door fills it from its options (conformance.Config).
type Config struct {
	// Spec is the contract the inputs are judged by.
	Spec *spec.Spec
	// Seed varies the seeds; NamePrefix starts every generated name.
	Seed       uint64
	NamePrefix string
	// Rules are the rules judged (nil: every rule of the envelope).
	Rules rules.Selection
	// RequestTimeout bounds one handler call; MaxBody caps the response
	// body read.
	RequestTimeout time.Duration
	MaxBody        int64
	// Headers are secret header values, scrubbed from reports (fuzzing
	// sends none of them).
	Headers http.Header
	// MaxFindings is how many findings of seeds each rule keeps.
	MaxFindings int
	// ReportDir is where reports go ("": ReportDirEnv, else none).
	ReportDir string
}
