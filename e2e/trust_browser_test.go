//go:build !wasm

package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// TestBrowserGradesAndOverdueMilestones drives the real app in Chromium:
// the grade facet filters the deals explorer to the deals the API grades
// primary, and an overdue milestone is flagged on its site, with the
// record's grade and checked-on date beside its sources.
func TestBrowserGradesAndOverdueMilestones(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	// What the API says: the primary-graded deals and an overdue milestone.
	var deals struct {
		Rows []struct {
			ID    string `json:"id"`
			Grade string `json:"grade"`
		} `json:"rows"`
	}
	getJSON(t, ts.URL+"/api/v1/deals?grade=primary&size=max", &deals)
	require.NotEmpty(t, deals.Rows)
	var want []string
	for _, d := range deals.Rows {
		assert.Equal(t, "primary", d.Grade)
		want = append(want, d.ID)
	}
	var overdue struct {
		Rows []struct {
			ID, Site, Miner string
		} `json:"rows"`
	}
	getJSON(t, ts.URL+"/api/v1/milestones?overdue=true&sort=site&size=max", &overdue)
	require.NotEmpty(t, overdue.Rows, "the seed has guided milestones past their date")
	ms := overdue.Rows[0]

	// The grade facet filters the deals explorer, in the browser.
	var all, count string
	var got []string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals?size=max"),
		waitClient(),
		chromedp.Text("#result-count", &all, chromedp.ByID),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`a[data-facet="grade"][data-value="primary"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`a[data-facet="grade"][data-value="primary"].selected`, chromedp.ByQuery),
		chromedp.Text("#result-count", &count, chromedp.ByID),
		chromedp.Evaluate(`[...document.querySelectorAll('tbody tr')].map(r => r.dataset.deal)`, &got),
	))
	assert.NotEqual(t, all, count, "the grade filter must change the count")
	slices.Sort(got)
	slices.Sort(want)
	assert.Equal(t, want, got, "the browser's filter keeps exactly the deals the API grades primary")
	var noReload bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`window.__noReload === true`, &noReload)))
	assert.True(t, noReload, "filtering must not reload the page")
	screenshot(ctx, t, "deals-grade-primary")

	// The site's detail flags the overdue milestone.
	var flag, trust string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/sites?site="+ms.Site),
		waitClient(),
		chromedp.WaitVisible(`#site-detail tr[data-milestone="`+ms.ID+`"] .overdue-flag`, chromedp.ByQuery),
		chromedp.Text(`#site-detail tr[data-milestone="`+ms.ID+`"] .overdue-flag`, &flag, chromedp.ByQuery),
		chromedp.Text(`#site-detail .trust`, &trust, chromedp.ByQuery),
	))
	assert.Regexp(t, `^overdue by \d+ days$`, flag)
	assert.Contains(t, trust, "checked on ")
	assert.Contains(t, trust, "Grade: ")
	screenshot(ctx, t, "site-overdue-milestone")

	// Its miner's page, the overview, the deal page and the tooltips are
	// checked on the prerender (app/trust_test.go), which the app renders the same.
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode, "GET %s: %s", url, b)
	require.NoError(t, json.Unmarshal(b, v), url)
}
