package app

import (
	"regexp"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// notFoundPage answers every path no other route takes (it is routed last,
// on any path), so an unknown address shows the app's own page with its
// navigation, online, offline (the service worker serves the app shell
// and this route renders) and in the static copy (404.html).
type notFoundPage struct {
	app.Compo
	path string
}

func (p *notFoundPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *notFoundPage) OnNav(ctx app.Context)       { p.load(ctx) }

func (p *notFoundPage) load(ctx app.Context) {
	p.path = appPathOf(ctx.Page().URL())
	setTitle(ctx, "Page not found", "")
}

func (p *notFoundPage) Render() app.UI {
	return notFoundView("", "Page not found", "There is no page at “"+p.path+"”. The explorer's pages are listed at the top.", "/deals", "All deals")
}

// recordRoutes are the routes of one record each: the page exists only if
// the record does.
var recordRoutes = sync.OnceValue(func() []struct {
	re     *regexp.Regexp
	exists func(s *dataset.Snapshot, id string) bool
} {
	deal := func(s *dataset.Snapshot, id string) bool { _, err := s.Deal(id); return err == nil }
	miner := func(s *dataset.Snapshot, id string) bool { _, err := s.Miner(id); return err == nil }
	cp := func(s *dataset.Snapshot, id string) bool { _, err := s.Counterparty(id); return err == nil }
	equity := func(s *dataset.Snapshot, id string) bool { _, err := s.EquityByID(id); return err == nil }
	financing := func(s *dataset.Snapshot, id string) bool { _, err := s.FinancingByID(id); return err == nil }
	return []struct {
		re     *regexp.Regexp
		exists func(s *dataset.Snapshot, id string) bool
	}{
		{regexp.MustCompile(`^/deals/([a-z0-9-]+)$`), deal},
		{regexp.MustCompile(`^/miners/([a-z0-9-]+)$`), miner},
		{regexp.MustCompile(`^/embed/miner/([a-z0-9-]+)$`), miner},
		{regexp.MustCompile(`^/counterparties/([a-z0-9-]+)$`), cp},
		{regexp.MustCompile(`^/equity/([a-z0-9-]+)$`), equity},
		{regexp.MustCompile(`^/financing/([a-z0-9-]+)$`), financing},
	}
})

// listRoutes are the pages that always exist.
var listRoutes = map[string]bool{
	"/": true, "/deals": true, "/miners": true, "/sites": true, "/compare": true, "/economics": true,
	"/equity": true, "/financing": true, "/exposure": true, "/timeline": true, "/changes": true,
	"/embed/deals": true, "/embed/capacity": true, "/embed/timeline": true, "/embed/map": true, "/embed/economics": true,
	"/embed/exposure": true, "/embed/equity": true, "/embed/financing": true,
}

// PageExists reports whether path (without the base path) is a page of
// the explorer for the data in s: one of its lists, or the page of a
// record s holds. The server answers the other paths with HTTP 404 (and
// the app's not-found page).
func PageExists(path string, s *dataset.Snapshot) bool {
	if listRoutes[path] {
		return true
	}
	for _, r := range recordRoutes() {
		if m := r.re.FindStringSubmatch(path); m != nil {
			return s == nil || r.exists(s, m[1])
		}
	}
	return false
}
