//go:build !wasm

package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

func TestBrowserDealsExplorer(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var all, count, totals string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Text("#result-count", &all, chromedp.ByID),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		// Filter by tenant through its facet.
		chromedp.Click(`a[data-facet="tenant"][data-value="fluidstack"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[data-facet="tenant"][data-value="fluidstack"].selected`, chromedp.ByQuery),
		chromedp.Text("#result-count", &count, chromedp.ByID),
		chromedp.Text("#totals", &totals, chromedp.ByID),
	))
	require.NotEqual(t, all, count, "the tenant filter must change the count")
	assert.Contains(t, count, " of ")
	var tenants []string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(
		`[...document.querySelectorAll('tbody tr')].map(r => r.textContent)`, &tenants)))
	require.NotEmpty(t, tenants)
	for _, row := range tenants {
		assert.Contains(t, row, "Fluidstack")
	}

	// Add an MW range through the form; the count and totals change again.
	var ranged, rangedTotals, loc string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.SetValue("#f-mw_gte", "200", chromedp.ByID),
		chromedp.SendKeys("#f-mw_gte", " ", chromedp.ByID), // fire an input event
		chromedp.Click(`#deal-filters button[type="submit"]`, chromedp.ByQuery),
		waitURL("mw_gte=200"),
		chromedp.Text("#result-count", &ranged, chromedp.ByID),
		chromedp.Text("#totals", &rangedTotals, chromedp.ByID),
		chromedp.Location(&loc),
	))
	assert.NotEqual(t, count, ranged)
	assert.NotEqual(t, totals, rangedTotals)
	assert.Contains(t, loc, "tenant=fluidstack")

	// Sort by value, descending first.
	var sorted string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`thead a[title="Sort by Value"]`, chromedp.ByQuery),
		waitURL("sort=-value_usd"),
		chromedp.AttributeValue(`th[aria-sort]`, "aria-sort", &sorted, nil, chromedp.ByQuery),
		chromedp.Location(&loc),
	))
	assert.Equal(t, "descending", sorted)
	screenshot(ctx, t, "deals-filtered")

	var noReload bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &noReload)))
	assert.True(t, noReload, "filtering and sorting must not reload the page")

	// The URL holds the whole view: a fresh tab opened on it shows the same rows.
	var firstRows, freshRows []string
	rowsJS := `[...document.querySelectorAll('tbody tr')].map(r => r.dataset.deal)`
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(rowsJS, &firstRows)))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(t, chromedp.Run(tab,
		chromedp.Navigate(loc),
		waitClient(),
		chromedp.Evaluate(rowsJS, &freshRows),
	))
	assert.Equal(t, firstRows, freshRows)

	// Download the CSV of exactly this view (generated in the browser).
	dir := t.TempDir()
	require.NoError(t, chromedp.Run(tab,
		browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).WithDownloadPath(dir),
		chromedp.Click("#csv-download", chromedp.ByID),
	))
	csv := waitFile(t, filepath.Join(dir, "powerbrokers-deals.csv"))
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	assert.Len(t, lines, len(firstRows)+1, "a header plus one line per row of the view")
	assert.Contains(t, lines[0], "value_usd (USD)")
	for _, id := range firstRows {
		assert.Contains(t, csv, id)
	}

	// Open a deal and find its source link.
	var title, source string
	require.NoError(t, chromedp.Run(tab,
		chromedp.Click(`tbody tr a[href^="/deals/"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".sources a", chromedp.ByQuery),
		chromedp.Text("h1", &title, chromedp.ByQuery),
		chromedp.AttributeValue(".sources a", "href", &source, nil, chromedp.ByQuery),
	))
	assert.Contains(t, title, "Fluidstack")
	assert.True(t, strings.HasPrefix(source, "http"), source)
	screenshot(tab, t, "deal-detail")
}

func TestBrowserDealsBadLinkShowsWhy(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var msg string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?mw_gte=lots"),
		waitClient(),
		chromedp.Text("#query-error", &msg, chromedp.ByID),
	))
	assert.Contains(t, msg, "mw_gte")
}

// waitURL waits until the page URL contains s (client-side navigations
// change it without a load event).
func waitURL(s string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var loc string
			if err := chromedp.Location(&loc).Do(ctx); err != nil {
				return err
			}
			if strings.Contains(loc, s) {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// waitFile waits up to 10 s for a downloaded file and returns its content.
func waitFile(t *testing.T, name string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(name); err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no download at %s", name)
	return ""
}

func TestBrowserSitesMap(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var summary, detail string
	var pins int
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/sites"),
		waitClient(),
		chromedp.WaitVisible(`.site-map svg [data-site="childress"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.site-map svg [data-site]').length`, &pins),
		chromedp.Text(".site-map-summary", &summary, chromedp.ByQuery),
	))
	assert.Greater(t, pins, 20, "most sites have a pin")
	assert.Contains(t, summary, "sites")
	screenshot(ctx, t, "sites-map")

	// Filter to one miner: the map keeps only its pins; a pin opens the site.
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`a[data-facet="miner"][data-value="iren"]`, chromedp.ByQuery),
		waitURL("miner=iren"),
		chromedp.WaitNotPresent(`.site-map svg [data-site="lake-mariner"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.site-map svg [data-site]').length`, &pins),
		chromedp.Click(`.site-map svg [data-site="childress"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#site-detail", chromedp.ByID),
		chromedp.Text("#site-detail", &detail, chromedp.ByID),
	))
	assert.Less(t, pins, 10)
	assert.Contains(t, detail, "Childress")
	assert.Contains(t, detail, "Sources")
}

// waitJS waits until the JavaScript expression is true.
func waitJS(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var ok bool
			if err := chromedp.Evaluate(expr, &ok).Do(ctx); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
}

func TestBrowserEmbedDialogPreview(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var snippet string
	var previewRows int
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?tenant=fluidstack"),
		waitClient(),
		chromedp.Click("#embed-dialog-toggle", chromedp.ByID),
		chromedp.WaitVisible("#embed-dialog-code", chromedp.ByID),
		chromedp.Value("#embed-dialog-code", &snippet, chromedp.ByID),
		// The frame's app has started (its client marker) and shows rows.
		waitJS(`(() => { const f = document.getElementById("embed-dialog-preview");
			const d = f && f.contentDocument;
			return !!(d && d.querySelector('[data-client="1"]') && d.querySelectorAll("tbody tr").length > 0); })()`),
		chromedp.Evaluate(`document.getElementById("embed-dialog-preview").contentDocument.querySelectorAll("tbody tr").length`, &previewRows),
	))
	assert.Contains(t, snippet, "<iframe")
	assert.Contains(t, snippet, "/embed/deals?tenant=fluidstack")
	assert.Contains(t, snippet, "embed.js")
	assert.Greater(t, previewRows, 0, "the live preview shows the filtered deals")
	screenshot(ctx, t, "embed-dialog")
}

func TestBrowserProvenanceOnFocus(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var tip, label string
	require.NoError(t, chromedp.Run(ctx,
		// A headless window never has focus, so :focus would not match.
		emulation.SetFocusEmulationEnabled(true),
		chromedp.Navigate(ts.URL+"/deals?tenant=microsoft"),
		waitClient(),
		chromedp.Focus(`tbody tr .prov`, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.activeElement, "::after").content`, &tip),
		chromedp.Evaluate(`document.activeElement.getAttribute("aria-label")`, &label),
	))
	assert.Contains(t, tip, "source:", "focusing a figure shows its sources")
	assert.Contains(t, label, "source:")
}

// The table and the facets are rebuilt as new nodes when the view changes:
// a keyboard user who toggles a facet or sorts a column keeps the focus on
// the same link, not on the page's body.
func TestBrowserKeyboardFilterKeepsFocus(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	focused := func(key string) chromedp.Action {
		return chromedp.Poll(`document.activeElement && document.activeElement.dataset.key === "`+key+`"`, nil,
			chromedp.WithPollingTimeout(10*time.Second))
	}
	var loc string
	var noReload bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Focus(`a[data-key="facet:tenant:fluidstack"]`, chromedp.ByQuery),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(`a[data-facet="tenant"][data-value="fluidstack"].selected`, chromedp.ByQuery),
		focused("facet:tenant:fluidstack"),
		chromedp.Focus(`a[data-key="sort:value_usd"]`, chromedp.ByQuery),
		chromedp.KeyEvent("\r"),
		waitURL("sort=-value_usd"),
		focused("sort:value_usd"),
		chromedp.Location(&loc),
		chromedp.Evaluate(`window.__noReload === true`, &noReload),
	))
	assert.Contains(t, loc, "tenant=fluidstack")
	assert.True(t, noReload, "keyboard navigation stays in the app")
}
