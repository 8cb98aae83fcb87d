package dataset_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// simpleInputs are round numbers that are easy to work by hand.
func simpleInputs() dataset.EconomicsInputs {
	return dataset.EconomicsInputs{
		HashpriceUSDPerPHDay: 50, EfficiencyJPerTH: 25, Uptime: 1, PowerPriceUSDPerMWh: 50, PoolFee: 0,
		LeaseRateUSDPerMWYear: 1e6, PUE: 1.25, TermYears: 2, Escalator: 0.10, CapexUSDPerMW: 5e6,
		PassThrough: 0.5, DiscountRate: 0,
	}
}

func TestEconomicsHandWorked(t *testing.T) {
	tests := []struct {
		name string
		in   dataset.EconomicsInputs
		want dataset.EconomicsResult
		// nil pointers in want are checked as nil.
	}{
		{
			// Mining: 1,000 / 25 J/TH = 40 PH/s; revenue 40 × 50 × 365 × 1 = 730,000;
			// energy 8,760 MWh × $50 = 438,000; no pool fee; margin 292,000.
			// Lease: IT MW 1 / 1.25 = 0.8; rent 1e6 × 0.8 = 800,000; energy 438,000,
			// half passed through, landlord pays 219,000; margin 581,000.
			// Capex 5e6 × 0.8 = 4e6; payback 4e6 / 581,000 = 6.88468...;
			// incremental 4e6 / (581,000 − 292,000) = 13.84083...
			// Rent 800,000 then 880,000 (+10%): contract 1,680,000 = PV at 0%.
			// NPV 1,680,000 − 2 × 219,000 − 4e6 = −2,758,000. Mining PV 2 × 292,000.
			// Break-even: k = 40 × 365 = 14,600; (581,000 + 438,000) / 14,600 = 69.79452...
			name: "round numbers",
			in:   simpleInputs(),
			want: dataset.EconomicsResult{
				Mining: dataset.MiningResult{HashratePHs: 40, EnergyMWh: 8760, RevenueUSD: 730000, PoolFeesUSD: 0,
					PowerCostUSD: 438000, MarginUSD: 292000, MarginPVUSD: 584000},
				Lease: dataset.LeaseResult{ITMW: 0.8, RevenueUSD: 800000, EnergyMWh: 8760, EnergyCostUSD: 438000,
					PowerCostUSD: 219000, MarginUSD: 581000, CapexUSD: 4e6, PaybackYears: ptr(4e6 / 581000.0),
					IncrementalPaybackYears: ptr(4e6 / 289000.0), ContractValueUSD: 1680000, PVUSD: 1680000, NPVUSD: -2758000},
				LeaseAdvantageUSD:             289000,
				BreakEvenHashpriceUSDPerPHDay: ptr(1019000 / 14600.0),
			},
		},
		{
			// The defaults. Mining: 1,000 / 20 = 50 PH/s; revenue 50 × 29 × 365 × 0.95
			// = 502,787.5; pool 2% = 10,055.75; energy 8,760 × 0.95 = 8,322 MWh × $40
			// = 332,880; margin 159,851.75; PV over 10 years at 10%: 159,851.75 ×
			// (1 − 1.1^−10) / 0.1 = 982,219.80.
			// Lease: IT 1 / 1.3; rent 1.85e6 / 1.3 = 1,423,076.92; power passed
			// through, so margin = rent. Capex 9e6 / 1.3 = 6,923,076.92; payback
			// 9 / 1.85 = 4.86486; incremental 6,923,076.92 / 1,263,225.17 = 5.48048.
			// Contract: R × (1.03^10 − 1) / 0.03 = 16,313,982.10. PV as a growing
			// annuity R / (0.10 − 0.03) × (1 − (1.03 / 1.10)^10) = 9,796,096.79;
			// NPV = PV − 0 − capex = 2,873,019.87.
			// Break-even: k = 50 × 365 × 0.95 × 0.98 = 16,990.75;
			// (1,423,076.92 + 332,880) / 16,990.75 = 103.34782.
			name: "defaults",
			in:   dataset.DefaultEconomicsInputs(),
			want: dataset.EconomicsResult{
				Mining: dataset.MiningResult{HashratePHs: 50, EnergyMWh: 8322, RevenueUSD: 502787.5, PoolFeesUSD: 10055.75,
					PowerCostUSD: 332880, MarginUSD: 159851.75, MarginPVUSD: 982219.80},
				Lease: dataset.LeaseResult{ITMW: 1 / 1.3, RevenueUSD: 1423076.92, EnergyMWh: 8760, EnergyCostUSD: 350400,
					PowerCostUSD: 0, MarginUSD: 1423076.92, CapexUSD: 6923076.92, PaybackYears: ptr(4.864865),
					IncrementalPaybackYears: ptr(5.480477), ContractValueUSD: 16313982.10, PVUSD: 9796096.79, NPVUSD: 2873019.87},
				LeaseAdvantageUSD:             1263225.17,
				BreakEvenHashpriceUSDPerPHDay: ptr(103.347817),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dataset.Economics(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.in, got.Inputs)
			m, wm := got.Mining, tt.want.Mining
			assert.InDelta(t, wm.HashratePHs, m.HashratePHs, 1e-9, "hashrate")
			assert.InDelta(t, wm.EnergyMWh, m.EnergyMWh, 1e-6, "mining energy")
			assert.InDelta(t, wm.RevenueUSD, m.RevenueUSD, 0.01, "mining revenue")
			assert.InDelta(t, wm.PoolFeesUSD, m.PoolFeesUSD, 0.01, "pool fees")
			assert.InDelta(t, wm.PowerCostUSD, m.PowerCostUSD, 0.01, "mining power")
			assert.InDelta(t, wm.MarginUSD, m.MarginUSD, 0.01, "mining margin")
			assert.InDelta(t, wm.MarginPVUSD, m.MarginPVUSD, 0.01, "mining PV")
			l, wl := got.Lease, tt.want.Lease
			assert.InDelta(t, wl.ITMW, l.ITMW, 1e-9, "IT MW")
			assert.InDelta(t, wl.RevenueUSD, l.RevenueUSD, 0.01, "lease revenue")
			assert.InDelta(t, wl.EnergyMWh, l.EnergyMWh, 1e-6, "lease energy")
			assert.InDelta(t, wl.EnergyCostUSD, l.EnergyCostUSD, 0.01, "energy cost")
			assert.InDelta(t, wl.PowerCostUSD, l.PowerCostUSD, 0.01, "landlord power")
			assert.InDelta(t, wl.MarginUSD, l.MarginUSD, 0.01, "lease margin")
			assert.InDelta(t, wl.CapexUSD, l.CapexUSD, 0.01, "capex")
			require.NotNil(t, l.PaybackYears)
			assert.InDelta(t, *wl.PaybackYears, *l.PaybackYears, 1e-5, "payback")
			require.NotNil(t, l.IncrementalPaybackYears)
			assert.InDelta(t, *wl.IncrementalPaybackYears, *l.IncrementalPaybackYears, 1e-5, "incremental payback")
			assert.InDelta(t, wl.ContractValueUSD, l.ContractValueUSD, 0.01, "contract value")
			assert.InDelta(t, wl.PVUSD, l.PVUSD, 0.01, "PV")
			assert.InDelta(t, wl.NPVUSD, l.NPVUSD, 0.01, "NPV")
			assert.InDelta(t, tt.want.LeaseAdvantageUSD, got.LeaseAdvantageUSD, 0.01, "advantage")
			require.NotNil(t, got.BreakEvenHashpriceUSDPerPHDay)
			assert.InDelta(t, *tt.want.BreakEvenHashpriceUSDPerPHDay, *got.BreakEvenHashpriceUSDPerPHDay, 1e-5, "break-even")
		})
	}
}

func TestEconomicsBreakEvenEqualizesMargins(t *testing.T) {
	in := dataset.DefaultEconomicsInputs()
	r, err := dataset.Economics(in)
	require.NoError(t, err)
	require.NotNil(t, r.BreakEvenHashpriceUSDPerPHDay)
	in.HashpriceUSDPerPHDay = *r.BreakEvenHashpriceUSDPerPHDay
	at, err := dataset.Economics(in)
	require.NoError(t, err)
	assert.InDelta(t, at.Lease.MarginUSD, at.Mining.MarginUSD, 1e-6)
	assert.InDelta(t, 0, at.LeaseAdvantageUSD, 1e-6)
}

func TestEconomicsZeroUptime(t *testing.T) {
	in := simpleInputs()
	in.Uptime = 0
	r, err := dataset.Economics(in)
	require.NoError(t, err)
	assert.Equal(t, 40.0, r.Mining.HashratePHs, "hashrate is what the MW supports")
	assert.Zero(t, r.Mining.RevenueUSD)
	assert.Zero(t, r.Mining.PoolFeesUSD)
	assert.Zero(t, r.Mining.PowerCostUSD)
	assert.Zero(t, r.Mining.MarginUSD)
	assert.Nil(t, r.BreakEvenHashpriceUSDPerPHDay, "no hashprice makes idle miners earn")
	assert.InDelta(t, 581000, r.Lease.MarginUSD, 0.01, "the lease ignores mining uptime")
}

func TestEconomicsEscalatorAndDiscounting(t *testing.T) {
	in := simpleInputs()
	in.LeaseRateUSDPerMWYear, in.PUE, in.PassThrough, in.CapexUSDPerMW = 1e6, 1, 1, 0
	tests := []struct {
		name                        string
		term, escalator, rate       float64
		wantContract, wantPV, wantN float64
	}{
		// 1e6, 1.05e6, 1.1025e6: the escalator compounds.
		{"compounding, no discount", 3, 0.05, 0, 3.1525e6, 3.1525e6, 3.1525e6},
		// 1e6/1.1 + 1.05e6/1.21 + 1.1025e6/1.331 = 909,090.91 + 867,768.60 + 828,324.57.
		{"compounding, discounted", 3, 0.05, 0.10, 3.1525e6, 2605184.07, 2605184.07},
		// Flat rent, 2.5 years: 1e6 + 1e6 + 0.5 × 1e6.
		{"fractional last year", 2.5, 0, 0, 2.5e6, 2.5e6, 2.5e6},
		// Contract 1e6 + 1.1e6 + 0.5 × 1.21e6. PV 1e6/1.1 + 1.1e6/1.21 + 0.5 × 1.21e6 / 1.1^2.5 (= 1.2690587) = 909,090.91 + 909,090.91 + 476,731.29.
		{"fractional, escalated, discounted", 2.5, 0.10, 0.10, 2.705e6, 2294913.11, 2294913.11},
		// One year: one payment of 1e6 discounted once.
		{"one year", 1, 0.5, 0.25, 1e6, 8e5, 8e5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := in
			in.TermYears, in.Escalator, in.DiscountRate = tt.term, tt.escalator, tt.rate
			r, err := dataset.Economics(in)
			require.NoError(t, err)
			assert.InDelta(t, tt.wantContract, r.Lease.ContractValueUSD, 0.01, "contract value")
			assert.InDelta(t, tt.wantPV, r.Lease.PVUSD, 0.01, "PV")
			assert.InDelta(t, tt.wantN, r.Lease.NPVUSD, 0.01, "NPV (no capex, no landlord power)")
		})
	}
}

func TestEconomicsPVAtZeroDiscountIsSumOfPayments(t *testing.T) {
	in := dataset.DefaultEconomicsInputs()
	in.DiscountRate = 0
	r, err := dataset.Economics(in)
	require.NoError(t, err)
	sum, pay := 0.0, r.Lease.RevenueUSD
	for range 10 {
		sum += pay
		pay *= 1 + in.Escalator
	}
	assert.InDelta(t, sum, r.Lease.PVUSD, 1e-6)
	assert.InDelta(t, r.Lease.ContractValueUSD, r.Lease.PVUSD, 1e-6)
	assert.InDelta(t, 10*r.Mining.MarginUSD, r.Mining.MarginPVUSD, 1e-6)
}

func TestEconomicsBreakEvenRisesWithLeaseRate(t *testing.T) {
	in := dataset.DefaultEconomicsInputs()
	prev := -1.0
	for _, rate := range []float64{0, 0.5e6, 1.85e6, 5e6, 10e6} {
		in.LeaseRateUSDPerMWYear = rate
		r, err := dataset.Economics(in)
		require.NoError(t, err)
		require.NotNil(t, r.BreakEvenHashpriceUSDPerPHDay)
		be := *r.BreakEvenHashpriceUSDPerPHDay
		assert.Greater(t, be, prev, "break-even at lease rate %g", rate)
		prev = be
	}
}

func TestEconomicsNoMarginNoPayback(t *testing.T) {
	in := simpleInputs()
	in.LeaseRateUSDPerMWYear = 0 // rent 0, landlord still pays 219,000 of power
	r, err := dataset.Economics(in)
	require.NoError(t, err)
	assert.InDelta(t, -219000, r.Lease.MarginUSD, 0.01)
	assert.Nil(t, r.Lease.PaybackYears)
	assert.Nil(t, r.Lease.IncrementalPaybackYears)
	// (−219,000 + 438,000) / 14,600 = 15: above that, mining wins.
	require.NotNil(t, r.BreakEvenHashpriceUSDPerPHDay)
	assert.InDelta(t, 15, *r.BreakEvenHashpriceUSDPerPHDay, 1e-9)
}

func TestEconomicsValidation(t *testing.T) {
	tests := []struct {
		param string
		edit  func(*dataset.EconomicsInputs)
	}{
		{"hashprice_usd_per_ph_day", func(in *dataset.EconomicsInputs) { in.HashpriceUSDPerPHDay = -1 }},
		{"efficiency_j_per_th", func(in *dataset.EconomicsInputs) { in.EfficiencyJPerTH = 0 }},
		{"efficiency_j_per_th", func(in *dataset.EconomicsInputs) { in.EfficiencyJPerTH = -20 }},
		{"uptime", func(in *dataset.EconomicsInputs) { in.Uptime = 1.01 }},
		{"uptime", func(in *dataset.EconomicsInputs) { in.Uptime = -0.1 }},
		{"power_price_usd_per_mwh", func(in *dataset.EconomicsInputs) { in.PowerPriceUSDPerMWh = -5 }},
		{"pool_fee", func(in *dataset.EconomicsInputs) { in.PoolFee = 2 }},
		{"lease_rate_usd_per_mw_year", func(in *dataset.EconomicsInputs) { in.LeaseRateUSDPerMWYear = -1 }},
		{"pue", func(in *dataset.EconomicsInputs) { in.PUE = 0.9 }},
		{"pue", func(in *dataset.EconomicsInputs) { in.PUE = 0 }},
		{"term_years", func(in *dataset.EconomicsInputs) { in.TermYears = 0 }},
		{"term_years", func(in *dataset.EconomicsInputs) { in.TermYears = 1e9 }},
		{"escalator", func(in *dataset.EconomicsInputs) { in.Escalator = -1 }},
		{"capex_usd_per_mw", func(in *dataset.EconomicsInputs) { in.CapexUSDPerMW = -1 }},
		{"pass_through", func(in *dataset.EconomicsInputs) { in.PassThrough = 1.5 }},
		{"discount_rate", func(in *dataset.EconomicsInputs) { in.DiscountRate = -1 }},
		{"uptime", func(in *dataset.EconomicsInputs) { in.Uptime = nan() }},
		{"power_price_usd_per_mwh", func(in *dataset.EconomicsInputs) { in.PowerPriceUSDPerMWh = inf() }},
	}
	for _, tt := range tests {
		in := dataset.DefaultEconomicsInputs()
		tt.edit(&in)
		_, err := dataset.Economics(in)
		var e *dataset.Error
		require.ErrorAs(t, err, &e, "Economics with bad %s", tt.param)
		assert.Equal(t, dataset.EINVALID, e.Code)
		assert.Equal(t, tt.param, e.Param)
	}
	// The edges of the ranges are valid.
	in := dataset.DefaultEconomicsInputs()
	in.Uptime, in.PoolFee, in.PUE, in.PassThrough, in.PowerPriceUSDPerMWh, in.TermYears = 1, 0, 1, 0, 0, 100
	_, err := dataset.Economics(in)
	require.NoError(t, err)
}

func TestSweeps(t *testing.T) {
	in := simpleInputs()
	// Mining margin = 14,600 × hashprice − 438,000; lease margin 581,000 throughout.
	pts, err := dataset.MiningMarginSweep(in, 0, 100, 5)
	require.NoError(t, err)
	require.Len(t, pts, 5)
	for i, want := range []struct{ x, mining float64 }{{0, -438000}, {25, -73000}, {50, 292000}, {75, 657000}, {100, 1022000}} {
		assert.InDelta(t, want.x, pts[i].X, 1e-9)
		assert.InDelta(t, want.mining, pts[i].MiningMarginUSD, 0.01, "mining margin at %g", want.x)
		assert.InDelta(t, 581000, pts[i].LeaseMarginUSD, 0.01)
	}

	// Mining margin = 730,000 − 8,760 × price; lease margin = 800,000 − 0.5 × 8,760 × price.
	pts, err = dataset.PowerPriceSweep(in, 0, 100, 3)
	require.NoError(t, err)
	require.Len(t, pts, 3)
	for i, want := range []struct{ x, mining, lease float64 }{{0, 730000, 800000}, {50, 292000, 581000}, {100, -146000, 362000}} {
		assert.InDelta(t, want.x, pts[i].X, 1e-9)
		assert.InDelta(t, want.mining, pts[i].MiningMarginUSD, 0.01, "mining margin at $%g/MWh", want.x)
		assert.InDelta(t, want.lease, pts[i].LeaseMarginUSD, 0.01, "lease margin at $%g/MWh", want.x)
	}

	for _, tt := range []struct {
		param     string
		from, to  float64
		steps     int
		badInputs bool
	}{
		{"from", -1, 10, 3, false},
		{"to", 10, 10, 3, false},
		{"to", 0, inf(), 3, false},
		{"steps", 0, 10, 1, false},
		{"steps", 0, 10, 100000, false},
		{"uptime", 0, 10, 3, true},
	} {
		in := simpleInputs()
		if tt.badInputs {
			in.Uptime = 2
		}
		_, err := dataset.MiningMarginSweep(in, tt.from, tt.to, tt.steps)
		var e *dataset.Error
		require.ErrorAs(t, err, &e, "MiningMarginSweep(%g, %g, %d)", tt.from, tt.to, tt.steps)
		assert.Equal(t, tt.param, e.Param)
	}
}

func TestLeaseRatePresets(t *testing.T) {
	s := richSnapshot(t)
	p := s.LeaseRatePresets()
	var ids []string
	for _, x := range p.Presets {
		ids = append(ids, x.DealID)
		assert.Positive(t, x.TermYears, x.DealID)
	}
	// Colocation first by rate (1.85M, 1.867M, 2M), then cloud services. The
	// CoreWeave expansion (no term), the Core42 lease (no value), the JV (MW
	// not critical IT) and the estimate are not offered.
	assert.Equal(t, []string{"terawulf-fluidstack-2025-08", "apld-coreweave-2025-06", "terawulf-google-2025-03", "iren-microsoft-2025-11"}, ids)
	require.NotNil(t, p.MedianColocationUSDPerMWYear)
	assert.InDelta(t, 7e9/15/250, *p.MedianColocationUSDPerMWYear, 0.01)
	assert.Equal(t, "IREN Ltd", p.Presets[3].MinerName)
	assert.Equal(t, "Microsoft", p.Presets[3].TenantName)
	assert.InDelta(t, 9.7e6, p.Presets[3].USDPerMWYear, 0.01)

	d, err := dataset.Load(os.DirFS("testdata/small"))
	require.NoError(t, err)
	d.Deals = d.Deals[:1] // the cloud deal only
	s2, err := dataset.NewSnapshot(d)
	require.NoError(t, err)
	p2 := s2.LeaseRatePresets()
	assert.Len(t, p2.Presets, 1)
	assert.Nil(t, p2.MedianColocationUSDPerMWYear, "no colocation deal, no median")
}
