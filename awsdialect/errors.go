package awsdialect

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/protocol/restjson"
	"github.com/putdestination/conformance/contract"
	"github.com/putdestination/conformance/internal/jsontext"
	"github.com/putdestination/conformance/rules"
)

// ErrorClass is a class of input and the error type CloudWatch Logs
// answers it with: the operation's errors as data.
type ErrorClass struct {
	// Operation is the one the class belongs to (PutDestination, …).
	Operation string
	// Input says which requests are of the class.
	Input string
	// Type is the error type the answer carries.
	Type string
	// Source is where the service's behaviour is stated.
	Source string
}

// The error types of the classes.
const (
	InvalidParameter = "InvalidParameterException"
	Serialization    = "SerializationException"
	ResourceNotFound = "ResourceNotFoundException"
)

// ErrorClasses is the table of the classes the harness checks. A refused
// request of no class (an empty body, a null member, a name given twice,
// invalid UTF-8) may carry any validation error type: the model and the
// service's documentation are silent there.
var ErrorClasses = []ErrorClass{
	{PutDestination, "malformed JSON", Serialization, "awsJson1_1 protocol (Smithy protocol tests); SDK deserializers"},
	{PutDestination, "a body that is not a JSON object", Serialization, "awsJson1_1 protocol (Smithy protocol tests)"},
	{PutDestination, "a member of the wrong JSON type (a name, an ARN or a tag value not a string, tags not an object)", Serialization, "service answers quoted in public issue threads; LocalStack's AWS-validated snapshot"},
	{PutDestination, "a constraint of the model broken (a member missing, a length, a pattern, the number of tags)", InvalidParameter, "AWS model: the operation's errors; service documentation (\"N validation errors detected\")"},
	{DeleteDestination, "a destination that does not exist", ResourceNotFound, "AWS model: DeleteDestination's errors"},
}

// ErrorType is the error type of an answer as aws-sdk-go-v2 reads it
// (smithy-go's awsjson protocol, which the CloudWatch Logs client uses:
// its error resolution is internal, so it is mirrored here): the
// X-Amzn-ErrorType header, else the body's __type, else its code, without
// what comes after a ':' ("…:http://internal.amazon.com/…") or before a
// '#' (a namespace, "com.amazonaws.logs#"), as restjson.SanitizeErrorCode
// strips them. "" when the answer names none.
func ErrorType(h http.Header, body []byte) string {
	t := h.Get("X-Amzn-ErrorType")
	if t == "" {
		info := errorInfo(body)
		t = info.Type
		if code, ok := info.Code.(string); t == "" && ok {
			t = code
		}
	}
	return strings.TrimSpace(restjson.SanitizeErrorCode(t))
}

// protocolError is an error body as the SDK decodes it: encoding/json
// matches member names regardless of case, so message and Message alike.
type protocolError struct {
	Type    string `json:"__type"`
	Code    any
	Message string
}

// errorInfo decodes an error body; a body that is not a JSON object, or
// whose members have other types, names nothing.
func errorInfo(body []byte) protocolError {
	var info protocolError
	if kind(body) != '{' || json.Unmarshal(body, &info) != nil {
		return protocolError{}
	}
	return info
}

// putErrorType is the error type a refused PutDestination body must get,
// by ErrorClasses, or "" where the table is silent.
func putErrorType(body []byte) string {
	if len(bytes.TrimSpace(body)) == 0 {
		return "" // an empty body: read as {} by some, refused as malformed by others
	}
	if !json.Valid(body) || kind(body) != '{' {
		return Serialization
	}
	wrongType, null := false, false
	// The decoder's defaults refuse a name given twice and invalid UTF-8:
	// silent cases.
	err := jsontext.Members(body, func(name string, v jsontext.Value) error {
		switch k := kind(json.RawMessage(v)); name {
		case "destinationName", "targetArn", "roleArn":
			wrongType = wrongType || k != '"' && k != 'n'
			null = null || k == 'n'
		case "tags":
			switch k {
			case '{':
				var tags map[string]json.RawMessage
				if json.Unmarshal(v, &tags) != nil {
					return errNotPlain
				}
				for _, val := range tags {
					switch kind(val) {
					case '"':
					case 'n':
						null = true
					default:
						wrongType = true
					}
				}
			case 'n':
				null = true
			default:
				wrongType = true
			}
		}
		return nil
	})
	switch {
	case err != nil:
		return ""
	case wrongType:
		return Serialization
	case null:
		return "" // null read as absent by some, as a wrong type by others
	}
	return InvalidParameter
}

// checkErrorType: a refused PutDestination carries the error type its
// class gets (aws-error-type).
func checkErrorType(h http.Header, reqBody, respBody []byte) []contract.Violation {
	want := putErrorType(reqBody)
	got := ErrorType(h, respBody)
	if want == "" || got == want {
		return nil
	}
	class := ""
	for _, c := range ErrorClasses {
		if c.Operation == PutDestination && c.Type == want {
			class = c.Input
			break
		}
	}
	if want == Serialization {
		class = "malformed JSON, a body that is not an object, or a member of the wrong JSON type"
	}
	return []contract.Violation{{Rule: rules.AWSErrorType, Pointer: "/__type",
		Got: "error type " + quote(got), Want: want,
		Reason: "CloudWatch Logs answers " + class + " with " + want}}
}
