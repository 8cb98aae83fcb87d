package app

import (
	"fmt"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/dataset"
)

// mapViews lists the views the switcher offers, in order.
var mapViews = []struct{ key, label string }{
	{viewWorld, "World"},
	{viewNorthAmerica, "North America"},
	{viewUS, "US"},
}

// siteMap draws sites as pins over the offline base map, with a view
// switcher, a legend, a text summary and the sites without a location.
//
// The SVG is built as one string (see markup): go-app v9 sets class through the
// className property, which SVG elements ignore, and its link interception
// only knows HTML <a>. Clicks on pins are handled by the wrapper instead.
type siteMap struct {
	app.Compo

	Geo   *GeoMap // nil while loading: the summary and lists still render
	Sites []dataset.SiteRow
	// View is the initial view: "world", "north-america" (default) or "us".
	View string
	// Selected is the ID of a highlighted site.
	Selected string
	// OnSelect, when set, is called instead of navigating to /sites?site=<id>.
	OnSelect func(ctx app.Context, siteID string)

	view string // chosen with the switcher; overrides View
}

func (m *siteMap) current() string {
	switch {
	case m.view != "":
		return m.view
	case m.View != "":
		return m.View
	}
	return viewNorthAmerica
}

func sitePath(id string) string {
	return navHref("/sites?site=" + id)
}

// onClick turns a click on a pin or listed site into OnSelect or an in-app
// navigation, leaving modified clicks (new tab) to the browser.
func (m *siteMap) onClick(ctx app.Context, e app.Event) {
	if e.Get("ctrlKey").Truthy() || e.Get("metaKey").Truthy() || e.Get("shiftKey").Truthy() {
		return
	}
	link := e.Get("target").Call("closest", "[data-site]")
	if !link.Truthy() {
		return
	}
	e.PreventDefault()
	id := link.Call("getAttribute", "data-site").String()
	if m.OnSelect != nil {
		m.OnSelect(ctx, id)
		return
	}
	ctx.Navigate(sitePath(id))
}

// svg renders the map markup for view.
func (m *siteMap) svg(view string, pins []pin) markup.HTML {
	vb := m.Geo.View(view)
	unit := vb[2] / mapRefWidth // map units per CSS px at full width
	var w markup.Writer
	w.Open("svg", "class", "site-map-svg", "viewBox", vb.String(), "role", "group", "aria-label", "Map of sites")
	w.Elem("title", "Map of sites by use and megawatts")
	w.Insert(m.Geo.baseLayer(view))
	w.Open("g", "class", "pins")
	var selected *pin
	for i, p := range pins {
		if p.ID == m.Selected {
			selected = &pins[i]
			continue
		}
		writePin(&w, p, unit, "")
	}
	if selected != nil { // last, so it is drawn on top
		writePin(&w, *selected, unit, " pin-selected")
	}
	w.Close("g")
	w.Close("svg")
	return w.HTML()
}

func writePin(w *markup.Writer, p pin, unit float64, extra string) {
	w.Open("a", "href", sitePath(p.ID), "data-site", p.ID, "tabindex", "0", "aria-label", p.Title)
	w.Elem("title", p.Title)
	// An invisible, larger circle keeps small pins easy to hit.
	w.Void("circle", "class", "pin-hit", "cx", markup.Num(p.X, 1), "cy", markup.Num(p.Y, 1), "r", markup.Num(max(p.R, 9)*unit, 2))
	w.Void("circle", "class", "pin "+p.Class+extra, "cx", markup.Num(p.X, 1), "cy", markup.Num(p.Y, 1), "r", markup.Num(p.R*unit, 2))
	w.Close("a")
}

// summary says how many sites the map shows, for everyone including screen readers.
func summary(total, placed, inView int) string {
	s := fmt.Sprintf("%d of %d sites placed on the map; %d without a disclosed location", placed, total, total-placed)
	if out := placed - inView; out > 0 {
		s += fmt.Sprintf("; %d outside this view", out)
	}
	return s + "."
}

func activeClass(on bool) string {
	if on {
		return "active"
	}
	return ""
}

// legendSizes are the MW figures of the size key.
var legendSizes = []float64{100, 500, 1500}

// mapLegend explains pin colours and sizes.
func mapLegend() app.UI {
	var b markup.Writer
	w := 0.0
	for _, mw := range legendSizes {
		w += 2*pinRadius(mw) + 44
	}
	h := 2*pinRadius(legendSizes[len(legendSizes)-1]) + 2
	b.Open("svg", "class", "legend-sizes", "width", markup.Num(w, 0), "height", markup.Num(h, 0), "viewBox", "0 0 "+markup.Num(w, 0)+" "+markup.Num(h, 0), "aria-hidden", "true")
	x := 0.0
	for _, mw := range legendSizes {
		r := pinRadius(mw)
		b.Void("circle", "class", "pin legend-pin", "cx", markup.Num(x+r+1, 1), "cy", markup.Num(h-r-1, 1), "r", markup.Num(r, 1))
		b.Elem("text", thousands(mw), "x", markup.Num(x+2*r+5, 1), "y", markup.Num(h/2+4, 1))
		x += 2*r + 44
	}
	b.Close("svg")
	return app.Elem("div").Class("site-map-legend").Body(
		app.Elem("ul").Class("legend-uses").Aria("label", "Pin colour: site use").Body(
			app.Range(dataset.SiteUses).Slice(func(i int) app.UI {
				u := dataset.SiteUses[i]
				return app.Elem("li").Body(app.Elem("span").Class("swatch pin-"+u).Aria("hidden", true), app.Text(useLabel(u)))
			}),
		),
		app.Elem("p").Class("legend-size").Body(
			app.Text("Pin area: total MW (energized + construction + pipeline), at full map width "),
			b.UI(),
			app.Text(". Dashed: state or province only."),
		),
	)
}

// geoCredit is the attribution of the base map, or "" without one.
func geoCredit(g *GeoMap) string {
	if g == nil {
		return ""
	}
	return g.Attribution
}

func (m *siteMap) Render() app.UI {
	view := m.current()
	var pins []pin
	inView := 0
	// Until the outlines arrive (the server prerenders without them), the
	// canvas holds the view's shape (map.css, .map-view-*), so the map
	// takes the place the page already gave it and nothing below moves.
	var canvas app.UI = app.Elem("div").Class("site-map-canvas").Body(
		app.Elem("p").Class("site-map-placeholder map-view-" + view).Text("Map outlines not loaded; sites are listed below."))
	if m.Geo != nil {
		pins = mapPins(m.Sites, m.Geo)
		vb := m.Geo.View(view)
		for _, p := range pins {
			if vb.Contains(p.X, p.Y) {
				inView++
			}
		}
		canvas = app.Elem("div").Class("site-map-canvas").Body(m.svg(view, pins).UI())
	}
	var hidden []dataset.SiteRow
	for _, s := range m.Sites {
		if s.Lat == nil || s.Lon == nil {
			hidden = append(hidden, s)
		}
	}
	return app.Elem("figure").Class("site-map").OnClick(m.onClick).Body(
		app.Elem("div").Class("site-map-views").Role("group").Aria("label", "Map view").Body(
			app.Range(mapViews).Slice(func(i int) app.UI {
				key := mapViews[i].key
				// go-app prerenders aria-pressed="true" as a bare attribute, so CSS keys on the class.
				return app.Elem("button").Attr("type", "button").Class(activeClass(key == view)).Aria("pressed", key == view).Text(mapViews[i].label).
					OnClick(func(ctx app.Context, e app.Event) { m.view = key }, key)
			}),
		),
		canvas,
		mapLegend(),
		app.Elem("figcaption").Body(
			app.Elem("p").Class("site-map-summary").Aria("live", "polite").Text(summary(len(m.Sites), len(m.Sites)-len(hidden), inView)),
			app.If(m.Geo != nil, app.Elem("p").Class("muted site-map-credit").Text(geoCredit(m.Geo))),
		),
		app.If(len(hidden) > 0,
			app.Elem("div").Class("site-map-hidden").Body(
				app.Elem("h2").Text("Location not disclosed"),
				app.Elem("ul").Body(app.Range(hidden).Slice(func(i int) app.UI {
					s := hidden[i]
					return app.Elem("li").Body(app.Elem("a").Attr("href", sitePath(s.ID)).DataSet("site", s.ID).Text(pinTitle(s)))
				})),
			),
		),
	)
}
