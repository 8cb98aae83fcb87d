package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// recordLine is one row of a record's figures: label, value (HTML-escaped
// text), an optional link for the value and a note on its basis.
type recordLine struct{ k, v, link, note string }

// recordList renders figures as a definition list, skipping undisclosed ones
// unless keep is set (then they read "not disclosed").
func recordList(id string, lines []recordLine) app.UI {
	var m markup
	m.open("dl", "class", "record", "id", id)
	for _, l := range lines {
		if l.v == "" {
			continue
		}
		m.open("div")
		m.elem("dt", l.k)
		m.open("dd")
		if l.link != "" {
			m.link(l.link, l.v)
		} else {
			m.text(l.v)
		}
		if l.note != "" {
			m.elem("span", " "+l.note, "class", "figure-basis")
		}
		m.close("dd")
		m.close("div")
	}
	m.close("dl")
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
		return trim(*v, 3) + " %"
	}
	return formatUnit(*v, unit)
}

func strikeText(v *float64) string {
	if v == nil {
		return ""
	}
	return "$" + trim(*v, 4)
}

// equityRecordPage is "/equity/{id}": one equity or warrant record.
type equityRecordPage struct {
	app.Compo
	dataPage
	id  string
	rec *dataset.EquityRow
}

func (p *equityRecordPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *equityRecordPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *equityRecordPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *equityRecordPage) OnInit() {
	if u := clientURL(); u != nil {
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
		return page("equity", app.Elem("h1").Text("Equity record not found"),
			app.Elem("p").Body(app.Text("There is no equity record "+p.id+". "), app.Elem("a").Attr("href", href("/equity")).Text("All equity")))
	}
	deal := ""
	if e.Deal != "" {
		deal = "/deals/" + e.Deal
	}
	return page("equity",
		app.Elem("p").Class("breadcrumb").Body(app.Elem("a").Attr("href", href("/equity")).Text("Equity"), app.Text(" / ")),
		app.Elem("h1").Text(e.HolderName+" in "+e.IssuerName+" ("+e.Instrument+")"),
		recordList("equity-record", []recordLine{
			{"Holder", e.HolderName, "", ""},
			{"Issuer", e.IssuerName, "/miners/" + e.Issuer, ""},
			{"Instrument", e.Instrument, "", ""},
			{"Shares", orND(numText(e.Shares, "shares")), "", ""},
			{"Strike", orND(strikeText(e.StrikeUSD)), "", "per share"},
			{"% of the issuer", orND(numText(e.Percent, "%")), "", e.PercentBasis},
			{"Value", orND(numText(e.ValueUSD, "USD")), "", e.ValueBasis},
			{"Vesting", e.Vesting, "", ""},
			{"Date", string(e.Date), "", ""},
			{"Deal", e.DealTitle, deal, ""},
			{"Grade", e.Grade, "", gradeLabel(e.Grade)},
			{"Checked on", string(e.Verified), "", "figures last checked against the sources"},
		}),
		app.If(e.Notes != "", app.Elem("section").Body(app.Elem("h2").Text("Notes"), app.Elem("p").Text(e.Notes))),
		trustLine(e.Grade, e.Verified, e.Sources),
		sourcesList("Sources", e.Sources),
	)
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
func (p *financingRecordPage) OnNav(ctx app.Context)       { p.load(ctx) }
func (p *financingRecordPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *financingRecordPage) OnInit() {
	if u := clientURL(); u != nil {
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
		return page("financing", app.Elem("h1").Text("Financing record not found"),
			app.Elem("p").Body(app.Text("There is no financing record "+p.id+". "), app.Elem("a").Attr("href", href("/financing")).Text("All financing")))
	}
	basis := f.AmountBasis
	if f.PartOf != "" {
		basis += "; part of " + f.PartOf + ", not added again in totals"
	}
	coupon := numText(f.CouponPct, "%")
	if f.CouponPct == nil {
		coupon = notDisclosed + " (floating-rate or not priced)"
	}
	lines := []recordLine{
		{"Issuer", f.IssuerName, "/miners/" + f.Issuer, ""},
		{"Kind", f.Kind, "", ""},
		{"Amount", orND(numText(f.AmountUSD, "USD")), "", basis},
		{"Original currency", f.Currency, "", fxNote(f.AmountOrig, f.FXRate, f.FXDate)},
		{"Coupon", coupon, "", ""},
		{"Maturity", string(f.Maturity), "", ""},
		{"Date", string(f.Date), "", ""},
		{"Use of proceeds", f.UseOfProceeds, "", ""},
		{"For AI/HPC", map[bool]string{true: "yes", false: "no"}[f.HPC], "", "tied to a site or deal"},
		{"Grade", f.Grade, "", gradeLabel(f.Grade)},
		{"Checked on", string(f.Verified), "", "figures last checked against the sources"},
	}
	for _, s := range f.Sites {
		name := s
		if st, err := p.snap.Site(s); err == nil {
			name = st.Name
		}
		lines = append(lines, recordLine{"Site", name, "/sites?site=" + s, ""})
	}
	for _, d := range f.Deals {
		name := d
		if dl, err := p.snap.Deal(d); err == nil {
			name = dl.Title
		}
		lines = append(lines, recordLine{"Deal", name, "/deals/" + d, ""})
	}
	return page("financing",
		app.Elem("p").Class("breadcrumb").Body(app.Elem("a").Attr("href", href("/financing")).Text("Financing"), app.Text(" / ")),
		app.Elem("h1").Text(f.IssuerName+": "+f.Kind+" "+money(f.AmountUSD)),
		recordList("financing-record", lines),
		app.If(f.Notes != "", app.Elem("section").Body(app.Elem("h2").Text("Notes"), app.Elem("p").Text(f.Notes))),
		trustLine(f.Grade, f.Verified, f.Sources),
		sourcesList("Sources", f.Sources),
	)
}

func fxNote(orig, rate *float64, date dataset.Date) string {
	if orig == nil {
		return ""
	}
	s := trim(*orig, 2) + " in the original currency"
	if rate != nil {
		s += fmt.Sprintf(", at %s USD per unit", trim(*rate, 4))
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
			renewals += " × " + years(d.RenewalYears)
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
		orig = trim(*d.ValueOrig/1e6, 1) + "M " + d.Currency
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
	var m markup
	m.open("div", "class", "deal-links")
	if len(eq) > 0 {
		m.open("section", "id", "deal-equity")
		m.elem("h3", "Equity and warrants granted with the deal")
		m.open("ul")
		for _, e := range eq {
			m.open("li")
			m.link("/equity/"+e.ID, e.HolderName+": "+e.Instrument+equitySummary(&e))
			m.close("li")
		}
		m.close("ul")
		m.close("section")
	}
	if len(fin) > 0 {
		m.open("section", "id", "deal-financing")
		m.elem("h3", "Financing tied to the deal")
		m.open("ul")
		for _, f := range fin {
			m.open("li")
			m.link("/financing/"+f.ID, f.IssuerName+": "+f.Kind+" "+money(f.AmountUSD)+couponSuffix(f.CouponPct))
			m.close("li")
		}
		m.close("ul")
		m.close("section")
	}
	m.close("div")
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
	s := fmt.Sprintf("converted at %s USD per %s", trim(*d.FXRate, 4), d.Currency)
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
		var m markup
		m.open("ul", "class", "regulatory", "id", "site-regulatory")
		for _, r := range p.Regulatory {
			m.open("li")
			m.elem("strong", r.Flag)
			m.text(": " + r.Note)
			m.text(" (")
			for i, src := range r.Sources {
				if i > 0 {
					m.text("; ")
				}
				m.open("a", "href", src.URL, "rel", "noopener")
				m.text(src.Publisher + kindSuffix(src.Kind))
				m.close("a")
			}
			m.text(")")
			m.close("li")
		}
		m.close("ul")
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
	var t markup
	t.open("div", "class", "miner-terms-tables")
	if len(eq) > 0 {
		t.table("data-table", "Equity and warrants in "+m.Name)
		t.head("Date", "Holder", "Instrument", "#Shares", "#Strike", "#% of issuer", "Deal")
		for _, e := range eq {
			t.open("tr", "data-equity", e.ID)
			t.elem("td", string(e.Date))
			t.open("td")
			t.link("/equity/"+e.ID, e.HolderName)
			t.close("td")
			t.elem("td", e.Instrument)
			t.elem("td", orND(numText(e.Shares, "shares")), "class", "num")
			t.elem("td", orND(strikeText(e.StrikeUSD)), "class", "num")
			t.elem("td", orND(numText(e.Percent, "%")), "class", "num")
			t.open("td")
			if e.Deal != "" {
				t.link("/deals/"+e.Deal, e.DealTitle)
			}
			t.close("td")
			t.close("tr")
		}
		t.end()
	}
	if len(fin) > 0 {
		t.table("data-table", "Financing of "+m.Name)
		t.head("Date", "Kind", "#Amount", "#Coupon", "Maturity", "For AI/HPC")
		for _, f := range fin {
			t.open("tr", "data-financing", f.ID)
			t.elem("td", string(f.Date))
			t.open("td")
			t.link("/financing/"+f.ID, f.Kind)
			t.close("td")
			amt := orND(numText(f.AmountUSD, "USD"))
			if f.AmountBasis != "" && f.AmountBasis != dataset.AmountIssued {
				amt += " (" + f.AmountBasis + ")"
			}
			t.elem("td", amt, "class", "num")
			t.elem("td", orND(numText(f.CouponPct, "%")), "class", "num")
			t.elem("td", orND(string(f.Maturity)))
			t.elem("td", map[bool]string{true: "yes", false: "no"}[f.HPC])
			t.close("tr")
		}
		t.end()
	}
	t.close("div")
	return app.Elem("section").ID("miner-terms").Aria("labelledby", "h-terms").Body(
		app.Elem("h2").ID("h-terms").Text("Equity and financing"),
		app.Elem("dl").Class("figures").Body(
			figure("Dilution from warrants", dilution, dilNote),
			figure("Shares under warrants", countOrND(m.WarrantShares), "granted to tenants and backstops"),
			figure("Debt raised", money(m.DebtUSD), fmt.Sprintf("%d financing records; draws, conversions and proposed sizes not added", m.FinancingCount)),
			figure("Debt raised for AI/HPC", money(m.HPCDebtUSD), "tied to a site or deal"),
		),
		t.UI(),
	)
}

// termProvenance is the hover text of a deal-term figure: the terms'
// sources and check date rather than the deal's ("" for other figures).
func termProvenance(col, basis string, row any) string {
	d, ok := row.(*dataset.DealRow)
	if !ok || len(d.TermsSources) == 0 {
		return ""
	}
	switch col {
	case "escalator_pct", "renewal_count", "renewal_years", "option_mw", "value_orig", "fx_rate", "prepayment_usd", "share":
	default:
		return ""
	}
	parts := []string{}
	if basis != "" {
		parts = append(parts, basis)
	}
	parts = append(parts, "grade "+dataset.GradeOf(d.TermsSources))
	if d.TermsVerified != "" {
		parts = append(parts, "checked on "+string(d.TermsVerified))
	}
	for i, s := range d.TermsSources {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("+%d more sources", len(d.TermsSources)-3))
			break
		}
		parts = append(parts, "source: "+s.Publisher+dateSuffix(string(s.Date))+kindSuffix(s.Kind))
	}
	return strings.Join(parts, " · ")
}
