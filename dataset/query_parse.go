package dataset

import (
	"math"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
	if tableOf(kind) == nil {
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

// exampleRange is the column the unknown-parameter message of a kind uses
// as its range example: mw, or the first number column of its default order.
func exampleRange(kind string) string {
	if _, ok := lookupColumn(kind, "mw"); ok {
		return "mw"
	}
	for _, k := range DefaultSort(kind) {
		if c, ok := lookupColumn(kind, k.Column); ok && c.Kind == ColumnNumber {
			return c.Name
		}
	}
	if r := rangeColumns(kind); len(r) > 0 {
		return r[0]
	}
	return "value"
}

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
		exampleRange(kind), strings.Join(rangeColumns(kind), ", "))
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
