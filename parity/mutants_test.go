package parity_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance"
	"github.com/putdestination/conformance/emulator"
	"github.com/putdestination/conformance/emulator/mutants"
	"github.com/putdestination/conformance/parity"
	"github.com/putdestination/conformance/rules"
)

// awsDiverges is, for each mutant of the emulator's AWS mode, where its
// answers diverge from the emulator's: a violation's pointer ("" for the
// status or the content type, with the reason) or the start of one.
var awsDiverges = map[string]struct{ pointer, reason string }{
	"aws-wrong-error-type":                {"/__type", "value"},
	"aws-accepts-everything":              {"", "status"},
	"aws-untyped-errors":                  {"/__type", "member present or absent"},
	"aws-validation-exception":            {"/__type", "value"},
	"aws-wrong-type-as-invalid-parameter": {"/__type", "value"},
	"aws-creation-time-on-update":         {"/destination/creationTime", "timestamps of one name across updates"},
	"aws-creation-time-in-seconds":        {"/destination/creationTime", "timestamp type and format"},
	"aws-creation-time-epoch-seconds":     {"/destination/creationTime", "timestamp type and format"},
	"aws-echoes-old-target-arn":           {"/destination/targetArn", "value"},
	"aws-omits-role-arn":                  {"/destination/roleArn", "member present or absent"},
	"aws-arn-fixed-region":                {"/destination/arn", "the ARN"},
	"aws-arn-fixed-partition":             {"/destination/arn", "the ARN"},
	"aws-arn-slash":                       {"/destination/arn", "the ARN"},
	"aws-text-html-success":               {"", "content type"},
	"aws-json-success":                    {"", "content type"},
	"aws-stores-invalid":                  {"/destinations/", "member present or absent"},
	"aws-describe-case-insensitive":       {"/destinations/", "member present or absent"},
	"aws-stale-describe":                  {"/destinations/", "value"},
	"aws-arn-default-region":              {"/destination/arn", "the ARN"},
	"aws-fake-delete":                     {"/destinations/", "member present or absent"},
	"aws-delete-missing-succeeds":         {"", "status"},
}

var testCreds = conformance.WithCredentials(credentials.NewStaticCredentialsProvider("AKIDPARITYTEST", "SECRETKEY-parity-0001-abcdef", "SESSIONTOKEN-parity-0002-ghijkl"))

func awsEmulator() http.Handler { return emulator.NewAWS() }

// TestEveryAWSMutantDiverges: checked against a recording of the
// emulator's AWS mode, every AWS mutant gives parity findings, one of them
// at the field it breaks, at more than one seed (the seed chooses the
// cases, not whether a mutant shows); the emulator itself gives none.
func TestEveryAWSMutantDiverges(t *testing.T) {
	zoo := mutants.AWS()
	for _, m := range zoo {
		if _, ok := awsDiverges[m.Name]; !ok {
			t.Errorf("mutant %s: not in awsDiverges, want the field its answers diverge at", m.Name)
		}
	}
	for _, seed := range []uint64{3, 20261207} {
		var buf bytes.Buffer
		if _, err := conformance.Record(t.Context(), conformance.Handler(awsEmulator), &buf,
			conformance.WithDialect(rules.AWS), testCreds, conformance.WithSeed(seed), conformance.WithBudget(10)); err != nil {
			t.Fatal(err)
		}
		cassette := buf.Bytes()
		check := func(h func() http.Handler) *conformance.Result {
			har, err := parity.Read(bytes.NewReader(cassette))
			if err != nil {
				t.Fatal(err)
			}
			res, err := conformance.Parity(t.Context(), har, conformance.Handler(h), nil, testCreds)
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		if res := check(awsEmulator); len(res.Findings) > 0 {
			t.Errorf("seed %d: the emulator against its own recording: %d findings, first %q; want none", seed, len(res.Findings), res.Findings[0].Summary)
		}
		for _, m := range zoo {
			want := awsDiverges[m.Name]
			res := check(m.New)
			var seen []string
			found := false
			for _, f := range res.Findings {
				if f.Rule != rules.Parity || f.Reference == nil {
					t.Errorf("seed %d, %s: finding %q: want rule parity with the reference's answer", seed, m.Name, f.Summary)
				}
				for _, v := range f.Violations {
					seen = append(seen, v.Pointer+" ("+v.Reason+")")
					if strings.HasPrefix(v.Pointer, want.pointer) && (want.pointer != "" || v.Pointer == "") && strings.HasPrefix(v.Reason, want.reason) {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("seed %d, %s: divergences at %.600q, want one at %q (%s)", seed, m.Name, seen, want.pointer, want.reason)
			}
		}
	}
}
