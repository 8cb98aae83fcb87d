package app

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// dealPage is "/deals/{id}": every figure of one deal, its notes and sources.
type dealPage struct {
	app.Compo
	dataPage
	id    string
	deal  *dataset.DealRow
	extra []string // parameters of the address the page does not use
}

func (p *dealPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *dealPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *dealPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *dealPage) OnInit() {
	if u := clientURL(); u != nil {
		p.prepare(u)
	}
}

func (p *dealPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/deals/")
	p.extra = unknownParams(u.Query())
	p.deal = nil
	if p.snap != nil {
		p.deal, _ = p.snap.Deal(p.id)
	}
}

func (p *dealPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.deal != nil {
		setTitle(ctx, p.deal.Title, "")
	} else {
		setTitle(ctx, "Deal not found", "")
	}
}

func (p *dealPage) Render() app.UI {
	if p.snap == nil {
		return page("deals", loadingView(p.status))
	}
	d := p.deal
	if d == nil {
		return notFoundView("deals", "Deal not found", "There is no deal “"+p.id+"” in the data.", "/deals", "All deals")
	}
	cp := func(id string) string {
		if id == "" {
			return ""
		}
		return "/counterparties/" + id
	}
	site := ""
	if d.Site != "" {
		site = "/sites?site=" + url.QueryEscape(d.Site) + "#site-detail"
	}
	rows := []struct{ k, v, link, title, note string }{
		{"Miner", d.MinerName, "/miners/" + d.Miner, "", ""},
		{"Tenant", dataset.ShortName(d.TenantName), cp(d.Tenant), d.TenantName, ""},
		{"End user", dataset.ShortName(d.EndUserName), cp(d.EndUser), d.EndUserName, ""},
		{"Guarantor", dataset.ShortName(d.GuarantorName), cp(d.Guarantor), d.GuarantorName, money(d.GuaranteeUSD)},
		{"Type", dataset.CodeLabel(d.Type), "/deals?type=" + url.QueryEscape(d.Type), "", ""},
		{"Announced", dataset.DateText(d.Announced), "", "", dataset.DatePrecision(d.Announced) + " precision"},
		{"Value", money(d.ValueUSD), "", "", valueBasisLabel(d.ValueBasis)},
		{"Value with extensions", money(d.ValueWithExtUSD), "", "", d.Extensions},
		{"Term", years(d.TermYears), "", "", ""},
		{"Capacity", mw(d.MW), "", "", basisLabel(d.MWBasis)},
		{"Gross power", mw(d.GrossMW), "", "", ""},
		{"Annual value (derived)", money(d.AnnualValueUSD), "", "", "value ÷ term"},
		{"$/MW-yr (derived)", rate(d.USDPerMWYear), "", "", "annual value ÷ critical-IT MW"},
		{"Site", d.SiteName, site, "", ""},
		{"Status", dataset.CodeLabel(d.Status), "", "", string(d.StatusAsOf)},
		{"Share of the JV", pct(d.Share), "", "", "the miner's; value and MW are the whole JV's"},
		{"Grade", d.Grade, "", "", gradeLabel(d.Grade)},
		{"Checked on", string(d.Verified), "", "", "figures last checked against the sources"},
	}
	return page("deals",
		breadcrumb(crumb{"Deals", "/deals"}, crumb{d.Title, ""}),
		app.Elem("h1").Text(d.Title),
		unknownParamsNote(p.extra),
		app.Elem("dl").Class("record").Body(app.Range(rows).Slice(func(i int) app.UI {
			r := rows[i]
			if r.v == "" || (r.k == "Guarantor" && d.Guarantor == "") || (r.k == "Share of the JV" && d.Share == nil) {
				return nil
			}
			var v app.UI = app.Text(r.v)
			if r.link != "" {
				a := app.Elem("a").Attr("href", href(r.link)).Text(r.v)
				if r.title != "" && r.title != r.v {
					a = a.Title(r.title)
				}
				v = a
			}
			return app.Elem("div").Body(
				app.Elem("dt").Text(r.k),
				app.Elem("dd").Body(v, app.If(r.note != "" && r.note != notDisclosed, app.Elem("span").Class("figure-basis").Text(" "+r.note))),
			)
		})),
		dealTermsSection(p.snap, d),
		app.If(d.Notes != "", app.Elem("section").Body(app.Elem("h2").Text("Notes"), app.Elem("p").Text(d.Notes))),
		trustLine(d.Grade, d.Verified, d.Sources),
		sourcesList("Sources", d.Sources),
	)
}
