package fuzzing

import "testing"

// TestFuzzReportDir: the option wins over the environment variable.
func TestFuzzReportDir(t *testing.T) {
	t.Setenv(ReportDirEnv, "from-env")
	for _, tt := range []struct {
		reason    string
		cfg       Config
		dir, from string
	}{
		{"the environment alone", Config{}, "from-env", ReportDirEnv},
		{"an explicit option wins", Config{ReportDir: "from-option"}, "from-option", "conformance.WithReportDir"},
	} {
		if dir, from := reportDir(tt.cfg); dir != tt.dir || from != tt.from {
			t.Errorf("%s: got %q from %q, want %q from %q", tt.reason, dir, from, tt.dir, tt.from)
		}
	}
	t.Setenv(ReportDirEnv, "")
	if dir, _ := reportDir(Config{}); dir != "" {
		t.Errorf("neither: got %q, want no directory", dir)
	}
}
