package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// filterPanel holds an explorer's search, ranges and facets in a
// <details>: always open beside the results on a laptop (web/app.css
// styles its content visible there), collapsed above them on a phone, with
// the number of filters in force on its summary.
func filterPanel(q *dataset.Query, body ...app.UI) app.UI {
	active := 0
	if q != nil {
		active = len(q.Filters)
		if q.Search != "" {
			active++
		}
	}
	var count, inForce app.UI
	if active > 0 {
		count = app.Elem("span").Class("filter-count").Text(fmt.Sprintf("· %d in force", active))
		inForce = app.Elem("p").Class("print-filters").Text(filtersInForce(q))
	}
	return app.Elem("div").Class("filter-panel-wrap").Body(
		app.Elem("details").ID("filter-panel").Class("filter-panel").Body(
			app.Elem("summary").Body(app.Text("Filters"), count),
			app.Elem("div").Class("filter-panel-body").Body(body...),
		),
		inForce,
	)
}

// filterOps read a range filter for people.
var filterOps = map[string]string{dataset.OpGte: "≥", dataset.OpLte: "≤", dataset.OpGt: ">", dataset.OpLt: "<"}

// filtersInForce says in one line which filters a view applies, for paper
// (web/app.css shows it only in print, where the panel is hidden):
// "Filters in force: Miner: iren, cipher · Announced ≥ 2025-01 · Search: \"x\"".
func filtersInForce(q *dataset.Query) string {
	var parts []string
	for _, f := range q.Filters {
		label := f.Column
		if c, ok := dataset.ColumnByName(q.Kind, f.Column); ok {
			label = c.Label
		}
		if op := filterOps[f.Op]; op != "" {
			parts = append(parts, label+" "+op+" "+strings.Join(f.Values, ", "))
		} else {
			parts = append(parts, label+": "+strings.Join(f.Values, ", "))
		}
	}
	if q.Search != "" {
		parts = append(parts, "Search: \""+q.Search+"\"")
	}
	return "Filters in force: " + strings.Join(parts, " · ")
}
