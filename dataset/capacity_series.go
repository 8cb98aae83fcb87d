package dataset

import (
	"sort"
)

// CapacitySeriesPoint is one of a miner's dated capacity disclosures with
// the capacity its deals had put under contract by that date.
//
// The Deals* fields count the deals that are contracted now (Deal.Contracted)
// and were announced by AsOf (see announcedBy: month- or year-only dates
// count as announced by any date within them). The dataset keeps no status
// history, so a deal later terminated is left out at every date.
type CapacitySeriesPoint struct {
	CapacityPoint
	// TotalMW sums the stages the point discloses, nil when it discloses none.
	TotalMW *float64 `json:"total_mw"`
	// DealsContractedITMW sums the critical-IT MW of those deals.
	DealsContractedITMW float64 `json:"deals_contracted_it_mw"`
	// DealsContractedUnspecifiedMW sums their gross or unspecified MW.
	DealsContractedUnspecifiedMW float64 `json:"deals_contracted_unspecified_mw"`
	// DealsContractedValueUSD sums their initial-term or increment values.
	DealsContractedValueUSD float64  `json:"deals_contracted_value_usd"`
	DealsContracted         []string `json:"deals_contracted"`
	// ContractedShare is DealsContractedITMW over TotalMW (nil when TotalMW
	// is nil or 0). Like MinerRow.ContractedShare it divides IT MW by the
	// point's basis, which is often gross.
	ContractedShare *float64 `json:"contracted_share"`
}

// CapacitySeries returns the miner's capacity points, oldest first, each
// with the contracted deal capacity announced by its date. It returns an
// ENOTFOUND *Error if the miner does not exist.
func (s *Snapshot) CapacitySeries(minerID string) ([]CapacitySeriesPoint, error) {
	m, err := s.Miner(minerID)
	if err != nil {
		return nil, err
	}
	deals := s.MinerDeals(minerID)
	out := make([]CapacitySeriesPoint, 0, len(m.Capacity))
	for _, p := range m.Capacity {
		pt := CapacitySeriesPoint{CapacityPoint: p, DealsContracted: []string{}}
		if p.EnergizedMW != nil || p.ConstructionMW != nil || p.PipelineMW != nil {
			pt.TotalMW = ptr(val(p.EnergizedMW) + val(p.ConstructionMW) + val(p.PipelineMW))
		}
		for i := range deals {
			d := &deals[i]
			if !d.IsContracted || !announcedBy(d.Announced, p.AsOf) {
				continue
			}
			it, unspec, _ := dealMW(&d.Deal)
			pt.DealsContractedITMW += it
			pt.DealsContractedUnspecifiedMW += unspec
			if d.ValueUSD != nil && contractValue(d.ValueBasis) {
				pt.DealsContractedValueUSD += *d.ValueUSD
			}
			pt.DealsContracted = append(pt.DealsContracted, d.ID)
		}
		if pt.TotalMW != nil && *pt.TotalMW > 0 {
			pt.ContractedShare = ptr(pt.DealsContractedITMW / *pt.TotalMW)
		}
		out = append(out, pt)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ti, _ := out[i].AsOf.Time()
		tj, _ := out[j].AsOf.Time()
		return ti.Before(tj)
	})
	return out, nil
}
