package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// /miners runs through the shared query engine like /deals: facets,
// ranges, sort, columns and the CSV link all come from the URL.
func TestMinersExplorer(t *testing.T) {
	snap := withSeed(t)
	out := prerender(t, &minersPage{}, "/miners?status=pivoting&total_mw_gte=100&sort=-total_mw&facet=country")
	var want []string
	for _, m := range snap.Miners {
		if m.Status == dataset.MinerPivoting && m.TotalMW != nil && *m.TotalMW >= 100 {
			want = append(want, m.ID)
		}
	}
	require.NotEmpty(t, want)
	rows := regexp.MustCompile(`<tr data-miner="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	assert.Len(t, rows, len(want), "one row per matching miner")
	assert.Contains(t, out, `data-facet="status" data-value="pivoting"`, "the facets are the engine's")
	assert.Contains(t, out, `id="f-total_mw_gte"`)
	input := regexp.MustCompile(`<input [^>]*id="f-total_mw_gte"[^>]*>`).FindString(out)
	assert.Contains(t, input, `value="100"`, "the range form shows the URL's range")
	assert.Contains(t, out, `href="/api/v1/miners.csv?facet=country&sort=-total_mw&status=pivoting&total_mw_gte=100"`)
	assert.Contains(t, out, "sorted by Total (descending)")

	// A bad parameter shows the default view and says why.
	out = prerender(t, &minersPage{}, "/miners?total_mw_gte=lots")
	assert.Contains(t, out, `id="query-error"`)
	assert.Contains(t, out, "total_mw_gte")
}

// A deal's page lists every figure column of the registry, with its basis
// and provenance; empty text fields are left out.
func TestDealPageFromRegistry(t *testing.T) {
	snap := withSeed(t)
	d, err := snap.Deal("iren-microsoft-2025-11")
	require.NoError(t, err)
	out := prerender(t, &dealPage{}, "/deals/"+d.ID)
	assert.Contains(t, out, "<h1>"+d.Title+"</h1>")
	for _, c := range figureColumns(dataset.KindDeals) {
		if c.Kind == dataset.ColumnNumber || c.Text(d) != "" {
			assert.Contains(t, out, `data-col="`+c.Name+`"`, "the page shows %s", c.Name)
		}
	}
	assert.NotContains(t, out, `data-col="value_basis"`, "a basis is shown with its figure, not on its own")
	assert.Contains(t, out, "initial term", "the value's basis")
	assert.Contains(t, out, `class="prov"`, "figures carry their provenance")
	assert.Contains(t, out, `href="/miners/iren"`, "the miner links to its page")
	assert.Contains(t, out, "not disclosed", "unknown figures say so")
	lists := 1 // the deal's sources, and the terms' when they have their own
	if len(d.TermsSources) > 0 {
		lists++
	}
	assert.Equal(t, lists, strings.Count(out, `class="sources"`))
}

// Every row of a table names its record by a data attribute of one word.
func TestRowsNameTheirRecords(t *testing.T) {
	snap := withSeed(t)
	for _, kind := range []string{dataset.KindEquity, dataset.KindFinancing} {
		res, err := snap.Query(&dataset.Query{Kind: kind, Size: 1})
		require.NoError(t, err)
		out := string(newRecordTable(kind, res.Rows).html())
		assert.Contains(t, out, `<tr data-`+kind+`="`, kind)
	}
}
