package app

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// citeControl is the "Cite" button of every page's and embed's footer and
// the panel it opens: the citation of the view as text, BibTeX and
// CSL-JSON (dataset.Snapshot.Cite, the words GET /api/v1/citation gives),
// each with a Copy button. It names the view's URL as the address bar
// shows it (query and as_of included), the dataset's revision and version
// and the date its figures were last checked.
type citeControl struct {
	app.Compo
	// Full is the app path and query of the view to cite, for an embed
	// (its full view); "" cites the window's URL.
	Full string

	open   bool
	cite   dataset.Citation
	copied string // the format last copied
}

// citeFormats are the panel's blocks, in order.
var citeFormats = []struct{ format, label string }{
	{dataset.CiteText, "Text"}, {dataset.CiteBibTeX, "BibTeX"}, {dataset.CiteCSL, "CSL-JSON"},
}

// build makes the citation of the view shown now.
func (c *citeControl) build() {
	snap := currentSnapshot()
	raw := app.Window().URL().String()
	if c.Full != "" {
		raw = ui.Origin() + ui.Href(c.Full)
	}
	u, err := dataset.CanonicalURL(raw)
	if snap == nil || err != nil {
		c.cite = dataset.Citation{}
		return
	}
	c.cite = snap.Cite(u, appPathOf(u), shownRevision())
}

// shownRevision is the published revision of the data the page shows: the
// one its /v/{revision}/ address names, else the snapshot's (0 when the
// server keeps no revisions).
func shownRevision() int {
	if viewed.n > 0 {
		return viewed.n
	}
	clientData.mu.Lock()
	defer clientData.mu.Unlock()
	return clientData.revision
}

func (c *citeControl) toggle(ctx app.Context, e app.Event) {
	c.open, c.copied = !c.open, ""
	if c.open {
		c.build()
	}
}

// copy copies one format's citation to the clipboard, or selects it where
// the clipboard is not available (not a secure context).
func (c *citeControl) copy(format string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		clip := app.Window().Get("navigator").Get("clipboard")
		if !clip.Truthy() {
			app.Window().GetElementByID("cite-" + format).Call("select")
			return
		}
		clip.Call("writeText", c.cite.Format(format))
		c.copied = format
	}
}

func (c *citeControl) Render() app.UI {
	// The panel is built only when open (see embed.Dialog.Render).
	var panel app.UI
	if c.open {
		panel = c.panel()
	}
	return app.Elem("div").Class("cite").Body(
		app.Elem("button").ID("cite-toggle").Class("cite-toggle").Attr("type", "button").
			Aria("expanded", c.open).Aria("controls", "cite-panel").OnClick(c.toggle).Text("Cite"),
		panel,
	)
}

// panel is the open control: the three formats with their Copy buttons.
func (c *citeControl) panel() app.UI {
	if c.cite.URL == "" {
		return app.Elem("section").ID("cite-panel").Class("cite-panel").Aria("live", "polite").
			Text("The citation needs the data: wait for it to load.")
	}
	rows := map[string]int{dataset.CiteText: 3, dataset.CiteBibTeX: 10, dataset.CiteCSL: 8}
	return app.Elem("section").ID("cite-panel").Class("cite-panel").Aria("labelledby", "cite-title").Body(
		app.Elem("h2").ID("cite-title").Text("Cite this view"),
		app.Elem("p").Class("muted").Text("Revision "+strconv.Itoa(c.cite.Revision)+", figures checked up to "+string(c.cite.Checked)+". "+dataset.LicenceNotice),
		app.Range(citeFormats).Slice(func(i int) app.UI {
			f := citeFormats[i]
			return app.Elem("div").Class("cite-format").Body(
				app.Elem("label").Attr("for", "cite-"+f.format).Text(f.label),
				app.Elem("textarea").ID("cite-"+f.format).Class("cite-code").Attr("readonly", true).
					Attr("rows", rows[f.format]).Attr("spellcheck", "false").Text(c.cite.Format(f.format)),
				app.Elem("button").ID("cite-copy-"+f.format).Attr("type", "button").OnClick(c.copy(f.format)).
					Aria("label", "Copy the "+f.label+" citation").Text("Copy"),
			)
		}),
		app.Elem("p").Class("cite-status").Aria("live", "polite").Text(copiedText(c.copied)),
	)
}

func copiedText(format string) string {
	for _, f := range citeFormats {
		if f.format == format {
			return f.label + " copied."
		}
	}
	return ""
}
