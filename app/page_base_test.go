package app

import (
	"net/url"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// navPage counts how often it prepares (loads) and renders.
type navPage struct {
	app.Compo
	dataPage
	loads, renders int
}

func (p *navPage) OnNav(ctx app.Context) { p.nav(ctx, func(app.Context) { p.loads++ }) }

func (p *navPage) Render() app.UI {
	p.renders++
	return app.Div().Text(p.loads)
}

// go-app calls OnNav right after mounting the page the app starts on: when
// OnInit prepared the page for the same address and data, the page neither
// prepares nor renders again. Any later nav, another address or other data
// does both.
func TestNavChangedSkipsTheFirstNavOfAPreparedPage(t *testing.T) {
	withSeed(t)
	u, err := url.Parse("https://test.go-app.dev/deals?tenant=microsoft")
	require.NoError(t, err)
	nav := func(d app.ServerDispatcher, u *url.URL) {
		d.(interface{ Nav(*url.URL) }).Nav(u)
		d.Consume()
	}

	p := &navPage{}
	d := app.NewServerTester(p)
	defer d.Close()
	p.initView = currentView(u) // as initURL does in the browser
	renders := p.renders
	nav(d, u)
	assert.Equal(t, 0, p.loads, "the first nav to the prepared address")
	assert.Equal(t, renders, p.renders, "no second render of the mounted page")
	nav(d, u)
	assert.Equal(t, 1, p.loads, "a later nav")
	assert.Equal(t, renders+1, p.renders)

	other := &navPage{}
	d2 := app.NewServerTester(other)
	defer d2.Close()
	other.initView = currentView(u)
	v, err := url.Parse("https://test.go-app.dev/deals?tenant=google")
	require.NoError(t, err)
	nav(d2, v)
	assert.Equal(t, 1, other.loads, "another address than the prepared one")

	stale := &navPage{}
	d3 := app.NewServerTester(stale)
	defer d3.Close()
	stale.initView = currentView(u)
	stale.initView.status.Pending = true // the data's status changed since OnInit
	nav(d3, u)
	assert.Equal(t, 1, stale.loads, "other data than the prepared")

	unprepared := &navPage{}
	d4 := app.NewServerTester(unprepared)
	defer d4.Close()
	nav(d4, u)
	assert.Equal(t, 1, unprepared.loads, "a page OnInit did not prepare")
}
