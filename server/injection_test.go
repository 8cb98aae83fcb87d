package server

import (
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"powerbrokers/dataset"
	"powerbrokers/internal/hostile"
)

// pageKinds are the page kinds a URL can reach, with the kind of rows
// whose columns their query takes ("economics" for the calculator's inputs).
var pageKinds = []struct{ path, kind string }{
	{"/", ""}, {"/deals", dataset.KindDeals}, {"/miners", dataset.KindMiners}, {"/sites", dataset.KindSites},
	{"/compare", ""}, {"/economics", "economics"}, {"/deals/iren-microsoft-2025-11", ""}, {"/miners/iren", ""},
	{"/embed/deals", dataset.KindDeals}, {"/embed/capacity", dataset.KindMiners}, {"/embed/timeline", dataset.KindDeals},
	{"/embed/map", dataset.KindSites}, {"/embed/economics", "economics"}, {"/embed/miner/iren", ""},
}

// pageParams lists every query parameter a page of kind may read: the list
// grammar's own, the embed flags, the compare and calculator parameters,
// and each column filter with its range operators.
func pageParams(kind string) []string {
	ps := []string{"q", "sort", "facet", "cols", "size", "page", "next", "theme", "plain", "transparent", "view", "m", "deal"}
	switch kind {
	case "economics":
		t := reflect.TypeOf(dataset.EconomicsInputs{})
		for i := 0; i < t.NumField(); i++ {
			if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
				ps = append(ps, name)
			}
		}
	case "":
	default:
		for _, c := range dataset.Columns(kind) {
			ps = append(ps, c.Name)
			if c.Kind == dataset.ColumnNumber || c.Kind == dataset.ColumnDate {
				for _, op := range []string{"gte", "lte", "gt", "lt"} {
					ps = append(ps, c.Name+"_"+op)
				}
			}
		}
	}
	return ps
}

// checkPage fails the test for anything a payload created in an HTML answer.
func checkPage(t *testing.T, what string, code int, body []byte) {
	t.Helper()
	require.True(t, code == 200 || (code >= 400 && code < 500), "%s = %d: %.300s", what, code, body)
	assert.Empty(t, hostile.Check(body), "%s: the payload made markup", what)
}

// TestNoInjectedMarkupFromQueries sends the payloads through every query
// parameter of every page kind, and as parameter names: no page holds an
// element, attribute, script, refresh or javascript: URL a payload made.
func TestNoInjectedMarkupFromQueries(t *testing.T) {
	s := newTestServer(t, Config{})
	requests := 0
	get := func(target string) (int, []byte) {
		requests++
		w := do(s, "GET", target, nil)
		return w.Code, w.Body.Bytes()
	}
	// Every parameter of every page, with all payloads at once.
	params := 0
	for _, pg := range pageKinds {
		for _, p := range pageParams(pg.kind) {
			params++
			target := pg.path + "?" + url.Values{p: {hostile.Combined}}.Encode()
			code, body := get(target)
			checkPage(t, target, code, body)
		}
	}
	// Each payload alone, in the parameters pages echo and as a name.
	echoed := map[string]bool{}
	for _, pg := range pageKinds {
		for _, payload := range hostile.Payloads {
			for _, p := range []string{"q", "sort", "m", "deal", "theme", "hashprice_usd_per_ph_day", payload} {
				target := pg.path + "?" + url.Values{p: {payload}}.Encode()
				code, body := get(target)
				checkPage(t, target, code, body)
				if p == "q" && hostile.Contains(body, strings.TrimSpace(payload)) {
					echoed[pg.path] = true
				}
			}
		}
	}
	for _, p := range []string{"/deals", "/sites", "/embed/deals"} {
		assert.True(t, echoed[p], "%s does not show its search text: the test would prove nothing", p)
	}
	t.Logf("%d page kinds, %d parameters, %d payloads: %d requests, none with injected markup",
		len(pageKinds), params, len(hostile.Payloads), requests)
}

// payloadStore writes the fixture, with a payload in every text field of a
// deal, a miner and a site, into a Badger store in a new directory.
func payloadStore(t *testing.T, payloads []string) (dir string, d *dataset.Dataset, filled []string) {
	t.Helper()
	d, err := dataset.Load(fixture(t))
	require.NoError(t, err)
	filled = hostile.FillWith(d, payloads)
	require.NoError(t, d.Validate())
	dir = t.TempDir()
	st, err := Open(dir)
	require.NoError(t, err)
	require.NoError(t, st.Replace(d, "test", "import"))
	require.NoError(t, st.Close())
	return dir, d, filled
}

// fakeWeb is a web directory with a stand-in app.wasm.
func fakeWeb(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "app.css"), []byte("body{}"), 0o644))
	return dir
}

// TestNoInjectedMarkupFromRecords puts a payload into every text field of a
// deal, a miner and a site (and the deal's tenant), then checks every page
// of a static copy of that store (every page kind, the embeds, 404.html)
// and the server's pages that take a record in their query.
func TestNoInjectedMarkupFromRecords(t *testing.T) {
	dataDir, d, filled := payloadStore(t, hostile.Payloads)
	for _, want := range []string{"deals.json: iren-microsoft-2025-11: title", "deals.json: iren-microsoft-2025-11: notes",
		"deals.json: iren-microsoft-2025-11: sources[0].url", "miners.json: iren: name", "miners.json: iren: ticker",
		"sites.json: childress: name", "sites.json: childress: city", "counterparties.json: microsoft: name"} {
		assert.Contains(t, filled, want)
	}
	t.Logf("%d text fields carry a payload: %s", len(filled), strings.Join(filled, "; "))

	out := filepath.Join(t.TempDir(), "site")
	n, err := WriteStatic(StaticConfig{Dir: out, WebDir: fakeWeb(t), DataDir: dataDir})
	require.NoError(t, err)
	pages := 0
	require.NoError(t, filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		pages++
		assert.Empty(t, hostile.Check(b), "%s", p)
		assert.Contains(t, string(b), `<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39; &#39;wasm-unsafe-eval&#39;`, "%s carries the CSP", p)
		return nil
	}))
	assert.Equal(t, n+1, pages, "every page and 404.html")
	for _, f := range []string{"index.html", "404.html", "deals.html", "miners.html", "sites.html", "compare.html", "economics.html",
		"deals/iren-microsoft-2025-11.html", "miners/iren.html", "embed/deals.html", "embed/miner/iren.html", "embed/map.html"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	deal, err := os.ReadFile(filepath.Join(out, "deals/iren-microsoft-2025-11.html"))
	require.NoError(t, err)
	assert.True(t, hostile.Contains(deal, d.Deals[0].Title), "the deal page shows the payload title as text")

	s, err := New(Config{DataDir: dataDir, WebDir: t.TempDir(), Logger: discard})
	require.NoError(t, err)
	defer s.Close()
	for _, target := range []string{"/economics?deal=" + d.Deals[0].ID, "/embed/economics?deal=" + d.Deals[0].ID,
		"/compare?m=" + d.Miners[0].ID + ",terawulf", "/sites?q=" + url.QueryEscape(d.Sites[0].Name), "/deals?q=" + url.QueryEscape(d.Deals[0].Title)} {
		w := do(s, "GET", target, nil)
		checkPage(t, target, w.Code, w.Body.Bytes())
		pages++
	}
	t.Logf("%d pages checked: %d of the static copy (404.html included) and 5 with a record in the query", pages, n+1)
}

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// TestRawMarkupEscapesBackslashes ends every text field with a backslash:
// the app's raw markup (tables, charts, map) must write it as &#92;, or
// escapeGoAppHTML would read its attribute values as Go literals that run
// on past their end. Every page still renders, and shows the text.
func TestRawMarkupEscapesBackslashes(t *testing.T) {
	dataDir, d, filled := payloadStore(t, []string{`x\`, `C:\dir\`, `\"`})
	require.NotEmpty(t, filled)
	out := filepath.Join(t.TempDir(), "site")
	_, err := WriteStatic(StaticConfig{Dir: out, WebDir: fakeWeb(t), DataDir: dataDir})
	require.NoError(t, err, "every page escapes (WriteStatic fails on a 500)")
	for _, f := range []string{"deals/iren-microsoft-2025-11.html", "miners/iren.html", "sites.html", "embed/map.html"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		require.NoError(t, err)
		assert.Empty(t, hostile.Check(b), f)
		assert.NotContains(t, string(b), `\"`, "%s: a value ends with a raw backslash", f)
	}
	b, err := os.ReadFile(filepath.Join(out, "deals/iren-microsoft-2025-11.html"))
	require.NoError(t, err)
	assert.True(t, hostile.Contains(b, d.Deals[0].Title), "the title %q is shown", d.Deals[0].Title)
}

// TestAnOrdinaryTitleWithQuotesRendersAsWritten writes a deal titled with
// quotes, an ampersand, angle brackets and a backslash: the page's title,
// og:title, description and heading read exactly that.
func TestAnOrdinaryTitleWithQuotesRendersAsWritten(t *testing.T) {
	const token = "0123456789abcdef"
	s := newTestServer(t, Config{WriteToken: token})
	title := `IREN's "Horizon" lease — AT&T <b>not bold</b> \ C:\path`
	body := strings.Replace(newDeal, `"title": "TeraWulf–Fluidstack CB-5"`, `"title": `+jsonString(title), 1)
	w := send(s, "POST", "/api/v1/deals", token, body)
	require.Equal(t, 201, w.Code, w.Body.String())

	w = do(s, "GET", "/deals/terawulf-fluidstack-2025-08-2", nil)
	require.Equal(t, 200, w.Code)
	page := w.Body.Bytes()
	assert.Empty(t, hostile.Check(page))
	var titleText, ogTitle, h1 string
	z := html.NewTokenizer(strings.NewReader(string(page)))
	var in string
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		tok := z.Token()
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			in = tok.Data
			if tok.Data == "meta" {
				attrs := map[string]string{}
				for _, a := range tok.Attr {
					attrs[a.Key] = a.Val
				}
				if attrs["property"] == "og:title" {
					ogTitle = attrs["content"]
				}
			}
		case html.TextToken:
			switch in {
			case "title":
				titleText += tok.Data
			case "h1":
				h1 += tok.Data
			}
		case html.EndTagToken:
			in = ""
		}
	}
	assert.Equal(t, title+" · Powerbrokers", titleText)
	assert.Equal(t, title+" · Powerbrokers", ogTitle)
	assert.Equal(t, title, h1)
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}
