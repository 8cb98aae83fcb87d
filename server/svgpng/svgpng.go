// Package svgpng draws the SVG of the app's charts as a PNG, in Go, with no
// browser and no network: the subset the charts use (svg, g, defs with
// patterns, rect, line, path with M L H V C Q Z, circle, text) with fills,
// strokes, dashes, opacities, currentColor and translate/scale/rotate
// transforms, and text in the Go fonts. Anything else is skipped. It is a
// server package: the WASM never imports it.
package svgpng

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// node is one parsed SVG element.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
	text     string // the element's own character data (not its children's)
}

// parse reads an SVG document into its element tree.
func parse(svg []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(svg))
	d.Entity = xml.HTMLEntity
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("svg: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil || root.name != "svg" {
		return nil, errors.New("svg: the document is not an <svg>")
	}
	return root, nil
}

// matrix is an affine transform: x' = a x + c y + e, y' = b x + d y + f.
type matrix struct{ a, b, c, d, e, f float64 }

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m·n (n applied first).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m.a*n.a + m.c*n.b, m.b*n.a + m.d*n.b,
		m.a*n.c + m.c*n.d, m.b*n.c + m.d*n.d,
		m.a*n.e + m.c*n.f + m.e, m.b*n.e + m.d*n.f + m.f,
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// scale is the transform's mean scale factor (for widths and font sizes).
func (m matrix) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

func (m matrix) invert() matrix {
	det := m.a*m.d - m.b*m.c
	if det == 0 {
		return identity
	}
	return matrix{m.d / det, -m.b / det, -m.c / det, m.a / det,
		(m.c*m.f - m.d*m.e) / det, (m.b*m.e - m.a*m.f) / det}
}

// parseTransform reads translate, scale and rotate (degrees, about the origin).
func parseTransform(s string) matrix {
	m := identity
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		open := strings.IndexByte(s, '(')
		end := strings.IndexByte(s, ')')
		if open < 0 || end < open {
			break
		}
		name := strings.TrimSpace(s[:open])
		args := numbers(s[open+1 : end])
		s = strings.TrimLeft(s[end+1:], ", ")
		arg := func(i int, def float64) float64 {
			if i < len(args) {
				return args[i]
			}
			return def
		}
		switch name {
		case "translate":
			m = m.mul(matrix{1, 0, 0, 1, arg(0, 0), arg(1, 0)})
		case "scale":
			sx := arg(0, 1)
			m = m.mul(matrix{sx, 0, 0, arg(1, sx), 0, 0})
		case "rotate":
			r := arg(0, 0) * math.Pi / 180
			m = m.mul(matrix{math.Cos(r), math.Sin(r), -math.Sin(r), math.Cos(r), 0, 0})
		case "matrix":
			if len(args) == 6 {
				m = m.mul(matrix{args[0], args[1], args[2], args[3], args[4], args[5]})
			}
		}
	}
	return m
}

// numbers reads the numbers of a list separated by spaces or commas.
func numbers(s string) []float64 {
	var out []float64
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if v, err := strconv.ParseFloat(f, 64); err == nil {
			out = append(out, v)
		}
	}
	return out
}

// style is the inherited presentation state.
type style struct {
	m                                matrix
	fill, stroke, color              string
	fillOpacity, strokeOpacity, opac float64
	strokeWidth, fontSize            float64
	dash                             []float64
	anchor, weight                   string
}

// inherit returns the state of n's children.
func (st style) inherit(n *node) style {
	a := n.attrs
	if v, ok := a["transform"]; ok {
		st.m = st.m.mul(parseTransform(v))
	}
	set := func(name string, dst *string) {
		if v, ok := a[name]; ok && v != "" {
			*dst = v
		}
	}
	setF := func(name string, dst *float64) {
		if v, err := strconv.ParseFloat(strings.TrimSuffix(a[name], "px"), 64); err == nil {
			*dst = v
		}
	}
	set("fill", &st.fill)
	set("stroke", &st.stroke)
	set("color", &st.color)
	set("text-anchor", &st.anchor)
	set("font-weight", &st.weight)
	setF("fill-opacity", &st.fillOpacity)
	setF("stroke-opacity", &st.strokeOpacity)
	setF("stroke-width", &st.strokeWidth)
	setF("font-size", &st.fontSize)
	if v, ok := a["opacity"]; ok {
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			st.opac *= f
		}
	}
	if v, ok := a["stroke-dasharray"]; ok {
		st.dash = nil
		if d := numbers(v); len(d) > 0 && v != "none" {
			st.dash = d
		}
	}
	return st
}

// renderer draws one document.
type renderer struct {
	dst      *image.RGBA
	z        *vector.Rasterizer
	patterns map[string]*node
}

// Render draws an SVG document into a w × h image on white, its root
// viewBox scaled to fit and centred.
func Render(svg []byte, w, h int) (*image.RGBA, error) {
	if w <= 0 || h <= 0 || w > 8000 || h > 8000 {
		return nil, fmt.Errorf("svg: size %d × %d out of range", w, h)
	}
	root, err := parse(svg)
	if err != nil {
		return nil, err
	}
	r := &renderer{dst: image.NewRGBA(image.Rect(0, 0, w, h)), z: vector.NewRasterizer(w, h), patterns: map[string]*node{}}
	draw.Draw(r.dst, r.dst.Bounds(), image.White, image.Point{}, draw.Src)
	r.collect(root)
	vb := numbers(root.attrs["viewBox"])
	if len(vb) != 4 || vb[2] <= 0 || vb[3] <= 0 {
		vb = []float64{0, 0, attrF(root, "width", float64(w)), attrF(root, "height", float64(h))}
	}
	k := math.Min(float64(w)/vb[2], float64(h)/vb[3])
	m := matrix{k, 0, 0, k, (float64(w)-vb[2]*k)/2 - vb[0]*k, (float64(h)-vb[3]*k)/2 - vb[1]*k}
	st := style{m: m, fill: "black", stroke: "none", color: "black", fillOpacity: 1, strokeOpacity: 1, opac: 1, strokeWidth: 1, fontSize: 16, anchor: "start"}
	r.children(root, st.inherit(withoutTransform(root)))
	return r.dst, nil
}

// EncodePNG renders an SVG document as a w × h PNG.
func EncodePNG(svg []byte, w, h int) ([]byte, error) {
	img, err := Render(svg, w, h)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// withoutTransform is n without its transform (a root's viewBox places it).
func withoutTransform(n *node) *node {
	c := *n
	c.attrs = map[string]string{}
	for k, v := range n.attrs {
		if k != "transform" {
			c.attrs[k] = v
		}
	}
	return &c
}

// collect finds the patterns by id.
func (r *renderer) collect(n *node) {
	if n.name == "pattern" && n.attrs["id"] != "" {
		r.patterns[n.attrs["id"]] = n
	}
	for _, c := range n.children {
		r.collect(c)
	}
}

func attrF(n *node, name string, def float64) float64 {
	if v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(n.attrs[name]), "px"), 64); err == nil {
		return v
	}
	return def
}

func (r *renderer) children(n *node, st style) {
	for _, c := range n.children {
		r.element(c, st)
	}
}

func (r *renderer) element(n *node, parent style) {
	switch n.name {
	case "defs", "pattern", "title", "desc", "style", "script", "metadata":
		return
	}
	st := parent.inherit(n)
	switch n.name {
	case "svg":
		// A nested <svg>: its x, y place it and its viewBox scales into
		// its width and height.
		x, y := attrF(n, "x", 0), attrF(n, "y", 0)
		m := parent.m.mul(matrix{1, 0, 0, 1, x, y})
		if vb := numbers(n.attrs["viewBox"]); len(vb) == 4 && vb[2] > 0 && vb[3] > 0 {
			w, h := attrF(n, "width", vb[2]), attrF(n, "height", vb[3])
			k := math.Min(w/vb[2], h/vb[3])
			m = m.mul(matrix{k, 0, 0, k, (w-vb[2]*k)/2 - vb[0]*k, (h-vb[3]*k)/2 - vb[1]*k})
		}
		st.m = m
		r.children(n, st)
	case "g", "a":
		r.children(n, st)
	case "rect":
		x, y, w, h := attrF(n, "x", 0), attrF(n, "y", 0), attrF(n, "width", 0), attrF(n, "height", 0)
		if w > 0 && h > 0 {
			r.shape([][]pt{{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}}, true, st)
		}
	case "circle":
		cx, cy, rad := attrF(n, "cx", 0), attrF(n, "cy", 0), attrF(n, "r", 0)
		if rad > 0 {
			r.shape([][]pt{circle(cx, cy, rad)}, true, st)
		}
	case "line":
		st.fill = "none"
		r.shape([][]pt{{{attrF(n, "x1", 0), attrF(n, "y1", 0)}, {attrF(n, "x2", 0), attrF(n, "y2", 0)}}}, false, st)
	case "polyline", "polygon":
		v := numbers(n.attrs["points"])
		var p []pt
		for i := 0; i+1 < len(v); i += 2 {
			p = append(p, pt{v[i], v[i+1]})
		}
		r.shape([][]pt{p}, n.name == "polygon", st)
	case "path":
		subs, closed := parsePath(n.attrs["d"])
		r.path(subs, closed, st)
	case "text":
		r.text(n, st)
	}
}

type pt struct{ x, y float64 }

func circle(cx, cy, rad float64) []pt {
	const k = 48
	p := make([]pt, k)
	for i := range p {
		a := 2 * math.Pi * float64(i) / k
		p[i] = pt{cx + rad*math.Cos(a), cy + rad*math.Sin(a)}
	}
	return p
}

// shape fills and strokes subpaths, all closed or all open.
func (r *renderer) shape(subs [][]pt, closed bool, st style) {
	cl := make([]bool, len(subs))
	for i := range cl {
		cl[i] = closed
	}
	r.path(subs, cl, st)
}

// path fills (every subpath, as closed) and strokes (closed ones round).
func (r *renderer) path(subs [][]pt, closed []bool, st style) {
	if len(subs) == 0 {
		return
	}
	dev := make([][]pt, len(subs))
	for i, s := range subs {
		dev[i] = make([]pt, len(s))
		for j, p := range s {
			x, y := st.m.apply(p.x, p.y)
			dev[i][j] = pt{x, y}
		}
	}
	width := st.strokeWidth * st.m.scale()
	// Rasterize only the shape's box: the points move to its origin.
	box := bounds(dev, width/2+2).Intersect(r.dst.Bounds())
	if box.Empty() {
		return
	}
	for _, s := range dev {
		for j := range s {
			s[j].x -= float64(box.Min.X)
			s[j].y -= float64(box.Min.Y)
		}
	}
	if src := r.paint(st.fill, st.fillOpacity*st.opac, st); src != nil {
		r.z.Reset(box.Dx(), box.Dy())
		for _, s := range dev {
			if len(s) >= 3 {
				polygon(r.z, s)
			}
		}
		r.z.Draw(r.dst, box, src, box.Min)
	}
	if src := r.paint(st.stroke, st.strokeOpacity*st.opac, st); src != nil && width > 0 {
		r.z.Reset(box.Dx(), box.Dy())
		var dash []float64
		for _, d := range st.dash {
			dash = append(dash, d*st.m.scale())
		}
		for i, s := range dev {
			if closed[i] && len(s) > 1 {
				s = append(append([]pt(nil), s...), s[0])
			}
			for _, run := range dashed(s, dash) {
				stroke(r.z, run, width)
			}
		}
		r.z.Draw(r.dst, box, src, box.Min)
	}
}

// bounds is the pixel box of the points, grown by pad.
func bounds(subs [][]pt, pad float64) image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range subs {
		for _, p := range s {
			x0, y0, x1, y1 = min(x0, p.x), min(y0, p.y), max(x1, p.x), max(y1, p.y)
		}
	}
	if x0 > x1 {
		return image.Rectangle{}
	}
	clamp := func(v float64) int { return int(max(-1e6, min(1e6, v))) }
	return image.Rect(clamp(math.Floor(x0-pad)), clamp(math.Floor(y0-pad)), clamp(math.Ceil(x1+pad)), clamp(math.Ceil(y1+pad)))
}

// polygon adds a closed polygon, counter-clockwise in device space, so
// that overlapping shapes of one draw add up instead of cancelling.
func polygon(z *vector.Rasterizer, p []pt) {
	area := 0.0
	for i := range p {
		q := p[(i+1)%len(p)]
		area += p[i].x*q.y - q.x*p[i].y
	}
	if area < 0 {
		p = append([]pt(nil), p...)
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	z.MoveTo(float32(p[0].x), float32(p[0].y))
	for _, q := range p[1:] {
		z.LineTo(float32(q.x), float32(q.y))
	}
	z.ClosePath()
}

// stroke adds the outline of a polyline of the given width: a quad per
// segment and, at each inner vertex, the wedges that close the gap between
// two segments (bevel joins; a flattened curve's joins are tiny).
func stroke(z *vector.Rasterizer, p []pt, width float64) {
	h := width / 2
	var prev pt // the previous segment's normal
	hasPrev := false
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		dx, dy := b.x-a.x, b.y-a.y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		n := pt{-dy / l * h, dx / l * h}
		polygon(z, []pt{{a.x + n.x, a.y + n.y}, {b.x + n.x, b.y + n.y}, {b.x - n.x, b.y - n.y}, {a.x - n.x, a.y - n.y}})
		if hasPrev {
			for _, sgn := range []float64{1, -1} {
				w := []pt{a, {a.x + sgn*prev.x, a.y + sgn*prev.y}, {a.x + sgn*n.x, a.y + sgn*n.y}}
				if math.Abs((w[1].x-a.x)*(w[2].y-a.y)-(w[2].x-a.x)*(w[1].y-a.y)) > 1e-9 {
					polygon(z, w)
				}
			}
		}
		prev, hasPrev = n, true
	}
}

// dashed cuts a polyline into its dashes (the whole line without a dash
// pattern).
func dashed(p []pt, dash []float64) [][]pt {
	total := 0.0
	for _, d := range dash {
		total += d
	}
	if len(dash) == 0 || total <= 0 {
		return [][]pt{p}
	}
	if len(dash)%2 == 1 {
		dash = append(dash, dash...)
	}
	var out [][]pt
	var cur []pt
	k, left, on := 0, dash[0], true
	if on {
		cur = []pt{p[0]}
	}
	for i := 0; i+1 < len(p); i++ {
		a, b := p[i], p[i+1]
		l := math.Hypot(b.x-a.x, b.y-a.y)
		t := 0.0
		for l-t > left {
			t += left
			q := pt{a.x + (b.x-a.x)*t/l, a.y + (b.y-a.y)*t/l}
			if on {
				out = append(out, append(cur, q))
				cur = nil
			} else {
				cur = []pt{q}
			}
			on = !on
			k = (k + 1) % len(dash)
			left = dash[k]
		}
		left -= l - t
		if on {
			cur = append(cur, b)
		}
	}
	if on && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// paint is the source image of a fill or stroke, nil for none.
func (r *renderer) paint(v string, opacity float64, st style) image.Image {
	v = strings.TrimSpace(v)
	if v == "" || v == "none" || v == "transparent" || opacity <= 0 {
		return nil
	}
	if strings.HasPrefix(v, "url(#") {
		p := r.patterns[strings.TrimSuffix(strings.TrimPrefix(v, "url(#"), ")")]
		if p == nil {
			return nil
		}
		return r.pattern(p, st, opacity)
	}
	if v == "currentColor" {
		v = st.color
	}
	c, ok := parseColor(v)
	if !ok {
		return nil
	}
	c.A = uint8(math.Round(float64(c.A) * math.Min(1, opacity)))
	return image.NewUniform(c)
}

// patternImage is a pattern tile repeated over the device, through the
// inverse of its transform.
type patternImage struct {
	tile   *image.RGBA
	res    float64 // tile pixels per pattern unit
	w, h   float64
	inv    matrix
	bounds image.Rectangle
}

func (p *patternImage) ColorModel() color.Model { return color.RGBAModel }
func (p *patternImage) Bounds() image.Rectangle { return p.bounds }
func (p *patternImage) At(x, y int) color.Color {
	u, v := p.inv.apply(float64(x)+0.5, float64(y)+0.5)
	u -= math.Floor(u/p.w) * p.w
	v -= math.Floor(v/p.h) * p.h
	return p.tile.RGBAAt(int(u*p.res), int(v*p.res))
}

// pattern renders a pattern's tile (userSpaceOnUse) and tiles it.
func (r *renderer) pattern(n *node, st style, opacity float64) image.Image {
	w, h := attrF(n, "width", 0), attrF(n, "height", 0)
	if w <= 0 || h <= 0 {
		return nil
	}
	const res = 8.0
	tw, th := int(math.Ceil(w*res)), int(math.Ceil(h*res))
	sub := &renderer{dst: image.NewRGBA(image.Rect(0, 0, tw, th)), z: vector.NewRasterizer(tw, th), patterns: r.patterns}
	tileStyle := st
	tileStyle.m = matrix{res, 0, 0, res, 0, 0}
	tileStyle.fill, tileStyle.stroke, tileStyle.fillOpacity, tileStyle.strokeOpacity, tileStyle.opac, tileStyle.dash = "black", "none", 1, 1, opacity, nil
	sub.children(n, tileStyle)
	m := st.m.mul(parseTransform(n.attrs["patternTransform"]))
	return &patternImage{tile: sub.dst, res: res, w: w, h: h, inv: m.invert(), bounds: image.Rect(-1e9, -1e9, 1e9, 1e9)}
}

// parseColor reads #rgb, #rrggbb and a few names.
func parseColor(s string) (color.NRGBA, bool) {
	s = strings.ToLower(s)
	switch s {
	case "black":
		return color.NRGBA{0, 0, 0, 255}, true
	case "white":
		return color.NRGBA{255, 255, 255, 255}, true
	case "red":
		return color.NRGBA{255, 0, 0, 255}, true
	case "gray", "grey":
		return color.NRGBA{128, 128, 128, 255}, true
	}
	if !strings.HasPrefix(s, "#") {
		return color.NRGBA{}, false
	}
	h := s[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}, true
}

// parsePath reads path data into flattened subpaths, each marked closed or
// not. Arcs are drawn as straight lines to their end.
func parsePath(d string) ([][]pt, []bool) {
	var subs [][]pt
	var closed []bool
	var cur []pt
	var x, y, sx, sy float64
	toks := pathTokens(d)
	cmd := byte(0)
	flush := func(c bool) {
		if len(cur) > 1 {
			subs = append(subs, cur)
			closed = append(closed, c)
		}
		cur = nil
	}
	i := 0
	num := func() float64 {
		if i < len(toks) {
			if v, err := strconv.ParseFloat(toks[i], 64); err == nil {
				i++
				return v
			}
		}
		i = len(toks) + 1 // malformed: stop
		return 0
	}
	for i < len(toks) {
		t := toks[i]
		if c := t[0]; len(t) == 1 && strings.IndexByte("MmLlHhVvCcQqSsTtAaZz", c) >= 0 {
			cmd = c
			i++
			if c == 'Z' || c == 'z' {
				x, y = sx, sy
				flush(true)
				continue
			}
		}
		rel := cmd >= 'a'
		ox, oy := 0.0, 0.0
		if rel {
			ox, oy = x, y
		}
		switch cmd | 0x20 {
		case 'm':
			flush(false)
			x, y = ox+num(), oy+num()
			sx, sy = x, y
			cur = []pt{{x, y}}
			if rel {
				cmd = 'l'
			} else {
				cmd = 'L'
			}
		case 'l':
			x, y = ox+num(), oy+num()
			cur = append(cur, pt{x, y})
		case 'h':
			x = ox + num()
			cur = append(cur, pt{x, y})
		case 'v':
			y = oy + num()
			cur = append(cur, pt{x, y})
		case 'c':
			x1, y1, x2, y2 := ox+num(), oy+num(), ox+num(), oy+num()
			ex, ey := ox+num(), oy+num()
			for k := 1; k <= 16; k++ {
				t := float64(k) / 16
				u := 1 - t
				cur = append(cur, pt{u*u*u*x + 3*u*u*t*x1 + 3*u*t*t*x2 + t*t*t*ex, u*u*u*y + 3*u*u*t*y1 + 3*u*t*t*y2 + t*t*t*ey})
			}
			x, y = ex, ey
		case 'q':
			x1, y1 := ox+num(), oy+num()
			ex, ey := ox+num(), oy+num()
			for k := 1; k <= 12; k++ {
				t := float64(k) / 12
				u := 1 - t
				cur = append(cur, pt{u*u*x + 2*u*t*x1 + t*t*ex, u*u*y + 2*u*t*y1 + t*t*ey})
			}
			x, y = ex, ey
		case 'a':
			for range 5 {
				num()
			}
			x, y = ox+num(), oy+num()
			cur = append(cur, pt{x, y})
		default: // S, T or no command: unsupported, stop
			i = len(toks) + 1
		}
		if len(cur) == 0 {
			cur = []pt{{x, y}}
		}
	}
	flush(false)
	return subs, closed
}

// pathTokens splits path data into commands and numbers.
func pathTokens(d string) []string {
	var out []string
	n := -1
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case strings.IndexByte("MmLlHhVvCcQqSsTtAaZz", c) >= 0:
			out = append(out, string(c))
			n = -1
		case c == ' ' || c == ',' || c == '\t' || c == '\n':
			n = -1
		case c == '-' && n >= 0 && !strings.HasSuffix(out[n], "e"):
			out = append(out, "-")
			n = len(out) - 1
		default:
			if n < 0 {
				out = append(out, "")
				n = len(out) - 1
			}
			out[n] += string(c)
		}
	}
	return out
}

// Fonts: Go Regular and Go Bold, parsed once; faces cached by size.
var (
	fontsOnce     sync.Once
	regular, bold *opentype.Font
	facesMu       sync.Mutex
	faces         = map[faceKey]font.Face{}
)

type faceKey struct {
	bold bool
	size float64
}

func face(isBold bool, size float64) font.Face {
	fontsOnce.Do(func() {
		regular, _ = opentype.Parse(goregular.TTF)
		bold, _ = opentype.Parse(gobold.TTF)
	})
	size = math.Round(size*4) / 4
	k := faceKey{isBold, size}
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[k]; ok {
		return f
	}
	f := regular
	if isBold {
		f = bold
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	faces[k] = fc
	return fc
}

// text draws a <text>: its own characters (a <title> child is its tooltip),
// at x, y, anchored.
func (r *renderer) text(n *node, st style) {
	s := strings.Join(strings.Fields(n.text), " ")
	for _, c := range n.children {
		if c.name == "tspan" {
			s += strings.Join(strings.Fields(c.text), " ")
		}
	}
	// Format characters (a word joiner, a direction mark) take no room
	// and the Go fonts have no glyph for them.
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	if s == "" {
		return
	}
	src := r.paint(st.fill, st.fillOpacity*st.opac, st)
	if src == nil {
		return
	}
	size := st.fontSize * st.m.scale()
	if size < 1 {
		return
	}
	isBold := st.weight == "bold" || st.weight == "bolder" || st.weight >= "600" && st.weight <= "900"
	fc := face(isBold, size)
	if fc == nil {
		return
	}
	facesMu.Lock() // a face is not safe for concurrent use
	defer facesMu.Unlock()
	x, y := st.m.apply(attrF(n, "x", 0), attrF(n, "y", 0))
	adv := font.MeasureString(fc, s)
	switch st.anchor {
	case "middle":
		x -= float64(adv) / 128
	case "end":
		x -= float64(adv) / 64
	}
	dr := font.Drawer{Dst: r.dst, Src: src, Face: fc, Dot: fixed.Point26_6{X: fixed.Int26_6(x * 64), Y: fixed.Int26_6(y * 64)}}
	dr.DrawString(s)
}
