package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dataPage is embedded by every page: it holds the snapshot the page renders
// and re-renders the page when the data changes.
type dataPage struct {
	snap   *dataset.Snapshot
	status dataStatus
}

// observe subscribes the page to data changes; call it from OnMount.
func (p *dataPage) observe(ctx app.Context, reload func(ctx app.Context)) {
	ctx.ObserveState(stateData).OnChange(func() { reload(ctx) }).Value(&p.status)
}

// refresh reads the current snapshot; call it from OnPreRender and OnNav.
func (p *dataPage) refresh() {
	p.snap = currentSnapshot()
	if !app.IsServer {
		p.status = currentStatus()
	}
}

// clientURL returns the browser's URL when the component initializes in the
// browser, nil on the server (where OnPreRender does the work). Pages call
// their prepare step from OnInit with it, so the first client render already
// shows the data and equals the prerendered HTML (no "Loading" flash).
func clientURL() *url.URL {
	if !app.IsClient {
		return nil
	}
	return app.Window().URL()
}

// setTitle sets the document title and description of a page (nothing
// when ctx is nil).
func setTitle(ctx app.Context, title, description string) {
	if ctx == nil { // an embed page's OnInit: OnNav sets the title next
		return
	}
	ctx.Page().SetTitle(title + " · Powerbrokers")
	if description != "" {
		ctx.Page().SetDescription(description)
	}
}
