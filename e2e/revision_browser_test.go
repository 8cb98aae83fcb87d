//go:build !wasm

package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// setDealMW sets a deal's MW through the curated write API (a new
// revision) and returns the MW it had.
func setDealMW(tb testing.TB, base, token, id string, mw float64) float64 {
	tb.Helper()
	res, err := http.Get(base + "/api/v1/deals/" + id)
	require.NoError(tb, err)
	defer res.Body.Close()
	var deal map[string]any
	require.NoError(tb, json.NewDecoder(res.Body).Decode(&deal))
	old, _ := deal["mw"].(float64)
	deal["mw"] = mw
	body, err := json.Marshal(deal)
	require.NoError(tb, err)
	req, err := http.NewRequest(http.MethodPut, base+"/api/v1/deals/"+id, bytes.NewReader(body))
	require.NoError(tb, err)
	req.Header.Set("Authorization", "Bearer "+token)
	put, err := http.DefaultClient.Do(req)
	require.NoError(tb, err)
	defer put.Body.Close()
	msg, _ := io.ReadAll(put.Body)
	require.Equal(tb, http.StatusOK, put.StatusCode, "PUT /api/v1/deals/%s: %s", id, msg)
	return old
}

// TestBrowserOldRevisionAfterAWrite: after a write changed a deal, the
// deal's page at /v/1/ still shows the old figure, with the banner; its
// links stay in revision 1 (client-side), the banner's link leaves it for
// the same view in the latest data (a new document), and the latest
// offline copy is not replaced by the revision.
func TestBrowserOldRevisionAfterAWrite(t *testing.T) {
	requireWASM(t)
	const token = "revision-test-token-0123"
	const id = "iren-microsoft-2025-11"
	ts := startServer(t, server.Config{WriteToken: token})
	ctx := newBrowser(t)

	var latest dataRevision
	getJSON(t, ts.URL+"/api/v1/revisions?limit=1", &latest)
	require.Len(t, latest.Revisions, 1)
	oldRev := latest.Revisions[0].Revision
	old := setDealMW(t, ts.URL, token, id, 321)
	require.NotEqual(t, 321.0, old)
	oldMW := fmt.Sprintf("%g MW", old)
	// The latest data first: the app saves its offline copy.
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(ts.URL+"/deals/"+id), waitClient(), waitWorker()))

	var mw, banner string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/v/%d/deals/%s", ts.URL, oldRev, id)),
		waitClient(),
		chromedp.Text(`[data-col="mw"] .figure-value`, &mw, chromedp.ByQuery),
		chromedp.Text(`#revision-banner`, &banner, chromedp.ByID),
	))
	assert.Contains(t, mw, oldMW, "revision %d shows the MW before the write", oldRev)
	assert.NotContains(t, mw, "321")
	assert.Contains(t, banner, fmt.Sprintf("You are viewing revision %d of %s; the latest is %d", oldRev, time.Now().UTC().Format("2006-01-02"), oldRev+1))
	screenshot(ctx, t, "revision-deal")

	// In-app links keep the revision and navigate client-side.
	var links []string
	var same bool
	var loc string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`window.__sameDocument = true`, nil),
		chromedp.Evaluate(`[...document.querySelectorAll("nav a, .breadcrumb a, a.pb-brand")].map((a) => a.getAttribute("href"))`, &links),
		chromedp.Click(`.breadcrumb a`, chromedp.ByQuery),
		waitURL(fmt.Sprintf("/v/%d/deals", oldRev)),
		chromedp.WaitVisible(`#revision-banner`, chromedp.ByID),
		chromedp.Evaluate(`window.__sameDocument === true`, &same),
		chromedp.Location(&loc),
	))
	require.NotEmpty(t, links)
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, fmt.Sprintf("/v/%d/", oldRev)), "link %s leaves the revision", l)
	}
	assert.True(t, same, "a link inside the revision reloaded the page")
	var table string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.WaitVisible(fmt.Sprintf(`a[href="/v/%d/deals/%s"]`, oldRev, id), chromedp.ByQuery),
		chromedp.Text(`#main`, &table, chromedp.ByQuery),
	))
	assert.NotContains(t, table, "321 MW", "the revision's list shows its own data")

	// The banner's link loads the same view in the latest data.
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`#revision-latest`, chromedp.ByID),
		waitURL("/deals"),
		chromedp.Poll(`window.__sameDocument !== true`, nil, chromedp.WithPollingTimeout(15*time.Second)),
		waitClient(),
		chromedp.Location(&loc),
	))
	assert.NotContains(t, loc, "/v/")
	var hidden bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals/"+id),
		waitClient(),
		chromedp.Text(`[data-col="mw"] .figure-value`, &mw, chromedp.ByQuery),
		chromedp.Evaluate(`getComputedStyle(document.getElementById("revision-banner")).display === "none"`, &hidden),
	))
	assert.True(t, hidden, "no banner on the latest data")

	// The offline copy of the latest data was not replaced by revision 1,
	// and no copy of revision 1 joined it; the worker keeps revision 1's
	// snapshot in its own cache.
	var copyRev int
	var dataKeys, revisionKeys []string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`caches.match("/offline-copy/snapshot", {cacheName: "powerbrokers-data"}).
			then((r) => r ? r.json() : null).then((d) => d && d.revision ? d.revision.revision : 0)`, &copyRev, awaitPromise),
		chromedp.Evaluate(`caches.open("powerbrokers-data").then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname))`, &dataKeys, awaitPromise),
		chromedp.Evaluate(`caches.open("powerbrokers-revisions").then((c) => c.keys()).then((ks) => ks.map((k) => new URL(k.url).pathname))`, &revisionKeys, awaitPromise),
	))
	assert.Equal(t, oldRev+1, copyRev, "the offline copy holds the latest revision")
	for _, k := range dataKeys {
		assert.NotContains(t, k, "/v/", "the data cache holds a revision")
	}
	assert.Contains(t, revisionKeys, fmt.Sprintf("/v/%d/api/v1/snapshot", oldRev))

	// The embed of revision 1: the compact banner.
	var compact string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(fmt.Sprintf("%s/v/%d/embed/deals?miner=iren", ts.URL, oldRev)),
		waitEmbed(),
		chromedp.Text(`#revision-banner.revision-compact`, &compact, chromedp.ByQuery),
	))
	assert.Contains(t, compact, fmt.Sprintf("Revision %d of", oldRev))
	screenshot(ctx, t, "revision-embed")
}

// TestBrowserRevisionScreens shows a revision's pages at a phone's and a
// laptop's width, for a person to look at: the banner fits, nothing
// scrolls sideways.
func TestBrowserRevisionScreens(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	for _, w := range []int64{390, 1366} {
		for _, p := range []string{"/v/1/deals/iren-microsoft-2025-11", "/v/1/deals?miner=iren", "/v/99/deals"} {
			var overflow bool
			require.NoError(t, chromedp.Run(ctx,
				chromedp.EmulateViewport(w, 900),
				chromedp.Navigate(ts.URL+p),
				waitClient(),
				chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow),
			))
			assert.False(t, overflow, "%s scrolls sideways at %d px", p, w)
			name := strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(strings.Trim(p, "/"))
			screenshot(ctx, t, fmt.Sprintf("revision-%s-%d", name, w))
		}
	}
	var title string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/v/99/deals"),
		waitClient(),
		chromedp.Text(`#not-found h1`, &title, chromedp.ByQuery),
	))
	assert.Equal(t, "Revision not found", title)
}

type dataRevision struct {
	Revisions []struct {
		Revision int `json:"revision"`
	} `json:"revisions"`
}

// TestBrowserRevisionUnderABasePath: under a base path, a revision's links
// keep both the base path and the revision, and its data loads.
func TestBrowserRevisionUnderABasePath(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{BasePath: "/explorer"})
	ctx := newBrowser(t)
	var links []string
	var same bool
	var loc, banner string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/explorer/v/1/deals?miner=iren"),
		waitClient(),
		chromedp.Text(`#revision-banner`, &banner, chromedp.ByID),
		chromedp.Evaluate(`[...document.querySelectorAll("nav a, tr[data-deal] a")].map((a) => a.getAttribute("href"))`, &links),
		chromedp.Evaluate(`window.__sameDocument = true`, nil),
		chromedp.Click(`tr[data-deal] td a[href^="/explorer/v/1/miners/"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#miner-name`, chromedp.ByID),
		chromedp.Location(&loc),
		chromedp.Evaluate(`window.__sameDocument === true`, &same),
	))
	assert.Contains(t, banner, "You are viewing revision 1 of")
	require.NotEmpty(t, links)
	for _, l := range links {
		assert.True(t, strings.HasPrefix(l, "/explorer/v/1/"), "link %s", l)
	}
	assert.True(t, strings.HasPrefix(loc, ts.URL+"/explorer/v/1/miners/"), loc)
	assert.True(t, same, "a link inside the revision reloaded the page")
}
