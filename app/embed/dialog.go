package embed

import (
	"net/url"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
)

// Dialog is the "Embed this view" button of a full view and the panel
// it opens: render options (theme, plain, height), the HTML snippet to paste
// into a portal (an iframe plus web/embed.js, which keeps its height fitted)
// with a Copy button, and a live preview of the embed. Place it on a page as
// &Dialog{View: "/embed/deals", Query: the view's query}.
type Dialog struct {
	app.Compo
	// View is the app path of the embed, without the base path: "/embed/deals".
	View string
	// Query is the view's query (filters, search, sort); render flags in it are ignored.
	Query url.Values

	open   bool
	theme  string // "auto" (""), "light" or "dark"
	plain  bool
	height int
	copied bool
	// stopListening removes the listener that sizes the preview.
	stopListening func()
}

// Bounds of the initial iframe height; embed.js then fits it to the content.
const (
	defaultHeight = 480
	minHeight     = 120
	maxHeight     = 4000
)

// titles name the embeds in the snippet's iframe title.
var titles = map[string]string{
	"/embed/deals":     "AI/HPC deals",
	"/embed/capacity":  "Power capacity by stage",
	"/embed/timeline":  "Delivery timeline and contracted value over time",
	"/embed/map":       "Sites map",
	"/embed/exposure":  "Who depends on whom",
	"/embed/economics": "Pivot economics",
}

// src returns the embed URL (absolute in the browser) with the chosen options.
func (d *Dialog) src() string {
	v := ViewQuery(d.Query)
	if d.theme == "light" || d.theme == "dark" {
		v.Set("theme", d.theme)
	}
	if d.plain {
		v.Set("plain", "1")
	}
	return ui.Origin() + ui.WithQuery(ui.Href(d.View), v)
}

func (d *Dialog) title() string {
	t, ok := titles[d.View]
	if !ok {
		t = "Miner"
	}
	return "Powerbrokers: " + t
}

func (d *Dialog) frameHeight() int {
	if d.height == 0 {
		return defaultHeight
	}
	return d.height
}

// snippet is the HTML a portal pastes.
func (d *Dialog) snippet() string {
	return markup.EmbedSnippet(d.src(), d.title(), "100%", d.frameHeight(), "border:0", "\n", ui.Origin()+ui.Href("/web/embed.js"))
}

// OnMount sizes the preview from the embed's height messages, as embed.js
// does on a portal.
func (d *Dialog) OnMount(ctx app.Context) {
	d.stopListening = app.Window().AddEventListener("message", d.onMessage)
}

func (d *Dialog) OnDismount() {
	if d.stopListening != nil {
		d.stopListening()
		d.stopListening = nil
	}
}

func (d *Dialog) onMessage(ctx app.Context, e app.Event) {
	frame := app.Window().GetElementByID("embed-dialog-preview")
	data := e.Get("data")
	if !frame.Truthy() || !e.Get("source").Equal(frame.Get("contentWindow")) || data.Type() != app.TypeObject ||
		data.Get("type").String() != heightMessage || data.Get("height").Type() != app.TypeNumber {
		return
	}
	h := min(max(data.Get("height").Int(), 0), 100000)
	frame.Get("style").Set("height", strconv.Itoa(h)+"px")
}

func (d *Dialog) toggle(ctx app.Context, e app.Event) {
	d.open, d.copied = !d.open, false
}

func (d *Dialog) setTheme(ctx app.Context, e app.Event) {
	d.theme, d.copied = ctx.JSSrc().Get("value").String(), false
}

func (d *Dialog) setPlain(ctx app.Context, e app.Event) {
	d.plain, d.copied = ctx.JSSrc().Get("checked").Bool(), false
}

func (d *Dialog) setHeight(ctx app.Context, e app.Event) {
	n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
	if err != nil {
		return
	}
	d.height, d.copied = min(max(n, minHeight), maxHeight), false
}

func (d *Dialog) copy(ctx app.Context, e app.Event) {
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() { // not a secure context: select the text for Ctrl+C
		app.Window().GetElementByID("embed-dialog-code").Call("select")
		return
	}
	clip.Call("writeText", d.snippet())
	d.copied = true
}

func (d *Dialog) Render() app.UI {
	// The panel is built only when open: go-app's If builds its children
	// even when false, and every page with the dialog would pay for it.
	var panel app.UI
	if d.open {
		panel = d.panel()
	}
	return app.Elem("div").Class("embed-dialog").Body(
		app.Elem("button").ID("embed-dialog-toggle").Attr("type", "button").
			Aria("expanded", d.open).Aria("controls", "embed-dialog-panel").
			OnClick(d.toggle).Text("Embed this view"),
		panel,
	)
}

// panel is the open dialog: the options, the snippet and a live preview.
func (d *Dialog) panel() app.UI {
	themes := []struct{ value, label string }{{"auto", "Follow the reader's system"}, {"light", "Light"}, {"dark", "Dark"}}
	theme := d.theme
	if theme == "" {
		theme = "auto"
	}
	return app.Elem("section").ID("embed-dialog-panel").Class("embed-dialog-panel").Aria("labelledby", "embed-dialog-title").Body(
		app.Elem("h2").ID("embed-dialog-title").Text("Embed this view"),
		app.Elem("p").Class("muted").Text("Paste this into a portal page. The frame fits its height to the content; the portal's origin must be allowed by the server's -frame-ancestors."),
		app.Elem("div").Class("embed-dialog-options").Body(
			app.Elem("label").Body(app.Text("Theme "),
				app.Elem("select").ID("embed-dialog-theme").OnChange(d.setTheme).Body(
					app.Range(themes).Slice(func(i int) app.UI {
						o := app.Elem("option").Attr("value", themes[i].value).Text(themes[i].label)
						if themes[i].value == theme { // go-app prints selected="false", which selects
							o = o.Attr("selected", true)
						}
						return o
					}),
				),
			),
			app.Elem("label").Body(
				checkbox("embed-dialog-plain", d.plain).OnChange(d.setPlain),
				app.Text(" Hide title and footer"),
			),
			app.Elem("label").Body(app.Text("Initial height (px) "),
				app.ElemSelfClosing("input").ID("embed-dialog-height").Attr("type", "number").Attr("min", minHeight).Attr("max", maxHeight).Attr("step", 20).
					Attr("value", d.frameHeight()).OnChange(d.setHeight),
			),
		),
		app.Elem("label").Attr("for", "embed-dialog-code").Text("HTML"),
		app.Elem("textarea").ID("embed-dialog-code").Class("embed-dialog-code").Attr("readonly", true).Attr("rows", 4).Text(d.snippet()),
		app.Elem("div").Class("embed-dialog-actions").Body(
			app.Elem("button").ID("embed-dialog-copy").Attr("type", "button").Class("primary").OnClick(d.copy).Text("Copy"),
			app.Elem("span").Aria("live", "polite").Text(map[bool]string{true: "Copied.", false: ""}[d.copied]),
			app.Elem("a").Attr("href", d.src()).Attr("target", "_blank").Attr("rel", "noopener").Text("Open the embed").
				OnClick(func(ctx app.Context, e app.Event) { e.Call("stopPropagation") }), // past go-app's in-place navigation
		),
		app.Elem("h3").Text("Preview"),
		app.Elem("iframe").ID("embed-dialog-preview").Class("embed-dialog-preview").Attr("src", d.src()).Title(d.title()).
			Attr("height", d.frameHeight()).Attr("loading", "lazy"),
	)
}

// checkbox returns a checkbox input, checked only when on: go-app v9
// prerenders Checked(false) as checked="false", which HTML reads as checked.
func checkbox(id string, on bool) app.HTMLElemSelfClosing {
	in := app.ElemSelfClosing("input").ID(id).Attr("type", "checkbox")
	if on {
		in = in.Attr("checked", true)
	}
	return in
}
