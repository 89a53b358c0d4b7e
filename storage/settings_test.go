package storage

import (
	"context"
	"testing"
)

func TestSettings(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	steps := []struct {
		name   string
		do     func() error
		key    string
		want   string
		wantOK bool
	}{
		{"missing", nil, "theme", "", false},
		{"set", func() error { return db.SetSetting(ctx, "theme", "dark") }, "theme", "dark", true},
		{"replace", func() error { return db.SetSetting(ctx, "theme", "light") }, "theme", "light", true},
		{"empty value is a value", func() error { return db.SetSetting(ctx, "proxy", "") }, "proxy", "", true},
		{"delete", func() error { return db.DeleteSetting(ctx, "theme") }, "theme", "", false},
		{"delete missing", func() error { return db.DeleteSetting(ctx, "theme") }, "theme", "", false},
	}
	for _, st := range steps {
		if st.do != nil {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
		}
		got, ok, err := db.GetSetting(ctx, st.key)
		if err != nil || got != st.want || ok != st.wantOK {
			t.Fatalf("%s: GetSetting(%q) = %q, %v, %v; want %q, %v", st.name, st.key, got, ok, err, st.want, st.wantOK)
		}
	}
}
