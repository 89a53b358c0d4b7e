package storage

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDataDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(tmp, "config"))
	file := filepath.Join(tmp, "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		home    string
		want    string
		wantErr string
	}{
		{"FLOWDECK_HOME", filepath.Join(tmp, "home", "nested"), filepath.Join(tmp, "home", "nested"), ""},
		{"config dir", "", filepath.Join(tmp, "config", "flowdeck"), ""},
		{"FLOWDECK_HOME is a file", file, "", "is a file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DataDir(func(k string) string {
				if k == HomeEnv {
					return tt.home
				}
				return ""
			})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("DataDir = %q, %v; want %q", got, err, tt.want)
			}
			info, err := os.Stat(got)
			if err != nil {
				t.Fatal(err)
			}
			if perm := info.Mode().Perm(); perm != 0o700 {
				t.Errorf("%s mode = %o, want 700", got, perm)
			}
		})
	}
}
