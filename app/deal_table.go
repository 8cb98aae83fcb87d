package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dealTable renders deals as a native table; full adds the guarantor and status columns.
func dealTable(rows []dataset.DealRow, full bool) app.UI {
	return app.Div().Class("table-wrap").Body(
		app.Table().Class("data-table deals-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Announced"),
				app.Th().Scope("col").Text("Miner"),
				app.Th().Scope("col").Text("Tenant"),
				app.If(full, app.Th().Scope("col").Text("Guarantor")),
				app.Th().Scope("col").Text("Type"),
				app.Th().Scope("col").Class("num").Text("Value"),
				app.Th().Scope("col").Class("num").Text("Term"),
				app.Th().Scope("col").Class("num").Text("MW"),
				app.Th().Scope("col").Class("num").Text("$/MW-yr"),
				app.If(full, app.Th().Scope("col").Text("Status")),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				d := rows[i]
				return app.Tr().DataSet("deal", d.ID).Body(
					app.Td().Body(app.Time().DateTime(string(d.Announced)).Text(string(d.Announced))),
					app.Td().Body(app.A().Href(href("/miners/"+d.Miner)).Text(d.MinerName)),
					app.Th().Scope("row").Body(app.A().Href(href("/deals/"+d.ID)).Text(d.TenantName)),
					app.If(full, app.Td().Text(d.GuarantorName)),
					app.Td().Text(d.Type),
					app.Td().Class("num").Title(valueBasisLabel(d.ValueBasis)).Text(money(d.ValueUSD)),
					app.Td().Class("num").Text(years(d.TermYears)),
					app.Td().Class("num").Title(basisLabel(d.MWBasis)).Body(
						app.Text(mw(d.MW)),
						app.If(d.MW != nil && d.MWBasis != dataset.BasisIT, app.Span().Class("basis-tag").Text(" "+basisLabel(d.MWBasis))),
					),
					app.Td().Class("num").Text(rate(d.USDPerMWYear)),
					app.If(full, app.Td().Text(d.Status)),
				)
			})),
		),
	)
}
