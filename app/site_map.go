package app

import (
	"fmt"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

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
// The SVG is built as one app.Raw string: go-app v9 sets class through the
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
	return href("/sites?site=" + id)
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
func (m *siteMap) svg(view string, pins []pin) string {
	vb := m.Geo.View(view)
	unit := vb[2] / mapRefWidth // map units per CSS px at full width
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="site-map-svg" viewBox="%s" role="group" aria-label="Map of sites">`, vb)
	b.WriteString(`<title>Map of sites by use and megawatts</title>`)
	b.WriteString(m.Geo.baseLayer(view))
	b.WriteString(`<g class="pins">`)
	var selected *pin
	for i, p := range pins {
		if p.ID == m.Selected {
			selected = &pins[i]
			continue
		}
		writePin(&b, p, unit, "")
	}
	if selected != nil { // last, so it is drawn on top
		writePin(&b, *selected, unit, " pin-selected")
	}
	b.WriteString(`</g></svg>`)
	return b.String()
}

func writePin(b *strings.Builder, p pin, unit float64, extra string) {
	t := escape(p.Title)
	fmt.Fprintf(b, `<a href="%s" data-site="%s" tabindex="0" aria-label="%s"><title>%s</title>`,
		escape(sitePath(p.ID)), escape(p.ID), t, t)
	// An invisible, larger circle keeps small pins easy to hit.
	fmt.Fprintf(b, `<circle class="pin-hit" cx="%.1f" cy="%.1f" r="%.2f"/>`, p.X, p.Y, max(p.R, 9)*unit)
	fmt.Fprintf(b, `<circle class="pin %s%s" cx="%.1f" cy="%.1f" r="%.2f"/></a>`, p.Class, extra, p.X, p.Y, p.R*unit)
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
	var b strings.Builder
	w := 0.0
	for _, mw := range legendSizes {
		w += 2*pinRadius(mw) + 44
	}
	h := 2*pinRadius(legendSizes[len(legendSizes)-1]) + 2
	fmt.Fprintf(&b, `<svg class="legend-sizes" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" aria-hidden="true">`, w, h, w, h)
	x := 0.0
	for _, mw := range legendSizes {
		r := pinRadius(mw)
		fmt.Fprintf(&b, `<circle class="pin legend-pin" cx="%.1f" cy="%.1f" r="%.1f"/><text x="%.1f" y="%.1f">%s</text>`,
			x+r+1, h-r-1, r, x+2*r+5, h/2+4, thousands(mw))
		x += 2*r + 44
	}
	b.WriteString(`</svg>`)
	return app.Elem("div").Class("site-map-legend").Body(
		app.Elem("ul").Class("legend-uses").Aria("label", "Pin colour: site use").Body(
			app.Range(dataset.SiteUses).Slice(func(i int) app.UI {
				u := dataset.SiteUses[i]
				return app.Elem("li").Body(app.Elem("span").Class("swatch pin-"+u).Aria("hidden", true), app.Text(useLabel(u)))
			}),
		),
		app.Elem("p").Class("legend-size").Body(
			app.Text("Pin area: total MW (energized + construction + pipeline), at full map width "),
			app.Raw(b.String()),
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
	var canvas app.UI = app.Elem("p").Class("state state-loading").Text("Map outlines not loaded; sites are listed below.")
	if m.Geo != nil {
		pins = mapPins(m.Sites, m.Geo)
		vb := m.Geo.View(view)
		for _, p := range pins {
			if vb.Contains(p.X, p.Y) {
				inView++
			}
		}
		canvas = app.Elem("div").Class("site-map-canvas").Body(app.Raw(m.svg(view, pins)))
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
