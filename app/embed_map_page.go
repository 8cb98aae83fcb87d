package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// embedMapPage is "/embed/map": the sites matching the query on the map
// (siteMap), view=world|north-america|us choosing the initial view. A click
// on a site opens it in Powerbrokers in a new tab.
type embedMapPage struct {
	app.Compo
	embedBase
	sites []dataset.SiteRow
	q     *dataset.Query
	err   error
	geo   *GeoMap
}

// embedGeo is the map geometry, fetched once per page.
var embedGeo *GeoMap

func (p *embedMapPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedMapPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedMapPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedMapPage) OnMount(ctx app.Context) {
	p.mountEmbed(ctx, p.load)
	if embedGeo != nil {
		p.geo = embedGeo
		return
	}
	ctx.Async(func() {
		g, err := fetchGeoMap()
		if err != nil {
			app.Log("embed map: " + err.Error())
			return
		}
		ctx.Dispatch(func(ctx app.Context) { embedGeo, p.geo = g, g })
	})
}

func (p *embedMapPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Sites", "Bitcoin miners' sites and their power, embedded from Powerbrokers.")
}

// prepare reads the data and the URL u.
func (p *embedMapPage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.sites, p.q, p.err = nil, nil, nil
	p.geo = embedGeo
	if p.snap == nil {
		return
	}
	v := embed.ViewQuery(p.query)
	v.Del("view") // the map's own parameter, not a filter
	p.q, p.err = dataset.ParseQuery(dataset.KindSites, v)
	if p.err == nil {
		p.sites = p.snap.MatchSites(p.q)
	}
}

func (p *embedMapPage) Render() app.UI {
	full := ui.WithQuery("/sites", p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	title := "Sites"
	if s := filterSummary(p.snap, p.q); s != "" {
		title += " · " + s
	}
	return p.embedPage(title, full, &siteMap{
		Geo:   p.geo,
		Sites: p.sites,
		View:  p.query.Get("view"),
		OnSelect: func(ctx app.Context, id string) {
			app.Window().Call("open", sitePath(id), "_blank", "noopener")
		},
	})
}
