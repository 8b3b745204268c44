package awsdialect_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/putdestination/conformance/awsdialect"
)

// TestNetworkDefaultsOnlyOverTheNetwork: the careful defaults (a rate, a
// cap on requests) apply to an endpoint over the network when no limit
// was given; a limit given is kept, 0 included (unlimited, no cap); an
// endpoint on loopback (an emulator on this machine) gets none.
func TestNetworkDefaultsOnlyOverTheNetwork(t *testing.T) {
	creds := credentials.NewStaticCredentialsProvider("AKIDTEST", "test-secret-key-0123", "")
	tests := []struct {
		name, reason string
		endpoint     string
		s            awsdialect.Settings
		rate         float64
		max          int64
	}{
		{"AWS, nothing given", "a shared account's quotas", "https://logs.eu-north-1.amazonaws.com", awsdialect.Settings{}, awsdialect.NetworkRate, awsdialect.NetworkMaxRequests},
		{"AWS, -rate 0 given", "0 given means unlimited", "https://logs.eu-north-1.amazonaws.com",
			awsdialect.Settings{RateGiven: true, MaxRequestsGiven: true}, 0, 0},
		{"AWS, a rate given", "kept", "https://logs.eu-north-1.amazonaws.com", awsdialect.Settings{Rate: 3, RateGiven: true}, 3, awsdialect.NetworkMaxRequests},
		{"127.0.0.1", "an emulator on this machine", "http://127.0.0.1:4566", awsdialect.Settings{}, 0, 0},
		{"127.8.9.10", "all of 127.0.0.0/8 is loopback", "http://127.8.9.10:4566", awsdialect.Settings{}, 0, 0},
		{"::1", "IPv6 loopback", "http://[::1]:5000", awsdialect.Settings{}, 0, 0},
		{"localhost", "the loopback name", "http://LocalHost:5000/", awsdialect.Settings{}, 0, 0},
		{"localhost, a rate given", "kept on loopback too", "http://localhost:5000/", awsdialect.Settings{Rate: 50, RateGiven: true}, 50, 0},
		{"a LAN address", "not loopback: another machine's quotas", "http://10.0.0.7:4566", awsdialect.Settings{}, awsdialect.NetworkRate, awsdialect.NetworkMaxRequests},
		{"a name that resolves anywhere", "not known to be loopback", "http://localstack:4566", awsdialect.Settings{}, awsdialect.NetworkRate, awsdialect.NetworkMaxRequests},
	}
	for _, tt := range tests {
		s := tt.s
		s.Region, s.Credentials = "eu-north-1", creds
		_, got, err := awsdialect.Setup(context.Background(), s, tt.endpoint)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got.Rate != tt.rate || got.MaxRequests != tt.max {
			t.Errorf("%s (%s): rate %v, max requests %d; want %v, %d", tt.name, tt.reason, got.Rate, got.MaxRequests, tt.rate, tt.max)
		}
	}
}
