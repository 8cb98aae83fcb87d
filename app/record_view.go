package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// A record's page shows its columns by their Detail placement: the heading,
// the figures (each with its basis, as-of date, what it measures and its
// sources on hover), text sections (notes) and the sources list. A field
// added to a record appears there through its column.

// recordHeading is the text of a record's heading column.
func recordHeading(kind string, row any) string {
	for _, c := range kindColumns(kind) {
		if c.Detail == dataset.DetailHeading {
			return c.Text(row)
		}
	}
	return recordID(kind, row)
}

// recordFigures renders figures of a record as a definition list (markup)
// with the given id and class ("record" for a page's list, "figures" for
// cards): the named columns, or every figure column of the kind that is
// not the basis of another. An unknown number reads "not disclosed"; an
// empty text is left out.
func recordFigures(id, class, kind string, row any, names ...string) app.UI {
	var cols []dataset.Column
	if len(names) > 0 {
		for _, n := range names {
			if c, ok := column(kind, n); ok {
				cols = append(cols, c)
			}
		}
	} else {
		cols = figureColumns(kind)
	}
	var m markup.Writer
	m.Open("dl", "id", id, "class", class)
	for _, c := range cols {
		writeFigure(&m, kind, c, row)
	}
	m.Close("dl")
	return m.UI()
}

// figureColumns are the columns a record's page lists as its main
// figures: those placed as figures, in no section of their own, that are
// not the basis of another column.
func figureColumns(kind string) []dataset.Column {
	all := kindColumns(kind)
	bases := map[string]bool{}
	for _, c := range all {
		bases[c.Basis] = true
	}
	var out []dataset.Column
	for _, c := range all {
		if c.Detail == dataset.DetailFigure && c.Section == "" && !bases[c.Name] {
			out = append(out, c)
		}
	}
	return out
}

// writeFigure writes one figure: label, value (with its provenance on
// hover, focus and tap) and a note of its basis, as-of date and meaning.
func writeFigure(m *markup.Writer, kind string, c dataset.Column, row any) {
	text, ok := formatValue(c, row)
	if !ok && c.Kind != dataset.ColumnNumber {
		return
	}
	basis, _ := basisOf(kind, c, row)
	note := basis
	add := func(s string) {
		if s != "" && note != "" {
			note += "; "
		}
		note += s
	}
	if v, isText := c.Value(row).(string); isText {
		add(c.EnumNotes[v])
	}
	if c.Kind != dataset.ColumnNumber { // figures say it in their provenance
		add(strings.TrimPrefix(asOfNote(kind, c, row, "; "), "; "))
	}
	add(c.Description)
	m.Open("div", "class", "figure", "data-col", c.Name)
	m.Elem("dt", c.Label)
	m.Open("dd")
	m.Open("span", "class", "figure-value")
	prov := ""
	if ok && c.Kind == dataset.ColumnNumber {
		prov = provenance(kind, c, basis, row)
	}
	if prov != "" {
		m.Open("span", "class", "prov", "tabindex", "0", "data-prov", prov, "aria-label", text+" — "+prov)
	}
	if !writeRefList(m, c, row) {
		path := ""
		if c.Link == dataset.LinkRef {
			path = linkPath(kind, recordID(kind, row), c, row)
		}
		writeValue(m, path, c, text)
	}
	if prov != "" {
		m.Close("span")
	}
	m.Close("span")
	if note != "" {
		m.Elem("span", " "+note, "class", "figure-basis")
	}
	m.Close("dd")
	m.Close("div")
}

// recordSections are a record's text sections, then its grade and check
// date with the number of sources (when the kind has them), then its
// sources, in column order.
func recordSections(kind string, row any) []app.UI {
	var out []app.UI
	for _, c := range kindColumns(kind) {
		switch c.Detail {
		case dataset.DetailText:
			if s := c.Text(row); s != "" {
				out = append(out, app.Elem("section").Body(app.Elem("h2").Text(c.Label), app.Elem("p").Text(s)))
			}
		case dataset.DetailSources:
			srcs := c.Sources(row)
			if g, ok := column(kind, "grade"); ok {
				v, _ := column(kind, "verified")
				out = append(out, trustLine(g.Text(row), dataset.Date(v.Text(row)), srcs))
			}
			out = append(out, sourcesList(c.Label, srcs))
		}
	}
	return out
}
