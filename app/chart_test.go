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

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

func count[S ~string](s S, sub string) int { return strings.Count(string(s), sub) }

// withSeed makes the pages prerender the real seed, as the server does.
func withSeed(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	prev := serverSource
	serverSource = func() *dataset.Snapshot { return snap }
	t.Cleanup(func() { serverSource = prev })
	return snap
}

// prerender mounts a page the way the server does at path and returns its HTML.
func prerender(t *testing.T, compo app.Composer, path string) string {
	t.Helper()
	disp := app.NewServerTester(compo)
	defer disp.Close()
	u, err := url.Parse("https://test.go-app.dev" + path)
	require.NoError(t, err)
	disp.(interface{ Nav(*url.URL) }).Nav(u)
	disp.Consume()
	out := app.HTMLString(compo)
	// go-app prints a false boolean attribute as ="false", which HTML reads as true.
	assert.NotRegexp(t, falseBoolAttr, out, path)
	return out
}

func TestOverviewPrerender(t *testing.T) {
	snap := withSeed(t)
	out := prerender(t, &overviewPage{}, "/")
	assert.Contains(t, out, `id="headline"`)
	for _, id := range []string{"chart-capacity", "chart-contracted", "chart-cumulative", "chart-tenants", "chart-types", "chart-recon-value"} {
		assert.Contains(t, out, `id="`+id+`-svg"`, id)
		assert.Contains(t, out, `id="`+id+`-summary"`, id)
	}
	assert.Contains(t, out, "Reconciliation with Bernstein")
	r, err := snap.Reconcile(bernsteinAggregate)
	require.NoError(t, err)
	for _, sc := range r.Scopes {
		assert.Contains(t, out, `data-scope="`+sc.ID+`"`, "a row for every scope")
	}
	assert.Contains(t, out, `href="/deals/`+r.Scopes[1].Deals[0]+`"`, "scopes link their deals")
	assert.Contains(t, out, `id="freshness-checked"`)
	assert.Contains(t, out, `id="overdue"`)
	assert.Contains(t, out, `id="changes"`, "the server prerenders what changed too")
	assert.NotContains(t, out, "NaN")
}

func TestMinersPrerenderSort(t *testing.T) {
	withSeed(t)
	out := prerender(t, &minersPage{}, "/miners")
	assert.Regexp(t, `aria-sort="descending"[^>]*>\s*<a [^>]*data-key="sort:contracted_mw"`, out)
	assert.Equal(t, 1, count(out, "aria-sort="), "aria-sort on the sorted column only")

	out = prerender(t, &minersPage{}, "/miners?sort=name")
	assert.Regexp(t, `aria-sort="ascending"[^>]*>\s*<a [^>]*data-key="sort:name"`, out)
	rows := regexp.MustCompile(`data-miner="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	require.NotEmpty(t, rows)
	assert.Equal(t, "american-bitcoin", rows[0][1], "sorted by name")
	assert.Contains(t, out, `href="/miners?sort=-name"`, "a second click reverses")
}

func TestMinerPrerender(t *testing.T) {
	withSeed(t)
	out := prerender(t, &minerPage{}, "/miners/iren")
	assert.Contains(t, out, `id="miner-name"`)
	assert.Contains(t, out, `id="capacity"`)
	assert.Contains(t, out, `id="chart-ladder-svg"`)
	assert.Contains(t, out, `id="chart-history-svg"`)
	assert.Contains(t, out, "deals-table")
	assert.Contains(t, out, `href="/compare?m=iren"`)
	assert.Contains(t, prerender(t, &minerPage{}, "/miners/terawulf"), "EH/s")

	out = prerender(t, &minerPage{}, "/miners/bitdeer")
	assert.Contains(t, out, "No dated capacity disclosure on record")
}

func TestComparePrerender(t *testing.T) {
	withSeed(t)
	out := prerender(t, &comparePage{}, "/compare?m=iren,cipher,hut8,nope")
	heads := regexp.MustCompile(`<th [^>]*data-miner="([a-z0-9-]+)"`).FindAllStringSubmatch(out, -1)
	require.Len(t, heads, 3)
	assert.Equal(t, "iren", heads[0][1])
	assert.Contains(t, out, "No miner named nope")
	assert.Contains(t, out, `id="chart-compare-ladder-svg"`)
	boxes := regexp.MustCompile(`<input [^>]*>`).FindAllString(out, -1)
	require.NotEmpty(t, boxes)
	for _, b := range boxes {
		// go-app prints Checked(false) as checked="false", which HTML reads as checked.
		assert.NotRegexp(t, falseBoolAttr, b)
		on := strings.Contains(b, " checked")
		assert.Equal(t, strings.Contains(b, `"pick-iren"`) || strings.Contains(b, `"pick-cipher"`) || strings.Contains(b, `"pick-hut8"`), on, b)
	}

	ids, unknown := parseCompare(url.Values{"m": {"a,b", "b", "c,d,e"}}, nil)
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids, "deduplicated, at most four")
	assert.Empty(t, unknown)
}

func TestRateRange(t *testing.T) {
	assert.Equal(t, notDisclosed, rateRange(nil))
	d := func(v float64, typ string) dataset.DealRow {
		return dataset.DealRow{Deal: dataset.Deal{Type: typ}, USDPerMWYear: &v}
	}
	assert.Equal(t, "$1.50M/MW-yr (1 deal: colocation)", rateRange([]dataset.DealRow{d(1.5e6, "colocation"), {}}))
	assert.Equal(t, "$1.40M/MW-yr to $10.0M/MW-yr (2 deals: cloud-services, colocation)",
		rateRange([]dataset.DealRow{d(10e6, "cloud-services"), d(1.4e6, "colocation")}))
}

// falseBoolAttr matches a boolean HTML attribute printed as ="false"
// (aria-* and data-* values may legitimately be "false").
var falseBoolAttr = regexp.MustCompile(`\s(checked|disabled|selected|hidden|readonly|required|multiple|open)="false"`)

// A one-miner exposure view sums that miner's deals, not the industry's.
func TestExposureSummaryOfOneMiner(t *testing.T) {
	s := withSeed(t)
	all := s.Exposure()
	require.Greater(t, len(all.Miners), 1)
	whole := exposureSummary(all)
	assert.Contains(t, whole, fmt.Sprintf("%d contracted capacity deals of %d miners", all.Industry.DealCount, len(all.Miners)))

	one := all.ForMiner("terawulf")
	require.Len(t, one.Miners, 1)
	me := one.Miners[0]
	got := exposureSummary(one)
	assert.True(t, strings.HasPrefix(got, "TeraWulf's "+plural(me.DealCount, "contracted capacity deal", "contracted capacity deals")+" add up to "+money(me.ValueUSD)), got)
	assert.NotContains(t, got, money(all.Industry.ValueUSD), "not the industry's total")
}

// The headline figures and group tables of a one-miner view are the miner's.
func TestExposureScope(t *testing.T) {
	all := withSeed(t).Exposure()
	ind, one := exposureScope(all)
	assert.False(t, one)
	assert.Equal(t, all.Industry.DealCount, ind.DealCount)
	ind, one = exposureScope(all.ForMiner("terawulf"))
	assert.True(t, one)
	assert.Equal(t, "terawulf", ind.Miner)
	assert.Less(t, ind.DealCount, all.Industry.DealCount)
}
