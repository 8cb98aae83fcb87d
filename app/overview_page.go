package app

import (
	"fmt"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// overviewPage is "/": the headline figures and the latest deals.
type overviewPage struct {
	app.Compo
	dataPage
}

func (p *overviewPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *overviewPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *overviewPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *overviewPage) load(ctx app.Context) {
	p.refresh()
	setTitle(ctx, "Overview", "Bitcoin miners' AI/HPC deals and power capacity, every figure sourced.")
}

func (p *overviewPage) Render() app.UI {
	if p.snap == nil {
		return page("overview", loadingView(p.status))
	}
	var contractedValue, contractedMW float64
	var contracted int
	for _, d := range p.snap.Deals {
		if !d.IsContracted {
			continue
		}
		contracted++
		if d.ValueBasis == dataset.ValueInitialTerm || d.ValueBasis == dataset.ValueIncrement {
			contractedValue += val(d.ValueUSD)
		}
		if d.MWBasis == dataset.BasisIT {
			contractedMW += val(d.MW)
		}
	}
	var energized, pipeline, construction float64
	for _, s := range p.snap.Sites {
		energized += val(s.EnergizedMW)
		construction += val(s.ConstructionMW)
		pipeline += val(s.PipelineMW)
	}
	latest := slices.Clone(p.snap.Deals)
	slices.SortFunc(latest, func(a, b dataset.DealRow) int {
		if c := -compareStr(string(a.Announced), string(b.Announced)); c != 0 {
			return c
		}
		return compareStr(a.ID, b.ID)
	})
	latest = latest[:min(8, len(latest))]
	return page("overview",
		app.H1().Text("Who has contracted how much power to whom"),
		app.P().Class("lede").Text("Bitcoin miners turned AI-infrastructure suppliers: their AI/HPC deals, their power by stage, and what is still uncontracted."),
		app.Dl().ID("headline").Class("figures").Body(
			figure("Contracted value (initial terms)", moneyF(contractedValue), "sum of binding capacity deals with a disclosed value"),
			figure("Contracted critical-IT MW", mwF(contractedMW), "binding capacity deals whose MW is critical IT"),
			figure("Capacity deals in force", fmt.Sprint(contracted), fmt.Sprintf("of %d deals on record", len(p.snap.Deals))),
			figure("Miners", fmt.Sprint(len(p.snap.Miners)), ""),
			figure("Energized MW (sites)", mwF(energized), "sum over sites, mixed gross/IT bases"),
			figure("Under construction MW", mwF(construction), "sum over sites, mixed bases"),
			figure("Pipeline MW (sites)", mwF(pipeline), "sum over sites, mixed bases"),
		),
		app.Section().Body(
			app.H2().Text("Latest deals"),
			dealTable(latest, false),
			app.P().Body(app.A().Href(href("/deals")).Text("All deals →")),
		),
	)
}

// figure is one headline number with its label and basis.
func figure(label, value, basis string) app.UI {
	return app.Div().Class("figure").Body(
		app.Dt().Text(label),
		app.Dd().Body(
			app.Span().Class("figure-value").Text(value),
			app.If(basis != "", app.Span().Class("figure-basis").Text(basis)),
		),
	)
}

func val(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
