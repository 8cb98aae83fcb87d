package app

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// resultTable renders one page of a list query as a native table (markup,
// not go-app nodes: it is the largest block of a page): sortable headers
// (links, so they work before the WASM starts) with aria-sort, and cells
// formatted with their units and bases. rows are DealRow, MinerRow or
// SiteRow values; id returns a row's id for its data attribute.
type resultTable struct {
	kind  string
	cols  []dataset.Column
	sort  []dataset.SortKey
	state viewState
	rows  []any
	id    func(row any) string
	// version is the data version the rows come from (for markupCache).
	version string
}

func (t resultTable) render() app.UI {
	return cachedHTML(viewKey("table", t.version, t.state), t.html)
}

// html is the table's markup.
func (t resultTable) html() string {
	var m markup
	m.table("data-table "+t.kind+"-table", t.kind+" matching the filters; select a column header to sort", "class", "visually-hidden")
	m.open("thead")
	m.open("tr")
	for _, c := range t.cols {
		class, sort, label := "", "", c.Label
		if c.Kind == dataset.ColumnNumber {
			class = "num"
		}
		if len(t.sort) > 0 && t.sort[0].Column == c.Name {
			dir, arrow := "ascending", " ▲"
			if t.sort[0].Desc {
				dir, arrow = "descending", " ▼"
			}
			sort, label = dir, label+arrow
		}
		m.open("th", "scope", "col", "class", class, "aria-sort", sort)
		m.elem("a", label, "href", t.state.sortLink(c, t.sort), "title", "Sort by "+c.Label, "data-key", "sort:"+c.Name)
		m.close("th")
	}
	m.close("tr")
	m.close("thead")
	m.open("tbody")
	for _, row := range t.rows {
		m.open("tr", "data-"+singularKind(t.kind), t.id(row))
		for j, c := range t.cols {
			t.cell(&m, c, row, j == 0)
		}
		m.close("tr")
	}
	m.end()
	return m.String()
}

func singularKind(kind string) string {
	return map[string]string{dataset.KindDeals: "deal", dataset.KindMiners: "miner", dataset.KindSites: "site",
		dataset.KindEquity: "equity", dataset.KindFinancing: "financing"}[kind]
}

// cell writes one value: a link for records, units for figures with its
// provenance (basis, as-of, sources) on hover, focus and tap, the basis as
// a tag when it is not the usual one, and "not disclosed" for unknowns. The
// first column is the row's header cell.
func (t resultTable) cell(m *markup, c dataset.Column, row any, first bool) {
	class := ""
	if c.Kind == dataset.ColumnNumber {
		class = "num"
	}
	v := c.Value(row)
	if v == nil {
		m.open("td", "class", class)
		if c.Kind != dataset.ColumnList {
			m.elem("span", notDisclosed, "class", "nd")
		}
		m.close("td")
		return
	}
	text := c.Text(row)
	var basis string
	if c.Basis != "" {
		if bc, ok := dataset.ColumnByName(t.kind, c.Basis); ok {
			basis = bc.Text(row)
		}
	}
	switch {
	case c.Kind == dataset.ColumnNumber:
		text = formatUnit(v.(float64), c.Unit)
	case c.Kind == dataset.ColumnBool:
		text = map[bool]string{true: "yes", false: "no"}[v.(bool)]
	case c.Name == "sources":
		text = strconv.Itoa(len(v.([]string)))
	}
	tag := "td"
	tagged := basis != "" &&
		((c.Basis == "mw_basis" && basis != dataset.BasisIT) || (c.Basis == "value_basis" && basis != dataset.ValueInitialTerm))
	if first && !tagged {
		tag = "th"
		m.open(tag, "scope", "row", "class", class)
	} else {
		m.open(tag, "class", class)
	}
	// The figure's provenance shows on hover, keyboard focus and tap (a tap
	// focuses it): a CSS tooltip from data-prov, also its label.
	prov := ""
	if c.Kind == dataset.ColumnNumber {
		prov = termProvenance(c.Name, basis, row)
		if prov == "" {
			prov = provenance(basis, c.Basis, row)
		}
	}
	if prov != "" {
		m.open("span", "class", "prov", "tabindex", "0", "data-prov", prov, "aria-label", text+" — "+prov)
	}
	switch {
	case c.Ref == dataset.RefMiner:
		m.link("/miners/"+v.(string), text)
	case c.Ref == dataset.RefDeal:
		m.link("/deals/"+v.(string), text)
	case (t.kind == dataset.KindEquity || t.kind == dataset.KindFinancing) && (c.Name == "date" || c.Name == "id"):
		m.link("/"+t.kind+"/"+t.id(row), text)
	case c.Ref == dataset.RefCounterparty:
		// The short display name; the long one on hover and on its page.
		if short := dataset.ShortName(text); short != text {
			m.link("/counterparties/"+v.(string), short, "title", text)
		} else {
			m.link("/counterparties/"+v.(string), text)
		}
	case c.Ref == dataset.RefSite:
		m.link("/sites?site="+url.QueryEscape(v.(string))+"#site-detail", text)
	case t.kind == dataset.KindDeals && (first || c.Name == "title"):
		m.link("/deals/"+t.id(row), text)
	case len(c.Enum) > 0:
		m.text(dataset.CodeLabel(text))
	case t.kind == dataset.KindMiners && c.Name == "name":
		m.link("/miners/"+t.id(row), text)
	default:
		m.text(text)
	}
	if prov != "" {
		m.close("span")
	}
	if tagged {
		label := basisLabel(basis)
		if c.Basis == "value_basis" {
			label = valueBasisLabel(basis)
		}
		m.elem("span", " "+label, "class", "basis-tag")
	}
	m.close(tag)
}

// formatUnit formats a number with its unit for people.
func formatUnit(v float64, unit string) string {
	switch unit {
	case "USD":
		return moneyF(v)
	case "MW":
		return mwF(v)
	case "USD/MW-yr":
		// The column header says $/MW-yr.
		return moneyF(v)
	case "years":
		return years(&v)
	case "share":
		return pct(&v)
	case "EH/s":
		return trim(v, 1) + " EH/s"
	case "%":
		return trim(v, 3) + " %"
	case "":
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
		return trim(v, 2)
	}
	return trim(v, 2) + " " + unit
}

// provenance is the hover text of a figure: its basis, as-of date, the
// record's grade and the date it was checked, and its sources with their kinds.
func provenance(basis, basisCol string, row any) string {
	var parts []string
	if basis != "" {
		if basisCol == "value_basis" {
			parts = append(parts, valueBasisLabel(basis))
		} else {
			parts = append(parts, basisLabel(basis))
		}
	}
	var srcs []dataset.Source
	var asOf, verified dataset.Date
	var grade string
	switch r := row.(type) {
	case *dataset.DealRow:
		srcs, asOf, grade, verified = r.Sources, r.Announced, r.Grade, r.Verified
	case *dataset.SiteRow:
		srcs, asOf, grade, verified = r.Sources, r.AsOf, r.Grade, r.Verified
	case *dataset.MinerRow:
		srcs, grade, verified = r.Sources, r.Grade, r.Verified
	case *dataset.MilestoneRow:
		srcs, asOf, grade = r.Sources, r.Announced, r.Grade
	case *dataset.EquityRow:
		srcs, asOf, grade, verified = r.Sources, r.Date, r.Grade, r.Verified
	case *dataset.FinancingRow:
		srcs, asOf, grade, verified = r.Sources, r.Date, r.Grade, r.Verified
	}
	if asOf != "" {
		parts = append(parts, "as of "+string(asOf))
	}
	if grade != "" {
		parts = append(parts, "grade "+grade)
	}
	if verified != "" {
		parts = append(parts, "checked on "+string(verified))
	}
	for i, s := range srcs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more sources", len(srcs)-3))
			break
		}
		parts = append(parts, "source: "+s.Publisher+dateSuffix(string(s.Date))+kindSuffix(s.Kind))
	}
	return strings.Join(parts, " · ")
}
