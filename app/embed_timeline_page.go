package app

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// embedTimelinePage is "/embed/timeline": the cumulative contracted value
// (and critical-IT MW) of the deals matching the query, by announcement
// month, as a step chart.
type embedTimelinePage struct {
	app.Compo
	embedBase
	chart chart.Steps
	err   error
	// delivery is the delivery timeline, shown above the chart when the
	// query is a timeline filter (miner, tenant, stage, iso, due=90).
	delivery *dataset.Timeline
}

func (p *embedTimelinePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *embedTimelinePage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *embedTimelinePage) OnMount(ctx app.Context)     { p.mountEmbed(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *embedTimelinePage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *embedTimelinePage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Contracted value over time", "Cumulative value of Bitcoin miners' AI/HPC contracts by month, embedded from Powerbrokers.")
}

// prepare reads the data and the URL u.
func (p *embedTimelinePage) prepare(u *url.URL) {
	p.loadEmbed(u)
	p.chart, p.err, p.delivery = chart.Steps{}, nil, nil
	if p.snap == nil {
		return
	}
	deals := p.query
	if f, err := dataset.ParseTimelineFilter(p.query); err == nil {
		tl := p.snap.Timeline(timelineDay(u), f)
		p.delivery = &tl
		deals = url.Values{}
		for _, k := range []string{"miner", "as_of"} {
			if s := p.query.Get(k); s != "" {
				deals.Set(k, s)
			}
		}
	}
	q, err := dataset.ParseQuery(dataset.KindDeals, deals)
	if err != nil {
		p.err = err
		return
	}
	p.chart = timelineChart(p.snap, q)
	p.chart.Links = chartLinks("deals-over-time", deals)
}

// timelineChart sums the contracted deals matching q by month. The months,
// and which deals count as contracted, come from Stats().ByMonth, so the
// unfiltered chart is the overview's: values on an initial-term or increment
// basis, MW on a critical-IT basis; a year-only date counts from January.
func timelineChart(s *dataset.Snapshot, q *dataset.Query) chart.Steps {
	match := map[string]*dataset.DealRow{}
	rows := s.MatchDeals(q)
	for i := range rows {
		match[rows[i].ID] = &rows[i]
	}
	value := chart.Series{Label: "Contracted value", Class: "c-contracted"}
	power := chart.Series{Label: "Contracted critical-IT MW", Class: "c-contracted"}
	var cumV, cumMW float64
	for _, mt := range s.Stats().ByMonth {
		n := 0
		for _, id := range mt.Deals {
			d := match[id]
			if d == nil {
				continue
			}
			n++
			if d.ValueUSD != nil && (d.ValueBasis == dataset.ValueInitialTerm || d.ValueBasis == dataset.ValueIncrement) {
				cumV += *d.ValueUSD
			}
			if d.MW != nil && d.MWBasis == dataset.BasisIT {
				cumMW += *d.MW
			}
		}
		if n == 0 {
			continue
		}
		value.Points = append(value.Points, chart.Point{X: mt.Month, Y: fptr(cumV)})
		power.Points = append(power.Points, chart.Point{X: mt.Month, Y: fptr(cumMW)})
	}
	title := "Cumulative contracted value"
	if sum := filterSummary(s, q); sum != "" {
		title += " · " + sum
	}
	return chart.Steps{
		Events: chart.Events(s, ""),
		ID:     "embed-timeline-chart",
		Title:  title,
		Basis:  "binding capacity deals by announcement month; values on an initial-term or increment basis",
		XLabel: "Announcement month",
		End:    string(s.Data.Meta.AsOf),
		Panels: []chart.Panel{
			{Label: "Cumulative contracted value", Unit: chart.USD, Series: []chart.Series{value}},
			{Label: "Cumulative critical-IT MW", Unit: chart.MW, Series: []chart.Series{power}},
		},
	}
}

func (p *embedTimelinePage) Render() app.UI {
	full := ui.WithQuery("/deals", p.query)
	switch {
	case p.snap == nil:
		return p.embedMessage(full, loadingView(p.status))
	case p.err != nil:
		return p.embedMessage(full, queryError(p.err))
	}
	if p.delivery != nil {
		return p.embedPage("", ui.WithQuery("/timeline", p.query), timelineFigure("embed-delivery-chart", *p.delivery, chartLinks("timeline", p.chartView("miner", "tenant", "iso", "stage", "due"))).UI(), p.chart.UI())
	}
	return p.embedPage("", full, p.chart.UI())
}
