package dataset_test

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func intp(n int) *int { return &n }

func TestValidateTermRules(t *testing.T) {
	src := []dataset.Source{{URL: "https://example.com/8-k", Publisher: "SEC", Kind: dataset.SourceFiling, Date: "2025-08-14"}}
	tests := []struct {
		name   string
		mutate func(d *dataset.Dataset)
		want   string
	}{
		{"equity unknown holder", func(d *dataset.Dataset) { d.Equity[0].Holder = "acme" }, `equity.json: terawulf-google-warrant-2025-08: holder: unknown counterparty "acme"`},
		{"equity unknown issuer", func(d *dataset.Dataset) { d.Equity[0].Issuer = "nobody" }, `equity.json: terawulf-google-warrant-2025-08: issuer: unknown miner "nobody"`},
		{"equity unknown deal", func(d *dataset.Dataset) { d.Equity[0].Deal = "nope" }, `equity.json: terawulf-google-warrant-2025-08: deal: unknown deal "nope"`},
		{"equity instrument", func(d *dataset.Dataset) { d.Equity[0].Instrument = "rsu" }, `instrument: "rsu" is not one of warrant, shares, option, convertible`},
		{"equity percent without basis", func(d *dataset.Dataset) { d.Equity[0].PercentBasis = "" }, `percent_basis: is required with percent`},
		{"equity percent over 100", func(d *dataset.Dataset) { d.Equity[0].Percent = ptr(140) }, `percent: 140 is not a percentage from 0 to 100`},
		{"equity fractional shares", func(d *dataset.Dataset) { d.Equity[0].Shares = ptr(1.5) }, `shares: 1.5 is not a whole number of shares`},
		{"equity value without basis", func(d *dataset.Dataset) { d.Equity[0].ValueUSD = ptr(2e9) }, `value_basis: is required with value_usd`},
		{"equity without sources", func(d *dataset.Dataset) { d.Equity[0].Sources = nil }, `equity.json: terawulf-google-warrant-2025-08: sources: at least one source is required`},
		{"equity verified before source", func(d *dataset.Dataset) { d.Equity[0].Verified = "2025-08-01" }, `equity.json: terawulf-google-warrant-2025-08: verified: 2025-08-01 is before sources[0]'s date`},
		{"equity duplicate id", func(d *dataset.Dataset) { d.Equity = append(d.Equity, d.Equity[0]) }, `equity.json: terawulf-google-warrant-2025-08: id: duplicate id`},
		{"financing kind", func(d *dataset.Dataset) { d.Financing[0].Kind = "bond" }, `financing.json: terawulf-notes-2025-10: kind: "bond" is not one of senior-secured-notes`},
		{"financing amount without basis", func(d *dataset.Dataset) { d.Financing[0].AmountBasis = "" }, `amount_basis: is required with amount_usd`},
		{"financing draw without facility", func(d *dataset.Dataset) { d.Financing[0].AmountBasis = dataset.AmountDraw }, `part_of: is required for a draw`},
		{"financing part of unknown", func(d *dataset.Dataset) { d.Financing[0].PartOf = "nope" }, `part_of: unknown financing "nope"`},
		{"financing part of itself", func(d *dataset.Dataset) { d.Financing[0].PartOf = d.Financing[0].ID }, `part_of: names the record itself`},
		{"financing maturity before date", func(d *dataset.Dataset) { d.Financing[0].Maturity = "2024" }, `maturity: 2024 is before the date 2025-10-22`},
		{"financing coupon", func(d *dataset.Dataset) { d.Financing[0].CouponPct = ptr(71.25) }, `coupon_pct: 71.25 is not a coupon from 0 to 50 %`},
		{"financing unknown site", func(d *dataset.Dataset) { d.Financing[0].Sites = []string{"atlantis"} }, `financing.json: terawulf-notes-2025-10: sites[0]: unknown site "atlantis"`},
		{"financing unknown deal", func(d *dataset.Dataset) { d.Financing[0].Deals = []string{"nope"} }, `deals[0]: unknown deal "nope"`},
		{"financing EUR without rate", func(d *dataset.Dataset) { d.Financing[0].Currency, d.Financing[0].AmountOrig = "EUR", ptr(2.8e9) }, `fx_rate: is required with currency EUR`},
		{"financing currency not ISO", func(d *dataset.Dataset) { d.Financing[0].Currency = "eur" }, `currency: "eur" is not an ISO 4217 code`},
		{"financing currency too long", func(d *dataset.Dataset) { d.Financing[0].Currency = "euro" }, `currency: is 4 characters long; the limit is 3`},
		{"deal lease structure", func(d *dataset.Dataset) { d.Deals[1].LeaseStructure = "net" }, `deals.json: terawulf-fluidstack-2025-08: lease_structure: "net" is not one of nnn, modified-gross`},
		{"deal escalator", func(d *dataset.Dataset) { d.Deals[1].EscalatorPct = ptr(-3) }, `escalator_pct: -3 is not a percentage from 0 to 100`},
		{"deal option without kind", func(d *dataset.Dataset) { d.Deals[1].OptionMW = ptr(48) }, `option_kind: is required with option_mw`},
		{"deal option kind", func(d *dataset.Dataset) { d.Deals[1].OptionKind = "first-look" }, `option_kind: "first-look" is not one of option, rofo, rofr`},
		{"deal renewal years without count", func(d *dataset.Dataset) { d.Deals[1].RenewalYears = ptr(5) }, `renewal_count: is required with renewal_years`},
		{"deal renewal count", func(d *dataset.Dataset) { d.Deals[1].RenewalCount = intp(-1) }, `renewal_count: -1 is not a count of renewal options`},
		{"deal prepayment negative", func(d *dataset.Dataset) { d.Deals[0].PrepaymentUSD = ptr(-1) }, `deals.json: iren-microsoft-2025-11: prepayment_usd: must not be negative`},
		{"deal EUR value off", func(d *dataset.Dataset) {
			d.Deals[0].Currency, d.Deals[0].ValueOrig, d.Deals[0].FXRate, d.Deals[0].FXDate = "EUR", ptr(1e9), ptr(1.1), "2025-11-03"
		}, `deals.json: iren-microsoft-2025-11: value_usd: 9.7e+09 is not value_orig 1e+09 × 1.1`},
		{"deal USD with orig", func(d *dataset.Dataset) { d.Deals[0].Currency, d.Deals[0].ValueOrig = "USD", ptr(1) }, `currency: is USD: give the figure in value_usd`},
		{"deal terms sources without date", func(d *dataset.Dataset) { d.Deals[1].TermsSources = src }, `terms_verified: is required with terms_sources`},
		{"deal terms verified before source", func(d *dataset.Dataset) { d.Deals[1].TermsSources, d.Deals[1].TermsVerified = src, "2025-01-01" }, `terms_verified: 2025-01-01 is before sources[0]'s date`},
		{"JV share on a lease", func(d *dataset.Dataset) { d.Deals[1].Share = ptr(0.5) }, `share: applies only to a joint venture`},
		{"site power source", func(d *dataset.Dataset) { d.Sites[0].PowerSource = "coal-ish" }, `sites.json: childress: power_source: "coal-ish" is not one of grid, on-site-gas`},
		{"site interconnection", func(d *dataset.Dataset) { d.Sites[0].Interconnection = "live" }, `interconnection: "live" is not one of energized, approved`},
		{"site mix without mixed", func(d *dataset.Dataset) {
			d.Sites[0].PowerSource, d.Sites[0].PowerMix = dataset.PowerGrid, []dataset.PowerShare{{Source: "hydro", SharePct: ptr(80)}}
		}, `power_source: is "grid" but power_mix is given: use mixed`},
		{"site mix over 100", func(d *dataset.Dataset) {
			d.Sites[0].PowerSource = dataset.PowerMixed
			d.Sites[0].PowerMix = []dataset.PowerShare{{Source: "hydro", SharePct: ptr(80)}, {Source: "wind", SharePct: ptr(40)}}
		}, `power_mix: shares add up to 120 %, more than 100`},
		{"site regulatory without sources", func(d *dataset.Dataset) {
			d.Sites[0].Regulatory = []dataset.RegulatoryFlag{{Flag: "tx-sb6", Note: "Texas SB 6"}}
		}, `sites.json: childress: regulatory[0].sources: at least one source is required`},
		{"site regulatory flag slug", func(d *dataset.Dataset) {
			d.Sites[0].Regulatory = []dataset.RegulatoryFlag{{Flag: "TX SB6", Note: "x", Sources: src}}
		}, `regulatory[0].flag: "TX SB6" is not a lowercase slug`},
		{"site power verified without sources", func(d *dataset.Dataset) { d.Sites[0].PowerVerified = "2026-12-03" }, `power_verified: is given without power_sources`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := loadFixture(t)
			tt.mutate(d)
			err := d.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestFixtureTermsLoad(t *testing.T) {
	d := loadFixture(t)
	require.Len(t, d.Equity, 1)
	require.Len(t, d.Financing, 2)
	e := d.Equity[0]
	assert.Equal(t, 41011803.0, *e.Shares)
	assert.Nil(t, e.ValueUSD, "an undisclosed value stays null")
	f := d.Financing[0]
	assert.Equal(t, 7.75, *f.CouponPct)
	assert.Equal(t, dataset.Date("2030-10-15"), f.Maturity)
	// Export and load back: the new files are part of the seed.
	files, err := d.Files()
	require.NoError(t, err)
	assert.Contains(t, string(files[dataset.FileEquity]), `"strike_usd": 0.01`)
	assert.Contains(t, string(files[dataset.FileFinancing]), `"coupon_pct": 7.75`)
	again, err := dataset.Load(exportFS(files))
	require.NoError(t, err)
	assert.Equal(t, d.Equity, again.Equity)
	assert.Equal(t, d.Financing, again.Financing)
}

func TestEquityAndFinancingThroughTheQueryEngine(t *testing.T) {
	s := fixture(t)
	q, err := dataset.ParseQuery(dataset.KindEquity, url.Values{"holder": {"google"}, "facet": {"issuer,instrument"}, "percent_gte": {"5"}})
	require.NoError(t, err)
	res := s.QueryEquity(q)
	require.Equal(t, 1, res.Total)
	assert.Equal(t, "Google", res.Rows[0].HolderName)
	assert.Equal(t, "TeraWulf", res.Rows[0].IssuerName)
	require.Len(t, res.Facets, 2)
	assert.Equal(t, "terawulf", res.Facets[0].Values[0].Value)
	require.Len(t, res.Totals.ByIssuer, 1, "shares are summed per issuer, never across miners")
	assert.Equal(t, "TeraWulf", res.Totals.ByIssuer[0].IssuerName)
	assert.Equal(t, 41011803.0, *res.Totals.ByIssuer[0].WarrantShares)
	assert.Nil(t, res.Totals.ValueUSD, "no record gives a value: the sum is null, not 0")
	assert.Equal(t, 1, res.Totals.ValueUndisclosed)

	q, err = dataset.ParseQuery(dataset.KindEquity, url.Values{"holder": {"nvidia"}})
	require.NoError(t, err)
	assert.Zero(t, s.QueryEquity(q).Total)

	_, err = dataset.ParseQuery(dataset.KindEquity, url.Values{"instrument": {"rsu"}})
	require.Error(t, err)
	assert.Equal(t, "instrument", err.(*dataset.Error).Param)
	_, err = dataset.ParseQuery(dataset.KindEquity, url.Values{"jv": {"share"}})
	require.Error(t, err, "jv= applies to deals only")

	q, err = dataset.ParseQuery(dataset.KindFinancing, url.Values{"coupon_pct_lte": {"3"}, "sort": {"-amount_usd"}})
	require.NoError(t, err)
	fr := s.QueryFinancing(q)
	require.Equal(t, 1, fr.Total)
	assert.Equal(t, "terawulf-convertible-2024-10", fr.Rows[0].ID)
	assert.False(t, fr.Rows[0].HPC)

	q, err = dataset.ParseQuery(dataset.KindFinancing, url.Values{"hpc": {"true"}, "q": {"lake-mariner"}})
	require.NoError(t, err)
	fr = s.QueryFinancing(q)
	require.Equal(t, 1, fr.Total)
	assert.Equal(t, 3.2e9, *fr.Totals.HPCDebtUSD)

	all := s.QueryFinancing(nil)
	assert.Equal(t, 3.2e9+425e6, *all.Totals.DebtUSD)
	assert.Equal(t, "terawulf-notes-2025-10", all.Rows[0].ID, "newest first by default")

	// The miner row carries warrant dilution and debt for HPC.
	m, err := s.Miner("terawulf")
	require.NoError(t, err)
	assert.Equal(t, 1, m.WarrantCount)
	assert.Equal(t, 8.0, *m.WarrantPct)
	assert.Equal(t, 3.2e9, *m.HPCDebtUSD)
	assert.Equal(t, 3.2e9+425e6, *m.DebtUSD)
	iren, err := s.Miner("iren")
	require.NoError(t, err)
	assert.Nil(t, iren.DebtUSD, "no financing on record: null, not 0")
	assert.Nil(t, iren.WarrantPct)
	assert.Len(t, s.DealEquity("terawulf-fluidstack-2025-08"), 1)
	assert.Len(t, s.DealFinancing("terawulf-fluidstack-2025-08"), 1)
}

func TestTermsCSVUnits(t *testing.T) {
	s := fixture(t)
	var b bytes.Buffer
	q, err := dataset.ParseQuery(dataset.KindEquity, url.Values{"cols": {"holder,shares,strike_usd,percent,value_usd"}})
	require.NoError(t, err)
	require.NoError(t, s.WriteCSV(&b, q))
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	assert.Equal(t, "id,holder,holder_name,shares,strike_usd (USD),percent (%),percent_basis,value_usd (USD),value_basis,sources", lines[0])
	assert.Contains(t, lines[1], "terawulf-google-warrant-2025-08,google,Google,41011803,0.01,8,")

	b.Reset()
	q, err = dataset.ParseQuery(dataset.KindFinancing, url.Values{"cols": {"amount_usd,coupon_pct,maturity"}})
	require.NoError(t, err)
	require.NoError(t, s.WriteCSV(&b, q))
	assert.True(t, strings.HasPrefix(b.String(), "id,amount_usd (USD),amount_basis,coupon_pct (%),maturity,sources\n"), b.String())
}

func TestJVTotalsAtShare(t *testing.T) {
	d := loadFixture(t)
	d.Deals[1].Type, d.Deals[1].Share = dataset.TypeJV, ptr(0.5)
	s, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	full := s.QueryDeals(nil).Totals
	q, err := dataset.ParseQuery(dataset.KindDeals, url.Values{"jv": {"share"}})
	require.NoError(t, err)
	assert.Equal(t, "jv=share", q.Values().Encode())
	share := s.QueryDeals(q).Totals
	assert.Equal(t, "share", share.JV)
	assert.InDelta(t, *full.ValueUSD-*d.Deals[1].ValueUSD/2, *share.ValueUSD, 1)
	assert.InDelta(t, *full.MW-*d.Deals[1].MW/2, *share.MW, 1e-9)

	// A JV whose share is not disclosed is left out and counted.
	d.Deals[1].Share = nil
	s, err = dataset.NewSnapshot(d)
	require.NoError(t, err)
	share = s.QueryDeals(q).Totals
	assert.Equal(t, 1, share.JVShareUnknownCount)
	assert.Equal(t, *d.Deals[0].ValueUSD, *share.ValueUSD)

	_, err = dataset.ParseQuery(dataset.KindDeals, url.Values{"jv": {"half"}})
	require.Error(t, err)
	assert.Equal(t, "jv", err.(*dataset.Error).Param)
}
