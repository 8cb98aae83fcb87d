package economics

import (
	"fmt"
	"math"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"powerbrokers/app/chart"
	"powerbrokers/app/markup"
	"powerbrokers/app/ui"
	"powerbrokers/dataset"
)

// The outputs of the pivot calculator, shared by /economics and its embed.

// sweepSteps is the number of points of a sensitivity chart (and rows of its table).
const sweepSteps = 11

// money formats US dollars for the calculator in the one money style
// (three significant figures: $1.37M vs $1.42M), with a real minus sign
// held to the number: −$333K.
func money(v float64) string {
	a := math.Abs(v)
	var s string
	if a < 0.5 {
		return "$0"
	}
	s = dataset.Money(a)
	if v < 0 {
		return "\u2212\u2060" + s // minus, word joiner: no line break after the sign
	}
	return s
}

// rateF formats a lease rate: $1.79M/MW-yr.
func rateF(v float64) string { return money(v) + "/MW-yr" }

// hashpriceF formats a hashprice: $29/PH/s/day.
func hashpriceF(v float64) string { return "$" + ui.Trim(v, 1) + "/PH/s/day" }

// powerPriceF formats a power price: $45/MWh.
func powerPriceF(v float64) string { return "$" + ui.Trim(v, 1) + "/MWh" }

// yearsF formats a duration of the calculator: 4.2 years.
func yearsF(v float64) string { return ui.Trim(v, 1) + " years" }

// shareF formats a fraction as a percentage: 0.95 is 95%.
func shareF(v float64) string { return ui.Trim(v*100, 1) + "%" }

// Outputs are the verdict, figures and table of s, or, when an input is
// invalid, the list of what is wrong.
func Outputs(s Scenario) []app.UI {
	if !s.OK() {
		errs := s.Errors()
		return []app.UI{app.Elem("div").ID("econ-errors").Class("state state-error econ-errors").Role("alert").Body(
			app.Elem("p").Text("These inputs cannot be computed:"),
			app.Elem("ul").Body(app.Range(errs).Slice(func(i int) app.UI { return app.Elem("li").Text(errs[i]) })),
		)}
	}
	return []app.UI{Verdict(s), Figures(s), Table(s)}
}

// Assumptions states the inputs of s in one line.
func Assumptions(s Scenario) string {
	in := s.Inputs
	lease := rateF(in.LeaseRateUSDPerMWYear)
	if s.Deal != nil && !s.DealEdited {
		lease += " (" + s.Deal.MinerName + " → " + s.Deal.TenantName + ")"
	}
	return "Mining: " + hashpriceF(in.HashpriceUSDPerPHDay) + ", " + ui.Trim(in.EfficiencyJPerTH, 1) + " J/TH, " + shareF(in.Uptime) +
		" uptime, " + powerPriceF(in.PowerPriceUSDPerMWh) + ", " + shareF(in.PoolFee) + " pool fee. Lease: " + lease +
		", PUE " + ui.Trim(in.PUE, 2) + ", " + yearsF(in.TermYears) + ", " + shareF(in.Escalator) + " escalator, " +
		money(in.CapexUSDPerMW) + " capex per IT MW, " + shareF(in.PassThrough) + " of power paid by the tenant; discounted at " +
		shareF(in.DiscountRate) + "."
}

// Verdict is the one-sentence answer, then the break-even.
func Verdict(s Scenario) app.UI {
	r, in := s.Result, s.Inputs
	m, l := r.Mining.MarginUSD, r.Lease.MarginUSD
	var first string
	switch {
	case l > m && m > 0:
		first = fmt.Sprintf("Leased to AI, one gross MW earns %s a year of gross margin, %s× the %s it earns mining at %s.",
			money(l), ui.Trim(l/m, 1), money(m), hashpriceF(in.HashpriceUSDPerPHDay))
	case l > m:
		first = fmt.Sprintf("Leased to AI, one gross MW earns %s a year of gross margin; mining at %s it earns %s.",
			money(l), hashpriceF(in.HashpriceUSDPerPHDay), money(m))
	default:
		first = fmt.Sprintf("Mining out-earns the lease: %s a year of gross margin per gross MW against %s.", money(m), money(l))
	}
	return app.Elem("p").ID("econ-verdict").Class("econ-verdict").Aria("live", "polite").Body(
		app.Text(first+" "), app.Elem("strong").Text(breakEvenSentence(r)))
}

func breakEvenSentence(r dataset.EconomicsResult) string {
	be := r.BreakEvenHashpriceUSDPerPHDay
	switch {
	case be == nil:
		return "Mining earns nothing at any hashprice with these inputs."
	case *be < 0:
		return "Mining out-earns the lease at any hashprice."
	}
	return "Mining matches the lease at a hashprice of " + hashpriceF(*be) + "."
}

// Figures are the headline outputs.
func Figures(s Scenario) app.UI {
	r := s.Result
	be := "none"
	switch p := r.BreakEvenHashpriceUSDPerPHDay; {
	case p != nil && *p < 0:
		be = "none: mining wins"
	case p != nil:
		be = hashpriceF(*p)
	}
	payback, paybackBasis := "never", "the lease margin does not repay the conversion"
	if p := r.Lease.PaybackYears; p != nil {
		payback, paybackBasis = yearsF(*p), "capex over the year-1 lease margin"
		if q := r.Lease.IncrementalPaybackYears; q != nil {
			paybackBasis += "; " + yearsF(*q) + " on the margin over mining"
		}
	}
	return app.Elem("dl").ID("econ-figures").Class("figures econ-figures").Body(
		figure("econ-mining-margin", "Mining margin a year", money(r.Mining.MarginUSD), "per gross MW, year 1"),
		figure("econ-lease-margin", "Lease margin a year", money(r.Lease.MarginUSD), "per gross MW, year 1"),
		figure("econ-advantage", "Lease less mining", money(r.LeaseAdvantageUSD), "year-1 gross margin, capex aside"),
		figure("econ-breakeven", "Break-even hashprice", be, "where mining's margin equals the lease's"),
		figure("econ-payback", "Payback of conversion capex", payback, paybackBasis),
		figure("econ-pv", "Contract present value", money(r.Lease.PVUSD),
			fmt.Sprintf("rent over %s at %s; NPV after power and capex %s", yearsF(s.Inputs.TermYears), shareF(s.Inputs.DiscountRate), money(r.Lease.NPVUSD))),
	)
}

// figure is one headline figure of a <dl class="figures">: its label, the
// value (with the element id given) and, if any, its basis.
func figure(id, label, value, basis string) app.UI {
	return app.Elem("div").Class("figure").Body(
		app.Elem("dt").Text(label),
		app.Elem("dd").Body(
			app.Elem("span").ID(id).Class("figure-value").Text(value),
			app.If(basis != "", app.Elem("span").Class("figure-basis").Text(basis)),
		),
	)
}

// Table sets mining and the lease side by side.
func Table(s Scenario) app.UI {
	r, in := s.Result, s.Inputs
	m, l := r.Mining, r.Lease
	dash := "—"
	landlordPower := money(-l.PowerCostUSD)
	if in.PassThrough > 0 {
		landlordPower += fmt.Sprintf(" (the tenant pays %s of %s)", shareF(in.PassThrough), money(l.EnergyCostUSD))
	}
	rows := [][3]string{
		{"Runs", fmt.Sprintf("%s PH/s at %s J/TH, %s uptime", ui.Trim(m.HashratePHs, 1), ui.Trim(in.EfficiencyJPerTH, 1), shareF(in.Uptime)),
			fmt.Sprintf("%s MW of critical IT at PUE %s", ui.Trim(l.ITMW, 2), ui.Trim(in.PUE, 2))},
		{"Revenue", money(m.RevenueUSD), money(l.RevenueUSD) + " (year-1 rent)"},
		{"Pool fees", money(-m.PoolFeesUSD), dash},
		{"Power paid by the operator", fmt.Sprintf("%s (%s MWh)", money(-m.PowerCostUSD), dataset.Thousands(m.EnergyMWh)), landlordPower},
		{"Gross margin", money(m.MarginUSD), money(l.MarginUSD)},
		{"Conversion capex", dash, fmt.Sprintf("%s (%s per IT MW)", money(l.CapexUSD), money(in.CapexUSDPerMW))},
		{"Over the term", fmt.Sprintf("%s present value of the margin, held flat", money(m.MarginPVUSD)),
			fmt.Sprintf("%s of rent (%s present value, %s escalator)", money(l.ContractValueUSD), money(l.PVUSD), shareF(in.Escalator))},
	}
	var w markup.Writer
	w.Open("div", "class", "table-wrap econ-table-wrap")
	w.Open("table", "id", "econ-table", "class", "data-table econ-table")
	w.Elem("caption", "One gross MW for a year: mining vs AI lease")
	w.Head("", "#Bitcoin mining", "#AI lease")
	for _, r := range rows {
		class := ""
		if r[0] == "Gross margin" {
			class = "econ-margin-row"
		}
		w.Open("tr", "class", class)
		w.Elem("th", r[0], "scope", "row")
		w.Elem("td", r[1], "class", "num")
		w.Elem("td", r[2], "class", "num")
		w.Close("tr")
	}
	w.End()
	return w.UI()
}

// Charts are the two sensitivity charts of a valid scenario.
func Charts(s Scenario) (hash, power chart.Sweep) {
	in, r := s.Inputs, s.Result
	to := max(2*in.HashpriceUSDPerPHDay, 50)
	if be := r.BreakEvenHashpriceUSDPerPHDay; be != nil && *be > 0 {
		to = max(to, 1.25**be)
	}
	to = chart.NiceMax(to)
	pts, _ := dataset.MiningMarginSweep(in, 0, to, sweepSteps)
	hash = chart.Sweep{ID: "econ-chart-hashprice", Title: "Margin per gross MW across hashprice",
		Basis: "year-1 gross margin; other inputs as above", XLabel: "Hashprice (USD per PH/s per day)", XFormat: func(v float64) string { return "$" + ui.Trim(v, 1) },
		YFormat: money, Points: pts, Current: in.HashpriceUSDPerPHDay, BreakEven: r.BreakEvenHashpriceUSDPerPHDay}
	hash.Summary = sweepSummary(hash, hashpriceF, "hashprice")

	bp := breakEvenPowerPrice(in)
	to = max(2*in.PowerPriceUSDPerMWh, 100)
	if bp != nil && *bp > 0 {
		to = max(to, 1.25**bp)
	}
	to = chart.NiceMax(to)
	pts, _ = dataset.PowerPriceSweep(in, 0, to, sweepSteps)
	power = chart.Sweep{ID: "econ-chart-power", Title: "Margin per gross MW across power price",
		Basis: "year-1 gross margin; the lease bears the power its tenant does not pay", XLabel: "Power price (USD per MWh)",
		XFormat: func(v float64) string { return "$" + ui.Trim(v, 1) }, YFormat: money, Points: pts, Current: in.PowerPriceUSDPerMWh, BreakEven: bp}
	power.Summary = sweepSummary(power, powerPriceF, "power price")
	return hash, power
}

// breakEvenPowerPrice is the power price at which mining's year-1 margin
// equals the lease's (both are linear in it), nil when they never meet.
func breakEvenPowerPrice(in dataset.EconomicsInputs) *float64 {
	in.PowerPriceUSDPerMWh = 0
	a, err := dataset.Economics(in)
	in.PowerPriceUSDPerMWh = 1
	b, err2 := dataset.Economics(in)
	slope := b.LeaseAdvantageUSD - a.LeaseAdvantageUSD
	if err != nil || err2 != nil || math.Abs(slope) < 1e-9 {
		return nil
	}
	p := -a.LeaseAdvantageUSD / slope
	if p < 0 {
		return nil
	}
	return &p
}

// sweepSummary is the chart's sentence for people who do not see it.
func sweepSummary(c chart.Sweep, f func(float64) string, what string) string {
	if len(c.Points) < 2 {
		return "No chart: the inputs are invalid."
	}
	a, b := c.Points[0], c.Points[len(c.Points)-1]
	s := fmt.Sprintf("From %s to %s, mining's margin per gross MW goes from %s to %s and the lease's from %s to %s.",
		f(a.X), f(b.X), money(a.MiningMarginUSD), money(b.MiningMarginUSD), money(a.LeaseMarginUSD), money(b.LeaseMarginUSD))
	if a.LeaseMarginUSD == b.LeaseMarginUSD {
		s = fmt.Sprintf("From %s to %s, mining's margin per gross MW goes from %s to %s; the lease's stays at %s.",
			f(a.X), f(b.X), money(a.MiningMarginUSD), money(b.MiningMarginUSD), money(a.LeaseMarginUSD))
	}
	switch be := c.BreakEven; {
	case be != nil && *be >= 0:
		s += " They meet at " + f(*be) + "."
	case a.LeaseMarginUSD > a.MiningMarginUSD:
		s += " The lease earns more at every " + what + " in the range."
	default:
		s += " Mining earns more at every " + what + " in the range."
	}
	return s + " Your input: " + f(c.Current) + "."
}
