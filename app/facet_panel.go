package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// facetPanel lists the facets of a query: each value with its count, as a
// link that toggles the filter (selected values first and marked).
func facetPanel(facets []dataset.Facet, st viewState) app.UI {
	return app.Div().Class("facets").Body(app.Range(facets).Slice(func(i int) app.UI {
		f := facets[i]
		if len(f.Values) == 0 {
			return nil
		}
		shown := f.Values
		more := 0
		if len(shown) > 12 {
			shown, more = selectedOrTop(f.Values, 12), len(f.Values)-12
		}
		return app.Section().Class("facet").Aria("labelledby", "facet-"+f.Column).Body(
			app.H2().ID("facet-"+f.Column).Text(f.Label),
			app.Ul().Body(app.Range(shown).Slice(func(j int) app.UI {
				v := shown[j]
				a := app.A().Href(st.toggle(f.Column, v.Value)).DataSet("facet", f.Column).DataSet("value", v.Value)
				if v.Selected {
					a = a.Class("selected").Aria("current", "true").Title("Remove this filter")
				}
				return app.Li().Body(a.Body(
					app.Span().Class("facet-label").Text(v.Label),
					app.Span().Class("facet-count").Text(fmt.Sprint(v.Count)),
				))
			})),
			app.If(more > 0, app.P().Class("muted").Text(fmt.Sprintf("+%d more (search to narrow)", more))),
			app.If(f.Missing > 0, app.P().Class("muted").Text(fmt.Sprintf("%d not disclosed", f.Missing))),
		)
	}))
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
