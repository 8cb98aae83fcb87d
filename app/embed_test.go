package app

import (
	"net/url"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/app/chart"
	"powerbrokers/dataset"
)

func TestTimelineChartFollowsTheQuery(t *testing.T) {
	d, err := dataset.Load(os.DirFS("../dataset/testdata/small"))
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)

	all, err := dataset.ParseQuery(dataset.KindDeals, nil)
	require.NoError(t, err)
	iren, err := dataset.ParseQuery(dataset.KindDeals, url.Values{"miner": {"iren"}})
	require.NoError(t, err)
	chartAll, chartIren := timelineChart(snap, all), timelineChart(snap, iren)
	last := func(c chart.Steps) float64 {
		ps := c.Panels[0].Series[0].Points
		require.NotEmpty(t, ps)
		return *ps[len(ps)-1].Y
	}
	assert.Equal(t, *snap.Stats().ByMonth[len(snap.Stats().ByMonth)-1].CumValueUSD, last(chartAll), "unfiltered, the chart ends at the overview's total")
	assert.Less(t, last(chartIren), last(chartAll))
	assert.Equal(t, 9.7e9, last(chartIren))
	assert.Contains(t, chartIren.Title, "Miner: IREN Ltd")
}
