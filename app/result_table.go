package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// resultTable renders one page of a list query as a native table: sortable
// headers (links, so they work before the WASM starts) with aria-sort, and
// cells formatted with their units and bases. rows are DealRow, MinerRow or
// SiteRow values; id returns a row's id for its data attribute.
type resultTable struct {
	kind  string
	cols  []dataset.Column
	sort  []dataset.SortKey
	state viewState
	rows  []any
	id    func(row any) string
}

func (t resultTable) render() app.UI {
	return app.Div().Class("table-wrap").Body(app.Table().Class("data-table "+t.kind+"-table").Body(
		app.Caption().Class("visually-hidden").Text(t.kind+" matching the filters; select a column header to sort"),
		app.THead().Body(app.Tr().Body(app.Range(t.cols).Slice(func(i int) app.UI {
			c := t.cols[i]
			th := app.Th().Scope("col")
			if c.Kind == dataset.ColumnNumber {
				th = th.Class("num")
			}
			label := c.Label
			if len(t.sort) > 0 && t.sort[0].Column == c.Name {
				dir, arrow := "ascending", " ▲"
				if t.sort[0].Desc {
					dir, arrow = "descending", " ▼"
				}
				th = th.Aria("sort", dir)
				label += arrow
			}
			return th.Body(app.A().Href(t.state.sortLink(c, t.sort)).Title("Sort by " + c.Label).Text(label))
		}))),
		app.TBody().Body(app.Range(t.rows).Slice(func(i int) app.UI {
			row := t.rows[i]
			return app.Tr().DataSet(singularKind(t.kind), t.id(row)).Body(app.Range(t.cols).Slice(func(j int) app.UI {
				return t.cell(t.cols[j], row, j == 0)
			}))
		})),
	))
}

func singularKind(kind string) string {
	return map[string]string{dataset.KindDeals: "deal", dataset.KindMiners: "miner", dataset.KindSites: "site"}[kind]
}

// cell renders one value: a link for records, units for figures
// with its provenance (basis, as-of, sources) on hover, focus and tap, the
// basis as a tag when it is not the usual one, and "not disclosed" for
// unknowns.
func (t resultTable) cell(c dataset.Column, row any, first bool) app.UI {
	td := app.Td()
	if c.Kind == dataset.ColumnNumber {
		td = td.Class("num")
	}
	v := c.Value(row)
	if v == nil {
		if c.Kind == dataset.ColumnList {
			return td
		}
		return td.Body(app.Span().Class("nd").Text(notDisclosed))
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
		text = fmt.Sprintf("%d", len(v.([]string)))
	}
	var body app.UI = app.Text(text)
	switch {
	case c.Ref == dataset.RefMiner:
		body = app.A().Href(href("/miners/" + v.(string))).Text(text)
	case t.kind == dataset.KindDeals && (c.Name == "tenant" || c.Name == "title"):
		body = app.A().Href(href("/deals/" + t.id(row))).Text(text)
	case t.kind == dataset.KindMiners && c.Name == "name":
		body = app.A().Href(href("/miners/" + t.id(row))).Text(text)
	}
	if c.Kind == dataset.ColumnNumber {
		// The figure's provenance shows on hover, keyboard focus and tap
		// (a tap focuses it): a CSS tooltip from data-prov, also its label.
		if prov := provenance(basis, c.Basis, row); prov != "" {
			body = app.Span().Class("prov").TabIndex(0).DataSet("prov", prov).
				Aria("label", text+" — "+prov).Body(body)
		}
	}
	if basis != "" {
		label := basisLabel(basis)
		if c.Basis == "value_basis" {
			label = valueBasisLabel(basis)
		}
		if (c.Basis == "mw_basis" && basis != dataset.BasisIT) || (c.Basis == "value_basis" && basis != dataset.ValueInitialTerm) {
			return td.Body(body, app.Span().Class("basis-tag").Text(" "+label))
		}
	}
	if first {
		return app.Th().Scope("row").Class(map[bool]string{true: "num"}[c.Kind == dataset.ColumnNumber]).Body(body)
	}
	return td.Body(body)
}

// formatUnit formats a number with its unit for people.
func formatUnit(v float64, unit string) string {
	switch unit {
	case "USD":
		return moneyF(v)
	case "MW":
		return mwF(v)
	case "USD/MW-yr":
		return rate(&v)
	case "years":
		return years(&v)
	case "share":
		return pct(&v)
	case "EH/s":
		return trim(v, 1) + " EH/s"
	case "":
		if v == float64(int64(v)) {
			return strconv.FormatInt(int64(v), 10)
		}
		return trim(v, 2)
	}
	return trim(v, 2) + " " + unit
}

// provenance is the hover text of a figure: its basis, as-of date and sources.
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
	var asOf dataset.Date
	switch r := row.(type) {
	case *dataset.DealRow:
		srcs, asOf = r.Sources, r.Announced
	case *dataset.SiteRow:
		srcs, asOf = r.Sources, r.AsOf
	case *dataset.MinerRow:
		srcs = r.Sources
	}
	if asOf != "" {
		parts = append(parts, "as of "+string(asOf))
	}
	for i, s := range srcs {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more sources", len(srcs)-3))
			break
		}
		parts = append(parts, "source: "+s.Publisher+dateSuffix(string(s.Date)))
	}
	return strings.Join(parts, " · ")
}
