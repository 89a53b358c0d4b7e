package plainlocale

import "testing"

func TestFix(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want map[string]string
	}{
		{map[string]string{"LANG": "C.UTF-8"}, map[string]string{"LANG": "en_US.UTF-8"}},
		{map[string]string{"LANG": "POSIX"}, map[string]string{"LANG": "en_US.UTF-8"}},
		{map[string]string{"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}},
		{map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "C"}, map[string]string{"LC_ALL": "fr_FR.UTF-8", "LANG": "C"}},
		{map[string]string{"LANG": "de_DE.UTF-8"}, map[string]string{"LANG": "de_DE.UTF-8"}},
		{map[string]string{}, map[string]string{}},
	} {
		env := map[string]string{}
		for k, v := range tc.env {
			env[k] = v
		}
		fix(func(k string) string { return env[k] }, func(k, v string) error { env[k] = v; return nil })
		for k, v := range tc.want {
			if env[k] != v {
				t.Errorf("%v: %s = %q, want %q", tc.env, k, env[k], v)
			}
		}
	}
}
