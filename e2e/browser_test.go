//go:build !wasm

package e2e

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// requireE2E is the environment variable that makes a missing browser or
// WASM a failure.
const requireE2E = "POWERBROKERS_E2E"

func TestMain(m *testing.M) {
	if err := os.Chdir(".."); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

// missing skips the test, or fails it when the end-to-end tests are required.
func missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv(requireE2E) == "1" {
		tb.Fatalf(format, args...)
	}
	tb.Skipf(format+" (skipped; %s=1, as `make test` sets, makes this a failure)", append(args, requireE2E)...)
}

// quietLog discards the log.
func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// testServer is the real server on a random loopback port.
type testServer struct {
	URL  string
	srv  *server.Server
	http *http.Server
}

// startServer starts the real server with cfg (Seed and WebDir defaulted)
// on 127.0.0.1:0 and stops it when the test ends.
func startServer(tb testing.TB, cfg server.Config) *testServer {
	tb.Helper()
	if cfg.Seed == nil {
		cfg.Seed = seed.FS
	}
	if cfg.WebDir == "" {
		cfg.WebDir = "web"
	}
	if cfg.DataDir == "" {
		cfg.DataDir = tb.TempDir()
	}
	if cfg.Logger == nil && !testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	srv, err := server.New(cfg)
	require.NoError(tb, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(tb, err)
	hs := &http.Server{Handler: srv}
	go hs.Serve(ln)
	ts := &testServer{URL: "http://" + ln.Addr().String(), srv: srv, http: hs}
	tb.Cleanup(ts.Stop)
	return ts
}

// Stop closes the listener and every connection, then the store.
func (ts *testServer) Stop() {
	ts.http.Close()
	ts.srv.Close()
}

// requireWASM stops the test when the WASM has not been built (see
// missing): the browser tests drive the real app and must not pass without it.
func requireWASM(tb testing.TB) {
	tb.Helper()
	for _, f := range []string{"web/app.wasm", "web/app.wasm.br", "web/app.wasm.gz"} {
		if _, err := os.Stat(f); err != nil {
			missing(tb, "%s is missing: run `make build` (or `make test`, which builds first)", f)
		}
	}
}

// newBrowser starts headless Chromium (Debian's chromium) and returns a tab
// context that ends after 90 s.
func newBrowser(tb testing.TB) context.Context {
	tb.Helper()
	return newBrowserFor(tb, 90*time.Second)
}

// newBrowserFor is newBrowser with a tab that lives for d.
func newBrowserFor(tb testing.TB, d time.Duration) context.Context {
	tb.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		missing(tb, "chromium is not installed (apt-get install -y chromium): %v", err)
	}
	// Not tb.TempDir: Chromium may still be writing its profile when the
	// test ends, and a failed RemoveAll would fail the test.
	tmp, err := os.MkdirTemp("", "powerbrokers-chromium-")
	require.NoError(tb, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	tb.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc(); os.RemoveAll(tmp) })
	require.NoError(tb, chromedp.Run(ctx), "start chromium")
	return ctx
}

// onNewDocument runs script in every later document of the tab, before the
// page's own scripts.
func onNewDocument(script string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(script).Do(ctx)
		return err
	})
}

// waitClient waits until the WASM app has rendered the page.
func waitClient() chromedp.Action {
	return chromedp.WaitVisible(`#pb-root[data-client="1"]`, chromedp.ByQuery)
}

// screenshot saves a full-page PNG under artifacts/ for a person to look at.
func screenshot(ctx context.Context, tb testing.TB, name string) {
	tb.Helper()
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		tb.Logf("screenshot %s: %v", name, err)
		return
	}
	os.MkdirAll("artifacts", 0o755)
	os.WriteFile(filepath.Join("artifacts", name+".png"), png, 0o644)
}

func TestBrowserNavigateAndDeepLink(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)

	var headline string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		chromedp.Text("#headline", &headline, chromedp.ByID),
	))
	require.Contains(t, headline, "Contracted value")
	screenshot(ctx, t, "overview")

	// Mark the document: a client-side navigation keeps it, a reload loses it.
	var marker bool
	var minerName, deals string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Evaluate(`window.__noReload = true`, nil),
		chromedp.Click(`nav a[href="/miners"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`tr[data-miner="iren"] a`, chromedp.ByQuery),
		chromedp.Click(`tr[data-miner="iren"] a`, chromedp.ByQuery),
		chromedp.WaitVisible(`#miner-name`, chromedp.ByID),
		chromedp.Text(`#miner-name`, &minerName, chromedp.ByID),
		chromedp.Text(`.deals-table`, &deals, chromedp.ByQuery),
		chromedp.Evaluate(`window.__noReload === true`, &marker),
	))
	require.Equal(t, "IREN Ltd", minerName)
	require.Contains(t, deals, "Microsoft")
	require.True(t, marker, "navigating from /miners to a miner reloaded the page")
	screenshot(ctx, t, "miner-iren")

	// A deep link opened directly renders on the server and in the client.
	var location string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/miners/iren"),
		waitClient(),
		chromedp.Text(`#miner-name`, &minerName, chromedp.ByID),
		chromedp.Location(&location),
	))
	require.Equal(t, "IREN Ltd", minerName)
	require.True(t, strings.HasSuffix(location, "/miners/iren"), location)
}
