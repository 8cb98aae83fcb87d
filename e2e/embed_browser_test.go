//go:build !wasm

package e2e

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// serveOn serves h on a new 127.0.0.1 port until the test ends and returns its origin.
func serveOn(tb testing.TB, h http.Handler) string {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	hs := &http.Server{Handler: h}
	go hs.Serve(ln)
	tb.Cleanup(func() { hs.Close() })
	return "http://" + ln.Addr().String()
}

// embedTestLogger discards the server's logs unless the tests run verbose.
func embedTestLogger() *slog.Logger {
	if testing.Verbose() {
		return nil
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// awaitPromise makes chromedp.Evaluate wait for the promise a script returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// waitEmbed waits until the WASM has rendered an embed.
func waitEmbed(opts ...chromedp.QueryOption) chromedp.Action {
	return chromedp.WaitVisible(`#pb-embed[data-client="1"]`, append([]chromedp.QueryOption{chromedp.ByQuery}, opts...)...)
}

// portalPage is a page of another origin that embeds two explorers: one
// that allows the portal to frame it and one that does not.
const portalPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intranet portal</title></head>
<body>
<h1>Intranet portal</h1>
<div id="col" style="width: 900px">
<iframe id="allowed" src="%[1]s/embed/deals?miner=iren&theme=dark" title="Deals" width="100%%" height="150" style="border:0; display:block"></iframe>
<iframe id="refused" src="%[2]s/embed/deals?miner=iren" title="Deals" width="100%%" height="150" style="border:0; display:block"></iframe>
</div>
<script>
window.__msgs = [];
addEventListener("message", (e) => window.__msgs.push({origin: e.origin, type: e.data && e.data.type, height: e.data && e.data.height}));
</script>
<script src="%[1]s/web/embed.js"></script>
</body></html>`

func TestBrowserEmbedInPortal(t *testing.T) {
	requireWASM(t)
	// The portal's origin must be known before the explorer that allows it starts.
	portalLn, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	portal := "http://" + portalLn.Addr().String()
	allowed := startServer(t, server.Config{FrameAncestors: []string{"'self'", portal}})
	refused := startServer(t, server.Config{}) // frame-ancestors 'self'
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, portalPage, allowed.URL, refused.URL)
	})}
	go hs.Serve(portalLn)
	t.Cleanup(func() { hs.Close() })

	ctx := newBrowser(t)
	require.NoError(t, chromedp.Run(ctx, chromedp.Navigate(portal+"/")))

	// The allowed embed boots: the IREN deals only, the dark theme, the link
	// to the full view with the same query.
	var frames []*cdp.Node
	var deals []*cdp.Node
	var theme, open string
	var ok bool
	require.NoError(t, chromedp.Run(ctx, chromedp.Nodes("#allowed", &frames, chromedp.ByID)))
	require.NoError(t, chromedp.Run(ctx,
		waitEmbed(chromedp.FromNode(frames[0])),
		chromedp.WaitVisible(`tr[data-deal]`, chromedp.ByQuery, chromedp.FromNode(frames[0])),
		chromedp.Nodes(`tr[data-deal]`, &deals, chromedp.ByQueryAll, chromedp.FromNode(frames[0])),
		chromedp.AttributeValue(`html`, "data-theme", &theme, &ok, chromedp.ByQuery, chromedp.FromNode(frames[0])),
		chromedp.AttributeValue(`#pb-embed-open`, "href", &open, &ok, chromedp.ByQuery, chromedp.FromNode(frames[0])),
	))
	require.NotEmpty(t, deals)
	for _, d := range deals {
		assert.True(t, strings.HasPrefix(d.AttributeValue("data-deal"), "iren-"), "a deal of another miner: %s", d.AttributeValue("data-deal"))
	}
	assert.Equal(t, "dark", theme)
	assert.Equal(t, "/deals?miner=iren", open)

	// It posts its height and embed.js sizes the frame to its content, from
	// the initial 150px; a narrower column reflows it and the frame follows.
	h1 := frameFits(t, ctx, "allowed", frames[0], 150)
	// Headless Chromium's first capture can miss freshly painted frames: take it twice.
	screenshot(ctx, t, "embed-portal-wide")
	screenshot(ctx, t, "embed-portal-wide")
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("col").style.width = "340px"`, nil)))
	h2 := frameFits(t, ctx, "allowed", frames[0], h1)
	t.Logf("embed height: %dpx at 900px wide, %dpx at 340px", h1, h2)
	screenshot(ctx, t, "embed-portal")

	// A link inside the embed opens Powerbrokers in a new tab; the frame stays.
	opened := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return strings.Contains(info.URL, "/deals/iren-") })
	require.NoError(t, chromedp.Run(ctx, chromedp.Click(`tr[data-deal] th a`, chromedp.ByQuery, chromedp.FromNode(frames[0]))))
	select {
	case <-opened:
	case <-time.After(15 * time.Second):
		t.Fatal("clicking a deal in the embed opened no new tab")
	}
	var framePath string
	require.NoError(t, chromedp.Run(ctx, chromedp.Poll(`location.pathname + location.search`, &framePath, chromedp.WithPollingInFrame(frames[0]))))
	assert.Equal(t, "/embed/deals?miner=iren&theme=dark", framePath, "the link navigated the frame")

	// The explorer that does not list the portal is refused: Chromium swaps
	// the frame's document for an error page, so it never runs the app, never
	// posts a height, and shows no row.
	time.Sleep(2 * time.Second) // the refused frame loaded long ago; give it time to misbehave
	var fromRefused int
	require.NoError(t, chromedp.Run(ctx, chromedp.Evaluate(
		`window.__msgs.filter(m => m.origin === `+jsString(refused.URL)+`).length`, &fromRefused)))
	assert.Zero(t, fromRefused, "the refused embed posted messages")
	var frameURL string
	require.NoError(t, chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		tree, err := page.GetFrameTree().Do(ctx)
		if err != nil {
			return err
		}
		for _, c := range tree.ChildFrames {
			if strings.HasPrefix(c.Frame.URL, refused.URL) || strings.HasPrefix(c.Frame.UnreachableURL, refused.URL) {
				frameURL = c.Frame.URL
			}
			t.Logf("frame %s url=%s unreachable=%s", c.Frame.ID, c.Frame.URL, c.Frame.UnreachableURL)
		}
		return nil
	})))
	assert.True(t, strings.HasPrefix(frameURL, "chrome-error:"), "the refused frame shows %q, not Chromium's error page", frameURL)
	var refusedFrames, refusedRows []*cdp.Node
	var refusedDoc bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`(() => { try { return document.getElementById("refused").contentDocument !== null } catch (e) { return false } })()`, &refusedDoc),
		chromedp.Nodes("#refused", &refusedFrames, chromedp.ByID),
	))
	assert.False(t, refusedDoc, "the portal can read the refused frame's document")
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Nodes(`tr[data-deal], #pb-embed`, &refusedRows, chromedp.ByQueryAll, chromedp.AtLeast(0), chromedp.FromNode(refusedFrames[0])),
	))
	assert.Empty(t, refusedRows, "the refused frame shows the embed")
}

// frameFits waits until the iframe with the given id is as tall as the
// content of the embed inside it, and not old pixels tall, and returns the height.
func frameFits(tb testing.TB, ctx context.Context, id string, frame *cdp.Node, old int) int {
	tb.Helper()
	var inner, outer int
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		err := chromedp.Run(ctx,
			chromedp.Poll(`Math.ceil(document.body.getBoundingClientRect().height)`, &inner, chromedp.WithPollingInFrame(frame)),
			chromedp.Evaluate(`Math.round(document.getElementById(`+jsString(id)+`).getBoundingClientRect().height)`, &outer),
		)
		require.NoError(tb, err)
		if inner == outer && outer != old {
			return outer
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.Fatalf("the frame #%s is %dpx tall; its content %dpx (was %dpx)", id, outer, inner, old)
	return 0
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

func TestBrowserPrefixMount(t *testing.T) {
	requireWASM(t)
	srv, err := server.New(server.Config{DataDir: t.TempDir(), WebDir: "web", BasePath: "/explorer/", Seed: seed.FS, Logger: embedTestLogger()})
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	mux := http.NewServeMux()
	mux.Handle("/explorer/", srv)
	mux.Handle("/explorer", srv)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "the host's own page: the explorer link escaped its prefix", http.StatusNotFound)
	})
	origin := serveOn(t, mux)
	ctx := newBrowser(t)

	var loc, name string
	var marker bool
	var deals []*cdp.Node
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(origin+"/explorer/"),
		waitClient(),
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`nav a[href="/explorer/deals"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`tr[data-deal]`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Nodes(`tr[data-deal]`, &deals, chromedp.ByQueryAll),
	))
	assert.Equal(t, origin+"/explorer/deals", loc)
	assert.Greater(t, len(deals), 10)
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Click(`tr[data-deal] td a[href^="/explorer/miners/"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#miner-name`, chromedp.ByID),
		chromedp.Text(`#miner-name`, &name, chromedp.ByID),
		chromedp.Location(&loc),
		chromedp.Evaluate(`window.__noReload === true`, &marker),
	))
	assert.True(t, strings.HasPrefix(loc, origin+"/explorer/miners/"), loc)
	assert.NotEmpty(t, name)
	assert.True(t, marker, "following links reloaded the page")

	// The API answers under the prefix; the worker's scope and the manifest carry it.
	var status int
	var scope, manifest string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`fetch("/explorer/api/v1/deals/iren-microsoft-2025-11").then(r => r.status)`, &status, awaitPromise),
		chromedp.Poll(`navigator.serviceWorker.getRegistration().then(r => r && r.active ? r.scope : "")`, &scope, chromedp.WithPollingTimeout(30*time.Second)),
		chromedp.Evaluate(`document.querySelector('link[rel="manifest"]').getAttribute("href")`, &manifest),
	))
	assert.Equal(t, 200, status)
	assert.Equal(t, origin+"/explorer/", scope)
	assert.Equal(t, "/explorer/manifest.webmanifest", manifest)

	// A reload of the deep link stays inside the explorer, and so does an embed.
	var open string
	var ok bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Reload(),
		waitClient(),
		chromedp.WaitVisible(`#miner-name`, chromedp.ByID),
		chromedp.Navigate(origin+"/explorer/embed/deals?miner=iren"),
		waitEmbed(),
		chromedp.WaitVisible(`tr[data-deal^="iren-"]`, chromedp.ByQuery),
		chromedp.AttributeValue(`#pb-embed-open`, "href", &open, &ok, chromedp.ByID),
	))
	assert.Equal(t, "/explorer/deals?miner=iren", open)
	screenshot(ctx, t, "prefix-embed")
}

func TestBrowserStaticCopy(t *testing.T) {
	requireWASM(t)
	for _, tt := range []struct{ name, base string }{{"root", ""}, {"prefix", "/mirror/"}} {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "site")
			n, err := server.WriteStatic(server.StaticConfig{Dir: dir, BasePath: tt.base, WebDir: "web", Seed: seed.FS})
			require.NoError(t, err)
			assert.Greater(t, n, 50, "pages written")
			for _, f := range []string{"index.html", "404.html", "deals.html", "miners/iren.html", "deals/iren-microsoft-2025-11.html",
				"embed/deals.html", "embed/miner/iren.html", "app.js", "app-worker.js", "manifest.webmanifest", "wasm_exec.js",
				"web/app.wasm", "web/wasm-worker.js", "web/app.css", "web/embed.js", "api/v1/snapshot"} {
				assert.FileExists(t, filepath.Join(dir, f))
			}
			// 404.html is the app's not-found page, prerendered, for a static
			// host to serve at unknown paths; counterparty pages are crawled.
			nf, err := os.ReadFile(filepath.Join(dir, "404.html"))
			require.NoError(t, err)
			assert.Contains(t, string(nf), "Page not found")
			assert.FileExists(t, filepath.Join(dir, "counterparties", "microsoft.html"))

			prefix := strings.TrimRight(tt.base, "/")
			var h http.Handler = http.FileServer(http.Dir(dir))
			if prefix != "" {
				h = http.StripPrefix(prefix, h)
			}
			origin := serveOn(t, h)
			ctx := newBrowser(t)
			var deals []*cdp.Node
			var loc, asOf string
			var start wasmStart
			require.NoError(t, chromedp.Run(ctx,
				chromedp.Navigate(origin+prefix+"/"),
				waitClient(),
				chromedp.Evaluate(readWASMStart, &start),
				chromedp.Click(`nav a[href="`+prefix+`/deals"]`, chromedp.ByQuery),
				chromedp.WaitVisible(`tr[data-deal]`, chromedp.ByQuery),
				chromedp.Nodes(`tr[data-deal]`, &deals, chromedp.ByQueryAll),
				chromedp.Location(&loc),
				chromedp.Text(`.as-of`, &asOf, chromedp.ByQuery),
			))
			assert.Equal(t, origin+prefix+"/deals", loc)
			assert.Equal(t, wasmStart{PageFetches: 0, Worker: true, Warmed: "done mounted", Data: "worker"}, start,
				"the static copy compiles the WASM in its worker too, and warms it up there with its snapshot")
			assert.Greater(t, len(deals), 10)
			assert.Contains(t, asOf, "Latest data: ")
			screenshot(ctx, t, "static-"+tt.name)
		})
	}
}
