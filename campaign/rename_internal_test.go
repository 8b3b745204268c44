package campaign

import "testing"

// TestWithName: a recorded body sent again under a fresh name keeps every
// other byte, and the name's own spelling around the marker.
func TestWithName(t *testing.T) {
	for _, tc := range []struct {
		name, reason, body, fresh, want string
		ok                              bool
	}{
		{"plain", "the marker after the prefix", `{"destinationName":"ct-a","targetArn":"x"}`, "ct-M-a", `{"destinationName":"ct-M-a","targetArn":"x"}`, true},
		{"spaced and reordered", "white space and member order kept", `{ "targetArn" : "x\/y" , "destinationName" : "ct-a" }`, "ct-M-a", `{ "targetArn" : "x\/y" , "destinationName" : "ct-M-a" }`, true},
		{"escaped name", "escapes before and after the marker kept", `{"destinationName":"\u0063t-\u00e9\/"}`, "ct-M-é/", `{"destinationName":"\u0063t-M-\u00e9\/"}`, true},
		{"surrogate pair", "an astral character escaped as two units", `{"destinationName":"\ud83d\ude00x"}`, "😀xM", `{"destinationName":"\ud83d\ude00xM"}`, true},
		{"cut", "a name cut to fit is written plainly", `{"destinationName":"\u0061bc"}`, "M-bc", `{"destinationName":"M-bc"}`, true},
		{"duplicate", "every destinationName member", `{"destinationName":"a","destinationName":"b"}`, "Ma", `{"destinationName":"Ma","destinationName":"Ma"}`, true},
		{"nested", "only the top level's", `{"tags":{"destinationName":"a"}}`, "Ma", `{"tags":{"destinationName":"a"}}`, false},
		{"not a string", "a number is not a name", `{"destinationName":5}`, "M", `{"destinationName":5}`, false},
		{"not JSON", "a wire malformation", `{"destinationName":"a"`, "Ma", `{"destinationName":"a"`, false},
	} {
		got, ok := withName([]byte(tc.body), tc.fresh)
		if string(got) != tc.want || ok != tc.ok {
			t.Errorf("withName: %s (%s): got %s, %v; want %s, %v", tc.name, tc.reason, got, ok, tc.want, tc.ok)
		}
	}
}
