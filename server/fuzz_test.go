package server

// Fuzz targets for the server's parsers of outside input: curated write
// bodies, the base path and the oEmbed parameters. Their seeds run in every
// plain `go test`; `make fuzz` fuzzes each for a while.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/internal/hostile"
)

// fuzzWebDir is the module's web directory, only read: a temporary one
// would be left behind by every fuzz worker the fuzzing engine stops.
const fuzzWebDir = "../web"

// storeState is what a rejected write must leave untouched: the dataset and
// the change log's newest entry.
func storeState(tb testing.TB, s *Server) string {
	tb.Helper()
	d, err := s.store.Dataset()
	require.NoError(tb, err)
	b, err := json.Marshal(d)
	require.NoError(tb, err)
	changes, err := s.store.Changes(1)
	require.NoError(tb, err)
	var seq uint64
	if len(changes) > 0 {
		seq = changes[0].Seq
	}
	return fmt.Sprintf("%d %s", seq, b)
}

// FuzzWriteBody sends fuzzed bodies through the real write handler with a
// valid token: POST /api/v1/{kind}, PUT and DELETE /api/v1/{kind}/{id} for
// deals, miners and sites. It must never answer 5xx (a panic is a 500); a
// rejection must leave the store unchanged and use the API's error shape;
// an accepted write must leave a valid store whose record, list and pages
// serve. The store is reset after every accepted write.
func FuzzWriteBody(f *testing.F) {
	s := newTestServer(f, Config{WriteToken: "t", WebDir: fuzzWebDir})
	s.writeLimit = newRateLimiter(1<<30, 1<<30)
	orig, err := s.store.Dataset()
	require.NoError(f, err)
	before := storeState(f, s)

	rec := func(v any) string {
		b, err := json.Marshal(v)
		require.NoError(f, err)
		return string(b)
	}
	const post, put, del = 0, 3, 6 // kind + op: deals 0, miners 1, sites 2
	f.Add(uint8(post), "", newDeal)
	f.Add(uint8(put), orig.Deals[0].ID, rec(orig.Deals[0]))
	f.Add(uint8(put), orig.Deals[0].ID, strings.Replace(rec(orig.Deals[0]), `"mw":200`, `"mw":-1`, 1))
	f.Add(uint8(put), "nope", rec(orig.Deals[0]))
	f.Add(uint8(del), orig.Deals[1].ID, "")
	f.Add(uint8(post+1), "", strings.Replace(rec(orig.Miners[1]), `"id":"terawulf"`, `"id":"new-miner"`, 1))
	f.Add(uint8(put+1), orig.Miners[0].ID, rec(orig.Miners[0]))
	f.Add(uint8(del+1), orig.Miners[0].ID, "")
	f.Add(uint8(post+2), "", strings.Replace(rec(orig.Sites[0]), `"id":"childress"`, `"id":"new-site"`, 1))
	f.Add(uint8(put+2), orig.Sites[1].ID, rec(orig.Sites[1]))
	for _, body := range []string{
		``, `null`, `{}`, `[]`, `"x"`, `{"id": `, `{"id": "x", "colour": "red"}`, `{"id": 5}`,
		`{"id": "a", "ID": "b"}`, `{"id": "Not A Slug"}`, `{"id": "x", "mw": 1e999}`, `{"id": "x"} {"id": "y"}`,
		"{\"id\": \"x\xff\"}", strings.Replace(newDeal, `"mw": 160`, `"mw": 1e308`, 1),
		strings.Replace(newDeal, `"value_usd": 3000000000`, `"value_usd": 0`, 1),
		strings.Replace(newDeal, `"term_years": 10`, `"term_years": 1e-300`, 1),
		strings.Replace(newDeal, `"announced": "2025-08-18"`, `"announced": "0000-01-01"`, 1),
		// long ids, huge fields
		strings.Replace(newDeal, `"terawulf-fluidstack-2025-08-2"`, `"`+strings.Repeat("a", 65)+`"`, 1),
		strings.Replace(newDeal, `"terawulf-fluidstack-2025-08-2"`, `"`+strings.Repeat("a-", 32000)+`a"`, 1),
		strings.Replace(newDeal, `"site": "lake-mariner"`, `"site": "lake-mariner", "notes": "`+strings.Repeat("n", 900_000)+`"`, 1),
		strings.Replace(newDeal, `"title": "TeraWulf–Fluidstack CB-5"`, `"title": "`+strings.Repeat("é", 201)+`"`, 1),
		strings.Replace(newDeal, `"publisher": "Z9 News"`, `"publisher": "Z9 News", "title": "`+strings.Repeat("t", 301)+`"`, 1),
	} {
		f.Add(uint8(post), "", body)
	}
	f.Add(uint8(put), strings.Repeat("a", 65001), newDeal)
	f.Add(uint8(del), strings.Repeat("x", 64000), "")
	f.Add(uint8(put+1), "IREN Ltd", "")
	// quote payloads in the text a page shows
	for _, p := range hostile.Payloads {
		js, _ := json.Marshal(p)
		f.Add(uint8(post), "", strings.Replace(newDeal, `"TeraWulf–Fluidstack CB-5"`, string(js), 1))
		f.Add(uint8(put+1), orig.Miners[0].ID, strings.Replace(rec(orig.Miners[0]), `"name":"IREN Ltd"`, `"name":`+string(js), 1))
		f.Add(uint8(put+2), orig.Sites[1].ID, strings.Replace(rec(orig.Sites[1]), `"name":`, `"city":`+string(js)+`,"name":`, 1))
	}
	kinds := []string{dataset.KindDeals, dataset.KindMiners, dataset.KindSites}
	reset := func(t *testing.T) {
		require.NoError(t, s.store.Replace(orig, "fuzz", "reset"))
		require.NoError(t, s.republish())
		before = storeState(t, s)
	}
	f.Fuzz(func(t *testing.T, op uint8, id, body string) {
		if storeState(t, s) != before { // a failed input before this one changed the store
			reset(t)
		}
		kind := kinds[int(op)%3]
		var method, target string
		switch int(op) / 3 % 3 {
		case 0:
			method, target = http.MethodPost, "/api/v1/"+kind
		case 1:
			method, target = http.MethodPut, "/api/v1/"+kind+"/"+url.PathEscape(id)
		default:
			method, target, body = http.MethodDelete, "/api/v1/"+kind+"/"+url.PathEscape(id), ""
		}
		w := send(s, method, target, "t", body)
		if w.Code >= 500 {
			t.Fatalf("%s %s = %d: %s\nbody: %q", method, target, w.Code, w.Body, body)
		}
		switch w.Code {
		case http.StatusOK, http.StatusCreated, http.StatusNoContent:
		default:
			var e errorBody
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e), "error body %s", w.Body)
			require.NotNil(t, e.Error)
			require.NotEmpty(t, e.Error.Code)
			require.NotEmpty(t, e.Error.Message)
			require.Equal(t, before, storeState(t, s), "%s %s = %d changed the store", method, target, w.Code)
			return
		}

		// Accepted: the store is valid and everything serves.
		d, err := s.store.Dataset()
		require.NoError(t, err)
		require.NoError(t, d.Validate(), "the store is invalid after %s %s = %d", method, target, w.Code)
		recID := id
		if w.Code != http.StatusNoContent {
			var got struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got), "answer %s", w.Body)
			recID = got.ID
		}
		wantGet := http.StatusOK
		if w.Code == http.StatusNoContent {
			wantGet = http.StatusNotFound
		}
		require.Equal(t, wantGet, do(s, "GET", "/api/v1/"+kind+"/"+url.PathEscape(recID), nil).Code, "GET the written %s %q", kind, recID)
		for _, path := range []string{"/api/v1/snapshot", "/api/v1/" + kind + "?sort=-mw", "/", "/" + kind, "/" + kind + "/" + url.PathEscape(recID)} {
			w := do(s, "GET", path, nil)
			if w.Code >= 500 {
				t.Fatalf("after %s %s: GET %s = %d", method, target, path, w.Code)
			}
			if strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
				require.Empty(t, hostile.Check(w.Body.Bytes()), "after %s %s: GET %s holds injected markup", method, target, path)
			}
		}

		reset(t)
	})
}

// FuzzCleanBasePath checks that cleanBasePath never panics, that what it
// accepts is clean (idempotent, "" or "/a/b" without a trailing slash or
// "..") and that the server really serves under it: the routes build, a
// request to BASE/readyz (a valid request line) answers 200 and BASE
// redirects to BASE/.
func FuzzCleanBasePath(f *testing.F) {
	base := newTestServer(f, Config{WebDir: fuzzWebDir})
	for _, p := range []string{
		"", "/", " / ", "/explorer", "/explorer/", " /explorer ", "/a/b/c", "/a//b", "explorer", "/a/../b", "/a/./b",
		"/a?b", "/a#b", `/a\b`, "/a b", "/ä", "/a%2Fb", "/%zz", "/a\tb", "/a\nb", "/{x}", "/{$}", "/a{b", "/GET /x",
		"//evil.example", "/.", "/~user", "/a;b", "/a:b", "/@", "/a\x00b", "/a\x7fb",
	} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		bp, err := cleanBasePath(p)
		if err != nil {
			require.Contains(t, err.Error(), "base path")
			return
		}
		again, err := cleanBasePath(bp)
		require.NoError(t, err, "cleanBasePath(%q) = %q, which it rejects", p, bp)
		require.Equal(t, bp, again, "cleanBasePath is not idempotent on %q", p)
		if bp == "" {
			return
		}
		require.True(t, strings.HasPrefix(bp, "/") && !strings.HasSuffix(bp, "/") && !strings.Contains(bp, ".."), "cleanBasePath(%q) = %q", p, bp)

		m := &Server{cfg: base.cfg, store: base.store, log: base.log, wasm: base.wasm, writeLimit: base.writeLimit}
		m.cfg.BasePath = bp
		m.pub.Store(base.pub.Load())
		func() {
			defer func() {
				if v := recover(); v != nil {
					t.Fatalf("cleanBasePath accepted %q (from %q), on which the routes panic: %v", bp, p, v)
				}
			}()
			m.routes()
		}()
		for _, tc := range []struct {
			path string
			want int
		}{{bp + "/readyz", http.StatusOK}, {bp, http.StatusMovedPermanently}} {
			r, err := http.ReadRequest(bufio.NewReader(strings.NewReader("GET " + tc.path + " HTTP/1.1\r\nHost: example.com\r\n\r\n")))
			require.NoError(t, err, "cleanBasePath accepted %q (from %q), which is not a valid URL path", bp, p)
			w := httptest.NewRecorder()
			m.ServeHTTP(w, r)
			require.Equal(t, tc.want, w.Code, "GET %s under base path %q", tc.path, bp)
			if tc.want == http.StatusMovedPermanently {
				loc, err := url.PathUnescape(w.Header().Get("Location"))
				require.NoError(t, err)
				require.Equal(t, bp+"/", loc)
			}
		}
	})
}

// oembedHTML is the only shape of an oEmbed html: attribute values hold no
// quote or angle bracket, so nothing can be injected.
var oembedHTML = regexp.MustCompile(`^<iframe src="([^"<>]*)" title="[^"<>]*" width="\d+" height="\d+" style="border:0;max-width:100%" loading="lazy"></iframe><script src="[^"<>]*" async></script>$`)

// FuzzOEmbed fuzzes the oEmbed parameters against a server at the root and
// one under /explorer. It must never answer 5xx other than 501 (format=xml);
// errors use the API's shape; a 200 is a rich oEmbed whose html is one
// iframe of this server and one script, with nothing injected.
func FuzzOEmbed(f *testing.F) {
	servers := []*Server{newTestServer(f, Config{WebDir: fuzzWebDir}), newTestServer(f, Config{WebDir: fuzzWebDir, BasePath: "/explorer"})}
	for _, u := range []string{
		"http://example.com/deals?miner=iren", "https://example.com/miners/iren", "http://EXAMPLE.com/embed/miner/terawulf",
		"http://example.com/embed/timeline", "http://example.com/miners", "http://example.com/sites", "http://example.com/embed/map",
		"http://example.com/embed/deals?theme=dark&miner=iren", "http://example.com/miners/nope", "http://example.com/explorer/deals",
		"http://example.com/explorer/miners/iren", "http://example.com/explorer", "http://example.com/explorerx/deals",
		"", "/deals", "javascript:alert(1)", "ftp://example.com/deals", "http://evil.example/deals", "http://example.com:8080/deals",
		"http://user:pw@example.com/deals", "http://exa mple.com/%zz", `http://example.com/deals?q="><script>alert(1)</script>`,
		"http://example.com/deals?q=%22%3E%3Cscript%3E", "http://example.com/deals#frag", "http://example.com/%2e%2e/deals",
		"http://example.com/deals/", "HTTP://example.com/deals", "http://[::1]/deals", "http://example.com\x00/deals",
	} {
		f.Add(u, "", "", "", false)
		f.Add(u, "", "", "", true)
	}
	f.Add("http://example.com/deals", "400", "300", "json", false)
	f.Add("http://example.com/deals", "0", "-1", "xml", true)
	f.Add("http://example.com/deals", "99999999999999999999", "1e3", "", false)
	f.Fuzz(func(t *testing.T, rawURL, maxW, maxH, format string, underBase bool) {
		s := servers[0]
		if underBase {
			s = servers[1]
		}
		v := url.Values{}
		for k, x := range map[string]string{"url": rawURL, "maxwidth": maxW, "maxheight": maxH, "format": format} {
			if x != "" {
				v.Set(k, x)
			}
		}
		w := do(s, "GET", s.cfg.BasePath+"/api/v1/oembed?"+v.Encode(), nil)
		switch w.Code {
		case http.StatusOK:
		case http.StatusBadRequest, http.StatusNotFound, http.StatusNotImplemented:
			var e errorBody
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &e), "error body %s", w.Body)
			require.NotNil(t, e.Error)
			require.NotEmpty(t, e.Error.Code)
			return
		default:
			t.Fatalf("oembed %v = %d: %s", v, w.Code, w.Body)
		}
		var o oembedResponse
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &o))
		require.Equal(t, "rich", o.Type)
		require.Equal(t, "1.0", o.Version)
		require.True(t, o.Width >= 1 && o.Width <= oembedWidth && o.Height >= 1, "size %dx%d", o.Width, o.Height)
		m := oembedHTML.FindStringSubmatch(o.HTML)
		require.NotNil(t, m, "the html is not one iframe and one script: %s", o.HTML)
		src := m[1]
		require.True(t, strings.HasPrefix(src, o.ProviderURL+"embed/"), "iframe src %q is not an embed of %s", src, o.ProviderURL)
		u, err := url.Parse(strings.ReplaceAll(src, "&amp;", "&"))
		require.NoError(t, err)
		require.True(t, strings.EqualFold(u.Host, "example.com"), "iframe of another host: %s", src)
	})
}
