package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// siteFacets are the facets the sites view always shows.
var siteFacets = []string{"miner", "use", "country", "region", "iso", "power_source", "interconnection", "regulatory", "basis", "grade"}

// geoCache holds the map geometry once fetched: it never changes while the
// app runs, and the service worker keeps it for offline use.
var geoCache *GeoMap

// sitesPage is "/sites": the sites explorer (see explorer) with the sites
// on an SVG map (pins sized by MW and coloured by use) above their table.
// ?site=<id> selects one site and shows its figures and sources.
type sitesPage struct {
	app.Compo
	dataPage
	explorer
	matched  []dataset.SiteRow
	selected string
	geo      *GeoMap
	geoErr   string
}

func (p *sitesPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *sitesPage) OnNav(ctx app.Context) {
	keepFocus(ctx)
	p.nav(ctx, p.load)
	if p.selected != "" {
		focusSiteDetail(ctx)
	} else {
		restoreScroll(ctx)
	}
}

func (p *sitesPage) OnMount(ctx app.Context) {
	p.observe(ctx, p.load)
	p.geo = geoCache
	if p.geo != nil {
		return
	}
	ctx.Async(func() {
		g, err := fetchGeoMap()
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				p.geoErr = "The map outlines could not be loaded (" + err.Error() + "); the sites are listed below."
				return
			}
			geoCache, p.geo = g, g
		})
	})
}

// OnInit prepares the first client render (see clientURL).
func (p *sitesPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *sitesPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Sites", "Every miner site on a map, sized by MW and coloured by use, with its power by stage.")
}

func (p *sitesPage) prepare(u *url.URL) {
	p.refreshAt(u)
	raw := u.Query()
	p.selected = raw.Get("site")
	v := url.Values{}
	for k, vs := range raw {
		if k != "site" {
			v[k] = vs
		}
	}
	p.explorer = explorer{kind: dataset.KindSites, path: "/sites", hint: "name, miner, town, notes…",
		facets: siteFacets,
		ranges: []rangeInput{
			{"total_mw_gte", "Total MW at least", "MW"},
			{"energized_mw_gte", "Energized MW at least", "MW"},
			{"it_mw_gte", "IT MW at least", "MW"},
		},
		reload: p.prepare}
	p.setup(p.snap, v)
	p.matched = nil
	if p.snap != nil {
		p.matched = p.snap.MatchSites(p.q)
	}
}

func (p *sitesPage) Render() app.UI {
	if p.snap == nil {
		return page("sites", loadingView(p.status))
	}
	var sel *dataset.SiteRow
	if p.selected != "" {
		sel, _ = p.snap.Site(p.selected)
	}
	return page("sites",
		app.Elem("h1").Text("Sites"),
		viewError(p.qerr, "sites"),
		app.Elem("div").Class("explorer").Body(
			p.side(),
			app.Elem("div").Class("explorer-main").Body(
				p.toolbar(&embed.Dialog{View: "/embed/map", Query: p.state.v}),
				app.If(p.geoErr != "", app.Elem("p").Class("banner banner-offline").Text(p.geoErr)),
				&siteMap{Geo: p.geo, Sites: p.matched, Selected: p.selected},
				siteDetail(p.snap, sel, p.selected),
				p.results(p.pager()),
			),
		),
	)
}

// siteDetail shows the selected site's figures, notes and sources.
func siteDetail(snap *dataset.Snapshot, s *dataset.SiteRow, id string) app.UI {
	if s == nil {
		if id == "" {
			return nil
		}
		return app.Elem("section").ID("site-detail").Class("card banner-offline").Role("alert").Body(
			app.Elem("h2").Text("Site not found"),
			app.Elem("p").Body(app.Text("There is no site “"+id+"” in the data. "), app.Elem("a").Attr("href", ui.Href("/sites")).Text("All sites")),
		)
	}
	return app.Elem("section").ID("site-detail").Class("card").Aria("label", s.Name).Attr("tabindex", "-1").Body(
		append([]app.UI{
			breadcrumb(crumb{"Sites", "/sites"}, crumb{s.Name, ""}),
			app.Elem("h2").Text(s.Name),
			recordFigures("site-figures", "record", dataset.KindSites, s),
			sitePowerBlock(s),
			milestoneSection("site-milestones", "Milestones", snapshotMilestones(snap, s.ID, ""), false),
		}, recordSections(dataset.KindSites, s)...)...,
	)
}
