package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// embedDealsPage is "/embed/deals": the deals table of the full view's query
// (one page of it), chrome-less.
type embedDealsPage struct {
	app.Compo
	embedBase
	res dataset.DealResult
	q   *dataset.Query
	err error
}

func (p *embedDealsPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedDealsPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedDealsPage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedDealsPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedDealsPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Deals", "AI/HPC deals signed by Bitcoin miners, embedded from Powerbrokers.")
}

// prepare reads the data and the URL u.
func (p *embedDealsPage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.res, p.q, p.err = dataset.DealResult{}, nil, nil
	if p.snap == nil {
		return
	}
	p.q, p.err = dataset.ParseQuery(dataset.KindDeals, p.query)
	if p.err == nil {
		p.res = p.snap.QueryDeals(p.q)
	}
}

func (p *embedDealsPage) Render() app.UI {
	full := ui.WithQuery("/deals", p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	count := plural(p.res.Total, "deal", "deals")
	if p.res.Total == 1 {
		count = "1 deal"
	}
	if n := len(p.res.Rows); n < p.res.Total {
		count = fmt.Sprintf("%d of %d deals", n, p.res.Total)
	}
	if s := filterSummary(p.snap, p.q); s != "" {
		count += " · " + s
	}
	return p.embedPage("AI/HPC deals", full,
		app.Elem("p").ID("embed-count").Class("pb-embed-count").Text(count),
		app.If(len(p.res.Rows) == 0, app.Elem("p").Class("state").Text("No deal matches.")).
			Else(p.table()),
	)
}

// table is the page of deals with the query's columns (cols=), or the
// compact set; its headers do not sort (links leave the frame).
func (p *embedDealsPage) table() app.UI {
	var names []string
	for _, c := range p.q.Columns() {
		names = append(names, c.Name)
	}
	if len(p.q.Cols) == 0 {
		names = compactDealColumns
	}
	return newRecordTable(dataset.KindDeals, p.res.Rows, names...).UI()
}

// compactDealColumns are the columns of a short list of deals: the
// overview's latest, an embed, a miner card.
var compactDealColumns = []string{"announced", "miner", "tenant", "type", "value_usd", "term_years", "mw", "usd_per_mw_year"}

// queryError explains a query the embed cannot run.
func queryError(err error) app.UI {
	return app.Elem("p").Class("state state-error").Text("This embed's query cannot be read: " + err.Error())
}

// filterSummary describes the filters and search of q for people:
// "Miner: IREN Ltd · MW ≥ 100 · search “texas”".
func filterSummary(s *dataset.Snapshot, q *dataset.Query) string {
	if q == nil {
		return ""
	}
	cols := map[string]dataset.Column{}
	for _, c := range dataset.Columns(q.Kind) {
		cols[c.Name] = c
	}
	ops := map[string]string{dataset.OpGte: " ≥ ", dataset.OpLte: " ≤ ", dataset.OpGt: " > ", dataset.OpLt: " < "}
	var parts []string
	for _, f := range q.Filters {
		c, ok := cols[f.Column]
		label := f.Column
		if ok {
			label = c.Label
		}
		if f.Column == "id" && q.Kind == dataset.KindMiners {
			label, c.Ref = "Miner", dataset.RefMiner
		}
		names := make([]string, len(f.Values))
		for i, v := range f.Values {
			names[i] = refName(s, c.Ref, v)
		}
		if op, ok := ops[f.Op]; ok {
			parts = append(parts, label+op+strings.Join(names, ", "))
		} else {
			parts = append(parts, label+": "+strings.Join(names, ", "))
		}
	}
	if q.Search != "" {
		parts = append(parts, "search “"+q.Search+"”")
	}
	return strings.Join(parts, " · ")
}

// refName returns the name of the record id refers to, or id itself.
func refName(s *dataset.Snapshot, ref, id string) string {
	switch ref {
	case dataset.RefMiner:
		if m, err := s.Miner(id); err == nil {
			return m.Name
		}
	case dataset.RefCounterparty:
		if c, err := s.Counterparty(id); err == nil {
			return c.Name
		}
	case dataset.RefSite:
		if x, err := s.Site(id); err == nil {
			return x.Name
		}
	}
	return id
}
