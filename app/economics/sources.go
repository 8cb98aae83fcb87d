package economics

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Sources lists every default with where it comes from: the
// published figure (quoted, with who, date and source links), our deal
// records, or a plain assumption; then what the model leaves out.
func Sources(d Defaults) app.UI {
	type row struct {
		label, value string
		pv           Provenance
	}
	var rows []row
	for _, pr := range params {
		in := d.Inputs
		rows = append(rows, row{pr.Label, defaultText(pr, *pr.field(&in)), d.Prov[pr.Name]})
	}
	if d.CashCost != "" {
		rows = append(rows, row{"Cash cost per BTC (context)", d.CashCost, d.CashCostProv})
	}
	for _, r := range d.RatePicks {
		rows = append(rows, row{"Lease rate pick: " + r.Label, rateF(r.USD), r.Prov})
	}
	return app.Elem("section").ID("econ-sources").Aria("labelledby", "h-econ-sources").Body(
		app.Elem("h2").ID("h-econ-sources").Text("Where the defaults come from"),
		app.Elem("div").Class("table-wrap").Body(app.Elem("table").Class("data-table econ-sources-table").Body(
			app.Elem("thead").Body(app.Elem("tr").Body(
				app.Elem("th").Attr("scope", "col").Text("Input"),
				app.Elem("th").Attr("scope", "col").Class("num").Text("Default"),
				app.Elem("th").Attr("scope", "col").Text("From"),
				app.Elem("th").Attr("scope", "col").Text("As published"),
				app.Elem("th").Attr("scope", "col").Text("Source"),
			)),
			app.Elem("tbody").Body(app.Range(rows).Slice(func(i int) app.UI {
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
				return app.Elem("tr").Body(
					app.Elem("th").Attr("scope", "row").Text(r.label),
					app.Elem("td").Class("num").Text(r.value),
					app.Elem("td").Class("econ-from").Text(from),
					app.Elem("td").Class("econ-quote").Text(r.pv.Quote),
					app.Elem("td").Body(app.If(!r.pv.Assumption, provenanceLink(r.pv))),
				)
			})),
		)),
		app.Elem("p").Class("muted econ-caveats").Text("Not modelled: the Bitcoin price, difficulty growth and halvings (mining's margin is held flat over the term), "+
			"the GPUs of cloud contracts, taxes, financing and the time to convert a site. The lease is assumed to draw its full gross MW all year. Not investment advice."),
	)
}
