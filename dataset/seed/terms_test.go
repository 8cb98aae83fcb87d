package seed_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

func equityByID(t *testing.T, d *dataset.Dataset, id string) dataset.Equity {
	t.Helper()
	for _, e := range d.Equity {
		if e.ID == id {
			return e
		}
	}
	require.Failf(t, "missing equity record", id)
	return dataset.Equity{}
}

func financingByID(t *testing.T, d *dataset.Dataset, id string) dataset.Financing {
	t.Helper()
	for _, f := range d.Financing {
		if f.ID == id {
			return f
		}
	}
	require.Failf(t, "missing financing record", id)
	return dataset.Financing{}
}

func dealByID(t *testing.T, d *dataset.Dataset, id string) dataset.Deal {
	t.Helper()
	for _, x := range d.Deals {
		if x.ID == id {
			return x
		}
	}
	require.Failf(t, "missing deal", id)
	return dataset.Deal{}
}

func siteByID(t *testing.T, d *dataset.Dataset, id string) dataset.Site {
	t.Helper()
	for _, x := range d.Sites {
		if x.ID == id {
			return x
		}
	}
	require.Failf(t, "missing site", id)
	return dataset.Site{}
}

// TestSeedEquity checks the equity terms the issue names.
func TestSeedEquity(t *testing.T) {
	d := load(t)
	assert.GreaterOrEqual(t, len(d.Equity), 9)

	iren := equityByID(t, d, "iren-nvidia-warrant-2026-05")
	assert.Equal(t, "nvidia", iren.Holder)
	assert.Equal(t, dataset.InstrumentWarrant, iren.Instrument)
	assert.Equal(t, 30e6, *iren.Shares)
	assert.Equal(t, 70.0, *iren.StrikeUSD)
	assert.NotEmpty(t, iren.Deal)

	t1 := equityByID(t, d, "terawulf-google-warrant-2025-08")
	t2 := equityByID(t, d, "terawulf-google-warrant-2025-08-2")
	assert.Equal(t, "google", t1.Holder)
	assert.Equal(t, "google", t2.Holder)
	assert.Equal(t, 41011803.0, *t1.Shares)
	assert.Equal(t, 32568197.0, *t2.Shares)
	assert.Nil(t, t2.Percent, "the sources give only the total of both tranches: the second tranche's own % is unknown")
	assert.Contains(t, t1.Notes+t2.Notes, "14", "the ~14 % pro forma total is recorded")

	cipher := equityByID(t, d, "cipher-google-warrant-2025-09")
	assert.Equal(t, 5.4, *cipher.Percent)
	assert.NotEmpty(t, cipher.PercentBasis)
	assert.Nil(t, cipher.StrikeUSD, "the exercise price was not found: null")

	cw := equityByID(t, d, "coreweave-nvidia-shares-2026-01")
	assert.Equal(t, "coreweave", cw.Issuer)
	assert.Equal(t, dataset.InstrumentShares, cw.Instrument)
	assert.Equal(t, 2e9, *cw.ValueUSD)
	assert.NotEmpty(t, cw.ValueBasis)

	for _, e := range d.Equity {
		assert.NotEmpty(t, e.Sources, e.ID)
		assert.Equal(t, dataset.Date("2026-12-03"), e.Verified, e.ID)
		for _, v := range []*float64{e.Shares, e.StrikeUSD, e.Percent, e.ValueUSD} {
			if v != nil {
				assert.NotZero(t, *v, "%s: unknown is null, never 0", e.ID)
			}
		}
	}
}

// TestSeedFinancing checks the financing the issue names.
func TestSeedFinancing(t *testing.T) {
	d := load(t)
	assert.GreaterOrEqual(t, len(d.Financing), 40)

	c := financingByID(t, d, "cipher-notes-2025-11")
	assert.Equal(t, dataset.FinSeniorSecured, c.Kind)
	assert.Equal(t, 1.4e9, *c.AmountUSD)
	assert.Equal(t, 7.125, *c.CouponPct)
	assert.Equal(t, dataset.Date("2030-11-15"), c.Maturity)
	assert.Contains(t, c.Sites, "barber-lake")

	g := financingByID(t, d, "galaxy-helios-project-loan-2025-08")
	assert.Equal(t, dataset.FinProjectLoan, g.Kind)
	assert.Equal(t, 1.4e9, *g.AmountUSD)
	assert.Nil(t, g.CouponPct, "a floating-rate loan has no coupon: null")
	assert.Contains(t, g.Sites, "helios")

	a := financingByID(t, d, "applied-digital-notes-2025-11")
	assert.Equal(t, 2.35e9, *a.AmountUSD)
	assert.Equal(t, 9.25, *a.CouponPct)

	draw := financingByID(t, d, "applied-digital-macquarie-preferred-2025-11")
	assert.Equal(t, dataset.AmountDraw, draw.AmountBasis)
	assert.Equal(t, "applied-digital-macquarie-preferred-2025-01", draw.PartOf, "a draw is not added again")
	assert.Equal(t, dataset.AmountProposed, financingByID(t, d, "core-scientific-notes-2026-04").AmountBasis)

	zero := 0
	for _, f := range d.Financing {
		assert.NotEmpty(t, f.Sources, f.ID)
		require.NotNil(t, f.AmountUSD, f.ID)
		assert.NotZero(t, *f.AmountUSD, f.ID)
		if f.CouponPct != nil && *f.CouponPct == 0 {
			zero++
			assert.Equal(t, dataset.FinConvertible, f.Kind, "%s: only zero-coupon convertibles state 0 %%", f.ID)
		}
	}
	assert.Positive(t, zero, "the 0.00 % convertibles keep their stated 0")
}

// TestSeedDealTerms checks the deal terms merged from the research.
func TestSeedDealTerms(t *testing.T) {
	d := load(t)
	withTerms := 0
	for _, dl := range d.Deals {
		if len(dl.TermsSources) == 0 {
			continue
		}
		withTerms++
		assert.Equal(t, dataset.Date("2026-12-03"), dl.TermsVerified, dl.ID)
		assert.NotEmpty(t, dl.TermsNote, dl.ID)
	}
	assert.GreaterOrEqual(t, withTerms, 25)

	ms := dealByID(t, d, "iren-microsoft-2025-11")
	assert.Equal(t, 1.9e9, *ms.PrepaymentUSD)
	assert.Equal(t, dataset.LeaseCloud, ms.LeaseStructure)

	rb := dealByID(t, d, "hut8-fluidstack-2025-12")
	assert.Equal(t, dataset.LeaseNNN, rb.LeaseStructure)
	assert.Equal(t, 3.0, *rb.EscalatorPct)
	assert.Equal(t, 3, *rb.RenewalCount)
	assert.Equal(t, 5.0, *rb.RenewalYears)
	assert.Equal(t, 1000.0, *rb.OptionMW)
	assert.Equal(t, dataset.OptionROFO, rb.OptionKind)
	assert.Equal(t, "anthropic", rb.EndUser)
	assert.Equal(t, "google", rb.Guarantor)
	assert.Nil(t, rb.GuaranteeUSD, "the River Bend guarantee amount is not disclosed")

	abernathy := dealByID(t, d, "terawulf-fluidstack-2025-10")
	assert.Equal(t, 0.501, *abernathy.Share)

	exaion := dealByID(t, d, "mara-exaion-2025-08")
	assert.Equal(t, "EUR", exaion.Currency)
	assert.Equal(t, 148e6, *exaion.ValueOrig)
	assert.InDelta(t, *exaion.ValueUSD, *exaion.ValueOrig**exaion.FXRate, 1e6)
	assert.NotEmpty(t, exaion.FXDate)
}

// TestSeedSitePower checks the power block: ISO replaced grid, flags are sourced.
func TestSeedSitePower(t *testing.T) {
	d := load(t)
	withSource, withISO := 0, 0
	for _, s := range d.Sites {
		if s.PowerSource != "" {
			withSource++
		}
		if s.ISO != "" {
			withISO++
		}
		assert.NotEmpty(t, s.PowerSources, s.ID)
		for _, r := range s.Regulatory {
			assert.NotEmpty(t, r.Sources, "%s %s", s.ID, r.Flag)
		}
	}
	assert.GreaterOrEqual(t, withSource, 40)
	assert.GreaterOrEqual(t, withISO, 40)

	ch := siteByID(t, d, "childress")
	assert.Equal(t, "ERCOT", ch.ISO)
	assert.Equal(t, dataset.PowerGrid, ch.PowerSource)
	assert.Equal(t, []string{"tx-sb6"}, ch.RegulatoryFlags())

	pg := siteByID(t, d, "prince-george")
	assert.Equal(t, dataset.PowerHydro, pg.PowerSource)
	assert.Equal(t, "BC Hydro", pg.ISO)
	assert.Contains(t, pg.RegulatoryFlags(), "bc-mining-pause")

	ab := siteByID(t, d, "abernathy")
	assert.Empty(t, ab.ISO, "SPP or ERCOT: the sources conflict, so the ISO is not recorded")
}
