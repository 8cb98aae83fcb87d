package app

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
)

// textOf returns the text of the element with the given id in out.
func textOf(t *testing.T, out, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<[a-z]+ [^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(out)
	require.NotNil(t, m, "no element #%s", id)
	return html.UnescapeString(m[1])
}

func TestEconomicsDefaultsAreSourced(t *testing.T) {
	snap := withSeed(t)
	d := economicsDefaultsOf(snap)

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
	none := economicsDefaultsOf(nil)
	assert.Equal(t, dataset.DefaultEconomicsInputs(), none.Inputs)
	assert.True(t, none.Prov[paramHashprice].Assumption)
}

func TestEconomicsScenarioQuery(t *testing.T) {
	snap := withSeed(t)
	s := newEconomicsScenario(snap, nil)
	require.True(t, s.ok(), s.Errs)
	want, err := dataset.Economics(s.Inputs)
	require.NoError(t, err)
	assert.Equal(t, want, s.Result)

	// Every input is written to the URL; reading it back gives the same scenario.
	q := s.query()
	assert.Len(t, q, len(economicsParams))
	again := newEconomicsScenario(snap, q)
	assert.Equal(t, s.Inputs, again.Inputs)

	// A deal fills the lease rate and term; editing the rate drops it.
	preset := snap.LeaseRatePresets().Presets[0]
	d := newEconomicsScenario(snap, s.withDeal(preset.DealID))
	require.True(t, d.ok(), d.Errs)
	require.NotNil(t, d.Deal)
	assert.Equal(t, math.Round(preset.USDPerMWYear), d.Inputs.LeaseRateUSDPerMWYear)
	assert.Equal(t, preset.TermYears, d.Inputs.TermYears)
	assert.False(t, d.DealEdited)
	assert.Equal(t, preset.DealID, d.query().Get(paramDeal))
	edited := d.with(paramLeaseRate, "2000000")
	assert.Empty(t, edited.Get(paramDeal))
	assert.Equal(t, "2000000", edited.Get(paramLeaseRate))
	assert.Equal(t, d.query().Get("pue"), edited.Get("pue"), "other inputs are kept")

	// Errors name the parameter.
	for _, tt := range []struct {
		query, param, msg string
	}{
		{"uptime=1.5", "uptime", "must be between 0 and 1 (got 1.5)"},
		{"pue=abc", "pue", `must be a number such as 1.85M, 2B or 95% (got "abc")`},
		{"deal=no-such-deal", paramDeal, `no deal "no-such-deal" with a known $/MW-yr and term in the data`},
	} {
		v, _ := url.ParseQuery(tt.query)
		bad := newEconomicsScenario(snap, v)
		assert.False(t, bad.ok(), tt.query)
		assert.Equal(t, tt.msg, bad.Errs[tt.param], tt.query)
		assert.Equal(t, tt.query[:len(tt.param)+1]+bad.query().Get(tt.param), tt.query, "the URL keeps what was typed")
	}
	v, _ := url.ParseQuery("lease_rate_usd_per_mw_year=1,850,000")
	assert.Equal(t, 1.85e6, newEconomicsScenario(snap, v).Inputs.LeaseRateUSDPerMWYear, "thousands separators are allowed")
}

func TestEconomicsPrerender(t *testing.T) {
	snap := withSeed(t)
	s := newEconomicsScenario(snap, nil)
	out := prerender(t, &economicsPage{}, "/economics")
	assert.Contains(t, out, `id="econ-verdict"`)
	assert.Equal(t, hashpriceF(*s.Result.BreakEvenHashpriceUSDPerPHDay), textOf(t, out, "econ-breakeven"))
	assert.Equal(t, econMoney(s.Result.Mining.MarginUSD), textOf(t, out, "econ-mining-margin"))
	assert.Equal(t, econMoney(s.Result.Lease.MarginUSD), textOf(t, out, "econ-lease-margin"))
	assert.Contains(t, out, `id="econ-chart-hashprice-svg"`)
	assert.Contains(t, out, `id="econ-chart-power-svg"`)
	assert.Contains(t, out, "Break-even "+"$")
	assert.Contains(t, out, `name="hashprice_usd_per_ph_day"`, "the form is a GET form of the same parameters")
	assert.Contains(t, out, `value="29"`)
	assert.Contains(t, out, "TokenPost", "the hashprice default links its source")
	assert.Contains(t, out, "· assumption", "an unsourced default says so")
	assert.Contains(t, out, `id="pick-hashprice-q4-2025"`)
	assert.Contains(t, out, `id="pick-rate-cloud"`)
	assert.Contains(t, out, `href="/economics"`, "the navigation links the page")
	assert.NotContains(t, out, "NaN")
	assert.NotContains(t, out, "econ-errors")
	assert.NotContains(t, out, " style=", "no inline styles (CSP)")
}

func TestEconomicsPrerenderInvalidInput(t *testing.T) {
	withSeed(t)
	out := prerender(t, &economicsPage{}, "/economics?uptime=1.5&hashprice_usd_per_ph_day=35")
	assert.Contains(t, out, `id="econ-errors"`)
	assert.Contains(t, out, "uptime: must be between 0 and 1 (got 1.5)")
	assert.Contains(t, out, `id="in-uptime-err"`)
	assert.Regexp(t, `<input[^>]*aria-invalid[^>]*id="in-uptime"|<input[^>]*id="in-uptime"[^>]*aria-invalid`, out)
	assert.Contains(t, out, `value="35"`, "valid inputs keep their values")
	assert.NotContains(t, out, `id="econ-verdict"`, "no result from invalid inputs")
}

func TestEmbedEconomicsPrerender(t *testing.T) {
	snap := withSeed(t)
	preset := snap.LeaseRatePresets().Presets[0]
	out := prerender(t, &embedEconomicsPage{}, "/embed/economics?deal="+preset.DealID+"&hashprice_usd_per_ph_day=40&theme=dark&plain=0")
	assert.Contains(t, out, `id="pb-embed"`)
	assert.NotContains(t, out, `class="pb-header"`, "chrome-less")
	assert.Contains(t, out, `id="econ-verdict"`)
	assert.Contains(t, out, "$40/PH/s/day")
	assert.Contains(t, out, preset.MinerName+" → "+preset.TenantName)
	assert.Contains(t, out, `href="/economics?deal=`+preset.DealID+`&hashprice_usd_per_ph_day=40"`, "the full view keeps the scenario, not the render flags")

	out = prerender(t, &embedEconomicsPage{}, "/embed/economics?pool_fee=2")
	assert.Contains(t, out, "pool_fee: must be between 0 and 1 (got 2)")
}

func TestMinerWhatIf(t *testing.T) {
	snap := withSeed(t)
	m, err := snap.Miner("iren")
	require.NoError(t, err)
	require.Equal(t, "gross", m.CapacityBasis, "the seed changed: pick another gross-basis miner")
	c := &minerWhatIf{Miner: m}
	disp := app.NewServerTester(c)
	defer disp.Close()
	disp.Consume()
	s := newEconomicsScenario(snap, nil)
	out := app.HTMLString(c)
	require.NotNil(t, m.UncontractedMW)
	assert.Contains(t, out, mw(m.UncontractedMW))
	assert.Equal(t, econMoney(*m.UncontractedMW*s.Result.Lease.MarginUSD), textOf(t, out, "whatif-lease"))
	assert.Equal(t, econMoney(*m.UncontractedMW*s.Result.Mining.MarginUSD), textOf(t, out, "whatif-mining"))

	c.setRate("9700000")
	out = app.HTMLString(c.Render())
	v := url.Values{paramLeaseRate: {"9700000"}}
	s = newEconomicsScenario(snap, v)
	assert.Contains(t, out, econMoney(*m.UncontractedMW*s.Result.Lease.MarginUSD))
	assert.Contains(t, out, `lease_rate_usd_per_mw_year=9700000&`, "the calculator link carries the rate")
	c.setRate("-1")
	assert.Contains(t, app.HTMLString(c.Render()), "lease_rate_usd_per_mw_year: must not be negative (got -1)")

	none := &minerWhatIf{Miner: &dataset.MinerRow{}}
	assert.Contains(t, app.HTMLString(none.Render()), "No uncontracted MW on record.")
}
