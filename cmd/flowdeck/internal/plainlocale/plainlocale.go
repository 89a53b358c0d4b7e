// Package plainlocale maps the POSIX "C" locale to English before Fyne reads the locale.
//
// Fyne's lang package parses the locale in its init and logs three lines of "Error parsing user
// locale C" on every start where LANG is C or C.UTF-8 (common on servers), which would also
// clutter every headless command's output. Go initialises packages in import-path order among
// those whose imports are ready, so this package (which imports only os and strings, and sorts
// before github.com/jeandeaual/go-locale, which Fyne's lang package waits for) runs first.
package plainlocale

import (
	"os"
	"strings"
)

func init() { fix(os.Getenv, os.Setenv) }

// fix looks at the variable that decides the messages' locale, as Fyne's locale lookup does,
// and replaces it with English when it names the C or POSIX locale.
func fix(getenv func(string) string, setenv func(string, string) error) {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(name)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if base == "C" || base == "POSIX" {
			_ = setenv(name, "en_US.UTF-8")
		}
		return
	}
}
