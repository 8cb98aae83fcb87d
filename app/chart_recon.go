package app

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// reconSection sets a published aggregate beside our contracted totals
// under the scopes a reader would try (dataset.Reconcile): one table row a
// scope, with its value, MW on both bases, the gap to the published figure
// and the deals it counts, linked; and the value and MW of each scope as
// bars. It renders nothing when r is nil.
func reconSection(r *dataset.Reconciliation, view url.Values) app.UI {
	if r == nil {
		return nil
	}
	a := r.Aggregate
	who := shortWho(a.Who)
	value, mw := reconCharts(r)
	value.Links, mw.Links = chartLinks("recon-value", view), chartLinks("recon-mw", view)
	var src app.UI
	if len(a.Sources) > 0 {
		s := a.Sources[0]
		src = app.Elem("a").Attr("href", s.URL).Attr("rel", "noopener noreferrer").Attr("target", "_blank").Text(s.Publisher + kindSuffix(s.Kind))
	}
	return app.Elem("section").ID("reconciliation").Aria("labelledby", "h-recon").Body(
		app.Elem("h2").ID("h-recon").Text("Reconciliation with "+who+"'s aggregate"),
		app.Elem("p").Body(
			app.Elem("strong").Text(a.Title+": "+a.Value),
			// One text node: go-app separates adjacent ones with a space in the prerender.
			app.If(src != nil, app.Text(fmt.Sprintf(" — %s, %s, reported by ", a.Who, a.Date)), src).
				Else(app.Text(fmt.Sprintf(" — %s, %s", a.Who, a.Date))),
			app.Text(". Our totals under each scope a reader might try, side by side; a gap is ours less theirs."),
		),
		reconTable(r),
		app.Elem("div").Class("chart-grid").Body(value.UI(), mw.UI()),
	)
}

// reconCharts are the value and MW of each scope beside the aggregate's.
func reconCharts(r *dataset.Reconciliation) (value, mw chart.Bars) {
	a := r.Aggregate
	who := shortWho(a.Who)
	valueBars := []chart.Bar{{Label: who + " (published)", Value: a.ValueUSD, Class: "c-theirs"}}
	mwBars := []chart.Bar{{Label: who + " (published)", Value: a.MW, Class: "c-theirs"}}
	for _, sc := range r.Scopes {
		valueBars = append(valueBars, chart.Bar{Label: sc.Label, Value: sc.ValueUSD, Class: "c-ours"})
		mwBars = append(mwBars, chart.Bar{Label: sc.Label, Value: reconMW(r, sc), Class: "c-ours"})
	}
	value = chart.Bars{ID: "chart-recon-value", Title: "Contracted value by scope, and " + who + "'s", Unit: chart.USD, Noun: "scopes",
		Basis: "initial-term and increment values of binding capacity deals", Bars: valueBars}
	mw = chart.Bars{ID: "chart-recon-mw", Title: "Contracted MW by scope, and " + who + "'s", Unit: chart.MW, Noun: "scopes",
		Basis: reconMWBasis(r), Bars: mwBars}
	return value, mw
}

// reconMW is a scope's MW on the basis the aggregate is compared on.
func reconMW(r *dataset.Reconciliation, sc dataset.ReconScope) *float64 {
	if r.MWBasis == dataset.BasisIT {
		return sc.MWIT
	}
	return sc.MWAny
}

func reconMWBasis(r *dataset.Reconciliation) string {
	if r.MWBasis == dataset.BasisIT {
		return "critical-IT MW (the aggregate's basis)"
	}
	return "MW of any basis: the aggregate does not state its basis"
}

// shortWho is the publisher's name without its parenthesis: "Bernstein".
func shortWho(who string) string {
	if i := strings.Index(who, "("); i > 0 {
		return strings.TrimSpace(who[:i])
	}
	return who
}

// reconTable is the scopes table: the published figure first, then one row
// a scope with its deals linked.
func reconTable(r *dataset.Reconciliation) app.UI {
	a := r.Aggregate
	var w markup.Writer
	w.Table("data-table recon-table", "Our contracted totals by scope beside "+shortWho(a.Who)+"'s published figure")
	w.Head("Scope", "#Value (USD)", "#Gap in value", "#Critical-IT MW", "#MW, any basis", "#Gap in MW", "Deals")
	w.Open("tr", "class", "recon-theirs")
	w.Elem("th", shortWho(a.Who)+" (published, "+string(a.Date)+")", "scope", "row")
	theirMW := []string{"", ""}
	if a.MW != nil {
		if a.MWBasis == dataset.BasisIT {
			theirMW[0] = mw(a.MW)
		} else {
			theirMW[1] = mw(a.MW) + " (" + basisLabel(a.MWBasis) + ")"
		}
	}
	for _, v := range []string{money(a.ValueUSD), "", theirMW[0], theirMW[1], ""} {
		w.Elem("td", v, "class", "num")
	}
	w.Elem("td", a.Value)
	w.Close("tr")
	for _, sc := range r.Scopes {
		w.Open("tr", "data-scope", sc.ID)
		w.Open("th", "scope", "row")
		w.Text(sc.Label)
		if sc.Note != "" {
			w.Elem("span", " — "+sc.Note, "class", "figure-basis")
		}
		w.Close("th")
		value := money(sc.ValueUSD)
		if n := sc.UndisclosedValueCount + sc.OtherBasisValueCount + sc.ShareUnknownCount; n > 0 && sc.DealCount > 0 {
			value += fmt.Sprintf(" (%d not counted)", n)
		}
		mwIT, mwAny := mw(sc.MWIT), mw(sc.MWAny)
		if sc.UndisclosedMWCount > 0 {
			mwAny += fmt.Sprintf(" (%d give no MW)", sc.UndisclosedMWCount)
		}
		for _, v := range []string{value, signed(sc.DiffValueUSD, moneyF), mwIT, mwAny, signed(sc.DiffMW, mwF)} {
			w.Elem("td", v, "class", "num")
		}
		w.Open("td")
		w.Open("details")
		w.Elem("summary", plural(sc.DealCount, "deal", "deals"))
		for j, id := range sc.Deals {
			if j > 0 {
				w.Text(", ")
			}
			w.Link(ui.Href("/deals/"+id), id)
		}
		w.Close("details")
		w.Close("td")
		w.Close("tr")
	}
	w.End()
	return w.UI()
}

// signed formats a gap with its sign, "—" when it is unknown.
func signed(v *float64, f func(float64) string) string {
	switch {
	case v == nil:
		return "—"
	case *v < 0:
		return "−" + f(-*v)
	}
	return "+" + f(*v)
}
