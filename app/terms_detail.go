package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// recordLine is one row of a record's figures: label, value (HTML-escaped
// text), an optional link for the value and a note on its basis.
type recordLine struct{ k, v, link, note string }

// recordList renders figures as a definition list, skipping undisclosed ones
// unless keep is set (then they read "not disclosed").
func recordList(id string, lines []recordLine) app.UI {
	var m markup.Writer
	m.Open("dl", "class", "record", "id", id)
	for _, l := range lines {
		if l.v == "" {
			continue
		}
		m.Open("div")
		m.Elem("dt", l.k)
		m.Open("dd")
		if l.link != "" {
			m.Link(ui.Href(l.link), l.v)
		} else {
			m.Text(l.v)
		}
		if l.note != "" {
			m.Elem("span", " "+l.note, "class", "figure-basis")
		}
		m.Close("dd")
		m.Close("div")
	}
	m.Close("dl")
	return m.UI()
}

func numText(v *float64, unit string) string {
	if v == nil {
		return ""
	}
	switch unit {
	case "USD":
		return moneyF(*v)
	case "shares":
		return thousands(*v)
	case "%":
		return ui.Trim(*v, 3) + " %"
	}
	return strings.TrimSpace(ui.Trim(*v, 2) + " " + unit)
}

func strikeText(v *float64) string {
	if v == nil {
		return ""
	}
	return "$" + ui.Trim(*v, 4)
}

// equityRecordPage is "/equity/{id}": one equity or warrant record.
type equityRecordPage struct {
	app.Compo
	dataPage
	id  string
	rec *dataset.EquityRow
}

func (p *equityRecordPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *equityRecordPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *equityRecordPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *equityRecordPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *equityRecordPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/equity/")
	p.rec = nil
	if p.snap != nil {
		p.rec, _ = p.snap.EquityByID(p.id)
	}
}

func (p *equityRecordPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.rec != nil {
		setTitle(ctx, p.rec.HolderName+" in "+p.rec.IssuerName+": "+p.rec.Instrument, "")
	} else {
		setTitle(ctx, "Equity record not found", "")
	}
}

func (p *equityRecordPage) Render() app.UI {
	if p.snap == nil {
		return page("equity", loadingView(p.status))
	}
	e := p.rec
	if e == nil {
		return notFoundView("equity", "Equity record not found", "There is no equity record “"+p.id+"” in the data.", "/equity", "All equity")
	}
	heading := e.HolderName + " in " + e.IssuerName + " (" + dataset.CodeLabel(e.Instrument) + ")"
	return page("equity", append([]app.UI{
		breadcrumb(crumb{"Equity", "/equity"}, crumb{heading, ""}),
		app.Elem("h1").Text(heading),
		recordFigures("equity-record", "record", dataset.KindEquity, e),
	}, recordSections(dataset.KindEquity, e)...)...)
}

func orND(s string) string {
	if s == "" {
		return notDisclosed
	}
	return s
}

// financingRecordPage is "/financing/{id}": one financing record.
type financingRecordPage struct {
	app.Compo
	dataPage
	id  string
	rec *dataset.FinancingRow
}

func (p *financingRecordPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *financingRecordPage) OnNav(ctx app.Context)       { p.nav(ctx, p.load) }
func (p *financingRecordPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *financingRecordPage) OnInit() {
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *financingRecordPage) prepare(u *url.URL) {
	p.refreshAt(u)
	p.id = strings.TrimPrefix(appPathOf(u), "/financing/")
	p.rec = nil
	if p.snap != nil {
		p.rec, _ = p.snap.FinancingByID(p.id)
	}
}

func (p *financingRecordPage) load(ctx app.Context) {
	p.prepare(ctx.Page().URL())
	if p.rec != nil {
		setTitle(ctx, p.rec.IssuerName+": "+p.rec.Kind, "")
	} else {
		setTitle(ctx, "Financing record not found", "")
	}
}

func (p *financingRecordPage) Render() app.UI {
	if p.snap == nil {
		return page("financing", loadingView(p.status))
	}
	f := p.rec
	if f == nil {
		return notFoundView("financing", "Financing record not found", "There is no financing record “"+p.id+"” in the data.", "/financing", "All financing")
	}
	heading := f.IssuerName + ": " + dataset.CodeLabel(f.Kind) + " " + money(f.AmountUSD)
	return page("financing", append([]app.UI{
		breadcrumb(crumb{"Financing", "/financing"}, crumb{heading, ""}),
		app.Elem("h1").Text(heading),
		recordFigures("financing-record", "record", dataset.KindFinancing, f),
	}, recordSections(dataset.KindFinancing, f)...)...)
}

func fxNote(orig, rate *float64, date dataset.Date) string {
	if orig == nil {
		return ""
	}
	s := ui.Trim(*orig, 2) + " in the original currency"
	if rate != nil {
		s += fmt.Sprintf(", at %s USD per unit", ui.Trim(*rate, 4))
	}
	if date != "" {
		s += " on " + string(date)
	}
	return s
}

// dealTermsSection shows a deal's terms with their provenance, and the
// equity and financing records linked to the deal.
func dealTermsSection(snap *dataset.Snapshot, d *dataset.DealRow) app.UI {
	renewals := ""
	if d.RenewalCount != nil {
		renewals = fmt.Sprintf("%d", *d.RenewalCount)
		if d.RenewalYears != nil {
			renewals += " × " + ui.Years(d.RenewalYears)
		}
	}
	option := ""
	if d.OptionKind != "" {
		option = map[string]string{dataset.OptionOption: "option", dataset.OptionROFO: "right of first offer", dataset.OptionROFR: "right of first refusal"}[d.OptionKind]
		if d.OptionMW != nil {
			option = mw(d.OptionMW) + " " + option
		} else {
			option += ", MW not disclosed"
		}
	}
	orig := ""
	if d.Currency != "" && d.ValueOrig != nil {
		orig = ui.Trim(*d.ValueOrig/1e6, 1) + "M " + d.Currency
	}
	lines := []recordLine{
		{"Lease structure", d.LeaseStructure, "", ""},
		{"Annual escalator", strings.TrimSpace(numText(d.EscalatorPct, "%")), "", "per year"},
		{"Renewal options", renewals, "", ""},
		{"Expansion rights", option, "", ""},
		{"Prepayment", numText(d.PrepaymentUSD, "USD"), "", "paid in advance by the tenant"},
		{"Value in original currency", orig, "", fxNote(nil, d.FXRate, "") + convNote(d)},
	}
	has := false
	for _, l := range lines {
		has = has || l.v != ""
	}
	eq := snap.DealEquity(d.ID)
	fin := snap.DealFinancing(d.ID)
	if !has && len(eq) == 0 && len(fin) == 0 && d.TermsNote == "" {
		return nil
	}
	// One root element: go-app keeps only the first root of raw markup.
	var m markup.Writer
	m.Open("div", "class", "deal-links")
	if len(eq) > 0 {
		m.Open("section", "id", "deal-equity")
		m.Elem("h3", "Equity and warrants granted with the deal")
		m.Open("ul")
		for _, e := range eq {
			m.Open("li")
			m.Link(ui.Href("/equity/"+e.ID), e.HolderName+": "+e.Instrument+equitySummary(&e))
			m.Close("li")
		}
		m.Close("ul")
		m.Close("section")
	}
	if len(fin) > 0 {
		m.Open("section", "id", "deal-financing")
		m.Elem("h3", "Financing tied to the deal")
		m.Open("ul")
		for _, f := range fin {
			m.Open("li")
			m.Link(ui.Href("/financing/"+f.ID), f.IssuerName+": "+f.Kind+" "+money(f.AmountUSD)+couponSuffix(f.CouponPct))
			m.Close("li")
		}
		m.Close("ul")
		m.Close("section")
	}
	m.Close("div")
	return app.Elem("section").ID("deal-terms").Aria("labelledby", "h-terms").Body(
		app.Elem("h2").ID("h-terms").Text("Terms"),
		app.If(has, recordList("deal-terms-list", lines)),
		app.If(d.TermsNote != "", app.Elem("p").Class("terms-note").Text(d.TermsNote)),
		app.If(len(d.TermsSources) > 0, trustLine(dataset.GradeOf(d.TermsSources), d.TermsVerified, d.TermsSources)),
		app.If(len(d.TermsSources) > 0, sourcesList("Sources of the terms", d.TermsSources)),
		m.UI(),
	)
}

func convNote(d *dataset.DealRow) string {
	if d.FXRate == nil {
		return ""
	}
	s := fmt.Sprintf("converted at %s USD per %s", ui.Trim(*d.FXRate, 4), d.Currency)
	if d.FXDate != "" {
		s += " on " + string(d.FXDate)
	}
	return s
}

func equitySummary(e *dataset.EquityRow) string {
	var parts []string
	if e.Shares != nil {
		parts = append(parts, thousands(*e.Shares)+" shares")
	}
	if e.StrikeUSD != nil {
		parts = append(parts, "at "+strikeText(e.StrikeUSD))
	}
	if e.Percent != nil {
		parts = append(parts, numText(e.Percent, "%")+" "+e.PercentBasis)
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, ", ")
}

func couponSuffix(c *float64) string {
	if c == nil {
		return ""
	}
	return " at " + numText(c, "%")
}

// sitePowerBlock shows where a site's power comes from, with provenance.
func sitePowerBlock(s *dataset.SiteRow) app.UI {
	p := &s.SitePower
	if p.PowerSource == "" && p.ISO == "" && p.Interconnection == "" && len(p.Regulatory) == 0 {
		return nil
	}
	mix := ""
	for i, x := range p.PowerMix {
		if i > 0 {
			mix += ", "
		}
		mix += x.Source
		if x.SharePct != nil {
			mix += " " + numText(x.SharePct, "%")
		}
	}
	var regs app.UI
	if len(p.Regulatory) > 0 {
		var m markup.Writer
		m.Open("ul", "class", "regulatory", "id", "site-regulatory")
		for _, r := range p.Regulatory {
			m.Open("li")
			m.Elem("strong", r.Flag)
			m.Text(": " + r.Note)
			m.Text(" (")
			for i, src := range r.Sources {
				if i > 0 {
					m.Text("; ")
				}
				m.Open("a", "href", src.URL, "rel", "noopener")
				m.Text(src.Publisher + kindSuffix(src.Kind))
				m.Close("a")
			}
			m.Text(")")
			m.Close("li")
		}
		m.Close("ul")
		regs = m.UI()
	}
	return app.Elem("section").ID("site-power").Aria("labelledby", "h-power").Body(
		app.Elem("h3").ID("h-power").Text("Power"),
		recordList("site-power-list", []recordLine{
			{"Power source", orND(p.PowerSource), "", ""},
			{"Mix", mix, "", ""},
			{"ISO / grid operator", orND(p.ISO), "", ""},
			{"Interconnection", orND(p.Interconnection), "", ""},
		}),
		regs,
		app.If(p.PowerNote != "", app.Elem("p").Class("muted").Text(p.PowerNote)),
		app.If(len(p.PowerSources) > 0, trustLine(dataset.GradeOf(p.PowerSources), p.PowerVerified, p.PowerSources)),
		app.If(len(p.PowerSources) > 0, sourcesList("Sources of the power block", p.PowerSources)),
	)
}

// minerTermsSection is a miner's equity and financing: dilution from the
// warrants it granted, debt raised (for AI/HPC), and the records.
func minerTermsSection(snap *dataset.Snapshot, m *dataset.MinerRow) app.UI {
	eq := snap.MinerEquity(m.ID)
	fin := snap.MinerFinancing(m.ID)
	if len(eq) == 0 && len(fin) == 0 {
		return nil
	}
	dilution := notDisclosed
	if m.WarrantPct != nil {
		dilution = numText(m.WarrantPct, "%")
	}
	dilNote := fmt.Sprintf("%d warrants granted, pro forma as each states", m.WarrantCount)
	if m.WarrantPctUndisclosed > 0 {
		dilNote += fmt.Sprintf("; %d give no %%", m.WarrantPctUndisclosed)
	}
	var tables []app.UI
	if len(eq) > 0 {
		t := newRecordTable(dataset.KindEquity, eq, "date", "holder", "instrument", "shares", "strike_usd", "percent", "deal")
		t.caption = "Equity and warrants in " + m.Name
		tables = append(tables, t.UI())
	}
	if len(fin) > 0 {
		t := newRecordTable(dataset.KindFinancing, fin, "date", "kind", "amount_usd", "coupon_pct", "maturity", "hpc")
		t.caption = "Financing of " + m.Name
		tables = append(tables, t.UI())
	}
	return app.Elem("section").ID("miner-terms").Aria("labelledby", "h-terms").Body(
		app.Elem("h2").ID("h-terms").Text("Equity and financing"),
		app.Elem("dl").Class("figures").Body(
			figure("Dilution from warrants", dilution, dilNote),
			figure("Shares under warrants", countOrND(m.WarrantShares), "granted to tenants and backstops"),
			figure("Debt raised", money(m.DebtUSD), fmt.Sprintf("%d financing records; draws, conversions and proposed sizes not added", m.FinancingCount)),
			figure("Debt raised for AI/HPC", money(m.HPCDebtUSD), "tied to a site or deal"),
		),
		app.Elem("div").Class("miner-terms-tables").Body(tables...),
	)
}
