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

// facets counts the values of q's facet columns over the rows idx.
func (rs *rowSet) facets(q *Query, idx []int32) []Facet {
	t := rs.t
	out := make([]Facet, 0, len(q.Facets))
	for _, name := range q.Facets {
		c, ok := lookupColumn(t.kind, name)
		if !ok || !c.Facetable {
			continue
		}
		v := rs.vector(c)
		f := Facet{Column: c.Name, Label: c.Label, Values: []FacetValue{}}
		values, labels := v.dict, v.label
		var counts []int
		if c.Kind == ColumnList {
			values, labels = v.edict, v.elabel
			counts = make([]int, len(v.edict))
			for _, i := range idx {
				if !v.ok[i] {
					f.Missing++
					continue
				}
				els := v.elems[v.eoff[i]:v.eoff[i+1]]
				for j, e := range els {
					if !slices.Contains(els[:j], e) { // a value counts once per row
						counts[e]++
					}
				}
			}
		} else {
			counts = make([]int, len(v.dict))
			for _, i := range idx {
				counts[v.code[i]]++
			}
			f.Missing, counts[0] = counts[0], 0
		}
		var selected []string
		for _, flt := range q.Filters {
			if flt.Column == c.Name && flt.Op == OpEq {
				selected = append(selected, flt.Values...)
			}
		}
		for k, n := range counts {
			if n == 0 {
				continue
			}
			name := ""
			if labels != nil {
				name = labels[k]
			}
			fv := FacetValue{Value: values[k], Label: facetLabel(c, values[k], name), Count: n}
			for _, sel := range selected {
				if strings.EqualFold(sel, fv.Value) {
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
