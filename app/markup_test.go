package app

import (
	"fmt"
	"net/url"
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
	require.Equal(t, `<p>one</p>`, app.HTMLString(cacheMarkup("k1", m.String())))
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
		cacheMarkup(fmt.Sprint("many", i), b.String())
	}
	assert.LessOrEqual(t, len(markupCache.m), 32)
	_, ok = cachedMarkup("many39")
	assert.True(t, ok, "the newest block is kept")

	builds := 0
	build := func() string { builds++; return "<p>x</p>" }
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
