package mutants

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/putdestination/conformance/emulator"
)

// awsAcceptsEverything is the emulator's AWS mode storing every
// PutDestination whose body is a JSON object, whatever its members, as
// moto 5.2.3 does: a destinationName that is not a string (null, absent,
// 42, true, an object) is stored under that JSON value, and
// DeleteDestination deletes by the same value. The run must delete all of
// it in cleanup.
func awsAcceptsEverything() http.Handler {
	em := emulator.NewAWS()
	var mu sync.Mutex
	other := map[string]bool{} // names that are not strings, by compact JSON text
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "Logs_20140328.")
		body := readBody(r)
		o, isObject := parseObject(body)
		if !isObject || target != "PutDestination" && target != "DeleteDestination" {
			em.ServeHTTP(w, r)
			return
		}
		raw, ok := o.get("destinationName")
		if !ok {
			raw = json.RawMessage("null")
		}
		var compact bytes.Buffer
		if json.Compact(&compact, raw) != nil {
			compact.Reset()
			compact.WriteString("null")
		}
		name, isString := o.str("destinationName")
		if target == "DeleteDestination" {
			found := false
			if isString {
				found = em.Store().Delete(name)
			} else {
				mu.Lock()
				found = other[compact.String()]
				delete(other, compact.String())
				mu.Unlock()
			}
			if !found {
				emulator.WriteAWSError(w, http.StatusBadRequest, "ResourceNotFoundException", "The specified destination does not exist.")
				return
			}
			w.Header().Set("Content-Type", emulator.AWSContentType)
			w.WriteHeader(http.StatusOK)
			return
		}
		targetArn, _ := o.str("targetArn")
		roleArn, _ := o.str("roleArn")
		created := time.Now().UnixMilli()
		if isString {
			created = em.Store().Put(emulator.Request{DestinationName: name, TargetArn: targetArn, RoleArn: roleArn}).CreatedAt.UnixMilli()
		} else {
			mu.Lock()
			other[compact.String()] = true
			mu.Unlock()
			name = compact.String()
		}
		dest := map[string]any{"destinationName": json.RawMessage(compact.Bytes()), "targetArn": targetArn, "roleArn": roleArn,
			"arn": "arn:" + emulator.Partition(emulator.SigningRegion(r.Header.Get("Authorization"))) + ":logs:" + emulator.SigningRegion(r.Header.Get("Authorization")) + ":" + emulator.Account + ":destination:" + name, "creationTime": created}
		p := &response{Status: http.StatusOK, Header: http.Header{"Content-Type": {emulator.AWSContentType}}, Body: marshal(map[string]any{"destination": dest})}
		p.write(w)
	})
}
