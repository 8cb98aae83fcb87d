package app

import (
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The server marks each block the browser may adopt with the id of its key
// (what it is, the data version, the view): one id a block, none twice, and
// a different view or data version gives different ids.
func TestPrerenderMarksAdoptableBlocks(t *testing.T) {
	snap := withSeed(t)
	ids := regexp.MustCompile(`data-pb="([0-9a-z]+)"`)
	count := func(out string) map[string]int {
		seen := map[string]int{}
		for _, m := range ids.FindAllStringSubmatch(out, -1) {
			seen[m[1]]++
		}
		return seen
	}
	overview := count(prerender(t, &overviewPage{}, "/"))
	assert.Len(t, overview, 9, "the overview's sections")
	for id, n := range overview {
		assert.Equal(t, 1, n, "id %s is on the page once", id)
	}
	assert.Contains(t, overview, adoptID(blockKey("overview-capacity", snap.Version, viewState{path: "/", v: url.Values{}})),
		"the id is the key's, the same in the browser")

	miner := count(prerender(t, &minerPage{}, "/miners/iren"))
	assert.Len(t, miner, 2, "the miner page's two groups")
	other := count(prerender(t, &minerPage{}, "/miners/cipher"))
	for id := range miner {
		assert.NotContains(t, other, id, "another miner, other ids")
	}
	deals := count(prerender(t, &dealsPage{}, "/deals?tenant=microsoft"))
	require.Len(t, deals, 2, "the table and the facets")
	for id := range count(prerender(t, &dealsPage{}, "/deals?tenant=google")) {
		assert.NotContains(t, deals, id, "another filter, other ids")
	}
	assert.NotEqual(t, adoptID(blockKey("table", "v1", viewState{path: "/deals"})), adoptID(blockKey("table", "v2", viewState{path: "/deals"})),
		"newer data, another id")
}
