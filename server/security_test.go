package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"powerbrokers/dataset"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
)

// sendAs is send with more headers and a client address.
func sendAs(s http.Handler, method, target, body string, headers map[string]string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	for k, v := range headers {
		if k == "RemoteAddr" {
			r.RemoteAddr = v
			continue
		}
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func TestIDsAreBoundedSlugs(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	for _, tt := range []struct {
		name, method, target, body string
	}{
		{"65,001-byte id in the URL", "PUT", "/api/v1/deals/" + strings.Repeat("a", 65001), newDeal},
		{"64,000-byte id in the URL", "DELETE", "/api/v1/deals/" + strings.Repeat("a", 64000), ""},
		{"65-character id", "DELETE", "/api/v1/sites/" + strings.Repeat("a", 65), ""},
		{"64,000-byte id in a created body", "POST", "/api/v1/deals", strings.Replace(newDeal, `"terawulf-fluidstack-2025-08-2"`, `"`+strings.Repeat("a", 64000)+`"`, 1)},
		{"not a slug", "DELETE", "/api/v1/miners/IREN%20Ltd", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := send(s, tt.method, tt.target, testToken, tt.body)
			assert.Equal(t, 400, w.Code, "%.300s", w.Body)
			assert.Contains(t, w.Body.String(), `"param":"id"`)
			assert.Empty(t, w.Header().Get("Location"))
			assert.Less(t, w.Body.Len(), 1000, "the answer does not quote the id")
		})
	}
	// Through a real server too (a 65,001-byte id was a 500).
	addr := serveReal(t, s)
	req, _ := http.NewRequest("PUT", "http://"+addr+"/api/v1/deals/"+strings.Repeat("a", 65001), strings.NewReader(newDeal))
	req.Header.Set("Authorization", "Bearer "+testToken)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, 400, res.StatusCode)

	// The longest valid id is accepted, and named in Location.
	id := strings.Repeat("a", 62) + "-b"
	w := send(s, "POST", "/api/v1/deals", testToken, strings.Replace(newDeal, `"terawulf-fluidstack-2025-08-2"`, `"`+id+`"`, 1))
	require.Equal(t, 201, w.Code, w.Body.String())
	assert.Equal(t, "/api/v1/deals/"+id, w.Header().Get("Location"))
}

func TestHugeFieldsAreRefusedWithTheSeedsMessage(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	notes := strings.Repeat("n", 900_000)
	body := strings.Replace(newDeal, `"site": "lake-mariner"`, `"site": "lake-mariner", "notes": "`+notes+`"`, 1)
	w := send(s, "POST", "/api/v1/deals", testToken, body)
	require.Equal(t, 400, w.Code)
	var e errorBody
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e))
	assert.Equal(t, "notes", e.Error.Param)
	assert.Equal(t, "deals.json: terawulf-fluidstack-2025-08-2: notes: is 900000 characters long; the limit is 8192", e.Error.Message)
	assert.Less(t, w.Body.Len(), 2000)
	assert.Len(t, s.currentSnapshot().Deals, 2, "nothing was written")
}

func TestChangeLogIsPagedAndCapped(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	notes := strings.Repeat("n", 8000)
	const writes = 80
	for i := 0; i < writes; i++ {
		body := strings.Replace(newDeal, `"site": "lake-mariner"`, fmt.Sprintf(`"site": "lake-mariner", "notes": "%d %s"`, i, notes), 1)
		method, target := "PUT", "/api/v1/deals/terawulf-fluidstack-2025-08-2"
		if i == 0 {
			method, target = "POST", "/api/v1/deals"
		}
		w := sendAs(s, method, target, body, map[string]string{"Authorization": "Bearer " + testToken, "RemoteAddr": fmt.Sprintf("10.0.%d.1:1", i)})
		require.Less(t, w.Code, 300, w.Body.String())
	}
	seen := map[uint64]bool{}
	next := "/api/v1/changes?limit=1000"
	pages := 0
	for next != "" {
		w := do(s, "GET", next, nil)
		require.Equal(t, 200, w.Code, w.Body.String())
		assert.LessOrEqual(t, w.Body.Len(), maxChangesBytes+maxChangesBytes/4, "a page stays near 1 MiB")
		var page struct {
			Changes []dataset.Change `json:"changes"`
			Next    string           `json:"next"`
		}
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &page))
		require.NotEmpty(t, page.Changes)
		for _, c := range page.Changes {
			if c.Action == "correct" {
				continue // the seed's corrections, on the first page
			}
			assert.False(t, seen[c.Seq], "change %d on two pages", c.Seq)
			seen[c.Seq] = true
		}
		next = page.Next
		pages++
	}
	assert.Len(t, seen, writes+1, "every change once (and the seed)")
	assert.Greater(t, pages, 1, "%d changes of ~16 KB do not fit one page", writes)
	w := do(s, "GET", "/api/v1/changes?before=x", nil)
	assert.Equal(t, 400, w.Code)
	assert.Contains(t, w.Body.String(), `"param":"before"`)
}

func TestETagAndIfMatch(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	auth := func(extra map[string]string) map[string]string {
		h := map[string]string{"Authorization": "Bearer " + testToken}
		for k, v := range extra {
			h[k] = v
		}
		return h
	}
	const path = "/api/v1/deals/iren-microsoft-2025-11"
	get := do(s, "GET", path, nil)
	require.Equal(t, 200, get.Code)
	e1 := get.Header().Get("ETag")
	require.NotEmpty(t, e1)
	assert.Equal(t, 304, do(s, "GET", path, map[string]string{"If-None-Match": e1}).Code)

	var rec map[string]any
	require.NoError(t, json.Unmarshal(get.Body.Bytes(), &rec))
	deal := func(title string) string {
		return strings.Replace(`{"id": "iren-microsoft-2025-11", "title": "TITLE", "miner": "iren", "tenant": "microsoft", "type": "cloud-services",
   "announced": "2025-11-03", "value_usd": 9700000000, "value_basis": "initial-term", "term_years": 5, "mw": 200, "mw_basis": "critical-it",
   "site": "childress", "status": "signed", "verified": "2026-12-03",
   "sources": [{"url": "https://www.sec.gov/Archives/edgar/data/1878848/iren-6k-2025-11-03.htm", "publisher": "SEC EDGAR (IREN 6-K)", "kind": "filing", "date": "2025-11-03"}]}`, "TITLE", title, 1)
	}

	// Two curators read e1 and both write: the second is refused.
	var codes [2]int
	var wg sync.WaitGroup
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = sendAs(s, "PUT", path, deal(fmt.Sprintf("edit %d", i)), auth(map[string]string{"If-Match": e1})).Code
		}()
	}
	wg.Wait()
	assert.ElementsMatch(t, []int{200, 412}, codes[:], "of two writes from one read, one lands and one is refused")

	cur := do(s, "GET", path, nil)
	e2 := cur.Header().Get("ETag")
	assert.NotEqual(t, e1, e2)
	w := sendAs(s, "PUT", path, deal("stale"), auth(map[string]string{"If-Match": e1}))
	require.Equal(t, 412, w.Code)
	assert.Equal(t, e2, w.Header().Get("ETag"))
	var pe struct {
		Error struct {
			Code, Message, Param string
			CurrentETag          string `json:"current_etag"`
		} `json:"error"`
	}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &pe))
	assert.Equal(t, "precondition_failed", pe.Error.Code)
	assert.Equal(t, "If-Match", pe.Error.Param)
	assert.Equal(t, e2, pe.Error.CurrentETag)
	assert.Contains(t, pe.Error.Message, "its current version is "+e2)
	assert.Equal(t, e2, do(s, "GET", path, nil).Header().Get("ETag"), "the refused write changed nothing")

	// The current version, a list holding it, or * are accepted; a weak tag never.
	assert.Equal(t, 412, sendAs(s, "PUT", path, deal("weak"), auth(map[string]string{"If-Match": "W/" + e2})).Code)
	w = sendAs(s, "PUT", path, deal("fresh"), auth(map[string]string{"If-Match": `"nope", ` + e2}))
	require.Equal(t, 200, w.Code, w.Body.String())
	e3 := w.Header().Get("ETag")
	assert.Equal(t, e3, do(s, "GET", path, nil).Header().Get("ETag"), "a write answers the ETag GET then answers")
	assert.Equal(t, w.Body.String(), do(s, "GET", path, nil).Body.String(), "and the same body")
	assert.Equal(t, 200, sendAs(s, "PUT", path, deal("any"), auth(map[string]string{"If-Match": "*"})).Code)

	// DELETE: stale refused, current accepted, then * finds nothing.
	e4 := do(s, "GET", path, nil).Header().Get("ETag")
	assert.Equal(t, 412, sendAs(s, "DELETE", path, "", auth(map[string]string{"If-Match": e3})).Code)
	assert.Equal(t, 204, sendAs(s, "DELETE", path, "", auth(map[string]string{"If-Match": e4})).Code)
	assert.Equal(t, 412, sendAs(s, "DELETE", path, "", auth(map[string]string{"If-Match": "*"})).Code)
	// Without If-Match, writes work as before.
	assert.Equal(t, 201, sendAs(s, "POST", "/api/v1/deals", deal("back"), auth(nil)).Code)
}

func TestOpenAPIDocumentsETagAndIfMatch(t *testing.T) {
	s := newTestServer(t, Config{})
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name, In string } `json:"parameters"`
			Responses  map[string]json.RawMessage  `json:"responses"`
		} `json:"paths"`
		Components struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(do(s, "GET", "/api/v1/openapi.json", nil).Body.Bytes(), &doc))
	for _, kind := range []string{"deals", "miners", "sites"} {
		for _, m := range []string{"put", "delete"} {
			op := doc.Paths["/api/v1/"+kind+"/{id}"][m]
			names := []string{}
			for _, p := range op.Parameters {
				names = append(names, p.In+":"+p.Name)
			}
			assert.Contains(t, names, "header:If-Match", "%s %s", m, kind)
			assert.Contains(t, string(op.Responses["412"]), "PreconditionFailed", "%s %s", m, kind)
		}
		assert.Contains(t, string(doc.Paths["/api/v1/"+kind+"/{id}"]["get"].Responses["200"]), `"ETag"`)
	}
	assert.Contains(t, string(doc.Components.Responses["PreconditionFailed"]), "current_etag")
}

func TestFailedAuthIsLimitedButNeverTheValidToken(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	const attacker = "203.0.113.9:4444"
	var codes []int
	for i := 0; i < failedAuthBurst+10; i++ {
		codes = append(codes, sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer guess", "RemoteAddr": attacker}).Code)
	}
	assert.Equal(t, 401, codes[0])
	assert.Equal(t, 401, codes[failedAuthBurst-1])
	assert.Equal(t, 429, codes[failedAuthBurst], "after %d failures the client is limited", failedAuthBurst)
	w := sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer guess", "RemoteAddr": attacker})
	assert.Equal(t, 429, w.Code)
	assert.NotEmpty(t, w.Header().Get("Retry-After"))

	// The curator, from the attacker's address (a shared NAT or proxy), is let through.
	for i := 0; i < 5; i++ {
		w := sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer " + testToken, "RemoteAddr": attacker})
		assert.Equal(t, 404, w.Code, "the valid token is never refused: %s", w.Body)
	}
	// Another client is not limited by the attacker.
	w = sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer guess", "RemoteAddr": "198.51.100.7:1"})
	assert.Equal(t, 401, w.Code)
	// An IPv6 client is one /64: rotating its low bits does not escape the limit.
	for i := 0; i < failedAuthBurst; i++ {
		sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer guess", "RemoteAddr": fmt.Sprintf("[2001:db8::%x]:1", i)})
	}
	w = sendAs(s, "DELETE", "/api/v1/deals/nope", "", map[string]string{"Authorization": "Bearer guess", "RemoteAddr": "[2001:db8::ffff]:1"})
	assert.Equal(t, 429, w.Code)
}

func TestLimiterMemoryIsBounded(t *testing.T) {
	l := newRateLimiter(10, 5)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := 0; i < 200_000; i++ {
		ip := net.IPv4(10, byte(i>>16), byte(i>>8), byte(i)).String()
		l.allow(ip)
		l.blocked(ip)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	assert.Len(t, l.buckets, limiterBuckets)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	assert.Less(t, grew, int64(1<<20), "200,000 addresses grew the heap by %d bytes", grew)
}

func TestWrongMethodsGet405WithAllow(t *testing.T) {
	s := newTestServer(t, Config{WriteToken: testToken})
	for _, tt := range []struct{ method, target, allow string }{
		{"PATCH", "/api/v1/deals", "GET, HEAD, POST"},
		{"POST", "/api/v1/snapshot", "GET, HEAD"},
		{"PUT", "/api/v1/deals/iren-microsoft-2025-11/x", ""},
		{"PATCH", "/api/v1/deals/iren-microsoft-2025-11", "GET, HEAD, PUT, DELETE"},
		{"DELETE", "/api/v1/stats", "GET, HEAD"},
		{"DELETE", "/web/app.wasm", "GET, HEAD"},
		{"POST", "/deals", "GET, HEAD"},
		{"PUT", "/", "GET, HEAD"},
		{"POST", "/healthz", "GET, HEAD"},
	} {
		w := send(s, tt.method, tt.target, "", "")
		if tt.allow == "" {
			assert.Equal(t, 404, w.Code, "%s %s", tt.method, tt.target)
			continue
		}
		assert.Equal(t, 405, w.Code, "%s %s: %s", tt.method, tt.target, w.Body)
		assert.Equal(t, tt.allow, w.Header().Get("Allow"), "%s %s", tt.method, tt.target)
		assert.Contains(t, w.Body.String(), `"code":"method_not_allowed"`)
		assert.Empty(t, w.Header().Get("WWW-Authenticate"), "a wrong method is not an authentication question")
	}
}

func TestWebServesOnlyTheAppsFiles(t *testing.T) {
	s := newTestServer(t, Config{WebDir: "../web"})
	for path, want := range map[string]int{
		"/web/app.css": 200, "/web/embed.js": 200, "/web/geo/map.json": 200, "/web/geo/map.css": 200, "/web/icon.svg": 200,
		"/web/": 404, "/web/geo/": 404, "/web/geo": 404, "/web/geo/package.json": 404, "/web/geo/package-lock.json": 404,
		"/web/geo/convert.mjs": 404, "/web/geo/README.md": 404, "/web/geo/.gitignore": 404, "/web/app.wasm.br": 404,
		"/web/app.wasm.gz": 404, "/web/geo/node_modules/x.js": 404,
	} {
		w := do(s, "GET", path, nil)
		assert.Equal(t, want, w.Code, path)
		assert.NotContains(t, w.Body.String(), "<pre>", "%s lists a directory", path)
	}
}

func TestVaryOriginOnEveryAPIAnswerWhenCORSIsOn(t *testing.T) {
	s := newTestServer(t, Config{CORSOrigins: []string{"https://portal.example"}})
	for _, origin := range []string{"", "https://portal.example", "https://other.example"} {
		for _, path := range []string{"/api/v1/snapshot", "/api/v1/deals", "/api/v1/deals/iren-microsoft-2025-11", "/api/v1/deals/nope", "/api/v1/stats"} {
			w := do(s, "GET", path, map[string]string{"Origin": origin})
			assert.Len(t, w.Header().Values("Vary"), 1, "one Vary line")
			assert.Contains(t, w.Header().Get("Vary"), "Origin", "%s from %q", path, origin)
			if origin == "https://portal.example" {
				assert.Equal(t, origin, w.Header().Get("Access-Control-Allow-Origin"))
			} else {
				assert.Empty(t, w.Header().Get("Access-Control-Allow-Origin"))
			}
		}
	}
	plain := newTestServer(t, Config{})
	assert.NotContains(t, do(plain, "GET", "/api/v1/deals", nil).Header().Get("Vary"), "Origin", "no CORS, no Vary: Origin")
}

func TestOEmbedIgnoresTheHostHeader(t *testing.T) {
	s := newTestServer(t, Config{PublicOrigin: "https://pb.example"})
	w := do(s, "GET", oembedPath("https://evil.example/deals"), map[string]string{"Host": "evil.example"})
	assert.Equal(t, 400, w.Code, "a URL of the Host header is not ours")
	w = do(s, "GET", oembedPath("https://pb.example/deals?miner=iren"), map[string]string{"Host": "evil.example"})
	require.Equal(t, 200, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), `src=\"https://pb.example/embed/deals?miner=iren\"`)
	assert.NotContains(t, w.Body.String(), "evil")

	// Without a public origin, the address the connection reached is ours.
	s = newTestServer(t, Config{PublicOrigin: ""})
	s.cfg.PublicOrigin = ""
	addr := serveReal(t, s)
	get := func(target, host string) (int, string) {
		req, _ := http.NewRequest("GET", "http://"+addr+oembedPath(target), nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	code, _ := get("http://evil.example/deals", "evil.example")
	assert.Equal(t, 400, code)
	code, body := get("http://"+addr+"/deals", "evil.example")
	assert.Equal(t, 200, code, body)
	assert.Contains(t, body, "http://"+addr+"/embed/deals")
}

func TestGoAppsHostFetchIsClosed(t *testing.T) {
	var hits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<h1 data-pbx>poisoned</h1>`)
	}))
	defer evil.Close()
	s := newTestServer(t, Config{})
	for _, p := range []string{"/robots.txt", "/sitemap.xml", "/ads.txt"} {
		w := do(s, "GET", p, map[string]string{"Host": strings.TrimPrefix(evil.URL, "http://")})
		assert.Equal(t, 404, w.Code, p)
		assert.NotContains(t, w.Body.String(), "poisoned", p)
	}
	assert.Zero(t, hits.Load(), "the server fetched from the Host it was given")
}

func TestPagesNameThePublicOriginNotTheHost(t *testing.T) {
	s := newTestServer(t, Config{PublicOrigin: "https://pb.example"})
	w := do(s, "GET", "/deals?miner=iren", map[string]string{"Host": "evil.example"})
	require.Equal(t, 200, w.Code)
	assert.Equal(t, "https://pb.example/deals?miner=iren", metaProperty(t, w.Body.String(), "og:url"))
	assert.NotContains(t, w.Body.String(), "evil.example")
}

// metaProperty returns the content of <meta property=name> in page.
func metaProperty(t *testing.T, page, name string) string {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		if tok.Data != "meta" {
			continue
		}
		attrs := map[string]string{}
		for _, a := range tok.Attr {
			attrs[a.Key] = a.Val
		}
		if attrs["property"] == name {
			return attrs["content"]
		}
	}
	t.Fatalf("no <meta property=%q>", name)
	return ""
}
