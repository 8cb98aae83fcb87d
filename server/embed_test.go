package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func oembedPath(target string, extra ...string) string {
	v := url.Values{}
	if target != "" {
		v.Set("url", target)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return "/api/v1/oembed?" + v.Encode()
}

func TestOEmbed(t *testing.T) {
	s := newTestServer(t, Config{})
	// The public origin is http://example.com (newTestServer): that is
	// "this server"; the URLs it answers are built from it.
	tests := []struct {
		name       string
		path       string
		wantStatus int
		wantParam  string
		wantSrc    string
		wantTitle  string
		wantW      int
		wantH      int
	}{
		{name: "deals view", path: oembedPath("http://example.com/deals?miner=iren"), wantStatus: 200,
			wantSrc: "http://example.com/embed/deals?miner=iren", wantTitle: "Powerbrokers: AI/HPC deals", wantW: 800, wantH: 600},
		{name: "embed URL keeps its flags", path: oembedPath("http://example.com/embed/deals?theme=dark&miner=iren"), wantStatus: 200,
			wantSrc: "http://example.com/embed/deals?miner=iren&amp;theme=dark", wantW: 800, wantH: 600},
		{name: "miner", path: oembedPath("https://example.com/miners/iren"), wantStatus: 200,
			wantSrc: "http://example.com/embed/miner/iren", wantTitle: "Powerbrokers: IREN Ltd", wantW: 800, wantH: 640},
		{name: "miner embed", path: oembedPath("http://EXAMPLE.com/embed/miner/terawulf"), wantStatus: 200,
			wantSrc: "http://example.com/embed/miner/terawulf", wantW: 800, wantH: 640},
		{name: "capacity, timeline and map", path: oembedPath("http://example.com/embed/timeline"), wantStatus: 200,
			wantSrc: "http://example.com/embed/timeline", wantW: 800, wantH: 520},
		{name: "miners list is the capacity chart", path: oembedPath("http://example.com/miners"), wantStatus: 200,
			wantSrc: "http://example.com/embed/capacity", wantW: 800, wantH: 700},
		{name: "maxwidth and maxheight", path: oembedPath("http://example.com/deals", "maxwidth", "400", "maxheight", "300"), wantStatus: 200,
			wantSrc: "http://example.com/embed/deals", wantW: 400, wantH: 300},
		{name: "larger max keeps the default", path: oembedPath("http://example.com/deals", "maxwidth", "2000"), wantStatus: 200,
			wantSrc: "http://example.com/embed/deals", wantW: 800, wantH: 600},

		{name: "missing url", path: oembedPath(""), wantStatus: 400, wantParam: "url"},
		{name: "foreign host", path: oembedPath("http://evil.example/deals"), wantStatus: 400, wantParam: "url"},
		{name: "foreign port", path: oembedPath("http://example.com:8080/deals"), wantStatus: 400, wantParam: "url"},
		{name: "relative url", path: oembedPath("/deals"), wantStatus: 400, wantParam: "url"},
		{name: "not http", path: oembedPath("javascript:alert(1)"), wantStatus: 400, wantParam: "url"},
		{name: "ftp", path: oembedPath("ftp://example.com/deals"), wantStatus: 400, wantParam: "url"},
		{name: "malformed", path: "/api/v1/oembed?url=http://exa%20mple.com/%zz", wantStatus: 400, wantParam: "url"},
		{name: "bad maxwidth", path: oembedPath("http://example.com/deals", "maxwidth", "wide"), wantStatus: 400, wantParam: "maxwidth"},
		{name: "zero maxheight", path: oembedPath("http://example.com/deals", "maxheight", "0"), wantStatus: 400, wantParam: "maxheight"},
		{name: "unknown view", path: oembedPath("http://example.com/nope"), wantStatus: 404},
		{name: "overview is not embeddable", path: oembedPath("http://example.com/"), wantStatus: 404},
		{name: "unknown miner", path: oembedPath("http://example.com/miners/nope"), wantStatus: 404},
		{name: "xml", path: oembedPath("http://example.com/deals", "format", "xml"), wantStatus: 501, wantParam: "format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := do(s, "GET", tt.path, nil)
			require.Equal(t, tt.wantStatus, w.Code, "GET %s: body %s", tt.path, w.Body)
			assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
			if tt.wantStatus != 200 {
				var body errorBody
				require.NoError(t, json.Unmarshal(w.Body.Bytes(), &body), "GET %s: %s", tt.path, w.Body)
				require.NotNil(t, body.Error)
				assert.Equal(t, tt.wantParam, body.Error.Param, "GET %s: %s", tt.path, w.Body)
				assert.NotEmpty(t, body.Error.Message)
				return
			}
			var got oembedResponse
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
			assert.Equal(t, "1.0", got.Version)
			assert.Equal(t, "rich", got.Type)
			assert.Equal(t, "Powerbrokers", got.ProviderName)
			assert.Equal(t, tt.wantW, got.Width)
			assert.Equal(t, tt.wantH, got.Height)
			assert.Contains(t, got.HTML, `<iframe src="`+tt.wantSrc+`"`)
			assert.Contains(t, got.HTML, `/web/embed.js" async></script>`)
			assert.Contains(t, got.HTML, `title="Powerbrokers: `)
			if tt.wantTitle != "" {
				assert.Equal(t, tt.wantTitle, got.Title)
			}
		})
	}
}

func TestOEmbedUnderBasePath(t *testing.T) {
	s := newTestServer(t, Config{BasePath: "/explorer"})
	mux := http.NewServeMux()
	mux.Handle("/explorer/", s)

	w := do(mux, "GET", "/explorer"+oembedPath("http://example.com/explorer/deals?miner=iren"), nil)
	require.Equal(t, 200, w.Code, w.Body.String())
	var got oembedResponse
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &got))
	assert.Contains(t, got.HTML, `src="http://example.com/explorer/embed/deals?miner=iren"`)
	assert.Contains(t, got.HTML, `src="http://example.com/explorer/web/embed.js"`)
	assert.Equal(t, "http://example.com/explorer/", got.ProviderURL)

	w = do(mux, "GET", "/explorer"+oembedPath("http://example.com/deals"), nil)
	assert.Equal(t, 400, w.Code, "a URL outside the base path is not ours: %s", w.Body)
	w = do(mux, "GET", "/explorer"+oembedPath("http://example.com/explorerx/deals"), nil)
	assert.Equal(t, 400, w.Code, "a path that only starts like the base path is not ours: %s", w.Body)
}

func TestEmbedPagesArePrerenderedFiltered(t *testing.T) {
	s := newTestServer(t, Config{FrameAncestors: []string{"https://portal.example"}})
	w := do(s, "GET", "/embed/deals?miner=iren&theme=dark&plain=1", nil)
	require.Equal(t, 200, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `data-deal="iren-microsoft-2025-11"`)
	assert.NotContains(t, body, `data-deal="terawulf-fluidstack-2025-08"`)
	assert.Contains(t, body, `data-theme="dark"`)
	assert.Contains(t, body, `pb-embed-plain`)
	assert.NotContains(t, body, `class="pb-header"`, "an embed has no chrome")
	assert.NotContains(t, body, `class="pb-embed-footer"`, "a plain embed has no footer")
	assert.Regexp(t, `id="pb-embed-credit"[^>]*>.*Powerbrokers.*CC BY 4.0`, body, "but credits its source and licence")
	assert.Equal(t, "frame-ancestors https://portal.example", lastDirective(w.Header().Get("Content-Security-Policy")))

	w = do(s, "GET", "/embed/deals?miner=iren", nil)
	assert.Contains(t, w.Body.String(), `id="pb-embed-open"`)
	assert.Contains(t, w.Body.String(), `href="/deals?miner=iren"`, "the footer links to the full view with the same query")

	for _, path := range []string{"/embed/miner/iren", "/embed/capacity", "/embed/capacity?miner=iren", "/embed/timeline", "/embed/timeline?miner=terawulf", "/embed/map"} {
		w := do(s, "GET", path, nil)
		assert.Equal(t, 200, w.Code, path)
		assert.Contains(t, w.Body.String(), `id="pb-embed"`, path)
	}
	assert.Contains(t, do(s, "GET", "/embed/miner/iren", nil).Body.String(), `<span class="figure-value">200 MW</span>`)
	assert.Contains(t, do(s, "GET", "/embed/capacity?miner=iren", nil).Body.String(), "Childress")
	body = do(s, "GET", "/embed/capacity?miner=iren,terawulf", nil).Body.String()
	assert.Contains(t, body, "Miner: IREN Ltd, ")
	assert.Contains(t, body, `href="/miners?id=iren%2Cterawulf"`, "the miners list filters miners by id")
	assert.Contains(t, do(s, "GET", "/embed/deals?miner=nope%2C", nil).Body.String(), `No deal matches`)
	assert.Contains(t, do(s, "GET", "/embed/deals?bogus=1", nil).Body.String(), `state-error`)
}

func lastDirective(csp string) string {
	for i := len(csp) - 1; i >= 0; i-- {
		if csp[i] == ';' {
			return csp[i+2:]
		}
	}
	return csp
}
