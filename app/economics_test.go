package app

import (
	"html"
	"net/url"
	"regexp"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/app/economics"
	"powerbrokers/dataset"
)

// textOf returns the text of the element with the given id in out.
func textOf(t *testing.T, out, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<[a-z]+ [^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>([^<]*)<`).FindStringSubmatch(out)
	require.NotNil(t, m, "no element #%s", id)
	return html.UnescapeString(m[1])
}

func TestEconomicsPrerender(t *testing.T) {
	snap := withSeed(t)
	s := economics.NewScenario(snap, nil)
	out := prerender(t, &economicsPage{}, "/economics")
	assert.Contains(t, out, `id="econ-verdict"`)
	assert.Equal(t, economics.Hashprice(*s.Result.BreakEvenHashpriceUSDPerPHDay), textOf(t, out, "econ-breakeven"))
	assert.Equal(t, economics.Money(s.Result.Mining.MarginUSD), textOf(t, out, "econ-mining-margin"))
	assert.Equal(t, economics.Money(s.Result.Lease.MarginUSD), textOf(t, out, "econ-lease-margin"))
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
	s := economics.NewScenario(snap, nil)
	out := app.HTMLString(c)
	require.NotNil(t, m.UncontractedMW)
	assert.Contains(t, out, mw(m.UncontractedMW))
	assert.Equal(t, economics.Money(*m.UncontractedMW*s.Result.Lease.MarginUSD), textOf(t, out, "whatif-lease"))
	assert.Equal(t, economics.Money(*m.UncontractedMW*s.Result.Mining.MarginUSD), textOf(t, out, "whatif-mining"))

	c.setRate("9700000")
	out = app.HTMLString(c.Render())
	v := url.Values{economics.ParamLeaseRate: {"9700000"}}
	s = economics.NewScenario(snap, v)
	assert.Contains(t, out, economics.Money(*m.UncontractedMW*s.Result.Lease.MarginUSD))
	assert.Contains(t, out, `lease_rate_usd_per_mw_year=9700000&`, "the calculator link carries the rate")
	c.setRate("-1")
	assert.Contains(t, app.HTMLString(c.Render()), "lease_rate_usd_per_mw_year: must not be negative (got -1)")

	none := &minerWhatIf{Miner: &dataset.MinerRow{}}
	assert.Contains(t, app.HTMLString(none.Render()), "No uncontracted MW on record.")
}
