//go:build !wasm

package e2e

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
	"powerbrokers/internal/hostile"
	"powerbrokers/server"
)

// injectedJS lists what the page's DOM holds that a payload made: an
// element or attribute marked data-pbx, an event handler attribute, a
// javascript: URL, a <meta http-equiv> other than the CSP, a <base>, and
// whether a payload's script ran (window.__pbx).
const injectedJS = `(() => {
  const bad = [];
  if (window.__pbx) bad.push("a payload's script ran");
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      const n = a.name.toLowerCase();
      if (n === "data-pbx") bad.push("<" + e.localName + " data-pbx>");
      else if (n.startsWith("on")) bad.push("<" + e.localName + " " + n + ">");
      else if (urlAttrs.includes(n) && /^\s*javascript:/i.test(a.value)) bad.push("<" + e.localName + " " + n + "=javascript:>");
    }
    if (e.localName === "meta" && e.httpEquiv && e.httpEquiv.toLowerCase() !== "content-security-policy") bad.push("<meta http-equiv=" + e.httpEquiv + ">");
    if (e.localName === "base") bad.push("<base>");
  }
  return bad;
})()`

// probeJS checks that the CSP is bypassed: an inline handler must run, or
// a page without injected scripts would prove nothing.
const probeJS = `new Promise((ok) => {
  const img = document.createElement("img");
  img.setAttribute("onerror", "window.__probe = 1");
  img.src = "data:,x";
  document.body.appendChild(img);
  setTimeout(() => { img.remove(); ok(window.__probe === 1); }, 200);
})`

// checkInBrowser opens url with the CSP bypassed and fails the test for
// anything a payload made in the DOM, before the app starts and after it
// has rendered, and for a navigation away (a refresh).
func checkInBrowser(t *testing.T, ctx context.Context, target string, embed bool) {
	t.Helper()
	wait := waitClient()
	if embed {
		wait = waitEmbed()
	}
	var prerendered, rendered []string
	var loc string
	var probed bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.ActionFunc(func(ctx context.Context) error { return page.SetBypassCSP(true).Do(ctx) }),
		chromedp.Navigate(target),
		chromedp.Evaluate(injectedJS, &prerendered),
		wait,
		chromedp.Evaluate(injectedJS, &rendered),
		evalAsync(probeJS, &probed),
		chromedp.Evaluate(injectedJS, &rendered),
		chromedp.Location(&loc),
	), target)
	assert.True(t, probed, "%s: inline handlers do not run: the CSP is not bypassed", target)
	assert.Empty(t, prerendered, "%s: prerendered page", target)
	assert.Empty(t, rendered, "%s: after the app rendered", target)
	// The page may rewrite its query (the calculator fills in its
	// defaults), but a refresh would have left for another origin or page.
	want, _ := url.Parse(target)
	got, err := url.Parse(loc)
	require.NoError(t, err)
	assert.Equal(t, want.Host+want.Path, got.Host+got.Path, "%s navigated away to %s", target, loc)
}

// TestNoInjectedMarkupInTheBrowser opens every page kind in Chromium with
// the CSP bypassed (so a payload would run): with the payloads in the query
// parameters pages echo, with a payload in every text field of a deal, a
// miner and a site, and in the static copy of that data.
func TestNoInjectedMarkupInTheBrowser(t *testing.T) {
	requireWASM(t)
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	filled := hostile.Fill(d)
	require.Greater(t, len(filled), 40)
	dataDir := t.TempDir()
	st, err := server.Open(dataDir, quietLog())
	require.NoError(t, err)
	require.NoError(t, st.Replace(d, "test", "import"))
	require.NoError(t, st.Close())
	ts := startServer(t, server.Config{DataDir: dataDir})
	ctx := newBrowser(t)
	deal, miner := d.Deals[0].ID, d.Miners[0].ID

	pages := 0
	for _, tt := range []struct {
		path  string
		embed bool
	}{
		// the payloads, all at once, in parameters that pages show
		{"/deals?" + url.Values{"q": {hostile.Combined}}.Encode(), false},
		{"/sites?" + url.Values{"q": {hostile.Combined}}.Encode(), false},

		{"/economics?" + url.Values{"hashprice_usd_per_ph_day": {hostile.Combined}, "deal": {hostile.Combined}}.Encode(), false},
		{"/compare?" + url.Values{"m": {hostile.Combined}}.Encode(), false},
		{"/embed/deals?" + url.Values{"q": {hostile.Combined}, "theme": {hostile.Combined}}.Encode(), true},
		// the records with a payload in every text field
		{"/", false}, {"/deals/" + deal, false}, {"/miners/" + miner, false},
		{"/sites", false}, {"/compare?m=" + miner, false}, {"/economics?deal=" + deal, false},
		{"/embed/miner/" + miner, true}, {"/embed/map", true},
	} {
		checkInBrowser(t, ctx, ts.URL+tt.path, tt.embed)
		pages++
	}

	// The static copy of the same data, served as a static host would.
	ts.Stop()
	dir := filepath.Join(t.TempDir(), "site")
	_, err = server.WriteStatic(server.StaticConfig{Dir: dir, WebDir: "web", DataDir: dataDir})
	require.NoError(t, err)
	origin := serveOn(t, http.FileServer(htmlDir{http.Dir(dir)}))
	ctx = newBrowser(t) // a browser's time is bounded: a second one for the copy
	for _, p := range []string{"/deals/" + deal, "/miners/" + miner} {
		checkInBrowser(t, ctx, origin+p, false)
		pages++
	}
	t.Logf("%d pages in Chromium with the CSP bypassed: %d payloads in the query, %d text fields with a payload; nothing injected",
		pages, len(hostile.Payloads), len(filled))
}

// htmlDir serves DIR/<path>.html for /<path>, as `try_files $uri $uri.html` does.
type htmlDir struct{ http.Dir }

func (d htmlDir) Open(name string) (http.File, error) {
	if name != "/" {
		if f, err := d.Dir.Open(strings.TrimSuffix(name, "/") + ".html"); err == nil {
			return f, nil
		}
	}
	return d.Dir.Open(name)
}
