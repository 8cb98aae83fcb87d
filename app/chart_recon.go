package app

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/dataset"
)

// reconSection explains how our bottom-up contracted total compares with a
// published aggregate: the sentences dataset.Reconcile writes, the
// waterfall as a table, and the totals side by side. It renders nothing
// when r is nil.
func reconSection(r *dataset.Reconciliation) app.UI {
	if r == nil {
		return nil
	}
	a := r.Aggregate
	mwBasis := "MW of any basis (the aggregate does not state its basis)"
	if r.MWBasis == dataset.BasisIT {
		mwBasis = "critical-IT MW"
	}
	valueBars := []chartBar{
		{Label: "Our contracted total", Value: fptr(r.OurValueUSD), Class: "c-ours"},
		{Label: "Ours, same date and scope", Value: fptr(r.ComparableValueUSD), Class: "c-ours"},
		{Label: "Same, with extension options", Value: fptr(r.ComparableWithExtUSD), Class: "c-ours"},
		{Label: shortWho(a.Who) + " (published)", Value: r.TheirValueUSD, Class: "c-theirs"},
	}
	mwBars := []chartBar{
		{Label: "Our contracted total", Value: fptr(r.OurMW), Class: "c-ours"},
		{Label: "Ours, same date and scope", Value: fptr(r.ComparableMW), Class: "c-ours"},
		{Label: shortWho(a.Who) + " (published)", Value: r.TheirMW, Class: "c-theirs"},
	}
	who := shortWho(a.Who)
	summaryV := fmt.Sprintf("%s published %s; on the same date and scope we count %s.", who, a.Value, moneyF(r.ComparableValueUSD))
	summaryMW := fmt.Sprintf("%s published %s; on the same date and scope we count %s.", who, mwOrND(r.TheirMW), mwF(r.ComparableMW))
	var src app.UI
	if len(a.Sources) > 0 {
		s := a.Sources[0]
		src = app.Elem("a").Attr("href", s.URL).Attr("rel", "noopener noreferrer").Attr("target", "_blank").Text(s.Publisher)
	}
	return app.Elem("section").ID("reconciliation").Aria("labelledby", "h-recon").Body(
		app.Elem("h2").ID("h-recon").Text("Reconciliation with "+who+"'s aggregate"),
		app.Elem("p").Body(
			app.Elem("strong").Text(a.Title+": "+a.Value),
			// One text node: go-app separates adjacent ones with a space in the prerender.
			app.If(src != nil, app.Text(fmt.Sprintf(" — %s, %s, reported by ", a.Who, a.Date)), src).
				Else(app.Text(fmt.Sprintf(" — %s, %s", a.Who, a.Date))),
			app.Text("."),
		),
		app.Range(r.Explanation).Slice(func(i int) app.UI { return app.Elem("p").Class("recon-text").Text(r.Explanation[i]) }),
		app.Elem("div").Class("chart-grid").Body(
			barChart{ID: "chart-recon-value", Title: "Contracted value: ours and " + who + "'s", Unit: unitUSD,
				Basis: "initial-term and increment values of binding capacity deals", Summary: summaryV, Bars: valueBars}.UI(),
			barChart{ID: "chart-recon-mw", Title: "Contracted MW: ours and " + who + "'s", Unit: unitMW,
				Basis: mwBasis, Summary: summaryMW, Bars: mwBars}.UI(),
		),
		app.Elem("details").Class("recon-steps").Body(
			app.Elem("summary").Text("The reconciliation step by step"),
			reconTable(r),
		),
	)
}

func mwOrND(v *float64) string {
	if v == nil {
		return "no MW figure"
	}
	return mwF(*v)
}

// shortWho is the publisher's name without its parenthesis: "Bernstein".
func shortWho(who string) string {
	if i := strings.Index(who, "("); i > 0 {
		return strings.TrimSpace(who[:i])
	}
	return who
}

func reconTable(r *dataset.Reconciliation) app.UI {
	steps := append([]dataset.ReconStep{}, r.Steps...)
	steps = append(steps, r.JV, r.Extensions)
	var w markup
	w.table("data-table recon-table", "From our contracted total to the comparable total; the last two lines are shown beside it, not subtracted")
	w.head("Step", "#Value (USD)", "#MW", "#Deals")
	for _, s := range steps {
		w.open("tr")
		w.elem("th", s.Label, "scope", "row")
		for _, v := range []string{moneyF(s.ValueUSD), mwF(s.MW), strconv.Itoa(len(s.Deals))} {
			w.elem("td", v, "class", "num")
		}
		w.close("tr")
	}
	w.end()
	return w.UI()
}
