package dataset

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
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
type StatsHeadline struct {
	// ContractedValueUSD sums ValueUSD of contracted deals valued on an initial-term or increment basis.
	ContractedValueUSD float64 `json:"contracted_value_usd"`
	// ContractedValueWithExtUSD is the same sum taking ValueWithExtUSD where disclosed (ValueUSD otherwise).
	ContractedValueWithExtUSD float64 `json:"contracted_value_with_ext_usd"`
	// UndisclosedValueCount counts contracted deals with no ValueUSD.
	UndisclosedValueCount int `json:"undisclosed_value_count"`
	// OtherBasisValueUSD sums contracted deals' values on a relationship or estimate basis (not in ContractedValueUSD).
	OtherBasisValueUSD   float64 `json:"other_basis_value_usd"`
	OtherBasisValueCount int     `json:"other_basis_value_count"`
	// ContractedITMW sums the critical-IT MW of contracted deals.
	ContractedITMW float64 `json:"contracted_it_mw"`
	// ContractedUnspecifiedMW sums contracted MW given on a gross or unspecified basis (as MinerRow does).
	ContractedUnspecifiedMW float64 `json:"contracted_unspecified_mw"`
	// UndisclosedMWCount counts contracted deals with no MW.
	UndisclosedMWCount int `json:"undisclosed_mw_count"`

	DealCount           int `json:"deal_count"`
	ContractedDealCount int `json:"contracted_deal_count"`
	MinerCount          int `json:"miner_count"`
	SiteCount           int `json:"site_count"`
	CounterpartyCount   int `json:"counterparty_count"`

	// EnergizedMW, ConstructionMW and PipelineMW sum every site's stage,
	// whatever its basis (gross and critical IT mixed); ByBasis splits them.
	EnergizedMW    float64 `json:"energized_mw"`
	ConstructionMW float64 `json:"construction_mw"`
	PipelineMW     float64 `json:"pipeline_mw"`
	// UnstagedMW sums site power whose stage the sources do not give.
	UnstagedMW float64 `json:"unstaged_mw"`
	TotalMW    float64 `json:"total_mw"`
	// UndisclosedCapacityCount counts sites that give no MW for any stage.
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
	// ByBasis holds the site capacity per MW basis, in MWBases order, bases with no site left out.
	ByBasis []BasisCapacity `json:"by_basis"`
	// UncontractedMW sums MinerRow.UncontractedMW: per miner, site MW less
	// contracted MW (any basis), floored at 0.
	UncontractedMW float64 `json:"uncontracted_mw"`
}

// BasisCapacity is the site capacity by stage measured on one MW basis.
type BasisCapacity struct {
	Basis          string  `json:"basis"`
	SiteCount      int     `json:"site_count"`
	EnergizedMW    float64 `json:"energized_mw"`
	ConstructionMW float64 `json:"construction_mw"`
	PipelineMW     float64 `json:"pipeline_mw"`
	UnstagedMW     float64 `json:"unstaged_mw"`
	TotalMW        float64 `json:"total_mw"`
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
// headline.
type MonthTotal struct {
	Month    string `json:"month"`
	YearOnly bool   `json:"year_only,omitempty"`
	// Deals lists the ids of the contracted deals of the bucket, in dataset order.
	Deals                 []string `json:"deals"`
	ValueUSD              float64  `json:"value_usd"`
	UndisclosedValueCount int      `json:"undisclosed_value_count"`
	// MW is critical-IT MW; UnspecifiedMW is gross or unspecified MW.
	MW                 float64 `json:"mw"`
	UnspecifiedMW      float64 `json:"unspecified_mw"`
	UndisclosedMWCount int     `json:"undisclosed_mw_count"`
	CumValueUSD        float64 `json:"cum_value_usd"`
	CumMW              float64 `json:"cum_mw"`
	CumUnspecifiedMW   float64 `json:"cum_unspecified_mw"`
}

// GroupTotal totals the deals sharing one tenant, guarantor, type, miner or status.
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
	ValueUSD              float64 `json:"value_usd"`
	UndisclosedValueCount int     `json:"undisclosed_value_count"`
	OtherBasisValueCount  int     `json:"other_basis_value_count"`
	// ContractedValueUSD is the headline contracted value restricted to the group.
	ContractedValueUSD float64 `json:"contracted_value_usd"`
	// MW sums critical-IT MW of every deal of the group; UnspecifiedMW gross or unspecified MW.
	MW                 float64 `json:"mw"`
	UnspecifiedMW      float64 `json:"unspecified_mw"`
	UndisclosedMWCount int     `json:"undisclosed_mw_count"`
	// ContractedMW sums critical-IT MW of the group's contracted deals.
	ContractedMW float64 `json:"contracted_mw"`
	// GuaranteeUSD sums GuaranteeUSD (by guarantor only); UndisclosedGuaranteeCount counts guarantees of unknown amount.
	GuaranteeUSD              float64 `json:"guarantee_usd,omitempty"`
	UndisclosedGuaranteeCount int     `json:"undisclosed_guarantee_count,omitempty"`
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
			h.ContractedValueUSD += *d.ValueUSD
			h.ContractedValueWithExtUSD += withExt(&d.Deal)
		default:
			h.OtherBasisValueUSD += *d.ValueUSD
			h.OtherBasisValueCount++
		}
		it, unspec, known := dealMW(&d.Deal)
		h.ContractedITMW += it
		h.ContractedUnspecifiedMW += unspec
		if !known {
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
			m.ValueUSD += *d.ValueUSD
		}
		m.MW += it
		m.UnspecifiedMW += unspec
		if !known {
			m.UndisclosedMWCount++
		}
	}
	st.ByMonth = make([]MonthTotal, 0, len(months))
	for _, m := range months {
		st.ByMonth = append(st.ByMonth, *m)
	}
	// "2025" < "2025-01" as strings: a year-only bucket opens its year.
	sort.Slice(st.ByMonth, func(i, j int) bool { return st.ByMonth[i].Month < st.ByMonth[j].Month })
	var cumV, cumMW, cumU float64
	for i := range st.ByMonth {
		m := &st.ByMonth[i]
		cumV += m.ValueUSD
		cumMW += m.MW
		cumU += m.UnspecifiedMW
		m.CumValueUSD, m.CumMW, m.CumUnspecifiedMW = cumV, cumMW, cumU
	}

	byBasis := map[string]*BasisCapacity{}
	for i := range s.Sites {
		site := &s.Sites[i]
		if site.EnergizedMW == nil && site.ConstructionMW == nil && site.PipelineMW == nil && site.UnstagedMW == nil {
			h.UndisclosedCapacityCount++
			continue
		}
		h.EnergizedMW += val(site.EnergizedMW)
		h.ConstructionMW += val(site.ConstructionMW)
		h.PipelineMW += val(site.PipelineMW)
		h.UnstagedMW += val(site.UnstagedMW)
		b := byBasis[site.Basis]
		if b == nil {
			b = &BasisCapacity{Basis: site.Basis}
			byBasis[site.Basis] = b
		}
		b.SiteCount++
		b.EnergizedMW += val(site.EnergizedMW)
		b.ConstructionMW += val(site.ConstructionMW)
		b.PipelineMW += val(site.PipelineMW)
		b.UnstagedMW += val(site.UnstagedMW)
		b.TotalMW += site.TotalMW
	}
	h.TotalMW = h.EnergizedMW + h.ConstructionMW + h.PipelineMW + h.UnstagedMW
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
		h.UncontractedMW += s.Miners[i].UncontractedMW
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
	if d.MW == nil {
		return 0, 0, false
	}
	switch d.MWBasis {
	case BasisIT:
		return *d.MW, 0, true
	case BasisGross, BasisUnspecified:
		return 0, *d.MW, true
	}
	return 0, 0, true
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
			g.ValueUSD += *d.ValueUSD
		default:
			g.OtherBasisValueCount++
		}
		it, unspec, known := dealMW(&d.Deal)
		g.MW += it
		g.UnspecifiedMW += unspec
		if !known {
			g.UndisclosedMWCount++
		}
		if d.IsContracted {
			g.ContractedCount++
			if d.ValueUSD != nil && contractValue(d.ValueBasis) {
				g.ContractedValueUSD += *d.ValueUSD
			}
			g.ContractedMW += it
		}
		if d.Guarantor != "" && d.Guarantor == k {
			if d.GuaranteeUSD != nil {
				g.GuaranteeUSD += *d.GuaranteeUSD
			} else {
				g.UndisclosedGuaranteeCount++
			}
		}
	}
	out := make([]GroupTotal, 0, len(groups))
	for _, g := range groups {
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := &out[i], &out[j]
		return cmp.Or(cmp.Compare(b.ValueUSD, a.ValueUSD), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Key, b.Key)) < 0
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

// Reconciliation compares our bottom-up contracted total with a published
// aggregate (such as Bernstein's ">$90B covering ~3.7 GW") and explains the
// gap from the data. Steps is a waterfall: our total, less deals announced
// after the aggregate's date, less deals with companies outside a narrow
// "bitcoin miner" scope, giving the comparable total. JV and Extensions are
// further effects shown beside it, not subtracted.
type Reconciliation struct {
	Aggregate Aggregate `json:"aggregate"`
	// ValueCompared is false when the aggregate gives no ValueUSD: only MW is compared.
	ValueCompared bool `json:"value_compared"`
	// MWBasis is the basis of every MW figure below: critical-it when the
	// aggregate's MW is critical IT (our IT MW only), else "any" (our IT plus
	// gross/unspecified MW, since the aggregate does not say).
	MWBasis string `json:"mw_basis"`
	// CountedDeals lists the contracted capacity deals our total counts.
	CountedDeals          []string `json:"counted_deals"`
	UndisclosedValueCount int      `json:"undisclosed_value_count"`
	UndisclosedMWCount    int      `json:"undisclosed_mw_count"`
	// OtherBasisValueUSD sums counted deals' relationship or estimate values,
	// which are left out of OurValueUSD (OtherBasisCount deals).
	OtherBasisValueUSD float64  `json:"other_basis_value_usd"`
	OtherBasisCount    int      `json:"other_basis_count"`
	OurValueUSD        float64  `json:"our_value_usd"`
	OurMW              float64  `json:"our_mw"`
	TheirValueUSD      *float64 `json:"their_value_usd"`
	TheirMW            *float64 `json:"their_mw"`
	// DiffValueUSD and DiffMW are ours less theirs (nil when theirs is unknown).
	DiffValueUSD *float64 `json:"diff_value_usd"`
	DiffMW       *float64 `json:"diff_mw"`
	// Steps is the waterfall from OurValueUSD to ComparableValueUSD.
	Steps []ReconStep `json:"steps"`
	// ComparableValueUSD and ComparableMW cover deals announced by the
	// aggregate's date with companies inside the narrow scope.
	ComparableValueUSD     float64  `json:"comparable_value_usd"`
	ComparableMW           float64  `json:"comparable_mw"`
	ComparableDiffValueUSD *float64 `json:"comparable_diff_value_usd"`
	ComparableDiffMW       *float64 `json:"comparable_diff_mw"`
	// JV is the comparable value of joint-venture deals, which we count at
	// 100% although the miner owns only a share (not in the data).
	JV ReconStep `json:"jv"`
	// Extensions is the uplift of the comparable value if every disclosed
	// extension option were exercised; ComparableWithExtUSD is the total with it.
	Extensions           ReconStep `json:"extensions"`
	ComparableWithExtUSD float64   `json:"comparable_with_ext_usd"`
	// Explanation is the reconciliation in sentences, built from the figures above.
	Explanation []string `json:"explanation"`
}

// ReconStep is one line of a reconciliation: a value and MW and the deals behind them.
type ReconStep struct {
	Label    string   `json:"label"`
	ValueUSD float64  `json:"value_usd"`
	MW       float64  `json:"mw"`
	Deals    []string `json:"deals"`
	// Companies names the miners concerned, where the step is about companies.
	Companies []string `json:"companies,omitempty"`
}

// Reconcile compares our contracted total with the aggregate whose ID is
// given. It returns an ENOTFOUND *Error if there is no such aggregate.
func (s *Snapshot) Reconcile(aggregateID string) (Reconciliation, error) {
	for _, a := range s.Data.Aggregates {
		if a.ID == aggregateID {
			return s.ReconcileWith(a), nil
		}
	}
	return Reconciliation{}, Errorf(ENOTFOUND, "aggregate %q not found", aggregateID)
}

// outOfScope reports whether a miner status is outside a narrow "bitcoin
// miner" scope: hosts with a mining past and companies that exited mining.
func outOfScope(status string) bool {
	return status == MinerNonMiner || status == MinerExited
}

// ReconcileWith compares our contracted total with a given aggregate figure,
// which need not be in the dataset.
func (s *Snapshot) ReconcileWith(a Aggregate) Reconciliation {
	r := Reconciliation{
		Aggregate: a, ValueCompared: a.ValueUSD != nil, MWBasis: "any",
		TheirValueUSD: a.ValueUSD, TheirMW: a.MW, CountedDeals: []string{},
	}
	if a.MWBasis == BasisIT {
		r.MWBasis = BasisIT
	}
	mwOf := func(d *Deal) (float64, bool) {
		it, unspec, known := dealMW(d)
		if r.MWBasis == BasisIT {
			return it, known
		}
		return it + unspec, known
	}
	after := ReconStep{Label: fmt.Sprintf("Announced after %s", a.Date), Deals: []string{}}
	scope := ReconStep{Label: "Companies outside a narrow bitcoin-miner scope (host or exited)", Deals: []string{}, Companies: []string{}}
	r.JV = ReconStep{Label: "Joint ventures counted at 100%", Deals: []string{}}
	r.Extensions = ReconStep{Label: "Extension options", Deals: []string{}}
	for i := range s.Deals {
		d := &s.Deals[i]
		if !d.IsContracted {
			continue
		}
		r.CountedDeals = append(r.CountedDeals, d.ID)
		v := 0.0
		switch {
		case d.ValueUSD == nil:
			r.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			v = *d.ValueUSD
		default:
			r.OtherBasisValueUSD += *d.ValueUSD
			r.OtherBasisCount++
		}
		mw, known := mwOf(&d.Deal)
		if !known {
			r.UndisclosedMWCount++
		}
		r.OurValueUSD += v
		r.OurMW += mw
		if !announcedBy(d.Announced, a.Date) {
			after.ValueUSD += v
			after.MW += mw
			after.Deals = append(after.Deals, d.ID)
			continue
		}
		if m, err := s.Miner(d.Miner); err == nil && outOfScope(m.Status) {
			scope.ValueUSD += v
			scope.MW += mw
			scope.Deals = append(scope.Deals, d.ID)
			if !slices.Contains(scope.Companies, m.Name) {
				scope.Companies = append(scope.Companies, m.Name)
			}
			continue
		}
		r.ComparableValueUSD += v
		r.ComparableMW += mw
		if d.Type == TypeJV {
			r.JV.ValueUSD += v
			r.JV.MW += mw
			r.JV.Deals = append(r.JV.Deals, d.ID)
		}
		if v > 0 && d.ValueWithExtUSD != nil && *d.ValueWithExtUSD > v {
			r.Extensions.ValueUSD += *d.ValueWithExtUSD - v
			r.Extensions.Deals = append(r.Extensions.Deals, d.ID)
		}
	}
	sort.Strings(scope.Companies)
	r.ComparableWithExtUSD = r.ComparableValueUSD + r.Extensions.ValueUSD
	r.Steps = []ReconStep{
		{Label: "Our contracted total", ValueUSD: r.OurValueUSD, MW: r.OurMW, Deals: r.CountedDeals},
		negate(after),
		negate(scope),
		{Label: "Comparable total", ValueUSD: r.ComparableValueUSD, MW: r.ComparableMW, Deals: comparableDeals(r.CountedDeals, after.Deals, scope.Deals)},
	}
	if a.ValueUSD != nil {
		r.DiffValueUSD = ptr(r.OurValueUSD - *a.ValueUSD)
		r.ComparableDiffValueUSD = ptr(r.ComparableValueUSD - *a.ValueUSD)
	}
	if a.MW != nil {
		r.DiffMW = ptr(r.OurMW - *a.MW)
		r.ComparableDiffMW = ptr(r.ComparableMW - *a.MW)
	}
	r.Explanation = r.explain(after, scope)
	return r
}

func negate(st ReconStep) ReconStep {
	st.ValueUSD, st.MW = -st.ValueUSD, -st.MW
	return st
}

func comparableDeals(all, after, scope []string) []string {
	out := []string{}
	for _, id := range all {
		if !slices.Contains(after, id) && !slices.Contains(scope, id) {
			out = append(out, id)
		}
	}
	return out
}

func ptr(v float64) *float64 { return &v }

// explain writes the reconciliation as sentences.
func (r *Reconciliation) explain(after, scope ReconStep) []string {
	a := r.Aggregate
	mwWord := "(critical IT, gross and unspecified together)"
	if r.MWBasis == BasisIT {
		mwWord = "(critical IT)"
	}
	var out []string
	who := strings.TrimSpace(a.Who)
	if who == "" {
		who = a.ID
	}
	theirs := fmt.Sprintf("%s (%s) published %q", who, a.Date, a.Value)
	switch {
	case a.ValueUSD == nil && a.MW == nil:
		theirs += "; it gives neither a dollar nor a MW figure, so there is nothing to compare."
	case a.ValueUSD == nil:
		theirs += fmt.Sprintf("; it gives no dollar figure, so only MW is compared (%s).", mwText(*a.MW))
	case a.MW == nil:
		theirs += fmt.Sprintf(" (%s; no MW figure).", usdText(*a.ValueUSD))
	default:
		theirs += fmt.Sprintf(" (%s, %s).", usdText(*a.ValueUSD), mwText(*a.MW))
	}
	out = append(out, theirs)
	ours := fmt.Sprintf("We count %d contracted capacity deals (colocation, cloud services and JVs that are signed, under construction, energizing or energized; initial-term or increment values only): %s and %s %s.",
		len(r.CountedDeals), usdText(r.OurValueUSD), mwText(r.OurMW), mwWord)
	if r.UndisclosedValueCount > 0 || r.UndisclosedMWCount > 0 {
		ours += fmt.Sprintf(" Of these, %d give no value and %d no MW, so both totals are lower bounds.", r.UndisclosedValueCount, r.UndisclosedMWCount)
	}
	if r.OtherBasisCount > 0 {
		ours += fmt.Sprintf(" %d more carry only a relationship or estimate value (%s), left out because it is not a contract value.", r.OtherBasisCount, usdText(r.OtherBasisValueUSD))
	}
	out = append(out, ours)
	if len(after.Deals) > 0 {
		out = append(out, fmt.Sprintf("%s and %s of that were announced after %s (%s), so the aggregate cannot include them.",
			usdText(after.ValueUSD), mwText(after.MW), a.Date, strings.Join(after.Deals, ", ")))
	}
	if len(scope.Deals) > 0 {
		out = append(out, fmt.Sprintf("%s and %s are with companies a narrow \"bitcoin miner\" scope may leave out because they host rather than mine or have exited mining (%s).",
			usdText(scope.ValueUSD), mwText(scope.MW), strings.Join(scope.Companies, ", ")))
	}
	comp := fmt.Sprintf("On the same date and scope we count %s and %s", usdText(r.ComparableValueUSD), mwText(r.ComparableMW))
	var gaps []string
	if r.ComparableDiffValueUSD != nil {
		gaps = append(gaps, fmt.Sprintf("%s in value", signedUSD(*r.ComparableDiffValueUSD)))
	}
	if r.ComparableDiffMW != nil {
		gaps = append(gaps, signedMW(*r.ComparableDiffMW))
	}
	if len(gaps) > 0 {
		comp += "; ours less theirs: " + strings.Join(gaps, " and ")
	}
	out = append(out, comp+".")
	if len(r.JV.Deals) > 0 {
		out = append(out, fmt.Sprintf("Joint-venture deals are counted at 100%% (%s, %s: %s); counting only the miner's share would lower our total.",
			usdText(r.JV.ValueUSD), mwText(r.JV.MW), strings.Join(r.JV.Deals, ", ")))
	}
	if len(r.Extensions.Deals) > 0 {
		out = append(out, fmt.Sprintf("Counting extension options (%s) would raise the comparable value by %s to %s.",
			strings.Join(r.Extensions.Deals, ", "), usdText(r.Extensions.ValueUSD), usdText(r.ComparableWithExtUSD)))
	}
	return out
}

// usdText formats dollars as "$9.7B", "$450M" or "$12,000".
func usdText(v float64) string {
	switch {
	case v >= 1e9 || v <= -1e9:
		return fmt.Sprintf("$%.1fB", v/1e9)
	case v >= 1e6 || v <= -1e6:
		return fmt.Sprintf("$%.0fM", v/1e6)
	}
	return fmt.Sprintf("$%.0f", v)
}

func signedUSD(v float64) string {
	if v < 0 {
		return "-" + usdText(-v)
	}
	return "+" + usdText(v)
}

// mwText formats MW to one decimal at most: "1190.5 MW", "3700 MW".
func mwText(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) + " MW"
}

func signedMW(v float64) string {
	if v < 0 {
		return "-" + mwText(-v)
	}
	return "+" + mwText(v)
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
