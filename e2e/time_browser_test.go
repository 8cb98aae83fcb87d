//go:build !wasm

package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// headlineValue reads the overview's first headline figure (contracted
// value, "$102.03B") in billions.
const headlineValue = `(() => {
	const s = document.querySelector('#headline .figure-value')?.textContent || '';
	const m = s.match(/\$([0-9.]+)([BM])/);
	if (!m) return -1;
	return parseFloat(m[1]) * (m[2] === 'M' ? 0.001 : 1);
})()`

// setInput sets an input's value and fires the events go-app listens to.
func setInput(sel, value string) chromedp.Action {
	return chromedp.Evaluate(`(() => {
		const el = document.querySelector(`+strconv.Quote(sel)+`);
		el.value = `+strconv.Quote(value)+`;
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`, nil)
}

func TestBrowserAsOfPastDate(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var now, then float64
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		chromedp.WaitVisible(`#as-of-input`, chromedp.ByID),
		chromedp.Evaluate(headlineValue, &now),
	))
	require.Greater(t, now, 0.0)
	var banner, loc string
	require.NoError(t, chromedp.Run(ctx,
		setInput(`#as-of-input`, "2025-06-30"),
		chromedp.Click(`#as-of-apply`, chromedp.ByID),
		chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
		chromedp.Poll(`location.search.includes('as_of=2025-06-30')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Poll(headlineValue+` > 0 && `+headlineValue+` < `+strconv.FormatFloat(now, 'f', -1, 64), nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(headlineValue, &then),
		chromedp.Text(`#as-of-banner`, &banner, chromedp.ByID),
		chromedp.Location(&loc),
	))
	assert.Less(t, then, now, "fewer deals had been announced by mid-2025")
	assert.Contains(t, banner, "past date: 2025-06-30")
	assert.Contains(t, loc, "as_of=2025-06-30")
	screenshot(ctx, t, "as-of-overview")

	// The date follows the navigation, and the deals explorer counts fewer deals.
	var total string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`nav a[href*="/deals"]`, chromedp.ByQuery),
		chromedp.Poll(`location.pathname === '/deals'`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
		chromedp.Location(&loc),
		chromedp.Evaluate(`document.querySelector('.result-count, #result-count, [data-total]')?.textContent || document.body.innerText.match(/\d+ deals?/)?.[0] || ''`, &total),
	))
	assert.Contains(t, loc, "as_of=2025-06-30")
	t.Logf("deals page at 2025-06-30: %q", total)

	// Back to today's data.
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#as-of-today`, chromedp.ByID),
		chromedp.Poll(`!location.search.includes('as_of') && !document.getElementById('as-of-banner')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
	))
}

func TestBrowserTimelineFilter(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	rowCount := `document.querySelectorAll('#chart-delivery .timeline-table tbody tr').length`
	var all, iren int
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/timeline"),
		waitClient(),
		chromedp.WaitVisible(`#chart-delivery-svg`, chromedp.ByID),
		chromedp.Evaluate(rowCount, &all),
	))
	var res string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(svgShape+`('chart-delivery-svg', 'circle.timeline-mark')`, &res)))
	require.Equal(t, "ok", res)
	require.Greater(t, all, 10)
	var slip int
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('#chart-delivery-svg .timeline-slip, #chart-delivery-svg .timeline-overdue').length`, &slip)))
	assert.Positive(t, slip, "slipped or overdue phases are drawn in their own style")

	var minerNames []string
	require.NoError(t, chromedp.Run(ctx,
		setInput(`#tl-miner`, "iren"),
		chromedp.Poll(`location.search.includes('miner=iren')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Poll(rowCount+` < `+strconv.Itoa(all)+` && `+rowCount+` > 0`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Evaluate(rowCount, &iren),
		chromedp.Evaluate(`[...document.querySelectorAll('#chart-delivery .timeline-table tbody tr td:nth-child(3)')].map(td => td.textContent)`, &minerNames),
	))
	assert.Less(t, iren, all)
	for _, n := range minerNames {
		assert.Equal(t, "IREN Ltd", n)
	}
	var summary, loc string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#tl-due`, chromedp.ByID),
		chromedp.Poll(`location.search.includes('due=90')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Text(`#chart-delivery-summary`, &summary, chromedp.ByID),
		chromedp.Location(&loc),
	))
	assert.Contains(t, loc, "miner=iren", "the filters add up")
	assert.True(t, strings.Contains(summary, "due in the next 90 days") || strings.Contains(summary, "No site phase matches"), summary)
	screenshot(ctx, t, "timeline-filtered")
}

func TestBrowserExposureChainToDeal(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var res, summary string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/exposure"),
		waitClient(),
		chromedp.WaitVisible(`#chart-exposure-svg`, chromedp.ByID),
		chromedp.Evaluate(svgShape+`('chart-exposure-svg', 'path.exposure-link')`, &res),
		chromedp.Text(`#chart-exposure-summary`, &summary, chromedp.ByID),
	))
	require.Equal(t, "ok", res)
	assert.Contains(t, summary, "concentration index (HHI)")
	screenshot(ctx, t, "exposure")

	// Follow the TeraWulf → Fluidstack chain (Google guarantor) to one of its deals.
	var href, title string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#chart-exposure details.chart-table summary`, chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const row = [...document.querySelectorAll('#chart-exposure .exposure-chains tbody tr')]
				.find(tr => tr.textContent.includes('TeraWulf') && tr.textContent.includes('Fluidstack') && tr.textContent.includes('Google'));
			const a = row && row.querySelector('a.chain-deal');
			if (!a) return '';
			a.click();
			return a.getAttribute('href');
		})()`, &href),
	))
	require.NotEmpty(t, href, "a TeraWulf → Fluidstack → Google chain with a deal link")
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Poll(`location.pathname.startsWith('/deals/terawulf-fluidstack')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		waitClient(),
		chromedp.Text(`main h1`, &title, chromedp.ByQuery),
	))
	assert.Contains(t, title, "Fluidstack")

	// The miner's profile has its exposure section.
	var section string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/terawulf"),
		waitClient(),
		chromedp.WaitVisible(`#exposure`, chromedp.ByID),
		chromedp.Text(`#exposure`, &section, chromedp.ByID),
	))
	assert.Contains(t, section, "HHI")
	assert.Contains(t, section, "Fluidstack")
}

// TestBrowserAsOfKeptByLinks follows, at a past date, the links a person
// uses to move between records (a table row, a counterparty, a breadcrumb,
// a chart's table, a timeline row, an exposure chain, a map pin's list):
// each lands on its page still at that date, which the page says.
func TestBrowserAsOfKeptByLinks(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowserFor(t, 240*time.Second) // twelve pages in one tab

	const at = "as_of=2025-12-31"
	// follow clicks the first link matching sel (opening a closed
	// <details> around it) and waits for a new page at the date.
	follow := func(from, sel string) string {
		t.Helper()
		var href, loc, extra string
		err := chromedp.Run(ctx,
			chromedp.Navigate(ts.URL+from),
			waitClient(),
			chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
			waitJS(`!!document.querySelector(`+strconv.Quote(sel)+`)`),
			chromedp.Evaluate(`(() => {
				const a = document.querySelector(`+strconv.Quote(sel)+`);
				for (let d = a.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
				const plain = a.getAttribute('href');
				a.click();
				return plain;
			})()`, &href),
			chromedp.Poll(`location.pathname + location.search !== `+strconv.Quote(from), nil, chromedp.WithPollingTimeout(10*time.Second)),
			waitClient(),
			chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
			chromedp.Location(&loc),
			chromedp.Evaluate(`document.getElementById('unknown-params')?.textContent || ''`, &extra),
		)
		require.NoError(t, err, "%s: %s", from, sel)
		assert.Contains(t, loc, at, "%s: the link %s (%s) keeps the date", from, sel, href)
		assert.Empty(t, extra, "%s: %s", loc, extra)
		return loc
	}

	// Without being pointed at, the page's links show the date: in the
	// table, the header and the facets, and not on API or static links.
	var shown map[string]string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?"+at),
		waitClient(),
		chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
		waitJS(`document.querySelector('table.data-table tbody a[href*="/deals/"]').getAttribute('href').includes('as_of=')`),
		chromedp.Evaluate(`(() => {
			const h = sel => document.querySelector(sel).getAttribute('href');
			return {row: h('table.data-table tbody a[href*="/deals/"]'), nav: h('nav a[href*="/miners"]'),
				facet: h('a[data-facet="miner"]'), csv: h('#csv-download')};
		})()`, &shown),
	))
	assert.Contains(t, shown["row"], at, "a table row's link")
	assert.Contains(t, shown["nav"], at, "the header's link")
	assert.Contains(t, shown["facet"], at, "a facet's link")
	assert.Contains(t, shown["facet"], "miner=", "which keeps its own query")

	deal := follow("/deals?"+at, `table.data-table tbody a[href*="/deals/"]`)
	assert.Contains(t, deal, "/deals/")
	follow("/deals/iren-microsoft-2025-11?"+at, `main a[href*="/counterparties/"]`)
	follow("/deals/iren-microsoft-2025-11?"+at, `nav.breadcrumb a`)
	follow("/miners?"+at, `table.data-table tbody a[href*="/miners/"]`)
	follow("/miners/iren?"+at, `main a[href*="/sites?"][href*="site="]`)
	follow("/counterparties/microsoft?"+at, `main a[href*="/deals/"]`)
	follow("/?"+at, `#main details.chart-table a[href*="/deals/"]`)
	follow("/timeline?"+at, `#chart-delivery .timeline-table a[href*="/miners/"]`)
	follow("/exposure?"+at, `#chart-exposure a.chain-deal`)
	follow("/sites?"+at, `#main a[href*="/sites?"][href*="site="]:not(svg a)`)
	follow("/equity?"+at, `table.data-table tbody a[href*="/equity/"]`)

	// Back to today's data leaves the date, and a link used at the date
	// before it no longer carries it.
	var loc string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?"+at),
		waitClient(),
		chromedp.WaitVisible(`#as-of-banner`, chromedp.ByID),
		chromedp.Evaluate(`(() => { const a = document.querySelector('nav a[href*="/miners"]'); a.dispatchEvent(new PointerEvent('pointerover', {bubbles: true})); return a.getAttribute('href'); })()`, &loc),
	))
	assert.Contains(t, loc, at, "the header's link, once pointed at")
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#as-of-today`, chromedp.ByID),
		chromedp.Poll(`!location.search.includes('as_of') && !document.getElementById('as-of-banner')`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Click(`nav a[href*="/miners"]`, chromedp.ByQuery),
		chromedp.Poll(`location.pathname === '/miners'`, nil, chromedp.WithPollingTimeout(10*time.Second)),
		chromedp.Location(&loc),
	))
	assert.NotContains(t, loc, "as_of")
}
