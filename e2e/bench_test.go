//go:build !wasm

package e2e

// Budgets, measured next to a one-component go-app hello world built in the
// same run with the same toolchain, flags and compression:
//
//	go test -run '^$' -bench . ./
//
// BenchmarkWASMSize reports the sizes of web/app.wasm (raw, gzip, brotli) and
// their ratio to the hello world's (target: < 1.3). BenchmarkInteractive
// reports the time from navigation start until the app has rendered on the
// client (its data-client="1" marker), in headless Chromium over loopback:
// cold (a fresh browser context: no HTTP cache, no service worker) and warm
// (service worker installed), for Powerbrokers and for the hello world
// served by a plain go-app Handler; and the total blocking time (long tasks
// after the first contentful paint, beyond 50 ms each), also cold with the
// CPU slowed 4x as Lighthouse's mobile run simulates. Lighthouse itself
// needs npm and is run by hand (README).

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"powerbrokers/server"
)

// helloMain is the hello world: one component, the client split from the
// server by build tags as in our main_wasm.go, so that its WASM holds only
// what any go-app client holds.
const helloMain = `//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func main() {
	app.Route("/", &hello{})
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("http://" + ln.Addr().String())
	log.Fatal(http.Serve(ln, &app.Handler{
		Name:    "Hello",
		Version: "1",
		Icon:    app.Icon{Default: "/web/icon-192.png"},
	}))
}
`

const helloWASM = `//go:build wasm

package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

func main() {
	app.Route("/", &hello{})
	app.RunWhenOnBrowser()
}
`

const helloCompo = `package main

import "github.com/maxence-charriere/go-app/v9/pkg/app"

type hello struct{ app.Compo }

func (h *hello) Render() app.UI {
	client := "0"
	if app.IsClient {
		client = "1"
	}
	return app.Main().DataSet("client", client).Body(app.H1().Text("Hello, world"))
}
`

// helloBuild is the hello world built in a temporary directory.
type helloBuild struct {
	dir  string // holds web/app.wasm and the server binary
	bin  string
	wasm string
}

// buildHello writes the hello world module next to a copy of our go.mod and
// go.sum (so it resolves the same versions from the module cache, offline)
// into a temporary directory removed after the benchmark, and builds its WASM
// (GOOS=js GOARCH=wasm, -trimpath -ldflags="-s -w" as the Makefile does; its
// -gcflags=powerbrokers/app=-l names our package, and the hello world's one
// component is too small for inlining to matter) and
// its server; with compressed, also web/app.wasm.gz and .br, by our own
// compress command.
func buildHello(tb testing.TB, compressed bool) helloBuild {
	tb.Helper()
	h, err := doBuildHello(tb.TempDir(), compressed)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

func doBuildHello(dir string, compressed bool) (helloBuild, error) {
	gomod, err := os.ReadFile("go.mod")
	if err != nil {
		return helloBuild{}, err
	}
	gomod = []byte(strings.Replace(string(gomod), "module powerbrokers", "module hello", 1))
	gosum, err := os.ReadFile("go.sum")
	if err != nil {
		return helloBuild{}, err
	}
	icon, err := os.ReadFile("web/icon-192.png")
	if err != nil {
		return helloBuild{}, err
	}
	files := map[string][]byte{
		"go.mod": gomod, "go.sum": gosum, "main.go": []byte(helloMain), "main_wasm.go": []byte(helloWASM),
		"hello.go": []byte(helloCompo), "web/icon-192.png": icon,
	}
	for name, b := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			return helloBuild{}, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return helloBuild{}, err
		}
	}
	h := helloBuild{dir: dir, bin: filepath.Join(dir, "hello"), wasm: filepath.Join(dir, "web", "app.wasm")}
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	for _, build := range []struct {
		env  []string
		args []string
	}{
		{[]string{"GOOS=js", "GOARCH=wasm"}, []string{"build", "-trimpath", "-ldflags=-s -w", "-o", h.wasm, "."}},
		{nil, []string{"build", "-o", h.bin, "."}},
	} {
		cmd := exec.Command("go", build.args...) // go test puts its own toolchain first in PATH
		cmd.Dir = dir
		cmd.Env = append(env, build.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return helloBuild{}, fmt.Errorf("hello world: go %s: %v\n%s", strings.Join(build.args, " "), err, out)
		}
	}
	if compressed {
		if err := compressFiles(h.wasm); err != nil {
			return helloBuild{}, err
		}
	}
	return h, nil
}

// wasmSizes returns the sizes of name, name.gz and name.br.
func wasmSizes(tb testing.TB, name string) [3]int64 {
	tb.Helper()
	var s [3]int64
	for i, ext := range []string{"", ".gz", ".br"} {
		st, err := os.Stat(name + ext)
		require.NoError(tb, err, "run make build first")
		s[i] = st.Size()
	}
	return s
}

// ourCompressedWASM returns web/app.wasm with .gz and .br compressed from it:
// the ones make build wrote if they are newer than the WASM, otherwise fresh
// ones in a temporary directory.
func ourCompressedWASM(tb testing.TB) string {
	tb.Helper()
	requireWASM(tb)
	raw, _ := os.Stat("web/app.wasm")
	br, _ := os.Stat("web/app.wasm.br")
	gz, _ := os.Stat("web/app.wasm.gz")
	if !br.ModTime().Before(raw.ModTime()) && !gz.ModTime().Before(raw.ModTime()) {
		return "web/app.wasm"
	}
	b, err := os.ReadFile("web/app.wasm")
	require.NoError(tb, err)
	name := filepath.Join(tb.TempDir(), "app.wasm")
	require.NoError(tb, os.WriteFile(name, b, 0o644))
	require.NoError(tb, compressFiles(name))
	return name
}

func BenchmarkWASMSize(b *testing.B) {
	ours := wasmSizes(b, ourCompressedWASM(b))
	h := wasmSizes(b, buildHello(b, true).wasm)
	for b.Loop() {
	}
	const mb = 1e6
	b.ReportMetric(float64(ours[0])/mb, "raw-MB")
	b.ReportMetric(float64(ours[1])/mb, "gzip-MB")
	b.ReportMetric(float64(ours[2])/mb, "br-MB")
	b.ReportMetric(float64(h[0])/mb, "hello-raw-MB")
	b.ReportMetric(float64(h[1])/mb, "hello-gzip-MB")
	b.ReportMetric(float64(h[2])/mb, "hello-br-MB")
	b.ReportMetric(float64(ours[0])/float64(h[0]), "ratio-raw")
	b.ReportMetric(float64(ours[1])/float64(h[1]), "ratio-gzip")
	b.ReportMetric(float64(ours[2])/float64(h[2]), "ratio-br")
}

// markInteractive runs before the page's scripts and records, in
// window.__interactive, the time (ms since navigation start) at which an
// element with data-client="1" (rendered only by the WASM) appears, and in
// window.__longTasks the main-thread tasks over 50 ms (start, duration).
const markInteractive = `(() => {
	window.__longTasks = [];
	new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
		.observe({ type: "longtask", buffered: true });
	const found = () => {
		if (window.__interactive === undefined && document.querySelector('[data-client="1"]')) {
			window.__interactive = performance.now();
		}
		return window.__interactive !== undefined;
	};
	new MutationObserver((_, o) => { if (found()) o.disconnect(); })
		.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-client"] });
})();`

// pageTimes are the timings of one page load, in ms since navigation start.
type pageTimes struct {
	Interactive float64 `json:"interactive"`
	FCP         float64 `json:"fcp"`
	// Blocking is the total blocking time as Lighthouse defines it: over
	// the tasks after first contentful paint, the sum of their time beyond
	// 50 ms, here until the app is interactive plus a settle time.
	Blocking float64 `json:"blocking"`
}

// timeTab makes every later document of the tab record its timings.
func timeTab(ctx context.Context) error {
	return chromedp.Run(ctx, onNewDocument(markInteractive))
}

// loadPage navigates a timed tab to url and waits until the app is interactive.
func loadPage(ctx context.Context, url string) (pageTimes, error) {
	var t pageTimes
	err := chromedp.Run(ctx,
		chromedp.Navigate(url),
		chromedp.WaitReady(`[data-client="1"]`, chromedp.ByQuery),
		chromedp.Poll(`window.__interactive !== undefined`, nil, chromedp.WithPollingInterval(10*time.Millisecond)),
		// Tasks that follow the first render (a revalidation, say) count too.
		chromedp.Sleep(500*time.Millisecond),
		chromedp.Evaluate(`(() => {
			const fcp = (performance.getEntriesByName("first-contentful-paint")[0] || {}).startTime || 0;
			let blocking = 0;
			for (const [start, d] of window.__longTasks) {
				if (start + d > fcp) blocking += Math.max(0, Math.min(d, start + d - fcp) - 50);
			}
			return { interactive: window.__interactive, fcp, blocking };
		})()`, &t),
	)
	return t, err
}

// benchInteractive measures b.N loads of url and reports their mean times.
// With cpu > 1 the tab's CPU is slowed that many times, as Lighthouse's
// mobile run simulates (4x), so that the blocking time is comparable. With
// stop (warm loads only), the server is stopped before the timed loads:
// offline loads, from the service worker's copies.
func benchInteractive(b *testing.B, url string, warm bool, cpu float64, stop func()) {
	ctx := newBrowser(b)
	if warm {
		require.NoError(b, timeTab(ctx))
		_, err := loadPage(ctx, url)
		require.NoError(b, err)
		// go-app's own worker does not claim the page: load it again, under
		// the worker, which also fills the code cache.
		require.NoError(b, chromedp.Run(ctx, waitWorkerActive(false)))
		_, err = loadPage(ctx, url)
		require.NoError(b, err)
		require.NoError(b, chromedp.Run(ctx, waitWorkerActive(true)))
		if stop != nil {
			stop()
		}
	}
	var sum pageTimes
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tab, cancel := ctx, context.CancelFunc(func() {})
		if !warm {
			tab, cancel = freshTab(b, ctx)
			require.NoError(b, timeTab(tab))
			if cpu > 1 {
				require.NoError(b, chromedp.Run(tab, emulation.SetCPUThrottlingRate(cpu)))
			}
		}
		t, err := loadPage(tab, url)
		cancel()
		require.NoError(b, err, "load %s", url)
		sum.Interactive += t.Interactive
		sum.FCP += t.FCP
		sum.Blocking += t.Blocking
	}
	b.StopTimer()
	b.ReportMetric(sum.Interactive/float64(b.N), "interactive-ms")
	b.ReportMetric(sum.FCP/float64(b.N), "fcp-ms")
	b.ReportMetric(sum.Blocking/float64(b.N), "blocking-ms")
}

// freshTab opens a tab in a new browser context (like a fresh profile: no
// HTTP cache, storage or service worker) and returns it with the function
// that closes it and disposes of the context. chromedp's
// WithNewBrowserContext cannot be used here: the new headless Chromium
// refuses a target in a new context without a window of its own.
func freshTab(tb testing.TB, ctx context.Context) (context.Context, context.CancelFunc) {
	tb.Helper()
	c := chromedp.FromContext(ctx)
	bctx := cdp.WithExecutor(ctx, c.Browser)
	id, err := target.CreateBrowserContext().WithDisposeOnDetach(true).Do(bctx)
	require.NoError(tb, err)
	tid, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).Do(bctx)
	require.NoError(tb, err)
	tab, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(tid))
	return tab, func() {
		cancel()
		target.DisposeBrowserContext(id).Do(bctx)
	}
}

// startHello runs the hello world's server and returns its URL and a
// function that stops it.
func startHello(b *testing.B, h helloBuild) (string, func()) {
	cmd := exec.Command(h.bin)
	cmd.Dir = h.dir
	out, err := cmd.StdoutPipe()
	require.NoError(b, err)
	require.NoError(b, cmd.Start())
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(b, err, "hello world server")
	return strings.TrimSpace(line), func() { cmd.Process.Kill(); cmd.Wait() }
}

func BenchmarkInteractive(b *testing.B) {
	requireWASM(b)
	h := buildHello(b, false)
	for _, m := range []struct {
		name          string
		warm, offline bool
		cpu           float64
	}{{"cold", false, false, 1}, {"warm", true, false, 1}, {"offline", true, true, 1}, {"cold-cpu4x", false, false, 4}} {
		b.Run("powerbrokers/"+m.name, func(b *testing.B) {
			ts := startServer(b, server.Config{})
			benchInteractive(b, ts.URL+"/", m.warm, m.cpu, offlineStop(m.offline, ts.Stop))
		})
		b.Run("hello/"+m.name, func(b *testing.B) {
			url, stop := startHello(b, h)
			benchInteractive(b, url+"/", m.warm, m.cpu, offlineStop(m.offline, stop))
		})
	}
}

// offlineStop is stop for an offline run, nil otherwise.
func offlineStop(offline bool, stop func()) func() {
	if offline {
		return stop
	}
	return nil
}

// compressFiles writes .gz and .br next to each file with the app's own
// compress command.
func compressFiles(names ...string) error {
	out, err := exec.Command("go", append([]string{"run", ".", "compress"}, names...)...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("compress: %v: %s", err, out)
	}
	return nil
}
