package app

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// recordTable is a table of records of one kind, built from the column
// registry (markup, not go-app nodes: it is the largest block of a page):
// one column per registry column, cells formatted by the column's format
// with their units, basis and provenance, values linked as the column says.
// With a state its headers are sort links (they work before the WASM
// starts) with aria-sort; without one they are plain headers (a miner's
// deals, an embed).
type recordTable struct {
	kind    string
	cols    []dataset.Column
	rows    []any // *dataset.DealRow, *dataset.MinerRow…
	caption string
	// sort is the order the rows are in; state, when set, makes the headers sort links.
	sort  []dataset.SortKey
	state *viewState
	// version is the data version the rows come from (for markupCache).
	version string
}

// newRecordTable is a table of rows (a slice of a kind's row type, or the
// rows of a dataset.Result) with the named columns, the kind's default columns when none are named.
func newRecordTable[R any](kind string, rows []R, names ...string) recordTable {
	if len(names) == 0 {
		names = dataset.DefaultColumns(kind)
	}
	t := recordTable{kind: kind, rows: make([]any, len(rows))}
	for i := range rows {
		if r, ok := any(&rows[i]).(*any); ok {
			t.rows[i] = *r // rows of a Result: already pointers
		} else {
			t.rows[i] = &rows[i]
		}
	}
	for _, n := range names {
		if c, ok := column(kind, n); ok {
			t.cols = append(t.cols, c)
		}
	}
	return t
}

// UI renders the table, from the cache when it is a view's (see markupCache).
func (t recordTable) UI() app.UI {
	if t.state == nil {
		return t.html().UI()
	}
	return adoptableHTML(blockKey("table", t.version, *t.state), t.html)
}

// html is the table's markup.
func (t recordTable) html() markup.HTML {
	var m markup.Writer
	caption, captionClass := t.caption, ""
	if t.state != nil {
		caption, captionClass = t.kind+" matching the filters; select a column header to sort", "visually-hidden"
	}
	m.Table("data-table "+t.kind+"-table", caption, "class", captionClass)
	m.Open("thead")
	m.Open("tr")
	for _, c := range t.cols {
		class, sort, arrow := "", "", ""
		if c.Kind == dataset.ColumnNumber {
			class = "num"
		}
		if len(t.sort) > 0 && t.sort[0].Column == c.Name && t.state != nil {
			sort, arrow = "ascending", " ▲"
			if t.sort[0].Desc {
				sort, arrow = "descending", " ▼"
			}
		}
		m.Open("th", "scope", "col", "class", class, "aria-sort", sort)
		if t.state != nil {
			m.Elem("a", c.Label+arrow, "href", t.state.sortLink(c, t.sort), "title", "Sort by "+c.Label, "data-key", "sort:"+c.Name)
		} else {
			m.Elem("span", c.Label, "title", c.Description)
		}
		m.Close("th")
	}
	m.Close("tr")
	m.Close("thead")
	m.Open("tbody")
	// Each row names its record: data-deal="…", data-equity="…".
	single, _, _ := strings.Cut(dataset.Singular(t.kind), " ")
	// The row's header cell is its link to the record's page, else its first cell.
	header := 0
	for j, c := range t.cols {
		if c.Link == dataset.LinkRecord {
			header = j
			break
		}
	}
	for _, row := range t.rows {
		id := recordID(t.kind, row)
		m.Open("tr", "data-"+single, id)
		for j, c := range t.cols {
			cell(&m, t.kind, id, c, row, j == header)
		}
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

// recordID is the id of a row of kind.
func recordID(kind string, row any) string {
	c, _ := column(kind, "id")
	return c.Text(row)
}

// cell writes one value: a link as its column says, units for figures with
// their provenance (basis, as-of, sources) on hover, focus and tap, the
// basis as a tag when it is not the usual one, and "not disclosed" for
// unknowns. header makes it the row's header cell.
func cell(m *markup.Writer, kind, id string, c dataset.Column, row any, header bool) {
	class := ""
	switch c.Kind {
	case dataset.ColumnNumber:
		class = "num"
	case dataset.ColumnDate:
		class = "date" // never broken at its hyphens
	}
	text, ok := formatValue(c, row)
	if f, isNum := c.Value(row).(float64); isNum && ok && c.Format == dataset.FormatRate {
		text = moneyF(f) // the header says $/MW-yr
	}
	if !ok {
		m.Open("td", "class", class)
		if c.Kind != dataset.ColumnList {
			m.Elem("span", notDisclosed, "class", "nd")
		}
		m.Close("td")
		return
	}
	basis, tag := basisOf(kind, c, row)
	tagged := tag != ""
	tagName, title := "td", ""
	if names, ok := c.Value(row).([]string); ok && c.Format == dataset.FormatNames {
		title = joinNames(names) // the cell shortens them
	}
	if s, ok := c.Value(row).(string); ok && c.EnumNotes[s] != "" {
		// A value that needs explaining says what it means, and since when.
		class = strings.TrimSpace(class + " " + c.Name + " " + c.Name + "-" + s)
		title = c.EnumNotes[s] + asOfNote(kind, c, row, " · ")
	}
	if header && !tagged {
		tagName = "th"
		m.Open(tagName, "scope", "row", "class", class, "title", title)
	} else {
		m.Open(tagName, "class", class, "title", title)
	}
	// The figure's provenance shows on hover, keyboard focus and tap (a tap
	// focuses it): a CSS tooltip from data-prov, also its label.
	prov := ""
	if c.Kind == dataset.ColumnNumber {
		prov = provenance(kind, c, basis, row)
	}
	if prov != "" {
		m.Open("span", "class", "prov", "tabindex", "0", "data-prov", prov, "aria-label", text+" — "+prov)
	}
	var attrs []string
	if c.Link == dataset.LinkRecord && c.Detail != dataset.DetailHeading {
		attrs = []string{"title", recordHeading(kind, row)} // a date or a name says which record
	}
	if !writeRefList(m, c, row) {
		writeValue(m, linkPath(kind, id, c, row), c, text, attrs...)
	}
	if prov != "" {
		m.Close("span")
	}
	if tagged {
		m.Elem("span", " "+tag, "class", "basis-tag")
	}
	m.Close(tagName)
}

// linkPath is the app path a column's value links to in row, "" for none.
func linkPath(kind, id string, c dataset.Column, row any) string {
	switch c.Link {
	case dataset.LinkRecord:
		return dataset.RecordPath(kind, id)
	case dataset.LinkRef:
		if v, ok := c.Value(row).(string); ok {
			return dataset.RefPath(c.Ref, v)
		}
	}
	return ""
}

// writeRefList writes the value of a list of references (a financing's
// sites and deals) as links to the records, each by its name, and reports
// whether the column is one.
func writeRefList(m *markup.Writer, c dataset.Column, row any) bool {
	if c.Kind != dataset.ColumnList || c.Ref == "" {
		return false
	}
	ids, _ := c.Value(row).([]string)
	names := c.Names(row)
	if names == nil || len(names) != len(ids) {
		return false
	}
	for i, id := range ids {
		if i > 0 {
			m.Text(", ")
		}
		writeValue(m, dataset.RefPath(c.Ref, id), c, names[i])
	}
	return true
}

// writeValue writes a cell's text, as a link to path when there is one. A
// counterparty reads by its short name, the long one on hover and on its
// page.
func writeValue(m *markup.Writer, path string, c dataset.Column, text string, attrs ...string) {
	switch {
	case path == "":
		m.Text(text)
	case c.Ref == dataset.RefCounterparty && dataset.ShortName(text) != text:
		m.Link(ui.Href(path), dataset.ShortName(text), "title", text)
	default:
		m.Link(ui.Href(path), text, attrs...)
	}
}

// basisOf returns the label of what a figure measures in row, and the same
// label as a tag when it is not its basis column's usual (first) value, so
// that a gross MW figure never passes for critical IT.
func basisOf(kind string, c dataset.Column, row any) (label, tag string) {
	bc, ok := column(kind, c.Basis)
	if !ok {
		return "", ""
	}
	v, _ := bc.Value(row).(string)
	if v == "" {
		return "", ""
	}
	label = bc.ValueLabel(v)
	if len(bc.Enum) > 0 && v != bc.Enum[0] {
		tag = label
	}
	return label, tag
}

// provenance is the hover text of a figure: its basis, as-of date, the
// grade of its sources and the date they were checked, and the sources
// with their kinds. A figure with sources of its own (a deal's terms) is
// told by them; else by the record's.
func provenance(kind string, c dataset.Column, basis string, row any) string {
	var parts []string
	if basis != "" {
		parts = append(parts, basis)
	}
	srcs, path := c.Sources(row), c.Provenance
	if path != "" && path != "sources" && len(srcs) > 0 {
		// Sources of its own: their grade and check date, no record as-of.
		parts = append(parts, "grade "+dataset.GradeOf(srcs))
		if v, ok := column(kind, strings.TrimSuffix(path, "sources")+"verified"); ok && v.Text(row) != "" {
			parts = append(parts, "checked on "+v.Text(row))
		}
	} else {
		if ac, ok := column(kind, c.AsOf); ok {
			if d := ac.Text(row); d != "" {
				parts = append(parts, "as of "+d)
			}
		}
		if path != "" {
			// The record's own sources (its terms' when it has none of
			// theirs): its grade and check date go with them.
			if sc, ok := column(kind, "sources"); ok && path != "sources" {
				srcs = sc.Sources(row)
			}
			if g, ok := column(kind, "grade"); ok && g.Text(row) != "" {
				parts = append(parts, "grade "+g.Text(row))
			}
			if v, ok := column(kind, "verified"); ok && v.Text(row) != "" {
				parts = append(parts, "checked on "+v.Text(row))
			}
		}
	}
	for i, s := range srcs {
		if i == 3 {
			parts = append(parts, "+"+strconv.Itoa(len(srcs)-3)+" more sources")
			break
		}
		parts = append(parts, "source: "+s.Publisher+ui.DateSuffix(string(s.Date))+kindSuffix(s.Kind))
	}
	return strings.Join(parts, " · ")
}

// asOfNote is sep and what a column's as-of column says of row, such as
// " · checked on 2026-02-26" or " · status as of 2025-11", "" when nothing.
func asOfNote(kind string, c dataset.Column, row any, sep string) string {
	ac, ok := column(kind, c.AsOf)
	if !ok || ac.Name == c.Name {
		return ""
	}
	d := ac.Text(row)
	if d == "" {
		return ""
	}
	label := strings.ToLower(ac.Label)
	if !strings.Contains(label, " ") {
		label = "as of" // a bare date column ("Announced") reads "as of"
	}
	return sep + label + " " + d
}
