package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// downloadCSV writes every row matching q as CSV and hands it to the
// browser as a file download, without the server: it works offline.
func downloadCSV(snap *dataset.Snapshot, q *dataset.Query, filename string) error {
	var b strings.Builder
	all := *q
	all.Facets = nil
	if err := snap.WriteCSV(&b, &all); err != nil {
		return err
	}
	blob := app.Window().Get("Blob").New([]any{b.String()}, map[string]any{"type": "text/csv;charset=utf-8"})
	url := app.Window().Get("URL").Call("createObjectURL", blob)
	doc := app.Window().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", filename)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	app.Window().Get("URL").Call("revokeObjectURL", url)
	return nil
}
