package dataset

import (
	"encoding/base64"
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
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

// Parameters the grammar reserves.
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
	// AsOf is the as_of= date (YYYY-MM or YYYY-MM-DD): the query runs on
	// Snapshot.AsOf(AsOf), the dataset as it stood then (asof.go).
	AsOf Date `json:"as_of,omitempty"`
}

// DefaultSort returns the order of a kind when sort= is not given:
// deals newest first, miners and sites largest first.
func DefaultSort(kind string) []SortKey {
	switch kind {
	case KindDeals:
		return []SortKey{{Column: "announced", Desc: true}}
	case KindMiners, KindSites:
		return []SortKey{{Column: "total_mw", Desc: true}}
	case KindEquity, KindFinancing, KindEvents:
		return []SortKey{{Column: "date", Desc: true}}
	}
	return nil
}

// ParseQuery parses the query string of a list of the given kind.
//
// Grammar (no underscore prefixes):
//
//	<col>=a,b          equality; repeated parameters OR together too
//	<col>_gte=x        also _lte, _gt, _lt: ranges on number and date columns
//	it_mw_gte=x        deals only: mw on a critical-IT basis (also it_mw=, _lte, _gt, _lt)
//	q=words            full-text search, every term must match
//	sort=-col,col      "-" for descending
//	facet=col,col      counts per value over the matching rows
//	cols=col,col       columns to show
//	size=n|max         page size, 1 to 1000 (default 50)
//	page=n | next=tok  1-based page, or a token from a previous result
//	theme, plain, transparent   embed render flags, ignored
//
// Dates are YYYY, YYYY-MM or YYYY-MM-DD. An empty value (miner=) is
// ignored, as a blank form field. Any problem gives an EINVALID *Error whose
// Param is the offending parameter and whose message says what is accepted.
func ParseQuery(kind string, v url.Values) (*Query, error) {
	if _, ok := registry()[kind]; !ok {
		return nil, Errorf(EINVALID, "unknown kind %q; accepted: %s", kind, strings.Join(Kinds, ", "))
	}
	q := &Query{Kind: kind, Size: DefaultSize, Page: 1}
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	if len(keys) > maxParams {
		return nil, ParamErrorf(keys[maxParams], "too many parameters (%d): a query takes at most %d", len(keys), maxParams)
	}
	var page, next string
	total := 0
	for _, k := range keys {
		if k == "" {
			continue // "?=x" or a stray "&=": names nothing
		}
		vals := v[k]
		if total += len(vals); total > maxTotalValues {
			return nil, ParamErrorf(k, "too many values: a query takes at most %d in all", maxTotalValues)
		}
		for _, s := range vals {
			if len(s) > maxValueLen {
				return nil, ParamErrorf(k, "value is %d bytes long; at most %d are accepted", len(s), maxValueLen)
			}
			if !utf8.ValidString(s) {
				return nil, ParamErrorf(k, "value is not valid UTF-8")
			}
		}
		var err error
		switch k {
		case "q":
			err = q.parseSearch(vals)
		case "sort":
			err = q.parseSort(vals)
		case "facet":
			err = q.parseFacets(vals)
		case "cols":
			err = q.parseCols(vals)
		case "size":
			err = q.parseSize(vals)
		case "page":
			page, err = single(k, vals)
		case "next":
			next, err = single(k, vals)
		case "jv":
			if kind != KindDeals {
				err = ParamErrorf("jv", "applies to deals only (their totals count joint ventures at 100 %% or at share)")
			} else {
				err = q.parseJV(vals)
			}
		case "as_of":
			err = q.parseAsOf(vals)
		case "theme", "plain", "transparent":
			// Embed render flags, handled by the HTTP layer.
		default:
			err = q.parseFilter(k, vals)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := q.parsePaging(page, next); err != nil {
		return nil, err
	}
	return q, nil
}

// single returns the one value of a parameter that takes one value.
func single(param string, vals []string) (string, error) {
	var out string
	for _, s := range vals {
		s = strings.TrimSpace(s)
		if out != "" && s != "" && s != out {
			return "", ParamErrorf(param, "given %d times with different values; give it once", len(vals))
		}
		if s != "" {
			out = s
		}
	}
	return out, nil
}

// list splits a list parameter on commas, trims the items, drops empty ones
// and caps their number.
func list(param string, vals []string) ([]string, error) {
	var out []string
	for _, s := range vals {
		for item := range strings.SplitSeq(s, ",") {
			if item = strings.TrimSpace(item); item != "" {
				out = append(out, item)
			}
		}
		if len(out) > maxListValues {
			return nil, ParamErrorf(param, "too many values: at most %d are accepted", maxListValues)
		}
	}
	return out, nil
}

func (q *Query) parseSearch(vals []string) error {
	s, err := single("q", vals)
	if err != nil {
		return err
	}
	if len(s) > maxSearchLen {
		return ParamErrorf("q", "search text is %d bytes long; at most %d are accepted", len(s), maxSearchLen)
	}
	if n := len(searchTerms(s)); n > maxSearchTerms {
		return ParamErrorf("q", "search has %d terms; at most %d are accepted", n, maxSearchTerms)
	}
	q.Search = s
	return nil
}

func (q *Query) parseSort(vals []string) error {
	items, err := list("sort", vals)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, item := range items {
		name, desc := strings.CutPrefix(item, "-")
		name = strings.TrimSpace(name)
		if _, ok := lookupColumn(q.Kind, name); !ok {
			return ParamErrorf("sort", "unknown column %q%s; sort takes a comma list of columns, each with an optional leading - for descending; columns: %s",
				name, suggest(name, columnNames(q.Kind, nil)), strings.Join(columnNames(q.Kind, nil), ", "))
		}
		if seen[name] {
			return ParamErrorf("sort", "column %q is given twice; give each sort column once", name)
		}
		seen[name] = true
		q.Sort = append(q.Sort, SortKey{Column: name, Desc: desc})
	}
	return nil
}

func (q *Query) parseFacets(vals []string) error {
	items, err := list("facet", vals)
	if err != nil {
		return err
	}
	facetable := columnNames(q.Kind, func(c Column) bool { return c.Facetable })
	for _, name := range items {
		c, ok := lookupColumn(q.Kind, name)
		switch {
		case !ok:
			return ParamErrorf("facet", "unknown column %q%s; facetable columns: %s", name, suggest(name, facetable), strings.Join(facetable, ", "))
		case !c.Facetable:
			return ParamErrorf("facet", "column %q cannot be faceted; facetable columns: %s", name, strings.Join(facetable, ", "))
		}
		if !slices.Contains(q.Facets, name) {
			q.Facets = append(q.Facets, name)
		}
	}
	return nil
}

func (q *Query) parseCols(vals []string) error {
	items, err := list("cols", vals)
	if err != nil {
		return err
	}
	all := columnNames(q.Kind, nil)
	for _, name := range items {
		if _, ok := lookupColumn(q.Kind, name); !ok {
			return ParamErrorf("cols", "unknown column %q%s; columns: %s", name, suggest(name, all), strings.Join(all, ", "))
		}
		if !slices.Contains(q.Cols, name) {
			q.Cols = append(q.Cols, name)
		}
	}
	return nil
}

func (q *Query) parseSize(vals []string) error {
	s, err := single("size", vals)
	if err != nil || s == "" {
		return err
	}
	if strings.EqualFold(s, "max") {
		q.Size = MaxSize
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxSize {
		return ParamErrorf("size", "%q is not a page size; give a whole number from 1 to %d, or max", s, MaxSize)
	}
	q.Size = n
	return nil
}

// parsePaging sets Page and Offset from page= or next=, once Size is known.
func (q *Query) parsePaging(page, next string) error {
	switch {
	case page != "" && next != "":
		return ParamErrorf("next", "give page or next, not both")
	case next != "":
		off, ok := decodeToken(next)
		if !ok {
			return ParamErrorf("next", "%q is not a next token; use the next value of a previous result", next)
		}
		q.Offset, q.Page = off, off/q.Size+1
	case page != "":
		n, err := strconv.Atoi(page)
		if err != nil || n < 1 || n > MaxPage {
			return ParamErrorf("page", "%q is not a page number; give a whole number from 1 to %d", page, MaxPage)
		}
		q.Page, q.Offset = n, (n-1)*q.Size
	}
	return nil
}

// parseFilter parses an equality or range parameter.
func (q *Query) parseFilter(param string, vals []string) error {
	c, op, err := filterColumn(q.Kind, param)
	if err != nil {
		return err
	}
	f := Filter{Column: c.Name, Op: op}
	if op == OpEq {
		items, err := list(param, vals)
		if err != nil {
			return err
		}
		for _, item := range items {
			canon, err := canonicalValue(c, op, param, item)
			if err != nil {
				return err
			}
			if !slices.Contains(f.Values, canon) {
				f.Values = append(f.Values, canon)
			}
		}
	} else {
		s, err := single(param, vals)
		if err != nil {
			return err
		}
		if s != "" {
			canon, err := canonicalValue(c, op, param, s)
			if err != nil {
				return err
			}
			f.Values = []string{canon}
		}
	}
	if len(f.Values) > 0 {
		q.Filters = append(q.Filters, f)
	}
	return nil
}

// filterColumn resolves a filter parameter to its column and operator.
func filterColumn(kind, param string) (Column, string, error) {
	if c, ok := resolveColumn(kind, param); ok {
		return c, OpEq, nil
	}
	for _, op := range rangeOps {
		name, ok := strings.CutSuffix(param, "_"+op)
		if !ok {
			continue
		}
		c, ok := resolveColumn(kind, name)
		if !ok {
			continue
		}
		if c.Kind != ColumnNumber && c.Kind != ColumnDate {
			return Column{}, "", ParamErrorf(param, "%q is a %s column; _%s and the other ranges apply only to number and date columns: %s",
				name, c.Kind, op, strings.Join(rangeColumns(kind), ", "))
		}
		return c, op, nil
	}
	return Column{}, "", unknownParam(kind, param)
}

// exampleRange is the column of each kind the unknown-parameter message uses as its range example.
var exampleRange = map[string]string{KindDeals: "mw", KindMiners: "total_mw", KindSites: "total_mw"}

// unknownParam explains an unknown parameter and lists what is accepted.
func unknownParam(kind, param string) *Error {
	hint := ""
	switch {
	case strings.HasPrefix(param, "_"):
		hint = "; parameters take no leading underscore: use " + strconv.Quote(strings.TrimLeft(param, "_"))
	case strings.Contains(param, "__"):
		hint = "; ranges take one underscore: use " + strconv.Quote(strings.ReplaceAll(param, "__", "_"))
	default:
		var names []string
		names = append(names, reservedParams...)
		names = append(names, columnNames(kind, nil)...)
		for _, c := range rangeColumns(kind) {
			for _, op := range rangeOps {
				names = append(names, c+"_"+op)
			}
		}
		hint = suggest(param, names)
	}
	return ParamErrorf(param, "unknown parameter %q%s; accepted: %s; a column for equality, e.g. status=signed (%s); "+
		"or a number or date column followed by _gte, _lte, _gt or _lt, e.g. %s_gte=100 (%s)",
		param, hint, strings.Join(reservedParams, ", "), strings.Join(columnNames(kind, nil), ", "),
		exampleRange[kind], strings.Join(rangeColumns(kind), ", "))
}

// canonicalValue validates one filter value and returns its canonical form.
func canonicalValue(c Column, op, param, s string) (string, error) {
	switch c.Kind {
	case ColumnNumber:
		v, ok := parseNumber(s)
		if !ok {
			return "", ParamErrorf(param, "%q is not a number; give a plain number such as 100, 2.5 or 9.7e9", s)
		}
		return formatNumber(v), nil
	case ColumnDate:
		if _, ok := dateKey(s); !ok {
			return "", ParamErrorf(param, "%q is not a date; give YYYY, YYYY-MM or YYYY-MM-DD", s)
		}
		return s, nil
	case ColumnBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return "", ParamErrorf(param, "%q is not a boolean; give true or false", s)
		}
		return strconv.FormatBool(b), nil
	}
	if len(c.Enum) > 0 {
		for _, e := range c.Enum {
			if strings.EqualFold(e, s) {
				return e, nil
			}
		}
		return "", ParamErrorf(param, "unknown value %q%s; accepted: %s", s, suggest(s, c.Enum), strings.Join(c.Enum, ", "))
	}
	return s, nil
}

func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// columnNames lists the names of a kind's columns that keep returns true for (all when nil).
func columnNames(kind string, keep func(Column) bool) []string {
	var out []string
	for _, c := range registry()[kind] {
		if keep == nil || keep(c) {
			out = append(out, c.Name)
		}
	}
	return out
}

func rangeColumns(kind string) []string {
	out := columnNames(kind, func(c Column) bool { return c.Kind == ColumnNumber || c.Kind == ColumnDate })
	if kind == KindDeals {
		out = append(out, itMWAlias.Name)
	}
	return out
}

// suggest returns `; did you mean "x"?` for the closest name within a small
// edit distance, or "".
func suggest(s string, names []string) string {
	best, bestD := "", 3
	if len(s) <= 3 {
		bestD = 2
	}
	ls := strings.ToLower(s)
	for _, n := range names {
		if d := editDistance(ls, strings.ToLower(n), bestD); d < bestD {
			best, bestD = n, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + strconv.Quote(best) + "?"
}

// editDistance is the Levenshtein distance of a and b, or limit when it is at least limit.
func editDistance(a, b string, limit int) int {
	if d := len(a) - len(b); d >= limit || -d >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
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

// Facet holds the value counts of one column over the rows matching a query.
type Facet struct {
	Column string `json:"column"`
	Label  string `json:"label"`
	// Values are sorted by count descending, then label.
	Values []FacetValue `json:"values"`
	// Missing counts matching rows with no value in the column (not disclosed).
	Missing int `json:"missing"`
}

// FacetValue is one value of a facet. For reference columns Value is the
// id and Label the record's name; otherwise both are the value as text.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
	// Selected reports whether an equality filter of the query names the value.
	Selected bool `json:"selected,omitempty"`
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

// QueryDeals runs q over the snapshot's deals. q should come from
// ParseQuery; a nil q is the default query. A filter that does not
// validate matches no row, and an unknown sort, facet or column is skipped.
func (s *Snapshot) QueryDeals(q *Query) DealResult {
	q = orDefault(q, KindDeals)
	m := run(q, s.Deals, func(r *DealRow) string { return r.ID }, s.dealSearch)
	res := DealResult{Total: len(m.idx), Facets: m.facets, Rows: make([]DealRow, 0, len(m.page))}
	for _, i := range m.page {
		res.Rows = append(res.Rows, cloneDeal(s.Deals[i]))
	}
	res.Next = m.next
	res.Totals = dealTotals(s.Deals, m.idx, q.JV)
	return res
}

// QueryMiners runs q over the snapshot's miners (see QueryDeals).
func (s *Snapshot) QueryMiners(q *Query) MinerResult {
	q = orDefault(q, KindMiners)
	m := run(q, s.Miners, func(r *MinerRow) string { return r.ID }, minerSearch)
	res := MinerResult{Total: len(m.idx), Facets: m.facets, Rows: make([]MinerRow, 0, len(m.page)), Next: m.next}
	for _, i := range m.page {
		res.Rows = append(res.Rows, cloneMiner(s.Miners[i]))
	}
	res.Totals = minerTotals(s.Miners, m.idx)
	return res
}

// QuerySites runs q over the snapshot's sites (see QueryDeals).
func (s *Snapshot) QuerySites(q *Query) SiteResult {
	q = orDefault(q, KindSites)
	m := run(q, s.Sites, func(r *SiteRow) string { return r.ID }, siteSearch)
	res := SiteResult{Total: len(m.idx), Facets: m.facets, Rows: make([]SiteRow, 0, len(m.page)), Next: m.next}
	for _, i := range m.page {
		res.Rows = append(res.Rows, cloneSite(s.Sites[i]))
	}
	res.Totals = siteTotals(s.Sites, m.idx)
	return res
}

// MatchDeals returns every deal matching q in q's order, ignoring the
// page: what a chart or a download of the filtered set needs. The rows
// are copies the caller owns.
func (s *Snapshot) MatchDeals(q *Query) []DealRow {
	m := run(orDefault(q, KindDeals).all(), s.Deals, func(r *DealRow) string { return r.ID }, s.dealSearch)
	out := make([]DealRow, len(m.idx))
	for j, i := range m.idx {
		out[j] = cloneDeal(s.Deals[i])
	}
	return out
}

// MatchMiners returns every miner matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchMiners(q *Query) []MinerRow {
	m := run(orDefault(q, KindMiners).all(), s.Miners, func(r *MinerRow) string { return r.ID }, minerSearch)
	out := make([]MinerRow, len(m.idx))
	for j, i := range m.idx {
		out[j] = cloneMiner(s.Miners[i])
	}
	return out
}

// MatchSites returns every site matching q in q's order (see MatchDeals).
func (s *Snapshot) MatchSites(q *Query) []SiteRow {
	m := run(orDefault(q, KindSites).all(), s.Sites, func(r *SiteRow) string { return r.ID }, siteSearch)
	out := make([]SiteRow, len(m.idx))
	for j, i := range m.idx {
		out[j] = cloneSite(s.Sites[i])
	}
	return out
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
type matched struct {
	idx    []int
	page   []int
	facets []Facet
	next   string
}

// run filters, sorts, facets and pages rows by q. Size -1 means no paging.
func run[R any](q *Query, rows []R, id func(*R) string, search func(*R, []term) bool) matched {
	kind := q.Kind
	ms := compileFilters(kind, q.Filters)
	terms := searchTerms(q.Search)
	var out matched
	out.idx = make([]int, 0, len(rows))
rowLoop:
	for i := range rows {
		p := &rows[i]
		for j := range ms {
			if !ms[j].match(p) {
				continue rowLoop
			}
		}
		if len(terms) > 0 && !search(p, terms) {
			continue
		}
		out.idx = append(out.idx, i)
	}

	out.facets = facets(kind, q, rows, out.idx)
	sortRows(kind, q.Sort, rows, out.idx, id)

	if q.Size < 0 {
		out.page = out.idx
		return out
	}
	size := q.size()
	start := min(max(q.Offset, 0), len(out.idx))
	end := min(start+size, len(out.idx))
	out.page = out.idx[start:end]
	if end < len(out.idx) {
		out.next = encodeToken(end)
	}
	return out
}

// matcher tests one filter against a row.
type matcher struct {
	col   Column
	op    string
	strs  []string  // OpEq on string, list and date columns
	nums  []float64 // OpEq on number columns
	bools [2]bool   // OpEq on bool columns: false, true accepted
	bound float64   // ranges; dates as yyyymmdd keys
	never bool      // the filter does not validate
}

func compileFilters(kind string, fs []Filter) []matcher {
	out := make([]matcher, 0, len(fs))
	for _, f := range fs {
		m := matcher{op: f.Op}
		c, ok := resolveColumn(kind, f.Column)
		m.col = c
		switch {
		case !ok || len(f.Values) == 0:
			m.never = true
		case f.Op == OpEq:
			for _, s := range f.Values {
				canon, err := canonicalValue(c, OpEq, f.Param(), s)
				if err != nil {
					m.never = true
					break
				}
				switch c.Kind {
				case ColumnNumber:
					v, _ := parseNumber(canon)
					m.nums = append(m.nums, v)
				case ColumnBool:
					if canon == "true" {
						m.bools[1] = true
					} else {
						m.bools[0] = true
					}
				default:
					m.strs = append(m.strs, canon)
				}
			}
		case slices.Contains(rangeOps, f.Op) && len(f.Values) == 1 && (c.Kind == ColumnNumber || c.Kind == ColumnDate):
			s := f.Values[0]
			if c.Kind == ColumnNumber {
				v, ok := parseNumber(s)
				m.bound, m.never = v, !ok
				break
			}
			// A date bound covers its whole period: compare row dates
			// (first day of their period) with its first day or the day after it.
			var k int
			switch f.Op {
			case OpGte, OpLt:
				k, ok = dateKey(s)
			case OpGt:
				k, ok = dateEndKey(s)
				m.op = OpGte
			case OpLte:
				k, ok = dateEndKey(s)
				m.op = OpLt
			}
			m.bound, m.never = float64(k), !ok
		default:
			m.never = true
		}
		out = append(out, m)
	}
	return out
}

func (m *matcher) match(row any) bool {
	if m.never {
		return false
	}
	x := m.col.get(row)
	if !x.ok {
		return false
	}
	switch m.op {
	case OpEq:
		switch m.col.Kind {
		case ColumnNumber:
			return slices.Contains(m.nums, x.n)
		case ColumnBool:
			return m.bools[b2i(x.b)]
		case ColumnDate:
			for _, s := range m.strs {
				if strings.HasPrefix(x.s, s) {
					return true
				}
			}
			return false
		case ColumnList:
			for _, e := range x.list {
				for _, s := range m.strs {
					if strings.EqualFold(e, s) {
						return true
					}
				}
			}
			return false
		}
		for _, s := range m.strs {
			if strings.EqualFold(x.s, s) {
				return true
			}
		}
		return false
	case OpGte:
		return x.n >= m.bound
	case OpGt:
		return x.n > m.bound
	case OpLte:
		return x.n <= m.bound
	case OpLt:
		return x.n < m.bound
	}
	return false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// term is one lowercased search term or phrase.
type term struct {
	s     string
	ascii bool
}

// searchTerms splits search text into lowercased terms; "double quotes"
// keep a phrase together.
func searchTerms(s string) []term {
	var out []term
	add := func(t string) {
		if t = strings.TrimSpace(t); t != "" {
			t = strings.ToLower(t)
			ascii := true
			for i := 0; i < len(t); i++ {
				if t[i] >= utf8.RuneSelf {
					ascii = false
					break
				}
			}
			out = append(out, term{s: t, ascii: ascii})
		}
	}
	for s != "" {
		s = strings.TrimLeft(s, " \t\r\n")
		if rest, ok := strings.CutPrefix(s, `"`); ok {
			phrase, after, _ := strings.Cut(rest, `"`)
			add(phrase)
			s = after
			continue
		}
		i := strings.IndexAny(s, " \t\r\n\"")
		if i < 0 {
			i = len(s)
		}
		add(s[:i])
		s = s[i:]
	}
	return out
}

// in reports whether t occurs in s, ignoring case.
func (t term) in(s string) bool {
	if !t.ascii {
		return strings.Contains(strings.ToLower(s), t.s)
	}
	n := len(t.s)
	first := t.s[0]
	for i := 0; i+n <= len(s); i++ {
		if lowerASCII(s[i]) != first {
			continue
		}
		j := 1
		for j < n && lowerASCII(s[i+j]) == t.s[j] {
			j++
		}
		if j == n {
			return true
		}
	}
	return false
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// anyIn reports whether t occurs in one of fields.
func (t term) anyIn(fields ...string) bool {
	for _, f := range fields {
		if t.in(f) {
			return true
		}
	}
	return false
}

// dealSearch reports whether every term occurs in the deal's text: id,
// title, the names (and ids) of its miner, tenant, end user, guarantor and
// site, their former names, the miner's ticker, the site's city and
// region, extensions and notes.
func (s *Snapshot) dealSearch(r *DealRow, terms []term) bool {
	var city, region, ticker string
	if i, ok := s.site[r.Site]; ok && r.Site != "" {
		city, region = s.Data.Sites[i].City, s.Data.Sites[i].Region
	}
	if i, ok := s.miner[r.Miner]; ok {
		ticker = s.Data.Miners[i].Ticker
	}
	for _, t := range terms {
		if !t.anyIn(r.Title, r.ID, r.MinerName, r.TenantName, r.EndUserName, r.GuarantorName, r.SiteName,
			r.Miner, r.Tenant, r.EndUser, r.Guarantor, ticker, city, region, r.Extensions, r.Notes) && !s.inFormerNames(t, r) {
			return false
		}
	}
	return true
}

// minerSearch: id, name, ticker, former names, HQ, strategy, tenants, notes.
func minerSearch(r *MinerRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Name, r.Ticker, r.HQ, r.Strategy, r.Notes) &&
			!t.anyIn(r.FormerNames...) && !t.anyIn(r.Tenants...) {
			return false
		}
	}
	return true
}

// siteSearch: id, name, miner, city, region, country, grid, prior use, milestones, tenants, notes.
func siteSearch(r *SiteRow, terms []term) bool {
	for _, t := range terms {
		if !t.anyIn(r.ID, r.Name, r.MinerName, r.Miner, r.City, r.Region, r.Country, r.ISO, r.PowerSource, r.PriorUse, r.Notes) &&
			!t.anyIn(r.Tenants...) && !t.inMilestones(r.Milestones) {
			return false
		}
	}
	return true
}

// sortKey holds one sort column's values over the matching rows.
type sortKey struct {
	desc bool
	num  bool
	nums []float64
	strs []string
	ok   []bool
}

// sortRows orders idx (indexes into rows) by keys, undisclosed last, then by id.
func sortRows[R any](kind string, keys []SortKey, rows []R, idx []int, id func(*R) string) {
	if len(keys) == 0 {
		keys = DefaultSort(kind)
	}
	n := len(idx)
	var sks []sortKey
	for _, k := range keys {
		c, ok := lookupColumn(kind, k.Column)
		if !ok {
			continue
		}
		sk := sortKey{desc: k.Desc, ok: make([]bool, n)}
		sk.num = c.Kind == ColumnNumber || c.Kind == ColumnDate || c.Kind == ColumnBool
		if sk.num {
			sk.nums = make([]float64, n)
		} else {
			sk.strs = make([]string, n)
		}
		for j, i := range idx {
			x := c.get(&rows[i])
			sk.ok[j] = x.ok
			switch {
			case !x.ok:
			case c.Kind == ColumnBool:
				sk.nums[j] = float64(b2i(x.b))
			case sk.num:
				sk.nums[j] = x.n
			case c.Kind == ColumnList:
				sk.strs[j] = strings.Join(x.list, ", ")
			case c.name != nil && c.name(&rows[i]) != "":
				sk.strs[j] = c.name(&rows[i]) // references sort by name
			default:
				sk.strs[j] = x.s
			}
		}
		sks = append(sks, sk)
	}
	ids := make([]string, n)
	for j, i := range idx {
		ids[j] = id(&rows[i])
	}
	perm := make([]int, n)
	for j := range perm {
		perm[j] = j
	}
	slices.SortFunc(perm, func(a, b int) int {
		for k := range sks {
			sk := &sks[k]
			oa, ob := sk.ok[a], sk.ok[b]
			switch {
			case oa != ob:
				if oa {
					return -1
				}
				return 1
			case !oa:
				continue
			}
			var c int
			if sk.num {
				c = compareFloat(sk.nums[a], sk.nums[b])
			} else {
				c = compareFold(sk.strs[a], sk.strs[b])
			}
			if sk.desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return strings.Compare(ids[a], ids[b])
	})
	sorted := make([]int, n)
	for j, p := range perm {
		sorted[j] = idx[p]
	}
	copy(idx, sorted)
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareFold orders strings ignoring ASCII case, then exactly.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := lowerASCII(a[i]), lowerASCII(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return strings.Compare(a, b)
}

// facetKey identifies a facet value without formatting it per row.
type facetKey struct {
	s string
	n float64
	b bool
}

type facetCount struct {
	count int
	label string
}

// facets counts the values of q's facet columns over the rows in idx.
func facets[R any](kind string, q *Query, rows []R, idx []int) []Facet {
	out := make([]Facet, 0, len(q.Facets))
	for _, name := range q.Facets {
		c, ok := lookupColumn(kind, name)
		if !ok || !c.Facetable {
			continue
		}
		counts := map[facetKey]*facetCount{}
		f := Facet{Column: c.Name, Label: c.Label, Values: []FacetValue{}}
		bump := func(k facetKey, p any) {
			fc := counts[k]
			if fc == nil {
				fc = &facetCount{}
				if c.name != nil {
					fc.label = c.name(p)
				}
				counts[k] = fc
			}
			fc.count++
		}
		for _, i := range idx {
			p := &rows[i]
			x := c.get(p)
			switch {
			case !x.ok:
				f.Missing++
			case c.Kind == ColumnList:
				for j, e := range x.list {
					if !slices.Contains(x.list[:j], e) {
						bump(facetKey{s: e}, p)
					}
				}
			case c.Kind == ColumnNumber:
				bump(facetKey{n: x.n}, p)
			case c.Kind == ColumnBool:
				bump(facetKey{b: x.b}, p)
			default:
				bump(facetKey{s: x.s}, p)
			}
		}
		var selected []string
		for _, flt := range q.Filters {
			if flt.Column == c.Name && flt.Op == OpEq {
				selected = append(selected, flt.Values...)
			}
		}
		for k, fc := range counts {
			var v string
			switch c.Kind {
			case ColumnNumber:
				v = formatNumber(k.n)
			case ColumnBool:
				v = strconv.FormatBool(k.b)
			default:
				v = k.s
			}
			fv := FacetValue{Value: v, Label: facetLabel(c, v, fc.label), Count: fc.count}
			for _, s := range selected {
				if strings.EqualFold(s, v) {
					fv.Selected = true
				}
			}
			f.Values = append(f.Values, fv)
		}
		sort.Slice(f.Values, func(i, j int) bool {
			a, b := &f.Values[i], &f.Values[j]
			// Numbers (years, terms) read in order.
			if c.Kind == ColumnNumber {
				x, _ := strconv.ParseFloat(a.Value, 64)
				y, _ := strconv.ParseFloat(b.Value, 64)
				return x < y
			}
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			if c := compareFold(a.Label, b.Label); c != 0 {
				return c < 0
			}
			return a.Value < b.Value
		})
		out = append(out, f)
	}
	return out
}

// facetLabel is what a facet value reads as: a record's short display
// name, a code's word ("jv" → "Joint venture"), "yes"/"no", or the value.
func facetLabel(c Column, v, name string) string {
	switch {
	case name != "":
		return ShortName(name)
	case c.Kind == ColumnBool:
		return map[string]string{"true": "Yes", "false": "No"}[v]
	case len(c.Enum) > 0 || IsCode(v):
		return CodeLabel(v)
	}
	return v
}

// Copies of rows, so that a caller changing a result cannot change the snapshot.

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func cloneDeal(r DealRow) DealRow {
	d := &r.Deal
	d.GuaranteeUSD, d.ValueUSD, d.ValueWithExtUSD = clonePtr(d.GuaranteeUSD), clonePtr(d.ValueUSD), clonePtr(d.ValueWithExtUSD)
	d.TermYears, d.MW, d.GrossMW = clonePtr(d.TermYears), clonePtr(d.MW), clonePtr(d.GrossMW)
	d.Sources = slices.Clone(d.Sources)
	r.AnnualValueUSD, r.USDPerMWYear = clonePtr(r.AnnualValueUSD), clonePtr(r.USDPerMWYear)
	return r
}

func cloneMiner(r MinerRow) MinerRow {
	m := &r.Miner
	m.FormerNames = slices.Clone(m.FormerNames)
	if m.Hashrate != nil {
		h := *m.Hashrate
		h.EHs = clonePtr(h.EHs)
		h.Sources = slices.Clone(h.Sources)
		m.Hashrate = &h
	}
	if m.Capacity != nil {
		cp := make([]CapacityPoint, len(m.Capacity))
		for i, c := range m.Capacity {
			c.EnergizedMW, c.ConstructionMW, c.PipelineMW = clonePtr(c.EnergizedMW), clonePtr(c.ConstructionMW), clonePtr(c.PipelineMW)
			c.ContractedMW = clonePtr(c.ContractedMW)
			c.Sources = slices.Clone(c.Sources)
			cp[i] = c
		}
		m.Capacity = cp
	}
	m.Sources = slices.Clone(m.Sources)
	r.ContractedShare = clonePtr(r.ContractedShare)
	r.Tenants = slices.Clone(r.Tenants)
	return r
}

func cloneSite(r SiteRow) SiteRow {
	s := &r.Site
	s.Lat, s.Lon = clonePtr(s.Lat), clonePtr(s.Lon)
	s.EnergizedMW, s.ConstructionMW, s.PipelineMW = clonePtr(s.EnergizedMW), clonePtr(s.ConstructionMW), clonePtr(s.PipelineMW)
	s.UnstagedMW = clonePtr(s.UnstagedMW)
	s.ITMW = clonePtr(s.ITMW)
	s.Sources = slices.Clone(s.Sources)
	r.Tenants = slices.Clone(r.Tenants)
	return r
}
