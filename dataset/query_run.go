package dataset

import (
	"reflect"
	"strings"
)

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

// Query runs q (from ParseQuery) over the snapshot's rows of q's kind (as
// of q.Today for a dated kind). A filter that does not validate matches no
// row, and an unknown sort, facet or column is skipped. It returns an
// EINVALID *Error for an unknown kind.
func (s *Snapshot) Query(q *Query) (Result, error) {
	if q == nil {
		return Result{}, Errorf(EINVALID, "no query")
	}
	t := tableOf(q.Kind)
	if t == nil {
		return Result{}, Errorf(EINVALID, "unknown kind %q; accepted: %s", q.Kind, strings.Join(Kinds, ", "))
	}
	rs := s.rowsOf(t, q.Today)
	m := rs.run(q)
	res := Result{Total: len(m.idx), Facets: m.facets, Next: m.next, Totals: t.totals(rs.rows, m.idx, q)}
	copies := reflect.ValueOf(t.copies(rs.rows, m.page))
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
	m := s.rowsOf(tableOf(KindDeals), "").run(orDefault(q, KindDeals))
	return DealResult{Total: len(m.idx), Rows: copyRows(s.Deals, m.page), Facets: m.facets, Totals: dealTotals(s.Deals, m.idx, orDefault(q, KindDeals).JV), Next: m.next}
}

// QueryMiners runs q over the snapshot's miners (see QueryDeals).
func (s *Snapshot) QueryMiners(q *Query) MinerResult {
	m := s.rowsOf(tableOf(KindMiners), "").run(orDefault(q, KindMiners))
	return MinerResult{Total: len(m.idx), Rows: copyRows(s.Miners, m.page), Facets: m.facets, Totals: minerTotals(s.Miners, m.idx), Next: m.next}
}

// QuerySites runs q over the snapshot's sites (see QueryDeals).
func (s *Snapshot) QuerySites(q *Query) SiteResult {
	m := s.rowsOf(tableOf(KindSites), "").run(orDefault(q, KindSites))
	return SiteResult{Total: len(m.idx), Rows: copyRows(s.Sites, m.page), Facets: m.facets, Totals: siteTotals(s.Sites, m.idx), Next: m.next}
}

// MatchDeals returns every deal matching q in q's order, ignoring the
// page: what a chart or a download of the filtered set needs. The rows
// are copies the caller owns.
func (s *Snapshot) MatchDeals(q *Query) []DealRow {
	return copyRows(s.Deals, s.rowsOf(tableOf(KindDeals), "").run(orDefault(q, KindDeals).all()).idx)
}

// MatchMiners returns every miner matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchMiners(q *Query) []MinerRow {
	return copyRows(s.Miners, s.rowsOf(tableOf(KindMiners), "").run(orDefault(q, KindMiners).all()).idx)
}

// MatchSites returns every site matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchSites(q *Query) []SiteRow {
	return copyRows(s.Sites, s.rowsOf(tableOf(KindSites), "").run(orDefault(q, KindSites).all()).idx)
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

// run filters, facets, sorts and pages the rows of the set by q. Size -1 means
// no paging: idx is then in order, and the page is all of it.
func (rs *rowSet) run(q *Query) matched {
	var out matched
	idx := make([]int32, rs.n)
	for i := range idx {
		idx[i] = int32(i)
	}
	for _, f := range rs.compileFilters(q.Filters) {
		idx = f(idx)
	}
	if terms := searchTerms(q.Search); len(terms) > 0 {
		kept := idx[:0]
		for _, i := range idx {
			if rs.t.search(rs.s, rs.at(int(i)), terms) {
				kept = append(kept, i)
			}
		}
		idx = kept
	}
	out.idx = idx
	out.facets = rs.facets(q, idx)
	if q.Size < 0 {
		rs.sortRows(q.Sort, idx, len(idx))
		out.page = idx
		return out
	}
	size := q.size()
	start := min(max(q.Offset, 0), len(idx))
	end := min(start+size, len(idx))
	out.page = rs.sortRows(q.Sort, idx, end)[start:end]
	if end < len(idx) {
		out.next = encodeToken(end)
	}
	return out
}
