package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/url"
	"path/filepath"
	"powerbrokers/app/markup"
	"regexp"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDealsPrerenderTableAndFacets(t *testing.T) {
	snap := withSeed(t)
	out := prerender(t, &dealsPage{}, "/deals?tenant=microsoft&sort=-mw")
	// The table and the facets are markup: one root each, well formed.
	for _, root := range []string{`<div class="table-wrap" data-pb="`, `<div class="facets" data-pb="`} {
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
	var m markup.Writer
	m.Elem("p", "one")
	require.Equal(t, `<p>one</p>`, app.HTMLString(cacheMarkup("k1", m.HTML())))
	ui, ok := cachedMarkup("k1")
	require.True(t, ok)
	assert.Equal(t, `<p>one</p>`, app.HTMLString(ui))
	_, ok = cachedMarkup("k2")
	assert.False(t, ok)
	_, ok = cachedMarkup("")
	assert.False(t, ok, "the empty key caches nothing")

	for i := range 40 {
		var b markup.Writer
		b.Elem("p", fmt.Sprint(i))
		cacheMarkup(fmt.Sprint("many", i), b.HTML())
	}
	assert.LessOrEqual(t, len(markupCache.m), 32)
	_, ok = cachedMarkup("many39")
	assert.True(t, ok, "the newest block is kept")

	inBrowser = true
	defer func() { inBrowser = false }()
	builds := 0
	build := func() markup.HTML {
		builds++
		var x markup.Writer
		x.Elem("p", "x")
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
	inBrowser = false
	cachedHTML("built-afresh", build)
	cachedHTML("built-afresh", build)
	assert.Equal(t, 5, builds, "the server renders each request afresh")
}

// TestMarkupOnlyThroughTheWriter keeps every string of HTML or SVG in the
// app going through the one escaping writer (markup.go): outside it, no
// app.Raw, no markup.HTML conversion, no html.EscapeString, no tag in a string
// literal (a format string, a WriteString), so no markup escapes the writer.
func TestMarkupOnlyThroughTheWriter(t *testing.T) {
	tag := regexp.MustCompile(`<[A-Za-z/!?]`)
	var files []string
	require.NoError(t, filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && path == "markup":
			return filepath.SkipDir // the writer itself
		case !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			files = append(files, path)
		}
		return nil
	}))
	fset := token.NewFileSet()
	var bad []string
	for _, name := range files {
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
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "HTML" && len(n.Args) == 1 {
					if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "markup" {
						at("a markup.HTML conversion")
					}
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
	require.Empty(t, bad, "build markup with markup.Writer (or the charts' svgWriter over it), which escapes it")
}
