package app

import (
	"fmt"

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
	var count app.UI
	if active > 0 {
		count = app.Elem("span").Class("filter-count").Text(fmt.Sprintf("· %d in force", active))
	}
	return app.Elem("details").ID("filter-panel").Class("filter-panel").Body(
		app.Elem("summary").Body(app.Text("Filters"), count),
		app.Elem("div").Class("filter-panel-body").Body(body...),
	)
}
