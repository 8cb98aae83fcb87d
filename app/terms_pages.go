package app

import (
	"fmt"
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/embed"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// recordView describes the explorer of a kind of record with its own page
// (equity, financing): the shared explorer (see explorer) with a title,
// a lede and the totals of the filtered records.
type recordView struct {
	kind, path, title, noun, lede, placeholder string
	facets                                     []string
	ranges                                     []rangeInput
	totals                                     func(any) []app.UI
}

var equityView = recordView{
	kind: dataset.KindEquity, path: "/equity", title: "Equity and warrants", noun: "equity records",
	lede:        "Stakes, warrants and convertibles that tenants, chipmakers and financiers hold in miners: shares, strike, % of the issuer with its basis, and the deal they came with.",
	placeholder: "holder, issuer, deal, vesting…",
	facets:      []string{"holder", "issuer", "instrument", "deal", "year", "grade"},
	ranges: []rangeInput{
		{"shares_gte", "Shares at least", "e.g. 1e7"},
		{"percent_gte", "% of issuer at least", "%"},
		{"strike_usd_lte", "Strike at most", "USD"},
		{"date_gte", "From", "YYYY[-MM[-DD]]"},
		{"date_lte", "To", "YYYY[-MM[-DD]]"},
	},
	totals: func(v any) []app.UI {
		t, _ := v.(dataset.EquityTotals)
		return []app.UI{
			totalItem("Records", thousands(float64(t.Count)), fmt.Sprintf(" %d of them warrants", t.WarrantCount)),
			totalItem("Value", money(t.ValueUSD), fmt.Sprintf(" as each record's value basis says; %d give no value", t.ValueUndisclosed)),
			issuerShares(t.ByIssuer),
		}
	},
}

// issuerShares lists the shares of the equity records per issuing miner:
// one miner's shares do not add up with another's.
func issuerShares(ts []dataset.EquityIssuerTotal) app.UI {
	return app.Elem("div").ID("issuer-shares").Class("totals-wide").Body(
		app.Elem("dt").Text("Shares, by issuer"),
		app.Elem("dd").Body(app.Elem("ul").Body(app.Range(ts).Slice(func(i int) app.UI {
			it := ts[i]
			note := " in " + plural(it.Count, "record", "records")
			if it.SharesUndisclosed > 0 {
				note += fmt.Sprintf(", %d giving no count", it.SharesUndisclosed)
			}
			if it.WarrantCount > 0 {
				note += "; under warrants " + countOrND(it.WarrantShares)
			}
			return app.Elem("li").Body(
				app.Elem("a").Attr("href", ui.Href("/miners/"+it.Issuer)).Text(it.IssuerName),
				app.Text(": "+countOrND(it.Shares)),
				app.Elem("span").Class("figure-basis").Text(note),
			)
		}))),
	)
}

var financingView = recordView{
	kind: dataset.KindFinancing, path: "/financing", title: "Financing", noun: "financing records",
	lede:        "Notes, convertibles, project loans, facilities and equity raises of the miners: amount and its basis, coupon, maturity, what it funds.",
	placeholder: "issuer, kind, site, use of proceeds…",
	facets:      []string{"issuer", "kind", "hpc", "amount_basis", "sites", "year", "grade"},
	ranges: []rangeInput{
		{"amount_usd_gte", "Amount at least", "USD, e.g. 1e9"},
		{"coupon_pct_gte", "Coupon at least", "%"},
		{"coupon_pct_lte", "Coupon at most", "%"},
		{"maturity_lte", "Maturing by", "YYYY[-MM[-DD]]"},
		{"date_gte", "From", "YYYY[-MM[-DD]]"},
	},
	totals: func(v any) []app.UI {
		t, _ := v.(dataset.FinancingTotals)
		left := fmt.Sprintf(" %d records; %d left out (draws, conversions, proposed sizes, no amount)", t.Count, t.NotCountedCount)
		return []app.UI{
			totalItem("Amount raised", money(t.AmountUSD), left),
			totalItem("Debt", money(t.DebtUSD), " notes, convertibles, loans and facilities (commitments)"),
			totalItem("Debt for AI/HPC", money(t.HPCDebtUSD), " debt tied to a site or deal"),
		}
	},
}

// recordExplorer is a recordView's page: its query lives in the URL and
// runs locally on the snapshot with the dataset engine, as the API does.
type recordExplorer struct {
	dataPage
	explorer
	view *recordView
}

func (p *recordExplorer) prepare(u *url.URL) {
	p.refreshAt(u)
	v := p.view
	p.explorer = explorer{kind: v.kind, path: v.path, hint: v.placeholder, noun: v.noun, facets: v.facets, ranges: v.ranges, reload: p.prepare}
	p.setup(p.snap, u.Query())
}

func totalItem(label, value, note string) app.UI {
	return app.Elem("div").Body(app.Elem("dt").Text(label),
		app.Elem("dd").Body(app.Text(value), app.Elem("span").Class("figure-basis").Text(note)))
}

func countOrND(v *float64) string {
	if v == nil {
		return notDisclosed
	}
	return thousands(*v)
}

func (p *recordExplorer) render(active string) app.UI {
	v := p.view
	if p.snap == nil {
		return page(active, loadingView(p.status))
	}
	return page(active,
		app.Elem("h1").Text(v.title),
		app.Elem("p").Class("lede").Text(v.lede),
		viewError(p.qerr, v.noun),
		app.Elem("div").Class("explorer").Body(
			p.side(),
			app.Elem("div").Class("explorer-main").Body(
				p.toolbar(&embed.Dialog{View: "/embed" + v.path, Query: p.state.v}),
				p.results(app.Elem("dl").ID("totals").Class("totals").Body(v.totals(p.res.Totals)...), p.pager()),
			),
		),
	)
}

// equityPage is "/equity": the equity and warrants explorer.
type equityPage struct {
	app.Compo
	recordExplorer
}

func (p *equityPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *equityPage) OnNav(ctx app.Context)       { keepFocus(ctx); p.nav(ctx, p.load); restoreScroll(ctx) }
func (p *equityPage) OnMount(ctx app.Context)     { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *equityPage) OnInit() {
	p.view = &equityView
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *equityPage) load(ctx app.Context) {
	p.view = &equityView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, equityView.title, equityView.lede)
}

func (p *equityPage) Render() app.UI { p.view = &equityView; return p.render("equity") }

// financingPage is "/financing": the financing explorer.
type financingPage struct {
	app.Compo
	recordExplorer
}

func (p *financingPage) OnPreRender(ctx app.Context) { p.load(ctx) }
func (p *financingPage) OnNav(ctx app.Context) {
	keepFocus(ctx)
	p.nav(ctx, p.load)
	restoreScroll(ctx)
}
func (p *financingPage) OnMount(ctx app.Context) { p.observe(ctx, p.load) }

// OnInit prepares the first client render (see clientURL).
func (p *financingPage) OnInit() {
	p.view = &financingView
	if u := p.initURL(); u != nil {
		p.prepare(u)
	}
}

func (p *financingPage) load(ctx app.Context) {
	p.view = &financingView
	p.prepare(ctx.Page().URL())
	setTitle(ctx, financingView.title, financingView.lede)
}

func (p *financingPage) Render() app.UI { p.view = &financingView; return p.render("financing") }
