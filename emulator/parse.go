package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits of the contract, counted in Unicode code points (or entries).
const (
	MaxDestinationNameLen = 512
	MinTags               = 1
	MaxTags               = 50
	MaxTagKeyLen          = 128
	MaxTagValueLen        = 256
)

// Request is a decoded, valid PutDestination request.
type Request struct {
	DestinationName string
	TargetArn       string
	RoleArn         string
	Tags            map[string]string // nil when absent or null
}

// Parse decodes and validates a request body by the contract and returns
// the request, or the zero Request and an error whose message says what is
// wrong (it becomes the VALIDATION_ERROR message).
//
// The body must be exactly one JSON object. destinationName, targetArn and
// roleArn are required strings (null counts as absent); destinationName has
// 1 to 512 code points and no ':' or '*', the ARNs at least one. tags is
// optional (null counts as absent); see parseTags. Unknown members are
// ignored. Members are checked in that order and the first problem is
// reported.
func Parse(body []byte) (Request, error) {
	members, err := decodeBody(body)
	if err != nil {
		return Request{}, err
	}
	var req Request
	if req.DestinationName, err = requiredString(members, "destinationName"); err != nil {
		return Request{}, err
	}
	if err := checkDestinationName(req.DestinationName); err != nil {
		return Request{}, err
	}
	if req.TargetArn, err = requiredString(members, "targetArn"); err != nil {
		return Request{}, err
	}
	if req.TargetArn == "" {
		return Request{}, errors.New("targetArn: must be at least 1 character, got 0")
	}
	if req.RoleArn, err = requiredString(members, "roleArn"); err != nil {
		return Request{}, err
	}
	if req.RoleArn == "" {
		return Request{}, errors.New("roleArn: must be at least 1 character, got 0")
	}
	if req.Tags, err = parseTags(members["tags"]); err != nil {
		return Request{}, err
	}
	return req, nil
}

// requiredString returns the member name, which must be present, not null,
// and a JSON string.
func requiredString(members map[string]json.RawMessage, name string) (string, error) {
	raw, ok := members[name]
	if !ok || JSONKind(raw) == "null" {
		return "", fmt.Errorf("%s: is required", name)
	}
	return decodeString(raw, name)
}

// checkDestinationName checks that name has no ':' or '*' and 1 to
// MaxDestinationNameLen code points.
func checkDestinationName(name string) error {
	if i := strings.IndexAny(name, ":*"); i >= 0 {
		return fmt.Errorf("destinationName: must not contain ':' or '*', found %q at character %d",
			rune(name[i]), utf8.RuneCountInString(name[:i])+1)
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > MaxDestinationNameLen {
		return fmt.Errorf("destinationName: must be 1 to %d characters, got %d", MaxDestinationNameLen, n)
	}
	return nil
}
