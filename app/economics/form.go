package economics

import (
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// Form is the calculator's inputs for the scenario s points at. It is a GET
// form of the same parameters, so it works before the WASM starts; in the
// browser each keystroke, pick or deal choice calls apply with the query of
// the edited scenario (the page recomputes it into *s and writes the URL),
// and Enter does nothing more. s is a pointer because the handlers read the
// scenario when they fire: go-app keeps the handlers of the first render.
func Form(s *Scenario, apply func(ctx app.Context, q url.Values)) app.UI {
	return (&form{s: s, apply: apply}).render()
}

// form renders the inputs of a scenario.
type form struct {
	s     *Scenario
	apply func(ctx app.Context, q url.Values)
}

// onInput applies an edit of one input as it is typed.
func (f *form) onInput(name string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		f.apply(ctx, f.s.with(name, ctx.JSSrc().Get("value").String()))
	}
}

// onPick sets an input to a sourced figure.
func (f *form) onPick(name, value string) app.EventHandler {
	return func(ctx app.Context, e app.Event) { f.apply(ctx, f.s.with(name, value)) }
}

// onDeal takes the lease rate and term of the chosen deal.
func (f *form) onDeal(ctx app.Context, e app.Event) {
	f.apply(ctx, f.s.withDeal(ctx.JSSrc().Get("value").String()))
}

// onSubmit keeps Enter from reloading the page: the results are already current.
func (f *form) onSubmit(ctx app.Context, e app.Event) { e.PreventDefault() }

func (f *form) render() app.UI {
	return app.Elem("form").ID("econ-form").Class("econ-form").Attr("method", "get").Attr("action", ui.Href("/economics")).OnSubmit(f.onSubmit).Body(
		f.fieldset("Bitcoin mining", groupMining, f.hashPicks(), f.cashCostNote()),
		f.fieldset("AI lease", groupLease, f.dealSelect(), f.ratePicks()),
		f.fieldset("Valuation", groupValue),
		app.Elem("div").Class("econ-actions").Body(
			app.Elem("noscript").Body(app.Elem("button").Attr("type", "submit").Class("primary").Text("Compute")),
			app.Elem("a").ID("econ-reset").Attr("href", ui.Href("/economics")).Text("Reset to the sourced defaults"),
		),
	)
}

// fieldset renders the inputs of one group; extra goes after the first input.
func (f *form) fieldset(legend, group string, extra ...app.UI) app.UI {
	var body []app.UI
	for _, pr := range params {
		if pr.Group != group {
			continue
		}
		if pr.Name == paramLeaseRate {
			body = append(body, extra[0]) // the deal select goes before the rate it fills
			extra = extra[1:]
		}
		body = append(body, f.field(pr))
		if pr.Name == paramHashprice || pr.Name == paramLeaseRate {
			body = append(body, extra...)
			extra = nil
		}
	}
	return app.Elem("fieldset").Class("econ-fieldset").Body(append([]app.UI{app.Elem("legend").Text(legend)}, body...)...)
}

// field is one labelled input with its error and where its default comes from.
func (f *form) field(pr param) app.UI {
	id := "in-" + pr.Name
	msg, bad := f.s.Errs[pr.Name]
	defs := f.s.Defaults.Inputs
	described := id + "-prov"
	if bad {
		described = id + "-err " + described
	}
	// Text, not number: a number input reports "" for a half-typed "0." or
	// "-", and writing that back would erase what the user is typing.
	in := app.ElemSelfClosing("input").Attr("type", "text").ID(id).Attr("name", pr.Name).Attr("inputmode", "decimal").Attr("autocomplete", "off").
		Attr("value", f.s.Raw[pr.Name]).Aria("describedby", described).OnInput(f.onInput(pr.Name))
	if bad {
		in = in.Aria("invalid", "true")
	}
	share := ""
	if v, ok := f.shareValue(pr); ok && !bad {
		share = "= " + shareF(v)
	}
	return app.Elem("div").Class("econ-field").DataSet("param", pr.Name).Body(
		app.Elem("label").Attr("for", id).Body(app.Elem("span").Class("econ-label").Text(pr.Label), app.Elem("span").Class("econ-unit").Text(pr.Unit)),
		app.Elem("div").Class("econ-input").Body(in, app.If(share != "", app.Elem("span").Class("econ-share").Text(share))),
		app.If(bad, app.Elem("p").ID(id+"-err").Class("econ-error").Text(pr.Name+": "+msg)),
		provenanceNote(id+"-prov", defaultText(pr, *pr.field(&defs)), f.s.Defaults.Prov[pr.Name]),
	)
}

func (f *form) shareValue(pr param) (float64, bool) {
	if !pr.Share {
		return 0, false
	}
	in := f.s.Inputs
	return *pr.field(&in), true
}

// defaultText shows a default value for people.
func defaultText(pr param, v float64) string {
	switch {
	case pr.Share:
		return shareF(v)
	case pr.Name == paramLeaseRate:
		return rateF(v)
	case pr.Name == "capex_usd_per_mw":
		return money(v) + "/MW"
	case pr.Name == paramHashprice:
		return hashpriceF(v)
	case pr.Name == paramPowerPrice:
		return powerPriceF(v)
	}
	return formatInput(v) + " " + strings.SplitN(pr.Unit, ",", 2)[0]
}

// provenanceNote says where a default comes from: "Default $29/PH/s/day ·
// CoinShares, 2026: the midpoint … · TokenPost", or "· assumption".
func provenanceNote(id, value string, pv Provenance) app.UI {
	note := app.Elem("p").ID(id).Class("econ-prov")
	if pv.Assumption {
		return note.Text("Default " + value + " · assumption")
	}
	text := "Default " + value + " · " + pv.Who
	if pv.Date != "" {
		text += ", " + pv.Date
	}
	if pv.Note != "" {
		text += ": " + pv.Note
	}
	return note.Body(app.Text(text+" · "), provenanceLink(pv))
}

// provenanceLink links the source of a figure, or our deals list.
func provenanceLink(pv Provenance) app.UI {
	if pv.Link != "" {
		return app.Elem("a").Attr("href", ui.Href(pv.Link)).Text("see the deals")
	}
	if pv.Source == nil {
		return app.Text("")
	}
	return app.Elem("a").Attr("href", pv.Source.URL).Attr("rel", "noopener noreferrer").Attr("target", "_blank").
		Text(pv.Source.Publisher + ui.DateSuffix(string(pv.Source.Date)))
}

// hashPicks offer the published hashprice of each quarter.
func (f *form) hashPicks() app.UI {
	qs := f.s.Defaults.Hashprices
	if len(qs) == 0 {
		return nil
	}
	return app.Elem("div").Class("econ-picks").Aria("label", "Published hashprice by quarter").Body(
		app.Elem("span").Class("econ-picks-label").Text(f.s.Defaults.HashProv.Who+", by quarter:"),
		app.Range(qs).Slice(func(i int) app.UI {
			q := qs[i]
			return app.Elem("button").Attr("type", "button").ID("pick-hashprice-" + strings.ToLower(strings.ReplaceAll(q.Quarter, " ", "-"))).
				Title("$" + formatInput(q.Lo) + "–" + formatInput(q.Hi) + " published; the midpoint").
				OnClick(f.onPick(paramHashprice, formatInput(q.mid()))).Text(q.Quarter + ": $" + formatInput(q.mid()))
		}),
	)
}

// ratePicks offer the typical colocation and GPU-cloud rates of our deals
// and the published benchmark.
func (f *form) ratePicks() app.UI {
	rs := f.s.Defaults.RatePicks
	if len(rs) == 0 {
		return nil
	}
	return app.Elem("div").Class("econ-picks").Aria("label", "Typical lease rates").Body(
		app.Elem("span").Class("econ-picks-label").Text("Typical rates:"),
		app.Range(rs).Slice(func(i int) app.UI {
			r := rs[i]
			return app.Elem("button").Attr("type", "button").ID("pick-rate-" + r.ID).Title(r.Prov.Note).
				OnClick(f.onPick(paramLeaseRate, formatInput(r.USD))).Text(r.Label + ": " + rateF(r.USD))
		}),
	)
}

// dealTypeLabels name the preset groups.
var dealTypeLabels = map[string]string{
	dataset.TypeColocation: "Colocation", dataset.TypeCloud: "GPU cloud services", dataset.TypeJV: "Joint ventures",
}

// dealSelect takes the lease rate and term from one of our deals.
func (f *form) dealSelect() app.UI {
	presets := f.s.Defaults.Presets
	var types []string
	for _, d := range presets {
		if len(types) == 0 || types[len(types)-1] != d.Type {
			types = append(types, d.Type)
		}
	}
	msg, bad := f.s.Errs[paramDeal]
	none := app.Elem("option").Attr("value", "").Text("None: type a rate below")
	if f.s.Deal == nil {
		// Selected explicitly: once the user has picked an option, removing
		// the selected attribute of another no longer deselects it.
		none = none.Attr("selected", true)
	}
	sel := app.Elem("select").ID("in-deal").Attr("name", paramDeal).OnChange(f.onDeal).Body(
		none,
		app.Range(types).Slice(func(i int) app.UI {
			t := types[i]
			label := dealTypeLabels[t]
			if label == "" {
				label = t
			}
			return app.Elem("optgroup").Attr("label", label).Body(app.Range(presets).Slice(func(j int) app.UI {
				d := presets[j]
				if d.Type != t {
					return nil
				}
				o := app.Elem("option").Attr("value", d.DealID).Text(d.MinerName + " → " + d.TenantName + " (" + string(d.Announced) + "): " +
					dataset.Rate(d.USDPerMWYear) + ", " + ui.Years(&d.TermYears))
				if f.s.Deal != nil && f.s.Deal.DealID == d.DealID { // go-app prints selected="false", which selects
					o = o.Attr("selected", true)
				}
				return o
			}))
		}),
	)
	if bad {
		sel = sel.Aria("invalid", "true")
	}
	var note app.UI
	if d := f.s.Deal; d != nil {
		text := ": " + dataset.Rate(d.USDPerMWYear) + " of critical IT over " + ui.Years(&d.TermYears) + ", derived from its disclosed value, term and MW."
		if f.s.DealEdited {
			text += " The rate or term below has been edited since."
		}
		note = app.Elem("p").ID("in-deal-note").Class("econ-prov").Body(app.Text("From "), app.Elem("a").Attr("href", ui.Href("/deals/"+d.DealID)).Text(d.Title), app.Text(text))
	}
	return app.Elem("div").Class("econ-field econ-deal").Body(
		app.Elem("label").Attr("for", "in-deal").Body(app.Elem("span").Class("econ-label").Text("Lease rate and term from a deal"),
			app.Elem("span").Class("econ-unit").Text("deals whose $/MW-yr and term are known")),
		sel,
		app.If(bad, app.Elem("p").ID("in-deal-err").Class("econ-error").Text(paramDeal+": "+msg)),
		note,
	)
}

// cashCostNote sets CoinShares' cash cost per BTC beside the scenario's:
// power over mining revenue after fees is the cash cost as a share of the
// Bitcoin price.
func (f *form) cashCostNote() app.UI {
	d := f.s.Defaults
	if d.CashCost == "" {
		return nil
	}
	text := "Context: " + d.CashCostProv.Who + " put the industry's weighted average cash cost at " + d.CashCost + " (published " + d.CashCostProv.Date + ")."
	if m := f.s.Result.Mining; f.s.OK() && m.RevenueUSD-m.PoolFeesUSD > 0 {
		text += " With these inputs, power is " + shareF(m.PowerCostUSD/(m.RevenueUSD-m.PoolFeesUSD)) +
			" of mining revenue after fees: your cash cost per BTC is that share of the Bitcoin price."
	}
	return app.Elem("p").ID("econ-cash-cost").Class("econ-context").Body(app.Text(text+" "), provenanceLink(d.CashCostProv))
}
