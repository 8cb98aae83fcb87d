package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// siteFacets are the facets the sites view always shows.
var siteFacets = []string{"miner", "use", "country", "region", "iso", "power_source", "interconnection", "regulatory", "basis", "grade"}

// geoCache holds the map geometry once fetched: it never changes while the
// app runs, and the service worker keeps it for offline use.
var geoCache *GeoMap

// sitesPage is "/sites": the sites on an SVG map (pins sized by MW and
// coloured by use) beside their table, with the same filters as the API.
// ?site=<id> selects one site and shows its figures and sources.
type sitesPage struct {
	app.Compo
	dataPage
	q        *dataset.Query
	state    viewState
	result   dataset.SiteResult
	matched  []dataset.SiteRow
	qerr     error
	selected string
	geo      *GeoMap
	geoErr   string
}

func (p *sitesPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *sitesPage) OnNav(ctx app.Context) {
	keepFocus(ctx)
	p.load(ctx)
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
	if u := clientURL(); u != nil {
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
	p.q, p.state, p.qerr = parseView(dataset.KindSites, v, siteFacets)
	p.state.path = "/sites"
	if p.snap != nil {
		p.result = p.snap.QuerySites(p.q)
		p.matched = p.snap.MatchSites(p.q)
	}
}

func (p *sitesPage) Render() app.UI {
	if p.snap == nil {
		return page("sites", loadingView(p.status))
	}
	r := p.result
	rows := make([]any, len(r.Rows))
	for i := range r.Rows {
		rows[i] = &r.Rows[i]
	}
	t := resultTable{kind: dataset.KindSites, version: p.snap.Version, cols: p.q.Columns(), sort: p.q.Sort, state: p.state, rows: rows,
		id: func(row any) string { return row.(*dataset.SiteRow).ID }}
	if len(t.sort) == 0 {
		t.sort = dataset.DefaultSort(dataset.KindSites)
	}
	var sel *dataset.SiteRow
	if p.selected != "" {
		sel, _ = p.snap.Site(p.selected)
	}
	return page("sites",
		app.Elem("h1").Text("Sites"),
		viewError(p.qerr, "sites"),
		app.Elem("div").Class("explorer").Body(
			app.Elem("aside").Class("explorer-side").Aria("label", "Filters").Body(
				filterPanel(p.q, searchForm("/sites", "site-filters", p.q.Search, p.state), facetPanel(r.Facets, p.state, p.snap.Version)),
			),
			app.Elem("div").Class("explorer-main").Body(
				app.Elem("div").Class("toolbar").Body(
					app.Elem("p").ID("result-count").Aria("live", "polite").Text(fmt.Sprintf("%d of %d sites", r.Total, len(p.snap.Sites))),
					&embedDialog{View: "/embed/map", Query: p.state.v},
				),
				app.If(p.geoErr != "", app.Elem("p").Class("banner banner-offline").Text(p.geoErr)),
				&siteMap{Geo: p.geo, Sites: p.matched, Selected: p.selected},
				siteDetail(sel, p.selected),
				resultsOrEmpty(r.Total, "sites", "/sites", t.render()),
			),
		),
	)
}

// siteDetail shows the selected site's figures, notes and sources.
func siteDetail(s *dataset.SiteRow, id string) app.UI {
	if s == nil {
		if id == "" {
			return nil
		}
		return app.Elem("section").ID("site-detail").Class("card banner-offline").Role("alert").Body(
			app.Elem("h2").Text("Site not found"),
			app.Elem("p").Body(app.Text("There is no site “"+id+"” in the data. "), app.Elem("a").Attr("href", href("/sites")).Text("All sites")),
		)
	}
	loc := strings.Trim(strings.Join([]string{s.City, s.Region, s.Country}, ", "), ", ")
	return app.Elem("section").ID("site-detail").Class("card").Aria("label", s.Name).Attr("tabindex", "-1").Body(
		breadcrumb(crumb{"Sites", "/sites"}, crumb{s.Name, ""}),
		app.Elem("h2").Text(s.Name),
		app.Elem("p").Body(
			app.Elem("a").Attr("href", href("/miners/"+s.Miner)).Text(s.MinerName),
			app.Text(" · "+loc+" · "+useLabel(s.Use)),
			app.If(s.ISO != "", app.Text(" · "+s.ISO)),
		),
		app.Elem("dl").Class("figures").Body(
			figure("Energized", mw(s.EnergizedMW), basisLabel(s.Basis)),
			figure("Under construction", mw(s.ConstructionMW), basisLabel(s.Basis)),
			figure("Pipeline", mw(s.PipelineMW), basisLabel(s.Basis)),
			figure("Stage not disclosed", mw(s.UnstagedMW), basisLabel(s.Basis)),
			figure("Critical IT", mw(s.ITMW), "planned or leased"),
			figure("Contracted", contractedMW(s.ContractedMW, s.ContractedDealCount), joinMax(s.Tenants, 3)),
		),
		app.Elem("p").Class("muted").Text("As of "+string(s.AsOf)+" · location precision: "+s.LocationPrecision),
		trustLine(s.Grade, s.Verified, s.Sources),
		sitePowerBlock(s),
		milestoneSection("site-milestones", "Milestones", currentSnapshotMilestones(s.ID, ""), false),
		app.If(s.Notes != "", app.Elem("p").Text(s.Notes)),
		sourcesList("Sources", s.Sources),
	)
}

// searchForm is a text search that keeps the view's other filters. It is a
// GET form, so it also works before the WASM starts; once it runs, submitting
// navigates client-side.
func searchForm(path, id, value string, st viewState) app.UI {
	hidden := st.clone()
	hidden.Del("q")
	withoutPaging(hidden)
	onSubmit := func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		v := withoutPaging(st.clone())
		if q := strings.TrimSpace(ctx.JSSrc().Get("elements").Get("q").Get("value").String()); q != "" {
			v.Set("q", q)
		} else {
			v.Del("q")
		}
		ctx.Navigate(st.link(v))
	}
	return app.Elem("form").ID(id).Class("filters").Attr("method", "get").Attr("action", href(path)).OnSubmit(onSubmit).Body(
		app.Elem("label").Attr("for", id+"-q").Text("Search"),
		app.ElemSelfClosing("input").ID(id+"-q").Attr("name", "q").Attr("type", "search").Attr("value", value).Attr("placeholder", "name, miner, town, notes…"),
		app.Range(hidden).Map(func(k string) app.UI {
			return app.ElemSelfClosing("input").Attr("type", "hidden").Attr("name", k).Attr("value", strings.Join(hidden[k], ","))
		}),
		app.Elem("button").Attr("type", "submit").Class("primary").Text("Search"),
		app.Elem("a").Class("reset").Attr("href", href(path)).Text("Reset all"),
	)
}
