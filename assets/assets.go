// Package assets holds Flowdeck's images, embedded in the binary. It has no Fyne imports: the
// UI wraps the bytes into resources.
package assets

import _ "embed"

// IconPNG is the app icon, 512×512. It is drawn by drawIcon in icon_test.go; regenerate it
// with `go test ./assets -update`.
//
//go:embed icon.png
var IconPNG []byte
