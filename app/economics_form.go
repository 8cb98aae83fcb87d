package app

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// form is the calculator's inputs. It is a GET form of the same parameters,
// so it works before the WASM starts; in the browser each keystroke
// recomputes (onInput) and Enter does nothing more.
func (p *economicsPage) form() app.UI {
	return app.Elem("form").ID("econ-form").Class("econ-form").Attr("method", "get").Attr("action", ui.Href("/economics")).OnSubmit(p.onSubmit).Body(
		p.fieldset("Bitcoin mining", groupMining, p.hashPicks(), p.cashCostNote()),
		p.fieldset("AI lease", groupLease, p.dealSelect(), p.ratePicks()),
		p.fieldset("Valuation", groupValue),
		app.Elem("div").Class("econ-actions").Body(
			app.Elem("noscript").Body(app.Elem("button").Attr("type", "submit").Class("primary").Text("Compute")),
			app.Elem("a").ID("econ-reset").Attr("href", ui.Href("/economics")).Text("Reset to the sourced defaults"),
		),
	)
}

// fieldset renders the inputs of one group; extra goes after the first input.
func (p *economicsPage) fieldset(legend, group string, extra ...app.UI) app.UI {
	var body []app.UI
	for _, pr := range economicsParams {
		if pr.Group != group {
			continue
		}
		if pr.Name == paramLeaseRate {
			body = append(body, extra[0]) // the deal select goes before the rate it fills
			extra = extra[1:]
		}
		body = append(body, p.field(pr))
		if pr.Name == paramHashprice || pr.Name == paramLeaseRate {
			body = append(body, extra...)
			extra = nil
		}
	}
	return app.Elem("fieldset").Class("econ-fieldset").Body(append([]app.UI{app.Elem("legend").Text(legend)}, body...)...)
}

// field is one labelled input with its error and where its default comes from.
func (p *economicsPage) field(pr economicsParam) app.UI {
	id := "in-" + pr.Name
	msg, bad := p.sc.Errs[pr.Name]
	defs := p.sc.Defaults.Inputs
	described := id + "-prov"
	if bad {
		described = id + "-err " + described
	}
	// Text, not number: a number input reports "" for a half-typed "0." or
	// "-", and writing that back would erase what the user is typing.
	in := app.ElemSelfClosing("input").Attr("type", "text").ID(id).Attr("name", pr.Name).Attr("inputmode", "decimal").Attr("autocomplete", "off").
		Attr("value", p.sc.Raw[pr.Name]).Aria("describedby", described).OnInput(p.onInput(pr.Name))
	if bad {
		in = in.Aria("invalid", "true")
	}
	share := ""
	if v, ok := p.shareValue(pr); ok && !bad {
		share = "= " + shareF(v)
	}
	return app.Elem("div").Class("econ-field").DataSet("param", pr.Name).Body(
		app.Elem("label").Attr("for", id).Body(app.Elem("span").Class("econ-label").Text(pr.Label), app.Elem("span").Class("econ-unit").Text(pr.Unit)),
		app.Elem("div").Class("econ-input").Body(in, app.If(share != "", app.Elem("span").Class("econ-share").Text(share))),
		app.If(bad, app.Elem("p").ID(id+"-err").Class("econ-error").Text(pr.Name+": "+msg)),
		provenanceNote(id+"-prov", defaultText(pr, *pr.field(&defs)), p.sc.Defaults.Prov[pr.Name]),
	)
}

func (p *economicsPage) shareValue(pr economicsParam) (float64, bool) {
	if !pr.Share {
		return 0, false
	}
	in := p.sc.Inputs
	return *pr.field(&in), true
}

// defaultText shows a default value for people.
func defaultText(pr economicsParam, v float64) string {
	switch {
	case pr.Share:
		return shareF(v)
	case pr.Name == paramLeaseRate:
		return rateF(v)
	case pr.Name == "capex_usd_per_mw":
		return econMoney(v) + "/MW"
	case pr.Name == paramHashprice:
		return hashpriceF(v)
	case pr.Name == paramPowerPrice:
		return powerPriceF(v)
	}
	return formatInput(v) + " " + strings.SplitN(pr.Unit, ",", 2)[0]
}

// provenanceNote says where a default comes from: "Default $29/PH/s/day ·
// CoinShares, 2026: the midpoint … · TokenPost", or "· assumption".
func provenanceNote(id, value string, pv econProvenance) app.UI {
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
func provenanceLink(pv econProvenance) app.UI {
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
func (p *economicsPage) hashPicks() app.UI {
	qs := p.sc.Defaults.Hashprices
	if len(qs) == 0 {
		return nil
	}
	return app.Elem("div").Class("econ-picks").Aria("label", "Published hashprice by quarter").Body(
		app.Elem("span").Class("econ-picks-label").Text(p.sc.Defaults.HashProv.Who+", by quarter:"),
		app.Range(qs).Slice(func(i int) app.UI {
			q := qs[i]
			return app.Elem("button").Attr("type", "button").ID("pick-hashprice-" + strings.ToLower(strings.ReplaceAll(q.Quarter, " ", "-"))).
				Title("$" + formatInput(q.Lo) + "–" + formatInput(q.Hi) + " published; the midpoint").
				OnClick(p.onPick(paramHashprice, formatInput(q.mid()))).Text(q.Quarter + ": $" + formatInput(q.mid()))
		}),
	)
}

// ratePicks offer the typical colocation and GPU-cloud rates of our deals
// and the published benchmark.
func (p *economicsPage) ratePicks() app.UI {
	rs := p.sc.Defaults.RatePicks
	if len(rs) == 0 {
		return nil
	}
	return app.Elem("div").Class("econ-picks").Aria("label", "Typical lease rates").Body(
		app.Elem("span").Class("econ-picks-label").Text("Typical rates:"),
		app.Range(rs).Slice(func(i int) app.UI {
			r := rs[i]
			return app.Elem("button").Attr("type", "button").ID("pick-rate-" + r.ID).Title(r.Prov.Note).
				OnClick(p.onPick(paramLeaseRate, formatInput(r.USD))).Text(r.Label + ": " + rateF(r.USD))
		}),
	)
}

// dealTypeLabels name the preset groups.
var dealTypeLabels = map[string]string{
	dataset.TypeColocation: "Colocation", dataset.TypeCloud: "GPU cloud services", dataset.TypeJV: "Joint ventures",
}

// dealSelect takes the lease rate and term from one of our deals.
func (p *economicsPage) dealSelect() app.UI {
	presets := p.sc.Defaults.Presets
	var types []string
	for _, d := range presets {
		if len(types) == 0 || types[len(types)-1] != d.Type {
			types = append(types, d.Type)
		}
	}
	msg, bad := p.sc.Errs[paramDeal]
	none := app.Elem("option").Attr("value", "").Text("None: type a rate below")
	if p.sc.Deal == nil {
		// Selected explicitly: once the user has picked an option, removing
		// the selected attribute of another no longer deselects it.
		none = none.Attr("selected", true)
	}
	sel := app.Elem("select").ID("in-deal").Attr("name", paramDeal).OnChange(p.onDeal).Body(
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
					rate(&d.USDPerMWYear) + ", " + ui.Years(&d.TermYears))
				if p.sc.Deal != nil && p.sc.Deal.DealID == d.DealID { // go-app prints selected="false", which selects
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
	if d := p.sc.Deal; d != nil {
		text := ": " + rate(&d.USDPerMWYear) + " of critical IT over " + ui.Years(&d.TermYears) + ", derived from its disclosed value, term and MW."
		if p.sc.DealEdited {
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
func (p *economicsPage) cashCostNote() app.UI {
	d := p.sc.Defaults
	if d.CashCost == "" {
		return nil
	}
	text := "Context: " + d.CashCostProv.Who + " put the industry's weighted average cash cost at " + d.CashCost + " (published " + d.CashCostProv.Date + ")."
	if m := p.sc.Result.Mining; p.sc.ok() && m.RevenueUSD-m.PoolFeesUSD > 0 {
		text += " With these inputs, power is " + shareF(m.PowerCostUSD/(m.RevenueUSD-m.PoolFeesUSD)) +
			" of mining revenue after fees: your cash cost per BTC is that share of the Bitcoin price."
	}
	return app.Elem("p").ID("econ-cash-cost").Class("econ-context").Body(app.Text(text+" "), provenanceLink(d.CashCostProv))
}
