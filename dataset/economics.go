package dataset

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// The pivot calculator compares what ONE gross MW of site power earns a year
// mining Bitcoin with what it earns leased to an AI/HPC tenant. Every figure
// is per gross MW and per year unless its name says otherwise. A year is 365
// days (8,760 hours).
const (
	hoursPerYear = 8760.0
	daysPerYear  = 365.0
	// maxTermYears bounds the lease term so that a query parameter cannot
	// make the present-value loop run for ever.
	maxTermYears = 100
	// maxSweepSteps bounds the points of a sweep.
	maxSweepSteps = 1001
)

// EconomicsInputs are the assumptions of the pivot calculator. The JSON
// names are also the parameter names in validation errors.
type EconomicsInputs struct {
	// Mining.

	// HashpriceUSDPerPHDay is the expected mining revenue in USD per PH/s of
	// hashrate per day, before pool fees (e.g. 29: CoinShares' Q1 2026 range
	// was $28–30). Must be ≥ 0.
	HashpriceUSDPerPHDay float64 `json:"hashprice_usd_per_ph_day"`
	// EfficiencyJPerTH is the fleet's all-in efficiency in joules per
	// terahash (W per TH/s), cooling and losses included. Must be > 0.
	EfficiencyJPerTH float64 `json:"efficiency_j_per_th"`
	// Uptime is the share of the year the miners run, 0 to 1 (curtailment
	// and outages). Power is only paid for while running.
	Uptime float64 `json:"uptime"`
	// PowerPriceUSDPerMWh is the all-in price of power in USD per MWh, used
	// by both mining and the lease. Must be ≥ 0.
	PowerPriceUSDPerMWh float64 `json:"power_price_usd_per_mwh"`
	// PoolFee is the mining pool's fee as a share of revenue, 0 to 1.
	PoolFee float64 `json:"pool_fee"`

	// Lease.

	// LeaseRateUSDPerMWYear is the year-1 rent in USD per MW of critical IT
	// per year (colocation ≈ $1.8M; GPU cloud contracts ≈ $10M, GPUs included). Must be ≥ 0.
	LeaseRateUSDPerMWYear float64 `json:"lease_rate_usd_per_mw_year"`
	// PUE is the power usage effectiveness: gross site MW per critical-IT MW. Must be ≥ 1.
	PUE float64 `json:"pue"`
	// TermYears is the initial lease term in years, > 0 and ≤ 100; a
	// fractional last year is paid pro rata.
	TermYears float64 `json:"term_years"`
	// Escalator is the annual rent increase as a fraction (0.03 = 3% a year). Must be > -1.
	Escalator float64 `json:"escalator"`
	// CapexUSDPerMW is the landlord's conversion cost in USD per MW of
	// critical IT (CoinShares: $8–15M for AI-grade). Must be ≥ 0.
	CapexUSDPerMW float64 `json:"capex_usd_per_mw"`
	// PassThrough is the share of the site's energy bill the tenant pays, 0
	// to 1 (1 for a triple-net lease where the tenant pays all power).
	PassThrough float64 `json:"pass_through"`
	// DiscountRate is the annual rate at which lease cash flows are
	// discounted, as a fraction (0.10 = 10%). Must be > -1.
	DiscountRate float64 `json:"discount_rate"`
}

// DefaultEconomicsInputs returns a starting point taken from the research
// notes: hashprice $29/PH/s/day (CoinShares, Q1 2026), a 20 J/TH fleet at
// 95% uptime, $40/MWh power, a 2% pool fee; a $1.85M/MW-yr colocation lease
// (TeraWulf–Fluidstack) at PUE 1.3 over 10 years with a 3% escalator, $9M per
// IT MW of conversion capex (TeraWulf's $8–10M), power passed through to the
// tenant, discounted at 10%.
func DefaultEconomicsInputs() EconomicsInputs {
	return EconomicsInputs{
		HashpriceUSDPerPHDay: 29, EfficiencyJPerTH: 20, Uptime: 0.95, PowerPriceUSDPerMWh: 40, PoolFee: 0.02,
		LeaseRateUSDPerMWYear: 1.85e6, PUE: 1.3, TermYears: 10, Escalator: 0.03, CapexUSDPerMW: 9e6,
		PassThrough: 1, DiscountRate: 0.10,
	}
}

// Validate returns an EINVALID *Error naming the first input out of range, or nil.
func (in EconomicsInputs) Validate() error {
	fields := []struct {
		name   string
		v      float64
		ok     bool
		format string
	}{
		{"hashprice_usd_per_ph_day", in.HashpriceUSDPerPHDay, in.HashpriceUSDPerPHDay >= 0, "must not be negative (got %g)"},
		{"efficiency_j_per_th", in.EfficiencyJPerTH, in.EfficiencyJPerTH > 0, "must be positive (got %g)"},
		{"uptime", in.Uptime, in.Uptime >= 0 && in.Uptime <= 1, "must be between 0 and 1 (got %g)"},
		{"power_price_usd_per_mwh", in.PowerPriceUSDPerMWh, in.PowerPriceUSDPerMWh >= 0, "must not be negative (got %g)"},
		{"pool_fee", in.PoolFee, in.PoolFee >= 0 && in.PoolFee <= 1, "must be between 0 and 1 (got %g)"},
		{"lease_rate_usd_per_mw_year", in.LeaseRateUSDPerMWYear, in.LeaseRateUSDPerMWYear >= 0, "must not be negative (got %g)"},
		{"pue", in.PUE, in.PUE >= 1, "must be at least 1 (gross MW per IT MW; got %g)"},
		{"term_years", in.TermYears, in.TermYears > 0 && in.TermYears <= maxTermYears, "must be more than 0 and at most 100 years (got %g)"},
		{"escalator", in.Escalator, in.Escalator > -1, "must be more than -1 (a fraction: 0.03 is 3%%; got %g)"},
		{"capex_usd_per_mw", in.CapexUSDPerMW, in.CapexUSDPerMW >= 0, "must not be negative (got %g)"},
		{"pass_through", in.PassThrough, in.PassThrough >= 0 && in.PassThrough <= 1, "must be between 0 and 1 (got %g)"},
		{"discount_rate", in.DiscountRate, in.DiscountRate > -1, "must be more than -1 (a fraction: 0.1 is 10%%; got %g)"},
	}
	for _, f := range fields {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return ParamErrorf(f.name, "must be a finite number (got %g)", f.v)
		}
		if !f.ok {
			return ParamErrorf(f.name, f.format, f.v)
		}
	}
	return nil
}

// MiningResult is what one gross MW earns a year mining Bitcoin.
type MiningResult struct {
	// HashratePHs = 1,000 / EfficiencyJPerTH: 1 MW is 1e6 J/s, which powers
	// 1e6 / (J/TH) TH/s = 1,000 / (J/TH) PH/s (50 PH/s at 20 J/TH).
	HashratePHs float64 `json:"hashrate_ph_s"`
	// EnergyMWh = 8,760 h × Uptime × 1 MW.
	EnergyMWh float64 `json:"energy_mwh"`
	// RevenueUSD = HashratePHs × HashpriceUSDPerPHDay × 365 × Uptime (before pool fees).
	RevenueUSD float64 `json:"revenue_usd"`
	// PoolFeesUSD = RevenueUSD × PoolFee.
	PoolFeesUSD float64 `json:"pool_fees_usd"`
	// PowerCostUSD = EnergyMWh × PowerPriceUSDPerMWh.
	PowerCostUSD float64 `json:"power_cost_usd"`
	// MarginUSD = RevenueUSD − PoolFeesUSD − PowerCostUSD.
	MarginUSD float64 `json:"margin_usd"`
	// MarginPVUSD is MarginUSD every year of the lease term, discounted like
	// the lease (flat: halvings and difficulty growth are not modelled).
	MarginPVUSD float64 `json:"margin_pv_usd"`
}

// LeaseResult is what one gross MW earns leased to an AI/HPC tenant.
type LeaseResult struct {
	// ITMW = 1 / PUE: the critical-IT MW one gross MW supports.
	ITMW float64 `json:"it_mw"`
	// RevenueUSD is year-1 rent: LeaseRateUSDPerMWYear × ITMW.
	RevenueUSD float64 `json:"revenue_usd"`
	// EnergyMWh = 8,760 h × 1 MW: the site is assumed to draw its full gross MW all year.
	EnergyMWh float64 `json:"energy_mwh"`
	// EnergyCostUSD = EnergyMWh × PowerPriceUSDPerMWh, whoever pays it.
	EnergyCostUSD float64 `json:"energy_cost_usd"`
	// PowerCostUSD is the landlord's part: (1 − PassThrough) × EnergyCostUSD.
	PowerCostUSD float64 `json:"power_cost_usd"`
	// MarginUSD is the year-1 gross margin: RevenueUSD − PowerCostUSD.
	MarginUSD float64 `json:"margin_usd"`
	// CapexUSD = CapexUSDPerMW × ITMW.
	CapexUSD float64 `json:"capex_usd"`
	// PaybackYears = CapexUSD / MarginUSD (nil unless MarginUSD > 0).
	PaybackYears *float64 `json:"payback_years"`
	// IncrementalPaybackYears = CapexUSD / (MarginUSD − mining MarginUSD):
	// the payback of converting instead of mining on (nil unless the lease
	// out-earns mining).
	IncrementalPaybackYears *float64 `json:"incremental_payback_years"`
	// ContractValueUSD is the undiscounted sum of the rent over the term:
	// Σ_{t=1..n} RevenueUSD × (1+Escalator)^(t−1), plus f × RevenueUSD ×
	// (1+Escalator)^n for a fractional last year f = TermYears − n.
	ContractValueUSD float64 `json:"contract_value_usd"`
	// PVUSD is the present value of that rent, each year paid at its end:
	// Σ_{t=1..n} RevenueUSD × (1+Escalator)^(t−1) / (1+DiscountRate)^t, the
	// fractional last year discounted by (1+DiscountRate)^TermYears. With a
	// discount rate of 0 it equals ContractValueUSD.
	PVUSD float64 `json:"pv_usd"`
	// NPVUSD = PVUSD − PV of PowerCostUSD every year of the term (flat) − CapexUSD.
	NPVUSD float64 `json:"npv_usd"`
}

// EconomicsResult is the outcome of the pivot calculator for one gross MW.
type EconomicsResult struct {
	Inputs EconomicsInputs `json:"inputs"`
	Mining MiningResult    `json:"mining"`
	Lease  LeaseResult     `json:"lease"`
	// LeaseAdvantageUSD = Lease.MarginUSD − Mining.MarginUSD (year 1).
	LeaseAdvantageUSD float64 `json:"lease_advantage_usd"`
	// BreakEvenHashpriceUSDPerPHDay is the hashprice at which the year-1
	// mining margin equals the year-1 lease margin (capex aside):
	// (Lease.MarginUSD + Mining.PowerCostUSD) / (HashratePHs × 365 × Uptime × (1 − PoolFee)).
	// Nil when mining earns nothing at any hashprice (Uptime 0 or PoolFee 1).
	// A negative value means mining out-earns the lease at any hashprice.
	BreakEvenHashpriceUSDPerPHDay *float64 `json:"break_even_hashprice_usd_per_ph_day"`
}

// Economics computes what one gross MW of site power earns a year mining
// Bitcoin and leased for AI/HPC under the given assumptions. It returns an
// EINVALID *Error naming the parameter if an input is out of range.
func Economics(in EconomicsInputs) (EconomicsResult, error) {
	if err := in.Validate(); err != nil {
		return EconomicsResult{}, err
	}
	return economics(in), nil
}

// economics computes the result of valid inputs.
func economics(in EconomicsInputs) EconomicsResult {
	r := EconomicsResult{Inputs: in}
	m := &r.Mining
	m.HashratePHs = 1000 / in.EfficiencyJPerTH
	m.EnergyMWh = hoursPerYear * in.Uptime
	m.RevenueUSD = m.HashratePHs * in.HashpriceUSDPerPHDay * daysPerYear * in.Uptime
	m.PoolFeesUSD = m.RevenueUSD * in.PoolFee
	m.PowerCostUSD = m.EnergyMWh * in.PowerPriceUSDPerMWh
	m.MarginUSD = m.RevenueUSD - m.PoolFeesUSD - m.PowerCostUSD
	m.MarginPVUSD = presentValue(m.MarginUSD, 0, in.TermYears, in.DiscountRate)

	l := &r.Lease
	l.ITMW = 1 / in.PUE
	l.RevenueUSD = in.LeaseRateUSDPerMWYear * l.ITMW
	l.EnergyMWh = hoursPerYear
	l.EnergyCostUSD = l.EnergyMWh * in.PowerPriceUSDPerMWh
	l.PowerCostUSD = (1 - in.PassThrough) * l.EnergyCostUSD
	l.MarginUSD = l.RevenueUSD - l.PowerCostUSD
	l.CapexUSD = in.CapexUSDPerMW * l.ITMW
	if l.MarginUSD > 0 {
		l.PaybackYears = ptr(l.CapexUSD / l.MarginUSD)
	}
	if extra := l.MarginUSD - m.MarginUSD; extra > 0 {
		l.IncrementalPaybackYears = ptr(l.CapexUSD / extra)
	}
	l.ContractValueUSD = presentValue(l.RevenueUSD, in.Escalator, in.TermYears, 0)
	l.PVUSD = presentValue(l.RevenueUSD, in.Escalator, in.TermYears, in.DiscountRate)
	l.NPVUSD = l.PVUSD - presentValue(l.PowerCostUSD, 0, in.TermYears, in.DiscountRate) - l.CapexUSD

	r.LeaseAdvantageUSD = l.MarginUSD - m.MarginUSD
	// Mining margin is linear in hashprice h: k×h − power, with
	// k = HashratePHs × 365 × Uptime × (1 − PoolFee). Solve k×h − power = lease margin.
	if k := m.HashratePHs * daysPerYear * in.Uptime * (1 - in.PoolFee); k > 0 {
		r.BreakEvenHashpriceUSDPerPHDay = ptr((l.MarginUSD + m.PowerCostUSD) / k)
	}
	return r
}

// presentValue is the value at time 0 of a payment of first a year, paid
// at the end of each year and growing by growth a year, over term years
// (a fractional last year pays pro rata at the end of the term), discounted
// at rate: Σ_{t=1..n} first × (1+growth)^(t−1) / (1+rate)^t + f × first ×
// (1+growth)^n / (1+rate)^term, n = ⌊term⌋, f = term − n.
func presentValue(first, growth, term, rate float64) float64 {
	n := int(math.Floor(term))
	pv, pay, disc := 0.0, first, 1.0
	for t := 1; t <= n; t++ {
		disc *= 1 + rate
		pv += pay / disc
		pay *= 1 + growth
	}
	if f := term - float64(n); f > 0 {
		pv += f * pay / math.Pow(1+rate, term)
	}
	return pv
}

// SweepPoint is one point of a sensitivity chart: the year-1 margins of one
// gross MW when the swept input equals X.
type SweepPoint struct {
	X               float64 `json:"x"`
	MiningMarginUSD float64 `json:"mining_margin_usd"`
	LeaseMarginUSD  float64 `json:"lease_margin_usd"`
}

// MiningMarginSweep returns steps evenly spaced points from hashprice from to
// hashprice to (USD per PH/s per day, both included), other inputs as in in.
// It returns an EINVALID *Error for invalid inputs or a bad range (from ≥ 0,
// to > from, 2 ≤ steps ≤ 1001).
func MiningMarginSweep(in EconomicsInputs, from, to float64, steps int) ([]SweepPoint, error) {
	return sweep(in, from, to, steps, func(in *EconomicsInputs, x float64) { in.HashpriceUSDPerPHDay = x })
}

// PowerPriceSweep returns steps evenly spaced points from power price from to
// power price to (USD per MWh, both included), other inputs as in in. It
// returns an EINVALID *Error like MiningMarginSweep.
func PowerPriceSweep(in EconomicsInputs, from, to float64, steps int) ([]SweepPoint, error) {
	return sweep(in, from, to, steps, func(in *EconomicsInputs, x float64) { in.PowerPriceUSDPerMWh = x })
}

func sweep(in EconomicsInputs, from, to float64, steps int, set func(*EconomicsInputs, float64)) ([]SweepPoint, error) {
	switch {
	case math.IsNaN(from) || math.IsInf(from, 0) || from < 0:
		return nil, ParamErrorf("from", "must be a finite number ≥ 0 (got %g)", from)
	case math.IsNaN(to) || math.IsInf(to, 0) || to <= from:
		return nil, ParamErrorf("to", "must be a finite number greater than from (got %g)", to)
	case steps < 2 || steps > maxSweepSteps:
		return nil, ParamErrorf("steps", "must be between 2 and %d (got %d)", maxSweepSteps, steps)
	}
	set(&in, from)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	out := make([]SweepPoint, steps)
	for i := range out {
		x := from + (to-from)*float64(i)/float64(steps-1)
		set(&in, x)
		r := economics(in)
		out[i] = SweepPoint{X: x, MiningMarginUSD: r.Mining.MarginUSD, LeaseMarginUSD: r.Lease.MarginUSD}
	}
	return out, nil
}

// LeasePreset is a lease rate taken from a real deal, to fill the calculator.
type LeasePreset struct {
	DealID       string  `json:"deal_id"`
	Title        string  `json:"title"`
	MinerName    string  `json:"miner_name"`
	TenantName   string  `json:"tenant_name"`
	Type         string  `json:"type"`
	Status       string  `json:"status"`
	Announced    Date    `json:"announced"`
	USDPerMWYear float64 `json:"usd_per_mw_year"`
	TermYears    float64 `json:"term_years"`
}

// LeasePresets are the calculator's lease-rate presets.
type LeasePresets struct {
	// Presets holds every comparable deal whose $/MW-yr is known (value,
	// term and critical-IT MW all disclosed), colocation first, then cloud
	// services and JVs, each by rate ascending. A deal of unknown term is
	// never offered: its annual rate is unknown.
	Presets []LeasePreset `json:"presets"`
	// MedianColocationUSDPerMWYear is the median rate of the colocation
	// presets, nil when there are none.
	MedianColocationUSDPerMWYear *float64 `json:"median_colocation_usd_per_mw_year"`
}

// LeaseRatePresets returns lease-rate presets taken from the snapshot's deals.
func (s *Snapshot) LeaseRatePresets() LeasePresets {
	out := LeasePresets{Presets: []LeasePreset{}}
	for i := range s.Deals {
		d := &s.Deals[i]
		if d.USDPerMWYear == nil || d.TermYears == nil || *d.TermYears <= 0 || !d.Comparable() {
			continue
		}
		out.Presets = append(out.Presets, LeasePreset{
			DealID: d.ID, Title: d.Title, MinerName: d.MinerName, TenantName: d.TenantName,
			Type: d.Type, Status: d.Status, Announced: d.Announced,
			USDPerMWYear: *d.USDPerMWYear, TermYears: *d.TermYears,
		})
	}
	sort.Slice(out.Presets, func(i, j int) bool {
		a, b := &out.Presets[i], &out.Presets[j]
		return cmp.Or(cmp.Compare(slices.Index(comparableTypes, a.Type), slices.Index(comparableTypes, b.Type)),
			cmp.Compare(a.USDPerMWYear, b.USDPerMWYear), cmp.Compare(a.DealID, b.DealID)) < 0
	})
	var colo []float64
	for _, p := range out.Presets {
		if p.Type == TypeColocation {
			colo = append(colo, p.USDPerMWYear)
		}
	}
	out.MedianColocationUSDPerMWYear = median(colo)
	return out
}
