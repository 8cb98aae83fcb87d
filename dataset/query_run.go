package dataset

import (
	"reflect"
	"strings"
)

// DealTotals sums figures of the deals matching a query. Unknown stays
// unknown: the counts say how many rows each sum leaves out.
type DealTotals struct {
	// ValueUSD sums value_usd of rows valued on an initial-term or increment basis.
	ValueUSD float64 `json:"value_usd"`
	// ValueCount counts the rows in ValueUSD.
	ValueCount int `json:"value_count"`
	// OtherBasisValueCount counts rows whose value is on another basis
	// (relationship, price, estimate), left out of ValueUSD.
	OtherBasisValueCount int `json:"other_basis_value_count"`
	// UndisclosedValueCount counts rows with no value.
	UndisclosedValueCount int `json:"undisclosed_value_count"`
	// MW sums the MW of rows on a critical-IT basis.
	MW float64 `json:"mw"`
	// OtherBasisMWCount counts rows whose MW is gross, generation or unspecified, left out of MW.
	OtherBasisMWCount int `json:"other_basis_mw_count"`
	// UndisclosedMWCount counts rows with no MW.
	UndisclosedMWCount int `json:"undisclosed_mw_count"`
}

// MinerTotals sums the capacity and contracted figures of the miners
// matching a query. Site capacity mixes bases (see MinerRow.CapacityBasis).
type MinerTotals struct {
	EnergizedMW        float64 `json:"energized_mw"`
	ConstructionMW     float64 `json:"construction_mw"`
	PipelineMW         float64 `json:"pipeline_mw"`
	UnstagedMW         float64 `json:"unstaged_mw"`
	TotalMW            float64 `json:"total_mw"`
	ContractedMW       float64 `json:"contracted_mw"`
	UncontractedMW     float64 `json:"uncontracted_mw"`
	ContractedValueUSD float64 `json:"contracted_value_usd"`
	// UndisclosedCapacityCount counts miners none of whose sites gives MW.
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
}

// SiteTotals sums the capacity of the sites matching a query, whatever
// each site's MW basis.
type SiteTotals struct {
	EnergizedMW    float64 `json:"energized_mw"`
	ConstructionMW float64 `json:"construction_mw"`
	PipelineMW     float64 `json:"pipeline_mw"`
	UnstagedMW     float64 `json:"unstaged_mw"`
	TotalMW        float64 `json:"total_mw"`
	ITMW           float64 `json:"it_mw"`
	ContractedMW   float64 `json:"contracted_mw"`
	// UndisclosedCapacityCount counts sites that give no MW for any stage.
	UndisclosedCapacityCount int `json:"undisclosed_capacity_count"`
}

// DealResult is one page of a deals query.
type DealResult struct {
	// Total counts every matching row, not only the page.
	Total int `json:"total"`
	// Rows is the page: copies the caller owns.
	Rows   []DealRow  `json:"rows"`
	Facets []Facet    `json:"facets"`
	Totals DealTotals `json:"totals"`
	// Next is the token of the following page, "" on the last one.
	Next string `json:"next,omitempty"`
}

// MinerResult is one page of a miners query.
type MinerResult struct {
	Total  int         `json:"total"`
	Rows   []MinerRow  `json:"rows"`
	Facets []Facet     `json:"facets"`
	Totals MinerTotals `json:"totals"`
	Next   string      `json:"next,omitempty"`
}

// SiteResult is one page of a sites query.
type SiteResult struct {
	Total  int        `json:"total"`
	Rows   []SiteRow  `json:"rows"`
	Facets []Facet    `json:"facets"`
	Totals SiteTotals `json:"totals"`
	Next   string     `json:"next,omitempty"`
}

// Result is one page of a query of any kind.
type Result struct {
	// Total counts every matching row, not only the page.
	Total int `json:"total"`
	// Rows is the page: pointers to copies the caller owns (*DealRow…).
	Rows   []any   `json:"rows"`
	Facets []Facet `json:"facets"`
	// Totals sums the matching rows' figures: DealTotals, MinerTotals…
	Totals any `json:"totals"`
	// Next is the token of the following page, "" on the last one.
	Next string `json:"next,omitempty"`
}

// Query runs q (from ParseQuery) over the snapshot's rows of q's kind. A
// filter that does not validate matches no row, and an unknown sort, facet
// or column is skipped. It returns an EINVALID *Error for an unknown kind.
func (s *Snapshot) Query(q *Query) (Result, error) {
	if q == nil {
		return Result{}, Errorf(EINVALID, "no query")
	}
	t := tableOf(q.Kind)
	if t == nil {
		return Result{}, Errorf(EINVALID, "unknown kind %q; accepted: %s", q.Kind, strings.Join(Kinds, ", "))
	}
	m := s.run(t, q)
	res := Result{Total: len(m.idx), Facets: m.facets, Next: m.next, Totals: t.totals(s, m.idx)}
	copies := reflect.ValueOf(t.copies(s, m.page))
	res.Rows = make([]any, copies.Len())
	for i := range res.Rows {
		res.Rows[i] = copies.Index(i).Addr().Interface()
	}
	return res, nil
}

// QueryDeals runs q over the snapshot's deals. q should come from
// ParseQuery; a nil q is the default query. A filter that does not
// validate matches no row, and an unknown sort, facet or column is skipped.
func (s *Snapshot) QueryDeals(q *Query) DealResult {
	q = orDefault(q, KindDeals)
	m := s.run(tableOf(KindDeals), q)
	return DealResult{Total: len(m.idx), Rows: copyRows(s.Deals, m.page), Facets: m.facets, Totals: s.dealTotals(m.idx), Next: m.next}
}

// QueryMiners runs q over the snapshot's miners (see QueryDeals).
func (s *Snapshot) QueryMiners(q *Query) MinerResult {
	q = orDefault(q, KindMiners)
	m := s.run(tableOf(KindMiners), q)
	return MinerResult{Total: len(m.idx), Rows: copyRows(s.Miners, m.page), Facets: m.facets, Totals: s.minerTotals(m.idx), Next: m.next}
}

// QuerySites runs q over the snapshot's sites (see QueryDeals).
func (s *Snapshot) QuerySites(q *Query) SiteResult {
	q = orDefault(q, KindSites)
	m := s.run(tableOf(KindSites), q)
	return SiteResult{Total: len(m.idx), Rows: copyRows(s.Sites, m.page), Facets: m.facets, Totals: s.siteTotals(m.idx), Next: m.next}
}

func (s *Snapshot) dealTotals(idx []int32) DealTotals {
	var t DealTotals
	for _, i := range idx {
		d := &s.Deals[i]
		switch {
		case d.ValueUSD == nil:
			t.UndisclosedValueCount++
		case contractValue(d.ValueBasis):
			t.ValueUSD += *d.ValueUSD
			t.ValueCount++
		default:
			t.OtherBasisValueCount++
		}
		switch {
		case d.MW == nil:
			t.UndisclosedMWCount++
		case d.MWBasis == BasisIT:
			t.MW += *d.MW
		default:
			t.OtherBasisMWCount++
		}
	}
	return t
}

func (s *Snapshot) minerTotals(idx []int32) MinerTotals {
	var t MinerTotals
	for _, i := range idx {
		r := &s.Miners[i]
		if r.CapacityBasis == "" {
			t.UndisclosedCapacityCount++
		}
		t.EnergizedMW += r.EnergizedMW
		t.ConstructionMW += r.ConstructionMW
		t.PipelineMW += r.PipelineMW
		t.UnstagedMW += r.UnstagedMW
		t.TotalMW += r.TotalMW
		t.ContractedMW += r.ContractedMW
		t.UncontractedMW += r.UncontractedMW
		t.ContractedValueUSD += r.ContractedValueUSD
	}
	return t
}

func (s *Snapshot) siteTotals(idx []int32) SiteTotals {
	var t SiteTotals
	for _, i := range idx {
		r := &s.Sites[i]
		if r.EnergizedMW == nil && r.ConstructionMW == nil && r.PipelineMW == nil && r.UnstagedMW == nil {
			t.UndisclosedCapacityCount++
		}
		t.EnergizedMW += val(r.EnergizedMW)
		t.ConstructionMW += val(r.ConstructionMW)
		t.PipelineMW += val(r.PipelineMW)
		t.UnstagedMW += val(r.UnstagedMW)
		t.TotalMW += r.TotalMW
		t.ITMW += val(r.ITMW)
		t.ContractedMW += r.ContractedMW
	}
	return t
}

// MatchDeals returns every deal matching q in q's order, ignoring the
// page: what a chart or a download of the filtered set needs. The rows
// are copies the caller owns.
func (s *Snapshot) MatchDeals(q *Query) []DealRow {
	return copyRows(s.Deals, s.run(tableOf(KindDeals), orDefault(q, KindDeals).all()).idx)
}

// MatchMiners returns every miner matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchMiners(q *Query) []MinerRow {
	return copyRows(s.Miners, s.run(tableOf(KindMiners), orDefault(q, KindMiners).all()).idx)
}

// MatchSites returns every site matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchSites(q *Query) []SiteRow {
	return copyRows(s.Sites, s.run(tableOf(KindSites), orDefault(q, KindSites).all()).idx)
}

// matched is what run finds: the matching rows (in no particular order
// when the query is paged), the page of them in order, the facets and the
// next token.
type matched struct {
	idx    []int32
	page   []int32
	facets []Facet
	next   string
}

// run filters, facets, sorts and pages the rows of t by q. Size -1 means
// no paging: idx is then in order, and the page is all of it.
func (s *Snapshot) run(t *builtTable, q *Query) matched {
	var out matched
	idx := make([]int32, t.n(s))
	for i := range idx {
		idx[i] = int32(i)
	}
	for _, f := range s.compileFilters(t, q.Filters) {
		idx = f(idx)
	}
	if terms := searchTerms(q.Search); len(terms) > 0 {
		kept := idx[:0]
		for _, i := range idx {
			if t.search(s, t.at(s, int(i)), terms) {
				kept = append(kept, i)
			}
		}
		idx = kept
	}
	out.idx = idx
	out.facets = s.facets(t, q, idx)
	if q.Size < 0 {
		s.sortRows(t, q.Sort, idx, len(idx))
		out.page = idx
		return out
	}
	size := q.size()
	start := min(max(q.Offset, 0), len(idx))
	end := min(start+size, len(idx))
	out.page = s.sortRows(t, q.Sort, idx, end)[start:end]
	if end < len(idx) {
		out.next = encodeToken(end)
	}
	return out
}
