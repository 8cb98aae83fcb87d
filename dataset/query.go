package dataset

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// Paging limits.
const (
	// DefaultSize is the page size when size= is not given.
	DefaultSize = 50
	// MaxSize is the largest page size; size=max asks for it.
	MaxSize = 1000
	// MaxPage is the largest page number accepted.
	MaxPage = 1_000_000
)

// Limits that keep a query string cheap to parse and to run.
const (
	maxParams      = 64   // distinct parameters in one query
	maxTotalValues = 256  // values over all parameters, repeats included
	maxListValues  = 100  // items of one list parameter (miner=a,b,...; sort; facet; cols)
	maxValueLen    = 1000 // bytes of one raw value
	maxSearchLen   = 500  // bytes of q
	maxSearchTerms = 32   // terms of q
)

// Filter operators.
const (
	OpEq  = "eq"  // <col>=a,b: the value is one of a, b
	OpGte = "gte" // <col>_gte=x
	OpLte = "lte" // <col>_lte=x
	OpGt  = "gt"  // <col>_gt=x
	OpLt  = "lt"  // <col>_lt=x
)

// rangeOps are the range operators, in the order their suffixes are tried.
var rangeOps = []string{OpGte, OpLte, OpGt, OpLt}

// reservedParams are the parameters the grammar reserves.
var reservedParams = []string{"q", "sort", "facet", "cols", "size", "page", "next"}

// Filter is one condition of a query. Every filter must hold for a row to match.
type Filter struct {
	// Column is a column name of the query's kind; for deals it may also be
	// "it_mw", the deal's MW when its basis is critical IT.
	Column string `json:"column"`
	// Op is OpEq or a range operator.
	Op string `json:"op"`
	// Values holds the canonical values: the accepted alternatives for OpEq,
	// the single bound for a range.
	Values []string `json:"values"`
}

// Param returns the query parameter of the filter: "miner", "mw_gte".
func (f Filter) Param() string {
	if f.Op == OpEq {
		return f.Column
	}
	return f.Column + "_" + f.Op
}

// SortKey is one column of a sort order.
type SortKey struct {
	Column string `json:"column"`
	Desc   bool   `json:"desc,omitempty"`
}

// Query is a parsed, validated list query: filters, search, sort, facets,
// columns and a page. Build one with ParseQuery; Values encodes it back.
//
// Semantics:
//   - Filters AND together; the values of one equality filter OR together.
//     String equality ignores case; a date equals any date inside the
//     period it names (announced=2025 matches 2025-11-03).
//   - A date bound covers the whole period it names: announced_lte=2025-06
//     keeps June 2025, announced_gt=2025 starts in 2026; a row's own date
//     given to the month or year counts as its first day.
//   - A row whose value is not disclosed never matches a filter on it.
//   - Search keeps rows where every term (or "quoted phrase") occurs,
//     ignoring case, in one of the row's text fields.
//   - Rows sort by Sort (DefaultSort when empty), undisclosed values last
//     in either direction, then by id.
type Query struct {
	// Kind is KindDeals, KindMiners or KindSites.
	Kind string `json:"kind"`
	// Filters are sorted by Param.
	Filters []Filter `json:"filters,omitempty"`
	// Search is the q= text, trimmed.
	Search string `json:"search,omitempty"`
	// Sort is the requested order; empty means DefaultSort(Kind).
	Sort []SortKey `json:"sort,omitempty"`
	// Facets names the columns to count values of.
	Facets []string `json:"facets,omitempty"`
	// Cols names the columns to show; empty means DefaultColumns(Kind).
	Cols []string `json:"cols,omitempty"`
	// Size is the page size, 1 to MaxSize (0 means DefaultSize).
	Size int `json:"size"`
	// Page is the 1-based page holding Offset.
	Page int `json:"page"`
	// Offset is the number of rows before the page: (Page-1)*Size when
	// the page was given by number, anything when given by a next token.
	Offset int `json:"offset"`
	// JV is JVShare when deals totals count joint ventures at the miner's
	// share (jv=share), "" for 100 % (see terms.go).
	JV string `json:"jv,omitempty"`
	// AsOf is the as_of= date (YYYY-MM or YYYY-MM-DD): the caller runs the
	// query on Snapshot.AsOf(AsOf), the dataset as it stood then (asof.go).
	AsOf Date `json:"as_of,omitempty"`
	// Today is the date a dated kind's rows are read at (a milestone is
	// overdue after its date): the caller's clock, not part of the query
	// string. Other kinds ignore it.
	Today Date `json:"-"`
}

// Values encodes q as a canonical query string: one parameter per filter
// with its values comma-joined, then q, sort, facet, cols, and size and
// page (or next) only when they differ from the defaults. ParseQuery of
// the result gives back an equal Query.
func (q *Query) Values() url.Values {
	v := url.Values{}
	for _, f := range q.Filters {
		if len(f.Values) > 0 {
			v[f.Param()] = append(v[f.Param()], strings.Join(f.Values, ","))
		}
	}
	if q.JV != "" {
		v.Set("jv", q.JV)
	}
	if q.AsOf != "" {
		v.Set("as_of", string(q.AsOf))
	}
	if q.Search != "" {
		v.Set("q", q.Search)
	}
	if len(q.Sort) > 0 {
		keys := make([]string, len(q.Sort))
		for i, k := range q.Sort {
			keys[i] = k.Column
			if k.Desc {
				keys[i] = "-" + k.Column
			}
		}
		v.Set("sort", strings.Join(keys, ","))
	}
	if len(q.Facets) > 0 {
		v.Set("facet", strings.Join(q.Facets, ","))
	}
	if len(q.Cols) > 0 {
		v.Set("cols", strings.Join(q.Cols, ","))
	}
	size := q.size()
	if size != DefaultSize {
		v.Set("size", strconv.Itoa(size))
	}
	page := max(q.Page, 1)
	switch {
	case q.Offset == (page-1)*size:
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
	case q.Offset > 0:
		v.Set("next", encodeToken(q.Offset))
	}
	return v
}

// Columns returns the columns q shows: Cols, or the kind's defaults.
// Unknown names are left out.
func (q *Query) Columns() []Column {
	names := q.Cols
	if len(names) == 0 {
		names = DefaultColumns(q.Kind)
	}
	out := make([]Column, 0, len(names))
	for _, n := range names {
		if c, ok := ColumnByName(q.Kind, n); ok {
			out = append(out, c)
		}
	}
	return out
}

// Project returns the values of cols in row keyed by column name (nil for
// not disclosed): the JSON shape of a row restricted by cols=.
func Project(cols []Column, row any) map[string]any {
	out := make(map[string]any, len(cols))
	for _, c := range cols {
		out[c.Name] = c.Value(row)
	}
	return out
}

func (q *Query) size() int {
	if q.Size < 1 {
		return DefaultSize
	}
	return min(q.Size, MaxSize)
}

// A next token is the offset of the next page, made opaque so that clients
// treat it as such and it can change form without breaking URLs.
const tokenPrefix = "o"

func encodeToken(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(tokenPrefix + strconv.Itoa(offset)))
}

func decodeToken(tok string) (int, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, false
	}
	s, ok := strings.CutPrefix(string(b), tokenPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > MaxPage*MaxSize || encodeToken(n) != tok {
		return 0, false
	}
	return n, true
}

func orDefault(q *Query, kind string) *Query {
	if q == nil {
		return &Query{Kind: kind, Size: DefaultSize, Page: 1}
	}
	if q.Kind != kind {
		// Columns resolve against kind: a query parsed for another kind
		// keeps only what also makes sense here.
		c := *q
		c.Kind = kind
		return &c
	}
	return q
}

// all returns a copy of q without facets or paging.
func (q *Query) all() *Query {
	c := *q
	c.Facets, c.Offset, c.Page, c.Size = nil, 0, 1, -1
	return &c
}

// matched is what run finds: the matching row indexes in order, the page
// of them, the facets and the next token.
