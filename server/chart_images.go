package server

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"

	appui "powerbrokers/app"
	"powerbrokers/app/markup"
	"powerbrokers/dataset"
	"powerbrokers/server/svgpng"
)

// Chart images: GET /api/v1/charts/{chart}.svg and .png with a view's
// query draw the chart that view shows (appui.ExportChart, the function
// the page renders with) inside a frame that states its title, basis,
// units, data date, source and licence. The PNG is the same SVG drawn by
// svgpng, in Go.

// Image sizes: the PNG defaults to the link-preview size; w and h may ask
// for another within these bounds.
const (
	chartPNGWidth, chartPNGHeight = 1200, 630
	chartPNGMin, chartPNGMax      = 200, 2400
	// chartPNGZoom is the most a PNG enlarges a chart: its text stays
	// near the size of the frame's.
	chartPNGZoom = 1.35
)

// chartImageCache keeps the images of the current data version by URL.
type chartImageCache struct {
	mu      sync.Mutex
	version string
	bodies  map[string][]byte
}

// chartCacheSize bounds the cached images of one version.
const chartCacheSize = 256

var chartImages chartImageCache

// rasterSlots bounds the PNGs drawn at once to the cores.
var rasterSlots = make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))

func (c *chartImageCache) get(version, key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		return nil, false
	}
	b, ok := c.bodies[key]
	return b, ok
}

func (c *chartImageCache) put(version, key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || len(c.bodies) >= chartCacheSize {
		c.version, c.bodies = version, map[string][]byte{}
	}
	c.bodies[key] = body
}

// chartRoutes are the chart image routes.
func (s *Server) chartRoutes() []apiRoute {
	return []apiRoute{{method: "GET", path: "/api/v1/charts/{file}", handler: s.getChartImage, example: "/api/v1/charts/capacity.svg",
		summary: "A chart as an image, exactly as the view with the same query shows it, with its title, units, basis, data date, source line and licence drawn in: " +
			"{chart}.svg, or {chart}.png (1200 × 630 unless w and h say otherwise). Charts: " + strings.Join(appui.ChartNames(), ", ") +
			". Each takes its view's query (the miners chart the miners list's, the timeline its filters, the economics charts the calculator's inputs, the miner charts ?miner=) and as_of"}}
}

// chartParamDocs documents the chart image parameters in OpenAPI.
func chartParamDocs() []map[string]any {
	return []map[string]any{
		{"name": "w", "in": "query", "description": "PNG width in pixels, 200 to 2400 (default 1200)", "schema": map[string]any{"type": "integer"}},
		{"name": "h", "in": "query", "description": "PNG height in pixels, 200 to 2400 (default 630)", "schema": map[string]any{"type": "integer"}},
		{"name": "as_of", "in": "query", "description": asOfDoc, "schema": map[string]any{"type": "string"}},
		{"name": "miner", "in": "query", "description": "the miner of the miner-* and exposure charts (and a timeline filter)", "schema": map[string]any{"type": "string"}},
	}
}

// getChartImage handles GET /api/v1/charts/{file}: {chart}.svg or .png.
func (s *Server) getChartImage(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	if ext != "svg" && ext != "png" {
		writeError(w, r, dataset.Errorf(dataset.ENOTFOUND, "no chart image %q: ask for {chart}.svg or {chart}.png; charts: %s", file, strings.Join(appui.ChartNames(), ", ")))
		return
	}
	q := r.URL.Query()
	width, height, err := chartSize(q, ext)
	if err != nil {
		writeError(w, r, err)
		return
	}
	q.Del("w")
	q.Del("h")
	// A revision's image (/v/{revision}/api/v1/charts/…) draws its data and
	// names its view; the cache keeps the latest data's images only.
	snap := s.snapshotOf(r)
	view := s.publicOrigin(r) + s.cfg.BasePath + revisionRoot(r)
	cached := revisionOf(r) == nil
	// The image names the view's address: the key holds its origin.
	key := ext + " " + strconv.Itoa(width) + "x" + strconv.Itoa(height) + " " + view + " " + name + "?" + q.Encode()
	var body []byte
	var ok bool
	if cached {
		body, ok = chartImages.get(snap.Version, key)
	}
	var c appui.ChartExport
	if !ok {
		c, err = appui.ExportChart(snap, name, q)
		if err != nil {
			writeError(w, r, err)
			return
		}
		doc := chartDocument(c, view+c.Page, width, height)
		body = doc
		if ext == "png" {
			// Rasterizing takes tens of milliseconds of a core: a few at a
			// time, so that queries made up to miss the cache queue up.
			select {
			case rasterSlots <- struct{}{}:
			case <-r.Context().Done():
				return
			}
			body, err = svgpng.EncodePNG(doc, width, height)
			<-rasterSlots
			if err != nil {
				writeError(w, r, err)
				return
			}
		}
		if cached {
			chartImages.put(snap.Version, key, body)
		}
	}
	ct := "image/svg+xml; charset=utf-8"
	if ext == "png" {
		ct = "image/png"
	}
	w.Header().Set("Content-Disposition", `inline; filename="`+chartFileName(name, q, ext)+`"`)
	serveDynamic(w, r, body, ct)
}

// chartSize reads w and h (PNG only): the SVG's size is the chart's own.
func chartSize(q url.Values, ext string) (int, int, error) {
	size := []int{chartPNGWidth, chartPNGHeight}
	if ext == "svg" {
		size = []int{0, 0}
	}
	for i, p := range []string{"w", "h"} {
		vals, ok := q[p]
		if !ok {
			continue
		}
		if ext == "svg" {
			return 0, 0, dataset.ParamErrorf(p, "only a PNG takes a size; an SVG scales")
		}
		n, err := strconv.Atoi(vals[len(vals)-1])
		if len(vals) > 1 || err != nil || n < chartPNGMin || n > chartPNGMax {
			return 0, 0, dataset.ParamErrorf(p, "must be a whole number of pixels from %d to %d, given once (got %q)", chartPNGMin, chartPNGMax, strings.Join(vals, ","))
		}
		size[i] = n
	}
	return size[0], size[1], nil
}

// unsafeFileChars are what a download's file name leaves out.
var unsafeFileChars = regexp.MustCompile(`[^a-z0-9-]+`)

// chartFileName names a download: powerbrokers-{chart}[-{miner}][-{as_of}].{ext}.
func chartFileName(name string, q url.Values, ext string) string {
	parts := []string{"powerbrokers", name}
	for _, p := range []string{"miner", "as_of"} {
		if v := q.Get(p); v != "" {
			parts = append(parts, v)
		}
	}
	f := unsafeFileChars.ReplaceAllString(strings.ToLower(strings.Join(parts, "-")), "-")
	return strings.Trim(f[:min(len(f), 120)], "-") + "." + ext
}

// Frame layout, in SVG user units.
const (
	framePad     = 24.0
	frameTitle   = 24.0 // title font size
	frameText    = 15.0 // basis, units and source font size
	frameLine    = 21.0 // line height of the smaller text
	frameMinWide = 720.0
)

var chartViewBox = regexp.MustCompile(`viewBox="0 0 ([0-9.]+) ([0-9.]+)"`)

// chartDocument frames a chart for export as a standalone SVG document:
// the title, basis, units and data date above the chart, the source line
// (the view's address) and the licence below. width and height are the
// PNG's pixels, 0 for the SVG, which takes the chart's own size.
func chartDocument(c appui.ChartExport, view string, width, height int) []byte {
	cw, ch := 640.0, 320.0
	if m := chartViewBox.FindStringSubmatch(string(c.SVG)); m != nil {
		cw, _ = strconv.ParseFloat(m[1], 64)
		ch, _ = strconv.ParseFloat(m[2], 64)
	}
	W := max(cw+2*framePad, frameMinWide)
	if width > 0 {
		W = max(W, chartPNGWidth) // a PNG's text keeps the link-preview proportions
	}
	textW := W - 2*framePad
	basis := wrapText("Basis: "+c.Basis, frameText, textW, 2)
	if c.Basis == "" {
		basis = nil
	}
	units := "Units: " + c.Units + " · Data as of " + c.AsOf
	if c.Units == "" {
		units = "Data as of " + c.AsOf
	}
	headH := framePad + frameTitle + 10 + float64(len(basis)+1)*frameLine
	footH := 2*frameLine + framePad
	H := headH + ch + 12 + footH
	if width > 0 {
		H = W * float64(height) / float64(width)
	}
	// The chart keeps its proportions in the room left.
	roomW, roomH := W-2*framePad, H-headH-12-footH
	k := min(1, roomW/cw, roomH/ch)
	if width > 0 {
		k = min(chartPNGZoom, roomW/cw, roomH/ch)
	}
	tx, ty := (W-cw*k)/2, headH+(roomH-ch*k)/2
	num := func(v float64) string { return markup.Num(v, 1) }

	var m markup.Writer
	m.Open("svg", "xmlns", "http://www.w3.org/2000/svg", "width", num(W), "height", num(H), "viewBox", "0 0 "+num(W)+" "+num(H),
		"role", "img", "aria-label", c.Title, "color", "#1f2937", "font-family", "Go, 'Helvetica Neue', Arial, sans-serif")
	m.Elem("title", c.Title)
	m.Void("rect", "x", "0", "y", "0", "width", num(W), "height", num(H), "fill", "#ffffff")
	y := framePad + frameTitle
	m.Elem("text", clipText(c.Title, frameTitle*1.08, textW), "x", num(framePad), "y", num(y), "font-size", num(frameTitle), "font-weight", "bold", "fill", "#111827", "class", "export-title")
	y += 10
	for _, l := range basis {
		y += frameLine
		m.Elem("text", l, "x", num(framePad), "y", num(y), "font-size", num(frameText), "fill", "#374151", "class", "export-basis")
	}
	y += frameLine
	m.Elem("text", clipText(units, frameText, textW), "x", num(framePad), "y", num(y), "font-size", num(frameText), "fill", "#374151", "class", "export-units")
	m.Open("g", "transform", "translate("+num(tx)+","+num(ty)+") scale("+markup.Num(k, 4)+")")
	m.Insert(c.SVG)
	m.Close("g")
	fy := H - framePad - frameLine
	m.Void("line", "x1", num(framePad), "y1", num(fy-frameLine+4), "x2", num(W-framePad), "y2", num(fy-frameLine+4), "stroke", "#d1d5db", "stroke-width", "1")
	m.Elem("text", clipText("Source: Powerbrokers, every figure cited at "+view, frameText, textW), "x", num(framePad), "y", num(fy),
		"font-size", num(frameText), "fill", "#374151", "class", "export-source")
	m.Elem("text", dataset.LicenceLine, "x", num(framePad), "y", num(fy+frameLine), "font-size", num(frameText), "fill", "#374151", "class", "export-licence")
	m.Close("svg")
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + string(m.HTML()))
}

// charWidth estimates the mean advance of a character at a font size.
func charWidth(size float64) float64 { return size * 0.56 }

// clipText cuts s to what fits in width at size, with an ellipsis.
func clipText(s string, size, width float64) string {
	n := int(width / charWidth(size))
	r := []rune(s)
	if len(r) <= n || n < 2 {
		return s
	}
	return string(r[:n-1]) + "…"
}

// wrapText breaks s into at most lines lines that fit width at size; the
// last is clipped.
func wrapText(s string, size, width float64, lines int) []string {
	n := int(width / charWidth(size))
	var out []string
	cur := ""
	for _, word := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = word
		case len([]rune(cur))+1+len([]rune(word)) <= n:
			cur += " " + word
		default:
			out = append(out, cur)
			cur = word
		}
	}
	if cur != "" {
		out = append(out, cur)
	}
	if len(out) > lines {
		out[lines-1] = strings.Join(out[lines-1:], " ")
		out = out[:lines]
	}
	for i := range out {
		out[i] = clipText(out[i], size, width)
	}
	return out
}

// Link previews: go-app writes og:image as the page set it (a path) and
// og:url as http://<Host><path>, each in a <meta> whose two attributes
// come in either order.
var ogMeta = regexp.MustCompile(`<meta (?:property="(og:image|og:url)" content="([^"]*)"|content="([^"]*)" property="(og:image|og:url)")>`)

// absolutePreview makes a prerendered page's og:image absolute and its
// og:url start with the public origin (not the request's Host header,
// which the client chooses: see publicOrigin). host is the Host go-app
// wrote into og:url.
func absolutePreview(page []byte, origin, host string) []byte {
	o := html.EscapeString(origin)
	own := "http://" + html.EscapeString(host)
	return ogMeta.ReplaceAllFunc(page, func(m []byte) []byte {
		sub := ogMeta.FindSubmatch(m)
		prop, content := string(sub[1]), string(sub[2])
		if prop == "" {
			prop, content = string(sub[4]), string(sub[3])
		}
		switch {
		case strings.HasPrefix(content, "/"):
			content = o + content
		case prop == "og:url" && (content == own || strings.HasPrefix(content, own+"/")):
			content = o + strings.TrimPrefix(content, own)
		}
		return []byte(`<meta property="` + prop + `" content="` + content + `">`)
	})
}
