package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// economicsSources lists every default with where it comes from: the
// published figure (quoted, with who, date and source links), our deal
// records, or a plain assumption; then what the model leaves out.
func economicsSources(d economicsDefaults) app.UI {
	type row struct {
		label, value string
		pv           econProvenance
	}
	var rows []row
	for _, pr := range economicsParams {
		in := d.Inputs
		rows = append(rows, row{pr.Label, defaultText(pr, *pr.field(&in)), d.Prov[pr.Name]})
	}
	if d.CashCost != "" {
		rows = append(rows, row{"Cash cost per BTC (context)", d.CashCost, d.CashCostProv})
	}
	for _, r := range d.RatePicks {
		rows = append(rows, row{"Lease rate pick: " + r.Label, rateF(r.USD), r.Prov})
	}
	return app.Section().ID("econ-sources").Aria("labelledby", "h-econ-sources").Body(
		app.H2().ID("h-econ-sources").Text("Where the defaults come from"),
		app.Div().Class("table-wrap").Body(app.Table().Class("data-table econ-sources-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Input"),
				app.Th().Scope("col").Class("num").Text("Default"),
				app.Th().Scope("col").Text("From"),
				app.Th().Scope("col").Text("As published"),
				app.Th().Scope("col").Text("Source"),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				r := rows[i]
				from := "Assumption"
				if !r.pv.Assumption {
					from = r.pv.Who
					if r.pv.Date != "" {
						from += ", " + r.pv.Date
					}
					if r.pv.Note != "" {
						from += ": " + r.pv.Note
					}
				}
				return app.Tr().Body(
					app.Th().Scope("row").Text(r.label),
					app.Td().Class("num").Text(r.value),
					app.Td().Class("econ-from").Text(from),
					app.Td().Class("econ-quote").Text(r.pv.Quote),
					app.Td().Body(app.If(!r.pv.Assumption, provenanceLink(r.pv))),
				)
			})),
		)),
		app.P().Class("muted econ-caveats").Text("Not modelled: the Bitcoin price, difficulty growth and halvings (mining's margin is held flat over the term), "+
			"the GPUs of cloud contracts, taxes, financing and the time to convert a site. The lease is assumed to draw its full gross MW all year. Not investment advice."),
	)
}
