package app

import (
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
