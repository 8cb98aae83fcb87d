package dataset

import (
	"cmp"
	"sort"
	"time"
)

// Stats is the aggregate view of a snapshot: the headline totals, the
// contracted value and MW by announcement month, totals by tenant, guarantor,
// type, miner and status, and the distribution of $/MW-yr. It is computed
// from the records on every call (never typed in) and costs one pass over
// the deals and sites.
//
// Unknown stays unknown: every sum skips nil figures and a matching
// *_count field says how many were skipped, so a total is always "at least".
type Stats struct {
	// AsOf is the dataset's Meta.AsOf.
	AsOf     Date          `json:"as_of"`
	Headline StatsHeadline `json:"headline"`
	// ByMonth holds contracted deals by announcement month, oldest first.
	ByMonth []MonthTotal `json:"by_month"`
	// UndatedCount counts contracted deals whose announced date is unusable.
	UndatedCount int          `json:"undated_count"`
	ByTenant     []GroupTotal `json:"by_tenant"`
	// ByGuarantor groups only deals that name a guarantor.
	ByGuarantor []GroupTotal `json:"by_guarantor"`
	ByType      []GroupTotal `json:"by_type"`
	ByMiner     []GroupTotal `json:"by_miner"`
	ByStatus    []GroupTotal `json:"by_status"`
	// Rates is the $/MW-yr distribution per comparable deal type.
	Rates []RateStats `json:"rates"`
}

// StatsHeadline holds the headline figures of a snapshot.
//
// "Contracted" follows Deal.Contracted (binding capacity deals: colocation,
// cloud services, JV; signed through energized). Contracted value sums only
// values whose basis is initial-term or increment, which add up without
// double counting; relationship and estimate values of contracted deals are
// reported beside it, never added to it.
//
// Unknown is never 0: a sum is null when no figure went into it. A sum of
// contracted deals is 0 only when ContractedDealCount is 0, and a sum over
// site stages is null when no site gives that stage; the counts beside
// each sum say how many items it leaves out (see ZeroBacking).
type StatsHeadline struct {
	// ContractedValueUSD sums ValueUSD of contracted deals valued on an initial-term or increment basis.
	ContractedValueUSD *float64 `json:"contracted_value_usd"`
	// ContractedValueWithExtUSD is the same sum taking ValueWithExtUSD where disclosed (ValueUSD otherwise).
	ContractedValueWithExtUSD *float64 `json:"contracted_value_with_ext_usd"`
	// UndisclosedValueCount counts contracted deals with no ValueUSD.
	UndisclosedValueCount int `json:"undisclosed_value_count"`
	// OtherBasisValueUSD sums contracted deals' values on a relationship or estimate basis (not in ContractedValueUSD).
	OtherBasisValueUSD   *float64 `json:"other_basis_value_usd"`
	OtherBasisValueCount int      `json:"other_basis_value_count"`
	// ContractedITMW sums the critical-IT MW of contracted deals.
	ContractedITMW *float64 `json:"contracted_it_mw"`
	// ContractedUnspecifiedMW sums contracted MW given on a gross or
	// unspecified basis (as MinerRow does); null when none is.
	ContractedUnspecifiedMW *float64 `json:"contracted_unspecified_mw"`
	// UndisclosedMWCount counts contracted deals with no MW.
	UndisclosedMWCount int `json:"undisclosed_mw_count"`

	DealCount           int `json:"deal_count"`
	ContractedDealCount int `json:"contracted_deal_count"`
	MinerCount          int `json:"miner_count"`
	SiteCount           int `json:"site_count"`
	CounterpartyCount   int `json:"counterparty_count"`

	// EnergizedMW, ConstructionMW and PipelineMW sum every site's stage,
	// whatever its basis (gross and critical IT mixed); ByBasis splits them.
	// Each is null when no site gives the stage.
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	// UnstagedMW sums site power whose stage the sources do not give.
	UnstagedMW *float64 `json:"unstaged_mw"`
	TotalMW    *float64 `json:"total_mw"`
	// EnergizedMWUndisclosed and the others count the sites that do not give the stage.
	EnergizedMWUndisclosed    int `json:"energized_mw_undisclosed"`
	ConstructionMWUndisclosed int `json:"construction_mw_undisclosed"`
	PipelineMWUndisclosed     int `json:"pipeline_mw_undisclosed"`
	// UndisclosedCapacityCount counts sites that give no MW for any stage.
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
	// ByBasis holds the site capacity per MW basis, in MWBases order, bases with no site left out.
	ByBasis []BasisCapacity `json:"by_basis"`
	// UncontractedMW sums MinerRow.UncontractedMW over the miners whose
	// site MW is known: per miner, site MW less contracted MW, floored at 0.
	UncontractedMW *float64 `json:"uncontracted_mw"`
	// UncontractedMinerCount counts the miners in UncontractedMW.
	UncontractedMinerCount int `json:"uncontracted_miner_count"`
}

// BasisCapacity is the site capacity by stage measured on one MW basis;
// a stage is null when none of the SiteCount sites gives it.
type BasisCapacity struct {
	Basis          string   `json:"basis"`
	SiteCount      int      `json:"site_count"`
	EnergizedMW    *float64 `json:"energized_mw"`
	ConstructionMW *float64 `json:"construction_mw"`
	PipelineMW     *float64 `json:"pipeline_mw"`
	UnstagedMW     *float64 `json:"unstaged_mw"`
	TotalMW        *float64 `json:"total_mw"`
}

// MonthTotal is the contracted value and MW announced in one month, with
// running totals.
//
// Month is "YYYY-MM". A deal whose announced date gives only a year goes in a
// "YYYY" bucket (YearOnly true) placed at the start of that year, before
// "YYYY-01" (it sorts first as a string too). This is the rule Reconcile and
// CapacitySeries use: an imprecise date is taken at its first possible day,
// so the cumulative curve never leaves out a deal that may already have been
// announced. The choice is visible, not hidden: the bucket is labelled by
// its year alone. ValueUSD sums initial-term and increment values, like the
// headline. Each sum is null when none of the month's deals gives it, and
// each running total is null until a first figure.
type MonthTotal struct {
	Month    string `json:"month"`
	YearOnly bool   `json:"year_only,omitempty"`
	// Deals lists the ids of the contracted deals of the bucket, in dataset order.
	Deals                 []string `json:"deals"`
	ValueUSD              *float64 `json:"value_usd"`
	UndisclosedValueCount int      `json:"undisclosed_value_count"`
	// MW is critical-IT MW; UnspecifiedMW is gross or unspecified MW.
	MW                 *float64 `json:"mw"`
	UnspecifiedMW      *float64 `json:"unspecified_mw"`
	UndisclosedMWCount int      `json:"undisclosed_mw_count"`
	CumValueUSD        *float64 `json:"cum_value_usd"`
	CumMW              *float64 `json:"cum_mw"`
	CumUnspecifiedMW   *float64 `json:"cum_unspecified_mw"`
}

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

// comparableTypes are the deal types whose $/MW-yr is computed, in display order.
var comparableTypes = []string{TypeColocation, TypeCloud, TypeJV}

// additiveValue reports whether a value basis adds up across deals.
func additiveValue(basis string) bool {
	return basis == ValueInitialTerm || basis == ValueIncrement || basis == ValuePrice
}

// contractValue reports whether a value basis counts toward contracted value.
func contractValue(basis string) bool {
	return basis == ValueInitialTerm || basis == ValueIncrement
}

// Stats returns the aggregate statistics of the snapshot, computed once.
func (s *Snapshot) Stats() Stats {
	// The snapshot never changes, so its stats are computed once; callers
	// get a copy whose slices they must not modify.
	s.statsOnce.Do(func() { s.stats = s.computeStats() })
	return s.stats
}

func (s *Snapshot) computeStats() Stats {
	st := Stats{AsOf: s.Data.Meta.AsOf}
	h := &st.Headline
	h.DealCount = len(s.Deals)
	h.MinerCount = len(s.Miners)
	h.SiteCount = len(s.Sites)
	h.CounterpartyCount = len(s.Data.Counterparties)

	months := map[string]*MonthTotal{}
	for i := range s.Deals {
		d := &s.Deals[i]
		if !d.IsContracted {
			continue
		}
		h.ContractedDealCount++
		switch {
		case d.ValueUSD == nil:
			h.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			addTo(&h.ContractedValueUSD, d.ValueUSD)
			addTo(&h.ContractedValueWithExtUSD, ptr(withExt(&d.Deal)))
		default:
			addTo(&h.OtherBasisValueUSD, d.ValueUSD)
			h.OtherBasisValueCount++
		}
		it, unspec := dealMWParts(&d.Deal)
		addTo(&h.ContractedITMW, it)
		addTo(&h.ContractedUnspecifiedMW, unspec)
		if d.MW == nil {
			h.UndisclosedMWCount++
		}

		key, yearOnly := d.Announced.Month(), false
		if key == "" {
			key, yearOnly = d.Announced.Year(), true
		}
		if key == "" {
			st.UndatedCount++
			continue
		}
		m := months[key]
		if m == nil {
			m = &MonthTotal{Month: key, YearOnly: yearOnly}
			months[key] = m
		}
		m.Deals = append(m.Deals, d.ID)
		switch {
		case d.ValueUSD == nil:
			m.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			addTo(&m.ValueUSD, d.ValueUSD)
		}
		addTo(&m.MW, it)
		addTo(&m.UnspecifiedMW, unspec)
		if d.MW == nil {
			m.UndisclosedMWCount++
		}
	}
	h.ContractedValueUSD = zeroIfNone(h.ContractedValueUSD, h.ContractedDealCount)
	h.ContractedValueWithExtUSD = zeroIfNone(h.ContractedValueWithExtUSD, h.ContractedDealCount)
	h.ContractedITMW = zeroIfNone(h.ContractedITMW, h.ContractedDealCount)
	h.OtherBasisValueUSD = zeroIfNone(h.OtherBasisValueUSD, h.OtherBasisValueCount)
	st.ByMonth = make([]MonthTotal, 0, len(months))
	for _, m := range months {
		st.ByMonth = append(st.ByMonth, *m)
	}
	// "2025" < "2025-01" as strings: a year-only bucket opens its year.
	sort.Slice(st.ByMonth, func(i, j int) bool { return st.ByMonth[i].Month < st.ByMonth[j].Month })
	var cumV, cumMW, cumU *float64
	for i := range st.ByMonth {
		m := &st.ByMonth[i]
		addTo(&cumV, m.ValueUSD)
		addTo(&cumMW, m.MW)
		addTo(&cumU, m.UnspecifiedMW)
		m.CumValueUSD, m.CumMW, m.CumUnspecifiedMW = clonePtr(cumV), clonePtr(cumMW), clonePtr(cumU)
	}

	byBasis := map[string]*BasisCapacity{}
	for i := range s.Sites {
		site := &s.Sites[i]
		for _, f := range []struct {
			v *float64
			n *int
		}{{site.EnergizedMW, &h.EnergizedMWUndisclosed}, {site.ConstructionMW, &h.ConstructionMWUndisclosed}, {site.PipelineMW, &h.PipelineMWUndisclosed}} {
			if f.v == nil {
				*f.n++
			}
		}
		if site.TotalMW == nil {
			h.UndisclosedCapacityCount++
			continue
		}
		addTo(&h.EnergizedMW, site.EnergizedMW)
		addTo(&h.ConstructionMW, site.ConstructionMW)
		addTo(&h.PipelineMW, site.PipelineMW)
		addTo(&h.UnstagedMW, site.UnstagedMW)
		addTo(&h.TotalMW, site.TotalMW)
		b := byBasis[site.Basis]
		if b == nil {
			b = &BasisCapacity{Basis: site.Basis}
			byBasis[site.Basis] = b
		}
		b.SiteCount++
		addTo(&b.EnergizedMW, site.EnergizedMW)
		addTo(&b.ConstructionMW, site.ConstructionMW)
		addTo(&b.PipelineMW, site.PipelineMW)
		addTo(&b.UnstagedMW, site.UnstagedMW)
		addTo(&b.TotalMW, site.TotalMW)
	}
	h.ByBasis = []BasisCapacity{}
	for _, basis := range MWBases {
		if b := byBasis[basis]; b != nil {
			h.ByBasis = append(h.ByBasis, *b)
			delete(byBasis, basis)
		}
	}
	for _, b := range byBasis { // bases outside MWBases: only in an unvalidated dataset
		h.ByBasis = append(h.ByBasis, *b)
	}
	for i := range s.Miners {
		if u := s.Miners[i].UncontractedMW; u != nil {
			addTo(&h.UncontractedMW, u)
			h.UncontractedMinerCount++
		}
	}

	cpName := func(id string) string {
		if c, err := s.Counterparty(id); err == nil {
			return c.Name
		}
		return id
	}
	minerName := func(id string) string {
		if m, err := s.Miner(id); err == nil {
			return m.Name
		}
		return id
	}
	same := func(v string) string { return v }
	st.ByTenant = s.groupBy(func(d *DealRow) string { return d.Tenant }, cpName)
	st.ByGuarantor = s.groupBy(func(d *DealRow) string { return d.Guarantor }, cpName)
	st.ByType = s.groupBy(func(d *DealRow) string { return d.Type }, same)
	st.ByMiner = s.groupBy(func(d *DealRow) string { return d.Miner }, minerName)
	st.ByStatus = s.groupBy(func(d *DealRow) string { return d.Status }, same)
	st.Rates = s.rateStats()
	return st
}

// withExt is the deal's value counting extension options when disclosed.
func withExt(d *Deal) float64 {
	if d.ValueWithExtUSD != nil {
		return *d.ValueWithExtUSD
	}
	return val(d.ValueUSD)
}

// dealMW splits a deal's MW into critical IT and gross-or-unspecified, the
// way MinerRow does; known is false when the deal gives no MW.
func dealMW(d *Deal) (it, unspecified float64, known bool) {
	i, u := dealMWParts(d)
	return val(i), val(u), d.MW != nil
}

// dealMWParts is dealMW as nullable figures: the deal's MW in the part its
// basis belongs to, nil in the other (and in both when it gives no MW or
// its MW is on a generation basis).
func dealMWParts(d *Deal) (it, unspecified *float64) {
	if d.MW == nil {
		return nil, nil
	}
	switch d.MWBasis {
	case BasisIT:
		return d.MW, nil
	case BasisGross, BasisUnspecified:
		return nil, d.MW
	}
	return nil, nil
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

// dateEnd returns the instant just after the last one d can mean
// ("2025" ends at 2026-01-01), or false when d is empty or invalid.
func dateEnd(d Date) (time.Time, bool) {
	t, err := d.Time()
	if err != nil {
		return time.Time{}, false
	}
	switch len(d) {
	case 4:
		return t.AddDate(1, 0, 0), true
	case 7:
		return t.AddDate(0, 1, 0), true
	}
	return t.AddDate(0, 0, 1), true
}

// announcedBy reports whether a deal announced on d may have been announced
// by the date by: d's first possible day is not after by's last possible
// day. Dates known only to the month or year get the benefit of the doubt
// ("2026-05" counts as announced by "2026-05-19"). An unusable d counts as
// announced by any date; an unusable by admits every d.
func announcedBy(d, by Date) bool {
	start, err := d.Time()
	if err != nil {
		return true
	}
	end, ok := dateEnd(by)
	if !ok {
		return true
	}
	return start.Before(end)
}

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
