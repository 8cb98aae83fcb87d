//go:build !wasm

package e2e

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// wasmStart is how the page's WASM was compiled: by the worker of
// web/wasm-start.js (the page itself never fetches the WASM then), early (on
// a repeat visit, before app.js asked) or not; how the worker's warm-up went
// ("" when there was none); and where the start-up's data came from.
type wasmStart struct {
	PageFetches int    `json:"pageFetches"`
	Worker      bool   `json:"worker"`
	Early       bool   `json:"early"`
	Warmed      string `json:"warmed"`
	Data        string `json:"data"`
}

const readWASMStart = `(() => {
	const mark = performance.getEntriesByName("pb-wasm-compile")[0];
	const compiled = performance.getEntriesByName("pb-wasm-compiled")[0];
	const data = performance.getEntriesByName("pb-data")[0];
	return {
		pageFetches: performance.getEntriesByType("resource").filter((e) => e.name.includes("/web/app.wasm")).length,
		worker: !!mark,
		early: !!(mark && mark.detail && mark.detail.early),
		warmed: (compiled && compiled.detail && compiled.detail.warmed && compiled.detail.warmed.status + " " + compiled.detail.warmed.reached) || "",
		data: (data && data.detail) || "",
	};
})()`

// consoleWarnings collects the tab's console warnings.
func consoleWarnings(ctx context.Context) func() []string {
	var mu sync.Mutex
	var out []string
	chromedp.ListenTarget(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventConsoleAPICalled); ok && e.Type == runtime.APITypeWarning {
			var parts []string
			for _, a := range e.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			mu.Lock()
			out = append(out, strings.Join(parts, " "))
			mu.Unlock()
		}
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), out...)
	}
}

// The WASM is compiled in a worker, off the page's main thread: on a first
// visit once the page has painted, on a repeat visit from the page's head
// while the page loads, and offline from the service worker's copy.
func TestWASMCompiledInAWorker(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	warnings := consoleWarnings(ctx)

	var first wasmStart
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/deals"),
		waitClient(),
		chromedp.Evaluate(readWASMStart, &first),
		waitWorker(),
	))
	assert.Equal(t, wasmStart{PageFetches: 0, Worker: true, Early: false, Warmed: "done mounted", Data: "worker"}, first,
		"first visit: the worker warms the module up with the snapshot it hands over")

	var again wasmStart
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/iren"),
		waitClient(),
		chromedp.Evaluate(readWASMStart, &again),
	))
	assert.Equal(t, wasmStart{PageFetches: 0, Worker: true, Early: true, Data: "cache"}, again, "repeat visit, under the service worker: no warm-up")

	ts.Stop()
	var offline wasmStart
	var name string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/iren"),
		waitClient(),
		chromedp.WaitVisible(`#offline-banner`, chromedp.ByID),
		chromedp.Text(`#miner-name`, &name, chromedp.ByID),
		chromedp.Evaluate(readWASMStart, &offline),
	))
	assert.Equal(t, "IREN Ltd", name)
	assert.Equal(t, wasmStart{PageFetches: 0, Worker: true, Early: true, Data: "cache"}, offline, "offline")
	for _, w := range warnings() {
		assert.NotContains(t, w, "compiling the WASM in a worker failed")
	}
}

// startAltered loads /deals?tenant=microsoft in a new browser where script
// runs first in the page, and returns how the WASM started, the table's
// rows once the app runs, and the console's warnings.
func startAltered(t *testing.T, script string) (wasmStart, int, []string) {
	t.Helper()
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	warnings := consoleWarnings(ctx)
	var st wasmStart
	var rows int
	require.NoError(t, chromedp.Run(ctx,
		onNewDocument(script),
		chromedp.Navigate(ts.URL+"/deals?tenant=microsoft"),
		waitClient(),
		chromedp.Evaluate(readWASMStart, &st),
		chromedp.Evaluate(`document.querySelectorAll("tr[data-deal]").length`, &rows),
	))
	return st, rows, warnings()
}

// anyContains reports whether one of list contains all of parts.
func anyContains(list []string, parts ...string) bool {
	for _, s := range list {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(s, p)
		}
		if all {
			return true
		}
	}
	return false
}

// Without workers the page compiles the WASM itself, and says why.
func TestWASMWithoutWorkers(t *testing.T) {
	st, rows, warnings := startAltered(t, `Object.defineProperty(window, "Worker", { value: undefined })`)
	assert.Positive(t, rows)
	assert.Equal(t, 1, st.PageFetches, "the page fetched the WASM itself")
	assert.Equal(t, "network", st.Data, "and the snapshot")
	assert.True(t, st.Worker, "wasm-start.js ran and asked")
	assert.True(t, anyContains(warnings, "compiling the WASM in a worker failed; compiling it here:", "no Worker"),
		"the fallback says why: %q", warnings)
}

// A warm-up that fails costs the page only the compilations it would have
// saved: the page starts, with the worker's snapshot, and says what failed.
func TestWASMWarmUpFails(t *testing.T) {
	// The worker is told to load a wasm_exec.js that does not exist.
	st, rows, warnings := startAltered(t, `{
		const qs = Document.prototype.querySelector;
		Document.prototype.querySelector = function (sel) {
			return sel.includes("wasm_exec.js") ? { src: location.origin + "/nope/wasm_exec.js" } : qs.call(this, sel);
		};
	}`)
	assert.Positive(t, rows)
	assert.Equal(t, "worker", st.Data)
	assert.Contains(t, st.Warmed, "wasm_exec.js", "the warm-up's status names what failed")
	assert.True(t, strings.HasSuffix(st.Warmed, " "), "and it reached nothing: %q", st.Warmed)
	assert.True(t, anyContains(warnings, "web/wasm-worker.js: the warm-up", "wasm_exec.js"),
		"the page says the warm-up failed: %q", warnings)
}

// On a first visit of each main page the worker's warm-up mounts the page in
// its stand-in document (where it fails, the page loses the speed, not its
// function: this test is what tells).
func TestWASMWarmUpMountsEachPage(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	for _, path := range []string{"/", "/deals?tenant=microsoft", "/miners/iren", "/sites", "/economics", "/deals/cipher-fluidstack-2025-09", "/compare?m=iren,cipher"} {
		tab, cancel := freshTab(t, ctx)
		// The browser's log has the worker's errors too (source "worker").
		var mu sync.Mutex
		var errs []string
		chromedp.ListenTarget(tab, func(ev any) {
			if e, ok := ev.(*cdplog.EventEntryAdded); ok && e.Entry.Level == cdplog.LevelError {
				mu.Lock()
				errs = append(errs, string(e.Entry.Source)+": "+e.Entry.Text)
				mu.Unlock()
			}
		})
		var st wasmStart
		err := chromedp.Run(tab,
			cdplog.Enable(),
			chromedp.Navigate(ts.URL+path),
			waitClient(),
			chromedp.Evaluate(readWASMStart, &st),
			// The worker's Go has exited by now; what it left pending runs.
			chromedp.Sleep(time.Second),
		)
		cancel()
		require.NoError(t, err, path)
		assert.Equal(t, "done mounted", st.Warmed, path)
		assert.Equal(t, "worker", st.Data, path)
		mu.Lock()
		assert.Empty(t, errs, path)
		mu.Unlock()
	}
}
