package awsdialect_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/putdestination/conformance/awsdialect"
	"github.com/putdestination/conformance/campaign"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/sigv4check"
	"github.com/putdestination/conformance/oracle"
	"github.com/putdestination/conformance/rules"
	"github.com/putdestination/conformance/transport"
)

// judgeOne judges a successful put of name with the answer's destination
// dest (a JSON object), without DescribeDestinations.
func judgeOne(t *testing.T, d *awsdialect.Dialect, name, dest string) campaign.DialectVerdict {
	t.Helper()
	req := `{"destinationName":"` + name + `","targetArn":"arn:t","roleArn":"arn:r"}`
	return d.Judge(context.Background(), campaign.DialectExchange{
		Expect:   contract.Expectation{Outcome: contract.Accept},
		Request:  transport.Request{Body: []byte(req)},
		Response: transport.Response{Status: 200, Header: http.Header{"Content-Type": {awsdialect.ContentType}}, Body: []byte(`{"destination":` + dest + `}`)},
		Envelope: oracle.SuccessEnvelope,
	}, nil)
}

func rulesOf(vs []contract.Violation) string {
	var out []string
	for _, v := range vs {
		out = append(out, string(v.Rule)+" "+v.Pointer)
	}
	return strings.Join(out, ", ")
}

func TestJudgeDestination(t *testing.T) {
	noDescribe := func(o *awsdialect.Options) {
		o.Rules = []rules.ID{rules.AWSEcho, rules.AWSArn, rules.AWSCreationTime, rules.AWSContentType}
	}
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	ok := func(arn string) string {
		return `{"destinationName":"t-a","targetArn":"arn:t","roleArn":"arn:r","arn":"` + arn + `","creationTime":` + now + `}`
	}
	tests := []struct {
		name, dest, want, reason string
	}{
		{"conformant", ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), "", "the shape, the region, 12 digits, the name"},
		{"twelve zeros", ok("arn:aws:logs:eu-central-1:000000000000:destination:t-a"), "", "LocalStack's account is twelve zeros"},
		{"other partition", ok("arn:aws-cn:logs:eu-central-1:123456789012:destination:t-a"), "aws-arn /destination/arn", "eu-central-1 is in partition aws"},
		{"epoch seconds", strings.Replace(ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), now, now[:len(now)-3], 1), "aws-creation-time /destination/creationTime", "milliseconds, not seconds"},
		{"an hour ahead", strings.Replace(ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), now, strconv.FormatInt(time.Now().Add(time.Hour).UnixMilli(), 10), 1), "aws-creation-time /destination/creationTime", "within the run's clock window"},
		{"wrong region", ok("arn:aws:logs:us-east-1:123456789012:destination:t-a"), "aws-arn /destination/arn", "signed for eu-central-1"},
		{"slash", ok("arn:aws:logs:eu-central-1:123456789012:destination/t-a"), "aws-arn /destination/arn", "destination:<name>"},
		{"short account", ok("arn:aws:logs:eu-central-1:12345678901:destination:t-a"), "aws-arn /destination/arn", "12 digits"},
		{"other name", ok("arn:aws:logs:eu-central-1:123456789012:destination:t-b"), "aws-arn /destination/arn", "the arn names the destination"},
		{"bad partition", ok("arn:azure:logs:eu-central-1:123456789012:destination:t-a"), "aws-arn /destination/arn", "aws partitions only"},
		{"no arn", `{"destinationName":"t-a","targetArn":"arn:t","roleArn":"arn:r","creationTime":` + now + `}`, "aws-arn /destination/arn", "a destination has an arn"},
		{"echo", `{"destinationName":"T-A","targetArn":"arn:t","arn":"arn:aws:logs:eu-central-1:123456789012:destination:t-a","creationTime":` + now + `}`,
			"aws-echo /destination/destinationName, aws-echo /destination/roleArn", "the name as sent, roleArn present"},
		{"float time", strings.Replace(ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), now, now[:len(now)-3]+".5", 1), "aws-creation-time /destination/creationTime", "an integer"},
		{"string time", strings.Replace(ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), now, `"`+now+`"`, 1), "aws-creation-time /destination/creationTime", "a number, not a string"},
		{"negative time", strings.Replace(ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a"), now, "-1", 1), "aws-creation-time /destination/creationTime", "the model's Timestamp is at least 0"},
	}
	for _, tt := range tests {
		d := newDialect(t, "http://x.invalid", noDescribe)
		v := judgeOne(t, d, "t-a", tt.dest)
		if got := rulesOf(v.Violations); got != tt.want {
			t.Errorf("Judge %s (%s): got [%s], want [%s]", tt.name, tt.reason, got, tt.want)
		}
		if len(v.Checked) != 4 {
			t.Errorf("Judge %s: checked %v, want the four rules of a success", tt.name, v.Checked)
		}
	}

	// creationTime stays across updates.
	d := newDialect(t, "http://x.invalid", noDescribe)
	first := ok("arn:aws:logs:eu-central-1:123456789012:destination:t-a")
	judgeOne(t, d, "t-a", first)
	if v := judgeOne(t, d, "t-a", first); len(v.Violations) != 0 {
		t.Errorf("Judge of an update with the same creationTime: got [%s], want none", rulesOf(v.Violations))
	}
	if v := judgeOne(t, d, "t-a", strings.Replace(first, now, strconv.FormatInt(time.Now().UnixMilli()+999, 10), 1)); rulesOf(v.Violations) != "aws-creation-time /destination/creationTime" {
		t.Errorf("Judge of an update with another creationTime: got [%s], want aws-creation-time", rulesOf(v.Violations))
	}

	// The success Content-Type.
	v := d.Judge(context.Background(), campaign.DialectExchange{
		Expect:   contract.Expectation{Outcome: contract.Accept},
		Request:  transport.Request{Body: []byte(`{"destinationName":"t-z","targetArn":"arn:t","roleArn":"arn:r"}`)},
		Response: transport.Response{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"destination":` + strings.ReplaceAll(first, "t-a", "t-z") + `}`)},
		Envelope: oracle.SuccessEnvelope,
	}, nil)
	if rulesOf(v.Violations) != "aws-content-type " {
		t.Errorf("Judge of an application/json success: got [%s], want aws-content-type", rulesOf(v.Violations))
	}
}

// TestVerifierCatchesAChange guards sigv4check.Verify, the fixture that checks signatures: a
// header changed after signing must fail it.
func TestVerifierCatchesAChange(t *testing.T) {
	var err error
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		err = sigv4check.Verify(r, body, testCreds, "logs", "eu-central-1")
	}))
	defer srv.Close()
	d := newDialect(t, srv.URL)
	late := func(r *http.Request, body []byte) error {
		if e := d.Prepare(r, body); e != nil {
			return e
		}
		r.Header.Set("X-Amz-Target", "Logs_20140328.DeleteDestination") // after the signature
		return nil
	}
	c, _ := transport.New(transport.Config{Prepare: late})
	if _, e := c.Do(context.Background(), transport.Request{Method: "POST", URL: srv.URL, Header: d.Headers(nil), Body: []byte(`{}`)}); e != nil {
		t.Fatal(e)
	}
	if err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("verifySigV4 of a request changed after signing: got %v, want a mismatch", err)
	}
}

// TestJudgeErrorType: a refused put is judged by the error table: the
// type its class gets passes, another is an aws-error-type violation, and
// where the table is silent any validation type passes; the type is read
// from a namespaced __type, the header alone, or code, and Message reads
// as message.
func TestJudgeErrorType(t *testing.T) {
	d := newDialect(t, "http://unused.invalid")
	tests := []struct {
		reason, request, header, answer string
		violation                       bool
	}{
		{"a constraint broken, InvalidParameterException", `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`, "", `{"__type":"InvalidParameterException","message":"m"}`, false},
		{"a constraint broken, namespaced", `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`, "", `{"__type":"com.amazonaws.logs#InvalidParameterException","Message":"m"}`, false},
		{"a constraint broken, the header alone", `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`, "InvalidParameterException", `{"message":"m"}`, false},
		{"a constraint broken, ValidationException", `{"destinationName":"a:b","targetArn":"t","roleArn":"r"}`, "", `{"__type":"ValidationException","message":"m"}`, true},
		{"a member missing, SerializationException", `{"targetArn":"t","roleArn":"r"}`, "", `{"__type":"SerializationException"}`, true},
		{"malformed JSON", `{"destinationName":`, "", `{"__type":"SerializationException"}`, false},
		{"malformed JSON, InvalidParameterException", `{"destinationName":`, "", `{"__type":"InvalidParameterException"}`, true},
		{"not an object", `[1]`, "", `{"__type":"SerializationException"}`, false},
		{"a number for a name", `{"destinationName":42,"targetArn":"t","roleArn":"r"}`, "", `{"__type":"SerializationException"}`, false},
		{"a number for a tag value, InvalidParameterException", `{"destinationName":"n","targetArn":"t","roleArn":"r","tags":{"k":1}}`, "", `{"__type":"InvalidParameterException"}`, true},
		{"silent: a null member", `{"destinationName":null,"targetArn":"t","roleArn":"r"}`, "", `{"__type":"SerializationException"}`, false},
		{"silent: a name given twice", `{"destinationName":"a","destinationName":7,"targetArn":"t","roleArn":"r"}`, "", `{"__type":"ValidationException"}`, false},
		{"silent: an empty body", ``, "", `{"__type":"InvalidParameterException"}`, false},
	}
	for _, tt := range tests {
		h := http.Header{"Content-Type": {awsdialect.ContentType}}
		if tt.header != "" {
			h.Set("X-Amzn-ErrorType", tt.header)
		}
		v := d.Judge(context.Background(), campaign.DialectExchange{
			Expect:   contract.Expectation{Outcome: contract.Reject},
			Request:  transport.Request{Body: []byte(tt.request)},
			Response: transport.Response{Status: 400, Header: h, Body: []byte(tt.answer)},
			Envelope: oracle.ErrorEnvelope,
		}, nil)
		found := false
		for _, x := range v.Violations {
			found = found || x.Rule == rules.AWSErrorType
		}
		if found != tt.violation {
			t.Errorf("%s: got violations %v, want an aws-error-type one: %v", tt.reason, v.Violations, tt.violation)
		}
	}
}

// TestPartition: the partition of a region comes from the SDK's partition
// data, not a list of our own; a region no pattern places is in aws.
func TestPartition(t *testing.T) {
	for region, want := range map[string]string{
		"us-east-1": "aws", "eu-central-1": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov",
		"us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b", "xx-nowhere-9": "aws",
	} {
		if got := awsdialect.Partition(region); got != want {
			t.Errorf("Partition(%q): got %q, want %q", region, got, want)
		}
	}
	d := newDialect(t, "http://x.invalid", func(o *awsdialect.Options) {
		o.Region = "cn-north-1"
		o.Rules = []rules.ID{rules.AWSArn}
	})
	now := strconv.FormatInt(time.Now().UnixMilli(), 10)
	for _, c := range []struct{ arn, want string }{
		{"arn:aws-cn:logs:cn-north-1:123456789012:destination:t-a", ""},
		{"arn:aws:logs:cn-north-1:123456789012:destination:t-a", "aws-arn /destination/arn"},
		{"arn:aws-cn:logs:cn-north-1:210987654321:destination:t-a", "aws-arn /destination/arn"}, // not the first arn's account
	} {
		v := judgeOne(t, d, "t-a", `{"destinationName":"t-a","targetArn":"arn:t","roleArn":"arn:r","arn":"`+c.arn+`","creationTime":`+now+`}`)
		if got := rulesOf(v.Violations); got != c.want {
			t.Errorf("signed for cn-north-1, arn %s: got [%s], want [%s]", c.arn, got, c.want)
		}
	}
}
