package app

import (
	"html"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/app/economics"
)

func TestEconomicsPrerender(t *testing.T) {
	withSeed(t)
	out := prerender(t, &economicsPage{}, "/economics")
	assert.Contains(t, out, `id="econ-verdict"`)
	for _, id := range []string{"econ-mining-margin", "econ-lease-margin", "econ-breakeven", "econ-table"} {
		assert.Contains(t, out, `id="`+id+`"`, "the outputs (their values: economics.TestOutputs)")
	}
	assert.Contains(t, out, "Mining matches the lease at a hashprice of "+"$")
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
	v, err := url.ParseQuery("deal=" + preset.DealID + "&hashprice_usd_per_ph_day=40")
	require.NoError(t, err)
	assert.Contains(t, out, html.EscapeString(economics.Assumptions(economics.NewScenario(snap, v))), "the scenario's inputs in one line")
	assert.Contains(t, out, `href="/economics?deal=`+preset.DealID+`&hashprice_usd_per_ph_day=40"`, "the full view keeps the scenario, not the render flags")

	out = prerender(t, &embedEconomicsPage{}, "/embed/economics?pool_fee=2")
	assert.Contains(t, out, "pool_fee: must be between 0 and 1 (got 2)")
}
