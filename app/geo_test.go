package app

import (
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// loadGeo reads the map.json the app ships.
func loadGeo(tb testing.TB) *GeoMap {
	tb.Helper()
	b, err := os.ReadFile("../web/geo/map.json")
	require.NoError(tb, err)
	g, err := ParseGeoMap(b)
	require.NoError(tb, err)
	return g
}

// pathBBox returns minX, minY, maxX, maxY of an absolute M/L/Z path, where
// coordinate pairs after M or L may repeat without a new command letter.
func pathBBox(tb testing.TB, d string) [4]float64 {
	tb.Helper()
	bb := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	r := strings.NewReplacer("M", " ", "L", " ", "Z", " ", ",", " ")
	f := strings.Fields(r.Replace(d))
	require.Zero(tb, len(f)%2, "odd number of coordinates")
	for i := 0; i < len(f); i += 2 {
		x, err := strconv.ParseFloat(f[i], 64)
		require.NoError(tb, err)
		y, err := strconv.ParseFloat(f[i+1], 64)
		require.NoError(tb, err)
		bb = [4]float64{min(bb[0], x), min(bb[1], y), max(bb[2], x), max(bb[3], y)}
	}
	return bb
}

func shapeByID(tb testing.TB, ss []GeoShape, id string) GeoShape {
	tb.Helper()
	for _, s := range ss {
		if s.ID == id {
			return s
		}
	}
	tb.Fatalf("no shape %q", id)
	return GeoShape{}
}

func TestGeoProjectChildress(t *testing.T) {
	g := loadGeo(t)
	x, y := g.Project(34.43, -100.20)

	for _, v := range []string{viewUS, viewNorthAmerica, viewWorld} {
		assert.True(t, g.View(v).Contains(x, y), "Project(Childress) = %g,%g; want inside view %s %v", x, y, v, g.View(v))
	}
	tx := shapeByID(t, g.States, "48")
	require.Equal(t, "Texas", tx.Name)
	bb := pathBBox(t, tx.D)
	assert.Equal(t, tx.BBox, bb, "stored bbox of Texas differs from its path")
	assert.True(t, x > bb[0] && x < bb[2] && y > bb[1] && y < bb[3], "Project(Childress) = %g,%g; want inside Texas %v", x, y, bb)
}

func TestGeoShapes(t *testing.T) {
	g := loadGeo(t)
	assert.GreaterOrEqual(t, len(g.Countries), 170)
	assert.GreaterOrEqual(t, len(g.States), 50)
	world := g.View(viewWorld)
	for _, s := range append(append([]GeoShape{}, g.Countries...), g.States...) {
		bb := pathBBox(t, s.D)
		assert.True(t, world.Contains(bb[0], bb[1]) && world.Contains(bb[2], bb[3]), "%s %v outside the world", s.Name, bb)
	}
	// Oslo lies in Norway and Asunción in Paraguay.
	for _, c := range []struct {
		id       string
		lat, lon float64
	}{{"578", 59.91, 10.75}, {"600", -25.26, -57.58}, {"124", 45.5, -73.57}} {
		x, y := g.Project(c.lat, c.lon)
		bb := shapeByID(t, g.Countries, c.id).BBox
		assert.True(t, x > bb[0] && x < bb[2] && y > bb[1] && y < bb[3], "country %s: %g,%g not in %v", c.id, x, y, bb)
	}
}

func site(id, use string, lat, lon *float64, mw float64) dataset.SiteRow {
	s := dataset.SiteRow{Site: dataset.Site{ID: id, Name: id, Use: use, Lat: lat, Lon: lon,
		Basis: dataset.BasisGross, LocationPrecision: dataset.PrecisionTown}, MinerName: "Owner"}
	if mw > 0 {
		s.EnergizedMW, s.TotalMW = &mw, &mw
	}
	return s
}

func ptr(v float64) *float64 { return &v }

func TestPinsSkipMissingLocation(t *testing.T) {
	g := loadGeo(t)
	pins := mapPins([]dataset.SiteRow{
		site("a", dataset.UseHPC, ptr(34.43), ptr(-100.2), 100),
		site("b", dataset.UseMining, nil, nil, 50),
		site("c", dataset.UseMining, ptr(43.33), nil, 50),
	}, g)
	require.Len(t, pins, 1)
	assert.Equal(t, "a", pins[0].ID)
	assert.Equal(t, "pin-hpc", pins[0].Class)
	assert.Equal(t, "a — Owner — 100 MW (gross) — AI/HPC — approximate location (town)", pins[0].Title)
}

func TestPinRadiusGrowsWithMW(t *testing.T) {
	g := loadGeo(t)
	pins := mapPins([]dataset.SiteRow{
		site("none", dataset.UseMixed, ptr(40), ptr(-80), 0),
		site("small", dataset.UseMixed, ptr(40), ptr(-80), 50),
		site("big", dataset.UseMixed, ptr(40), ptr(-80), 1000),
	}, g)
	require.Len(t, pins, 3)
	r := map[string]float64{}
	for _, p := range pins {
		r[p.ID] = p.R
	}
	assert.Equal(t, pinMinRadius, r["none"], "undisclosed MW keeps the minimum radius")
	assert.Greater(t, r["small"], r["none"])
	assert.Greater(t, r["big"], r["small"])
	assert.Equal(t, "big", pins[0].ID, "largest pin first so small ones draw on top")
	assert.Contains(t, pins[2].Title, "MW not disclosed")
}

func TestSiteMapRender(t *testing.T) {
	sites := []dataset.SiteRow{
		site("a", dataset.UseHPC, ptr(34.43), ptr(-100.2), 100),
		site("b", dataset.UseMining, ptr(59.9), ptr(10.7), 20),
		site("hidden", dataset.UseMining, nil, nil, 50),
	}
	g := loadGeo(t)
	render := renderSiteMap

	out := render(&siteMap{Geo: g, Selected: "b", Sites: sites})
	for _, want := range []string{
		`viewBox="` + g.View(viewNorthAmerica).String() + `"`, // the default view
		`class="pin pin-hpc"`, `class="pin pin-mining pin-selected"`,
		`<title>a — Owner — 100 MW (gross) — AI/HPC — approximate location (town)</title>`,
		`href="/sites?site=a" data-site="a" tabindex="0"`,
		`2 of 3 sites placed on the map; 1 without a disclosed location; 1 outside this view.`,
		`Location not disclosed`, `geo-state`,
	} {
		assert.True(t, strings.Contains(out, want), "siteMap HTML lacks %q", want)
	}

	assert.Equal(t, 1, strings.Count(out, `class="active"`), "one view button is active")

	out = render(&siteMap{Geo: g, View: viewWorld, Sites: sites})
	assert.True(t, strings.Contains(out, `viewBox="`+g.View(viewWorld).String()+`"`), "world view box missing")
	assert.False(t, strings.Contains(out, "geo-state"), "the world view has no state borders")
	assert.True(t, strings.Contains(out, "1 without a disclosed location."), "world view summary")

	out = render(&siteMap{Sites: sites})
	assert.True(t, strings.Contains(out, "Map outlines not loaded"), "siteMap without geometry must say so")
}

// Before the outlines load, the map's canvas has the shape of its view, so
// the map replaces it without moving what follows: map.css gives each view
// the aspect ratio of its viewBox in map.json.
func TestMapPlaceholderHasTheViewsShape(t *testing.T) {
	g := loadGeo(t)
	css, err := os.ReadFile("../web/geo/map.css")
	require.NoError(t, err)
	for _, view := range []string{viewWorld, viewNorthAmerica, viewUS} {
		vb := g.View(view)
		want := ".map-view-" + view + " { aspect-ratio: " + strconv.FormatFloat(vb[2], 'f', -1, 64) + " / " + strconv.FormatFloat(vb[3], 'f', -1, 64) + "; }"
		assert.Contains(t, string(css), want, view)
		out := renderSiteMap(&siteMap{View: view})
		assert.Contains(t, out, `class="site-map-canvas"`, view)
		assert.Contains(t, out, "site-map-placeholder map-view-"+view, view)
	}
}

// renderSiteMap renders m as the server prerenders it.
func renderSiteMap(m *siteMap) string {
	disp := app.NewServerTester(m)
	defer disp.Close()
	disp.Consume()
	return app.HTMLString(m)
}
