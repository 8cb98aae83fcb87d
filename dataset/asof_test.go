package dataset_test

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// asOfSnapshot: miner a with
//
//	deal early  colocation signed 2025-03-10, 1B, 50 IT
//	deal late   colocation signed 2025-09-02, 2B, 100 IT
//	deal built  colocation energized (status_as_of 2026-01), announced 2025-02, 0.5B
//	site s1     energized 200 (figures as of 2026-01), observed energized 100 on 2025-03 and 100 on 2025-11,
//	            a guidance for phase 2 announced 2025-10
//	site s2     first sourced 2025-08 (pipeline 300)
//	event e1    2024-04-20; event e2 2025-10-30
func asOfSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	src := func(d dataset.Date) []dataset.Source {
		return []dataset.Source{{URL: "https://example.com/" + string(d), Publisher: "Example", Kind: dataset.SourceFiling, Date: d}}
	}
	d := &dataset.Dataset{Meta: dataset.Meta{Revision: 1, AsOf: "2026-01-15"}}
	d.Miners = []dataset.Miner{{ID: "a", Name: "Alpha", Status: dataset.MinerPivoting,
		Capacity: []dataset.CapacityPoint{{AsOf: "2025-03", EnergizedMW: ptr(100), Basis: dataset.BasisGross}, {AsOf: "2025-12", EnergizedMW: ptr(200), Basis: dataset.BasisGross}}}}
	d.Counterparties = []dataset.Counterparty{{ID: "x", Name: "Xeno", Kind: "hyperscaler"}}
	deal := func(id string, announced dataset.Date, value, mw float64) dataset.Deal {
		return dataset.Deal{ID: id, Title: id, Miner: "a", Tenant: "x", Type: dataset.TypeColocation, Status: dataset.StatusSigned,
			Announced: announced, ValueUSD: ptr(value), ValueBasis: dataset.ValueInitialTerm, MW: ptr(mw), MWBasis: dataset.BasisIT, Site: "s1"}
	}
	built := deal("built", "2025-02", 0.5e9, 20)
	built.Status, built.StatusAsOf = dataset.StatusEnergized, "2026-01"
	d.Deals = []dataset.Deal{deal("early", "2025-03-10", 1e9, 50), deal("late", "2025-09-02", 2e9, 100), built}
	d.Sites = []dataset.Site{
		{ID: "s1", Miner: "a", Name: "One", Country: "US", EnergizedMW: ptr(200), Basis: dataset.BasisGross, AsOf: "2026-01", Sources: src("2025-01"),
			Milestones: []dataset.Milestone{
				{Date: "2025-03", Stage: dataset.StageEnergized, MW: ptr(100), Basis: dataset.BasisGross, Kind: dataset.MilestoneObserved, Label: "phase 1", Announced: "2025-04"},
				{Date: "2026-03", Stage: dataset.StageEnergized, MW: ptr(100), Basis: dataset.BasisGross, Kind: dataset.MilestoneGuided, Label: "phase 2", Announced: "2025-10"},
				{Date: "2025-11", Stage: dataset.StageEnergized, MW: ptr(100), Basis: dataset.BasisGross, Kind: dataset.MilestoneObserved, Label: "phase 2b"},
			}},
		{ID: "s2", Miner: "a", Name: "Two", Country: "US", PipelineMW: ptr(300), Basis: dataset.BasisGross, AsOf: "2025-08", Sources: src("2025-08-15")},
	}
	d.Events = []dataset.Event{{ID: "e1", Date: "2024-04-20", Kind: dataset.EventHalving, Title: "Halving"},
		{ID: "e2", Date: "2025-10-30", Kind: dataset.EventCorporate, Title: "Vote", Deal: "built"}}
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return s
}

func TestAsOfDealAnnouncedLaterDisappears(t *testing.T) {
	s := asOfSnapshot(t)
	past := s.AsOf("2025-06")
	require.NotSame(t, s, past)
	assert.Same(t, past, s.AsOf("2025-06"), "cached")
	ids := []string{}
	for _, d := range past.Deals {
		ids = append(ids, d.ID)
	}
	assert.ElementsMatch(t, []string{"early", "built"}, ids)
	now, then := s.Stats().Headline, past.Stats().Headline
	eqNum(t, 3.5e9, now.ContractedValueUSD, 1)
	eqNum(t, 1.5e9, then.ContractedValueUSD, 1)
	// The query engine gives the same through as_of=.
	q, err := dataset.ParseQuery(dataset.KindDeals, url.Values{"as_of": {"2025-06"}})
	require.NoError(t, err)
	assert.Equal(t, dataset.Date("2025-06"), q.AsOf)
	assert.Equal(t, "2025-06", q.Values().Get("as_of"))
	assert.Equal(t, 2, s.AsOf(q.AsOf).QueryDeals(q).Total)
	// A status dated after the date: signed then.
	d, err := past.Deal("built")
	require.NoError(t, err)
	assert.Equal(t, dataset.StatusSigned, d.Status)
	assert.True(t, d.IsContracted)
	// A month-only announcement counts from the month's first day.
	assert.Len(t, s.AsOf("2025-09-02").Deals, 3)
	assert.Len(t, s.AsOf("2025-09-01").Deals, 2)
	assert.Len(t, s.AsOf("2025-02").Deals, 1)
}

func TestAsOfMilestoneObservedLaterDoesNotCount(t *testing.T) {
	s := asOfSnapshot(t)
	past := s.AsOf("2025-06-30")
	st, err := past.Site("s1")
	require.NoError(t, err)
	eqNum(t, 100, st.EnergizedMW, 1e-9, "only the 2025-03 milestone was observed by then")
	eqNum(t, 100, st.ConstructionMW, 1e-9, "the rest was being built")
	require.Len(t, st.Milestones, 1, "the 2025-11 observation and the 2025-10 guidance were not known")
	_, err = past.Site("s2")
	require.Error(t, err, "s2 was first sourced in August 2025")
	m, err := past.Miner("a")
	require.NoError(t, err)
	eqNum(t, 100, m.EnergizedMW, 1e-9)
	assert.Len(t, m.Capacity, 1)
	rows := past.MilestoneRows(dataset.AsOfDay("2025-06-30"))
	require.Len(t, rows, 1)
	// Later in 2025 both observations count and s2 is there.
	late := s.AsOf("2025-12")
	st, err = late.Site("s1")
	require.NoError(t, err)
	eqNum(t, 200, st.EnergizedMW, 1e-9)
	_, err = late.Site("s2")
	require.NoError(t, err)
	assert.Same(t, s, s.AsOf("2026-02"), "nothing is newer than the dataset: the snapshot itself")
}

func TestAsOfEvents(t *testing.T) {
	s := asOfSnapshot(t)
	assert.Len(t, s.Events(), 2)
	assert.Len(t, s.AsOf("2025-06").Events(), 1)
	res := s.QueryEvents(&dataset.Query{Kind: dataset.KindEvents})
	require.Equal(t, 2, res.Total)
	assert.Equal(t, "e2", res.Rows[0].ID, "newest first")
}

func TestParseAsOf(t *testing.T) {
	for _, bad := range []string{"2025", "2025-13", "2025-02-30", "yesterday", "2025-1-01"} {
		_, err := dataset.ParseAsOf(bad)
		require.Error(t, err, bad)
		var e *dataset.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "as_of", e.Param)
		_, err = dataset.ParseQuery(dataset.KindDeals, url.Values{"as_of": {bad}})
		require.Error(t, err, bad)
	}
	at, err := dataset.ParseAsOf(" 2025-06 ")
	require.NoError(t, err)
	assert.Equal(t, dataset.Date("2025-06"), at)
	assert.Equal(t, dataset.Date("2024-02-29"), dataset.AsOfDay("2024-02"))
	assert.Equal(t, dataset.Date("2024-02-03"), dataset.AsOfDay("2024-02-03"))
}

func TestEventsSeed(t *testing.T) {
	s := seedSnapshot(t)
	evs := s.Events()
	require.Len(t, evs, 14)
	var bern *dataset.EventRow
	for i := range evs {
		if evs[i].ID == "bernstein-power-brokers-2026-05" {
			bern = &evs[i]
		}
	}
	require.NotNil(t, bern)
	assert.True(t, bern.Unverified, "no citable source exists for Bernstein's note")
	assert.Equal(t, dataset.GradeSecondary, bern.Grade)
	q, err := dataset.ParseQuery(dataset.KindEvents, url.Values{"unverified": {"true"}})
	require.NoError(t, err)
	assert.Equal(t, 1, s.QueryEvents(q).Total)
}

func TestEventValidation(t *testing.T) {
	d, err := dataset.Load(seedFS())
	require.NoError(t, err)
	d.Events = append(d.Events, dataset.Event{ID: "bad", Date: "2025-13", Kind: "rumour", Title: "", Miners: []string{"nobody"},
		Deal: "no-deal", Verified: "2026-01-01",
		Sources: []dataset.Source{{URL: "https://example.com/x", Publisher: "X", Kind: dataset.SourceAggregator}}})
	err = d.Validate()
	require.Error(t, err)
	for _, want := range []string{"events.json: bad: date", "events.json: bad: kind", "events.json: bad: title",
		"events.json: bad: miners[0]: unknown miner", "events.json: bad: deal: unknown deal", "events.json: bad: unverified: must be true"} {
		assert.Contains(t, err.Error(), want)
	}
}
