package emulator_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	smithy "github.com/aws/smithy-go"

	"github.com/putdestination/conformance/emulator"
)

// sdkClient is the real CloudWatch Logs client of aws-sdk-go-v2 pointed at
// url, with static credentials and no retries (a retry would hide what
// the emulator answered).
func sdkClient(url, region string) *cloudwatchlogs.Client {
	return cloudwatchlogs.NewFromConfig(aws.Config{
		Region:           region,
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "emulator-test-secret", "emulator-test-token"),
		RetryMaxAttempts: 1,
	}, func(o *cloudwatchlogs.Options) { o.BaseEndpoint = aws.String(url) })
}

// TestAWSModeWithTheSDKClient drives the AWS mode with the SDK's own
// client: what the SDK sends, the emulator reads, and what it answers, the
// SDK decodes: put, update, describe, delete, delete again.
func TestAWSModeWithTheSDKClient(t *testing.T) {
	em := emulator.NewAWS()
	srv := httptest.NewServer(em)
	defer srv.Close()
	ctx := context.Background()
	c := sdkClient(srv.URL, "eu-west-3")

	created, err := c.PutDestination(ctx, &cloudwatchlogs.PutDestinationInput{
		DestinationName: aws.String("sdk-dest"), TargetArn: aws.String("arn:aws:kinesis:eu-west-3:123456789012:stream/a"),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/a"), Tags: map[string]string{"team": "logs"},
	})
	if err != nil {
		t.Fatalf("PutDestination (create): got %v, want success", err)
	}
	d := created.Destination
	wantArn := "arn:aws:logs:eu-west-3:" + emulator.Account + ":destination:sdk-dest"
	if d == nil || aws.ToString(d.Arn) != wantArn || aws.ToString(d.DestinationName) != "sdk-dest" || d.CreationTime == nil || *d.CreationTime <= 0 {
		t.Fatalf("PutDestination (create): got %+v, want sdk-dest with arn %s (the signing region) and a creationTime", d, wantArn)
	}

	updated, err := c.PutDestination(ctx, &cloudwatchlogs.PutDestinationInput{
		DestinationName: aws.String("sdk-dest"), TargetArn: aws.String("arn:aws:kinesis:eu-west-3:123456789012:stream/b"),
		RoleArn: aws.String("arn:aws:iam::123456789012:role/b"),
	})
	if err != nil {
		t.Fatalf("PutDestination (update): got %v, want success", err)
	}
	u := updated.Destination
	if aws.ToString(u.TargetArn) != "arn:aws:kinesis:eu-west-3:123456789012:stream/b" || aws.ToString(u.RoleArn) != "arn:aws:iam::123456789012:role/b" {
		t.Errorf("PutDestination (update): got targetArn %q, roleArn %q, want the new ARNs", aws.ToString(u.TargetArn), aws.ToString(u.RoleArn))
	}
	if aws.ToInt64(u.CreationTime) != aws.ToInt64(d.CreationTime) || aws.ToString(u.Arn) != wantArn {
		t.Errorf("PutDestination (update): got creationTime %d, arn %q, want %d and %q as on create", aws.ToInt64(u.CreationTime), aws.ToString(u.Arn), aws.ToInt64(d.CreationTime), wantArn)
	}

	if _, err := c.PutDestination(ctx, &cloudwatchlogs.PutDestinationInput{
		DestinationName: aws.String("sdk-dest-2"), TargetArn: aws.String("t"), RoleArn: aws.String("r"),
	}); err != nil {
		t.Fatalf("PutDestination (second name): %v", err)
	}
	listed, err := c.DescribeDestinations(ctx, &cloudwatchlogs.DescribeDestinationsInput{DestinationNamePrefix: aws.String("sdk-dest")})
	if err != nil {
		t.Fatalf("DescribeDestinations: got %v, want success", err)
	}
	if names := destinationNames(listed.Destinations); strings.Join(names, ",") != "sdk-dest,sdk-dest-2" {
		t.Errorf("DescribeDestinations sdk-dest: got %v, want [sdk-dest sdk-dest-2] (ASCII order)", names)
	} else if got := listed.Destinations[0]; aws.ToString(got.TargetArn) != aws.ToString(u.TargetArn) || aws.ToInt64(got.CreationTime) != aws.ToInt64(d.CreationTime) {
		t.Errorf("DescribeDestinations: got %+v, want what the update wrote", got)
	}

	// Pages: one a page, followed by nextToken.
	var paged []string
	for in := (&cloudwatchlogs.DescribeDestinationsInput{DestinationNamePrefix: aws.String("sdk-"), Limit: aws.Int32(1)}); ; {
		page, err := c.DescribeDestinations(ctx, in)
		if err != nil {
			t.Fatalf("DescribeDestinations page: %v", err)
		}
		paged = append(paged, destinationNames(page.Destinations)...)
		if page.NextToken == nil {
			break
		}
		in.NextToken = page.NextToken
	}
	if strings.Join(paged, ",") != "sdk-dest,sdk-dest-2" {
		t.Errorf("DescribeDestinations one a page: got %v, want both names in order", paged)
	}

	if _, err := c.DeleteDestination(ctx, &cloudwatchlogs.DeleteDestinationInput{DestinationName: aws.String("sdk-dest")}); err != nil {
		t.Fatalf("DeleteDestination: got %v, want success", err)
	}
	_, err = c.DeleteDestination(ctx, &cloudwatchlogs.DeleteDestinationInput{DestinationName: aws.String("sdk-dest")})
	var notFound *types.ResourceNotFoundException
	if !errors.As(err, &notFound) {
		t.Errorf("DeleteDestination again: got %v, want ResourceNotFoundException", err)
	}
	if names := em.Names("sdk-"); strings.Join(names, ",") != "sdk-dest-2" {
		t.Errorf("store after the delete: got %v, want [sdk-dest-2]", names)
	}

	// A request that breaks a rule: InvalidParameterException, nothing stored.
	_, err = c.PutDestination(ctx, &cloudwatchlogs.PutDestinationInput{
		DestinationName: aws.String("bad:name"), TargetArn: aws.String("t"), RoleArn: aws.String("r"),
	})
	var invalid *types.InvalidParameterException
	if !errors.As(err, &invalid) {
		t.Errorf("PutDestination bad:name: got %v, want InvalidParameterException", err)
	}
	if names := em.Names(""); strings.Join(names, ",") != "sdk-dest-2" {
		t.Errorf("store after an invalid put: got %q, want [sdk-dest-2] (bad:name not stored)", names)
	}
}

func destinationNames(ds []types.Destination) []string {
	var out []string
	for _, d := range ds {
		out = append(out, aws.ToString(d.DestinationName))
	}
	return out
}

// TestAWSModeErrors: errors are shaped as the protocol's (__type,
// X-Amzn-ErrorType), and the SDK reads their type.
func TestAWSModeErrors(t *testing.T) {
	srv := httptest.NewServer(emulator.NewAWS())
	defer srv.Close()
	tests := []struct {
		name, target, body string
		status             int
		errType            string
		reason             string
	}{
		{"malformed", "Logs_20140328.PutDestination", `{"destinationName":`, 400, "SerializationException", "a body that is not JSON cannot be read"},
		{"not an object", "Logs_20140328.PutDestination", `[]`, 400, "SerializationException", "the input is a structure"},
		{"missing member", "Logs_20140328.PutDestination", `{"destinationName":"a","targetArn":"t"}`, 400, "InvalidParameterException", "roleArn is required"},
		{"bad limit", "Logs_20140328.DescribeDestinations", `{"limit":51}`, 400, "InvalidParameterException", "DescribeLimit is 1 to 50"},
		{"bad token", "Logs_20140328.DescribeDestinations", `{"nextToken":"!!"}`, 400, "InvalidParameterException", "a token the service did not give"},
		{"unknown name", "Logs_20140328.DeleteDestination", `{"destinationName":"nope"}`, 400, "ResourceNotFoundException", "nothing to delete"},
		{"unknown operation", "Logs_20140328.PutLogEvents", `{}`, 400, "UnknownOperationException", "the emulator serves three operations"},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(tt.body))
		req.Header.Set("Content-Type", emulator.AWSContentType)
		req.Header.Set("X-Amz-Target", tt.target)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body bytes.Buffer
		_, _ = body.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("X-Amzn-ErrorType") != tt.errType ||
			!strings.Contains(body.String(), `"__type":"`+tt.errType+`"`) || resp.Header.Get("Content-Type") != emulator.AWSContentType {
			t.Errorf("%s (%s): got %d, X-Amzn-ErrorType %q, Content-Type %q, %s; want %d %s in both, %s",
				tt.name, tt.reason, resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"), resp.Header.Get("Content-Type"), body.String(), tt.status, tt.errType, emulator.AWSContentType)
		}
	}
	// The SDK reads the type as the error's code.
	_, err := sdkClient(srv.URL, "us-east-1").DeleteDestination(context.Background(), &cloudwatchlogs.DeleteDestinationInput{DestinationName: aws.String("nope")})
	var api smithy.APIError
	if !errors.As(err, &api) || api.ErrorCode() != "ResourceNotFoundException" {
		t.Errorf("DeleteDestination nope through the SDK: got %v, want the API error ResourceNotFoundException", err)
	}
}

func TestSigningRegion(t *testing.T) {
	tests := []struct{ header, want, reason string }{
		{"AWS4-HMAC-SHA256 Credential=AKID/20260101/ap-south-2/logs/aws4_request, SignedHeaders=host, Signature=ab", "ap-south-2", "the credential scope's region"},
		{"", emulator.DefaultRegion, "an unsigned request"},
		{"Bearer x", emulator.DefaultRegion, "another scheme"},
		{"AWS4-HMAC-SHA256 Credential=AKID/20260101/Bad Region/logs/aws4_request", emulator.DefaultRegion, "not a region"},
	}
	for _, tt := range tests {
		if got := emulator.SigningRegion(tt.header); got != tt.want {
			t.Errorf("SigningRegion(%q) (%s): got %q, want %q", tt.header, tt.reason, got, tt.want)
		}
	}
}
