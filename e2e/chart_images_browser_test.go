//go:build !wasm

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// A filtered view's chart card links to images of exactly that view: the
// SVG names the filtered miner and no other, carries the licence, and the
// PNG decodes at the size its link asks for.
func TestBrowserChartDownloadsMatchTheView(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var svgHref, pngHref string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners?q=terawulf"),
		waitClient(),
		chromedp.WaitVisible(`#chart-ladders .chart-downloads`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#chart-ladders a[data-format="svg"]').href`, &svgHref),
		chromedp.Evaluate(`document.querySelector('#chart-ladders a[data-format="png"]').href`, &pngHref),
	))
	assert.Contains(t, svgHref, "/api/v1/charts/miners.svg?")
	assert.Contains(t, svgHref, "q=terawulf")
	assert.Contains(t, pngHref, "q=terawulf")

	// What the link downloads, fetched as the page would.
	var svg struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		Text   string `json:"text"`
	}
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`(async () => {
		const a = document.querySelector('#chart-ladders a[data-format="svg"]');
		const r = await fetch(a.href);
		return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
	})()`, &svg, awaitPromise)))
	require.Equal(t, 200, svg.Status)
	assert.Contains(t, svg.Type, "image/svg+xml")
	assert.Contains(t, svg.Text, "TeraWulf")
	assert.NotContains(t, svg.Text, "Riot Platforms", "another miner is not in the filtered view's image")
	assert.Contains(t, svg.Text, "Data: CC BY 4.0, Powerbrokers")
	assert.Contains(t, svg.Text, "Site capacity by stage")

	var png struct {
		Status int    `json:"status"`
		Type   string `json:"type"`
		W      int    `json:"w"`
		H      int    `json:"h"`
	}
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`(async () => {
		const a = document.querySelector('#chart-ladders a[data-format="png"]');
		const r = await fetch(a.href);
		const b = await createImageBitmap(await r.blob());
		return {status: r.status, type: r.headers.get('content-type'), w: b.width, h: b.height};
	})()`, &png, awaitPromise)))
	require.Equal(t, 200, png.Status)
	assert.Equal(t, "image/png", png.Type)
	assert.Equal(t, 1200, png.W)
	assert.GreaterOrEqual(t, png.H, 630)

	// The cards with their links, on a laptop and on a phone.
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(1366, 900)))
	shotElement(ctx, t, "#chart-ladders", "chart-downloads-1366")
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(ts.URL+"/"), waitClient(), chromedp.WaitVisible(`#chart-tenants .chart-downloads`, chromedp.ByQuery)))
	var overflow bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow)))
	assert.False(t, overflow, "no sideways scroll at 390 px")
	shotElement(ctx, t, "#chart-tenants", "chart-downloads-390")

	// The economics and compare cards carry their scenario and miners.
	var econHref, compareHref string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/economics?hashprice_usd_per_ph_day=41"), waitClient(),
		chromedp.WaitVisible(`#econ-chart-power .chart-downloads`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#econ-chart-power a[data-format="png"]').href`, &econHref)))
	assert.Contains(t, econHref, "/api/v1/charts/economics-power.png?")
	assert.Contains(t, econHref, "hashprice_usd_per_ph_day=41")
	shotElement(ctx, t, "#econ-chart-power", "chart-downloads-economics-390")
	require.NoError(t, chromedp.Run(ctx, chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(ts.URL+"/compare?m=terawulf,iren,cipher"), waitClient(),
		chromedp.WaitVisible(`#chart-compare-ladder .chart-downloads`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#chart-compare-ladder a[data-format="svg"]').href`, &compareHref)))
	assert.Contains(t, compareHref, "/api/v1/charts/compare-capacity.svg?m=terawulf%2Ciren%2Ccipher")
	shotElement(ctx, t, ".chart-grid", "chart-downloads-compare-1366")
}

// shotElement saves a screenshot of one element under artifacts/.
func shotElement(ctx context.Context, tb testing.TB, sel, name string) {
	tb.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.Screenshot(sel, &png, chromedp.ByQuery)); err != nil {
		tb.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll("artifacts", 0o755)
	os.WriteFile(filepath.Join("artifacts", name+".png"), png, 0o644)
}
