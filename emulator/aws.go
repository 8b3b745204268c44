package emulator

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

// The AWS JSON 1.1 protocol of CloudWatch Logs, as the emulator's AWS mode
// speaks it.
const (
	// AWSContentType is the media type of every request and answer.
	AWSContentType = "application/x-amz-json-1.1"
	// Account is the account id in every arn the AWS mode makes.
	Account = "123456789012"
	// DefaultRegion is the region of an arn when the request carries no
	// SigV4 credential scope to read one from.
	DefaultRegion = "us-east-1"

	targetPrefix = "Logs_20140328."
	// maxDescribeLimit is DescribeDestinations' largest page (the model's
	// DescribeLimit), also its default.
	maxDescribeLimit = 50
)

// AWS is the emulator speaking the AWS JSON 1.1 protocol of CloudWatch
// Logs, as LocalStack and moto do: POST / with an X-Amz-Target of
// Logs_20140328.PutDestination, .DescribeDestinations or
// .DeleteDestination. It validates PutDestination as the envelope mode
// does (Parse), and answers as the service does:
//
//   - PutDestination: 200 {"destination": {destinationName, targetArn,
//     roleArn, arn, creationTime}}; an update keeps the arn and the
//     creationTime (epoch milliseconds);
//   - DescribeDestinations: the destinations whose name starts with
//     DestinationNamePrefix, ASCII-sorted, limit (1 to 50) a page, with a
//     nextToken;
//   - DeleteDestination: 200 and an empty body, or ResourceNotFoundException
//     for a name it does not hold;
//   - errors: 400 with {"__type": type, "message": …} and X-Amzn-ErrorType:
//     SerializationException for a body that is not one JSON object or a
//     member of the wrong JSON type, InvalidParameterException for one
//     that breaks a rule,
//     ResourceNotFoundException, UnknownOperationException for another
//     target (and 404 for another method).
//
// The arn's region is the one the request was signed for (the SigV4
// credential scope of its Authorization header; DefaultRegion without
// one); signatures are not verified, as LocalStack and moto do not by
// default. It is safe for concurrent use.
type AWS struct {
	e *Emulator
}

// NewAWS returns an empty emulator speaking the AWS protocol.
func NewAWS(opts ...Option) *AWS { return &AWS{e: New(opts...)} }

// Store is the emulator behind the AWS mode (the mutants reach into it).
func (a *AWS) Store() *Emulator { return a.e }

// Names returns the names of the stored destinations that start with
// prefix, sorted.
func (a *AWS) Names(prefix string) []string {
	var out []string
	for _, d := range a.e.List(prefix) {
		out = append(out, d.Request.DestinationName)
	}
	return out
}

// ServeHTTP answers one request of the protocol.
func (a *AWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		WriteAWSError(w, http.StatusNotFound, "UnknownOperationException", "method "+r.Method+" not allowed: use POST")
		return
	}
	body, err := readBody(r)
	if err != nil {
		if errors.Is(err, errTooLarge) {
			drain(w, r.Body)
		}
		WriteAWSError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	target := r.Header.Get("X-Amz-Target")
	region := SigningRegion(r.Header.Get("Authorization"))
	switch target {
	case targetPrefix + "PutDestination":
		a.put(w, body, region)
	case targetPrefix + "DescribeDestinations":
		a.describe(w, body, region)
	case targetPrefix + "DeleteDestination":
		a.delete(w, body)
	default:
		WriteAWSError(w, http.StatusBadRequest, "UnknownOperationException", fmt.Sprintf("X-Amz-Target %q: not an operation of this service", target))
	}
}

func (a *AWS) put(w http.ResponseWriter, body []byte, region string) {
	req, err := Parse(body)
	if err != nil {
		errType := "InvalidParameterException"
		if !json.Valid(body) || JSONKind(body) != "object" || wrongType(body) {
			errType = "SerializationException" // nothing to validate: the input does not deserialize
		}
		WriteAWSError(w, http.StatusBadRequest, errType, err.Error())
		return
	}
	d := a.e.Put(req)
	writeAWS(w, http.StatusOK, struct {
		Destination AWSDestination `json:"destination"`
	}{DestinationOf(d, region)})
}

// wrongType reports whether a member of a PutDestination body (an object)
// has a JSON type its shape cannot take: a name or an ARN that is not a
// string, tags that are not an object, a tag value that is not a string
// (null is absent, as the protocol reads it).
func wrongType(body []byte) bool {
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return false
	}
	for name, raw := range members {
		k := JSONKind(raw)
		switch name {
		case "destinationName", "targetArn", "roleArn":
			if k != "string" && k != "null" {
				return true
			}
		case "tags":
			var tags map[string]json.RawMessage
			if k == "null" {
				continue
			}
			if k != "object" || json.Unmarshal(raw, &tags) != nil {
				return true
			}
			for _, v := range tags {
				if k := JSONKind(v); k != "string" && k != "null" {
					return true
				}
			}
		}
	}
	return false
}

// AWSDestination is the model's Destination, as the AWS mode answers it.
type AWSDestination struct {
	DestinationName string `json:"destinationName"`
	TargetArn       string `json:"targetArn"`
	RoleArn         string `json:"roleArn"`
	Arn             string `json:"arn"`
	CreationTime    int64  `json:"creationTime"`
}

// DestinationOf is a stored destination as the AWS mode answers it, in
// region.
func DestinationOf(d Destination, region string) AWSDestination {
	return AWSDestination{
		DestinationName: d.Request.DestinationName, TargetArn: d.Request.TargetArn, RoleArn: d.Request.RoleArn,
		Arn:          "arn:" + Partition(region) + ":logs:" + region + ":" + Account + ":destination:" + d.Request.DestinationName,
		CreationTime: d.CreatedAt.UnixMilli(),
	}
}

func (a *AWS) describe(w http.ResponseWriter, body []byte, region string) {
	members, err := decodeBody(body)
	if err != nil {
		WriteAWSError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	prefix, limit, start, err := describeInput(members)
	if err != nil {
		WriteAWSError(w, http.StatusBadRequest, "InvalidParameterException", err.Error())
		return
	}
	all := a.e.List(prefix)
	i := 0
	for i < len(all) && all[i].Request.DestinationName < start {
		i++
	}
	out := struct {
		Destinations []AWSDestination `json:"destinations"`
		NextToken    string           `json:"nextToken,omitempty"`
	}{Destinations: []AWSDestination{}}
	for ; i < len(all) && len(out.Destinations) < limit; i++ {
		out.Destinations = append(out.Destinations, DestinationOf(all[i], region))
	}
	if i < len(all) {
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(all[i].Request.DestinationName))
	}
	writeAWS(w, http.StatusOK, out)
}

// describeInput reads DescribeDestinations' members: the prefix (absent:
// every name), the page size and the name the page starts at.
func describeInput(members map[string]json.RawMessage) (prefix string, limit int, start string, err error) {
	limit = maxDescribeLimit
	if raw, ok := members["DestinationNamePrefix"]; ok && JSONKind(raw) != "null" {
		if prefix, err = decodeString(raw, "DestinationNamePrefix"); err != nil {
			return "", 0, "", err
		}
		if strings.ContainsAny(prefix, ":*") || prefix == "" || utf8.RuneCountInString(prefix) > MaxDestinationNameLen {
			return "", 0, "", fmt.Errorf("DestinationNamePrefix: must be 1 to %d characters without ':' or '*'", MaxDestinationNameLen)
		}
	}
	if raw, ok := members["limit"]; ok && JSONKind(raw) != "null" {
		n, perr := strconv.Atoi(string(bytes.TrimSpace(raw)))
		if perr != nil || n < 1 || n > maxDescribeLimit {
			return "", 0, "", fmt.Errorf("limit: must be an integer from 1 to %d, got %s", maxDescribeLimit, raw)
		}
		limit = n
	}
	if raw, ok := members["nextToken"]; ok && JSONKind(raw) != "null" {
		token, terr := decodeString(raw, "nextToken")
		if terr != nil {
			return "", 0, "", terr
		}
		b, derr := base64.RawURLEncoding.DecodeString(token)
		if derr != nil || token == "" {
			return "", 0, "", fmt.Errorf("nextToken: %q is not a token this service gave", token)
		}
		start = string(b)
	}
	return prefix, limit, start, nil
}

func (a *AWS) delete(w http.ResponseWriter, body []byte) {
	members, err := decodeBody(body)
	if err != nil {
		WriteAWSError(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	name, err := requiredString(members, "destinationName")
	if err == nil {
		err = checkDestinationName(name)
	}
	if err != nil {
		WriteAWSError(w, http.StatusBadRequest, "InvalidParameterException", err.Error())
		return
	}
	if !a.e.Delete(name) {
		WriteAWSError(w, http.StatusBadRequest, "ResourceNotFoundException", "The specified destination does not exist.")
		return
	}
	w.Header().Set("Content-Type", AWSContentType)
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusOK)
}

// Partition is the partition of region ("aws", "aws-cn", …), from the
// SDK's partition data (the CloudWatch Logs client's endpoint resolver);
// "aws" for a region it does not place.
func Partition(region string) string {
	e, err := cloudwatchlogs.NewDefaultEndpointResolver().ResolveEndpoint(region, cloudwatchlogs.EndpointResolverOptions{})
	if err != nil || e.PartitionID == "" {
		return "aws"
	}
	return e.PartitionID
}

// SigningRegion is the region of a SigV4 Authorization header's credential
// scope ("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/logs/aws4_request,
// …"), or DefaultRegion.
func SigningRegion(authorization string) string {
	_, cred, ok := strings.Cut(authorization, "Credential=")
	if !ok {
		return DefaultRegion
	}
	cred, _, _ = strings.Cut(cred, ",")
	parts := strings.Split(cred, "/")
	if len(parts) != 5 || parts[2] == "" || strings.Trim(parts[2], "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
		return DefaultRegion
	}
	return parts[2]
}

// WriteAWSError writes an error of the protocol: status, X-Amzn-ErrorType
// and {"__type": errType, "message": message}.
func WriteAWSError(w http.ResponseWriter, status int, errType, message string) {
	w.Header().Set("X-Amzn-ErrorType", errType)
	writeAWS(w, status, map[string]string{"__type": errType, "message": message})
}

// writeAWS writes status and v as JSON 1.1.
func writeAWS(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings and numbers always encode
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	h := w.Header()
	h.Set("Content-Type", AWSContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// Delete removes the destination of name; it reports whether there was
// one.
func (e *Emulator) Delete(name string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.byName[name]
	delete(e.byName, name)
	return ok
}

// List returns the stored destinations whose name starts with prefix,
// sorted by name, byte for byte (ASCII order).
func (e *Emulator) List(prefix string) []Destination {
	e.mu.Lock()
	out := make([]Destination, 0, len(e.byName))
	for name, d := range e.byName {
		if strings.HasPrefix(name, prefix) {
			c := *d
			c.Request.Tags = cloneTags(d.Request.Tags)
			out = append(out, c)
		}
	}
	e.mu.Unlock()
	slices.SortFunc(out, func(a, b Destination) int {
		return strings.Compare(a.Request.DestinationName, b.Request.DestinationName)
	})
	return out
}
