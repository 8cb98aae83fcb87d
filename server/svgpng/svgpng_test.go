package svgpng

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rgb(c color.Color) [3]uint8 {
	r, g, b, _ := c.RGBA()
	return [3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8)}
}

// The shapes the charts use land where the SVG puts them, in its colours,
// scaled from the viewBox to the image.
func TestRenderShapes(t *testing.T) {
	doc := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" color="#ff0000">
		<defs><pattern id="p-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
			<rect width="2.5" height="6" fill="#ffffff" fill-opacity="0.6"/></pattern></defs>
		<rect x="0" y="0" width="10" height="10" fill="#2563eb"><title>a tooltip</title></rect>
		<g transform="translate(20,0) scale(2)"><rect x="0" y="0" width="5" height="5" fill="currentColor"/></g>
		<rect x="40" y="0" width="20" height="20" fill="#000000"/>
		<rect x="40" y="0" width="20" height="20" fill="url(#p-hatch)"/>
		<line x1="0" y1="30" x2="100" y2="30" stroke="#00ff00" stroke-width="2" stroke-dasharray="10 10"/>
		<path d="M70,0 L80,0 V10 H70 Z" fill="#0000ff"/>
	</svg>`
	img, err := Render([]byte(doc), 200, 100)
	require.NoError(t, err)
	assert.Equal(t, [3]uint8{0x25, 0x63, 0xeb}, rgb(img.At(10, 10)), "the rect, scaled 2×")
	assert.Equal(t, [3]uint8{255, 255, 255}, rgb(img.At(30, 30)), "white outside it")
	assert.Equal(t, [3]uint8{255, 0, 0}, rgb(img.At(45, 5)), "currentColor through a transform")
	light, dark := 0, 0
	for x := 82; x < 118; x++ {
		if rgb(img.At(x, 20))[0] > 100 {
			light++
		} else {
			dark++
		}
	}
	assert.Positive(t, light, "the hatch lays light stripes")
	assert.Positive(t, dark, "over the black rect")
	assert.Equal(t, [3]uint8{0, 255, 0}, rgb(img.At(10, 60)), "a dash")
	assert.Equal(t, [3]uint8{255, 255, 255}, rgb(img.At(30, 60)), "a gap")
	assert.Equal(t, [3]uint8{0, 0, 255}, rgb(img.At(150, 10)), "a path")
}

func TestRenderText(t *testing.T) {
	doc := `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-size="20">` +
		`<text x="100" y="30" text-anchor="middle" fill="#000000">A&amp;B</text></svg>`
	img, err := Render([]byte(doc), 200, 40)
	require.NoError(t, err)
	left, mid := 0, 0
	for y := 0; y < 40; y++ {
		for x := 0; x < 200; x++ {
			if rgb(img.At(x, y))[0] < 128 {
				if x < 60 {
					left++
				} else {
					mid++
				}
			}
		}
	}
	assert.Zero(t, left, "centred text leaves the left edge white")
	assert.Greater(t, mid, 60, "the text is drawn")
}

func TestEncodePNGAndErrors(t *testing.T) {
	b, err := EncodePNG([]byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>`), 30, 20)
	require.NoError(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, [2]int{30, 20}, [2]int{cfg.Width, cfg.Height})

	_, err = Render([]byte(`<svg><rect></svg>`), 10, 10)
	assert.Error(t, err, "malformed XML")
	_, err = Render([]byte(`<html></html>`), 10, 10)
	assert.Error(t, err, "not an SVG")
	_, err = Render([]byte(`<svg/>`), 0, 10)
	assert.Error(t, err, "no size")
	_, err = Render([]byte(`<svg/>`), 10, 9000)
	assert.Error(t, err, "too large")
}
