package app

import (
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

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
func (p *timelinePage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *timelinePage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *timelinePage) OnInit() {
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *timelinePage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	setTitle(ctx, "Delivery timeline", "Site phases of Bitcoin miners' AI/HPC campuses: guided and observed dates, slippage and what is due next.")
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
		ctx.Navigate(withQuery(href("/timeline"), v))
	}
}

func (p *timelinePage) Render() app.UI {
	switch {
	case p.snap == nil:
		return page("timeline", loadingView(p.status))
	case p.err != nil:
		return page("timeline", app.Elem("h1").Text("Delivery timeline"), queryError(p.err))
	}
	key := viewKey("timeline", p.snap.Version+string(p.day), viewState{path: "/timeline", v: p.filter.Values()})
	return page("timeline",
		app.Elem("h1").Text("Delivery timeline"),
		app.Elem("p").Class("lede").Text("Every site phase with a dated milestone: what the companies guided (outlines), what they reported done (solid), and where the date slipped (red, with the days)."),
		p.filters(),
		&embedDialog{View: "/embed/timeline", Query: p.filter.Values()},
		cachedHTML(key, func() string { return timelineFigure("chart-delivery", p.tl) }),
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
	due := app.ElemSelfClosing("input").ID("tl-due").Attr("type", "checkbox").Attr("name", "due").Attr("value", "90").OnChange(p.onSelect("due"))
	if p.filter.Due90 {
		due = due.Attr("checked", true)
	}
	return app.Elem("form").ID("timeline-filters").Class("filters").Attr("method", "get").Attr("action", href("/timeline")).Body(
		sel("tl-miner", "miner", "Miner", p.tl.Options.Miners, minerName, p.filter.Miner),
		sel("tl-tenant", "tenant", "Tenant", p.tl.Options.Tenants, cpName, p.filter.Tenant),
		sel("tl-stage", "stage", "Stage", dataset.MilestoneStages, same, p.filter.Stage),
		sel("tl-iso", "iso", "ISO", p.tl.Options.ISOs, same, p.filter.ISO),
		app.Elem("label").Body(due, app.Text(" Due in the next 90 days")),
		app.If(p.urlAsOf() != "", app.ElemSelfClosing("input").Attr("type", "hidden").Attr("name", paramAsOf).Attr("value", string(p.urlAsOf()))),
		app.Elem("noscript").Body(app.Elem("button").Attr("type", "submit").Text("Apply")),
	)
}

func (p *timelinePage) urlAsOf() dataset.Date {
	at, _ := dataset.ParseAsOf(p.form.Get(paramAsOf))
	return at
}

// timelineFigure is the timeline as a figure: SVG, text summary and table (markup).
func timelineFigure(id string, tl dataset.Timeline) string {
	return chartFigure(id, "Delivery timeline by site phase", "guided dates as outlines, observed as solid marks; slippage in red with its days; as of "+string(tl.AsOf),
		timelineSummary(tl), timelineSVG(id, tl), "", timelineTable(tl))
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

// timelineSVG draws one row per phase over a month axis, with a rule at the date.
func timelineSVG(id string, tl dataset.Timeline) string {
	if len(tl.Rows) == 0 {
		return ""
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range tl.Rows {
		for _, m := range r.Marks {
			if x, ok := chartMonth(string(m.Date)); ok {
				lo, hi = min(lo, x), max(hi, x)
			}
		}
	}
	day, dayOK := chartMonth(string(tl.AsOf))
	if dayOK {
		lo, hi = min(lo, day), max(hi, day)
	}
	lo, hi = math.Floor(lo)-1, math.Ceil(hi)+1
	const left, right, top, rowH = 250.0, 20.0, 24.0, 22.0
	width := float64(chartWideWidth)
	plotW := width - left - right
	xOf := func(m float64) float64 { return left + (m-lo)/(hi-lo)*plotW }
	height := top + float64(len(tl.Rows))*rowH + 40
	var w svgWriter
	w.open(id, "Delivery timeline by site phase", width, height)
	w.WriteString(`<g aria-hidden="true">`)
	axisY := top + float64(len(tl.Rows))*rowH
	for _, m := range monthTicks(lo, hi) {
		x := xOf(float64(m.month))
		w.f(`<line class="chart-grid" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-opacity="0.12"/>`, chartNum(x), chartNum(top-6), chartNum(x), chartNum(axisY))
		w.text(x, axisY+16, "middle", "chart-tick", m.label)
	}
	if dayOK {
		x := xOf(day)
		w.f(`<line class="timeline-today" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-width="1.5" stroke-dasharray="4 3"/>`, chartNum(x), chartNum(top-10), chartNum(x), chartNum(axisY))
		w.text(x, top-12, "middle", "chart-tick", string(tl.AsOf))
	}
	for i, r := range tl.Rows {
		y := top + float64(i)*rowH + rowH/2
		full := r.SiteName + " · " + r.Label
		label := full
		if r := []rune(label); len(r) > 34 {
			label = string(r[:33]) + "…"
		}
		w.f(`<g class="timeline-row timeline-%s" data-row="%s">`, chartEsc(r.Status), chartEsc(r.ID))
		if label != full {
			w.f(`<title>%s</title>`, chartEsc(full)) // the whole label on hover
		}
		w.text(left-8, y+4, "end", "chart-label", label)
		// Slippage: from the first guided date to the latest, or on to the observed date.
		if r.SlipDays != nil {
			a, okA := chartMonth(string(r.FirstGuided))
			b := a
			if x, ok := chartMonth(string(r.LatestGuided)); ok {
				b = x
			}
			if x, ok := chartMonth(string(r.Observed)); ok && x > b {
				b = x
			}
			if okA {
				w.f(`<line class="timeline-slip" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#dc2626" stroke-width="3" stroke-dasharray="5 3"><title>%s</title></line>`,
					chartNum(xOf(a)), chartNum(y), chartNum(xOf(b)), chartNum(y), chartEsc(fmt.Sprintf("slipped %d days", *r.SlipDays)))
				w.f(`<text x="%s" y="%s" text-anchor="start" class="timeline-slip-label" fill="#dc2626">+%dd</text>`, chartNum(xOf(b)+8), chartNum(y-6), *r.SlipDays)
			}
		}
		if r.DaysOverdue != nil && dayOK {
			if a, ok := chartMonth(string(r.LatestGuided)); ok {
				w.f(`<line class="timeline-overdue" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#dc2626" stroke-width="2" stroke-opacity="0.6"><title>%s</title></line>`,
					chartNum(xOf(a)), chartNum(y), chartNum(xOf(day)), chartNum(y), chartEsc(fmt.Sprintf("%d days overdue", *r.DaysOverdue)))
				w.f(`<text x="%s" y="%s" text-anchor="start" class="timeline-slip-label" fill="#dc2626">%dd overdue</text>`, chartNum(xOf(day)+6), chartNum(y+4), *r.DaysOverdue)
			}
		}
		for _, m := range r.Marks {
			x, ok := chartMonth(string(m.Date))
			if !ok {
				continue
			}
			tip := fmt.Sprintf("%s %s, %s: %s", m.Kind, m.Stage, m.Date, m.Status)
			if m.Announced != "" {
				tip += " (given " + string(m.Announced) + ")"
			}
			color := stageColor(m.Stage)
			if m.Kind == dataset.MilestoneObserved {
				w.f(`<circle class="timeline-mark timeline-observed" cx="%s" cy="%s" r="6" fill="%s"><title>%s</title></circle>`, chartNum(xOf(x)), chartNum(y), color, chartEsc(tip))
			} else {
				op := "1"
				if m.Status == dataset.MilestoneSuperseded {
					op = "0.45"
				}
				w.f(`<circle class="timeline-mark timeline-guided timeline-%s" cx="%s" cy="%s" r="6" fill="none" stroke="%s" stroke-width="2" stroke-opacity="%s"><title>%s</title></circle>`,
					chartEsc(m.Status), chartNum(xOf(x)), chartNum(y), color, op, chartEsc(tip))
			}
		}
		w.WriteString(`</g>`)
	}
	w.WriteString(`</g>`)
	w.close()
	return w.String()
}

func stageColor(stage string) string {
	switch stage {
	case dataset.StageEnergized:
		return "#16a34a"
	case dataset.StageConstruction:
		return "#d97706"
	}
	return "#2563eb"
}

// timelineTable is the table alternative (markup).
func timelineTable(tl dataset.Timeline) string {
	var m markup
	m.table("data-table timeline-table", "Site phases: guided and observed dates, slippage")
	m.head("Site", "Phase", "Miner", "Stages", "First guided", "Latest guided", "Observed", "#Slip (days)", "#Days overdue", "Status", "Next due")
	for _, r := range tl.Rows {
		m.open("tr", "data-row", r.ID, "class", "timeline-"+r.Status)
		m.elem("th", r.SiteName, "scope", "row")
		m.elem("td", r.Label)
		m.open("td")
		m.link("/miners/"+r.Miner, r.MinerName)
		m.close("td")
		m.elem("td", strings.Join(r.Stages, ", "))
		m.elem("td", dashIfEmpty(string(r.FirstGuided)))
		m.elem("td", dashIfEmpty(string(r.LatestGuided)))
		m.elem("td", dashIfEmpty(string(r.Observed)))
		m.elem("td", intOr(r.SlipDays), "class", "num")
		m.elem("td", intOr(r.DaysOverdue), "class", "num")
		m.elem("td", r.Status)
		m.elem("td", dashIfEmpty(string(r.NextDue)))
		m.close("tr")
	}
	m.end()
	return m.String()
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
