package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// dealsPage is "/deals": every deal in a table.
type dealsPage struct {
	app.Compo
	dataPage
}

func (p *dealsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealsPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *dealsPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

func (p *dealsPage) load(ctx app.Context) {
	p.refresh()
	setTitle(ctx, "Deals", "Every AI/HPC deal signed by Bitcoin miners: tenant, guarantor, value, term, MW and $/MW-yr.")
}

func (p *dealsPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	return page("deals",
		app.H1().Text("Deals"),
		app.P().ID("result-count").Aria("live", "polite").Text(fmt.Sprintf("%d deals", len(p.snap.Deals))),
		dealTable(p.snap.Deals, true),
	)
}
