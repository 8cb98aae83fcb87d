package app

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// storageTheme keeps the chosen theme on this device.
const storageTheme = "powerbrokers:theme"

// themes cycle auto (follow the system) → light → dark.
var themeCycle = map[string]string{"": "light", "light": "dark", "dark": ""}

// themeToggle switches between the system's colour scheme, light and dark,
// by setting data-theme on <html> (web/app.css honours it).
type themeToggle struct {
	app.Compo
	theme string
}

func (t *themeToggle) OnMount(ctx app.Context) {
	t.theme = storedTheme()
}

func (t *themeToggle) onClick(ctx app.Context, e app.Event) {
	t.theme = themeCycle[t.theme]
	applyTheme(t.theme)
	app.Window().Get("localStorage").Call("setItem", storageTheme, t.theme)
}

func (t *themeToggle) Render() app.UI {
	label := map[string]string{"": "Theme: system", "light": "Theme: light", "dark": "Theme: dark"}[t.theme]
	return app.Elem("button").ID("theme-toggle").Attr("type", "button").Class("theme-toggle").
		Title("Switch between the system, light and dark themes").OnClick(t.onClick).Text(label)
}

// storedTheme returns the theme chosen on this device, "" for the system's.
func storedTheme() string {
	if app.IsServer {
		return ""
	}
	v := app.Window().Get("localStorage").Call("getItem", storageTheme)
	if !v.Truthy() {
		return ""
	}
	if s := v.String(); s == "light" || s == "dark" {
		return s
	}
	return ""
}

// applyTheme sets or clears data-theme on <html>.
func applyTheme(theme string) {
	if app.IsServer {
		return
	}
	root := app.Window().Get("document").Get("documentElement")
	if theme == "" {
		root.Call("removeAttribute", "data-theme")
		return
	}
	root.Call("setAttribute", "data-theme", theme)
}
