package app

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// statusBar shows where the data comes from and how fresh it is: an offline
// banner, "data as of", and a prompt when a newer app or newer data arrived.
// It also starts the revalidation of the data against the server.
type statusBar struct {
	app.Compo
	status    dataStatus
	appUpdate bool
	rev       int // the revision the server prerenders (0: the latest)
}

// OnPreRender notes the revision of the page the server prerenders.
func (b *statusBar) OnPreRender(ctx app.Context) { b.rev = urlRevision(ctx.Page().URL()) }

// OnInit reads the data status before the first client render, so the bar
// mounts with the height it will keep (the prerendered bar has no banner).
func (b *statusBar) OnInit() {
	if app.IsClient {
		b.status = currentStatus()
	}
}

func (b *statusBar) OnMount(ctx app.Context) {
	b.status = currentStatus()
	b.appUpdate = ctx.AppUpdateAvailable()
	observeData(ctx, func(_ app.Context, st dataStatus) { b.status = st })
	revalidate := time.Since(lastRevalidate) > time.Minute
	if revalidate {
		lastRevalidate = time.Now()
	}
	// Not in the mount's task, which is the start-up's longest: the
	// revalidation (a request) and the storage request (two promises) wait
	// for the browser's next turn.
	ctx.Async(func() {
		yield()
		if revalidate {
			ctx.NewAction(actionRevalidate)
		}
		requestPersistentStorage()
	})
}

// lastRevalidate throttles revalidation: every page mounts a status bar.
var lastRevalidate time.Time

// OnAppUpdate is called by go-app when a new version of the app is installed.
func (b *statusBar) OnAppUpdate(ctx app.Context) {
	b.appUpdate = ctx.AppUpdateAvailable()
}

// reload starts the new version the user accepted. A new version means new
// data or a new app, and the server prerenders its pages from its current
// data: that data is saved as the offline copy first, so the reloaded app
// starts with the figures of its page (nothing changes when it takes over)
// and does not offer the same data again. Offline, it just reloads.
func (b *statusBar) reload(ctx app.Context, e app.Event) {
	ctx.Async(func() {
		if res, err := fetchBody(apiURL("/api/v1/snapshot"), nil); err == nil && res.Status == 200 {
			if _, err := decodeSnapshot(res.Bytes); err == nil {
				saveCopy(res)
			}
		}
		ctx.Dispatch(func(ctx app.Context) { ctx.Reload() })
	})
}

func (b *statusBar) asOf() string {
	s := currentSnapshot()
	if b.rev > 0 {
		s, _ = revisionSnapshot(b.rev)
	}
	if s != nil {
		return string(s.Data.Meta.AsOf)
	}
	return ""
}

func (b *statusBar) Render() app.UI {
	asOf := b.asOf()
	return app.Elem("div").ID("status-bar").Class("status-bar").Aria("live", "polite").Body(
		app.If(b.status.Offline,
			app.Elem("p").ID("offline-banner").Class("banner banner-offline").
				Text("Offline — showing the copy saved on this device."),
		),
		app.If(b.appUpdate,
			app.Elem("p").ID("update-banner").Class("banner banner-update").Body(
				app.Text("A new version of Powerbrokers is ready. "),
				app.Elem("button").ID("update-reload").Text("Reload").OnClick(b.reload),
			),
		).ElseIf(b.status.Pending,
			app.Elem("p").ID("data-update-banner").Class("banner banner-update").Body(
				app.Text("Newer data is available. "),
				app.Elem("button").ID("data-update-show").Text("Show it").OnClick(func(app.Context, app.Event) { applyPending() }),
			),
		),
		app.If(asOf != "",
			app.Elem("p").Class("as-of").Body(app.Text("Latest data: "), app.Elem("time").Attr("datetime", asOf).Text(asOf)),
		),
	)
}
