package assets

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "redraw icon.png")

// drawIcon draws the app icon: three cards wired left to right on a blue rounded square.
func drawIcon(size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size)
	top := color.NRGBA{0x3b, 0x82, 0xf6, 0xff}
	bottom := color.NRGBA{0x1e, 0x3a, 0x8a, 0xff}
	fillRounded(img, 0.03*s, 0.03*s, 0.97*s, 0.97*s, 0.2*s, func(_, y float64) color.NRGBA {
		return lerp(top, bottom, y/s)
	})
	white := func(float64, float64) color.NRGBA { return color.NRGBA{0xff, 0xff, 0xff, 0xff} }
	wire := func(float64, float64) color.NRGBA { return color.NRGBA{0xbf, 0xdb, 0xfe, 0xff} }
	// Wires first, so the cards sit on top of their ends.
	thickLine(img, 0.30*s, 0.40*s, 0.42*s, 0.60*s, 0.025*s, wire)
	thickLine(img, 0.58*s, 0.60*s, 0.70*s, 0.40*s, 0.025*s, wire)
	cards := [][4]float64{{0.12, 0.30, 0.34, 0.50}, {0.39, 0.50, 0.61, 0.70}, {0.66, 0.30, 0.88, 0.50}}
	for _, c := range cards {
		fillRounded(img, c[0]*s, c[1]*s, c[2]*s, c[3]*s, 0.04*s, white)
		fillRounded(img, c[0]*s, c[1]*s, c[2]*s, (c[1]+0.06)*s, 0.04*s, func(float64, float64) color.NRGBA {
			return color.NRGBA{0xfb, 0xbf, 0x24, 0xff}
		})
		fillRounded(img, c[0]*s, (c[1]+0.04)*s, c[2]*s, (c[1]+0.06)*s, 0, func(float64, float64) color.NRGBA {
			return color.NRGBA{0xfb, 0xbf, 0x24, 0xff}
		})
	}
	return img
}

func lerp(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	m := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.NRGBA{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B), 0xff}
}

// coverage returns how much of pixel (px, py) lies inside inside(), by 4×4 supersampling.
func coverage(px, py int, inside func(x, y float64) bool) float64 {
	n := 0
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if inside(float64(px)+(float64(i)+0.5)/4, float64(py)+(float64(j)+0.5)/4) {
				n++
			}
		}
	}
	return float64(n) / 16
}

func blend(img *image.NRGBA, x, y int, c color.NRGBA, a float64) {
	if a <= 0 {
		return
	}
	d := img.NRGBAAt(x, y)
	da := float64(d.A) / 255
	oa := a + da*(1-a)
	mix := func(s, t uint8) uint8 {
		return uint8((float64(s)*a + float64(t)*da*(1-a)) / oa)
	}
	img.SetNRGBA(x, y, color.NRGBA{mix(c.R, d.R), mix(c.G, d.G), mix(c.B, d.B), uint8(oa*255 + 0.5)})
}

func fillRounded(img *image.NRGBA, x0, y0, x1, y1, r float64, fill func(x, y float64) color.NRGBA) {
	inside := func(x, y float64) bool {
		if x < x0 || x > x1 || y < y0 || y > y1 {
			return false
		}
		cx := math.Max(x0+r, math.Min(x, x1-r))
		cy := math.Max(y0+r, math.Min(y, y1-r))
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	}
	for y := int(y0); y <= int(y1); y++ {
		for x := int(x0); x <= int(x1); x++ {
			blend(img, x, y, fill(float64(x), float64(y)), coverage(x, y, inside))
		}
	}
}

func thickLine(img *image.NRGBA, x0, y0, x1, y1, w float64, fill func(x, y float64) color.NRGBA) {
	dx, dy := x1-x0, y1-y0
	l2 := dx*dx + dy*dy
	inside := func(x, y float64) bool {
		t := math.Max(0, math.Min(1, ((x-x0)*dx+(y-y0)*dy)/l2))
		px, py := x0+t*dx, y0+t*dy
		return (x-px)*(x-px)+(y-py)*(y-py) <= w*w/4
	}
	for y := int(math.Min(y0, y1) - w); y <= int(math.Max(y0, y1)+w); y++ {
		for x := int(math.Min(x0, x1) - w); x <= int(math.Max(x0, x1)+w); x++ {
			blend(img, x, y, fill(float64(x), float64(y)), coverage(x, y, inside))
		}
	}
}

func TestIconIsTheDrawnIcon(t *testing.T) {
	want := drawIcon(512)
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, want); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile("icon.png", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := png.Decode(bytes.NewReader(IconPNG))
	if err != nil {
		t.Fatalf("decode the embedded icon: %v", err)
	}
	if got.Bounds() != want.Bounds() {
		t.Fatalf("icon is %v, want %v", got.Bounds(), want.Bounds())
	}
	// Compare pixels, not bytes: the PNG encoder's output may change between Go versions.
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.NRGBAModel.Convert(got.At(x, y)) != want.NRGBAAt(x, y) {
				t.Fatalf("icon.png differs from drawIcon at (%d,%d); run go test ./assets -update", x, y)
			}
		}
	}
}
