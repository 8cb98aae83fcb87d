package app

import (
	"math"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/economics"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// minerWhatIf prices a miner's uncontracted MW leased to AI at a chosen
// rate against mining it at today's hashprice, every other input at the
// calculator's sourced defaults. Place it on the miner profile:
// &minerWhatIf{Miner: m}.
type minerWhatIf struct {
	app.Compo
	Miner *dataset.MinerRow
	// Snap is the snapshot of the page (a revision's, or as of a date);
	// nil reads the current one.
	Snap *dataset.Snapshot

	rate  string // the lease rate as typed, once typed
	typed bool   // false: the default rate
	miner string // the id the rate was typed for
}

// OnUpdate forgets the typed rate when the page shows another miner.
func (c *minerWhatIf) OnUpdate(ctx app.Context) {
	if c.Miner == nil || c.Miner.ID != c.miner {
		c.rate, c.typed = "", false
	}
}

func (c *minerWhatIf) onRate(ctx app.Context, e app.Event) {
	c.setRate(ctx.JSSrc().Get("value").String())
}

func (c *minerWhatIf) pick(v float64) app.EventHandler {
	return func(ctx app.Context, e app.Event) { c.setRate(economics.FormatInput(v)) }
}

func (c *minerWhatIf) setRate(v string) {
	c.rate, c.typed = v, true
	if c.Miner != nil {
		c.miner = c.Miner.ID
	}
}

// query is the calculator's query of the what-if.
func (c *minerWhatIf) query() url.Values {
	v := url.Values{}
	if c.typed {
		v.Set(economics.ParamLeaseRate, c.rate)
	}
	return v
}

func (c *minerWhatIf) Render() app.UI {
	m := c.Miner
	box := app.Elem("section").ID("whatif").Class("card econ-whatif").Aria("labelledby", "h-whatif")
	title := app.Elem("h2").ID("h-whatif").Text("What if the uncontracted power were leased to AI?")
	if m == nil || m.UncontractedMW == nil || *m.UncontractedMW <= 0 {
		return box.Body(title, app.Elem("p").Class("muted").Text("No uncontracted MW on record."))
	}
	snap := c.Snap
	if snap == nil {
		snap = currentSnapshot()
	}
	sc := economics.NewScenario(snap, c.query())
	in := sc.Inputs
	gross, basis := *m.UncontractedMW, "taken as gross MW: the sites' MW bases are mixed"
	switch m.CapacityBasis {
	case dataset.BasisGross:
		basis = "gross MW"
	case dataset.BasisIT:
		gross = *m.UncontractedMW * in.PUE
		basis = "critical IT, " + mwF(gross) + " gross at PUE " + ui.Trim(in.PUE, 2)
	}
	picks := sc.Defaults.RatePicks
	var own []float64
	for _, p := range sc.Defaults.Presets {
		if p.MinerName == m.Name {
			own = append(own, p.USDPerMWYear)
		}
	}
	if len(own) > 0 {
		label := "Its own deals, median"
		if len(own) == 1 {
			label = "Its one deal"
		}
		picks = append([]economics.RatePick{{ID: "own", Label: label, USD: economics.Median(own)}}, picks...)
	}
	msg, bad := sc.Errs[economics.ParamLeaseRate]
	input := app.ElemSelfClosing("input").Attr("type", "text").ID("whatif-rate").Attr("inputmode", "decimal").Attr("autocomplete", "off").
		Attr("value", sc.Raw[economics.ParamLeaseRate]).OnInput(c.onRate)
	if bad {
		input = input.Aria("invalid", "true").Aria("describedby", "whatif-rate-err")
	}
	return box.Body(
		title,
		app.Elem("p").Body(app.Text(m.Name+" has "), app.Elem("strong").Text(mw(m.UncontractedMW)), app.Text(" not under contract ("+basis+").")),
		app.Elem("div").Class("econ-field").Body(
			app.Elem("label").Attr("for", "whatif-rate").Body(app.Elem("span").Class("econ-label").Text("Lease rate"),
				app.Elem("span").Class("econ-unit").Text("USD per MW-yr of critical IT")),
			app.Elem("div").Class("econ-input").Body(input),
			app.If(bad, app.Elem("p").ID("whatif-rate-err").Class("econ-error").Text(economics.ParamLeaseRate+": "+msg)),
			app.Elem("div").Class("econ-picks").Body(app.Range(picks).Slice(func(i int) app.UI {
				return app.Elem("button").Attr("type", "button").ID("whatif-pick-" + picks[i].ID).OnClick(c.pick(picks[i].USD)).
					Text(picks[i].Label + ": " + economics.Rate(picks[i].USD))
			})),
		),
		app.If(sc.OK(), whatIfResult(sc, gross)).
			Else(app.Elem("p").Class("state state-error").Role("alert").Text("Cannot compute: "+strings.Join(sc.Errors(), "; "))),
		app.Elem("p").Class("econ-prov").Body(
			app.Text("Mining at "+economics.Hashprice(in.HashpriceUSDPerPHDay)+" ("+sc.Defaults.Prov[economics.ParamHashprice].Who+"); other inputs at the calculator's defaults. "+
				"GPU-cloud rates include the GPUs, which the conversion capex does not. "),
			app.Elem("a").ID("whatif-open").Attr("href", ui.WithQuery(ui.Href("/economics"), sc.Query())).Text("Change them in the calculator"),
		),
	)
}

// whatIfResult scales the per-MW results to the miner's uncontracted power.
func whatIfResult(sc economics.Scenario, gross float64) app.UI {
	r := sc.Result
	mining, lease, capex := gross*r.Mining.MarginUSD, gross*r.Lease.MarginUSD, gross*r.Lease.CapexUSD
	more := "more"
	if lease < mining {
		more = "less"
	}
	payback := "never"
	if p := r.Lease.PaybackYears; p != nil {
		payback = economics.Years(*p)
	}
	return app.Elem("div").Body(
		app.Elem("dl").Class("figures").Body(
			economics.Figure("whatif-mining", "Mining margin a year", economics.Money(mining), "at today's hashprice"),
			economics.Figure("whatif-lease", "Lease margin a year", economics.Money(lease), "at "+economics.Rate(sc.Inputs.LeaseRateUSDPerMWYear)),
			economics.Figure("whatif-capex", "Conversion capex", economics.Money(capex), "payback "+payback),
		),
		app.Elem("p").ID("whatif-verdict").Aria("live", "polite").Text("Leased, this power would earn "+economics.Money(math.Abs(lease-mining))+
			" a year "+more+" than mining it, after "+economics.Money(capex)+" of conversion capex."),
	)
}
