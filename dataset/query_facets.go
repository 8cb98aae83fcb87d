package dataset

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

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
func (s *Snapshot) facets(t *builtTable, q *Query, idx []int) []Facet {
	kind := t.kind
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
			p := t.at(s, i)
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
			label := fc.label
			if label == "" {
				label = v
			}
			fv := FacetValue{Value: v, Label: label, Count: fc.count}
			for _, s := range selected {
				if strings.EqualFold(s, v) {
					fv.Selected = true
				}
			}
			f.Values = append(f.Values, fv)
		}
		sort.Slice(f.Values, func(i, j int) bool {
			a, b := &f.Values[i], &f.Values[j]
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
