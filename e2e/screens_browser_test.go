//go:build !wasm

package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// screenViews are every view of the explorer, as a person opens them.
var screenViews = []struct{ name, path string }{
	{"overview", "/"},
	{"deals", "/deals"},
	{"deal", "/deals/iren-microsoft-2025-11"},
	{"miners", "/miners"},
	{"miner", "/miners/iren"},
	{"compare", "/compare?m=iren,cipher,hut8"},
	{"sites", "/sites"},
	{"site", "/sites?site=sweetwater"},
	{"counterparty", "/counterparties/microsoft"},
	{"economics", "/economics"},
	{"timeline", "/timeline"},
	{"exposure", "/exposure"},
	{"equity", "/equity"},
	{"equity-record", "/equity/terawulf-google-warrant-2025-08"},
	{"financing", "/financing"},
	{"financing-record", "/financing/cipher-notes-2025-11"},
	{"changes", "/changes"},
	{"deals-bad-date", "/deals?as_of=foo"},
	{"overview-past", "/?as_of=2025-06"},
	{"deals-past", "/deals?as_of=2025-06-30"},
	{"deal-past", "/deals/iren-microsoft-2025-11?as_of=2026-01"},
	{"miner-past", "/miners/iren?as_of=2025-06"},
	{"timeline-past", "/timeline?as_of=2025-06"},
	{"exposure-past", "/exposure?as_of=2025-12"},
	{"embed-deals", "/embed/deals"},
	{"embed-miner", "/embed/miner/iren"},
	{"embed-capacity", "/embed/capacity"},
	{"embed-timeline", "/embed/timeline"},
	{"embed-map", "/embed/map"},
	{"embed-economics", "/embed/economics"},
	{"embed-exposure", "/embed/exposure"},
	{"embed-equity", "/embed/equity"},
	{"embed-financing", "/embed/financing"},
	{"embed-deals-past", "/embed/deals?as_of=2025-06"},
	{"embed-timeline-past", "/embed/timeline?as_of=2025-06"},
	{"not-found", "/nope"},
	{"deal-not-found", "/deals/nope"},
}

// screenProblems lists what a person would see as broken on the current
// page: the page scrolling sideways, a default table column outside the
// window or its table's box, chart text under 11 px, and a label cut
// (by an ellipsis or an edge) without a tooltip giving the full text.
const screenProblems = `(() => {
	const W = document.documentElement.clientWidth, out = [];
	const desc = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
		(typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
	const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && !e.closest('details:not([open]) > :not(summary)'); };
	const scroller = e => { for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
		const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return p; } return null; };
	if (document.documentElement.scrollWidth > W + 1) {
		const wide = [...document.body.querySelectorAll('*')].filter(e => visible(e) && !scroller(e) &&
			e.getBoundingClientRect().right > W + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > W + 1));
		out.push('page is ' + document.documentElement.scrollWidth + ' px wide in a ' + W + ' px window: ' + wide.slice(0, 4).map(desc).join(', '));
	}
	if (W >= 1000) {
		for (const th of document.querySelectorAll('table.data-table:not(.chart-data):not(.compare-table) > thead th')) {
			if (!visible(th)) continue;
			const r = th.getBoundingClientRect(), s = scroller(th), box = s ? s.getBoundingClientRect() : {left: 0, right: W};
			if (r.right > Math.min(box.right, W) + 1) out.push('column "' + th.textContent.trim() + '" of ' + desc(th.closest('table')) + ' is outside the view (' + Math.round(r.right) + ' > ' + Math.round(Math.min(box.right, W)) + ')');
		}
	}
	for (const t of document.querySelectorAll('svg.chart-svg text')) {
		if (!visible(t) || !t.getScreenCTM()) continue;
		const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
		if (px < 10.95) { out.push('chart text "' + t.textContent + '" in ' + desc(t.closest('svg')) + ' is ' + px.toFixed(1) + ' px'); break; }
	}
	for (const body of document.querySelectorAll('figure.chart > .chart-body')) {
		if (!body.closest('details:not([open])') && ![...body.querySelectorAll('svg.chart-svg')].some(visible))
			out.push('chart ' + desc(body.closest('figure')) + ' shows no drawing at this width');
	}
	const tip = e => e.closest('[title]') || (e.querySelector && e.querySelector(':scope > title')) || (e.parentElement && e.parentElement.querySelector(':scope > title'));
	for (const t of document.querySelectorAll('svg.chart-svg text')) {
		if (!visible(t)) continue;
		const svg = t.closest('svg').getBoundingClientRect(), r = t.getBoundingClientRect();
		if ((r.left < svg.left - 1 || r.right > svg.right + 1) && !tip(t)) out.push('chart label "' + t.textContent + '" is cut by its chart\'s edge');
		if (t.textContent.endsWith('…') && !tip(t)) out.push('chart label "' + t.textContent + '" is abbreviated without a tooltip');
	}
	for (const e of document.body.querySelectorAll('*')) {
		if (!visible(e) || e.children.length) continue;
		const cs = getComputedStyle(e);
		if (cs.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1 && !e.closest('[title]'))
			out.push(desc(e) + ' "' + e.textContent.slice(0, 30) + '" is cut without a tooltip');
	}
	return out;
})()`

// TestBrowserScreensFit loads every view on a phone (390 × 844) and on a
// laptop (1366 × 900) and fails on what the eye would catch first: the
// page scrolling sideways, a default column out of sight, unreadable chart
// text, cut labels. Its screenshots are kept in artifacts/screens/.
func TestBrowserScreensFit(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowserFor(t, 10*time.Minute)
	require.NoError(t, os.MkdirAll(filepath.Join("artifacts", "screens"), 0o755))
	for _, size := range []struct {
		name string
		w, h int64
	}{{"phone", 390, 844}, {"laptop", 1366, 900}} {
		require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(size.w, size.h)))
		for _, v := range screenViews {
			name := size.name + "-" + v.name
			var problems []string
			vctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			err := chromedp.Run(vctx,
				chromedp.Navigate(ts.URL+v.path),
				waitJS(`!!document.querySelector('[data-client="1"]')`),
				waitJS(`document.fonts.status === 'loaded'`),
				chromedp.Evaluate(screenProblems, &problems),
			)
			cancel()
			if !assert.NoError(t, err, "%s %s", name, v.path) {
				continue
			}
			assert.Empty(t, problems, "%s %s:\n%s", name, v.path, strings.Join(problems, "\n"))
			var shot []byte
			if assert.NoError(t, chromedp.Run(ctx, chromedp.CaptureScreenshot(&shot))) {
				require.NoError(t, os.WriteFile(filepath.Join("artifacts", "screens", name+".png"), shot, 0o644))
			}
		}
	}
	// The README's pictures of the main views. They are committed, so they
	// are written to docs/ only on request (POWERBROKERS_UPDATE_DOCS=1);
	// each stays under 100 KB (256 colours, scaled down).
	docs := map[string][]byte{
		"views.png": composeScreens(t, []string{"laptop-overview", "laptop-deals", "laptop-miner", "laptop-economics"},
			[]string{"phone-deals", "phone-sites"}),
	}
	for _, v := range []string{"overview", "deals", "timeline", "exposure", "overview-past"} {
		docs["laptop-"+v+".png"] = smallPNG(t, shrink(loadScreen(t, "laptop-"+v), 2))
	}
	for _, v := range []string{"deals", "miner"} {
		docs["phone-"+v+".png"] = smallPNG(t, shrink(loadScreen(t, "phone-"+v), 2))
	}
	for name, b := range docs {
		assert.LessOrEqual(t, len(b), 100<<10, "%s is %d bytes", name, len(b))
		require.NoError(t, os.WriteFile(filepath.Join("artifacts", "screens", "docs-"+name), b, 0o644))
		if os.Getenv("POWERBROKERS_UPDATE_DOCS") == "1" {
			require.NoError(t, os.MkdirAll("docs", 0o755))
			require.NoError(t, os.WriteFile(filepath.Join("docs", name), b, 0o644))
		}
	}
}

// loadScreen reads a screenshot the layout test kept.
func loadScreen(tb testing.TB, name string) image.Image {
	tb.Helper()
	f, err := os.Open(filepath.Join("artifacts", "screens", name+".png"))
	require.NoError(tb, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(tb, err)
	return img
}

// smallPNG encodes img with a palette of its 256 most frequent colours
// (screenshots are mostly flat colours and anti-aliased text).
func smallPNG(tb testing.TB, img image.Image) []byte {
	tb.Helper()
	b := img.Bounds()
	counts := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			counts[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colors := make([]color.RGBA, 0, len(counts))
	for c := range counts {
		colors = append(colors, c)
	}
	key := func(c color.RGBA) uint32 { return uint32(c.R)<<16 | uint32(c.G)<<8 | uint32(c.B) }
	sort.Slice(colors, func(i, j int) bool {
		if counts[colors[i]] != counts[colors[j]] {
			return counts[colors[i]] > counts[colors[j]]
		}
		return key(colors[i]) < key(colors[j])
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colors[:min(256, len(colors))] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	index := map[color.RGBA]uint8{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	var buf bytes.Buffer
	require.NoError(tb, (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, out))
	return buf.Bytes()
}

// An empty result says so and offers to clear the filters.
func TestBrowserEmptyResultOffersToClear(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var msg, count string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?q=nothing-matches-this"),
		waitClient(),
		chromedp.Text("#empty-result", &msg, chromedp.ByID),
		chromedp.Click("#clear-filters", chromedp.ByID),
		waitJS(`!document.getElementById('empty-result') && document.querySelectorAll('tr[data-deal]').length > 0`),
		chromedp.Text("#result-count", &count, chromedp.ByID),
	))
	assert.Contains(t, msg, "No deals match these filters")
	assert.Regexp(t, `^(\d+) of (\d+) deals`, count)
	var sitesMsg string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/sites?q=nothing-matches-this"),
		waitClient(),
		chromedp.Text("#empty-result", &sitesMsg, chromedp.ByID),
	))
	assert.Contains(t, sitesMsg, "No sites match these filters")
}

// The search filters as it is typed; a range that does not read keeps the
// last results and marks the input; money ranges read "1B".
func TestBrowserFiltersAsTyped(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var count string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		typeInto("#f-q", "Microsoft"),
		waitURL("q=Microsoft"),
		waitJS(`(m => m && m[1] !== m[2])(document.getElementById('result-count').textContent.match(/^(\d+) of (\d+) /))`),
		chromedp.Text("#result-count", &count, chromedp.ByID),
	))
	assert.Regexp(t, `^[1-9] of \d+ deals`, count, "typing filtered without a submit")

	var invalid, why, after string
	require.NoError(t, chromedp.Run(ctx,
		typeInto("#f-mw_gte", "lots"),
		chromedp.WaitVisible("#err-mw_gte", chromedp.ByID),
		chromedp.AttributeValue("#f-mw_gte", "aria-invalid", &invalid, nil, chromedp.ByID),
		chromedp.Text("#err-mw_gte", &why, chromedp.ByID),
		chromedp.Sleep(600*time.Millisecond),
		chromedp.Text("#result-count", &after, chromedp.ByID),
	))
	assert.Equal(t, "true", invalid)
	assert.Contains(t, why, "a number")
	assert.Equal(t, count, after, "an invalid input keeps the last valid results")

	var marker bool
	require.NoError(t, chromedp.Run(ctx,
		typeInto("#f-mw_gte", "1"),
		typeInto("#f-value_usd_gte", "1B"),
		waitURL("value_usd_gte=1000000000"),
		chromedp.Evaluate(`window.__noReload === true`, &marker),
	))
	assert.True(t, marker, "typing reloaded the page")
}

// Records link to each other: a deal names its miner, tenant and site as
// links, its breadcrumb names it, and the tenant's page lists its deals.
func TestBrowserEverythingLinks(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var crumb, name string
	var links []string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals/iren-microsoft-2025-11"),
		waitClient(),
		chromedp.Text(`.breadcrumb [aria-current="page"]`, &crumb, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('.record a')].map(a => a.getAttribute('href'))`, &links),
	))
	assert.NotEmpty(t, crumb, "the breadcrumb names the deal")
	assert.Contains(t, links, "/miners/iren")
	assert.Contains(t, links, "/counterparties/microsoft")
	assert.True(t, hasPrefix(links, "/sites?site="), "the site links to its detail: %v", links)
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`.record a[href="/counterparties/microsoft"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#counterparty-name", chromedp.ByID),
		chromedp.Text("#counterparty-name", &name, chromedp.ByID),
		chromedp.WaitVisible(`tr[data-deal="iren-microsoft-2025-11"]`, chromedp.ByQuery),
	))
	assert.Equal(t, "Microsoft", name)

	// In the deals table, the tenant and the miner link to their pages.
	var hrefs []string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Evaluate(`[...document.querySelectorAll('tr[data-deal="iren-microsoft-2025-11"] a')].map(a => a.getAttribute('href'))`, &hrefs),
	))
	assert.Contains(t, hrefs, "/deals/iren-microsoft-2025-11")
	assert.Contains(t, hrefs, "/miners/iren")
	assert.Contains(t, hrefs, "/counterparties/microsoft")
}

// Unknown routes and records show the app's own page, after a load and
// after an in-app navigation; an unknown ?site= says so.
func TestBrowserNotFoundPages(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var title, site string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/no/such/page"),
		waitClient(),
		chromedp.Text("#not-found h1", &title, chromedp.ByQuery),
	))
	assert.Equal(t, "Page not found", title)
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		chromedp.Evaluate(`window.goappNav ? goappNav('/deals/nope') : history.pushState(null, '', '/deals/nope')`, nil),
		chromedp.WaitVisible("#not-found", chromedp.ByID),
		chromedp.Text("#not-found h1", &title, chromedp.ByQuery),
		chromedp.Navigate(ts.URL+"/sites?site=nope"),
		waitClient(),
		chromedp.Text("#site-detail", &site, chromedp.ByID),
	))
	assert.Equal(t, "Deal not found", title)
	assert.Contains(t, site, "There is no site “nope”")
}

// Back from a record restores where the list was scrolled.
func TestBrowserBackRestoresListScroll(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var y float64
	require.NoError(t, chromedp.Run(ctx,
		chromedp.EmulateViewport(1280, 600),
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true; window.scrollTo(0, 700); window.scrollY`, &y),
	))
	require.InDelta(t, 700, y, 2)
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`(() => { const a = [...document.querySelectorAll('tr[data-deal] th a')].find(a => a.getBoundingClientRect().top > 0); a.click(); })()`, nil),
		chromedp.WaitVisible(".record", chromedp.ByQuery),
		chromedp.Evaluate(`history.back()`, nil),
		chromedp.WaitVisible("#result-count", chromedp.ByID),
		waitJS(`Math.abs(window.scrollY - 700) < 3`),
	))
	var marker bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &marker)))
	assert.True(t, marker, "Back reloaded the page")
}

// composeScreens lays out shots (PNG files under artifacts/screens) in a
// small overview image: laptop views scaled to a third in two rows, then
// the phone views at a third in a column on the right.
func composeScreens(tb testing.TB, laptops, phones []string) []byte {
	tb.Helper()
	load := func(name string) image.Image { return shrink(loadScreen(tb, name), 3) }
	const gap = 8
	var ls, ps []image.Image
	for _, n := range laptops {
		ls = append(ls, load(n))
	}
	for _, n := range phones {
		ps = append(ps, load(n))
	}
	lw, lh := ls[0].Bounds().Dx(), ls[0].Bounds().Dy()
	pw, ph := ps[0].Bounds().Dx(), ps[0].Bounds().Dy()
	rows := (len(ls) + 1) / 2
	w := 2*lw + gap + len(ps)*(pw+gap)
	h := max(rows*lh+(rows-1)*gap, ph)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(out, out.Bounds(), image.NewUniform(color.RGBA{0xcb, 0xd5, 0xe1, 0xff}), image.Point{}, draw.Src)
	for i, img := range ls {
		at := image.Pt((i%2)*(lw+gap), (i/2)*(lh+gap))
		draw.Draw(out, img.Bounds().Add(at), img, img.Bounds().Min, draw.Src)
	}
	for i, img := range ps {
		at := image.Pt(2*lw+gap+i*(pw+gap), 0)
		draw.Draw(out, img.Bounds().Add(at), img, img.Bounds().Min, draw.Src)
	}
	return smallPNG(tb, out)
}

// shrink scales img down by k, averaging each k×k block.
func shrink(img image.Image, k int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/k, b.Dy()/k))
	for y := 0; y < b.Dy()/k; y++ {
		for x := 0; x < b.Dx()/k; x++ {
			var r, g, bl uint32
			for dy := 0; dy < k; dy++ {
				for dx := 0; dx < k; dx++ {
					cr, cg, cb, _ := img.At(b.Min.X+x*k+dx, b.Min.Y+y*k+dy).RGBA()
					r, g, bl = r+cr, g+cg, bl+cb
				}
			}
			n := uint32(k * k)
			out.Set(x, y, color.RGBA{uint8(r / n >> 8), uint8(g / n >> 8), uint8(bl / n >> 8), 0xff})
		}
	}
	return out
}

// TestBrowserUnknownParamsReported opens pages with a parameter they do
// not use: each says so, naming it, and none counts as_of as unknown.
func TestBrowserUnknownParamsReported(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	for _, path := range []string{"/", "/miners/iren", "/compare?m=iren,cipher", "/exposure", "/deals/iren-microsoft-2025-11", "/counterparties/microsoft", "/economics"} {
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		var note string
		require.NoError(t, chromedp.Run(ctx,
			chromedp.Navigate(ts.URL+path+sep+"as_of=2026-01&colour=red&%3Cb%3Ebold%3C%2Fb%3E=1"),
			waitClient(),
			chromedp.WaitVisible(`#unknown-params`, chromedp.ByID),
			chromedp.Text(`#unknown-params`, &note, chromedp.ByID),
		), path)
		assert.Contains(t, note, "colour", path)
		assert.Contains(t, note, "<b>bold</b>", path)
		assert.NotContains(t, note, "as_of", path)
		var bold int
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('#unknown-params b').length`, &bold)))
		assert.Zero(t, bold, "a parameter's name is text, not markup")
	}
}
