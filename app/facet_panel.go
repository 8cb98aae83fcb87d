package app

import (
	"fmt"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// facetPanel lists the facets of a query: each value with its count, as a
// link that toggles the filter (selected values first and marked). It is
// markup (see markup); data-key lets keepFocus find a link again.
func facetPanel(facets []dataset.Facet, st viewState, version string) app.UI {
	return adoptableHTML(blockKey("facets", version, st), func() markup.HTML { return facetHTML(facets, st) })
}

// facetHTML is the facet panel's markup.
func facetHTML(facets []dataset.Facet, st viewState) markup.HTML {
	var m markup.Writer
	m.Open("div", "class", "facets")
	for _, f := range facets {
		if len(f.Values) == 0 {
			continue
		}
		shown := f.Values
		more := 0
		if len(shown) > 12 {
			shown, more = selectedOrTop(f.Values, 12), len(f.Values)-12
		}
		m.Open("section", "class", "facet", "aria-labelledby", "facet-"+f.Column)
		m.Elem("h2", f.Label, "id", "facet-"+f.Column)
		m.Open("ul")
		for _, v := range shown {
			class, current, title := "", "", ""
			if v.Selected {
				class, current, title = "selected", "true", "Remove this filter"
			}
			m.Open("li")
			m.Open("a", "href", st.toggle(f.Column, v.Value), "data-facet", f.Column, "data-value", v.Value,
				"data-key", "facet:"+f.Column+":"+v.Value, "class", class, "aria-current", current, "title", title)
			m.Elem("span", v.Label, "class", "facet-label")
			m.Elem("span", strconv.Itoa(v.Count), "class", "facet-count")
			m.Close("a")
			m.Close("li")
		}
		m.Close("ul")
		if more > 0 {
			m.Elem("p", fmt.Sprintf("+%d more (search to narrow)", more), "class", "muted")
		}
		if f.Missing > 0 {
			m.Elem("p", fmt.Sprintf("%d not disclosed", f.Missing), "class", "muted")
		}
		m.Close("section")
	}
	m.Close("div")
	return m.HTML()
}

// selectedOrTop keeps the first n values plus any selected value beyond them.
func selectedOrTop(vs []dataset.FacetValue, n int) []dataset.FacetValue {
	out := append([]dataset.FacetValue{}, vs[:n]...)
	for _, v := range vs[n:] {
		if v.Selected {
			out = append(out, v)
		}
	}
	return out
}
