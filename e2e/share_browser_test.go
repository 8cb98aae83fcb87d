//go:build !wasm

package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/server"
)

// apiCitation fetches GET /api/v1/citation for a view URL.
func apiCitation(t *testing.T, base, view string) dataset.Citation {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/citation?url=" + url.QueryEscape(view))
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	var c dataset.Citation
	require.NoError(t, json.Unmarshal(body, &c))
	return c
}

// The Cite control of a filtered view, opened from the keyboard, gives the
// citation the API gives for the same URL: the view's URL with its filters
// and as_of, the revision and the version, at a phone's and a laptop's
// width, without sideways scrolling. An embed cites its full view.
func TestBrowserCiteAFilteredView(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	view := ts.URL + "/deals?miner=iren&as_of=2026-03"
	want := apiCitation(t, ts.URL, view)
	require.Contains(t, want.URL, "/deals?as_of=2026-03&miner=iren")
	require.Contains(t, want.Permalink, "/v/"+itoa(int64(want.Revision))+"/deals?as_of=2026-03&miner=iren", "the latest view's permanent URL")

	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(view), waitClient()))
	for _, width := range []int64{390, 1366} {
		var text, bibtex, csl, status string
		var overflow bool
		require.NoError(t, chromedp.Run(ctx,
			chromedp.EmulateViewport(width, 900),
			chromedp.Focus("#cite-toggle", chromedp.ByQuery),
			chromedp.KeyEvent(kb.Enter),
			chromedp.WaitVisible("#cite-panel", chromedp.ByQuery),
			chromedp.ScrollIntoView("#cite-panel", chromedp.ByQuery),
			chromedp.Value("#cite-text", &text, chromedp.ByQuery),
			chromedp.Value("#cite-bibtex", &bibtex, chromedp.ByQuery),
			chromedp.Value("#cite-csl", &csl, chromedp.ByQuery),
			chromedp.Click("#cite-copy-bibtex", chromedp.ByQuery),
			// The status renders after the click's handler: wait for it.
			chromedp.Poll(`document.querySelector(".cite-status").textContent`, &status,
				chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)),
			chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow),
		), "width %d", width)
		viewportShot(ctx, t, "cite-"+itoa(width))
		assert.Equal(t, want.Text, text, "the text citation at %d px", width)
		assert.Equal(t, want.BibTeX, bibtex, "the BibTeX at %d px", width)
		assert.Equal(t, want.CSL, csl, "the CSL-JSON at %d px", width)
		assert.Contains(t, bibtex, "url = {"+want.URL+"}")
		assert.Contains(t, bibtex, "revision "+itoa(int64(want.Revision))+", version "+want.Version)
		assert.Contains(t, text, string(want.Checked))
		assert.Equal(t, "BibTeX copied.", status)
		assert.False(t, overflow, "no sideways scroll at %d px with the citation open", width)
		// Close it again (Enter on the toggle) for the next width.
		require.NoError(t, chromedp.Run(ctx, chromedp.Focus("#cite-toggle", chromedp.ByQuery), chromedp.KeyEvent(kb.Enter),
			chromedp.WaitNotPresent("#cite-panel", chromedp.ByQuery)))
	}

	// An embed cites its full view, not the frame.
	var embedText string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/embed/deals?miner=iren&theme=dark"), waitEmbed(),
		chromedp.Click("#cite-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#cite-panel", chromedp.ByQuery),
		chromedp.Value("#cite-text", &embedText, chromedp.ByQuery),
	))
	assert.Equal(t, apiCitation(t, ts.URL, ts.URL+"/deals?miner=iren").Text, embedText)

	// A dated version's page cites that revision and its own address.
	var revText string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/v/1/deals?miner=iren"), waitClient(),
		chromedp.Click("#cite-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#cite-panel", chromedp.ByQuery),
		chromedp.Value("#cite-text", &revText, chromedp.ByQuery),
	))
	revCite := apiCitation(t, ts.URL, ts.URL+"/v/1/deals?miner=iren")
	assert.Equal(t, revCite.Text, revText)
	assert.Contains(t, revText, "revision 1,")

	// Hostile, long search text reaches the citation as an escaped URL,
	// never as markup, and the open panel still fits a phone.
	hostile := `"><img src=x onerror=alert(1)><script>alert(2)</script>` + strings.Repeat("ünïcødé-", 40)
	hostileView := ts.URL + "/deals?q=" + url.QueryEscape(hostile)
	var hostileText string
	var injected, overflow bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 900),
		chromedp.Navigate(hostileView), waitClient(),
		chromedp.Click("#cite-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#cite-panel", chromedp.ByQuery),
		chromedp.Value("#cite-text", &hostileText, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#cite-panel img, #cite-panel script").length > 0`, &injected),
		chromedp.Evaluate(`document.documentElement.scrollWidth > document.documentElement.clientWidth`, &overflow),
	))
	viewportShot(ctx, t, "cite-hostile-390")
	assert.Equal(t, apiCitation(t, ts.URL, hostileView).Text, hostileText)
	assert.NotContains(t, hostileText, "<img")
	assert.False(t, injected, "no markup from the URL in the panel")
	assert.False(t, overflow, "a long citation wraps on a phone")
}

// Printed, a filtered view keeps its title, the filters in force, the
// table and the sources, and drops the navigation, the filter panel and
// the controls; the table fits the paper's width.
func TestBrowserPrintAView(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	var shown map[string]string
	var filters string
	var tableFits bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.EmulateViewport(794, 1123), // A4 at 96 dpi
		chromedp.Navigate(ts.URL+"/deals?miner=iren,cipher&cols=announced,miner,tenant,guarantor,type,value_usd,mw,term_years,usd_per_mw_year,status,site,end_user"),
		waitClient(),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`(() => {
			const d = (sel) => { const e = document.querySelector(sel); return e ? getComputedStyle(e).display : "absent"; };
			return {nav: d(".pb-header nav"), panel: d(".filter-panel"), cite: d(".cite"), embed: d(".embed-dialog"),
				csv: d("#csv-download"), filters: d(".print-filters"), table: d(".data-table"), h1: d("h1")};
		})()`, &shown),
		chromedp.Text(".print-filters", &filters, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const t = document.querySelector(".data-table"); return t.getBoundingClientRect().right <= document.documentElement.clientWidth + 1; })()`, &tableFits),
	))
	viewportShot(ctx, t, "print-deals")
	assert.Equal(t, "none", shown["nav"], "navigation")
	assert.Equal(t, "none", shown["panel"], "filter panel")
	assert.Equal(t, "none", shown["cite"], "cite control")
	assert.Equal(t, "none", shown["embed"], "embed control")
	assert.Equal(t, "none", shown["csv"], "CSV button")
	assert.Equal(t, "block", shown["filters"], "filters in force")
	assert.NotEqual(t, "none", shown["table"], "table")
	assert.NotEqual(t, "none", shown["h1"], "title")
	assert.Contains(t, filters, "Filters in force: Miner: iren, cipher")
	assert.True(t, tableFits, "the table is not cut at the right edge")

	// A record's page keeps its sources on paper, each with its address.
	var sources map[string]any
	require.NoError(t, chromedp.Run(ctx,
		emulation.SetEmulatedMedia().WithMedia("screen"),
		chromedp.Navigate(ts.URL+"/miners/iren"), waitClient(),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`(() => {
			const s = document.querySelector(".sources"), a = document.querySelector(".sources a[href^='http']");
			return {display: s ? getComputedStyle(s).display : "absent", after: a ? getComputedStyle(a, "::after").content : "",
				nav: getComputedStyle(document.querySelector(".pb-header nav")).display,
				fits: document.documentElement.scrollWidth <= document.documentElement.clientWidth};
		})()`, &sources),
	))
	assert.NotEqual(t, "none", sources["display"], "the sources are printed")
	assert.Contains(t, sources["after"], "http", "each source's address is printed after it")
	assert.Equal(t, "none", sources["nav"])
	assert.Equal(t, true, sources["fits"], "the miner's page fits the paper's width")

	var pdf []byte
	require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		pdf, _, err = page.PrintToPDF().WithPrintBackground(false).WithPaperWidth(8.27).WithPaperHeight(11.69).Do(ctx)
		return err
	})))
	assert.True(t, strings.HasPrefix(string(pdf), "%PDF-"), "Chromium prints the view to PDF")
	os.MkdirAll("artifacts", 0o755)
	os.WriteFile(filepath.Join("artifacts", "print-miner.pdf"), pdf, 0o644)
}

// viewportShot saves what the viewport shows under artifacts/.
func viewportShot(ctx context.Context, tb testing.TB, name string) {
	tb.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		tb.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll("artifacts", 0o755)
	os.WriteFile(filepath.Join("artifacts", name+".png"), png, 0o644)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
