package economics

import (
	"math"
	"net/url"
	"strconv"
	"strings"

	"powerbrokers/dataset"
)

// The pivot calculator's state is its URL: one query parameter per input of
// dataset.EconomicsInputs, named as its JSON field (so a validation error
// names the parameter the user sees in the URL), plus deal=<id> when the
// lease rate and term come from a deal. A copied URL reopens the same
// scenario; a missing parameter takes its sourced default.

// Input groups of the calculator's form.
const (
	groupMining = "mining"
	groupLease  = "lease"
	groupValue  = "value"
)

// paramDeal names the deal whose $/MW-yr and term fill the lease inputs.
const paramDeal = "deal"

// Parameters whose value comes from a picked deal; editing one drops the deal.
const (
	paramHashprice  = "hashprice_usd_per_ph_day"
	paramPowerPrice = "power_price_usd_per_mwh"
	paramLeaseRate  = "lease_rate_usd_per_mw_year"
	paramTerm       = "term_years"
)

// param is one input of the calculator.
type param struct {
	Name  string // the query parameter
	Label string
	Unit  string // shown after the input
	Group string
	Step  float64
	// Share marks a fraction (0.95), shown also as a percentage.
	Share bool
	field func(in *dataset.EconomicsInputs) *float64
}

// params are the inputs in form order.
var params = []param{
	{paramHashprice, "Hashprice", "USD per PH/s per day", groupMining, 0.5, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.HashpriceUSDPerPHDay }},
	{"efficiency_j_per_th", "Fleet efficiency", "J/TH, all-in", groupMining, 0.5, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.EfficiencyJPerTH }},
	{"uptime", "Uptime", "share of the year, 0–1", groupMining, 0.01, true,
		func(in *dataset.EconomicsInputs) *float64 { return &in.Uptime }},
	{paramPowerPrice, "Power price", "USD per MWh, all-in", groupMining, 1, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.PowerPriceUSDPerMWh }},
	{"pool_fee", "Pool fee", "share of revenue, 0–1", groupMining, 0.005, true,
		func(in *dataset.EconomicsInputs) *float64 { return &in.PoolFee }},
	{paramLeaseRate, "Lease rate", "USD per MW-yr of critical IT", groupLease, 10000, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.LeaseRateUSDPerMWYear }},
	{"pue", "PUE", "gross MW per IT MW, ≥ 1", groupLease, 0.05, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.PUE }},
	{paramTerm, "Term", "years", groupLease, 1, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.TermYears }},
	{"escalator", "Escalator", "rent increase a year, 0.03 = 3%", groupLease, 0.005, true,
		func(in *dataset.EconomicsInputs) *float64 { return &in.Escalator }},
	{"capex_usd_per_mw", "Conversion capex", "USD per MW of critical IT", groupLease, 100000, false,
		func(in *dataset.EconomicsInputs) *float64 { return &in.CapexUSDPerMW }},
	{"pass_through", "Power paid by the tenant", "share of the energy bill, 0–1", groupLease, 0.05, true,
		func(in *dataset.EconomicsInputs) *float64 { return &in.PassThrough }},
	{"discount_rate", "Discount rate", "a year, 0.1 = 10%", groupValue, 0.005, true,
		func(in *dataset.EconomicsInputs) *float64 { return &in.DiscountRate }},
}

// Scenario is the calculator's state read from a query: the
// inputs, the text of each input as typed, the picked deal, the errors by
// parameter and, when every input is valid, the result.
type Scenario struct {
	Defaults Defaults
	Inputs   dataset.EconomicsInputs
	// Raw is the text of every input, as the form and the URL show it.
	Raw map[string]string
	// RawDeal is the deal parameter as given; Deal is its preset, if known.
	RawDeal string
	Deal    *dataset.LeasePreset
	// DealEdited is true when the lease rate or term given differs from the deal's.
	DealEdited bool
	// Errs holds one message per invalid parameter.
	Errs   map[string]string
	Result dataset.EconomicsResult
}

// NewScenario reads a scenario from a query; a missing parameter
// takes its default (snap may be nil: the defaults are then the dataset
// package's). Render flags and unknown parameters are ignored.
func NewScenario(snap *dataset.Snapshot, q url.Values) Scenario {
	s := Scenario{Defaults: defaultsOf(snap), Raw: map[string]string{}, Errs: map[string]string{}}
	s.Inputs = s.Defaults.Inputs
	s.RawDeal = strings.TrimSpace(q.Get(paramDeal))
	if s.RawDeal != "" {
		if p := s.Defaults.preset(s.RawDeal); p != nil {
			s.Deal = p
			s.Inputs.LeaseRateUSDPerMWYear, s.Inputs.TermYears = math.Round(p.USDPerMWYear), p.TermYears
		} else {
			s.Errs[paramDeal] = "no deal " + strconv.Quote(s.RawDeal) + " with a known $/MW-yr and term in the data"
		}
	}
	for _, p := range params {
		f := p.field(&s.Inputs)
		if !q.Has(p.Name) {
			s.Raw[p.Name] = formatInput(*f)
			continue
		}
		raw := strings.TrimSpace(q.Get(p.Name))
		s.Raw[p.Name] = raw
		// As people type numbers: 1,850,000, 1.85M, 2B, 95 %.
		v, err := dataset.ParseNumber(raw)
		if err != nil {
			s.Errs[p.Name] = "must be a number such as 1.85M, 2B or 95% (got " + strconv.Quote(raw) + ")"
			continue
		}
		*f = v
	}
	if s.Deal != nil {
		s.DealEdited = s.Inputs.LeaseRateUSDPerMWYear != math.Round(s.Deal.USDPerMWYear) || s.Inputs.TermYears != s.Deal.TermYears
	}
	if len(s.Errs) > 0 {
		return s
	}
	res, err := dataset.Economics(s.Inputs)
	if e, ok := err.(*dataset.Error); ok {
		s.Errs[e.Param] = e.Message
	} else if err != nil {
		s.Errs[paramDeal] = err.Error()
	}
	s.Result = res
	return s
}

// OK reports whether every input is valid, so that Result holds.
func (s Scenario) OK() bool { return len(s.Errs) == 0 }

// Errors returns "param: message" for each invalid input, in form order.
func (s Scenario) Errors() []string {
	var out []string
	for _, name := range ParamNames() {
		if m, ok := s.Errs[name]; ok {
			out = append(out, name+": "+m)
		}
	}
	return out
}

// ParamNames are the calculator's query parameters: the deal, then the
// inputs in form order.
func ParamNames() []string {
	out := []string{paramDeal}
	for _, p := range params {
		out = append(out, p.Name)
	}
	return out
}

// Query returns the scenario's URL query: every input, as typed, and the deal.
func (s Scenario) Query() url.Values {
	v := url.Values{}
	for _, p := range params {
		v.Set(p.Name, s.Raw[p.Name])
	}
	if s.RawDeal != "" {
		v.Set(paramDeal, s.RawDeal)
	}
	return v
}

// with returns the query of the scenario with parameter name set to value; setting
// the lease rate or term by hand drops the deal they came from.
func (s Scenario) with(name, value string) url.Values {
	v := s.Query()
	v.Set(name, value)
	if name == paramLeaseRate || name == paramTerm {
		v.Del(paramDeal)
	}
	return v
}

// withDeal returns the query with the lease rate and term of deal id (""
// keeps the current rate and term and drops the deal).
func (s Scenario) withDeal(id string) url.Values {
	v := s.Query()
	v.Del(paramDeal)
	if id != "" {
		v.Set(paramDeal, id)
		v.Del(paramLeaseRate)
		v.Del(paramTerm)
	}
	return v
}

// formatInput writes a number as an input shows it, in the one number
// style when that reads back exactly ("1.5M", "2B"), else with thousands
// separators ("1,785,714"), or plainly below 10,000 ("0.95", "2500").
func formatInput(v float64) string {
	plain := strconv.FormatFloat(v, 'f', -1, 64)
	if math.Abs(v) < 1e4 {
		return plain
	}
	if c := dataset.Compact(v); c != "" {
		if back, err := dataset.ParseNumber(c); err == nil && back == v {
			return trimCompact(c)
		}
	}
	if v == math.Trunc(v) {
		return dataset.Thousands(v)
	}
	return plain
}

// trimCompact drops trailing zeros of a compact number: "1.50M" → "1.5M".
func trimCompact(c string) string {
	i := strings.IndexAny(c, "KMBT")
	if i < 0 || !strings.Contains(c[:i], ".") {
		return c
	}
	return strings.TrimRight(strings.TrimRight(c[:i], "0"), ".") + c[i:]
}
