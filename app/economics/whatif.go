package economics

import (
	"math"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// WhatIf prices a miner's uncontracted MW leased to AI at a chosen
// rate against mining it at today's hashprice, every other input at the
// calculator's sourced defaults. Place it on the miner profile:
// &economics.WhatIf{Miner: m, Snap: snap}.
type WhatIf struct {
	app.Compo
	Miner *dataset.MinerRow
	// Snap is the snapshot of the page (a revision's, or as of a date), which
	// the defaults are read from (nil: the dataset package's defaults).
	Snap *dataset.Snapshot

	rate  string // the lease rate as typed, once typed
	typed bool   // false: the default rate
	miner string // the id the rate was typed for
}

// OnUpdate forgets the typed rate when the page shows another miner.
func (c *WhatIf) OnUpdate(ctx app.Context) {
	if c.Miner == nil || c.Miner.ID != c.miner {
		c.rate, c.typed = "", false
	}
}

func (c *WhatIf) onRate(ctx app.Context, e app.Event) {
	c.setRate(ctx.JSSrc().Get("value").String())
}

func (c *WhatIf) pick(v float64) app.EventHandler {
	return func(ctx app.Context, e app.Event) { c.setRate(formatInput(v)) }
}

func (c *WhatIf) setRate(v string) {
	c.rate, c.typed = v, true
	if c.Miner != nil {
		c.miner = c.Miner.ID
	}
}

// query is the calculator's query of the what-if.
func (c *WhatIf) query() url.Values {
	v := url.Values{}
	if c.typed {
		v.Set(paramLeaseRate, c.rate)
	}
	return v
}

func (c *WhatIf) Render() app.UI {
	m := c.Miner
	box := app.Elem("section").ID("whatif").Class("card econ-whatif").Aria("labelledby", "h-whatif")
	title := app.Elem("h2").ID("h-whatif").Text("What if the uncontracted power were leased to AI?")
	if m == nil || m.UncontractedMW == nil || *m.UncontractedMW <= 0 {
		return box.Body(title, app.Elem("p").Class("muted").Text("No uncontracted MW on record."))
	}
	sc := NewScenario(c.Snap, c.query())
	in := sc.Inputs
	gross, basis := *m.UncontractedMW, "taken as gross MW: the sites' MW bases are mixed"
	switch m.CapacityBasis {
	case dataset.BasisGross:
		basis = "gross MW"
	case dataset.BasisIT:
		gross = *m.UncontractedMW * in.PUE
		basis = "critical IT, " + dataset.MW(gross) + " gross at PUE " + ui.Trim(in.PUE, 2)
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
		picks = append([]RatePick{{ID: "own", Label: label, USD: median(own)}}, picks...)
	}
	msg, bad := sc.Errs[paramLeaseRate]
	input := app.ElemSelfClosing("input").Attr("type", "text").ID("whatif-rate").Attr("inputmode", "decimal").Attr("autocomplete", "off").
		Attr("value", sc.Raw[paramLeaseRate]).OnInput(c.onRate)
	if bad {
		input = input.Aria("invalid", "true").Aria("describedby", "whatif-rate-err")
	}
	return box.Body(
		title,
		app.Elem("p").Body(app.Text(m.Name+" has "), app.Elem("strong").Text(dataset.MWOf(m.UncontractedMW)), app.Text(" not under contract ("+basis+").")),
		app.Elem("div").Class("econ-field").Body(
			app.Elem("label").Attr("for", "whatif-rate").Body(app.Elem("span").Class("econ-label").Text("Lease rate"),
				app.Elem("span").Class("econ-unit").Text("USD per MW-yr of critical IT")),
			app.Elem("div").Class("econ-input").Body(input),
			app.If(bad, app.Elem("p").ID("whatif-rate-err").Class("econ-error").Text(paramLeaseRate+": "+msg)),
			app.Elem("div").Class("econ-picks").Body(app.Range(picks).Slice(func(i int) app.UI {
				return app.Elem("button").Attr("type", "button").ID("whatif-pick-" + picks[i].ID).OnClick(c.pick(picks[i].USD)).
					Text(picks[i].Label + ": " + rateF(picks[i].USD))
			})),
		),
		app.If(sc.OK(), whatIfResult(sc, gross)).
			Else(app.Elem("p").Class("state state-error").Role("alert").Text("Cannot compute: "+strings.Join(sc.Errors(), "; "))),
		app.Elem("p").Class("econ-prov").Body(
			app.Text("Mining at "+hashpriceF(in.HashpriceUSDPerPHDay)+" ("+sc.Defaults.Prov[paramHashprice].Who+"); other inputs at the calculator's defaults. "+
				"GPU-cloud rates include the GPUs, which the conversion capex does not. "),
			app.Elem("a").ID("whatif-open").Attr("href", ui.WithQuery(ui.Href("/economics"), sc.Query())).Text("Change them in the calculator"),
		),
	)
}

// whatIfResult scales the per-MW results to the miner's uncontracted power.
func whatIfResult(sc Scenario, gross float64) app.UI {
	r := sc.Result
	mining, lease, capex := gross*r.Mining.MarginUSD, gross*r.Lease.MarginUSD, gross*r.Lease.CapexUSD
	more := "more"
	if lease < mining {
		more = "less"
	}
	payback := "never"
	if p := r.Lease.PaybackYears; p != nil {
		payback = yearsF(*p)
	}
	return app.Elem("div").Body(
		app.Elem("dl").Class("figures").Body(
			figure("whatif-mining", "Mining margin a year", money(mining), "at today's hashprice"),
			figure("whatif-lease", "Lease margin a year", money(lease), "at "+rateF(sc.Inputs.LeaseRateUSDPerMWYear)),
			figure("whatif-capex", "Conversion capex", money(capex), "payback "+payback),
		),
		app.Elem("p").ID("whatif-verdict").Aria("live", "polite").Text("Leased, this power would earn "+money(math.Abs(lease-mining))+
			" a year "+more+" than mining it, after "+money(capex)+" of conversion capex."),
	)
}
