package economics

import (
	"math"
	"net/url"
	"testing"

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

func TestDefaultsAreSourced(t *testing.T) {
	snap := seedSnapshot(t)
	d := defaultsOf(snap)

	require.NotEmpty(t, d.Hashprices, "hashprice by quarter is read from the CoinShares figure")
	last := d.Hashprices[len(d.Hashprices)-1]
	assert.Equal(t, "Q1 2026", last.Quarter)
	assert.Equal(t, 29.0, d.Inputs.HashpriceUSDPerPHDay, "the latest quarter's midpoint")
	hp := d.Prov[ParamHashprice]
	assert.False(t, hp.Assumption)
	assert.Contains(t, hp.Who, "CoinShares")
	require.NotNil(t, hp.Source)
	assert.NotEmpty(t, hp.Source.URL)
	assert.Contains(t, d.CashCost, "/BTC")

	lp := snap.LeaseRatePresets()
	require.NotNil(t, lp.MedianColocationUSDPerMWYear)
	assert.Equal(t, math.Round(*lp.MedianColocationUSDPerMWYear), d.Inputs.LeaseRateUSDPerMWYear, "the median colocation rate of our deals")
	assert.Equal(t, "/deals?type=colocation", d.Prov[ParamLeaseRate].Link)
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
	assert.True(t, none.Prov[ParamHashprice].Assumption)
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
	d := NewScenario(snap, s.WithDeal(preset.DealID))
	require.True(t, d.OK(), d.Errs)
	require.NotNil(t, d.Deal)
	assert.Equal(t, math.Round(preset.USDPerMWYear), d.Inputs.LeaseRateUSDPerMWYear)
	assert.Equal(t, preset.TermYears, d.Inputs.TermYears)
	assert.False(t, d.DealEdited)
	assert.Equal(t, preset.DealID, d.Query().Get(ParamDeal))
	edited := d.With(ParamLeaseRate, "2000000")
	assert.Empty(t, edited.Get(ParamDeal))
	assert.Equal(t, "2000000", edited.Get(ParamLeaseRate))
	assert.Equal(t, d.Query().Get("pue"), edited.Get("pue"), "other inputs are kept")

	// Errors name the parameter.
	for _, tt := range []struct {
		query, param, msg string
	}{
		{"uptime=1.5", "uptime", "must be between 0 and 1 (got 1.5)"},
		{"pue=abc", "pue", `must be a number such as 1.85M, 2B or 95% (got "abc")`},
		{"deal=no-such-deal", ParamDeal, `no deal "no-such-deal" with a known $/MW-yr and term in the data`},
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
