package app

import (
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// minersPage is "/miners": the miners ranked by contracted critical-IT MW.
type minersPage struct {
	app.Compo
	dataPage
}

func (p *minersPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *minersPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *minersPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *minersPage) load(ctx app.Context) {
	p.refresh()
	setTitle(ctx, "Miners", "Bitcoin miners ranked by contracted AI/HPC capacity, with power by stage.")
}

func (p *minersPage) Render() app.UI {
	if p.snap == nil {
		return page("miners", loadingView(p.status))
	}
	rows := slices.Clone(p.snap.Miners)
	slices.SortStableFunc(rows, func(a, b dataset.MinerRow) int {
		switch {
		case a.ContractedMW > b.ContractedMW:
			return -1
		case a.ContractedMW < b.ContractedMW:
			return 1
		}
		return compareStr(a.Name, b.Name)
	})
	return page("miners",
		app.H1().Text("Miners"),
		app.P().ID("result-count").Text(fmt.Sprintf("%d miners, ranked by contracted critical-IT MW", len(rows))),
		app.Div().Class("table-wrap").Body(app.Table().Class("data-table miners-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text("Miner"),
				app.Th().Scope("col").Text("Ticker"),
				app.Th().Scope("col").Class("num").Text("Energized MW"),
				app.Th().Scope("col").Class("num").Text("Construction MW"),
				app.Th().Scope("col").Class("num").Text("Pipeline MW"),
				app.Th().Scope("col").Class("num").Text("Contracted IT MW"),
				app.Th().Scope("col").Class("num").Text("Contracted share"),
				app.Th().Scope("col").Class("num").Text("Deals"),
				app.Th().Scope("col").Text("Tenants"),
			)),
			app.TBody().Body(app.Range(rows).Slice(func(i int) app.UI {
				m := rows[i]
				return app.Tr().DataSet("miner", m.ID).Body(
					app.Th().Scope("row").Body(app.A().Href(href("/miners/"+m.ID)).Text(m.Name)),
					app.Td().Text(m.Ticker),
					app.Td().Class("num").Title(basisLabel(m.CapacityBasis)).Text(mwF(m.EnergizedMW)),
					app.Td().Class("num").Title(basisLabel(m.CapacityBasis)).Text(mwF(m.ConstructionMW)),
					app.Td().Class("num").Title(basisLabel(m.CapacityBasis)).Text(mwF(m.PipelineMW)),
					app.Td().Class("num").Text(mwF(m.ContractedMW)),
					app.Td().Class("num").Text(pct(m.ContractedShare)),
					app.Td().Class("num").Text(fmt.Sprint(m.DealCount)),
					app.Td().Text(joinMax(m.Tenants, 3)),
				)
			})),
		)),
	)
}

// joinMax joins up to n names and says how many more there are.
func joinMax(names []string, n int) string {
	if len(names) <= n {
		return joinNames(names)
	}
	return fmt.Sprintf("%s +%d", joinNames(names[:n]), len(names)-n)
}

func joinNames(names []string) string {
	s := ""
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		s += n
	}
	return s
}
