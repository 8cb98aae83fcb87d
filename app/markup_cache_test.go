package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMarkupEscapesAndSkipsEmptyAttributes(t *testing.T) {
	var m markup
	m.open("div", "class", "a", "title", "", "data-x", `"><script>alert(1)</script>`)
	m.elem("span", "<b>Tom & Jerry</b>", "class", "")
	m.link("/deals/x", "it's")
	m.close("div")
	out := app.HTMLString(m.UI())
	assert.Equal(t, `<div class="a" data-x="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">`+
		`<span>&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;</span><a href="/deals/x">it&#39;s</a></div>`, out)
	assert.NotContains(t, out, "title=", "an empty attribute value is left out")
}

func TestDealsPrerenderTableAndFacets(t *testing.T) {
	snap := withSeed(t)
	out := prerender(t, &dealsPage{}, "/deals?tenant=microsoft&sort=-mw")
	// The table and the facets are markup: one root each, well formed.
	for _, root := range []string{`<div class="table-wrap">`, `<div class="facets">`} {
		assert.Equal(t, 1, strings.Count(out, root), root)
	}
	rows := regexp.MustCompile(`<tr data-deal="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	var want int
	for _, d := range snap.Deals {
		if d.Tenant == "microsoft" {
			want++
		}
	}
	require.NotZero(t, want)
	assert.Len(t, rows, want, "one row per Microsoft deal")
	assert.Regexp(t, `<th scope="col" class="num" aria-sort="descending"><a href="[^"]*" title="Sort by MW" data-key="sort:mw">MW ▼</a>`, out)
	assert.Regexp(t, `<a href="/deals\?sort=-mw" data-facet="tenant" data-value="microsoft" data-key="facet:tenant:microsoft" class="selected" aria-current="true" title="Remove this filter">`, out)
	assert.Contains(t, out, `class="prov" tabindex="0" data-prov="`, "figures carry their provenance")
}

// The markup cache answers a key with the markup stored under it, holds a
// bounded number of blocks, and its keys tell views and data versions apart.
func TestMarkupCache(t *testing.T) {
	var m markup
	m.elem("p", "one")
	require.Equal(t, `<p>one</p>`, app.HTMLString(cacheMarkup("k1", m.HTML())))
	ui, ok := cachedMarkup("k1")
	require.True(t, ok)
	assert.Equal(t, `<p>one</p>`, app.HTMLString(ui))
	_, ok = cachedMarkup("k2")
	assert.False(t, ok)
	_, ok = cachedMarkup("")
	assert.False(t, ok, "the empty key caches nothing")

	for i := range 40 {
		var b markup
		b.elem("p", fmt.Sprint(i))
		cacheMarkup(fmt.Sprint("many", i), b.HTML())
	}
	assert.LessOrEqual(t, len(markupCache.m), 32)
	_, ok = cachedMarkup("many39")
	assert.True(t, ok, "the newest block is kept")

	builds := 0
	build := func() safeHTML {
		builds++
		var x markup
		x.elem("p", "x")
		return x.HTML()
	}
	cachedHTML("built-once", build)
	assert.Equal(t, "<p>x</p>", app.HTMLString(cachedHTML("built-once", build)))
	assert.Equal(t, 1, builds, "a cached block is not built again")
	cachedHTML("", build)
	cachedHTML("", build)
	assert.Equal(t, 3, builds, "without a key, built every time")

	deals := viewState{path: "/deals", v: url.Values{"miner": {"iren"}}}
	other := viewState{path: "/deals", v: url.Values{"miner": {"cipher"}}}
	sites := viewState{path: "/sites", v: url.Values{"miner": {"iren"}}}
	keys := []string{
		blockKey("table", "v1", deals), blockKey("table", "v2", deals), blockKey("table", "v1", other),
		blockKey("table", "v1", sites), blockKey("facets", "v1", deals),
	}
	for i, k := range keys {
		require.NotEmpty(t, k)
		for _, k2 := range keys[i+1:] {
			assert.NotEqual(t, k, k2)
		}
	}
	assert.Empty(t, blockKey("table", "", deals), "no version, no caching")
	assert.Empty(t, viewKey("table", "v1", deals), "the server renders each request afresh")
}

// TestMarkupOnlyThroughTheWriter keeps every string of HTML or SVG in the
// app going through the one escaping writer (markup.go): outside it, no
// app.Raw, no safeHTML conversion, no html.EscapeString, no tag in a string
// literal (a format string, a WriteString), so no markup escapes the writer.
func TestMarkupOnlyThroughTheWriter(t *testing.T) {
	tag := regexp.MustCompile(`<[A-Za-z/!?]`)
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var bad []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "markup.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		ast.Inspect(f, func(n ast.Node) bool {
			at := func(what string) { bad = append(bad, fset.Position(n.Pos()).String()+": "+what) }
			switch n := n.(type) {
			case *ast.BasicLit:
				if n.Kind == token.STRING && tag.MatchString(n.Value) {
					at("markup in a string literal " + n.Value)
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "safeHTML" {
					at("a safeHTML conversion")
				}
			case *ast.SelectorExpr:
				if pkg, ok := n.X.(*ast.Ident); ok {
					switch pkg.Name + "." + n.Sel.Name {
					case "app.Raw", "html.EscapeString", "html.UnescapeString":
						at(pkg.Name + "." + n.Sel.Name)
					}
				}
			}
			return true
		})
	}
	require.Greater(t, len(files), 20, "the UI's Go files")
	require.Empty(t, bad, "build markup with the writer in markup.go (markup, svgWriter), which escapes it")
}

// The writer escapes text and attributes, refuses script URLs, drops event
// handlers and writes SVG's self-closing shapes.
func TestMarkupWriterIsSafe(t *testing.T) {
	var m markup
	m.open("a", "href", "javascript:alert(1)", "onclick", "alert(2)")
	m.text("x")
	m.close("a")
	m.elem("a", "y", "href", " JaVa\tScRiPt:alert(1)")
	m.elem("a", "z", "href", "data:text/html,<script>alert(1)</script>")
	m.elem("a", "ok", "href", "https://example.com/a?b=c&d=e")
	m.elem("a", "rel", "href", "/deals?miner=iren")
	m.elem("a", "mail", "href", "mailto:x@example.com")
	m.void("path", "d", `M0,0"/><script>`, "class", "c")
	m.open("script", "src", "/web/embed.js", "async", present)
	m.close("script")
	out := string(m.HTML())
	assert.NotContains(t, strings.ToLower(out), "javascript:")
	assert.NotContains(t, out, "data:text")
	assert.NotContains(t, out, "onclick")
	assert.Equal(t, 3, strings.Count(out, `href="about:invalid"`))
	assert.Contains(t, out, `href="https://example.com/a?b=c&amp;d=e"`)
	assert.Contains(t, out, `href="/deals?miner=iren"`)
	assert.Contains(t, out, `href="mailto:x@example.com"`)
	assert.Contains(t, out, `<path d="M0,0&#34;/&gt;&lt;script&gt;" class="c"/>`)
	assert.Contains(t, out, `<script src="/web/embed.js" async></script>`)
	assert.Equal(t, "1.5", num(1.54, 1))
	assert.Equal(t, "0", num(math.NaN(), 1))
	assert.Equal(t, "12", num(12.0, 2))
}
