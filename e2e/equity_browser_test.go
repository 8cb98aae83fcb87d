//go:build !wasm

package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// TestBrowserEquityByHolderOpensDeal filters the equity table by holder
// through its facet, checks every row is the holder's, opens the deal a
// warrant came with and finds the deal's terms with their sources.
func TestBrowserEquityByHolderOpensDeal(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var all, count, totals string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/equity"),
		waitClient(),
		chromedp.Text("#result-count", &all, chromedp.ByID),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`a[data-facet="holder"][data-value="google"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[data-facet="holder"][data-value="google"].selected`, chromedp.ByQuery),
		waitURL("holder=google"),
		chromedp.Text("#result-count", &count, chromedp.ByID),
		chromedp.Text("#totals", &totals, chromedp.ByID),
	))
	assert.Contains(t, all, "of 9 equity records")
	assert.Contains(t, count, "3 of 9")
	// Shares add up per issuer, never across miners.
	assert.Contains(t, totals, "TeraWulf: 73,580,000 in 2 records", "the Google warrants' shares, per issuer")
	assert.Contains(t, totals, "Cipher Digital: 24,178,576 in 1 record;")
	assert.NotContains(t, totals, "97,758,576", "TeraWulf's and Cipher's shares do not add up")
	var rows []string
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(
		`[...document.querySelectorAll('tbody tr')].map(r => r.dataset.equity + ' ' + r.textContent)`, &rows)))
	require.Len(t, rows, 3)
	for _, r := range rows {
		assert.Contains(t, r, "Google")
		assert.Contains(t, r, "warrant")
	}
	var noReload bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &noReload)))
	assert.True(t, noReload, "filtering must not reload the page")
	screenshot(ctx, t, "equity-google")

	// Open the deal the Cipher warrant came with.
	var title, terms, source string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`tr[data-equity="cipher-google-warrant-2025-09"] a[href$="/deals/cipher-fluidstack-2025-09"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#deal-terms", chromedp.ByID),
		chromedp.Text("h1", &title, chromedp.ByQuery),
		chromedp.Text("#deal-terms", &terms, chromedp.ByID),
		chromedp.AttributeValue("#deal-terms .sources a", "href", &source, nil, chromedp.ByQuery),
	))
	assert.Contains(t, title, "Fluidstack")
	assert.Contains(t, terms, "modified-gross")
	assert.Contains(t, terms, "2 × 5 years")
	assert.Contains(t, terms, "Google", "the warrant is listed with the deal")
	assert.Contains(t, terms, "senior-secured-notes", "so are the notes that fund it")
	assert.Regexp(t, `^https?://`, source)
	screenshot(ctx, t, "deal-terms")
}
