package server

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newTestServer returns a server over an in-memory store loaded with the fixture.
func newTestServer(tb testing.TB, cfg Config) *Server {
	tb.Helper()
	if cfg.Seed == nil {
		cfg.Seed = fixture(tb)
	}
	if cfg.WebDir == "" {
		cfg.WebDir = tb.TempDir()
	}
	if cfg.PublicOrigin == "" {
		cfg.PublicOrigin = "http://example.com" // httptest.NewRequest's host
	}
	cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s, err := New(cfg)
	require.NoError(tb, err)
	tb.Cleanup(func() { s.Close() })
	return s
}

func do(s http.Handler, method, target string, headers map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range headers {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestAPIRoutes(t *testing.T) {
	s := newTestServer(t, Config{})
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantBody   []string
	}{
		{"snapshot", "/api/v1/snapshot", 200, []string{`"version":`, `"iren-microsoft-2025-11"`, `"changes":`}},
		{"deal", "/api/v1/deals/iren-microsoft-2025-11", 200, []string{`"tenant_name":"Microsoft"`, `"usd_per_mw_year":9700000`}},
		{"unknown deal", "/api/v1/deals/nope", 404, []string{`{"error":{"code":"not_found","message":"deal \"nope\" not found"}}`}},
		{"miner with sites and deals", "/api/v1/miners/iren", 200, []string{`"sites":[{`, `"deals":[{`, `"contracted_mw":200`}},
		{"unknown miner", "/api/v1/miners/nope", 404, []string{`"code":"not_found"`}},
		{"site", "/api/v1/sites/childress", 200, []string{`"miner_name":"IREN Ltd"`}},
		{"unknown site", "/api/v1/sites/nope", 404, []string{`"code":"not_found"`}},
		{"deal list", "/api/v1/deals", 200, []string{`"total":2`}},
		{"miner list", "/api/v1/miners", 200, []string{`"total":2`}},
		{"changes", "/api/v1/changes", 200, []string{`"action":"seed"`}},
		{"bad changes limit", "/api/v1/changes?limit=0", 400, []string{`"param":"limit"`}},
		{"unknown API route", "/api/v1/nope", 404, []string{`"code":"not_found"`}},
		{"health", "/healthz", 200, []string{`"status":"ok"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "GET", tt.path, nil)
			if w.Code != tt.wantStatus {
				t.Fatalf("GET %s = %d; want %d; body %s", tt.path, w.Code, tt.wantStatus, w.Body)
			}
			for _, want := range tt.wantBody {
				assert.Contains(t, w.Body.String(), want, "GET %s", tt.path)
			}
			if strings.HasPrefix(tt.path, "/api/") {
				assert.True(t, json.Valid(w.Body.Bytes()), "GET %s body is not JSON", tt.path)
				assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
			}
		})
	}
}

func TestSnapshotETagAndCompression(t *testing.T) {
	s := newTestServer(t, Config{})
	w := do(s, "GET", "/api/v1/snapshot", nil)
	require.Equal(t, 200, w.Code)
	etag := w.Header().Get("ETag")
	require.NotEmpty(t, etag)

	w = do(s, "GET", "/api/v1/snapshot", map[string]string{"If-None-Match": etag})
	assert.Equal(t, http.StatusNotModified, w.Code)
	assert.Empty(t, w.Body.String())

	w = do(s, "GET", "/api/v1/snapshot", map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	assert.Equal(t, "br", w.Header().Get("Content-Encoding"))
	w = do(s, "GET", "/api/v1/snapshot", map[string]string{"Accept-Encoding": "gzip"})
	assert.Equal(t, "gzip", w.Header().Get("Content-Encoding"))
	assert.Contains(t, w.Header().Get("Vary"), "Accept-Encoding")
}

func TestPagesArePrerenderedWithData(t *testing.T) {
	s := newTestServer(t, Config{})
	w := do(s, "GET", "/deals", nil)
	require.Equal(t, 200, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `data-deal="iren-microsoft-2025-11"`)
	assert.Contains(t, body, "$9.70B")
	assert.Contains(t, body, `content="width=device-width, initial-scale=1, viewport-fit=cover"`, "zoom must be allowed")
	assert.NotContains(t, body, "user-scalable=0")
	assert.NotContains(t, body, "raw.githubusercontent.com", "nothing may load from another origin")

	w = do(s, "GET", "/miners/iren", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), "IREN Ltd")
	assert.Contains(t, w.Body.String(), "Childress campus")

	w = do(s, "GET", "/no/such/page", nil)
	assert.Equal(t, 404, w.Code)
}

func TestSecurityHeadersOnEveryKindOfRoute(t *testing.T) {
	s := newTestServer(t, Config{FrameAncestors: []string{"'self'", "https://portal.example"}})
	for _, path := range []string{"/", "/deals", "/api/v1/snapshot", "/api/v1/nope", "/app.js", "/manifest.webmanifest", "/web/app.css"} {
		w := do(s, "GET", path, nil)
		h := w.Header()
		csp := h.Get("Content-Security-Policy")
		assert.Contains(t, csp, "default-src 'self'", path)
		assert.Contains(t, csp, "'wasm-unsafe-eval'", path)
		assert.Contains(t, csp, "frame-ancestors 'self' https://portal.example", path)
		assert.NotContains(t, csp, "unsafe-inline", path)
		assert.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), path)
		assert.NotEmpty(t, h.Get("Referrer-Policy"), path)
		assert.NotEmpty(t, h.Get("Permissions-Policy"), path)
	}
}

func TestServiceWorkerAndManifestAreLocal(t *testing.T) {
	s := newTestServer(t, Config{})
	w := do(s, "GET", "/app-worker.js", nil)
	require.Equal(t, 200, w.Code)
	body := w.Body.String()
	assert.NotContains(t, body, "https://", "the worker must precache only our own origin")
	assert.Contains(t, body, `request.mode === "navigate"`, "deep links need the navigation fallback")
	assert.Contains(t, body, "/web/app.wasm?v=")

	w = do(s, "GET", "/manifest.webmanifest", nil)
	require.Equal(t, 200, w.Code)
	var m map[string]any
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &m))
	assert.Equal(t, "standalone", m["display"])
	assert.Equal(t, "/", m["start_url"])
}

func TestBasePathMount(t *testing.T) {
	s := newTestServer(t, Config{BasePath: "/explorer/"})
	mux := http.NewServeMux()
	mux.Handle("/explorer/", s)
	mux.Handle("/explorer", s)

	w := do(mux, "GET", "/explorer", nil)
	assert.Equal(t, http.StatusMovedPermanently, w.Code)
	assert.Equal(t, "/explorer/", w.Header().Get("Location"))

	w = do(mux, "GET", "/explorer/deals", nil)
	require.Equal(t, 200, w.Code)
	assert.Contains(t, w.Body.String(), `href="/explorer/miners/iren"`)
	assert.Contains(t, w.Body.String(), `src="/explorer/app.js"`)

	w = do(mux, "GET", "/explorer/api/v1/deals/iren-microsoft-2025-11", nil)
	assert.Equal(t, 200, w.Code)

	w = do(mux, "GET", "/explorer/app-worker.js", nil)
	assert.Contains(t, w.Body.String(), `"/explorer/"`, "the worker precaches the prefixed shell with its slash")
}

func TestCORSOnlyForConfiguredOrigins(t *testing.T) {
	s := newTestServer(t, Config{CORSOrigins: []string{"https://portal.example"}})
	w := do(s, "GET", "/api/v1/deals", map[string]string{"Origin": "https://portal.example"})
	assert.Equal(t, "https://portal.example", w.Header().Get("Access-Control-Allow-Origin"))
	assert.Contains(t, w.Header().Get("Vary"), "Origin")

	w = do(s, "OPTIONS", "/api/v1/deals", map[string]string{"Origin": "https://portal.example", "Access-Control-Request-Method": "GET"})
	assert.Equal(t, http.StatusNoContent, w.Code)
	assert.Contains(t, w.Header().Get("Access-Control-Allow-Methods"), "GET")

	w = do(s, "GET", "/api/v1/deals", map[string]string{"Origin": "https://evil.example"})
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "an unlisted origin gets no CORS grant")

	plain := newTestServer(t, Config{})
	w = do(plain, "GET", "/api/v1/deals", map[string]string{"Origin": "https://portal.example"})
	assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"), "no origins by default")
}

// go-app's app.js pipes the WASM through a JavaScript stream to report
// progress; ours instantiates the module a worker compiles (falling back to
// a compilation fed in slices), waits for a paint on a first visit, and
// yields between instantiating the module and running Go (noting the
// prerendered blocks the app's first render adopts).
func TestAppJSStartsTheWASMInAWorker(t *testing.T) {
	s := newTestServer(t, Config{})
	w := do(s, "GET", "/app.js", nil)
	require.Equal(t, 200, w.Code)
	js := w.Body.String()
	assert.NotContains(t, js, `fetchWithProgress("`, "the WASM is fetched through go-app's progress stream")
	assert.NotContains(t, js, "instantiateStreaming(", "go-app's own instantiation is left")
	assert.Regexp(t, `const wasm = await pbInstantiate\("[^"]+app\.wasm\?v=`+s.wasm.hash+`",\s*go\.importObject\)`, js)
	for _, fn := range []string{"async function pbInstantiate(url, imports) {", "async function pbSlicedWASM(url) {", "function pbYield() {"} {
		assert.Equal(t, 1, strings.Count(js, fn), "%s is defined once", fn)
	}
	yield := strings.Index(js, "await pbYield();\n    pbAdoptCollect();\n    go.run(wasm.instance);")
	require.Positive(t, yield, "app.js yields before Go runs, and notes the prerendered blocks the app may adopt")
	assert.Equal(t, 1, strings.Count(js, "function pbAdoptCollect() {"))
	assert.Equal(t, 1, strings.Count(js, "go.run(wasm.instance);"))
	painted := strings.Index(js, "requestAnimationFrame(() => setTimeout(ok, 0))")
	require.Positive(t, painted, "app.js waits for a frame before it starts the WASM")
	assert.Less(t, strings.Index(js, "navigator.serviceWorker.controller"), painted, "only on a first visit")
	assert.Less(t, painted, strings.Index(js, "await pbInstantiate("), "the page paints before the WASM compiles")
}

// The scripts that compile the WASM in a worker are the server's own: the
// start script inline in every page's head, allowed by its hash in the CSP
// (header and meta), and the worker served under /web/ (and the base path)
// whatever -web holds, precached by the service worker.
func TestWASMStartScripts(t *testing.T) {
	for _, c := range []struct{ base, web string }{{"", "../web"}, {"/explorer", t.TempDir()}} {
		base := c.base
		s := newTestServer(t, Config{BasePath: base, WebDir: c.web})
		w := do(s, "GET", base+"/web/wasm-worker.js", nil)
		require.Equal(t, 200, w.Code, "%s/web/wasm-worker.js", base)
		assert.Equal(t, "text/javascript; charset=utf-8", w.Header().Get("Content-Type"))
		assert.Equal(t, string(wasmWorkerJS), w.Body.String())

		page := do(s, "GET", base+"/deals", nil)
		start := `<script id="pb-wasm-start" data-wasm="` + base + `/web/app.wasm?v=` + s.wasm.hash + `">`
		require.Contains(t, page.Body.String(), start)
		code := strings.SplitN(strings.SplitN(page.Body.String(), start, 2)[1], "</script>", 2)[0]
		sum := sha256.Sum256([]byte(code))
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		assert.Contains(t, page.Header().Get("Content-Security-Policy"), "script-src 'self' 'wasm-unsafe-eval' "+hash+";", "the CSP allows the start script as the page holds it")
		assert.Contains(t, code, "new Worker(new URL(\"wasm-worker.js\", href))", "the worker sits next to the WASM")
		if styles := strings.Index(page.Body.String(), `<style id="pb-styles">`); styles > 0 {
			assert.Less(t, strings.Index(page.Body.String(), start), styles, "the start script comes before the styles")
		}

		sw := do(s, "GET", base+"/app-worker.js", nil).Body.String()
		assert.Contains(t, sw, `"`+base+`/web/wasm-worker.js"`, "the service worker precaches the worker")
	}
	assert.Contains(t, string(wasmWorkerJS), "WebAssembly.compileStreaming(response)")
}
