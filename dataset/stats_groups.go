package dataset

import (
	"cmp"
	"sort"
)

// GroupTotal totals the deals sharing one tenant, guarantor, type, miner or
// status. Sums are null when no deal of the group gives the figure; the
// contracted sums are 0 when ContractedCount is 0.
type GroupTotal struct {
	// Key is the id (tenant, guarantor, miner) or the value (type, status).
	Key  string `json:"key"`
	Name string `json:"name"`
	// Count is every deal of the group; ContractedCount those that are Contracted.
	Count           int `json:"count"`
	ContractedCount int `json:"contracted_count"`
	// ValueUSD sums the additive values of every deal of the group: bases
	// initial-term, increment and price (relationship and estimate values
	// overlap other records and are left out, counted in OtherBasisValueCount).
	ValueUSD              *float64 `json:"value_usd"`
	UndisclosedValueCount int      `json:"undisclosed_value_count"`
	OtherBasisValueCount  int      `json:"other_basis_value_count"`
	// ContractedValueUSD is the headline contracted value restricted to the group.
	ContractedValueUSD *float64 `json:"contracted_value_usd"`
	// MW sums critical-IT MW of every deal of the group; UnspecifiedMW gross or unspecified MW.
	MW                 *float64 `json:"mw"`
	UnspecifiedMW      *float64 `json:"unspecified_mw"`
	UndisclosedMWCount int      `json:"undisclosed_mw_count"`
	// ContractedMW sums critical-IT MW of the group's contracted deals.
	ContractedMW *float64 `json:"contracted_mw"`
	// GuaranteeUSD sums GuaranteeUSD (by guarantor only); UndisclosedGuaranteeCount counts guarantees of unknown amount.
	GuaranteeUSD              *float64 `json:"guarantee_usd,omitempty"`
	UndisclosedGuaranteeCount int      `json:"undisclosed_guarantee_count,omitempty"`
}

// RateStats is the distribution of USDPerMWYear over the deals of one
// comparable type whose rate is known (any status, terminated included: the
// price was still agreed). Min, Median and Max are nil when Count is 0.
type RateStats struct {
	Type   string      `json:"type"`
	Count  int         `json:"count"`
	Min    *float64    `json:"min"`
	Median *float64    `json:"median"`
	Max    *float64    `json:"max"`
	Points []RatePoint `json:"points"`
}

// RatePoint is one deal's $/MW-yr, for a strip plot.
type RatePoint struct {
	DealID       string  `json:"deal_id"`
	USDPerMWYear float64 `json:"usd_per_mw_year"`
}

// groupBy totals the deals by key (deals with an empty key are left out),
// sorted by value desc, then count desc, then key.
func (s *Snapshot) groupBy(key func(*DealRow) string, name func(string) string) []GroupTotal {
	groups := map[string]*GroupTotal{}
	for i := range s.Deals {
		d := &s.Deals[i]
		k := key(d)
		if k == "" {
			continue
		}
		g := groups[k]
		if g == nil {
			g = &GroupTotal{Key: k, Name: name(k)}
			groups[k] = g
		}
		g.Count++
		switch {
		case d.ValueUSD == nil:
			g.UndisclosedValueCount++
		case additiveValue(d.ValueBasis):
			addTo(&g.ValueUSD, d.ValueUSD)
		default:
			g.OtherBasisValueCount++
		}
		it, unspec := dealMWParts(&d.Deal)
		addTo(&g.MW, it)
		addTo(&g.UnspecifiedMW, unspec)
		if d.MW == nil {
			g.UndisclosedMWCount++
		}
		if d.IsContracted {
			g.ContractedCount++
			if d.ValueUSD != nil && contractValue(d.ValueBasis) {
				addTo(&g.ContractedValueUSD, d.ValueUSD)
			}
			addTo(&g.ContractedMW, it)
		}
		if d.Guarantor != "" && d.Guarantor == k {
			if d.GuaranteeUSD != nil {
				addTo(&g.GuaranteeUSD, d.GuaranteeUSD)
			} else {
				g.UndisclosedGuaranteeCount++
			}
		}
	}
	out := make([]GroupTotal, 0, len(groups))
	for _, g := range groups {
		g.ContractedValueUSD = zeroIfNone(g.ContractedValueUSD, g.ContractedCount)
		g.ContractedMW = zeroIfNone(g.ContractedMW, g.ContractedCount)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		return cmp.Or(cmp.Compare(val(b.ValueUSD), val(a.ValueUSD)), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) < 0
	})
	return out
}

// rateStats computes the $/MW-yr distribution per comparable type.
func (s *Snapshot) rateStats() []RateStats {
	out := make([]RateStats, len(comparableTypes))
	for i, t := range comparableTypes {
		r := RateStats{Type: t, Points: []RatePoint{}}
		for j := range s.Deals {
			d := &s.Deals[j]
			if d.Type == t && d.USDPerMWYear != nil {
				r.Points = append(r.Points, RatePoint{DealID: d.ID, USDPerMWYear: *d.USDPerMWYear})
			}
		}
		sort.SliceStable(r.Points, func(i, j int) bool { return r.Points[i].USDPerMWYear < r.Points[j].USDPerMWYear })
		r.Count = len(r.Points)
		if r.Count > 0 {
			vs := make([]float64, r.Count)
			for k, p := range r.Points {
				vs[k] = p.USDPerMWYear
			}
			lo, hi := vs[0], vs[len(vs)-1]
			med := median(vs)
			r.Min, r.Median, r.Max = &lo, med, &hi
		}
		out[i] = r
	}
	return out
}

// median returns the median of sorted values, or nil when there are none.
func median(sorted []float64) *float64 {
	n := len(sorted)
	if n == 0 {
		return nil
	}
	m := sorted[n/2]
	if n%2 == 0 {
		m = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	return &m
}
