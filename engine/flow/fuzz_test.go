package flow

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"testing"
)

// FuzzDecodeValidate feeds arbitrary bytes through Decode and Validate. Neither may panic, every
// refusal must be a *DecodeError (or too large), and a decoded flow must survive Encode and
// Decode unchanged, with Encode stable from then on.
func FuzzDecodeValidate(f *testing.F) {
	for _, pattern := range []string{"valid/*.json", "invalid/*.json", "decode/*.json"} {
		for _, path := range fixtures(f, pattern) {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	reg := testRegistry(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := Decode(bytes.NewReader(data))
		if err != nil {
			var de *DecodeError
			if fl != nil || !errors.As(err, &de) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("Decode = %v, %v (%T)", fl, err, err)
			}
			return
		}
		for _, p := range Validate(fl, reg) {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
		}
		var first bytes.Buffer
		if err := Encode(&first, fl); err != nil {
			t.Fatalf("Encode of a decoded flow: %v", err)
		}
		again, err := Decode(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("Decode of Encode's output: %v\n%s", err, first.Bytes())
		}
		if !reflect.DeepEqual(fl, again) {
			t.Fatalf("round trip changed the flow\nbefore %#v\nafter  %#v", fl, again)
		}
		var second bytes.Buffer
		if err := Encode(&second, again); err != nil || !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("Encode is not stable (%v)\n%s\n%s", err, first.Bytes(), second.Bytes())
		}
	})
}
