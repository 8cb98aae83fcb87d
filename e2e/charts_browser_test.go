//go:build !wasm

package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// requireStylesheet checks that the page applies web/NAME, so the
// screenshots show the page as designed: the page carries the app's
// stylesheets inline (server/styles.go), each after a comment naming its
// file, and a sheet the CSP refused would have no rules.
func requireStylesheet(ctx context.Context, t *testing.T, name string) {
	t.Helper()
	require.NoError(t, chromedp.Run(ctx, chromedp.Poll(
		`(() => { const s = document.getElementById('pb-styles'); return !!s && !!s.sheet && s.sheet.cssRules.length > 100 && s.textContent.includes('/* `+name+` */'); })()`, nil)))
}

// svgShape reports whether the chart's SVG is in the SVG namespace and has
// at least one drawn shape (sel) with a non-empty box: proof it renders.
const svgShape = `((id, sel) => {
	const svg = document.getElementById(id);
	if (!svg || svg.namespaceURI !== 'http://www.w3.org/2000/svg') return 'no svg ' + id;
	const shapes = [...svg.querySelectorAll(sel)];
	if (shapes.length === 0) return 'no ' + sel + ' in ' + id;
	const b = shapes[0].getBBox();
	if (!(b.width > 0 || b.height > 0)) return 'empty box in ' + id;
	const r = svg.getBoundingClientRect();
	if (r.width < 100 || r.height < 50) return 'svg too small ' + r.width + 'x' + r.height;
	return 'ok';
})`

func TestBrowserOverviewCharts(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		chromedp.WaitVisible(`#chart-cumulative-svg`, chromedp.ByID),
	))
	requireStylesheet(ctx, t, "charts.css")
	for _, c := range []struct{ id, sel string }{
		{"chart-cumulative-svg", "path.chart-line"},
		{"chart-tenants-svg", "rect.c-bar"},
		{"chart-types-svg", "rect.c-bar"},
		{"chart-capacity-svg", "rect.c-energized"},
		{"chart-contracted-svg", "rect.c-uncontracted"},
		{"chart-recon-value-svg", "rect.c-ours"},
	} {
		var res string
		require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(svgShape+`('`+c.id+`', '`+c.sel+`')`, &res)))
		require.Equal(t, "ok", res, c.id)
	}

	// The data table behind a chart opens from its "Show as table" toggle.
	var table string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#chart-tenants details.chart-table > summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`#chart-tenants table`, chromedp.ByQuery),
		chromedp.Text(`#chart-tenants table`, &table, chromedp.ByQuery),
	))
	require.Contains(t, table, "Microsoft")

	var summary, recon string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Text(`#chart-cumulative-summary`, &summary, chromedp.ByID),
		chromedp.Text(`#reconciliation`, &recon, chromedp.ByID),
	))
	require.Contains(t, summary, "contracted value rose to")
	require.Contains(t, recon, "Bernstein")
	screenshot(ctx, t, "charts-overview")
}

func TestBrowserMinersSortAndProfile(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var sorted, location string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners"),
		waitClient(),
		chromedp.WaitVisible(`tr[data-miner="iren"] a`, chromedp.ByQuery),
	))
	requireStylesheet(ctx, t, "charts.css")
	screenshot(ctx, t, "charts-miners")
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`a[data-key="sort:total_mw"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`th[aria-sort="descending"] a[data-key="sort:total_mw"]`, chromedp.ByQuery),
		chromedp.Location(&location),
		chromedp.Text(`#result-count`, &sorted, chromedp.ByID),
	))
	require.True(t, strings.HasSuffix(location, "/miners?sort=-total_mw"), location)
	require.Contains(t, sorted, "sorted by Total (descending)")

	var res string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/iren"),
		waitClient(),
		chromedp.WaitVisible(`#chart-ladder-svg`, chromedp.ByID),
		chromedp.Evaluate(svgShape+`('chart-ladder-svg', 'rect.c-energized')`, &res),
	))
	require.Equal(t, "ok", res)
	requireStylesheet(ctx, t, "charts.css")
	screenshot(ctx, t, "charts-miner-iren")
}

func TestBrowserCompareThree(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	// From a miner profile, "Compare with…", then pick two more.
	var location string
	var cols []string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/iren"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`#compare-with`, chromedp.ByID),
		chromedp.WaitVisible(`#compare-picker`, chromedp.ByID),
		chromedp.WaitVisible(`#compare-table th[data-miner="iren"]`, chromedp.ByQuery),
		chromedp.Click(`#pick-cipher`, chromedp.ByID),
		chromedp.WaitVisible(`#compare-table th[data-miner="cipher"]`, chromedp.ByQuery),
		chromedp.Click(`#pick-hut8`, chromedp.ByID),
		chromedp.WaitVisible(`#compare-table th[data-miner="hut8"]`, chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('#compare-table thead th[data-miner]')].map(th => th.dataset.miner)`, &cols),
		chromedp.Location(&location),
	))
	require.Equal(t, []string{"iren", "cipher", "hut8"}, cols)
	require.True(t, strings.HasSuffix(location, "/compare?m=iren,cipher,hut8"), location)
	var marker bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &marker)))
	require.True(t, marker, "the picker reloaded the page")

	// The URL alone opens the same view.
	var res string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/compare?m=iren,cipher,hut8"),
		waitClient(),
		chromedp.WaitVisible(`#compare-table`, chromedp.ByID),
		chromedp.Evaluate(`[...document.querySelectorAll('#compare-table thead th[data-miner]')].map(th => th.dataset.miner)`, &cols),
		chromedp.Evaluate(svgShape+`('chart-compare-ladder-svg', 'rect.c-energized')`, &res),
	))
	require.Equal(t, []string{"iren", "cipher", "hut8"}, cols)
	require.Equal(t, "ok", res)
	requireStylesheet(ctx, t, "charts.css")
	screenshot(ctx, t, "charts-compare")
}

func TestBrowserMinerWhatIf(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var before, after string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/cipher"),
		waitClient(),
		chromedp.WaitVisible("#whatif-verdict", chromedp.ByID),
		chromedp.Text("#whatif-verdict", &before, chromedp.ByID),
		chromedp.Evaluate(`(() => { const el = document.getElementById("whatif-rate");
			el.value = "4000000"; el.dispatchEvent(new Event("input", {bubbles: true})); })()`, nil),
		chromedp.Sleep(500*time.Millisecond),
		chromedp.Text("#whatif-verdict", &after, chromedp.ByID),
	))
	require.NotEmpty(t, before)
	require.NotEqual(t, before, after, "a higher lease rate must change the what-if")
}
