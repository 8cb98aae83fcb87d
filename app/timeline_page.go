package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/embed"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// timelinePage is "/timeline": the delivery timeline, one row per site
// phase, guided dates as outlines, observed dates as solid marks, slippage
// in its own style with the number of days; filters by miner, tenant,
// stage, ISO and "due in the next 90 days".
type timelinePage struct {
	app.Compo
	dataPage
	filter dataset.TimelineFilter
	tl     dataset.Timeline
	day    dataset.Date
	err    error
	form   url.Values
}

func (p *timelinePage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *timelinePage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *timelinePage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *timelinePage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *timelinePage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Delivery timeline", "Site phases of Bitcoin miners' AI/HPC campuses: guided and observed dates, slippage and what is due next.")
	if p.err == nil {
		setPreview(ctx, "timeline", p.chartQuery())
	}
}

func (p *timelinePage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.form = u.Query()
	p.filter, p.err = dataset.ParseTimelineFilter(u.Query())
	p.day = timelineDay(u)
	if p.snap != nil && p.err == nil {
		p.tl = p.snap.Timeline(p.day, p.filter)
	}
}

// timelineDay is the day the timeline is judged on: the as_of date's last
// day, else today.
func timelineDay(u *url.URL) dataset.Date {
	if at := urlAsOf(u); at != "" {
		return dataset.AsOfDay(at)
	}
	return today()
}

func (p *timelinePage) onSelect(param string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		v := url.Values{}
		for k, vs := range p.form {
			v[k] = vs
		}
		val := ctx.JSSrc().Get("value").String()
		if param == "due" && !ctx.JSSrc().Get("checked").Bool() {
			val = ""
		}
		if val == "" {
			v.Del(param)
		} else {
			v.Set(param, val)
		}
		ctx.Navigate(ui.WithQuery(ui.Href("/timeline"), v))
	}
}

func (p *timelinePage) Render() app.UI {
	switch {
	case p.snap == nil:
		return page("timeline", loadingView(p.status))
	case p.err != nil:
		return page("timeline", app.Elem("h1").Text("Delivery timeline"), queryError(p.err))
	}
	key := blockKey("timeline", p.snap.Version+string(p.day), viewState{path: "/timeline", v: p.filter.Values()})
	return page("timeline",
		app.Elem("h1").Text("Delivery timeline"),
		app.Elem("p").Class("lede").Text("Every site phase with a dated milestone: what the companies guided (outlines), what they reported done (solid), and where the date slipped (red, with the days)."),
		p.filters(),
		&embed.Dialog{View: "/embed/timeline", Query: p.filter.Values()},
		adoptableHTML(key, func() markup.HTML {
			return timelineFigure(timelineChartID, p.tl, chartLinks("timeline", p.chartQuery()))
		}),
	)
}

// filters is the filter form: each control navigates on change.
func (p *timelinePage) filters() app.UI {
	sel := func(id, param, label string, opts []string, names func(string) string, cur string) app.UI {
		options := []app.UI{app.Elem("option").Attr("value", "").Text("All")}
		for _, o := range opts {
			opt := app.Elem("option").Attr("value", o).Text(names(o))
			if o == cur {
				opt = opt.Attr("selected", true)
			}
			options = append(options, opt)
		}
		return app.Elem("label").Body(
			app.Text(label+" "),
			app.Elem("select").ID(id).Attr("name", param).OnChange(p.onSelect(param)).Body(options...),
		)
	}
	minerName := func(id string) string {
		if m, err := p.snap.Miner(id); err == nil {
			return m.Name
		}
		return id
	}
	cpName := func(id string) string {
		if c, err := p.snap.Counterparty(id); err == nil {
			return c.Name
		}
		return id
	}
	same := func(s string) string { return s }
	word := func(s string) string { return dataset.CodeLabel(s) }
	due := app.ElemSelfClosing("input").ID("tl-due").Attr("type", "checkbox").Attr("name", "due").Attr("value", "90").OnChange(p.onSelect("due"))
	if p.filter.Due90 {
		due = due.Attr("checked", true)
	}
	return app.Elem("form").ID("timeline-filters").Class("filters timeline-filters").Attr("method", "get").Attr("action", ui.Href("/timeline")).Body(
		sel("tl-miner", "miner", "Miner", p.tl.Options.Miners, minerName, p.filter.Miner),
		sel("tl-tenant", "tenant", "Tenant", p.tl.Options.Tenants, cpName, p.filter.Tenant),
		sel("tl-stage", "stage", "Stage", dataset.MilestoneStages, word, p.filter.Stage),
		sel("tl-iso", "iso", "ISO", p.tl.Options.ISOs, same, p.filter.ISO),
		app.Elem("label").Class("check").Body(due, app.Text(" Due in the next 90 days")),
		app.If(p.urlAsOf() != "", app.ElemSelfClosing("input").Attr("type", "hidden").Attr("name", paramAsOf).Attr("value", string(p.urlAsOf()))),
		app.Elem("noscript").Body(app.Elem("button").Attr("type", "submit").Text("Apply")),
	)
}

// chartQuery is the query of the timeline's image: the filters and as_of.
func (p *timelinePage) chartQuery() url.Values {
	v := p.filter.Values()
	if at := p.urlAsOf(); at != "" {
		v.Set(paramAsOf, string(at))
	}
	return v
}

func (p *timelinePage) urlAsOf() dataset.Date {
	at, _ := dataset.ParseAsOf(p.form.Get(paramAsOf))
	return at
}

// timelineChartID is the timeline view's chart.
const timelineChartID = "chart-delivery"

// timelineFigure is the timeline as a figure: SVG, text summary, table and
// download links, if any (markup).
func timelineFigure(id string, tl dataset.Timeline, links chart.LinksFunc) markup.HTML {
	img := timelineImage(id, tl)
	return chart.Figure(id, img.Title, img.Basis, timelineSummary(tl), img.SVG, chart.TimelineNarrow(id, tl), timelineTable(tl), links.Of(img.SVG))
}

// timelineImage is the timeline chart for export.
func timelineImage(id string, tl dataset.Timeline) chart.Image {
	return chart.Image{Title: "Delivery timeline by site phase", Units: "dates; slippage in days", SVG: chart.Timeline(id, tl),
		Basis: "guided dates as outlines, observed as solid marks; slippage in red with its days; as of " + string(tl.AsOf)}
}

func timelineSummary(tl dataset.Timeline) string {
	t := tl.Totals
	if t.Rows == 0 {
		return "No site phase matches these filters."
	}
	s := fmt.Sprintf("%d site phases as of %s: %d delivered, %d on track, %d slipped (%s days in all), %d overdue; %d due in the next 90 days.",
		t.Rows, tl.AsOf, t.Delivered, t.OnTrack, t.Slipped, thousands(float64(t.SlipDaysTotal)), t.Overdue, t.DueSoon)
	var worst *dataset.TimelineRow
	for i := range tl.Rows {
		r := &tl.Rows[i]
		if r.SlipDays != nil && (worst == nil || *r.SlipDays > *worst.SlipDays) {
			worst = r
		}
	}
	if worst != nil {
		s += fmt.Sprintf(" The largest slip: %s, %s (%d days).", worst.SiteName, worst.Label, *worst.SlipDays)
	}
	return s
}

// timelineTable is the table alternative (markup).
func timelineTable(tl dataset.Timeline) markup.HTML {
	var m markup.Writer
	m.Table("data-table timeline-table", "Site phases: guided and observed dates, slippage")
	m.Head("Site", "Phase", "Miner", "Stages", "First guided", "Latest guided", "Observed", "#Slip (days)", "#Days overdue", "Status", "Next due")
	for _, r := range tl.Rows {
		m.Open("tr", "data-row", r.ID, "class", "timeline-"+r.Status)
		m.Elem("th", r.SiteName, "scope", "row")
		m.Elem("td", r.Label)
		m.Open("td")
		m.Link(ui.Href("/miners/"+r.Miner), r.MinerName)
		m.Close("td")
		m.Elem("td", strings.Join(r.Stages, ", "))
		m.Elem("td", dashIfEmpty(string(r.FirstGuided)))
		m.Elem("td", dashIfEmpty(string(r.LatestGuided)))
		m.Elem("td", dashIfEmpty(string(r.Observed)))
		m.Elem("td", intOr(r.SlipDays), "class", "num")
		m.Elem("td", intOr(r.DaysOverdue), "class", "num")
		m.Elem("td", r.Status)
		m.Elem("td", dashIfEmpty(string(r.NextDue)))
		m.Close("tr")
	}
	m.End()
	return m.HTML()
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func intOr(p *int) string {
	if p == nil {
		return "—"
	}
	return fmt.Sprint(*p)
}
