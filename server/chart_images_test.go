package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	appui "powerbrokers/app"
	"powerbrokers/dataset"
	"powerbrokers/internal/hostile"
	"powerbrokers/server/svgpng"
)

func newSeedServer(t *testing.T) *Server {
	t.Helper()
	return newTestServer(t, Config{Seed: os.DirFS("../dataset/seed")})
}

// svgTexts parses an SVG as XML and returns the text of its elements; it
// fails on an element or attribute that could run script.
func svgTexts(t *testing.T, body []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Entity = xml.HTMLEntity
	var texts strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the SVG parses as XML")
		switch x := tok.(type) {
		case xml.StartElement:
			require.NotEqual(t, "script", strings.ToLower(x.Name.Local))
			require.NotEqual(t, "foreignObject", x.Name.Local)
			for _, a := range x.Attr {
				require.False(t, strings.HasPrefix(strings.ToLower(a.Name.Local), "on"), "event handler attribute %s", a.Name.Local)
			}
		case xml.CharData:
			texts.Write(x)
			texts.WriteByte('\n')
		}
	}
	return texts.String()
}

func TestChartImageSVG(t *testing.T) {
	s := newSeedServer(t)
	w := do(s, "GET", "/api/v1/charts/capacity.svg", nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Equal(t, "image/svg+xml; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Equal(t, `inline; filename="powerbrokers-capacity.svg"`, w.Header().Get("Content-Disposition"))
	assert.NotEmpty(t, w.Header().Get("ETag"))
	texts := svgTexts(t, w.Body.Bytes())
	assert.Contains(t, texts, "Site capacity by stage and MW basis")         // the title
	assert.Contains(t, texts, "Basis: sum over sites, one bar per MW basis") // the basis
	assert.Contains(t, texts, "Units: MW · Data as of ")
	assert.Contains(t, texts, "Source: Powerbrokers, every figure cited at http://example.com/")
	assert.Contains(t, texts, dataset.LicenceLine)

	// A matching If-None-Match is a 304; a dated view names its date.
	w2 := do(s, "GET", "/api/v1/charts/capacity.svg", map[string]string{"If-None-Match": w.Header().Get("ETag")})
	assert.Equal(t, 304, w2.Code)
	w = do(s, "GET", "/api/v1/charts/capacity.svg?as_of=2025-06", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, svgTexts(t, w.Body.Bytes()), "Data as of 2025-06")
	assert.Equal(t, `inline; filename="powerbrokers-capacity-2025-06.svg"`, w.Header().Get("Content-Disposition"))
}

func TestChartImagePNG(t *testing.T) {
	s := newSeedServer(t)
	w := do(s, "GET", "/api/v1/charts/cumulative.png", nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Equal(t, "image/png", w.Header().Get("Content-Type"))
	assert.Equal(t, `inline; filename="powerbrokers-cumulative.png"`, w.Header().Get("Content-Disposition"))
	img, err := png.Decode(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	require.Equal(t, 1200, img.Bounds().Dx())
	require.Equal(t, 630, img.Bounds().Dy())
	// dark counts the dark pixels of a box: drawn text, not a blank image.
	dark := func(x0, y0, x1, y1 int) int {
		n := 0
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				r, g, b, _ := img.At(x, y).RGBA()
				if r+g+b < 3*0x8000 {
					n++
				}
			}
		}
		return n
	}
	assert.Greater(t, dark(24, 20, 500, 50), 500, "the title is drawn at the top left")
	assert.Greater(t, dark(24, 565, 600, 610), 300, "the source and licence lines are drawn at the bottom")
	assert.Zero(t, dark(1190, 0, 1200, 630), "the right margin is white")
	colored := 0
	for y := 120; y < 560; y += 2 {
		for x := 24; x < 1176; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			if max(r, g, b)-min(r, g, b) > 0x3000 {
				colored++
			}
		}
	}
	assert.Greater(t, colored, 500, "the chart's coloured lines and areas are drawn")

	w = do(s, "GET", "/api/v1/charts/tenants.png?w=600&h=400", nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	cfg, err := png.DecodeConfig(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, [2]int{600, 400}, [2]int{cfg.Width, cfg.Height})
}

// Every exportable chart draws, as SVG and PNG, for a query its page takes.
func TestEveryChartImage(t *testing.T) {
	s := newSeedServer(t)
	queries := map[string]string{
		"miner-capacity": "miner=terawulf", "miner-contracted": "miner=terawulf", "miner-history": "miner=iren",
		"miners": "country=US", "timeline": "due=90", "exposure": "miner=terawulf",
		"economics-hashprice": "hashprice_usd_per_ph_day=45", "economics-power": "",
		"compare-capacity": "m=terawulf,iren", "compare-contracted": "m=terawulf&m=iren",
		"deals-over-time": "miner=iren&status=signed",
	}
	names := appui.ChartNames()
	require.GreaterOrEqual(t, len(names), 17)
	for _, name := range names {
		target := "/api/v1/charts/" + name + ".svg?" + queries[name]
		w := do(s, "GET", target, nil)
		require.Equal(t, 200, w.Code, "%s: %s", target, w.Body.String())
		texts := svgTexts(t, w.Body.Bytes())
		assert.Contains(t, texts, dataset.LicenceLine, name)
		assert.Contains(t, texts, "Source: Powerbrokers", name)
	}
	for _, target := range []string{"/api/v1/charts/exposure.png?miner=terawulf", "/api/v1/charts/economics-power.png", "/api/v1/charts/timeline.png"} {
		w := do(s, "GET", target, nil)
		require.Equal(t, 200, w.Code, "%s: %s", target, w.Body.String())
		_, err := png.Decode(bytes.NewReader(w.Body.Bytes()))
		require.NoError(t, err, target)
	}
}

// Every chart an embed shows links its image for the embed's view, render
// flags left out, and each link answers with an image.
func TestEmbedsLinkTheirChartImages(t *testing.T) {
	s := newSeedServer(t)
	hrefRE := regexp.MustCompile(`href="(/api/v1/charts/[^"]+)"`)
	for embed, want := range map[string][]string{
		"/embed/capacity?country=US&plain=1&theme=dark": {"miners.svg?country=US"},
		"/embed/capacity?miner=iren&as_of=2025-12":      {"miner-capacity.svg?as_of=2025-12&miner=iren"},
		"/embed/timeline?miner=iren&as_of=2026-01":      {"timeline.svg?as_of=2026-01&miner=iren", "deals-over-time.svg?as_of=2026-01&miner=iren"},
		"/embed/economics?transparent=1":                {"economics-hashprice.svg?", "economics-power.svg?"},
		"/embed/exposure?miner=terawulf":                {"exposure.svg?miner=terawulf"},
	} {
		w := do(s, "GET", embed, nil)
		require.Equal(t, 200, w.Code, embed)
		var links []string
		for _, m := range hrefRE.FindAllStringSubmatch(w.Body.String(), -1) {
			links = append(links, strings.ReplaceAll(m[1], "&amp;", "&"))
		}
		for _, prefix := range want {
			found := false
			for _, l := range links {
				found = found || strings.HasPrefix(l, "/api/v1/charts/"+prefix)
			}
			assert.True(t, found, "%s links %s: %v", embed, prefix, links)
		}
		for _, l := range links {
			assert.NotContains(t, l, "plain=", l)
			assert.NotContains(t, l, "theme=", l)
			img := do(s, "GET", l, nil)
			assert.Equal(t, 200, img.Code, "%s: %s", l, img.Body.String())
		}
	}
}

func TestChartImageErrors(t *testing.T) {
	s := newSeedServer(t)
	for _, c := range []struct {
		target, param string
		code          int
	}{
		{"/api/v1/charts/nope.svg", "", 404},
		{"/api/v1/charts/capacity.gif", "", 404},
		{"/api/v1/charts/capacity", "", 404},
		{"/api/v1/charts/miner-capacity.svg?miner=nobody", "", 404},
		{"/api/v1/charts/capacity.png?w=10", "w", 400},
		{"/api/v1/charts/capacity.png?h=abc", "h", 400},
		{"/api/v1/charts/capacity.png?w=1200&w=800", "w", 400},
		{"/api/v1/charts/capacity.svg?w=800", "w", 400},
		{"/api/v1/charts/capacity.svg?foo=1", "foo", 400},
		{"/api/v1/charts/capacity.svg?as_of=yesterday", "as_of", 400},
		{"/api/v1/charts/miners.svg?total_mw_gte=lots", "total_mw_gte", 400},
		{"/api/v1/charts/timeline.svg?due=-4", "due", 400},
		{"/api/v1/charts/miner-capacity.svg", "miner", 400},
		{"/api/v1/charts/compare-capacity.svg?m=terawulf,nobody", "m", 400},
		{"/api/v1/charts/compare-capacity.svg", "m", 400},
		{"/api/v1/charts/economics-hashprice.svg?hashprice_usd_per_ph_day=cheap", "hashprice_usd_per_ph_day", 400},
	} {
		w := do(s, "GET", c.target, nil)
		require.Equal(t, c.code, w.Code, "%s: %s", c.target, w.Body.String())
		assert.Contains(t, w.Header().Get("Content-Type"), "application/json", c.target)
		var body struct {
			Error dataset.Error `json:"error"`
		}
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), c.target)
		assert.Equal(t, c.param, body.Error.Param, c.target)
		assert.NotEmpty(t, body.Error.Message, c.target)
	}
}

// Hostile query text reaches the image only escaped: the SVG still parses,
// holds no script, and the text shows as text.
func TestChartImageEscapesHostileQuery(t *testing.T) {
	s := newSeedServer(t)
	hostile := `"><script>alert(1)</script><img src=x onerror=alert(2)>&amp;\u202e`
	for _, target := range []string{
		"/api/v1/charts/miners.svg?q=" + url.QueryEscape(hostile),
		"/api/v1/charts/exposure.svg?miner=" + url.QueryEscape(hostile),
		"/api/v1/charts/timeline.svg?tenant=" + url.QueryEscape(hostile),
	} {
		w := do(s, "GET", target, nil)
		require.Equal(t, 200, w.Code, "%s: %s", target, w.Body.String())
		body := w.Body.String()
		assert.NotContains(t, body, "<script", target)
		assert.NotContains(t, body, "<img", target)
		assert.Contains(t, svgTexts(t, w.Body.Bytes()), "Source: Powerbrokers", target)
	}
	// A long query is cut to fit the source line.
	w := do(s, "GET", "/api/v1/charts/miners.svg?q="+strings.Repeat("x", 200), nil)
	require.Equal(t, 200, w.Code)
	src := regexp.MustCompile(`Source: Powerbrokers[^<]*`).FindString(w.Body.String())
	assert.Less(t, len([]rune(src)), 200)
	assert.True(t, strings.HasSuffix(src, "…"), src)
}

// chartSVGOf cuts the chart <svg id="ID-svg"> out of a document.
func chartSVGOf(t *testing.T, doc, id string) string {
	t.Helper()
	start := strings.Index(doc, `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" id="`+id+`-svg"`)
	require.GreaterOrEqual(t, start, 0, "no chart %s", id)
	end := strings.Index(doc[start:], "</svg>")
	require.Greater(t, end, 0)
	return doc[start : start+end+len("</svg>")]
}

// The image's chart is the page's chart: the same function drew both, so
// the SVG the page shows is inside the SVG the endpoint serves, byte for
// byte, between the drawn header and footer.
func TestChartImageIsThePagesChart(t *testing.T) {
	s := newSeedServer(t)
	for _, c := range []struct{ page, id, image string }{
		{"/miners?q=terawulf", "chart-ladders", "/api/v1/charts/miners.svg?q=terawulf"},
		{"/miners?country=US&status=pivoting", "chart-ladders", "/api/v1/charts/miners.svg?country=US&status=pivoting"},
		{"/", "chart-capacity", "/api/v1/charts/capacity.svg"},
		{"/?as_of=2025-06", "chart-cumulative", "/api/v1/charts/cumulative.svg?as_of=2025-06"},
		{"/miners/terawulf", "chart-ladder", "/api/v1/charts/miner-capacity.svg?miner=terawulf"},
		{"/timeline?miner=iren", "chart-delivery", "/api/v1/charts/timeline.svg?miner=iren"},
		{"/exposure?miner=terawulf", "chart-exposure", "/api/v1/charts/exposure.svg?miner=terawulf"},
		{"/compare?m=terawulf,iren", "chart-compare-contracted", "/api/v1/charts/compare-contracted.svg?m=terawulf,iren"},
		{"/", "chart-recon-mw", "/api/v1/charts/recon-mw.svg"},
		{"/economics?hashprice_usd_per_ph_day=40", "econ-chart-power", "/api/v1/charts/economics-power.svg?hashprice_usd_per_ph_day=40"},
	} {
		page := do(s, "GET", c.page, nil)
		require.Equal(t, 200, page.Code, c.page)
		want := chartSVGOf(t, page.Body.String(), c.id)
		img := do(s, "GET", c.image, nil)
		require.Equal(t, 200, img.Code, "%s: %s", c.image, img.Body.String())
		got := chartSVGOf(t, img.Body.String(), c.id)
		assert.Equal(t, want, got, "%s and %s draw the same chart", c.page, c.image)
		// The page links to that image.
		assert.Contains(t, page.Body.String(), `href="`+html.EscapeString(strings.SplitN(c.image, "?", 2)[0]), c.page)
	}
	// Another filter draws another chart.
	a := chartSVGOf(t, do(s, "GET", "/api/v1/charts/miners.svg?q=terawulf", nil).Body.String(), "chart-ladders")
	b := chartSVGOf(t, do(s, "GET", "/api/v1/charts/miners.svg?q=iren", nil).Body.String(), "chart-ladders")
	assert.NotEqual(t, a, b)
	assert.Contains(t, a, "TeraWulf")
	assert.NotContains(t, a, ">IREN<")
}

// metas reads a page's <meta property|name=…> contents.
func metas(t *testing.T, page string) map[string]string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	require.NoError(t, err)
	out := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "meta" {
			var key, content string
			for _, a := range n.Attr {
				switch a.Key {
				case "property", "name":
					key = a.Val
				case "content":
					content = a.Val
				}
			}
			if key != "" {
				out[key] = content
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func TestLinkPreviews(t *testing.T) {
	s := newSeedServer(t)
	hostile := url.QueryEscape(`"><script>alert(1)</script><img src=x onerror=alert(2)>'` + "\u202e")
	for _, c := range []struct{ page, chart string }{
		{"/?as_of=2025-06&x=" + hostile, "cumulative.png?as_of=2025-06"},
		{"/miners?q=" + hostile, "miners.png?"},
		{"/miners/terawulf?x=" + hostile, "miner-capacity.png?miner=terawulf"},
		{"/timeline?tenant=" + hostile, "timeline.png?"},
		{"/exposure?miner=" + hostile, "exposure.png?miner="},
		{"/economics?hashprice_usd_per_ph_day=45&x=" + hostile, "economics-hashprice.png?"},
		{"/compare?m=terawulf,iren&x=" + hostile, "compare-capacity.png?m=terawulf%2Ciren"},
		{"/deals?q=" + hostile, "cumulative.png"}, // no chart: the site's default
		{"/sites?q=" + hostile, "cumulative.png"},
	} {
		w := do(s, "GET", c.page, nil)
		require.Equal(t, 200, w.Code, c.page)
		body := w.Body.String()
		assert.NotContains(t, body, "<script>alert", c.page)
		assert.NotContains(t, body, "<img src=x", c.page)
		m := metas(t, body)
		assert.NotEmpty(t, m["og:title"], c.page)
		assert.NotEmpty(t, m["og:description"], c.page)
		assert.Equal(t, "website", m["og:type"], c.page)
		assert.Equal(t, "summary_large_image", m["twitter:card"], c.page)
		assert.True(t, strings.HasPrefix(m["og:url"], "http://example.com/"), "%s: og:url %s", c.page, m["og:url"])
		img := m["og:image"]
		require.True(t, strings.HasPrefix(img, "http://example.com/api/v1/charts/"+c.chart), "%s: og:image %s", c.page, img)
		u, err := url.Parse(img)
		require.NoError(t, err, img)
		// The image is there: a 1200 × 630 PNG.
		r := do(s, "GET", u.RequestURI(), nil)
		require.Equal(t, 200, r.Code, "%s: %s", img, r.Body.String())
		cfg, err := png.DecodeConfig(bytes.NewReader(r.Body.Bytes()))
		require.NoError(t, err, img)
		assert.Equal(t, [2]int{1200, 630}, [2]int{cfg.Width, cfg.Height}, img)
	}
}

// og:url and og:image start with the public origin, never with the Host
// header a client sent.
func TestLinkPreviewsIgnoreTheHostHeader(t *testing.T) {
	s := newSeedServer(t)
	r := do(s, "GET", "/miners", map[string]string{"Host": "evil.example"})
	require.Equal(t, 200, r.Code)
	m := metas(t, r.Body.String())
	assert.True(t, strings.HasPrefix(m["og:image"], "http://example.com/api/v1/charts/miners.png"), m["og:image"])
	assert.NotContains(t, m["og:url"], "evil.example")
}

// A static copy has no image endpoint: each page's og:image is written as
// a file of the copy (one per view, since a static host ignores queries),
// and the page names that file under the copy's origin.
func TestStaticCopyWritesPreviewImages(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	_, err := WriteStatic(StaticConfig{Dir: out, WebDir: fakeWeb(t), Seed: os.DirFS("../dataset/seed"), Origin: "https://pb.example.org"})
	require.NoError(t, err)
	files := map[string]bool{}
	for _, page := range []string{"index.html", "miners/terawulf.html", "miners/iren.html", "deals.html"} {
		b, err := os.ReadFile(filepath.Join(out, page))
		require.NoError(t, err, page)
		img := metas(t, string(b))["og:image"]
		file, ok := strings.CutPrefix(img, "https://pb.example.org/api/v1/charts/")
		require.True(t, ok, "%s: og:image %s", page, img)
		assert.NotContains(t, file, "?", page)
		f, err := os.Open(filepath.Join(out, "api", "v1", "charts", file))
		require.NoError(t, err, "%s: %s is in the copy", page, file)
		cfg, err := png.DecodeConfig(f)
		f.Close()
		require.NoError(t, err, file)
		assert.Equal(t, [2]int{1200, 630}, [2]int{cfg.Width, cfg.Height}, file)
		files[file] = true
	}
	assert.Len(t, files, 3, "each miner its own image; the overview's is the default of the deals page")
}

// Records whose every text field is a payload draw images whose text is
// only text: each SVG parses as XML, runs nothing and shows no markup; the
// PNG still renders.
func TestChartImagesOfHostileRecords(t *testing.T) {
	dataDir, d, _ := payloadStore(t, hostile.Payloads)
	s, err := New(Config{DataDir: dataDir, WebDir: t.TempDir(), Logger: discard})
	require.NoError(t, err)
	defer s.Close()
	miner := url.QueryEscape(d.Miners[0].ID)
	for _, target := range []string{"/api/v1/charts/miner-capacity.svg?miner=" + miner, "/api/v1/charts/miner-contracted.svg?miner=" + miner,
		"/api/v1/charts/miners.svg", "/api/v1/charts/tenants.svg", "/api/v1/charts/types.svg", "/api/v1/charts/exposure.svg",
		"/api/v1/charts/timeline.svg", "/api/v1/charts/compare-capacity.svg?m=" + miner + ",terawulf", "/api/v1/charts/cumulative.svg"} {
		w := do(s, "GET", target, nil)
		require.Equal(t, 200, w.Code, "%s: %s", target, w.Body.String())
		svgTexts(t, w.Body.Bytes())
		assert.Empty(t, hostile.Check(w.Body.Bytes()), target)
		if strings.Contains(target, "miner-capacity") {
			assert.True(t, hostile.Contains(w.Body.Bytes(), d.Miners[0].Name), "the miner's name shows, as text")
		}
	}
	w := do(s, "GET", "/api/v1/charts/miner-capacity.png?miner="+miner, nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	_, err = png.Decode(bytes.NewReader(w.Body.Bytes()))
	require.NoError(t, err)
}

// BenchmarkChartImagePNG measures one uncached 1200 × 630 PNG: the chart,
// its frame and the rasterizing (an image is then cached per data version
// and URL).
func BenchmarkChartImagePNG(b *testing.B) {
	for _, name := range []string{"cumulative", "capacity", "timeline"} {
		b.Run(name, func(b *testing.B) {
			s := newTestServer(b, Config{Seed: os.DirFS("../dataset/seed")})
			snap := s.currentSnapshot()
			for b.Loop() {
				c, err := appui.ExportChart(snap, name, url.Values{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svgpng.EncodePNG(chartDocument(c, "http://example.com/", 1200, 630), 1200, 630); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkChartImageCached measures a cached image's answer.
func BenchmarkChartImageCached(b *testing.B) {
	s := newTestServer(b, Config{Seed: os.DirFS("../dataset/seed")})
	do(s, "GET", "/api/v1/charts/cumulative.png", nil)
	for b.Loop() {
		if w := do(s, "GET", "/api/v1/charts/cumulative.png", nil); w.Code != 200 {
			b.Fatal(w.Code)
		}
	}
}
