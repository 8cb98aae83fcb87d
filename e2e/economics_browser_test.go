//go:build !wasm

package e2e

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
	"powerbrokers/server"
)

// typeInto replaces the text of an input by typing s, as a person would.
func typeInto(sel, s string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Focus(sel, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(`+strconv.Quote(sel)+`).select()`, nil),
		chromedp.SendKeys(sel, s, chromedp.ByQuery),
	}
}

// chooseOption picks an option of a select and fires its change event.
func chooseOption(sel, value string) chromedp.Action {
	return chromedp.Evaluate(`(() => {
		const s = document.querySelector(`+strconv.Quote(sel)+`);
		s.value = `+strconv.Quote(value)+`;
		s.dispatchEvent(new Event('change', {bubbles: true}));
	})()`, nil)
}

// waitText waits until the element's text contains s.
func waitText(sel, s string) chromedp.Action {
	return chromedp.Poll(`(document.querySelector(`+strconv.Quote(sel)+`) || {}).textContent?.includes(`+strconv.Quote(s)+`)`, nil,
		chromedp.WithPollingTimeout(30*time.Second))
}

// hashpriceText formats a hashprice as the page does.
func hashpriceText(v float64) string {
	return "$" + strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + "/PH/s/day"
}

// seedPreset returns the lease preset of a deal of the embedded seed.
func seedPreset(t *testing.T, id string) dataset.LeasePreset {
	t.Helper()
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	snap, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	for _, p := range snap.LeaseRatePresets().Presets {
		if p.DealID == id {
			return p
		}
	}
	t.Fatalf("the seed has no lease preset %s", id)
	return dataset.LeasePreset{}
}

func TestBrowserEconomics(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	const dealID = "terawulf-fluidstack-2025-08"
	preset := seedPreset(t, dealID)

	var be0, advantage0 string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/economics"),
		waitClient(),
		chromedp.WaitVisible(`#econ-verdict`, chromedp.ByID),
		waitURL("hashprice_usd_per_ph_day=29"), // the sourced defaults are pinned in the URL
		chromedp.Text(`#econ-breakeven`, &be0, chromedp.ByID),
		chromedp.Text(`#econ-advantage`, &advantage0, chromedp.ByID),
	))
	requireStylesheet(ctx, t, "economics.css")
	screenshot(ctx, t, "economics-default")

	// Pick a deal: its rate and term fill the lease, the break-even moves
	// and the URL names the deal.
	in := dataset.DefaultEconomicsInputs()
	in.HashpriceUSDPerPHDay = 29 // CoinShares' Q1 2026 midpoint, the sourced default
	in.LeaseRateUSDPerMWYear, in.TermYears = math.Round(preset.USDPerMWYear), preset.TermYears
	want, err := dataset.Economics(in)
	require.NoError(t, err)
	var rate, term, be1 string
	require.NoError(t, chromedp.Run(ctx,
		chooseOption(`#in-deal`, dealID),
		waitURL("deal="+dealID),
		waitText(`#econ-breakeven`, hashpriceText(*want.BreakEvenHashpriceUSDPerPHDay)),
		chromedp.Value(`#in-lease_rate_usd_per_mw_year`, &rate, chromedp.ByQuery),
		chromedp.Value(`#in-term_years`, &term, chromedp.ByQuery),
		chromedp.Text(`#econ-breakeven`, &be1, chromedp.ByID),
	))
	// Inputs show numbers in the number style ("1.5M", "1,785,714") and read them back.
	rateV, err := dataset.ParseNumber(rate)
	require.NoError(t, err, rate)
	assert.Equal(t, math.Round(preset.USDPerMWYear), rateV, rate)
	assert.Equal(t, strconv.FormatFloat(preset.TermYears, 'f', -1, 64), term)
	assert.NotEqual(t, be0, be1, "the break-even moves with the lease rate")

	// Type a hashprice: mining's margin and the comparison move, the
	// break-even does not (it is a hashprice), and the chart marks the input.
	var advantage1, be2, summary, loc string
	require.NoError(t, chromedp.Run(ctx,
		typeInto(`#in-hashprice_usd_per_ph_day`, "60"),
		waitURL("hashprice_usd_per_ph_day=60"),
		waitText(`#econ-chart-hashprice-summary`, "Your input: $60/PH/s/day"),
		chromedp.Text(`#econ-advantage`, &advantage1, chromedp.ByID),
		chromedp.Text(`#econ-breakeven`, &be2, chromedp.ByID),
		chromedp.Text(`#econ-chart-hashprice-summary`, &summary, chromedp.ByID),
		chromedp.Location(&loc),
	))
	assert.NotEqual(t, advantage0, advantage1)
	assert.Equal(t, be1, be2)
	assert.Contains(t, summary, "They meet at "+be2)
	u, err := url.Parse(loc)
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, dealID, q.Get("deal"))
	assert.Len(t, q, 13, "every input is in the URL, and the deal: %s", loc)
	screenshot(ctx, t, "economics-deal-hashprice-60")

	// An invalid input names its parameter; fixing it brings the results back.
	var errText string
	require.NoError(t, chromedp.Run(ctx,
		typeInto(`#in-uptime`, "1.5"),
		chromedp.WaitVisible(`#econ-errors`, chromedp.ByID),
		chromedp.Text(`#econ-errors`, &errText, chromedp.ByID),
		waitURL("uptime=1.5"),
	))
	assert.Contains(t, errText, "uptime: must be between 0 and 1 (got 1.5)")
	screenshot(ctx, t, "economics-invalid-uptime")
	require.NoError(t, chromedp.Run(ctx,
		typeInto(`#in-uptime`, "0.95"),
		chromedp.WaitVisible(`#econ-verdict`, chromedp.ByID),
		waitURL("uptime=0.95"),
		chromedp.Location(&loc),
	))

	// Reload the URL: the same scenario, from a fresh document.
	var verdict, verdictAgain, deal, hashprice, be3 string
	var reloaded bool
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Text(`#econ-verdict`, &verdict, chromedp.ByID),
		chromedp.Evaluate(`window.__sameDocument = true`, nil),
		chromedp.Navigate(loc),
		waitClient(),
		chromedp.WaitVisible(`#econ-verdict`, chromedp.ByID),
		chromedp.Evaluate(`window.__sameDocument !== true`, &reloaded),
		chromedp.Text(`#econ-verdict`, &verdictAgain, chromedp.ByID),
		chromedp.Value(`#in-deal`, &deal, chromedp.ByQuery),
		chromedp.Value(`#in-hashprice_usd_per_ph_day`, &hashprice, chromedp.ByQuery),
		chromedp.Text(`#econ-breakeven`, &be3, chromedp.ByID),
	))
	require.True(t, reloaded)
	assert.Equal(t, verdict, verdictAgain)
	assert.Equal(t, dealID, deal)
	assert.Equal(t, "60", hashprice)
	assert.Equal(t, be2, be3)
	requireStylesheet(ctx, t, "economics.css")
	screenshot(ctx, t, "economics-reloaded")

	// Typing a lease rate by hand drops the deal it came from.
	var dealAfter string
	require.NoError(t, chromedp.Run(ctx,
		typeInto(`#in-lease_rate_usd_per_mw_year`, "2500000"),
		waitURL("lease_rate_usd_per_mw_year=2500000"),
		chromedp.Location(&loc),
		chromedp.Value(`#in-deal`, &dealAfter, chromedp.ByQuery),
	))
	assert.NotContains(t, loc, "deal=")
	assert.Empty(t, dealAfter)

	// The same scenario as an embed.
	var embedVerdict, open string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/embed/economics?"+u.RawQuery+"&theme=dark"),
		waitEmbed(),
		chromedp.Text(`#econ-verdict`, &embedVerdict, chromedp.ByID),
		chromedp.AttributeValue(`#pb-embed-open`, "href", &open, nil, chromedp.ByID),
	))
	assert.Equal(t, verdict, embedVerdict)
	assert.NotContains(t, open, "theme=")
	assert.Contains(t, open, "deal="+dealID)
	requireStylesheet(ctx, t, "economics.css")
	screenshot(ctx, t, "economics-embed")
}

func TestBrowserEconomicsOffline(t *testing.T) {
	requireWASM(t)
	ts := startServer(t, server.Config{})
	ctx := newBrowser(t)
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/"),
		waitClient(),
		waitWorker(),
	))
	ts.Stop()
	if resp, err := http.Get(ts.URL + "/"); err == nil {
		resp.Body.Close()
		t.Fatalf("GET %s after Stop succeeded; the server must be unreachable", ts.URL)
	}

	in := dataset.DefaultEconomicsInputs()
	in.HashpriceUSDPerPHDay, in.LeaseRateUSDPerMWYear, in.TermYears = 45, 2e6, 10
	want, err := dataset.Economics(in)
	require.NoError(t, err)
	var be string
	require.NoError(t, chromedp.Run(ctx,
		chromedp.Navigate(ts.URL+"/economics?hashprice_usd_per_ph_day=45&lease_rate_usd_per_mw_year=2000000&term_years=10"),
		waitClient(),
		chromedp.WaitVisible(`#offline-banner`, chromedp.ByID),
		chromedp.WaitVisible(`#econ-verdict`, chromedp.ByID),
		chromedp.Text(`#econ-breakeven`, &be, chromedp.ByID),
	))
	assert.Equal(t, hashpriceText(*want.BreakEvenHashpriceUSDPerPHDay), be)

	// Offline, an edit still recomputes in the browser.
	in.PowerPriceUSDPerMWh = 25
	want, err = dataset.Economics(in)
	require.NoError(t, err)
	require.NoError(t, chromedp.Run(ctx,
		typeInto(`#in-power_price_usd_per_mwh`, "25"),
		waitURL("power_price_usd_per_mwh=25"),
		waitText(`#econ-breakeven`, hashpriceText(*want.BreakEvenHashpriceUSDPerPHDay)),
	))
	var banner string
	require.NoError(t, chromedp.Run(ctx, chromedp.Text(`#offline-banner`, &banner, chromedp.ByID)))
	assert.True(t, strings.Contains(banner, "Offline"), banner)
}
