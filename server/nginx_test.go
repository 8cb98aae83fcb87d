package server

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// nginxBin is Debian's nginx (apt-get install nginx; .ci/run installs it).
const nginxBin = "/usr/sbin/nginx"

// nginxConf is the shared-cache configuration the README documents, with
// the paths of a test: loopback only, everything under one directory.
const nginxConf = `daemon off;
{{USER}}
worker_processes 1;
pid {{DIR}}/nginx.pid;
error_log {{DIR}}/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path {{DIR}}/body;
    proxy_temp_path {{DIR}}/proxy;
    fastcgi_temp_path {{DIR}}/fastcgi;
    uwsgi_temp_path {{DIR}}/uwsgi;
    scgi_temp_path {{DIR}}/scgi;

    # --- from the README ---
    proxy_cache_path {{DIR}}/cache levels=1:2 keys_zone=powerbrokers:10m max_size=1g inactive=60m use_temp_path=off;
    upstream powerbrokers {
        server {{UPSTREAM}};
        keepalive 16;
    }
    server {
        listen {{LISTEN}};
        location / {
            proxy_pass http://powerbrokers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_cache powerbrokers;
            proxy_cache_key $scheme$http_host$request_uri;
            # The server marks what may be stored (X-Accel-Expires: @1:
            # stored but stale at once, so revalidated by ETag on each use);
            # an answer without it (an error, a write, /healthz) is not.
            proxy_ignore_headers Cache-Control Expires;
            proxy_cache_revalidate on;
            proxy_cache_lock on;
            proxy_cache_bypass $http_authorization;
            proxy_no_cache $http_authorization;
            add_header X-Cache-Status $upstream_cache_status always;
        }
    }
    # --- end ---
}
`

// startNginx starts nginx in front of upstream on a free loopback port and
// returns its base URL and the directory holding its cache.
func startNginx(t *testing.T, upstream string) (string, string) {
	t.Helper()
	if _, err := os.Stat(nginxBin); err != nil {
		t.Fatalf("%s is missing: apt-get install -y nginx (.ci/run installs it)", nginxBin)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	listen := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	user := "" // workers run as this user
	if os.Geteuid() == 0 {
		user = "user root root; # as root, workers would otherwise run as nobody, who cannot enter the test's directory"
	}
	conf := strings.NewReplacer("{{DIR}}", dir, "{{UPSTREAM}}", upstream, "{{LISTEN}}", listen, "{{USER}}", user).Replace(nginxConf)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "nginx.conf"), []byte(conf), 0o644))
	cmd := exec.Command(nginxBin, "-p", dir, "-c", filepath.Join(dir, "nginx.conf"), "-e", filepath.Join(dir, "error.log"))
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx error.log:\n%s", log)
		}
	})
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", listen)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx did not start: %s %s", out, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "http://" + listen, filepath.Join(dir, "cache")
}

// upstreamLog counts what reaches the server behind nginx.
type upstreamLog struct {
	mu       sync.Mutex
	reqs     int
	n304     int
	paths    []string
	inflight int
}

func (l *upstreamLog) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.inflight++
		l.mu.Unlock()
		rec := &statusRecorder{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.inflight--
		l.reqs++
		l.paths = append(l.paths, r.Method+" "+r.URL.Path)
		if rec.status == http.StatusNotModified {
			l.n304++
		}
	})
}

// counts returns the requests and 304s seen upstream once none is in
// flight: nginx may pass an answer on before the handler has returned and
// been counted.
func (l *upstreamLog) counts() (int, int) {
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(time.Millisecond) {
		l.mu.Lock()
		if l.inflight == 0 || time.Now().After(deadline) {
			defer l.mu.Unlock()
			return l.reqs, l.n304
		}
		l.mu.Unlock()
	}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func fetch(t *testing.T, method, url string, headers map[string]string, body string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultTransport.RoundTrip(req) // no client-side redirects or caching
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return answer{res.StatusCode, res.Header, string(b)}
}

// TestBehindNginxProxyCache puts Debian's nginx with proxy_cache in front
// of the server: answers are stored and revalidated by ETag, each origin
// gets its own CORS answer, an acknowledged write is visible at once, and
// nothing private (errors, writes, authorized requests) is stored.
func TestBehindNginxProxyCache(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken, CORSOrigins: []string{"https://a.example"}, PublicOrigin: "http://pb.example", WebDir: "../web"})
	var up upstreamLog
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	hs := s.HTTPServer()
	hs.Handler = up.wrap(s)
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	base, cacheDir := startNginx(t, ln.Addr().String())

	const deal = "/api/v1/deals/iren-microsoft-2025-11"
	t.Run("ETag revalidation", func(t *testing.T) {
		for _, path := range []string{deal, "/api/v1/deals?miner=iren", "/api/v1/snapshot", "/deals", "/miners/iren", "/web/app.css"} {
			first := fetch(t, "GET", base+path, nil, "")
			require.Equal(t, 200, first.status, "%s: %s", path, first.body)
			assert.Equal(t, "MISS", first.header.Get("X-Cache-Status"), path)
			etag := first.header.Get("ETag")
			require.NotEmpty(t, etag, path)
			reqs, n304 := up.counts()
			second := fetch(t, "GET", base+path, nil, "")
			assert.Equal(t, 200, second.status, path)
			assert.Equal(t, "REVALIDATED", second.header.Get("X-Cache-Status"), "%s is stored and revalidated before use", path)
			assert.Equal(t, first.body, second.body, path)
			reqs2, n3042 := up.counts()
			assert.Greater(t, reqs2, reqs, "%s: a conditional request upstream", path)
			assert.Equal(t, n304+1, n3042, "%s: answered 304 upstream", path)
			third := fetch(t, "GET", base+path, map[string]string{"If-None-Match": etag}, "")
			assert.Equal(t, 304, third.status, "%s: the client's own revalidation", path)
		}
	})

	if s.wasm.hash != "" { // built by make build
		t.Run("the versioned WASM is kept", func(t *testing.T) {
			path := "/web/app.wasm?v=" + s.wasm.hash
			first := fetch(t, "GET", base+path, map[string]string{"Accept-Encoding": "br"}, "")
			require.Equal(t, 200, first.status)
			second := fetch(t, "GET", base+path, map[string]string{"Accept-Encoding": "br"}, "")
			assert.Equal(t, "HIT", second.header.Get("X-Cache-Status"), "served from the cache without asking")
			assert.Equal(t, first.body, second.body)
		})
	}

	t.Run("writes are visible once acknowledged", func(t *testing.T) {
		before := fetch(t, "GET", base+deal, nil, "")
		require.Equal(t, 200, before.status)
		body := strings.Replace(`{"id": "iren-microsoft-2025-11", "title": "TITLE", "miner": "iren", "tenant": "microsoft", "type": "cloud-services",
   "announced": "2025-11-03", "value_usd": 9700000000, "value_basis": "initial-term", "term_years": 5, "mw": 200, "mw_basis": "critical-it",
   "site": "childress", "status": "signed", "verified": "2026-12-03",
   "sources": [{"url": "https://www.sec.gov/Archives/edgar/data/1878848/iren-6k-2025-11-03.htm", "publisher": "SEC EDGAR (IREN 6-K)", "kind": "filing", "date": "2025-11-03"}]}`, "TITLE", "Written through the cache", 1)
		put := fetch(t, "PUT", base+deal, map[string]string{"Authorization": "Bearer " + testToken, "If-Match": before.header.Get("ETag")}, body)
		require.Equal(t, 200, put.status, put.body)
		assert.Equal(t, "no-store", put.header.Get("Cache-Control"))
		for _, path := range []string{deal, "/api/v1/deals?miner=iren", "/api/v1/snapshot", "/deals/iren-microsoft-2025-11"} {
			after := fetch(t, "GET", base+path, nil, "")
			assert.Contains(t, after.body, "Written through the cache", "%s right after the write", path)
		}
		// A write that bypasses the cache is visible through it too.
		direct := fetch(t, "PUT", "http://"+ln.Addr().String()+deal, map[string]string{"Authorization": "Bearer " + testToken},
			strings.Replace(body, "Written through the cache", "Written behind the cache", 1))
		require.Equal(t, 200, direct.status, direct.body)
		assert.Contains(t, fetch(t, "GET", base+deal, nil, "").body, "Written behind the cache")
	})

	t.Run("CORS answers per origin", func(t *testing.T) {
		const path = "/api/v1/deals?miner=terawulf"
		for i, tt := range []struct{ origin, want string }{
			{"https://a.example", "https://a.example"}, {"https://b.example", ""}, {"", ""},
			{"https://a.example", "https://a.example"}, {"https://b.example", ""},
		} {
			h := map[string]string{}
			if tt.origin != "" {
				h["Origin"] = tt.origin
			}
			a := fetch(t, "GET", base+path, h, "")
			require.Equal(t, 200, a.status)
			assert.Equal(t, tt.want, a.header.Get("Access-Control-Allow-Origin"), "request %d from %q (cache: %s)", i, tt.origin, a.header.Get("X-Cache-Status"))
		}
	})

	t.Run("nothing private is stored", func(t *testing.T) {
		for _, tt := range []struct {
			method, path string
			headers      map[string]string
		}{
			{"GET", "/api/v1/deals/nope", nil},
			{"GET", "/api/v1/deals?colour=red", nil},
			{"GET", "/healthz", nil},
			{"GET", "/readyz", nil},
			{"GET", deal, map[string]string{"Authorization": "Bearer " + testToken}},
			{"DELETE", "/api/v1/deals/nope", map[string]string{"Authorization": "Bearer wrong"}},
		} {
			for i := 0; i < 2; i++ {
				a := fetch(t, tt.method, base+tt.path, tt.headers, "")
				st := a.header.Get("X-Cache-Status")
				assert.NotContains(t, []string{"HIT", "REVALIDATED", "STALE", "UPDATING"}, st, "%s %s was answered from the cache (%s)", tt.method, tt.path, st)
			}
		}
		// No stored answer holds the token, a curator's header or an error.
		var stored []string
		filepath.Walk(cacheDir, func(p string, info os.FileInfo, err error) error {
			if err == nil && !info.IsDir() {
				b, _ := os.ReadFile(p)
				stored = append(stored, string(b))
			}
			return nil
		})
		require.NotEmpty(t, stored)
		for _, b := range stored {
			assert.NotContains(t, b, testToken)
			assert.NotContains(t, b, `"error":`)
			assert.NotContains(t, b, "no-store")
		}
		t.Logf("%d answers stored by nginx, none private", len(stored))
	})
	reqs, n304 := up.counts()
	t.Logf("upstream saw %d requests, %d of them answered 304", reqs, n304)
}
