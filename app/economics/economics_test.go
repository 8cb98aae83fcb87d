package economics

import (
	"html"
	"math"
	"net/url"
	"regexp"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
)

// seedSnapshot is the snapshot of the curated seed data.
func seedSnapshot(t *testing.T) *dataset.Snapshot {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	return snap
}

// textOf returns the text of the element with the given id in out.
func textOf(t *testing.T, out, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<[a-z]+ [^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(out)
	require.NotNil(t, m, "no element #%s", id)
	return html.UnescapeString(m[1])
}

func TestOutputs(t *testing.T) {
	s := NewScenario(seedSnapshot(t), nil)
	require.True(t, s.OK(), s.Errs)
	out := app.HTMLString(app.Elem("div").Body(Outputs(s)...))
	assert.Equal(t, hashpriceF(*s.Result.BreakEvenHashpriceUSDPerPHDay), textOf(t, out, "econ-breakeven"))
	assert.Equal(t, money(s.Result.Mining.MarginUSD), textOf(t, out, "econ-mining-margin"))
	assert.Equal(t, money(s.Result.Lease.MarginUSD), textOf(t, out, "econ-lease-margin"))
	assert.Contains(t, out, `id="econ-verdict"`)
	assert.Contains(t, out, `id="econ-table"`)
	assert.NotContains(t, out, "NaN")

	bad := NewScenario(nil, url.Values{"uptime": {"1.5"}})
	out = app.HTMLString(app.Elem("div").Body(Outputs(bad)...))
	assert.Contains(t, out, `id="econ-errors"`)
	assert.Contains(t, out, "uptime: must be between 0 and 1 (got 1.5)")
	assert.NotContains(t, out, `id="econ-verdict"`, "no result from invalid inputs")
}

func TestDefaultsAreSourced(t *testing.T) {
	snap := seedSnapshot(t)
	d := defaultsOf(snap)

	require.NotEmpty(t, d.Hashprices, "hashprice by quarter is read from the CoinShares figure")
	last := d.Hashprices[len(d.Hashprices)-1]
	assert.Equal(t, "Q1 2026", last.Quarter)
	assert.Equal(t, 29.0, d.Inputs.HashpriceUSDPerPHDay, "the latest quarter's midpoint")
	hp := d.Prov[paramHashprice]
	assert.False(t, hp.Assumption)
	assert.Contains(t, hp.Who, "CoinShares")
	require.NotNil(t, hp.Source)
	assert.NotEmpty(t, hp.Source.URL)
	assert.Contains(t, d.CashCost, "/BTC")

	lp := snap.LeaseRatePresets()
	require.NotNil(t, lp.MedianColocationUSDPerMWYear)
	assert.Equal(t, math.Round(*lp.MedianColocationUSDPerMWYear), d.Inputs.LeaseRateUSDPerMWYear, "the median colocation rate of our deals")
	assert.Equal(t, "/deals?type=colocation", d.Prov[paramLeaseRate].Link)
	assert.False(t, d.Prov["capex_usd_per_mw"].Assumption)
	assert.True(t, d.Prov["efficiency_j_per_th"].Assumption, "a default without a sourced figure says so")

	ids := map[string]bool{}
	for _, r := range d.RatePicks {
		ids[r.ID] = true
	}
	assert.Equal(t, map[string]bool{"colocation": true, "cloud": true, "benchmark": true}, ids)

	// Without data every default is the dataset package's, and an assumption.
	none := defaultsOf(nil)
	assert.Equal(t, dataset.DefaultEconomicsInputs(), none.Inputs)
	assert.True(t, none.Prov[paramHashprice].Assumption)
}

func TestScenarioQuery(t *testing.T) {
	snap := seedSnapshot(t)
	s := NewScenario(snap, nil)
	require.True(t, s.OK(), s.Errs)
	want, err := dataset.Economics(s.Inputs)
	require.NoError(t, err)
	assert.Equal(t, want, s.Result)

	// Every input is written to the URL; reading it back gives the same scenario.
	q := s.Query()
	assert.Len(t, q, len(params), "every input, and no deal")
	again := NewScenario(snap, q)
	assert.Equal(t, s.Inputs, again.Inputs)

	// A deal fills the lease rate and term; editing the rate drops it.
	preset := snap.LeaseRatePresets().Presets[0]
	d := NewScenario(snap, s.withDeal(preset.DealID))
	require.True(t, d.OK(), d.Errs)
	require.NotNil(t, d.Deal)
	assert.Equal(t, math.Round(preset.USDPerMWYear), d.Inputs.LeaseRateUSDPerMWYear)
	assert.Equal(t, preset.TermYears, d.Inputs.TermYears)
	assert.False(t, d.DealEdited)
	assert.Equal(t, preset.DealID, d.Query().Get(paramDeal))
	edited := d.with(paramLeaseRate, "2000000")
	assert.Empty(t, edited.Get(paramDeal))
	assert.Equal(t, "2000000", edited.Get(paramLeaseRate))
	assert.Equal(t, d.Query().Get("pue"), edited.Get("pue"), "other inputs are kept")

	// Errors name the parameter.
	for _, tt := range []struct {
		query, param, msg string
	}{
		{"uptime=1.5", "uptime", "must be between 0 and 1 (got 1.5)"},
		{"pue=abc", "pue", `must be a number such as 1.85M, 2B or 95% (got "abc")`},
		{"deal=no-such-deal", paramDeal, `no deal "no-such-deal" with a known $/MW-yr and term in the data`},
	} {
		v, _ := url.ParseQuery(tt.query)
		bad := NewScenario(snap, v)
		assert.False(t, bad.OK(), tt.query)
		assert.Equal(t, tt.msg, bad.Errs[tt.param], tt.query)
		assert.Equal(t, tt.query[:len(tt.param)+1]+bad.Query().Get(tt.param), tt.query, "the URL keeps what was typed")
	}
	v, _ := url.ParseQuery("lease_rate_usd_per_mw_year=1,850,000")
	assert.Equal(t, 1.85e6, NewScenario(snap, v).Inputs.LeaseRateUSDPerMWYear, "thousands separators are allowed")
}

func TestWhatIf(t *testing.T) {
	snap := seedSnapshot(t)
	m, err := snap.Miner("iren")
	require.NoError(t, err)
	require.Equal(t, "gross", m.CapacityBasis, "the seed changed: pick another gross-basis miner")
	c := &WhatIf{Miner: m, Snap: snap}
	disp := app.NewServerTester(c)
	defer disp.Close()
	disp.Consume()
	s := NewScenario(snap, nil)
	out := app.HTMLString(c)
	require.NotNil(t, m.UncontractedMW)
	assert.Contains(t, out, dataset.MWOf(m.UncontractedMW))
	assert.Equal(t, money(*m.UncontractedMW*s.Result.Lease.MarginUSD), textOf(t, out, "whatif-lease"))
	assert.Equal(t, money(*m.UncontractedMW*s.Result.Mining.MarginUSD), textOf(t, out, "whatif-mining"))

	c.setRate("9700000")
	out = app.HTMLString(c.Render())
	v := url.Values{paramLeaseRate: {"9700000"}}
	s = NewScenario(snap, v)
	assert.Contains(t, out, money(*m.UncontractedMW*s.Result.Lease.MarginUSD))
	assert.Contains(t, out, `lease_rate_usd_per_mw_year=9700000&`, "the calculator link carries the rate")
	c.setRate("-1")
	assert.Contains(t, app.HTMLString(c.Render()), "lease_rate_usd_per_mw_year: must not be negative (got -1)")

	none := &WhatIf{Miner: &dataset.MinerRow{}, Snap: snap}
	assert.Contains(t, app.HTMLString(none.Render()), "No uncontracted MW on record.")
}
