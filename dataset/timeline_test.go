package dataset_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// timelineSnapshot: site s (ERCOT, deal with tenant x) with phases
//
//	A  guided 2025-06 (given 2025-01), guided 2025-09 (given 2025-05), observed 2025-10-15
//	   → slipped: the guidance moved 92 days (Jul 1 → Oct 1) and it came 15 days after September: 107
//	B  guided 2025-11 (given 2025-06), nothing observed → overdue 32 days on 2026-01-01
//	C  guided 2026-03 (given 2025-12) → on track, due within 90 days
//	D  guided 2026-12 → on track, not due soon
//	E  observed 2024-05 only → delivered
//
// and site t (PJM, no deal) with one unlabelled guided pipeline step in 2026-02.
func timelineSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	g := func(date, label, announced string) dataset.Milestone {
		return dataset.Milestone{Date: dataset.Date(date), Stage: dataset.StageEnergized, Kind: dataset.MilestoneGuided, Label: label, Announced: dataset.Date(announced)}
	}
	o := func(date, label string) dataset.Milestone {
		return dataset.Milestone{Date: dataset.Date(date), Stage: dataset.StageEnergized, Kind: dataset.MilestoneObserved, Label: label}
	}
	d := &dataset.Dataset{Meta: dataset.Meta{Revision: 1, AsOf: "2025-12-31"}}
	d.Miners = []dataset.Miner{{ID: "a", Name: "Alpha"}, {ID: "b", Name: "Beta"}}
	d.Counterparties = []dataset.Counterparty{{ID: "x", Name: "Xeno", Kind: "hyperscaler"}}
	s := dataset.Site{ID: "s", Miner: "a", Name: "Ess", Country: "US", Milestones: []dataset.Milestone{
		g("2025-06", "A", "2025-01"), g("2025-09", "A", "2025-05"), o("2025-10-15", "A"),
		g("2025-11", "B", "2025-06"), g("2026-03", "C", "2025-12"), g("2026-12", "D", "2025-12"), o("2024-05", "E"),
	}}
	s.ISO = "ERCOT"
	tt := dataset.Site{ID: "t", Miner: "b", Name: "Tee", Country: "US", Milestones: []dataset.Milestone{
		{Date: "2026-02", Stage: dataset.StagePipeline, Kind: dataset.MilestoneGuided},
	}}
	tt.ISO = "PJM"
	d.Sites = []dataset.Site{s, tt}
	d.Deals = []dataset.Deal{{ID: "a-x", Title: "a-x", Miner: "a", Tenant: "x", Type: dataset.TypeColocation, Status: dataset.StatusSigned, Announced: "2025-01", Site: "s"}}
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return snap
}

func TestTimelineSlippage(t *testing.T) {
	tl := timelineSnapshot(t).Timeline("2026-01-01", dataset.TimelineFilter{})
	rows := map[string]dataset.TimelineRow{}
	for _, r := range tl.Rows {
		rows[r.ID] = r
	}
	require.Len(t, rows, 6)
	a := rows["s/A"]
	assert.Equal(t, dataset.PhaseSlipped, a.Status)
	assert.Equal(t, dataset.Date("2025-06"), a.FirstGuided)
	assert.Equal(t, dataset.Date("2025-09"), a.LatestGuided)
	assert.Equal(t, dataset.Date("2025-10-15"), a.Observed)
	require.NotNil(t, a.SlipDays)
	assert.Equal(t, 92+15, *a.SlipDays)
	assert.Len(t, a.Marks, 3)

	b := rows["s/B"]
	assert.Equal(t, dataset.PhaseOverdue, b.Status)
	require.NotNil(t, b.DaysOverdue)
	assert.Equal(t, 32, *b.DaysOverdue)
	assert.Nil(t, b.SlipDays)

	c := rows["s/C"]
	assert.Equal(t, dataset.PhaseOnTrack, c.Status)
	assert.True(t, c.DueSoon)
	assert.Equal(t, dataset.Date("2026-03"), c.NextDue)
	assert.False(t, rows["s/D"].DueSoon)
	assert.Equal(t, dataset.PhaseDelivered, rows["s/E"].Status)
	assert.Equal(t, "pipeline", rows["t/pipeline"].Label, "an unlabelled milestone makes a row per stage")

	assert.Equal(t, dataset.TimelineTotals{Rows: 6, Delivered: 1, OnTrack: 3, Slipped: 1, Overdue: 1, DueSoon: 2, SlipDaysTotal: 107}, tl.Totals)
	assert.Equal(t, []string{"ERCOT", "PJM"}, tl.Options.ISOs)
	assert.Equal(t, []string{"x"}, tl.Options.Tenants)
}

func TestTimelineFilters(t *testing.T) {
	s := timelineSnapshot(t)
	ids := func(f dataset.TimelineFilter) []string {
		var out []string
		for _, r := range s.Timeline("2026-01-01", f).Rows {
			out = append(out, r.ID)
		}
		return out
	}
	assert.ElementsMatch(t, []string{"s/C", "t/pipeline"}, ids(dataset.TimelineFilter{Due90: true}))
	assert.Equal(t, []string{"t/pipeline"}, ids(dataset.TimelineFilter{Miner: "b"}))
	assert.Equal(t, []string{"t/pipeline"}, ids(dataset.TimelineFilter{ISO: "PJM"}))
	assert.Equal(t, []string{"t/pipeline"}, ids(dataset.TimelineFilter{Stage: dataset.StagePipeline}))
	assert.Len(t, ids(dataset.TimelineFilter{Tenant: "x"}), 5)
	assert.Empty(t, ids(dataset.TimelineFilter{Tenant: "nobody"}))

	f, err := dataset.ParseTimelineFilter(url.Values{"miner": {"a"}, "due": {"90"}, "as_of": {"2025-06"}})
	require.NoError(t, err)
	assert.Equal(t, dataset.TimelineFilter{Miner: "a", Due90: true}, f)
	assert.Equal(t, "90", f.Values().Get("due"))
	for _, bad := range []url.Values{{"stage": {"built"}}, {"due": {"30"}}, {"colour": {"red"}}} {
		_, err := dataset.ParseTimelineFilter(bad)
		require.Error(t, err, bad)
	}
}

func TestTimelineAsOf(t *testing.T) {
	// On 2025-08-01 phase A's later guidance (given 2025-05) is known but
	// not its observation: guided to September, moved 92 days, not overdue yet.
	s := timelineSnapshot(t).AsOf("2025-08-01")
	tl := s.Timeline(dataset.AsOfDay("2025-08-01"), dataset.TimelineFilter{})
	for _, r := range tl.Rows {
		if r.ID == "s/A" {
			assert.Equal(t, dataset.PhaseSlipped, r.Status)
			assert.Equal(t, dataset.Date(""), r.Observed)
			require.NotNil(t, r.SlipDays)
			assert.Equal(t, 92, *r.SlipDays)
			return
		}
	}
	t.Fatal("no row s/A")
}

func TestTimelineSeed(t *testing.T) {
	tl := seedSnapshot(t).Timeline("2026-12-03", dataset.TimelineFilter{})
	require.NotEmpty(t, tl.Rows)
	assert.Positive(t, tl.Totals.Slipped+tl.Totals.Overdue, "the seed has slipped or overdue phases")
	for _, r := range tl.Rows {
		assert.Contains(t, dataset.PhaseStatuses, r.Status, r.ID)
		assert.NotEmpty(t, r.Marks, r.ID)
	}
}

func TestTimelineSlipIsWithinAStage(t *testing.T) {
	d := &dataset.Dataset{Meta: dataset.Meta{Revision: 1, AsOf: "2025-12-31"}}
	d.Miners = []dataset.Miner{{ID: "a", Name: "Alpha"}}
	d.Sites = []dataset.Site{{ID: "s", Miner: "a", Name: "Ess", Country: "US", Milestones: []dataset.Milestone{
		{Date: "2026-06", Stage: dataset.StageConstruction, Kind: dataset.MilestoneGuided, Label: "P", Announced: "2025-06"},
		{Date: "2027-06", Stage: dataset.StageEnergized, Kind: dataset.MilestoneGuided, Label: "P", Announced: "2025-06"},
	}}}
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	tl := s.Timeline("2025-12-31", dataset.TimelineFilter{})
	require.Len(t, tl.Rows, 1)
	assert.Nil(t, tl.Rows[0].SlipDays, "construction then energization a year later is a plan, not a slip")
	assert.Equal(t, dataset.PhaseOnTrack, tl.Rows[0].Status)
}
